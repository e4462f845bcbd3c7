"""Request validation from a small declarative table of the request schemas served.

The real server validates bodies with Jackson and bean validation: unknown fields are
ignored, a missing required field or a value of the wrong type is a 400 with
``validationErrors``. The table mirrors the spec's request schemas (a test compares the two),
so the simulator needs no JSON Schema library at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeAlias

import attrs
import orjson

__all__ = ["REQUEST_SCHEMAS", "Arr", "Enum", "Obj", "Spec", "parse_date_time", "validate"]


@attrs.frozen
class Obj:
    """An object with known properties; other keys are ignored (and dropped)."""

    props: Mapping[str, Spec]
    required: frozenset[str] = frozenset()


@attrs.frozen
class Arr:
    """An array of ``items``."""

    items: Spec


@attrs.frozen
class Enum:
    """A string from a fixed set."""

    values: tuple[str, ...]


# A scalar is named by a string: "string", "integer", "boolean", "uuid", "date-time" (an ISO
# 8601 string with an offset, kept as is), "object" (any JSON object, kept as is) or "any".
Spec: TypeAlias = Obj | Arr | Enum | str

UUID = "uuid"
STRING = "string"
INTEGER = "integer"
BOOLEAN = "boolean"
DATE_TIME = "date-time"
OBJECT = "object"
ANY = "any"

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def _obj(props: Mapping[str, Spec], *required: str) -> Obj:
    return Obj(props=props, required=frozenset(required))


GEOGRAPHY = Enum(("auto", "us", "eu"))
CONNECTION_STATUS = Enum(("active", "inactive", "deprecated"))
SCHEDULE_TYPE = Enum(("manual", "basic", "cron"))
NAMESPACE_DEFINITION = Enum(("source", "destination", "customformat"))
NON_BREAKING_CHANGES = Enum(("ignore", "disable"))
SYNC_MODE = Enum(("full_refresh", "incremental"))
DESTINATION_SYNC_MODE = Enum(("append", "overwrite", "append_dedup"))
TIME_UNIT = Enum(("minutes", "hours", "days", "weeks", "months"))
JOB_CONFIG_TYPE = Enum(
    (
        "check_connection_source",
        "check_connection_destination",
        "discover_schema",
        "get_spec",
        "sync",
        "reset_connection",
    )
)

RESOURCE_REQUIREMENTS = _obj(
    {"cpu_request": STRING, "cpu_limit": STRING, "memory_request": STRING, "memory_limit": STRING}
)
CONNECTION_SCHEDULE = _obj({"units": INTEGER, "timeUnit": TIME_UNIT}, "units", "timeUnit")
CONNECTION_SCHEDULE_DATA = _obj(
    {
        "basicSchedule": _obj({"timeUnit": TIME_UNIT, "units": INTEGER}, "timeUnit", "units"),
        "cron": _obj(
            {"cronExpression": STRING, "cronTimeZone": STRING}, "cronExpression", "cronTimeZone"
        ),
    }
)
# The spec requires "json_schema", a typo for "jsonSchema" (see the spec README).
AIRBYTE_STREAM = _obj(
    {
        "name": STRING,
        "jsonSchema": OBJECT,
        "supportedSyncModes": Arr(SYNC_MODE),
        "sourceDefinedCursor": BOOLEAN,
        "defaultCursorField": Arr(STRING),
        "sourceDefinedPrimaryKey": Arr(Arr(STRING)),
        "namespace": STRING,
    },
    "name",
    "jsonSchema",
)
AIRBYTE_STREAM_CONFIGURATION = _obj(
    {
        "syncMode": SYNC_MODE,
        "cursorField": Arr(STRING),
        "destinationSyncMode": DESTINATION_SYNC_MODE,
        "primaryKey": Arr(Arr(STRING)),
        "aliasName": STRING,
        "selected": BOOLEAN,
        "suggested": BOOLEAN,
        "fieldSelectionEnabled": BOOLEAN,
        "selectedFields": Arr(_obj({"fieldPath": Arr(STRING)})),
    },
    "syncMode",
    "destinationSyncMode",
)
AIRBYTE_CATALOG = _obj(
    {"streams": Arr(_obj({"stream": AIRBYTE_STREAM, "config": AIRBYTE_STREAM_CONFIGURATION}))},
    "streams",
)
OPERATOR_CONFIGURATION = _obj(
    {
        "operatorType": Enum(("normalization", "dbt", "webhook")),
        "normalization": _obj({"option": Enum(("basic",))}),
        "dbt": _obj(
            {
                "gitRepoUrl": STRING,
                "gitRepoBranch": STRING,
                "dockerImage": STRING,
                "dbtArguments": STRING,
            },
            "gitRepoUrl",
        ),
        "webhook": _obj(
            {
                "webhookConfigId": UUID,
                "webhookType": Enum(("dbtCloud",)),
                "dbtCloud": _obj({"accountId": INTEGER, "jobId": INTEGER}, "accountId", "jobId"),
                "executionUrl": STRING,
                "executionBody": STRING,
            }
        ),
    },
    "operatorType",
)
OPERATION_CREATE = _obj(
    {"workspaceId": UUID, "name": STRING, "operatorConfiguration": OPERATOR_CONFIGURATION},
    "name",
    "operatorConfiguration",
    "workspaceId",
)
WEB_BACKEND_OPERATION = _obj(
    {
        "operationId": UUID,
        "workspaceId": UUID,
        "name": STRING,
        "operatorConfiguration": OPERATOR_CONFIGURATION,
    },
    "name",
    "operatorConfiguration",
    "workspaceId",
)
SOURCE_SEARCH = _obj(
    {
        "sourceDefinitionId": UUID,
        "sourceId": UUID,
        "workspaceId": UUID,
        "connectionConfiguration": ANY,
        "name": STRING,
        "sourceName": STRING,
    }
)
DESTINATION_SEARCH = _obj(
    {
        "destinationDefinitionId": UUID,
        "destinationId": UUID,
        "workspaceId": UUID,
        "connectionConfiguration": ANY,
        "name": STRING,
        "destinationName": STRING,
    }
)

# Properties shared by the connection create/update bodies.
_CONNECTION_COMMON: dict[str, Spec] = {
    "name": STRING,
    "namespaceDefinition": NAMESPACE_DEFINITION,
    "namespaceFormat": STRING,
    "prefix": STRING,
    "syncCatalog": AIRBYTE_CATALOG,
    "schedule": CONNECTION_SCHEDULE,
    "scheduleType": SCHEDULE_TYPE,
    "scheduleData": CONNECTION_SCHEDULE_DATA,
    "status": CONNECTION_STATUS,
    "resourceRequirements": RESOURCE_REQUIREMENTS,
    "sourceCatalogId": UUID,
    "geography": GEOGRAPHY,
    "nonBreakingChangesPreference": NON_BREAKING_CHANGES,
}

REQUEST_SCHEMAS: dict[str, Obj] = {
    "WorkspaceIdRequestBody": _obj({"workspaceId": UUID}, "workspaceId"),
    "SourceIdRequestBody": _obj({"sourceId": UUID}, "sourceId"),
    "DestinationIdRequestBody": _obj({"destinationId": UUID}, "destinationId"),
    "ConnectionIdRequestBody": _obj({"connectionId": UUID}, "connectionId"),
    "JobIdRequestBody": _obj({"id": INTEGER}, "id"),
    "JobListRequestBody": _obj(
        {
            "configTypes": Arr(JOB_CONFIG_TYPE),
            "configId": STRING,
            "includingJobId": INTEGER,
            "pagination": _obj({"pageSize": INTEGER, "rowOffset": INTEGER}),
        },
        "configTypes",
        "configId",
    ),
    "WebBackendConnectionRequestBody": _obj(
        {"connectionId": UUID, "withRefreshedCatalog": BOOLEAN}, "connectionId"
    ),
    "WebBackendConnectionListRequestBody": _obj(
        {"workspaceId": UUID, "sourceId": Arr(UUID), "destinationId": Arr(UUID)}, "workspaceId"
    ),
    "WebBackendWorkspaceState": _obj({"workspaceId": UUID}, "workspaceId"),
    "ConnectionCreate": _obj(
        {
            **_CONNECTION_COMMON,
            "sourceId": UUID,
            "destinationId": UUID,
            "operationIds": Arr(UUID),
            "notifySchemaChanges": BOOLEAN,
        },
        "sourceId",
        "destinationId",
        "status",
    ),
    "WebBackendConnectionCreate": _obj(
        {
            **_CONNECTION_COMMON,
            "sourceId": UUID,
            "destinationId": UUID,
            "operationIds": Arr(UUID),
            "operations": Arr(OPERATION_CREATE),
        },
        "sourceId",
        "destinationId",
        "status",
    ),
    "ConnectionUpdate": _obj(
        {
            **_CONNECTION_COMMON,
            "connectionId": UUID,
            "operationIds": Arr(UUID),
            "notifySchemaChanges": BOOLEAN,
            "breakingChange": BOOLEAN,
        },
        "connectionId",
    ),
    "WebBackendConnectionUpdate": _obj(
        {
            **_CONNECTION_COMMON,
            "connectionId": UUID,
            "skipReset": BOOLEAN,
            "operations": Arr(WEB_BACKEND_OPERATION),
            "notifySchemaChanges": BOOLEAN,
        },
        "connectionId",
    ),
    "ConnectionSearch": _obj(
        {
            "connectionId": UUID,
            "name": STRING,
            "namespaceDefinition": NAMESPACE_DEFINITION,
            "namespaceFormat": STRING,
            "prefix": STRING,
            "sourceId": UUID,
            "destinationId": UUID,
            "schedule": CONNECTION_SCHEDULE,
            "scheduleType": SCHEDULE_TYPE,
            "scheduleData": CONNECTION_SCHEDULE_DATA,
            "status": CONNECTION_STATUS,
            "source": SOURCE_SEARCH,
            "destination": DESTINATION_SEARCH,
        }
    ),
}


def validate(
    schema_name: str,
    body: dict[str, Any],
    root_path: str,
    table: Mapping[str, Obj] = REQUEST_SCHEMAS,
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Validate ``body`` against a request schema.

    Returns the body without unknown fields or nulls (what the server's Java objects would
    hold), and the ``validationErrors`` (``InvalidInputProperty``), empty if valid.
    ``root_path`` prefixes property paths, e.g. ``syncConnection.connectionIdRequestBody``.
    ``table`` holds the schemas (the modern profile passes its own).
    """
    errors: list[dict[str, str]] = []
    cleaned = _check(table[schema_name], body, root_path, errors)
    return cleaned, errors


