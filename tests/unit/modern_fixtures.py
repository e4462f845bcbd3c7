"""Response bodies as 1.x and 2.x servers send them, per document (a helper, not a test module).

Each factory takes a document (``"1.0"``, ``"2.0"``, ``"2026-08"``) and answers what a server
of that version sends for the same objects as :mod:`tests.fixtures` (the 0.40 bodies): the
fields each version added, minus the ones it dropped (``geography``, ``defaultGeography``,
normalization). :data:`MODERN_RESPONSES` lists them with their schema and the documents each
one fits; the tests validate every one against those documents before decoding it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests import fixtures as f

JSON = dict[str, Any]

_ORDER = {"0.40": 0, "1.0": 1, "2.0": 2, "2026-08": 3}
ORGANIZATION_ID = "4d1e2f3a-5b6c-4d7e-8f90-a1b2c3d4e5f6"
DATAPLANE_GROUP_ID = "645a183f-b12b-4c6e-8ad3-99e165603450"
TAG_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
ACTOR_CREATED_AT = 1699990000
EVENT_AT_MS = 1700000003123


def since(document: str, first: str) -> bool:
    """Whether ``document`` is ``first`` or later."""
    return _ORDER[document] >= _ORDER[first]


def _versioned(
    base: JSON, document: str, changes: dict[str, JSON], dropped: dict[str, list[str]]
) -> JSON:
    """``base`` with the keys each version up to ``document`` added, less those it dropped."""
    out = copy.deepcopy(base)
    for version in ("1.0", "2.0", "2026-08"):
        if since(document, version):
            out.update(copy.deepcopy(changes.get(version, {})))
            for key in dropped.get(version, []):
                out.pop(key, None)
    return out


def tag() -> JSON:
    """A ``Tag`` of the workspace."""
    return {"tagId": TAG_ID, "workspaceId": f.WORKSPACE_ID, "name": "prod", "color": "#2f6fdb"}


def actor_definition_version(document: str, repository: str, tag_: str) -> JSON:
    """An ``ActorDefinitionVersionRead`` (the version a source or destination runs)."""
    return _versioned(
        {
            "dockerRepository": repository,
            "dockerImageTag": tag_,
            "supportsRefreshes": True,
            "isVersionOverrideApplied": False,
            "supportLevel": "certified",
            "supportState": "supported",
            "cdkVersion": "java:0.44.1",
        },
        document,
        {"2.0": {"supportsFileTransfer": False, "supportsDataActivation": False}},
        {},
    )


def sync_catalog(document: str) -> JSON:
    """The two-stream catalog with the stream and configuration fields of later servers."""
    catalog = f.sync_catalog()
    for generation, item in enumerate(catalog["streams"]):
        item["stream"]["isResumable"] = True
        item["config"].update(hashedFields=[], minimumGenerationId=0, generationId=generation)
        item["config"]["syncId"] = 17
        if since(document, "2.0"):
            item["stream"]["isFileBased"] = False
            item["config"].update(includeFiles=False, mappers=[])
    catalog["streams"][0]["config"]["mappers" if since(document, "2.0") else "hashedFields"] = (
        [
            {
                "id": "0f8b5a2c-3d4e-4f60-8a1b-2c3d4e5f6a7b",
                "type": "hashing",
                "mapperConfiguration": {
                    "fieldNameSuffix": "_hashed",
                    "method": "SHA-256",
                    "targetField": "email",
                },
            }
        ]
        if since(document, "2.0")
        else [{"fieldPath": ["email"]}]
    )
    return catalog


def connection_read(document: str) -> JSON:
    """``ConnectionRead`` of the main connection."""
    base = f.connection_read()
    base["syncCatalog"] = sync_catalog(document)
    return _versioned(
        base,
        document,
        {
            "1.0": {
                "notifySchemaChangesByEmail": False,
                "created_at": f.JOB_CREATED_AT - 86400,
                "backfillPreference": "disabled",
                "workspaceId": f.WORKSPACE_ID,
            },
            "2.0": {"dataplaneGroupId": DATAPLANE_GROUP_ID, "tags": [tag()]},
            "2026-08": {"onDemandEnabled": False},
        },
        {"2.0": ["geography"]},
    )


def connection_read_list(document: str) -> JSON:
    """``ConnectionReadList`` of the workspace."""
    return {"connections": [connection_read(document)]}


def _failure(document: str) -> JSON:
    """A ``FailureReason``: 2.0 adds the stream it failed on and whether a trace message said so."""
    failure = copy.deepcopy(f.failed_attempt()["failureSummary"]["failures"][0])
    if since(document, "2.0"):
        failure.update(
            failureType="transient_error",
            fromTraceMessage=True,
            streamDescriptor={"name": "users", "namespace": "public"},
        )
    return failure


def _attempt(attempt: JSON, document: str) -> JSON:
    attempt = copy.deepcopy(attempt)
    if "totalStats" in attempt:
        attempt["totalStats"]["bytesCommitted"] = attempt["bytesSynced"]
        if since(document, "2.0"):
            attempt["totalStats"]["recordsRejected"] = 0
    if "failureSummary" in attempt:
        attempt["failureSummary"]["failures"] = [_failure(document)]
    return attempt


def _logs(lines: list[str], document: str) -> JSON:
    """An attempt's ``logs`` (and ``logType``): lines on 1.0, structured events from 2.0."""
    if not since(document, "2.0"):
        return {"logs": {"logLines": list(lines)}}
    events = [
        {
            "timestamp": EVENT_AT_MS + i,
            "message": line.split(" - ", 1)[-1],
            "level": "error" if " ERROR " in line else "info",
            "logSource": "replication-orchestrator",
            "caller": {
                "className": "io.airbyte.workers.general.ReplicationWorker",
                "lineNumber": 124,
            },
        }
        for i, line in enumerate(lines)
    ]
    if events:
        events[-1]["stackTrace"] = "java.lang.RuntimeException: boom\n\tat Worker.run(Worker.kt:42)"
    return {"logType": "structured", "logs": {"events": events, "version": "1"}}


