"""Bad input from callers is refused before any request, with aioairbyte's own typed errors.

Every public method of every namespace (and the fan-outs, the waits, the constructor, the
config objects) is called with invalid arguments: ids that are not UUIDs, job ids out of range
or of the wrong type, bad timeouts, concurrency, poll policies, callbacks, empty id lists,
wrong model types, bad stream selections and refresh modes, job filters (statuses, naive
datetimes, inverted ranges, orders). Each call must raise exactly the expected
``InvalidArgumentError`` (a ``ValueError``) or ``InvalidArgumentTypeError`` (a ``TypeError``)
naming the argument, and no request may leave the client: the calls run inside aioresponses
with nothing registered, so a request would be recorded (and fail as a connection error).

Empty id lists: ``sync_many([])`` (and the other fan-outs) raise ``InvalidArgumentError``. An
empty selection is almost always a mistake upstream (a filter that matched nothing is reported
by the CLI as "no active connections selected" before it calls the library). So is an empty
``streams=`` of the helpers; only ``connections.refresh`` reads ``streams=[]`` as every stream.
"""

from __future__ import annotations

import inspect
import math
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from aioresponses import aioresponses

from aioairbyte import (
    AirbyteClient,
    BasicAuth,
    BearerAuth,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    PollPolicy,
    RetryConfig,
)
from aioairbyte.api import (
    Destinations,
    Health,
    Sources,
    State,
    WebBackend,
    Workspaces,
)
from aioairbyte.models import (
    ConnectionCreate,
    ConnectionSchedule,
    ConnectionSearch,
    ConnectionStatus,
    ConnectionStream,
    ConnectionUpdate,
    JobStatus,
    RefreshMode,
    SourceSearch,
    StreamDescriptor,
    WebBackendConnectionCreate,
    WebBackendConnectionUpdate,
)
from aioairbyte.namespaces import Connections, Jobs
from tests.conftest import BASE_URL
from tests.unit.test_operations import ID_METHODS as OPERATION_ID_METHODS

C = uuid.UUID("9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11")
W = uuid.UUID("b8e1c4a6-3d52-4b7e-9c0f-6a2d1e8f4b30")
S = uuid.UUID("5f3a9c2e-7b14-4d86-a0e3-9c1b2d4f6e78")
D = uuid.UUID("0c7e2b9a-4f61-4a3d-b8c5-2e9f1a6d3b04")
JOB = 1234

Call = Callable[[AirbyteClient], Awaitable[Any]]
# Short names for the tables below: a wrong value (ValueError) and a wrong type (TypeError).
V = InvalidArgumentError
T = InvalidArgumentTypeError


async def drain(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


@dataclass(frozen=True)
class Case:
    """One bad call: the public method it exercises, the exact error, a fragment of its text."""

    method: str
    label: str
    call: Call
    exc: type[InvalidArgumentError]
    fragment: str

    def param(self) -> Any:
        return pytest.param(self, id=f"{self.method}[{self.label}]")


CASES: list[Case] = []


def case(method: str, label: str, call: Call, exc: type[InvalidArgumentError], frag: str) -> None:
    CASES.append(Case(method, label, call, exc, frag))


# --- Ids -----------------------------------------------------------------------------------------

BAD_IDS: list[tuple[str, Any, type[InvalidArgumentError]]] = [
    ("garbage", "not-a-uuid", V),
    ("empty", "", V),
    ("blank", "   ", V),
    ("short", str(C)[:-1], V),
    ("long", str(C) + "0", V),
    ("int", 42, T),
    ("None", None, T),
    ("float", 1.5, T),
    ("bytes", C.bytes, T),
    ("list", [str(C)], T),
]

#: Every method taking a UUID: (method, call with the value, the argument name in the error).
#: The plain operations' table is the unit tests' (its ids may carry a ``[variant]`` suffix); the
#: helpers built on top of them are added here.
ID_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]], str]] = [
    *((name.split("[")[0], call, arg) for name, call, arg in OPERATION_ID_METHODS),
    ("connections.active_ids", lambda c, v: c.connections.active_ids(v), "workspace_id"),
    ("connections.sync_and_wait", lambda c, v: c.connections.sync_and_wait(v), "connection_id"),
    ("connections.reset_and_wait", lambda c, v: c.connections.reset_and_wait(v), "connection_id"),
    ("connections.clear", lambda c, v: c.connections.clear(v), "connection_id"),
    (
        "connections.clear_streams",
        lambda c, v: c.connections.clear_streams(v, ["users"]),
        "connection_id",
    ),
    (
        "connections.reset_streams",
        lambda c, v: c.connections.reset_streams(v, ["users"]),
        "connection_id",
    ),
    ("connections.refresh", lambda c, v: c.connections.refresh(v), "connection_id"),
    ("connections.sync_progress", lambda c, v: c.connections.sync_progress(v), "connection_id"),
    ("connections.status", lambda c, v: c.connections.status([C, v]), "connection_ids[1]"),
    ("connections.clear_and_wait", lambda c, v: c.connections.clear_and_wait(v), "connection_id"),
    (
        "connections.refresh_and_wait",
        lambda c, v: c.connections.refresh_and_wait(v),
        "connection_id",
    ),
    (
        "jobs.list_for_workspaces",
        lambda c, v: c.jobs.list_for_workspaces([W, v]),
        "workspace_ids[1]",
    ),
    ("client.sync_many", lambda c, v: c.sync_many([C, v]), "connection_ids[1]"),
    ("client.reset_many", lambda c, v: c.reset_many([v]), "connection_ids[0]"),
    ("client.clear_many", lambda c, v: c.clear_many([C, v]), "connection_ids[1]"),
    ("client.refresh_many", lambda c, v: c.refresh_many([v]), "connection_ids[0]"),
    ("client.trigger_many", lambda c, v: c.trigger_many([C, v]), "connection_ids[1]"),
    (
        "client.trigger_many",
        lambda c, v: c.trigger_many([v], kind="refresh"),
        "connection_ids[0]",
    ),
]


