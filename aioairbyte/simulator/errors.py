"""The error answers of the real Airbyte server, as an exception the handlers raise.

Bodies copy the 0.40 server's shapes: ``{message, exceptionClassName, exceptionStack}``, plus
``validationErrors`` for input errors. Stack frames are short but look like the server's.
:meth:`ApiError.modern_body` gives the 2.x shape of the same error: ``{"errorId"}``, plus the
``message`` for the known exceptions the 2.x ``KnownExceptionHandler`` answers (``known``).
"""

from __future__ import annotations

import uuid
from typing import Any

__all__ = [
    "ApiError",
    "bad_request",
    "conflict",
    "job_not_found",
    "malformed_json",
    "not_found",
]

_HANDLER_FRAMES = [
    "io.airbyte.commons.server.handlers.ConnectionsHandler.getConnection(ConnectionsHandler.java:612)",
    "io.airbyte.server.apis.ConnectionApiController.lambda$getConnection$6(ConnectionApiController.java:111)",
    "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
    "io.micronaut.http.server.RouteExecutor.lambda$executeRoute$14(RouteExecutor.java:656)",
    "java.base/java.lang.Thread.run(Thread.java:1589)",
]


class ApiError(Exception):
    """An error answer: HTTP status and JSON body."""

    def __init__(self, status: int, body: dict[str, Any], *, known: bool = False) -> None:
        super().__init__(f"{status}: {body.get('message')}")
        self.status = status
        self.body = body
        self.known = known
        """Whether a 2.x server answers it with its message (a ``KnownException``)."""

    def modern_body(self) -> dict[str, Any]:
        """The 2.x body: a fresh ``errorId``, with the ``message`` if the error is known."""
        body: dict[str, Any] = {"errorId": str(uuid.uuid4())}
        if self.known:
            body = {"message": self.body["message"], **body}
        return body


def _body(message: str, exception_class: str, frames: list[str]) -> dict[str, Any]:
    return {"message": message, "exceptionClassName": exception_class, "exceptionStack": frames}


def not_found(config_type: str, config_id: str) -> ApiError:
    """404 for an unknown id, e.g. ``config_type`` ``STANDARD_SYNC`` for a connection.

    The real body has no ``id`` field although ``NotFoundKnownExceptionInfo`` declares one.
    """
    return ApiError(
        404,
        _body(
            f"Internal Server Error: Could not find configuration for {config_type}: {config_id}.",
            "io.airbyte.commons.server.errors.IdNotFoundKnownException",
            [
                "io.airbyte.commons.server.errors.IdNotFoundKnownException: Id not found",
                *_HANDLER_FRAMES,
            ],
        ),
    )


def job_not_found(job_id: int) -> ApiError:
    """500 for an unknown job id: the real server answers 500, not the documented 404."""
    return ApiError(
        500,
        _body(
            f"Internal Server Error: Could not find job with id: {job_id}",
            "java.lang.RuntimeException",
            [
                f"java.lang.RuntimeException: Could not find job with id: {job_id}",
                "io.airbyte.persistence.job.DefaultJobPersistence.getJob(DefaultJobPersistence.java:553)",
                "io.airbyte.commons.server.handlers.JobHistoryHandler.getJobInfo(JobHistoryHandler.java:168)",
                *_HANDLER_FRAMES[2:],
            ],
        ),
    )


def conflict(message: str) -> ApiError:
    """409, as the server answers a manual operation that conflicts with the workflow."""
    return ApiError(
        409,
        known=True,
        body=_body(
            message,
            "io.airbyte.commons.server.errors.ValueConflictKnownException",
            [
                f"io.airbyte.commons.server.errors.ValueConflictKnownException: {message}",
                "io.airbyte.commons.server.scheduler.TemporalEventRunner.startNewManualSync("
                "TemporalEventRunner.java:34)",
                *_HANDLER_FRAMES[2:],
            ],
        ),
    )


def bad_request(validation_errors: list[dict[str, Any]]) -> ApiError:
    """400 for a body that breaks the request schema (bean validation in the real server)."""
    body = _body(
        "Bad Request",
        "javax.validation.ConstraintViolationException",
        [
            "javax.validation.ConstraintViolationException: request body failed validation",
            "io.micronaut.validation.ValidatingInterceptor.intercept(ValidatingInterceptor.java:147)",
            *_HANDLER_FRAMES[3:],
        ],
    )
    body["validationErrors"] = validation_errors
    return ApiError(400, body)


def malformed_json(detail: str) -> ApiError:
    """422 for a body that is not a JSON object (``InvalidInputExceptionInfo`` shape)."""
    body = _body(
        f"Malformed JSON: {detail}",
        "com.fasterxml.jackson.core.JsonParseException",
        [
            f"com.fasterxml.jackson.core.JsonParseException: {detail}",
            "com.fasterxml.jackson.databind.ObjectMapper.readTree(ObjectMapper.java:3166)",
            *_HANDLER_FRAMES[3:],
        ],
    )
    # InvalidInputExceptionInfo requires validationErrors; a parse error has none.
    body["validationErrors"] = []
    return ApiError(422, body)
