"""What waits report: a job's result, the changes seen while waiting, and failure reasons.

Built from the models only (no I/O), so that errors, waits, fan-outs and the CLI can all share
them without importing each other.
"""

from __future__ import annotations

from uuid import UUID

import attrs

from .models import (
    AttemptFailureOrigin,
    AttemptFailureType,
    AttemptRead,
    ConnectionSyncProgressRead,
    JobConfigType,
    JobRead,
    JobStatus,
    StreamSyncProgressReadItem,
)

__all__ = ["FailureReason", "JobProgress", "JobResult", "JobUpdate", "maybe_uuid"]


@attrs.frozen(kw_only=True)
class FailureReason:
    """Why an attempt failed, as the server reported it."""

    origin: AttemptFailureOrigin | None
    type: AttemptFailureType | None
    message: str | None
    retryable: bool | None
    internal_message: str | None = None


@attrs.frozen(kw_only=True)
class JobResult:
    """How a job ended, or how it stood when the wait stopped following it.

    Every figure is the server's: ``attempts_count``, ``records_synced`` and ``bytes_synced``
    are ``None`` when the attempts could not be read (never 0 for a job that has attempts), and
    ``duration`` is ``None`` while the job is unfinished (the server gives no "now").
    ``records_synced``/``bytes_synced`` and ``failure_reasons`` are those of the last attempt
    (the one whose data stayed). ``job`` and ``attempts`` hold the full models.
    """

    job_id: int
    connection_id: UUID | None
    config_type: JobConfigType
    status: JobStatus
    duration: float | None
    attempts_count: int | None
    records_synced: int | None
    bytes_synced: int | None
    failure_reasons: list[FailureReason]
    job: JobRead
    attempts: list[AttemptRead] | None = attrs.field(default=None, repr=False)

    @property
    def succeeded(self) -> bool:
        """Whether the job ended ``succeeded``."""
        return self.status is JobStatus.SUCCEEDED

    @classmethod
    def from_job(cls, job: JobRead, attempts: list[AttemptRead] | None) -> JobResult:
        """Summarise ``job`` and its ``attempts`` (``None``: they were not read)."""
        last = attempts[-1] if attempts else None
        reasons = []
        if last is not None and last.failure_summary is not None:
            reasons = [
                FailureReason(
                    origin=f.failure_origin,
                    type=f.failure_type,
                    message=f.external_message,
                    retryable=f.retryable,
                    internal_message=f.internal_message,
                )
                for f in last.failure_summary.failures
            ]
        duration = None
        if job.status.is_terminal:
            end = job.updated_at
            if last is not None and last.ended_at is not None:
                end = max(end, last.ended_at)
            start = job.started_at if job.started_at is not None else job.created_at
            duration = float(max(0, end - start))
        return cls(
            job_id=job.id,
            connection_id=maybe_uuid(job.config_id),
            config_type=job.config_type,
            status=job.status,
            duration=duration,
            attempts_count=None if attempts is None else len(attempts),
            records_synced=None if last is None else _records(last),
            bytes_synced=None if last is None else _bytes(last),
            failure_reasons=reasons,
            job=job,
            attempts=attempts,
        )


def _records(attempt: AttemptRead) -> int | None:
    if attempt.records_synced is not None:
        return attempt.records_synced
    stats = attempt.total_stats
    return None if stats is None else stats.records_committed or stats.records_emitted


def _bytes(attempt: AttemptRead) -> int | None:
    if attempt.bytes_synced is not None:
        return attempt.bytes_synced
    return None if attempt.total_stats is None else attempt.total_stats.bytes_emitted


def maybe_uuid(value: str) -> UUID | None:
    """``value`` as a UUID, or ``None`` when it is not one (a job's ``config_id``)."""
    try:
        return UUID(value)
    except ValueError:
        return None


@attrs.frozen(kw_only=True)
class JobUpdate:
    """A change seen while waiting: a new status, or a new attempt.

    ``attempt`` is the number of attempts the server has for the job (the current one's number,
    from 1; 0 while it waits for its first, ``pending`` or ``queued``), read from the server
    whenever it may have changed, never inferred. An attempt that started and failed between
    two polls shows as a jump (``running`` 1, then ``running`` 3); one that starts within the
    same second as the job's previous change (the API's ``updatedAt`` has whole seconds) is
    reported at the job's next change, the terminal update at the latest. ``job`` is the job
    as that poll saw it.
    """

    job_id: int
    connection_id: UUID | None
    status: JobStatus
    attempt: int
    job: JobRead


@attrs.frozen(kw_only=True)
class JobProgress:
    """A running job's progress, as the server reports it (``connections/sync_progress``):
    records and bytes so far, in all and per stream. Heard with ``progress=True``; a figure the
    server did not send is ``None``."""

    job_id: int
    connection_id: UUID
    records_emitted: int | None
    records_committed: int | None
    bytes_emitted: int | None
    bytes_committed: int | None
    streams: list[StreamSyncProgressReadItem]
    job: JobRead
    """The job as last seen (running)."""

    @classmethod
    def of(cls, job: JobRead, progress: ConnectionSyncProgressRead) -> JobProgress:
        """The progress of ``job`` that ``progress`` reports."""
        return cls(
            job_id=job.id,
            connection_id=progress.connection_id,
            records_emitted=progress.records_emitted,
            records_committed=progress.records_committed,
            bytes_emitted=progress.bytes_emitted,
            bytes_committed=progress.bytes_committed,
            streams=list(progress.streams),
            job=job,
        )
