"""``client.source_definitions``: source connector definitions and their specifications."""

from __future__ import annotations

import builtins
from typing import Any, TypeVar
from uuid import UUID

from .._args import model_arg, uuid_arg
from ..endpoints import Endpoint
from ..errors import BadRequestError, InvalidArgumentError, InvalidArgumentTypeError
from ..models import (
    ActorDefinitionIdWithScope,
    CustomSourceDefinitionCreate,
    PrivateSourceDefinitionRead,
    PrivateSourceDefinitionReadList,
    ScopeType,
    SourceDefinitionIdRequestBody,
    SourceDefinitionIdWithWorkspaceId,
    SourceDefinitionRead,
    SourceDefinitionReadList,
    SourceDefinitionSpecificationRead,
    SourceDefinitionUpdate,
    WorkspaceIdActorDefinitionRequestBody,
    WorkspaceIdRequestBody,
)
from ._base import Resource

__all__ = ["SourceDefinitions"]

T = TypeVar("T")

LIST = Endpoint("/v1/source_definitions/list", idempotent=True)
LIST_LATEST = Endpoint("/v1/source_definitions/list_latest", idempotent=True)
LIST_FOR_WORKSPACE = Endpoint("/v1/source_definitions/list_for_workspace", idempotent=True)
LIST_PRIVATE = Endpoint("/v1/source_definitions/list_private", idempotent=True)
GET = Endpoint("/v1/source_definitions/get", idempotent=True)
GET_FOR_WORKSPACE = Endpoint("/v1/source_definitions/get_for_workspace", idempotent=True)
CREATE_CUSTOM = Endpoint("/v1/source_definitions/create_custom", idempotent=False)
UPDATE = Endpoint("/v1/source_definitions/update", idempotent=True)  # the same tag again
DELETE = Endpoint("/v1/source_definitions/delete", idempotent=True)  # a tombstone stays one
GRANT = Endpoint("/v1/source_definitions/grant_definition", idempotent=True)
REVOKE = Endpoint("/v1/source_definitions/revoke_definition", idempotent=True)
GET_SPECIFICATION = Endpoint("/v1/source_definition_specifications/get", idempotent=True)


def scope_arg(
    workspace_id: UUID | str | None, organization_id: UUID | str | None
) -> tuple[ScopeType, UUID]:
    """The one scope of a grant: a workspace or (1.x/2.x) an organization."""
    if (workspace_id is None) == (organization_id is None):
        raise InvalidArgumentError("give exactly one of workspace_id and organization_id")
    if organization_id is not None:
        return ScopeType.ORGANIZATION, uuid_arg(organization_id, "organization_id")
    return ScopeType.WORKSPACE, uuid_arg(workspace_id, "workspace_id")


def custom_create_arg(body: Any, cls: type[T], definition: str) -> T:
    """A custom-definition body naming its owner: ``workspace_id``, or ``scope_id`` and
    ``scope_type`` (1.x/2.x servers)."""
    checked = model_arg(body, cls, "body")
    if getattr(checked, "workspace_id", None) is None and (
        getattr(checked, "scope_id", None) is None or getattr(checked, "scope_type", None) is None
    ):
        raise InvalidArgumentError(
            f"body must name the owner of the {definition}: workspace_id, or scope_id and "
            "scope_type"
        )
    return checked


def optional_bool_arg(value: object, name: str) -> bool | None:
    """``None`` or a bool."""
    if value is not None and not isinstance(value, bool):
        raise InvalidArgumentTypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


class ScopedGrants(Resource):
    """Grants and revocations in the shape the server takes.

    0.40 servers take ``{definition id, workspaceId}``; 1.x/2.x servers take
    ``ActorDefinitionIdWithScope`` (a workspace or an organization) and answer the 0.40 body
    with a 400. A workspace grant is sent in the 0.40 shape first and, after such a 400, in
    the scoped one; the namespace then remembers to send the scoped shape."""

    _scoped: bool = False

    async def _scoped_call(
        self,
        endpoint: Endpoint,
        legacy: Any,
        scoped: ActorDefinitionIdWithScope,
        response: type[T] | None,
    ) -> T | None:
        if scoped.scope_type is ScopeType.WORKSPACE and not self._scoped:
            try:
                return await self._send(endpoint, legacy, response)
            except BadRequestError:
                self._scoped = True
        return await self._send(endpoint, scoped, response)

    async def _send(self, endpoint: Endpoint, body: Any, response: type[T] | None) -> T | None:
        if response is None:
            await self._call_no_content(endpoint, body)
            return None
        return await self._call(endpoint, body, response)


