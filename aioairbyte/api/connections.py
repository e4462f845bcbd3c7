"""``client.connections``: create, read, update, delete, search, sync, reset, clear and refresh
connections; their status and sync progress."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Iterable
from uuid import UUID

from .._args import (
    StreamLike,
    model_arg,
    optional_streams_arg,
    positive_int_arg,
    refresh_mode_arg,
    streams_arg,
    unique_uuid_list_arg,
    uuid_arg,
)
from ..endpoints import Endpoint
from ..errors import ResponseValidationError
from ..models import (
    ConnectionCreate,
    ConnectionIdRequestBody,
    ConnectionRead,
    ConnectionReadList,
    ConnectionSearch,
    ConnectionStatusesRequestBody,
    ConnectionStatusRead,
    ConnectionStreamRefreshRequestBody,
    ConnectionStreamRequestBody,
    ConnectionSyncProgressRead,
    ConnectionUpdate,
    JobInfoRead,
    JobRead,
    JobReadResponse,
    RefreshMode,
    WorkspaceIdRequestBody,
)
from ._base import Resource

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
CLEAR = Endpoint("/v1/connections/clear", idempotent=False)
CLEAR_STREAMS = Endpoint("/v1/connections/clear/stream", idempotent=False)
RESET_STREAMS = Endpoint("/v1/connections/reset/stream", idempotent=False)
REFRESH = Endpoint("/v1/connections/refresh", idempotent=False)
STATUS = Endpoint("/v1/connections/status", idempotent=True)
SYNC_PROGRESS = Endpoint("/v1/connections/sync_progress", idempotent=True)


class Connections(Resource):
    """Operations on connections (``/v1/connections/...``); ``client.connections`` adds
    ``sync_and_wait`` and ``reset_and_wait`` (:class:`aioairbyte.namespaces.Connections`)."""

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

    async def clear(self, connection_id: UUID | str) -> JobInfoRead:
        """Clear the connection's data and state in the destination (1.0 and later); returns the
        new job, whose config type is ``reset_connection`` (the server runs a reset).

        Not resent after the request may have reached the server.
        """
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(CLEAR, body, JobInfoRead)

    async def clear_streams(
        self, connection_id: UUID | str, streams: Iterable[StreamLike]
    ) -> JobInfoRead:
        """Clear the data and state of some streams (1.0 and later); returns the new job.

        ``streams``: names (no namespace), ``(name, namespace)`` tuples, ``ConnectionStream``
        or ``StreamDescriptor`` items; at least one, none twice. Not resent after the request
        may have reached the server.
        """
        body = ConnectionStreamRequestBody(
            connection_id=uuid_arg(connection_id, "connection_id"), streams=streams_arg(streams)
        )
        return await self._call(CLEAR_STREAMS, body, JobInfoRead)

    async def reset_streams(
        self, connection_id: UUID | str, streams: Iterable[StreamLike]
    ) -> JobInfoRead:
        """Reset some streams (1.0 and later): the older name of :meth:`clear_streams`, served by
        the same server handler. ``streams`` as there."""
        body = ConnectionStreamRequestBody(
            connection_id=uuid_arg(connection_id, "connection_id"), streams=streams_arg(streams)
        )
        return await self._call(RESET_STREAMS, body, JobInfoRead)

    async def refresh(
        self,
        connection_id: UUID | str,
        streams: Iterable[StreamLike] | None = None,
        *,
        mode: RefreshMode | str = "truncate",
    ) -> JobRead | None:
        """Refresh streams: re-read them from the start (``streams`` ``None`` or empty: all).

        ``mode``: ``"truncate"`` drops the streams' data first, ``"merge"`` keeps it and merges
        the re-read records in (or a :class:`~aioairbyte.models.RefreshMode`). Returns the new
        ``refresh`` job, or ``None`` when the server started none: it answers ``{}`` when the
        destination does not support refreshes or a sync is already running. 1.x servers answer
        only ``{"value": true|false}``, so there the result is ``None`` either way: find the job
        with ``jobs.list(connection_id, config_types=["refresh"])``. Not resent after the
        request may have reached the server.
        """
        body = ConnectionStreamRefreshRequestBody(
            connection_id=uuid_arg(connection_id, "connection_id"),
            refresh_mode=refresh_mode_arg(mode),
            streams=optional_streams_arg(streams),
        )
        return (await self._call(REFRESH, body, JobReadResponse)).job

    async def status(
        self, connection_ids: Iterable[UUID | str], *, chunk_size: int = 100
    ) -> builtins.list[ConnectionStatusRead]:
        """The status of each connection (1.0 and later), in the order of ``connection_ids``.

        One request reports ``chunk_size`` connections; longer lists are split and the requests
        sent together. All or nothing: the first failing request's error is raised. An id given
        twice is refused; no ids: ``[]`` without a request.
        """
        ids = unique_uuid_list_arg(connection_ids, "connection_ids")
        size = positive_int_arg(chunk_size, "chunk_size")
        if not ids:
            return []
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [
                    group.create_task(
                        self._call(
                            STATUS,
                            ConnectionStatusesRequestBody(connection_ids=chunk),
                            builtins.list[ConnectionStatusRead],
                        )
                    )
                    for chunk in chunks
                ]
        except BaseExceptionGroup as failed:
            # Report the failure itself, not a group: callers catch AirbyteError subclasses.
            raise failed.exceptions[0] from None
        by_id = {status.connection_id: status for task in tasks for status in task.result()}
        missing = [str(i) for i in ids if i not in by_id]
        if missing:
            raise ResponseValidationError(
                operation=str(STATUS),
                problems=[f"no status for connection {', '.join(missing[:5])}"],
            )
        return [by_id[i] for i in ids]

    async def sync_progress(self, connection_id: UUID | str) -> ConnectionSyncProgressRead:
        """Records and bytes so far of the connection's running job, per stream and in total
        (1.0 and later). With no job running: ``job_id`` ``None`` and no streams."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(SYNC_PROGRESS, body, ConnectionSyncProgressRead)

    async def active_ids(self, workspace_id: UUID | str) -> builtins.list[UUID]:
        """Ids of the workspace's ``active`` connections (what a bulk sync usually means)."""
        return [c.connection_id for c in await self.list(workspace_id) if c.status == "active"]
