"""Response bodies as the real Airbyte server sends them (Configuration API, 2023 versions).

Plain JSON-ready dicts, camelCase as on the wire: null fields are omitted, empty arrays are kept,
free-form objects (``jsonSchema``, ``connectionConfiguration``, state blobs) carry the keys the
connectors chose (snake_case, camelCase, even hyphens). Each fixture is a function returning a
fresh copy, so a test may change it without affecting another. Ids are fixed.

:data:`RESPONSES` and :data:`ERRORS` list every fixture with the spec schema it must validate
against; the contract tests iterate over them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

JSON = dict[str, Any]

# --- Ids -----------------------------------------------------------------------------------------

WORKSPACE_ID = "b8e1c4a6-3d52-4b7e-9c0f-6a2d1e8f4b30"
CUSTOMER_ID = "e2c7a4f1-9b3d-4c58-8e6a-1f0d2b7c9a45"
SOURCE_ID = "5f3a9c2e-7b14-4d86-a0e3-9c1b2d4f6e78"
DESTINATION_ID = "0c7e2b9a-4f61-4a3d-b8c5-2e9f1a6d3b04"
# The real definition ids of Postgres (source) and BigQuery (destination).
SOURCE_DEFINITION_ID = "decd338e-5647-4c0b-adf4-da0e75f5a750"
DESTINATION_DEFINITION_ID = "22f6c74f-5699-40ff-833c-4a879ea40133"
CONNECTION_ID = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"
OTHER_CONNECTION_ID = "3a8d5e1f-2c4b-4e97-8a60-b7f2c9d1e053"
DELETED_CONNECTION_ID = "71b4f0d2-8e3a-4c65-9d1b-4a2f6e8c0b97"
OPERATION_ID = "c4d2e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"
SOURCE_CATALOG_ID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
CATALOG_ID = "f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0"
WEBHOOK_CONFIG_ID = "6e5d4c3b-2a19-4807-b6f5-e4d3c2b1a098"

#: The sync job the job fixtures describe, and a newer one still running.
JOB_ID = 1234
RUNNING_JOB_ID = 1235
RESET_JOB_ID = 1236
#: The job id the 500 "Could not find job" body names.
MISSING_JOB_ID = 42

# Epoch seconds (job and attempt times), except failure timestamps, which are milliseconds.
JOB_CREATED_AT = 1700000000
ATTEMPT_0_ENDED_AT = 1700000304
ATTEMPT_1_CREATED_AT = 1700000305
JOB_ENDED_AT = 1700000912
FAILURE_TIMESTAMP_MS = 1700000303871

# --- Catalog -------------------------------------------------------------------------------------

USERS_JSON_SCHEMA: JSON = {
    "type": "object",
    "properties": {
        "id": {"type": "number", "airbyte_type": "integer"},
        "email": {"type": "string"},
        "full_name": {"type": "string"},
        "is_active": {"type": "boolean"},
        "created_at": {
            "type": "string",
            "format": "date-time",
            "airbyte_type": "timestamp_with_timezone",
        },
        "updated_at": {
            "type": "string",
            "format": "date-time",
            "airbyte_type": "timestamp_with_timezone",
        },
    },
}

ORDERS_JSON_SCHEMA: JSON = {
    "type": "object",
    "properties": {
        "order_id": {"type": "number", "airbyte_type": "integer"},
        "user_id": {"type": "number", "airbyte_type": "integer"},
        "amount_cents": {"type": "number", "airbyte_type": "integer"},
        "currency": {"type": "string"},
        "placedAt": {
            "type": "string",
            "format": "date-time",
            "airbyte_type": "timestamp_without_timezone",
        },
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "number"}},
            },
        },
    },
}


def sync_catalog() -> JSON:
    """Two Postgres streams: ``users`` incremental/dedup, ``orders`` full refresh/overwrite."""
    return {
        "streams": [
            {
                "stream": {
                    "name": "users",
                    "jsonSchema": copy.deepcopy(USERS_JSON_SCHEMA),
                    "supportedSyncModes": ["full_refresh", "incremental"],
                    "sourceDefinedCursor": False,
                    "defaultCursorField": [],
                    "sourceDefinedPrimaryKey": [["id"]],
                    "namespace": "public",
                },
                "config": {
                    "syncMode": "incremental",
                    "cursorField": ["updated_at"],
                    "destinationSyncMode": "append_dedup",
                    "primaryKey": [["id"]],
                    "aliasName": "users",
                    "selected": True,
                    "suggested": True,
                    "fieldSelectionEnabled": False,
                    "selectedFields": [],
                },
            },
            {
                "stream": {
                    "name": "orders",
                    "jsonSchema": copy.deepcopy(ORDERS_JSON_SCHEMA),
                    "supportedSyncModes": ["full_refresh", "incremental"],
                    "defaultCursorField": [],
                    "sourceDefinedPrimaryKey": [["order_id"]],
                    "namespace": "public",
                },
                "config": {
                    "syncMode": "full_refresh",
                    "cursorField": [],
                    "destinationSyncMode": "overwrite",
                    "primaryKey": [["order_id"]],
                    "aliasName": "orders",
                    "selected": True,
                    "suggested": False,
                    "fieldSelectionEnabled": False,
                    "selectedFields": [],
                },
            },
        ]
    }


# --- Connections ---------------------------------------------------------------------------------


def connection_read() -> JSON:
    """``ConnectionRead``: an active, hourly-ish (every 24h) Postgres -> BigQuery connection."""
    return {
        "connectionId": CONNECTION_ID,
        "name": "Shop Postgres → BigQuery",
        "namespaceDefinition": "source",
        "namespaceFormat": "${SOURCE_NAMESPACE}",
        "prefix": "shop_",
        "sourceId": SOURCE_ID,
        "destinationId": DESTINATION_ID,
        "operationIds": [OPERATION_ID],
        "syncCatalog": sync_catalog(),
        "schedule": {"units": 24, "timeUnit": "hours"},
        "scheduleType": "basic",
        "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 24}},
        "status": "active",
        "resourceRequirements": {
            "cpu_request": "0.5",
            "cpu_limit": "2",
            "memory_request": "1Gi",
            "memory_limit": "4Gi",
        },
        "sourceCatalogId": SOURCE_CATALOG_ID,
        "geography": "auto",
        "breakingChange": False,
        "notifySchemaChanges": True,
        "nonBreakingChangesPreference": "ignore",
    }


def cron_connection_read() -> JSON:
    """``ConnectionRead``: a cron-scheduled connection without operations, in the EU."""
    return {
        "connectionId": OTHER_CONNECTION_ID,
        "name": "Shop Postgres → BigQuery (nightly)",
        "namespaceDefinition": "destination",
        "prefix": "",
        "sourceId": SOURCE_ID,
        "destinationId": DESTINATION_ID,
        "operationIds": [],
        "syncCatalog": sync_catalog(),
        "scheduleType": "cron",
        "scheduleData": {"cron": {"cronExpression": "0 0 2 * * ?", "cronTimeZone": "UTC"}},
        "status": "inactive",
        "sourceCatalogId": SOURCE_CATALOG_ID,
        "geography": "eu",
        "breakingChange": False,
        "notifySchemaChanges": False,
        "nonBreakingChangesPreference": "disable",
    }


def deleted_connection_read() -> JSON:
    """``ConnectionRead``: a deleted (``deprecated``) manual connection with an empty catalog."""
    return {
        "connectionId": DELETED_CONNECTION_ID,
        "name": "old test connection",
        "namespaceDefinition": "source",
        "namespaceFormat": "${SOURCE_NAMESPACE}",
        "prefix": "",
        "sourceId": SOURCE_ID,
        "destinationId": DESTINATION_ID,
        "operationIds": [],
        "syncCatalog": {"streams": []},
        "scheduleType": "manual",
        "status": "deprecated",
        "geography": "auto",
        "breakingChange": False,
        "notifySchemaChanges": False,
        "nonBreakingChangesPreference": "ignore",
    }


def connection_read_list() -> JSON:
    """``ConnectionReadList`` of ``/connections/list``: deleted connections excluded."""
    return {"connections": [connection_read(), cron_connection_read()]}


def connection_read_list_all() -> JSON:
    """``ConnectionReadList`` of ``/connections/list_all``: deleted connections included."""
    return {"connections": [connection_read(), cron_connection_read(), deleted_connection_read()]}


# --- Jobs ----------------------------------------------------------------------------------------


def job_read(
    job_id: int = JOB_ID,
    *,
    status: str = "succeeded",
    config_type: str = "sync",
    created_at: int = JOB_CREATED_AT,
) -> JSON:
    """``JobRead`` of a job on :data:`CONNECTION_ID`."""
    job: JSON = {
        "id": job_id,
        "configType": config_type,
        "configId": CONNECTION_ID,
        "createdAt": created_at,
        "updatedAt": created_at + 912
        if status in ("succeeded", "failed", "cancelled")
        else created_at + 2,
        "startedAt": created_at + 2,
        "status": status,
    }
    if status == "pending":
        del job["startedAt"]
        job["updatedAt"] = created_at
    if config_type == "reset_connection":
        job["resetConfig"] = {
            "streamsToReset": [
                {"name": "users", "namespace": "public"},
                {"name": "orders", "namespace": "public"},
            ]
        }
    return job


def failed_attempt() -> JSON:
    """``AttemptRead``: attempt 0, failed in the source, retryable."""
    return {
        "id": 0,
        "status": "failed",
        "createdAt": JOB_CREATED_AT + 2,
        "updatedAt": ATTEMPT_0_ENDED_AT,
        "endedAt": ATTEMPT_0_ENDED_AT,
        "bytesSynced": 0,
        "recordsSynced": 0,
        "totalStats": {
            "recordsEmitted": 0,
            "bytesEmitted": 0,
            "stateMessagesEmitted": 0,
            "recordsCommitted": 0,
        },
        "streamStats": [],
        "failureSummary": {
            "failures": [
                {
                    "failureOrigin": "source",
                    "failureType": "system_error",
                    "externalMessage": (
                        "Something went wrong in the connector. See the logs for more details."
                    ),
                    "internalMessage": (
                        "org.postgresql.util.PSQLException: ERROR: canceling statement due to"
                        " conflict with recovery"
                    ),
                    "stacktrace": (
                        "java.lang.RuntimeException: org.postgresql.util.PSQLException: ERROR:"
                        " canceling statement due to conflict with recovery\n"
                        "\tat io.airbyte.cdk.integrations.source.relationaldb.AbstractDbSource"
                        ".lambda$read$1(AbstractDbSource.java:170)\n"
                    ),
                    "retryable": True,
                    "timestamp": FAILURE_TIMESTAMP_MS,
                }
            ],
            "partialSuccess": False,
        },
    }


def succeeded_attempt() -> JSON:
    """``AttemptRead``: attempt 1, succeeded, with per-stream stats adding up to the totals."""
    return {
        "id": 1,
        "status": "succeeded",
        "createdAt": ATTEMPT_1_CREATED_AT,
        "updatedAt": JOB_ENDED_AT,
        "endedAt": JOB_ENDED_AT,
        "bytesSynced": 52428800,
        "recordsSynced": 125000,
        "totalStats": {
            "recordsEmitted": 125000,
            "bytesEmitted": 52428800,
            "stateMessagesEmitted": 14,
            "recordsCommitted": 125000,
        },
        "streamStats": [
            {
                "streamName": "users",
                "streamNamespace": "public",
                "stats": {
                    "recordsEmitted": 25000,
                    "bytesEmitted": 10485760,
                    "recordsCommitted": 25000,
                },
            },
            {
                "streamName": "orders",
                "streamNamespace": "public",
                "stats": {
                    "recordsEmitted": 100000,
                    "bytesEmitted": 41943040,
                    "recordsCommitted": 100000,
                },
            },
        ],
    }


def running_attempt() -> JSON:
    """``AttemptRead``: attempt 0 of a job that has just started."""
    return {
        "id": 0,
        "status": "running",
        "createdAt": JOB_CREATED_AT + 2,
        "updatedAt": JOB_CREATED_AT + 2,
        "streamStats": [],
    }


FAILED_ATTEMPT_LOG = [
    "2023-11-14 22:13:22 INFO i.a.w.t.TemporalAttemptExecution(get):138"
    " - Cloud storage job log path: /workspace/1234/0/logs.log",
    "2023-11-14 22:13:23 INFO i.a.w.g.DefaultReplicationWorker(run):124 - start sync worker.",
    "2023-11-14 22:18:23 ERROR i.a.w.g.DefaultReplicationWorker(run):196 - Sync worker failed.",
]
SUCCEEDED_ATTEMPT_LOG = [
    "2023-11-14 22:18:25 INFO i.a.w.t.TemporalAttemptExecution(get):138"
    " - Cloud storage job log path: /workspace/1234/1/logs.log",
    "2023-11-14 22:28:31 INFO i.a.w.g.DefaultReplicationWorker(run):188"
    " - Source and destination threads complete.",
    "2023-11-14 22:28:32 INFO i.a.w.g.DefaultReplicationWorker(getReplicationOutput):443"
    " - sync summary: {status=completed, recordsSynced=125000, bytesSynced=52428800}",
]


def job_info_read() -> JSON:
    """``JobInfoRead`` of a finished sync: attempt 0 failed, attempt 1 succeeded; with logs."""
    return {
        "job": job_read(JOB_ID, status="succeeded"),
        "attempts": [
            {"attempt": failed_attempt(), "logs": {"logLines": list(FAILED_ATTEMPT_LOG)}},
            {"attempt": succeeded_attempt(), "logs": {"logLines": list(SUCCEEDED_ATTEMPT_LOG)}},
        ],
    }


def job_info_read_started() -> JSON:
    """``JobInfoRead`` that ``/connections/sync`` answers: running, with its first attempt."""
    return {
        "job": job_read(RUNNING_JOB_ID, status="running"),
        "attempts": [{"attempt": running_attempt(), "logs": {"logLines": []}}],
    }


def job_info_read_reset() -> JSON:
    """``JobInfoRead`` that ``/connections/reset`` answers: a pending reset, no attempt yet."""
    return {
        "job": job_read(RESET_JOB_ID, status="pending", config_type="reset_connection"),
        "attempts": [],
    }


def job_info_read_cancelled() -> JSON:
    """``JobInfoRead`` that ``/jobs/cancel`` answers: cancelled, its attempt failed manually."""
    attempt = running_attempt()
    attempt.update(
        status="failed",
        updatedAt=JOB_CREATED_AT + 60,
        endedAt=JOB_CREATED_AT + 60,
        failureSummary={
            "failures": [
                {
                    "failureOrigin": "airbyte_platform",
                    "failureType": "manual_cancellation",
                    "externalMessage": "The sync was cancelled.",
                    "internalMessage": "The sync was cancelled by the user.",
                    "timestamp": (JOB_CREATED_AT + 60) * 1000,
                }
            ],
            "partialSuccess": False,
        },
    )
    job = job_read(RUNNING_JOB_ID, status="cancelled")
    job["updatedAt"] = JOB_CREATED_AT + 60
    return {"job": job, "attempts": [{"attempt": attempt, "logs": {"logLines": []}}]}


def job_info_light_read() -> JSON:
    """``JobInfoLightRead``: the running job, without attempts or logs."""
    return {"job": job_read(RUNNING_JOB_ID, status="running")}


def job_with_attempts(
    job_id: int, *, status: str = "succeeded", attempts: list[JSON] | None = None
) -> JSON:
    """``JobWithAttemptsRead`` (attempts without logs), created ``job_id`` minutes after 0."""
    return {
        "job": job_read(job_id, status=status, created_at=JOB_CREATED_AT + 60 * job_id),
        "attempts": [succeeded_attempt()] if attempts is None else attempts,
    }


def job_read_list() -> JSON:
    """``JobReadList``: the running sync, a pending reset and the finished sync, newest first."""
    reset = {
        "job": job_read(RESET_JOB_ID, status="pending", config_type="reset_connection"),
        "attempts": [],
    }
    running = {"job": job_read(RUNNING_JOB_ID, status="running"), "attempts": [running_attempt()]}
    finished = {"job": job_read(JOB_ID), "attempts": [failed_attempt(), succeeded_attempt()]}
    return {"jobs": [reset, running, finished], "totalJobCount": 3}


def job_page(job_ids: list[int], total: int) -> JSON:
    """``JobReadList`` of one page holding ``job_ids``, out of ``total`` jobs."""
    return {"jobs": [job_with_attempts(i) for i in job_ids], "totalJobCount": total}


def job_optional_read() -> JSON:
    """``JobOptionalRead`` with the connection's last replication job."""
    return {"job": job_read(JOB_ID)}