def _bind(fn: Callable[[AirbyteClient, Any], Awaitable[Any]], value: Any) -> Call:
    return lambda c: fn(c, value)


for _method, _fn, _name in ID_METHODS:
    for _label, _value, _exc in BAD_IDS:
        if _value is None and _name == "config_id":
            # jobs.list(None) lists every connection's jobs (1.x/2.x servers), and
            # jobs.iterate(None) pages through them: None is no bad input there.
            continue
        case(_method, f"{_name}={_label}", _bind(_fn, _value), _exc, _name)

# --- Job ids -------------------------------------------------------------------------------------

BAD_JOB_IDS: list[tuple[str, Any, type[InvalidArgumentError]]] = [
    ("negative", -1, V),
    ("int64+1", 2**63, V),
    ("2**64", 2**64, V),
    ("True", True, T),
    ("False", False, T),
    ("float", 1234.0, T),
    ("fraction", 12.5, T),
    ("str", "1234", T),
    ("UUID", C, T),
    ("None", None, T),
]

JOB_ID_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]], str]] = [
    ("jobs.get", lambda c, v: c.jobs.get(v), "job_id"),
    ("jobs.get_light", lambda c, v: c.jobs.get_light(v), "job_id"),
    ("jobs.get_without_logs", lambda c, v: c.jobs.get_without_logs(v), "job_id"),
    ("jobs.cancel", lambda c, v: c.jobs.cancel(v), "job_id"),
    ("jobs.get_debug_info", lambda c, v: c.jobs.get_debug_info(v), "job_id"),
    ("jobs.wait", lambda c, v: c.jobs.wait(v), "job_id"),
    ("jobs.watch", lambda c, v: drain(c.jobs.watch(v)), "job_id"),
    ("jobs.list", lambda c, v: c.jobs.list(C, including_job_id=v), "job_id"),
]

for _method, _fn, _name in JOB_ID_METHODS:
    for _label, _value, _exc in BAD_JOB_IDS:
        if _value is None and "list" in _method:
            continue  # including_job_id=None means "not given"
        case(_method, f"job_id={_label}", _bind(_fn, _value), _exc, _name)

# --- Timeouts, poll policies, callbacks -----------------------------------------------------------

BAD_TIMEOUTS: list[tuple[str, Any, type[InvalidArgumentError]]] = [
    ("zero", 0, V),
    ("negative", -1, V),
    ("negative-float", -0.5, V),
    ("nan", math.nan, V),
    ("str", "5", T),
    ("bool", True, T),
    ("list", [5], T),
]
BAD_POLLS: list[tuple[str, Any]] = [
    ("str", "fast"),
    ("dict", {"first": 1}),
    ("float", 0.5),
    ("class", PollPolicy),
]
BAD_CALLBACKS: list[tuple[str, Any]] = [("int", 5), ("str", "print")]

#: (method, call with keyword arguments, takes on_update, takes if_running)
WAITERS: list[tuple[str, Callable[..., Awaitable[Any]], bool, bool]] = [
    ("jobs.wait", lambda c, **kw: c.jobs.wait(JOB, **kw), True, False),
    ("jobs.watch", lambda c, **kw: drain(c.jobs.watch(JOB, **kw)), False, False),
    ("connections.sync_and_wait", lambda c, **kw: c.connections.sync_and_wait(C, **kw), True, True),
    (
        "connections.reset_and_wait",
        lambda c, **kw: c.connections.reset_and_wait(C, **kw),
        True,
        False,
    ),
    (
        "connections.clear_and_wait",
        lambda c, **kw: c.connections.clear_and_wait(C, **kw),
        True,
        False,
    ),
    (
        "connections.refresh_and_wait",
        lambda c, **kw: c.connections.refresh_and_wait(C, **kw),
        True,
        True,
    ),
    ("client.sync_many", lambda c, **kw: c.sync_many([C], **kw), True, True),
    ("client.reset_many", lambda c, **kw: c.reset_many([C], **kw), True, False),
    ("client.clear_many", lambda c, **kw: c.clear_many([C], **kw), True, False),
    ("client.refresh_many", lambda c, **kw: c.refresh_many([C], **kw), True, True),
]


def _bind_kw(fn: Callable[..., Awaitable[Any]], **kwargs: Any) -> Call:
    return lambda c: fn(c, **kwargs)


for _method, _fn, _takes_callback, _takes_if_running in WAITERS:
    for _label, _value, _exc in BAD_TIMEOUTS:
        case(_method, f"timeout={_label}", _bind_kw(_fn, timeout=_value), _exc, "timeout")
    for _label, _value in BAD_POLLS:
        case(_method, f"poll={_label}", _bind_kw(_fn, poll=_value), T, "poll")
    if _takes_callback:
        # Found out only when the first update arrives, a bad callback would leave a started
        # sync running: it must be refused before the trigger.
        for _label, _value in BAD_CALLBACKS:
            case(_method, f"on_update={_label}", _bind_kw(_fn, on_update=_value), T, "on_update")
    if _takes_if_running:
        for _label, _value in [("bogus", "bogus"), ("upper", "ATTACH"), ("None", None)]:
            case(_method, f"if_running={_label}", _bind_kw(_fn, if_running=_value), V, "if_running")

