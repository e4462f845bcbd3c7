"""``sync_and_wait`` / ``reset_and_wait``: no duplicate syncs, attach on 409, owned-job cleanup."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from aioairbyte import (
    AirbyteClient,
    AirbyteError,
    ConflictError,
    JobFailedError,
    JobTimeoutError,
    JobUpdate,
    NotStartedError,
)
from aioairbyte.models import AttemptFailureType, JobConfigType, JobStatus
from aioairbyte.reconcile import cancel_owned
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte

from .conftest import FAST_POLL, FAST_RETRY, early_in_a_second

SYNC = "/api/v1/connections/sync"
CANCEL = "/api/v1/jobs/cancel"
ONLY_SYNC = frozenset({SYNC})


class UpdateLog:
    """An ``on_update`` callback that records updates and signals the first one."""

    def __init__(self) -> None:
        self.updates: list[JobUpdate] = []
        self.started = asyncio.Event()

    def __call__(self, update: JobUpdate) -> None:
        self.updates.append(update)
        self.started.set()


async def test_sync_and_wait_succeeds_with_one_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    log = UpdateLog()

    result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5, on_update=log)

    [served] = sim.jobs_for(cid)
    assert result.job_id == served["job"]["id"]
    assert result.connection_id == cid
    assert result.config_type is JobConfigType.SYNC
    assert result.status is JobStatus.SUCCEEDED
    assert result.attempts_count == 1
    assert log.updates[-1].status is JobStatus.SUCCEEDED
    assert sim.stats.jobs_created == Counter({cid: 1})
    assert sim.stats.requests_by_path[SYNC] == 1


async def test_sync_and_wait_raises_job_failed(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.CONFIG_ERROR)

    with pytest.raises(JobFailedError) as caught:
        await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)

    assert caught.value.result.attempts_count == 1
    assert [r.type for r in caught.value.result.failure_reasons] == [
        AttemptFailureType.CONFIG_ERROR
    ]


# -- 409 "A sync is already running" ----------------------------------------------------------


async def test_attach_to_a_running_sync_and_wait_for_it(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED, attempt_duration=0.3)
    running = (await client.connections.sync(cid)).job

    result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)

    assert result.job_id == running.id
    assert result.status is JobStatus.SUCCEEDED
    assert sim.stats.jobs_created == Counter({cid: 1})
    assert sim.stats.requests_by_path[SYNC] == 2  # ours, answered 409, and the other one


async def test_attached_job_is_not_cancelled_on_timeout(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    running = (await client.connections.sync(cid)).job

    with pytest.raises(JobTimeoutError) as caught:
        await client.connections.sync_and_wait(
            cid, if_running="attach", poll=FAST_POLL, timeout=0.2, cancel_on_timeout=True
        )

    assert caught.value.result.job_id == running.id
    assert caught.value.cancelled is False
    assert sim.job_status(running.id) == "running"
    assert sim.stats.jobs_created == Counter({cid: 1})
    assert CANCEL not in sim.stats.requests_by_path


async def test_attached_job_is_not_cancelled_when_the_waiter_is(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    running = (await client.connections.sync(cid)).job
    log = UpdateLog()
    task = asyncio.create_task(client.connections.sync_and_wait(cid, poll=FAST_POLL, on_update=log))
    await log.started.wait()

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert [u.job_id for u in log.updates] == [running.id]
    assert sim.job_status(running.id) == "running"
    assert sim.stats.jobs_created == Counter({cid: 1})
    assert CANCEL not in sim.stats.requests_by_path


async def test_cancel_attached_cancels_on_timeout(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    running = (await client.connections.sync(cid)).job

    with pytest.raises(JobTimeoutError) as caught:
        await client.connections.sync_and_wait(
            cid, poll=FAST_POLL, timeout=0.2, cancel_attached=True
        )

    assert caught.value.result.job_id == running.id
    assert caught.value.cancelled is True
    assert sim.job_status(running.id) == "cancelled"
    assert sim.unfinished_jobs() == []


async def test_cancel_attached_cancels_when_the_waiter_is_cancelled(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    running = (await client.connections.sync(cid)).job
    log = UpdateLog()
    task = asyncio.create_task(
        client.connections.sync_and_wait(cid, poll=FAST_POLL, on_update=log, cancel_attached=True)
    )
    await log.started.wait()

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert sim.job_status(running.id) == "cancelled"
    assert sim.unfinished_jobs() == []


async def test_if_running_error_raises_conflict(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    running = (await client.connections.sync(cid)).job

    with pytest.raises(ConflictError) as caught:
        await client.connections.sync_and_wait(cid, if_running="error", poll=FAST_POLL)

    assert caught.value.status == 409
    assert caught.value.sync_already_running
    assert caught.value.message == f"A sync is already running for: {cid}"
    assert sim.job_status(running.id) == "running"
    assert sim.stats.jobs_created == Counter({cid: 1})


async def test_deleted_connection_conflict_is_not_attached(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection()
    await client.connections.delete(cid)

    with pytest.raises(ConflictError) as caught:
        await client.connections.sync_and_wait(cid, poll=FAST_POLL)

    assert not caught.value.sync_already_running
    assert "the connection is deleted" in caught.value.message
    assert sim.stats.jobs_created == Counter()
    assert sim.stats.requests_by_path[SYNC] == 1


# -- ambiguous triggers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "attempt_duration", "status", "first_seen"),
    [
        pytest.param(Outcome.SUCCEED, 0.3, JobStatus.SUCCEEDED, JobStatus.RUNNING, id="slow"),
        pytest.param(
            Outcome.SUCCEED, 0.001, JobStatus.SUCCEEDED, JobStatus.SUCCEEDED, id="instant"
        ),
        pytest.param(
            Outcome.CONFIG_ERROR, 0.001, JobStatus.FAILED, JobStatus.FAILED, id="instant-failure"
        ),
    ],
)
async def test_answer_lost_after_the_sync_started_adopts_the_job(
    sim: SimulatedAirbyte,
    client: AirbyteClient,
    outcome: Outcome,
    attempt_duration: float,
    status: JobStatus,
    first_seen: JobStatus,
) -> None:
    """The server starts the sync, then the connection drops before the answer: no resend."""
    cid = sim.add_connection(outcome=outcome, attempt_duration=attempt_duration)
    sim.faults = Faults(drop_after=1.0, paths=ONLY_SYNC)
    log = UpdateLog()

    result = await client.connections.sync_and_wait(
        cid, poll=FAST_POLL, timeout=5, on_update=log, raise_on_failure=False
    )

    [served] = sim.jobs_for(cid)
    assert result.job_id == served["job"]["id"]
    assert result.status is status
    assert log.updates[0].status is first_seen  # "instant" jobs ended before the client looked
    assert sim.stats.faults_injected == Counter({"drop_after": 1})
    assert sim.stats.requests_by_path[SYNC] == 1
    assert sim.stats.jobs_created == Counter({cid: 1})


async def test_adopted_job_is_owned_and_cancelled_with_the_waiter(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    sim.faults = Faults(drop_after=1.0, paths=ONLY_SYNC)
    log = UpdateLog()
    task = asyncio.create_task(client.connections.sync_and_wait(cid, poll=FAST_POLL, on_update=log))
    await log.started.wait()

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert sim.stats.jobs_created == Counter({cid: 1})
    assert sim.job_status(log.updates[0].job_id) == "cancelled"
    assert sim.unfinished_jobs() == []


async def test_request_dropped_before_processing_is_sent_again_once(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    # Seed 1 draws 0.134 (< 0.5: dropped unprocessed), then 0.847 (processed).
    sim.faults = Faults(drop_before=0.5, paths=ONLY_SYNC, seed=1)

    result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)

    assert result.status is JobStatus.SUCCEEDED
    assert sim.stats.faults_injected == Counter({"drop_before": 1})
    assert sim.stats.requests_by_path[SYNC] == 2
    assert sim.stats.jobs_created == Counter({cid: 1})


async def test_requests_never_answered_give_up_without_a_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    sim.faults = Faults(drop_before=1.0, paths=ONLY_SYNC)

    # Each lost request is reconciled (no job) and resent, until the deadline.
    with pytest.raises(NotStartedError) as caught:
        await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=1.5)

    assert caught.value.result is None
    assert sim.stats.requests_by_path[SYNC] > FAST_RETRY.attempts
    assert sim.stats.jobs_created == Counter()


async def test_lost_request_does_not_adopt_a_job_someone_else_started(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """Someone else's sync started just before ours; ours is lost before reaching the server.

    The other job is not ours: it must not be adopted as owned, hence never cancelled by us.
    """
    cid = sim.add_connection(outcome=Outcome.HANG)
    await early_in_a_second()
    async with AirbyteClient(sim.url) as someone_else:
        theirs = (await someone_else.connections.sync(cid)).job
    sim.faults = Faults(drop_before=1.0, paths=ONLY_SYNC)

    with pytest.raises(AirbyteError):
        await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=0.2)

    # Not adopted as owned (a clock-based reconciliation did, then cancelled it).
    assert sim.job_status(theirs.id) == "running"


async def test_lost_request_does_not_report_an_earlier_job_as_its_own(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED, attempt_duration=0.001)
    await early_in_a_second()
    earlier = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)
    sim.faults = Faults(drop_before=1.0, paths=ONLY_SYNC)

    try:
        result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=1.5)
    except NotStartedError:
        pass  # right: no sync could be started
    else:  # a clock-based reconciliation adopted the earlier job, reported as its own
        pytest.fail(f"reported job {result.job_id} as its own (the earlier job: {earlier.job_id})")

    assert sim.stats.jobs_created == Counter({cid: 1})


# -- resets ---------------------------------------------------------------------------------------


async def test_reset_and_wait_cancels_the_running_sync(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    sync_job = (await client.connections.sync(cid)).job
    sim.set_outcome(cid, Outcome.SUCCEED)  # the reset job, created next, succeeds

    result = await client.connections.reset_and_wait(cid, poll=FAST_POLL, timeout=5)

    assert result.config_type is JobConfigType.RESET_CONNECTION
    assert result.status is JobStatus.SUCCEEDED
    assert result.connection_id == cid
    assert result.job_id != sync_job.id
    assert sim.job_status(sync_job.id) == "cancelled"
    served = sim.jobs_for(cid)
    assert [(j["job"]["configType"], j["job"]["status"]) for j in served] == [
        ("sync", "cancelled"),
        ("reset_connection", "succeeded"),
    ]
    cancelled_failure = served[0]["attempts"][-1]["failureSummary"]["failures"][0]
    assert cancelled_failure["failureType"] == "manual_cancellation"
    assert sim.stats.jobs_created == Counter({cid: 2})


# -- cancellation ownership -----------------------------------------------------------------------


async def test_cancelling_the_waiter_cancels_the_owned_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    log = UpdateLog()
    task = asyncio.create_task(client.connections.sync_and_wait(cid, poll=FAST_POLL, on_update=log))
    await log.started.wait()
    job_id = log.updates[0].job_id
    assert sim.unfinished_jobs() == [job_id]

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert task.cancelled()
    assert sim.unfinished_jobs() == []
    assert sim.job_status(job_id) == "cancelled"
    assert sim.stats.requests_by_path[CANCEL] == 1


async def test_owned_job_is_cancelled_on_timeout(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)

    with pytest.raises(JobTimeoutError) as caught:
        await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=0.2)

    assert caught.value.cancelled is True
    assert sim.job_status(caught.value.result.job_id) == "cancelled"
    assert sim.unfinished_jobs() == []


async def test_slow_poll_does_not_hold_the_wait_past_its_deadline(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    # Every poll takes 5 s to answer: the 0.3 s deadline must cut the one in flight.
    sim.faults = Faults(latency=5.0, paths={"/api/v1/jobs/get_light"})
    loop = asyncio.get_running_loop()
    started = loop.time()

    with pytest.raises(JobTimeoutError) as caught:
        await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=0.3)

    assert loop.time() - started < 2.0
    assert caught.value.cancelled is True
    assert sim.unfinished_jobs() == []


async def test_deadline_holds_while_the_trigger_is_resent_through_an_outage(
    sim: SimulatedAirbyte,
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    sim.faults = Faults(rate_503=1.0, paths=ONLY_SYNC)
    # Resends go on until the deadline, with the default settings: the 0.3 s deadline stops them.
    loop = asyncio.get_running_loop()
    async with AirbyteClient(sim.url) as client:
        started = loop.time()
        with pytest.raises(NotStartedError, match="deadline passed while triggering"):
            await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=0.3)
        elapsed = loop.time() - started

    assert elapsed < 1.5
    assert sim.stats.requests_by_path[SYNC] >= 2  # it was being resent when the deadline came
    assert sim.stats.jobs_created[cid] == 0
    assert sim.unfinished_jobs() == []


async def test_owned_job_keeps_running_without_cancel_on_timeout(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)

    with pytest.raises(JobTimeoutError) as caught:
        await client.connections.sync_and_wait(
            cid, poll=FAST_POLL, timeout=0.2, cancel_on_timeout=False
        )

    assert caught.value.cancelled is False
    assert sim.unfinished_jobs() == [caught.value.result.job_id]


async def test_stale_job_id_does_not_cancel_the_newer_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    old = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)
    sim.set_outcome(cid, Outcome.HANG)
    new = (await client.connections.sync(cid)).job

    stale = await cancel_owned(client.jobs, cid, old.job_id)
    assert stale.sent is False
    assert stale.job is None
    assert sim.job_status(new.id) == "running"
    assert CANCEL not in sim.stats.requests_by_path

    current = await cancel_owned(client.jobs, cid, new.id)
    assert current.sent is True
    assert current.job is not None
    assert current.job.status is JobStatus.CANCELLED
    assert sim.job_status(new.id) == "cancelled"
    assert sim.job_status(old.job_id) == "succeeded"


async def test_server_cancel_of_a_stale_id_hits_the_newer_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """Why ``cancel_owned`` checks first: the server cancels the connection's current job."""
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    old = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)
    sim.set_outcome(cid, Outcome.HANG)
    new = (await client.connections.sync(cid)).job

    await client.jobs.cancel(old.job_id)

    assert sim.job_status(new.id) == "cancelled"
    assert sim.job_status(old.job_id) == "succeeded"
