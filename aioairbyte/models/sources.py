"""Sources."""

from typing import Any
from uuid import UUID

from ._base import model, wire
from .actors import ActorDefinitionVersionBreakingChanges, ActorStatus, SupportState
from .definitions import ScopedResourceRequirements

__all__ = ["SourceRead", "SourceSnippetRead", "SourceReadList", "SourceIdRequestBody"]


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