# --- Fan-out: id lists, concurrency, max_running --------------------------------------------------

for _method, _run in [
    ("client.sync_many", lambda c, *a, **kw: c.sync_many(*a, **kw)),
    ("client.reset_many", lambda c, *a, **kw: c.reset_many(*a, **kw)),
    ("client.clear_many", lambda c, *a, **kw: c.clear_many(*a, **kw)),
    ("client.refresh_many", lambda c, *a, **kw: c.refresh_many(*a, **kw)),
]:
    for _label, _ids, _exc, _frag in [
        ("empty-list", [], V, "must not be empty"),
        ("empty-tuple", (), V, "must not be empty"),
        ("empty-generator", (i for i in ()), V, "must not be empty"),
        ("repeated", [C, str(C)], V, "must not repeat"),
        ("bare-str", str(C), T, "connection_ids"),
        ("bare-uuid", C, T, "connection_ids"),
        ("bytes", C.bytes, T, "connection_ids"),
        ("None", None, T, "connection_ids"),
        ("int", 3, T, "connection_ids"),
    ]:
        case(_method, f"ids={_label}", _bind_kw(_run, connection_ids=_ids), _exc, _frag)
    for _name in ("concurrency", "max_running"):
        for _label, _value, _exc in [
            ("zero", 0, V),
            ("negative", -4, V),
            ("float", 1.5, T),
            ("integral-float", 4.0, T),
            ("str", "4", T),
            ("bool", True, T),
        ]:
            call = _bind_kw(_run, connection_ids=[C], **{_name: _value})
            case(_method, f"{_name}={_label}", call, _exc, _name)
    case(
        _method,
        "concurrency=None",
        _bind_kw(_run, connection_ids=[C], concurrency=None),
        T,
        "concurrency",
    )

# --- trigger_many: ids, kind, concurrency, timeout, if_running ----------------------------------


def _trigger_many(c: AirbyteClient, **kw: Any) -> Awaitable[Any]:
    return c.trigger_many(**({"connection_ids": [C]} | kw))


for _label, _kw, _exc, _frag in [
    ("ids=empty", {"connection_ids": []}, V, "must not be empty"),
    ("ids=repeated", {"connection_ids": [C, C]}, V, "must not repeat"),
    ("ids=bare-str", {"connection_ids": str(C)}, T, "connection_ids"),
    # "clear" and "refresh" are kinds now: triggered, they would reach the server.
    ("kind=bogus", {"kind": "bogus"}, V, "kind"),
    ("kind=upper", {"kind": "CLEAR"}, V, "kind"),
    ("kind=reset_connection", {"kind": "reset_connection"}, V, "kind"),
    ("kind=None", {"kind": None}, V, "kind"),
    ("concurrency=zero", {"concurrency": 0}, V, "concurrency"),
    ("concurrency=str", {"concurrency": "4"}, T, "concurrency"),
    ("timeout=negative", {"timeout": -1}, V, "timeout"),
    ("timeout=nan", {"timeout": math.nan}, V, "timeout"),
    ("if_running=bogus", {"if_running": "bogus"}, V, "if_running"),
    # Refused, not dropped: a sync of every stream, or a clear, was not what was asked for.
    ("streams-with-sync", {"streams": ["users"]}, V, "not a sync"),
    ("mode-with-clear", {"kind": "clear", "mode": "merge"}, V, "mode is for a refresh"),
    ("mode-with-sync", {"mode": "truncate"}, V, "mode is for a refresh"),
]:
    case("client.trigger_many", _label, _bind_kw(_trigger_many, **_kw), _exc, _frag)

# --- Streams (clear, reset, refresh of some streams) and refresh modes ---------------------------

#: Bad ``streams`` values (any operation taking streams); an empty one is listed apart: where
#: ``streams`` is optional, None means every stream and the helpers refuse an empty selection.
BAD_STREAMS: list[tuple[str, Any, type[InvalidArgumentError], str]] = [
    ("bare-str", "users", T, "streams must be an iterable"),
    ("bytes", b"users", T, "streams must be an iterable"),
    ("int", 5, T, "streams must be an iterable"),
    ("one-model", ConnectionStream(stream_name="users"), T, "streams must be an iterable"),
    ("one-descriptor", StreamDescriptor(name="users"), T, "streams must be an iterable"),
    ("pair", ("users", "public"), T, "ambiguous"),
    ("[int]", [1], T, "streams[0]"),
    ("[None]", [None], T, "streams[0]"),
    ("[dict]", [{"name": "users"}], T, "streams[0]"),
    ("[triple]", [("users", "public", "x")], T, "streams[0]"),
    ("[name-int]", ["users", (5, "public")], T, "streams[1]"),
    ("[namespace-int]", [("users", 5)], T, "streams[0]"),
    ("[empty-name]", [""], V, "streams[0]: a stream name must not be empty"),
    ("[empty-descriptor]", [StreamDescriptor(name="")], V, "must not be empty"),
    ("repeated", ["users", ("users", None)], V, "streams[1] repeats the stream 'users'"),
    (
        "repeated-namespaced",
        [("users", "public"), ConnectionStream(stream_name="users", stream_namespace="public")],
        V,
        "repeats the stream 'public.users'",
    ),
]

