"""Source and destination definitions (as they appear in job debug info)."""

from uuid import UUID

from ._base import OpenStrEnum, model
from .connections import ResourceRequirements

__all__ = [
    "JobType",
    "JobTypeResourceLimit",
    "ActorDefinitionResourceRequirements",
    "NormalizationDestinationDefinitionConfig",
    "ReleaseStage",
    "DestinationDefinitionRead",
    "SourceDefinitionReadSourceType",
    "SourceDefinitionRead",
]


class JobType(OpenStrEnum):
    """enum that describes the different types of jobs that the platform runs."""

    GET_SPEC = "get_spec"
    CHECK_CONNECTION = "check_connection"
    DISCOVER_SCHEMA = "discover_schema"
    SYNC = "sync"
    RESET_CONNECTION = "reset_connection"
    CONNECTION_UPDATER = "connection_updater"
    REPLICATE = "replicate"


@model
class JobTypeResourceLimit:
    """sets resource requirements for a specific job type for an actor definition. these values
    override the default, if both are set.
    """

    job_type: JobType
    resource_requirements: ResourceRequirements


@model
class ActorDefinitionResourceRequirements:
    """actor definition specific resource requirements. if default is set, these are the
    requirements that should be set for ALL jobs run for this actor definition. it is overriden
    by the job type specific configurations. if not set, the platform will use defaults. these
    values will be overriden by configuration at the connection level.
    """

    default: ResourceRequirements | None = None
    job_specific: list[JobTypeResourceLimit] | None = None


@model
class NormalizationDestinationDefinitionConfig:
    """describes a normalization config for destination definition"""

    supported: bool
    normalization_repository: str | None = None
    normalization_tag: str | None = None
    normalization_integration_type: str | None = None


class ReleaseStage(OpenStrEnum):
    """``ReleaseStage`` values of the Airbyte Config API."""

    ALPHA = "alpha"
    BETA = "beta"
    GENERALLY_AVAILABLE = "generally_available"
    CUSTOM = "custom"


@model
class DestinationDefinitionRead:
    """``DestinationDefinitionRead`` schema of the Airbyte Config API."""

    destination_definition_id: UUID
    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str
    supports_dbt: bool
    normalization_config: NormalizationDestinationDefinitionConfig
    icon: str | None = None
    protocol_version: str | None = None
    release_stage: ReleaseStage | None = None
    release_date: str | None = None
    resource_requirements: ActorDefinitionResourceRequirements | None = None


class SourceDefinitionReadSourceType(OpenStrEnum):
    """``SourceDefinitionReadSourceType`` values of the Airbyte Config API."""

    API = "api"
    FILE = "file"
    DATABASE = "database"
    CUSTOM = "custom"


@model
class SourceDefinitionRead:
    """``SourceDefinitionRead`` schema of the Airbyte Config API."""

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
    resource_requirements: ActorDefinitionResourceRequirements | None = None
