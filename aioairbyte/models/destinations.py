"""Destinations."""

from typing import Any
from uuid import UUID

from ._base import model, secret, wire
from .actors import ActorDefinitionVersionBreakingChanges, ActorStatus, SupportState
from .definitions import ScopedResourceRequirements

__all__ = [
    "DestinationRead",
    "DestinationSnippetRead",
    "DestinationReadList",
    "DestinationIdRequestBody",
    "DestinationCreate",
    "DestinationUpdate",
    "DestinationCloneConfiguration",
    "DestinationCloneRequestBody",
    "DestinationCoreConfig",
]


@model
class DestinationRead:
    """A destination (an actor): its connector, workspace and masked configuration.

    The fields after ``icon`` come from 1.x/2.x servers (``created_at`` and ``last_sync`` are
    epoch seconds; ``connection_job_statuses`` counts the destination's connections per job status).
    """

    destination_definition_id: UUID
    destination_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any]
    name: str
    destination_name: str
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
class DestinationSnippetRead:
    """The few fields of a destination that connection lists show."""

    destination_id: UUID
    name: str
    destination_definition_id: UUID
    destination_name: str
    icon: str | None = None


@model
class DestinationReadList:
    """A list of destinations; 2.x servers page it (``page_size``, ``num_connections``)."""

    destinations: list[DestinationRead]
    page_size: int | None = wire("page_size")
    num_connections: int | None = wire("num_connections")


@model
class DestinationIdRequestBody:
    """A request naming one destination."""

    destination_id: UUID


@model
class DestinationCreate:
    """A new destination: its connector (definition), workspace, name and configuration.

    ``connection_configuration`` must match the definition's ``connectionSpecification``
    (``destination_definition_specifications.get``); it holds secrets and stays out of the
    repr. ``resource_allocation`` is 2.0 and later.
    """

    destination_definition_id: UUID
    workspace_id: UUID
    name: str
    connection_configuration: dict[str, Any] = secret()
    resource_allocation: ScopedResourceRequirements | None = None


@model
class DestinationUpdate:
    """A destination's new name and configuration (the whole configuration: not a patch).

    Secrets may be sent back masked (``"**********"``): the server then keeps the stored value.
    The configuration stays out of the repr.
    """

    destination_id: UUID
    name: str
    connection_configuration: dict[str, Any] = secret()
    resource_allocation: ScopedResourceRequirements | None = None


@model
class DestinationCloneConfiguration:
    """What a clone changes: a name, a configuration (secrets kept out of the repr)."""

    name: str | None = None
    connection_configuration: dict[str, Any] | None = secret(default=None)


@model
class DestinationCloneRequestBody:
    """A request to clone a destination, optionally changing its name or configuration."""

    destination_clone_id: UUID
    destination_configuration: DestinationCloneConfiguration | None = None


@model
class DestinationCoreConfig:
    """A configuration to check without saving a destination (the scheduler's).

    ``destination_id`` names the destination the configuration is for, if any. The
    configuration holds secrets and stays out of the repr.
    """

    destination_definition_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any] = secret()
    destination_id: UUID | None = None
