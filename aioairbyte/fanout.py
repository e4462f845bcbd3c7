"""Fan-out: sync, reset, clear or refresh many connections at once and report, per connection,
how it ended.

One task per connection on one event loop (no threads); a semaphore bounds the requests in
flight (triggers and polls, each attempt: a retry's wait holds no slot), not the jobs: every job
runs at once unless ``max_running`` says otherwise. A failure of one connection never cancels
the others. Cancelling the fan-out cancels every job it started (shielded), then re-raises.
Every outcome for a job that exists carries it (``result``: its id and last known status).
The waits share the client's :class:`~aioairbyte.polling.StatusPoller`: where the server has
``connections/status``, one request per round reports up to 100 running jobs.
"""

from __future__ import annotations

import asyncio
import enum
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any
from uuid import UUID

import attrs

from ._aio import notify
from ._args import positive_int_arg, uuid_list_arg
from .api.connections import Connections
from .api.jobs import Jobs
from .errors import (
    AirbyteError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobCancelledError,
    JobError,
    JobFailedError,
    JobTimeoutError,
    NotStartedError,
)
from .models import ConnectionStream, JobStatus, RefreshMode
from .polling import StatusPoller
from .results import JobProgress, JobResult, JobUpdate
from .runs import trigger_and_wait
from .schedule import PollPolicy
from .triggers import IfRunning, Kind, Trigger
from .waiting import budgeted, check_timeout
from .watermark import JobIdWatermark

__all__ = [
    "BulkResult",
    "BulkSyncError",
    "ConnectionOutcome",
    "FanOutEvent",
    "NotStartedError",
    "OutcomeStatus",
    "TriggerOutcome",
    "run_many",
    "trigger_many",
]


class OutcomeStatus(enum.StrEnum):
    """How one connection of a fan-out ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMED_OUT = "timed_out"
    ERROR = "error"  # the job could not be started or followed (an API error)

    def __repr__(self) -> str:
        # As its value, so that ``print(bulk.summary)`` reads {'succeeded': 4, ...}; still the
        # member (``summary[OutcomeStatus.SUCCEEDED]``), and equal to its string.
        return repr(self.value)


@attrs.frozen(kw_only=True)
class ConnectionOutcome:
    """One connection's outcome: its status, the job (``result``: as it ended, or as last seen
    when the wait stopped first) whenever one exists, and the error when it did not succeed."""

    connection_id: UUID
    status: OutcomeStatus
    result: JobResult | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        """Whether the connection's job succeeded."""
        return self.status is OutcomeStatus.SUCCEEDED

    @property
    def job_id(self) -> int | None:
        """The id of the connection's job, when one was started or attached to."""
        return None if self.result is None else self.result.job_id


#: What ``on_update`` hears during a fan-out: job status changes (and with ``progress``, running
#: jobs' progress), then each final outcome.
FanOutEvent = JobUpdate | JobProgress | ConnectionOutcome
OnFanOutEvent = Callable[[FanOutEvent], Awaitable[None] | None]


class BulkSyncError(AirbyteError, ExceptionGroup[Exception]):
    """Raised by ``raise_on_failure=True``: one exception per connection that did not succeed."""


@attrs.frozen
class BulkResult:
    """Every connection's outcome, in input order, with counts by status."""

    outcomes: list[ConnectionOutcome]

    @property
    def summary(self) -> dict[OutcomeStatus, int]:
        """How many connections ended in each status (every status present, zeros included),
        keyed by :class:`OutcomeStatus` (a ``str``: ``summary["failed"]`` works too); prints as
        ``{'succeeded': 4, 'failed': 1, 'cancelled': 0, 'timed_out': 0, 'error': 0}``."""
        counts = Counter(o.status for o in self.outcomes)
        return {status: counts.get(status, 0) for status in OutcomeStatus}

    @property
    def ok(self) -> bool:
        """Whether every connection's job succeeded."""
        return all(o.ok for o in self.outcomes)

    @property
    def failures(self) -> list[ConnectionOutcome]:
        """The outcomes that are not a success."""
        return [o for o in self.outcomes if not o.ok]

    def raise_for_failures(self) -> BulkResult:
        """Raise a :class:`BulkSyncError` (an ``ExceptionGroup``) of the failures, if any."""
        # Every outcome that is not a success carries its error.
        errors = [o.error for o in self.failures if o.error is not None]
        if errors:
            raise BulkSyncError(f"{len(errors)} of {len(self.outcomes)} connections failed", errors)
        return self


def _outcome_of(connection_id: UUID, result: JobResult) -> ConnectionOutcome:
    if result.status is JobStatus.SUCCEEDED:
        return ConnectionOutcome(
            connection_id=connection_id, status=OutcomeStatus.SUCCEEDED, result=result
        )
    if result.status is JobStatus.CANCELLED:
        return ConnectionOutcome(
            connection_id=connection_id,
            status=OutcomeStatus.CANCELLED,
            result=result,
            error=JobCancelledError(result),
        )
    return ConnectionOutcome(
        connection_id=connection_id,
        status=OutcomeStatus.FAILED,
        result=result,
        error=JobFailedError(result),
    )


