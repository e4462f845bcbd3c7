"""Source and destination definitions (as they appear in job debug info)."""

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
