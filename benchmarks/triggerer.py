"""Triggerer scale (issue #16): 1,000 job triggers on one event loop, as Airflow runs them.

Airflow's triggerer runs every deferred task's trigger as a task on one asyncio loop and takes
each trigger's first event from its ``run()`` async generator. Here 1,000 triggers run that way
(``anext(trigger.run())``, created one after another as the triggerer's
``create_triggers`` creates them, yielding to the loop between two, then all running on this
process's loop) against the simulated Airbyte
in a process of its own (``python -m aioairbyte.simulator --profile modern`` with an
application's client id and secret, so every request carries an access token), so the server
does not share the loop being measured. Before each run one sync per connection is started
with an :class:`~aioairbyte.AirbyteClient` (not measured); each trigger is handed its job id.

Subjects, each run in turn in the same process against the same server, on new jobs each time:

- ``aioairbyte``: :class:`aioairbyte.airflow.triggers.AirbyteJobTrigger` (``owned=True``, with
  its ``connection_id``), its Airflow connection found through the environment
  (``AIRFLOW_CONN_...``), as on a triggerer. Its triggers share one client (one session, one
  token, batched status polls).
- ``baseline``: :class:`BlockingPollTrigger`, defined below, which does what the official
  provider's trigger does (see its docstring): a blocking HTTP call for the job's status inside
  ``run()``, then ``await asyncio.sleep(poll_interval)``.

Figures, per run: wall time from starting the triggers to the last event, against the jobs' own
duration (the simulator's attempt duration: jobs of one attempt, no jitter); requests per job
sent while the triggers ran, token requests included, counted at each subject's HTTP client
(an ``aiohttp.TraceConfig`` on the sessions aioairbyte makes, a ``requests`` response hook
for the baseline: the simulator's own counters are not readable from another process); and
the loop's stalls: a ticker task on the same loop sleeps 5 ms over and over and records how
late each wake-up is (the worst and the 99th percentile; and the worst once the start is
over, from 1 s on, since every trigger starting in the same moment is the worst moment for
both), beside the longest pass of Python's cyclic garbage collector meanwhile (a full one, in a
process with Airflow loaded, stops the loop too). Client and server CPU per job are shown for
reference. Every event must be ``succeeded`` (for the baseline, its ``success``): anything else
stops the benchmark with an error.

    python benchmarks/triggerer.py            # 1,000 triggers, jobs of 12 s, 3 runs of each
    python benchmarks/triggerer.py --quick    # 50 triggers, jobs of 1.5 s, 1 run

The full run takes about 95 s on a 2-core machine: jobs of 12 s keep it bounded while each
job outlives several polls of either subject.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

import aiohttp
import requests
from _harness import Series, cpu_seconds, parse_args, report
from _servers import ServerProcess, simulator_process
from airflow.sdk import BaseHook
from airflow.triggers.base import BaseTrigger, TriggerEvent

import aioairbyte.transport
from aioairbyte import AirbyteClient, ClientCredentials
from aioairbyte.airflow.triggers import AirbyteJobTrigger

CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret-not-a-real-one"
CONN_ID = "airbyte_bench"
#: The baseline's poll interval. The official operator defers with ``poll_interval=60``: with
#: it every run would last a minute whatever the jobs' duration. 5 s keeps the run bounded and
#: still polls each job a few times; the blocking cost per poll round is the same either way.
BASELINE_POLL = 5.0
TICK = 0.005  # the stall ticker's sleep
#: Stalls of ticks begun this long after the start are shown apart: the start, when every
#: trigger begins in the same moment, is the worst moment for both subjects.
SETTLED = 1.0
#: Public API token path (the official SDK's default ``token_url`` is ``v1/applications/token``
#: relative to the public API root).
TOKEN_PATH = "/public/v1/applications/token"


# -- the baseline: the official provider's trigger, imitated ------------------------------------


class _Token:
    """An access token and when it expires (seconds since the epoch)."""

    def __init__(self, value: str, expires_at: float) -> None:
        self.value = value
        self.expires_at = expires_at


class BlockingAirbyteHook:
    """What the official ``AirbyteHook`` does for a trigger, with a blocking HTTP client.

    Imitates ``airflow.providers.airbyte.hooks.airbyte.AirbyteHook`` over the ``airbyte-api``
    SDK: made once per ``run()``, it looks its connection up (blocking), makes an HTTP session
    of its own (the SDK's default client; ``requests.Session`` in the SDK versions that use
    requests, as here) and gets a job's status with one blocking request. The SDK's
    client-credentials hook keeps tokens in a class-level dict keyed by the credentials, so
    every hook in the process shares one token, fetched (blocking) when there is none or it
    expires within 60 s, and dropped on a 401. The public ``GET /jobs/{id}`` is not simulated:
    the status is read with the Configuration API's log-free read, ``/v1/jobs/get_without_logs``.
    """

    tokens: ClassVar[dict[tuple[str, str], _Token]] = {}  # every hook's, as the SDK's sessions
    requests_sent: ClassVar[int] = 0  # every request of every hook's session (a response hook)

    def __init__(self, conn_id: str) -> None:
        conn = BaseHook.get_connection(conn_id)
        self.base_url = str(conn.host).rstrip("/")
        self.credentials = (str(conn.login), str(conn.password))
        self.session = requests.Session()
        self.session.hooks["response"].append(self._count)

    @classmethod
    def _count(cls, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        cls.requests_sent += 1

    def _token(self) -> str:
        token = self.tokens.get(self.credentials)
        if token is None or time.time() + 60 >= token.expires_at:
            client_id, client_secret = self.credentials
            response = self.session.post(
                self.base_url + TOKEN_PATH,
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": client_secret,
                },
            )
            response.raise_for_status()
            body = response.json()
            token = _Token(body["access_token"], time.time() + body["expires_in"])
            self.tokens[self.credentials] = token
        return token.value

    def get_job_status(self, job_id: int) -> str:
        response = self.session.post(
            self.base_url + "/v1/jobs/get_without_logs",
            json={"id": job_id},
            headers={"Authorization": f"Bearer {self._token()}"},
        )
        if response.status_code == 401:
            self.tokens.pop(self.credentials, None)
        response.raise_for_status()
        return str(response.json()["job"]["status"])

    def close(self) -> None:
        self.session.close()


class BlockingPollTrigger(BaseTrigger):
    """The official provider's ``AirbyteSyncTrigger.run`` loop, over :class:`BlockingAirbyteHook`.

    Imitates ``airflow.providers.airbyte.triggers.airbyte.AirbyteSyncTrigger`` (apache-airflow-
    providers-airbyte): make a hook; then, until an event: check ``end_time``, call
    ``hook.get_job_status(job_id)`` (blocking, on the triggerer's loop), fire on ``succeeded``
    or ``cancelled``, ``await asyncio.sleep(poll_interval)`` while ``running``, ``pending`` or
    ``incomplete``, fire an error on anything else or on any exception.
    """

    def __init__(self, job_id: int, conn_id: str, end_time: float, poll_interval: float) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.job_id = job_id
        self.conn_id = conn_id
        self.end_time = end_time
        self.poll_interval = poll_interval
        self.hook: BlockingAirbyteHook | None = None

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "job_id": self.job_id,
                "conn_id": self.conn_id,
                "end_time": self.end_time,
                "poll_interval": self.poll_interval,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        self.hook = hook = BlockingAirbyteHook(self.conn_id)
        try:
            while True:
                if self.end_time <= time.time():
                    yield TriggerEvent({"status": "error", "job_id": self.job_id})  # type: ignore[no-untyped-call]
                    return
                status = hook.get_job_status(self.job_id)
                if status == "succeeded":
                    yield TriggerEvent({"status": "success", "job_id": self.job_id})  # type: ignore[no-untyped-call]
                    return
                if status == "cancelled":
                    yield TriggerEvent({"status": "cancelled", "job_id": self.job_id})  # type: ignore[no-untyped-call]
                    return
                if status in ("running", "pending", "incomplete"):
                    await asyncio.sleep(self.poll_interval)
                else:
                    yield TriggerEvent({"status": "error", "job_id": self.job_id})  # type: ignore[no-untyped-call]
                    return
        except Exception as exc:
            yield TriggerEvent({"status": "error", "message": str(exc), "job_id": self.job_id})  # type: ignore[no-untyped-call]


# -- counting aioairbyte's requests ----------------------------------------------------------


class _CountingAiohttp:
    """Stands in for the ``aiohttp`` module inside ``aioairbyte.transport`` while a run lasts:
    the sessions the transport makes carry a ``TraceConfig`` that counts every request sent
    (token requests included); everything else is aiohttp's own, so no code path changes."""

    def __init__(self) -> None:
        self.requests = 0
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._on_start)

    async def _on_start(self, *_: Any) -> None:
        self.requests += 1

    def ClientSession(self, *args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        kwargs["trace_configs"] = [*kwargs.get("trace_configs", ()), self.trace]
        return aiohttp.ClientSession(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(aiohttp, name)


# -- one run ------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float  # s, from starting the triggers to the last event
    requests: int  # sent while the triggers ran
    worst_stall: float  # s
    p99_stall: float  # s
    settled_stall: float  # s: the worst of the ticks begun SETTLED s or more after the start
    gc_pause: float  # s: the longest pass of the cyclic garbage collector meanwhile
    outside_gc_stall: float  # s: the worst stall of the ticks no collector pass overlapped
    succeeded: int  # events that said the job succeeded (a run stops unless all did)
    client_cpu: float  # s of this process while the triggers ran
    server_cpu: float  # s of the simulator's process meanwhile


class CollectorPauses:
    """The longest pass of Python's cyclic garbage collector while this is entered: a full
    collection in a process with Airflow loaded stops the loop for about a tenth of a second,
    whoever's allocations set it off."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.passes: list[tuple[float, float]] = []  # (began, ended), perf_counter
        self._began = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            ended = time.perf_counter()
            self.passes.append((self._began, ended))
            self.longest = max(self.longest, ended - self._began)

    def __enter__(self) -> CollectorPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._callback)


class Ticker:
    """Sleeps ``TICK`` over and over on the running loop and records how late each wake-up is,
    with when (``perf_counter``) each sleep began."""

    def __init__(self) -> None:
        self.ticks: list[tuple[float, float]] = []  # (sleep began, how late it woke)
        self._task: asyncio.Task[None] | None = None
        self._ticked = asyncio.Event()

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            self.ticks.append((before, time.perf_counter() - before - TICK))
            self._ticked.set()

    async def next_tick(self) -> None:
        """Return once the tick asleep now has woken (and been recorded)."""
        self._ticked.clear()
        await self._ticked.wait()

    def __enter__(self) -> Ticker:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()

    def stalls(self, since: float, until: float) -> list[float]:
        """How late the ticks woke that were asleep at some moment from ``since`` to ``until``
        (the one asleep at ``since`` included: a stall at that moment delays it)."""
        return [
            late for began, late in self.ticks if began + TICK + late >= since and began <= until
        ]

    def outside(self, since: float, until: float, passes: list[tuple[float, float]]) -> list[float]:
        """:meth:`stalls`, without the ticks asleep while a collector pass ran (the process's
        heap, Airflow's mostly, sets how long a pass takes, whichever trigger's allocations
        set it off)."""
        return [
            late
            for began, late in self.ticks
            if began + TICK + late >= since
            and began <= until
            and not any(start <= began + TICK + late and end >= began for start, end in passes)
        ]

    def settled(self, since: float, until: float) -> list[float]:
        """How late the ticks woke whose sleep began from ``since`` to ``until``."""
        return [late for began, late in self.ticks if since <= began <= until]


async def start_jobs(url: str, ids: list[str]) -> list[int]:
    """Start one sync per connection (not measured); their job ids, in the order of ``ids``."""
    auth = ClientCredentials(CLIENT_ID, CLIENT_SECRET)
    async with AirbyteClient(url, auth=auth) as client:
        jobs = await asyncio.gather(*(client.connections.sync(cid) for cid in ids))
    return [job.job.id for job in jobs]


async def first_event(trigger: BaseTrigger) -> dict[str, Any]:
    """What the triggerer does with a trigger: take the first event of ``run()``, then close it."""
    events = cast(AsyncGenerator[TriggerEvent, None], trigger.run())
    try:
        event = await anext(events)
    finally:
        await events.aclose()
    payload: dict[str, Any] = event.payload
    return payload


async def run_triggers(
    server: ServerProcess,
    triggers: list[BaseTrigger],
    count: Callable[[], int],
    succeeded: str,
) -> Run:
    """Run ``triggers`` at once on this loop with the stall ticker beside them."""
    gc.collect()  # one run's garbage is not collected during the next
    before_requests = count()
    cpu, server_cpu = cpu_seconds(), server.cpu_seconds()
    with Ticker() as ticker:
        await asyncio.sleep(0.05)  # the ticker has ticked: the loop is idle before the start
        with CollectorPauses() as collector:
            started = time.perf_counter()
            tasks = []
            for trigger in triggers:
                # As the triggerer's create_triggers does: it yields twice per trigger it
                # creates (after loading the class, and before the next one), so starts spread
                # over loop iterations instead of all running in one.
                await asyncio.sleep(0)
                await asyncio.sleep(0)
                tasks.append(asyncio.create_task(first_event(trigger)))
            events = await asyncio.gather(*tasks)
            ended = time.perf_counter()
        await ticker.next_tick()  # the tick asleep at the last event has woken
    wall = ended - started
    client_cpu, server_cpu = cpu_seconds() - cpu, server.cpu_seconds() - server_cpu
    bad = [e for e in events if e.get("status") != succeeded]
    if bad:
        raise SystemExit(
            f"{len(bad)} of {len(events)} events were not {succeeded!r}; first: {bad[0]!r}"
        )
    stalls = ticker.stalls(started, ended)
    return Run(
        wall=wall,
        requests=count() - before_requests,
        worst_stall=max(stalls),
        p99_stall=statistics.quantiles(stalls, n=100)[98] if len(stalls) > 1 else max(stalls),
        settled_stall=max(ticker.settled(started + SETTLED, ended), default=0.0),
        gc_pause=collector.longest,
        outside_gc_stall=max(ticker.outside(started, ended, collector.passes), default=0.0),
        succeeded=len(events),
        client_cpu=client_cpu,
        server_cpu=server_cpu,
    )


async def aioairbyte_run(server: ServerProcess, ids: list[str]) -> Run:
    job_ids = await start_jobs(server.url, ids)
    counting = _CountingAiohttp()
    module = vars(aioairbyte.transport)
    module["aiohttp"] = counting
    try:
        triggers: list[BaseTrigger] = [
            AirbyteJobTrigger(conn_id=CONN_ID, job_id=job, connection_id=cid, owned=True)
            for job, cid in zip(job_ids, ids, strict=True)
        ]
        return await run_triggers(server, triggers, lambda: counting.requests, "succeeded")
    finally:
        module["aiohttp"] = aiohttp


async def baseline_run(server: ServerProcess, ids: list[str], poll: float) -> Run:
    job_ids = await start_jobs(server.url, ids)
    BlockingAirbyteHook.tokens.clear()  # a triggerer process of its own: no token yet
    end_time = time.time() + 600
    triggers = [BlockingPollTrigger(job, CONN_ID, end_time, poll) for job in job_ids]
    try:
        return await run_triggers(
            server, list(triggers), lambda: BlockingAirbyteHook.requests_sent, "success"
        )
    finally:
        for trigger in triggers:
            if trigger.hook is not None:
                trigger.hook.close()


async def connection_ids(url: str) -> list[str]:
    auth = ClientCredentials(CLIENT_ID, CLIENT_SECRET)
    async with AirbyteClient(url, auth=auth) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        return [str(cid) for cid in await client.connections.active_ids(workspace)]


def summary(n: int, duration: float, runs: dict[str, list[Run]]) -> None:
    """One line per subject, medians of its runs, and the ratios of aioairbyte to the baseline."""

    def med(name: str, pick: Callable[[Run], float]) -> float:
        return statistics.median(pick(r) for r in runs[name])

    headers = ["subject (median)", "wall s", "jobs s", "wall/jobs", "req/job", "worst stall ms"]
    headers += ["p99 stall ms", f"worst from {SETTLED:g} s ms", "worst outside GC ms"]
    rows = [
        [
            name,
            f"{med(name, lambda r: r.wall):.2f}",
            f"{duration:.2f}",
            f"{med(name, lambda r: r.wall) / duration:.2f}",
            f"{med(name, lambda r: r.requests / n):.2f}",
            f"{med(name, lambda r: r.worst_stall) * 1000:.1f}",
            f"{med(name, lambda r: r.p99_stall) * 1000:.2f}",
            f"{med(name, lambda r: r.settled_stall) * 1000:.1f}",
            f"{med(name, lambda r: r.outside_gc_stall) * 1000:.1f}",
        ]
        for name in runs
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    print(f"\nTriggerer: {n} triggers on one loop, jobs of {duration:g} s (medians)")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    for label, pick in [
        ("worst stall", lambda r: r.worst_stall),
        ("p99 stall", lambda r: r.p99_stall),
        (f"worst stall from {SETTLED:g} s on", lambda r: r.settled_stall),
        ("worst stall outside collector passes", lambda r: r.outside_gc_stall),
        ("requests/job", lambda r: r.requests),
    ]:
        ratio = med("aioairbyte", pick) / med("baseline", pick)
        print(f"  aioairbyte / baseline, {label}: {ratio:.3f}")


def _flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--triggers", type=int, help="triggers (jobs) per run (1000)")
    parser.add_argument("--duration", type=float, help="the jobs' duration, seconds (12)")


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=3, extra=_flags)
    n, duration, poll = (50, 1.5, 1.0) if args.quick else (1000, 12.0, BASELINE_POLL)
    n = args.triggers or n
    duration = args.duration or duration
    flags = ["--profile", "modern", "--connections", str(n), "--seed", "1"]
    flags += ["--attempt-duration", str(duration), "--client-id", CLIENT_ID]
    flags += ["--client-secret", CLIENT_SECRET]
    runs: dict[str, list[Run]] = {"aioairbyte": [], "baseline": []}
    subjects: dict[str, Callable[[ServerProcess, list[str]], Awaitable[Run]]] = {
        "aioairbyte": aioairbyte_run,
        "baseline": lambda server, ids: baseline_run(server, ids, poll),
    }
    async with simulator_process(*flags) as server:
        os.environ[f"AIRFLOW_CONN_{CONN_ID.upper()}"] = json.dumps(
            {
                "conn_type": "aioairbyte",
                "host": server.url,
                "login": CLIENT_ID,
                "password": CLIENT_SECRET,
            }
        )
        ids = await connection_ids(server.url)
        if len(ids) != n:
            raise SystemExit(f"the simulator has {len(ids)} connections, not {n}")
        for _ in range(args.repeat):
            for name, subject in subjects.items():
                runs[name].append(await subject(server, ids))

    def series(label: str, unit: str, pick: Callable[[Run], float]) -> list[Series]:
        return [Series(f"{name} {label}", unit, [pick(r) for r in rs]) for name, rs in runs.items()]

    pairs = {"aioairbyte": "baseline"}

    def paired(*labels: str) -> dict[str, str]:
        return {f"{a} {label}": f"{b} {label}" for label in labels for a, b in pairs.items()}

    report(
        f"Triggerer: {n} triggers on one loop, jobs of {duration:g} s,"
        f" baseline polls every {poll:g} s",
        [
            *series("wall", "s", lambda r: r.wall),
            *series("wall / jobs' duration", "x", lambda r: r.wall / duration),
            *series("requests/job", "req", lambda r: r.requests / n),
            *series("worst stall", "ms", lambda r: r.worst_stall * 1000),
            *series("p99 stall", "ms", lambda r: r.p99_stall * 1000),
            *series(f"worst stall from {SETTLED:g} s on", "ms", lambda r: r.settled_stall * 1000),
            *series("longest GC pass", "ms", lambda r: r.gc_pause * 1000),
            *series("worst stall outside GC", "ms", lambda r: r.outside_gc_stall * 1000),
            *series("client CPU/job", "ms", lambda r: r.client_cpu / n * 1000),
            *series("server CPU/job", "ms", lambda r: r.server_cpu / n * 1000),
        ],
        ratio_to=paired(
            "wall",
            "wall / jobs' duration",
            "requests/job",
            "worst stall",
            "p99 stall",
            f"worst stall from {SETTLED:g} s on",
            "longest GC pass",
            "worst stall outside GC",
            "client CPU/job",
            "server CPU/job",
        ),
        ratio_label="baseline",
        notes={
            "jobs' duration (simulator attempt duration)": f"{duration:g} s",
            "events succeeded, fewest in a run": " / ".join(
                f"{name} {min(r.succeeded for r in rs)}/{n}" for name, rs in runs.items()
            ),
            "baseline poll interval": f"{poll:g} s (the official operator's: 60 s)",
            "stall ticker": f"sleeps {TICK * 1000:g} ms; stall = how late it woke",
        },
        json_path=args.json,
    )
    summary(n, duration, runs)


if __name__ == "__main__":
    asyncio.run(main())
