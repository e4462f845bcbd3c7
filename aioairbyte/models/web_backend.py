"""The web backend family: richer connection views and workspace state."""

from uuid import UUID

from ._base import model
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
    """Summary of source and destination definitions that could be updated"""

    destination_definitions: int
    source_definitions: int


@model
class WebBackendConnectionCreate:
    """``WebBackendConnectionCreate`` schema of the Airbyte Config API."""

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


@model
class WebBackendConnectionRead:
    """``WebBackendConnectionRead`` schema of the Airbyte Config API."""

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


@model
class WebBackendConnectionRequestBody:
    """``WebBackendConnectionRequestBody`` schema of the Airbyte Config API."""

    connection_id: UUID
    with_refreshed_catalog: bool | None = None


@model
class WebBackendConnectionListRequestBody:
    """``WebBackendConnectionListRequestBody`` schema of the Airbyte Config API."""

    workspace_id: UUID
    source_id: list[UUID] | None = None
    destination_id: list[UUID] | None = None


@model
class WebBackendConnectionListItem:
    """Information about a connection that shows up in the connection list view."""

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


@model
class WebBackendConnectionReadList:
    """``WebBackendConnectionReadList`` schema of the Airbyte Config API."""

    connections: list[WebBackendConnectionListItem]


@model
class WebBackendOperationCreateOrUpdate:
    """``WebBackendOperationCreateOrUpdate`` schema of the Airbyte Config API."""

    workspace_id: UUID
    name: str
    operator_configuration: OperatorConfiguration
    operation_id: UUID | None = None


@model
class WebBackendConnectionUpdate:
    """Used to apply a patch-style update to a connection, which means that null properties remain
    unchanged
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


@model
class WebBackendWorkspaceState:
    """``WebBackendWorkspaceState`` schema of the Airbyte Config API."""

    workspace_id: UUID


@model
class WebBackendWorkspaceStateResult:
    """``WebBackendWorkspaceStateResult`` schema of the Airbyte Config API."""

    has_connections: bool
    has_sources: bool
    has_destinations: bool


@model
class WebBackendGeographiesListResult:
    """``WebBackendGeographiesListResult`` schema of the Airbyte Config API."""

    geographies: list[Geography]
