"""Read models of the modern job operations, computed from the job engine as the 2.x handlers do.

Connection statuses (``ConnectionsHandler.getConnectionStatuses``), sync progress
(``JobHistoryHandler.getConnectionSyncProgress``), aggregated job stats
(``StatsAggregationHelper.hydrateWithStats``) and the filtered, ordered job lists
(``JobHistoryHandler.listJobsFor`` and ``listJobsForWorkspaces``). Stats come from the engine's
per-attempt stream stats, so progress agrees with what ``jobs/get`` reports for the attempts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .jobs import CONFIG_ERROR, Job, JobEngine
from .store import ConnectionRecord, Store
from .validation import parse_date_time

__all__ = [
    "connection_statuses",
    "hydrated_job_read",
    "job_info_without_logs",
    "list_jobs",
    "list_jobs_for_workspaces",
    "stream_aggregated_stats",
    "sync_progress",
]

SYNC_REPLICATION_TYPES = frozenset({"sync", "refresh"})
"""``Job.SYNC_REPLICATION_TYPES`` (every simulated job is a replication job)."""
MAX_JOB_LOOKBACK = 10
"""Newest replication jobs a connection status looks at (``ConnectionsHandler.maxJobLookback``)."""
DEFAULT_PAGE_SIZE = 200
"""``JobHistoryHandler.DEFAULT_PAGE_SIZE``."""
_BYTES_PER_RECORD = 512  # as the engine's attempt stats count bytes

Key = tuple[str, str | None]


def _key(descriptor: dict[str, Any]) -> Key:
    return descriptor["name"], descriptor.get("namespace")


# -- aggregated stats -------------------------------------------------------------------------


def stream_aggregated_stats(engine: JobEngine, job: Job) -> list[dict[str, Any]]:
    """``StreamStats`` per stream of a job over its attempts so far.

    An incremental stream sums its attempts, a full-refresh one counts its last attempt only
    (``StatsAggregationHelper.getAggregatedStats``); a job without attempts has none.
    """
    totals: dict[Key, list[int]] = {}
    for attempt_no in range(len(job.attempts)):
        for entry in engine.attempt_stream_stats(job, attempt_no):
            key = (entry["streamName"], entry.get("streamNamespace"))
            stats = entry["stats"]
            counts = [stats["recordsEmitted"], stats["recordsCommitted"]]
            if key in totals and key not in job.full_refresh:
                totals[key] = [totals[key][0] + counts[0], totals[key][1] + counts[1]]
            else:
                totals[key] = counts
    items = []
    for (name, namespace), (emitted, committed) in totals.items():
        item: dict[str, Any] = {"streamName": name}
        if namespace is not None:
            item["streamNamespace"] = namespace
        item.update(_counts(emitted, committed))
        items.append(item)
    return items


def _counts(emitted: int, committed: int) -> dict[str, int]:
    return {
        "recordsEmitted": emitted,
        "bytesEmitted": emitted * _BYTES_PER_RECORD,
        "recordsCommitted": committed,
        "bytesCommitted": committed * _BYTES_PER_RECORD,
        "recordsRejected": 0,
    }


def _job_totals(streams: Iterable[dict[str, Any]]) -> dict[str, int]:
    """``JobAggregatedStats``: the sums over the streams (zeros without any)."""
    names = ("recordsEmitted", "bytesEmitted", "recordsCommitted", "bytesCommitted")
    totals = dict.fromkeys((*names, "recordsRejected"), 0)
    for stream in streams:
        for name in names:
            totals[name] += stream[name]
    return totals


def hydrated_job_read(engine: JobEngine, job: Job) -> dict[str, Any]:
    """``JobRead`` with ``aggregatedStats`` and ``streamAggregatedStats``, as the list and
    ``get_without_logs`` handlers hydrate it (the ``HydrateAggregatedStats`` flag is on by
    default)."""
    streams = stream_aggregated_stats(engine, job)
    return {
        **engine.job_read(job),
        "aggregatedStats": _job_totals(streams),
        "streamAggregatedStats": streams,
    }


def _with_attempts(engine: JobEngine, job: Job) -> dict[str, Any]:
    attempts = [engine.attempt_read(job, n) for n in range(len(job.attempts))]
    return {"job": hydrated_job_read(engine, job), "attempts": attempts}


def job_info_without_logs(engine: JobEngine, job: Job) -> dict[str, Any]:
    """``JobInfoRead`` whose attempts carry no ``logs`` nor ``logType``
    (``JobHistoryHandler.getJobInfoWithoutLogsStatic``, ``getAttemptInfoWithoutLogsRead``)."""
    body = _with_attempts(engine, job)
    return {"job": body["job"], "attempts": [{"attempt": a} for a in body["attempts"]]}


# -- sync progress ----------------------------------------------------------------------------


def sync_progress(engine: JobEngine, connection_id: str) -> dict[str, Any]:
    """``ConnectionSyncProgressRead`` of the connection's unfinished job.

    The job is ``getRunningJobForConnection``'s: the newest replication job whose status is not
    terminal (pending, queued, running or incomplete). Without one the server answers the
    connection and no streams, without the ``configType`` the documents require; an unknown
    connection answers the same (the handler reads only the jobs table).
    """
    job = engine.active_job(connection_id)
    if job is None:
        return {"connectionId": connection_id, "streams": []}
    stats = {
        (s["streamName"], s.get("streamNamespace")): s for s in stream_aggregated_stats(engine, job)
    }
    # Streams tracked per config type, in the order of JobConfigType (sync before refresh).
    if job.config_type == "refresh":
        refreshed = {_key(s) for s in job.refreshed}
        groups = [
            ("sync", [s for s in job.streams if _key(s) not in refreshed]),
            ("refresh", list(job.refreshed)),
        ]
    else:
        groups = [(job.config_type, list(job.streams))]
    items = []
    for config_type, streams in groups:
        for stream in streams:
            item: dict[str, Any] = {"streamName": stream["name"], "configType": config_type}
            if "namespace" in stream:
                item["streamNamespace"] = stream["namespace"]
            found = stats.get(_key(stream))
            if found is not None:
                item.update(
                    {k: v for k, v in found.items() if k not in ("streamName", "streamNamespace")}
                )
            items.append(item)
    return {
        "connectionId": connection_id,
        "jobId": job.id,
        "syncStartedAt": int(job.created),
        **_job_totals(stats.values()),
        "configType": job.config_type,
        "streams": items,
    }


# -- connection statuses ----------------------------------------------------------------------


def connection_statuses(
    engine: JobEngine, store: Store, connection_ids: list[str]
) -> list[dict[str, Any]]:
    """``ConnectionStatusRead`` per id, in request order; one unknown id makes it all a 404.

    Costs O(jobs of the connection) per id, and one replay of the engine per request.
    """
    records = [store.connection(connection_id) for connection_id in connection_ids]
    engine.settle(record.id for record in records)
    return [_connection_status(engine, record) for record in records]


def _connection_status(engine: JobEngine, record: ConnectionRecord) -> dict[str, Any]:
    jobs = engine.history(record.id)
    recent = jobs[: -MAX_JOB_LOOKBACK - 1 : -1]  # the newest ones first
    newest = recent[0] if recent else None
    active = newest if newest is not None and not newest.finished else None
    last_done = next((j for j in recent if j.status in ("succeeded", "failed")), None)
    last_success = next((j for j in recent if j.status == "succeeded"), None)
    body: dict[str, Any] = {"connectionId": record.id}
    if active is not None:
        body["activeJob"] = engine.job_read(active)
    if last_success is not None:
        body["lastSuccessfulSync"] = int(last_success.updated)
    if "scheduleData" in record.data:
        body["scheduleData"] = record.data["scheduleData"]
    config_error = False
    if last_done is not None:
        body["lastSyncJobId"] = last_done.id
        if last_done.attempts:
            body["lastSyncAttemptNumber"] = len(last_done.attempts) - 1
        failed = [n for n, a in enumerate(last_done.attempts) if a.status == "failed"]
        if last_done.status == "failed" and failed:
            reason = engine.failure_reason(last_done, failed[-1])
            if reason is not None:
                body["failureReason"] = reason
                config_error = reason["failureType"] == CONFIG_ERROR
    # getLastSyncJob: the newest sync or refresh job of any status, beyond the lookback too.
    latest_sync = next((j for j in reversed(jobs) if j.config_type in SYNC_REPLICATION_TYPES), None)
    if latest_sync is not None:
        body["lastSyncJobCreatedAt"] = int(latest_sync.created)
    body["connectionSyncStatus"] = _sync_status(record, active, newest, last_done, config_error)
    return body


def _sync_status(
    record: ConnectionRecord,
    active: Job | None,
    newest: Job | None,
    last_done: Job | None,
    config_error: bool,
) -> str:
    """``ConnectionSyncStatus``: the first that holds, in the handler's order."""
    if active is not None:
        # queued is a 2026-08 value; pending and incomplete jobs make the connection pending.
        return active.status if active.status in ("running", "queued") else "pending"
    if record.data.get("breakingChange") or config_error:
        return "failed"
    if record.data["status"] != "active":
        return "paused"
    if newest is not None and newest.status == "cancelled":
        return "incomplete"
    if last_done is None or (newest is not None and newest.config_type == "reset_connection"):
        return "pending"
    return "incomplete" if last_done.status == "failed" else "synced"


