"""Waiting for jobs: adaptive polling of ``jobs/get_light``, results, and status-change events.

The loop polls the light endpoint (a few hundred bytes, no attempts, no logs), starting fast so
that short jobs are seen at once and backing off with jitter so that thousands of long jobs do not
hammer the server. Once the job is terminal it fetches the attempts once, without logs where the
server allows (``jobs/list``), to build a :class:`JobResult`.

``incomplete`` (an attempt failed, another follows), ``pending``, ``running`` and any status this
client does not know are not terminal: the wait goes on and the deadline still holds. A 4xx while
polling ends the wait at once; transient failures are retried by the transport.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from ._args import job_id_arg
from .errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobCancelledError,
    JobFailedError,
    JobTimeoutError,
)
from .models import (
    AttemptFailureOrigin,
    AttemptFailureType,
    AttemptRead,
    JobConfigType,
    JobRead,
    JobStatus,
)

if TYPE_CHECKING:
    from .api.jobs import Jobs

__all__ = [
    "FailureReason",
    "JobResult",
    "JobUpdate",
    "OnUpdate",
    "PollPolicy",
    "poll_until_terminal",
    "wait_for_job",
    "watch_job",
]

logger = logging.getLogger("aioairbyte")


def _number(attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentTypeError(
            f"PollPolicy.{attribute.name} must be a number, got {type(value).__name__}"
        )


# The comparisons are written so that NaN fails them.
def _non_negative(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    _number(attribute, value)
    if not value >= 0:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be >= 0, got {value!r}")


def _positive(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    _number(attribute, value)
    if not value > 0:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be > 0, got {value!r}")


def _growth(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    # Below 1 the intervals would shrink towards nothing: a busy loop against the server.
    _number(attribute, value)
    if not value >= 1:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be >= 1, got {value!r}")


def _fraction(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    # From 1 on, a jittered interval could be zero (or negative): a busy loop against the server.
    _number(attribute, value)
    if not 0 <= value < 1:
        raise InvalidArgumentError(
            f"PollPolicy.{attribute.name} must be >= 0 and < 1, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class PollPolicy:
    """When to poll: ``first`` seconds after the trigger, then ``backoff`` times longer each time,
    never more than ``max_interval``, each interval spread by +/- ``jitter`` (a fraction).

    The interval after a poll at age ``t`` is about ``(backoff - 1) * t + first``: that bounds how
    late a job's end is seen. The defaults see it within 10% of the job's age plus 0.25 s (a 2 s
    job within ~0.5 s, a 5 minute one within the 10 s cap), for about 7 polls in the first 2 s,
    40 in the first 100 s, then one per ``max_interval``. A larger ``backoff`` polls less and
    sees ends later.
    """

    first: float = attrs.field(default=0.25, validator=_non_negative)
    backoff: float = attrs.field(default=1.1, validator=_growth)
    max_interval: float = attrs.field(default=10.0, validator=_positive)
    jitter: float = attrs.field(default=0.2, validator=_fraction)

    def intervals(self, rng: random.Random | None = None) -> Callable[[], float]:
        """A function giving the successive intervals to sleep between polls."""
        draw = (rng or random).uniform
        state = {"next": self.first}

        def next_interval() -> float:
            base = min(state["next"], self.max_interval)
            state["next"] = max(base, 1e-3) * self.backoff
            return max(0.0, base * draw(1 - self.jitter, 1 + self.jitter))

        return next_interval


@attrs.frozen(kw_only=True)
class FailureReason:
    """Why an attempt failed, as the server reported it."""

    origin: AttemptFailureOrigin | None
    type: AttemptFailureType | None
    message: str | None
    retryable: bool | None
    internal_message: str | None = None


@attrs.frozen(kw_only=True)
class JobResult:
    """How a job ended (or stood, when the wait timed out).

    ``records_synced``/``bytes_synced`` are those of the last attempt (the one whose data stayed),
    ``failure_reasons`` those of the last attempt. ``job`` and ``attempts`` hold the full models.
    """

    job_id: int
    connection_id: UUID | None
    config_type: JobConfigType
    status: JobStatus
    duration: float
    attempts_count: int
    records_synced: int | None
    bytes_synced: int | None
    failure_reasons: list[FailureReason]
    job: JobRead
    attempts: list[AttemptRead] = attrs.field(factory=list, repr=False)

    @property
    def succeeded(self) -> bool:
        """Whether the job ended ``succeeded``."""
        return self.status is JobStatus.SUCCEEDED

    @classmethod
    def from_job(cls, job: JobRead, attempts: list[AttemptRead]) -> JobResult:
        """Summarise ``job`` and its ``attempts``."""
        last = attempts[-1] if attempts else None
        reasons = []
        if last is not None and last.failure_summary is not None:
            reasons = [
                FailureReason(
                    origin=f.failure_origin,
                    type=f.failure_type,
                    message=f.external_message,
                    retryable=f.retryable,
                    internal_message=f.internal_message,
                )
                for f in last.failure_summary.failures
            ]
        end = job.updated_at
        if last is not None and last.ended_at is not None:
            end = max(end, last.ended_at)
        start = job.started_at if job.started_at is not None else job.created_at
        return cls(
            job_id=job.id,
            connection_id=_maybe_uuid(job.config_id),
            config_type=job.config_type,
            status=job.status,
            duration=float(max(0, end - start)),
            attempts_count=len(attempts),
            records_synced=None if last is None else _records(last),
            bytes_synced=None if last is None else _bytes(last),
            failure_reasons=reasons,
            job=job,
            attempts=attempts,
        )


def _records(attempt: AttemptRead) -> int | None:
    if attempt.records_synced is not None:
        return attempt.records_synced
    stats = attempt.total_stats
    return None if stats is None else stats.records_committed or stats.records_emitted


def _bytes(attempt: AttemptRead) -> int | None:
    if attempt.bytes_synced is not None:
        return attempt.bytes_synced
    return None if attempt.total_stats is None else attempt.total_stats.bytes_emitted


def _maybe_uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None


@attrs.frozen(kw_only=True)
class JobUpdate:
    """A change seen while waiting: a new status, or a new attempt (``attempt`` counts from 1).

    ``attempt`` is inferred from ``incomplete`` -> ``running`` transitions seen by polling, so it
    is a lower bound when attempts fail and restart between two polls.
    """

    job_id: int
    connection_id: UUID | None
    status: JobStatus
    attempt: int
    job: JobRead


#: ``on_update`` callbacks may be plain functions or coroutines.
OnUpdate = Callable[[JobUpdate], Awaitable[None] | None]

Gate = Callable[[], AbstractAsyncContextManager[Any]]


def _no_gate() -> AbstractAsyncContextManager[Any]:
    return nullcontext()


async def notify_update(on_update: Callable[[Any], Any] | None, update: Any) -> None:
    """Call ``on_update`` (a function or a coroutine function) with ``update``, if given."""
    if on_update is None:
        return
    outcome = on_update(update)
    if inspect.isawaitable(outcome):
        await outcome


def check_timeout(timeout: float | None) -> float | None:
    """Validate a ``timeout`` argument (seconds, > 0, or ``None`` for no deadline)."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgumentTypeError(f"timeout must be seconds, got {type(timeout).__name__}")
    if not timeout > 0:  # written so that NaN (a deadline never reached) fails too
        raise InvalidArgumentError(f"timeout must be > 0 seconds, got {timeout!r}")
    return float(timeout)


