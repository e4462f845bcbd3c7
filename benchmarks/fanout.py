"""Fan-out: ``sync_many`` over many connections, on a 0.40 server and on a modern one.

The simulated servers run in processes of their own, so the client's CPU is measured alone; all
traffic is loopback. Every run gets a server of its own, seeded alike (same connections, same
job ids, same jitter), so that no run meets the jobs of an earlier one. Every figure comes from
``client.sync_many(ids, concurrency=50)`` with no ``on_update``, the default user path (nobody
listening, so the waits do not read attempt counts), and no auth on either server, so the
comparison is about polling alone:

- ``0.40`` (the baseline): the 0.40 profile. The client asks ``connections/status`` once, gets
  the router's 404, learns the server lacks it, and each wait polls ``jobs/get_light`` on its own
  ``PollPolicy`` schedule: today's behaviour on a 0.40 server.
- ``modern``: the simulator's modern profile (Airbyte 1.x/2.x). The waits join the client's
  batched poll (``polling.StatusPoller``): one ``connections/status`` per 100 connections per
  round, rounds paced for the youngest wait.
- ``peer`` (for reference, on the 0.40 server): how the orchestrator integrations wait (Airflow's
  ``AirbyteHook.wait_for_job``): trigger every connection, then sleep a fixed 3 s and fetch
  ``jobs/get`` (with logs) until the job is terminal, all at once with ``asyncio.gather``.

Main scenario: 1,000 connections x 2 s jobs (+/- 10%, the simulator's seeded jitter), the two
profiles and the peer taking turns run by run. Per run: wall time, requests per job (in all and
by path), response body bytes per job (as aiohttp reads them; by path too), client CPU per job,
and how late each end was seen. ``--large`` adds 10,000 connections x 10 s jobs on the modern
profile (about 25 s a run plus a minute to seed the server: not in the default run).

How late an end is seen, without ``on_update`` (the request pattern is untouched): each job's
end is planned by the simulator as ``start + spread(duration, jitter, seed, job id, attempt)``
(``aioairbyte.simulator.seeded``, stateless), so it is known exactly in the client's process; its
start is taken as the moment the client got the trigger's answer. The end counts as seen when
the wait asks for the job's attempts (``jobs/list`` with ``includingJobId``), which it does at
once on seeing the job ended (0.40: a ``get_light`` said so; modern: a round's status no longer
showed it as the connection's active job). Instrumentation only: ``Connections.sync`` and
``Jobs.list`` are wrapped in this process to note the times; nothing is sent for it. The
server created the job somewhat before its answer reached the client, so the figure errs low
by up to the trigger's round trip, which is printed beside it.

Then, with ``on_update`` (a listener: the waits count attempts, so the request pattern is not
the default one; kept for the targets of issue #10), on simulators without jitter: requests per
job and how late ends were seen (at the terminal ``JobUpdate``), for 50 x 3 s and 1,000 x 2 s
jobs, on both profiles.

    python benchmarks/fanout.py                 # 1,000 x 2 s and the on_update runs, 5 runs each
    python benchmarks/fanout.py --large         # ... and 10,000 x 10 s on modern (3 runs)
    python benchmarks/fanout.py --large-only    # only 10,000 x 10 s (--large-repeat N: 3 runs)
    python benchmarks/fanout.py --quick         # 20 x 0.3 s (with --large: 200 x 1 s), 1 run
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson
from _harness import Series, cpu_seconds, parse_args, report
from _servers import ServerProcess, simulator_process

from aioairbyte import AirbyteClient, JobUpdate
from aioairbyte.api.connections import Connections
from aioairbyte.api.jobs import Jobs
from aioairbyte.fanout import OutcomeStatus
from aioairbyte.simulator.seeded import spread

PEER_INTERVAL = 3.0  # Airflow's AirbyteHook.wait_for_job(wait_seconds=3)
TERMINAL = {"succeeded", "failed", "cancelled"}
CONCURRENCY = 50
PROFILES = ("0.40", "modern")
JITTER = 0.1
SEED = 1
# Targets (printed, not asserted).
MODERN_REQUESTS = 3.0  # requests/job on modern, both scenarios
MODERN_WALL = 2.6  # s, 1,000 x 2 s on modern
LEGACY_WALL_OVER = 1.0  # s over the job duration, issue #5 (1,000 x 2 s)
LARGE_WALL_RATIO = 1.2  # x the job duration, 10,000 x 10 s on modern


@dataclass
class RunFigures:
    wall: float
    cpu: float
    server_cpu: float
    requests: Counter[str]
    received: Counter[str]
    succeeded: int
    late: list[float] = field(default_factory=list)
    """Per job, seconds from its planned end to the client's seeing it, sorted."""
    trip: list[float] = field(default_factory=list)
    """Per job, the trigger's round trip (the lateness figure's uncertainty), sorted."""
    last_end: float = 0.0
    """Seconds from the start of the run to the last job's planned end: the wall's floor."""
    triggered: float = 0.0
    """Seconds from the start of the run to the last trigger's answer."""
    last_seen: float = 0.0
    """Seconds from the start of the run to the last end seen (what follows: result reads)."""
    rounds: int = 0
    """The batched poll's rounds (on 0.40, the one that learnt the server has no endpoint)."""


