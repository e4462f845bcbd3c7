"""When and how a failed request is sent again: the one retry policy (tenacity).

*Transient* failures mean "try again later": connection errors and timeouts, 429, 502, 503 and
504. They are retried with exponential backoff and full jitter, honouring ``Retry-After``
(capped), under one of two budgets:

- :class:`RetryConfig`, the budget of a single call (``client.jobs.get(...)``): a number of
  attempts and a total time.
- :class:`UntilDeadline`, the budget of a wait (``jobs.wait``, ``sync_and_wait``,
  ``sync_many``): every request made while waiting is retried until the wait's own deadline,
  or for as long as it takes when there is none. The caller bounds it with the deadline
  (``asyncio.timeout_at``); its warnings are rate-limited.

An endpoint that is not idempotent (sync, reset, create) is retried only when the request
certainly did nothing: the connection was never made (refused, DNS, connect timeout), or it was
refused with 429 or a proxy's 503. Every other failure of such a request is *ambiguous* and is
raised with ``maybe_processed`` set, for the caller to reconcile (see :mod:`aioairbyte.triggers`)
instead of risking a duplicate sync. Resends of triggers go through :func:`resending`, built here
from the same pieces.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import attrs
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_result,
    stop_after_attempt,
    stop_never,
    wait_random_exponential,
)
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from ._aio import Sleep
from .endpoints import Endpoint
from .errors import (
    AirbyteError,
    ApiConnectionError,
    ApiError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
)

__all__ = [
    "NO_RETRIES",
    "RETRYABLE_STATUSES",
    "RetryConfig",
    "RetryLog",
    "RetryPolicy",
    "UntilDeadline",
    "certainly_not_processed",
    "is_retryable",
    "is_transient",
    "resending",
    "send",
]

logger = logging.getLogger("aioairbyte")

T = TypeVar("T")

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


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` means "try again later": no answer, or 429, 502, 503, 504."""
    if isinstance(exc, ApiConnectionError):
        return True
    return isinstance(exc, ApiError) and exc.status in RETRYABLE_STATUSES


def certainly_not_processed(exc: BaseException) -> bool:
    """Whether the server certainly did not act on the request: it was never sent (refused,
    DNS, connect timeout), or it was refused (429, or the proxy's 503)."""
    if isinstance(exc, ApiConnectionError | ApiError):
        return is_transient(exc) and not exc.maybe_processed
    return False


def is_retryable(exc: BaseException, *, idempotent: bool) -> bool:
    """Whether ``exc`` may be retried for an endpoint of the given idempotency."""
    return is_transient(exc) and (idempotent or certainly_not_processed(exc))


class RetryPolicy(Protocol):
    """A retry budget: builds the tenacity controller for one call."""

    def controller(
        self, endpoint: Endpoint, sleep: Sleep, log: RetryLog, *, started: float
    ) -> AsyncRetrying:
        """The controller for one call of ``endpoint`` whose first attempt began at ``started``
        (``time.monotonic()``)."""
        ...


@attrs.frozen(kw_only=True)
class RetryConfig:
    """How single calls are retried (waits retry until their deadline: :class:`UntilDeadline`).

    ``attempts`` counts the first try (1 disables retries); ``total_timeout`` bounds the time
    spent across all attempts and waits; waits grow exponentially from ``initial_backoff`` up to
    ``max_backoff`` with full jitter; a server's ``Retry-After`` is honoured up to
    ``max_retry_after`` seconds. The backoff settings also pace a wait's retries.
    """

    attempts: int = attrs.field(default=5, validator=_at_least_one)
    total_timeout: float = attrs.field(default=60.0, validator=_positive)
    initial_backoff: float = attrs.field(default=0.25, validator=_positive)
    max_backoff: float = attrs.field(default=8.0, validator=_positive)
    max_retry_after: float = attrs.field(default=60.0, validator=_positive)

    def controller(
        self, endpoint: Endpoint, sleep: Sleep, log: RetryLog, *, started: float
    ) -> AsyncRetrying:
        """Retry up to ``attempts`` tries and ``total_timeout`` seconds, logging each retry."""

        def before_sleep(state: RetryCallState) -> None:
            log.retry(endpoint, state, of=self.attempts)

        return _controller(
            self,
            retry=retry_if_exception(lambda e: is_retryable(e, idempotent=endpoint.idempotent)),
            stop=stop_after_attempt(self.attempts)
            | _stop_before_total_timeout(self.total_timeout, started),
            sleep=sleep,
            before_sleep=before_sleep,
        )


#: A policy that never retries.
NO_RETRIES = RetryConfig(attempts=1)


@attrs.frozen
class UntilDeadline:
    """A wait's budget: transient failures are retried until the wait's ``deadline`` (loop time)
    passes; with none, retries go on through any outage.

    The caller holds the deadline (``asyncio.timeout_at``), which ends a retry's sleep. Backoff
    and ``Retry-After`` follow ``config``, but a sleep never takes more than a quarter of the
    time left: a wait near its deadline keeps trying instead of sleeping through it.
    """

    config: RetryConfig
    deadline: float | None = None

    def controller(
        self, endpoint: Endpoint, sleep: Sleep, log: RetryLog, *, started: float
    ) -> AsyncRetrying:
        """Retry transient failures without a count; warnings are rate-limited."""

        def before_sleep(state: RetryCallState) -> None:
            log.retry(endpoint, state, of=None)

        return _controller(
            self.config,
            retry=retry_if_exception(lambda e: is_retryable(e, idempotent=endpoint.idempotent)),
            stop=stop_never,
            sleep=sleep,
            before_sleep=before_sleep,
            deadline=self.deadline,
        )


