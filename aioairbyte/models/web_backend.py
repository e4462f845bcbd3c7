"""The web backend family: richer connection views and workspace state."""

from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .actors import ActorDefinitionVersionRead, ActorStatus, Tag
from .catalog import AirbyteCatalog, CatalogDiff, SchemaChange
from .common import Geography
from .connections import (
    ConnectionSchedule,
    ConnectionScheduleData,
    ConnectionScheduleType,
    ConnectionStatus,
    NamespaceDefinitionType,
    NonBreakingChangesPreference,
    ResourceRequirements,
    SchemaChangeBackfillPreference,
)
from .destinations import DestinationRead, DestinationSnippetRead
from .jobs import JobStatus
from .operations import OperationCreate, OperationRead, OperatorConfiguration
from .sources import SourceRead, SourceSnippetRead

__all__ = [
    "WebBackendCheckUpdatesRead",
    "WebBackendConnectionCreate",
    "WebBackendConnectionRead",
    "WebBackendConnectionRequestBody",
    "WebBackendConnectionListSortKey",
    "WebBackendConnectionListFiltersStatus",
    "WebBackendConnectionListFilters",
    "WebBackendConnectionListRequestBody",
    "WebBackendConnectionListItem",
    "WebBackendConnectionReadList",
    "WebBackendOperationCreateOrUpdate",
    "WebBackendConnectionUpdate",
    "WebBackendWorkspaceState",
    "WebBackendWorkspaceStateResult",
    "WebBackendGeographiesListResult",
]


@model
class WebBackendCheckUpdatesRead:
    """How many source and destination definitions have a newer version."""

    destination_definitions: int
    source_definitions: int


@model
class WebBackendConnectionCreate:
    """A new connection, with its operations created alongside.

    ``geography`` is for servers before 2.0; the fields after
    ``non_breaking_changes_preference`` are for 1.x/2.x servers: leave them unset otherwise.
    """

    source_id: UUID
    destination_id: UUID
    status: ConnectionStatus
    name: str | None = None
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    operation_ids: list[UUID] | None = None
    sync_catalog: AirbyteCatalog | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    resource_requirements: ResourceRequirements | None = None
    operations: list[OperationCreate] | None = None
    source_catalog_id: UUID | None = None
    geography: Geography | None = None
    non_breaking_changes_preference: NonBreakingChangesPreference | None = None
    notify_schema_changes: bool | None = None
    backfill_preference: SchemaChangeBackfillPreference | None = None
    destination_catalog_id: UUID | None = None
    dataplane_group_id: UUID | None = None
    tags: list[Tag] | None = None
    on_demand_enabled: bool | None = None


@model
class WebBackendConnectionRead:
    """A connection with its source, destination, operations and latest sync, as the UI reads it.

    Servers from 1.0 always send ``notify_schema_changes_by_email`` and the two actor definition
    versions, from 2.0 ``tags`` too (and 2026-08 ``on_demand_enabled``); they are optional here
    because 0.40 servers do not. ``geography`` comes from servers before 2.0 only.
    """

    connection_id: UUID
    name: str
    source_id: UUID
    destination_id: UUID
    sync_catalog: AirbyteCatalog
    status: ConnectionStatus
    source: SourceRead
    destination: DestinationRead
    is_syncing: bool
    schema_change: SchemaChange
    notify_schema_changes: bool
    non_breaking_changes_preference: NonBreakingChangesPreference
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    operation_ids: list[UUID] | None = None
    operations: list[OperationRead] | None = None
    latest_sync_job_created_at: int | None = None
    latest_sync_job_status: JobStatus | None = None
    resource_requirements: ResourceRequirements | None = None
    catalog_id: UUID | None = None
    catalog_diff: CatalogDiff | None = None
    geography: Geography | None = None
    notify_schema_changes_by_email: bool | None = None
    source_actor_definition_version: ActorDefinitionVersionRead | None = None
    destination_actor_definition_version: ActorDefinitionVersionRead | None = None
    tags: list[Tag] | None = None
    created_at: int | None = None
    backfill_preference: SchemaChangeBackfillPreference | None = None
    destination_catalog_id: UUID | None = None
    dataplane_group_id: UUID | None = None
    status_reason: str | None = None
    on_demand_enabled: bool | None = None


@model
class WebBackendConnectionRequestBody:
    """A request for one connection (``with_refreshed_catalog``: discover the schema anew)."""

    connection_id: UUID
    with_refreshed_catalog: bool | None = None