# -- job lists --------------------------------------------------------------------------------

_BOUNDS = (
    ("createdAtStart", "created", 1),
    ("createdAtEnd", "created", -1),
    ("updatedAtStart", "updated", 1),
    ("updatedAtEnd", "updated", -1),
)


def _filter(jobs: Iterable[Job], request: dict[str, Any]) -> list[Job]:
    """Jobs of the requested types and statuses within the (inclusive) time bounds.

    An empty ``statuses`` filters nothing; times compare with the seconds a ``JobRead`` shows.
    """
    types = set(request["configTypes"])
    statuses = set(request.get("statuses") or ())
    bounds = []
    for name, field, sign in _BOUNDS:
        if name in request:
            moment = parse_date_time(request[name])
            assert moment is not None  # validated as a date-time
            bounds.append((field, sign, moment))
    return [
        job
        for job in jobs
        if job.config_type in types
        and (not statuses or job.status in statuses)
        and all(sign * (int(getattr(job, field)) - moment) >= 0 for field, sign, moment in bounds)
    ]


def _ordered(jobs: list[Job], field: str | None, ascending: bool) -> list[Job]:
    """Jobs by ``createdAt`` or ``updatedAt``; ties by id in the same direction."""
    attribute = "updated" if field == "updatedAt" else "created"
    return sorted(
        jobs, key=lambda job: (int(getattr(job, attribute)), job.id), reverse=not ascending
    )


