"""``client.connections``: create, read, update, delete, search, sync and reset connections."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import callback_arg, model_arg, optional_instance_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    ConnectionCreate,
    ConnectionIdRequestBody,
    ConnectionRead,
    ConnectionReadList,
    ConnectionSearch,
    ConnectionUpdate,
    JobInfoRead,
    WorkspaceIdRequestBody,
)
from ..transport import Transport
from ..triggers import IfRunning, trigger_and_wait
from ..waiting import JobResult, OnUpdate, PollPolicy
from ._base import Resource
from .jobs import Jobs

__all__ = ["Connections"]

CREATE = Endpoint("/v1/connections/create", idempotent=False)
GET = Endpoint("/v1/connections/get", idempotent=True)
UPDATE = Endpoint("/v1/connections/update", idempotent=True)  # a patch: same body, same result
DELETE = Endpoint("/v1/connections/delete", idempotent=True)  # deleting twice is fine
LIST = Endpoint("/v1/connections/list", idempotent=True)
LIST_ALL = Endpoint("/v1/connections/list_all", idempotent=True)
SEARCH = Endpoint("/v1/connections/search", idempotent=True)
SYNC = Endpoint("/v1/connections/sync", idempotent=False)
RESET = Endpoint("/v1/connections/reset", idempotent=False)


class Connections(Resource):
    """Operations on connections (``/v1/connections/...``), and trigger-and-wait helpers."""

    def __init__(self, transport: Transport, jobs: Jobs | None = None) -> None:
        super().__init__(transport)
        self._jobs = jobs or Jobs(transport)

    async def create(self, body: ConnectionCreate) -> ConnectionRead:
        """Create a connection between a source and a destination.

        Not retried once the request may have reached the server: a resend could create a
        second connection.
        """
        return await self._call(CREATE, model_arg(body, ConnectionCreate, "body"), ConnectionRead)

    async def get(self, connection_id: UUID | str) -> ConnectionRead:
        """Get one connection, deleted (``deprecated``) ones included."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(GET, body, ConnectionRead)

    async def update(self, body: ConnectionUpdate) -> ConnectionRead:
        """Patch a connection: only the fields set on ``body`` are sent and changed."""
        return await self._call(UPDATE, model_arg(body, ConnectionUpdate, "body"), ConnectionRead)

    async def delete(self, connection_id: UUID | str) -> None:
        """Delete a connection (a soft delete: its status becomes ``deprecated``)."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        await self._call_no_content(DELETE, body)

    async def list(self, workspace_id: UUID | str) -> builtins.list[ConnectionRead]:
        """The workspace's connections, deleted ones excluded."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST, body, ConnectionReadList)).connections

    async def list_all(self, workspace_id: UUID | str) -> builtins.list[ConnectionRead]:
        """The workspace's connections, deleted ones included."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST_ALL, body, ConnectionReadList)).connections

    async def search(self, query: ConnectionSearch) -> builtins.list[ConnectionRead]:
        """Connections matching every field set on ``query``."""
        body = model_arg(query, ConnectionSearch, "query")
        return (await self._call(SEARCH, body, ConnectionReadList)).connections

    async def sync(self, connection_id: UUID | str) -> JobInfoRead:
        """Start a sync; returns the new job (usually ``running`` with its first attempt).

        Raises :class:`~aioairbyte.errors.ConflictError` when a sync or reset is already running.
        Never resent after the request may have reached the server (a resend could start a
        second sync): such failures carry ``maybe_processed=True``.
        """
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(SYNC, body, JobInfoRead)

    async def reset(self, connection_id: UUID | str) -> JobInfoRead:
        """Reset the connection's data and state; returns the new ``reset_connection`` job.

        The server cancels a running job first; the reset job may come back ``pending`` with
        no attempts. Not resent after the request may have reached the server.
        """
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(RESET, body, JobInfoRead)

    async def active_ids(self, workspace_id: UUID | str) -> builtins.list[UUID]:
        """Ids of the workspace's ``active`` connections (what a bulk sync usually means)."""
        return [c.connection_id for c in await self.list(workspace_id) if c.status == "active"]

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
    ) -> JobResult:
        """Start a sync and wait for it to end; never starts two.

        - A 409 "sync already running" attaches to the running job (``if_running="attach"``)
          or raises :class:`~aioairbyte.errors.ConflictError` (``"error"``).
        - An ambiguous failure (dropped connection, timeout, 5xx after the request was sent) is
          reconciled: a sync job created since the request was sent is adopted; only when none
          exists is the request sent again.
        - If the waiting task is cancelled, or ``timeout`` passes with ``cancel_on_timeout``,
          the job this call started is cancelled (shielded), if it is still the connection's
          current job. Attached jobs are cancelled only with ``cancel_attached``.

        Returns the :class:`~aioairbyte.waiting.JobResult`; raises ``JobFailedError`` /
        ``JobCancelledError`` unless ``raise_on_failure=False``, ``JobTimeoutError`` on timeout.
        """
        return await trigger_and_wait(
            self,
            self._jobs,
            connection_id,
            "sync",
            timeout=timeout,
            # Checked before the trigger: found wrong only while polling, they would leave the
            # started job running.
            poll=optional_instance_arg(poll, PollPolicy, "poll"),
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            cancel_attached=cancel_attached,
            on_update=callback_arg(on_update, "on_update"),
            raise_on_failure=raise_on_failure,
        )

    async def reset_and_wait(
        self,
        connection_id: UUID | str,
        *,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = True,
        on_update: OnUpdate | None = None,
        raise_on_failure: bool = True,
    ) -> JobResult:
        """Reset the connection and wait for the reset job; same guarantees as
        :meth:`sync_and_wait` (a reset never conflicts: the server cancels a running sync)."""
        return await trigger_and_wait(
            self,
            self._jobs,
            connection_id,
            "reset",
            timeout=timeout,
            poll=optional_instance_arg(poll, PollPolicy, "poll"),
            cancel_on_timeout=cancel_on_timeout,
            on_update=callback_arg(on_update, "on_update"),
            raise_on_failure=raise_on_failure,
        )