async def watch_job(
    jobs: Jobs,
    job_id: int,
    *,
    poll: PollPolicy | None = None,
    deadline: float | None = None,
    gate: Gate = _no_gate,
    rng: random.Random | None = None,
) -> AsyncIterator[JobUpdate]:
    """Yield a :class:`JobUpdate` for the first status seen and for every change after it.

    Stops after yielding a terminal status. Raises :class:`TimeoutError` (bare, internal) when
    the loop-time ``deadline`` passes first.
    """
    loop = asyncio.get_running_loop()
    policy = poll or PollPolicy()
    next_interval = policy.intervals(rng)
    last: JobStatus | None = None
    attempt = 1
    warned: set[str] = set()
    await _sleep_until_next(loop, next_interval(), deadline)
    while True:
        # A poll still queued or in flight when the deadline passes is cut off (it only reads),
        # so that a wait ends on time even when thousands of polls queue for connections.
        async with asyncio.timeout_at(deadline), gate():
            job = (await jobs.get_light(job_id)).job
        if job.status != last:
            if last is JobStatus.INCOMPLETE and job.status is JobStatus.RUNNING:
                attempt += 1
            if not job.status.is_known and job.status.value not in warned:
                warned.add(job.status.value)
                logger.info(
                    "job %d has status %r, unknown to this client: treated as not finished",
                    job_id,
                    job.status.value,
                )
            last = job.status
            yield JobUpdate(
                job_id=job.id,
                connection_id=_maybe_uuid(job.config_id),
                status=job.status,
                attempt=attempt,
                job=job,
            )
        if job.status.is_terminal:
            return
        await _sleep_until_next(loop, next_interval(), deadline)


