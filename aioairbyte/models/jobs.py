"""Jobs, attempts, failures, stats and logs."""

from datetime import datetime

from ._base import OpenStrEnum, from_epoch_millis, from_epoch_seconds, model
from .catalog import StreamDescriptor
from .definitions import DestinationDefinitionRead, SourceDefinitionRead

__all__ = [
    "AttemptFailureOrigin",
    "AttemptFailureType",
    "AttemptFailureReason",
    "AttemptFailureSummary",
    "AttemptStats",
    "AttemptStatus",
    "AttemptStreamStats",
    "AttemptRead",
    "LogRead",
    "AttemptInfoRead",
    "JobConfigType",
    "JobStatus",
    "ResetConfig",
    "JobRead",
    "JobInfoRead",
    "JobIdRequestBody",
    "JobInfoLightRead",
    "Pagination",
    "JobListRequestBody",
    "JobWithAttemptsRead",
    "JobReadList",
    "JobOptionalRead",
    "JobDebugRead",
    "WorkflowStateRead",
    "JobDebugInfoRead",
]


class AttemptFailureOrigin(OpenStrEnum):
    """Indicates where the error originated. If not set, the origin of error is not well known."""

    SOURCE = "source"
    DESTINATION = "destination"
    REPLICATION = "replication"
    PERSISTENCE = "persistence"
    NORMALIZATION = "normalization"
    DBT = "dbt"
    AIRBYTE_PLATFORM = "airbyte_platform"
    UNKNOWN = "unknown"


class AttemptFailureType(OpenStrEnum):
    """Categorizes well known errors into types for programmatic handling. If not set, the type of
    error is not well known.
    """

    CONFIG_ERROR = "config_error"
    SYSTEM_ERROR = "system_error"
    MANUAL_CANCELLATION = "manual_cancellation"
    REFRESH_SCHEMA = "refresh_schema"


@model
class AttemptFailureReason:
    """Why an attempt failed. ``timestamp`` is epoch **milliseconds**, unlike the other times."""

    timestamp: int
    failure_origin: AttemptFailureOrigin | None = None
    failure_type: AttemptFailureType | None = None
    external_message: str | None = None
    internal_message: str | None = None
    stacktrace: str | None = None
    retryable: bool | None = None

    @property
    def timestamp_datetime(self) -> datetime:
        """``timestamp`` (epoch milliseconds) as an aware UTC datetime."""
        return from_epoch_millis(self.timestamp)


@model
class AttemptFailureSummary:
    """``AttemptFailureSummary`` schema of the Airbyte Config API."""

    failures: list[AttemptFailureReason]
    partial_success: bool | None = None


@model
class AttemptStats:
    """``AttemptStats`` schema of the Airbyte Config API."""

    records_emitted: int | None = None
    bytes_emitted: int | None = None
    state_messages_emitted: int | None = None
    records_committed: int | None = None
    estimated_records: int | None = None
    estimated_bytes: int | None = None


class AttemptStatus(OpenStrEnum):
    """``AttemptStatus`` values of the Airbyte Config API."""

    RUNNING = "running"
    FAILED = "failed"
    SUCCEEDED = "succeeded"


@model
class AttemptStreamStats:
    """``AttemptStreamStats`` schema of the Airbyte Config API."""

    stream_name: str
    stats: AttemptStats
    stream_namespace: str | None = None


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
class LogRead:
    """``LogRead`` schema of the Airbyte Config API."""

    log_lines: list[str]


@model
class AttemptInfoRead:
    """``AttemptInfoRead`` schema of the Airbyte Config API."""

    attempt: AttemptRead
    logs: LogRead


class JobConfigType(OpenStrEnum):
    """``JobConfigType`` values of the Airbyte Config API."""

    CHECK_CONNECTION_SOURCE = "check_connection_source"
    CHECK_CONNECTION_DESTINATION = "check_connection_destination"
    DISCOVER_SCHEMA = "discover_schema"
    GET_SPEC = "get_spec"
    SYNC = "sync"
    RESET_CONNECTION = "reset_connection"


class JobStatus(OpenStrEnum):
    """A job's status.

    ``incomplete`` means an attempt failed and another follows: it is not an end. Servers newer
    than the spec send values it does not list (``queued``); those decode with ``is_known`` false
    and are never terminal.
    """

    PENDING = "pending"
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
    """contains information about how a reset was configured. only populated if the job was a
    reset.
    """

    streams_to_reset: list[StreamDescriptor] | None = None


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
    """``JobInfoRead`` schema of the Airbyte Config API."""

    job: JobRead
    attempts: list[AttemptInfoRead]


@model
class JobIdRequestBody:
    """``JobIdRequestBody`` schema of the Airbyte Config API."""

    id: int


@model
class JobInfoLightRead:
    """``JobInfoLightRead`` schema of the Airbyte Config API."""

    job: JobRead


@model
class Pagination:
    """``Pagination`` schema of the Airbyte Config API."""

    page_size: int | None = None
    row_offset: int | None = None


@model
class JobListRequestBody:
    """``JobListRequestBody`` schema of the Airbyte Config API."""

    config_types: list[JobConfigType]
    config_id: str
    including_job_id: int | None = None
    pagination: Pagination | None = None


@model
class JobWithAttemptsRead:
    """``JobWithAttemptsRead`` schema of the Airbyte Config API."""

    job: JobRead | None = None
    attempts: list[AttemptRead] | None = None


@model
class JobReadList:
    """``JobReadList`` schema of the Airbyte Config API."""

    jobs: list[JobWithAttemptsRead]
    total_job_count: int


@model
class JobOptionalRead:
    """``JobOptionalRead`` schema of the Airbyte Config API."""

    job: JobRead | None = None


@model
class JobDebugRead:
    """``JobDebugRead`` schema of the Airbyte Config API."""

    id: int
    config_type: JobConfigType
    config_id: str
    status: JobStatus
    airbyte_version: str
    source_definition: SourceDefinitionRead
    destination_definition: DestinationDefinitionRead


@model
class WorkflowStateRead:
    """``WorkflowStateRead`` schema of the Airbyte Config API."""

    running: bool


@model
class JobDebugInfoRead:
    """``JobDebugInfoRead`` schema of the Airbyte Config API."""

    job: JobDebugRead
    attempts: list[AttemptInfoRead]
    workflow_state: WorkflowStateRead | None = None
