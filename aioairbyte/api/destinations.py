"""``client.destinations``: list and get destinations."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import uuid_arg
from ..endpoints import Endpoint
from ..models import (
    DestinationIdRequestBody,
    DestinationRead,
    DestinationReadList,
    WorkspaceIdRequestBody,
)
from ._base import Resource

__all__ = ["Destinations"]

LIST = Endpoint("/v1/destinations/list", idempotent=True)
GET = Endpoint("/v1/destinations/get", idempotent=True)


class Destinations(Resource):
    """Operations on destinations (``/v1/destinations/...``)."""

    async def list(self, workspace_id: UUID | str) -> builtins.list[DestinationRead]:
        """The workspace's destinations."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST, body, DestinationReadList)).destinations

    async def get(self, destination_id: UUID | str) -> DestinationRead:
        """One destination."""
        body = DestinationIdRequestBody(destination_id=uuid_arg(destination_id, "destination_id"))
        return await self._call(GET, body, DestinationRead)
