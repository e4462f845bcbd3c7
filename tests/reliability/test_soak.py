"""Fault soak: a fan-out over 300 connections while every path misbehaves.

Each connection has a planned outcome (most succeed, some fail after every attempt, some fail at
once with a config error, some succeed on a retried attempt, a few hang until the fan-out's
deadline cancels them), and every request risks a 503, a 429 with ``Retry-After``, a connection
dropped before or *after* processing, plus latency. The faults are seeded; the client has the
default settings (a wait's requests are retried until its deadline), so the outcome of the run
does not depend on which requests they hit.

The bulk sync must report every connection as planned, with exactly one job per connection, no
job left running, never more requests in flight than its concurrency bound, and nothing left
behind in the client (tasks, sessions: pytest turns ResourceWarnings into errors).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections import Counter

import pytest

from aioairbyte import AirbyteClient, ConnectionOutcome, OutcomeStatus
from aioairbyte.fanout import FanOutEvent
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte, SimulatorConfig

from ..integration.conftest import leftover_tasks

S = OutcomeStatus

CONNECTIONS = 300
PLAN = {
    Outcome.FAIL: 20,
    Outcome.CONFIG_ERROR: 20,
    Outcome.FAIL_THEN_SUCCEED: 30,
    Outcome.HANG: 5,
}  # the rest succeed
EXPECTED = {
    Outcome.SUCCEED: S.SUCCEEDED,
    Outcome.FAIL_THEN_SUCCEED: S.SUCCEEDED,
    Outcome.FAIL: S.FAILED,
    Outcome.CONFIG_ERROR: S.FAILED,
    Outcome.HANG: S.TIMED_OUT,
}
CONCURRENCY = 20
#: One deadline for the whole fan-out. Everything but the hanging jobs ends in 1.5-3.5 s here
#: (the run is CPU-bound: client and server share one core), so there is room for a slow machine.
TIMEOUT = 7.0
#: Attempts of 0.1 s: a failing job (3 attempts) ends in about 0.3 s.
ATTEMPT = 0.1

#: CPU-bound against a wall-clock deadline: under pytest-xdist it shares one worker with the
#: other CPU-timed tests (benchmark runs, cancellation bounds) instead of running beside them.
pytestmark = pytest.mark.xdist_group("cpu-timed")


def faults(seed: int) -> Faults:
    return Faults(
        rate_503=0.20,
        rate_429=0.05,
        retry_after=0.05,
        drop_after=0.05,
        drop_before=0.02,
        latency=0.002,
        seed=seed,
    )


def planned_outcomes(seed: int) -> list[Outcome]:
    plan = [outcome for outcome, count in PLAN.items() for _ in range(count)]
    plan += [Outcome.SUCCEED] * (CONNECTIONS - len(plan))
    random.Random(seed).shuffle(plan)
    return plan


@pytest.mark.parametrize("seed", [1, 2])
async def test_fan_out_under_faults_ends_as_planned(
    seed: int, caplog: pytest.LogCaptureFixture
) -> None:
    config = SimulatorConfig(attempt_duration=ATTEMPT, jitter=0.2, seed=seed)
    async with SimulatedAirbyte(config=config) as sim:
        plan: dict[uuid.UUID, Outcome] = {
            sim.add_connection(outcome=outcome): outcome for outcome in planned_outcomes(seed)
        }
        ids = list(plan)
        sim.faults = faults(seed)
        before = asyncio.all_tasks()
        started = time.perf_counter()

        last_planned_end = 0.0

        def on_update(event: FanOutEvent) -> None:
            nonlocal last_planned_end
            if isinstance(event, ConnectionOutcome) and plan[event.connection_id] != Outcome.HANG:
                last_planned_end = time.perf_counter() - started

        async with AirbyteClient(sim.url) as client:  # the defaults: what a new user gets
            result = await client.sync_many(
                ids, concurrency=CONCURRENCY, timeout=TIMEOUT, on_update=on_update
            )

        wall = time.perf_counter() - started
        stats = sim.stats
        summary = {status.value: count for status, count in result.summary.items()}
        print(
            f"\nsoak seed {seed}: {len(ids)} connections in {wall:.1f}s"
            f" (all but the hanging ones in {last_planned_end:.1f}s), {summary},"
            f" requests {dict(stats.requests_by_path)}, faults {dict(stats.faults_injected)},"
            f" peak in flight {stats.peak_in_flight} (bound {CONCURRENCY})"
        )
        assert [o.connection_id for o in result.outcomes] == ids
        mismatched = {
            o.connection_id: (plan[o.connection_id], o.status, o.error)
            for o in result.outcomes
            if o.status is not EXPECTED[plan[o.connection_id]]
        }
        assert mismatched == {}
        assert result.summary == {
            S.SUCCEEDED: CONNECTIONS - 45,
            S.FAILED: 40,
            S.CANCELLED: 0,
            S.TIMED_OUT: 5,
            S.ERROR: 0,
        }
        assert stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.unfinished_jobs() == []
        assert 1 < stats.peak_in_flight <= CONCURRENCY
        # Every kind of fault was met, on the trigger path too: the run proved something.
        assert set(stats.faults_injected) == {"503", "429", "drop_after", "drop_before", "latency"}
        assert stats.requests_by_path["/api/v1/connections/sync"] > CONNECTIONS
        attempts = Counter(
            (plan[o.connection_id], o.result.attempts_count if o.result else None)
            for o in result.outcomes
            if plan[o.connection_id] is not Outcome.HANG
        )
        assert attempts == Counter(
            {
                (Outcome.SUCCEED, 1): CONNECTIONS - 75,
                (Outcome.FAIL_THEN_SUCCEED, 2): 30,
                (Outcome.FAIL, 3): 20,
                (Outcome.CONFIG_ERROR, 1): 20,
            }
        )
        for outcome in result.outcomes:
            if plan[outcome.connection_id] is Outcome.HANG:
                assert outcome.result is not None  # cancelled by the deadline, not by anyone else
                assert sim.job_status(outcome.result.job_id) == "cancelled"
        assert leftover_tasks(before) == []
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
