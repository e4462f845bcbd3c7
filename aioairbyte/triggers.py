"""Triggering syncs and resets safely, then waiting for them.

Three promises:

1. **No duplicate syncs.** A trigger that fails ambiguously (dropped connection, timeout, 5xx or
   an unreadable 200 after the request was sent) is never blindly resent. Before triggering, the
   id of the connection's newest job is noted (job ids only grow); after an ambiguous failure a
   job of the right type with a larger id is adopted, whether it is still running or already
   finished. Only when there is none is a resend safe, and a 409 on that resend means "attach".
   In a fan-out the baseline usually costs nothing: job ids come from one sequence for the
   whole server (Airbyte's ``jobs`` table), so the newest id another trigger of the same fan-out
   was answered with, under ``JobIdWatermark.max_age`` ago, is as good a baseline as the
   connection's own newest id, and the ``jobs/list`` before each trigger is skipped. (Either way,
   a job someone else starts on the same connection in that short window, followed by a lost
   answer, could be taken for ours; the window is of the same order.)
2. **Attach, don't fail, on 409.** "A sync is already running" attaches to the running job
   (``if_running="attach"``, the default) or raises (``"error"``).
3. **Owned jobs are cancelled, others are not.** When the waiting task is cancelled, or the
   deadline passes with ``cancel_on_timeout``, the job this helper *started* is cancelled,
   shielded from the caller's cancellation, and only if it is still the connection's current
   unfinished job: the server's cancel acts on the connection, so a stale id could kill a newer
   sync. Jobs merely attached to are left alone unless ``cancel_attached`` is set.

Cancelled mid-trigger, the helper still has to find the job its requests may have started. A
server keeps processing a request whose client has gone (it has the whole request), so the
request in flight is not abandoned at once: it gets up to ``_SETTLE_REQUEST`` seconds to answer,
and an answer names the job for certain. When the answer is lost (dropped or timed out, a
gateway's 502/504, or abandoned after that grace), the server may still be creating the job: the
connection is looked at for a job above the baseline, at growing intervals, until
``_LATE_JOB_WINDOW`` seconds after the answer was lost, and such a job is cancelled. The same
applies to a 409 after such a loss: the running job above the baseline is ours, not attached to.

What remains: a server that creates the job later still (past the window) leaves it running,
and nothing on the client side can tell that it will. The cleanup is bounded (at most about
``_SETTLE_REQUEST + _LATE_JOB_WINDOW`` seconds plus a few requests, much less in the usual
case), so the caller's cancellation still propagates promptly.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import attrs

from ._args import uuid_arg
from .errors import (
    AirbyteError,
    ApiConnectionError,
    ApiError,
    ConflictError,
    InvalidArgumentError,
    JobTimeoutError,
    NotStartedError,
    RateLimitError,
    ResponseDecodeError,
)
from .models import JobConfigType, JobInfoRead, JobRead
from .waiting import (
    DeadlineExceeded,
    Gate,
    JobResult,
    OnUpdate,
    PollPolicy,
    _no_gate,
    check_timeout,
    fetch_result,
    poll_until_terminal,
    raise_for_status,
    shielded,
)

if TYPE_CHECKING:
    from .api.connections import Connections
    from .api.jobs import Jobs

__all__ = [
    "IfRunning",
    "JobIdWatermark",
    "Triggered",
    "cancel_if_current",
    "trigger",
    "trigger_and_wait",
]

logger = logging.getLogger("aioairbyte")

IfRunning = Literal["attach", "error"]
Kind = Literal["sync", "reset"]

_CONFIG_TYPE: dict[Kind, JobConfigType] = {
    "sync": JobConfigType.SYNC,
    "reset": JobConfigType.RESET_CONNECTION,
}
# How many recent jobs to look through when reconciling: ours is the newest or close to it.
_RECONCILE_PAGE = 10
# Cancelled while a trigger request is in flight: how long to let it finish. Its answer names
# the job it started, which is then cancelled; without it, the job must be looked for.
_SETTLE_REQUEST = 1.0
# After a trigger's answer was lost (dropped, timed out, 502/504, abandoned), how long the server
# may still be creating the job: cleanup looks for it until then, at growing intervals.
_LATE_JOB_WINDOW = 1.0
_LATE_JOB_FIRST_RECHECK = 0.05


@attrs.frozen
class Triggered:
    """The job a trigger resolved to: started by this call (``owned``) or attached to."""

    job: JobRead
    owned: bool


@attrs.define(eq=False)
class JobIdWatermark:
    """The newest job id the triggers of one fan-out were answered with, and when.

    A job created just now has a larger id than every job created before it, on any
    connection, so a fresh watermark can stand in for a connection's newest job id as the
    baseline of its trigger (see the module docstring), saving one request per trigger. When
    there is none, one trigger probes (takes its own baseline and triggers) while the others
    wait for its answer once, then use the watermark or, if it brought none, their own.
    """

    max_age: float = 1.0
    """Seconds for which an id the server just answered with is trusted as a baseline."""
    job_id: int = 0
    seen_at: float = float("-inf")
    _probe: asyncio.Event | None = None

    def fresh(self, now: float) -> int | None:
        """The watermark if it is fresh at loop time ``now``, else ``None``."""
        if self.job_id and now - self.seen_at <= self.max_age:
            return self.job_id
        return None

    def saw(self, job_id: int, now: float) -> None:
        """Note a job that a trigger's answer named, at loop time ``now``."""
        if job_id >= self.job_id:
            self.job_id, self.seen_at = job_id, now

    async def claim(self) -> tuple[int | None, bool]:
        """A fresh baseline, if there is one; and whether the caller must probe (take its own
        baseline, trigger, then call :meth:`probed` whatever happens)."""
        loop = asyncio.get_running_loop()
        if (fresh := self.fresh(loop.time())) is not None:
            return fresh, False
        if self._probe is None:
            self._probe = asyncio.Event()
            return None, True
        await self._probe.wait()  # once only: if the probe failed, do not queue behind another
        return self.fresh(loop.time()), False

    def probed(self) -> None:
        """The probing trigger is over (answered or not): release the triggers waiting on it."""
        if self._probe is not None:
            self._probe.set()
            self._probe = None


