"""Fan-out: ``sync_many`` over 1,000 connections whose jobs take 2 s (+/- 10%).

The simulated server runs in its own process, so the client's CPU is measured alone. The floor
is the job duration itself; the target is a wall time of at most 2 s + 1 s. The peer is how the
orchestrator integrations wait for Airbyte jobs (Airflow's ``AirbyteHook.wait_for_job``): trigger
every connection, then sleep a fixed interval (3 s, Airflow's default) and fetch ``jobs/get``
(with logs) until the job is terminal, all at once with ``asyncio.gather``. Each run counts the
requests sent and the response bytes received (bodies, as read by aiohttp) per job.

Then, on a simulator without jitter (each job ends exactly ``duration`` after the answer that
started it), the default poll schedule's cost and promptness: requests per job in all (trigger,
polls, result) and how late each end was seen (from the job's end to the poll that saw it), for
50 connections x 3 s jobs and 1,000 x 2 s jobs.

    python benchmarks/fanout.py            # 1,000 connections, 5 runs of each
    python benchmarks/fanout.py --quick    # 20 connections, 0.3 s jobs, 1 run
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp
import orjson
from _harness import Series, cpu_seconds, parse_args, report
from _servers import simulator_process

from aioairbyte import AirbyteClient, JobUpdate
from aioairbyte.fanout import OutcomeStatus

PEER_INTERVAL = 3.0  # Airflow's AirbyteHook.wait_for_job(wait_seconds=3)
TERMINAL = {"succeeded", "failed", "cancelled"}


@dataclass
class RunFigures:
    wall: float
    cpu: float
    requests: int
    received: int
    succeeded: int


def counting_session(limit: int) -> tuple[aiohttp.ClientSession, dict[str, int]]:
    """A session that counts requests sent and response body bytes received."""
    counts = {"requests": 0, "received": 0}

    async def on_request_start(*_: Any) -> None:
        counts["requests"] += 1

    async def on_chunk(_: Any, __: Any, params: aiohttp.TraceResponseChunkReceivedParams) -> None:
        counts["received"] += len(params.chunk)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    trace.on_response_chunk_received.append(on_chunk)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit), trace_configs=[trace]
    )
    return session, counts


async def measured(
    body: Callable[[aiohttp.ClientSession], Awaitable[int]], limit: int
) -> RunFigures:
    session, counts = counting_session(limit)
    async with session:
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        succeeded = await body(session)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    return RunFigures(wall, cpu, counts["requests"], counts["received"], succeeded)


def run_aioairbyte(url: str, ids: list[Any], concurrency: int) -> Callable[..., Awaitable[int]]:
    async def body(session: aiohttp.ClientSession) -> int:
        async with AirbyteClient(url, session=session) as client:
            result = await client.sync_many(ids, concurrency=concurrency, timeout=60)
        return result.summary.get(OutcomeStatus.SUCCEEDED, 0)

    return body


def run_peer(url: str, ids: list[Any], interval: float) -> Callable[..., Awaitable[int]]:
    async def post(session: aiohttp.ClientSession, path: str, payload: Any) -> Any:
        async with session.post(f"{url}/v1/{path}", data=orjson.dumps(payload)) as response:
            response.raise_for_status()
            return orjson.loads(await response.read())

    async def one(session: aiohttp.ClientSession, connection_id: Any) -> bool:
        job = await post(session, "connections/sync", {"connectionId": str(connection_id)})
        job_id = job["job"]["id"]
        while True:
            await asyncio.sleep(interval)
            status = (await post(session, "jobs/get", {"id": job_id}))["job"]["status"]
            if status in TERMINAL:
                return bool(status == "succeeded")

    async def body(session: aiohttp.ClientSession) -> int:
        session.headers["Content-Type"] = "application/json"
        done = await asyncio.gather(*(one(session, c) for c in ids))
        return sum(done)

    return body


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=5)
    n, duration = (20, 0.3) if args.quick else (1000, 2.0)
    concurrency = 50
    interval = PEER_INTERVAL * duration / 2.0  # scaled with the job length in --quick runs
    flags = ["--connections", str(n), "--attempt-duration", str(duration), "--jitter", "0.1"]
    async with simulator_process(*flags, "--seed", "1") as server:
        url = server.url
        async with AirbyteClient(url) as client:
            workspace = (await client.workspaces.list())[0].workspace_id
            ids = await client.connections.active_ids(workspace)
        assert len(ids) == n, len(ids)
        subjects = {
            "aioairbyte": run_aioairbyte(url, ids, concurrency),
            "orchestrator peer": run_peer(url, ids, interval),
        }
        figures: dict[str, list[RunFigures]] = {name: [] for name in subjects}
        for _ in range(args.repeat):
            for name, body in subjects.items():
                run = await measured(body, concurrency)
                if run.succeeded != n:
                    raise SystemExit(f"{name}: {run.succeeded}/{n} jobs succeeded")
                figures[name].append(run)

    def series(name: str, unit: str, pick: Callable[[RunFigures], float]) -> list[Series]:
        return [
            Series(f"{subject} {name}", unit, [pick(r) for r in runs])
            for subject, runs in figures.items()
        ]

    floor = Series("job duration (floor)", "s", [duration] * args.repeat)
    walls = series("wall", "s", lambda r: r.wall)
    ours = {s.name: s for s in [floor, *walls]}["aioairbyte wall"]
    report(
        f"Fan-out: sync_many over {n} connections, jobs of {duration:g} s +/- 10%",
        [floor, *walls],
        baseline="job duration (floor)",
        targets={f"wall <= {duration:g} s + 1 s": ours.median <= duration + 1.0},
        json_path=args.json,
    )
    per_job = [
        *series("requests/job", "req", lambda r: r.requests / n),
        *series("received/job", "bytes", lambda r: r.received / n),
        *series("CPU/job", "ms", lambda r: 1000 * r.cpu / n),
    ]
    by_name = {s.name: s for s in per_job + walls}
    ratios = SimpleNamespace(
        **{
            metric: by_name[f"orchestrator peer {metric}"].median
            / by_name[f"aioairbyte {metric}"].median
            for metric in ("requests/job", "received/job", "wall")
        }
    )
    report(
        f"Fan-out cost per job (peer polls jobs/get every {interval:g} s)",
        per_job,
        notes={
            "peer/aioairbyte requests": f"{getattr(ratios, 'requests/job'):.2f}x",
            "peer/aioairbyte bytes received": f"{getattr(ratios, 'received/job'):.2f}x",
            "peer/aioairbyte wall time": f"{ratios.wall:.2f}x",
        },
        json_path=args.json,
    )
    scenarios = [(10, 0.5)] if args.quick else [(50, 3.0), (1000, 2.0)]
    for count, length in scenarios:
        await lateness(count, length, args.repeat, args.json)


async def lateness_once(url: str, n: int, duration: float) -> tuple[float, list[float]]:
    """One ``sync_many`` with default settings: requests per job, and each end's lateness."""
    session, counts = counting_session(50)
    answered: dict[int, float] = {}
    seen: dict[int, float] = {}
    async with session, AirbyteClient(url, session=session) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        ids = await client.connections.active_ids(workspace)
        counts["requests"] = 0
        sync = client.connections.sync

        async def timed_sync(connection_id: Any) -> Any:
            info = await sync(connection_id)
            answered[info.job.id] = time.perf_counter()
            return info

        # Instrumentation only: note when each trigger was answered (the job's start).
        client.connections.sync = timed_sync  # type: ignore[method-assign]

        def on_update(event: Any) -> None:
            if isinstance(event, JobUpdate) and event.status.is_terminal:
                seen.setdefault(event.job_id, time.perf_counter())

        result = await client.sync_many(ids, timeout=60, on_update=on_update)
    if not result.ok or len(seen) != n:
        raise SystemExit(f"lateness run: {result.summary}")
    return counts["requests"] / n, sorted(seen[j] - (answered[j] + duration) for j in seen)


async def lateness(n: int, duration: float, repeat: int, json_path: Any) -> None:
    """Requests per job and how late ends are seen, with the default poll schedule."""
    flags = ["--connections", str(n), "--attempt-duration", str(duration), "--jitter", "0"]
    requests_per_job, late_median, late_max = [], [], []
    async with simulator_process(*flags, "--seed", "2") as server:
        for _ in range(repeat):
            per_job, late = await lateness_once(server.url, n, duration)
            requests_per_job.append(per_job)
            late_median.append(statistics.median(late))
            late_max.append(late[-1])
    report(
        f"Default polling: {n} connections x {duration:g} s jobs (no jitter)",
        [
            Series("requests/job (trigger, polls, result)", "req", requests_per_job),
            Series("end seen late, median", "s", late_median),
            Series("end seen late, max", "s", late_max),
        ],
        targets={
            "<= 8 requests/job": statistics.median(requests_per_job) <= 8,
            "every end seen within 1 s": max(late_max) <= 1.0,
        }
        if duration == 3.0
        else {},
        json_path=json_path,
    )


if __name__ == "__main__":
    asyncio.run(main())
