"""Test notifications, the server's log files and its OpenAPI document.

- Notifications: the real notifier posts to the Slack webhook URL; the simulator has no
  network, so it decides by the URL as Slack and Java's ``HttpClient`` would answer:
  ``https://hooks.slack.com/services/<team>/<channel>/<token>`` is delivered, another path
  there is Slack's 404 ``no_service``, ``http://hooks.slack.com/...`` its redirect (not
  followed: a failure), any other host unreachable (failed, no message, as a
  ``ConnectException``), and a string that is no absolute http(s) URI the
  ``IllegalArgumentException`` the handler maps to a 404 (``WorkspacesHandler.tryNotification``
  on 0.40, ``NotificationsHandler.tryNotification`` on 2.x).
- Logs (``LogsHandler.getLogs``, 0.40): the server's and the scheduler's log files as text,
  derived from the deployment's jobs, in the server's log4j pattern.
- OpenAPI (``OpenApiConfigHandler``): the real server answers its bundled ``config.yaml``. The
  documents are not part of an installed simulator, so it answers a document generated from
  its own routing and request-schema tables (what it serves, and validates): paths, operation
  ids, request bodies; responses are described, not specified. It is JSON, which is YAML.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import orjson
from aiohttp import web

from . import seed
from .backend import Backend
from .errors import ApiError
from .validation import Arr, Enum, Obj, Spec
from .workspaces import internal_error

__all__ = ["logs", "openapi_document", "try_notification", "try_webhook"]

_SLACK = re.compile(r"^/services/[^/]+/[^/]+/[^/]+$")


def _bad_uri(message: str, ident: str) -> ApiError:
    """``IdNotFoundKnownException(e.message, id)`` of an ``IllegalArgumentException``."""
    return ApiError(
        404,
        {
            "id": ident,
            "message": message,
            "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
            "exceptionStack": [
                f"io.airbyte.commons.server.errors.IdNotFoundKnownException: {message}",
                "io.airbyte.commons.server.handlers.WorkspacesHandler.tryNotification("
                "WorkspacesHandler.java:228)",
                "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
            ],
            "rootCauseExceptionClassName": "java.lang.IllegalArgumentException",
        },
    )


def _post(webhook: str, ident: str) -> tuple[bool, str | None]:
    """Post to a webhook: delivered, or the ``IOException`` message (``None``: none)."""
    bad = re.search(r"[\s\"<>\\^`{|}]", webhook)
    if bad is not None:
        raise _bad_uri(f"Illegal character in path at index {bad.start()}: {webhook}", ident)
    parts = urlsplit(webhook)
    if not parts.scheme:
        raise _bad_uri("URI with undefined scheme", ident)
    if parts.scheme.lower() not in ("http", "https"):
        raise _bad_uri(f"invalid URI scheme {parts.scheme}", ident)
    if parts.hostname != "hooks.slack.com":
        return False, None
    if parts.scheme == "http":
        return False, "Failed to deliver notification (301): "
    if _SLACK.match(parts.path) is None:
        return False, "Failed to deliver notification (404): no_service"
    return True, None


def try_notification(b: Backend, notification: dict[str, Any]) -> dict[str, Any]:
    """``/v1/notifications/try``: 0.40 sends a failure then a success message (each if its
    flag is set); a 2.x server sends nothing and answers ``NotificationRead()``, ``{}``
    (``NotificationsApiController.tryNotificationConfig``, deprecated)."""
    if b.config.modern:
        return {}
    if notification["notificationType"] == "customerio":
        # CustomerioNotificationClient.notifyFailure: throw new NotImplementedException().
        raise internal_error("null", "org.apache.commons.lang3.NotImplementedException")
    slack = notification.get("slackConfiguration")
    if slack is None:
        raise internal_error("null", "java.lang.NullPointerException")
    sent = False
    for flag in ("sendOnFailure", "sendOnSuccess"):
        if notification[flag] and slack["webhook"]:
            delivered, error = _post(slack["webhook"], "SLACK")
            if error is not None or not delivered:
                return _failed(error)
            sent = True
    return {"status": "succeeded"} if sent else {"status": "failed"}


def try_webhook(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``NotificationsHandler.tryNotification`` (1.0 and later): one test message."""
    trigger = body.get("notificationTrigger")
    if trigger is None:
        raise internal_error("null", "java.lang.NullPointerException")
    webhook = body["slackConfiguration"]["webhook"]
    if not webhook:
        return {"status": "failed"}
    delivered, error = _post(webhook, trigger.upper())
    if error is not None:
        error = error.replace("notification (", "notification workspaceId null (")
    return {"status": "succeeded"} if delivered else _failed(error)