def job_optional_read_empty() -> JSON:
    """``JobOptionalRead`` of a connection that never synced (``job`` is null, so omitted)."""
    return {}


def source_definition_read() -> JSON:
    """``SourceDefinitionRead`` of Postgres."""
    return {
        "sourceDefinitionId": SOURCE_DEFINITION_ID,
        "name": "Postgres",
        "dockerRepository": "airbyte/source-postgres",
        "dockerImageTag": "3.2.21",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/postgres",
        "icon": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"></svg>',
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "releaseDate": "2022-09-13",
        "sourceType": "database",
        "resourceRequirements": {
            "jobSpecific": [
                {
                    "jobType": "sync",
                    "resourceRequirements": {"memory_request": "1Gi", "memory_limit": "1Gi"},
                }
            ]
        },
    }


def destination_definition_read() -> JSON:
    """``DestinationDefinitionRead`` of BigQuery."""
    return {
        "destinationDefinitionId": DESTINATION_DEFINITION_ID,
        "name": "BigQuery",
        "dockerRepository": "airbyte/destination-bigquery",
        "dockerImageTag": "2.3.16",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/bigquery",
        "icon": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"></svg>',
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "releaseDate": "2021-03-16",
        "resourceRequirements": {
            "default": {"cpu_request": "0.5", "memory_request": "1Gi"},
            "jobSpecific": [],
        },
        "supportsDbt": True,
        "normalizationConfig": {
            "supported": True,
            "normalizationRepository": "airbyte/normalization",
            "normalizationTag": "0.4.3",
            "normalizationIntegrationType": "bigquery",
        },
    }


