"""Request overhead: 5,000 ``client.connections.get`` calls at concurrency 50.

The server is a tiny aiohttp app in its own process that answers every
``POST /api/v1/connections/get`` with the same valid ``ConnectionRead`` (a spec-shaped connection
with a two-stream catalog, as the simulator seeds them). Being in another process, its CPU is not
billed to the client: the client's CPU per request is this process's CPU time over the run
divided by the requests (the server's is read from ``/proc`` and shown for reference).

The baseline is the least a caller can do with aiohttp: one ``ClientSession`` with the same
connection limit, the same JSON request body, a status check and ``orjson.loads`` of each body.
aioairbyte adds argument checks, the model encode, retries, error mapping and decoding into
attrs models. ``aioairbyte transport only`` is ``client.transport.request`` with the same body
(retries, error mapping, size limit, ``orjson``; no models): it shows which part of the gap is
the transport and which the models. All run against the same server in the same process, taking
turns run by run.

    python benchmarks/request_overhead.py            # 5,000 requests, 5 runs of each
    python benchmarks/request_overhead.py --quick    # 200 requests, 1 run
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import orjson
from _harness import Series, cpu_seconds, parse_args, report
from _payloads import connection_read
from _servers import fixed_server

from aioairbyte import AirbyteClient
from aioairbyte.api.connections import GET
from aioairbyte.models import ConnectionRead

PATH = "/api/v1/connections/get"
CONCURRENCY = 50
STREAMS = 2  # the simulator's connections carry a two-stream catalog


@dataclass
class RunFigures:
    wall: float
    cpu: float
    server_cpu: float


async def fan(calls: int, concurrency: int, one: Callable[[], Awaitable[object]]) -> None:
    """``calls`` calls of ``one`` by ``concurrency`` workers."""

    async def worker(count: int) -> None:
        for _ in range(count):
            await one()

    share, extra = divmod(calls, concurrency)
    await asyncio.gather(*(worker(share + (i < extra)) for i in range(concurrency)))


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=5)
    calls = 200 if args.quick else 5000
    body = connection_read(random.Random(7), 1, streams=STREAMS, columns=(6, 18))
    connection_id = body["connectionId"]
    raw_body = orjson.dumps(body)

    async with fixed_server(PATH, raw_body) as server:
        client = AirbyteClient(server.url, max_connections=CONCURRENCY)
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY))
        try:
            url = server.url + "/v1/connections/get"
            request = orjson.dumps({"connectionId": connection_id})
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            expected = uuid.UUID(connection_id)

            async def ours() -> None:
                connection = await client.connections.get(connection_id)
                assert connection.connection_id == expected

            async def transport_only() -> None:
                data = await client.transport.request(GET, {"connectionId": connection_id})
                assert data["connectionId"] == connection_id

            async def bare() -> None:
                async with session.post(url, data=request, headers=headers) as response:
                    response.raise_for_status()
                    data = orjson.loads(await response.read())
                assert data["connectionId"] == connection_id

            # Both decode the same answer; aioairbyte's must be a whole ConnectionRead.
            assert isinstance(await client.connections.get(connection_id), ConnectionRead)
            subjects = {
                "aioairbyte": ours,
                "aioairbyte transport only": transport_only,
                "bare aiohttp + orjson": bare,
            }

            async def measure(one: Callable[[], Awaitable[None]]) -> RunFigures:
                gc.collect()
                server0, cpu0, t0 = server.cpu_seconds(), cpu_seconds(), time.perf_counter()
                await fan(calls, CONCURRENCY, one)
                wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
                return RunFigures(wall, cpu, server.cpu_seconds() - server0)

            for one in subjects.values():  # warm up: connections opened, code paths hot
                await fan(min(calls, 500), CONCURRENCY, one)
            figures: dict[str, list[RunFigures]] = {name: [] for name in subjects}
            for _ in range(args.repeat):
                for name, one in subjects.items():
                    figures[name].append(await measure(one))
        finally:
            await client.close()
            await session.close()

    throughput = [
        Series(name, "req/s", [calls / r.wall for r in runs]) for name, runs in figures.items()
    ]
    cpu = [
        Series(f"{name} CPU/request", "us", [1e6 * r.cpu / calls for r in runs])
        for name, runs in figures.items()
    ]
    server_cpu = [
        Series(f"server CPU/request ({name})", "us", [1e6 * r.server_cpu / calls for r in runs])
        for name, runs in figures.items()
    ]
    ours_tp, transport_tp, bare_tp = throughput
    ratio = ours_tp.median / bare_tp.median
    report(
        f"Request overhead: {calls:,} connections.get at concurrency {CONCURRENCY}"
        f" (server in its own process)",
        throughput,
        baseline="bare aiohttp + orjson",
        notes={
            "response body": f"{len(raw_body):,} bytes (ConnectionRead, {STREAMS} streams)",
            "connection limit": f"{CONCURRENCY} on both sides",
            "aioairbyte / baseline throughput": f"{ratio:.2f}x",
            "transport only / baseline throughput": f"{transport_tp.median / bare_tp.median:.2f}x",
        },
        targets={"aioairbyte throughput >= 0.8x baseline": ratio >= 0.8},
        json_path=args.json,
    )
    report(
        "Client CPU per request (this process only; the server's shown for reference)",
        [*cpu, *server_cpu],
        baseline="bare aiohttp + orjson CPU/request",
        notes={
            "method": "getrusage(RUSAGE_SELF) of the client process over each run / requests;"
            " server: /proc/PID/stat of the server process",
            "aioairbyte extra CPU/request": f"{cpu[0].median - cpu[2].median:.0f} us",
            "of which the transport": f"{cpu[1].median - cpu[2].median:.0f} us",
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    asyncio.run(main())
