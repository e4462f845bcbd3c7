"""``client.workspaces``: list and get workspaces."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import uuid_arg
from ..endpoints import Endpoint
from ..models import WorkspaceIdRequestBody, WorkspaceRead, WorkspaceReadList
from ._base import Resource

__all__ = ["Workspaces"]

LIST = Endpoint("/v1/workspaces/list", idempotent=True)
GET = Endpoint("/v1/workspaces/get", idempotent=True)


class Workspaces(Resource):
    """Operations on workspaces (``/v1/workspaces/...``)."""

    async def list(self) -> builtins.list[WorkspaceRead]:
        """Every workspace."""
        return (await self._call(LIST, None, WorkspaceReadList)).workspaces

    async def get(self, workspace_id: UUID | str) -> WorkspaceRead:
        """One workspace."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return await self._call(GET, body, WorkspaceRead)