def job_debug_info_read() -> JSON:
    """``JobDebugInfoRead`` of :data:`JOB_ID`, with connector definitions and attempt logs."""
    return {
        "job": {
            "id": JOB_ID,
            "configType": "sync",
            "configId": CONNECTION_ID,
            "status": "succeeded",
            "airbyteVersion": "0.50.35",
            "sourceDefinition": source_definition_read(),
            "destinationDefinition": destination_definition_read(),
        },
        "attempts": job_info_read()["attempts"],
        "workflowState": {"running": False},
    }


# --- State ---------------------------------------------------------------------------------------


def connection_state_not_set() -> JSON:
    """``ConnectionState`` before any successful sync."""
    return {"stateType": "not_set", "connectionId": CONNECTION_ID}


def connection_state_stream() -> JSON:
    """``ConnectionState`` of per-stream state (a cursor-based incremental source)."""
    return {
        "stateType": "stream",
        "connectionId": CONNECTION_ID,
        "streamState": [
            {
                "streamDescriptor": {"name": "users", "namespace": "public"},
                "streamState": {
                    "cursor": "2023-11-14T22:00:00.000000Z",
                    "version": 2,
                    "state_type": "cursor_based",
                    "stream_name": "users",
                    "cursor_field": ["updated_at"],
                    "stream_namespace": "public",
                    "cursor_record_count": 1,
                },
            },
            {"streamDescriptor": {"name": "orders", "namespace": "public"}},
        ],
    }


