"""``client.web_backend``: the richer views the Airbyte UI uses."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from .._args import model_arg, uuid_arg, uuid_list_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentTypeError
from ..models import (
    ConnectionIdRequestBody,
    ConnectionStateType,
    Geography,
    WebBackendCheckUpdatesRead,
    WebBackendConnectionCreate,
    WebBackendConnectionListItem,
    WebBackendConnectionListRequestBody,
    WebBackendConnectionRead,
    WebBackendConnectionReadList,
    WebBackendConnectionRequestBody,
    WebBackendConnectionUpdate,
    WebBackendGeographiesListResult,
    WebBackendWorkspaceState,
    WebBackendWorkspaceStateResult,
)
from ._base import Resource

__all__ = ["WebBackend"]

GET_STATE_TYPE = Endpoint("/v1/web_backend/state/get_type", idempotent=True)
CHECK_UPDATES = Endpoint("/v1/web_backend/check_updates", idempotent=True)
CREATE_CONNECTION = Endpoint("/v1/web_backend/connections/create", idempotent=False)
GET_CONNECTION = Endpoint("/v1/web_backend/connections/get", idempotent=True)
LIST_CONNECTIONS = Endpoint("/v1/web_backend/connections/list", idempotent=True)
# Not idempotent: a catalog change can make the server start a reset job.
UPDATE_CONNECTION = Endpoint("/v1/web_backend/connections/update", idempotent=False)
GET_WORKSPACE_STATE = Endpoint("/v1/web_backend/workspace/state", idempotent=True)
LIST_GEOGRAPHIES = Endpoint("/v1/web_backend/geographies/list", idempotent=True)


class WebBackend(Resource):
    """Operations of the web backend (``/v1/web_backend/...``)."""

    async def get_state_type(self, connection_id: UUID | str) -> ConnectionStateType:
        """The kind of state the connection holds (stream, global, legacy or not_set)."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(GET_STATE_TYPE, body, ConnectionStateType)

    async def check_updates(self) -> WebBackendCheckUpdatesRead:
        """How many source and destination definitions have updates available."""
        return await self._call(CHECK_UPDATES, None, WebBackendCheckUpdatesRead)

    async def create_connection(self, body: WebBackendConnectionCreate) -> WebBackendConnectionRead:
        """Create a connection (with its operations) and return the full web view of it."""
        body = model_arg(body, WebBackendConnectionCreate, "body")
        return await self._call(CREATE_CONNECTION, body, WebBackendConnectionRead)

    async def get_connection(
        self, connection_id: UUID | str, *, with_refreshed_catalog: bool | None = None
    ) -> WebBackendConnectionRead:
        """A connection with its source, destination, operations and latest sync status."""
        if with_refreshed_catalog is not None and not isinstance(with_refreshed_catalog, bool):
            raise InvalidArgumentTypeError("with_refreshed_catalog must be a bool")
        body = WebBackendConnectionRequestBody(
            connection_id=uuid_arg(connection_id, "connection_id"),
            with_refreshed_catalog=with_refreshed_catalog,
        )
        return await self._call(GET_CONNECTION, body, WebBackendConnectionRead)

    async def list_connections(
        self,
        workspace_id: UUID | str,
        *,
        source_ids: Iterable[UUID | str] | None = None,
        destination_ids: Iterable[UUID | str] | None = None,
    ) -> list[WebBackendConnectionListItem]:
        """The workspace's connections as list items, optionally filtered; deleted ones hidden."""
        body = WebBackendConnectionListRequestBody(
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            source_id=None if source_ids is None else uuid_list_arg(source_ids, "source_ids"),
            destination_id=(
                None
                if destination_ids is None
                else uuid_list_arg(destination_ids, "destination_ids")
            ),
        )
        return (await self._call(LIST_CONNECTIONS, body, WebBackendConnectionReadList)).connections

    async def update_connection(self, body: WebBackendConnectionUpdate) -> WebBackendConnectionRead:
        """Patch a connection through the web backend (may start a reset if streams change)."""
        body = model_arg(body, WebBackendConnectionUpdate, "body")
        return await self._call(UPDATE_CONNECTION, body, WebBackendConnectionRead)

    async def get_workspace_state(self, workspace_id: UUID | str) -> WebBackendWorkspaceStateResult:
        """Whether the workspace has connections, sources and destinations."""
        body = WebBackendWorkspaceState(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return await self._call(GET_WORKSPACE_STATE, body, WebBackendWorkspaceStateResult)

    async def list_geographies(self) -> list[Geography]:
        """The geographies connections can run in."""
        return (
            await self._call(LIST_GEOGRAPHIES, None, WebBackendGeographiesListResult)
        ).geographies
