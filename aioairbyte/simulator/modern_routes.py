"""The routing table of the modern profile: the 0.40 operations minus the removed ones, with
2.x payloads and request schemas, plus the workspace listings that replaced
``/v1/workspaces/list`` and ``GET /v1/instance_configuration``.

Handlers reuse the 0.40 ones and reshape their answers with the backend's
:class:`~aioairbyte.simulator.shapes.Shapes`.
"""

from __future__ import annotations

from typing import Any

import attrs

from .backend import Backend
from .modern_job_routes import JOB_ROUTES
from .operations import ROUTES, Handler, Route
from .shapes import DEFAULT_ORGANIZATION_ID

#: The default user of a Community deployment, an instance admin (``DEFAULT_USER_ID``).
DEFAULT_USER_ID = "00000000-0000-0000-0000-000000000000"

__all__ = ["MODERN_ROUTES", "REMOVED_PATHS"]

REMOVED_PATHS = frozenset(
    {
        "/api/v1/workspaces/list",
        "/api/v1/web_backend/geographies/list",
        "/api/v1/sources/clone",
        "/api/v1/destinations/clone",
        "/api/v1/jobs/get_normalization_status",
        "/api/v1/logs/get",
        "/api/v1/attempt/set_workflow_in_attempt",
    }
)
"""Paths of 0.40 operations gone from 2.x servers: they answer 404 like an unknown route."""


def _page(items: list[Any], body: dict[str, Any], key: str, id_key: str) -> dict[str, Any]:
    """Cursor pagination of ``ActorListCursorPaginatedRequestBody``: after ``cursor``, at most
    ``pageSize`` items (all of them without a page size)."""
    cursor = body.get("cursor")
    if cursor is not None:
        ids = [item[id_key] for item in items]
        items = items[ids.index(cursor) + 1 :] if cursor in ids else []
    size = body.get("pageSize")
    return {key: items if size is None else items[: max(0, size)]}


def _workspaces_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.shapes.workspace(b.store.workspace(body["workspaceId"]))


def _workspaces_list_paginated(b: Backend, body: dict[str, Any]) -> Any:
    # The workspaces whose ids are given, no others: an empty list finds nothing
    # (WorkspaceServiceJooqImpl.listStandardWorkspacesPaginated: ID IN workspaceIds).
    wanted = set(body["workspaceIds"])
    name = (body.get("nameContains") or "").lower()
    found = [
        b.shapes.workspace(workspace)
        for workspace_id, workspace in b.store.workspaces.items()
        if workspace_id in wanted and name in workspace["name"].lower()
    ]
    pagination = body["pagination"]
    offset = max(0, pagination.get("rowOffset", 0))
    size = max(0, pagination.get("pageSize", 20))
    return {"workspaces": found[offset : offset + size]}


def _workspaces_list_by_user(b: Backend, body: dict[str, Any]) -> Any:
    # The instance admin (the default user) sees every workspace; the simulator has no other
    # user, and anyone else has no permissions (WorkspacesHandler.listWorkspacesByUser).
    if body["userId"] != DEFAULT_USER_ID:
        return {"workspaces": []}
    name = (body.get("nameContains") or "").lower()
    found = [
        b.shapes.workspace(workspace)
        for workspace in b.store.workspaces.values()
        if name in workspace["name"].lower()
    ]
    pagination = body.get("pagination")
    if pagination is not None:
        offset = max(0, pagination.get("rowOffset", 0))
        found = found[offset : offset + max(0, pagination.get("pageSize", 20))]
    return {"workspaces": found}


def _instance_configuration(b: Backend, _: dict[str, Any]) -> Any:
    # InstanceConfigurationHandler: no defaultWorkspaceId and, without a license, no
    # licenseStatus, though the documents require both (the server wins).
    return {
        "airbyteUrl": "http://localhost:8000",
        "edition": "community",
        "version": "2.0.0",
        "auth": {"mode": "simple" if b.config.application is not None else "none"},
        "initialSetupComplete": True,
        "defaultUserId": DEFAULT_USER_ID,
        "defaultOrganizationId": DEFAULT_ORGANIZATION_ID,
        "defaultOrganizationEmail": "airbyte@example.com",
        "trackingStrategy": "logging",
    }


def _sources_list(b: Backend, body: dict[str, Any]) -> Any:
    sources = [b.shapes.actor(s) for s in b.store.sources_in(body["workspaceId"])]
    return _page(sources, body, "sources", "sourceId")


def _destinations_list(b: Backend, body: dict[str, Any]) -> Any:
    found = [b.shapes.actor(d) for d in b.store.destinations_in(body["workspaceId"])]
    return _page(found, body, "destinations", "destinationId")


