"""Hostile and broken responses: every one ends in a model or in one of aioairbyte's typed errors.

A corpus of answers a broken proxy, a half-upgraded server or a hostile host might send (empty
bodies, truncated JSON, HTML, wrong content types, oversized bodies, wrong types, missing fields,
nulls, unknown enum values and fields, arrays and scalars instead of objects, deep nesting,
invalid UTF-8, NaN literals, duplicate keys, 204s, error statuses with bodies that are not JSON,
redirects) is run through several real operations at the transport level (aioresponses). Each
case states the exact outcome: a decoded model, or the exact ``AirbyteError`` subclass naming the
operation (``POST /v1/connections/get``), with the status and parsed body where they apply, and
the number of requests sent (5xx/429 are retried for idempotent operations, never for a sync).
Nothing may escape as a bare ``KeyError``/``TypeError``/``ValueError`` or a cattrs exception.

Decided behaviours, pinned here:

- The ``Content-Type`` of a success response is ignored: the body decides. Valid JSON served
  as ``text/plain`` or ``text/html`` decodes; junk served as ``application/json`` is a
  ``ResponseDecodeError``. Airbyte and the proxies in front of it do not label bodies reliably.
- Duplicate keys: the last one wins (orjson, like ``json`` and browsers).
- A UTF-8 byte order mark, NaN/Infinity literals and trailing data are malformed JSON.
- A 204 (or a 200 whose JSON is ``null``) where a model is expected is a
  ``ResponseValidationError`` ("expected a JSON object, got NoneType @ $").

A few cases need a real socket (a length announced but never sent, a body cut short, a broken
status line, a dropped connection, a stall): they run against a raw asyncio server.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import cattrs
import orjson
import pytest
import pytest_asyncio
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    AirbyteError,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseValidationError,
    RetryConfig,
    ServerError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from aioairbyte.converter import decode
from aioairbyte.models import (
    ConnectionRead,
    ConnectionReadList,
    HealthCheckRead,
    JobInfoLightRead,
    JobInfoRead,
    OpenStrEnum,
    WebBackendConnectionListItem,
    WebBackendConnectionReadList,
)
from tests import fixtures as f
from tests.conftest import BASE_URL, SleepRecorder

JSON = Any


# --- Operations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """A real operation, a valid answer for it, and where its answer can be broken."""

    name: str
    method: str
    path: str
    call: Callable[[AirbyteClient], Awaitable[Any]]
    valid: Callable[[], JSON]
    result_type: type[Any]  # of the result, or of its items for listings
    idempotent: bool
    required: tuple[str | int, ...]  # a required field
    wrong: Any  # a value of the wrong type for it
    wrong_problem: str  # the problem reported for it
    list_field: tuple[str | int, ...] | None = None  # a required list
    enum_field: tuple[str | int, ...] | None = None
    enum_attr: Callable[[Any], Any] | None = None  # reads that enum from the result
    model: type[Any] | None = None  # the response model, when the result is unwrapped from it
    unwrap: Callable[[Any], Any] = lambda raw: raw

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def url(self) -> str:
        return BASE_URL + self.path


C = f.CONNECTION_ID
W = f.WORKSPACE_ID

OPS = [
    Op(
        "connections.get",
        "POST",
        "/v1/connections/get",
        lambda c: c.connections.get(C),
        f.connection_read,
        ConnectionRead,
        True,
        ("name",),
        12,
        "expected a string, got int @ $.name",
        ("syncCatalog", "streams"),
        ("status",),
        lambda r: r.status,
    ),
    Op(
        "connections.list",
        "POST",
        "/v1/connections/list",
        lambda c: c.connections.list(W),
        f.connection_read_list,
        ConnectionRead,
        True,
        ("connections", 1, "connectionId"),
        "not-a-uuid",
        "@ $.connections[1].connectionId",
        ("connections",),
        ("connections", 0, "status"),
        lambda r: r[0].status,
        ConnectionReadList,
        lambda raw: raw.connections,
    ),
    Op(
        "jobs.get",
        "POST",
        "/v1/jobs/get",
        lambda c: c.jobs.get(f.JOB_ID),
        f.job_info_read,
        JobInfoRead,
        True,
        ("job", "id"),
        str(f.JOB_ID),
        "expected an integer, got str @ $.job.id",
        ("attempts", 0, "logs", "logLines"),
        ("job", "status"),
        lambda r: r.job.status,
    ),
    Op(
        "jobs.get_light",
        "POST",
        "/v1/jobs/get_light",
        lambda c: c.jobs.get_light(f.RUNNING_JOB_ID),
        f.job_info_light_read,
        JobInfoLightRead,
        True,
        ("job", "createdAt"),
        1.7e9,
        "expected an integer, got float @ $.job.createdAt",
        None,
        ("job", "status"),
        lambda r: r.job.status,
    ),
    Op(
        "web_backend.list_connections",
        "POST",
        "/v1/web_backend/connections/list",
        lambda c: c.web_backend.list_connections(W),
        f.web_backend_connection_read_list,
        WebBackendConnectionListItem,
        True,
        ("connections", 0, "isSyncing"),
        "false",
        "expected a boolean, got str @ $.connections[0].isSyncing",
        ("connections",),
        ("connections", 0, "schemaChange"),
        lambda r: r[0].schema_change,
        WebBackendConnectionReadList,
        lambda raw: raw.connections,
    ),
    Op(
        "health.check",
        "GET",
        "/v1/health",
        lambda c: c.health.check(),
        lambda: {"available": True},
        HealthCheckRead,
        True,
        ("available",),
        "true",
        "expected a boolean, got str @ $.available",
    ),
    Op(
        "connections.sync",
        "POST",
        "/v1/connections/sync",
        lambda c: c.connections.sync(C),
        f.job_info_read_started,
        JobInfoRead,
        False,  # never resent: a resend could start a second sync
        ("job", "configId"),
        None,
        "expected a string, got NoneType @ $.job.configId",
        ("attempts",),
        ("job", "configType"),
        lambda r: r.job.config_type,
    ),
]


def _wire_path(path: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _set(doc: JSON, path: tuple[str | int, ...], value: Any) -> JSON:
    doc = copy.deepcopy(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def _drop(doc: JSON, path: tuple[str | int, ...]) -> JSON:
    doc = copy.deepcopy(doc)
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return doc


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


# --- The corpus ----------------------------------------------------------------------------------


@dataclass
class Reply:
    """What the server answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    max_response_bytes: int | None = None  # the client's limit, when the case sets one


