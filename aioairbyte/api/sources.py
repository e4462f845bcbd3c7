"""``client.sources``: create, read, update, delete, clone and search sources; check their
connection and discover their schema."""

from __future__ import annotations

import builtins
from typing import Any
from uuid import UUID

from .._args import model_arg, optional_instance_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    ActorCatalogWithUpdatedAt,
    CheckConnectionRead,
    DiscoverCatalogResult,
    SourceCloneConfiguration,
    SourceCloneRequestBody,
    SourceCreate,
    SourceDiscoverSchemaRead,
    SourceDiscoverSchemaRequestBody,
    SourceDiscoverSchemaWriteRequestBody,
    SourceIdRequestBody,
    SourceRead,
    SourceReadList,
    SourceSearch,
    SourceUpdate,
    WorkspaceIdRequestBody,
)
from ._base import Resource

__all__ = ["CONNECTOR_TIMEOUT", "Sources"]

#: Seconds a connector check or discover may take before the client gives up (the request's
#: own timeout). The server answers these only once the connector ran: its sidecar gives a
#: check or discover connector 9 minutes to write its output (``SIDECAR_FILE_TIMEOUT_MINUTES``,
#: ``AirbyteSidecarConfig.fileTimeoutMinutes``) before failing it, and the pod must start
#: first; 10 minutes leaves the server that minute to launch the pod and answer.
CONNECTOR_TIMEOUT: float = 600.0

LIST = Endpoint("/v1/sources/list", idempotent=True)
GET = Endpoint("/v1/sources/get", idempotent=True)
CREATE = Endpoint("/v1/sources/create", idempotent=False)
UPDATE = Endpoint("/v1/sources/update", idempotent=True)  # the whole body: same result twice
DELETE = Endpoint("/v1/sources/delete", idempotent=True)  # deleting twice is harmless
CLONE = Endpoint("/v1/sources/clone", idempotent=False)  # each clone is a new source
SEARCH = Endpoint("/v1/sources/search", idempotent=True)
CHECK = Endpoint("/v1/sources/check_connection", idempotent=True)
CHECK_FOR_UPDATE = Endpoint("/v1/sources/check_connection_for_update", idempotent=True)
DISCOVER = Endpoint("/v1/sources/discover_schema", idempotent=True)
MOST_RECENT_CATALOG = Endpoint("/v1/sources/most_recent_source_actor_catalog", idempotent=True)
# The same catalog written twice is stored once (by its hash): a resend is harmless.
WRITE_DISCOVER_RESULT = Endpoint("/v1/sources/write_discover_catalog_result", idempotent=True)


def _source_id(source_id: UUID | str) -> SourceIdRequestBody:
    return SourceIdRequestBody(source_id=uuid_arg(source_id, "source_id"))


