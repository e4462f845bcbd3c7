"""Memory: 10,000 concurrent ``client.jobs.wait`` on jobs that hang, for 10 s.

The simulated server runs in its own process (``--outcome hang``: every job runs until
cancelled), seeded with 10,000 connections, each with a sync job started before any
measurement. Each measured run is a fresh process (``multiprocessing``, spawn), so that one run's
heap cannot be reused by the next: it opens its session, polls once (connection pool and code
warm), collects garbage, reads its RSS, then starts one task per job and waits for all of them.
RSS is sampled every 10 ms while the waits are in flight; the peak is also taken from
``getrusage`` (``ru_maxrss``) when that rose during the waits. Figures are the peak RSS growth
over the RSS before the waits, per waiting job.

- ``aioairbyte``: ``client.jobs.wait(job_id, timeout=10)`` with the default ``PollPolicy``
  (a first look at once, then ``first`` = 0.5 s, longer by ``backoff`` each time, +/- 10% jitter,
  capped at 10 s) and the default 100 connections. Each reads the job's attempts when it first
  sees it (its updates carry the server's attempt number) and ends in ``JobTimeoutError``, after
  one more read of them at the deadline (what a timed-out result reports).
- ``bare aiohttp + orjson`` (the floor): a task per job doing the least a poll loop can, on the
  same schedule (the default policy's figures) and deadline: sleep, ``POST jobs/get_light`` on
  one ``ClientSession`` with the same connection limit, ``orjson.loads``, check the status.

Both are driven at the same rate, so both queue on the connection limit alike when the server
or the client cannot keep up (on 2 shared cores they do: at 10,000 jobs the demand is several
thousand polls a second); the polls each completed are shown. The floor's request body is a
right-sized copy of ``orjson.dumps``, as the client's is: orjson 3.12 on returns bytes holding a
buffer of 4 KiB or more, which would otherwise add ~4 KB to every request waiting for a
connection. The client's polls are counted from its per-request DEBUG log line (a filter counts
and drops them), so that counting adds no memory per poll.

    python benchmarks/memory.py            # 10,000 jobs for 10 s, 3 runs of each
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
from collections.abc import Awaitable, Callable
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
TARGET_KB = 10.0
#: The schedule both sides poll on: the client's default (the floor copies its figures).
POLICY = PollPolicy()


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def _measure(
    start_waits: Callable[[], list[asyncio.Task[Any]]], warm: Callable[[], Awaitable[Any]]
) -> dict[str, Any]:
    """Warm up, read RSS, run the waits while sampling RSS; the figures of the run."""
    await warm()
    gc.collect()
    before, max_before = rss_bytes(), _max_rss()
    peak = before
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_bytes())
            await asyncio.sleep(SAMPLE_EVERY)

    sampler = asyncio.create_task(sample())
    tasks: list[asyncio.Task[Any]] = []
    started = time.perf_counter()
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
    return {"before": before, "peak": peak, "wall": wall, "outcomes": sorted(kinds)}


class _PollCounter(logging.Filter):
    """Counts the transport's per-request DEBUG lines for ``jobs/get_light`` and drops them:
    polls are counted without wrapping the client (a wrapper would add memory per poll)."""

    def __init__(self) -> None:
        super().__init__()
        self.polls = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.DEBUG:
            return True
        if isinstance(record.args, tuple) and str(record.args[0]).endswith("/get_light"):
            self.polls += 1
        return False


async def _aioairbyte(url: str, job_ids: list[int], window: float) -> dict[str, Any]:
    logger = logging.getLogger("aioairbyte")
    counter = _PollCounter()
    logger.setLevel(logging.DEBUG)
    logger.addFilter(counter)
    async with AirbyteClient(url, max_connections=CONNECTIONS) as client:

        def start() -> list[asyncio.Task[Any]]:
            counter.polls = 0
            return [asyncio.create_task(client.jobs.wait(j, timeout=window)) for j in job_ids]

        figures = await _measure(start, lambda: client.jobs.get_light(job_ids[0]))
        if figures["outcomes"] != [JobTimeoutError.__name__]:
            raise RuntimeError(f"expected every wait to time out: {figures['outcomes']}")
    return {**figures, "polls": counter.polls}


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

        figures = await _measure(start, warm)
        if figures["outcomes"] != ["NoneType"]:
            raise RuntimeError(f"expected every wait to reach its deadline: {figures['outcomes']}")
    return {**figures, "polls": polls}


SUBJECTS = {"aioairbyte": _aioairbyte, "bare aiohttp + orjson": _bare}


def _child(subject: str, url: str, job_ids: list[int], window: float, out: Connection) -> None:
    """One measured run, in a fresh process; sends its figures (or its error) back."""
    try:
        out.send(asyncio.run(SUBJECTS[subject](url, job_ids, window)))
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
    async with simulator_process(*flags) as server:
        job_ids = await _start_jobs(server.url)
        assert len(job_ids) == jobs, len(job_ids)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in SUBJECTS}
        for _ in range(args.repeat):
            for name in SUBJECTS:
                runs[name].append(await _run_in_process(name, server.url, job_ids, window))

    per_job = [
        Series(
            f"{name} peak growth/job", "KB", [(r["peak"] - r["before"]) / jobs / 1024 for r in rs]
        )
        for name, rs in runs.items()
    ]
    ours = per_job[0]

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
        notes[f"{name}: polls per job"] = f"{median(name, lambda r: r['polls']) / jobs:.1f}"
        notes[f"{name}: wall of the waits"] = f"{median(name, lambda r: r['wall']):.1f} s"
    notes["aioairbyte extra per job over the floor"] = f"{ours.median - per_job[1].median:.2f} KB"
    notes["method"] = (
        "fresh process per run; RSS from /proc/self/statm sampled every 10 ms, and ru_maxrss"
        " when it rose during the waits; simulator in its own process"
    )
    report(
        f"Memory: {jobs:,} concurrent jobs.wait on hanging jobs for {window:g} s",
        per_job,
        baseline="bare aiohttp + orjson peak growth/job",
        notes=notes,
        targets={f"aioairbyte <= {TARGET_KB:g} KB per waiting job": ours.median <= TARGET_KB},
        json_path=args.json,
    )


if __name__ == "__main__":
    asyncio.run(main())
