"""Waiting for jobs: adaptive polling of ``jobs/get_light``, results, and status-change events.

The loop polls the light endpoint (a few hundred bytes, no attempts, no logs), starting soon so
that short jobs are seen at once and backing off with jitter so that thousands of long jobs do
not hammer the server. Once the job is terminal it fetches the attempts once, without logs where
the server allows (``jobs/list``), to build a :class:`~aioairbyte.JobResult`.

A wait's deadline is its retry budget: every request it makes is retried through transient
failures (no answer, 429, 502, 503, 504) until the deadline, or for as long as it takes when
there is none (:class:`~aioairbyte.retries.UntilDeadline`). A wait ends early only when the job
ends or on a definite answer (401, 403, 404, another 4xx, an unreadable answer), and then says
which job it lost (:class:`~aioairbyte.JobWaitError`). At the deadline it reports the job as the
server has it: its attempts (one bounded ``jobs/list``), and after a cancel its final status.

``incomplete`` (an attempt failed, another follows), ``pending``, ``queued`` (2.x: waiting for
capacity), ``running`` and any status this client does not know are not terminal: the wait goes
on and the deadline still holds. A job that leaves the queue is polled as a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable

from ._aio import CLEANUP_LIMIT, CleanupFailed, notify, shielded
from .api.jobs import Jobs
from .errors import (
    AirbyteError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobCancelledError,
    JobFailedError,
    JobTimeoutError,
    JobWaitError,
)
from .job_reads import fetch_result, listed, report
from .models import AttemptRead, ConnectionSyncProgressRead, JobRead, JobStatus
from .polling import Look, StatusPoller
from .reconcile import cancel_owned, for_cleanup
from .results import JobProgress, JobResult, JobUpdate, maybe_uuid
from .retries import UntilDeadline
from .schedule import PollPolicy

__all__ = [
    "DeadlineExceeded",
    "OnUpdate",
    "PollPolicy",
    "check_timeout",
    "fetch_result",
    "follow",
    "raise_for_status",
    "watch_job",
]

logger = logging.getLogger("aioairbyte")

#: Statuses of a job that waits for a worker (``queued``: 2.x under capacity).
_NOT_STARTED = frozenset({"pending", "queued"})
#: At least this long is left to fetch the result of a job that ended just before the deadline.
_RESULT_GRACE = 30.0


#: What a wait tells ``on_update``: status changes, and with ``progress`` a running job's
#: progress.
WaitEvent = JobUpdate | JobProgress
#: ``on_update`` callbacks may be plain functions or coroutines.
OnUpdate = Callable[[WaitEvent], Awaitable[None] | None]


def check_timeout(timeout: float | None) -> float | None:
    """Validate a ``timeout`` argument (seconds, > 0, or ``None`` for no deadline)."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgumentTypeError(f"timeout must be seconds, got {type(timeout).__name__}")
    if not timeout > 0:  # written so that NaN (a deadline never reached) fails too
        raise InvalidArgumentError(f"timeout must be > 0 seconds, got {timeout!r}")
    return float(timeout)


class DeadlineExceeded(Exception):
    """Internal: the wait's deadline passed (never a ``TimeoutError``, so that a caller's own
    ``TimeoutError``, e.g. from a callback, is never taken for it)."""


def budgeted(jobs: Jobs, deadline: float | None, gate: asyncio.Semaphore | None = None) -> Jobs:
    """``jobs`` retrying every request until the wait's ``deadline`` (held by the caller)."""
    return jobs.with_options(retry=UntilDeadline(jobs.transport.retry, deadline), gate=gate)


