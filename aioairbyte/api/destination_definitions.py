"""``client.destination_definitions``: destination connector definitions, their specifications."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import model_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    ActorDefinitionIdWithScope,
    CustomDestinationDefinitionCreate,
    DestinationDefinitionIdRequestBody,
    DestinationDefinitionIdWithWorkspaceId,
    DestinationDefinitionRead,
    DestinationDefinitionReadList,
    DestinationDefinitionSpecificationRead,
    DestinationDefinitionUpdate,
    PrivateDestinationDefinitionRead,
    PrivateDestinationDefinitionReadList,
    WorkspaceIdActorDefinitionRequestBody,
    WorkspaceIdRequestBody,
)
from .source_definitions import ScopedGrants, custom_create_arg, optional_bool_arg, scope_arg

__all__ = ["DestinationDefinitions"]

LIST = Endpoint("/v1/destination_definitions/list", idempotent=True)
LIST_LATEST = Endpoint("/v1/destination_definitions/list_latest", idempotent=True)
LIST_FOR_WORKSPACE = Endpoint("/v1/destination_definitions/list_for_workspace", idempotent=True)
LIST_PRIVATE = Endpoint("/v1/destination_definitions/list_private", idempotent=True)
GET = Endpoint("/v1/destination_definitions/get", idempotent=True)
GET_FOR_WORKSPACE = Endpoint("/v1/destination_definitions/get_for_workspace", idempotent=True)
CREATE_CUSTOM = Endpoint("/v1/destination_definitions/create_custom", idempotent=False)
UPDATE = Endpoint("/v1/destination_definitions/update", idempotent=True)  # the same tag again
DELETE = Endpoint("/v1/destination_definitions/delete", idempotent=True)  # a tombstone stays one
GRANT = Endpoint("/v1/destination_definitions/grant_definition", idempotent=True)
REVOKE = Endpoint("/v1/destination_definitions/revoke_definition", idempotent=True)
GET_SPECIFICATION = Endpoint("/v1/destination_definition_specifications/get", idempotent=True)


def _definition_id(value: UUID | str) -> UUID:
    return uuid_arg(value, "destination_definition_id")


class DestinationDefinitions(ScopedGrants):
    """Operations on destination definitions (``/v1/destination_definitions/...``) and their
    specifications (``/v1/destination_definition_specifications/get``)."""

    async def list(self) -> builtins.list[DestinationDefinitionRead]:
        """Every destination definition of the instance (custom ones included, deleted ones not)."""
        return (await self._call(LIST, None, DestinationDefinitionReadList)).destination_definitions

    async def list_latest(self) -> builtins.list[DestinationDefinitionRead]:
        """The newest versions in the remote connector registry.

        The server fetches the registry; an air-gapped one answers an empty list.
        """
        return (
            await self._call(LIST_LATEST, None, DestinationDefinitionReadList)
        ).destination_definitions

    async def list_for_workspace(
        self, workspace_id: UUID | str, *, filter_by_used: bool | None = None
    ) -> builtins.list[DestinationDefinitionRead]:
        """The definitions a workspace may use: public ones and those granted to it.

        ``filter_by_used`` (2.x servers; older ones ignore it) lists only those the
        workspace's destinations use.
        """
        body = WorkspaceIdActorDefinitionRequestBody(
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            filter_by_used=optional_bool_arg(filter_by_used, "filter_by_used"),
        )
        answer = await self._call(LIST_FOR_WORKSPACE, body, DestinationDefinitionReadList)
        return answer.destination_definitions

    async def list_private(
        self, workspace_id: UUID | str
    ) -> builtins.list[PrivateDestinationDefinitionRead]:
        """The non-public, non-custom definitions, each with whether the workspace has it."""
        body = WorkspaceIdRequestBody(workspace_id=uuid_arg(workspace_id, "workspace_id"))
        answer = await self._call(LIST_PRIVATE, body, PrivateDestinationDefinitionReadList)
        return answer.destination_definitions

    async def get(self, destination_definition_id: UUID | str) -> DestinationDefinitionRead:
        """One destination definition, deleted ones included."""
        body = DestinationDefinitionIdRequestBody(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            )
        )
        return await self._call(GET, body, DestinationDefinitionRead)

    async def get_for_workspace(
        self, destination_definition_id: UUID | str, workspace_id: UUID | str
    ) -> DestinationDefinitionRead:
        """One destination definition, if the workspace may use it (a 404 otherwise)."""
        body = DestinationDefinitionIdWithWorkspaceId(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            ),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
        )
        return await self._call(GET_FOR_WORKSPACE, body, DestinationDefinitionRead)

    async def create_custom(
        self, body: CustomDestinationDefinitionCreate
    ) -> DestinationDefinitionRead:
        """Add a custom destination connector (a Docker image) for one workspace, or on 1.x/2.x
        servers for a scope; only that scope can use it until it is granted elsewhere.

        The server runs the image's ``spec`` first. Not resent after the request may have
        reached the server: a resend could add the definition twice.
        """
        checked = custom_create_arg(
            body, CustomDestinationDefinitionCreate, "destination definition"
        )
        return await self._call(CREATE_CUSTOM, checked, DestinationDefinitionRead)

    async def update(self, body: DestinationDefinitionUpdate) -> DestinationDefinitionRead:
        """Change a definition's default image tag and resource requirements (and, on 2.x
        servers, a custom definition's name; they require ``workspace_id``)."""
        checked = model_arg(body, DestinationDefinitionUpdate, "body")
        return await self._call(UPDATE, checked, DestinationDefinitionRead)

    async def delete(self, destination_definition_id: UUID | str) -> None:
        """Delete a definition: a soft delete (a tombstone) that first deletes every destination
        of the definition, and so their connections."""
        body = DestinationDefinitionIdRequestBody(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            )
        )
        await self._call_no_content(DELETE, body)

    async def grant_definition(
        self,
        destination_definition_id: UUID | str,
        workspace_id: UUID | str | None = None,
        *,
        organization_id: UUID | str | None = None,
    ) -> PrivateDestinationDefinitionRead:
        """Let a workspace (or, on 1.x/2.x servers, an organization) use a definition."""
        definition_id = _definition_id(destination_definition_id)
        scope_type, scope_id = scope_arg(workspace_id, organization_id)
        legacy = DestinationDefinitionIdWithWorkspaceId(
            destination_definition_id=definition_id, workspace_id=scope_id
        )
        scoped = ActorDefinitionIdWithScope(
            actor_definition_id=definition_id, scope_id=scope_id, scope_type=scope_type
        )
        answer = await self._scoped_call(GRANT, legacy, scoped, PrivateDestinationDefinitionRead)
        assert answer is not None
        return answer

    async def revoke_definition(
        self,
        destination_definition_id: UUID | str,
        workspace_id: UUID | str | None = None,
        *,
        organization_id: UUID | str | None = None,
    ) -> None:
        """Take back a grant; revoking one that does not exist is no error."""
        definition_id = _definition_id(destination_definition_id)
        scope_type, scope_id = scope_arg(workspace_id, organization_id)
        legacy = DestinationDefinitionIdWithWorkspaceId(
            destination_definition_id=definition_id, workspace_id=scope_id
        )
        scoped = ActorDefinitionIdWithScope(
            actor_definition_id=definition_id, scope_id=scope_id, scope_type=scope_type
        )
        await self._scoped_call(REVOKE, legacy, scoped, None)

    async def get_specification(
        self, destination_definition_id: UUID | str, workspace_id: UUID | str
    ) -> DestinationDefinitionSpecificationRead:
        """The definition's connector specification: the JSON schema of its configuration
        (``airbyte_secret`` marks the secret fields) and its OAuth flow (``advanced_auth``)."""
        body = DestinationDefinitionIdWithWorkspaceId(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            ),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
        )
        return await self._call(GET_SPECIFICATION, body, DestinationDefinitionSpecificationRead)
