"""Sources, destinations and the scheduler: create, update, delete, clone, check, discover.

The family's tables, joined by :mod:`~aioairbyte.simulator.routes`: ``ROUTES`` (served by both
profiles, minus the paths a modern server removed), ``REQUEST_SCHEMAS`` (their 0.40 request
schemas; the modern profile uses them modernized), ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS`` (what only the modern profile serves, or serves differently).

Handlers follow ``SourceHandler``, ``DestinationHandler`` and ``SchedulerHandler``; the logic
is in :mod:`~aioairbyte.simulator.actors` (records, validation, secrets, deletes, checks) and
:mod:`~aioairbyte.simulator.actor_catalogs` (discovers and catalogs).
"""

from __future__ import annotations

from typing import Any

from . import actor_catalogs, actors
from .actors import DESTINATION, SOURCE, Kind
from .backend import Backend
from .operations import NO_CONTENT, Handler, Route
from .validation import (
    AIRBYTE_CATALOG,
    ANY,
    BOOLEAN,
    DESTINATION_SEARCH,
    SOURCE_SEARCH,
    STRING,
    UUID,
    Obj,
    Spec,
)

__all__ = ["MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]


def _obj(props: dict[str, Spec], *required: str) -> Obj:
    return Obj(props=props, required=frozenset(required))


# -- handlers -----------------------------------------------------------------------------------


def _list(kind: Kind) -> Handler:
    def handler(b: Backend, body: dict[str, Any]) -> Any:
        return {f"{kind.name}s": actors.listed(b, kind, body["workspaceId"])}

    return handler


def _modern_list(kind: Kind) -> Handler:
    def handler(b: Backend, body: dict[str, Any]) -> Any:
        # ActorListCursorPaginatedRequestBody: after ``cursor``, at most ``pageSize`` actors.
        found = actors.listed(b, kind, body["workspaceId"])
        cursor = body.get("cursor")
        if cursor is not None:
            ids = [actor[kind.id_key] for actor in found]
            found = found[ids.index(cursor) + 1 :] if cursor in ids else []
        size = body.get("pageSize")
        return {f"{kind.name}s": found if size is None else found[: max(0, size)]}

    return handler


def _get(kind: Kind) -> Handler:
    return lambda b, body: actors.read(b, kind, kind.get(b, body[kind.id_key]))


def _create(kind: Kind) -> Handler:
    return lambda b, body: actors.read(b, kind, actors.create(b, kind, body))


def _update(kind: Kind) -> Handler:
    return lambda b, body: actors.read(b, kind, actors.update(b, kind, body))


def _delete(kind: Kind) -> Handler:
    def handler(b: Backend, body: dict[str, Any]) -> Any:
        actors.delete(b, kind, body[kind.id_key])
        return NO_CONTENT

    return handler


def _clone(kind: Kind) -> Handler:
    def handler(b: Backend, body: dict[str, Any]) -> Any:
        changes = body.get(f"{kind.name}Configuration")
        record = actors.clone(b, kind, body[f"{kind.name}CloneId"], changes)
        return actors.read(b, kind, record)

    return handler


def _search(kind: Kind) -> Handler:
    return lambda b, body: {f"{kind.name}s": actors.search(b, kind, body)}


def _check(kind: Kind) -> Handler:
    return lambda b, body: actors.check_actor(b, kind, body[kind.id_key])


def _check_for_update(kind: Kind) -> Handler:
    return lambda b, body: actors.check_for_update(b, kind, body)


def _check_configuration(kind: Kind) -> Handler:
    def handler(b: Backend, body: dict[str, Any]) -> Any:
        # checkSourceConnectionFromSourceCreate: the definition (404) and the workspace's
        # secret persistence (404 for an unknown workspace); the configuration is not
        # validated by the server, the connector reports what is wrong with it.
        b.store.workspace(body["workspaceId"])
        definition_id = body[kind.definition_key]
        return actors.check(b, kind, definition_id, body["connectionConfiguration"])

    return handler


def _discover(b: Backend, body: dict[str, Any]) -> Any:
    return actor_catalogs.discover_source(b, body)


def _discover_configuration(b: Backend, body: dict[str, Any]) -> Any:
    return actor_catalogs.discover_configuration(b, body)


def _most_recent_catalog(b: Backend, body: dict[str, Any]) -> Any:
    return actor_catalogs.most_recent_catalog(b, body["sourceId"])


def _write_discover_result(b: Backend, body: dict[str, Any]) -> Any:
    return actor_catalogs.write_discover_result(b, body)


# -- tables -------------------------------------------------------------------------------------


def _post(operation_id: str, schema: str, handler: Handler) -> Route:
    return Route("POST", operation_id, schema, handler)


def _family(kind: Kind) -> dict[str, Route]:
    name, title = kind.name, kind.name.title()
    prefix = f"/api/v1/{name}s"
    ids = f"{title}IdRequestBody"
    return {
        f"{prefix}/create": _post(f"create{title}", f"{title}Create", _create(kind)),
        f"{prefix}/update": _post(f"update{title}", f"{title}Update", _update(kind)),
        f"{prefix}/list": _post(f"list{title}sForWorkspace", "WorkspaceIdRequestBody", _list(kind)),
        f"{prefix}/get": _post(f"get{title}", ids, _get(kind)),
        f"{prefix}/delete": _post(f"delete{title}", ids, _delete(kind)),
        f"{prefix}/clone": _post(f"clone{title}", f"{title}CloneRequestBody", _clone(kind)),
        f"{prefix}/search": _post(f"search{title}s", f"{title}Search", _search(kind)),
        f"{prefix}/check_connection": _post(f"checkConnectionTo{title}", ids, _check(kind)),
        f"{prefix}/check_connection_for_update": _post(
            f"checkConnectionTo{title}ForUpdate", f"{title}Update", _check_for_update(kind)
        ),
    }


ROUTES: dict[str, Route] = {
    **_family(SOURCE),
    "/api/v1/sources/discover_schema": _post(
        "discoverSchemaForSource", "SourceDiscoverSchemaRequestBody", _discover
    ),
    "/api/v1/sources/most_recent_source_actor_catalog": _post(
        "getMostRecentSourceActorCatalog", "SourceIdRequestBody", _most_recent_catalog
    ),
    "/api/v1/sources/write_discover_catalog_result": _post(
        "writeDiscoverCatalogResult",
        "SourceDiscoverSchemaWriteRequestBody",
        _write_discover_result,
    ),
    **_family(DESTINATION),
    "/api/v1/scheduler/sources/check_connection": _post(
        "executeSourceCheckConnection", "SourceCoreConfig", _check_configuration(SOURCE)
    ),
    "/api/v1/scheduler/sources/discover_schema": _post(
        "executeSourceDiscoverSchema", "SourceCoreConfig", _discover_configuration
    ),
    "/api/v1/scheduler/destinations/check_connection": _post(
        "executeDestinationCheckConnection",
        "DestinationCoreConfig",
        _check_configuration(DESTINATION),
    ),
}


def _schemas(kind: Kind) -> dict[str, Obj]:
    title = kind.name.title()
    configuration: dict[str, Spec] = {"connectionConfiguration": ANY, "name": STRING}
    return {
        f"{title}Create": _obj(
            {kind.definition_key: UUID, "workspaceId": UUID, **configuration},
            "workspaceId",
            "name",
            kind.definition_key,
            "connectionConfiguration",
        ),
        f"{title}Update": _obj(
            {kind.id_key: UUID, **configuration}, kind.id_key, "connectionConfiguration", "name"
        ),
        f"{title}CloneRequestBody": _obj(
            {f"{kind.name}CloneId": UUID, f"{kind.name}Configuration": _obj(configuration)},
            f"{kind.name}CloneId",
        ),
        f"{title}CoreConfig": _obj(
            {
                kind.id_key: UUID,
                kind.definition_key: UUID,
                "connectionConfiguration": ANY,
                "workspaceId": UUID,
            },
            kind.definition_key,
            "connectionConfiguration",
            "workspaceId",
        ),
    }


_DISCOVER_COMMON: dict[str, Spec] = {
    "sourceId": UUID,
    "connectionId": UUID,
    "disable_cache": BOOLEAN,
}
REQUEST_SCHEMAS: dict[str, Obj] = {
    **_schemas(SOURCE),
    **_schemas(DESTINATION),
    "SourceSearch": SOURCE_SEARCH,
    "DestinationSearch": DESTINATION_SEARCH,
    "SourceDiscoverSchemaRequestBody": _obj(
        {**_DISCOVER_COMMON, "notifySchemaChange": BOOLEAN}, "sourceId"
    ),
    "SourceDiscoverSchemaWriteRequestBody": _obj(
        {
            "catalog": AIRBYTE_CATALOG,
            "sourceId": UUID,
            "connectorVersion": STRING,
            "configurationHash": STRING,
        },
        "catalog",
    ),
}

MODERN_ROUTES: dict[str, Route] = {
    "/api/v1/sources/list": _post(
        "listSourcesForWorkspace", "ActorListCursorPaginatedRequestBody", _modern_list(SOURCE)
    ),
    "/api/v1/destinations/list": _post(
        "listDestinationsForWorkspace",
        "ActorListCursorPaginatedRequestBody",
        _modern_list(DESTINATION),
    ),
}
# 2.0 dropped notifySchemaChange from the discover request (the 2.x server never reads it).
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {
    "SourceDiscoverSchemaRequestBody": _obj(dict(_DISCOVER_COMMON), "sourceId"),
}
