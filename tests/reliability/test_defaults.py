"""Waits that never lose a job, with the default settings: faults, outages and deadlines.

Every client here is built with defaults only (no ``retry=``, no ``poll=``): what a new user
gets. The simulator runs on the wall clock with attempts of about a second.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter

import pytest

from aioairbyte import (
    AirbyteClient,
    JobTimeoutError,
    NotStartedError,
    OutcomeStatus,
)
from aioairbyte.models import JobStatus
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte, SimulatorConfig

from ..integration.conftest import leftover_tasks

S = OutcomeStatus
SYNC = "/api/v1/connections/sync"
GET_LIGHT = "/api/v1/jobs/get_light"
CANCEL = "/api/v1/jobs/cancel"

EXPECTED = {
    Outcome.SUCCEED: S.SUCCEEDED,
    Outcome.FAIL_THEN_SUCCEED: S.SUCCEEDED,
    Outcome.FAIL: S.FAILED,
    Outcome.CONFIG_ERROR: S.FAILED,
}


def steady_mix(seed: int) -> Faults:
    """The issue's mix, on every path: 20% 503, 5% 429 (Retry-After 1 s), 5% dropped before
    processing, 20 ms latency."""
    return Faults(
        rate_503=0.20, rate_429=0.05, retry_after=1, drop_before=0.05, latency=0.02, seed=seed
    )


def plan(seed: int, count: int) -> list[Outcome]:
    outcomes = [Outcome.FAIL] * 4 + [Outcome.CONFIG_ERROR] * 4 + [Outcome.FAIL_THEN_SUCCEED] * 6
    outcomes += [Outcome.SUCCEED] * (count - len(outcomes))
    random.Random(seed).shuffle(outcomes)
    return outcomes


@pytest.mark.parametrize("seed", [11, 12, 13])
async def test_steady_fault_mix_with_defaults(seed: int, caplog: pytest.LogCaptureFixture) -> None:
    config = SimulatorConfig(attempt_duration=0.6, jitter=0.2, seed=seed)
    async with SimulatedAirbyte(config=config) as sim:
        planned = {sim.add_connection(outcome=o): o for o in plan(seed, 60)}
        ids = list(planned)
        sim.faults = steady_mix(seed)
        before = asyncio.all_tasks()
        async with AirbyteClient(sim.url) as client:
            result = await client.sync_many(ids, timeout=18)

        mismatched = {
            o.connection_id: (planned[o.connection_id], o.status, o.error)
            for o in result.outcomes
            if o.status is not EXPECTED[planned[o.connection_id]]
        }
        assert mismatched == {}
        assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.unfinished_jobs() == []
        # The faults were met on the trigger and poll paths alike.
        assert sim.stats.faults_injected["503"] > 20
        assert sim.stats.faults_injected["429"] > 3
        attempts = Counter(
            (planned[o.connection_id], o.result.attempts_count if o.result else None)
            for o in result.outcomes
        )
        assert attempts == Counter(
            {
                (Outcome.SUCCEED, 1): 46,
                (Outcome.FAIL_THEN_SUCCEED, 2): 6,
                (Outcome.FAIL, 3): 4,
                (Outcome.CONFIG_ERROR, 1): 4,
            }
        )
        assert leftover_tasks(before) == []
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_outage_while_polling_loses_no_job() -> None:
    config = SimulatorConfig(attempt_duration=3.0)
    async with SimulatedAirbyte(config=config) as sim:
        ids = [sim.add_connection(outcome=Outcome.SUCCEED) for _ in range(5)]
        async with AirbyteClient(sim.url) as client:
            run = asyncio.create_task(client.sync_many(ids, timeout=60))
            await sim.stats.wait_until(lambda s: s.requests_by_path[GET_LIGHT] >= 5)
            sim.faults = Faults(rate_503=1.0)  # every request refused, on every path
            await sim.stats.wait_until(lambda s: s.faults_injected["503"] >= 20)
            outage_over = time.monotonic()
            sim.faults = Faults()
            result = await run
        assert result.summary[S.SUCCEEDED] == 5
        assert [o.result.attempts_count for o in result.outcomes if o.result] == [1] * 5
        assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.unfinished_jobs() == []
        assert time.monotonic() - outage_over < 30


async def test_outage_while_triggering_starts_each_job_once() -> None:
    config = SimulatorConfig(attempt_duration=0.5)
    async with SimulatedAirbyte(config=config) as sim:
        ids = [sim.add_connection(outcome=Outcome.SUCCEED) for _ in range(10)]
        sim.faults = Faults(rate_503=1.0)
        async with AirbyteClient(sim.url) as client:
            run = asyncio.create_task(client.sync_many(ids, timeout=60))
            await sim.stats.wait_until(lambda s: s.faults_injected["503"] >= 6)
            sim.faults = Faults()
            result = await run
        assert result.summary[S.SUCCEEDED] == 10
        assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.unfinished_jobs() == []


async def test_trigger_resent_until_the_deadline_then_not_started() -> None:
    async with SimulatedAirbyte() as sim:
        cid = sim.add_connection(outcome=Outcome.SUCCEED)
        sim.faults = Faults(rate_503=1.0, paths=[SYNC])
        async with AirbyteClient(sim.url) as client:
            started = time.monotonic()
            with pytest.raises(NotStartedError) as info:
                await client.connections.sync_and_wait(cid, timeout=3)
            waited = time.monotonic() - started
        assert 2.9 <= waited < 5  # not given up before the deadline
        assert info.value.result is None
        assert sim.stats.requests_by_path[SYNC] >= 2
        assert sim.stats.jobs_created[cid] == 0


async def test_outage_past_the_deadline_reports_each_job_and_the_failed_cancel() -> None:
    """The deadline passes in an outage: the jobs cannot be cancelled, and every outcome says
    which job it is and that it may still run."""
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(3)]
        async with AirbyteClient(sim.url) as client:
            run = asyncio.create_task(client.sync_many(ids, timeout=2))
            await sim.stats.wait_until(lambda s: s.requests_by_path[GET_LIGHT] >= 3)
            sim.faults = Faults(rate_503=1.0)
            result = await run
        sim.faults = Faults()
        assert result.summary[S.TIMED_OUT] == 3
        running = sorted(sim.unfinished_jobs())
        assert sorted(o.job_id for o in result.outcomes if o.job_id is not None) == running
        for outcome in result.outcomes:
            assert isinstance(outcome.error, JobTimeoutError)
            assert outcome.error.cancelled is False
            assert outcome.error.cancel_error is not None
            assert "may still be running" in str(outcome.error)
            assert outcome.result is not None
            assert outcome.result.status is JobStatus.RUNNING
        async with AirbyteClient(sim.url) as client:
            for job_id in running:
                await client.jobs.cancel(job_id)


async def test_timed_out_job_reports_the_servers_numbers() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        async with AirbyteClient(sim.url) as client:
            with pytest.raises(JobTimeoutError) as info:
                await client.connections.sync_and_wait(cid, timeout=2.5)
        result = info.value.result
        assert info.value.cancelled is True
        assert result.status is JobStatus.CANCELLED
        assert result.attempts_count == 1
        assert result.duration is not None
        assert result.duration >= 2
        assert sim.job_status(result.job_id) == "cancelled"


async def test_timed_out_outcomes_in_a_fan_out_carry_attempts() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=0.5)) as sim:
        ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(3)]
        ids.append(sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED))
        async with AirbyteClient(sim.url) as client:
            result = await client.sync_many(ids, timeout=2.5)
        assert [o.status for o in result.outcomes] == [S.TIMED_OUT] * 3 + [S.SUCCEEDED]
        for outcome in result.outcomes:
            assert outcome.result is not None
            assert outcome.result.attempts_count == (1 if outcome.status is S.TIMED_OUT else 2)
            assert outcome.result.duration is not None
        assert sim.unfinished_jobs() == []


async def test_wait_without_deadline_rides_out_an_outage_with_few_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=2.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.SUCCEED)
        async with AirbyteClient(sim.url) as client:
            job = (await client.connections.sync(cid)).job
            sim.faults = Faults(rate_503=1.0, paths=[GET_LIGHT])
            with caplog.at_level(logging.WARNING, logger="aioairbyte"):
                wait = asyncio.create_task(client.jobs.wait(job.id))
                await sim.stats.wait_until(lambda s: s.faults_injected["503"] >= 7)
                sim.faults = Faults()
                result = await wait
        assert result.succeeded
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert 1 <= len(warnings) <= 2, [r.getMessage() for r in warnings]


async def test_default_poll_schedule_costs_at_most_8_requests_per_job() -> None:
    """50 connections of 3 s jobs: trigger, polls and result in at most 8 requests per job
    (how late ends are seen is measured by ``benchmarks/fanout.py``, not timed here)."""
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=3.0)) as sim:
        ids = [sim.add_connection(outcome=Outcome.SUCCEED) for _ in range(50)]
        async with AirbyteClient(sim.url) as client:
            result = await client.sync_many(ids, timeout=30)
        assert result.ok
        assert sum(sim.stats.requests_by_path.values()) / len(ids) <= 8


# -- truthful cancellation -------------------------------------------------------------------


async def test_wait_cancel_on_timeout_reports_a_failed_cancel() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        async with AirbyteClient(sim.url) as client:
            job = (await client.connections.sync(cid)).job
            sim.faults = Faults(rate_503=1.0, paths=[CANCEL])
            with pytest.raises(JobTimeoutError) as info:
                await client.jobs.wait(job.id, timeout=1.5, cancel_on_timeout=True)
            sim.faults = Faults()
            assert info.value.cancelled is False
            assert info.value.cancel_error is not None
            assert "may still be running" in str(info.value)
            assert info.value.result.attempts_count == 1
            assert sim.job_status(job.id) == "running"
            await client.jobs.cancel(job.id)


async def test_wait_cancel_on_timeout_never_cancels_a_newer_job() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=0.3)) as sim:
        cid = sim.add_connection(outcome=Outcome.SUCCEED)
        async with AirbyteClient(sim.url) as client:
            old = (await client.connections.sync(cid)).job
            done = await client.jobs.wait(old.id, timeout=10)
            sim.set_outcome(cid, Outcome.HANG)
            new = (await client.connections.sync(cid)).job
            # The old job ended: waiting on it returns at once, and cancels nothing.
            again = await client.jobs.wait(old.id, timeout=5, cancel_on_timeout=True)
            assert again.job_id == done.job_id
            assert sim.job_status(new.id) == "running"
            await client.jobs.cancel(new.id)
        assert CANCEL in sim.stats.requests_by_path  # only ours, just above


async def test_callback_timeout_error_is_the_callers_and_the_owned_job_is_cancelled() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)

        def on_update(_: object) -> None:
            raise TimeoutError("the caller's own")

        async with AirbyteClient(sim.url) as client:
            with pytest.raises(TimeoutError) as info:
                await client.connections.sync_and_wait(cid, timeout=30, on_update=on_update)
        assert not isinstance(info.value, JobTimeoutError)
        assert str(info.value) == "the caller's own"
        assert any("was cancelled" in note for note in info.value.__notes__)
        assert sim.unfinished_jobs() == []


async def test_watch_deadline_is_a_job_timeout_error() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        async with AirbyteClient(sim.url) as client:
            job = (await client.connections.sync(cid)).job
            statuses: list[JobStatus] = []

            async def collect() -> None:
                async for update in client.jobs.watch(job.id, timeout=1):
                    statuses.append(update.status)

            with pytest.raises(JobTimeoutError) as info:
                await collect()
            await client.jobs.cancel(job.id)
        assert isinstance(info.value, TimeoutError)
        assert statuses == [JobStatus.RUNNING]
        assert info.value.result.attempts_count == 1
        assert info.value.cancelled is False
