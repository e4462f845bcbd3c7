"""When and how a failed request is sent again (tenacity).

Retried: connection errors and timeouts, 429, 502, 503 and 504, with exponential backoff and full
jitter, honouring ``Retry-After`` (capped), bounded by a number of attempts and by total time.

An endpoint that is not idempotent (sync, reset, create) is retried only when the request
certainly never reached the server (connection refused, DNS failure, connect timeout). Every
other failure of such a request is *ambiguous* and is raised with ``maybe_processed`` set, for the
caller to reconcile (see :mod:`aioairbyte.waiting`) instead of risking a duplicate sync.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import attrs
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from .endpoints import Endpoint
from .errors import ApiConnectionError, ApiError, InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["NO_RETRIES", "RETRYABLE_STATUSES", "RetryConfig", "is_retryable", "retrying"]

logger = logging.getLogger("aioairbyte")

#: HTTP statuses that mean "try again later" rather than "this request is wrong".
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


def _positive(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentTypeError(
            f"RetryConfig.{attribute.name} must be a number, got {type(value).__name__}"
        )
    if not value > 0:  # written so that NaN fails too
        raise InvalidArgumentError(f"RetryConfig.{attribute.name} must be > 0, got {value!r}")


def _at_least_one(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(
            f"RetryConfig.{attribute.name} must be an int, got {type(value).__name__}"
        )
    if value < 1:
        raise InvalidArgumentError(
            f"RetryConfig.{attribute.name} must be an int >= 1, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class RetryConfig:
    """How requests are retried.

    ``attempts`` counts the first try (1 disables retries); ``total_timeout`` bounds the time
    spent across all attempts and waits; waits grow exponentially from ``initial_backoff`` up to
    ``max_backoff`` with full jitter; a server's ``Retry-After`` is honoured up to
    ``max_retry_after`` seconds.
    """

    attempts: int = attrs.field(default=5, validator=_at_least_one)
    total_timeout: float = attrs.field(default=60.0, validator=_positive)
    initial_backoff: float = attrs.field(default=0.25, validator=_positive)
    max_backoff: float = attrs.field(default=8.0, validator=_positive)
    max_retry_after: float = attrs.field(default=60.0, validator=_positive)


#: A policy that never retries.
NO_RETRIES = RetryConfig(attempts=1)


def is_retryable(exc: BaseException, *, idempotent: bool) -> bool:
    """Whether ``exc`` may be retried for an endpoint of the given idempotency."""
    if isinstance(exc, ApiConnectionError):
        return idempotent or not exc.maybe_processed
    if isinstance(exc, ApiError):
        return idempotent and exc.status in RETRYABLE_STATUSES
    return False


class _wait_retry_after_or_backoff(wait_base):
    """Wait what the server asked for (``Retry-After``, capped), else exponential with jitter."""

    def __init__(self, config: RetryConfig) -> None:
        self._cap = config.max_retry_after
        self._backoff = wait_random_exponential(
            multiplier=config.initial_backoff, max=config.max_backoff
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, ApiError) and exc.retry_after is not None:
            return min(exc.retry_after, self._cap)
        return float(self._backoff(retry_state))


class _stop_before_total_timeout(stop_base):
    """Stop when the next wait would end past ``total`` seconds after ``started``
    (``time.monotonic``): tenacity's ``stop_before_delay``, but timed from the first attempt
    even when that attempt ran before the controller was built."""

    def __init__(self, total: float, started: float) -> None:
        self._total = total
        self._started = started

    def __call__(self, retry_state: RetryCallState) -> bool:
        now = retry_state.outcome_timestamp or time.monotonic()
        return now - self._started + retry_state.upcoming_sleep >= self._total


def _log_retry(endpoint: Endpoint, config: RetryConfig) -> Any:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        logger.warning(
            "retrying %s in %.2fs (attempt %d of %d failed: %s)",
            endpoint,
            delay,
            state.attempt_number,
            config.attempts,
            exc,
        )

    return before_sleep


def retrying(
    endpoint: Endpoint, config: RetryConfig, sleep: Any, *, started: float | None = None
) -> AsyncRetrying:
    """A tenacity controller for one call of ``endpoint`` under ``config``.

    ``started`` (``time.monotonic()``) is when the call's first attempt began, if before now:
    ``total_timeout`` counts from there.
    """
    begun = time.monotonic() if started is None else started
    return AsyncRetrying(
        retry=retry_if_exception(lambda exc: is_retryable(exc, idempotent=endpoint.idempotent)),
        stop=stop_after_attempt(config.attempts)
        | _stop_before_total_timeout(config.total_timeout, begun),
        wait=_wait_retry_after_or_backoff(config),
        before_sleep=_log_retry(endpoint, config),
        sleep=sleep,
        reraise=True,
    )
