"""Deterministic, spec-shaped payloads for the benchmarks (a helper module, not a benchmark).

Everything is built from a seeded :class:`random.Random`, so two runs (and two scripts) measure
the same bytes. Bodies are camelCase JSON-ready dicts as the server sends them: every required
field present, optional ones mostly present as a real deployment fills them, ``None`` never sent.

Stream schemas imitate real source catalogs: a database source's columns
(``{"type": "number", "airbyte_type": "integer"}``, timestamps with ``format`` and
``airbyte_type``) and an API source's nullable columns (``{"type": ["null", "string"]}``), with
nested objects and arrays of objects here and there.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

__all__ = [
    "catalog",
    "connection_read",
    "connection_read_list",
    "connection_update",
    "json_schema",
    "stream_and_configuration",
]

JSON = dict[str, Any]

_TABLES = [
    "users", "accounts", "orders", "order_items", "invoices", "payments", "refunds", "customers",
    "products", "inventory", "shipments", "addresses", "events", "sessions", "subscriptions",
    "plans", "coupons", "tickets", "comments", "audit_log", "campaigns", "contacts", "deals",
    "companies", "leads", "tasks", "notes", "charges", "transfers", "payouts",
]  # fmt: skip

_COLUMNS = [
    "name", "email", "status", "title", "description", "country", "city", "zip_code", "phone",
    "currency", "amount", "amount_cents", "quantity", "price", "discount", "tax", "total",
    "is_active", "is_deleted", "verified", "source", "channel", "locale", "timezone", "notes",
    "external_id", "reference", "category", "priority", "score", "rating", "version", "plan",
    "first_name", "last_name", "company", "website", "ip_address", "user_agent", "referrer",
]  # fmt: skip

_NESTED = ["metadata", "address", "billing_details", "shipping", "attributes", "settings"]
_NESTED_FIELDS = ["line1", "line2", "city", "state", "postal_code", "country", "key", "value"]


def _db_column(rng: random.Random) -> JSON:
    """A column as a database source (Postgres, MySQL) describes it."""
    kind = rng.randrange(6)
    if kind == 0:
        return {"type": "number", "airbyte_type": "integer"}
    if kind == 1:
        return {"type": "number"}
    if kind == 2:
        return {"type": "boolean"}
    if kind == 3:
        zone = rng.choice(["timestamp_with_timezone", "timestamp_without_timezone"])
        return {"type": "string", "format": "date-time", "airbyte_type": zone}
    if kind == 4:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def _api_column(rng: random.Random) -> JSON:
    """A column as an API source (Stripe, HubSpot, Salesforce) describes it: nullable."""
    kind = rng.randrange(5)
    if kind == 0:
        return {"type": ["null", "integer"]}
    if kind == 1:
        return {"type": ["null", "number"]}
    if kind == 2:
        return {"type": ["null", "boolean"]}
    if kind == 3:
        return {"type": ["null", "string"], "format": "date-time"}
    return {"type": ["null", "string"]}


def json_schema(rng: random.Random, columns: int) -> JSON:
    """A stream's ``jsonSchema``: ``id``, timestamps, ``columns`` more columns, some nested."""
    api = rng.random() < 0.5
    column = _api_column if api else _db_column
    integer: JSON = (
        {"type": ["null", "integer"]} if api else {"type": "number", "airbyte_type": "integer"}
    )
    stamp: JSON = (
        {"type": ["null", "string"], "format": "date-time"}
        if api
        else {"type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"}
    )
    properties: JSON = {"id": integer, "created_at": stamp, "updated_at": stamp}
    for name in rng.sample(_COLUMNS, columns):
        roll = rng.random()
        if roll < 0.06:
            nested = rng.sample(_NESTED_FIELDS, rng.randint(2, 5))
            properties[f"{name}_details"] = {
                "type": ["null", "object"],
                "properties": {field: {"type": ["null", "string"]} for field in nested},
            }
        elif roll < 0.1:
            properties[f"{name}_list"] = {
                "type": ["null", "array"],
                "items": {
                    "type": ["null", "object"],
                    "properties": {"id": {"type": ["null", "string"]}, "value": column(rng)},
                },
            }
        else:
            properties[name] = column(rng)
    schema: JSON = {"type": "object", "properties": properties}
    if api:
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["additionalProperties"] = True
    return schema


