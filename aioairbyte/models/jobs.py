"""Jobs, attempts, failures, stats and logs."""

from datetime import datetime
from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, from_epoch_millis, from_epoch_seconds, model
from .catalog import StreamDescriptor
from .definitions import DestinationDefinitionRead, SourceDefinitionRead
from .logs import LogEvents, LogFormatType, LogRead

__all__ = [
    "FailureOrigin",
    "FailureType",
    "FailureReason",
    "AttemptFailureSummary",
    "AttemptStats",
    "AttemptStatus",
    "AttemptStreamStats",
    "AttemptRead",
    "AttemptInfoRead",
    "JobConfigType",
    "JobStatus",
    "ResetConfig",
    "JobRefreshConfig",
    "JobAggregatedStats",
    "StreamStats",
    "JobRead",
    "JobInfoRead",
    "JobIdRequestBody",
    "JobInfoLightRead",
    "Pagination",
    "JobListOrderByField",
    "JobListOrderByMethod",
    "JobListRequestBody",
    "JobListForWorkspacesRequestBody",
    "JobWithAttemptsRead",
    "JobReadList",
    "JobOptionalRead",
    "JobReadResponse",
    "JobDebugRead",
    "WorkflowStateRead",
    "JobDebugInfoRead",
]


class FailureOrigin(OpenStrEnum):
    """Where a failure originated; absent when that is not well known.

    (``AttemptFailureOrigin`` in the 0.40 document, with the same values.)
    """

    SOURCE = "source"
    DESTINATION = "destination"
    REPLICATION = "replication"
    PERSISTENCE = "persistence"
    NORMALIZATION = "normalization"
    DBT = "dbt"
    AIRBYTE_PLATFORM = "airbyte_platform"
    UNKNOWN = "unknown"


class FailureType(OpenStrEnum):
    """The category of a well-known failure, for programmatic handling; absent when not known.

    (``AttemptFailureType`` in the 0.40 document; the timeouts and ``transient_error`` came later.)
    """

    CONFIG_ERROR = "config_error"
    SYSTEM_ERROR = "system_error"
    MANUAL_CANCELLATION = "manual_cancellation"
    REFRESH_SCHEMA = "refresh_schema"
    HEARTBEAT_TIMEOUT = "heartbeat_timeout"
    DESTINATION_TIMEOUT = "destination_timeout"
    TRANSIENT_ERROR = "transient_error"


@model
class FailureReason:
    """Why an attempt failed. ``timestamp`` is epoch **milliseconds**, unlike the other times.

    One model for the 0.40 document's ``AttemptFailureReason`` and the ``FailureReason`` of
    1.0 and later (the same fields; 2.0 adds ``from_trace_message`` and ``stream_descriptor``).
    """

    timestamp: int
    failure_origin: FailureOrigin | None = None
    failure_type: FailureType | None = None
    external_message: str | None = None
    internal_message: str | None = None
    stacktrace: str | None = None
    retryable: bool | None = None
    from_trace_message: bool | None = None
    stream_descriptor: StreamDescriptor | None = None

    @property
    def timestamp_datetime(self) -> datetime:
        """``timestamp`` (epoch milliseconds) as an aware UTC datetime."""
        return from_epoch_millis(self.timestamp)


#: The 0.40 document's names of :class:`FailureReason` and its enums.
AttemptFailureReason = FailureReason
AttemptFailureOrigin = FailureOrigin
AttemptFailureType = FailureType


@model
class AttemptFailureSummary:
    """The failures of an attempt; ``partial_success``: whether it committed any records."""

    failures: list[FailureReason]
    partial_success: bool | None = None


@model
class AttemptStats:
    """Record and byte counts of an attempt or stream (``additional_stats``: named numbers)."""

    records_emitted: int | None = None
    bytes_emitted: int | None = None
    state_messages_emitted: int | None = None
    records_committed: int | None = None
    bytes_committed: int | None = None
    records_rejected: int | None = None
    estimated_records: int | None = None
    estimated_bytes: int | None = None
    additional_stats: dict[str, Any] | None = None


class AttemptStatus(OpenStrEnum):
    """An attempt's status."""

    RUNNING = "running"
    FAILED = "failed"
    SUCCEEDED = "succeeded"