class WebBackendConnectionListSortKey(OpenStrEnum):
    """The order of a connection list page (2.0 and later)."""

    CONNECTION_NAME_ASC = "connectionName_asc"
    CONNECTION_NAME_DESC = "connectionName_desc"
    SOURCE_NAME_ASC = "sourceName_asc"
    SOURCE_NAME_DESC = "sourceName_desc"
    DESTINATION_NAME_ASC = "destinationName_asc"
    DESTINATION_NAME_DESC = "destinationName_desc"
    LAST_SYNC_ASC = "lastSync_asc"
    LAST_SYNC_DESC = "lastSync_desc"


class WebBackendConnectionListFiltersStatus(OpenStrEnum):
    """A connection health a list can be filtered by."""

    HEALTHY = "healthy"
    FAILED = "failed"
    RUNNING = "running"
    PAUSED = "paused"


@model
class WebBackendConnectionListFilters:
    """Filters of a connection list page (2.0 and later): every filter set must match."""

    source_definition_ids: list[UUID] | None = None
    destination_definition_ids: list[UUID] | None = None
    statuses: list[WebBackendConnectionListFiltersStatus] | None = None
    states: list[ActorStatus] | None = None
    tag_ids: list[UUID] | None = None
    search_term: str | None = None
    on_demand_enabled: bool | None = None


@model
class WebBackendConnectionListRequestBody:
    """A workspace's connection list; the fields after ``destination_id`` page it (2.0+)."""

    workspace_id: UUID
    source_id: list[UUID] | None = None
    destination_id: list[UUID] | None = None
    cursor: UUID | None = None
    sort_key: WebBackendConnectionListSortKey | None = None
    filters: WebBackendConnectionListFilters | None = None
    page_size: int | None = None


@model
class WebBackendConnectionListItem:
    """A connection as the connection list shows it.

    Servers from 1.0 always send the two actor definition versions, from 2.0 ``tags`` too; they
    are optional here because 0.40 servers do not.
    """

    connection_id: UUID
    name: str
    status: ConnectionStatus
    source: SourceSnippetRead
    destination: DestinationSnippetRead
    is_syncing: bool
    schema_change: SchemaChange
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    latest_sync_job_created_at: int | None = None
    latest_sync_job_status: JobStatus | None = None
    source_actor_definition_version: ActorDefinitionVersionRead | None = None
    destination_actor_definition_version: ActorDefinitionVersionRead | None = None
    tags: list[Tag] | None = None
    on_demand_enabled: bool | None = None


@model
class WebBackendConnectionReadList:
    """A page of the connection list (2.x adds ``page_size`` and ``num_connections``)."""

    connections: list[WebBackendConnectionListItem]
    page_size: int | None = wire("page_size")
    num_connections: int | None = wire("num_connections")


@model
class WebBackendOperationCreateOrUpdate:
    """An operation to create (no ``operation_id``) or update along with a connection."""

    workspace_id: UUID
    name: str
    operator_configuration: OperatorConfiguration
    operation_id: UUID | None = None


@model
class WebBackendConnectionUpdate:
    """A patch to a connection and its operations: unset fields are not sent and stay unchanged.

    ``geography`` is for servers before 2.0; the fields after
    ``non_breaking_changes_preference`` are for 1.x/2.x servers.
    """

    connection_id: UUID
    name: str | None = None
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    sync_catalog: AirbyteCatalog | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    status: ConnectionStatus | None = None
    resource_requirements: ResourceRequirements | None = None
    skip_reset: bool | None = None
    operations: list[WebBackendOperationCreateOrUpdate] | None = None
    source_catalog_id: UUID | None = None
    geography: Geography | None = None
    notify_schema_changes: bool | None = None
    non_breaking_changes_preference: NonBreakingChangesPreference | None = None
    notify_schema_changes_by_email: bool | None = None
    backfill_preference: SchemaChangeBackfillPreference | None = None
    destination_catalog_id: UUID | None = None
    dataplane_group_id: UUID | None = None
    tags: list[Tag] | None = None
    on_demand_enabled: bool | None = None


@model
class WebBackendWorkspaceState:
    """A request naming the workspace whose state to read."""

    workspace_id: UUID


@model
class WebBackendWorkspaceStateResult:
    """Whether a workspace has connections, sources and destinations."""

    has_connections: bool
    has_sources: bool
    has_destinations: bool


@model
class WebBackendGeographiesListResult:
    """The geographies a server offers (servers before 2.0; the operation is gone in 2.0)."""

    geographies: list[Geography]
