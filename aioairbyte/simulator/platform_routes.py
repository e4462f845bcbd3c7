"""Operations, attempts, OAuth and the jobs' normalization status.

The family's tables, joined by :mod:`~aioairbyte.simulator.routes`: ``ROUTES`` (served by both
profiles, minus the paths a modern server removed), ``REQUEST_SCHEMAS`` (their 0.40 request
schemas; the modern profile uses them modernized), ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS`` (what only the modern profile serves, or serves differently).
The handlers live in :mod:`~aioairbyte.simulator.platform_operations`,
:mod:`~aioairbyte.simulator.platform_attempts` and :mod:`~aioairbyte.simulator.platform_oauth`.
"""

from __future__ import annotations

from . import platform_attempts as attempts
from . import platform_oauth as oauth
from . import platform_operations as operations
from .operations import Handler, Route
from .validation import (
    ANY,
    INTEGER,
    OBJECT,
    OPERATION_CREATE,
    OPERATOR_CONFIGURATION,
    STRING,
    UUID,
    Arr,
    Enum,
    Obj,
    Spec,
)

__all__ = ["MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]


def _obj(props: dict[str, Spec], *required: str) -> Obj:
    return Obj(props=props, required=frozenset(required))


def _post(operation_id: str, schema: str, handler: Handler) -> Route:
    return Route("POST", operation_id, schema, handler)


_ATTEMPT_STATS_040: dict[str, Spec] = {
    name: INTEGER
    for name in (
        "recordsEmitted",
        "bytesEmitted",
        "stateMessagesEmitted",
        "recordsCommitted",
        "estimatedRecords",
        "estimatedBytes",
    )
}
# 2.0.0 adds bytesCommitted and recordsRejected (additionalStats is a 2026-08 field: dropped,
# so that the reads showing these stats stay valid against 2.0.0).
_ATTEMPT_STATS_MODERN: dict[str, Spec] = {
    **_ATTEMPT_STATS_040,
    "bytesCommitted": INTEGER,
    "recordsRejected": INTEGER,
}


def _save_stats(stats: dict[str, Spec], modern: bool) -> Obj:
    stream = _obj(
        {"streamName": STRING, "streamNamespace": STRING, "stats": _obj(stats)},
        "streamName",
        "stats",
    )
    props: dict[str, Spec] = {
        "jobId": INTEGER,
        "attemptNumber": INTEGER,
        "stats": _obj(stats),
        "streamStats": Arr(stream),
    }
    if modern:
        props["connectionId"] = UUID
    return _obj(props, "jobId", "attemptNumber", "stats")


_STREAM_DESCRIPTOR = _obj({"name": STRING, "namespace": STRING}, "name")
_STREAM_STATE = _obj(
    {"streamDescriptor": _STREAM_DESCRIPTOR, "streamState": OBJECT}, "streamDescriptor"
)
CONNECTION_STATE = _obj(
    {
        "stateType": Enum(("global", "stream", "legacy", "not_set")),
        "connectionId": UUID,
        "state": OBJECT,
        "streamState": Arr(_STREAM_STATE),
        "globalState": _obj(
            {"shared_state": OBJECT, "streamStates": Arr(_STREAM_STATE)}, "streamStates"
        ),
    },
    "connectionId",
    "stateType",
)

REQUEST_SCHEMAS: dict[str, Obj] = {
    "OperatorConfiguration": OPERATOR_CONFIGURATION,
    "OperationCreate": OPERATION_CREATE,
    "OperationUpdate": _obj(
        {"operationId": UUID, "name": STRING, "operatorConfiguration": OPERATOR_CONFIGURATION},
        "operationId",
        "name",
        "operatorConfiguration",
    ),
    "OperationIdRequestBody": _obj({"operationId": UUID}, "operationId"),
    "SetWorkflowInAttemptRequestBody": _obj(
        {
            "jobId": INTEGER,
            "attemptNumber": INTEGER,
            "workflowId": STRING,
            "processingTaskQueue": STRING,
        },
        "jobId",
        "attemptNumber",
        "workflowId",
    ),
    "SaveStatsRequestBody": _save_stats(_ATTEMPT_STATS_040, modern=False),
    "SaveAttemptSyncConfigRequestBody": _obj(
        {
            "jobId": INTEGER,
            "attemptNumber": INTEGER,
            "syncConfig": _obj(
                {
                    "sourceConfiguration": ANY,
                    "destinationConfiguration": ANY,
                    "state": CONNECTION_STATE,
                },
                "sourceConfiguration",
                "destinationConfiguration",
            ),
        },
        "jobId",
        "attemptNumber",
        "syncConfig",
    ),
    **oauth.REQUEST_SCHEMAS,
}

ROUTES: dict[str, Route] = {
    "/api/v1/operations/check": _post("checkOperation", "OperatorConfiguration", operations.check),
    "/api/v1/operations/create": _post("createOperation", "OperationCreate", operations.create),
    "/api/v1/operations/update": _post("updateOperation", "OperationUpdate", operations.update),
    "/api/v1/operations/list": _post(
        "listOperationsForConnection",
        "ConnectionIdRequestBody",
        operations.list_for_connection,
    ),
    "/api/v1/operations/get": _post("getOperation", "OperationIdRequestBody", operations.get),
    "/api/v1/operations/delete": _post(
        "deleteOperation", "OperationIdRequestBody", operations.delete
    ),
    "/api/v1/attempt/set_workflow_in_attempt": _post(
        "setWorkflowInAttempt",
        "SetWorkflowInAttemptRequestBody",
        attempts.set_workflow_in_attempt,
    ),
    "/api/v1/attempt/save_stats": _post("saveStats", "SaveStatsRequestBody", attempts.save_stats),
    "/api/v1/attempt/save_sync_config": _post(
        "saveSyncConfig", "SaveAttemptSyncConfigRequestBody", attempts.save_sync_config
    ),
    "/api/v1/jobs/get_normalization_status": _post(
        "getAttemptNormalizationStatusesForJob", "JobIdRequestBody", attempts.normalization_status
    ),
    **oauth.ROUTES,
}

MODERN_ROUTES: dict[str, Route] = {
    "/api/v1/attempt/get_for_job": _post(
        "getAttemptForJob", "GetAttemptStatsRequestBody", attempts.get_for_job
    ),
}
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {
    "SaveStatsRequestBody": _save_stats(_ATTEMPT_STATS_MODERN, modern=True),
    "GetAttemptStatsRequestBody": _obj(
        {"jobId": INTEGER, "attemptNumber": INTEGER}, "jobId", "attemptNumber"
    ),
    **oauth.MODERN_REQUEST_SCHEMAS,
}
