"""Job operations only the modern profile serves: clear, stream resets, refresh, connection
statuses, sync progress, jobs without logs and the filtered job lists.

:data:`JOB_ROUTES` joins the modern routing table (``modern_routes.py``); the 0.40 table
(``operations.ROUTES``) never sees it, so a 0.40 simulator answers these paths 404 like any
unknown route. The server code each handler follows is named in ``profiles.py``.
"""

from __future__ import annotations

from typing import Any

from . import job_views
from .backend import Backend
from .operations import Handler, Route

__all__ = ["JOB_ROUTES"]


def _descriptors(body: dict[str, Any]) -> tuple[dict[str, str], ...]:
    """``ConnectionStream`` items as ``StreamDescriptor`` dicts (no namespace when absent)."""
    return tuple(
        {
            "name": s["streamName"],
            **({"namespace": s["streamNamespace"]} if "streamNamespace" in s else {}),
        }
        for s in body.get("streams") or ()
    )


def _clear(b: Backend, body: dict[str, Any]) -> Any:
    # ConnectionApiController.clearConnection calls the reset handler: a reset_connection job.
    return b.shapes.job_info(b.reset(b.store.connection(body["connectionId"])))


def _reset_streams(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.connection(body["connectionId"])
    return b.shapes.job_info(b.reset(record, _descriptors(body)))


def _refresh(b: Backend, body: dict[str, Any]) -> Any:
    record = b.store.connection(body["connectionId"])
    return b.refresh(record, body["refreshMode"], _descriptors(body))


def _statuses(b: Backend, body: dict[str, Any]) -> Any:
    return job_views.connection_statuses(b.engine, b.store, body["connectionIds"])


def _sync_progress(b: Backend, body: dict[str, Any]) -> Any:
    return job_views.sync_progress(b.engine, body["connectionId"])


def _get_without_logs(b: Backend, body: dict[str, Any]) -> Any:
    return job_views.job_info_without_logs(b.engine, b.job(body["id"]))


def _jobs_list(b: Backend, body: dict[str, Any]) -> Any:
    return job_views.list_jobs(b.engine, body)


def _jobs_list_for_workspaces(b: Backend, body: dict[str, Any]) -> Any:
    return job_views.list_jobs_for_workspaces(b.engine, b.store, body)


def _post(operation_id: str, schema: str, handler: Handler, *, starts: bool = False) -> Route:
    # A route that starts a job answers once its workflow started (sync_start_delay).
    return Route("POST", operation_id, schema, handler, waits_for_start=starts)


_STREAMS = "ConnectionStreamRequestBody"

JOB_ROUTES: dict[str, Route] = {
    "/api/v1/connections/clear": _post(
        "clearConnection", "ConnectionIdRequestBody", _clear, starts=True
    ),
    "/api/v1/connections/clear/stream": _post(
        "clearConnectionStream", _STREAMS, _reset_streams, starts=True
    ),
    "/api/v1/connections/reset/stream": _post(
        "resetConnectionStream", _STREAMS, _reset_streams, starts=True
    ),
    "/api/v1/connections/refresh": _post(
        "refreshConnectionStream", "ConnectionStreamRefreshRequestBody", _refresh, starts=True
    ),
    "/api/v1/connections/status": _post(
        "getConnectionStatuses", "ConnectionStatusesRequestBody", _statuses
    ),
    "/api/v1/connections/sync_progress": _post(
        "getConnectionSyncProgress", "ConnectionIdRequestBody", _sync_progress
    ),
    "/api/v1/jobs/get_without_logs": _post(
        "getJobInfoWithoutLogs", "JobIdRequestBody", _get_without_logs
    ),
    "/api/v1/jobs/list": _post("listJobsFor", "JobListRequestBody", _jobs_list),
    "/api/v1/jobs/list_for_workspaces": _post(
        "listJobsForWorkspaces", "JobListForWorkspacesRequestBody", _jobs_list_for_workspaces
    ),
}
"""Routes of the modern job operations (2.0.0 operation ids); ``jobs/list`` replaces the 0.40
handler with the filtered, ordered one."""
