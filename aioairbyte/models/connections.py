"""Connections: create, read, update, search; streams to clear, reset or refresh."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .actors import Tag
from .catalog import AirbyteCatalog
from .common import Geography

__all__ = [
    "ConnectionScheduleTimeUnit",
    "ConnectionSchedule",
    "ConnectionScheduleDataBasicSchedule",
    "ConnectionScheduleDataCron",
    "ConnectionScheduleData",
    "ConnectionScheduleType",
    "ConnectionStatus",
    "NamespaceDefinitionType",
    "NonBreakingChangesPreference",
    "SchemaChangeBackfillPreference",
    "ResourceRequirements",
    "ConnectionCreate",
    "ConnectionRead",
    "ConnectionIdRequestBody",
    "ConnectionUpdate",
    "ConnectionReadList",
    "DestinationSearch",
    "SourceSearch",
    "ConnectionSearch",
    "ConnectionStream",
    "ConnectionStreamRequestBody",
    "RefreshMode",
    "ConnectionStreamRefreshRequestBody",
    "ConnectionStatusesRequestBody",
]


class ConnectionScheduleTimeUnit(OpenStrEnum):
    """The unit of a basic schedule's interval."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@model
class ConnectionSchedule:
    """A legacy interval schedule (``schedule_data`` replaces it); absent: no schedule."""

    units: int
    time_unit: ConnectionScheduleTimeUnit


@model
class ConnectionScheduleDataBasicSchedule:
    """A basic schedule: every ``units`` ``time_unit``."""

    time_unit: ConnectionScheduleTimeUnit
    units: int


@model
class ConnectionScheduleDataCron:
    """A cron schedule (Quartz syntax) in a time zone."""

    cron_expression: str
    cron_time_zone: str


@model
class ConnectionScheduleData:
    """When the connection runs, per its schedule type: a basic interval or a cron."""

    basic_schedule: ConnectionScheduleDataBasicSchedule | None = None
    cron: ConnectionScheduleDataCron | None = None


class ConnectionScheduleType(OpenStrEnum):
    """How the schedule data is read: manual (none), basic or cron."""

    MANUAL = "manual"
    BASIC = "basic"
    CRON = "cron"


class ConnectionStatus(OpenStrEnum):
    """Active: data flows through the connection; inactive: it does not; deprecated: the
    connection is deleted and cannot be re-activated; locked (2026): temporarily disabled for
    external reasons (e.g. payment issues).
    """

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEPRECATED = "deprecated"
    LOCKED = "locked"


class NamespaceDefinitionType(OpenStrEnum):
    """How the namespace in the destination is computed."""

    SOURCE = "source"
    DESTINATION = "destination"
    CUSTOMFORMAT = "customformat"


class NonBreakingChangesPreference(OpenStrEnum):
    """What to do on a non-breaking schema change (``propagate_*`` from 1.0)."""

    IGNORE = "ignore"
    DISABLE = "disable"
    PROPAGATE_COLUMNS = "propagate_columns"
    PROPAGATE_FULLY = "propagate_fully"


class SchemaChangeBackfillPreference(OpenStrEnum):
    """Whether a propagated schema change backfills the new columns (1.0 and later)."""

    ENABLED = "enabled"
    DISABLED = "disabled"


@model
class ResourceRequirements:
    """Resource requirements of the workers (absent: unbounded); Kubernetes quantities."""

    cpu_request: str | None = wire("cpu_request")
    cpu_limit: str | None = wire("cpu_limit")
    memory_request: str | None = wire("memory_request")
    memory_limit: str | None = wire("memory_limit")
    ephemeral_storage_request: str | None = wire("ephemeral_storage_request")
    ephemeral_storage_limit: str | None = wire("ephemeral_storage_limit")


