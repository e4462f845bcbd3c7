"""What later servers say about connectors and actors: versions, support, breaking changes, tags.

None of these schemas is in the 0.40 document; they appear in the answers of 1.x and 2.x servers
(``SourceRead.breakingChanges``, ``WebBackendConnectionRead.sourceActorDefinitionVersion``,
``ConnectionRead.tags``), so every field that holds them is optional.
"""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire

__all__ = [
    "ActorStatus",
    "SupportLevel",
    "SupportState",
    "DeadlineAction",
    "ActorDefinitionBreakingChange",
    "ActorDefinitionVersionBreakingChanges",
    "ActorDefinitionVersionRead",
    "Tag",
]


class ActorStatus(OpenStrEnum):
    """Whether a source or destination has at least one active or manual connection."""

    ACTIVE = "active"
    INACTIVE = "inactive"


class SupportLevel(OpenStrEnum):
    """Who supports a connector: the community, Airbyte (certified), or nobody any more."""

    COMMUNITY = "community"
    CERTIFIED = "certified"
    ARCHIVED = "archived"
    NONE = "none"


class SupportState(OpenStrEnum):
    """Whether an actor's connector version is still supported."""

    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    DEPRECATED = "deprecated"


class DeadlineAction(OpenStrEnum):
    """What the platform does when a breaking change's upgrade deadline passes."""

    AUTO_UPGRADE = "auto_upgrade"
    DISABLE = "disable"


@model
class ActorDefinitionBreakingChange:
    """A breaking change of a connector version; ``upgrade_deadline`` is a ``yyyy-mm-dd`` date."""

    version: str
    message: str
    upgrade_deadline: str
    migration_documentation_url: str
    deadline_action: DeadlineAction | None = None


@model
class ActorDefinitionVersionBreakingChanges:
    """The breaking changes ahead of an actor's connector version, and the earliest deadline."""

    upcoming_breaking_changes: list[ActorDefinitionBreakingChange]
    min_upgrade_deadline: str
    deadline_action: DeadlineAction | None = None


@model
class ActorDefinitionVersionRead:
    """The connector version a source or destination runs (``repository:tag`` and support)."""

    docker_repository: str
    docker_image_tag: str
    supports_refreshes: bool
    is_version_override_applied: bool
    support_state: SupportState
    supports_file_transfer: bool | None = None
    supports_data_activation: bool | None = None
    support_level: SupportLevel | None = None
    breaking_changes: ActorDefinitionVersionBreakingChanges | None = None
    last_published: str | None = None
    cdk_version: str | None = None
    connector_ipc_options: dict[str, Any] | None = wire("connectorIPCOptions")


@model
class Tag:
    """A label on connections of a workspace, to group them (``color`` is a hex string)."""

    tag_id: UUID
    workspace_id: UUID
    name: str
    color: str