def connection_state_global() -> JSON:
    """``ConnectionState`` of global state (Postgres CDC: a shared LSN, per-stream entries)."""
    return {
        "stateType": "global",
        "connectionId": CONNECTION_ID,
        "globalState": {
            "shared_state": {
                "state": {
                    '{"schema":null,"payload":["shop",{"server":"shop"}]}': (
                        '{"transaction_id":null,"lsn":23896935,"txId":505,"ts_usec":1700000912000}'
                    )
                },
                "version": 2,
                "state_type": "cdc",
            },
            "streamStates": [
                {
                    "streamDescriptor": {"name": "users", "namespace": "public"},
                    "streamState": {
                        "version": 2,
                        "state_type": "cursor_based",
                        "stream_name": "users",
                        "cursor_field": [],
                        "stream_namespace": "public",
                    },
                },
                {"streamDescriptor": {"name": "orders", "namespace": "public"}},
            ],
        },
    }


#: The bare JSON string ``/web_backend/state/get_type`` answers.
CONNECTION_STATE_TYPE = "stream"


def connection_state_type() -> str:
    """``ConnectionStateType``: a bare JSON string."""
    return CONNECTION_STATE_TYPE


# --- Sources, destinations, workspaces -----------------------------------------------------------


def source_read() -> JSON:
    """``SourceRead`` of a Postgres source (secrets masked as the server masks them)."""
    return {
        "sourceDefinitionId": SOURCE_DEFINITION_ID,
        "sourceId": SOURCE_ID,
        "workspaceId": WORKSPACE_ID,
        "connectionConfiguration": {
            "host": "shop-db.internal",
            "port": 5432,
            "schemas": ["public"],
            "database": "shop",
            "username": "airbyte",
            "password": "**********",
            "ssl_mode": {"mode": "require"},
            "tunnel_method": {"tunnel_method": "NO_TUNNEL"},
            "replication_method": {"method": "Standard"},
            "jdbc_url_params": "",
        },
        "name": "Shop Postgres",
        "sourceName": "Postgres",
        "icon": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"></svg>',
    }


