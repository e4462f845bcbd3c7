"""Application tokens: a 1,000-connection ``sync_many`` whose jobs outlive many short tokens.

The simulated server plays a modern Airbyte (``--profile modern``) in its own process, with
tokens of 2 s and jobs of 6 s (+/- 10%): every job's wait outlives three tokens. The subject logs
in with ``ClientCredentials`` and default settings; the baseline is the same fan-out on a server
without security (Airbyte's ``NONE`` auth mode), so the ratio is what tokens cost in wall time.
Each run counts, at the client's session, the token requests, the 401 answers (each one a request
sent with a token that had just expired, renewed and resent) and the requests in all. The bound
the design promises: token requests <= run time / token lifetime + 2, and at most one 401 per
token renewal. The server writes ``exp`` in whole seconds, truncated (as the real one does:
``ApplicationServiceMicronautImpl``, ``epochSecond``), so a token of L seconds really lives
between L - 1 and L; for 2 s tokens the bound is checked with L - 1 (and printed with both).

    python benchmarks/tokens.py            # 1,000 connections, 3 runs of each
    python benchmarks/tokens.py --quick    # 20 connections, 3 s jobs, 1 run
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from _harness import Series, parse_args, report
from _servers import simulator_process

from aioairbyte import AirbyteClient, ClientCredentials
from aioairbyte.fanout import OutcomeStatus

CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-secret-not-a-real-one"
TOKEN_PATH = "/applications/token"


@dataclass
class Run:
    wall: float
    requests: int
    token_requests: int
    unauthorized: int
    succeeded: int


def counting_session(limit: int) -> tuple[aiohttp.ClientSession, dict[str, int]]:
    """A session that counts requests, token requests and 401 answers."""
    counts = {"requests": 0, "tokens": 0, "401": 0}

    async def on_request_end(_: Any, __: Any, params: aiohttp.TraceRequestEndParams) -> None:
        counts["requests"] += 1
        if params.url.path.endswith(TOKEN_PATH):
            counts["tokens"] += 1
        if params.response.status == 401:
            counts["401"] += 1

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_request_end)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit), trace_configs=[trace]
    )
    return session, counts


async def fan_out(url: str, auth: ClientCredentials | None) -> Run:
    session, counts = counting_session(100)
    async with session, AirbyteClient(url, auth=auth, session=session) as client:
        workspace = (await client.workspaces.list())[0].workspace_id
        ids = await client.connections.active_ids(workspace)
        for key in counts:
            counts[key] = 0
        started = time.perf_counter()
        result = await client.sync_many(ids)
        wall = time.perf_counter() - started
    return Run(
        wall,
        counts["requests"],
        counts["tokens"],
        counts["401"],
        result.summary.get(OutcomeStatus.SUCCEEDED, 0),
    )


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=3)
    n, duration, lifetime = (20, 3.0, 2.0) if args.quick else (1000, 6.0, 2.0)
    common = ["--profile", "modern", "--connections", str(n), "--seed", "1"]
    common += ["--attempt-duration", str(duration), "--jitter", "0.1"]
    secured = ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
    secured += ["--token-lifetime", str(lifetime)]
    credentials = ClientCredentials(CLIENT_ID, CLIENT_SECRET)
    runs: dict[str, list[Run]] = {"no auth (NONE)": [], "client credentials": []}
    async with (
        simulator_process(*common) as open_server,
        simulator_process(*common, *secured) as token_server,
    ):
        subjects: dict[str, Callable[[], Awaitable[Run]]] = {
            "no auth (NONE)": lambda: fan_out(open_server.url, None),
            "client credentials": lambda: fan_out(token_server.url, credentials),
        }
        for _ in range(args.repeat):
            for name, subject in subjects.items():
                run = await subject()
                if run.succeeded != n:
                    raise SystemExit(f"{name}: {run.succeeded}/{n} jobs succeeded")
                runs[name].append(run)

    def series(label: str, unit: str, pick: Callable[[Run], float]) -> list[Series]:
        return [Series(f"{name} {label}", unit, [pick(r) for r in rs]) for name, rs in runs.items()]

    tokens = runs["client credentials"]
    # exp is whole seconds: a token lives at least lifetime - 1 s (for lifetimes > 1 s).
    real = lifetime - 1 if lifetime > 1 else lifetime
    bound_held = all(r.token_requests <= r.wall / real + 2 for r in tokens)
    renewals_held = all(r.unauthorized <= max(r.token_requests - 1, 0) for r in tokens)
    report(
        f"Tokens: sync_many over {n} connections, jobs of {duration:g} s, tokens of {lifetime:g} s",
        series("wall", "s", lambda r: r.wall),
        baseline="no auth (NONE) wall",
        json_path=args.json,
    )
    report(
        "Requests per job, token requests included",
        series("requests/job", "req", lambda r: r.requests / n),
        baseline="no auth (NONE) requests/job",
        json_path=args.json,
    )
    report(
        "Token traffic of the client-credentials runs",
        [
            Series("token requests", "req", [float(r.token_requests) for r in tokens]),
            Series("401 answers", "resp", [float(r.unauthorized) for r in tokens]),
            Series("run time / lifetime + 2", "req", [r.wall / lifetime + 2 for r in tokens]),
            Series("run time / (lifetime - 1 s) + 2", "req", [r.wall / real + 2 for r in tokens]),
        ],
        notes={
            "a token per request would be": f"{statistics.median(r.requests for r in tokens):,.0f}"
            " token requests"
        },
        targets={
            "token requests <= run time / (lifetime - 1 s) + 2": bound_held,
            "401s <= token renewals": renewals_held,
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
