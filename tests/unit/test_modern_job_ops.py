"""The job operations of 1.x/2.x servers: clear, stream resets, refresh, status, sync progress,
jobs without logs, filtered job lists. Each sends its path and body, decodes answers shaped like
the server's (checked against the 2.0 and 2026-08 documents) and refuses bad arguments before
any request."""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from aioairbyte import AirbyteClient
from aioairbyte import models as m
from aioairbyte._args import optional_streams_arg, streams_arg
from aioairbyte.converter import decode, encode
from aioairbyte.errors import (
    ApiError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ResponseValidationError,
)
from tests import fixtures as f
from tests import spec
from tests.conftest import BASE_URL
from tests.unit import modern_fixtures as mf

C = f.CONNECTION_ID
W = f.WORKSPACE_ID
TWO = ("2.0", "2026-08")
AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def url(path: str) -> str:
    return f"{BASE_URL}/v1/{path}"


def checked(schema: str, body: Any) -> Any:
    """``body``, once it fits ``schema`` strictly in the 2.0 and 2026-08 documents."""
    for document in TWO:
        spec.validate(schema, body, strict=True, document=document)
    return body


def sent(mocked: aioresponses, path: str) -> list[Any]:
    """The JSON bodies POSTed to ``path``, in order."""
    return [json.loads(call.kwargs["data"]) for call in mocked.requests[("POST", URL(url(path)))]]


def request_schema(path: str) -> str:
    names = {spec.request_schema_name(f"/v1/{path}", document=d) for d in TWO}
    assert len(names) == 1
    return str(names.pop())


async def rejected(
    mocked: aioresponses, call: Awaitable[Any], exc_type: type[Exception], match: str
) -> None:
    """``call`` raises exactly ``exc_type`` (message matching ``match``), sending nothing."""
    with pytest.raises(exc_type, match=match) as caught:
        await call
    assert type(caught.value) is exc_type
    assert mocked.requests == {}


# --- clear, clear/stream, reset/stream -------------------------------------------------------


async def test_clear(mocked: aioresponses, client: AirbyteClient) -> None:
    answer = checked("JobInfoRead", mf.job_info_read_clear("2.0"))
    mocked.post(url("connections/clear"), payload=answer)
    info = await client.connections.clear(uuid.UUID(C))
    assert sent(mocked, "connections/clear") == [{"connectionId": C}]
    assert info.job.id == mf.CLEAR_JOB_ID
    assert info.job.config_type is m.JobConfigType.RESET_CONNECTION
    assert info.job.status is m.JobStatus.PENDING
    assert info.attempts == []


STREAM_FORMS: list[tuple[Any, list[dict[str, str]]]] = [
    (["users"], [{"streamName": "users"}]),
    ([("users", "public")], [{"streamName": "users", "streamNamespace": "public"}]),
    ([("users", None)], [{"streamName": "users"}]),
    (
        [m.ConnectionStream(stream_name="users", stream_namespace="public")],
        [{"streamName": "users", "streamNamespace": "public"}],
    ),
    (
        [m.StreamDescriptor(name="users", namespace="public"), "orders"],
        [{"streamName": "users", "streamNamespace": "public"}, {"streamName": "orders"}],
    ),
    (
        lambda: (s for s in ["users", ("users", "public")]),  # any iterable (made per test)
        [{"streamName": "users"}, {"streamName": "users", "streamNamespace": "public"}],
    ),
    (("users",), [{"streamName": "users"}]),
]