@attrs.define(eq=False)
class _Progress:
    """What one trigger has sent, for the cleanup when it is cancelled."""

    baseline: int
    """The connection's newest job id before the first request (0 when it had none)."""
    request: asyncio.Task[JobInfoRead] | None = None
    """The trigger request in flight, in its own task so that cancelling us does not abort it."""
    request_sent: bool = False
    """Whether ``request`` got past the gate (from then on the server may act on it)."""
    look_until: float | None = None
    """Set when a request may have started a job it did not name: until when (loop time) such a
    job may still appear. ``None`` when every request was answered, refused or reconciled."""


def _still_processing(exc: AirbyteError) -> bool:
    """Whether the server may still be working on the request after this failure: no answer
    came from it (dropped, timed out), or a gateway gave up waiting for it (502, 504). After
    any other answer, a job it started already exists."""
    if isinstance(exc, ApiConnectionError):
        return exc.maybe_processed
    return isinstance(exc, ApiError) and exc.status in (502, 504)


def _unsettled(progress: _Progress, loop: asyncio.AbstractEventLoop, exc: AirbyteError) -> None:
    """Note that a request which may have started a job ended with ``exc``, naming none."""
    until = loop.time() + (_LATE_JOB_WINDOW if _still_processing(exc) else 0.0)
    progress.look_until = max(until, progress.look_until or until)


def _is_ambiguous(exc: AirbyteError) -> bool:
    """Whether the failed trigger may nonetheless have started a job."""
    if isinstance(exc, ApiConnectionError | ApiError):
        return exc.maybe_processed
    # A success status with a body we could not read: the job exists.
    return isinstance(exc, ResponseDecodeError)


async def _newest_job_id(jobs: Jobs, connection_id: UUID, gate: Gate) -> int:
    """The id of the connection's newest job of any type (0 when it has none).

    Job ids only grow, so a job with a larger id was created after this look: that is how a
    lost trigger's job is told apart from one that existed before (clocks are not needed).
    """
    async with gate():
        page = await jobs.list(connection_id, page_size=1)
    newest = page.jobs[0].job if page.jobs else None
    return 0 if newest is None else newest.id