def job_read(document: str, job: JSON) -> JSON:
    """A ``JobRead`` with the stream and aggregate stats of later servers."""
    rejected = {"recordsRejected": 0} if since(document, "2.0") else {}
    return {
        **job,
        "enabledStreams": [
            {"name": "users", "namespace": "public"},
            {"name": "orders", "namespace": "public"},
        ],
        "aggregatedStats": {
            "recordsEmitted": 125000,
            "bytesEmitted": 52428800,
            "recordsCommitted": 125000,
            "bytesCommitted": 52428800,
            **rejected,
        },
        "streamAggregatedStats": [
            {
                "streamName": "users",
                "streamNamespace": "public",
                "recordsEmitted": 25000,
                "bytesEmitted": 10485760,
                "recordsCommitted": 25000,
                "bytesCommitted": 10485760,
                **rejected,
                "wasBackfilled": False,
                "wasResumed": False,
            }
        ],
    }


def job_info_read(document: str, *, logs: bool = True) -> JSON:
    """``JobInfoRead`` of the finished sync: a failed attempt (a ``FailureReason``), then a
    succeeded one; ``logs=False``: as ``jobs/get_without_logs`` answers (2.0 and later)."""
    attempts = []
    for attempt, lines in (
        (f.failed_attempt(), f.FAILED_ATTEMPT_LOG),
        (f.succeeded_attempt(), f.SUCCEEDED_ATTEMPT_LOG),
    ):
        item = {"attempt": _attempt(attempt, document)}
        attempts.append({**item, **_logs(lines, document)} if logs else item)
    return {"job": job_read(document, f.job_read(f.JOB_ID)), "attempts": attempts}


def job_info_read_queued(document: str) -> JSON:
    """``JobInfoRead`` of a sync waiting for capacity: ``queued`` (2026-08), no attempts."""
    job = f.job_read(f.RUNNING_JOB_ID, status="pending")
    return {"job": {**job, "status": "queued"}, "attempts": []}


def job_read_list(document: str) -> JSON:
    """``JobReadList`` holding the finished sync."""
    info = job_info_read(document, logs=False)
    attempts = [item["attempt"] for item in info["attempts"]]
    return {"jobs": [{"job": info["job"], "attempts": attempts}], "totalJobCount": 1}


CLEAR_JOB_ID = 1237
REFRESH_JOB_ID = 1238
STATUS_ACTIVE_JOB_ID = 1239