class _Watch:
    """Follows one job: its updates, and what was last seen of it (for a report if it stops).

    A connection's job is followed through the client's :class:`~aioairbyte.polling.
    StatusPoller` where the server has the batch endpoint: the wait sends nothing until a round
    reports a change, and reads the job once it ended. Otherwise (or when a round could not
    tell) it polls ``jobs/get_light`` on its own :class:`PollPolicy` schedule.

    When updates are listened to (``counting``), the attempt count is the server's: read with
    the job (``jobs/list``, attempts without logs) whenever it may have changed. A direct poll
    is that read while the count is unknown or the job waits for an attempt (``pending``,
    ``queued``, ``incomplete``: the next change starts one), and ``jobs/get_light`` while it
    runs; any change seen (its status or ``updatedAt``, which the server writes when an attempt
    fails or starts) is followed by one read. A job that never retries costs no request more
    than the polls alone; each retry seen costs one. Nobody listening, nothing is counted.
    """

    __slots__ = (
        "_attempts",
        "_count",
        "_counted",
        "_counting",
        "_deadline",
        "_gate",
        "_jobs",
        "_listing",
        "_next_interval",
        "_now",
        "_poll",
        "_poller",
        "_progress",
        "_raw",
        "_rng",
        "_since",
        "job_id",
        "last",
        "result",
    )

    def __init__(
        self,
        jobs: Jobs,
        job_id: int,
        *,
        poll: PollPolicy | None,
        deadline: float | None,
        last: JobRead | None = None,
        gate: asyncio.Semaphore | None = None,
        rng: random.Random | None = None,
        poller: StatusPoller | None = None,
        counting: bool = True,
        progress: bool = False,
        attempts: int | None = None,
    ) -> None:
        # A job never seen is looked at at once; one just triggered after ``poll.first``.
        self._now = last is None
        self._raw = jobs
        self._gate = gate
        self._jobs = budgeted(jobs, deadline, gate)
        self.job_id = job_id
        self._deadline = deadline
        self._poll = poll or PollPolicy()
        self._rng = rng
        self._next_interval = self._poll.intervals(rng)
        self._poller = poller
        self._since = asyncio.get_running_loop().time()
        self._counting = counting
        self._progress = progress
        #: The attempts (and their number) the server had when the job was as ``_counted`` says.
        self._attempts: list[AttemptRead] | None = None
        self._count: int | None = attempts  # as the trigger's answer showed ``last``
        self._counted: tuple[JobStatus, int] | None = (
            None if attempts is None or last is None else (last.status, last.updated_at)
        )
        self._listing = True  # False once jobs/list failed to find the job
        self.last = last
        #: The job's result, once ``updates`` saw it terminal.
        self.result: JobResult | None = None

    async def updates(self) -> AsyncGenerator[WaitEvent, None]:
        """A :class:`JobUpdate` for the first status seen and each change of status or attempt
        after it (with ``progress``, a :class:`JobProgress` when a running job's figures
        grew); ends after a terminal one (``result`` then holds the job's result). Raises
        :class:`DeadlineExceeded` when the deadline passes first."""
        reported: tuple[JobStatus, int] | None = None
        warned = False
        await self._pause()
        if self._batched():
            # The poller tells changes only: the job as the trigger's answer showed it is the
            # first update.
            assert self.last is not None
            reported = (self.last.status, self._count or 0)
            yield self._update(self.last, reported[1])
        while True:
            # A poll still queued or retried when the deadline passes is cut off (it only
            # reads), so that a wait ends on time even when thousands of polls queue.
            try:
                async with asyncio.timeout_at(self._deadline):
                    seen = await self._look()
            except TimeoutError:
                raise DeadlineExceeded from None
            if isinstance(seen, ConnectionSyncProgressRead):
                assert self.last is not None  # progress is asked for a job seen running
                yield JobProgress.of(self.last, seen)
                continue
            job = seen
            previous, self.last = self.last, job
            if job.status.is_terminal:
                self.result = await self._result(job)
                if self.result.attempts_count is not None:
                    self._count = self.result.attempts_count
            if (
                previous is not None
                and job.status is JobStatus.RUNNING
                and previous.status.value in _NOT_STARTED
            ):
                # It has just left the queue: poll it as a new job, not at the slow pace a long
                # wait in the queue reached.
                self._next_interval = self._poll.intervals(self._rng)
                self._since = asyncio.get_running_loop().time()
            if not job.status.is_known and not warned:
                warned = True
                logger.info(
                    "job %d has status %r, unknown to this client: treated as not finished",
                    self.job_id,
                    job.status.value,
                )
            seen_now = (job.status, self._count or 0)
            if seen_now != reported:
                reported = seen_now
                yield self._update(job, seen_now[1])
            if job.status.is_terminal:
                return
            await self._pause()

    @staticmethod
    def _update(job: JobRead, attempt: int) -> JobUpdate:
        return JobUpdate(
            job_id=job.id,
            connection_id=maybe_uuid(job.config_id),
            status=job.status,
            attempt=attempt,
            job=job,
        )

    def _batched(self) -> bool:
        """Whether the next look goes through the poller: the job is a connection's, the
        server has the batch endpoint, and (when updates are counted) its count is known."""
        last, poller = self.last, self._poller
        return (
            poller is not None
            and last is not None
            and not last.status.is_terminal
            and not (self._counting and self._count is None)
            and poller.available
            and poller.follows(last)
        )

    async def _look(self) -> JobRead | ConnectionSyncProgressRead:
        """One look: the poller's news, or a poll and the read of the attempts it calls for
        (see the class)."""
        last = self.last
        if self._batched():
            assert self._poller is not None
            assert last is not None
            change = await self._poller.change(
                last,
                since=self._since,
                policy=self._poll,
                progress=self._progress,
                gate=self._gate,
            )
            if isinstance(change, ConnectionSyncProgressRead):
                return change
            if isinstance(change, JobRead):
                return await self._counted_read(change)
            if change is Look.ENDED:
                # No longer the connection's active job: read it, with its attempts, once.
                read = await self._read(last, listing_only=False)
                assert read is not None
                return read
            if change is Look.UNSUPPORTED:
                await self._pause()  # learnt just now, at once: the job's own pace from here
            # Look.YOURSELF: the round that paced this look could not tell; look directly.
        if (
            self._counting
            and last is not None
            and (self._count is None or _awaits_attempt(last.status))
        ):
            listed = await self._read(last, listing_only=True)
            if listed is not None:
                return listed
        job = (await self._jobs.get_light(self.job_id)).job
        return await self._counted_read(job)

    async def _counted_read(self, job: JobRead) -> JobRead:
        """``job`` as a look saw it; read again with its attempts when it changed and updates
        are counted."""
        if self._counted != (job.status, job.updated_at):
            if job.status.is_terminal:
                self._attempts = None  # the result has them
            elif self._counting:
                read = await self._read(job, listing_only=False)
                assert read is not None
                return read
        return job

    async def _read(self, job: JobRead, *, listing_only: bool) -> JobRead | None:
        """Read ``job`` with its attempts and count them: through ``jobs/list`` (no logs), or
        unless ``listing_only``, ``jobs/get`` when the list cannot find it."""
        found = await listed(self._jobs, job) if self._listing else None
        if found is None:
            self._listing = False
            if listing_only:
                return None
            info = await self._jobs.get(job.id)
            found = info.job, [a.attempt for a in info.attempts]
        read, attempts = found
        self._attempts, self._count = attempts, len(attempts)
        self._counted = (read.status, read.updated_at)
        return read

    async def _result(self, job: JobRead) -> JobResult:
        """The result of ``job``, which ended: from the attempts read with it, or read now
        (given time even if the deadline is near); without attempts when they cannot be read."""
        if self._attempts is not None and self._counted == (job.status, job.updated_at):
            return JobResult.from_job(job, self._attempts)
        loop = asyncio.get_running_loop()
        deadline = self._deadline
        until = None if deadline is None else max(deadline, loop.time() + _RESULT_GRACE)
        try:
            async with asyncio.timeout_at(until):
                return await fetch_result(budgeted(self._raw, until, self._gate), job)
        except (AirbyteError, TimeoutError) as exc:
            logger.warning(
                "job %d ended %s; its attempts could not be read: %s", job.id, job.status.value, exc
            )
            return JobResult.from_job(job, None)

    async def _pause(self) -> None:
        if self._now:
            self._now = False
            return
        if self._batched():
            return  # the poller paces the looks
        interval = self._next_interval()
        if self._deadline is not None:
            remaining = self._deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise DeadlineExceeded
            interval = min(interval, remaining)
        await self._jobs.transport.sleep(interval)
        if self._deadline is not None and asyncio.get_running_loop().time() >= self._deadline:
            raise DeadlineExceeded