def stream_and_configuration(rng: random.Random, index: int, *, columns: tuple[int, int]) -> JSON:
    """One ``AirbyteStreamAndConfiguration``: the source's stream and how it is synced."""
    name = f"{_TABLES[index % len(_TABLES)]}_{index // len(_TABLES)}" if index else "users"
    incremental = rng.random() < 0.6
    dedup = incremental and rng.random() < 0.5
    stream: JSON = {
        "name": name,
        "jsonSchema": json_schema(rng, rng.randint(*columns)),
        "supportedSyncModes": ["full_refresh", "incremental"],
        "sourceDefinedCursor": rng.random() < 0.3,
        "defaultCursorField": ["updated_at"] if rng.random() < 0.5 else [],
        "sourceDefinedPrimaryKey": [["id"]],
        "namespace": "public",
    }
    config: JSON = {
        "syncMode": "incremental" if incremental else "full_refresh",
        "cursorField": ["updated_at"] if incremental else [],
        "destinationSyncMode": "append_dedup"
        if dedup
        else ("append" if incremental else "overwrite"),
        "primaryKey": [["id"]],
        "aliasName": name,
        "selected": rng.random() < 0.9,
        "suggested": rng.random() < 0.5,
        "fieldSelectionEnabled": False,
        "selectedFields": [],
    }
    return {"stream": stream, "config": config}


def catalog(rng: random.Random, streams: int, *, columns: tuple[int, int]) -> JSON:
    """An ``AirbyteCatalog`` of ``streams`` streams."""
    return {
        "streams": [
            stream_and_configuration(rng, index, columns=columns) for index in range(streams)
        ]
    }


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _schedule(rng: random.Random) -> JSON:
    """The schedule fields of a connection: basic (with the legacy ``schedule``), cron or manual."""
    roll = rng.random()
    if roll < 0.6:
        units, unit = rng.choice([(1, "hours"), (6, "hours"), (24, "hours"), (15, "minutes")])
        return {
            "schedule": {"units": units, "timeUnit": unit},
            "scheduleType": "basic",
            "scheduleData": {"basicSchedule": {"timeUnit": unit, "units": units}},
        }
    if roll < 0.85:
        return {
            "scheduleType": "cron",
            "scheduleData": {
                "cron": {"cronExpression": "0 0 2 * * ?", "cronTimeZone": "Europe/Berlin"}
            },
        }
    return {"scheduleType": "manual"}


def connection_read(
    rng: random.Random, index: int, *, streams: int, columns: tuple[int, int]
) -> JSON:
    """One ``ConnectionRead`` as ``/v1/connections/list`` returns it, catalog included."""
    body: JSON = {
        "connectionId": _uuid(rng),
        "name": f"{rng.choice(['Postgres', 'Stripe', 'HubSpot', 'MySQL'])} → BigQuery #{index}",
        "namespaceDefinition": "source",
        "namespaceFormat": "${SOURCE_NAMESPACE}",
        "prefix": "",
        "sourceId": _uuid(rng),
        "destinationId": _uuid(rng),
        "operationIds": [_uuid(rng)] if rng.random() < 0.5 else [],
        "syncCatalog": catalog(rng, streams, columns=columns),
        **_schedule(rng),
        "status": rng.choice(["active", "active", "active", "inactive"]),
        "resourceRequirements": {"cpu_request": "0.5", "memory_limit": "2Gi"},
        "sourceCatalogId": _uuid(rng),
        "geography": "auto",
        "breakingChange": False,
        "notifySchemaChanges": rng.random() < 0.5,
        "nonBreakingChangesPreference": rng.choice(["ignore", "disable"]),
    }
    return body


def connection_read_list(
    connections: int, *, streams: int, columns: tuple[int, int] = (6, 18), seed: int = 5
) -> JSON:
    """A ``ConnectionReadList`` of ``connections`` connections with ``streams`` streams each."""
    rng = random.Random(seed)
    return {
        "connections": [
            connection_read(rng, index, streams=streams, columns=columns)
            for index in range(connections)
        ]
    }


def connection_update(
    rng: random.Random, index: int, *, streams: int, columns: tuple[int, int] = (6, 18)
) -> JSON:
    """One ``ConnectionUpdate`` body that replaces a connection's catalog and schedule."""
    return {
        "connectionId": _uuid(rng),
        "name": f"connection #{index}",
        "namespaceDefinition": "source",
        "operationIds": [_uuid(rng)],
        "syncCatalog": catalog(rng, streams, columns=columns),
        **_schedule(rng),
        "status": "active",
        "sourceCatalogId": _uuid(rng),
        "notifySchemaChanges": True,
        "nonBreakingChangesPreference": "ignore",
    }