def job_info_read_clear(document: str, *, streams: list[JSON] | None = None) -> JSON:
    """``JobInfoRead`` that ``connections/clear`` (or ``clear/stream``, ``reset/stream``)
    answers: a pending job of config type ``reset_connection`` (the server runs a reset), no
    attempts yet; ``streams``: the streams it clears (default both)."""
    job = job_read(
        document,
        f.job_read(CLEAR_JOB_ID, status="pending", config_type="reset_connection"),
    )
    if streams is not None:
        job["resetConfig"] = {"streamsToReset": streams}
    return {"job": job, "attempts": []}


def refresh_job_read(document: str) -> JSON:
    """``JobRead`` of a running refresh of ``users`` (the other stream syncs as usual)."""
    job = job_read(document, f.job_read(REFRESH_JOB_ID, status="running", config_type="refresh"))
    job["refreshConfig"] = {"streamsToRefresh": [{"name": "users", "namespace": "public"}]}
    return job


def job_read_response(document: str) -> JSON:
    """``JobReadResponse`` that ``connections/refresh`` answers when it started a job (2.0+)."""
    return {"job": refresh_job_read(document)}


def job_read_response_none(document: str) -> JSON:
    """``JobReadResponse`` without a job: the destination cannot refresh, or a sync runs."""
    return {}


def refresh_boolean_read(document: str) -> JSON:
    """``BooleanRead`` that a 1.0 server's ``connections/refresh`` answers (the client reads it
    as a ``JobReadResponse`` without a job; not in :data:`MODERN_RESPONSES`)."""
    return {"value": True}


def _status_failure(document: str) -> JSON:
    failure = _failure(document)
    failure.update(failureType="config_error", retryable=False)
    return failure


def connection_status_read(document: str, connection_id: str = f.CONNECTION_ID) -> JSON:
    """``ConnectionStatusRead`` of a connection whose sync runs (2.0+: ``connectionSyncStatus``
    ``running`` with the ``activeJob``; 1.0: ``isRunning`` and the last sync's status)."""
    if not since(document, "2.0"):
        return {
            "connectionId": connection_id,
            "lastSyncJobStatus": "succeeded",
            "lastSuccessfulSync": f.JOB_ENDED_AT,
            "lastSyncJobId": f.JOB_ID,
            "lastSyncAttemptNumber": 1,
            "nextSync": f.JOB_ENDED_AT + 86400,
            "isRunning": True,
            "isLastCompletedJobReset": False,
        }
    active = f.job_read(STATUS_ACTIVE_JOB_ID, status="running")
    return {
        "connectionId": connection_id,
        "connectionSyncStatus": "running",
        "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 24}},
        "lastSuccessfulSync": f.JOB_ENDED_AT,
        "activeJob": {**active, "configId": connection_id},
        "lastSyncJobId": f.JOB_ID,
        "lastSyncAttemptNumber": 1,
        "lastSyncJobCreatedAt": f.JOB_CREATED_AT,
    }


def connection_status_failed(document: str, connection_id: str = f.OTHER_CONNECTION_ID) -> JSON:
    """``ConnectionStatusRead`` of a connection whose last sync failed with a config error."""
    if not since(document, "2.0"):
        return {
            "connectionId": connection_id,
            "lastSyncJobStatus": "failed",
            "lastSuccessfulSync": f.JOB_ENDED_AT - 86400,
            "lastSyncJobId": f.JOB_ID,
            "lastSyncAttemptNumber": 2,
            "nextSync": f.JOB_ENDED_AT + 3600,
            "isRunning": False,
            "isLastCompletedJobReset": False,
            "failureReason": _status_failure(document),
        }
    return {
        "connectionId": connection_id,
        "connectionSyncStatus": "failed",
        "lastSuccessfulSync": f.JOB_ENDED_AT - 86400,
        "lastSyncJobId": f.JOB_ID,
        "lastSyncAttemptNumber": 2,
        "lastSyncJobCreatedAt": f.JOB_CREATED_AT,
        "failureReason": _status_failure(document),
    }


def connection_status_queued(document: str, connection_id: str = f.CONNECTION_ID) -> JSON:
    """``ConnectionStatusRead`` of a connection whose sync waits for capacity (2026-08)."""
    active = f.job_read(STATUS_ACTIVE_JOB_ID, status="pending")
    return {
        "connectionId": connection_id,
        "connectionSyncStatus": "queued",
        "activeJob": {**active, "status": "queued", "configId": connection_id},
    }