@pytest.mark.parametrize("method", ["clear_streams", "reset_streams"])
@pytest.mark.parametrize(("streams", "wire"), STREAM_FORMS)
async def test_clear_and_reset_streams_send_the_streams(
    mocked: aioresponses,
    client: AirbyteClient,
    method: str,
    streams: Any,
    wire: list[dict[str, str]],
) -> None:
    streams = streams() if callable(streams) else streams  # same name, two namespaces: fine
    path = {
        "clear_streams": "connections/clear/stream",
        "reset_streams": "connections/reset/stream",
    }
    answer = mf.job_info_read_clear("2026-08", streams=[{"name": "users", "namespace": "public"}])
    mocked.post(url(path[method]), payload=checked("JobInfoRead", answer))
    info = await getattr(client.connections, method)(C, streams)
    [body] = sent(mocked, path[method])
    assert body == {"connectionId": C, "streams": wire}
    checked(request_schema(path[method]), body)
    assert info.job.reset_config == m.ResetConfig(
        streams_to_reset=[m.StreamDescriptor(name="users", namespace="public")]
    )


BAD_STREAMS: list[tuple[Any, type[Exception], str]] = [
    ([], InvalidArgumentError, "at least one stream"),
    (iter(()), InvalidArgumentError, "at least one stream"),
    (["users", "users"], InvalidArgumentError, r"streams\[1\] repeats the stream 'users'"),
    (
        [("users", "public"), m.StreamDescriptor(name="users", namespace="public")],
        InvalidArgumentError,
        "repeats the stream 'public.users'",
    ),
    ([""], InvalidArgumentError, "must not be empty"),
    ("users", InvalidArgumentTypeError, "iterable of streams"),
    (b"users", InvalidArgumentTypeError, "iterable of streams"),
    (None, InvalidArgumentTypeError, "iterable of streams"),
    (m.ConnectionStream(stream_name="users"), InvalidArgumentTypeError, "iterable of streams"),
    (("users", "public"), InvalidArgumentTypeError, "ambiguous"),
    ([42], InvalidArgumentTypeError, r"streams\[0\] must be a stream name"),
    ([{"streamName": "users"}], InvalidArgumentTypeError, "must be a stream name"),
    ([("users", "public", "x")], InvalidArgumentTypeError, "must be a stream name"),
    ([("users", 1)], InvalidArgumentTypeError, "namespace a str or None"),
    ([(None, "public")], InvalidArgumentTypeError, "name must be a str"),
]


@pytest.mark.parametrize("method", ["clear_streams", "reset_streams"])
@pytest.mark.parametrize(("streams", "exc_type", "match"), BAD_STREAMS)
async def test_bad_streams_are_refused_before_any_request(
    mocked: aioresponses,
    client: AirbyteClient,
    method: str,
    streams: Any,
    exc_type: type[Exception],
    match: str,
) -> None:
    streams = copy.copy(streams)
    await rejected(mocked, getattr(client.connections, method)(C, streams), exc_type, match)


@pytest.mark.parametrize("method", ["clear", "clear_streams", "reset_streams", "sync_progress"])
async def test_a_bad_connection_id_is_refused_before_any_request(
    mocked: aioresponses, client: AirbyteClient, method: str
) -> None:
    args: tuple[Any, ...] = (
        ("not-a-uuid",)
        if method in ("clear", "sync_progress")
        else (
            "not-a-uuid",
            ["users"],
        )
    )
    call = getattr(client.connections, method)(*args)
    await rejected(mocked, call, InvalidArgumentError, "connection_id must be a UUID")


def test_streams_arg_is_shared_and_has_an_optional_sibling() -> None:
    assert streams_arg(["users", ("orders", "public")]) == [
        m.ConnectionStream(stream_name="users"),
        m.ConnectionStream(stream_name="orders", stream_namespace="public"),
    ]
    with pytest.raises(InvalidArgumentError, match="tables"):
        streams_arg([], "tables")
    assert optional_streams_arg(None) is None
    assert optional_streams_arg([]) is None
    assert optional_streams_arg(iter([])) is None
    assert optional_streams_arg(["users"]) == [m.ConnectionStream(stream_name="users")]
    with pytest.raises(InvalidArgumentError, match="repeats"):
        optional_streams_arg(["users", "users"])


# --- refresh ---------------------------------------------------------------------------------