def source_read_list() -> JSON:
    """``SourceReadList`` of the workspace."""
    return {"sources": [source_read()]}


def destination_read() -> JSON:
    """``DestinationRead`` of a BigQuery destination (GCS staging, secrets masked)."""
    return {
        "destinationDefinitionId": DESTINATION_DEFINITION_ID,
        "destinationId": DESTINATION_ID,
        "workspaceId": WORKSPACE_ID,
        "connectionConfiguration": {
            "project_id": "acme-analytics",
            "dataset_id": "shop_raw",
            "dataset_location": "US",
            "credentials_json": "**********",
            "loading_method": {
                "method": "GCS Staging",
                "gcs_bucket_name": "acme-airbyte-staging",
                "gcs_bucket_path": "shop",
                "credential": {
                    "credential_type": "HMAC_KEY",
                    "hmac_key_access_id": "**********",
                    "hmac_key_secret": "**********",
                },
                "keep_files_in_gcs-bucket": "Delete all tmp files from GCS",
            },
            "transformation_priority": "interactive",
            "big_query_client_buffer_size_mb": 15,
        },
        "name": "Analytics BigQuery",
        "destinationName": "BigQuery",
        "icon": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"></svg>',
    }


def destination_read_list() -> JSON:
    """``DestinationReadList`` of the workspace."""
    return {"destinations": [destination_read()]}