class Probe:
    """Instrumentation of this process (class-level wrappers; no request is added): when each
    trigger was sent and answered, and when each wait first asked for its job's attempts
    (``jobs/list`` with ``includingJobId``: it has just seen the job ended)."""

    def __init__(self) -> None:
        self.sent: dict[asyncio.Task[Any] | None, float] = {}
        self.answered: dict[int, float] = {}
        self.trip: dict[int, float] = {}
        self.seen: dict[int, float] = {}

    def reset(self) -> None:
        self.sent.clear()
        self.answered.clear()
        self.trip.clear()
        self.seen.clear()

    def install(self) -> None:
        sync, listing = Connections.sync, Jobs.list

        async def timed_sync(self_: Connections, *args: Any, **kwargs: Any) -> Any:
            info = await sync(self_, *args, **kwargs)
            now = time.perf_counter()
            self.answered[info.job.id] = now
            # The trace noted when this task sent its (last) trigger request.
            self.trip[info.job.id] = now - self.sent.pop(asyncio.current_task(), now)
            return info

        async def timed_list(self_: Jobs, *args: Any, **kwargs: Any) -> Any:
            job_id = kwargs.get("including_job_id")
            if job_id is not None and job_id in self.answered:
                self.seen.setdefault(job_id, time.perf_counter())
            return await listing(self_, *args, **kwargs)

        Connections.sync = timed_sync  # type: ignore[method-assign,assignment]
        Jobs.list = timed_list  # type: ignore[method-assign,assignment]

    def trace(self, trace: aiohttp.TraceConfig) -> None:
        async def on_request_start(
            _: Any, __: Any, params: aiohttp.TraceRequestStartParams
        ) -> None:
            if params.url.path.endswith("/connections/sync"):
                self.sent[asyncio.current_task()] = time.perf_counter()

        trace.on_request_start.append(on_request_start)


PROBE = Probe()


def short(path: str) -> str:
    """``/api/v1/jobs/get_light`` -> ``jobs/get_light``."""
    return path.split("/v1/", 1)[-1]


def counting_session(limit: int) -> tuple[aiohttp.ClientSession, Counter[str], Counter[str]]:
    """A session that counts requests sent and response body bytes received, by path."""
    requests: Counter[str] = Counter()
    received: Counter[str] = Counter()

    async def on_request_start(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
        requests[short(params.url.path)] += 1

    async def on_chunk(_: Any, __: Any, params: aiohttp.TraceResponseChunkReceivedParams) -> None:
        received[short(params.url.path)] += len(params.chunk)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    trace.on_response_chunk_received.append(on_chunk)
    PROBE.trace(trace)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit), trace_configs=[trace]
    )
    return session, requests, received


def planned_end(job_id: int, duration: float, jitter: float, seed: int) -> float:
    """Seconds the simulator's first attempt of ``job_id`` runs (the job succeeds on it)."""
    return spread(duration, jitter, seed, job_id, 0)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


async def active_ids(url: str) -> list[Any]:
    async with AirbyteClient(url) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        return list(await client.connections.active_ids(workspace))


