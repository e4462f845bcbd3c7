"""Triggering a sync or reset safely: never two jobs, and never a job left behind.

1. **No duplicate syncs.** A trigger that fails ambiguously (dropped connection, timeout, a 500,
   a gateway's 502/504, an unreadable 200) is never blindly resent. Before triggering, the id of
   the connection's newest job is noted (the *baseline*; job ids only grow); after an ambiguous
   failure a job of the right type with a larger id is adopted, running or already finished.
   Only when there is none is a resend safe. A request that certainly did nothing (refused
   connection, DNS, 429, a proxy's 503) is resent at once, after the backoff it asked for.
   Resends go on until the wait's deadline (:func:`aioairbyte.retries.resending`).
   In a fan-out the baseline usually costs nothing: job ids come from one sequence for the
   whole server, so the newest id another trigger of the same fan-out was answered with, under
   ``JobIdWatermark.max_age`` ago, is as good a baseline as the connection's own newest id.
   (Either way, a job someone else starts on the same connection in that short window, followed
   by a lost answer, could be taken for ours; the window is of the same order.)
2. **Attach, don't fail, on 409.** "A sync is already running" attaches to the running job
   (``if_running="attach"``) or raises (``"error"``); after an earlier request of ours reached
   the server, the running job above the baseline is ours, not attached to.
3. **Nothing left behind.** When the trigger ends without a job (cancelled, deadline, a
   definite error after an ambiguous one), the job its requests may have started is found and
   cancelled. A request in flight is not abandoned at once (a server finishes a request whose
   client has gone): it gets up to ``SETTLE_REQUEST`` seconds, and its answer names the job.
   When an answer was lost (no answer, 502/504, or abandoned), the server may still be creating
   the job: the connection is looked at until ``LATE_JOB_WINDOW`` seconds later. A server that
   creates the job later still is the one case the client cannot see.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from typing import Literal
from uuid import UUID

import attrs

from ._aio import CleanupFailed, shielded
from .api.connections import (
    CLEAR,
    CLEAR_STREAMS,
    REFRESH,
    RESET,
    RESET_STREAMS,
    SYNC,
    Connections,
)
from .api.jobs import Jobs
from .endpoints import Endpoint
from .errors import (
    AirbyteError,
    ApiConnectionError,
    ApiError,
    ConflictError,
    NoJobStartedError,
    NotStartedError,
    ResponseDecodeError,
)
from .models import ConnectionStream, JobConfigType, JobRead, RefreshMode
from .reconcile import (
    CancelOutcome,
    cancel_owned,
    find_unfinished,
    for_cleanup,
    job_created_after,
    newest_job_id,
)
from .results import JobResult
from .retries import (
    NO_RETRIES,
    RetryConfig,
    UntilDeadline,
    certainly_not_processed,
    resending,
)
from .watermark import JobIdWatermark

__all__ = [
    "CONFIG_TYPE",
    "IfRunning",
    "JobIdWatermark",
    "Kind",
    "Trigger",
    "Triggered",
    "Unaccounted",
]

logger = logging.getLogger("aioairbyte")

IfRunning = Literal["attach", "error"]
Kind = Literal["sync", "reset", "clear", "refresh"]

#: The job type each kind of trigger creates (the server runs a clear as a reset job).
CONFIG_TYPE: dict[Kind, JobConfigType] = {
    "sync": JobConfigType.SYNC,
    "reset": JobConfigType.RESET_CONNECTION,
    "clear": JobConfigType.RESET_CONNECTION,
    "refresh": JobConfigType.REFRESH,
}
#: Cleaning up a request in flight: how long to let it finish (its answer names the job).
SETTLE_REQUEST = 1.0
#: After an answer was lost, how long the server may still be creating the job.
LATE_JOB_WINDOW = 1.0
_LATE_JOB_FIRST_RECHECK = 0.05


@attrs.frozen
class Triggered:
    """The job a trigger resolved to: started by this call (``owned``) or attached to."""

    job: JobRead
    owned: bool
    attempts: int | None = None
    """How many attempts the trigger's answer showed the job with, when it carried them."""


class Unaccounted(enum.Enum):
    """Whether a request of this trigger may have started a job that no answer named."""

    NONE = "none"
    """Every request sent was answered, refused, or reconciled."""
    EXISTING = "existing"
    """One was answered ambiguously (a 500, an unreadable 200): if it started a job, the job
    exists already."""
    LATE = "late"
    """One got no answer (dropped, timed out, 502/504, abandoned): the server may still be
    creating its job, until ``late_until``."""


def _no_answer(exc: AirbyteError) -> bool:
    """Whether the server may still be working on the request: no answer came from it, or a
    gateway gave up waiting for it (502, 504)."""
    if isinstance(exc, ApiConnectionError):
        return exc.maybe_processed
    return isinstance(exc, ApiError) and exc.status in (502, 504)


