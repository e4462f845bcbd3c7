"""aioairbyte: an async client for the Airbyte Configuration API.

::

    from aioairbyte import AirbyteClient

    async with AirbyteClient("http://localhost:8000/api", auth=("airbyte", "password")) as client:
        job = await client.connections.sync(connection_id)
"""

from .auth import BasicAuth, BearerAuth, ClientCredentials
from .client import DEFAULT_BASE_URL, AirbyteClient
from .errors import (
    AirbyteError,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobCancelledError,
    JobError,
    JobFailedError,
    JobNotFoundError,
    JobTimeoutError,
    JobWaitError,
    NoJobStartedError,
    NotFoundError,
    NotStartedError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseValidationError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from .fanout import BulkResult, BulkSyncError, ConnectionOutcome, OutcomeStatus, TriggerOutcome
from .results import FailureReason, JobProgress, JobResult, JobUpdate
from .retries import NO_RETRIES, RetryConfig
from .schedule import PollPolicy

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "NO_RETRIES",
    "AirbyteClient",
    "AirbyteError",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "BulkResult",
    "BulkSyncError",
    "ClientClosedError",
    "ClientCredentials",
    "ConnectionOutcome",
    "FailureReason",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobProgress",
    "JobResult",
    "JobTimeoutError",
    "JobUpdate",
    "JobWaitError",
    "OutcomeStatus",
    "PollPolicy",
    "ConflictError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "JobNotFoundError",
    "NoJobStartedError",
    "NotFoundError",
    "NotStartedError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseValidationError",
    "RetryConfig",
    "ServerError",
    "TriggerOutcome",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "__version__",
]