async def run_aioairbyte(
    server: ServerProcess, ids: list[Any], duration: float, jitter: float, timeout: float
) -> RunFigures:
    """One ``sync_many`` with default settings and no ``on_update``."""
    n = len(ids)
    session, requests, received = counting_session(CONCURRENCY)
    async with session, AirbyteClient(server.url, session=session) as client:
        PROBE.reset()
        server_cpu0, cpu0, t0 = server.cpu_seconds(), cpu_seconds(), time.perf_counter()
        result = await client.sync_many(ids, concurrency=CONCURRENCY, timeout=timeout)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        server_cpu = server.cpu_seconds() - server_cpu0
        rounds = client.jobs.poller.rounds
    succeeded = result.summary.get(OutcomeStatus.SUCCEEDED, 0)
    answered, seen = PROBE.answered, PROBE.seen
    if succeeded != n or len(answered) != n or len(seen) != n:
        raise SystemExit(
            f"run on {server.url}: {result.summary}; {len(answered)} triggers and"
            f" {len(seen)} ends noted of {n}"
        )
    ends = {j: answered[j] + planned_end(j, duration, jitter, SEED) for j in answered}
    # The job was created between the trigger's send and its answer, and no end is seen before
    # it happens: a figure below minus the round trip means the measure is wrong, not fast.
    wrong = [j for j in ends if seen[j] - ends[j] < -PROBE.trip[j] - 1e-3]
    if wrong:
        j = wrong[0]
        raise SystemExit(
            f"{len(wrong)} ends seen before they happened (job {j}: {seen[j] - ends[j]:.3f} s,"
            f" round trip {PROBE.trip[j]:.3f} s): the lateness measure does not hold"
        )
    return RunFigures(
        wall=wall,
        cpu=cpu,
        server_cpu=server_cpu,
        requests=requests,
        received=received,
        succeeded=succeeded,
        late=sorted(seen[j] - ends[j] for j in ends),
        trip=sorted(PROBE.trip.values()),
        last_end=max(ends.values()) - t0,
        triggered=max(answered.values()) - t0,
        last_seen=max(seen.values()) - t0,
        rounds=rounds,
    )


async def run_peer(server: ServerProcess, ids: list[Any], interval: float) -> RunFigures:
    url = server.url
    session, requests, received = counting_session(CONCURRENCY)

    async def post(path: str, payload: Any) -> Any:
        async with session.post(f"{url}/v1/{path}", data=orjson.dumps(payload)) as response:
            response.raise_for_status()
            return orjson.loads(await response.read())

    async def one(connection_id: Any) -> bool:
        job = await post("connections/sync", {"connectionId": str(connection_id)})
        job_id = job["job"]["id"]
        while True:
            await asyncio.sleep(interval)
            status = (await post("jobs/get", {"id": job_id}))["job"]["status"]
            if status in TERMINAL:
                return bool(status == "succeeded")

    async with session:
        session.headers["Content-Type"] = "application/json"
        server_cpu0, cpu0, t0 = server.cpu_seconds(), cpu_seconds(), time.perf_counter()
        done = await asyncio.gather(*(one(c) for c in ids))
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
        server_cpu = server.cpu_seconds() - server_cpu0
    if sum(done) != len(ids):
        raise SystemExit(f"peer: {sum(done)}/{len(ids)} jobs succeeded")
    return RunFigures(wall, cpu, server_cpu, requests, received, sum(done))


async def on_fresh_server(
    flags: list[str], body: Callable[[ServerProcess, list[Any]], Awaitable[RunFigures]]
) -> RunFigures:
    """One run on a simulator of its own, seeded alike for every run: a server that kept the
    jobs of earlier runs would answer later ones slower (longer job lists per connection)."""
    async with simulator_process(*flags) as server:
        ids = await active_ids(server.url)
        count = int(flags[flags.index("--connections") + 1])
        assert len(ids) == count, (len(ids), count)
        return await body(server, ids)


def by_path(runs: list[RunFigures], pick: Callable[[RunFigures], Counter[str]], n: int) -> str:
    """Medians over runs, per job, of each path's count: ``jobs/get_light 3.29, ...``."""
    paths = sorted({p for r in runs for p in pick(r)})
    parts = []
    for path in paths:
        value = statistics.median(pick(r)[path] / n for r in runs)
        parts.append(f"{path} {value:,.3f}" if value < 10 else f"{path} {value:,.0f}")
    return ", ".join(parts)