async def _job_created_after(
    jobs: Jobs, connection_id: UUID, config_type: JobConfigType, baseline: int, gate: Gate
) -> JobRead | None:
    """The newest ``config_type`` job with an id above ``baseline``, if any."""
    async with gate():
        page = await jobs.list(connection_id, config_types=[config_type], page_size=_RECONCILE_PAGE)
    for item in page.jobs:
        if item.job is not None and item.job.id > baseline:
            return item.job
    return None


async def _find_unfinished(jobs: Jobs, connection_id: UUID, gate: Gate) -> JobRead | None:
    """The connection's newest job if it is unfinished (sync or reset), else ``None``."""
    async with gate():
        page = await jobs.list(connection_id, page_size=1)
    newest = page.jobs[0].job if page.jobs else None
    if newest is not None and not newest.status.is_terminal:
        return newest
    return None


async def cancel_if_current(
    jobs: Jobs, connection_id: UUID, job_id: int, *, gate: Gate = _no_gate
) -> bool:
    """Cancel ``job_id`` only if it is still the connection's newest, unfinished job.

    Returns whether a cancel was sent.
    """
    current = await _find_unfinished(jobs, connection_id, gate)
    if current is None or current.id != job_id:
        return False
    async with gate():
        await jobs.cancel(job_id)
    logger.info("cancelled job %d on connection %s", job_id, connection_id)
    return True


async def _cancel_created_after(
    jobs: Jobs,
    connection_id: UUID,
    config_type: JobConfigType,
    progress: _Progress,
    gate: Gate,
) -> None:
    """Cleanup when cancelled mid-trigger: cancel the job our requests may have started.

    First the request in flight, if any, is given ``_SETTLE_REQUEST`` seconds: its answer names
    the job. Otherwise, when a request may have started a job we never heard of, the connection
    is looked at (at least once) until ``progress.look_until``: ``_LATE_JOB_WINDOW`` seconds
    after the server may still have been processing it.
    """
    loop = asyncio.get_running_loop()
    request, progress.request = progress.request, None
    if request is not None:
        try:
            job = await _settle(request, progress, loop)
        finally:
            if not request.done():  # the cleanup itself was cut short (its time limit)
                request.cancel()
        if job is not None:
            if not job.status.is_terminal:
                await cancel_if_current(jobs, connection_id, job.id, gate=gate)
            return
    if progress.look_until is None:
        return  # every request was answered, refused or reconciled: no job is unaccounted for
    delay = _LATE_JOB_FIRST_RECHECK
    while True:
        created = await _job_created_after(
            jobs, connection_id, config_type, progress.baseline, gate
        )
        if created is not None:
            if not created.status.is_terminal:
                await cancel_if_current(jobs, connection_id, created.id, gate=gate)
            return
        remaining = progress.look_until - loop.time()
        if remaining <= 0:
            logger.debug("no late %s job on %s", config_type.value, connection_id)
            return
        await asyncio.sleep(min(delay, remaining))
        delay *= 2


async def _settle(
    request: asyncio.Task[JobInfoRead], progress: _Progress, loop: asyncio.AbstractEventLoop
) -> JobRead | None:
    """Let a trigger request in flight finish (bounded); the job its answer names, if any.

    Notes in ``progress`` when the request may have started a job without naming it.
    """
    if not progress.request_sent:
        request.cancel()  # still waiting for the gate: never sent, nothing to find
    else:
        await asyncio.wait([request], timeout=_SETTLE_REQUEST)
        if not request.done():
            # No answer in time: abandon it. The server may still create the job: look for it.
            request.cancel()
            progress.look_until = loop.time() + _LATE_JOB_WINDOW
    await asyncio.wait([request])  # a cancelled request finishes at once
    if request.cancelled():
        return None
    exc = request.exception()
    if exc is None:
        return request.result().job
    if isinstance(exc, AirbyteError) and _is_ambiguous(exc):
        _unsettled(progress, loop, exc)
    return None  # otherwise refused (4xx, 429, refused connection): no job was started