def resending(
    budget: UntilDeadline, sleep: Sleep, log: RetryLog, endpoint: Endpoint
) -> AsyncRetrying:
    """The controller of a trigger's resends, under a wait's budget (like :class:`UntilDeadline`).

    The trigger returns the error after which a resend is safe (the request was refused, or
    reconciliation found no job), or the job it resolved to; definite errors are raised and
    end it. The wait between resends is the same as between retries.
    """

    def before_sleep(state: RetryCallState) -> None:
        log.retry(endpoint, state, of=None)

    return _controller(
        budget.config,
        retry=retry_if_result(lambda outcome: isinstance(outcome, AirbyteError)),
        stop=stop_never,
        sleep=sleep,
        before_sleep=before_sleep,
        deadline=budget.deadline,
    )


def _controller(
    config: RetryConfig,
    *,
    retry: Any,
    stop: Any,
    sleep: Sleep,
    before_sleep: Callable[[RetryCallState], None],
    deadline: float | None = None,
) -> AsyncRetrying:
    return AsyncRetrying(
        retry=retry,
        stop=stop,
        wait=_wait_retry_after_or_backoff(config, deadline),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )


def _failure(state: RetryCallState) -> BaseException | Any:
    """The failure of the attempt that just ended: its exception, or a returned error."""
    outcome = state.outcome
    if outcome is None:
        return None
    return outcome.exception() if outcome.failed else outcome.result()


class _wait_retry_after_or_backoff(wait_base):
    """Wait what the server asked for (``Retry-After``, capped), else exponential with jitter."""

    def __init__(self, config: RetryConfig, deadline: float | None = None) -> None:
        self._cap = config.max_retry_after
        self._floor = min(config.initial_backoff, 0.05)
        self._deadline = deadline
        self._backoff = wait_random_exponential(
            multiplier=config.initial_backoff, max=config.max_backoff
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = _failure(retry_state)
        if isinstance(exc, ApiError) and exc.retry_after is not None:
            return min(exc.retry_after, self._cap)
        wait = float(self._backoff(retry_state))
        if self._deadline is not None:
            left = self._deadline - asyncio.get_running_loop().time()
            wait = min(wait, max(left / 4, self._floor))
        return wait


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


class RetryLog:
    """Logs retries. A single call's retries are each a DEBUG line, and when its budget is spent
    one WARNING says so ("gave up on ... after N attempts over S s: <reason>") just before the
    error is raised; a call that succeeds on a retry logs no warning. A wait's retries, which
    may go on through a long outage, give a WARNING for the first one and then at most one per
    ``every`` seconds for each operation, counting the retries in between (each a DEBUG line).
    """

    def __init__(self, every: float = 30.0) -> None:
        self.every = every
        self._last: dict[str, float] = {}
        self._quiet: dict[str, int] = {}

    def retry(self, endpoint: Endpoint, state: RetryCallState, *, of: int | None) -> None:
        """Note that ``state``'s attempt failed and another follows (``of``: the attempts)."""
        exc = _failure(state)
        delay = state.next_action.sleep if state.next_action else 0.0
        if of is not None:
            logger.debug(
                "retrying %s in %.2fs (attempt %d of %d failed: %s)",
                endpoint,
                delay,
                state.attempt_number,
                of,
                exc,
            )
            return
        key, now = str(endpoint), time.monotonic()
        if now - self._last.get(key, float("-inf")) < self.every:
            self._quiet[key] = self._quiet.get(key, 0) + 1
            logger.debug("retrying %s in %.2fs (%s)", endpoint, delay, exc)
            return
        quiet = self._quiet.pop(key, 0)
        self._last[key] = now
        logger.warning(
            "retrying %s in %.2fs until the wait's deadline (%s)%s",
            endpoint,
            delay,
            exc,
            f"; {quiet} more retries of it in the last {self.every:g}s" if quiet else "",
        )

    def gave_up(
        self, endpoint: Endpoint, attempts: int, seconds: float, exc: BaseException
    ) -> None:
        """Note that a single call's retries are spent: ``exc`` ends it."""
        logger.warning(
            "gave up on %s after %d attempts over %.1fs: %s", endpoint, attempts, seconds, exc
        )


async def send(
    call: Callable[[], Awaitable[T]],
    endpoint: Endpoint,
    policy: RetryPolicy,
    sleep: Sleep,
    log: RetryLog,
) -> T:
    """Run ``call`` (one attempt of a request to ``endpoint``), retried under ``policy``."""
    started = time.monotonic()
    # The first attempt runs outside tenacity: almost every request succeeds at once, and a
    # retry controller per request cost ~100 us of CPU, half of it in collecting the
    # reference cycles it leaves behind.
    try:
        return await call()
    except AirbyteError as exc:
        single_try = isinstance(policy, RetryConfig) and policy.attempts == 1
        if single_try or not is_retryable(exc, idempotent=endpoint.idempotent):
            raise
        failure: AirbyteError | None = exc
    # A retryable failure: tenacity takes over, counting that first attempt and its time.
    attempts = 1
    try:
        async for attempt in policy.controller(endpoint, sleep, log, started=started):
            with attempt:
                if failure is not None:
                    first, failure = failure, None
                    raise first
                attempts = attempt.retry_state.attempt_number
                return await call()
    except AirbyteError as exc:
        # Still retryable, yet raised: a single call's budget is spent (a wait's never is; its
        # deadline cancels it instead).
        if isinstance(policy, RetryConfig) and is_retryable(exc, idempotent=endpoint.idempotent):
            log.gave_up(endpoint, attempts, time.monotonic() - started, exc)
        raise
    raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover
