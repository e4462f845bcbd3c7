"""``client.sync_many`` / ``client.reset_many`` against the simulated server."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import pytest

from aioairbyte import (
    AirbyteClient,
    BulkSyncError,
    ConflictError,
    ConnectionOutcome,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobCancelledError,
    JobFailedError,
    JobTimeoutError,
    JobUpdate,
    NotFoundError,
    OutcomeStatus,
    PollPolicy,
)
from aioairbyte.fanout import FanOutEvent, NotStartedError
from aioairbyte.models import JobConfigType, JobStatus
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte

from .conftest import FAST_POLL, leftover_tasks

S = OutcomeStatus


def zero_summary(**counts: int) -> dict[OutcomeStatus, int]:
    """A summary with the given counts (by status name) and zeros elsewhere."""
    return {status: counts.get(status.name.lower(), 0) for status in OutcomeStatus}


async def test_mixed_outcomes_in_input_order(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    kinds = [Outcome.SUCCEED, Outcome.FAIL, Outcome.FAIL_THEN_SUCCEED, Outcome.CONFIG_ERROR]
    kinds += [Outcome.HANG]  # cancelled by someone else while it runs (see on_update)
    outcome_of: dict[uuid.UUID, Outcome] = {}
    for index in range(20):
        kind = kinds[index % len(kinds)]
        outcome_of[sim.add_connection(f"c{index:02d}", outcome=kind)] = kind
    ids = list(outcome_of)
    random.Random(7).shuffle(ids)  # input order differs from creation order

    async def cancel_hanging_jobs(event: FanOutEvent) -> None:
        if isinstance(event, JobUpdate) and event.status is JobStatus.RUNNING:
            assert event.connection_id is not None
            if outcome_of[event.connection_id] is Outcome.HANG:
                await client.jobs.cancel(event.job_id)

    result = await client.sync_many(ids, poll=FAST_POLL, timeout=10, on_update=cancel_hanging_jobs)

    expected = {
        Outcome.SUCCEED: S.SUCCEEDED,
        Outcome.FAIL_THEN_SUCCEED: S.SUCCEEDED,
        Outcome.FAIL: S.FAILED,
        Outcome.CONFIG_ERROR: S.FAILED,
        Outcome.HANG: S.CANCELLED,
    }
    assert [o.connection_id for o in result.outcomes] == ids
    assert [o.status for o in result.outcomes] == [expected[outcome_of[i]] for i in ids]
    assert result.summary == zero_summary(succeeded=8, failed=8, cancelled=4)
    assert not result.ok
    assert [o.connection_id for o in result.failures] == [
        i for i in ids if expected[outcome_of[i]] is not S.SUCCEEDED
    ]
    attempts = {
        Outcome.SUCCEED: 1,
        Outcome.FAIL_THEN_SUCCEED: 2,
        Outcome.FAIL: 3,
        Outcome.CONFIG_ERROR: 1,
        Outcome.HANG: 1,
    }
    error_types = {
        S.SUCCEEDED: type(None),
        S.FAILED: JobFailedError,
        S.CANCELLED: JobCancelledError,
    }
    for outcome in result.outcomes:
        kind = outcome_of[outcome.connection_id]
        assert outcome.result is not None
        assert outcome.result.connection_id == outcome.connection_id
        assert outcome.result.attempts_count == attempts[kind]
        assert type(outcome.error) is error_types[outcome.status]
        assert outcome.ok is (outcome.status is S.SUCCEEDED)
    assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
    assert sim.unfinished_jobs() == []


async def test_hanging_connection_times_out_and_its_job_is_cancelled(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ok = [sim.add_connection(outcome=Outcome.SUCCEED) for _ in range(3)]
    hang = sim.add_connection(outcome=Outcome.HANG)

    result = await client.sync_many([*ok, hang], poll=FAST_POLL, timeout=0.3)

    assert [o.status for o in result.outcomes] == [S.SUCCEEDED] * 3 + [S.TIMED_OUT]
    assert result.summary == zero_summary(succeeded=3, timed_out=1)
    timed_out = result.outcomes[3]
    assert isinstance(timed_out.error, JobTimeoutError)
    assert timed_out.error.cancelled is True
    assert timed_out.result is not None
    assert sim.job_status(timed_out.result.job_id) == "cancelled"
    assert sim.unfinished_jobs() == []


async def test_hanging_connection_keeps_running_without_cancel_on_timeout(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    hang = sim.add_connection(outcome=Outcome.HANG)

    result = await client.sync_many([hang], poll=FAST_POLL, timeout=0.2, cancel_on_timeout=False)

    [outcome] = result.outcomes
    assert outcome.status is S.TIMED_OUT
    assert isinstance(outcome.error, JobTimeoutError)
    assert outcome.error.cancelled is False
    assert outcome.result is not None
    assert sim.unfinished_jobs() == [outcome.result.job_id]


async def test_one_connection_failing_to_start_does_not_affect_the_others(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    first, second = sim.add_connection(), sim.add_connection()
    deleted = sim.add_connection()
    await client.connections.delete(deleted)
    unknown = uuid.UUID("00000000-0000-4000-8000-000000000001")

    result = await client.sync_many([first, deleted, unknown, second], poll=FAST_POLL, timeout=5)

    assert [o.status for o in result.outcomes] == [S.SUCCEEDED, S.ERROR, S.ERROR, S.SUCCEEDED]
    assert result.summary == zero_summary(succeeded=2, error=2)
    conflict, missing = result.outcomes[1], result.outcomes[2]
    assert isinstance(conflict.error, ConflictError)
    assert not conflict.error.sync_already_running
    assert conflict.result is None
    assert isinstance(missing.error, NotFoundError)
    assert missing.error.status == 404
    assert missing.error.message == (
        f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {unknown}."
    )
    assert sim.stats.jobs_created == Counter({first: 1, second: 1})


async def test_raise_on_failure_raises_an_exception_group_of_the_failures(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ok = sim.add_connection(outcome=Outcome.SUCCEED)
    failing = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
    unknown = uuid.UUID("00000000-0000-4000-8000-000000000002")

    with pytest.raises(BulkSyncError) as caught:
        await client.sync_many(
            [failing, ok, unknown], poll=FAST_POLL, timeout=5, raise_on_failure=True
        )

    group = caught.value
    assert isinstance(group, ExceptionGroup)
    assert group.message == "2 of 3 connections failed"
    assert [type(e) for e in group.exceptions] == [JobFailedError, NotFoundError]
    failed = group.exceptions[0]
    assert isinstance(failed, JobFailedError)
    assert failed.result.connection_id == failing
    assert sim.stats.jobs_created == Counter({ok: 1, failing: 1})


async def test_raise_on_failure_returns_when_all_succeed(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [sim.add_connection() for _ in range(3)]

    result = await client.sync_many(ids, poll=FAST_POLL, timeout=5, raise_on_failure=True)

    assert result.ok
    assert result.summary == zero_summary(succeeded=3)


async def test_concurrency_bounds_the_requests_in_flight(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [sim.add_connection(attempt_duration=0.1) for _ in range(40)]
    # Every request lingers 20 ms in the server, so concurrent requests overlap there.
    sim.faults = Faults(latency=0.02)
    sim.stats.reset()

    result = await client.sync_many(ids, concurrency=5, poll=FAST_POLL, timeout=20)

    assert result.summary == zero_summary(succeeded=40)
    assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
    assert sim.stats.peak_in_flight == 5


async def test_max_running_bounds_the_jobs_running(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [sim.add_connection(attempt_duration=0.05) for _ in range(6)]
    running_peak = 0

    def on_update(event: FanOutEvent) -> None:
        nonlocal running_peak
        running_peak = max(running_peak, len(sim.unfinished_jobs()))

    result = await client.sync_many(
        ids, max_running=2, poll=FAST_POLL, timeout=10, on_update=on_update
    )

    assert result.summary == zero_summary(succeeded=6)
    assert running_peak == 2


async def test_no_sync_is_started_after_the_deadline(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    first, second, third = (sim.add_connection(attempt_duration=0.3) for _ in range(3))

    result = await client.sync_many(
        [first, second, third], max_running=1, poll=FAST_POLL, timeout=0.4
    )

    assert [o.status for o in result.outcomes] == [S.SUCCEEDED, S.TIMED_OUT, S.TIMED_OUT]
    started_late, never_started = result.outcomes[1], result.outcomes[2]
    assert isinstance(started_late.error, JobTimeoutError)
    assert started_late.error.cancelled is True
    # The third connection's turn comes after the deadline: nothing is started for it.
    assert isinstance(never_started.error, NotStartedError)
    assert never_started.result is None
    assert sim.stats.jobs_created == Counter({first: 1, second: 1})
    assert sim.unfinished_jobs() == []


async def test_triggers_still_resent_at_the_deadline_are_not_started(
    sim: SimulatedAirbyte,
) -> None:
    ids = [sim.add_connection(f"c{i}") for i in range(10)]
    sim.faults = Faults(rate_503=1.0, paths={"/api/v1/connections/sync"})  # an outage
    loop = asyncio.get_running_loop()
    async with AirbyteClient(sim.url) as client:
        started = loop.time()
        result = await client.sync_many(ids, poll=FAST_POLL, timeout=0.4)
        elapsed = loop.time() - started

    assert result.summary == zero_summary(timed_out=len(ids))
    assert all(isinstance(o.error, NotStartedError) for o in result.outcomes)
    assert elapsed < 1.5  # one deadline for the whole fan-out, triggers included
    assert sum(sim.stats.jobs_created.values()) == 0


async def test_cancelling_a_large_fan_out_cancels_every_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(200)]
    before = asyncio.all_tasks()
    running: set[int] = set()
    all_running = asyncio.Event()

    def on_update(event: FanOutEvent) -> None:
        if isinstance(event, JobUpdate) and event.status is JobStatus.RUNNING:
            running.add(event.job_id)
            if len(running) == len(ids):
                all_running.set()

    slow_poll = PollPolicy(first=0.01, backoff=2, max_interval=0.5, jitter=0)
    task = asyncio.create_task(client.sync_many(ids, poll=slow_poll, on_update=on_update))
    await all_running.wait()
    assert len(sim.unfinished_jobs()) == 200

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert sim.unfinished_jobs() == []
    statuses = Counter(sim.job_status(job_id) for job_id in running)
    assert statuses == Counter({"cancelled": 200})
    assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
    assert leftover_tasks(before) == []


async def test_reset_many(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    ids = [sim.add_connection() for _ in range(4)]
    busy = sim.add_connection(outcome=Outcome.HANG)
    sync_job = (await client.connections.sync(busy)).job
    sim.set_outcome(busy, Outcome.SUCCEED)

    result = await client.reset_many([*ids, busy], poll=FAST_POLL, timeout=5)

    assert result.summary == zero_summary(succeeded=5)
    assert [o.connection_id for o in result.outcomes] == [*ids, busy]
    for outcome in result.outcomes:
        assert outcome.result is not None
        assert outcome.result.config_type is JobConfigType.RESET_CONNECTION
    assert sim.job_status(sync_job.id) == "cancelled"
    assert [j["job"]["configType"] for j in sim.jobs_for(busy)] == ["sync", "reset_connection"]
    assert sim.unfinished_jobs() == []


VALID = "00000000-0000-4000-8000-0000000000aa"


@pytest.mark.parametrize(
    ("ids", "kwargs", "error"),
    [
        pytest.param([], {}, InvalidArgumentError, id="empty"),
        pytest.param([VALID, VALID], {}, InvalidArgumentError, id="duplicate"),
        pytest.param(
            [VALID, VALID.upper()], {}, InvalidArgumentError, id="duplicate-other-spelling"
        ),
        pytest.param([VALID, uuid.UUID(VALID)], {}, InvalidArgumentError, id="duplicate-uuid"),
        pytest.param([VALID, "not-a-uuid"], {}, InvalidArgumentError, id="bad-uuid"),
        pytest.param([VALID, 42], {}, InvalidArgumentTypeError, id="not-a-string"),
        pytest.param(VALID, {}, InvalidArgumentTypeError, id="bare-string"),
        pytest.param([VALID], {"concurrency": 0}, InvalidArgumentError, id="concurrency-0"),
        pytest.param([VALID], {"concurrency": "5"}, InvalidArgumentTypeError, id="concurrency-str"),
        pytest.param([VALID], {"max_running": 0}, InvalidArgumentError, id="max-running-0"),
        pytest.param([VALID], {"timeout": -1}, InvalidArgumentError, id="negative-timeout"),
        pytest.param([VALID], {"timeout": 0}, InvalidArgumentError, id="zero-timeout"),
        pytest.param([VALID], {"poll": 0.1}, InvalidArgumentTypeError, id="poll-not-a-policy"),
    ],
)
@pytest.mark.parametrize("method", ["sync_many", "reset_many"])
async def test_invalid_input_is_rejected_before_any_request(
    sim: SimulatedAirbyte,
    client: AirbyteClient,
    method: str,
    ids: Any,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error) as caught:
        await getattr(client, method)(ids, **kwargs)

    assert type(caught.value) is error
    assert sim.stats.requests_by_path == Counter()
    assert sim.stats.jobs_created == Counter()


async def test_on_update_hears_job_updates_and_one_outcome_per_connection(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [
        sim.add_connection(outcome=Outcome.SUCCEED),
        sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED),
        sim.add_connection(outcome=Outcome.CONFIG_ERROR),
    ]
    events: list[FanOutEvent] = []

    async def on_update(event: FanOutEvent) -> None:  # coroutines are accepted too
        events.append(event)

    result = await client.sync_many(ids, poll=FAST_POLL, timeout=5, on_update=on_update)

    outcomes = [e for e in events if isinstance(e, ConnectionOutcome)]
    updates = [e for e in events if isinstance(e, JobUpdate)]
    assert len(outcomes) + len(updates) == len(events)
    assert sorted(o.connection_id for o in outcomes) == sorted(ids)
    assert {o.connection_id: o for o in outcomes} == {o.connection_id: o for o in result.outcomes}
    for connection_id in ids:
        mine = [e for e in events if e.connection_id == connection_id]
        # Job updates first, ending with the terminal status, then the outcome, last.
        assert isinstance(mine[-1], ConnectionOutcome)
        job_updates = mine[:-1]
        assert job_updates
        assert all(isinstance(u, JobUpdate) for u in job_updates)
        assert job_updates[-1].status.is_terminal  # type: ignore[union-attr]
        assert not any(u.status.is_terminal for u in job_updates[:-1])  # type: ignore[union-attr]
        # The attempt numbers are the server's: never down, the last one its final count.
        numbers = [u.attempt for u in job_updates]  # type: ignore[union-attr]
        assert numbers == sorted(numbers)
        assert numbers[-1] == len(sim.jobs_for(connection_id)[0]["attempts"])
    assert [o.status for o in result.outcomes] == [S.SUCCEEDED, S.SUCCEEDED, S.FAILED]
    final = {e.connection_id: e.attempt for e in events if isinstance(e, JobUpdate)}
    assert [final[i] for i in ids] == [1, 2, 1]


# -- Baselines from the fan-out's own answers ---------------------------------------------------


async def test_triggers_take_their_baseline_from_a_fresh_watermark(
    sim: SimulatedAirbyte, client: AirbyteClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aioairbyte.api.jobs import Jobs

    ids = [sim.add_connection(f"c{i:02d}") for i in range(40)]
    # The waits read their job's attempts with jobs/list (includingJobId); baselines do not.
    baselines = 0
    original = Jobs.list

    async def counted(self: Jobs, *args: Any, **kwargs: Any) -> Any:
        nonlocal baselines
        baselines += kwargs.get("including_job_id") is None
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(Jobs, "list", counted)

    result = await client.sync_many(ids, concurrency=4, poll=FAST_POLL, timeout=10)

    assert result.ok
    # Baselines cost a jobs/list only until the first answers came back (about one per
    # request slot), not one per connection.
    assert 1 <= baselines <= 8


async def test_lost_answers_in_a_fan_out_never_claim_an_earlier_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    ids = [sim.add_connection(f"c{i:02d}") for i in range(30)]
    first = await client.sync_many(ids, poll=FAST_POLL, timeout=10)
    earlier = {o.connection_id: o.result.job_id for o in first.outcomes if o.result is not None}
    assert len(earlier) == len(ids)
    # Answers are lost, some after the server started the job and some before: those triggers
    # are reconciled against a baseline that, for most, came from the other triggers' answers.
    # A baseline too low would claim the earlier job of a connection whose request was lost.
    sim.faults = Faults(
        drop_after=0.2, drop_before=0.1, rate_503=0.1, paths={"/api/v1/connections/sync"}, seed=3
    )

    second = await client.sync_many(ids, poll=FAST_POLL, timeout=10)

    assert second.summary == zero_summary(succeeded=len(ids))
    for outcome in second.outcomes:
        assert outcome.result is not None
        [_, newest] = sim.jobs_for(outcome.connection_id)  # oldest first
        assert outcome.result.job_id == newest["job"]["id"]
        assert outcome.result.job_id > earlier[outcome.connection_id]
    assert sim.stats.jobs_created == Counter({cid: 2 for cid in ids})
    assert sim.stats.faults_injected["drop_after"] > 0
    assert sim.stats.faults_injected["drop_before"] + sim.stats.faults_injected["503"] > 0