#: (method, call with the streams, an empty selection refused)
STREAM_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]], bool]] = [
    ("connections.clear_streams", lambda c, v: c.connections.clear_streams(C, v), True),
    ("connections.reset_streams", lambda c, v: c.connections.reset_streams(C, v), True),
    ("connections.refresh", lambda c, v: c.connections.refresh(C, v), False),  # empty: all
    (
        "connections.reset_and_wait",
        lambda c, v: c.connections.reset_and_wait(C, streams=v),
        True,
    ),
    (
        "connections.clear_and_wait",
        lambda c, v: c.connections.clear_and_wait(C, streams=v),
        True,
    ),
    (
        "connections.refresh_and_wait",
        lambda c, v: c.connections.refresh_and_wait(C, streams=v),
        True,
    ),
    ("client.reset_many", lambda c, v: c.reset_many([C], streams=v), True),
    ("client.clear_many", lambda c, v: c.clear_many([C], streams=v), True),
    ("client.refresh_many", lambda c, v: c.refresh_many([C], streams=v), True),
    ("client.trigger_many", lambda c, v: c.trigger_many([C], kind="clear", streams=v), True),
]

for _method, _fn, _empty_refused in STREAM_METHODS:
    for _label, _value, _exc, _frag in BAD_STREAMS:
        case(_method, f"streams={_label}", _bind(_fn, _value), _exc, _frag)
    if _empty_refused:
        for _label, _value in [("empty-list", []), ("empty-iterator", iter(()))]:
            case(
                _method,
                f"streams={_label}",
                _bind(_fn, _value),
                V,
                "streams must name at least one stream",
            )

#: Everything that takes a refresh ``mode``.
MODE_METHODS: list[tuple[str, Callable[..., Awaitable[Any]]]] = [
    ("connections.refresh", lambda c, **kw: c.connections.refresh(C, **kw)),
    ("connections.refresh_and_wait", lambda c, **kw: c.connections.refresh_and_wait(C, **kw)),
    ("client.refresh_many", lambda c, **kw: c.refresh_many([C], **kw)),
    ("client.trigger_many", lambda c, **kw: c.trigger_many([C], kind="refresh", **kw)),
]
for _method, _fn in MODE_METHODS:
    for _label, _value, _exc, _frag in [
        ("bogus", "bogus", V, "mode must be 'truncate' or 'merge', got 'bogus'"),
        ("empty", "", V, "mode must be"),
        ("unknown-member", RefreshMode("overwrite"), V, "mode must be"),
        ("None", None, T, "mode must be"),
        ("int", 1, T, "mode must be"),
        ("bool", True, T, "mode must be"),
    ]:
        if _value is None and _method == "client.trigger_many":
            continue  # trigger_many's mode defaults to None: a refresh's "truncate"
        case(_method, f"mode={_label}", _bind_kw(_fn, mode=_value), _exc, _frag)

# --- Connection statuses: ids and chunk size -----------------------------------------------------

BAD_STATUS_ARGS: list[tuple[str, dict[str, Any], type[InvalidArgumentError], str]] = [
    ("ids=bare-str", {"connection_ids": str(C)}, T, "connection_ids"),
    ("ids=bare-uuid", {"connection_ids": C}, T, "connection_ids"),
    ("ids=bytes", {"connection_ids": C.bytes}, T, "connection_ids"),
    ("ids=None", {"connection_ids": None}, T, "connection_ids"),
    ("ids=repeated", {"connection_ids": [C, str(C)]}, V, f"connection_ids[1] repeats {C}"),
    ("ids=repeated-upper", {"connection_ids": [str(C), str(C).upper()]}, V, "repeats"),
    ("chunk_size=0", {"connection_ids": [C], "chunk_size": 0}, V, "chunk_size"),
    ("chunk_size=-1", {"connection_ids": [C], "chunk_size": -1}, V, "chunk_size"),
    ("chunk_size=str", {"connection_ids": [C], "chunk_size": "100"}, T, "chunk_size"),
    ("chunk_size=float", {"connection_ids": [C], "chunk_size": 50.0}, T, "chunk_size"),
    ("chunk_size=bool", {"connection_ids": [C], "chunk_size": True}, T, "chunk_size"),
    ("chunk_size=None", {"connection_ids": [C], "chunk_size": None}, T, "chunk_size"),
    # No ids asks nothing of the server ([]), but a bad chunk size is still refused.
    ("chunk_size=0,no-ids", {"connection_ids": [], "chunk_size": 0}, V, "chunk_size"),
]
for _label, _status_args, _exc, _frag in BAD_STATUS_ARGS:
    case(
        "connections.status",
        _label,
        _bind_kw(lambda c, **kw: c.connections.status(**kw), **_status_args),
        _exc,
        _frag,
    )

# --- Listings -------------------------------------------------------------------------------------

for _method, _fn in [
    ("jobs.list", lambda c, **kw: c.jobs.list(C, **kw)),
    ("jobs.iterate", lambda c, **kw: drain(c.jobs.iterate(C, **kw))),
]:
    for _label, _kwargs, _exc, _frag in [
        ("config_types=[]", {"config_types": []}, V, "config_types"),
        ("config_types=unknown", {"config_types": ["bogus"]}, V, "bogus"),
        ("config_types=str", {"config_types": "sync"}, T, "config_types"),
        ("config_types=None", {"config_types": None}, T, "config_types"),
        ("config_types=[int]", {"config_types": [1]}, T, "config_types"),
        ("page_size=0", {"page_size": 0}, V, "page_size"),
        ("page_size=-1", {"page_size": -1}, V, "page_size"),
        ("page_size=str", {"page_size": "10"}, T, "page_size"),
        ("page_size=float", {"page_size": 2.5}, T, "page_size"),
        ("page_size=bool", {"page_size": True}, T, "page_size"),
    ]:
        case(_method, _label, _bind_kw(_fn, **_kwargs), _exc, _frag)

