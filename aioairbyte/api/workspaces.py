"""``client.workspaces``: create, read, update and delete workspaces, on 0.40 and on 1.x/2.x
servers."""

from __future__ import annotations

import builtins
from uuid import UUID

import attrs

from .._args import model_arg, uuid_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentTypeError, UnsupportedOperationError
from ..models import (
    ConnectionIdRequestBody,
    ListWorkspacesByUserRequestBody,
    SlugRequestBody,
    WorkspaceCreate,
    WorkspaceGiveFeedback,
    WorkspaceIdRequestBody,
    WorkspaceRead,
    WorkspaceReadList,
    WorkspaceUpdate,
    WorkspaceUpdateName,
)
from ..transport import Transport
from ._base import Resource
from .instance import Instance

__all__ = ["Workspaces"]

LIST = Endpoint("/v1/workspaces/list", idempotent=True)
LIST_BY_USER = Endpoint("/v1/workspaces/list_by_user_id", idempotent=True)
GET = Endpoint("/v1/workspaces/get", idempotent=True)
CREATE = Endpoint("/v1/workspaces/create", idempotent=False)
UPDATE = Endpoint("/v1/workspaces/update", idempotent=True)
# Not idempotent: the server derives a fresh slug at each rename, and the slug the workspace
# already holds counts as taken, so sending the same name twice leaves a suffixed slug.
UPDATE_NAME = Endpoint("/v1/workspaces/update_name", idempotent=False)
DELETE = Endpoint("/v1/workspaces/delete", idempotent=True)
GET_BY_SLUG = Endpoint("/v1/workspaces/get_by_slug", idempotent=True)
GET_BY_CONNECTION_ID = Endpoint("/v1/workspaces/get_by_connection_id", idempotent=True)
FEEDBACK_DONE = Endpoint("/v1/workspaces/tag_feedback_status_as_done", idempotent=True)


def _text_arg(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


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

    async def create(self, body: WorkspaceCreate) -> WorkspaceRead:
        """Create a workspace (not idempotent: sending it twice makes two workspaces).

        The server derives the slug from the name; a name already taken is allowed, its slug
        then gets a random suffix (``WorkspacesHandler.generateUniqueSlug``). Unset flags are
        ``false``, ``initial_setup_complete`` is ``false``. 1.x/2.x servers require
        ``organization_id`` (a Community deployment's ``default_organization_id``).
        """
        body = model_arg(body, WorkspaceCreate, "body")
        return await self._call(CREATE, body, WorkspaceRead)

    async def update(self, body: WorkspaceUpdate) -> WorkspaceRead:
        """Patch a workspace: the fields left ``None`` keep their value. Answers the
        workspace as stored (webhook configurations without their secrets)."""
        body = model_arg(body, WorkspaceUpdate, "body")
        return await self._call(UPDATE, body, WorkspaceRead)

    async def update_name(self, workspace_id: UUID | str, name: str) -> WorkspaceRead:
        """Rename a workspace; the server derives a new slug from the name, suffixed when taken
        (even by this workspace: renaming to the same name changes the slug). Not retried."""
        body = WorkspaceUpdateName(
            workspace_id=uuid_arg(workspace_id, "workspace_id"), name=_text_arg(name, "name")
        )
        return await self._call(UPDATE_NAME, body, WorkspaceRead)

    async def delete(self, workspace_id: UUID | str) -> None:
        """Delete a workspace: a soft delete (tombstone). The server first deletes the
        workspace's connections, destinations and sources (soft deletes too); the workspace
        then answers 404 to reads (1.x/2.x servers: unless ``include_tombstone``) and leaves
        the listings. Deleting it again answers 404."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        await self._call_no_content(DELETE, body)

    async def get_by_slug(self, slug: str) -> WorkspaceRead:
        """The workspace with this slug (404 when none, or when it is deleted)."""
        body = SlugRequestBody(slug=_text_arg(slug, "slug"))
        return await self._call(GET_BY_SLUG, body, WorkspaceRead)

    async def get_by_connection_id(self, connection_id: UUID | str) -> WorkspaceRead:
        """The workspace a connection belongs to. An unknown connection, or a deleted
        workspace, is a 404 on 1.x/2.x servers and a 500 (``ServerError``) on 0.40, which wraps
        the not-found error (``ConfigRepository.getStandardWorkspaceFromConnection``)."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(GET_BY_CONNECTION_ID, body, WorkspaceRead)

    async def mark_feedback_done(self, workspace_id: UUID | str) -> None:
        """Record that the workspace's users gave their feedback
        (``/v1/workspaces/tag_feedback_status_as_done``; the UI asks for it no more)."""
        body = WorkspaceGiveFeedback(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        await self._call_no_content(FEEDBACK_DONE, body)
