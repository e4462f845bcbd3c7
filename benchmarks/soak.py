"""Fault soak: ``sync_many`` over 2,000 connections while every path misbehaves, with an outage.

Every connection has a planned outcome (most succeed, some fail after every attempt, some fail at
once with a config error, some succeed on a retried attempt, a few hang until the fan-out's
deadline cancels them). Every request risks a 503 (20%), a 429 with ``Retry-After`` (5%), a
connection dropped after processing (5%) or before it (2%), plus a few ms of latency; in the
middle of the run, a 5 s outage answers 503 to everything.

The simulated server runs in a thread of its own, so the client's CPU is measured alone (the
main thread's CPU time). The run holds when every connection ended as planned, each got exactly
one job, no job was left unfinished, requests in flight never exceeded the concurrency bound,
no task was left behind and nothing was logged as an error. Exit status 1 when any did not.

    python benchmarks/soak.py            # 2,000 connections, 1 run
    python benchmarks/soak.py --quick    # 100 connections, a 0.5 s outage
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from _harness import Series, parse_args, report

from aioairbyte import AirbyteClient, ConnectionOutcome, OutcomeStatus
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte, SimulatorConfig

T = TypeVar("T")
S = OutcomeStatus

EXPECTED = {
    Outcome.SUCCEED: S.SUCCEEDED,
    Outcome.FAIL_THEN_SUCCEED: S.SUCCEEDED,
    Outcome.FAIL: S.FAILED,
    Outcome.CONFIG_ERROR: S.FAILED,
    Outcome.HANG: S.TIMED_OUT,
}


@dataclass(frozen=True)
class Size:
    connections: int
    attempt: float  # seconds per job attempt (+/- 30%)
    outage_at: float  # seconds into the run
    outage: float  # seconds of 100% 503
    timeout: float  # the fan-out's deadline: what the hanging jobs wait for
    concurrency: int


FULL = Size(connections=2000, attempt=0.5, outage_at=4.0, outage=5.0, timeout=60.0, concurrency=50)
QUICK = Size(connections=100, attempt=0.1, outage_at=0.5, outage=0.5, timeout=8.0, concurrency=20)

# The client has the default settings throughout: a wait's requests are retried until its
# deadline, so the outage needs no retry budget of its own.


def faults(seed: int, *, outage: bool = False) -> Faults:
    return Faults(
        rate_503=1.0 if outage else 0.20,
        rate_429=0.0 if outage else 0.05,
        retry_after=0.05,
        drop_after=0.05,
        drop_before=0.0 if outage else 0.02,
        latency=0.003,
        seed=seed,
    )


def plan(count: int, seed: int) -> list[Outcome]:
    """~7% fail, ~7% config errors, ~10% succeed on a retried attempt, ~0.5% hang (>= 1)."""
    special = [Outcome.HANG] * max(1, count // 200)
    special += [Outcome.FAIL] * (count * 7 // 100)
    special += [Outcome.CONFIG_ERROR] * (count * 7 // 100)
    special += [Outcome.FAIL_THEN_SUCCEED] * (count // 10)
    outcomes = special + [Outcome.SUCCEED] * (count - len(special))
    random.Random(seed).shuffle(outcomes)
    return outcomes


class ServerThread:
    """A :class:`SimulatedAirbyte` on its own event loop in its own thread.

    Every exchange with it is awaited (never a blocking ``.result()`` on the client's loop).
    """

    def __init__(self, config: SimulatorConfig) -> None:
        self.loop = asyncio.new_event_loop()
        self.sim = SimulatedAirbyte(config)
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def __aenter__(self) -> ServerThread:
        self._thread.start()
        await self.run(self.sim.start())
        return self

    async def __aexit__(self, *_: object) -> None:
        try:
            await self.run(self.sim.close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            await asyncio.to_thread(self._thread.join)
            self.loop.close()

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the server's loop and return its result."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call ``fn`` on the server's loop (its state is not shared across threads)."""

        async def call() -> T:
            return fn(*args, **kwargs)

        return await self.run(call())


class ErrorCount(logging.Handler):
    """Counts records at ERROR and above (a failed cleanup is logged, not raised)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class Run:
    wall: float
    cpu: float
    figures: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)


async def soak(size: Size, seed: int, errors: ErrorCount) -> Run:
    config = SimulatorConfig(attempt_duration=size.attempt, jitter=0.3, seed=seed)
    async with ServerThread(config) as server:
        planned: dict[UUID, Outcome] = {
            await server.call(server.sim.add_connection, outcome=outcome): outcome
            for outcome in plan(size.connections, seed)
        }
        ids = list(planned)
        await server.call(setattr, server.sim, "faults", faults(seed))
        errors_before = errors.count
        before = asyncio.all_tasks()
        outage: dict[str, float] = {}
        planned_done = 0.0  # when the last connection that does not hang reported

        def on_update(event: object) -> None:
            nonlocal planned_done
            if (
                isinstance(event, ConnectionOutcome)
                and planned[event.connection_id] != Outcome.HANG
            ):
                planned_done = time.perf_counter() - started

        async def outage_window(started: float) -> None:
            await asyncio.sleep(size.outage_at)
            await server.call(setattr, server.sim, "faults", faults(seed, outage=True))
            outage["start"] = time.perf_counter() - started
            refused_before = await server.call(lambda: server.sim.stats.faults_injected["503"])
            await asyncio.sleep(size.outage)
            await server.call(setattr, server.sim, "faults", faults(seed + 1))
            outage["end"] = time.perf_counter() - started
            refused = await server.call(lambda: server.sim.stats.faults_injected["503"])
            outage["refused"] = refused - refused_before

        async with AirbyteClient(server.sim.url) as client:  # default settings
            cpu0, started = time.thread_time(), time.perf_counter()
            window = asyncio.create_task(outage_window(started))
            try:
                result = await client.sync_many(
                    ids,
                    concurrency=size.concurrency,
                    timeout=size.timeout,
                    on_update=on_update,
                )
                wall, cpu = time.perf_counter() - started, time.thread_time() - cpu0
                await window  # ends long before the deadline the hanging jobs waited for
            finally:
                window.cancel()  # if the fan-out failed, the outage must not outlive it
        leaked = [t for t in asyncio.all_tasks() - before if not t.done()]

        stats = server.sim.stats
        jobs = await server.call(lambda: [stats.jobs_created[i] for i in ids])
        unfinished = await server.call(server.sim.unfinished_jobs)
        requests = await server.call(lambda: dict(stats.requests_by_path))
        injected = await server.call(lambda: dict(stats.faults_injected))
        peak = await server.call(lambda: stats.peak_in_flight)

    mismatched = Counter(
        f"{planned[o.connection_id].value}->{o.status.value}"
        for o in result.outcomes
        if o.status is not EXPECTED[planned[o.connection_id]]
    )
    run = Run(wall=wall, cpu=cpu)
    run.figures = {
        "seed": seed,
        "connections": len(ids),
        "planned": dict(Counter(o.value for o in planned.values())),
        "reported": {s.value: n for s, n in result.summary.items()},
        "outcomes matched / mismatched": f"{len(ids) - sum(mismatched.values())} / "
        f"{sum(mismatched.values())} {dict(mismatched) or ''}".rstrip(),
        "jobs per connection (min / max)": f"{min(jobs)} / {max(jobs)}",
        "unfinished jobs left": len(unfinished),
        "peak in-flight / bound": f"{peak} / {size.concurrency}",
        "leaked tasks": len(leaked),
        "errors logged": errors.count - errors_before,
        "outage": f"{outage['start']:.1f}-{outage['end']:.1f} s, {outage['refused']} requests"
        " refused",
        "wall": f"{wall:.1f} s (deadline {size.timeout:g} s, waited for by the hanging jobs)",
        "all but the hanging jobs done at": f"{planned_done:.1f} s",
        "client CPU": f"{cpu:.2f} s ({1000 * cpu / len(ids):.2f} ms per connection)",
        "requests sent by path": {
            path.removeprefix("/api/v1/"): n for path, n in sorted(requests.items())
        },
        "requests in all": sum(requests.values()),
        "faults injected by kind": dict(sorted(injected.items())),
    }
    run.checks = {
        "every outcome as planned": not mismatched,
        "exactly one job per connection": min(jobs) == max(jobs) == 1,
        "no unfinished job left": not unfinished,
        "in-flight requests within the bound": peak <= size.concurrency,
        "no leaked task": not leaked,
        "nothing logged as an error": errors.count == errors_before,
        # The run proved something: every kind of fault was met, the outage too.
        "every fault kind injected": {"503", "429", "drop_after", "drop_before"} <= set(injected),
        "outage refused requests": outage["refused"] > 0,
    }
    return run


async def main() -> None:
    args = parse_args(__doc__ or "", repeat=1)
    size = QUICK if args.quick else FULL
    logger = logging.getLogger("aioairbyte")
    logger.setLevel(logging.ERROR)  # retries are logged as warnings: thousands of them here
    errors = ErrorCount()
    logger.addHandler(errors)
    logging.getLogger("aiohttp").addHandler(errors)

    runs = [await soak(size, seed, errors) for seed in range(1, args.repeat + 1)]

    several = len(runs) > 1
    notes = {
        f"seed {run.figures['seed']}: {name}" if several else name: value
        for run in runs
        for name, value in run.figures.items()
    }
    checks = {name: all(run.checks[name] for run in runs) for name in runs[0].checks}
    report(
        f"Fault soak: sync_many over {size.connections} connections, 20% 503, 5% 429, "
        f"5% dropped after / 2% before processing, a {size.outage:g} s outage",
        [
            Series("wall", "s", [r.wall for r in runs]),
            Series("client CPU", "s", [r.cpu for r in runs]),
            Series("client CPU/connection", "ms", [1000 * r.cpu / size.connections for r in runs]),
        ],
        notes=notes,
        targets=checks,
        json_path=args.json,
    )
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