for _label, _value, _exc in [("negative", -1, V), ("str", "0", T), ("bool", True, T)]:
    call = _bind_kw(lambda c, **kw: c.jobs.list(C, **kw), row_offset=_value)
    case("jobs.list", f"row_offset={_label}", call, _exc, "row_offset")

NAIVE = datetime(2024, 1, 1)
EARLY = datetime(2024, 1, 1, tzinfo=UTC)
LATE = datetime(2024, 6, 1, tzinfo=UTC)

#: Bad job filters of 1.x/2.x servers: (label, keyword arguments, error, fragment).
BAD_JOB_FILTERS: list[tuple[str, dict[str, Any], type[InvalidArgumentError], str]] = [
    ("statuses=[]", {"statuses": []}, V, "statuses must not be empty"),
    ("statuses=empty-iterator", {"statuses": iter(())}, V, "statuses must not be empty"),
    ("statuses=str", {"statuses": "failed"}, T, "statuses"),
    ("statuses=member", {"statuses": JobStatus.FAILED}, T, "statuses"),  # a str itself
    ("statuses=int", {"statuses": 3}, T, "statuses"),
    ("statuses=[int]", {"statuses": [1]}, T, "statuses items"),
    ("statuses=[None]", {"statuses": ["failed", None]}, T, "statuses items"),
    ("statuses=unknown", {"statuses": ["bogus"]}, V, "unknown job status 'bogus'"),
    ("statuses=upper", {"statuses": ["FAILED"]}, V, "unknown job status 'FAILED'"),
    *(
        (f"{name}={label}", {name: value}, exc, name)
        for name in ("created_after", "created_before", "updated_after", "updated_before")
        for label, value, exc in [
            ("naive", NAIVE, V),
            ("str", "2024-01-01T00:00:00Z", T),
            ("epoch", 1704067200, T),
            ("date", date(2024, 1, 1), T),
        ]
    ),
    (
        "created_after>created_before",
        {"created_after": LATE, "created_before": EARLY},
        V,
        "created_after must not be later than created_before",
    ),
    (
        "updated_after>updated_before",
        {"updated_after": LATE, "updated_before": EARLY},
        V,
        "updated_after must not be later than updated_before",
    ),
    ("order_by=bogus", {"order_by": "x"}, V, "order_by must be 'created_at' or 'updated_at'"),
    ("order_by=camel", {"order_by": "createdAt"}, V, "order_by"),
    ("order_by=upper", {"order_by": "CREATED_AT"}, V, "order_by"),
    ("order=bogus", {"order": "sideways"}, V, "order must be 'asc' or 'desc'"),
    ("order=empty", {"order": ""}, V, "order must be"),
    ("order=with-order_by", {"order_by": "updated_at", "order": "up"}, V, "order must be"),
]

for _method, _prefix, _lister in [
    ("jobs.list", "", lambda c, **kw: c.jobs.list(C, **kw)),
    # Every connection's jobs (config_id None): the same checks.
    ("jobs.list", "config_id=None,", lambda c, **kw: c.jobs.list(**kw)),
    ("jobs.list_for_workspaces", "", lambda c, **kw: c.jobs.list_for_workspaces([W], **kw)),
]:
    for _label, _filters, _exc, _frag in BAD_JOB_FILTERS:
        case(_method, _prefix + _label, _bind_kw(_lister, **_filters), _exc, _frag)

# The server ignores the filters when asked for the pages holding a job: refused together.
_IGNORED_WITH_JOB_ID: list[tuple[str, dict[str, Any]]] = [
    ("statuses", {"statuses": ["failed"]}),
    ("created_after", {"created_after": EARLY}),
    ("updated_before", {"updated_before": LATE}),
    ("order_by", {"order_by": "created_at"}),
    ("order", {"order": "asc"}),
]
for _label, _filters in _IGNORED_WITH_JOB_ID:
    case(
        "jobs.list",
        f"including_job_id+{_label}",
        _bind_kw(lambda c, **kw: c.jobs.list(C, including_job_id=JOB, **kw), **_filters),
        V,
        f"including_job_id cannot be combined with {_label}",
    )

for _label, _ids, _exc, _frag in [
    ("empty-list", [], V, "workspace_ids must name at least one workspace"),
    ("empty-iterator", iter(()), V, "workspace_ids must name at least one workspace"),
    ("repeated", [W, str(W)], V, f"workspace_ids[1] repeats {W}"),
    ("bare-str", str(W), T, "workspace_ids"),
    ("bare-uuid", W, T, "workspace_ids"),
    ("None", None, T, "workspace_ids"),
]:
    case(
        "jobs.list_for_workspaces",
        f"workspace_ids={_label}",
        _bind_kw(lambda c, **kw: c.jobs.list_for_workspaces(**kw), workspace_ids=_ids),
        _exc,
        _frag,
    )

case(
    "jobs.list",
    "config_id=None,config_types=[]",
    _bind_kw(lambda c, **kw: c.jobs.list(**kw), config_types=[]),
    V,
    "config_types must not be empty",
)