def workspace_read() -> JSON:
    """``WorkspaceRead`` of the default workspace, with a Slack notification."""
    return {
        "workspaceId": WORKSPACE_ID,
        "customerId": CUSTOMER_ID,
        "email": "data-team@acme.example",
        "name": "Acme",
        "slug": "acme",
        "initialSetupComplete": True,
        "displaySetupWizard": False,
        "anonymousDataCollection": False,
        "news": False,
        "securityUpdates": True,
        "notifications": [
            {
                "notificationType": "slack",
                "sendOnSuccess": False,
                "sendOnFailure": True,
                "slackConfiguration": {
                    "webhook": "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
                },
            }
        ],
        "firstCompletedSync": True,
        "feedbackDone": False,
        "defaultGeography": "auto",
        "webhookConfigs": [{"id": WEBHOOK_CONFIG_ID, "name": "dbt cloud"}],
    }


def workspace_read_list() -> JSON:
    """``WorkspaceReadList``: the one workspace of an OSS deployment."""
    return {"workspaces": [workspace_read()]}


# --- Web backend ---------------------------------------------------------------------------------


def web_backend_check_updates_read() -> JSON:
    """``WebBackendCheckUpdatesRead``."""
    return {"destinationDefinitions": 0, "sourceDefinitions": 3}


def operation_read() -> JSON:
    """``OperationRead``: basic normalization."""
    return {
        "workspaceId": WORKSPACE_ID,
        "operationId": OPERATION_ID,
        "name": "Normalization",
        "operatorConfiguration": {
            "operatorType": "normalization",
            "normalization": {"option": "basic"},
        },
    }


def web_backend_connection_read() -> JSON:
    """``WebBackendConnectionRead``: the connection with its source, destination and diff."""
    connection = connection_read()
    # Not part of WebBackendConnectionRead (it has catalogId instead of sourceCatalogId).
    del connection["breakingChange"], connection["sourceCatalogId"]
    return {
        **connection,
        "source": source_read(),
        "destination": destination_read(),
        "operations": [operation_read()],
        "latestSyncJobCreatedAt": JOB_CREATED_AT,
        "latestSyncJobStatus": "succeeded",
        "isSyncing": False,
        "catalogId": CATALOG_ID,
        "catalogDiff": {
            "transforms": [
                {
                    "transformType": "update_stream",
                    "streamDescriptor": {"name": "users", "namespace": "public"},
                    "updateStream": [
                        {
                            "transformType": "add_field",
                            "fieldName": ["phone_number"],
                            "breaking": False,
                            "addField": {"schema": {"type": "string"}},
                        },
                        {
                            "transformType": "update_field_schema",
                            "fieldName": ["is_active"],
                            "breaking": False,
                            "updateFieldSchema": {
                                "oldSchema": {"type": "boolean"},
                                "newSchema": {"type": ["null", "boolean"]},
                            },
                        },
                    ],
                },
                {
                    "transformType": "add_stream",
                    "streamDescriptor": {"name": "refunds", "namespace": "public"},
                },
            ]
        },
        "schemaChange": "non_breaking",
    }


def source_snippet_read() -> JSON:
    """``SourceSnippetRead``."""
    source = source_read()
    return {
        key: source[key] for key in ("sourceId", "name", "sourceDefinitionId", "sourceName", "icon")
    }