def list_jobs(engine: JobEngine, request: dict[str, Any]) -> dict[str, Any]:
    """``JobReadList`` of ``jobs/list`` under the modern profile (``listJobsFor``).

    ``configId`` is optional (all connections). Ordered by ``orderByField`` only when
    ``orderByMethod`` is given too, else newest first (``JobServiceDataImpl.buildPageable``),
    whose page is number ``rowOffset // pageSize``: an offset inside a page starts at that
    page. ``includingJobId`` ignores the filters (``listJobsIncludingId``), the count does not.
    """
    config_id = request.get("configId")
    candidates = engine.all_jobs() if config_id is None else engine.jobs_of(config_id.lower())
    jobs = _filter(candidates, request)
    field, method = request.get("orderByField"), request.get("orderByMethod")
    if field is None or method is None:
        field, method = "createdAt", "DESC"
    pagination = request.get("pagination") or {}
    size = max(0, pagination.get("pageSize", DEFAULT_PAGE_SIZE))
    including = request.get("includingJobId")
    if including is not None:
        unfiltered = [
            job for job in reversed(candidates) if job.config_type in request["configTypes"]
        ]
        index = next((i for i, job in enumerate(unfiltered) if job.id == including), None)
        page = [] if index is None or size == 0 else unfiltered[: (index // size + 1) * size]
    elif size == 0:
        page = []
    else:
        start = max(0, pagination.get("rowOffset", 0)) // size * size
        page = _ordered(jobs, field, method == "ASC")[start : start + size]
    return {"jobs": [_with_attempts(engine, job) for job in page], "totalJobCount": len(jobs)}


def list_jobs_for_workspaces(
    engine: JobEngine, store: Store, request: dict[str, Any]
) -> dict[str, Any]:
    """``JobReadList`` of ``jobs/list_for_workspaces`` (``listJobsForWorkspaces``).

    Jobs of the connections whose source is in one of ``workspaceIds`` (none for an empty or
    missing list: ``IN ()``), filtered like ``jobs/list``, ordered by ``orderByField``
    (descending unless ``ASC``; newest first without a field), from ``rowOffset``.
    ``totalJobCount`` is the size of the page, as the handler counts it.
    """
    workspaces = set(request.get("workspaceIds") or ())
    candidates = [
        job
        for job in engine.all_jobs()
        if store.connections[job.connection_id].workspace_id in workspaces
    ]
    pagination = request.get("pagination") or {}
    size = max(0, pagination.get("pageSize", DEFAULT_PAGE_SIZE))
    offset = max(0, pagination.get("rowOffset", 0))
    jobs = _ordered(
        _filter(candidates, request),
        request.get("orderByField"),
        request.get("orderByMethod") == "ASC",
    )
    page = jobs[offset : offset + size]
    return {"jobs": [_with_attempts(engine, job) for job in page], "totalJobCount": len(page)}
