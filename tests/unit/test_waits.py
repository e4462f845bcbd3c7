"""Waits against a mocked server: a definite error never loses the job, transient ones never
end the wait, and every exception is an ``AirbyteError``."""

from __future__ import annotations

import uuid

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    AirbyteError,
    AuthenticationError,
    ClientClosedError,
    JobWaitError,
    NotFoundError,
    PermissionDeniedError,
)
from aioairbyte.models import JobStatus
from tests.conftest import BASE_URL, SleepRecorder

CID = uuid.UUID("9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11")
SYNC = f"{BASE_URL}/v1/connections/sync"
LIST = f"{BASE_URL}/v1/jobs/list"
GET_LIGHT = f"{BASE_URL}/v1/jobs/get_light"
CANCEL = f"{BASE_URL}/v1/jobs/cancel"


def _job(status: str, job_id: int = 7) -> dict[str, object]:
    return {
        "id": job_id,
        "configType": "sync",
        "configId": str(CID),
        "createdAt": 100,
        "updatedAt": 105,
        "status": status,
    }


def _attempt(status: str) -> dict[str, object]:
    """An ``AttemptRead`` (as ``jobs/list`` carries them)."""
    return {"id": 0, "status": status, "createdAt": 100, "updatedAt": 105}


def _attempt_info(status: str) -> dict[str, object]:
    """An ``AttemptInfoRead`` (as ``jobs/get`` and ``jobs/cancel`` carry them)."""
    return {"attempt": _attempt(status), "logs": {"logLines": []}}


def _requests(mocked: aioresponses, url: str) -> int:
    return len(mocked.requests.get(("POST", URL(url)), []))


def _started(mocked: aioresponses) -> None:
    """The baseline look (no jobs yet) and the sync that starts job 7."""
    mocked.post(LIST, payload={"jobs": [], "totalJobCount": 0})
    mocked.post(SYNC, payload={"job": _job("running"), "attempts": []})