def _connection_ids(values: Iterable[UUID | str]) -> list[UUID]:
    """The fan-out's connections: a non-empty list without repeats."""
    ids = uuid_list_arg(values, "connection_ids")
    if not ids:
        raise InvalidArgumentError("connection_ids must not be empty")
    if len(set(ids)) != len(ids):
        raise InvalidArgumentError("connection_ids must not repeat a connection")
    return ids


async def run_many(
    connections: Connections,
    jobs: Jobs,
    connection_ids: Iterable[UUID | str],
    kind: Kind,
    *,
    concurrency: int = 50,
    max_running: int | None = None,
    timeout: float | None = None,
    poll: PollPolicy | None = None,
    if_running: IfRunning = "attach",
    cancel_on_timeout: bool = True,
    on_update: OnFanOutEvent | None = None,
    raise_on_failure: bool = False,
    streams: list[ConnectionStream] | None = None,
    mode: RefreshMode = RefreshMode.TRUNCATE,
    poller: StatusPoller | None = None,
    progress: bool = False,
) -> BulkResult:
    """Trigger ``kind`` on every connection and wait for all; see ``AirbyteClient.sync_many``."""
    ids = _connection_ids(connection_ids)
    positive_int_arg(concurrency, "concurrency")
    if max_running is not None:
        positive_int_arg(max_running, "max_running")
    timeout = check_timeout(timeout)
    if poll is not None and not isinstance(poll, PollPolicy):
        raise InvalidArgumentTypeError("poll must be a PollPolicy")

    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    requests = asyncio.Semaphore(concurrency)
    running: AbstractAsyncContextManager[Any] = (
        asyncio.Semaphore(max_running) if max_running is not None else nullcontext()
    )
    outcomes: list[ConnectionOutcome | None] = [None] * len(ids)
    # Shared by the triggers: most of them take their baseline from it instead of a jobs/list.
    watermark = JobIdWatermark()

    async def tell(event: FanOutEvent) -> None:
        await notify(on_update, event)

    async def one(index: int, connection_id: UUID) -> None:
        try:
            async with running:
                if deadline is not None and loop.time() >= deadline:
                    # Queued behind max_running until the deadline: never start it.
                    raise NotStartedError(
                        f"{kind} of {connection_id} not started: the deadline passed first"
                    )
                result = await trigger_and_wait(
                    connections,
                    jobs,
                    connection_id,
                    kind,
                    timeout=timeout,
                    poll=poll,
                    if_running=if_running,
                    cancel_on_timeout=cancel_on_timeout,
                    # Nobody listening: the waits need not count attempts.
                    on_update=None if on_update is None else tell,
                    raise_on_failure=False,
                    gate=requests,
                    deadline=deadline,
                    watermark=watermark,
                    streams=streams,
                    mode=mode,
                    poller=poller,
                    progress=progress,
                )
            outcome = _outcome_of(connection_id, result)
        except (JobTimeoutError, NotStartedError) as exc:
            outcome = ConnectionOutcome(
                connection_id=connection_id,
                status=OutcomeStatus.TIMED_OUT,
                result=exc.result,
                error=exc,
            )
        except Exception as exc:  # one connection's failure must not sink the others
            outcome = ConnectionOutcome(
                connection_id=connection_id,
                status=OutcomeStatus.ERROR,
                result=exc.result if isinstance(exc, JobError) else None,
                error=exc,
            )
        outcomes[index] = outcome
        await tell(outcome)

    async with asyncio.TaskGroup() as group:
        for index, connection_id in enumerate(ids):
            group.create_task(one(index, connection_id))

    result = BulkResult([o for o in outcomes if o is not None])
    return result.raise_for_failures() if raise_on_failure else result


@attrs.frozen(kw_only=True)
class TriggerOutcome:
    """One connection's trigger without waiting: the job (``owned``: started, not attached to)
    or the error."""

    connection_id: UUID
    job: JobResult | None = None
    owned: bool = False
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        """Whether a job was started or attached to."""
        return self.job is not None


async def trigger_many(
    connections: Connections,
    jobs: Jobs,
    connection_ids: Iterable[UUID | str],
    kind: Kind,
    *,
    concurrency: int = 50,
    timeout: float | None = None,
    if_running: IfRunning = "attach",
    streams: list[ConnectionStream] | None = None,
    mode: RefreshMode = RefreshMode.TRUNCATE,
) -> list[TriggerOutcome]:
    """Start a sync or reset on every connection, safely, without waiting for the jobs; see
    ``AirbyteClient.trigger_many``."""
    ids = _connection_ids(connection_ids)
    positive_int_arg(concurrency, "concurrency")
    timeout = check_timeout(timeout)
    requests = asyncio.Semaphore(concurrency)
    watermark = JobIdWatermark()
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    lookups = budgeted(jobs, deadline, requests)

    async def one(connection_id: UUID) -> TriggerOutcome:
        trigger = Trigger(
            connections,
            lookups,
            connection_id,
            kind,
            if_running=if_running,
            gate=requests,
            watermark=watermark,
            streams=streams,
            mode=mode,
        )
        try:
            triggered = await trigger.run_until(deadline)
        except Exception as exc:  # one connection's failure must not sink the others
            return TriggerOutcome(connection_id=connection_id, error=exc)
        job = JobResult.from_job(triggered.job, None)
        return TriggerOutcome(connection_id=connection_id, job=job, owned=triggered.owned)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(one(cid)) for cid in ids]
    return [task.result() for task in tasks]
