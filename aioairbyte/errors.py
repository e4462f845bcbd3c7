"""The error tree, and the one pure function that turns an HTTP error response into an exception.

::

    AirbyteError
    ├── InvalidArgumentError (ValueError)        bad input, rejected before any request
    │   └── InvalidArgumentTypeError (TypeError)
    ├── ApiConnectionError                        the request got no HTTP answer
    │   └── ApiTimeoutError
    ├── ResponseDecodeError                       an answer that is not the JSON promised
    │   └── ResponseValidationError               JSON that does not fit the model
    ├── ClientClosedError (RuntimeError)          the client was used after close()
    ├── NotStartedError                           a sync or reset not started by its deadline
    ├── NoJobStartedError                         a refresh the server answered with no job
    ├── JobError                                  a job did not succeed (carries .result)
    │   ├── JobFailedError, JobCancelledError
    │   ├── JobTimeoutError (TimeoutError)        the wait's deadline passed first
    │   └── JobWaitError                          the wait lost its job to a definite error
    └── ApiError                                  an HTTP error status
        ├── BadRequestError (400)  AuthenticationError (401)  PermissionDeniedError (403)
        ├── NotFoundError (404)    ConflictError (409)         UnprocessableEntityError (422)
        │   └── UnsupportedOperationError (404: the server has no such operation)
        ├── RateLimitError (429)
        └── ServerError (5xx)
            └── JobNotFoundError (500 "Could not find job with id", also a NotFoundError)

No message built here contains request headers, so credentials cannot leak through errors.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from uuid import UUID

import attrs
import orjson

from .models import JobRead
from .results import JobResult

__all__ = [
    "AirbyteError",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobNotFoundError",
    "JobTimeoutError",
    "JobWaitError",
    "NoJobStartedError",
    "NotFoundError",
    "NotStartedError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseValidationError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "ValidationProblem",
    "error_from_response",
    "parse_retry_after",
]

# Error messages quote at most this much of a body; the full body stays on the exception.
_SNIPPET = 200


class AirbyteError(Exception):
    """Root of every error this library raises."""


class InvalidArgumentError(AirbyteError, ValueError):
    """An argument was rejected before any request was sent."""


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type was rejected before any request was sent."""


class ClientClosedError(AirbyteError, RuntimeError):
    """The client (or its transport) was used after :meth:`~aioairbyte.AirbyteClient.close`."""