def _actor(handler: Handler) -> Handler:
    return lambda b, body: b.shapes.actor(handler(b, body))


def _connection(handler: Handler) -> Handler:
    def shaped(b: Backend, body: dict[str, Any]) -> Any:
        read = handler(b, body)
        return b.shapes.connection(read, b.store.connections[read["connectionId"]].workspace_id)

    return shaped


def _connection_list(handler: Handler) -> Handler:
    def shaped(b: Backend, body: dict[str, Any]) -> Any:
        reads = handler(b, body)["connections"]
        return {
            "connections": [
                b.shapes.connection(read, b.store.connections[read["connectionId"]].workspace_id)
                for read in reads
            ]
        }

    return shaped


def _web_backend(handler: Handler) -> Handler:
    def shaped(b: Backend, body: dict[str, Any]) -> Any:
        read = handler(b, body)
        return b.shapes.web_backend(read, b.store.connections[read["connectionId"]].data)

    return shaped


def _web_backend_list(handler: Handler) -> Handler:
    def shaped(b: Backend, body: dict[str, Any]) -> Any:
        items = []
        for item in handler(b, body)["connections"]:
            data = b.store.connections[item["connectionId"]].data
            source = b.store.sources[data["sourceId"]]
            destination = b.store.destinations[data["destinationId"]]
            items.append(b.shapes.list_item(item, data, (source, destination)))
        return {"connections": items}

    return shaped


def _job_info(handler: Handler) -> Handler:
    return lambda b, body: b.shapes.job_info(handler(b, body))


def _debug_info(handler: Handler) -> Handler:
    return lambda b, body: b.shapes.debug_info(handler(b, body))


_SHAPERS: dict[str, Any] = {
    "/api/v1/sources/get": _actor,
    "/api/v1/destinations/get": _actor,
    "/api/v1/connections/create": _connection,
    "/api/v1/connections/update": _connection,
    "/api/v1/connections/get": _connection,
    "/api/v1/connections/list": _connection_list,
    "/api/v1/connections/list_all": _connection_list,
    "/api/v1/connections/search": _connection_list,
    "/api/v1/connections/sync": _job_info,
    "/api/v1/connections/reset": _job_info,
    "/api/v1/web_backend/connections/create": _web_backend,
    "/api/v1/web_backend/connections/get": _web_backend,
    "/api/v1/web_backend/connections/update": _web_backend,
    "/api/v1/web_backend/connections/list": _web_backend_list,
    "/api/v1/jobs/get": _job_info,
    "/api/v1/jobs/cancel": _job_info,
    "/api/v1/jobs/get_debug_info": _debug_info,
}
_REPLACED: dict[str, Route] = {
    "/api/v1/workspaces/get": Route(
        "POST", "getWorkspace", "WorkspaceIdRequestBody", _workspaces_get
    ),
    "/api/v1/workspaces/list_paginated": Route(
        "POST",
        "listWorkspacesPaginated",
        "ListResourcesForWorkspacesRequestBody",
        _workspaces_list_paginated,
    ),
    "/api/v1/workspaces/list_by_user_id": Route(
        "POST",
        "listWorkspacesByUser",
        "ListWorkspacesByUserRequestBody",
        _workspaces_list_by_user,
    ),
    "/api/v1/instance_configuration": Route(
        "GET", "getInstanceConfiguration", None, _instance_configuration
    ),
    "/api/v1/sources/list": Route(
        "POST", "listSourcesForWorkspace", "ActorListCursorPaginatedRequestBody", _sources_list
    ),
    "/api/v1/destinations/list": Route(
        "POST",
        "listDestinationsForWorkspace",
        "ActorListCursorPaginatedRequestBody",
        _destinations_list,
    ),
}
# The real server answers these once the job's workflow started (see SimulatorConfig).
_WAIT_FOR_START = frozenset({"/api/v1/connections/sync", "/api/v1/connections/reset"})


def _build() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for path, route in ROUTES.items():
        if path in REMOVED_PATHS:
            continue
        shaper = _SHAPERS.get(path)
        if shaper is not None:
            route = attrs.evolve(route, handler=shaper(route.handler))
        routes[path] = attrs.evolve(route, waits_for_start=path in _WAIT_FOR_START)
    routes.update(_REPLACED)
    routes.update(JOB_ROUTES)
    return routes


MODERN_ROUTES: dict[str, Route] = _build()
"""Served paths of the modern profile and their operations (2.0.0 operation ids), the job
operations of :mod:`~aioairbyte.simulator.modern_job_routes` included."""
