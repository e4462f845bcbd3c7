"""Source and destination definitions: reads, lists, custom creation, updates and grants."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model
from .actors import SupportLevel
from .connections import ResourceRequirements

__all__ = [
    "JobType",
    "JobTypeResourceLimit",
    "ScopedResourceRequirements",
    "NormalizationDestinationDefinitionConfig",
    "ReleaseStage",
    "DestinationDefinitionRead",
    "SourceDefinitionReadSourceType",
    "SourceDefinitionRead",
    "SourceDefinitionReadList",
    "DestinationDefinitionReadList",
    "PrivateSourceDefinitionRead",
    "PrivateSourceDefinitionReadList",
    "PrivateDestinationDefinitionRead",
    "PrivateDestinationDefinitionReadList",
    "SourceDefinitionIdRequestBody",
    "DestinationDefinitionIdRequestBody",
    "SourceDefinitionIdWithWorkspaceId",
    "DestinationDefinitionIdWithWorkspaceId",
    "WorkspaceIdActorDefinitionRequestBody",
    "ScopeType",
    "ActorDefinitionIdWithScope",
    "SourceDefinitionCreate",
    "DestinationDefinitionCreate",
    "CustomSourceDefinitionCreate",
    "CustomDestinationDefinitionCreate",
    "SourceDefinitionUpdate",
    "DestinationDefinitionUpdate",
]


class JobType(OpenStrEnum):
    """The kinds of job the platform runs (for per-job-type resource requirements)."""

    GET_SPEC = "get_spec"
    CHECK_CONNECTION = "check_connection"
    DISCOVER_SCHEMA = "discover_schema"
    SYNC = "sync"
    RESET_CONNECTION = "reset_connection"
    CONNECTION_UPDATER = "connection_updater"
    REPLICATE = "replicate"


@model
class JobTypeResourceLimit:
    """Resource requirements for one job type; they override the default when both are set."""

    job_type: JobType
    resource_requirements: ResourceRequirements


@model
class ScopedResourceRequirements:
    """Resource requirements of an actor or actor definition.

    ``default`` applies to every job of the actor (definition), job-type entries override it,
    and a connection's own requirements override both; unset, the platform's defaults apply.
    (The 0.40 document names this schema ``ActorDefinitionResourceRequirements``.)
    """

    default: ResourceRequirements | None = None
    job_specific: list[JobTypeResourceLimit] | None = None


#: The 0.40 document's name of :class:`ScopedResourceRequirements`.
ActorDefinitionResourceRequirements = ScopedResourceRequirements


@model
class NormalizationDestinationDefinitionConfig:
    """Whether and how a destination supported basic normalization (servers before 1.0)."""

    supported: bool
    normalization_repository: str | None = None
    normalization_tag: str | None = None
    normalization_integration_type: str | None = None


class ReleaseStage(OpenStrEnum):
    """A connector's release stage."""

    ALPHA = "alpha"
    BETA = "beta"
    GENERALLY_AVAILABLE = "generally_available"
    CUSTOM = "custom"


@model
class DestinationDefinitionRead:
    """A destination connector (definition): its image and documentation.

    ``supports_dbt`` and ``normalization_config`` come from servers before 1.0 only; the fields
    from ``custom`` on, from 1.x/2.x servers. ``last_published`` is an ISO 8601 date-time.
    """

    destination_definition_id: UUID
    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str
    icon: str | None = None
    protocol_version: str | None = None
    release_stage: ReleaseStage | None = None
    release_date: str | None = None
    resource_requirements: ScopedResourceRequirements | None = None
    supports_dbt: bool | None = None
    normalization_config: NormalizationDestinationDefinitionConfig | None = None
    custom: bool | None = None
    enterprise: bool | None = None
    support_level: SupportLevel | None = None
    last_published: str | None = None
    cdk_version: str | None = None
    metrics: dict[str, Any] | None = None
    language: str | None = None
    supports_data_activation: bool | None = None


class SourceDefinitionReadSourceType(OpenStrEnum):
    """The kind of system a source connector reads."""

    API = "api"
    FILE = "file"
    DATABASE = "database"
    CUSTOM = "custom"


@model
class SourceDefinitionRead:
    """A source connector (definition); the fields from ``custom`` on come from 1.x/2.x."""

    source_definition_id: UUID
    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str | None = None
    icon: str | None = None
    protocol_version: str | None = None
    release_stage: ReleaseStage | None = None
    release_date: str | None = None
    source_type: SourceDefinitionReadSourceType | None = None
    resource_requirements: ScopedResourceRequirements | None = None
    custom: bool | None = None
    enterprise: bool | None = None
    support_level: SupportLevel | None = None
    max_seconds_between_messages: int | None = None
    last_published: str | None = None
    cdk_version: str | None = None
    metrics: dict[str, Any] | None = None
    language: str | None = None