class SourceDefinitions(ScopedGrants):
    """Operations on source definitions (``/v1/source_definitions/...``) and their
    specifications (``/v1/source_definition_specifications/get``)."""

    async def list(self) -> builtins.list[SourceDefinitionRead]:
        """Every source definition of the instance (custom ones included, deleted ones not)."""
        return (await self._call(LIST, None, SourceDefinitionReadList)).source_definitions

    async def list_latest(self) -> builtins.list[SourceDefinitionRead]:
        """The newest versions in the remote connector registry.

        The server fetches the registry; an air-gapped one answers an empty list.
        """
        return (await self._call(LIST_LATEST, None, SourceDefinitionReadList)).source_definitions

    async def list_for_workspace(
        self, workspace_id: UUID | str, *, filter_by_used: bool | None = None
    ) -> builtins.list[SourceDefinitionRead]:
        """The definitions a workspace may use: public ones and those granted to it.

        ``filter_by_used`` (2.x servers; older ones ignore it) lists only those the
        workspace's sources use.
        """
        body = WorkspaceIdActorDefinitionRequestBody(
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            filter_by_used=optional_bool_arg(filter_by_used, "filter_by_used"),
        )
        answer = await self._call(LIST_FOR_WORKSPACE, body, SourceDefinitionReadList)
        return answer.source_definitions

    async def list_private(
        self, workspace_id: UUID | str
    ) -> builtins.list[PrivateSourceDefinitionRead]:
        """The non-public, non-custom definitions, each with whether the workspace has it."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        answer = await self._call(LIST_PRIVATE, body, PrivateSourceDefinitionReadList)
        return answer.source_definitions

    async def get(self, source_definition_id: UUID | str) -> SourceDefinitionRead:
        """One source definition, deleted ones included."""
        body = SourceDefinitionIdRequestBody(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id")
        )
        return await self._call(GET, body, SourceDefinitionRead)

    async def get_for_workspace(
        self, source_definition_id: UUID | str, workspace_id: UUID | str
    ) -> SourceDefinitionRead:
        """One source definition, if the workspace may use it (a 404 otherwise)."""
        body = SourceDefinitionIdWithWorkspaceId(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id"),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
        )
        return await self._call(GET_FOR_WORKSPACE, body, SourceDefinitionRead)

    async def create_custom(self, body: CustomSourceDefinitionCreate) -> SourceDefinitionRead:
        """Add a custom source connector (a Docker image) for one workspace, or on 1.x/2.x
        servers for a scope; only that scope can use it until it is granted elsewhere.

        The server runs the image's ``spec`` first. Not resent after the request may have
        reached the server: a resend could add the definition twice.
        """
        checked = custom_create_arg(body, CustomSourceDefinitionCreate, "definition")
        return await self._call(CREATE_CUSTOM, checked, SourceDefinitionRead)

    async def update(self, body: SourceDefinitionUpdate) -> SourceDefinitionRead:
        """Change a definition's default image tag and resource requirements (and, on 2.x
        servers, a custom definition's name; they require ``workspace_id``)."""
        checked = model_arg(body, SourceDefinitionUpdate, "body")
        return await self._call(UPDATE, checked, SourceDefinitionRead)

    async def delete(self, source_definition_id: UUID | str) -> None:
        """Delete a definition: a soft delete (a tombstone) that first deletes every source
        of the definition, and so their connections."""
        body = SourceDefinitionIdRequestBody(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id")
        )
        await self._call_no_content(DELETE, body)

    async def grant_definition(
        self,
        source_definition_id: UUID | str,
        workspace_id: UUID | str | None = None,
        *,
        organization_id: UUID | str | None = None,
    ) -> PrivateSourceDefinitionRead:
        """Let a workspace (or, on 1.x/2.x servers, an organization) use a definition."""
        definition_id = uuid_arg(source_definition_id, "source_definition_id")
        scope_type, scope_id = scope_arg(workspace_id, organization_id)
        legacy = SourceDefinitionIdWithWorkspaceId(
            source_definition_id=definition_id, workspace_id=scope_id
        )
        scoped = ActorDefinitionIdWithScope(
            actor_definition_id=definition_id, scope_id=scope_id, scope_type=scope_type
        )
        answer = await self._scoped_call(GRANT, legacy, scoped, PrivateSourceDefinitionRead)
        assert answer is not None
        return answer

    async def revoke_definition(
        self,
        source_definition_id: UUID | str,
        workspace_id: UUID | str | None = None,
        *,
        organization_id: UUID | str | None = None,
    ) -> None:
        """Take back a grant; revoking one that does not exist is no error."""
        definition_id = uuid_arg(source_definition_id, "source_definition_id")
        scope_type, scope_id = scope_arg(workspace_id, organization_id)
        legacy = SourceDefinitionIdWithWorkspaceId(
            source_definition_id=definition_id, workspace_id=scope_id
        )
        scoped = ActorDefinitionIdWithScope(
            actor_definition_id=definition_id, scope_id=scope_id, scope_type=scope_type
        )
        await self._scoped_call(REVOKE, legacy, scoped, None)

    async def get_specification(
        self, source_definition_id: UUID | str, workspace_id: UUID | str
    ) -> SourceDefinitionSpecificationRead:
        """The definition's connector specification: the JSON schema of its configuration
        (``airbyte_secret`` marks the secret fields) and its OAuth flow (``advanced_auth``)."""
        body = SourceDefinitionIdWithWorkspaceId(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id"),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
        )
        return await self._call(GET_SPECIFICATION, body, SourceDefinitionSpecificationRead)
