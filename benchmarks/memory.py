"""Memory: 10,000 concurrent ``client.jobs.wait`` on jobs that hang, for 10 s, on a 0.40 server
and on a modern one (batched polling).

Each simulated server runs in its own process (``--outcome hang``: every job runs until
cancelled), seeded with 10,000 connections, each with a sync job started before any
measurement. Each measured run is a fresh process (``multiprocessing``, spawn), so that one run's
heap cannot be reused by the next: it opens its session, polls once (connection pool and code
warm), collects garbage, reads its RSS, then starts one task per job and waits for all of them.
RSS is sampled every 10 ms while the waits are in flight; the peak is also taken from
``getrusage`` (``ru_maxrss``) when that rose during the waits. Figures are the peak RSS growth
over the RSS before the waits, per waiting job. The subjects take turns run by run.

- ``aioairbyte (0.40)``: ``client.jobs.wait(job_id, timeout=10)`` with the default
  ``PollPolicy`` (a first look at once, then ``first`` = 0.5 s, longer by ``backoff`` each time,
  +/- 10% jitter, capped at 10 s) and the default 100 connections, on the 0.40 profile: the
  client asks ``connections/status`` once, learns the server has none (404) and every wait polls
  ``jobs/get_light`` on its own schedule. Each ends in ``JobTimeoutError``, after one read of
  the job's attempts at the deadline (``jobs/list``: what a timed-out result reports).
- ``aioairbyte (modern, batched)``: the same call on the modern profile (Airbyte 1.x/2.x, no
  auth). ``jobs.wait(job_id)`` knows only the id, so each wait first looks at its job directly
  (one ``jobs/get_light`` at once, which names its connection), then joins the client's batched
  poll (``polling.StatusPoller``: one ``connections/status`` per 100 connections per round) and
  sends nothing of its own until the deadline, where it reads its attempts (``jobs/list``) as
  on 0.40. What is measured is that whole life: the burst of 10,000 first looks at the start,
  the waits held by the poller, and the 10,000 reads at the deadline; the peak is printed split
  into before and after the deadline, with when the first looks were all answered.
- ``bare aiohttp + orjson`` (the floor, on the 0.40 server): a task per job doing the least a
  poll loop can, on the same schedule (the default policy's figures) and deadline: sleep,
  ``POST jobs/get_light`` on one ``ClientSession`` with the same connection limit,
  ``orjson.loads``, check the status.

The floor and the 0.40 client are driven at the same rate, so both queue on the connection
limit alike when the server or the client cannot keep up (on 2 shared cores they do: at 10,000
jobs the demand is several thousand polls a second); the requests each completed are shown, by
path. The floor's request body is a right-sized copy of ``orjson.dumps``, as the client's is:
orjson 3.12 on returns bytes holding a buffer of 4 KiB or more, which would otherwise add ~4 KB
to every request waiting for a connection. The client's requests are counted from its
per-request DEBUG log line (a filter counts and drops them), so that counting adds no memory
per request.

    python benchmarks/memory.py            # 10,000 jobs for 10 s, 3 runs of each subject
    python benchmarks/memory.py --quick    # 200 jobs for 1 s, 1 run
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import random
import resource
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from multiprocessing.connection import Connection
from typing import Any

import aiohttp
import orjson
from _harness import Series, parse_args, report, rss_bytes
from _servers import simulator_process

from aioairbyte import AirbyteClient, JobTimeoutError, PollPolicy

CONNECTIONS = 100  # AirbyteClient's default max_connections; the floor gets the same limit
SAMPLE_EVERY = 0.01
TERMINAL = {"succeeded", "failed", "cancelled"}
TARGET_KB = 10.0  # the 0.40 client
TARGET_BATCHED_KB = 3.0  # the modern client (batched polling)
#: The schedule both sides poll on: the client's default (the floor copies its figures).
POLICY = PollPolicy()


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def _measure(
    start_waits: Callable[[], list[asyncio.Task[Any]]],
    warm: Callable[[], Awaitable[Any]],
    window: float,
) -> dict[str, Any]:
    """Warm up, read RSS, run the waits while sampling RSS; the figures of the run (with the
    peak before the deadline, ``window`` seconds after the start, and after it)."""
    await warm()
    gc.collect()
    before, max_before = rss_bytes(), _max_rss()
    peak = peak_before_deadline = before
    stop = asyncio.Event()
    deadline = 0.0

    async def sample() -> None:
        nonlocal peak, peak_before_deadline
        while not stop.is_set():
            rss = rss_bytes()
            peak = max(peak, rss)
            if time.perf_counter() < deadline:
                peak_before_deadline = max(peak_before_deadline, rss)
            await asyncio.sleep(SAMPLE_EVERY)

    sampler = asyncio.create_task(sample())
    tasks: list[asyncio.Task[Any]] = []
    started = time.perf_counter()
    deadline = started + window
    try:
        tasks = start_waits()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        stop.set()
        await sampler
    wall = time.perf_counter() - started
    max_after = _max_rss()
    if max_after > max_before:  # the process's true peak was reached during the waits
        peak = max(peak, max_after)
    kinds = {type(o).__name__ for o in outcomes}
    return {
        "before": before,
        "peak": peak,
        "peak_before_deadline": peak_before_deadline,
        "started": started,
        "wall": wall,
        "outcomes": sorted(kinds),
    }


class _RequestCounter(logging.Filter):
    """Counts the transport's per-request DEBUG lines by path (``jobs/get_light``) and drops
    them: requests are counted without wrapping the client (a wrapper would add memory per
    request). Notes when the ``first`` get_light answer was counted (the first looks' end)."""

    def __init__(self, first: int) -> None:
        super().__init__()
        self.first = first
        self.by_path: Counter[str] = Counter()
        self.first_looks_at = 0.0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.DEBUG:
            return True
        if isinstance(record.args, tuple) and record.args:
            path = "/".join(str(record.args[0]).rsplit("/", 2)[-2:])
            self.by_path[path] += 1
            if path == "jobs/get_light" and self.by_path[path] == self.first:
                self.first_looks_at = time.perf_counter()
        return False


async def _aioairbyte(url: str, job_ids: list[int], window: float) -> dict[str, Any]:
    logger = logging.getLogger("aioairbyte")
    counter = _RequestCounter(first=len(job_ids))
    logger.setLevel(logging.DEBUG)
    logger.addFilter(counter)
    async with AirbyteClient(url, max_connections=CONNECTIONS) as client:

        def start() -> list[asyncio.Task[Any]]:
            counter.by_path.clear()
            return [asyncio.create_task(client.jobs.wait(j, timeout=window)) for j in job_ids]

        figures = await _measure(start, lambda: client.jobs.get_light(job_ids[0]), window)
        if figures["outcomes"] != [JobTimeoutError.__name__]:
            raise RuntimeError(f"expected every wait to time out: {figures['outcomes']}")
        rounds = client.jobs.poller.rounds
    first_looks = counter.first_looks_at - figures["started"] if counter.first_looks_at else None
    return {
        **figures,
        "requests": dict(counter.by_path),
        "first_looks": first_looks,
        "rounds": rounds,
    }


async def _bare(url: str, job_ids: list[int], window: float) -> dict[str, Any]:
    endpoint = url + "/v1/jobs/get_light"
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    connector = aiohttp.TCPConnector(limit=CONNECTIONS)
    polls = 0
    async with aiohttp.ClientSession(connector=connector) as session:

        async def get_light(job_id: int) -> str:
            nonlocal polls
            polls += 1
            # Right-sized: orjson (3.12 on) returns bytes holding a 4 KiB buffer, never shrunk.
            body = bytes(memoryview(orjson.dumps({"id": job_id})))
            async with session.post(endpoint, data=body, headers=headers) as response:
                response.raise_for_status()
                status: str = orjson.loads(await response.read())["job"]["status"]
            return status

        async def wait(job_id: int) -> str | None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + window
            interval = POLICY.first
            while True:
                jittered = interval * random.uniform(1 - POLICY.jitter, 1 + POLICY.jitter)
                delay = min(jittered, deadline - loop.time())
                if delay <= 0:
                    return None
                await asyncio.sleep(delay)
                if loop.time() >= deadline:
                    return None
                if (status := await get_light(job_id)) in TERMINAL:
                    return status
                interval = min(interval * POLICY.backoff, POLICY.max_interval)

        def start() -> list[asyncio.Task[Any]]:
            return [asyncio.create_task(wait(j)) for j in job_ids]

        async def warm() -> None:
            nonlocal polls
            await get_light(job_ids[0])
            polls = 0

        figures = await _measure(start, warm, window)
        if figures["outcomes"] != ["NoneType"]:
            raise RuntimeError(f"expected every wait to reach its deadline: {figures['outcomes']}")
    return {**figures, "requests": {"jobs/get_light": polls}}


OURS_LEGACY, OURS_MODERN, FLOOR = (
    "aioairbyte (0.40)",
    "aioairbyte (modern, batched)",
    "bare aiohttp + orjson",
)
#: Each subject, the function it runs and the server profile it runs against.
Measure = Callable[[str, list[int], float], Coroutine[Any, Any, dict[str, Any]]]
SUBJECTS: dict[str, tuple[Measure, str]] = {
    OURS_LEGACY: (_aioairbyte, "0.40"),
    FLOOR: (_bare, "0.40"),
    OURS_MODERN: (_aioairbyte, "modern"),
}


def _child(subject: str, url: str, job_ids: list[int], window: float, out: Connection) -> None:
    """One measured run, in a fresh process; sends its figures (or its error) back."""
    try:
        out.send(asyncio.run(SUBJECTS[subject][0](url, job_ids, window)))
    except BaseException as exc:
        out.send({"error": f"{type(exc).__name__}: {exc}"})
        raise
    finally:
        out.close()


async def _run_in_process(subject: str, url: str, job_ids: list[int], window: float) -> Any:
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    # Daemonic: should this process die first, the measuring one does not outlive it.
    proc = ctx.Process(target=_child, args=(subject, url, job_ids, window, send), daemon=True)
    proc.start()
    send.close()
    try:
        deadline = time.monotonic() + 120 + 3 * window
        while not receive.poll():  # polled, not blocked on: Ctrl-C still gets through
            if time.monotonic() > deadline or (not proc.is_alive() and not receive.poll()):
                raise RuntimeError(f"{subject}: the measuring process gave no answer")
            await asyncio.sleep(0.1)
        figures = receive.recv()
        if "error" in figures:
            raise RuntimeError(f"{subject}: {figures['error']}")
        return figures
    finally:
        receive.close()
        proc.join(10)
        if proc.is_alive():
            proc.terminate()
            proc.join(10)


async def _start_jobs(url: str) -> list[int]:
    """Start a sync on every connection (they hang); their job ids."""
    async with AirbyteClient(url, max_connections=50) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        ids = await client.connections.active_ids(workspace)
        gate = asyncio.Semaphore(50)

        async def sync(connection_id: Any) -> int:
            async with gate:
                return (await client.connections.sync(connection_id)).job.id

        return list(await asyncio.gather(*(sync(c) for c in ids)))


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=3)
    jobs, window = (200, 1.0) if args.quick else (10_000, 10.0)
    flags = ["--connections", str(jobs), "--outcome", "hang", "--log-lines", "0"]
    async with (
        simulator_process(*flags, "--profile", "0.40") as legacy,
        simulator_process(*flags, "--profile", "modern") as modern,
    ):
        servers = {"0.40": legacy, "modern": modern}
        job_ids = {profile: await _start_jobs(s.url) for profile, s in servers.items()}
        assert all(len(ids) == jobs for ids in job_ids.values()), job_ids.keys()
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in SUBJECTS}
        for _ in range(args.repeat):
            for name, (_, profile) in SUBJECTS.items():
                url = servers[profile].url
                runs[name].append(await _run_in_process(name, url, job_ids[profile], window))

    def kb(picked: float) -> float:
        return picked / jobs / 1024

    per_job = [
        Series(f"{name} peak growth/job", "KB", [kb(r["peak"] - r["before"]) for r in rs])
        for name, rs in runs.items()
    ]
    by_name = {s.name.removesuffix(" peak growth/job"): s for s in per_job}
    # Where the client's peaks were reached: before the deadline, or in its reads.
    for name in (OURS_LEGACY, OURS_MODERN):
        per_job.append(
            Series(
                f"{name} peak growth/job before the deadline",
                "KB",
                [kb(r["peak_before_deadline"] - r["before"]) for r in runs[name]],
            )
        )

    def median(name: str, pick: Callable[[dict[str, Any]], float]) -> float:
        return statistics.median(pick(r) for r in runs[name])

    notes: dict[str, Any] = {}
    for name in SUBJECTS:
        notes[f"{name}: RSS before waits"] = (
            f"{median(name, lambda r: r['before']) / 2**20:.1f} MiB"
        )
        notes[f"{name}: peak RSS growth"] = (
            f"{median(name, lambda r: r['peak'] - r['before']) / 2**20:.1f} MiB"
        )
        paths = sorted({p for r in runs[name] for p in r["requests"]})
        counts = {p: statistics.median(r["requests"].get(p, 0) for r in runs[name]) for p in paths}
        notes[f"{name}: requests per job"] = ", ".join(
            f"{p} {count / jobs:.2f}" for p, count in counts.items()
        )
        notes[f"{name}: wall of the waits"] = f"{median(name, lambda r: r['wall']):.1f} s"
    looks = [r["first_looks"] for r in runs[OURS_MODERN] if r["first_looks"] is not None]
    if looks:
        notes[f"{OURS_MODERN}: first looks all answered at"] = (
            f"{statistics.median(looks):.1f} s (of the {window:g} s window)"
        )
    notes[f"{OURS_MODERN}: batched rounds"] = f"{median(OURS_MODERN, lambda r: r['rounds']):g}"
    for name in (OURS_LEGACY, OURS_MODERN):
        notes[f"{name} extra per job over the floor"] = (
            f"{by_name[name].median - by_name[FLOOR].median:.2f} KB"
        )
    notes["method"] = (
        "fresh process per run; RSS from /proc/self/statm sampled every 10 ms, and ru_maxrss"
        " when it rose during the waits; simulators in their own processes"
    )
    report(
        f"Memory: {jobs:,} concurrent jobs.wait on hanging jobs for {window:g} s",
        per_job,
        baseline=f"{FLOOR} peak growth/job",
        notes=notes,
        targets={
            f"{OURS_LEGACY} <= {TARGET_KB:g} KB per waiting job": by_name[OURS_LEGACY].median
            <= TARGET_KB,
            f"{OURS_MODERN} <= {TARGET_BATCHED_KB:g} KB per waiting job": by_name[
                OURS_MODERN
            ].median
            <= TARGET_BATCHED_KB,
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    asyncio.run(main())