def spread_of(values: list[float]) -> str:
    """``median (min-max)`` of per-run figures, for notes."""
    return f"{statistics.median(values):.3f} ({min(values):.3f}-{max(values):.3f})"


async def main_scenario(args: argparse.Namespace) -> None:
    n, duration = (20, 0.3) if args.quick else (1000, 2.0)
    interval = PEER_INTERVAL * duration / 2.0  # scaled with the job length in --quick runs
    flags = ["--connections", str(n), "--attempt-duration", str(duration)]
    flags += ["--jitter", str(JITTER), "--seed", str(SEED)]
    subjects: dict[str, tuple[str, Callable[[ServerProcess, list[Any]], Awaitable[RunFigures]]]] = {
        "0.40": ("0.40", lambda s, ids: run_aioairbyte(s, ids, duration, JITTER, 60)),
        "modern": ("modern", lambda s, ids: run_aioairbyte(s, ids, duration, JITTER, 60)),
        "peer": ("0.40", lambda s, ids: run_peer(s, ids, interval)),
    }
    figures: dict[str, list[RunFigures]] = {name: [] for name in subjects}
    for _ in range(args.repeat):  # taking turns, so drift hits all alike
        for name, (profile, subject) in subjects.items():
            figures[name].append(await on_fresh_server([*flags, "--profile", profile], subject))

    labels = {"0.40": "0.40", "modern": "modern", "peer": "peer (0.40, jobs/get every 3 s)"}
    metrics: list[tuple[str, str, Callable[[RunFigures], float], tuple[str, ...]]] = [
        ("wall", "s", lambda r: r.wall, ("0.40", "modern", "peer")),
        ("requests/job", "req", lambda r: r.requests.total() / n, ("0.40", "modern", "peer")),
        ("received/job", "bytes", lambda r: r.received.total() / n, ("0.40", "modern", "peer")),
        ("client CPU/job", "ms", lambda r: 1000 * r.cpu / n, ("0.40", "modern", "peer")),
        ("server CPU/job", "ms", lambda r: 1000 * r.server_cpu / n, ("0.40", "modern", "peer")),
        ("end seen late, median", "s", lambda r: statistics.median(r.late), PROFILES),
        ("end seen late, p95", "s", lambda r: p95(r.late), PROFILES),
        ("end seen late, max", "s", lambda r: r.late[-1], PROFILES),
        ("last job's end (floor)", "s", lambda r: r.last_end, PROFILES),
        ("last end seen at", "s", lambda r: r.last_seen, PROFILES),
        ("wall after the last end seen", "s", lambda r: r.wall - r.last_seen, PROFILES),
    ]
    series: list[Series] = []
    ratio_to: dict[str, str] = {}
    for metric, unit, pick, subjects_of in metrics:
        for who in subjects_of:
            name = f"{labels[who]} {metric}"
            series.append(Series(name, unit, [pick(r) for r in figures[who]]))
            if who != "0.40" and metric != "wall after the last end seen":  # ~0 on 0.40
                ratio_to[name] = f"0.40 {metric}"
    med = {s.name: s.median for s in series}
    trips = [statistics.median(r.trip) for p in PROFILES for r in figures[p]]
    trips95 = [p95(r.trip) for p in PROFILES for r in figures[p]]
    notes: dict[str, Any] = {}
    for profile in PROFILES:
        runs = figures[profile]
        notes[f"{profile} requests/job by path"] = by_path(runs, lambda r: r.requests, n)
        notes[f"{profile} bytes/job by path"] = by_path(runs, lambda r: r.received, n)
        notes[f"{profile} wall / job duration"] = f"{med[f'{profile} wall'] / duration:.2f}"
        notes[f"{profile} triggers all answered at"] = (
            f"{statistics.median(r.triggered for r in runs):.3f} s"
        )
    notes["modern batched rounds per run"] = (
        f"{statistics.median(r.rounds for r in figures['modern']):g}"
    )
    notes["peer requests/job by path"] = by_path(figures["peer"], lambda r: r.requests, n)
    notes["lateness: trigger round trip (the figure errs low by up to it), median / p95"] = (
        f"{statistics.median(trips):.3f} / {statistics.median(trips95):.3f} s"
    )
    notes["lateness"] = (
        "from the planned end (trigger answered + the simulator's seeded duration) to the"
        " wait's asking jobs/list for the attempts: no on_update, no request added"
    )
    report(
        f"Fan-out: sync_many over {n:,} connections, jobs of {duration:g} s +/- {JITTER:.0%},"
        f" concurrency {CONCURRENCY}, no on_update (modern vs 0.40)",
        series,
        ratio_to=ratio_to,
        ratio_label="0.40",
        notes=notes,
        targets={
            f"modern <= {MODERN_REQUESTS:g} requests/job": med["modern requests/job"]
            <= MODERN_REQUESTS,
            f"modern wall <= {MODERN_WALL:g} s": med["modern wall"] <= MODERN_WALL,
            f"0.40 wall <= {duration:g} s + {LEGACY_WALL_OVER:g} s (issue #5)": med["0.40 wall"]
            <= duration + LEGACY_WALL_OVER,
        }
        if not args.quick
        else {},
        json_path=args.json,
    )


