"""Connection status and sync progress (``connections/status``, ``connections/sync_progress``)."""

from datetime import datetime
from uuid import UUID

from ._base import OpenStrEnum, from_epoch_seconds, model
from .connections import ConnectionScheduleData
from .jobs import FailureReason, JobConfigType, JobRead, JobStatus

__all__ = [
    "ConnectionSyncStatus",
    "ConnectionStatusRead",
    "StreamSyncProgressReadItem",
    "ConnectionSyncProgressRead",
]


class ConnectionSyncStatus(OpenStrEnum):
    """A connection's sync state, the first that applies (2.0 and later).

    ``running``: a job runs; ``queued`` (2026): a job waits for capacity; ``failed``: a breaking
    schema change or a config error needs the user; ``paused``: the connection is not active;
    ``pending``: a job waits to start, no sync ran yet, or the last job was a reset or clear;
    ``incomplete``: the last sync failed or was cancelled; ``synced``: at rest after a sync.
    """

    RUNNING = "running"
    QUEUED = "queued"
    FAILED = "failed"
    PAUSED = "paused"
    PENDING = "pending"
    INCOMPLETE = "incomplete"
    SYNCED = "synced"


@model
class ConnectionStatusRead:
    """One connection's status: its sync state, running job and last sync.

    ``connection_sync_status``, ``schedule_data``, ``active_job`` and
    ``last_sync_job_created_at`` come from 2.0 servers; 1.0 servers send ``is_running``,
    ``last_sync_job_status``, ``next_sync`` and ``is_last_completed_job_reset`` instead.
    Times are epoch seconds (``last_successful_sync``: the end of the last succeeded job).
    """

    connection_id: UUID
    connection_sync_status: ConnectionSyncStatus | None = None
    schedule_data: ConnectionScheduleData | None = None
    last_successful_sync: int | None = None
    active_job: JobRead | None = None
    last_sync_job_id: int | None = None
    last_sync_attempt_number: int | None = None
    last_sync_job_created_at: int | None = None
    failure_reason: FailureReason | None = None
    last_sync_job_status: JobStatus | None = None
    next_sync: int | None = None
    is_running: bool | None = None
    is_last_completed_job_reset: bool | None = None

    @property
    def names_active_job(self) -> bool:
        """Whether this status says which job is active (2.x): a 1.0 server sends only
        ``is_running``, so ``active_job`` being ``None`` there means nothing."""
        return self.connection_sync_status is not None

    @property
    def last_successful_sync_datetime(self) -> datetime | None:
        """``last_successful_sync`` as an aware UTC datetime, or ``None`` when none succeeded."""
        if self.last_successful_sync is None:
            return None
        return from_epoch_seconds(self.last_successful_sync)


@model
class StreamSyncProgressReadItem:
    """One stream's records and bytes so far in the running job (``config_type``: whether the
    stream is synced, refreshed or cleared by it)."""

    stream_name: str
    config_type: JobConfigType
    stream_namespace: str | None = None
    records_emitted: int | None = None
    bytes_emitted: int | None = None
    records_committed: int | None = None
    bytes_committed: int | None = None
    records_rejected: int | None = None


@model
class ConnectionSyncProgressRead:
    """The progress of a connection's running job, per stream and in total.

    With no job running the server answers only ``connection_id`` and empty ``streams``:
    ``job_id`` and ``config_type`` are then ``None`` (the document requires ``configType``; the
    server does not send it). ``sync_started_at`` is the job's creation, in epoch seconds.
    """

    connection_id: UUID
    streams: list[StreamSyncProgressReadItem]
    job_id: int | None = None
    records_emitted: int | None = None
    records_committed: int | None = None
    records_rejected: int | None = None
    bytes_emitted: int | None = None
    bytes_committed: int | None = None
    sync_started_at: int | None = None
    config_type: JobConfigType | None = None

    @property
    def sync_started_at_datetime(self) -> datetime | None:
        """``sync_started_at`` as an aware UTC datetime, or ``None`` with no job running."""
        return None if self.sync_started_at is None else from_epoch_seconds(self.sync_started_at)
