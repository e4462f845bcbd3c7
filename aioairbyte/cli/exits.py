"""The command line's one exit-code contract, and how every error maps onto it.

======  =====================================================================================
 code   meaning
======  =====================================================================================
 0      everything asked for succeeded
 1      a job did not succeed (failed, cancelled, timed out; a refresh that started none), a
        connector check failed or did not answer in time (``sources check``), or what was asked
        about does not exist (an unknown connection, job, workspace, source, destination,
        attempt or stream; ``connections create`` then creates nothing)
 2      bad input (options, ids, URL): checked before any request is sent
 3      the server could not be reached, is not the API, refused the request or rejected the
        credentials
 130    Ctrl-C; 143 SIGTERM (both cancel the jobs the run started)
======  =====================================================================================
"""

from __future__ import annotations

import signal
from collections.abc import Iterable
from typing import Any

from ..errors import (
    AirbyteError,
    ApiConnectionError,
    ApiError,
    InvalidArgumentError,
    JobError,
    JobWaitError,
    NoJobStartedError,
    NotFoundError,
    NotStartedError,
    UnsupportedOperationError,
)

__all__ = [
    "EXIT_API",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "CliError",
    "error_json",
    "exit_code_for",
    "worst",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_API = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 128 + signal.SIGTERM


class CliError(Exception):
    """A failure the command line itself decides (e.g. ``--attempt 4`` of a job with two):
    its message and its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def exit_code_for(exc: BaseException) -> int:
    """The exit code an error ends the command with."""
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, InvalidArgumentError):
        return EXIT_USAGE
    if isinstance(exc, JobWaitError):  # the job was lost to an API error: that error decides
        return exit_code_for(exc.cause)
    if isinstance(exc, JobError | NotStartedError):  # failed, cancelled, timed out
        return EXIT_FAILED
    if isinstance(exc, NoJobStartedError):  # a refresh its destination cannot run: no job
        return EXIT_FAILED
    if isinstance(exc, UnsupportedOperationError):  # the router's 404: --url is not the API
        return EXIT_API
    if isinstance(exc, NotFoundError):  # an unknown id (JobNotFoundError included)
        return EXIT_FAILED
    if isinstance(exc, AirbyteError):  # unreachable, 401/403, 5xx, unreadable answers...
        return EXIT_API
    return EXIT_API


def worst(codes: Iterable[int]) -> int:
    """The exit code of several results: 3 over 1 over 0."""
    return max(codes, default=EXIT_OK)


def error_json(exc: BaseException) -> dict[str, Any]:
    """An error as JSON: its type, its message, and what it names (job id, HTTP status)."""
    out: dict[str, Any] = {
        "type": type(exc).__name__,
        "message": str(exc),
        "exit_code": exit_code_for(exc),
    }
    if isinstance(exc, JobError):
        out["job_id"] = exc.job_id
    elif isinstance(exc, NotStartedError) and exc.result is not None:
        out["job_id"] = exc.result.job_id
    cause = exc.cause if isinstance(exc, JobWaitError) else exc
    if isinstance(cause, ApiError):
        out["status"] = cause.status
    if isinstance(cause, ApiError | ApiConnectionError):
        out["operation"] = cause.operation
    return out
