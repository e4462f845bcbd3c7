"""The served operations: one small handler per path, and the routing table.

Handlers take the backend and the validated request body and return the response body
(a JSON value) or :data:`NO_CONTENT`; errors are raised as ``ApiError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import attrs

from .backend import Backend

__all__ = ["NO_CONTENT", "ROUTES", "Route"]

NO_CONTENT: Final = object()
"""Returned by a handler that answers 204 without a body."""

Handler = Callable[[Backend, dict[str, Any]], Any]


@attrs.frozen
class Route:
    """An operation: its method, spec ``operationId``, request schema and handler."""

    method: str
    operation_id: str
    request_schema: str | None
    handler: Handler
    waits_for_start: bool = attrs.field(default=False, kw_only=True)
    """Whether the answer waits ``sync_start_delay`` (modern profile, no capacity limit)."""


# -- workspaces, sources, destinations, health ---------------------------------------------


def _workspaces_list(b: Backend, _: dict[str, Any]) -> Any:
    return {"workspaces": list(b.store.workspaces.values())}


def _workspaces_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.store.workspace(body["workspaceId"])


def _sources_list(b: Backend, body: dict[str, Any]) -> Any:
    return {"sources": b.store.sources_in(body["workspaceId"])}


def _sources_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.store.source(body["sourceId"])


def _destinations_list(b: Backend, body: dict[str, Any]) -> Any:
    return {"destinations": b.store.destinations_in(body["workspaceId"])}


def _destinations_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.store.destination(body["destinationId"])


def _health(b: Backend, _: dict[str, Any]) -> Any:
    return {"available": True}


# -- connections and state -------------------------------------------------------------------


def _connections_create(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.create_connection(
        body, outcome=b.config.default_outcome, attempt_duration=None
    )
    return record.data


def _connections_update(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.connection(body["connectionId"])
    b.store.update_connection(record, body)
    return record.data


def _connections_list(b: Backend, body: dict[str, Any]) -> Any:
    records = b.store.connections_in(body["workspaceId"], include_deleted=False)
    return {"connections": [record.data for record in records]}


def _connections_list_all(b: Backend, body: dict[str, Any]) -> Any:
    records = b.store.connections_in(body["workspaceId"], include_deleted=True)
    return {"connections": [record.data for record in records]}


def _connections_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.store.connection(body["connectionId"]).data


def _connections_search(b: Backend, body: dict[str, Any]) -> Any:
    return {"connections": [record.data for record in b.store.search(body)]}


def _connections_delete(b: Backend, body: dict[str, Any]) -> Any:
    b.delete_connection(b.store.connection(body["connectionId"]))
    return NO_CONTENT


def _connections_sync(b: Backend, body: dict[str, Any]) -> Any:
    return b.sync(b.store.connection(body["connectionId"]))


def _connections_reset(b: Backend, body: dict[str, Any]) -> Any:
    return b.reset(b.store.connection(body["connectionId"]))


def _state_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.connection_state(b.store.connection(body["connectionId"]))


# -- web backend -----------------------------------------------------------------------------


def _wb_state_type(b: Backend, body: dict[str, Any]) -> Any:
    # ConnectionStateType is a string schema: the answer is a bare JSON string.
    return b.connection_state(b.store.connection(body["connectionId"]))["stateType"]


def _wb_check_updates(b: Backend, _: dict[str, Any]) -> Any:
    return {"destinationDefinitions": 0, "sourceDefinitions": 0}


def _wb_connections_create(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.create_connection(
        body, outcome=b.config.default_outcome, attempt_duration=None
    )
    return b.web_backend_read(record, refreshed=False)


def _wb_connections_get(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.connection(body["connectionId"])
    return b.web_backend_read(record, refreshed=bool(body.get("withRefreshedCatalog")))


def _wb_connections_list(b: Backend, body: dict[str, Any]) -> Any:
    sources = set(body.get("sourceId") or ())
    destinations = set(body.get("destinationId") or ())
    return {
        "connections": [
            b.list_item(record)
            for record in b.store.connections_in(body["workspaceId"], include_deleted=False)
            if (not sources or record.data["sourceId"] in sources)
            and (not destinations or record.data["destinationId"] in destinations)
        ]
    }


def _wb_connections_update(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.connection(body["connectionId"])
    b.store.update_connection(record, body)
    return b.web_backend_read(record, refreshed=False)


def _wb_workspace_state(b: Backend, body: dict[str, Any]) -> Any:
    workspace_id = body["workspaceId"]
    return {
        "hasConnections": bool(b.store.connections_in(workspace_id, include_deleted=False)),
        "hasSources": bool(b.store.sources_in(workspace_id)),
        "hasDestinations": bool(b.store.destinations_in(workspace_id)),
    }


def _wb_geographies(b: Backend, _: dict[str, Any]) -> Any:
    return {"geographies": ["auto", "us", "eu"]}


# -- jobs ------------------------------------------------------------------------------------


def _jobs_get(b: Backend, body: dict[str, Any]) -> Any:
    return b.engine.job_info(b.job(body["id"]))


def _jobs_get_light(b: Backend, body: dict[str, Any]) -> Any:
    return {"job": b.engine.job_read(b.job(body["id"]))}


def _jobs_cancel(b: Backend, body: dict[str, Any]) -> Any:
    job = b.job(body["id"])
    b.cancel_job(job)
    return b.engine.job_info(job)


def _jobs_list(b: Backend, body: dict[str, Any]) -> Any:
    return b.list_jobs(body)


def _jobs_last_replication(b: Backend, body: dict[str, Any]) -> Any:
    return b.last_replication_job(b.store.connection(body["connectionId"]))


def _jobs_debug_info(b: Backend, body: dict[str, Any]) -> Any:
    return b.debug_info(b.job(body["id"]))


def _post(operation_id: str, schema: str | None, handler: Handler) -> Route:
    return Route("POST", operation_id, schema, handler)


_CONNECTION_ID = "ConnectionIdRequestBody"
_WORKSPACE_ID = "WorkspaceIdRequestBody"
_JOB_ID = "JobIdRequestBody"

ROUTES: dict[str, Route] = {
    "/api/v1/health": Route("GET", "getHealthCheck", None, _health),
    "/api/v1/workspaces/list": _post("listWorkspaces", None, _workspaces_list),
    "/api/v1/workspaces/get": _post("getWorkspace", _WORKSPACE_ID, _workspaces_get),
    "/api/v1/sources/list": _post("listSourcesForWorkspace", _WORKSPACE_ID, _sources_list),
    "/api/v1/sources/get": _post("getSource", "SourceIdRequestBody", _sources_get),
    "/api/v1/destinations/list": _post(
        "listDestinationsForWorkspace", _WORKSPACE_ID, _destinations_list
    ),
    "/api/v1/destinations/get": _post(
        "getDestination", "DestinationIdRequestBody", _destinations_get
    ),
    "/api/v1/connections/create": _post(
        "createConnection", "ConnectionCreate", _connections_create
    ),
    "/api/v1/connections/update": _post(
        "updateConnection", "ConnectionUpdate", _connections_update
    ),
    "/api/v1/connections/list": _post(
        "listConnectionsForWorkspace", _WORKSPACE_ID, _connections_list
    ),
    "/api/v1/connections/list_all": _post(
        "listAllConnectionsForWorkspace", _WORKSPACE_ID, _connections_list_all
    ),
    "/api/v1/connections/get": _post("getConnection", _CONNECTION_ID, _connections_get),
    "/api/v1/connections/search": _post(
        "searchConnections", "ConnectionSearch", _connections_search
    ),
    "/api/v1/connections/delete": _post("deleteConnection", _CONNECTION_ID, _connections_delete),
    "/api/v1/connections/sync": _post("syncConnection", _CONNECTION_ID, _connections_sync),
    "/api/v1/connections/reset": _post("resetConnection", _CONNECTION_ID, _connections_reset),
    "/api/v1/state/get": _post("getState", _CONNECTION_ID, _state_get),
    "/api/v1/web_backend/state/get_type": _post("getStateType", _CONNECTION_ID, _wb_state_type),
    "/api/v1/web_backend/check_updates": _post("webBackendCheckUpdates", None, _wb_check_updates),
    "/api/v1/web_backend/connections/create": _post(
        "webBackendCreateConnection", "WebBackendConnectionCreate", _wb_connections_create
    ),
    "/api/v1/web_backend/connections/get": _post(
        "webBackendGetConnection", "WebBackendConnectionRequestBody", _wb_connections_get
    ),
    "/api/v1/web_backend/connections/list": _post(
        "webBackendListConnectionsForWorkspace",
        "WebBackendConnectionListRequestBody",
        _wb_connections_list,
    ),
    "/api/v1/web_backend/connections/update": _post(
        "webBackendUpdateConnection", "WebBackendConnectionUpdate", _wb_connections_update
    ),
    "/api/v1/web_backend/workspace/state": _post(
        "webBackendGetWorkspaceState", "WebBackendWorkspaceState", _wb_workspace_state
    ),
    "/api/v1/web_backend/geographies/list": _post(
        "webBackendListGeographies", None, _wb_geographies
    ),
    "/api/v1/jobs/get": _post("getJobInfo", _JOB_ID, _jobs_get),
    "/api/v1/jobs/get_light": _post("getJobInfoLight", _JOB_ID, _jobs_get_light),
    "/api/v1/jobs/cancel": _post("cancelJob", _JOB_ID, _jobs_cancel),
    "/api/v1/jobs/list": _post("listJobsFor", "JobListRequestBody", _jobs_list),
    "/api/v1/jobs/get_last_replication_job": _post(
        "getLastReplicationJob", _CONNECTION_ID, _jobs_last_replication
    ),
    "/api/v1/jobs/get_debug_info": _post("getJobDebugInfo", _JOB_ID, _jobs_debug_info),
}