async def trigger(
    connections: Connections,
    jobs: Jobs,
    connection_id: UUID,
    kind: Kind,
    *,
    if_running: IfRunning = "attach",
    gate: Gate = _no_gate,
    watermark: JobIdWatermark | None = None,
) -> Triggered:
    """Start a sync or reset without ever starting two; see the module docstring."""
    baseline, probing = await watermark.claim() if watermark is not None else (None, False)
    try:
        if baseline is None:
            baseline = await _newest_job_id(jobs, connection_id, gate)
        return await _trigger(
            connections,
            jobs,
            connection_id,
            kind,
            baseline,
            if_running=if_running,
            gate=gate,
            watermark=watermark,
        )
    finally:
        if probing:
            assert watermark is not None
            watermark.probed()


async def _trigger(
    connections: Connections,
    jobs: Jobs,
    connection_id: UUID,
    kind: Kind,
    baseline: int,
    *,
    if_running: IfRunning,
    gate: Gate,
    watermark: JobIdWatermark | None,
) -> Triggered:
    """:func:`trigger` once the baseline is known: send, resend when safe, clean up if cancelled."""
    config_type = _CONFIG_TYPE[kind]
    progress = _Progress(baseline=baseline)
    try:
        for attempt in range(connections.transport.retry.attempts):
            outcome = await _trigger_once(
                connections,
                jobs,
                connection_id,
                kind,
                config_type,
                attempt,
                progress,
                if_running=if_running,
                gate=gate,
                watermark=watermark,
            )
            if isinstance(outcome, Triggered):
                return outcome
            last_error = outcome
    except asyncio.CancelledError:
        # A request in flight, or one whose answer was lost, may have started a job we will
        # never hear of: find it, stop it.
        await shielded(_cancel_created_after(jobs, connection_id, config_type, progress, gate))
        raise
    raise last_error


async def _send(
    connections: Connections, connection_id: UUID, kind: Kind, progress: _Progress, gate: Gate
) -> JobInfoRead:
    """The trigger request itself, holding the gate until it is answered."""
    send = connections.sync if kind == "sync" else connections.reset
    async with gate():
        progress.request_sent = True
        return await send(connection_id)


async def _answer(request: asyncio.Task[JobInfoRead], progress: _Progress) -> JobInfoRead:
    """The trigger request's answer; if we are cancelled first, it stays in ``progress``."""
    try:
        info = await asyncio.shield(request)
    except Exception:  # answered with an error; a CancelledError leaves it for the cleanup
        progress.request = None
        raise
    progress.request = None
    return info


async def _trigger_once(
    connections: Connections,
    jobs: Jobs,
    connection_id: UUID,
    kind: Kind,
    config_type: JobConfigType,
    attempt: int,
    progress: _Progress,
    *,
    if_running: IfRunning,
    gate: Gate,
    watermark: JobIdWatermark | None = None,
) -> Triggered | AirbyteError:
    """One trigger: the job it resolved to, or the error after which a resend is safe."""
    # Its own task, shielded: if we are cancelled meanwhile, the cleanup lets it finish.
    request = asyncio.ensure_future(_send(connections, connection_id, kind, progress, gate))
    progress.request, progress.request_sent = request, False
    try:
        info = await _answer(request, progress)
        progress.look_until = None  # whatever an earlier request did, this one named the job
        if watermark is not None:  # only a job named in an answer was created just now
            watermark.saw(info.job.id, asyncio.get_running_loop().time())
        return Triggered(info.job, owned=True)
    except ConflictError as exc:
        if not exc.sync_already_running:
            raise
        if progress.look_until is not None:
            # An earlier request of ours whose answer was lost may have started a job late.
            late = await _job_created_after(
                jobs, connection_id, config_type, progress.baseline, gate
            )
            if late is not None:
                progress.look_until = None
                logger.info("adopted job %d on %s, started late", late.id, connection_id)
                return Triggered(late, owned=True)
        if if_running == "error":
            raise
        running = await _find_unfinished(jobs, connection_id, gate)
        if running is not None:
            logger.info("attached to running job %d on %s", running.id, connection_id)
            return Triggered(running, owned=False)
        return exc  # it finished between the 409 and our look: trigger again
    except RateLimitError as exc:
        await _backoff(connections, attempt, exc.retry_after)
        return exc  # refused, not processed: resend after the wait it asked for
    except AirbyteError as exc:
        if not _is_ambiguous(exc):
            raise
        previous = progress.look_until
        _unsettled(progress, asyncio.get_running_loop(), exc)  # in case we are cancelled now
        adopted = await _job_created_after(
            jobs, connection_id, config_type, progress.baseline, gate
        )
        if adopted is not None:
            progress.look_until = None
            logger.info(
                "%s of %s failed ambiguously (%s); adopted job %d it created",
                kind,
                connection_id,
                exc,
                adopted.id,
            )
            return Triggered(adopted, owned=True)
        if not _still_processing(exc):
            progress.look_until = previous  # it was answered: this look found all there is
        logger.warning("%s of %s failed (%s) before creating a job", kind, connection_id, exc)
        await _backoff(connections, attempt, None)
        return exc


