"""``client.attempts``: attempts of a job."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from .._args import job_id_arg, model_arg, uuid_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..models import (
    AttemptInfoRead,
    AttemptStats,
    AttemptStreamStats,
    AttemptSyncConfig,
    GetAttemptStatsRequestBody,
    InternalOperationResult,
    SaveAttemptSyncConfigRequestBody,
    SaveStatsRequestBody,
    SetWorkflowInAttemptRequestBody,
)
from ._base import Resource

__all__ = ["Attempts"]

# The bookkeeping writes replace what they write: sending one twice is harmless.
SAVE_STATS = Endpoint("/v1/attempt/save_stats", idempotent=True)
SAVE_SYNC_CONFIG = Endpoint("/v1/attempt/save_sync_config", idempotent=True)
SET_WORKFLOW_IN_ATTEMPT = Endpoint("/v1/attempt/set_workflow_in_attempt", idempotent=True)
GET_FOR_JOB = Endpoint("/v1/attempt/get_for_job", idempotent=True)

_INT32_MAX = 2**31 - 1  # the spec's AttemptNumber is int32


def _attempt_number_arg(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"attempt_number must be an int, got {type(value).__name__}")
    if not 0 <= value <= _INT32_MAX:
        raise InvalidArgumentError(f"attempt_number must be between 0 and 2**31 - 1, got {value}")
    return value


def _stream_stats_arg(values: object) -> list[AttemptStreamStats]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidArgumentTypeError("stream_stats must be an iterable of AttemptStreamStats")
    return [model_arg(v, AttemptStreamStats, f"stream_stats[{i}]") for i, v in enumerate(values)]


class Attempts(Resource):
    """Operations on attempts (``/v1/attempt/...``).

    ``save_stats``, ``save_sync_config`` and ``set_workflow_in_attempt`` are the platform's own
    bookkeeping (its workers call them; 2.x servers let only an instance admin save a sync
    config): what they write shows in the attempt's reads. Attempts are numbered from 0, as
    ``AttemptRead.id`` numbers them.
    """

    async def save_stats(
        self,
        job_id: int,
        attempt_number: int,
        stats: AttemptStats,
        *,
        stream_stats: Iterable[AttemptStreamStats] = (),
        connection_id: UUID | str | None = None,
    ) -> InternalOperationResult:
        """Record the stats of an attempt so far (they replace what it reported before).

        ``connection_id``: 1.0 and later. An unknown job or attempt makes the server fail
        (a 500: the stats name no attempt).
        """
        connection = None if connection_id is None else uuid_arg(connection_id, "connection_id")
        body = SaveStatsRequestBody(
            job_id=job_id_arg(job_id),
            attempt_number=_attempt_number_arg(attempt_number),
            stats=model_arg(stats, AttemptStats, "stats"),
            # Always sent: a 0.40 server fails on a body without it.
            stream_stats=_stream_stats_arg(stream_stats),
            connection_id=connection,
        )
        return await self._call(SAVE_STATS, body, InternalOperationResult)

    async def save_sync_config(
        self, job_id: int, attempt_number: int, sync_config: AttemptSyncConfig
    ) -> InternalOperationResult:
        """Record the configurations and state an attempt syncs with.

        The server updates the attempt's row: for an unknown job or attempt it updates
        nothing and still answers ``succeeded``.
        """
        body = SaveAttemptSyncConfigRequestBody(
            job_id=job_id_arg(job_id),
            attempt_number=_attempt_number_arg(attempt_number),
            sync_config=model_arg(sync_config, AttemptSyncConfig, "sync_config"),
        )
        return await self._call(SAVE_SYNC_CONFIG, body, InternalOperationResult)

    async def set_workflow_in_attempt(
        self,
        job_id: int,
        attempt_number: int,
        workflow_id: str,
        *,
        processing_task_queue: str | None = None,
    ) -> InternalOperationResult:
        """Record the Temporal workflow running an attempt (servers before 2.0; 2.x raise
        :class:`~aioairbyte.UnsupportedOperationError`). An unknown job or attempt updates
        nothing and still answers ``succeeded``."""
        if not isinstance(workflow_id, str):
            raise InvalidArgumentTypeError(
                f"workflow_id must be a str, got {type(workflow_id).__name__}"
            )
        if not workflow_id:
            raise InvalidArgumentError("workflow_id must not be empty")
        if processing_task_queue is not None and not isinstance(processing_task_queue, str):
            raise InvalidArgumentTypeError(
                "processing_task_queue must be a str or None, "
                f"got {type(processing_task_queue).__name__}"
            )
        body = SetWorkflowInAttemptRequestBody(
            job_id=job_id_arg(job_id),
            attempt_number=_attempt_number_arg(attempt_number),
            workflow_id=workflow_id,
            processing_task_queue=processing_task_queue,
        )
        return await self._call(SET_WORKFLOW_IN_ATTEMPT, body, InternalOperationResult)

    async def get_for_job(self, job_id: int, attempt_number: int) -> AttemptInfoRead:
        """One attempt of a job with its log (1.0 and later; 0.40 servers raise
        :class:`~aioairbyte.UnsupportedOperationError`): what replaced ``/v1/logs/get`` for job
        logs. 2.x servers send structured logs (``logs`` is :class:`~aioairbyte.models.LogEvents`;
        :attr:`~aioairbyte.models.AttemptInfoRead.lines` gives text either way). An unknown job
        or attempt is a :class:`~aioairbyte.NotFoundError`."""
        body = GetAttemptStatsRequestBody(
            job_id=job_id_arg(job_id), attempt_number=_attempt_number_arg(attempt_number)
        )
        return await self._call(GET_FOR_JOB, body, AttemptInfoRead)
