"""Cancellation at any point: while triggering, while polling, while cancelling owned jobs.

A fan-out (or a single ``sync_and_wait``) is cancelled at a moment drawn per seed: when the
simulated server has seen the k-th request of some kind (observed, not slept for), then after a
drawn number of event-loop turns, so the cancel lands anywhere from "request just arrived at the
server" to "answer being decoded". Afterwards:

- no job the call started is left unfinished on the server, even one the server creates after
  the caller has gone (a trigger request still in flight when the cancel came);
- no connection got a second job;
- the caller sees ``CancelledError`` promptly (the delay from ``task.cancel()`` is bounded);
- no task is left running, no session left open, and nothing was logged as an error.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from aioairbyte import AirbyteClient, JobTimeoutError, PollPolicy, RetryConfig
from aioairbyte import triggers as triggers_module
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte, SimulatorConfig, Stats

from ..integration.conftest import leftover_tasks

SYNC = "/api/v1/connections/sync"
LIST = "/api/v1/jobs/list"
GET_LIGHT = "/api/v1/jobs/get_light"
CANCEL = "/api/v1/jobs/cancel"

POLL = PollPolicy(first=0.02, backoff=1.5, max_interval=0.1, jitter=0.2)
RETRY = RetryConfig(
    attempts=12, total_timeout=10, initial_backoff=0.005, max_backoff=0.05, max_retry_after=0.1
)
#: From ``task.cancel()`` to the caller seeing ``CancelledError``. The cleanup lets a trigger
#: request in flight finish (here within its 30 ms of latency), cancels the jobs started, and
#: after a lost answer looks for a late job for up to ``_LATE_JOB_WINDOW`` (1 s).
PROPAGATION_BOUND = 2.0
#: Guard against a hang: no test here should come near it.
TEST_LIMIT = 20.0

#: Cancellation delays measured by the seeded tests travel on their reports as this user
#: property, ``(kind, seconds)``; tests/conftest.py prints them in pytest's terminal summary.
DELAY_PROPERTY = "cancel_delay"

#: The delays are wall-clock bounds on CPU-bound work: these tests share a pytest-xdist worker
#: with the other CPU-timed ones (soak, benchmark runs) instead of running beside them.
pytestmark = pytest.mark.xdist_group("cpu-timed")


def faults_for(rng: random.Random, seed: int) -> Faults:
    """Half the seeds: faults everywhere; the other half: latency on the trigger only, so that
    every sync request is still being processed by the server for a while."""
    if seed % 2:
        return Faults(latency=0.03, paths={SYNC}, seed=seed)
    return Faults(
        rate_503=0.1,
        rate_429=0.05,
        retry_after=0.02,
        drop_after=0.05,
        drop_before=0.03,
        latency=rng.choice([0.002, 0.01]),
        seed=seed,
    )


async def turns(count: int) -> None:
    """Let the event loop run ``count`` times: a cancel point between two observed events."""
    for _ in range(count):
        await asyncio.sleep(0)


async def first_of(
    condition: Callable[[Stats], bool], stats: Stats, task: asyncio.Task[Any]
) -> bool:
    """Wait until ``condition`` holds on the server, or ``task`` ends; whether it held."""
    watcher = asyncio.ensure_future(stats.wait_until(condition))
    try:
        await asyncio.wait([watcher, task], return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
    return condition(stats)


async def cancel_and_time(task: asyncio.Task[Any]) -> float:
    """Cancel ``task``, wait for it; seconds until it ended. It must end cancelled."""
    started = time.perf_counter()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return time.perf_counter() - started


async def settled(sim: SimulatedAirbyte) -> None:
    """Wait until the server has finished every request it received (a request abandoned by
    the client may still be creating a job), so that what is left can be asserted."""
    await sim.stats.wait_until(lambda s: s.in_flight == 0)


def assert_clean(sim: SimulatedAirbyte, caplog: pytest.LogCaptureFixture) -> None:
    assert sim.unfinished_jobs() == []
    assert max(sim.stats.jobs_created.values(), default=0) <= 1  # never a second job
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


def moment(rng: random.Random, phase: str, connections: int) -> tuple[str, int]:
    """Which request to wait for, and the how-manieth, for a cancel in ``phase``."""
    if phase == "trigger":
        return SYNC, rng.randint(1, connections)
    return GET_LIGHT, rng.randint(1, connections)


# -- the gap: a trigger processed by the server after the caller gave up ---------------------------


async def started_sync(
    sim: SimulatedAirbyte, client: AirbyteClient, connection_id: uuid.UUID
) -> asyncio.Task[Any]:
    """A ``sync_and_wait`` task, once its sync request has reached the server."""
    task = asyncio.create_task(client.connections.sync_and_wait(connection_id, poll=POLL))
    assert await first_of(lambda s: s.requests_by_path[SYNC] == 1, sim.stats, task)
    return task


@pytest.mark.parametrize(
    ("latency", "grace"),
    [
        pytest.param(0.2, triggers_module.SETTLE_REQUEST, id="answered-within-the-grace"),
        # Slower than the grace (shortened here to keep the test fast): the request is
        # abandoned, and the job is found by looking at the connection again.
        pytest.param(0.35, 0.15, id="answered-after-the-grace"),
    ],
)
async def test_sync_processed_after_the_caller_cancelled_is_cancelled(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, latency: float, grace: float
) -> None:
    """The server has the whole sync request and starts the job after the caller cancelled.

    Before the fix, the cleanup looked for the job at once, found nothing (the server had not
    created it yet) and returned: the sync then ran on with nobody to stop it.
    """
    monkeypatch.setattr(triggers_module, "SETTLE_REQUEST", grace)
    async with SimulatedAirbyte(SimulatorConfig(attempt_duration=0.05)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        sim.faults = Faults(latency=latency, paths={SYNC})
        before = asyncio.all_tasks()
        async with AirbyteClient(sim.url, retry=RETRY) as client:
            task = await started_sync(sim, client, cid)
            delay = await cancel_and_time(task)
        await settled(sim)

        [job] = sim.jobs_for(cid)
        assert job["job"]["status"] == "cancelled"
        assert sim.stats.requests_by_path[CANCEL] == 1
        assert_clean(sim, caplog)
        assert leftover_tasks(before) == []
        # Bounded by the server's own delay (plus a look or two), not by any client timeout.
        assert latency <= delay < latency + 0.5


async def test_job_created_after_the_look_window_is_left_running(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The limit, stated: the cleanup is bounded, so a server slower than the grace and the
    window together starts a job nobody cancels. (Windows shortened here to keep this fast.)"""
    monkeypatch.setattr(triggers_module, "SETTLE_REQUEST", 0.05)
    monkeypatch.setattr(triggers_module, "LATE_JOB_WINDOW", 0.1)
    async with SimulatedAirbyte(SimulatorConfig(attempt_duration=0.05)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        sim.faults = Faults(latency=0.4, paths={SYNC})
        async with AirbyteClient(sim.url, retry=RETRY) as client:
            task = await started_sync(sim, client, cid)
            delay = await cancel_and_time(task)
        await settled(sim)

        assert delay < 0.4  # the caller did not wait for the server
        [job] = sim.jobs_for(cid)
        assert job["job"]["status"] == "running"
        assert sim.stats.requests_by_path[LIST] >= 3  # it did look again, more than once


async def test_409_after_a_lost_answer_is_our_job_and_cancelled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The first sync times out on the client but starts the job late; the resend is throttled,
    and the one after it gets 409 for that job. It is ours: adopted, hence cancelled on timeout
    (it used to be "attached", and left running)."""
    async with SimulatedAirbyte(SimulatorConfig(attempt_duration=0.05)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        sim.faults = Faults(latency=0.3, paths={SYNC})
        caplog.set_level(logging.INFO, logger="aioairbyte")
        retry = attrs.evolve(RETRY, max_retry_after=1.0)  # wait out the 429's 0.5 s
        async with AirbyteClient(sim.url, retry=retry, timeout=0.1) as client:
            task = asyncio.create_task(
                client.connections.sync_and_wait(cid, poll=POLL, timeout=0.9)
            )
            assert await first_of(lambda s: s.requests_by_path[SYNC] == 1, sim.stats, task)
            sim.faults = Faults(rate_429=1.0, retry_after=0.5, paths={SYNC})
            assert await first_of(lambda s: s.requests_by_path[SYNC] == 2, sim.stats, task)
            sim.faults = Faults()
            with pytest.raises(JobTimeoutError) as caught:
                await task

        assert sim.stats.requests_by_path[SYNC] == 3
        assert caught.value.cancelled is True
        [job] = sim.jobs_for(cid)
        assert job["job"]["status"] == "cancelled"
        assert "adopted job 1" in caplog.text  # on the 409, not from a sync of its own
        assert_clean(sim, caplog)


# -- cancelling again while the owned jobs are being cancelled -------------------------------------


async def test_second_cancel_during_the_cleanup_does_not_stop_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with SimulatedAirbyte(SimulatorConfig(attempt_duration=0.05)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        # Every request lingers, so the cleanup (a look, then the cancel) takes a while.
        sim.faults = Faults(latency=0.1)
        before = asyncio.all_tasks()
        async with AirbyteClient(sim.url, retry=RETRY) as client:
            task = asyncio.create_task(client.connections.sync_and_wait(cid, poll=POLL))
            assert await first_of(lambda s: s.requests_by_path[GET_LIGHT] == 1, sim.stats, task)
            await sim.stats.wait_until(lambda s: s.in_flight == 0)
            lists = sim.stats.requests_by_path[LIST]
            started = time.perf_counter()
            task.cancel()
            # The cleanup's look at the connection has reached the server: cancel again, twice.
            assert await first_of(lambda s: s.requests_by_path[LIST] > lists, sim.stats, task)
            task.cancel()
            assert await first_of(lambda s: s.requests_by_path[CANCEL] == 1, sim.stats, task)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            delay = time.perf_counter() - started

        [job] = sim.jobs_for(cid)
        assert job["job"]["status"] == "cancelled"
        assert_clean(sim, caplog)
        assert leftover_tasks(before) == []
        assert 0.2 <= delay < 0.2 + 0.5  # the two cleanup requests, 0.1 s each, and no more


async def test_second_cancel_of_a_fan_out_during_its_cleanup(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with SimulatedAirbyte(SimulatorConfig(attempt_duration=0.05)) as sim:
        ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(30)]
        sim.faults = Faults(latency=0.02)
        before = asyncio.all_tasks()
        async with AirbyteClient(sim.url, retry=RETRY) as client:
            task = asyncio.create_task(client.sync_many(ids, concurrency=5, poll=POLL))
            assert await first_of(lambda s: s.requests_by_path[GET_LIGHT] >= 30, sim.stats, task)
            started = time.perf_counter()
            task.cancel()
            assert await first_of(lambda s: s.requests_by_path[CANCEL] >= 10, sim.stats, task)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            delay = time.perf_counter() - started

        await settled(sim)
        assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.stats.requests_by_path[CANCEL] == 30
        assert_clean(sim, caplog)
        assert leftover_tasks(before) == []
        assert delay < PROPAGATION_BOUND


# -- cancelled at random moments, many seeds ---------------------------------------------

FAN_OUT_SEEDS = range(18)
SINGLE_SEEDS = range(14)


def planned(rng: random.Random, count: int) -> list[Outcome]:
    kinds = [Outcome.SUCCEED, Outcome.HANG, Outcome.FAIL_THEN_SUCCEED, Outcome.CONFIG_ERROR]
    return [rng.choice(kinds) for _ in range(count)]


@pytest.mark.parametrize("seed", FAN_OUT_SEEDS)
async def test_fan_out_cancelled_at_a_random_moment(
    seed: int, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(seed)
    count = rng.randint(30, 45)
    phase = ["trigger", "poll", "cleanup"][seed % 3]
    config = SimulatorConfig(attempt_duration=rng.choice([0.05, 0.2]), jitter=0.3, seed=seed)
    async with SimulatedAirbyte(config) as sim:
        ids = [sim.add_connection(outcome=outcome) for outcome in planned(rng, count)]
        sim.faults = faults_for(rng, seed)
        before = asyncio.all_tasks()
        async with asyncio.timeout(TEST_LIMIT), AirbyteClient(sim.url, retry=RETRY) as client:
            concurrency = rng.choice([5, 20, 50])
            task = asyncio.create_task(client.sync_many(ids, concurrency=concurrency, poll=POLL))
            path, nth = moment(rng, "trigger" if phase == "trigger" else "poll", count)
            # HANG jobs poll forever and every connection triggers: the moment always comes.
            assert await first_of(lambda s: s.requests_by_path[path] >= nth, sim.stats, task)
            await turns(rng.randint(0, 6))
            started = time.perf_counter()
            task.cancel()
            if phase == "cleanup":
                lists = sim.stats.requests_by_path[LIST]
                await first_of(lambda s: s.requests_by_path[LIST] > lists, sim.stats, task)
                await turns(rng.randint(0, 6))
                task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            delay = time.perf_counter() - started
            await settled(sim)

        request.node.user_properties.append((DELAY_PROPERTY, ("fan-out", delay)))
        assert_clean(sim, caplog)
        assert leftover_tasks(before) == []
        assert delay < PROPAGATION_BOUND, f"{phase}: cancelled after {delay:.2f}s"


@pytest.mark.parametrize("seed", SINGLE_SEEDS)
async def test_sync_and_wait_cancelled_at_a_random_moment(
    seed: int, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(1000 + seed)
    config = SimulatorConfig(attempt_duration=0.2, seed=seed)
    async with SimulatedAirbyte(config) as sim:
        cid = sim.add_connection(outcome=rng.choice([Outcome.SUCCEED, Outcome.HANG]))
        sim.faults = faults_for(rng, seed)
        before = asyncio.all_tasks()
        async with asyncio.timeout(TEST_LIMIT), AirbyteClient(sim.url, retry=RETRY) as client:
            task = asyncio.create_task(client.connections.sync_and_wait(cid, poll=POLL))
            # Any request: the baseline look, the sync (maybe resent), reconciling, polling.
            nth = rng.randint(1, 6)
            total = lambda s: sum(s.requests_by_path.values())  # noqa: E731
            await first_of(lambda s: total(s) >= nth, sim.stats, task)
            await turns(rng.randint(0, 6))
            if task.done():  # the job ended first: nothing left to cancel
                await task
                delay = 0.0
            else:
                delay = await cancel_and_time(task)
            await settled(sim)

        request.node.user_properties.append((DELAY_PROPERTY, ("sync_and_wait", delay)))
        assert_clean(sim, caplog)
        assert leftover_tasks(before) == []
        assert delay < PROPAGATION_BOUND