UNSET: Any = object()


@dataclass
class Outcome:
    """What the call must end in: a model (checked by ``check``), or ``error`` exactly."""

    error: type[AirbyteError] | None = None
    fragment: str = ""  # in str(error), or in its problems for a validation error
    status: int | None = None
    body: Any = UNSET  # ApiError.body, when the case pins it
    retried: bool = False  # 5xx/429: resent by idempotent operations
    check: Callable[[Op, Any], None] | None = None


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Op], tuple[Reply, Outcome] | None]  # None: does not apply to this op


def _same_as_valid(op: Op, result: Any) -> None:
    # The noise around the valid answer must change nothing: the result equals its decoding.
    model = op.model or op.result_type
    assert result == op.unwrap(decode(op.valid(), model, operation=op.operation))


def _valid_bytes(op: Op) -> bytes:
    return orjson.dumps(op.valid())


def _unknown_enum(op: Op, result: Any) -> None:
    assert op.enum_attr is not None
    value = op.enum_attr(result)
    assert isinstance(value, OpenStrEnum)  # a pseudo-member of the field's own enum type
    assert value == "brand_new_value"
    assert value.value == "brand_new_value"
    assert not value.is_known


def _ok(check: Callable[[Op, Any], None] = _same_as_valid) -> Outcome:
    return Outcome(check=check)


def _decode_error(fragment: str, status: int = 200) -> Outcome:
    return Outcome(ResponseDecodeError, fragment, status=status)


def _invalid(fragment: str) -> Outcome:
    return Outcome(ResponseValidationError, fragment)


