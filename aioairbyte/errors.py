"""The error tree, and the one pure function that turns an HTTP error response into an exception.

::

    AirbyteError
    ├── InvalidArgumentError (ValueError)        bad input, rejected before any request
    │   └── InvalidArgumentTypeError (TypeError)
    ├── ApiConnectionError                        the request got no HTTP answer
    │   └── ApiTimeoutError
    ├── ResponseDecodeError                       an answer that is not the JSON promised
    │   └── ResponseValidationError               JSON that does not fit the model
    ├── JobError                                  a job did not succeed (carries .result)
    │   └── JobFailedError, JobCancelledError, JobTimeoutError
    └── ApiError                                  an HTTP error status
        ├── BadRequestError (400)  AuthenticationError (401)  PermissionDeniedError (403)
        ├── NotFoundError (404)    ConflictError (409)         UnprocessableEntityError (422)
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
from typing import TYPE_CHECKING, Any

import attrs
import orjson

if TYPE_CHECKING:
    from .waiting import JobResult

__all__ = [
    "AirbyteError",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobNotFoundError",
    "JobTimeoutError",
    "NotFoundError",
    "NotStartedError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseValidationError",
    "ServerError",
    "UnprocessableEntityError",
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
    body), ``exception_class_name`` (the server's Java exception class, when given), ``body``
    (the parsed JSON body, or the text when it is not JSON), ``operation`` (the endpoint) and
    ``retry_after`` (seconds, from a ``Retry-After`` header, when present).
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
    ) -> None:
        super().__init__(f"{operation} failed with {status}: {message}")
        self.message = message
        self.status = status
        self.operation = operation
        self.body = body
        self.exception_class_name = exception_class_name
        self.retry_after = retry_after

    @property
    def maybe_processed(self) -> bool:
        """Whether the server may have acted on the request before failing (any 5xx).

        A 4xx is a refusal: nothing was done. A 5xx may come after the work was done (or from
        a proxy that never forwarded it): a sync that failed with 5xx must be reconciled, not
        blindly resent.
        """
        return self.status >= 500


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
    """401: missing or wrong credentials (the auth proxy answers with an HTML page)."""


class PermissionDeniedError(ApiError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(ApiError):
    """404: no such connection, workspace, source or destination (or no such route)."""


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
    """A job did not succeed; ``result`` (a :class:`~aioairbyte.waiting.JobResult`) says how."""

    def __init__(self, result: JobResult, message: str) -> None:
        super().__init__(message)
        self.result = result

    @staticmethod
    def _describe(result: JobResult) -> str:
        where = f" on connection {result.connection_id}" if result.connection_id else ""
        return f"{result.config_type.value} job {result.job_id}{where}"


class JobFailedError(JobError):
    """The job ended ``failed``; ``result.failure_reasons`` says why."""

    def __init__(self, result: JobResult) -> None:
        reason = result.failure_reasons[0].message if result.failure_reasons else None
        attempts = f"after {result.attempts_count} attempt{'s' * (result.attempts_count != 1)}"
        super().__init__(
            result,
            f"{self._describe(result)} failed {attempts}" + (f": {reason}" if reason else ""),
        )


class JobCancelledError(JobError):
    """The job ended ``cancelled``."""

    def __init__(self, result: JobResult) -> None:
        super().__init__(result, f"{self._describe(result)} was cancelled")


class JobTimeoutError(JobError):
    """The wait's deadline passed before the job ended.

    ``result`` holds the job as last seen; ``cancelled`` tells whether the job was cancelled
    because of the timeout (``cancel_on_timeout``).
    """

    def __init__(self, result: JobResult, *, timeout: float, cancelled: bool) -> None:
        then = "; the job was cancelled" if cancelled else "; the job keeps running"
        super().__init__(
            result,
            f"{self._describe(result)} still {result.status.value} after {timeout:g}s{then}",
        )
        self.timeout = timeout
        self.cancelled = cancelled


class NotStartedError(AirbyteError):
    """A sync or reset was not started before the deadline: it was still queued (a fan-out's
    ``max_running``), or its trigger was still being retried (an outage). Any job the trigger's
    requests may have started was looked for and cancelled."""


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
) -> ApiError:
    """Map an error response to its exception. Pure: no I/O, never raises.

    JSON bodies give ``message`` and ``exceptionClassName``; any other body (``Object not
    found.``, an HTML 401 page, nothing at all) still yields the right class, with a readable
    message and the text kept on ``body``.
    """
    parsed: Any
    message: str | None = None
    class_name: str | None = None
    try:
        parsed = orjson.loads(body) if body else None
    except orjson.JSONDecodeError:
        parsed = body.decode("utf-8", "replace")
    if isinstance(parsed, dict):
        raw_message = parsed.get("message")
        message = raw_message if isinstance(raw_message, str) else None
        raw_class = parsed.get("exceptionClassName")
        class_name = raw_class if isinstance(raw_class, str) else None
    if message is None and isinstance(parsed, str):  # not JSON: text or an HTML page
        message = _readable(body)
    if not message:
        message = _reason(status)

    cls: type[ApiError]
    if status in _BY_STATUS:
        cls = _BY_STATUS[status]
    elif status == 500 and _JOB_NOT_FOUND.search(message):
        cls = JobNotFoundError
    elif status >= 500:
        cls = ServerError
    else:
        cls = ApiError
    return cls(
        message,
        status=status,
        operation=operation,
        body=parsed,
        exception_class_name=class_name,
        retry_after=parse_retry_after(headers.get("Retry-After"), now=now),
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
