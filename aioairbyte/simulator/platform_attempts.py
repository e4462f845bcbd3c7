"""The platform's attempt bookkeeping (``/v1/attempt/...``), an attempt read on its own (2.x),
and the normalization status of a job's attempts (0.40), as ``AttemptHandler`` and
``JobHistoryHandler`` do them.

- ``save_stats`` writes the attempt's ``sync_stats`` and ``stream_stats`` rows: from then on the
  attempt's reads (``jobs/get``, ``jobs/list``, ``attempt/get_for_job``) show those stats. An
  unknown job or attempt has no attempt row: the insert breaks the rows' foreign key (500).
- ``save_sync_config`` and ``set_workflow_in_attempt`` (0.40, 1.x) update the attempt's row: an
  unknown job or attempt updates nothing and still answers ``{"succeeded": true}``.
- ``get_for_job`` (1.0 and later) answers the attempt with its logs, as ``jobs/get`` renders it;
  an unknown job or attempt is a 404 (``IdNotFoundKnownException``).
- ``get_normalization_status`` (0.40) lists the attempts that have stats (ended ones, or saved
  stats): whether they committed records; the simulator runs no normalization, so it never failed.
  An unknown job has no attempts: an empty list.
"""

from __future__ import annotations

from typing import Any

from .backend import Backend
from .errors import ApiError
from .jobs import Job
from .platform_operations import internal_error

__all__ = ["AttemptsState"]

_ID_NOT_FOUND = "io.airbyte.commons.server.errors.IdNotFoundKnownException"
_FRAMES = [
    "org.jooq.impl.AbstractQuery.execute(AbstractQuery.java:339)",
    "io.airbyte.persistence.job.DefaultJobPersistence.writeStats(DefaultJobPersistence.java:424)",
    "io.airbyte.commons.server.handlers.AttemptHandler.saveStats(AttemptHandler.java:298)",
    "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
]


class AttemptsState:
    """What the bookkeeping endpoints were sent, by (job id, attempt number)."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self.sync_configs: dict[tuple[int, int], dict[str, Any]] = {}
        """``AttemptSyncConfig`` bodies saved per attempt (never rendered: they hold secrets)."""
        self.workflows: dict[tuple[int, int], tuple[str, str]] = {}
        """Temporal workflow id and processing task queue set per attempt."""

    def attempt(self, job_id: int, attempt_number: int) -> Job | None:
        """The job, advanced to now, if it has that attempt."""
        job = self._b.engine.get(job_id)
        if job is None or not 0 <= attempt_number < len(job.attempts):
            return None
        return job

    def save_stats(self, body: dict[str, Any]) -> dict[str, Any]:
        """``AttemptHandler.saveStats``: the stats replace what the attempt reports."""
        key = (body["jobId"], body["attemptNumber"])
        if self.attempt(*key) is None:
            # getAttemptId answers -1: the sync_stats row names no attempt.
            raise internal_error(
                'ERROR: insert or update on table "sync_stats" violates foreign key constraint '
                '"sync_stats_attempt_id_fkey"  Detail: Key (attempt_id)=(-1) is not present in '
                'table "attempts".',
                "org.jooq.exception.DataAccessException",
                _FRAMES,
            )
        stats = body["stats"]
        saved: dict[str, Any] = {
            "totalStats": stats,
            "streamStats": body.get("streamStats", []),
            # JobConverter: the deprecated totals are the total stats' emitted ones.
            "recordsSynced": stats.get("recordsEmitted"),
            "bytesSynced": stats.get("bytesEmitted"),
        }
        self._b.engine.saved_stats[key] = {k: v for k, v in saved.items() if v is not None}
        return {"succeeded": True}

    def save_sync_config(self, body: dict[str, Any]) -> dict[str, Any]:
        """``AttemptHandler.saveSyncConfig``: kept for the attempt, never rendered."""
        key = (body["jobId"], body["attemptNumber"])
        if self.attempt(*key) is not None:
            self.sync_configs[key] = body["syncConfig"]
        return {"succeeded": True}  # an UPDATE of no row is no error

    def set_workflow(self, body: dict[str, Any]) -> dict[str, Any]:
        """``AttemptHandler.setWorkflowInAttempt`` (0.40)."""
        key = (body["jobId"], body["attemptNumber"])
        if self.attempt(*key) is not None:
            self.workflows[key] = (body["workflowId"], body.get("processingTaskQueue", ""))
        return {"succeeded": True}

    def attempt_info(self, body: dict[str, Any]) -> dict[str, Any]:
        """``AttemptInfoRead`` of ``attempt/get_for_job``, in the profile's log shape."""
        job_id, number = body["jobId"], body["attemptNumber"]
        job = self.attempt(job_id, number)
        if job is None:
            message = f"Could not find attempt for job_id: {job_id} and attempt no: {number}"
            raise ApiError(
                404,
                {
                    "message": message,
                    "exceptionClassName": _ID_NOT_FOUND,
                    "exceptionStack": [
                        f"{_ID_NOT_FOUND}: {message}",
                        "io.airbyte.commons.server.handlers.AttemptHandler.getAttemptForJob"
                        "(AttemptHandler.kt:238)",
                    ],
                    "id": f"{job_id}_{number}",
                },
            )
        info = self._b.engine.attempt_info(job, number)
        return self._b.shapes.attempt_info(info) if self._b.config.modern else info

    def normalization_statuses(self, job_id: int) -> dict[str, Any]:
        """``AttemptNormalizationStatusReadList`` (``getAttemptNormalizationStatusesForJob``):
        the attempts joined with their sync stats."""
        job = self._b.engine.get(job_id)
        statuses: list[dict[str, Any]] = []
        if job is None:
            return {"attemptNormalizationStatuses": statuses}
        for number, attempt in enumerate(job.attempts):
            key = (job_id, number)
            if attempt.ended is None and key not in self._b.engine.saved_stats:
                continue  # no sync_stats row yet: the inner join drops it
            total = self._b.engine.attempt_read(job, number)["totalStats"]
            statuses.append(
                {
                    "attemptNumber": number,
                    "hasRecordsCommitted": True,
                    "recordsCommitted": total.get("recordsCommitted", 0),
                    "hasNormalizationFailed": False,
                }
            )
        return {"attemptNormalizationStatuses": statuses}


# -- handlers ---------------------------------------------------------------------------------


def save_stats(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/attempt/save_stats``."""
    return b.family(AttemptsState).save_stats(body)


def save_sync_config(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/attempt/save_sync_config``."""
    return b.family(AttemptsState).save_sync_config(body)


def set_workflow_in_attempt(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/attempt/set_workflow_in_attempt``."""
    return b.family(AttemptsState).set_workflow(body)


def get_for_job(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/attempt/get_for_job``."""
    return b.family(AttemptsState).attempt_info(body)


def normalization_status(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/jobs/get_normalization_status``."""
    return b.family(AttemptsState).normalization_statuses(body["id"])
