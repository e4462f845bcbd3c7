"""The pure response -> exception mapping, for every status, JSON and non-JSON bodies."""

from __future__ import annotations

import email.utils

import orjson
import pytest

from aioairbyte.errors import (
    AirbyteError,
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    JobNotFoundError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedOperationError,
    ValidationProblem,
    error_from_response,
    parse_retry_after,
)

OP = "POST /v1/connections/get"
CID = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"


def _map(status: int, body: bytes | dict[str, object], headers: dict[str, str] | None = None):
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    return error_from_response(operation=OP, status=status, headers=headers or {}, body=raw)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (418, ApiError),
    ],
)
def test_status_maps_to_class_with_json_body(status: int, cls: type[ApiError]) -> None:
    body = {"message": "boom", "exceptionClassName": "io.airbyte.X", "exceptionStack": []}
    err = _map(status, body)
    assert type(err) is cls
    assert isinstance(err, AirbyteError)
    assert err.status == status
    assert err.message == "boom"
    assert err.exception_class_name == "io.airbyte.X"
    assert err.body == body
    assert err.operation == OP
    assert str(err) == f"{OP} failed with {status}: boom"


def test_not_found_connection() -> None:
    message = f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {CID}."
    err = _map(
        404,
        {
            "message": message,
            "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
            "exceptionStack": ["at x"],
        },
    )
    assert isinstance(err, NotFoundError)
    assert err.message == message
    assert err.exception_class_name.endswith("IdNotFoundKnownException")


def test_sync_already_running_conflict() -> None:
    err = _map(409, {"message": f"A sync is already running for: {CID}"})
    assert isinstance(err, ConflictError)
    assert err.sync_already_running
    other = _map(409, {"message": "Connection is deleted"})
    assert isinstance(other, ConflictError)
    assert not other.sync_already_running


def test_bad_request_validation_errors() -> None:
    err = _map(
        400,
        {
            "message": "Bad Request",
            "exceptionClassName": "javax.validation.ConstraintViolationException",
            "validationErrors": [
                {"propertyPath": "connectionId", "invalidValue": "x", "message": "must be a UUID"},
                "not-an-object",
            ],
        },
    )
    assert isinstance(err, BadRequestError)
    assert err.validation_errors == [ValidationProblem("connectionId", "x", "must be a UUID")]


def test_bad_request_without_validation_errors() -> None:
    err = _map(400, b"plain")
    assert isinstance(err, BadRequestError)
    assert err.validation_errors == []


def test_unknown_job_500_is_job_not_found() -> None:
    err = _map(500, {"message": "Internal Server Error: Could not find job with id: 42"})
    assert isinstance(err, JobNotFoundError)
    assert isinstance(err, NotFoundError)
    assert isinstance(err, ServerError)
    assert err.status == 500
    plain = _map(500, {"message": "Internal Server Error: something else"})
    assert type(plain) is ServerError


def test_unknown_route_plain_text_body() -> None:
    err = _map(404, b"Object not found.")
    assert type(err) is UnsupportedOperationError
    assert isinstance(err, NotFoundError)
    assert "this server has no /v1/connections/get" in err.message
    assert "Object not found." in err.message
    assert "ends in /api" in err.message
    assert err.body == "Object not found."
    assert err.exception_class_name is None


def test_json_404_is_an_unknown_id_not_an_unknown_operation() -> None:
    for body in ({"errorId": "e1"}, {"message": "Could not find configuration for X"}, b""):
        assert type(_map(404, body)) is NotFoundError


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (500, ServerError),
    ],
)
def test_modern_error_id_only_bodies(status: int, cls: type[ApiError]) -> None:
    """2.x answers {errorId} only: the right class, the id kept, a readable message."""
    err = _map(status, {"errorId": "0b7d5ad6-1c0e-4a30-9c8e-2f6a0f2b8d11"})
    assert type(err) is cls
    assert err.error_id == "0b7d5ad6-1c0e-4a30-9c8e-2f6a0f2b8d11"
    assert err.exception_class_name is None
    assert "errorId 0b7d5ad6-1c0e-4a30-9c8e-2f6a0f2b8d11" in err.message


def test_modern_known_exception_keeps_its_message() -> None:
    err = _map(409, {"message": "A sync is already running for: abc", "errorId": "e2"})
    assert isinstance(err, ConflictError)
    assert err.sync_already_running
    assert err.message == "A sync is already running for: abc"
    assert err.error_id == "e2"


def test_modern_bare_500_on_a_job_operation_says_it_may_be_an_unknown_job() -> None:
    err = error_from_response(
        operation="POST /v1/jobs/get", status=500, headers={}, body=b'{"errorId": "e3"}'
    )
    assert type(err) is ServerError
    assert "unknown job id" in err.message
    other = error_from_response(
        operation="POST /v1/connections/get", status=500, headers={}, body=b'{"errorId": "e3"}'
    )
    assert "unknown job id" not in other.message


def test_modern_401_with_an_empty_body() -> None:
    err = _map(401, b"")
    assert type(err) is AuthenticationError
    assert err.message == "Unauthorized"
    assert err.body is None


def test_proxy_401_html_page() -> None:
    html = (
        b"<html><head><title>401 Authorization Required</title></head>"
        b"<body><center><h1>401 Authorization Required</h1></center><hr>nginx</body></html>"
    )
    err = _map(401, html)
    assert type(err) is AuthenticationError
    assert err.message == "401 Authorization Required"
    assert isinstance(err.body, str)
    assert err.body.startswith("<html>")


def test_html_without_title_uses_text() -> None:
    err = _map(502, b"<html><body><h1>Bad   Gateway</h1></body></html>")
    assert type(err) is ServerError
    assert err.message == "Bad Gateway"


@pytest.mark.parametrize("body", [b"", b"[]", b"null", b"{}", b'{"message": 12}'])
def test_empty_or_odd_bodies_fall_back_to_reason(body: bytes) -> None:
    err = _map(503, body)
    assert type(err) is ServerError
    assert err.message == "Service Unavailable"


def test_long_non_json_body_is_truncated_in_message_but_kept_whole() -> None:
    body = b"x" * 5000
    err = _map(500, body)
    assert len(err.message) <= 203
    assert err.message.endswith("...")
    assert err.body == "x" * 5000


def test_invalid_utf8_body() -> None:
    err = _map(500, b"\xff\xfe broken")
    assert type(err) is ServerError
    assert "broken" in err.message


def test_retry_after_seconds_and_date() -> None:
    assert _map(429, {}, {"Retry-After": "7"}).retry_after == 7.0
    when = email.utils.formatdate(1_000_030, usegmt=True)
    err = error_from_response(
        operation=OP, status=429, headers={"Retry-After": when}, body=b"", now=1_000_000
    )
    assert isinstance(err, RateLimitError)
    assert err.retry_after == pytest.approx(30.0)
    assert _map(429, {}).retry_after is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("soon", None),
        (None, None),
        ("Wed, 21 Oct 2015 07:28:00", None),  # no zone: not an HTTP date
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=0) == expected


def test_retry_after_date_in_the_past_is_zero() -> None:
    when = email.utils.formatdate(100, usegmt=True)
    assert parse_retry_after(when, now=1000) == 0.0


def test_maybe_processed_on_api_errors() -> None:
    # A 503 is the proxy's "no server to forward to": nothing was done.
    assert not _map(503, b"").maybe_processed
    assert _map(500, b"").maybe_processed
    assert _map(502, b"").maybe_processed
    assert _map(504, b"").maybe_processed
    assert not _map(429, b"").maybe_processed
    assert not _map(409, b"").maybe_processed