class Sources(Resource):
    """Operations on sources (``/v1/sources/...``).

    Reads mask the configuration's secrets (``"**********"``). Checks and discovers run the
    connector and can take minutes: they take their own ``timeout`` (seconds, default
    :data:`CONNECTOR_TIMEOUT`), are resent under the client's retry policy, and cancelling the
    awaiting task cancels the request.
    """

    async def list(self, workspace_id: UUID | str) -> builtins.list[SourceRead]:
        """The workspace's sources, deleted ones excluded."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST, body, SourceReadList)).sources

    async def get(self, source_id: UUID | str) -> SourceRead:
        """One source, secrets masked. A deleted source is still found (a 2.x server shows
        its configuration emptied)."""
        return await self._call(GET, _source_id(source_id), SourceRead)

    async def create(self, body: SourceCreate) -> SourceRead:
        """Create a source; returns it with its secrets masked.

        The server validates the configuration against the definition's specification: a
        configuration that does not fulfil it raises
        :class:`~aioairbyte.errors.UnprocessableEntityError` (422) naming the fields at fault;
        an unknown definition or workspace raises :class:`~aioairbyte.errors.NotFoundError`.
        Not resent after the request may have reached the server: a resend could create a
        second source.
        """
        return await self._call(CREATE, model_arg(body, SourceCreate, "body"), SourceRead)

    async def update(self, body: SourceUpdate) -> SourceRead:
        """Replace a source's name and configuration (validated as by :meth:`create`).

        Secrets sent masked (``"**********"``, as reads show them) keep their stored value.
        """
        return await self._call(UPDATE, model_arg(body, SourceUpdate, "body"), SourceRead)

    async def delete(self, source_id: UUID | str) -> None:
        """Delete a source: a soft delete (a tombstone). The server deletes the source's
        connections first; the source is then listed and searched nowhere."""
        await self._call_no_content(DELETE, _source_id(source_id))

    async def clone(
        self,
        source_id: UUID | str,
        *,
        name: str | None = None,
        connection_configuration: dict[str, Any] | None = None,
    ) -> SourceRead:
        """Create a copy of a source (0.40 and 1.x; 2.x servers removed the operation, which
        raises :class:`~aioairbyte.errors.UnsupportedOperationError` there: read the source
        and :meth:`create` one like it instead, its secrets given again).

        ``name`` (default: the server's ``<name> (Copy)``) and ``connection_configuration``
        (default: the source's, secrets included) change the copy. Not resent after the
        request may have reached the server.
        """
        clone_id = uuid_arg(source_id, "source_id")
        name = optional_instance_arg(name, str, "name")
        configuration = optional_instance_arg(
            connection_configuration, dict, "connection_configuration"
        )
        changes = None
        if name is not None or configuration is not None:
            changes = SourceCloneConfiguration(name=name, connection_configuration=configuration)
        body = SourceCloneRequestBody(source_clone_id=clone_id, source_configuration=changes)
        return await self._call(CLONE, body, SourceRead)

    async def search(self, query: SourceSearch) -> builtins.list[SourceRead]:
        """Sources of any workspace matching every field set on ``query`` (deleted ones
        excluded; a ``connection_configuration`` matches the masked configurations)."""
        body = model_arg(query, SourceSearch, "query")
        return (await self._call(SEARCH, body, SourceReadList)).sources

    async def check_connection(
        self, source_id: UUID | str, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Run the connector's check with the source's stored configuration.

        A failed check is an answer, not an error: ``status`` ``failed`` and the connector's
        ``message`` (``.succeeded`` says which). ``timeout``: seconds for this request.
        """
        body = _source_id(source_id)
        return await self._call(CHECK, body, CheckConnectionRead, timeout=timeout)

    async def check_connection_for_update(
        self, body: SourceUpdate, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Check a configuration a source would have after :meth:`update`, without saving it.

        Masked secrets take the stored values; the configuration is validated first (422 as
        for :meth:`update`). ``timeout``: seconds for this request.
        """
        request = model_arg(body, SourceUpdate, "body")
        return await self._call(CHECK_FOR_UPDATE, request, CheckConnectionRead, timeout=timeout)

    async def discover_schema(
        self,
        source_id: UUID | str,
        *,
        disable_cache: bool | None = None,
        connection_id: UUID | str | None = None,
        notify_schema_change: bool | None = None,
        timeout: float = CONNECTOR_TIMEOUT,
    ) -> SourceDiscoverSchemaRead:
        """Discover the source's streams; the server stores the catalog as the source's.

        The server answers a catalog it already discovered for the same configuration and
        connector version without running the connector, unless ``disable_cache``.
        ``connection_id``: also diff the catalog against that connection's
        (``catalog_diff``, ``breaking_change``). ``notify_schema_change`` is read by 0.40 and
        1.x servers. A failed discover answers no catalog (``job_info.succeeded`` false).
        ``timeout``: seconds for this request.
        """
        connection = None if connection_id is None else uuid_arg(connection_id, "connection_id")
        body = SourceDiscoverSchemaRequestBody(
            source_id=uuid_arg(source_id, "source_id"),
            connection_id=connection,
            disable_cache=optional_instance_arg(disable_cache, bool, "disable_cache"),
            notify_schema_change=optional_instance_arg(
                notify_schema_change, bool, "notify_schema_change"
            ),
        )
        return await self._call(DISCOVER, body, SourceDiscoverSchemaRead, timeout=timeout)

    async def most_recent_source_actor_catalog(
        self, source_id: UUID | str
    ) -> ActorCatalogWithUpdatedAt:
        """The source's most recently discovered catalog (the protocol's JSON) and its time.

        A source without one, or an unknown id, answers both fields absent: no 404.
        """
        return await self._call(
            MOST_RECENT_CATALOG, _source_id(source_id), ActorCatalogWithUpdatedAt
        )

    async def write_discover_catalog_result(
        self, body: SourceDiscoverSchemaWriteRequestBody
    ) -> DiscoverCatalogResult:
        """Store a discovered catalog as the source's newest actor catalog; returns its id.

        The platform's workers call this after a discover; the document makes it public. The
        same catalog stored twice keeps one id.
        """
        request = model_arg(body, SourceDiscoverSchemaWriteRequestBody, "body")
        return await self._call(WRITE_DISCOVER_RESULT, request, DiscoverCatalogResult)