def connection_statuses_read(document: str) -> list[JSON]:
    """``ConnectionStatusesRead``: a JSON array, one status per connection asked for."""
    return [connection_status_read(document), connection_status_failed(document)]


def _stream_progress(document: str, name: str, config_type: str, done: int) -> JSON:
    item: JSON = {
        "streamName": name,
        "streamNamespace": "public",
        "recordsEmitted": done,
        "bytesEmitted": done * 420,
        "recordsCommitted": done - 1000,
        "bytesCommitted": (done - 1000) * 420,
        "configType": config_type,
    }
    if since(document, "2.0"):
        item["recordsRejected"] = 0
    return item


def connection_sync_progress_read(document: str) -> JSON:
    """``ConnectionSyncProgressRead`` of a running refresh: ``users`` refreshed, ``orders``
    synced (as ``JobHistoryHandler.getConnectionSyncProgressInternal`` builds it)."""
    body: JSON = {
        "connectionId": f.CONNECTION_ID,
        "jobId": REFRESH_JOB_ID,
        "streams": [
            _stream_progress(document, "users", "refresh", 25000),
            _stream_progress(document, "orders", "sync", 100000),
        ],
        "recordsEmitted": 125000,
        "recordsCommitted": 123000,
        "bytesEmitted": 52500000,
        "bytesCommitted": 51660000,
        "syncStartedAt": f.JOB_CREATED_AT,
        "configType": "refresh",
    }
    if since(document, "2.0"):
        body["recordsRejected"] = 0
    return body


def connection_sync_progress_idle(document: str) -> JSON:
    """What the server answers with no job running: no ``configType``, although the
    documents require it (the server wins: the model has it optional)."""
    return {"connectionId": f.CONNECTION_ID, "streams": []}


def job_read_list_for_workspaces(document: str) -> JSON:
    """``JobReadList`` that ``jobs/list_for_workspaces`` answers: ``totalJobCount`` is the
    number of jobs on the page (``JobHistoryHandler.listJobsForWorkspaces``)."""
    finished = job_read_list(document)["jobs"][0]
    running = {"job": job_read(document, f.job_read(f.RUNNING_JOB_ID, status="running"))}
    return {"jobs": [{**running, "attempts": []}, finished], "totalJobCount": 2}


def destination_definition_read(document: str) -> JSON:
    """``DestinationDefinitionRead``: no normalization any more, support level and metadata."""
    base = f.destination_definition_read()
    return _versioned(
        base,
        document,
        {
            "1.0": {
                "custom": False,
                "supportLevel": "certified",
                "lastPublished": "2024-08-30T10:12:00Z",
                "cdkVersion": "java:0.44.1",
                "language": "java",
            },
            "2.0": {"enterprise": False, "supportsDataActivation": False},
        },
        {"1.0": ["supportsDbt", "normalizationConfig"]},
    )


def job_debug_info_read(document: str) -> JSON:
    """``JobDebugInfoRead`` of the finished sync."""
    body = f.job_debug_info_read()
    body["job"]["destinationDefinition"] = destination_definition_read(document)
    body["job"]["airbyteVersion"] = {"1.0": "1.0.0", "2.0": "2.0.0"}.get(document, "2.1.0")
    body["attempts"] = job_info_read(document)["attempts"]
    return body


def _actor(base: JSON, document: str) -> JSON:
    return _versioned(
        base,
        document,
        {
            "1.0": {
                "isVersionOverrideApplied": False,
                "supportState": "supported",
                "status": "active",
            },
            "2.0": {
                "createdAt": ACTOR_CREATED_AT,
                "isEntitled": True,
                "numConnections": 1,
                "lastSync": f.JOB_ENDED_AT,
                "connectionJobStatuses": {"succeeded": 1},
            },
        },
        {},
    )


def source_read(document: str) -> JSON:
    """``SourceRead``; ``createdAt`` is required from 2.0."""
    return _actor(f.source_read(), document)


def destination_read(document: str) -> JSON:
    """``DestinationRead``; ``createdAt`` is required from 2.0."""
    return _actor(f.destination_read(), document)