def _awaits_attempt(status: JobStatus) -> bool:
    """Whether a job with ``status`` starts an attempt at its next change."""
    return status is JobStatus.INCOMPLETE or status.value in _NOT_STARTED


async def watch_job(
    jobs: Jobs,
    job_id: int,
    *,
    poll: PollPolicy | None = None,
    timeout: float | None = None,
    poller: StatusPoller | None = None,
    progress: bool = False,
) -> AsyncIterator[WaitEvent]:
    """Yield each status change of ``job_id`` until it is terminal (and with ``progress`` a
    running job's progress); see ``client.jobs.watch``.

    Raises :class:`~aioairbyte.JobTimeoutError` (also a ``TimeoutError``) when ``timeout``
    seconds pass first.
    """
    deadline = None if timeout is None else asyncio.get_running_loop().time() + timeout
    watch = _Watch(jobs, job_id, poll=poll, deadline=deadline, poller=poller, progress=progress)
    try:
        async for update in watch.updates():
            yield update
    except DeadlineExceeded:
        result = await report(jobs, watch.job_id, watch.last)
        raise JobTimeoutError(result, timeout=timeout or 0.0, cancelled=False) from None
    except AirbyteError as exc:
        if watch.last is None:
            raise
        result = JobResult.from_job(watch.last, None)
        raise JobWaitError(result, exc, cancelled=False, owned=False) from exc


