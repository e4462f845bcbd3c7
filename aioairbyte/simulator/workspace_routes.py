"""Workspaces (create, update, delete, lookups), state writes, notifications, logs, openapi.

The family's tables, joined by :mod:`~aioairbyte.simulator.routes`: ``ROUTES`` (served by both
profiles, minus the paths a modern server removed), ``REQUEST_SCHEMAS`` (their 0.40 request
schemas; the modern profile uses them modernized), ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS`` (what only the modern profile serves, or serves differently).

The workspace reads and listings of the core tables are replaced here, so that every answer
renders workspaces one way (:func:`~aioairbyte.simulator.workspaces.render`) and no listing
shows a deleted workspace; ``state/get`` and ``web_backend/state/get_type`` too, so that they
answer the ``global`` and ``legacy`` states written through ``state/create_or_update``.
"""

from __future__ import annotations

from typing import Any

from . import server_files, state_writes, workspaces
from .backend import Backend
from .operations import NO_CONTENT, Handler, Route
from .validation import BOOLEAN, OBJECT, STRING, UUID, Arr, Enum, Obj, Spec

__all__ = ["MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]


def _obj(props: dict[str, Spec], *required: str) -> Obj:
    return Obj(props=props, required=frozenset(required))


# -- handlers --------------------------------------------------------------------------------


def _list(b: Backend, _: dict[str, Any]) -> Any:
    return {"workspaces": [workspaces.render(b, w) for w in workspaces.listed(b)]}


def _get(b: Backend, body: dict[str, Any]) -> Any:
    # includeTombstone is a 1.0+ field: the 0.40 request schema drops it.
    tombstones = bool(body.get("includeTombstone"))
    stored = workspaces.workspace(b, body["workspaceId"], include_tombstone=tombstones)
    return workspaces.render(b, stored)


def _create(b: Backend, body: dict[str, Any]) -> Any:
    return workspaces.create(b, body)


def _update(b: Backend, body: dict[str, Any]) -> Any:
    return workspaces.update(b, body)


def _update_name(b: Backend, body: dict[str, Any]) -> Any:
    return workspaces.update_name(b, body)


def _delete(b: Backend, body: dict[str, Any]) -> Any:
    workspaces.delete(b, body["workspaceId"])
    return NO_CONTENT


def _by_slug(b: Backend, body: dict[str, Any]) -> Any:
    return workspaces.render(b, workspaces.by_slug(b, body["slug"]))


def _by_connection(b: Backend, body: dict[str, Any]) -> Any:
    return workspaces.render(b, workspaces.by_connection(b, body["connectionId"]))


def _feedback(b: Backend, body: dict[str, Any]) -> Any:
    workspaces.feedback_done(b, body["workspaceId"])
    return NO_CONTENT


def _state_get(b: Backend, body: dict[str, Any]) -> Any:
    return state_writes.current(b, b.store.connection(body["connectionId"]))


def _state_type(b: Backend, body: dict[str, Any]) -> Any:
    return state_writes.current(b, b.store.connection(body["connectionId"]))["stateType"]


def _state_write(b: Backend, body: dict[str, Any]) -> Any:
    # The state row's foreign key makes an unknown connection a database error on the real
    # server (a 500); the simulator answers the documented 404, as state/get does.
    record = b.store.connection(body["connectionId"])
    return state_writes.create_or_update(b, record, body["connectionState"])


def _by_user(b: Backend, body: dict[str, Any]) -> Any:
    # WorkspacesHandler.listWorkspacesByUser: the instance admin (the default user) sees
    # every workspace that is not deleted; nobody else has permissions in the simulator.
    from .modern_routes import DEFAULT_USER_ID

    if body["userId"] != DEFAULT_USER_ID:
        return {"workspaces": []}
    name = (body.get("nameContains") or "").lower()
    found = [workspaces.render(b, w) for w in workspaces.listed(b) if name in w["name"].lower()]
    return {"workspaces": _paginate(found, body.get("pagination"))}


def _paginated(b: Backend, body: dict[str, Any]) -> Any:
    # listWorkspacesPaginated: the workspaces whose ids are given (ID IN workspaceIds), deleted
    # ones only with includeDeleted.
    wanted = set(body["workspaceIds"])
    name = (body.get("nameContains") or "").lower()
    candidates = b.store.workspaces.values() if body.get("includeDeleted") else workspaces.listed(b)
    found = [
        workspaces.render(b, w)
        for w in candidates
        if w["workspaceId"] in wanted and name in w["name"].lower()
    ]
    return {"workspaces": _paginate(found, body["pagination"])}


def _paginate(items: list[Any], pagination: dict[str, Any] | None) -> list[Any]:
    if pagination is None:
        return items
    offset = max(0, pagination.get("rowOffset", 0))
    return items[offset : offset + max(0, pagination.get("pageSize", 20))]


def _try(b: Backend, body: dict[str, Any]) -> Any:
    return server_files.try_notification(b, body)


def _try_webhook(b: Backend, body: dict[str, Any]) -> Any:
    return server_files.try_webhook(b, body)


def _post(operation_id: str, schema: str | None, handler: Handler) -> Route:
    return Route("POST", operation_id, schema, handler)


# -- request schemas -------------------------------------------------------------------------

GEOGRAPHY = Enum(("auto", "us", "eu"))
NOTIFICATION_TYPE = Enum(("slack", "customerio"))
SLACK = _obj({"webhook": STRING}, "webhook")
NOTIFICATION = _obj(
    {
        "notificationType": NOTIFICATION_TYPE,
        "sendOnSuccess": BOOLEAN,
        "sendOnFailure": BOOLEAN,
        "slackConfiguration": SLACK,
        "customerioConfiguration": OBJECT,
    },
    "notificationType",
    "sendOnSuccess",
    "sendOnFailure",
)
WEBHOOK_CONFIG_WRITE = _obj({"name": STRING, "authToken": STRING, "validationUrl": STRING})
_FLAGS: dict[str, Spec] = {
    "anonymousDataCollection": BOOLEAN,
    "news": BOOLEAN,
    "securityUpdates": BOOLEAN,
    "displaySetupWizard": BOOLEAN,
    "email": STRING,
    "notifications": Arr(NOTIFICATION),
}
STREAM_STATE = _obj(
    {
        "streamDescriptor": _obj({"name": STRING, "namespace": STRING}, "name"),
        "streamState": OBJECT,
    },
    "streamDescriptor",
)
CONNECTION_STATE = _obj(
    {
        "stateType": Enum(("global", "stream", "legacy", "not_set")),
        "connectionId": UUID,
        "state": OBJECT,
        "streamState": Arr(STREAM_STATE),
        "globalState": _obj(
            {"shared_state": OBJECT, "streamStates": Arr(STREAM_STATE)}, "streamStates"
        ),
    },
    "connectionId",
    "stateType",
)

REQUEST_SCHEMAS: dict[str, Obj] = {
    "WorkspaceCreate": _obj(
        {
            **_FLAGS,
            "name": STRING,
            "defaultGeography": GEOGRAPHY,
            "webhookConfigs": Arr(WEBHOOK_CONFIG_WRITE),
        },
        "name",
    ),
    "WorkspaceUpdate": _obj(
        {
            **_FLAGS,
            "workspaceId": UUID,
            "initialSetupComplete": BOOLEAN,
            "defaultGeography": GEOGRAPHY,
            "webhookConfigs": Arr(WEBHOOK_CONFIG_WRITE),
        },
        "workspaceId",
    ),
    "WorkspaceUpdateName": _obj({"workspaceId": UUID, "name": STRING}, "workspaceId", "name"),
    "SlugRequestBody": _obj({"slug": STRING}, "slug"),
    "WorkspaceGiveFeedback": _obj({"workspaceId": UUID}, "workspaceId"),
    "ConnectionStateCreateOrUpdate": _obj(
        {"connectionId": UUID, "connectionState": CONNECTION_STATE},
        "connectionId",
        "connectionState",
    ),
    "Notification": NOTIFICATION,
    "LogsRequestBody": _obj({"logType": Enum(("server", "scheduler"))}, "logType"),
}

# 2.0.0: an organization, a dataplane group instead of a geography, notification settings.
NOTIFICATION_ITEM = _obj(
    {
        "notificationType": Arr(NOTIFICATION_TYPE),
        "slackConfiguration": SLACK,
        "customerioConfiguration": OBJECT,
    }
)
NOTIFICATION_SETTINGS = _obj(
    {
        f"sendOn{kind}": NOTIFICATION_ITEM
        for kind in (
            "Success",
            "Failure",
            "SyncDisabled",
            "SyncDisabledWarning",
            "ConnectionUpdate",
            "ConnectionUpdateActionRequired",
            "BreakingChangeWarning",
            "BreakingChangeSyncsDisabled",
        )
    }
)
NOTIFICATION_CONFIG = _obj(
    {"email": _obj({"enabled": BOOLEAN}), "webhook": _obj({"enabled": BOOLEAN, "url": STRING})}
)
NOTIFICATIONS_CONFIG = _obj(
    {
        kind: NOTIFICATION_CONFIG
        for kind in (
            "failure",
            "success",
            "connectionUpdate",
            "connectionUpdateActionRequired",
            "syncDisabled",
            "syncDisabledWarning",
        )
    }
)
MODERN_WEBHOOK_CONFIG_WRITE = _obj({**WEBHOOK_CONFIG_WRITE.props, "customDbtHost": STRING})
_MODERN_COMMON: dict[str, Spec] = {
    **_FLAGS,
    "name": STRING,
    "notificationSettings": NOTIFICATION_SETTINGS,
    "dataplaneGroupId": UUID,
    "webhookConfigs": Arr(MODERN_WEBHOOK_CONFIG_WRITE),
}
NOTIFICATION_TRIGGER = Enum(
    (
        "sync_success",
        "sync_failure",
        "sync_disabled",
        "sync_disabled_warning",
        "connection_update",
        "connection_update_action_required",
        "breaking_change_warning",
        "breaking_change_syncs_disabled",
    )
)
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {
    "WorkspaceCreate": _obj({**_MODERN_COMMON, "organizationId": UUID}, "name", "organizationId"),
    "WorkspaceUpdate": _obj(
        {
            **_MODERN_COMMON,
            "workspaceId": UUID,
            "initialSetupComplete": BOOLEAN,
            "notificationsConfig": NOTIFICATIONS_CONFIG,
        },
        "workspaceId",
    ),
    # Its document requires "NotificationTrigger", a typo (see tests/spec.py KNOWN_DEFECTS).
    "NotificationWebhookConfigValidationRequestBody": _obj(
        {"slackConfiguration": SLACK, "notificationTrigger": NOTIFICATION_TRIGGER},
        "slackConfiguration",
    ),
}

# -- routes ----------------------------------------------------------------------------------

_WORKSPACE_ID = "WorkspaceIdRequestBody"
_CONNECTION_ID = "ConnectionIdRequestBody"

ROUTES: dict[str, Route] = {
    "/api/v1/workspaces/list": _post("listWorkspaces", None, _list),
    "/api/v1/workspaces/get": _post("getWorkspace", _WORKSPACE_ID, _get),
    "/api/v1/workspaces/create": _post("createWorkspace", "WorkspaceCreate", _create),
    "/api/v1/workspaces/update": _post("updateWorkspace", "WorkspaceUpdate", _update),
    "/api/v1/workspaces/update_name": _post(
        "updateWorkspaceName", "WorkspaceUpdateName", _update_name
    ),
    "/api/v1/workspaces/delete": _post("deleteWorkspace", _WORKSPACE_ID, _delete),
    "/api/v1/workspaces/get_by_slug": _post("getWorkspaceBySlug", "SlugRequestBody", _by_slug),
    "/api/v1/workspaces/get_by_connection_id": _post(
        "getWorkspaceByConnectionId", _CONNECTION_ID, _by_connection
    ),
    "/api/v1/workspaces/tag_feedback_status_as_done": _post(
        "updateWorkspaceFeedback", "WorkspaceGiveFeedback", _feedback
    ),
    "/api/v1/state/get": _post("getState", _CONNECTION_ID, _state_get),
    "/api/v1/state/create_or_update": _post(
        "createOrUpdateState", "ConnectionStateCreateOrUpdate", _state_write
    ),
    "/api/v1/web_backend/state/get_type": _post("getStateType", _CONNECTION_ID, _state_type),
    "/api/v1/notifications/try": _post("tryNotificationConfig", "Notification", _try),
    "/api/v1/logs/get": _post("getLogs", "LogsRequestBody", server_files.logs),
    "/api/v1/openapi": Route("GET", "getOpenApiSpec", None, server_files.openapi_document),
}
MODERN_ROUTES: dict[str, Route] = {
    "/api/v1/workspaces/list_by_user_id": _post(
        "listWorkspacesByUser", "ListWorkspacesByUserRequestBody", _by_user
    ),
    "/api/v1/workspaces/list_paginated": _post(
        "listWorkspacesPaginated", "ListResourcesForWorkspacesRequestBody", _paginated
    ),
    "/api/v1/notifications/try_webhook": _post(
        "tryNotificationWebhookConfig",
        "NotificationWebhookConfigValidationRequestBody",
        _try_webhook,
    ),
}
