"""``client.connections``: create, read, update, delete, search, sync and reset connections."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import model_arg, uuid_arg
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

    async def active_ids(self, workspace_id: UUID | str) -> builtins.list[UUID]:
        """Ids of the workspace's ``active`` connections (what a bulk sync usually means)."""
        return [c.connection_id for c in await self.list(workspace_id) if c.status == "active"]
