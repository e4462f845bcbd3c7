"""Poll traffic: what one poll of a job costs, ``jobs.get_light`` against ``jobs.get``.

The job has 3 attempts of 1,000 log lines each: the simulated server (in its own process) runs a
connection whose every attempt fails (``--outcome fail --max-attempts 3 --log-lines 1000``), and
the job is waited for until it has failed for good. Then the finished job is polled both ways,
taking turns run by run; each poll is one sequential call on the client.

- bytes per poll: response *body* bytes as they arrive on the socket, counted by an aiohttp
  ``TraceConfig`` on the client's session (``on_response_chunk_received``; the server does not
  compress, and each count is checked against ``Content-Length``). Headers are not counted.
- time per poll: wall time of the call as the caller sees it (the server's work included), and
  this process's CPU per call (sending, reading, ``orjson`` and decoding into models).
- what ``jobs.wait`` sends over the job's life: the requests and body bytes of one wait, from
  the trigger to the result (attempts of 1 s in full runs, so the job lives about 3 s).

    python benchmarks/poll_traffic.py            # 20 polls of each per run, 5 runs
    python benchmarks/poll_traffic.py --quick    # 3 polls of each, 1 run, 0.2 s attempts
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from _harness import Series, cpu_seconds, parse_args, report
from _servers import simulator_process

from aioairbyte import AirbyteClient
from aioairbyte.models import JobStatus

LOG_LINES = 1000
ATTEMPTS = 3


class Traffic:
    """Requests and response body bytes by path, seen through a session's ``TraceConfig``."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.received: Counter[str] = Counter()
        self.announced: Counter[str] = Counter()  # Content-Length, to check the count

    def trace_config(self) -> aiohttp.TraceConfig:
        async def on_start(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
            self.requests[params.url.path] += 1

        async def on_chunk(
            _: Any, __: Any, params: aiohttp.TraceResponseChunkReceivedParams
        ) -> None:
            self.received[params.url.path] += len(params.chunk)

        async def on_end(_: Any, __: Any, params: aiohttp.TraceRequestEndParams) -> None:
            self.announced[params.url.path] += params.response.content_length or 0

        trace = aiohttp.TraceConfig()
        trace.on_request_start.append(on_start)
        trace.on_response_chunk_received.append(on_chunk)
        trace.on_request_end.append(on_end)
        return trace

    def clear(self) -> None:
        self.requests.clear()
        self.received.clear()
        self.announced.clear()

    def total_received(self) -> int:
        if self.received != self.announced:
            raise AssertionError(f"body bytes {self.received} != Content-Length {self.announced}")
        return sum(self.received.values())


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=5)
    polls, duration = (3, 0.2) if args.quick else (20, 1.0)
    flags = ["--connections", "1", "--outcome", "fail", "--max-attempts", str(ATTEMPTS)]
    flags += ["--log-lines", str(LOG_LINES), "--attempt-duration", str(duration)]
    traffic = Traffic()
    async with simulator_process(*flags) as server:
        session = aiohttp.ClientSession(trace_configs=[traffic.trace_config()])
        async with session, AirbyteClient(server.url, session=session) as client:
            workspace = (await client.workspaces.list())[0].workspace_id
            (connection_id,) = await client.connections.active_ids(workspace)

            # One job's life: trigger, then wait until it has failed for good.
            traffic.clear()
            started = time.perf_counter()
            job_id = (await client.connections.sync(connection_id)).job.id
            trigger_bytes = traffic.total_received()
            traffic.clear()
            result = await client.jobs.wait(job_id, timeout=120, raise_on_failure=False)
            life = time.perf_counter() - started
            if result.status is not JobStatus.FAILED or result.attempts_count != ATTEMPTS:
                raise SystemExit(f"unexpected job: {result.status}, {result.attempts_count}")
            wait_bytes = traffic.total_received()
            wait_requests = dict(sorted(traffic.requests.items()))
            wait_by_path = {p: (n, traffic.received[p]) for p, n in wait_requests.items()}

            info = await client.jobs.get(job_id)
            lines = [len(a.logs.log_lines) if a.logs else 0 for a in info.attempts]
            if lines != [LOG_LINES] * ATTEMPTS:
                raise SystemExit(f"expected {ATTEMPTS} attempts of {LOG_LINES} lines: {lines}")

            subjects: dict[str, Callable[[], Awaitable[Any]]] = {
                "jobs.get_light": lambda: client.jobs.get_light(job_id),
                "jobs.get": lambda: client.jobs.get(job_id),
            }
            sizes: dict[str, list[float]] = {name: [] for name in subjects}
            walls: dict[str, list[float]] = {name: [] for name in subjects}
            cpus: dict[str, list[float]] = {name: [] for name in subjects}
            for poll in subjects.values():  # warm up
                await poll()
            for _ in range(args.repeat):
                for name, poll in subjects.items():
                    traffic.clear()
                    cpu0, t0 = cpu_seconds(), time.perf_counter()
                    for _ in range(polls):
                        await poll()
                    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
                    sizes[name].append(traffic.total_received() / polls)
                    walls[name].append(1000 * wall / polls)
                    cpus[name].append(1000 * cpu / polls)

    light, heavy = (statistics.median(sizes[n]) for n in subjects)
    report(
        f"Poll traffic: one job, {ATTEMPTS} attempts x {LOG_LINES:,} log lines, finished",
        [Series(f"{name} body", "bytes", values) for name, values in sizes.items()],
        baseline="jobs.get_light body",
        notes={
            "jobs.get / jobs.get_light bytes": f"{heavy / light:,.0f}x",
            "counted": "response body bytes (TraceConfig), checked against Content-Length",
        },
        json_path=args.json,
    )
    report(
        f"Time per poll, wall ({polls} sequential polls per run; simulator in its own process)",
        [Series(f"{name} wall", "ms", values) for name, values in walls.items()],
        baseline="jobs.get_light wall",
        notes={"wall": "as the caller sees it: the server's work and the loopback included"},
        json_path=args.json,
    )
    report(
        "Client CPU per poll (this process only)",
        [Series(f"{name} client CPU", "ms", values) for name, values in cpus.items()],
        baseline="jobs.get_light client CPU",
        notes={"client CPU": "getrusage: request, response read, orjson, decoding into models"},
        json_path=args.json,
    )
    report(
        f"What jobs.wait sent over one job's life ({ATTEMPTS} attempts of {duration:g} s, 1 run)",
        [
            Series("job life (trigger to result)", "s", [life]),
            Series("jobs.wait requests", "req", [float(sum(wait_requests.values()))]),
            Series("jobs.wait body bytes received", "bytes", [float(wait_bytes)]),
        ],
        notes={
            "jobs.wait by path": ", ".join(
                f"{path.removeprefix('/api/v1/')} x{n} ({size:,} bytes)"
                for path, (n, size) in wait_by_path.items()
            ),
            "trigger (connections/sync, not part of the wait)": f"{trigger_bytes:,} bytes"
            " (its JobInfoRead carries the first attempt's logs)",
            "one jobs.get of the finished job": f"{heavy:,.0f} bytes",
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    asyncio.run(main())