async def _sleep_until_next(
    loop: asyncio.AbstractEventLoop, interval: float, deadline: float | None
) -> None:
    if deadline is not None:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError
        interval = min(interval, remaining)
    await asyncio.sleep(interval)
    if deadline is not None and loop.time() >= deadline:
        raise TimeoutError


async def fetch_result(jobs: Jobs, job: JobRead, *, gate: Gate = _no_gate) -> JobResult:
    """The attempts of a finished ``job``, without logs when possible, as a :class:`JobResult`.

    ``jobs/list`` carries attempts without logs. Asked for pages of one job up to and
    including this one, it answers with just this job when it is the newest (it just finished),
    and with the few newer ones otherwise. A server that cannot find it there (or ignores
    ``includingJobId`` and the job is not the newest) is asked ``jobs/get``, which includes logs.
    """
    connection_id = _maybe_uuid(job.config_id)
    if connection_id is not None:
        async with gate():
            page = await jobs.list(
                connection_id, config_types=[job.config_type], page_size=1, including_job_id=job.id
            )
        for item in page.jobs:
            if item.job is not None and item.job.id == job.id:
                return JobResult.from_job(item.job, item.attempts or [])
    async with gate():
        info = await jobs.get(job.id)
    return JobResult.from_job(info.job, [a.attempt for a in info.attempts])


class DeadlineExceeded(TimeoutError):
    """Internal: the wait's deadline passed; ``last`` is the job as last seen, if ever."""

    def __init__(self, last: JobRead | None) -> None:
        super().__init__("deadline exceeded")
        self.last = last


async def poll_until_terminal(
    jobs: Jobs,
    job_id: int,
    *,
    poll: PollPolicy | None,
    deadline: float | None,
    on_update: OnUpdate | None,
    gate: Gate = _no_gate,
) -> JobRead:
    """Poll until the job is terminal and return its light view.

    Raises :class:`DeadlineExceeded` when the loop-time ``deadline`` passes first.
    """
    last: JobRead | None = None
    try:
        async for update in watch_job(jobs, job_id, poll=poll, deadline=deadline, gate=gate):
            last = update.job
            await notify_update(on_update, update)
    except TimeoutError:
        raise DeadlineExceeded(last) from None
    if last is None:  # pragma: no cover - watch_job yields before it returns
        raise AssertionError("no job status was seen")
    return last


def raise_for_status(result: JobResult) -> JobResult:
    """Return ``result`` if the job succeeded; raise the matching job error otherwise."""
    if result.status is JobStatus.FAILED:
        raise JobFailedError(result)
    if result.status is JobStatus.CANCELLED:
        raise JobCancelledError(result)
    return result


async def wait_for_job(
    jobs: Jobs,
    job_id: int,
    *,
    timeout: float | None = None,
    poll: PollPolicy | None = None,
    cancel_on_timeout: bool = False,
    on_update: OnUpdate | None = None,
    raise_on_failure: bool = True,
) -> JobResult:
    """Wait for ``job_id`` to end; see :meth:`aioairbyte.api.jobs.Jobs.wait`."""
    job_id = job_id_arg(job_id)
    timeout = check_timeout(timeout)
    if poll is not None and not isinstance(poll, PollPolicy):
        raise InvalidArgumentTypeError("poll must be a PollPolicy")
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    try:
        final = await poll_until_terminal(
            jobs, job_id, poll=poll, deadline=deadline, on_update=on_update
        )
    except DeadlineExceeded as exc:
        job = exc.last or (await jobs.get_light(job_id)).job
        cancelled = False
        if cancel_on_timeout and not job.status.is_terminal:
            await shielded(jobs.cancel(job_id))
            cancelled = True
        raise JobTimeoutError(
            JobResult.from_job(job, []), timeout=timeout or 0.0, cancelled=cancelled
        ) from None
    result = await fetch_result(jobs, final)
    return raise_for_status(result) if raise_on_failure else result


async def shielded(awaitable: Awaitable[Any], *, limit: float = 30.0) -> Any:
    """Run cleanup to completion even if the caller is cancelled meanwhile, then re-raise.

    Used to cancel owned jobs: a caller's cancellation must not leave a sync running. The
    cleanup is bounded by ``limit`` seconds; if it fails, the failure is logged, not raised,
    so that the caller's own error or cancellation stays the one reported.
    """
    task = asyncio.ensure_future(asyncio.wait_for(awaitable, limit))
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True  # keep waiting for the cleanup, then propagate
        except Exception:
            pass
    result = None
    if task.cancelled():
        logger.error("cleanup was cancelled before it finished")
    elif (exc := task.exception()) is not None:
        logger.error("cleanup failed: %s", exc)
    else:
        result = task.result()
    if cancelled:
        raise asyncio.CancelledError
    return result