async def test_refresh_every_stream_sends_no_streams(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    answer = checked("JobReadResponse", mf.job_read_response("2.0"))
    mocked.post(url("connections/refresh"), payload=answer, repeat=True)
    job = await client.connections.refresh(C)
    empty = await client.connections.refresh(C, [])
    bodies = sent(mocked, "connections/refresh")
    assert bodies == [{"connectionId": C, "refreshMode": "Truncate"}] * 2
    checked("ConnectionStreamRefreshRequestBody", bodies[0])
    assert job is not None
    assert job == empty
    assert job.id == mf.REFRESH_JOB_ID
    assert job.config_type is m.JobConfigType.REFRESH
    assert job.status is m.JobStatus.RUNNING


@pytest.mark.parametrize(
    ("mode", "wire"),
    [
        ("merge", "Merge"),
        ("MERGE", "Merge"),
        ("Truncate", "Truncate"),
        (m.RefreshMode.MERGE, "Merge"),
        (m.RefreshMode.TRUNCATE, "Truncate"),
    ],
)
async def test_refresh_some_streams_in_a_mode(
    mocked: aioresponses, client: AirbyteClient, mode: Any, wire: str
) -> None:
    mocked.post(url("connections/refresh"), payload=mf.job_read_response("2026-08"))
    await client.connections.refresh(C, [("users", "public")], mode=mode)
    [body] = sent(mocked, "connections/refresh")
    assert body == {
        "connectionId": C,
        "refreshMode": wire,
        "streams": [{"streamName": "users", "streamNamespace": "public"}],
    }
    checked("ConnectionStreamRefreshRequestBody", body)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(checked_body, id=name)
        for name, checked_body in [
            ("empty object", {}),  # StreamRefreshesHandler.createRefreshesForConnection: null
            ("null job", {"job": None}),
            ("1.0 BooleanRead", {"value": True}),
            ("1.0 BooleanRead false", {"value": False}),
        ]
    ],
)
async def test_refresh_that_started_no_job_returns_none(
    mocked: aioresponses, client: AirbyteClient, answer: dict[str, Any]
) -> None:
    mocked.post(url("connections/refresh"), payload=answer)
    assert await client.connections.refresh(C, ["users"]) is None


def test_the_none_answers_fit_their_documents() -> None:
    checked("JobReadResponse", mf.job_read_response_none("2.0"))
    spec.validate("BooleanRead", mf.refresh_boolean_read("1.0"), strict=True, document="1.0")


@pytest.mark.parametrize(
    ("kwargs", "exc_type", "match"),
    [
        ({"mode": "overwrite"}, InvalidArgumentError, "mode must be 'truncate' or 'merge'"),
        ({"mode": m.RefreshMode("Append")}, InvalidArgumentError, "mode must be"),
        ({"mode": 1}, InvalidArgumentTypeError, "mode must be"),
        ({"mode": None}, InvalidArgumentTypeError, "mode must be"),
        ({"streams": "users"}, InvalidArgumentTypeError, "iterable of streams"),
        ({"streams": ["users", "users"]}, InvalidArgumentError, "repeats"),
        ({"connection_id": "x"}, InvalidArgumentError, "connection_id"),
    ],
)
async def test_refresh_arguments_are_checked_before_any_request(
    mocked: aioresponses,
    client: AirbyteClient,
    kwargs: dict[str, Any],
    exc_type: type[Exception],
    match: str,
) -> None:
    arguments = {"connection_id": C, **kwargs}
    await rejected(mocked, client.connections.refresh(**arguments), exc_type, match)


# --- status ----------------------------------------------------------------------------------


async def test_status_decodes_the_array(mocked: aioresponses, client: AirbyteClient) -> None:
    answer = checked("ConnectionStatusesRead", mf.connection_statuses_read("2.0"))
    mocked.post(url("connections/status"), payload=answer)
    running, failed = await client.connections.status([C, uuid.UUID(f.OTHER_CONNECTION_ID)])
    assert sent(mocked, "connections/status") == [
        checked("ConnectionStatusesRequestBody", {"connectionIds": [C, f.OTHER_CONNECTION_ID]})
    ]
    assert running.connection_sync_status is m.ConnectionSyncStatus.RUNNING
    assert running.active_job is not None
    assert running.active_job.id == mf.STATUS_ACTIVE_JOB_ID
    assert failed.connection_sync_status is m.ConnectionSyncStatus.FAILED
    assert failed.failure_reason is not None


def _echo_statuses(reverse: bool = True) -> Callable[..., CallbackResult]:
    """A server answering a status per id asked for (in reverse order: the client reorders)."""

    def answer(_url: URL, **kwargs: Any) -> CallbackResult:
        ids = json.loads(kwargs["data"])["connectionIds"]
        items = [mf.connection_status_failed("2.0", i) for i in ids]
        return CallbackResult(payload=list(reversed(items)) if reverse else items)

    return answer


async def test_status_splits_long_lists_and_keeps_their_order(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(250)]
    mocked.post(url("connections/status"), callback=_echo_statuses(), repeat=True)
    statuses = await client.connections.status(ids)
    bodies = sent(mocked, "connections/status")
    assert sorted(len(b["connectionIds"]) for b in bodies) == [50, 100, 100]
    assert sorted(i for b in bodies for i in b["connectionIds"]) == sorted(ids)
    assert [str(s.connection_id) for s in statuses] == ids


async def test_status_chunks_are_sent_together(mocked: aioresponses, client: AirbyteClient) -> None:
    in_flight, most = 0, 0

    async def answer(request_url: URL, **kwargs: Any) -> CallbackResult:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return _echo_statuses()(request_url, **kwargs)

    mocked.post(url("connections/status"), callback=answer, repeat=True)
    ids = [str(uuid.UUID(int=i + 1)) for i in range(30)]
    assert len(await client.connections.status(ids, chunk_size=10)) == 30
    assert most == 3


async def test_status_chunk_size(mocked: aioresponses, client: AirbyteClient) -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(5)]
    mocked.post(url("connections/status"), callback=_echo_statuses(reverse=False), repeat=True)
    statuses = await client.connections.status(ids, chunk_size=2)
    assert sorted(len(b["connectionIds"]) for b in sent(mocked, "connections/status")) == [1, 2, 2]
    assert [str(s.connection_id) for s in statuses] == ids


async def test_status_of_no_connections_sends_nothing(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    assert await client.connections.status([]) == []
    assert mocked.requests == {}


async def test_status_is_all_or_nothing(mocked: aioresponses, client: AirbyteClient) -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(3)]

    def answer(_url: URL, **kwargs: Any) -> CallbackResult:
        [asked] = json.loads(kwargs["data"])["connectionIds"]
        if asked == ids[1]:
            return CallbackResult(status=404, payload={"errorId": "x"})
        return CallbackResult(payload=[mf.connection_status_failed("2.0", asked)])

    mocked.post(url("connections/status"), callback=answer, repeat=True)
    with pytest.raises(ApiError) as caught:  # the error itself, not an ExceptionGroup
        await client.connections.status(ids, chunk_size=1)
    assert caught.value.status == 404


