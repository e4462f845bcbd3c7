"""Sources."""

from typing import Any
from uuid import UUID

from ._base import model, secret, wire
from .actors import ActorDefinitionVersionBreakingChanges, ActorStatus, SupportState
from .definitions import ScopedResourceRequirements

__all__ = [
    "SourceRead",
    "SourceSnippetRead",
    "SourceReadList",
    "SourceIdRequestBody",
    "SourceCreate",
    "SourceUpdate",
    "SourceCloneConfiguration",
    "SourceCloneRequestBody",
    "SourceCoreConfig",
]


@model
class SourceRead:
    """A source (an actor): its connector, workspace and masked configuration.

    The fields after ``icon`` come from 1.x/2.x servers (``created_at`` and ``last_sync`` are
    epoch seconds; ``connection_job_statuses`` counts the source's connections per job status).
    """

    source_definition_id: UUID
    source_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any]
    name: str
    source_name: str
    icon: str | None = None
    created_at: int | None = None
    is_version_override_applied: bool | None = None
    is_entitled: bool | None = None
    breaking_changes: ActorDefinitionVersionBreakingChanges | None = None
    support_state: SupportState | None = None
    status: ActorStatus | None = None
    resource_allocation: ScopedResourceRequirements | None = None
    num_connections: int | None = None
    last_sync: int | None = None
    connection_job_statuses: dict[str, Any] | None = None


@model
class SourceSnippetRead:
    """The few fields of a source that connection lists show."""

    source_id: UUID
    name: str
    source_definition_id: UUID
    source_name: str
    icon: str | None = None


@model
class SourceReadList:
    """A list of sources; 2.x servers page it (``page_size``, ``num_connections``)."""

    sources: list[SourceRead]
    page_size: int | None = wire("page_size")
    num_connections: int | None = wire("num_connections")


@model
class SourceIdRequestBody:
    """A request naming one source."""

    source_id: UUID


@model
class SourceCreate:
    """A new source: its connector (definition), workspace, name and configuration.

    ``connection_configuration`` must match the definition's ``connectionSpecification``
    (``source_definition_specifications.get``); it holds secrets and stays out of the repr.
    ``secret_id`` (1.0 and later) names an OAuth secret the server stored, whose values it adds
    to the configuration; ``resource_allocation`` is 2.0 and later.
    """

    source_definition_id: UUID
    workspace_id: UUID
    name: str
    connection_configuration: dict[str, Any] = secret()
    secret_id: str | None = secret(default=None)
    resource_allocation: ScopedResourceRequirements | None = None


@model
class SourceUpdate:
    """A source's new name and configuration (the whole configuration: not a patch).

    Secrets may be sent back masked (``"**********"``, as reads show them): the server then
    keeps the stored value. The configuration stays out of the repr.
    """

    source_id: UUID
    name: str
    connection_configuration: dict[str, Any] = secret()
    secret_id: str | None = secret(default=None)
    resource_allocation: ScopedResourceRequirements | None = None


@model
class SourceCloneConfiguration:
    """What a clone changes: a name, a configuration (secrets kept out of the repr)."""

    name: str | None = None
    connection_configuration: dict[str, Any] | None = secret(default=None)


@model
class SourceCloneRequestBody:
    """A request to clone a source, optionally changing its name or configuration."""

    source_clone_id: UUID
    source_configuration: SourceCloneConfiguration | None = None


@model
class SourceCoreConfig:
    """A configuration to check or discover without saving a source (the scheduler's).

    ``source_id`` names the source the configuration is for, if any. The configuration holds
    secrets and stays out of the repr.
    """

    source_definition_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any] = secret()
    source_id: UUID | None = None
