"""``client.sources``: list and get sources."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import uuid_arg
from ..endpoints import Endpoint
from ..models import SourceIdRequestBody, SourceRead, SourceReadList, WorkspaceIdRequestBody
from ._base import Resource

__all__ = ["Sources"]

LIST = Endpoint("/v1/sources/list", idempotent=True)
GET = Endpoint("/v1/sources/get", idempotent=True)


class Sources(Resource):
    """Operations on sources (``/v1/sources/...``)."""

    async def list(self, workspace_id: UUID | str) -> builtins.list[SourceRead]:
        """The workspace's sources."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return (await self._call(LIST, body, SourceReadList)).sources

    async def get(self, source_id: UUID | str) -> SourceRead:
        """One source."""
        body = SourceIdRequestBody(source_id=uuid_arg(source_id, "source_id"))
        return await self._call(GET, body, SourceRead)