async def test_status_missing_from_the_answer_is_a_validation_error(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.post(url("connections/status"), payload=[mf.connection_status_read("2.0")])
    with pytest.raises(ResponseValidationError, match=f.OTHER_CONNECTION_ID):
        await client.connections.status([C, f.OTHER_CONNECTION_ID])


async def test_a_status_answer_that_is_not_an_array_is_a_validation_error(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.post(url("connections/status"), payload=mf.connection_status_read("2.0"))
    with pytest.raises(ResponseValidationError, match="expected a list"):
        await client.connections.status([C])


@pytest.mark.parametrize(
    ("ids", "kwargs", "exc_type", "match"),
    [
        ([C, C], {}, InvalidArgumentError, r"connection_ids\[1\] repeats"),
        ([C, uuid.UUID(C)], {}, InvalidArgumentError, "repeats"),
        ([C, C.upper()], {}, InvalidArgumentError, "repeats"),
        (C, {}, InvalidArgumentTypeError, "iterable of UUIDs"),
        ([C, "nope"], {}, InvalidArgumentError, r"connection_ids\[1\] must be a UUID"),
        ([C], {"chunk_size": 0}, InvalidArgumentError, "chunk_size must be >= 1"),
        ([C], {"chunk_size": 1.5}, InvalidArgumentTypeError, "chunk_size must be an int"),
        ([], {"chunk_size": 0}, InvalidArgumentError, "chunk_size"),
    ],
)
async def test_status_arguments_are_checked_before_any_request(
    mocked: aioresponses,
    client: AirbyteClient,
    ids: Any,
    kwargs: dict[str, Any],
    exc_type: type[Exception],
    match: str,
) -> None:
    await rejected(mocked, client.connections.status(ids, **kwargs), exc_type, match)


# --- sync_progress ---------------------------------------------------------------------------


async def test_sync_progress(mocked: aioresponses, client: AirbyteClient) -> None:
    answer = checked("ConnectionSyncProgressRead", mf.connection_sync_progress_read("2.0"))
    mocked.post(url("connections/sync_progress"), payload=answer)
    progress = await client.connections.sync_progress(C)
    assert sent(mocked, "connections/sync_progress") == [{"connectionId": C}]
    assert progress.job_id == mf.REFRESH_JOB_ID
    assert progress.config_type is m.JobConfigType.REFRESH
    assert progress.records_emitted == 125000
    users, orders = progress.streams
    assert (users.stream_name, users.stream_namespace) == ("users", "public")
    assert users.config_type is m.JobConfigType.REFRESH
    assert orders.config_type is m.JobConfigType.SYNC
    assert orders.records_committed == 99000


async def test_sync_progress_with_no_job_running(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    """``{connectionId, streams: []}`` without ``configType``: the server's answer, not the
    document's (``JobHistoryHandler.getConnectionSyncProgressInternal``)."""
    mocked.post(url("connections/sync_progress"), payload=mf.connection_sync_progress_idle("2.0"))
    progress = await client.connections.sync_progress(C)
    assert progress.job_id is None
    assert progress.config_type is None
    assert progress.streams == []


# --- jobs/get_without_logs -------------------------------------------------------------------


async def test_get_without_logs(mocked: aioresponses, client: AirbyteClient) -> None:
    answer = checked("JobInfoRead", mf.job_info_read("2026-08", logs=False))
    mocked.post(url("jobs/get_without_logs"), payload=answer)
    info = await client.jobs.get_without_logs(f.JOB_ID)
    assert sent(mocked, "jobs/get_without_logs") == [{"id": f.JOB_ID}]
    assert [a.attempt.id for a in info.attempts] == [0, 1]
    assert all(a.logs is None and a.lines == [] for a in info.attempts)
    assert info.attempts[0].attempt.failure_summary is not None


@pytest.mark.parametrize(
    ("job_id", "exc_type"),
    [
        ("1234", InvalidArgumentTypeError),
        (-1, InvalidArgumentError),
        (True, InvalidArgumentTypeError),
    ],
)
async def test_get_without_logs_checks_the_job_id(
    mocked: aioresponses, client: AirbyteClient, job_id: Any, exc_type: type[Exception]
) -> None:
    await rejected(mocked, client.jobs.get_without_logs(job_id), exc_type, "job_id")


# --- jobs/list filters and jobs/list_for_workspaces -------------------------------------------

#: Every filter of jobs.list and list_for_workspaces, and the wire fields it becomes.
EVERY_FILTER: dict[str, Any] = {
    "config_types": ["sync", m.JobConfigType.REFRESH],
    "statuses": ["failed", m.JobStatus.INCOMPLETE],
    "created_after": datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
    "created_before": datetime(2024, 5, 2, tzinfo=UTC),
    "updated_after": datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=UTC),
    "updated_before": datetime(2024, 5, 3, tzinfo=UTC),
    "order_by": "updated_at",
    "order": "asc",
    "page_size": 50,
    "row_offset": 100,
}
EVERY_FILTER_WIRE: dict[str, Any] = {
    "configTypes": ["sync", "refresh"],
    "statuses": ["failed", "incomplete"],
    "createdAtStart": "2024-05-01T12:00:00Z",
    "createdAtEnd": "2024-05-02T00:00:00Z",
    "updatedAtStart": "2024-05-01T12:30:15.250000Z",
    "updatedAtEnd": "2024-05-03T00:00:00Z",
    "orderByField": "updatedAt",
    "orderByMethod": "ASC",
    "pagination": {"pageSize": 50, "rowOffset": 100},
}


async def test_jobs_list_sends_every_filter(mocked: aioresponses, client: AirbyteClient) -> None:
    mocked.post(url("jobs/list"), payload=checked("JobReadList", mf.job_read_list("2.0")))
    page = await client.jobs.list(C, **EVERY_FILTER)
    [body] = sent(mocked, "jobs/list")
    assert body == {**EVERY_FILTER_WIRE, "configId": C}
    checked("JobReadList", mf.job_read_list("2026-08"))
    checked("JobListRequestBody", body)
    assert page.total_job_count == 1


async def test_jobs_list_of_every_connection(mocked: aioresponses, client: AirbyteClient) -> None:
    mocked.post(url("jobs/list"), payload=mf.job_read_list("2.0"), repeat=True)
    await client.jobs.list()
    await client.jobs.list(None, statuses=["running"], page_size=10)
    await client.jobs.list(including_job_id=f.JOB_ID, page_size=10)  # the server allows it
    assert sent(mocked, "jobs/list") == [
        {"configTypes": ["sync", "reset_connection"]},
        {
            "configTypes": ["sync", "reset_connection"],
            "statuses": ["running"],
            "pagination": {"pageSize": 10},
        },
        {
            "configTypes": ["sync", "reset_connection"],
            "includingJobId": f.JOB_ID,
            "pagination": {"pageSize": 10},
        },
    ]
    for body in sent(mocked, "jobs/list"):
        checked("JobListRequestBody", body)


@pytest.mark.parametrize(
    ("kwargs", "wire"),
    [
        ({"order_by": "created_at"}, {"orderByField": "createdAt", "orderByMethod": "DESC"}),
        ({"order_by": "updated_at"}, {"orderByField": "updatedAt", "orderByMethod": "DESC"}),
        ({"order": "asc"}, {"orderByField": "createdAt", "orderByMethod": "ASC"}),
        ({"order": "DESC"}, {"orderByField": "createdAt", "orderByMethod": "DESC"}),
        (
            {"order_by": "created_at", "order": "asc"},
            {"orderByField": "createdAt", "orderByMethod": "ASC"},
        ),
    ],
)
async def test_an_order_is_sent_whole(
    mocked: aioresponses, client: AirbyteClient, kwargs: dict[str, Any], wire: dict[str, str]
) -> None:
    """The server orders only by a field *and* a direction: either one given sends both."""
    mocked.post(url("jobs/list"), payload=mf.job_read_list("2.0"))
    mocked.post(url("jobs/list_for_workspaces"), payload=mf.job_read_list_for_workspaces("2.0"))
    await client.jobs.list(C, **kwargs)
    await client.jobs.list_for_workspaces([W], **kwargs)
    for path in ("jobs/list", "jobs/list_for_workspaces"):
        [body] = sent(mocked, path)
        assert {k: v for k, v in body.items() if k.startswith("orderBy")} == wire


async def test_list_for_workspaces(mocked: aioresponses, client: AirbyteClient) -> None:
    answer = checked("JobReadList", mf.job_read_list_for_workspaces("2.0"))
    mocked.post(url("jobs/list_for_workspaces"), payload=answer, repeat=True)
    other = "6d2b1a0c-9e8f-4d7c-b6a5-0f1e2d3c4b5a"
    page = await client.jobs.list_for_workspaces([W, uuid.UUID(other)], **EVERY_FILTER)
    await client.jobs.list_for_workspaces(w for w in [W])
    first, second = sent(mocked, "jobs/list_for_workspaces")
    assert first == {**EVERY_FILTER_WIRE, "workspaceIds": [W, other]}
    assert second == {"configTypes": ["sync", "reset_connection"], "workspaceIds": [W]}
    for body in (first, second):
        checked("JobListForWorkspacesRequestBody", body)
    assert [item.job.id for item in page.jobs if item.job] == [f.RUNNING_JOB_ID, f.JOB_ID]
    assert page.total_job_count == 2


LIST_FILTER_ERRORS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"statuses": []}, InvalidArgumentError, "statuses must not be empty"),
    ({"statuses": "running"}, InvalidArgumentTypeError, "statuses must be an iterable"),
    ({"statuses": ["sleeping"]}, InvalidArgumentError, "unknown job status 'sleeping'"),
    ({"statuses": [1]}, InvalidArgumentTypeError, "statuses items"),
    ({"config_types": []}, InvalidArgumentError, "config_types must not be empty"),
    ({"config_types": ["nap"]}, InvalidArgumentError, "unknown job config type"),
    ({"created_after": datetime(2024, 5, 1)}, InvalidArgumentError, "created_after must be tim"),
    ({"created_before": datetime(2024, 5, 1)}, InvalidArgumentError, "created_before .* naive"),
    ({"updated_after": datetime(2024, 5, 1)}, InvalidArgumentError, "updated_after"),
    ({"updated_before": datetime(2024, 5, 1)}, InvalidArgumentError, "updated_before"),
    ({"created_after": date(2024, 5, 1)}, InvalidArgumentTypeError, "datetime.datetime"),
    ({"updated_before": "2024-05-01T00:00:00Z"}, InvalidArgumentTypeError, "datetime.datetime"),
    ({"created_after": 1714521600}, InvalidArgumentTypeError, "created_after"),
    (
        {"created_after": AT, "created_before": AT - timedelta(seconds=1)},
        InvalidArgumentError,
        "created_after must not be later than created_before",
    ),
    (
        {"updated_after": AT, "updated_before": AT - timedelta(days=1)},
        InvalidArgumentError,
        "updated_after must not be later",
    ),
    ({"order_by": "createdAt"}, InvalidArgumentError, "order_by must be 'created_at' or"),
    ({"order_by": "id"}, InvalidArgumentError, "order_by"),
    ({"order": "up"}, InvalidArgumentError, "order must be 'asc' or 'desc'"),
    ({"order": 1}, InvalidArgumentError, "order must be"),
    ({"page_size": 0}, InvalidArgumentError, "page_size must be >= 1"),
    ({"row_offset": -1}, InvalidArgumentError, "row_offset must be >= 0"),
    ({"row_offset": "1"}, InvalidArgumentTypeError, "row_offset must be an int"),
]


