"""How a job ended, as a trigger event carries it (JSON) and as a task reports it.

An outcome is a plain dict, so that it survives Airflow's serialization and lands in XCom as
is. Every figure is the server's; ``status`` is one of :data:`STATUSES`. Only the external
failure messages are carried: internal ones may hold stack traces and connector details that
do not belong in XCom.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk.exceptions import AirflowException

from ..errors import AirbyteError, JobTimeoutError
from ..models import JobStatus
from ..results import JobResult

__all__ = [
    "STATUSES",
    "AirbyteJobError",
    "describe",
    "error_outcome",
    "job_outcome",
    "raise_for_outcomes",
    "timed_out_outcome",
]

#: What an outcome's ``status`` may be.
STATUSES = ("succeeded", "failed", "cancelled", "timed_out", "error")

_FINAL = {
    JobStatus.SUCCEEDED: "succeeded",
    JobStatus.FAILED: "failed",
    JobStatus.CANCELLED: "cancelled",
}


def job_outcome(
    result: JobResult, *, connection_id: str | None, owned: bool, status: str | None = None
) -> dict[str, Any]:
    """The outcome of a job the wait followed to ``result``."""
    return {
        "status": status or _FINAL.get(result.status, "error"),
        "job_id": result.job_id,
        "connection_id": connection_id
        or (None if result.connection_id is None else str(result.connection_id)),
        "job_type": result.config_type.value,
        "job_status": result.status.value,
        "owned": owned,
        "attempts": result.attempts_count,
        "records_synced": result.records_synced,
        "bytes_synced": result.bytes_synced,
        "duration": result.duration,
        "failure_reasons": [
            {
                "origin": None if r.origin is None else r.origin.value,
                "type": None if r.type is None else r.type.value,
                "message": r.message,
                "retryable": r.retryable,
            }
            for r in result.failure_reasons
        ],
        "cancelled": result.status is JobStatus.CANCELLED,
        "message": None,
    }


def timed_out_outcome(
    exc: JobTimeoutError, *, connection_id: str | None, owned: bool
) -> dict[str, Any]:
    """The outcome of a job still running at the deadline (``cancelled``: the server
    confirmed the cancel)."""
    outcome = job_outcome(exc.result, connection_id=connection_id, owned=owned, status="timed_out")
    outcome["cancelled"] = exc.cancelled
    outcome["message"] = str(exc)
    return outcome


def error_outcome(
    exc: AirbyteError,
    *,
    job_id: int | None,
    connection_id: str | None,
    job_type: str,
    owned: bool,
) -> dict[str, Any]:
    """The outcome of a wait a definite error ended (the job's fate unknown: its id and the
    error say where to look), or of a job that was never started (``job_id`` ``None``)."""
    return {
        "status": "error",
        "job_id": job_id,
        "connection_id": connection_id,
        "job_type": job_type,
        "job_status": None,
        "owned": owned,
        "attempts": None,
        "records_synced": None,
        "bytes_synced": None,
        "duration": None,
        "failure_reasons": [],
        "cancelled": False,
        "message": f"{type(exc).__name__}: {exc}",
    }


def describe(outcome: dict[str, Any]) -> str:
    """One line on an outcome, with the server's failure messages."""
    what = f"{outcome.get('job_type', 'sync')} job {outcome.get('job_id')}"
    if outcome.get("connection_id"):
        what += f" of connection {outcome['connection_id']}"
    status = outcome.get("status")
    if status == "timed_out":
        done = "cancelled" if outcome.get("cancelled") else "NOT cancelled: it may still run"
        return f"{what} timed out ({done})"
    if status == "error":
        return f"{what}: the wait failed: {outcome.get('message')}"
    line = f"{what} {status}"
    if outcome.get("attempts") is not None:
        line += f" after {outcome['attempts']} attempt(s)"
    reasons = [r.get("message") for r in outcome.get("failure_reasons", []) if r.get("message")]
    if reasons:
        line += ": " + "; ".join(reasons)
    return line


class AirbyteJobError(AirflowException):
    """A task's job (or jobs) did not succeed; ``outcomes`` holds how each ended."""

    def __init__(self, outcomes: list[dict[str, Any]]) -> None:
        failed = [o for o in outcomes if o.get("status") != "succeeded"]
        if len(outcomes) == 1:
            message = describe(failed[0])
        else:
            message = f"{len(failed)} of {len(outcomes)} jobs did not succeed: " + "; ".join(
                describe(o) for o in failed
            )
        super().__init__(message)
        self.outcomes = outcomes


def raise_for_outcomes(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``outcomes`` if every job succeeded, else :class:`AirbyteJobError`."""
    if any(o.get("status") != "succeeded" for o in outcomes):
        raise AirbyteJobError(outcomes)
    return outcomes