@model
class ConnectionCreate:
    """A new connection from a source to a destination.

    ``geography`` is for servers before 2.0; ``dataplane_group_id``, ``tags`` and the other
    fields after ``non_breaking_changes_preference`` are for 1.x/2.x servers: leave them unset
    for a server that does not know them.
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
class ConnectionRead:
    """A connection as the server reads it back.

    ``geography`` comes from servers before 2.0, ``dataplane_group_id`` from 2.0 on; the fields
    after ``non_breaking_changes_preference`` come from 1.x/2.x servers (``created_at`` is
    epoch seconds, spelt ``created_at`` on the wire).
    """

    connection_id: UUID
    name: str
    source_id: UUID
    destination_id: UUID
    sync_catalog: AirbyteCatalog
    status: ConnectionStatus
    breaking_change: bool
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    operation_ids: list[UUID] | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    resource_requirements: ResourceRequirements | None = None
    source_catalog_id: UUID | None = None
    geography: Geography | None = None
    notify_schema_changes: bool | None = None
    non_breaking_changes_preference: NonBreakingChangesPreference | None = None
    notify_schema_changes_by_email: bool | None = None
    created_at: int | None = wire("created_at")
    backfill_preference: SchemaChangeBackfillPreference | None = None
    workspace_id: UUID | None = None
    destination_catalog_id: UUID | None = None
    dataplane_group_id: UUID | None = None
    tags: list[Tag] | None = None
    status_reason: str | None = None
    on_demand_enabled: bool | None = None


@model
class ConnectionIdRequestBody:
    """A request naming one connection."""

    connection_id: UUID


@model
class ConnectionUpdate:
    """A patch to a connection: fields left unset are not sent and stay unchanged.

    As for :class:`ConnectionCreate`, ``geography`` is for servers before 2.0 and the fields
    after ``breaking_change`` for 1.x/2.x servers.
    """

    connection_id: UUID
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    name: str | None = None
    prefix: str | None = None
    operation_ids: list[UUID] | None = None
    sync_catalog: AirbyteCatalog | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    status: ConnectionStatus | None = None
    resource_requirements: ResourceRequirements | None = None
    source_catalog_id: UUID | None = None
    geography: Geography | None = None
    notify_schema_changes: bool | None = None
    non_breaking_changes_preference: NonBreakingChangesPreference | None = None
    breaking_change: bool | None = None
    notify_schema_changes_by_email: bool | None = None
    backfill_preference: SchemaChangeBackfillPreference | None = None
    destination_catalog_id: UUID | None = None
    dataplane_group_id: UUID | None = None
    tags: list[Tag] | None = None
    on_demand_enabled: bool | None = None


@model
class ConnectionReadList:
    """A list of connections."""

    connections: list[ConnectionRead]


@model
class DestinationSearch:
    """Destination criteria of a connection search: every field set must match."""

    destination_definition_id: UUID | None = None
    destination_id: UUID | None = None
    workspace_id: UUID | None = None
    connection_configuration: dict[str, Any] | None = None
    name: str | None = None
    destination_name: str | None = None


@model
class SourceSearch:
    """Source criteria of a connection search: every field set must match."""

    source_definition_id: UUID | None = None
    source_id: UUID | None = None
    workspace_id: UUID | None = None
    connection_configuration: dict[str, Any] | None = None
    name: str | None = None
    source_name: str | None = None


@model
class ConnectionSearch:
    """A connection search: every field set must match (none set: every connection)."""

    connection_id: UUID | None = None
    name: str | None = None
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    source_id: UUID | None = None
    destination_id: UUID | None = None
    schedule: ConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: ConnectionScheduleData | None = None
    status: ConnectionStatus | None = None
    source: SourceSearch | None = None
    destination: DestinationSearch | None = None


@model
class ConnectionStream:
    """A stream of a connection, by name and (when the source has namespaces) namespace."""

    stream_name: str
    stream_namespace: str | None = None


@model
class ConnectionStreamRequestBody:
    """A request naming some streams of one connection (to clear or reset them)."""

    connection_id: UUID
    streams: list[ConnectionStream]


class RefreshMode(OpenStrEnum):
    """How a refresh rewrites a stream: ``Truncate`` drops the data first, ``Merge`` keeps it
    and merges the re-read records in (1.0 and later)."""

    TRUNCATE = "Truncate"
    MERGE = "Merge"


@model
class ConnectionStreamRefreshRequestBody:
    """A request to refresh streams of a connection (``streams`` absent or empty: all)."""

    connection_id: UUID
    refresh_mode: RefreshMode
    streams: list[ConnectionStream] | None = None


@model
class ConnectionStatusesRequestBody:
    """A request for the status of some connections (1.0 and later)."""

    connection_ids: list[UUID]