@pytest.mark.parametrize(("kwargs", "exc_type", "match"), LIST_FILTER_ERRORS)
@pytest.mark.parametrize("method", ["list", "list_for_workspaces"])
async def test_job_list_filters_are_checked_before_any_request(
    mocked: aioresponses,
    client: AirbyteClient,
    method: str,
    kwargs: dict[str, Any],
    exc_type: type[Exception],
    match: str,
) -> None:
    first = C if method == "list" else [W]
    call = getattr(client.jobs, method)(first, **kwargs)
    await rejected(mocked, call, exc_type, match)


@pytest.mark.parametrize(
    ("kwargs", "exc_type", "match"),
    [
        (
            {"including_job_id": f.JOB_ID, "statuses": ["failed"]},
            InvalidArgumentError,
            "including_job_id cannot be combined with statuses",
        ),
        (
            {"including_job_id": f.JOB_ID, "created_after": AT, "order": "asc"},
            InvalidArgumentError,
            "created_after, order: the server ignores them",
        ),
        ({"including_job_id": -5}, InvalidArgumentError, "including_job_id"),
        ({"config_id": "nope"}, InvalidArgumentError, "config_id must be a UUID"),
        ({"config_id": 7}, InvalidArgumentTypeError, "config_id"),
    ],
)
async def test_jobs_list_arguments_are_checked_before_any_request(
    mocked: aioresponses,
    client: AirbyteClient,
    kwargs: dict[str, Any],
    exc_type: type[Exception],
    match: str,
) -> None:
    await rejected(mocked, client.jobs.list(**kwargs), exc_type, match)