BAD_WORKSPACE_LISTINGS: list[tuple[str, dict[str, Any], type[InvalidArgumentError], str]] = [
    ("config_types=[]", {"config_types": []}, V, "config_types must not be empty"),
    ("config_types=unknown", {"config_types": ["bogus"]}, V, "bogus"),
    ("config_types=str", {"config_types": "sync"}, T, "config_types"),
    ("page_size=0", {"page_size": 0}, V, "page_size"),
    ("page_size=str", {"page_size": "10"}, T, "page_size"),
    ("row_offset=negative", {"row_offset": -1}, V, "row_offset"),
    ("row_offset=str", {"row_offset": "0"}, T, "row_offset"),
]
for _label, _listing, _exc, _frag in BAD_WORKSPACE_LISTINGS:
    case(
        "jobs.list_for_workspaces",
        _label,
        _bind_kw(lambda c, **kw: c.jobs.list_for_workspaces([W], **kw), **_listing),
        _exc,
        _frag,
    )

for _label, _kwargs, _exc, _frag in [
    ("source_ids=bare-str", {"source_ids": str(S)}, T, "source_ids"),
    ("source_ids=int", {"source_ids": 5}, T, "source_ids"),
    ("destination_ids=bytes", {"destination_ids": D.bytes}, T, "destination_ids"),
    ("source_ids=[int]", {"source_ids": [1]}, T, "source_ids[0]"),
]:
    case(
        "web_backend.list_connections",
        _label,
        _bind_kw(lambda c, **kw: c.web_backend.list_connections(W, **kw), **_kwargs),
        _exc,
        _frag,
    )

for _label, _value in [("str", "true"), ("int", 1)]:
    case(
        "web_backend.get_connection",
        f"with_refreshed_catalog={_label}",
        _bind_kw(
            lambda c, **kw: c.web_backend.get_connection(C, **kw), with_refreshed_catalog=_value
        ),
        T,
        "with_refreshed_catalog",
    )

# --- Request models -------------------------------------------------------------------------------

CREATE = ConnectionCreate(source_id=S, destination_id=D, status=ConnectionStatus.ACTIVE)
WB_CREATE = WebBackendConnectionCreate(
    source_id=S, destination_id=D, status=ConnectionStatus.ACTIVE
)
UPDATE = ConnectionUpdate(connection_id=C)
WB_UPDATE = WebBackendConnectionUpdate(connection_id=C)

#: (method, call with the body, the right model): each gets None, a dict, the wrong model.
MODEL_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]], Any]] = [
    ("connections.create", lambda c, v: c.connections.create(v), CREATE),
    ("connections.update", lambda c, v: c.connections.update(v), UPDATE),
    ("connections.search", lambda c, v: c.connections.search(v), ConnectionSearch()),
    ("web_backend.create_connection", lambda c, v: c.web_backend.create_connection(v), WB_CREATE),
    ("web_backend.update_connection", lambda c, v: c.web_backend.update_connection(v), WB_UPDATE),
]
_WRONG_MODELS = {
    "connections.create": UPDATE,
    "connections.update": CREATE,
    "connections.search": SourceSearch(),
    "web_backend.create_connection": CREATE,  # a near miss: same fields, other class
    "web_backend.update_connection": UPDATE,
}

for _method, _fn, _right in MODEL_METHODS:
    for _label, _value in [
        ("None", None),
        ("dict", {"connectionId": str(C)}),
        ("wrong-model", _WRONG_MODELS[_method]),
        ("model-class", type(_right)),
    ]:
        case(_method, f"body={_label}", _bind(_fn, _value), T, type(_right).__name__)

# A model of the right class holding a value of the wrong type in a field: the encoder refuses it
# (a str in an int field must not reach the server as "24", nor a str be sent as a list of chars).
for _method, _fn, _value, _frag in [
    (
        "connections.update",
        lambda c, v: c.connections.update(v),
        ConnectionUpdate(connection_id="nope"),  # type: ignore[arg-type]
        "ConnectionUpdate",
    ),
    (
        "connections.update",
        lambda c, v: c.connections.update(v),
        ConnectionUpdate(connection_id=C, name=123),  # type: ignore[arg-type]
        "expected a string",
    ),
    (
        "connections.create",
        lambda c, v: c.connections.create(v),
        attrs.evolve(CREATE, schedule=ConnectionSchedule(units="24", time_unit="hours")),  # type: ignore[arg-type]
        "expected an integer",
    ),
    (
        "connections.create",
        lambda c, v: c.connections.create(v),
        attrs.evolve(CREATE, operation_ids=str(C)),  # type: ignore[arg-type]
        "expected a list",
    ),
    (
        "connections.create",
        lambda c, v: c.connections.create(v),
        attrs.evolve(CREATE, sync_catalog={"streams": []}),  # type: ignore[arg-type]
        "ConnectionCreate",
    ),
    (
        "connections.search",
        lambda c, v: c.connections.search(v),
        ConnectionSearch(source=SourceSearch(connection_configuration="host=db")),  # type: ignore[arg-type]
        "JSON object",
    ),
    (
        "connections.search",
        lambda c, v: c.connections.search(v),
        # Free-form JSON that JSON cannot carry: refused by the serializer, still before sending.
        ConnectionSearch(source=SourceSearch(connection_configuration={"port": 2**70})),
        "not JSON",
    ),
    (
        "web_backend.update_connection",
        lambda c, v: c.web_backend.update_connection(v),
        WebBackendConnectionUpdate(connection_id=C, skip_reset="no"),  # type: ignore[arg-type]
        "expected a boolean",
    ),
    (
        "web_backend.create_connection",
        lambda c, v: c.web_backend.create_connection(v),
        attrs.evolve(WB_CREATE, status=3),  # type: ignore[arg-type]
        "expected an enum member",
    ),
]:
    case(_method, f"field:{_frag}", _bind(_fn, _value), V, _frag)

