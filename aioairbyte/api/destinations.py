"""``client.destinations``: create, read, update, delete, clone and search destinations; check
their connection."""

from __future__ import annotations

import builtins
from typing import Any
from uuid import UUID

from .._args import model_arg, optional_instance_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    CheckConnectionRead,
    DestinationCloneConfiguration,
    DestinationCloneRequestBody,
    DestinationCreate,
    DestinationIdRequestBody,
    DestinationRead,
    DestinationReadList,
    DestinationSearch,
    DestinationUpdate,
    WorkspaceIdRequestBody,
)
from ._base import Resource
from .sources import CONNECTOR_TIMEOUT

__all__ = ["Destinations"]

LIST = Endpoint("/v1/destinations/list", idempotent=True)
GET = Endpoint("/v1/destinations/get", idempotent=True)
CREATE = Endpoint("/v1/destinations/create", idempotent=False)
UPDATE = Endpoint("/v1/destinations/update", idempotent=True)  # the whole body: same result twice
DELETE = Endpoint("/v1/destinations/delete", idempotent=True)  # deleting twice is harmless
CLONE = Endpoint("/v1/destinations/clone", idempotent=False)  # each clone is a new destination
SEARCH = Endpoint("/v1/destinations/search", idempotent=True)
CHECK = Endpoint("/v1/destinations/check_connection", idempotent=True)
CHECK_FOR_UPDATE = Endpoint("/v1/destinations/check_connection_for_update", idempotent=True)


def _destination_id(destination_id: UUID | str) -> DestinationIdRequestBody:
    return DestinationIdRequestBody(destination_id=uuid_arg(destination_id, "destination_id"))


class Destinations(Resource):
    """Operations on destinations (``/v1/destinations/...``).

    Reads mask the configuration's secrets (``"**********"``). Checks run the connector and can
    take minutes: they take their own ``timeout`` (seconds, default
    :data:`~aioairbyte.api.sources.CONNECTOR_TIMEOUT`), are resent under the client's retry
    policy, and cancelling the awaiting task cancels the request.
    """

    async def list(self, workspace_id: UUID | str) -> builtins.list[DestinationRead]:
        """The workspace's destinations, deleted ones excluded."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST, body, DestinationReadList)).destinations

    async def get(self, destination_id: UUID | str) -> DestinationRead:
        """One destination, secrets masked. A deleted destination is still found (a 2.x
        server shows its configuration emptied)."""
        return await self._call(GET, _destination_id(destination_id), DestinationRead)

    async def create(self, body: DestinationCreate) -> DestinationRead:
        """Create a destination; returns it with its secrets masked.

        The server validates the configuration against the definition's specification: a
        configuration that does not fulfil it raises
        :class:`~aioairbyte.errors.UnprocessableEntityError` (422) naming the fields at fault;
        an unknown definition or workspace raises :class:`~aioairbyte.errors.NotFoundError`.
        Not resent after the request may have reached the server: a resend could create a
        second destination.
        """
        request = model_arg(body, DestinationCreate, "body")
        return await self._call(CREATE, request, DestinationRead)

    async def update(self, body: DestinationUpdate) -> DestinationRead:
        """Replace a destination's name and configuration (validated as by :meth:`create`).

        Secrets sent masked (``"**********"``, as reads show them) keep their stored value.
        """
        request = model_arg(body, DestinationUpdate, "body")
        return await self._call(UPDATE, request, DestinationRead)

    async def delete(self, destination_id: UUID | str) -> None:
        """Delete a destination: a soft delete (a tombstone). The server deletes the
        destination's connections first; it is then listed and searched nowhere."""
        await self._call_no_content(DELETE, _destination_id(destination_id))

    async def clone(
        self,
        destination_id: UUID | str,
        *,
        name: str | None = None,
        connection_configuration: dict[str, Any] | None = None,
    ) -> DestinationRead:
        """Create a copy of a destination (0.40 and 1.x; 2.x servers removed the operation,
        which raises :class:`~aioairbyte.errors.UnsupportedOperationError` there: read the
        destination and :meth:`create` one like it instead, its secrets given again).

        ``name`` (default: the server's ``<name> (Copy)``) and ``connection_configuration``
        (default: the destination's, secrets included) change the copy. Not resent after the
        request may have reached the server.
        """
        clone_id = uuid_arg(destination_id, "destination_id")
        name = optional_instance_arg(name, str, "name")
        configuration = optional_instance_arg(
            connection_configuration, dict, "connection_configuration"
        )
        changes = None
        if name is not None or configuration is not None:
            changes = DestinationCloneConfiguration(
                name=name, connection_configuration=configuration
            )
        body = DestinationCloneRequestBody(
            destination_clone_id=clone_id, destination_configuration=changes
        )
        return await self._call(CLONE, body, DestinationRead)

    async def search(self, query: DestinationSearch) -> builtins.list[DestinationRead]:
        """Destinations of any workspace matching every field set on ``query`` (deleted ones
        excluded; a ``connection_configuration`` matches the masked configurations)."""
        body = model_arg(query, DestinationSearch, "query")
        return (await self._call(SEARCH, body, DestinationReadList)).destinations

    async def check_connection(
        self, destination_id: UUID | str, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Run the connector's check with the destination's stored configuration.

        A failed check is an answer, not an error: ``status`` ``failed`` and the connector's
        ``message`` (``.succeeded`` says which). ``timeout``: seconds for this request.
        """
        body = _destination_id(destination_id)
        return await self._call(CHECK, body, CheckConnectionRead, timeout=timeout)

    async def check_connection_for_update(
        self, body: DestinationUpdate, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Check a configuration a destination would have after :meth:`update`, without saving
        it. Masked secrets take the stored values; the configuration is validated first (422
        as for :meth:`update`). ``timeout``: seconds for this request.
        """
        request = model_arg(body, DestinationUpdate, "body")
        return await self._call(CHECK_FOR_UPDATE, request, CheckConnectionRead, timeout=timeout)
