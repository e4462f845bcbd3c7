"""Attempts: the platform's bookkeeping of a job's attempts (stats, sync config, workflow), an
attempt read on its own, and the normalization status of a job's attempts (servers before 1.0)."""

from typing import Any
from uuid import UUID

from ._base import model, secret
from .jobs import AttemptStats, AttemptStreamStats
from .state import ConnectionState

__all__ = [
    "InternalOperationResult",
    "SetWorkflowInAttemptRequestBody",
    "SaveStatsRequestBody",
    "AttemptSyncConfig",
    "SaveAttemptSyncConfigRequestBody",
    "GetAttemptStatsRequestBody",
    "AttemptNormalizationStatusRead",
    "AttemptNormalizationStatusReadList",
]


@model
class InternalOperationResult:
    """Whether the server stored what a bookkeeping call sent (``False``: it could not)."""

    succeeded: bool


@model
class SetWorkflowInAttemptRequestBody:
    """The Temporal workflow running an attempt (servers before 2.0)."""

    job_id: int
    attempt_number: int
    workflow_id: str
    processing_task_queue: str | None = None


@model
class SaveStatsRequestBody:
    """Stats of a running attempt, as the worker reports them (``connection_id``: 1.0 and later)."""

    job_id: int
    attempt_number: int
    stats: AttemptStats
    stream_stats: list[AttemptStreamStats] | None = None
    connection_id: UUID | None = None


@model
class AttemptSyncConfig:
    """The configurations (unmasked: secrets) and state an attempt syncs with."""

    source_configuration: dict[str, Any] = secret()
    destination_configuration: dict[str, Any] = secret()
    state: ConnectionState | None = None


@model
class SaveAttemptSyncConfigRequestBody:
    """The sync configuration of an attempt."""

    job_id: int
    attempt_number: int
    sync_config: AttemptSyncConfig


@model
class GetAttemptStatsRequestBody:
    """A request naming one attempt of a job (1.0 and later)."""

    job_id: int
    attempt_number: int


@model
class AttemptNormalizationStatusRead:
    """Whether an attempt committed records and whether its normalization failed (before 1.0)."""

    attempt_number: int | None = None
    has_records_committed: bool | None = None
    records_committed: int | None = None
    has_normalization_failed: bool | None = None


@model
class AttemptNormalizationStatusReadList:
    """The normalization status of a job's attempts (servers before 1.0)."""

    attempt_normalization_statuses: list[AttemptNormalizationStatusRead] | None = None
