"""Request schemas of the modern profile (the 2.0.0 document), derived from the 0.40 table.

The same rules as :mod:`~aioairbyte.simulator.validation` apply: unknown fields are ignored
(and dropped), a missing required field or a wrong type is a 400. The table declares the
fields the simulator reads or stores and every required one; the document's other new fields
(mappers, hashed fields, filters, sort keys...) are ignored like unknown ones. A test checks
that each declared field, required set and enum matches the 2.0.0 document.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .validation import (
    BOOLEAN,
    DATE_TIME,
    INTEGER,
    REQUEST_SCHEMAS,
    STRING,
    UUID,
    Arr,
    Enum,
    Obj,
    Spec,
)

__all__ = ["MODERN_REQUEST_SCHEMAS", "modernize"]

_REPLACED_ENUMS = {
    # DestinationSyncMode, NonBreakingChangesPreference and JobConfigType gained values.
    ("append", "overwrite", "append_dedup"): (
        "append",
        "overwrite",
        "append_dedup",
        "overwrite_dedup",
        "update",
        "soft_delete",
    ),
    ("ignore", "disable"): ("ignore", "disable", "propagate_columns", "propagate_fully"),
}
JOB_CONFIG_TYPE = Enum(
    (
        "check_connection_source",
        "check_connection_destination",
        "discover_schema",
        "get_spec",
        "sync",
        "reset_connection",
        "refresh",
        "clear",
    )
)
# 2.0.0 does not list "queued" (2026-08 does); a filter on it is accepted either way.
JOB_STATUS = Enum(("pending", "running", "incomplete", "failed", "succeeded", "cancelled"))
TAG = Obj(
    props={"tagId": UUID, "workspaceId": UUID, "name": STRING, "color": STRING},
    required=frozenset({"tagId", "workspaceId", "name", "color"}),
)
_CONNECTION_ADDED: dict[str, Spec] = {
    "dataplaneGroupId": UUID,
    "tags": Arr(TAG),
    "backfillPreference": Enum(("enabled", "disabled")),
    "destinationCatalogId": UUID,
}
_CONNECTION_BODIES = (
    "ConnectionCreate",
    "ConnectionUpdate",
    "WebBackendConnectionCreate",
    "WebBackendConnectionUpdate",
)
PAGINATION = Obj(props={"pageSize": INTEGER, "rowOffset": INTEGER})
# The filters and order that JobListRequestBody and JobListForWorkspacesRequestBody share.
_JOB_FILTERS: dict[str, Spec] = {
    "configTypes": Arr(JOB_CONFIG_TYPE),
    "pagination": PAGINATION,
    "statuses": Arr(JOB_STATUS),
    "createdAtStart": DATE_TIME,
    "createdAtEnd": DATE_TIME,
    "updatedAtStart": DATE_TIME,
    "updatedAtEnd": DATE_TIME,
    "orderByField": Enum(("createdAt", "updatedAt")),
    "orderByMethod": Enum(("ASC", "DESC")),
}
CONNECTION_STREAM = Obj(
    props={"streamName": STRING, "streamNamespace": STRING}, required=frozenset({"streamName"})
)


def modernize(spec: Spec) -> Spec:
    """Apply the changes every schema shares: grown enums, no ``geography``, no dbt."""
    if isinstance(spec, Enum):
        return Enum(_REPLACED_ENUMS.get(spec.values, spec.values))
    if isinstance(spec, Arr):
        return Arr(modernize(spec.items))
    if isinstance(spec, Obj):
        # OperatorConfiguration lost normalization and dbt; connections lost geography.
        gone = {"geography", "normalization", "dbt"}
        props = {name: modernize(prop) for name, prop in spec.props.items() if name not in gone}
        return attrs.evolve(spec, props=props)
    return spec


def _with(spec: Obj, props: Mapping[str, Spec], required: frozenset[str] | None = None) -> Obj:
    return Obj(
        props={**spec.props, **props}, required=spec.required if required is None else required
    )


def _build() -> dict[str, Obj]:
    table: dict[str, Obj] = {}
    for name, spec in REQUEST_SCHEMAS.items():
        modern = modernize(spec)
        assert isinstance(modern, Obj)
        table[name] = modern
    for name in _CONNECTION_BODIES:
        added = dict(_CONNECTION_ADDED)
        # ConnectionCreate/Update gained notifySchemaChangesByEmail; the web-backend create
        # gained notifySchemaChanges (its update already had it).
        if name in ("ConnectionCreate", "ConnectionUpdate", "WebBackendConnectionUpdate"):
            added["notifySchemaChangesByEmail"] = BOOLEAN
        else:
            added["notifySchemaChanges"] = BOOLEAN
        table[name] = _with(table[name], added)
    table["WorkspaceIdRequestBody"] = _with(
        table["WorkspaceIdRequestBody"], {"includeTombstone": BOOLEAN}
    )
    table["JobListRequestBody"] = _with(
        table["JobListRequestBody"],
        _JOB_FILTERS,
        required=frozenset({"configTypes"}),  # configId became optional
    )
    # Its configId is declared but never read (JobHistoryHandler.listJobsForWorkspaces).
    table["JobListForWorkspacesRequestBody"] = Obj(
        props={**_JOB_FILTERS, "workspaceIds": Arr(UUID)}, required=frozenset({"configTypes"})
    )
    table["ConnectionStatusesRequestBody"] = Obj(
        props={"connectionIds": Arr(UUID)}, required=frozenset({"connectionIds"})
    )
    table["ConnectionStreamRequestBody"] = Obj(
        props={"connectionId": UUID, "streams": Arr(CONNECTION_STREAM)},
        required=frozenset({"connectionId", "streams"}),
    )
    table["ConnectionStreamRefreshRequestBody"] = Obj(
        props={
            "connectionId": UUID,
            "refreshMode": Enum(("Truncate", "Merge")),
            "streams": Arr(CONNECTION_STREAM),
        },
        required=frozenset({"connectionId", "refreshMode"}),
    )
    table["WebBackendConnectionListRequestBody"] = _with(
        table["WebBackendConnectionListRequestBody"], {"pageSize": INTEGER, "cursor": UUID}
    )
    table["ActorListCursorPaginatedRequestBody"] = Obj(
        props={"workspaceId": UUID, "pageSize": INTEGER, "cursor": UUID},
        required=frozenset({"workspaceId"}),
    )
    table["ListWorkspacesByUserRequestBody"] = Obj(
        props={"userId": UUID, "pagination": PAGINATION, "nameContains": STRING},
        required=frozenset({"userId"}),
    )
    table["ListResourcesForWorkspacesRequestBody"] = Obj(
        props={
            "workspaceIds": Arr(UUID),
            "includeDeleted": BOOLEAN,
            "pagination": PAGINATION,
            "nameContains": STRING,
        },
        required=frozenset({"workspaceIds", "pagination"}),
    )
    return table


MODERN_REQUEST_SCHEMAS: dict[str, Obj] = _build()
"""Request schemas of the modern routes, by name in the 2.0.0 document."""
