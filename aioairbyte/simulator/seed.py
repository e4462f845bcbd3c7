"""The data a fresh simulated deployment starts with.

One workspace, two sources (Postgres, Stripe) and two destinations (BigQuery, Snowflake) with
connector definitions and configurations shaped like a real Airbyte OSS deployment's (secrets
masked the way the server masks them). Everything is plain JSON-ready dicts in API shape.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AIRBYTE_VERSION",
    "DESTINATION_DEFINITIONS",
    "SOURCE_DEFINITIONS",
    "DEFAULT_CATALOG",
    "stream_state",
]

AIRBYTE_VERSION = "0.50.33"
SECRET = "**********"

# Keyed by the definition ids the public Airbyte connector registry uses.
SOURCE_DEFINITIONS: dict[str, dict[str, Any]] = {
    "decd338e-5647-4c0b-adf4-da0e75f5a750": {
        "sourceDefinitionId": "decd338e-5647-4c0b-adf4-da0e75f5a750",
        "name": "Postgres",
        "dockerRepository": "airbyte/source-postgres",
        "dockerImageTag": "3.2.21",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/postgres",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "sourceType": "database",
    },
    "e094cb9a-26de-4645-8761-65c0c425d1de": {
        "sourceDefinitionId": "e094cb9a-26de-4645-8761-65c0c425d1de",
        "name": "Stripe",
        "dockerRepository": "airbyte/source-stripe",
        "dockerImageTag": "4.5.3",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/stripe",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "sourceType": "api",
    },
    "dfd88b22-b603-4c3d-aad7-3701784586b1": {
        "sourceDefinitionId": "dfd88b22-b603-4c3d-aad7-3701784586b1",
        "name": "Sample Data (Faker)",
        "dockerRepository": "airbyte/source-faker",
        "dockerImageTag": "5.0.1",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/faker",
        "protocolVersion": "0.2.0",
        "releaseStage": "beta",
        "sourceType": "api",
    },
    "778daa7c-feaf-4db6-96f3-70fd645acc77": {
        "sourceDefinitionId": "778daa7c-feaf-4db6-96f3-70fd645acc77",
        "name": "File (CSV, JSON, Excel, Feather, Parquet)",
        "dockerRepository": "airbyte/source-file",
        "dockerImageTag": "0.3.15",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/file",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "sourceType": "file",
    },
    "71607ba1-c0ac-4799-8049-7f4b90dd50f7": {
        "sourceDefinitionId": "71607ba1-c0ac-4799-8049-7f4b90dd50f7",
        "name": "Google Sheets",
        "dockerRepository": "airbyte/source-google-sheets",
        "dockerImageTag": "0.3.10",
        "documentationUrl": "https://docs.airbyte.com/integrations/sources/google-sheets",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "sourceType": "file",
    },
}

DESTINATION_DEFINITIONS: dict[str, dict[str, Any]] = {
    "22f6c74f-5699-40ff-833c-4a879ea40133": {
        "destinationDefinitionId": "22f6c74f-5699-40ff-833c-4a879ea40133",
        "name": "BigQuery",
        "dockerRepository": "airbyte/destination-bigquery",
        "dockerImageTag": "2.3.16",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/bigquery",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "supportsDbt": True,
        "normalizationConfig": {
            "supported": True,
            "normalizationRepository": "airbyte/normalization",
            "normalizationTag": "0.4.3",
            "normalizationIntegrationType": "bigquery",
        },
    },
    "424892c4-daac-4491-b35d-c6688ba547ba": {
        "destinationDefinitionId": "424892c4-daac-4491-b35d-c6688ba547ba",
        "name": "Snowflake",
        "dockerRepository": "airbyte/destination-snowflake",
        "dockerImageTag": "3.4.9",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/snowflake",
        "protocolVersion": "0.2.0",
        "releaseStage": "generally_available",
        "supportsDbt": True,
        "normalizationConfig": {
            "supported": True,
            "normalizationRepository": "airbyte/normalization-snowflake",
            "normalizationTag": "0.4.3",
            "normalizationIntegrationType": "snowflake",
        },
    },
    "a625d593-bba5-4a1c-a53d-2d246268a816": {
        "destinationDefinitionId": "a625d593-bba5-4a1c-a53d-2d246268a816",
        "name": "Local JSON",
        "dockerRepository": "airbyte/destination-local-json",
        "dockerImageTag": "0.2.11",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/local-json",
        "protocolVersion": "0.2.0",
        "releaseStage": "alpha",
        "supportsDbt": False,
        "normalizationConfig": {"supported": False},
    },
    "25c5221d-dce2-4163-ade9-739ef790f503": {
        "destinationDefinitionId": "25c5221d-dce2-4163-ade9-739ef790f503",
        "name": "Postgres",
        "dockerRepository": "airbyte/destination-postgres",
        "dockerImageTag": "0.4.0",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/postgres",
        "protocolVersion": "0.2.0",
        "releaseStage": "alpha",
        "supportsDbt": True,
        "normalizationConfig": {
            "supported": True,
            "normalizationRepository": "airbyte/normalization",
            "normalizationTag": "0.4.3",
            "normalizationIntegrationType": "postgres",
        },
    },
}

# (name, definition id, connectionConfiguration) of the seeded sources and destinations.
SEEDED_SOURCES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "Postgres (production replica)",
        "decd338e-5647-4c0b-adf4-da0e75f5a750",
        {
            "host": "db.internal.example.com",
            "port": 5432,
            "database": "app",
            "schemas": ["public"],
            "username": "airbyte",
            "password": SECRET,
            "ssl_mode": {"mode": "require"},
            "replication_method": {"method": "Standard"},
            "tunnel_method": {"tunnel_method": "NO_TUNNEL"},
        },
    ),
    (
        "Stripe",
        "e094cb9a-26de-4645-8761-65c0c425d1de",
        {
            "account_id": "acct_1Example2Account3",
            "client_secret": SECRET,
            "start_date": "2023-01-01T00:00:00Z",
            "lookback_window_days": 0,
            "slice_range": 365,
        },
    ),
]

SEEDED_DESTINATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "BigQuery (analytics)",
        "22f6c74f-5699-40ff-833c-4a879ea40133",
        {
            "project_id": "example-analytics",
            "dataset_id": "airbyte_raw",
            "dataset_location": "US",
            "credentials_json": SECRET,
            "loading_method": {"method": "Standard"},
            "transformation_priority": "interactive",
            "big_query_client_buffer_size_mb": 15,
        },
    ),
    (
        "Snowflake",
        "424892c4-daac-4491-b35d-c6688ba547ba",
        {
            "host": "example-account.snowflakecomputing.com",
            "role": "AIRBYTE_ROLE",
            "warehouse": "AIRBYTE_WAREHOUSE",
            "database": "AIRBYTE_DATABASE",
            "schema": "AIRBYTE_SCHEMA",
            "username": "AIRBYTE_USER",
            "credentials": {"auth_type": "Username and Password", "password": SECRET},
            "loading_method": {"method": "Internal Staging"},
        },
    ),
]

_TIMESTAMP = {"type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"}
_INTEGER = {"type": "number", "airbyte_type": "integer"}

_STREAMS: list[tuple[str, dict[str, Any]]] = [
    (
        "users",
        {
            "id": _INTEGER,
            "email": {"type": "string"},
            "full_name": {"type": "string"},
            "country": {"type": "string"},
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
        },
    ),
    (
        "orders",
        {
            "id": _INTEGER,
            "user_id": _INTEGER,
            "status": {"type": "string"},
            "amount": {"type": "number"},
            "currency": {"type": "string"},
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
        },
    ),
]


def _catalog() -> dict[str, Any]:
    streams = []
    for name, properties in _STREAMS:
        streams.append(
            {
                "stream": {
                    "name": name,
                    "namespace": "public",
                    "jsonSchema": {"type": "object", "properties": properties},
                    "supportedSyncModes": ["full_refresh", "incremental"],
                    "sourceDefinedCursor": False,
                    "defaultCursorField": [],
                    "sourceDefinedPrimaryKey": [["id"]],
                },
                "config": {
                    "syncMode": "incremental",
                    "cursorField": ["updated_at"],
                    "destinationSyncMode": "append_dedup",
                    "primaryKey": [["id"]],
                    "aliasName": name,
                    "selected": True,
                    "suggested": True,
                    "fieldSelectionEnabled": False,
                },
            }
        )
    return {"streams": streams}


DEFAULT_CATALOG: dict[str, Any] = _catalog()
"""The two-stream catalog discovered from the Postgres source.

Shared by every connection added with it, to keep thousands of connections cheap: nothing
mutates a stored catalog in place (an update replaces the whole catalog).
"""


def stream_state(stream: dict[str, Any], cursor_value: str, records: int) -> dict[str, Any]:
    """Return the per-stream state a Postgres source emits after an incremental sync."""
    descriptor = {key: stream[key] for key in ("name", "namespace") if key in stream}
    return {
        "streamDescriptor": descriptor,
        "streamState": {
            "version": 2,
            "state_type": "cursor_based",
            "stream_name": stream["name"],
            "stream_namespace": stream.get("namespace", ""),
            "cursor_field": ["updated_at"],
            "cursor": cursor_value,
            "cursor_record_count": max(1, records % 7),
        },
    }
