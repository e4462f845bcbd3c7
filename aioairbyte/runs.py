"""Trigger a sync, reset, clear or refresh and follow its job to the end: ``sync_and_wait``,
``reset_and_wait``, ``clear_and_wait``, ``refresh_and_wait``, and each connection of a fan-out.

One deadline covers both: a trigger still being resent when it passes is cancelled (its cleanup
cancels any job its requests may have started) and reported :class:`~aioairbyte.NotStartedError`;
a job still running is cancelled if it is owned and ``cancel_on_timeout`` (the default), and
reported :class:`~aioairbyte.JobTimeoutError` with the server's figures.
"""

from __future__ import annotations

import asyncio
from uuid import UUID

from ._args import uuid_arg
from .api.connections import Connections
from .api.jobs import Jobs
from .errors import InvalidArgumentError
from .models import ConnectionStream, RefreshMode
from .polling import StatusPoller
from .results import JobResult
from .schedule import PollPolicy
from .triggers import IfRunning, Kind, Trigger
from .waiting import OnUpdate, budgeted, check_timeout, follow
from .watermark import JobIdWatermark

__all__ = ["trigger_and_wait"]


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
    gate: asyncio.Semaphore | None = None,
    deadline: float | None = None,
    watermark: JobIdWatermark | None = None,
    streams: list[ConnectionStream] | None = None,
    mode: RefreshMode = RefreshMode.TRUNCATE,
    poller: StatusPoller | None = None,
    progress: bool = False,
) -> JobResult:
    """Trigger ``kind`` on the connection and wait for its job; see ``sync_and_wait``.

    ``deadline`` (loop time) overrides ``timeout`` (a fan-out's one deadline); ``gate`` bounds
    the requests in flight; ``watermark`` is shared by a fan-out's triggers; ``streams`` and
    ``mode`` narrow a reset, clear or refresh; ``poller`` batches the polls.
    """
    connection_id = uuid_arg(connection_id, "connection_id")
    timeout = check_timeout(timeout)
    if if_running not in ("attach", "error"):
        raise InvalidArgumentError(f"if_running must be 'attach' or 'error', got {if_running!r}")
    if deadline is None and timeout is not None:
        deadline = asyncio.get_running_loop().time() + timeout

    trigger = Trigger(
        connections,
        budgeted(jobs, deadline, gate),
        connection_id,
        kind,
        if_running=if_running,
        gate=gate,
        watermark=watermark,
        streams=streams,
        mode=mode,
    )
    triggered = await trigger.run_until(deadline)
    may_cancel = triggered.owned or cancel_attached
    return await follow(
        jobs,
        triggered.job.id,
        last=triggered.job,
        deadline=deadline,
        timeout=timeout,
        poll=poll,
        on_update=on_update,
        owned=may_cancel,
        cancel_on_timeout=cancel_on_timeout and may_cancel,
        raise_on_failure=raise_on_failure,
        gate=gate,
        poller=poller,
        progress=progress,
        attempts=triggered.attempts,
    )
