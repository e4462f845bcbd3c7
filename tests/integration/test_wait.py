"""``client.jobs.wait`` and ``client.jobs.watch`` against the simulated server."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    AuthenticationError,
    FailureReason,
    JobFailedError,
    JobNotFoundError,
    JobTimeoutError,
    JobUpdate,
    NotFoundError,
)
from aioairbyte.models import (
    AttemptFailureOrigin,
    AttemptFailureType,
    AttemptStatus,
    JobConfigType,
    JobStatus,
)
from aioairbyte.simulator import ManualClock, Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import CREDENTIALS, FAST_POLL, serve

GET_LIGHT = "/api/v1/jobs/get_light"
GET = "/api/v1/jobs/get"
LIST = "/api/v1/jobs/list"
STATUS = "/api/v1/connections/status"

SYSTEM_ERROR = FailureReason(
    origin=AttemptFailureOrigin.SOURCE,
    type=AttemptFailureType.SYSTEM_ERROR,
    message="Something went wrong within the source connector",
    retryable=True,
    internal_message="io.airbyte.workers.internal.exception.SourceException: "
    "Source process exited with non-zero exit code 1",
)
CONFIG_ERROR = FailureReason(
    origin=AttemptFailureOrigin.SOURCE,
    type=AttemptFailureType.CONFIG_ERROR,
    message='Incorrect username or password: password authentication failed for user "airbyte"',
    retryable=False,
    internal_message="org.postgresql.util.PSQLException: FATAL: password authentication failed "
    'for user "airbyte"',
)

#: Attempt duration on the manual clock (simulated seconds).
MANUAL_ATTEMPT = 10.0


@pytest.fixture
def clock() -> ManualClock:
    """The clock of ``manual``: simulated time moves only when a test advances it."""
    return ManualClock()


@pytest_asyncio.fixture
async def manual(clock: ManualClock) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    """A simulator on ``clock`` (10 s attempts) and a client of it."""
    async with serve(SimulatorConfig(clock=clock, attempt_duration=MANUAL_ATTEMPT)) as pair:
        yield pair


async def test_succeeded_job_result_fields(
    clock: ManualClock, manual: tuple[SimulatedAirbyte, AirbyteClient]
) -> None:
    sim, client = manual
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    job_id = (await client.connections.sync(cid)).job.id
    clock.advance(MANUAL_ATTEMPT)  # the attempt ends exactly now

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    [served] = sim.jobs_for(cid)
    records = served["attempts"][0]["recordsSynced"]
    assert 1_000 <= records < 50_000
    assert result.job_id == job_id
    assert result.connection_id == cid
    assert result.config_type is JobConfigType.SYNC
    assert result.status is JobStatus.SUCCEEDED
    assert result.succeeded
    assert result.attempts_count == 1
    assert result.records_synced == records
    assert result.bytes_synced == records * 512
    assert result.duration == MANUAL_ATTEMPT
    assert result.failure_reasons == []
    assert [a.status for a in result.attempts] == [AttemptStatus.SUCCEEDED]
    assert result.job.id == job_id


async def test_succeeded_job_on_the_wall_clock(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    job_id = (await client.connections.sync(cid)).job.id

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    assert (result.job_id, result.connection_id, result.status) == (
        job_id,
        cid,
        JobStatus.SUCCEEDED,
    )
    assert result.attempts_count == 1
    assert result.records_synced == sim.jobs_for(cid)[0]["attempts"][0]["recordsSynced"]
    assert result.duration >= 0
    assert result.failure_reasons == []


async def test_fail_then_succeed_reports_incomplete_then_success(
    clock: ManualClock, manual: tuple[SimulatedAirbyte, AirbyteClient]
) -> None:
    """On a manual clock the poll sees the instant between the two attempts: ``incomplete``."""
    sim, client = manual
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await client.connections.sync(cid)).job.id
    clock.advance(MANUAL_ATTEMPT)  # the first attempt just failed: incomplete
    updates: list[JobUpdate] = []

    def on_update(update: JobUpdate) -> None:
        updates.append(update)
        clock.advance(MANUAL_ATTEMPT / 2)  # into the second attempt, then to its end

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5, on_update=on_update)

    assert [(u.status, u.attempt) for u in updates] == [
        (JobStatus.INCOMPLETE, 1),
        (JobStatus.RUNNING, 2),
        (JobStatus.SUCCEEDED, 2),
    ]
    assert {u.job_id for u in updates} == {job_id}
    assert {u.connection_id for u in updates} == {cid}
    assert result.status is JobStatus.SUCCEEDED
    assert result.attempts_count == 2
    assert [a.status for a in result.attempts] == [
        AttemptStatus.FAILED,
        AttemptStatus.SUCCEEDED,
    ]
    first = result.attempts[0].failure_summary
    assert first is not None
    assert [f.failure_type for f in first.failures] == [AttemptFailureType.SYSTEM_ERROR]
    assert result.failure_reasons == []  # those of the last attempt, which succeeded
    assert result.duration == 2 * MANUAL_ATTEMPT


async def test_fail_then_succeed_on_the_wall_clock(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await client.connections.sync(cid)).job.id

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    assert result.status is JobStatus.SUCCEEDED
    assert result.attempts_count == 2
    assert [a.status for a in result.attempts] == [AttemptStatus.FAILED, AttemptStatus.SUCCEEDED]


async def test_failed_job_raises_with_three_attempts_and_reasons(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL)
    job_id = (await client.connections.sync(cid)).job.id

    with pytest.raises(JobFailedError) as caught:
        await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    result = caught.value.result
    assert result.job_id == job_id
    assert result.status is JobStatus.FAILED
    assert result.attempts_count == 3
    assert result.failure_reasons == [SYSTEM_ERROR]
    assert result.records_synced == 0
    assert str(caught.value) == (
        f"sync job {job_id} on connection {cid} failed after 3 attempts: "
        "Something went wrong within the source connector"
    )
    assert sim.job_status(job_id) == "failed"


async def test_config_error_fails_after_one_attempt(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
    job_id = (await client.connections.sync(cid)).job.id

    with pytest.raises(JobFailedError) as caught:
        await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    result = caught.value.result
    assert result.attempts_count == 1
    assert result.failure_reasons == [CONFIG_ERROR]
    assert [r.type for r in result.failure_reasons] == [AttemptFailureType.CONFIG_ERROR]
    assert [r.retryable for r in result.failure_reasons] == [False]
    assert "failed after 1 attempt: Incorrect username or password" in str(caught.value)


async def test_raise_on_failure_false_returns_the_failed_result(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
    job_id = (await client.connections.sync(cid)).job.id

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5, raise_on_failure=False)

    assert result.status is JobStatus.FAILED
    assert not result.succeeded
    assert result.attempts_count == 1
    assert result.failure_reasons == [CONFIG_ERROR]


async def test_timeout_leaves_the_job_running(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await client.connections.sync(cid)).job.id
    started = time.monotonic()

    with pytest.raises(JobTimeoutError) as caught:
        await client.jobs.wait(job_id, poll=FAST_POLL, timeout=0.2)

    assert 0.2 <= time.monotonic() - started < 2
    error = caught.value
    assert error.timeout == 0.2
    assert error.cancelled is False
    assert error.result.job_id == job_id
    assert error.result.status is JobStatus.RUNNING
    assert str(error).endswith("did not end within 0.2s (last seen running); the job keeps running")
    assert error.result.attempts_count == 1  # the server's, read at the deadline
    assert sim.job_status(job_id) == "running"
    assert sim.unfinished_jobs() == [job_id]
    assert "/api/v1/jobs/cancel" not in sim.stats.requests_by_path


async def test_timeout_with_cancel_on_timeout_cancels_the_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await client.connections.sync(cid)).job.id

    with pytest.raises(JobTimeoutError) as caught:
        await client.jobs.wait(job_id, poll=FAST_POLL, timeout=0.2, cancel_on_timeout=True)

    assert caught.value.cancelled is True
    assert str(caught.value).endswith("; the job was cancelled")
    assert sim.job_status(job_id) == "cancelled"
    assert sim.unfinished_jobs() == []
    assert sim.stats.requests_by_path["/api/v1/jobs/cancel"] == 1


async def test_a_deadline_before_the_first_look_still_cancels_a_running_job(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """A wait begun with almost no time left (a trigger resumed after its deadline) is cut off
    before its first look answers: the job is looked at then, and cancelled since it runs."""
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await client.connections.sync(cid)).job.id

    with pytest.raises(JobTimeoutError) as caught:
        await client.jobs.wait(job_id, timeout=1e-6, cancel_on_timeout=True)

    assert caught.value.cancelled is True
    assert caught.value.result.job_id == job_id
    assert sim.job_status(job_id) == "cancelled"
    assert sim.stats.requests_by_path["/api/v1/jobs/cancel"] == 1


async def test_unknown_job_raises_job_not_found_after_one_poll(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    with pytest.raises(JobNotFoundError) as caught:
        await client.jobs.wait(4242, poll=FAST_POLL, timeout=5)

    assert isinstance(caught.value, NotFoundError)
    assert caught.value.status == 500
    assert caught.value.message == "Internal Server Error: Could not find job with id: 4242"
    assert sim.stats.requests_by_path == Counter({GET_LIGHT: 1})


async def test_401_while_polling_ends_the_wait_at_once() -> None:
    config = SimulatorConfig(attempt_duration=0.05, auth=CREDENTIALS)
    async with serve(config) as (sim, client):
        cid = sim.add_connection(outcome=Outcome.HANG)
        job_id = (await client.connections.sync(cid)).job.id
        sim.stats.reset()
        async with AirbyteClient(sim.url, auth=("airbyte", "wrong")) as intruder:
            with pytest.raises(AuthenticationError) as caught:
                await intruder.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

        assert caught.value.status == 401
        assert caught.value.message == "401 Authorization Required"
        assert sim.stats.requests_by_path == Counter({GET_LIGHT: 1})
        assert sim.job_status(job_id) == "running"


async def test_polls_get_light_and_reads_attempts_twice(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """On a 0.40 server a wait nobody listens to polls light and reads the attempts once, at
    the end (after one look for the batch endpoint, which the server lacks: learnt once)."""
    cid = sim.add_connection(outcome=Outcome.SUCCEED, attempt_duration=0.3)
    job_id = (await client.connections.sync(cid)).job.id
    sim.stats.reset()

    result = await client.jobs.wait(job_id, poll=FAST_POLL, timeout=5)

    assert result.status is JobStatus.SUCCEEDED
    requests = sim.stats.requests_by_path
    assert set(requests) == {GET_LIGHT, LIST, STATUS}
    assert requests[STATUS] == 1  # a 404: this client asks no more
    assert requests[GET_LIGHT] >= 4  # a 0.3 s job, polled at most 50 ms apart
    assert requests[LIST] == 1  # the result (without logs); no update counted the attempts
    assert requests[GET] == 0
    assert client.transport.traits.connection_status is False


async def test_result_of_a_job_with_newer_jobs_after_it_is_fetched_without_logs(
    clock: ManualClock, manual: tuple[SimulatedAirbyte, AirbyteClient]
) -> None:
    sim, client = manual
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    job_ids = []
    for _ in range(12):  # the first job ends up twelfth, beyond any small first page
        job_ids.append((await client.connections.sync(cid)).job.id)
        clock.advance(MANUAL_ATTEMPT)
    sim.stats.reset()

    result = await client.jobs.wait(job_ids[0], poll=FAST_POLL, timeout=5)

    assert result.job_id == job_ids[0]
    assert result.status is JobStatus.SUCCEEDED
    assert result.attempts_count == 1
    assert sim.stats.requests_by_path[LIST] == 1  # found through includingJobId
    assert sim.stats.requests_by_path[GET] == 0  # so no logs were fetched


async def test_watch_yields_each_change_until_terminal(
    clock: ManualClock, manual: tuple[SimulatedAirbyte, AirbyteClient]
) -> None:
    sim, client = manual
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await client.connections.sync(cid)).job.id
    # running -> (end of attempt 1) incomplete -> running again -> (end of attempt 2) done
    steps = iter([MANUAL_ATTEMPT, MANUAL_ATTEMPT / 2, MANUAL_ATTEMPT / 2])
    seen = []
    async for update in client.jobs.watch(job_id, poll=FAST_POLL, timeout=5):
        seen.append((update.status, update.attempt))
        clock.advance(next(steps, 0.0))

    assert seen == [
        (JobStatus.RUNNING, 1),
        (JobStatus.INCOMPLETE, 1),
        (JobStatus.RUNNING, 2),
        (JobStatus.SUCCEEDED, 2),
    ]


async def test_watch_raises_timeout_error_when_the_job_does_not_end(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await client.connections.sync(cid)).job.id
    seen = []

    async def watch() -> None:
        async for update in client.jobs.watch(job_id, poll=FAST_POLL, timeout=0.2):
            seen.append(update.status)

    with pytest.raises(TimeoutError):
        await watch()

    assert seen == [JobStatus.RUNNING]
    assert sim.job_status(job_id) == "running"


def test_unknown_status_is_not_terminal() -> None:
    future = JobStatus("waiting_for_capacity")
    assert future.value == "waiting_for_capacity"
    assert not future.is_known
    assert not future.is_terminal
    assert JobStatus("queued") is JobStatus.QUEUED  # 2.x's value is known
    assert not JobStatus.QUEUED.is_terminal
    assert all(JobStatus(s).is_terminal for s in ("succeeded", "failed", "cancelled"))


async def test_wait_goes_on_through_an_unknown_status() -> None:
    """A server newer than the client answers a status it does not know: not an end, the
    wait goes on."""
    base = "http://airbyte.test/api"
    connection_id = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"

    def job(status: str) -> dict[str, object]:
        return {
            "id": 7,
            "configType": "sync",
            "configId": connection_id,
            "createdAt": 1_700_000_000,
            "updatedAt": 1_700_000_030,
            "status": status,
        }

    attempt = {
        "id": 0,
        "status": "succeeded",
        "createdAt": 1_700_000_010,
        "updatedAt": 1_700_000_030,
        "endedAt": 1_700_000_030,
        "recordsSynced": 12,
        "bytesSynced": 3456,
    }
    updates: list[JobUpdate] = []
    with aioresponses() as mocked:
        for status in ("waiting_for_capacity", "waiting_for_capacity", "succeeded"):
            mocked.post(f"{base}/v1/jobs/get_light", payload={"job": job(status)})
        # The attempt count when first seen, then the result.
        for status, attempts in (("waiting_for_capacity", []), ("succeeded", [attempt])):
            mocked.post(
                f"{base}/v1/jobs/list",
                payload={"jobs": [{"job": job(status), "attempts": attempts}], "totalJobCount": 1},
            )
        async with AirbyteClient(base) as client:
            client.transport.traits.connection_status = False  # a server without the batch
            result = await client.jobs.wait(7, poll=FAST_POLL, timeout=5, on_update=updates.append)

        assert len(mocked.requests[("POST", URL(f"{base}/v1/jobs/get_light"))]) == 3
        assert len(mocked.requests[("POST", URL(f"{base}/v1/jobs/list"))]) == 2

    assert [u.status.value for u in updates] == ["waiting_for_capacity", "succeeded"]
    assert not updates[0].status.is_known
    assert result.status is JobStatus.SUCCEEDED
    assert result.job_id == 7
    assert result.attempts_count == 1
    assert (result.records_synced, result.bytes_synced) == (12, 3456)
    assert result.duration == 30.0  # no startedAt: from createdAt to the end of the attempt


@pytest.mark.parametrize(
    ("outcome", "attempts", "final"),
    [(Outcome.FAIL, 3, JobStatus.FAILED), (Outcome.FAIL_THEN_SUCCEED, 2, JobStatus.SUCCEEDED)],
)
async def test_a_retry_between_two_polls_is_reported_as_a_new_attempt(
    clock: ManualClock,
    manual: tuple[SimulatedAirbyte, AirbyteClient],
    outcome: Outcome,
    attempts: int,
    final: JobStatus,
) -> None:
    """running -> running: the status never changes, yet each new attempt is an update with the
    server's count, for one read of the attempts per retry and none for polls that saw nothing."""
    sim, client = manual
    cid = sim.add_connection(outcome=outcome)
    job_id = (await client.connections.sync(cid)).job.id
    sim.stats.reset()
    # Each step lands in the middle of the next attempt (attempts last 10 s +/- 10%).
    steps = iter([MANUAL_ATTEMPT * 1.5] + [MANUAL_ATTEMPT] * attempts)
    updates: list[JobUpdate] = []

    def on_update(update: JobUpdate) -> None:
        updates.append(update)
        clock.advance(next(steps))

    result = await client.jobs.wait(
        job_id, poll=FAST_POLL, timeout=5, on_update=on_update, raise_on_failure=False
    )

    running = [(JobStatus.RUNNING, n) for n in range(1, attempts + 1)]
    assert [(u.status, u.attempt) for u in updates] == [*running, (final, attempts)]
    assert result.status is final
    assert result.attempts_count == attempts
    server = sim.jobs_for(cid)[0]["attempts"]
    assert len(server) == attempts
    requests = sim.stats.requests_by_path
    # The count when first seen, one read per retry, the result; every other poll is light.
    assert requests[LIST] == 1 + (attempts - 1) + 1
    assert requests[GET_LIGHT] == attempts + 1
    assert requests[GET] == 0


async def test_a_triggered_job_that_never_retries_costs_no_request_more(
    clock: ManualClock, manual: tuple[SimulatedAirbyte, AirbyteClient]
) -> None:
    """The trigger's answer carries the job's attempts, so their number is known without a
    read: a job that never retries costs light polls and the result's read, nothing more."""
    sim, client = manual
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    updates: list[JobUpdate] = []

    def on_update(update: JobUpdate) -> None:
        updates.append(update)
        clock.advance(MANUAL_ATTEMPT * 2)

    result = await client.connections.sync_and_wait(
        cid, poll=FAST_POLL, timeout=5, on_update=on_update
    )

    assert result.attempts_count == 1
    assert [(u.status, u.attempt) for u in updates] == [
        (JobStatus.RUNNING, 1),
        (JobStatus.SUCCEEDED, 1),
    ]
    requests = sim.stats.requests_by_path
    assert requests["/api/v1/connections/sync"] == 1
    # The trigger's baseline, the poll that saw the end, the result (and the one look for the
    # batch endpoint this 0.40 server lacks).
    assert (requests[LIST], requests[GET_LIGHT], requests[GET]) == (2, 1, 0)
    assert requests[STATUS] == 1