async def _backoff(connections: Connections, attempt: int, retry_after: float | None) -> None:
    """Wait before a resend: ``Retry-After`` when given (capped), else jittered exponential."""
    transport = connections.transport
    policy = transport.retry
    if retry_after is not None:
        wait = min(retry_after, policy.max_retry_after)
    else:
        wait = random.uniform(0, min(policy.initial_backoff * 2**attempt, policy.max_backoff))
    await transport.sleep(wait)


async def trigger_and_wait(
    connections: Connections,
    jobs: Jobs,
    connection_id: UUID | str,
    kind: Kind,
    *,
    timeout: float | None = None,
    poll: PollPolicy | None = None,
    if_running: IfRunning = "attach",
    cancel_on_timeout: bool = True,
    cancel_attached: bool = False,
    on_update: OnUpdate | None = None,
    raise_on_failure: bool = True,
    gate: Gate = _no_gate,
    deadline: float | None = None,
    watermark: JobIdWatermark | None = None,
) -> JobResult:
    """Trigger ``kind`` on the connection and wait for the job; see the module docstring."""
    connection_id = uuid_arg(connection_id, "connection_id")
    timeout = check_timeout(timeout)
    if if_running not in ("attach", "error"):
        raise InvalidArgumentError(f"if_running must be 'attach' or 'error', got {if_running!r}")
    loop = asyncio.get_running_loop()
    if deadline is None and timeout is not None:
        deadline = loop.time() + timeout

    # The deadline holds while triggering too (a trigger may be resent through an outage):
    # past it, the trigger is cancelled, which cancels any job its requests may have started.
    bounded = asyncio.timeout_at(deadline)
    try:
        async with bounded:
            triggered = await trigger(
                connections,
                jobs,
                connection_id,
                kind,
                if_running=if_running,
                gate=gate,
                watermark=watermark,
            )
    except TimeoutError:
        if not bounded.expired():
            raise
        raise NotStartedError(
            f"{kind} of {connection_id} not started: the deadline passed while triggering"
        ) from None
    job_id = triggered.job.id
    may_cancel = triggered.owned or cancel_attached
    try:
        final = await poll_until_terminal(
            jobs, job_id, poll=poll, deadline=deadline, on_update=on_update, gate=gate
        )
    except DeadlineExceeded as exc:
        last = exc.last or triggered.job
        cancelled = False
        if cancel_on_timeout and may_cancel:
            cancelled = bool(
                await shielded(cancel_if_current(jobs, connection_id, job_id, gate=gate))
            )
        waited = timeout if timeout is not None else max(0.0, (deadline or 0) - loop.time())
        raise JobTimeoutError(
            JobResult.from_job(last, []), timeout=waited, cancelled=cancelled
        ) from None
    except asyncio.CancelledError:
        if may_cancel:
            await shielded(cancel_if_current(jobs, connection_id, job_id, gate=gate))
        raise
    result = await fetch_result(jobs, final, gate=gate)
    return raise_for_status(result) if raise_on_failure else result
