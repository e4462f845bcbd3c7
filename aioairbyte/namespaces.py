"""The client's namespaces: each API family with the helpers built on it.

``client.jobs`` is every ``/v1/jobs`` operation (:class:`aioairbyte.api.jobs.Jobs`) plus
``wait`` and ``watch``; ``client.connections`` is every ``/v1/connections`` operation plus
``sync_and_wait``, ``reset_and_wait``, ``clear_and_wait`` and ``refresh_and_wait``. The helpers
live above the API families (waiting, triggers), so the families do not import them. The
waits share the client's :class:`~aioairbyte.polling.StatusPoller` (batched polling).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from uuid import UUID

from ._args import (
    StreamLike,
    callback_arg,
    job_id_arg,
    optional_instance_arg,
    refresh_mode_arg,
    streams_arg,
)
from .api import connections as _connections
from .api import jobs as _jobs
from .models import RefreshMode
from .polling import StatusPoller
from .results import JobResult
from .runs import trigger_and_wait
from .schedule import PollPolicy
from .transport import Transport
from .triggers import IfRunning, Kind
from .waiting import OnUpdate, WaitEvent, check_timeout, follow, watch_job

#: What ``streams=`` takes: stream names, ``(name, namespace)`` pairs or stream models.
StreamsArg = Iterable[StreamLike] | None

__all__ = ["Connections", "Jobs"]


class Jobs(_jobs.Jobs):
    """Operations on jobs (``/v1/jobs/...``), and waiting for them."""

    def __init__(self, transport: Transport, poller: StatusPoller | None = None) -> None:
        super().__init__(transport)
        #: Batches the polls of every wait of this client (see :mod:`aioairbyte.polling`).
        self.poller = poller or StatusPoller(_connections.Connections(transport))

    async def wait(
        self,
        job_id: int,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = False,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
        progress: bool = False,
    ) -> JobResult:
        """Wait until the job is terminal (succeeded, failed or cancelled) and summarise it.

        Polls on an adaptive schedule (``poll``): a connection's job through the client's
        batched ``connections/status`` poll where the server has it (1.x, 2.x), else
        :meth:`get_light`; ``incomplete`` and statuses unknown to this client are not
        terminal. ``on_update`` (function or coroutine) hears every status change, and with
        ``progress`` the running job's records and bytes (:class:`~aioairbyte.JobProgress`).
        Transient failures are retried until ``timeout``; a definite error
        (401, 403, 404, ...) ends the wait: raised as is when the job was never seen, else as
        :class:`~aioairbyte.JobWaitError` naming the job.

        Raises :class:`~aioairbyte.JobFailedError` / ``JobCancelledError`` when the job did not
        succeed (unless ``raise_on_failure=False``), and ``JobTimeoutError`` with the job's
        real attempts when ``timeout`` seconds pass first; with ``cancel_on_timeout`` the job
        is then cancelled if it is still its connection's current job (``cancelled`` says
        whether the server confirmed it). Cancelling the waiting task does not cancel the job:
        use :meth:`Connections.sync_and_wait` for jobs you start.
        """
        limit = check_timeout(timeout)
        deadline = None if limit is None else asyncio.get_running_loop().time() + limit
        return await follow(
            self,
            job_id_arg(job_id),
            last=None,  # never seen: looked at at once
            deadline=deadline,
            timeout=limit,
            poll=optional_instance_arg(poll, PollPolicy, "poll"),
            on_update=callback_arg(on_update, "on_update"),
            cancel_on_timeout=cancel_on_timeout,
            raise_on_failure=raise_on_failure,
            poller=self.poller,
            progress=progress,
        )

    async def watch(
        self,
        job_id: int,
        *,
        poll: PollPolicy | None = None,
        timeout: float | None = None,
        progress: bool = False,
    ) -> AsyncIterator[WaitEvent]:
        """Yield a :class:`~aioairbyte.JobUpdate` on each status change (new status or new
        attempt) until the job is terminal; the last update carries the terminal status. With
        ``progress``, also a :class:`~aioairbyte.JobProgress` when a running job's records
        or bytes grew (1.x, 2.x: ``connections/sync_progress``, read every few seconds).

        Raises :class:`~aioairbyte.JobTimeoutError` (a ``TimeoutError``) if ``timeout`` seconds
        pass first, with the job's attempts as the server has them.
        """
        job_id = job_id_arg(job_id)
        limit = check_timeout(timeout)
        policy = optional_instance_arg(poll, PollPolicy, "poll")
        async for update in watch_job(
            self, job_id, poll=policy, timeout=limit, poller=self.poller, progress=progress
        ):
            yield update


class Connections(_connections.Connections):
    """Operations on connections (``/v1/connections/...``), and trigger-and-wait helpers."""

    def __init__(self, transport: Transport, jobs: Jobs | None = None) -> None:
        super().__init__(transport)
        self._jobs = jobs or Jobs(transport)

    async def sync_and_wait(
        self,
        connection_id: UUID | str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool = True,
        cancel_attached: bool = False,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
        progress: bool = False,
    ) -> JobResult:
        """Start a sync and wait for it to end; never starts two.

        - A 409 "sync already running" attaches to the running job (``if_running="attach"``)
          or raises :class:`~aioairbyte.errors.ConflictError` (``"error"``).
        - An ambiguous failure (dropped connection, timeout, 5xx after the request was sent) is
          reconciled: a sync job created since the request was sent is adopted; only when none
          exists is the request sent again. Transient failures are retried until ``timeout``.
        - If the waiting task is cancelled, a definite error ends the wait, or ``timeout``
          passes with ``cancel_on_timeout``, the job this call started is cancelled (shielded),
          if it is still the connection's current job. Attached jobs are cancelled only with
          ``cancel_attached``.
        - ``on_update`` hears each status change, and with ``progress`` the running job's
          records and bytes (:class:`~aioairbyte.JobProgress`; 1.x and 2.x servers).

        Returns the :class:`~aioairbyte.JobResult`; raises ``JobFailedError`` /
        ``JobCancelledError`` unless ``raise_on_failure=False``, ``JobTimeoutError`` on timeout,
        ``NotStartedError`` when the trigger could not be sent before it, ``JobWaitError`` when
        a definite error ended the wait.
        """
        return await self._run(
            connection_id,
            "sync",
            timeout=timeout,
            poll=poll,
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            cancel_attached=cancel_attached,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def reset_and_wait(
        self,
        connection_id: UUID | str,
        *,
        streams: StreamsArg = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = True,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
        progress: bool = False,
    ) -> JobResult:
        """Reset the connection (or only ``streams``: 1.x, 2.x) and wait for the reset job;
        same guarantees as :meth:`sync_and_wait` (a reset never conflicts: the server cancels a
        running sync)."""
        return await self._run(
            connection_id,
            "reset",
            streams=streams,
            timeout=timeout,
            poll=poll,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def clear_and_wait(
        self,
        connection_id: UUID | str,
        *,
        streams: StreamsArg = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = True,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
        progress: bool = False,
    ) -> JobResult:
        """Clear the connection's data (or only ``streams``) and wait for the job (1.x, 2.x).

        The server runs a clear as a reset: its job's ``config_type`` is ``reset_connection``,
        and, like a reset, it cancels a running sync rather than conflicting. Same guarantees
        as :meth:`sync_and_wait`.
        """
        return await self._run(
            connection_id,
            "clear",
            streams=streams,
            timeout=timeout,
            poll=poll,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def refresh_and_wait(
        self,
        connection_id: UUID | str,
        *,
        streams: StreamsArg = None,
        mode: RefreshMode | str = "truncate",
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool = True,
        cancel_attached: bool = False,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
        progress: bool = False,
    ) -> JobResult:
        """Refresh the connection's streams (all, or ``streams``) and wait for the ``refresh``
        job (1.x, 2.x); ``mode`` is ``"truncate"`` (drop the data first) or ``"merge"``.

        The server answers a refresh without a job when one is already running (it keeps the
        refresh for the connection's next sync): that job is attached to
        (``if_running="attach"``) or :class:`~aioairbyte.NoJobStartedError` is raised
        (``"error"``); when nothing runs, the destination cannot refresh and
        ``NoJobStartedError`` is raised. Otherwise the guarantees of :meth:`sync_and_wait`.
        """
        return await self._run(
            connection_id,
            "refresh",
            streams=streams,
            mode=mode,
            timeout=timeout,
            poll=poll,
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            cancel_attached=cancel_attached,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def _run(
        self,
        connection_id: UUID | str,
        kind: Kind,
        *,
        streams: StreamsArg = None,
        mode: RefreshMode | str = RefreshMode.TRUNCATE,
        timeout: float | None,
        poll: PollPolicy | None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool,
        cancel_attached: bool = False,
        on_update: OnUpdate | None,
        raise_on_failure: bool,
        progress: bool,
    ) -> JobResult:
        # Every argument is checked before the trigger: found wrong only while polling, it
        # would leave the started job running.
        return await trigger_and_wait(
            self,
            self._jobs,
            connection_id,
            kind,
            timeout=timeout,
            poll=optional_instance_arg(poll, PollPolicy, "poll"),
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            cancel_attached=cancel_attached,
            on_update=callback_arg(on_update, "on_update"),
            raise_on_failure=raise_on_failure,
            streams=None if streams is None else streams_arg(streams, "streams"),
            mode=refresh_mode_arg(mode),
            poller=self._jobs.poller,
            progress=progress,
        )