@model
class AttemptStreamStats:
    """The stats of one stream in an attempt."""

    stream_name: str
    stats: AttemptStats
    stream_namespace: str | None = None
    additional_stats: dict[str, Any] | None = None


@model
class AttemptRead:
    """One attempt of a job; times are epoch seconds, with datetime views alongside."""

    id: int
    status: AttemptStatus
    created_at: int
    updated_at: int
    ended_at: int | None = None
    bytes_synced: int | None = None
    records_synced: int | None = None
    total_stats: AttemptStats | None = None
    stream_stats: list[AttemptStreamStats] | None = None
    failure_summary: AttemptFailureSummary | None = None

    @property
    def created_at_datetime(self) -> datetime:
        """``created_at`` as an aware UTC datetime."""
        return from_epoch_seconds(self.created_at)

    @property
    def updated_at_datetime(self) -> datetime:
        """``updated_at`` as an aware UTC datetime."""
        return from_epoch_seconds(self.updated_at)

    @property
    def ended_at_datetime(self) -> datetime | None:
        """``ended_at`` as an aware UTC datetime, or ``None`` while the attempt runs."""
        return None if self.ended_at is None else from_epoch_seconds(self.ended_at)


@model
class AttemptInfoRead:
    """An attempt with its log.

    ``logs`` is :class:`LogRead` (text lines) or, from 2.0, :class:`LogEvents` (structured), as
    ``log_type`` says; the converter picks the model from the keys the object has. Servers from
    2.0 may leave ``logs`` out (``jobs/get_without_logs``); use :attr:`lines` for text either way.
    """

    attempt: AttemptRead
    logs: LogRead | LogEvents | None = None
    log_type: LogFormatType | None = None

    @property
    def lines(self) -> list[str]:
        """The attempt's log as text lines (empty without logs)."""
        return [] if self.logs is None else self.logs.lines


class JobConfigType(OpenStrEnum):
    """What a job does (``refresh`` and ``clear`` from 1.0)."""

    CHECK_CONNECTION_SOURCE = "check_connection_source"
    CHECK_CONNECTION_DESTINATION = "check_connection_destination"
    DISCOVER_SCHEMA = "discover_schema"
    GET_SPEC = "get_spec"
    SYNC = "sync"
    RESET_CONNECTION = "reset_connection"
    REFRESH = "refresh"
    CLEAR = "clear"


class JobStatus(OpenStrEnum):
    """A job's status.

    ``incomplete`` means an attempt failed and another follows: it is not an end. ``queued``
    (2026) means the job waits for capacity before ``running``. Values this client does not know
    decode with ``is_known`` false; only ``succeeded``, ``failed`` and ``cancelled`` are terminal.
    """

    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    INCOMPLETE = "incomplete"
    FAILED = "failed"
    SUCCEEDED = "succeeded"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """Whether a job in this status will not change again (succeeded, failed, cancelled)."""
        return self.is_known and self._value_ in _TERMINAL_JOB_STATUSES


_TERMINAL_JOB_STATUSES = frozenset({"succeeded", "failed", "cancelled"})


@model
class ResetConfig:
    """The streams a reset job resets (only on reset jobs)."""

    streams_to_reset: list[StreamDescriptor] | None = None


@model
class JobRefreshConfig:
    """The streams a refresh job refreshes (only on refresh jobs, 1.0 and later)."""

    streams_to_refresh: list[StreamDescriptor] | None = None


@model
class JobAggregatedStats:
    """A job's totals over its attempts (1.0 and later)."""

    records_emitted: int
    bytes_emitted: int
    records_committed: int
    bytes_committed: int
    records_rejected: int | None = None


@model
class StreamStats:
    """One stream's totals over a job's attempts (1.0 and later)."""

    stream_name: str
    records_emitted: int
    bytes_emitted: int
    records_committed: int
    bytes_committed: int
    stream_namespace: str | None = None
    records_rejected: int | None = None
    was_backfilled: bool | None = None
    was_resumed: bool | None = None