def _failed(message: str | None) -> dict[str, Any]:
    return {"status": "failed"} if message is None else {"status": "failed", "message": message}


# -- logs ----------------------------------------------------------------------------------


def _stamp(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


def logs(b: Backend, body: dict[str, Any]) -> web.Response:
    """``LogsHandler.getLogs``: ``server/logs/logs.log`` or ``scheduler/logs/logs.log``."""
    jobs = b.engine.all_jobs()
    start = min((job.created for job in jobs), default=time.time())
    if body["logType"] == "server":
        lines = [
            f"{_stamp(start)} INFO i.a.s.ServerApp(main):290 - Starting server...",
            f"{_stamp(start)} INFO i.a.c.EnvConfigs(getEnvOrDefault):1096 - "
            "Using default value for environment variable AIRBYTE_VERSION: "
            f"'{seed.AIRBYTE_VERSION}'",
        ]
        lines += [
            f"{_stamp(job.created)} INFO i.a.c.s.h.SchedulerHandler(createManualRun):461 - "
            f"Created {job.config_type} job {job.id} for connection {job.connection_id}"
            for job in jobs
        ]
    else:
        lines = [f"{_stamp(start)} INFO i.a.w.Application(main):45 - Starting worker..."]
        lines += [
            f"{_stamp(job.created)} INFO i.a.w.t.TemporalClient(submitSync):183 - "
            f"Submitting job {job.id} ({job.config_type}) to the queue SYNC"
            for job in jobs
        ]
    text = "".join(f"{line}\n" for line in lines)
    # Micronaut serves the File with the operation's declared content type.
    return web.Response(body=text.encode(), content_type="text/plain")


# -- the OpenAPI document ------------------------------------------------------------------


def _schema(spec: Spec) -> dict[str, Any]:
    if isinstance(spec, Obj):
        node: dict[str, Any] = {
            "type": "object",
            "properties": {name: _schema(prop) for name, prop in spec.props.items()},
        }
        if spec.required:
            node["required"] = sorted(spec.required)
        return node
    if isinstance(spec, Arr):
        return {"type": "array", "items": _schema(spec.items)}
    if isinstance(spec, Enum):
        return {"type": "string", "enum": list(spec.values)}
    return {
        "uuid": {"type": "string", "format": "uuid"},
        "date-time": {"type": "string", "format": "date-time"},
        "object": {"type": "object"},
        "any": {},
    }.get(spec, {"type": spec})


def openapi_document(b: Backend, _: dict[str, Any]) -> web.Response:
    """``GET /v1/openapi``: a document of what this simulator serves, as ``text/plain``."""
    from . import routes  # the joined tables (they import this module)

    modern = b.config.modern
    table = routes.MODERN_ROUTES if modern else routes.ROUTES
    schemas = routes.MODERN_REQUEST_SCHEMAS if modern else routes.REQUEST_SCHEMAS
    paths: dict[str, Any] = {}
    used: set[str] = set()
    for path, route in sorted(table.items()):
        operation: dict[str, Any] = {
            "operationId": route.operation_id,
            "responses": {"200": {"description": "Successful operation"}},
        }
        if route.request_schema is not None:
            used.add(route.request_schema)
            ref = {"$ref": f"#/components/schemas/{route.request_schema}"}
            operation["requestBody"] = {"content": {"application/json": {"schema": ref}}}
        paths.setdefault(path.removeprefix("/api"), {})[route.method.lower()] = operation
    document = {
        "openapi": "3.0.0",
        "info": {
            "title": "Airbyte Configuration API",
            "version": "2.0.0" if modern else "1.0.0",
            "description": "Generated by the aioairbyte simulator from its routing table "
            f"({'modern' if modern else '0.40'} profile): the operations it serves and the "
            "request schemas it validates. Response schemas are not included.",
        },
        "servers": [{"url": "http://localhost:8000/api"}],
        "paths": paths,
        "components": {"schemas": {name: _schema(schemas[name]) for name in sorted(used)}},
    }
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    return web.Response(text=f"{text}\n", content_type="text/plain")