def workspace_read(document: str) -> JSON:
    """``WorkspaceRead``: ``organizationId`` required from 1.0, no ``defaultGeography`` in 2.0."""
    return _versioned(
        f.workspace_read(),
        document,
        {
            "1.0": {
                "organizationId": ORGANIZATION_ID,
                "tombstone": False,
                "notificationSettings": {
                    "sendOnFailure": {
                        "notificationType": ["slack"],
                        "slackConfiguration": {
                            "webhook": "https://hooks.slack.com/services/T0/B0/X"
                        },
                    },
                    "sendOnSuccess": {"notificationType": []},
                },
            },
            "2.0": {
                "dataplaneGroupId": DATAPLANE_GROUP_ID,
                "workspaceLimits": {
                    "sources": {"current": 1, "max": 100},
                    "destinations": {"current": 1, "max": 100},
                    "activeConnections": {"current": 1, "max": 50},
                },
            },
        },
        {"2.0": ["defaultGeography"]},
    )


def web_backend_connection_read(document: str) -> JSON:
    """``WebBackendConnectionRead`` with the fields 1.x/2.x require, and an object diff."""
    base = f.web_backend_connection_read()
    connection = connection_read(document)
    for key in ("breakingChange", "sourceCatalogId", "created_at", "workspaceId"):
        connection.pop(key, None)
    transforms = base["catalogDiff"]["transforms"]
    transforms[0]["updateStream"] = {
        "fieldTransforms": transforms[0]["updateStream"],
        "streamAttributeTransforms": [
            {
                "transformType": "update_primary_key",
                "breaking": True,
                "updatePrimaryKey": {
                    "oldPrimaryKey": [["id"]],
                    "newPrimaryKey": [["id"], ["email"]],
                },
            }
        ],
    }
    webhook = {
        "workspaceId": f.WORKSPACE_ID,
        "operationId": f.OPERATION_ID,
        "name": "dbt Cloud job",
        "operatorConfiguration": {
            "operatorType": "webhook",
            "webhook": {
                "webhookConfigId": f.WEBHOOK_CONFIG_ID,
                "webhookType": "dbtCloud",
                "dbtCloud": {"accountId": 1234, "jobId": 5678},
            },
        },
    }
    body = {
        **base,
        **connection,
        "operations": [webhook],
        "source": source_read(document),
        "destination": destination_read(document),
        "catalogDiff": base["catalogDiff"],
        "createdAt": f.JOB_CREATED_AT - 86400,
        "sourceActorDefinitionVersion": actor_definition_version(
            document, "airbyte/source-postgres", "3.6.18"
        ),
        "destinationActorDefinitionVersion": actor_definition_version(
            document, "airbyte/destination-bigquery", "2.9.0"
        ),
    }
    if since(document, "2.0"):
        del body["geography"]
    return body


def web_backend_connection_read_list(document: str) -> JSON:
    """``WebBackendConnectionReadList`` with the fields 1.x/2.x require of each item."""
    body = f.web_backend_connection_read_list()
    for item in body["connections"]:
        item["sourceActorDefinitionVersion"] = actor_definition_version(
            document, "airbyte/source-postgres", "3.6.18"
        )
        item["destinationActorDefinitionVersion"] = actor_definition_version(
            document, "airbyte/destination-bigquery", "2.9.0"
        )
        if since(document, "2.0"):
            item["tags"] = [tag()]
        if since(document, "2026-08"):
            item["onDemandEnabled"] = False
    if since(document, "2.0"):
        body.update(page_size=20, num_connections=2)
    return body


