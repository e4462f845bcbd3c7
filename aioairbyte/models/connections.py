"""Connections: create, read, update, search."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
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
    "ResourceRequirements",
    "ConnectionCreate",
    "ConnectionRead",
    "ConnectionIdRequestBody",
    "ConnectionUpdate",
    "ConnectionReadList",
    "DestinationSearch",
    "SourceSearch",
    "ConnectionSearch",
]


class ConnectionScheduleTimeUnit(OpenStrEnum):
    """``ConnectionScheduleTimeUnit`` values of the Airbyte Config API."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@model
class ConnectionSchedule:
    """if null, then no schedule is set."""

    units: int
    time_unit: ConnectionScheduleTimeUnit


@model
class ConnectionScheduleDataBasicSchedule:
    """``ConnectionScheduleDataBasicSchedule`` schema of the Airbyte Config API."""

    time_unit: ConnectionScheduleTimeUnit
    units: int


@model
class ConnectionScheduleDataCron:
    """``ConnectionScheduleDataCron`` schema of the Airbyte Config API."""

    cron_expression: str
    cron_time_zone: str


@model
class ConnectionScheduleData:
    """schedule for when the the connection should run, per the schedule type"""

    basic_schedule: ConnectionScheduleDataBasicSchedule | None = None
    cron: ConnectionScheduleDataCron | None = None


class ConnectionScheduleType(OpenStrEnum):
    """determine how the schedule data should be interpreted"""

    MANUAL = "manual"
    BASIC = "basic"
    CRON = "cron"


class ConnectionStatus(OpenStrEnum):
    """Active means that data is flowing through the connection. Inactive means it is not.
    Deprecated means the connection is off and cannot be re-activated. the schema field
    describes the elements of the schema that will be synced.
    """

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEPRECATED = "deprecated"


class NamespaceDefinitionType(OpenStrEnum):
    """Method used for computing final namespace in destination"""

    SOURCE = "source"
    DESTINATION = "destination"
    CUSTOMFORMAT = "customformat"


class NonBreakingChangesPreference(OpenStrEnum):
    """``NonBreakingChangesPreference`` values of the Airbyte Config API."""

    IGNORE = "ignore"
    DISABLE = "disable"


@model
class ResourceRequirements:
    """optional resource requirements to run workers (blank for unbounded allocations)"""

    cpu_request: str | None = wire("cpu_request")
    cpu_limit: str | None = wire("cpu_limit")
    memory_request: str | None = wire("memory_request")
    memory_limit: str | None = wire("memory_limit")


@model
class ConnectionCreate:
    """``ConnectionCreate`` schema of the Airbyte Config API."""

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


@model
class ConnectionRead:
    """``ConnectionRead`` schema of the Airbyte Config API."""

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


@model
class ConnectionIdRequestBody:
    """``ConnectionIdRequestBody`` schema of the Airbyte Config API."""

    connection_id: UUID


@model
class ConnectionUpdate:
    """Used to apply a patch-style update to a connection, which means that null properties remain
    unchanged
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


@model
class ConnectionReadList:
    """``ConnectionReadList`` schema of the Airbyte Config API."""

    connections: list[ConnectionRead]


@model
class DestinationSearch:
    """``DestinationSearch`` schema of the Airbyte Config API."""

    destination_definition_id: UUID | None = None
    destination_id: UUID | None = None
    workspace_id: UUID | None = None
    connection_configuration: dict[str, Any] | None = None
    name: str | None = None
    destination_name: str | None = None


@model
class SourceSearch:
    """``SourceSearch`` schema of the Airbyte Config API."""

    source_definition_id: UUID | None = None
    source_id: UUID | None = None
    workspace_id: UUID | None = None
    connection_configuration: dict[str, Any] | None = None
    name: str | None = None
    source_name: str | None = None


@model
class ConnectionSearch:
    """``ConnectionSearch`` schema of the Airbyte Config API."""

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