def _ambiguous(exc: AirbyteError) -> bool:
    """Whether the failed request may nonetheless have started a job."""
    if isinstance(exc, ApiConnectionError | ApiError):
        return exc.maybe_processed
    return isinstance(exc, ResponseDecodeError)  # a success status with a body we cannot read


class Trigger:
    """One safe trigger of a sync or reset on one connection; see the module docstring.

    ``jobs`` does the lookups (give it the wait's retry budget and gate); ``gate`` bounds the
    trigger request itself. After :meth:`run` fails, ``cleanup`` tells what the cleanup did:
    ``None`` (nothing to clean up), a :class:`~aioairbyte.reconcile.CancelOutcome` for the job
    it found (``job`` ``None``: it found none), or ``CleanupFailed``.
    """

    def __init__(
        self,
        connections: Connections,
        jobs: Jobs,
        connection_id: UUID,
        kind: Kind,
        *,
        if_running: IfRunning = "attach",
        gate: asyncio.Semaphore | None = None,
        watermark: JobIdWatermark | None = None,
        retry: RetryConfig | None = None,
        streams: list[ConnectionStream] | None = None,
        mode: RefreshMode = RefreshMode.TRUNCATE,
        baseline: int | None = None,
    ) -> None:
        # The request itself is never retried by the transport: resends are decided here.
        self._connections = connections.with_options(retry=NO_RETRIES)
        # Lookups of the connection's active job retry as the job lookups do.
        self._lookups = connections.with_options(retry=jobs.retry_policy, gate=jobs.gate)
        self._jobs = jobs
        self.connection_id = connection_id
        self.kind: Kind = kind
        self.config_type = CONFIG_TYPE[kind]
        self.streams = streams or None
        """Only these streams (reset, clear, refresh); ``None``: all of them."""
        self.mode = mode
        self._if_running = if_running
        self._gate = gate
        self._watermark = watermark
        # Resends go on until the deadline (see run_until), paced like retries.
        self._budget = UntilDeadline(retry or connections.transport.retry)
        self.baseline: int | None = baseline
        """The connection's newest job id before the first request (0 when it had none); given
        by a caller that noted it durably before calling (an Airflow task, across its tries)."""
        self.unaccounted = Unaccounted.NONE
        self.late_until = 0.0
        """Loop time until which a job may still appear, while ``unaccounted`` is ``LATE``."""
        self._request: asyncio.Task[JobRead | None] | None = None
        """The request in flight, in its own task so that cancelling us does not abort it."""
        self._request_sent = False
        """Whether ``_request`` got past the gate (from then on the server may act on it)."""
        self._reached_server = False
        """Whether any request got past the gate (a later 409 may then be about our job)."""
        self._reached_before = False
        """Whether a request before the current one got past the gate."""
        self._probing = False
        self.cleanup: CancelOutcome | CleanupFailed | None = None
        #: The job the last answer named and its number of attempts.
        self._answered_attempts: tuple[int, int] | None = None

    async def run(self) -> Triggered:
        """Send until a job is started or attached to; raise a definite error otherwise."""
        watermark = None if self.baseline is not None else self._watermark
        baseline, self._probing = await watermark.claim() if watermark else (self.baseline, False)
        try:
            self.baseline = (
                baseline
                if baseline is not None
                else await newest_job_id(self._jobs, self.connection_id, self.config_type)
            )
            transport = self._connections.transport
            controller = resending(
                self._budget,
                transport.sleep,
                transport.retry_log,
                self._endpoint(),
            )
            outcome: Triggered | AirbyteError = await controller(self._attempt)
            assert isinstance(outcome, Triggered)  # resends end only with a job
            return outcome
        except (Exception, asyncio.CancelledError) as exc:
            # A request in flight, or one whose answer was lost, may have started a job we
            # will never hear of: find it, stop it.
            if self._request is not None or self.unaccounted is not Unaccounted.NONE:
                self.cleanup = await shielded(self._clean_up())
                found = self.cleanup
                if isinstance(found, CancelOutcome) and found.job is not None:
                    done = "cancelled" if found.sent else f"found {found.job.status.value}"
                    exc.add_note(
                        f"aioairbyte: job {found.job.id}, started by an earlier request of this"
                        f" {self.kind}, was {done}"
                    )
            raise
        finally:
            self._probed()

    async def run_until(self, deadline: float | None) -> Triggered:
        """:meth:`run`, cut off at ``deadline`` (loop time): then its cleanup runs and
        :class:`~aioairbyte.NotStartedError` says what it found."""
        self._budget = UntilDeadline(self._budget.config, deadline)
        bounded = asyncio.timeout_at(deadline)
        try:
            async with bounded:
                return await self.run()
        except TimeoutError:
            if not bounded.expired():
                raise
            raise self.not_started() from None

    def not_started(self) -> NotStartedError:
        """The error for a trigger cut off by its deadline, with what its cleanup found."""
        what = f"{self.kind} of {self.connection_id} not started"
        cleanup = self.cleanup
        if isinstance(cleanup, CancelOutcome) and cleanup.job is not None:
            job = cleanup.job
            done = "cancelled" if cleanup.sent else f"found {job.status.value}"
            return NotStartedError(
                f"{what} by the deadline; job {job.id}, started by a lost request, was {done}",
                result=JobResult.from_job(job, cleanup.attempts),
                cancelled=cleanup.sent,
            )
        if isinstance(cleanup, CleanupFailed):
            return NotStartedError(
                f"{what}: the deadline passed while triggering, and looking for a job its"
                f" requests may have started failed ({cleanup}); check the connection's jobs"
            )
        return NotStartedError(f"{what}: the deadline passed while triggering")

    def _probed(self) -> None:
        if self._probing and self._watermark is not None:
            self._probing = False
            self._watermark.probed()

    def _endpoint(self) -> Endpoint:
        """The operation this trigger sends (named in its logs)."""
        if self.kind == "refresh":
            return REFRESH
        if self.kind == "sync":
            return SYNC
        if self.streams is not None:
            return CLEAR_STREAMS if self.kind == "clear" else RESET_STREAMS
        return CLEAR if self.kind == "clear" else RESET

    async def _request_job(self) -> JobRead | None:
        """The trigger request: the job it started (``None``: a refresh that started none)."""
        connections, cid, streams = self._connections, self.connection_id, self.streams
        if self.kind == "refresh":
            return await connections.refresh(cid, streams, mode=self.mode)
        if self.kind == "sync":
            info = await connections.sync(cid)
        elif self.kind == "clear":
            info = await (
                connections.clear(cid)
                if streams is None
                else connections.clear_streams(cid, streams)
            )
        else:
            info = await (
                connections.reset(cid)
                if streams is None
                else connections.reset_streams(cid, streams)
            )
        self._answered_attempts = (info.job.id, len(info.attempts))
        return info.job

    async def _send(self) -> JobRead | None:
        """The trigger request itself, holding the gate until it is answered."""
        async with self._gate or contextlib.nullcontext():
            self._request_sent = self._reached_server = True
            return await self._request_job()

    async def _answer(self) -> JobRead | None:
        """Send, and wait for the answer; if we are cancelled first, the request stays in
        ``_request`` for the cleanup."""
        self._reached_before = self._reached_server
        self._request_sent = False
        request = self._request = asyncio.ensure_future(self._send())
        try:
            info = await asyncio.shield(request)
        except asyncio.CancelledError:
            raise  # the request goes on: the cleanup settles it
        except Exception:
            self._request = None
            raise
        finally:
            self._probed()
        self._request = None
        return info

    async def _attempt(self) -> Triggered | AirbyteError:
        """One request: the job it resolved to, or the error after which a resend is safe."""
        try:
            job = await self._answer()
        except ConflictError as exc:
            if not exc.sync_already_running:
                raise
            return await self._on_conflict(exc)
        except AirbyteError as exc:
            if certainly_not_processed(exc):
                return exc  # refused: resend after the wait it asked for
            if not _ambiguous(exc):
                raise
            return await self._reconcile(exc)
        self.unaccounted = Unaccounted.NONE  # whatever an earlier request did, this one named it
        if job is None:
            return await self._no_job()
        if self._watermark is not None:  # only a job named in an answer was created just now
            self._watermark.saw(job.id, asyncio.get_running_loop().time())
        answered = self._answered_attempts
        attempts = answered[1] if answered is not None and answered[0] == job.id else None
        return Triggered(job, owned=True, attempts=attempts)

    async def _no_job(self) -> Triggered | AirbyteError:
        """A refresh answered without a job: one is running already (the server keeps the
        refresh for the connection's next sync), or the destination cannot refresh."""
        running = await find_unfinished(
            self._jobs, self.connection_id, self._lookups, self.config_type
        )
        if (
            running is not None
            and running.config_type is JobConfigType.REFRESH
            and self.baseline is not None
            and running.id > self.baseline
        ):
            # A 1.x server answers only whether it started one: this refresh job is ours.
            return Triggered(running, owned=True)
        if running is None:
            raise NoJobStartedError(
                f"refresh of {self.connection_id} started no job and none is running: its"
                " destination may not support refreshes",
                connection_id=self.connection_id,
            )
        if self._if_running == "error":
            raise NoJobStartedError(
                f"refresh of {self.connection_id} started no job: job {running.id} is running"
                " (the server applies the refresh at the connection's next sync)",
                connection_id=self.connection_id,
                running=running,
            )
        logger.info("attached to running job %d on %s", running.id, self.connection_id)
        return Triggered(running, owned=False)

    async def _on_conflict(self, exc: ConflictError) -> Triggered | AirbyteError:
        assert self.baseline is not None
        if self._reached_before:
            # An earlier request of ours reached the server: the running job may be its own.
            ours = await job_created_after(
                self._jobs, self.connection_id, self.config_type, self.baseline
            )
            if ours is not None:
                self.unaccounted = Unaccounted.NONE
                logger.info("adopted job %d on %s, started earlier", ours.id, self.connection_id)
                return Triggered(ours, owned=True)
        if self._if_running == "error":
            raise exc
        running = await find_unfinished(
            self._jobs, self.connection_id, self._lookups, self.config_type
        )
        if running is not None:
            logger.info("attached to running job %d on %s", running.id, self.connection_id)
            return Triggered(running, owned=False)
        return exc  # it finished between the 409 and our look: trigger again

    async def _reconcile(self, exc: AirbyteError) -> Triggered | AirbyteError:
        """After an ambiguous failure: adopt the job it started, or say a resend is safe."""
        assert self.baseline is not None
        previous, previous_until = self.unaccounted, self.late_until
        self._note_unanswered(exc)  # in case we are cancelled during the look
        adopted = await job_created_after(
            self._jobs, self.connection_id, self.config_type, self.baseline
        )
        if adopted is not None:
            self.unaccounted = Unaccounted.NONE
            logger.info(
                "%s of %s failed ambiguously (%s); adopted job %d it created",
                self.kind,
                self.connection_id,
                exc,
                adopted.id,
            )
            return Triggered(adopted, owned=True)
        if not _no_answer(exc):  # it was answered: this look found all there is
            self.unaccounted, self.late_until = previous, previous_until
        logger.info(
            "%s of %s failed (%s) before creating a job", self.kind, self.connection_id, exc
        )
        return exc

    def _note_unanswered(self, exc: AirbyteError) -> None:
        """A request that may have started a job ended with ``exc``, naming none."""
        if _no_answer(exc):
            self._late(asyncio.get_running_loop().time() + LATE_JOB_WINDOW)
        elif self.unaccounted is Unaccounted.NONE:
            self.unaccounted = Unaccounted.EXISTING

    def _late(self, until: float) -> None:
        if self.unaccounted is Unaccounted.LATE:
            until = max(until, self.late_until)
        self.unaccounted, self.late_until = Unaccounted.LATE, until

    async def _clean_up(self) -> CancelOutcome | None:
        """Cancel the job our requests may have started: the one the request in flight names
        (given ``SETTLE_REQUEST`` seconds), or one found above the baseline."""
        jobs = for_cleanup(self._jobs)  # the wait's deadline may have passed: a budget of its own
        request, self._request = self._request, None
        if request is not None:
            try:
                job = await self._settle(request)
            finally:
                if not request.done():  # the cleanup itself was cut short (its time limit)
                    request.cancel()
            if job is not None:
                if job.status.is_terminal:
                    return CancelOutcome(sent=False, job=job)
                return await cancel_owned(jobs, self.connection_id, job.id, self.config_type)
        if self.unaccounted is Unaccounted.NONE or self.baseline is None:
            return None
        loop = asyncio.get_running_loop()
        delay = _LATE_JOB_FIRST_RECHECK
        while True:
            created = await job_created_after(
                jobs, self.connection_id, self.config_type, self.baseline
            )
            if created is not None:
                if created.status.is_terminal:
                    return CancelOutcome(sent=False, job=created)
                return await cancel_owned(jobs, self.connection_id, created.id, self.config_type)
            remaining = self.late_until - loop.time()
            if self.unaccounted is not Unaccounted.LATE or remaining <= 0:
                logger.debug("no late %s job on %s", self.config_type.value, self.connection_id)
                return CancelOutcome(sent=False, job=None)
            await self._connections.transport.sleep(min(delay, remaining))
            delay *= 2

    async def _settle(self, request: asyncio.Task[JobRead | None]) -> JobRead | None:
        """Let the request in flight finish (bounded); the job its answer names, if any."""
        if not self._request_sent:
            request.cancel()  # still waiting for the gate: never sent, nothing to find
        else:
            await asyncio.wait([request], timeout=SETTLE_REQUEST)
            if not request.done():
                # No answer in time: abandon it. The server may still create the job.
                request.cancel()
                self._late(asyncio.get_running_loop().time() + LATE_JOB_WINDOW)
        await asyncio.wait([request])  # a cancelled request finishes at once
        if request.cancelled():
            return None
        exc = request.exception()
        if exc is None:
            return request.result()
        if isinstance(exc, AirbyteError) and _ambiguous(exc):
            self._note_unanswered(exc)
        return None  # otherwise refused: no job was started