def not_found_body(document: str) -> JSON:
    """A 2.x 404 body: only an ``errorId``."""
    return {"errorId": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b"}


def instance_configuration(document: str) -> JSON:
    """``InstanceConfigurationResponse`` of a Community deployment with application tokens."""
    return {
        "edition": "community",
        "version": {"1.0": "1.0.0", "2.0": "2.0.0"}.get(document, "2.1.0"),
        "auth": {"mode": "simple"},
        "airbyteUrl": "http://localhost:8000",
        "initialSetupComplete": True,
        "defaultUserId": "00000000-0000-0000-0000-000000000000",
        "defaultOrganizationId": "00000000-0000-0000-0000-000000000000",
        "defaultOrganizationEmail": "admin@example.com",
        "defaultWorkspaceId": f.WORKSPACE_ID,
        "trackingStrategy": "logging",
        **({"licenseStatus": "pro"} if since(document, "2.0") else {}),
    }


def _same(factory: Callable[[], Any]) -> Callable[[str], Any]:
    return lambda document: factory()


ALL = ("1.0", "2.0", "2026-08")
TWO = ("2.0", "2026-08")
Modern = Callable[[str], Any]

#: name -> (schema, factory taking the document, the documents the body fits).
MODERN_RESPONSES: dict[str, tuple[str, Modern, tuple[str, ...]]] = {
    "connection_read": ("ConnectionRead", connection_read, ALL),
    "connection_read_list": ("ConnectionReadList", connection_read_list, ALL),
    "job_info_read": ("JobInfoRead", job_info_read, ALL),
    "job_info_read_without_logs": (
        "JobInfoRead",
        lambda d: job_info_read(d, logs=False),
        TWO,
    ),
    "job_info_read_queued": ("JobInfoRead", job_info_read_queued, ("2026-08",)),
    "job_info_light_read": ("JobInfoLightRead", lambda d: {"job": job_read(d, f.job_read())}, ALL),
    "job_read_list": ("JobReadList", job_read_list, ALL),
    "job_optional_read": ("JobOptionalRead", lambda d: {"job": job_read(d, f.job_read())}, ALL),
    "job_debug_info_read": ("JobDebugInfoRead", job_debug_info_read, ALL),
    "connection_state_global": ("ConnectionState", _same(f.connection_state_global), ALL),
    "connection_state_type": ("ConnectionStateType", _same(f.connection_state_type), ALL),
    "web_backend_check_updates_read": (
        "WebBackendCheckUpdatesRead",
        _same(f.web_backend_check_updates_read),
        ALL,
    ),
    "web_backend_connection_read": ("WebBackendConnectionRead", web_backend_connection_read, ALL),
    "web_backend_connection_read_list": (
        "WebBackendConnectionReadList",
        web_backend_connection_read_list,
        ALL,
    ),
    "web_backend_workspace_state_result": (
        "WebBackendWorkspaceStateResult",
        _same(f.web_backend_workspace_state_result),
        ALL,
    ),
    "web_backend_geographies_list_result": (
        "WebBackendGeographiesListResult",
        _same(f.web_backend_geographies_list_result),
        ("1.0",),
    ),
    "health_check_read": ("HealthCheckRead", _same(f.health_check_read), ALL),
    "workspace_read": ("WorkspaceRead", workspace_read, ALL),
    "workspace_read_list": (
        "WorkspaceReadList",
        lambda d: {"workspaces": [workspace_read(d)]},
        ALL,
    ),
    "source_read": ("SourceRead", source_read, ALL),
    "source_read_list": ("SourceReadList", lambda d: {"sources": [source_read(d)]}, ALL),
    "destination_read": ("DestinationRead", destination_read, ALL),
    "destination_read_list": (
        "DestinationReadList",
        lambda d: {"destinations": [destination_read(d)]},
        ALL,
    ),
    "instance_configuration": (
        "InstanceConfigurationResponse",
        instance_configuration,
        ALL,
    ),
    "not_found_error_id": ("NotFoundKnownExceptionInfo", not_found_body, ("2026-08",)),
    "job_info_read_clear": ("JobInfoRead", job_info_read_clear, ALL),
    "job_info_read_clear_users": (
        "JobInfoRead",
        lambda d: job_info_read_clear(d, streams=[{"name": "users", "namespace": "public"}]),
        ALL,
    ),
    "job_read_response": ("JobReadResponse", job_read_response, TWO),
    "job_read_response_none": ("JobReadResponse", job_read_response_none, TWO),
    "connection_statuses_read": ("ConnectionStatusesRead", connection_statuses_read, ALL),
    "connection_statuses_read_queued": (
        "ConnectionStatusesRead",
        lambda d: [connection_status_queued(d)],
        ("2026-08",),
    ),
    "connection_sync_progress_read": (
        "ConnectionSyncProgressRead",
        connection_sync_progress_read,
        ALL,
    ),
    "job_read_list_for_workspaces": ("JobReadList", job_read_list_for_workspaces, ALL),
}