class ApiConnectionError(AirbyteError):
    """The request got no HTTP answer: refused, reset, dropped, or timed out.

    ``maybe_processed`` tells whether the server may have acted on the request. It is ``False``
    only when the connection was never established (refused, DNS), the one case in which even
    a non-idempotent operation such as a sync can be sent again without risk of a duplicate.
    """

    def __init__(self, message: str, *, operation: str, maybe_processed: bool) -> None:
        super().__init__(f"{operation}: {message}")
        self.operation = operation
        self.maybe_processed = maybe_processed


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (aiohttp's ``ClientTimeout``)."""


class ResponseDecodeError(AirbyteError):
    """The server answered, but not with the JSON the operation promises."""

    def __init__(self, message: str, *, operation: str, status: int | None = None) -> None:
        super().__init__(f"{operation}: {message}")
        self.operation = operation
        self.status = status


class ResponseValidationError(ResponseDecodeError):
    """The response is JSON but does not fit the model; ``problems`` names each wire path."""

    def __init__(self, *, operation: str, problems: list[str], status: int | None = None) -> None:
        shown = "; ".join(problems[:5]) + (
            f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        )
        super().__init__(
            f"response does not match the model: {shown}", operation=operation, status=status
        )
        self.problems = problems


@attrs.frozen
class ValidationProblem:
    """One entry of a 400 answer's ``validationErrors``: which property, what value, why."""

    property_path: str
    invalid_value: Any
    message: str | None


class ApiError(AirbyteError):
    """The server answered with an error status.

    Attributes: ``status``, ``message`` (the server's, or a readable stand-in for a non-JSON
    body or one without a message), ``exception_class_name`` (the server's Java exception class,
    given by 0.40-era servers), ``error_id`` (the ``errorId`` under which a 2.x server logged
    the details it no longer sends), ``body`` (the parsed JSON body, or the text when it is not
    JSON), ``operation`` (the endpoint) and ``retry_after`` (seconds, from a ``Retry-After``
    header, when present).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        operation: str,
        body: Any = None,
        exception_class_name: str | None = None,
        retry_after: float | None = None,
        error_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        told = f"{operation} failed with {status}: {message}"
        super().__init__(told if hint is None else f"{told}; {hint}")
        self.message = message
        #: What this client adds to the server's message (e.g. a 401's: credentials missing or
        #: refused), part of ``str(error)``; ``None`` when there is nothing to add.
        self.hint = hint
        self.status = status
        self.operation = operation
        self.body = body
        self.exception_class_name = exception_class_name
        self.retry_after = retry_after
        self.error_id = error_id

    @property
    def maybe_processed(self) -> bool:
        """Whether the server may have acted on the request before failing.

        A 4xx is a refusal: nothing was done. So is a 503: the proxy in front of Airbyte answers
        it when it has no server to forward to. Any other 5xx may come after the work was done
        (a 500 from the server, a gateway's 502 or 504): a sync that failed so must be
        reconciled, not blindly resent.
        """
        return self.status >= 500 and self.status != 503


class BadRequestError(ApiError):
    """400: the request broke the schema; ``validation_errors`` lists what and where."""

    @property
    def validation_errors(self) -> list[ValidationProblem]:
        """The server's ``validationErrors``, empty when it gave none."""
        raw = self.body.get("validationErrors") if isinstance(self.body, dict) else None
        if not isinstance(raw, list):
            return []
        return [
            ValidationProblem(
                str(item.get("propertyPath", "")), item.get("invalidValue"), item.get("message")
            )
            for item in raw
            if isinstance(item, dict)
        ]


class AuthenticationError(ApiError):
    """401: missing or wrong credentials (the auth proxy answers with an HTML page, 2.x with no
    body). From an API request, ``hint`` (and the message) says which: "no credentials were
    given (pass auth=...)" when the request carried no ``Authorization`` header, "the server
    refused the credentials (...)" otherwise, naming their kind, never their secret."""


class PermissionDeniedError(ApiError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(ApiError):
    """404: no such connection, workspace, source or destination (or no such route)."""


class UnsupportedOperationError(NotFoundError):
    """404 from the router, not from a handler: this server has no such operation.

    Airbyte answers an unknown route with the plain text ``Object not found.``, and 1.x/2.x
    removed operations of 0.40 (``/v1/workspaces/list``, ``/v1/logs/get``...). A wrong
    ``base_url`` (one that does not end in ``/api``) looks the same, and the message says so.
    """


class ConflictError(ApiError):
    """409: the request conflicts with the current state, e.g. "A sync is already running"."""

    @property
    def sync_already_running(self) -> bool:
        """Whether this is the server's "A sync is already running for: <id>" conflict."""
        return "already running" in self.message


class UnprocessableEntityError(ApiError):
    """422: the body could not be read (malformed JSON) or was refused as invalid input."""


class RateLimitError(ApiError):
    """429: too many requests; ``retry_after`` says how long to wait when the server said."""


class ServerError(ApiError):
    """5xx: the server failed."""


class JobNotFoundError(ServerError, NotFoundError):
    """The server's 500 for an unknown job id ("Could not find job with id: N").

    Airbyte answers an unknown job with 500 rather than 404; this is both a :class:`ServerError`
    (the status) and a :class:`NotFoundError` (the meaning), so ``except NotFoundError`` works.
    """


class JobError(AirbyteError):
    """A job did not succeed; ``result`` (a :class:`~aioairbyte.JobResult`) says how."""

    def __init__(self, result: JobResult, message: str) -> None:
        super().__init__(message)
        self.result = result

    @property
    def job_id(self) -> int:
        """The job's id."""
        return self.result.job_id

    @staticmethod
    def _describe(result: JobResult) -> str:
        where = f" on connection {result.connection_id}" if result.connection_id else ""
        return f"{result.config_type.value} job {result.job_id}{where}"


def _attempts(count: int | None) -> str:
    if count is None:
        return ""
    return f" after {count} attempt{'s' * (count != 1)}"


class JobFailedError(JobError):
    """The job ended ``failed``; ``result.failure_reasons`` says why."""

    def __init__(self, result: JobResult) -> None:
        reason = result.failure_reasons[0].message if result.failure_reasons else None
        super().__init__(
            result,
            f"{self._describe(result)} failed{_attempts(result.attempts_count)}"
            + (f": {reason}" if reason else ""),
        )


class JobCancelledError(JobError):
    """The job ended ``cancelled``."""

    def __init__(self, result: JobResult) -> None:
        super().__init__(result, f"{self._describe(result)} was cancelled")


def _cancel_note(cancelled: bool, cancel_error: BaseException | None) -> str:
    if cancelled:
        return "; the job was cancelled"
    if cancel_error is not None:
        return f"; cancelling it failed ({cancel_error}): it may still be running"
    return "; the job keeps running"


class JobTimeoutError(JobError, TimeoutError):
    """The wait's deadline passed before the job ended.

    ``result`` holds the job as the server reported it then: its attempts, and after a cancel
    its final status. ``cancelled`` is ``True`` only when the server confirmed the cancel;
    ``cancel_error`` is why a cancel that was tried did not happen.
    """

    def __init__(
        self,
        result: JobResult,
        *,
        timeout: float,
        cancelled: bool,
        cancel_error: BaseException | None = None,
    ) -> None:
        state = result.status.value
        super().__init__(
            result,
            f"{self._describe(result)} did not end within {timeout:g}s (last seen {state})"
            + _cancel_note(cancelled, cancel_error),
        )
        self.timeout = timeout
        self.cancelled = cancelled
        self.cancel_error = cancel_error


class JobWaitError(JobError):
    """The wait stopped following a job before it ended: a request got a definite error
    (401, 403, 404, another 4xx, an unreadable answer). The API error is ``__cause__`` (also
    ``.cause``); ``result`` is the job as last seen. A job the wait owned was then cancelled:
    ``cancelled`` says whether the server confirmed it, ``cancel_error`` why not."""

    def __init__(
        self,
        result: JobResult,
        cause: AirbyteError,
        *,
        cancelled: bool,
        cancel_error: BaseException | None = None,
        owned: bool,
    ) -> None:
        tail = _cancel_note(cancelled, cancel_error) if owned else ""
        super().__init__(
            result,
            f"stopped following {self._describe(result)} (last seen {result.status.value}):"
            f" {cause}{tail}",
        )
        self.cause = cause
        self.cancelled = cancelled
        self.cancel_error = cancel_error
        self.owned = owned


class NotStartedError(AirbyteError):
    """A sync or reset was not started before the deadline: it was still queued (a fan-out's
    ``max_running``), or its trigger was still being resent (an outage).

    A job that the trigger's requests may have started is looked for and cancelled; when one
    was found, ``result`` is that job (``cancelled`` says whether the server confirmed the
    cancel), else ``None``."""

    def __init__(
        self, message: str, *, result: JobResult | None = None, cancelled: bool = False
    ) -> None:
        super().__init__(message)
        self.result = result
        self.cancelled = cancelled


class NoJobStartedError(AirbyteError):
    """The server answered a refresh without starting a job: its destination does not support
    refreshes (``running`` is ``None``), or a job was already running (``running``, when
    ``if_running="error"``; the server then applies the refresh at the next sync)."""

    def __init__(
        self, message: str, *, connection_id: UUID, running: JobRead | None = None
    ) -> None:
        super().__init__(message)
        self.connection_id = connection_id
        self.running = running


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

_JOB_NOT_FOUND = re.compile(r"Could not find job with id", re.IGNORECASE)
# Operations whose bare 500 (2.x) may mean an unknown job id: the message says so.
_JOB_OPERATIONS = ("POST /v1/jobs/", "POST /v1/attempt/")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delta-seconds or an HTTP date.

    Returns ``None`` when absent or unreadable, and never a negative number.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _readable(raw: bytes) -> str:
    """A short human message for a non-JSON body: an HTML page's title, or the text itself."""
    title = _TITLE.search(raw)
    text = (title.group(1) if title else raw).decode("utf-8", "replace")
    text = " ".join(_TAGS.sub(" ", text).split())
    return text[:_SNIPPET] + ("..." if len(text) > _SNIPPET else "")


def error_from_response(
    *,
    operation: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    now: float | None = None,
    credentials: str | None = None,
) -> ApiError:
    """Map an error response to its exception. Pure: no I/O, never raises.

    ``credentials`` names what the request carried (``""``: nothing; ``"Basic auth"``...):
    a 401 then says whether they were missing or refused. ``None``: no such hint.

    Both servers' JSON bodies are read: 0.40's ``{message, exceptionClassName,
    exceptionStack}`` and 2.x's ``{errorId}`` or ``{message, errorId}`` (the details went to the
    server's log). Any other body (``Object not found.``, an HTML 401 page, nothing at all)
    still yields the right class, with a readable message and the text kept on ``body``.
    """
    parsed: Any
    message: str | None = None
    try:
        parsed = orjson.loads(body) if body else None
    except orjson.JSONDecodeError:
        parsed = body.decode("utf-8", "replace")
    fields = parsed if isinstance(parsed, dict) else {}
    message = _text(fields.get("message"))
    class_name = _text(fields.get("exceptionClassName"))
    error_id = _text(fields.get("errorId"))
    if message is None and isinstance(parsed, str):  # not JSON: text or an HTML page
        message = _readable(body)
    if not message:
        message = _reason(status)
        if error_id is not None:
            message += f" (errorId {error_id}; the server logged the details)"
            if status == 500 and operation.startswith(_JOB_OPERATIONS):
                message += "; Airbyte 2.x answers an unknown job id so"

    cls: type[ApiError]
    if status == 404 and isinstance(parsed, str):
        # The router's answer, not a handler's (those answer JSON): no such operation here.
        cls = UnsupportedOperationError
        message = (
            f"this server has no {operation.partition(' ')[2] or operation} ({message}): it was"
            " removed from the server's API version, or base_url does not point at the API"
            " (it usually ends in /api)"
        )
    elif status in _BY_STATUS:
        cls = _BY_STATUS[status]
    elif status == 500 and _JOB_NOT_FOUND.search(message):
        cls = JobNotFoundError
    elif status >= 500:
        cls = ServerError
    else:
        cls = ApiError
    hint = None
    if status == 401 and credentials is not None:
        hint = (
            f"the server refused the credentials ({credentials})"
            if credentials
            else "no credentials were given (pass auth=...)"
        )
    return cls(
        message,
        status=status,
        operation=operation,
        body=parsed,
        exception_class_name=class_name,
        retry_after=parse_retry_after(headers.get("Retry-After"), now=now),
        error_id=error_id,
        hint=hint,
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