def destination_snippet_read() -> JSON:
    """``DestinationSnippetRead``."""
    destination = destination_read()
    keys = ("destinationId", "name", "destinationDefinitionId", "destinationName", "icon")
    return {key: destination[key] for key in keys}


def web_backend_connection_read_list() -> JSON:
    """``WebBackendConnectionReadList``: one syncing connection, one that never ran."""
    return {
        "connections": [
            {
                "connectionId": CONNECTION_ID,
                "name": "Shop Postgres → BigQuery",
                "scheduleType": "basic",
                "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 24}},
                "status": "active",
                "source": source_snippet_read(),
                "destination": destination_snippet_read(),
                "latestSyncJobCreatedAt": JOB_CREATED_AT,
                "latestSyncJobStatus": "running",
                "isSyncing": True,
                "schemaChange": "no_change",
            },
            {
                "connectionId": OTHER_CONNECTION_ID,
                "name": "Shop Postgres → BigQuery (nightly)",
                "scheduleType": "cron",
                "scheduleData": {"cron": {"cronExpression": "0 0 2 * * ?", "cronTimeZone": "UTC"}},
                "status": "inactive",
                "source": source_snippet_read(),
                "destination": destination_snippet_read(),
                "isSyncing": False,
                "schemaChange": "breaking",
            },
        ]
    }


def web_backend_workspace_state_result() -> JSON:
    """``WebBackendWorkspaceStateResult``."""
    return {"hasConnections": True, "hasSources": True, "hasDestinations": True}


def web_backend_geographies_list_result() -> JSON:
    """``WebBackendGeographiesListResult``."""
    return {"geographies": ["auto", "us", "eu"]}


def health_check_read() -> JSON:
    """``HealthCheckRead``."""
    return {"available": True}


# --- Error bodies --------------------------------------------------------------------------------

_STACK = [
    "io.airbyte.commons.server.handlers.ConnectionsHandler.getConnection(ConnectionsHandler.java:586)",
    "io.airbyte.server.apis.ConnectionApiController.lambda$getConnection$5"
    "(ConnectionApiController.java:111)",
    "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
]


def not_found_body(connection_id: str = CONNECTION_ID) -> JSON:
    """404 for an unknown connection: ``NotFoundKnownExceptionInfo`` *without* ``id``."""
    return {
        "message": (
            "Internal Server Error: Could not find configuration for STANDARD_SYNC:"
            f" {connection_id}."
        ),
        "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
        "exceptionStack": list(_STACK),
        "rootCauseExceptionClassName": "io.airbyte.config.persistence.ConfigNotFoundException",
        "rootCauseExceptionStack": list(_STACK),
    }


def sync_already_running_body(connection_id: str = CONNECTION_ID) -> JSON:
    """409 when a sync or reset is already running: a ``KnownExceptionInfo``."""
    return {
        "message": f"A sync is already running for: {connection_id}",
        "exceptionClassName": "io.airbyte.commons.server.errors.ValueConflictKnownException",
        "exceptionStack": [
            "io.airbyte.commons.server.handlers.SchedulerHandler.syncConnection"
            "(SchedulerHandler.java:438)",
            "io.airbyte.server.apis.ConnectionApiController.lambda$syncConnection$13"
            "(ConnectionApiController.java:160)",
        ],
    }


def bad_request_body() -> JSON:
    """400 from bean validation: ``InvalidInputExceptionInfo`` with ``validationErrors``."""
    return {
        "message": "Some properties contained invalid input.",
        "exceptionClassName": "io.airbyte.commons.server.errors.InvalidInputExceptionHandler",
        "exceptionStack": [],
        "validationErrors": [
            {
                "propertyPath": "updateConnection.connectionUpdate.connectionId",
                "message": "must not be null",
            },
            {
                "propertyPath": "updateConnection.connectionUpdate.schedule.units",
                "invalidValue": "-1",
                "message": "must be greater than or equal to 0",
            },
        ],
    }


def invalid_input_body() -> JSON:
    """422 for a body the server could not read: ``InvalidInputExceptionInfo``."""
    return {
        "message": (
            "Invalid json. Cannot deserialize value of type `java.util.UUID` from String"
            ' "not-a-uuid": UUID has to be represented by standard 36-char representation'
        ),
        "exceptionClassName": "com.fasterxml.jackson.databind.exc.InvalidFormatException",
        "exceptionStack": [],
        "validationErrors": [
            {
                "propertyPath": "connectionId",
                "invalidValue": "not-a-uuid",
                "message": "UUID has to be represented by standard 36-char representation",
            }
        ],
    }