async def test_definite_error_while_polling_an_owned_job_cancels_it(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    _started(mocked)
    newest = {"job": _job("running"), "attempts": [_attempt("running")]}
    mocked.post(LIST, payload={"jobs": [newest], "totalJobCount": 1})  # the first poll
    mocked.post(GET_LIGHT, status=403, payload={"message": "forbidden"})
    mocked.post(LIST, payload={"jobs": [newest], "totalJobCount": 1})  # the cancel's look
    cancelled = {"job": _job("cancelled"), "attempts": [_attempt_info("failed")]}
    mocked.post(CANCEL, payload=cancelled)
    with pytest.raises(JobWaitError) as info:
        await client.connections.sync_and_wait(CID)
    error = info.value
    assert isinstance(error.cause, PermissionDeniedError)
    assert error.__cause__ is error.cause
    assert error.job_id == 7
    assert error.owned
    assert error.cancelled
    assert error.result.status is JobStatus.CANCELLED
    assert error.result.attempts_count == 1
    assert "job 7" in str(error)
    assert "the job was cancelled" in str(error)


async def test_failed_cancel_after_a_definite_error_is_reported(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    _started(mocked)
    # The first poll (a light one: nobody listens to updates, so no attempt count is read),
    # then the cancel's look.
    mocked.post(GET_LIGHT, status=401, body="<html><title>401</title></html>")
    mocked.post(LIST, status=401, body="<html><title>401</title></html>")
    with pytest.raises(JobWaitError) as info:
        await client.connections.sync_and_wait(CID)
    error = info.value
    assert isinstance(error.cause, AuthenticationError)
    assert error.cancelled is False
    assert isinstance(error.cancel_error, AuthenticationError)
    assert error.result.job_id == 7
    assert error.result.status is JobStatus.RUNNING  # as last seen: the trigger's answer
    assert error.result.attempts_count is None  # not read: unknown, not 0
    assert "may still be running" in str(error)
    assert _requests(mocked, CANCEL) == 0


async def test_transient_failures_never_end_a_wait_without_deadline(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    # Twelve 503s in a row: far beyond the client's RetryConfig(attempts=4) for single calls.
    for _ in range(12):
        mocked.post(GET_LIGHT, status=503, body="unavailable")
    mocked.post(GET_LIGHT, payload={"job": _job("succeeded")})
    done = {"job": _job("succeeded"), "attempts": [_attempt("succeeded")]}
    mocked.post(LIST, payload={"jobs": [done], "totalJobCount": 1})
    result = await client.jobs.wait(7)
    assert result.succeeded
    assert result.attempts_count == 1
    assert _requests(mocked, GET_LIGHT) == 13
    assert len(sleeps.delays) >= 12


async def test_unknown_job_raises_the_api_error_itself(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    # Never seen, so nothing is lost: the server's answer is the error.
    mocked.post(GET_LIGHT, status=500, payload={"message": "Could not find job with id: 7"})
    with pytest.raises(AirbyteError) as info:
        await client.jobs.wait(7)
    assert not isinstance(info.value, JobWaitError)
    assert "Could not find job" in str(info.value)


async def test_closed_client_raises_an_airbyte_error() -> None:
    client = AirbyteClient(BASE_URL)
    await client.close()
    with pytest.raises(ClientClosedError) as info:
        await client.health.check()
    assert isinstance(info.value, AirbyteError)
    assert isinstance(info.value, RuntimeError)


async def test_definite_error_after_a_lost_answer_cancels_the_job_it_started(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    mocked.post(LIST, payload={"jobs": [], "totalJobCount": 0})  # the baseline: no jobs
    mocked.post(SYNC, exception=aiohttp.ServerDisconnectedError())  # answer lost
    mocked.post(LIST, payload={"jobs": [], "totalJobCount": 0})  # no job yet: resend
    mocked.post(SYNC, status=404, payload={"message": "Could not find configuration"})
    running = {"job": _job("running"), "attempts": [_attempt("running")]}
    for _ in range(2):  # the cleanup finds the late job, and checks it is current
        mocked.post(LIST, payload={"jobs": [running], "totalJobCount": 1})
    mocked.post(CANCEL, payload={"job": _job("cancelled"), "attempts": [_attempt_info("failed")]})
    with pytest.raises(NotFoundError) as info:
        await client.connections.sync_and_wait(CID)
    assert _requests(mocked, CANCEL) == 1
    assert any("job 7" in note and "was cancelled" in note for note in info.value.__notes__)


async def test_a_job_that_leaves_the_queue_is_polled_as_a_new_one(
    mocked: aioresponses, client: AirbyteClient, sleeps: SleepRecorder
) -> None:
    """``queued`` is waited through; once running, polls restart at ``first`` so that a short
    job after a long queue is not seen late at the queue's slow pace."""
    from aioairbyte import PollPolicy

    poll = PollPolicy(first=1.0, backoff=2.0, max_interval=64.0, jitter=0.0)

    def listed(status: str, attempts: list[dict[str, object]]) -> None:
        page = {"jobs": [{"job": _job(status), "attempts": attempts}], "totalJobCount": 1}
        mocked.post(LIST, payload=page)

    # Seen pending, its attempts read; polled with them while it waits for an attempt.
    mocked.post(GET_LIGHT, payload={"job": _job("pending")})
    for status in ["pending", "queued", "queued", "queued"]:
        listed(status, [])
    listed("running", [_attempt("running")])
    for status in ["running", "succeeded"]:  # then light polls while it runs
        mocked.post(GET_LIGHT, payload={"job": _job(status)})
    listed("succeeded", [_attempt("succeeded")])
    updates: list[tuple[str, int]] = []
    result = await client.jobs.wait(
        7, poll=poll, on_update=lambda u: updates.append((u.status, u.attempt))
    )
    assert result.status is JobStatus.SUCCEEDED
    assert updates == [("pending", 0), ("queued", 0), ("running", 1), ("succeeded", 1)]
    assert (_requests(mocked, GET_LIGHT), _requests(mocked, LIST)) == (3, 6)
    # Before each poll after the first: 1, 2, 4, 8 while waiting; then 1, 2 once it runs.
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0, 1.0, 2.0]


async def test_a_new_attempt_seen_by_a_light_poll_is_read_once(
    mocked: aioresponses, client: AirbyteClient, sleeps: SleepRecorder
) -> None:
    """A light poll that shows a change (here only ``updatedAt``: an attempt failed and the
    next started between two polls) is followed by one read of the attempts; polls that show
    nothing new are not."""

    def job(status: str, updated: int) -> dict[str, object]:
        return {**_job(status), "updatedAt": updated}

    def listed(status: str, updated: int, attempts: list[str]) -> None:
        item = {"job": job(status, updated), "attempts": [_attempt(a) for a in attempts]}
        mocked.post(LIST, payload={"jobs": [item], "totalJobCount": 1})

    mocked.post(GET_LIGHT, payload={"job": job("running", 105)})
    listed("running", 105, ["running"])  # first seen: its count
    mocked.post(GET_LIGHT, payload={"job": job("running", 105)})  # nothing new: no read
    mocked.post(GET_LIGHT, payload={"job": job("running", 140)})
    listed("running", 140, ["failed", "running"])
    mocked.post(GET_LIGHT, payload={"job": job("succeeded", 200)})
    listed("succeeded", 200, ["failed", "succeeded"])  # the result
    updates: list[tuple[str, int]] = []

    result = await client.jobs.wait(7, on_update=lambda u: updates.append((u.status, u.attempt)))

    assert updates == [("running", 1), ("running", 2), ("succeeded", 2)]
    assert result.attempts_count == 2
    assert (_requests(mocked, GET_LIGHT), _requests(mocked, LIST)) == (4, 3)


async def test_watch_reports_the_attempt_count_at_the_end(
    mocked: aioresponses, client: AirbyteClient, sleeps: SleepRecorder
) -> None:
    """Attempts that came and went between the last two polls: the terminal update carries the
    server's final count (read once at the end), not the last one seen."""
    mocked.post(GET_LIGHT, payload={"job": _job("running")})
    item = {"job": _job("running"), "attempts": [_attempt("running")]}
    mocked.post(LIST, payload={"jobs": [item], "totalJobCount": 1})
    mocked.post(GET_LIGHT, payload={"job": {**_job("failed"), "updatedAt": 300}})
    done = {"job": {**_job("failed"), "updatedAt": 300}, "attempts": [_attempt("failed")] * 3}
    mocked.post(LIST, payload={"jobs": [done], "totalJobCount": 1})

    seen = [(u.status, u.attempt) async for u in client.jobs.watch(7)]

    assert seen == [("running", 1), ("failed", 3)]