async def _cancel(jobs: Jobs, job: JobRead) -> tuple[JobResult | None, bool, BaseException | None]:
    """Cancel an owned ``job`` (shielded, bounded): the job as the cancel left it (``None`` when
    it was not seen), whether the server confirmed the cancel, and why it failed."""
    outcome = await shielded(
        cancel_owned(for_cleanup(jobs), maybe_uuid(job.config_id), job.id, job.config_type),
        limit=CLEANUP_LIMIT,
    )
    if isinstance(outcome, CleanupFailed):
        return None, False, outcome.error or TimeoutError("the cancel was cut short")
    if outcome.job is None or outcome.job.id != job.id:
        return None, False, None  # no longer the connection's job: it ended
    return JobResult.from_job(outcome.job, outcome.attempts), outcome.sent, None


def raise_for_status(result: JobResult) -> JobResult:
    """Return ``result`` if the job succeeded; raise the matching job error otherwise."""
    if result.status is JobStatus.FAILED:
        raise JobFailedError(result)
    if result.status is JobStatus.CANCELLED:
        raise JobCancelledError(result)
    return result


async def follow(
    jobs: Jobs,
    job_id: int,
    *,
    last: JobRead | None,
    deadline: float | None,
    timeout: float | None,
    poll: PollPolicy | None = None,
    on_update: OnUpdate | None = None,
    owned: bool = False,
    cancel_on_timeout: bool = False,
    raise_on_failure: bool = True,
    gate: asyncio.Semaphore | None = None,
    poller: StatusPoller | None = None,
    progress: bool = False,
    attempts: int | None = None,
) -> JobResult:
    """Follow ``job_id`` (``last``: as last seen, if ever) to its end and return its result.

    ``owned``: the caller started it, so it is cancelled (shielded) when the caller is
    cancelled, when ``on_update`` raises, or when a definite error ends the wait. At the
    deadline it is cancelled if ``cancel_on_timeout``. ``jobs`` is used as given for the
    reports and cancels; polls retry until the deadline and hold ``gate``. ``poller`` batches
    the polls where the server allows; ``progress`` tells ``on_update`` a running job's
    progress too.
    """
    watch = _Watch(
        jobs,
        job_id,
        poll=poll,
        deadline=deadline,
        last=last,
        gate=gate,
        poller=poller,
        counting=on_update is not None,
        progress=progress and on_update is not None,
        attempts=attempts,
    )
    reported = jobs if gate is None else jobs.with_options(gate=gate)
    try:
        async with contextlib.aclosing(watch.updates()) as updates:
            async for update in updates:
                await notify(on_update, update)
    except DeadlineExceeded:
        return await _at_deadline(
            reported, watch, timeout, cancel=cancel_on_timeout, raise_on_failure=raise_on_failure
        )
    except asyncio.CancelledError:
        if owned and watch.last is not None:
            await _cancel(reported, watch.last)
        raise
    except AirbyteError as exc:
        if watch.last is None:
            raise  # never seen (an unknown id, a 401 at once): nothing was lost
        if not owned:
            result = JobResult.from_job(watch.last, None)
            raise JobWaitError(result, exc, cancelled=False, owned=False) from exc
        seen, cancelled, error = await _cancel(reported, watch.last)
        result = seen or JobResult.from_job(watch.last, None)
        raise JobWaitError(
            result, exc, cancelled=cancelled, cancel_error=error, owned=True
        ) from exc
    except Exception as exc:  # the caller's own (on_update): theirs to see, the job stopped
        if owned and watch.last is not None:
            _, cancelled, _ = await _cancel(reported, watch.last)
            state = "was cancelled" if cancelled else "could not be cancelled"
            exc.add_note(f"aioairbyte: job {job_id}, started by this wait, {state}")
        raise
    final = watch.result
    assert final is not None  # the updates end with a terminal job and its result
    return raise_for_status(final) if raise_on_failure else final


async def _at_deadline(
    jobs: Jobs, watch: _Watch, timeout: float | None, *, cancel: bool, raise_on_failure: bool
) -> JobResult:
    """The deadline passed: cancel if asked, report the server's figures, raise the timeout."""
    last = watch.last
    result: JobResult | None = None
    cancelled, error = False, None
    if cancel and last is None:
        # The deadline came before the first look answered (a wait begun at or past it): look
        # now, so that a job still running is cancelled as the caller asked.
        result = await report(jobs, watch.job_id, None)
        last = result.job
    if cancel and last is not None and not last.status.is_terminal:
        seen, cancelled, error = await _cancel(jobs, last)
        result = seen or result
    if result is None:
        result = await report(jobs, watch.job_id, last)
    if result.status.is_terminal and not cancelled:
        # It ended at the deadline, on its own: that is its outcome.
        return raise_for_status(result) if raise_on_failure else result
    raise JobTimeoutError(
        result, timeout=timeout or 0.0, cancelled=cancelled, cancel_error=error
    ) from None