# Methods without caller input cannot be given bad input (beyond Python's own arity checks).
NO_INPUT = {
    "health.check",
    "web_backend.check_updates",
    "web_backend.list_geographies",
    "workspaces.list",
}


# --- The tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [c.param() for c in CASES])
async def test_bad_input_is_refused_before_any_request(bad: Case) -> None:
    with aioresponses() as mocked:  # nothing registered: a request would be recorded, then fail
        async with AirbyteClient(
            BASE_URL, auth=("airbyte", "password"), retry=RetryConfig(attempts=1)
        ) as client:
            with pytest.raises(InvalidArgumentError) as info:
                await bad.call(client)
        assert mocked.requests == {}
    # Exactly the documented class: InvalidArgumentTypeError for a wrong type, its base for a
    # wrong value; both are also the built-in TypeError / ValueError callers may catch.
    assert type(info.value) is bad.exc
    assert isinstance(info.value, TypeError if bad.exc is T else ValueError)
    assert bad.fragment in str(info.value)


def _public_methods(cls: type[Any]) -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_")
        and name not in ("close", "transport", "base_url")
        and (inspect.iscoroutinefunction(member) or inspect.isasyncgenfunction(member))
    }


#: Methods of the namespaces above added with the whole Configuration API: their argument checks
#: (refused before any request) are in their family's tests/unit/test_ops_*.py.
IN_FAMILY_TESTS = {
    *(
        f"sources.{name}"
        for name in (
            "create", "update", "delete", "clone", "search", "check_connection",
            "check_connection_for_update", "discover_schema",
            "most_recent_source_actor_catalog", "write_discover_catalog_result",
        )
    ),
    *(
        f"destinations.{name}"
        for name in (
            "create", "update", "delete", "clone", "search", "check_connection",
            "check_connection_for_update",
        )
    ),
    *(
        f"workspaces.{name}"
        for name in (
            "create", "update", "update_name", "delete", "get_by_slug",
            "get_by_connection_id", "mark_feedback_done",
        )
    ),
    "state.create_or_update",
    "jobs.get_normalization_status",
}  # fmt: skip


def test_every_public_method_has_bad_input_cases() -> None:
    # A method added later without cases here fails this test rather than going untested.
    namespaces = {
        "connections": Connections,
        "state": State,
        "web_backend": WebBackend,
        "jobs": Jobs,
        "workspaces": Workspaces,
        "sources": Sources,
        "destinations": Destinations,
        "health": Health,
        "client": AirbyteClient,
    }
    public = {f"{ns}.{name}" for ns, cls in namespaces.items() for name in _public_methods(cls)}
    covered = {c.method for c in CASES}
    assert public - covered - NO_INPUT - IN_FAMILY_TESTS == set()
    assert covered | NO_INPUT | IN_FAMILY_TESTS <= public  # no stale names
    for name in NO_INPUT:  # they take nothing but self
        ns, method = name.split(".")
        params = inspect.signature(getattr(namespaces[ns], method)).parameters
        assert list(params) == ["self"]


# --- Constructor, auth and config objects (no request is possible: nothing is async) -------------

CANARY = "canary-pw-7f3a9"


def _kwargs_id(value: object) -> str:
    """A test id without memory addresses: the same in every process (pytest-xdist needs that)."""
    if isinstance(value, dict):
        return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))
    assert isinstance(value, type)
    return value.__name__


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"base_url": "localhost:8000"}, V),
        ({"base_url": "ftp://x/api"}, V),
        ({"base_url": "http://"}, V),
        ({"base_url": "http:///api"}, V),
        ({"base_url": ""}, V),
        ({"base_url": "http://host:99999/api"}, V),  # port out of range
        ({"base_url": "http://host:port/api"}, V),  # port not a number
        ({"base_url": "http://[::1/api"}, V),  # unclosed IPv6 bracket
        ({"base_url": "http://a..b/api"}, V),  # empty label: a bare UnicodeError when resolved
        ({"base_url": "http://" + "a" * 64 + ".test/api"}, V),  # label over 63 characters
        ({"base_url": "http://ho st/api"}, V),
        ({"base_url": 8000}, T),
        ({"base_url": None}, T),
        ({"base_url": b"http://airbyte.test/api"}, T),
        ({"timeout": 0}, V),
        ({"timeout": -1}, V),
        ({"timeout": math.nan}, V),  # would time out every request at once
        ({"timeout": math.inf}, V),  # aiohttp raises a bare OverflowError on the first request
        ({"timeout": "5"}, T),
        ({"timeout": True}, T),
        ({"max_connections": 0}, V),
        ({"max_connections": -1}, V),
        ({"max_connections": 2.5}, T),
        ({"max_connections": True}, T),
        ({"max_response_bytes": 0}, V),
        ({"max_response_bytes": "1"}, T),
        ({"max_response_bytes": True}, T),
        ({"retry": 3}, T),
        ({"retry": {"attempts": 1}}, T),
        ({"session": object()}, T),
        ({"headers": 5}, T),
        ({"headers": [("X-Team", "data")]}, T),
        ({"headers": {"X-Team": 5}}, T),
        ({"headers": {1: "x"}}, T),
        ({"headers": {"X-Team": "a\r\nX-Injected: 1"}}, V),
        ({"headers": {"": "x"}}, V),
        ({"headers": {"X Team:": "x"}}, V),
        ({"auth": "airbyte:password"}, T),
        ({"auth": ("only-user",)}, T),
        ({"auth": ("user", 5)}, T),
        ({"auth": ["user", "pw"]}, T),
    ],
    ids=_kwargs_id,
)
def test_constructor_refuses_bad_arguments(kwargs: dict[str, Any], exc: type[Exception]) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AirbyteClient(**{"base_url": BASE_URL, **kwargs})
    assert type(info.value) is exc


