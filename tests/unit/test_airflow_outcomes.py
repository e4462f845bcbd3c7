"""Outcome dicts (what a trigger event and a task's XCom carry) from real ``JobResult`` s."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aioairbyte import AirbyteError, JobTimeoutError, NotFoundError
from aioairbyte.airflow.outcomes import (
    STATUSES,
    AirbyteJobError,
    describe,
    error_outcome,
    job_outcome,
    raise_for_outcomes,
    timed_out_outcome,
)
from aioairbyte.converter import decode
from aioairbyte.models import AttemptRead, JobRead
from aioairbyte.results import JobResult
from tests import fixtures as f

KEYS = {
    "status",
    "job_id",
    "connection_id",
    "job_type",
    "job_status",
    "owned",
    "attempts",
    "records_synced",
    "bytes_synced",
    "duration",
    "failure_reasons",
    "cancelled",
    "message",
}


def result(
    status: str = "succeeded", attempts: list[dict[str, Any]] | None = None, **job: Any
) -> JobResult:
    read = decode(f.job_read(f.JOB_ID, status=status, **job), JobRead, operation="test")
    if attempts is None:
        return JobResult.from_job(read, None)
    return JobResult.from_job(read, [decode(a, AttemptRead, operation="test") for a in attempts])


def test_succeeded_job() -> None:
    outcome = job_outcome(
        result("succeeded", [f.failed_attempt(), f.succeeded_attempt()]),
        connection_id=None,
        owned=True,
    )
    assert set(outcome) == KEYS
    assert outcome == {
        "status": "succeeded",
        "job_id": f.JOB_ID,
        "connection_id": f.CONNECTION_ID,  # from the job when not given
        "job_type": "sync",
        "job_status": "succeeded",
        "owned": True,
        "attempts": 2,
        "records_synced": 125000,
        "bytes_synced": 52428800,
        "duration": 910.0,
        "failure_reasons": [],  # the last attempt's: it succeeded
        "cancelled": False,
        "message": None,
    }
    assert json.loads(json.dumps(outcome)) == outcome  # survives Airflow's serialization


def test_failed_job_carries_external_messages_only() -> None:
    outcome = job_outcome(
        result("failed", [f.failed_attempt()]), connection_id=f.OTHER_CONNECTION_ID, owned=False
    )
    assert outcome["status"] == "failed"
    assert outcome["connection_id"] == f.OTHER_CONNECTION_ID  # the given id wins
    assert outcome["owned"] is False
    assert outcome["attempts"] == 1
    assert outcome["failure_reasons"] == [
        {
            "origin": "source",
            "type": "system_error",
            "message": "Something went wrong in the connector. See the logs for more details.",
            "retryable": True,
        }
    ]
    assert "PSQLException" not in json.dumps(outcome)  # the internal message stays out


def test_cancelled_job() -> None:
    info = f.job_info_read_cancelled()
    read = decode(info["job"], JobRead, operation="test")
    attempts = [decode(a["attempt"], AttemptRead, operation="test") for a in info["attempts"]]
    outcome = job_outcome(JobResult.from_job(read, attempts), connection_id=None, owned=True)
    assert outcome["status"] == "cancelled"
    assert outcome["cancelled"] is True
    assert outcome["failure_reasons"][0]["type"] == "manual_cancellation"


def test_unread_attempts_are_none_not_zero() -> None:
    outcome = job_outcome(result("succeeded"), connection_id=None, owned=True)
    assert outcome["attempts"] is None
    assert outcome["records_synced"] is None
    assert outcome["bytes_synced"] is None


def test_reset_job_type() -> None:
    outcome = job_outcome(
        result("succeeded", config_type="reset_connection"), connection_id=None, owned=True
    )
    assert outcome["job_type"] == "reset_connection"


@pytest.mark.parametrize("status", ["running", "pending", "incomplete"])
def test_unfinished_job_is_an_error_outcome(status: str) -> None:
    assert job_outcome(result(status), connection_id=None, owned=True)["status"] == "error"


@pytest.mark.parametrize("cancelled", [True, False])
def test_timed_out(cancelled: bool) -> None:
    running = result("running", [f.running_attempt()])
    exc = JobTimeoutError(running, timeout=30, cancelled=cancelled)
    outcome = timed_out_outcome(exc, connection_id=f.CONNECTION_ID, owned=True)
    assert set(outcome) == KEYS
    assert outcome["status"] == "timed_out"
    assert outcome["job_status"] == "running"
    assert outcome["cancelled"] is cancelled
    assert outcome["message"] == str(exc)
    assert "30s" in outcome["message"]
    line = describe(outcome)
    assert line.startswith(f"sync job {f.JOB_ID} of connection {f.CONNECTION_ID} timed out")
    assert line.endswith("(cancelled)" if cancelled else "(NOT cancelled: it may still run)")


def test_error_outcome() -> None:
    exc = NotFoundError("Could not find job", status=404, operation="POST /v1/jobs/get")
    outcome = error_outcome(
        exc, job_id=7, connection_id=f.CONNECTION_ID, job_type="sync", owned=True
    )
    assert set(outcome) == KEYS
    assert outcome["status"] == "error"
    assert outcome["job_id"] == 7
    assert outcome["job_status"] is None
    assert outcome["attempts"] is None
    assert outcome["message"].startswith("NotFoundError: ")
    assert describe(outcome) == (
        f"sync job 7 of connection {f.CONNECTION_ID}: the wait failed: {outcome['message']}"
    )
    assert json.loads(json.dumps(outcome)) == outcome


def test_statuses_are_what_outcomes_say() -> None:
    made = {
        job_outcome(result(s), connection_id=None, owned=True)["status"]
        for s in ("succeeded", "failed", "cancelled", "running")
    }
    made.add("timed_out")
    assert made == set(STATUSES)


def test_describe_lines() -> None:
    ok = job_outcome(result("succeeded", [f.succeeded_attempt()]), connection_id=None, owned=True)
    assert describe(ok) == (
        f"sync job {f.JOB_ID} of connection {f.CONNECTION_ID} succeeded after 1 attempt(s)"
    )
    failed = job_outcome(result("failed", [f.failed_attempt()]), connection_id=None, owned=True)
    assert describe(failed).endswith(
        "failed after 1 attempt(s): "
        "Something went wrong in the connector. See the logs for more details."
    )
    bare = {"status": "failed", "job_id": 3}
    assert describe(bare) == "sync job 3 failed"


def test_job_error_of_one_job_is_its_line() -> None:
    failed = job_outcome(result("failed", [f.failed_attempt()]), connection_id=None, owned=True)
    error = AirbyteJobError([failed])
    assert str(error) == describe(failed)
    assert "Something went wrong in the connector" in str(error)
    assert error.outcomes == [failed]


def test_job_error_of_many_lists_only_the_failures() -> None:
    ok = job_outcome(result("succeeded"), connection_id=f.CONNECTION_ID, owned=True)
    failed = job_outcome(
        result("failed", [f.failed_attempt()]), connection_id=f.OTHER_CONNECTION_ID, owned=True
    )
    exc = JobTimeoutError(result("running"), timeout=5, cancelled=True)
    timed_out = timed_out_outcome(exc, connection_id=f.DELETED_CONNECTION_ID, owned=True)
    error = AirbyteJobError([ok, failed, timed_out])
    message = str(error)
    assert message.startswith("2 of 3 jobs did not succeed: ")
    assert f.OTHER_CONNECTION_ID in message
    assert "Something went wrong in the connector" in message
    assert f"{f.DELETED_CONNECTION_ID} timed out (cancelled)" in message
    assert f"{f.CONNECTION_ID} succeeded" not in message
    assert error.outcomes == [ok, failed, timed_out]


def test_raise_for_outcomes() -> None:
    ok = job_outcome(result("succeeded"), connection_id=None, owned=True)
    assert raise_for_outcomes([ok, ok]) == [ok, ok]
    assert raise_for_outcomes([]) == []
    cancelled = job_outcome(result("cancelled"), connection_id=None, owned=True)
    with pytest.raises(AirbyteJobError) as caught:
        raise_for_outcomes([ok, cancelled])
    assert caught.value.outcomes == [ok, cancelled]
    assert "1 of 2 jobs did not succeed" in str(caught.value)


def test_job_error_is_an_airflow_exception_not_a_client_error() -> None:
    from airflow.sdk.exceptions import AirflowException

    error = AirbyteJobError([{"status": "failed", "job_id": 1}])
    assert isinstance(error, AirflowException)
    assert not isinstance(error, AirbyteError)