def _error(path: str, value: Any, message: str) -> dict[str, str]:
    error = {"propertyPath": path, "message": message}
    if value is not None:
        error["invalidValue"] = value if isinstance(value, str) else orjson.dumps(value).decode()
    return error


def _check(spec: Spec, value: Any, path: str, errors: list[dict[str, str]]) -> Any:
    if isinstance(spec, Obj):
        if not isinstance(value, dict):
            errors.append(_error(path, value, "must be an object"))
            return None
        cleaned = {}
        for name in sorted(spec.required):
            if value.get(name) is None:
                errors.append(_error(f"{path}.{name}", None, "must not be null"))
        for name, prop in spec.props.items():
            if value.get(name) is not None:
                cleaned[name] = _check(prop, value[name], f"{path}.{name}", errors)
        return cleaned
    if isinstance(spec, Arr):
        if not isinstance(value, list):
            errors.append(_error(path, value, "must be an array"))
            return None
        return [_check(spec.items, item, f"{path}[{i}]", errors) for i, item in enumerate(value)]
    if isinstance(spec, Enum):
        if value not in spec.values:
            errors.append(_error(path, value, f"must be one of [{', '.join(spec.values)}]"))
        return value
    if not _scalar_ok(spec, value):
        message = {UUID: "must be a valid UUID", DATE_TIME: "must be a valid date-time"}.get(
            spec, f"must be of type {spec}"
        )
        errors.append(_error(path, value, message))
    return value.lower() if spec == UUID and isinstance(value, str) else value


def _scalar_ok(kind: str, value: Any) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == UUID:
        return isinstance(value, str) and _UUID_RE.match(value) is not None
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == BOOLEAN:
        return isinstance(value, bool)
    if kind == DATE_TIME:
        return isinstance(value, str) and parse_date_time(value) is not None
    if kind == OBJECT:
        return isinstance(value, dict)
    return True  # ANY


def parse_date_time(value: str) -> float | None:
    """Epoch seconds of an ISO 8601 date-time with an offset (``OffsetDateTime``), or ``None``."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Jackson reads these fields as OffsetDateTime, which needs an offset (or Z).
    return None if parsed.tzinfo is None else parsed.timestamp()
