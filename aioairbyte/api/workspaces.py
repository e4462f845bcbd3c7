"""``client.workspaces``: list and get workspaces, on 0.40 and on 1.x/2.x servers."""

from __future__ import annotations

import builtins
from uuid import UUID

import attrs

from .._args import uuid_arg
from ..endpoints import Endpoint
from ..errors import UnsupportedOperationError
from ..models import (
    ListWorkspacesByUserRequestBody,
    WorkspaceIdRequestBody,
    WorkspaceRead,
    WorkspaceReadList,
)
from ..transport import Transport
from ._base import Resource
from .instance import Instance

__all__ = ["Workspaces"]

LIST = Endpoint("/v1/workspaces/list", idempotent=True)
LIST_BY_USER = Endpoint("/v1/workspaces/list_by_user_id", idempotent=True)
GET = Endpoint("/v1/workspaces/get", idempotent=True)


@attrs.define
class _Learned:
    """What this client learned of its server; shared by the namespace's copies."""

    has_list: bool = True
    default_user: UUID | None = None


class Workspaces(Resource):
    """Operations on workspaces (``/v1/workspaces/...``)."""

    def __init__(self, transport: Transport) -> None:
        super().__init__(transport)
        self._learned = _Learned()

    async def list(self) -> builtins.list[WorkspaceRead]:
        """Every workspace.

        On a server without ``/v1/workspaces/list`` (removed in 2.0) this lists the default
        user's workspaces (``/v1/workspaces/list_by_user_id``; in the Community edition that
        user is the instance admin and sees every workspace). Which path the server has is
        learned once per client: the common path costs one request.
        """
        missing: UnsupportedOperationError | None = None
        if self._learned.has_list:
            try:
                return (await self._call(LIST, None, WorkspaceReadList)).workspaces
            except UnsupportedOperationError as exc:
                missing = exc
        # /v1/workspaces/list_paginated is not the successor it looks like: it lists the
        # workspaces whose ids it is given (WorkspaceServiceJooqImpl: ID IN workspaceIds).
        user = self._learned.default_user
        if user is None:
            instance = Instance(self._transport).with_options(retry=self._retry, gate=self._gate)
            try:
                configuration = await instance.configuration()
            except UnsupportedOperationError:
                if missing is not None:
                    # Neither path: base_url is not the API, rather than a server lacking both.
                    raise missing from None
                raise
            user = self._learned.default_user = configuration.default_user_id
        self._learned.has_list = False
        body = ListWorkspacesByUserRequestBody(user_id=user)
        return (await self._call(LIST_BY_USER, body, WorkspaceReadList)).workspaces

    async def get(self, workspace_id: UUID | str) -> WorkspaceRead:
        """One workspace."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        return await self._call(GET, body, WorkspaceRead)