@pytest.mark.parametrize(
    "url",
    [
        f"http://user:{CANARY}@host:port/api",
        f"http://user:{CANARY}@host:99999/api",
        f"http://user:{CANARY}@exa\u2100mple.test/api",  # urllib quotes the whole netloc
        f"http://user:{CANARY}@a..b/api",
        f"ftp://user:{CANARY}@host/api",
    ],
)
def test_bad_url_errors_do_not_quote_credentials(url: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AirbyteClient(url)
    chain: list[BaseException] = [info.value]
    while (nxt := chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(nxt)
    for error in chain:
        assert CANARY not in f"{error!s} {error!r} {error.args!r}"


@pytest.mark.parametrize(
    ("make", "exc"),
    [
        pytest.param(lambda: BearerAuth(None), T, id="bearer-None"),  # sent as "Bearer None"
        pytest.param(lambda: BearerAuth(CANARY.encode()), T, id="bearer-bytes"),
        pytest.param(lambda: BearerAuth(""), V, id="bearer-empty"),
        pytest.param(lambda: BearerAuth(CANARY + "\r\nX-Injected: 1"), V, id="bearer-CRLF"),
        pytest.param(lambda: BearerAuth(CANARY + "\x00"), V, id="bearer-NUL"),
        pytest.param(lambda: BasicAuth("user", None), T, id="basic-None-password"),
        pytest.param(lambda: BasicAuth("user", CANARY.encode()), T, id="basic-bytes-password"),
        pytest.param(lambda: BasicAuth(5, CANARY), T, id="basic-int-user"),
        # The server would split "us:er:pw" at the first colon: a wrong user, a wrong password.
        pytest.param(lambda: BasicAuth(f"us:{CANARY}", "pw"), V, id="basic-colon-user"),
    ],
)
def test_credentials_are_checked_when_built(make: Callable[[], Any], exc: type[Exception]) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        make()
    assert type(info.value) is exc
    assert CANARY not in str(info.value)  # the value may be the secret: never echoed


def test_credentials_are_checked_when_given_as_a_tuple() -> None:
    with pytest.raises(InvalidArgumentError):
        AirbyteClient(BASE_URL, auth=("us:er", CANARY))


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"attempts": 0}, V),
        ({"attempts": -1}, V),
        ({"attempts": 1.5}, T),
        ({"attempts": "3"}, T),
        ({"attempts": True}, T),
        ({"total_timeout": 0}, V),
        ({"total_timeout": -5}, V),
        ({"total_timeout": math.nan}, V),
        ({"total_timeout": "60"}, T),
        ({"initial_backoff": 0}, V),
        ({"initial_backoff": math.nan}, V),
        ({"max_backoff": -1}, V),
        ({"max_backoff": None}, T),
        ({"max_retry_after": 0}, V),
        ({"max_retry_after": math.nan}, V),
    ],
    ids=repr,
)
def test_retry_config_refuses_bad_values(kwargs: dict[str, Any], exc: type[Exception]) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        RetryConfig(**kwargs)
    assert type(info.value) is exc
    assert next(iter(kwargs)) in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"first": -0.1}, V),
        ({"first": math.nan}, V),
        ({"first": "0.2"}, T),
        ({"first": None}, T),
        ({"backoff": 0}, V),
        ({"backoff": 0.5}, V),  # intervals would shrink towards a busy loop
        ({"backoff": math.nan}, V),
        ({"backoff": True}, T),
        ({"max_interval": 0}, V),
        ({"max_interval": -1}, V),
        ({"max_interval": math.nan}, V),
        ({"jitter": -0.1}, V),
        ({"jitter": 1}, V),  # an interval could be drawn as zero
        ({"jitter": 5}, V),
        ({"jitter": math.nan}, V),
        ({"jitter": "0.2"}, T),
    ],
    ids=repr,
)
def test_poll_policy_refuses_bad_values(kwargs: dict[str, Any], exc: type[Exception]) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        PollPolicy(**kwargs)
    assert type(info.value) is exc
    assert next(iter(kwargs)) in str(info.value)


def test_valid_edge_values_are_accepted() -> None:
    # The checks must not refuse what is legitimate: the bounds themselves, infinities that
    # mean "no cap", ids in every form the uuid module reads.
    PollPolicy(first=0, backoff=1, jitter=0, max_interval=math.inf)
    RetryConfig(attempts=1, total_timeout=math.inf, max_backoff=math.inf, max_retry_after=1e-3)
    AirbyteClient(BASE_URL, timeout=1e-3, headers={}, max_connections=1)
    AirbyteClient("https://[::1]:8443/api/", auth=BearerAuth("t"))
    AirbyteClient("http://b\u00fccher.test/api")  # an IDN host
    AirbyteClient("http://user:p%40ss:word@airbyte.test/api")