@model
class JobRead:
    """A job: a sync or reset of a connection (``config_id`` is the connection id as text)."""

    id: int
    config_type: JobConfigType
    config_id: str
    created_at: int
    updated_at: int
    status: JobStatus
    started_at: int | None = None
    reset_config: ResetConfig | None = None
    refresh_config: JobRefreshConfig | None = None
    enabled_streams: list[StreamDescriptor] | None = None
    aggregated_stats: JobAggregatedStats | None = None
    stream_aggregated_stats: list[StreamStats] | None = None

    @property
    def created_at_datetime(self) -> datetime:
        """``created_at`` as an aware UTC datetime."""
        return from_epoch_seconds(self.created_at)

    @property
    def updated_at_datetime(self) -> datetime:
        """``updated_at`` as an aware UTC datetime."""
        return from_epoch_seconds(self.updated_at)

    @property
    def started_at_datetime(self) -> datetime | None:
        """``started_at`` as an aware UTC datetime, or ``None`` before the job starts."""
        return None if self.started_at is None else from_epoch_seconds(self.started_at)


@model
class JobInfoRead:
    """A job with its attempts (and their logs, except from ``jobs/get_without_logs``)."""

    job: JobRead
    attempts: list[AttemptInfoRead]


@model
class JobIdRequestBody:
    """A request naming one job."""

    id: int


@model
class JobInfoLightRead:
    """A job without its attempts."""

    job: JobRead


@model
class Pagination:
    """A page of a list: its size and the number of rows before it."""

    page_size: int | None = None
    row_offset: int | None = None


class JobListOrderByField(OpenStrEnum):
    """The time a job list is ordered by (1.0 and later)."""

    CREATED_AT = "createdAt"
    UPDATED_AT = "updatedAt"


class JobListOrderByMethod(OpenStrEnum):
    """The direction of a job list's order (1.0 and later)."""

    ASC = "ASC"
    DESC = "DESC"


@model
class JobListRequestBody:
    """A job list query.

    ``config_id`` (a connection id) is required by 0.40 servers, optional from 1.0; the fields
    after ``pagination`` are for 1.x/2.x servers. The times are timezone-aware datetimes, sent
    as ISO 8601 date-times in UTC (a naive datetime is refused when encoding).
    """

    config_types: list[JobConfigType]
    config_id: str | None = None
    including_job_id: int | None = None
    pagination: Pagination | None = None
    statuses: list[JobStatus] | None = None
    created_at_start: datetime | None = None
    created_at_end: datetime | None = None
    updated_at_start: datetime | None = None
    updated_at_end: datetime | None = None
    order_by_field: JobListOrderByField | None = None
    order_by_method: JobListOrderByMethod | None = None


@model
class JobListForWorkspacesRequestBody:
    """A query for the jobs of several workspaces (1.0 and later), with the filters of
    :class:`JobListRequestBody` (times as there: aware datetimes, sent in UTC)."""

    config_types: list[JobConfigType]
    workspace_ids: list[UUID] | None = None
    pagination: Pagination | None = None
    statuses: list[JobStatus] | None = None
    created_at_start: datetime | None = None
    created_at_end: datetime | None = None
    updated_at_start: datetime | None = None
    updated_at_end: datetime | None = None
    order_by_field: JobListOrderByField | None = None
    order_by_method: JobListOrderByMethod | None = None


@model
class JobWithAttemptsRead:
    """A job with its attempts, without logs (an item of a job list)."""

    job: JobRead | None = None
    attempts: list[AttemptRead] | None = None


@model
class JobReadList:
    """A page of jobs and the number of jobs in every page."""

    jobs: list[JobWithAttemptsRead]
    total_job_count: int


@model
class JobOptionalRead:
    """A job, or nothing (``job`` absent)."""

    job: JobRead | None = None


@model
class JobReadResponse:
    """A job, or nothing (``job`` absent): what ``connections/refresh`` answers (2.0 and later)."""

    job: JobRead | None = None


@model
class JobDebugRead:
    """A job with the connector definitions and platform version it ran with."""

    id: int
    config_type: JobConfigType
    config_id: str
    status: JobStatus
    airbyte_version: str
    source_definition: SourceDefinitionRead
    destination_definition: DestinationDefinitionRead


@model
class WorkflowStateRead:
    """Whether a job's workflow is running."""

    running: bool


@model
class JobDebugInfoRead:
    """A job's debug information: the job, its attempts with logs, its workflow's state."""

    job: JobDebugRead
    attempts: list[AttemptInfoRead]
    workflow_state: WorkflowStateRead | None = None