async def large_scenario(args: argparse.Namespace, repeat: int) -> None:
    n, duration = (200, 1.0) if args.quick else (10_000, 10.0)
    flags = ["--connections", str(n), "--attempt-duration", str(duration)]
    flags += ["--jitter", str(JITTER), "--seed", str(SEED), "--profile", "modern"]
    runs: list[RunFigures] = []
    for _ in range(repeat):
        runs.append(
            await on_fresh_server(
                flags, lambda s, ids: run_aioairbyte(s, ids, duration, JITTER, 20 * duration)
            )
        )

    def s(name: str, unit: str, pick: Callable[[RunFigures], float]) -> Series:
        return Series(name, unit, [pick(r) for r in runs])

    series = [
        s("job duration", "s", lambda r: duration),
        s("wall", "s", lambda r: r.wall),
        s("last job's end (floor)", "s", lambda r: r.last_end),
        s("triggers all answered at", "s", lambda r: r.triggered),
        s("last end seen at", "s", lambda r: r.last_seen),
        s("wall after the last end seen", "s", lambda r: r.wall - r.last_seen),
        s("requests/job", "req", lambda r: r.requests.total() / n),
        s("received/job", "bytes", lambda r: r.received.total() / n),
        s("client CPU/job", "ms", lambda r: 1000 * r.cpu / n),
        s("server CPU/job", "ms", lambda r: 1000 * r.server_cpu / n),
        s("end seen late, median", "s", lambda r: statistics.median(r.late)),
        s("end seen late, p95", "s", lambda r: p95(r.late)),
        s("end seen late, max", "s", lambda r: r.late[-1]),
        s("trigger round trip, median", "s", lambda r: statistics.median(r.trip)),
        s("trigger round trip, p95", "s", lambda r: p95(r.trip)),
    ]
    med = {x.name: x.median for x in series}
    report(
        f"Fan-out, large: sync_many over {n:,} connections, jobs of {duration:g} s"
        f" +/- {JITTER:.0%}, concurrency {CONCURRENCY}, modern (batched), no on_update",
        series,
        ratio_to={
            k: "job duration"
            for k in ("wall", "last job's end (floor)", "triggers all answered at")
        },
        ratio_label="job duration",
        notes={
            "wall / job duration": f"{med['wall'] / duration:.2f}",
            "requests/job by path": by_path(runs, lambda r: r.requests, n),
            "bytes/job by path": by_path(runs, lambda r: r.received, n),
            "batched rounds per run": f"{statistics.median(r.rounds for r in runs):g}",
            "client / server CPU per run": (
                f"{statistics.median(r.cpu for r in runs):.1f} /"
                f" {statistics.median(r.server_cpu for r in runs):.1f} s"
            ),
        },
        targets={
            f"wall <= {LARGE_WALL_RATIO:g} x job duration": med["wall"]
            <= LARGE_WALL_RATIO * duration,
            f"<= {MODERN_REQUESTS:g} requests/job": med["requests/job"] <= MODERN_REQUESTS,
        }
        if not args.quick
        else {},
        json_path=args.json,
    )