def job_not_found_body(job_id: int = MISSING_JOB_ID) -> JSON:
    """500 for an unknown job id (the server does not answer 404 here)."""
    return {
        "message": f"Internal Server Error: Could not find job with id: {job_id}",
        "exceptionClassName": "java.lang.RuntimeException",
        "exceptionStack": [
            f"java.lang.RuntimeException: Could not find job with id: {job_id}",
            "io.airbyte.persistence.job.DefaultJobPersistence.getJob"
            "(DefaultJobPersistence.java:493)",
        ],
        "rootCauseExceptionClassName": "java.lang.RuntimeException",
        "rootCauseExceptionStack": [],
    }


# --- Catalogues of fixtures ----------------------------------------------------------------------

Factory = Callable[[], Any]

#: Every success fixture: name -> (the spec schema of its body, the factory).
RESPONSES: dict[str, tuple[str, Factory]] = {
    "connection_read": ("ConnectionRead", connection_read),
    "connection_read_cron": ("ConnectionRead", cron_connection_read),
    "connection_read_deleted": ("ConnectionRead", deleted_connection_read),
    "connection_read_list": ("ConnectionReadList", connection_read_list),
    "connection_read_list_all": ("ConnectionReadList", connection_read_list_all),
    "job_info_read": ("JobInfoRead", job_info_read),
    "job_info_read_started": ("JobInfoRead", job_info_read_started),
    "job_info_read_reset": ("JobInfoRead", job_info_read_reset),
    "job_info_read_cancelled": ("JobInfoRead", job_info_read_cancelled),
    "job_info_light_read": ("JobInfoLightRead", job_info_light_read),
    "job_read_list": ("JobReadList", job_read_list),
    "job_read_list_page": ("JobReadList", lambda: job_page([5, 4], 5)),
    "job_read_list_empty": ("JobReadList", lambda: {"jobs": [], "totalJobCount": 0}),
    "job_optional_read": ("JobOptionalRead", job_optional_read),
    "job_optional_read_empty": ("JobOptionalRead", job_optional_read_empty),
    "job_debug_info_read": ("JobDebugInfoRead", job_debug_info_read),
    "connection_state_not_set": ("ConnectionState", connection_state_not_set),
    "connection_state_stream": ("ConnectionState", connection_state_stream),
    "connection_state_global": ("ConnectionState", connection_state_global),
    "connection_state_type": ("ConnectionStateType", connection_state_type),
    "web_backend_check_updates_read": (
        "WebBackendCheckUpdatesRead",
        web_backend_check_updates_read,
    ),
    "web_backend_connection_read": ("WebBackendConnectionRead", web_backend_connection_read),
    "web_backend_connection_read_list": (
        "WebBackendConnectionReadList",
        web_backend_connection_read_list,
    ),
    "web_backend_workspace_state_result": (
        "WebBackendWorkspaceStateResult",
        web_backend_workspace_state_result,
    ),
    "web_backend_geographies_list_result": (
        "WebBackendGeographiesListResult",
        web_backend_geographies_list_result,
    ),
    "health_check_read": ("HealthCheckRead", health_check_read),
    "workspace_read": ("WorkspaceRead", workspace_read),
    "workspace_read_list": ("WorkspaceReadList", workspace_read_list),
    "source_read": ("SourceRead", source_read),
    "source_read_list": ("SourceReadList", source_read_list),
    "destination_read": ("DestinationRead", destination_read),
    "destination_read_list": ("DestinationReadList", destination_read_list),
}

#: Every error body: name -> (HTTP status, the spec schema of the body, the factory).
#: The spec only declares 404 and 422 bodies; the 409 and 500 bodies are the server's generic
#: ``KnownExceptionInfo``, and bean validation answers 400 with an ``InvalidInputExceptionInfo``.
ERRORS: dict[str, tuple[int, str, Factory]] = {
    "not_found": (404, "NotFoundKnownExceptionInfo", not_found_body),
    "sync_already_running": (409, "KnownExceptionInfo", sync_already_running_body),
    "bad_request": (400, "InvalidInputExceptionInfo", bad_request_body),
    "invalid_input": (422, "InvalidInputExceptionInfo", invalid_input_body),
    "job_not_found": (500, "KnownExceptionInfo", job_not_found_body),
}