CASES: list[Case] = [
    # Success statuses whose body is not the JSON promised.
    Case("empty-200", lambda op: (Reply(b""), _decode_error("empty 200 response"))),
    Case("empty-202", lambda op: (Reply(b"", 202), _decode_error("empty 202 response", 202))),
    Case("whitespace-200", lambda op: (Reply(b" \r\n\t "), _decode_error("malformed JSON"))),
    Case(
        "truncated-json",
        lambda op: (
            Reply(_valid_bytes(op)[: len(_valid_bytes(op)) // 2]),
            _decode_error("malformed JSON"),
        ),
    ),
    Case("truncated-after-brace", lambda op: (Reply(b"{"), _decode_error("malformed JSON"))),
    Case(
        "html-200",
        lambda op: (
            Reply(
                b"<html><body><h1>Down for maintenance</h1></body></html>", content_type="text/html"
            ),
            _decode_error("malformed JSON"),
        ),
    ),
    Case(
        "json-as-text/plain",
        lambda op: (Reply(_valid_bytes(op), content_type="text/plain"), _ok()),
    ),
    Case(
        "json-as-text/html",
        lambda op: (Reply(_valid_bytes(op), content_type="text/html"), _ok()),
    ),
    Case(
        "json-as-octet-stream",
        lambda op: (Reply(_valid_bytes(op), content_type="application/octet-stream"), _ok()),
    ),
    Case(
        "junk-as-text/html",
        lambda op: (
            Reply(b"\x00\x01\x02 junk", content_type="text/html"),
            _decode_error("malformed JSON"),
        ),
    ),
    Case(
        "junk-as-application/json",
        lambda op: (Reply(b"Service Unavailable"), _decode_error("malformed JSON")),
    ),
    Case(
        "trailing-garbage",
        lambda op: (
            Reply(_valid_bytes(op) + b"<!-- injected -->"),
            _decode_error("malformed JSON"),
        ),
    ),
    Case(
        "two-documents",
        lambda op: (Reply(_valid_bytes(op) + _valid_bytes(op)), _decode_error("malformed JSON")),
    ),
    Case(
        "utf8-bom",
        lambda op: (Reply(b"\xef\xbb\xbf" + _valid_bytes(op)), _decode_error("malformed JSON")),
    ),
    # Size: refused beyond max_response_bytes, whether the length is announced or not.
    Case(
        "huge-body-chunked",
        lambda op: (
            Reply(_valid_bytes(op), max_response_bytes=len(_valid_bytes(op)) - 1),
            _decode_error("exceeds max_response_bytes"),
        ),
    ),
    Case(
        "huge-body-announced",
        lambda op: (
            Reply(
                _valid_bytes(op),
                headers={"Content-Length": str(len(_valid_bytes(op)))},
                max_response_bytes=len(_valid_bytes(op)) - 1,
            ),
            _decode_error("exceeds max_response_bytes"),
        ),
    ),
    Case(
        "body-at-the-limit",
        lambda op: (Reply(_valid_bytes(op), max_response_bytes=len(_valid_bytes(op))), _ok()),
    ),
    Case(
        "huge-error-body",
        lambda op: (
            Reply(b"<html>" + b"x" * 5000 + b"</html>", 500, "text/html", max_response_bytes=4096),
            _decode_error("exceeds max_response_bytes", 500),
        ),
    ),
    # JSON that does not fit the model.
    Case(
        "wrong-type",
        lambda op: (
            Reply(orjson.dumps(_set(op.valid(), op.required, op.wrong))),
            _invalid(op.wrong_problem),
        ),
    ),
    Case(
        "missing-required",
        lambda op: (
            Reply(orjson.dumps(_drop(op.valid(), op.required))),
            _invalid(f"required field missing @ {_wire_path(op.required)}"),
        ),
    ),
    Case(
        "null-required",
        lambda op: (
            Reply(orjson.dumps(_set(op.valid(), op.required, None))),
            _invalid(f"got NoneType @ {_wire_path(op.required)}"),
        ),
    ),
    Case(
        "null-list",
        lambda op: (
            None
            if op.list_field is None
            else (
                Reply(orjson.dumps(_set(op.valid(), op.list_field, None))),
                _invalid(f"expected a list, got NoneType @ {_wire_path(op.list_field)}"),
            )
        ),
    ),
    Case(
        "object-for-list",
        lambda op: (
            None
            if op.list_field is None
            else (
                Reply(orjson.dumps(_set(op.valid(), op.list_field, {"0": "x"}))),
                _invalid(f"expected a list, got dict @ {_wire_path(op.list_field)}"),
            )
        ),
    ),
    Case(
        "huge-integer-unknown-field",
        lambda op: (Reply(_valid_bytes(op)[:-1] + b', "x": 1' + b"0" * 30 + b"}"), _ok()),
    ),
    Case(
        "huge-integer-for-int",
        lambda op: (
            None
            if "job" not in op.valid()
            else (
                # Beyond 64 bits the parser yields a float: refused, never silently truncated.
                Reply(
                    orjson.dumps(_set(op.valid(), ("job", "id"), "BIG")).replace(
                        b'"BIG"', b"1" + b"0" * 30
                    )
                ),
                _invalid("expected an integer, got float @ $.job.id"),
            )
        ),
    ),
    Case(
        "unknown-enum-value",
        lambda op: (
            None
            if op.enum_field is None
            else (
                Reply(orjson.dumps(_set(op.valid(), op.enum_field, "brand_new_value"))),
                _ok(_unknown_enum),
            )
        ),
    ),
    Case(
        "enum-of-wrong-type",
        lambda op: (
            None
            if op.enum_field is None
            else (
                Reply(orjson.dumps(_set(op.valid(), op.enum_field, 3))),
                _invalid(f"expected a string, got int @ {_wire_path(op.enum_field)}"),
            )
        ),
    ),
    Case(
        "unknown-fields",
        lambda op: (
            Reply(
                orjson.dumps(
                    {
                        **op.valid(),
                        "brandNewField": {"nested": [1, {"deeper": None}]},
                        "_links": [],
                        "": 0,
                        "\u00e9t\u00e9": "\u2603",
                    }
                )
            ),
            _ok(),
        ),
    ),
    Case(
        "unknown-field-deeply-nested",
        lambda op: (
            # 1000 levels: within the parser's limit; ignored because the field is unknown.
            Reply(orjson.dumps(op.valid())[:-1] + b', "deep": ' + _nested(1000) + b"}"),
            _ok(),
        ),
    ),
    Case(
        "nesting-beyond-parser-limit",
        lambda op: (Reply(b'{"deep": ' + _nested(100_000) + b"}"), _decode_error("malformed JSON")),
    ),
    Case(
        "array-instead-of-object",
        lambda op: (Reply(b"[]"), _invalid("expected a JSON object, got list @ $")),
    ),
    Case(
        "wrapped-in-array",
        lambda op: (
            Reply(b"[" + _valid_bytes(op) + b"]"),
            _invalid("expected a JSON object, got list @ $"),
        ),
    ),
    Case("scalar-int", lambda op: (Reply(b"42"), _invalid("expected a JSON object, got int @ $"))),
    Case(
        "scalar-str", lambda op: (Reply(b'"ok"'), _invalid("expected a JSON object, got str @ $"))
    ),
    Case(
        "scalar-bool", lambda op: (Reply(b"true"), _invalid("expected a JSON object, got bool @ $"))
    ),
    Case(
        "json-null",
        lambda op: (Reply(b"null"), _invalid("expected a JSON object, got NoneType @ $")),
    ),
    Case(
        "invalid-utf8",
        lambda op: (
            Reply(orjson.dumps(op.valid())[:-1] + b', "note": "caf\xe9"}'),
            _decode_error("malformed JSON"),
        ),
    ),
    Case(
        "lone-surrogate-escape",
        lambda op: (
            Reply(orjson.dumps(op.valid())[:-1] + b', "note": "\\ud800"}'),
            _decode_error("malformed JSON"),
        ),
    ),
    Case("nan-literal", lambda op: (Reply(b'{"x": NaN}'), _decode_error("malformed JSON"))),
    Case(
        "infinity-literal", lambda op: (Reply(b'{"x": -Infinity}'), _decode_error("malformed JSON"))
    ),
    Case("number-overflow", lambda op: (Reply(b'{"x": 1e999}'), _decode_error("malformed JSON"))),
    Case(
        "duplicate-keys-last-wins",
        lambda op: (
            # The first copy of the required field is broken, the last one is right.
            Reply(b'{"' + str(op.required[0]).encode() + b'": null, ' + _valid_bytes(op)[1:]),
            _ok(),
        ),
    ),
    Case(
        "204-where-a-body-is-expected",
        lambda op: (Reply(b"", 204), _invalid("expected a JSON object, got NoneType @ $")),
    ),
    # Error statuses, with bodies that are not the JSON the API sends.
    Case(
        "400-html",
        lambda op: (
            Reply(
                b"<html><head><title>400 Bad Request</title></head><body>nginx</body></html>",
                400,
                "text/html",
            ),
            Outcome(BadRequestError, "400 Bad Request", 400),
        ),
    ),
    Case(
        "401-empty",
        lambda op: (
            Reply(b"", 401, "text/html"),
            Outcome(AuthenticationError, "Unauthorized", 401, None),
        ),
    ),
    Case(
        "401-nginx-page",
        lambda op: (
            Reply(
                b"<html>\r\n<head><title>401 Authorization Required</title></head></html>",
                401,
                "text/html",
            ),
            Outcome(AuthenticationError, "401 Authorization Required", 401),
        ),
    ),
    Case(
        "403-text",
        lambda op: (
            Reply(b"Forbidden by policy", 403, "text/plain"),
            Outcome(PermissionDeniedError, "Forbidden by policy", 403, "Forbidden by policy"),
        ),
    ),
    Case(
        "404-object-not-found",
        lambda op: (
            Reply(b"Object not found.", 404, "text/plain"),
            Outcome(UnsupportedOperationError, "Object not found.", 404, "Object not found."),
        ),
    ),
    Case(
        "409-json-array",
        lambda op: (
            Reply(b'["conflict"]', 409),
            Outcome(ConflictError, "Conflict", 409, ["conflict"]),
        ),
    ),
    Case(
        "422-json-scalar",
        lambda op: (Reply(b"42", 422), Outcome(UnprocessableEntityError, "Unprocessable", 422, 42)),
    ),
    Case(
        "429-unreadable-retry-after",
        lambda op: (
            Reply(b"slow down", 429, "text/plain", {"Retry-After": "soon"}),
            Outcome(RateLimitError, "slow down", 429, "slow down", retried=True),
        ),
    ),
    Case(
        "500-html",
        lambda op: (
            Reply(
                b"<html><title>Internal Error</title><body><pre>Traceback...</pre></html>",
                500,
                "text/html",
            ),
            Outcome(ServerError, "Internal Error", 500),
        ),
    ),
    Case(
        "500-invalid-utf8",
        lambda op: (
            Reply(b"\xff\xfe broken \xc3", 500, "text/plain"),
            Outcome(ServerError, "broken", 500, "\ufffd\ufffd broken \ufffd"),
        ),
    ),
    Case(
        "500-message-not-a-string",
        lambda op: (
            Reply(b'{"message": {"nested": true}, "exceptionClassName": 5}', 500),
            Outcome(
                ServerError,
                "Internal Server Error",
                500,
                {"message": {"nested": True}, "exceptionClassName": 5},
            ),
        ),
    ),
    Case(
        "500-nan-json",
        lambda op: (
            Reply(b'{"message": NaN}', 500),
            Outcome(ServerError, "message", 500, '{"message": NaN}'),
        ),
    ),
    Case(
        "502-empty",
        lambda op: (
            Reply(b"", 502, "text/html"),
            Outcome(ServerError, "Bad Gateway", 502, None, retried=True),
        ),
    ),
    Case(
        "503-html",
        lambda op: (
            Reply(
                b"<html><title>503 Service Temporarily Unavailable</title></html>", 503, "text/html"
            ),
            Outcome(ServerError, "503 Service Temporarily Unavailable", 503, retried=True),
        ),
    ),
    Case(
        "504-deeply-nested-json",
        lambda op: (Reply(_nested(5000), 504), Outcome(ServerError, "[[[", 504, retried=True)),
    ),
    Case(
        "418-unmapped-status",
        lambda op: (Reply(b"I'm a teapot", 418, "text/plain"), Outcome(ApiError, "teapot", 418)),
    ),
    Case(
        "599-unmapped-5xx",
        lambda op: (Reply(b"", 599, "text/plain"), Outcome(ServerError, "HTTP 599", 599, None)),
    ),
    # Redirects are never followed: the Authorization header must not go to another host.
    *(
        Case(
            f"{status}-redirect-to-another-host",
            lambda op, status=status: (
                Reply(b"", status, "text/html", {"Location": "https://evil.test" + op.path}),
                Outcome(ApiError, "redirect to https://evil.test", status),
            ),
        )
        for status in (301, 302, 303, 307, 308)
    ),
    Case(
        "304-without-location",
        lambda op: (
            Reply(b"", 304, "text/html"),
            Outcome(ApiError, "redirect to ? not followed", 304),
        ),
    ),
]


# --- Running a case ------------------------------------------------------------------------------

ATTEMPTS = 4  # the ``client`` fixture's RetryConfig


@pytest.mark.parametrize(
    ("case", "op"),
    [
        pytest.param(case, op, id=f"{case.name}-{op.name}")
        for case in CASES
        for op in OPS
        if case.build(op) is not None  # e.g. no list to null in a health check
    ],
)
async def test_hostile_response(
    case: Case, op: Op, client: AirbyteClient, sleeps: SleepRecorder, mocked: aioresponses
) -> None:
    built = case.build(op)
    assert built is not None
    reply, outcome = built
    if reply.max_response_bytes is not None:
        client.transport.max_response_bytes = reply.max_response_bytes
    mocked.add(
        op.url,
        op.method,
        status=reply.status,
        body=reply.body,
        content_type=reply.content_type,
        headers=reply.headers,
        repeat=True,
    )

    try:
        result = await op.call(client)
    except BaseException as exc:
        error: BaseException | None = exc
    else:
        error = None

    sent = mocked.requests.get((op.method, URL(op.url)), [])
    assert list(mocked.requests) == [(op.method, URL(op.url))]  # nothing went anywhere else
    # A trigger is resent only after a refusal (429, the proxy's 503): it did nothing.
    refused = reply.status in (429, 503)
    expected_requests = ATTEMPTS if outcome.retried and (op.idempotent or refused) else 1
    assert len(sent) == expected_requests
    assert len(sleeps.delays) == expected_requests - 1

    if outcome.error is None:
        assert error is None, f"expected a model, got {error!r}"
        items = result if isinstance(result, list) else [result]
        assert items
        assert all(type(item) is op.result_type for item in items)
        assert outcome.check is not None
        outcome.check(op, result)
        return

    assert error is not None, f"expected {outcome.error.__name__}, got the model {result!r}"
    assert_ours(error, op)
    assert type(error) is outcome.error
    if isinstance(error, ResponseValidationError):
        assert error.problems
        assert any(outcome.fragment in p for p in error.problems), error.problems
        assert all(" @ $" in p for p in error.problems)  # every problem names a wire path
    else:
        assert outcome.fragment in str(error)
    if outcome.status is not None:
        assert getattr(error, "status", None) == outcome.status
    if isinstance(error, ApiError):
        assert error.message  # never empty, even for an empty body
        if outcome.body is not UNSET:
            assert error.body == outcome.body
        elif reply.body:
            assert error.body is not None  # the text (or JSON) is kept for the caller
        assert error.maybe_processed is (error.status >= 500 and error.status != 503)


def assert_ours(error: BaseException, op: Op) -> None:
    """The error is one of ours, names the operation, and is not a library's in disguise."""
    assert isinstance(error, AirbyteError), f"{type(error).__name__} escaped: {error!r}"
    assert not isinstance(error, cattrs.BaseValidationError | KeyError | AttributeError)
    assert type(error).__module__ == "aioairbyte.errors"
    assert getattr(error, "operation", None) == op.operation
    assert str(error).startswith(f"{op.operation}")
    assert op.path.removeprefix("/v1/") in str(error)  # e.g. "connections/get"


# --- A real socket: what aioresponses cannot fake -------------------------------------------------

RawHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest_asyncio.fixture
async def raw_server() -> AsyncIterator[Callable[[RawHandler], Awaitable[str]]]:
    """Start raw HTTP servers on loopback from a handler; yields a function returning the URL."""
    servers: list[asyncio.Server] = []
    writers: list[asyncio.StreamWriter] = []

    async def start(handler: RawHandler) -> str:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writers.append(writer)
            try:
                await reader.readuntil(b"\r\n\r\n")  # the request head (bodies are small)
                await handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        servers.append(server)
        return f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api"

    yield start
    for writer in writers:  # wait_closed() waits for every connection to end
        writer.close()
    for server in servers:
        server.close()
        await server.wait_closed()


def _writes(*chunks: bytes) -> RawHandler:
    async def handler(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for chunk in chunks:
            writer.write(chunk)
            await writer.drain()

    return handler


HEALTH = next(op for op in OPS if op.name == "health.check")
SYNC = next(op for op in OPS if op.name == "connections.sync")


@pytest.mark.parametrize(
    ("handler", "error", "fragment", "maybe_processed"),
    [
        pytest.param(
            # A length far beyond the limit is refused from the header, before any body.
            _writes(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{"),
            ResponseDecodeError,
            "response of 99999999999 bytes exceeds max_response_bytes",
            None,
            id="announced-length-beyond-limit",
        ),
        pytest.param(
            # Chunked with no end: the reader must stop at the limit, not buffer forever.
            _writes(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                *[b"1000\r\n" + b" " * 4096 + b"\r\n"] * 64,
            ),
            ResponseDecodeError,
            "exceeds max_response_bytes=65536",
            None,
            id="endless-chunked-body",
        ),
        pytest.param(
            _writes(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"available": tr'),
            ApiConnectionError,
            "connection failed after the request was sent",
            True,
            id="body-cut-short",
        ),
        pytest.param(
            _writes(b"HTTP/1.1 OK\r\n\r\n"),
            ApiConnectionError,
            "connection failed after the request was sent",
            True,
            id="malformed-status-line",
        ),
        pytest.param(
            _writes(b"NOT HTTP AT ALL\r\n\r\n"),
            ApiConnectionError,
            "connection failed after the request was sent",
            True,
            id="not-http",
        ),
        pytest.param(
            _writes(),
            ApiConnectionError,
            "connection failed after the request was sent",
            True,
            id="closed-without-answer",
        ),
        pytest.param(
            _writes(
                b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnot gzip"
            ),
            ApiConnectionError,
            "connection failed after the request was sent",
            True,
            id="bad-gzip",
        ),
        pytest.param(
            _writes(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n\xff\xfe\xfd\xfc\xfb"),
            ResponseDecodeError,
            "malformed JSON",
            None,
            id="binary-body",
        ),
    ],
)
@pytest.mark.parametrize("op", [HEALTH, SYNC], ids=lambda op: op.name)
async def test_hostile_socket(
    raw_server: Callable[[RawHandler], Awaitable[str]],
    handler: RawHandler,
    error: type[AirbyteError],
    fragment: str,
    maybe_processed: bool | None,
    op: Op,
) -> None:
    url = await raw_server(handler)
    async with AirbyteClient(url, retry=RetryConfig(attempts=1)) as client:
        client.transport.max_response_bytes = 65536
        with pytest.raises(AirbyteError) as info:
            await op.call(client)
    assert_ours(info.value, op)
    assert type(info.value) is error
    assert fragment in str(info.value)
    if maybe_processed is not None:
        assert isinstance(info.value, ApiConnectionError)
        # The request was sent: the server may have acted (a sync must be reconciled, not resent).
        assert info.value.maybe_processed is maybe_processed


async def test_stalled_answer_times_out(
    raw_server: Callable[[RawHandler], Awaitable[str]],
) -> None:
    stalled = asyncio.Event()

    async def stall(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n{")
        await writer.drain()
        stalled.set()
        await reader.read()  # until the client, timed out after 0.2 s, hangs up

    url = await raw_server(stall)
    async with AirbyteClient(url, retry=RetryConfig(attempts=1), timeout=0.2) as client:
        with pytest.raises(AirbyteError) as info:
            await SYNC.call(client)
    assert stalled.is_set()
    assert_ours(info.value, SYNC)
    assert type(info.value) is ApiTimeoutError
    assert info.value.maybe_processed is True


async def test_redirect_to_another_host_never_reaches_it(
    raw_server: Callable[[RawHandler], Awaitable[str]],
) -> None:
    reached = asyncio.Event()

    async def other_host(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        reached.set()
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n{"available":true}')

    target = await raw_server(other_host)
    location = target.replace("127.0.0.1", "localhost") + HEALTH.path
    url = await raw_server(
        _writes(f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\n\r\n".encode())
    )
    async with AirbyteClient(url, auth=("airbyte", "canary-pw-7f3a9")) as client:
        with pytest.raises(ApiError) as info:
            await HEALTH.call(client)
    assert type(info.value) is ApiError
    assert info.value.status == 307
    assert location in info.value.message
    assert not reached.is_set()
