"""Synchronous jobs: a connector run the server waits for (check, discover, spec)."""

from uuid import UUID

from ._base import OpenStrEnum, model
from .jobs import FailureReason, JobConfigType
from .logs import LogEvents, LogFormatType, LogRead

__all__ = ["CheckConnectionRead", "CheckConnectionReadStatus", "SynchronousJobRead"]


@model
class SynchronousJobRead:
    """A connector run the server answered after it ended (``check_connection``,
    ``discover_schema``, ``get_spec``): when, whether it succeeded, and its log.

    ``created_at`` and ``ended_at`` are epoch milliseconds. From 2.0 ``logs`` may be structured
    (:class:`LogEvents`, as ``log_type`` says) and ``failure_reason`` says why a run failed.
    """

    id: UUID
    config_type: JobConfigType
    created_at: int
    ended_at: int
    succeeded: bool
    config_id: str | None = None
    connector_configuration_updated: bool | None = None
    log_type: LogFormatType | None = None
    logs: LogRead | LogEvents | None = None
    failure_reason: FailureReason | None = None


class CheckConnectionReadStatus(OpenStrEnum):
    """Whether the connector could connect with the configuration."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"


@model
class CheckConnectionRead:
    """The outcome of a connection check: ``status`` and the connector's ``message``.

    ``status`` is absent only when the check itself did not run (2.x servers then leave it out;
    ``job_info.failure_reason`` says why).
    """

    job_info: SynchronousJobRead
    status: CheckConnectionReadStatus | None = None
    message: str | None = None

    @property
    def succeeded(self) -> bool:
        """Whether the connector connected."""
        return self.status is CheckConnectionReadStatus.SUCCEEDED