@pytest.mark.parametrize(
    ("workspace_ids", "exc_type", "match"),
    [
        ([], InvalidArgumentError, "at least one workspace"),
        (iter([]), InvalidArgumentError, "at least one workspace"),
        ([W, W], InvalidArgumentError, r"workspace_ids\[1\] repeats"),
        (W, InvalidArgumentTypeError, "iterable of UUIDs"),
        (None, InvalidArgumentTypeError, "iterable of UUIDs"),
        (["nope"], InvalidArgumentError, r"workspace_ids\[0\] must be a UUID"),
    ],
)
async def test_list_for_workspaces_needs_workspaces(
    mocked: aioresponses,
    client: AirbyteClient,
    workspace_ids: Any,
    exc_type: type[Exception],
    match: str,
) -> None:
    """An empty list would match ``IN ()``: nothing, which is never what was meant."""
    await rejected(mocked, client.jobs.list_for_workspaces(workspace_ids), exc_type, match)


# --- the converter's date-times ----------------------------------------------------------------


def test_aware_datetimes_encode_as_iso_8601_in_utc() -> None:
    body = m.JobListRequestBody(
        config_types=[m.JobConfigType.SYNC],
        created_at_start=datetime(2024, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=-3))),
        updated_at_end=datetime(2024, 5, 1, 12, 0, 0, 5, tzinfo=UTC),
    )
    wire = encode(body)
    assert wire["createdAtStart"] == "2024-05-01T12:00:00Z"
    assert wire["updatedAtEnd"] == "2024-05-01T12:00:00.000005Z"
    assert decode(wire, m.JobListRequestBody, operation="t") == body  # the same instants


def test_naive_datetimes_are_refused_both_ways() -> None:
    with pytest.raises(InvalidArgumentError, match="timezone-aware"):
        encode(m.JobListRequestBody(config_types=["sync"], created_at_start=datetime(2024, 5, 1)))
    with pytest.raises(InvalidArgumentError, match="expected a datetime"):
        encode(m.JobListRequestBody(config_types=["sync"], created_at_start="2024-05-01"))  # type: ignore[arg-type]
    wire = {"configTypes": ["sync"], "createdAtStart": "2024-05-01T00:00:00"}
    with pytest.raises(
        ResponseValidationError,
        match=r"with a time zone, got '2024-05-01T00:00:00' @ \$\.createdAtStart",
    ):
        decode(wire, m.JobListRequestBody, operation="t")
    with pytest.raises(ResponseValidationError, match=r"\$\.createdAtEnd"):
        decode({"configTypes": ["sync"], "createdAtEnd": 1}, m.JobListRequestBody, operation="t")
    parsed = decode(
        {"configTypes": ["sync"], "updatedAtStart": "2024-05-01T00:00:00Z"},
        m.JobListRequestBody,
        operation="t",
    )
    assert parsed.updated_at_start == datetime(2024, 5, 1, tzinfo=UTC)