async def listened_once(url: str, n: int, duration: float) -> tuple[Counter[str], list[float]]:
    """One ``sync_many`` with an ``on_update``: requests per job, and each end's lateness (to
    the terminal ``JobUpdate``)."""
    session, requests, _ = counting_session(CONCURRENCY)
    seen: dict[int, float] = {}
    async with session, AirbyteClient(url, session=session) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        ids = await client.connections.active_ids(workspace)
        requests.clear()
        PROBE.reset()

        def on_update(event: Any) -> None:
            if isinstance(event, JobUpdate) and event.status.is_terminal:
                seen.setdefault(event.job_id, time.perf_counter())

        result = await client.sync_many(ids, timeout=60, on_update=on_update)
    answered = PROBE.answered
    if not result.ok or len(seen) != n or len(answered) != n:
        raise SystemExit(f"listened run: {result.summary}")
    return requests, sorted(seen[j] - (answered[j] + duration) for j in seen)


async def listened(n: int, duration: float, repeat: int, json_path: Any) -> None:
    """Requests per job and how late ends are seen with an ``on_update``, both profiles."""
    flags = ["--connections", str(n), "--attempt-duration", str(duration), "--jitter", "0"]
    figures: dict[str, dict[str, list[float]]] = {
        p: {"requests": [], "median": [], "max": []} for p in PROFILES
    }
    paths: dict[str, list[RunFigures]] = {p: [] for p in PROFILES}
    async with (
        simulator_process(*flags, "--seed", "2", "--profile", "0.40") as legacy,
        simulator_process(*flags, "--seed", "2", "--profile", "modern") as modern,
    ):
        servers = {"0.40": legacy, "modern": modern}
        for _ in range(repeat):
            for profile, server in servers.items():
                requests, late = await listened_once(server.url, n, duration)
                paths[profile].append(RunFigures(0, 0, 0, requests, Counter(), n))
                figures[profile]["requests"].append(requests.total() / n)
                figures[profile]["median"].append(statistics.median(late))
                figures[profile]["max"].append(late[-1])
    series, ratio_to = [], {}
    for key, label, unit in (
        ("requests", "requests/job (trigger, polls, result)", "req"),
        ("median", "end seen late, median", "s"),
        ("max", "end seen late, max", "s"),
    ):
        for profile in PROFILES:
            series.append(Series(f"{profile} {label}", unit, figures[profile][key]))
        ratio_to[f"modern {label}"] = f"0.40 {label}"
    targets = {}
    if duration == 3.0:
        for profile in PROFILES:
            targets[f"{profile} <= 8 requests/job"] = (
                statistics.median(figures[profile]["requests"]) <= 8
            )
            targets[f"{profile} every end seen within 1 s"] = max(figures[profile]["max"]) <= 1.0
    report(
        f"With on_update (waits count attempts): {n:,} connections x {duration:g} s jobs"
        " (no jitter)",
        series,
        ratio_to=ratio_to,
        ratio_label="0.40",
        notes={
            **{
                f"{profile} requests/job by path": by_path(paths[profile], lambda r: r.requests, n)
                for profile in PROFILES
            },
            "lateness": "from the trigger's answer + duration to the terminal JobUpdate",
        },
        targets=targets,
        json_path=json_path,
    )


def flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--large",
        action="store_true",
        help="also run 10,000 connections x 10 s jobs on the modern profile (3 runs: ~1.5 min)",
    )
    parser.add_argument(
        "--large-only", action="store_true", help="run only the 10,000 x 10 s scenario"
    )
    parser.add_argument(
        "--large-repeat", type=int, default=3, metavar="N", help="runs of the large scenario (3)"
    )


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=5, extra=flags)
    PROBE.install()
    if not args.large_only:
        await main_scenario(args)
        scenarios = [(10, 0.5)] if args.quick else [(50, 3.0), (1000, 2.0)]
        for count, length in scenarios:
            await listened(count, length, args.repeat, args.json)
    if args.large or args.large_only:
        await large_scenario(args, 1 if args.quick else args.large_repeat)


if __name__ == "__main__":
    asyncio.run(main())