@model
class SourceDefinitionReadList:
    """Source definitions."""

    source_definitions: list[SourceDefinitionRead]


@model
class DestinationDefinitionReadList:
    """Destination definitions."""

    destination_definitions: list[DestinationDefinitionRead]


@model
class PrivateSourceDefinitionRead:
    """A private source definition and whether it is granted to the workspace asked about."""

    source_definition: SourceDefinitionRead
    granted: bool


@model
class PrivateSourceDefinitionReadList:
    """Private source definitions with their grant status."""

    source_definitions: list[PrivateSourceDefinitionRead]


@model
class PrivateDestinationDefinitionRead:
    """A private destination definition and whether it is granted to the workspace."""

    destination_definition: DestinationDefinitionRead
    granted: bool


@model
class PrivateDestinationDefinitionReadList:
    """Private destination definitions with their grant status."""

    destination_definitions: list[PrivateDestinationDefinitionRead]


@model
class SourceDefinitionIdRequestBody:
    """Names one source definition."""

    source_definition_id: UUID


@model
class DestinationDefinitionIdRequestBody:
    """Names one destination definition."""

    destination_definition_id: UUID


@model
class SourceDefinitionIdWithWorkspaceId:
    """A source definition as seen from one workspace."""

    source_definition_id: UUID
    workspace_id: UUID


@model
class DestinationDefinitionIdWithWorkspaceId:
    """A destination definition as seen from one workspace."""

    destination_definition_id: UUID
    workspace_id: UUID


@model
class WorkspaceIdActorDefinitionRequestBody:
    """The definitions of a workspace (2.x; a superset of ``WorkspaceIdRequestBody``).

    ``filter_by_used`` lists only the definitions the workspace's actors use.
    """

    workspace_id: UUID
    include_tombstone: bool | None = None
    filter_by_used: bool | None = None


class ScopeType(OpenStrEnum):
    """What a custom definition or a grant belongs to (1.x/2.x)."""

    WORKSPACE = "workspace"
    ORGANIZATION = "organization"


@model
class ActorDefinitionIdWithScope:
    """A definition and a workspace or organization (1.x/2.x grants and revocations)."""

    actor_definition_id: UUID
    scope_id: UUID
    scope_type: ScopeType


@model
class SourceDefinitionCreate:
    """A new (custom) source connector: its image and documentation.

    ``connector_specification`` (2026-08 servers) is a pre-fetched ``spec``: the server then
    does not run the image to get it.
    """

    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str
    icon: str | None = None
    resource_requirements: ScopedResourceRequirements | None = None
    connector_specification: dict[str, Any] | None = None


@model
class DestinationDefinitionCreate:
    """A new (custom) destination connector: its image and documentation."""

    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str
    icon: str | None = None
    resource_requirements: ScopedResourceRequirements | None = None
    connector_specification: dict[str, Any] | None = None


@model
class CustomSourceDefinitionCreate:
    """A custom source definition for a workspace (0.40: ``workspace_id``, required) or a
    scope (1.x/2.x: ``scope_id`` and ``scope_type``; ``workspace_id`` still accepted)."""

    source_definition: SourceDefinitionCreate
    workspace_id: UUID | None = None
    scope_id: UUID | None = None
    scope_type: ScopeType | None = None


@model
class CustomDestinationDefinitionCreate:
    """A custom destination definition for a workspace or (1.x/2.x) a scope."""

    destination_definition: DestinationDefinitionCreate
    workspace_id: UUID | None = None
    scope_id: UUID | None = None
    scope_type: ScopeType | None = None


@model
class SourceDefinitionUpdate:
    """A new default image tag (and resource requirements) for a source definition.

    2.x servers require ``workspace_id`` and rename custom definitions given ``name``.
    """

    source_definition_id: UUID
    docker_image_tag: str
    resource_requirements: ScopedResourceRequirements | None = None
    workspace_id: UUID | None = None
    name: str | None = None


@model
class DestinationDefinitionUpdate:
    """A new default image tag (and resource requirements) for a destination definition.

    The 0.40 and 1.0 documents require ``dockerImageag`` (a typo): the servers need
    ``docker_image_tag``, which this model requires. 2.x servers require ``workspace_id``.
    """

    destination_definition_id: UUID
    docker_image_tag: str
    resource_requirements: ScopedResourceRequirements | None = None
    workspace_id: UUID | None = None
    name: str | None = None
