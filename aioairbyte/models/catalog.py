"""Stream catalogs and catalog diffs."""

from typing import Any

from ._base import OpenStrEnum, model

__all__ = [
    "SyncMode",
    "AirbyteStream",
    "DestinationSyncMode",
    "SelectedFieldInfo",
    "AirbyteStreamConfiguration",
    "AirbyteStreamAndConfiguration",
    "AirbyteCatalog",
    "StreamDescriptor",
    "FieldAdd",
    "FieldRemove",
    "FieldSchemaUpdate",
    "FieldTransformTransformType",
    "FieldTransform",
    "StreamTransformTransformType",
    "StreamTransform",
    "CatalogDiff",
    "SchemaChange",
]


class SyncMode(OpenStrEnum):
    """``SyncMode`` values of the Airbyte Config API."""

    FULL_REFRESH = "full_refresh"
    INCREMENTAL = "incremental"


@model
class AirbyteStream:
    """the immutable schema defined by the source"""

    name: str
    json_schema: dict[str, Any]
    supported_sync_modes: list[SyncMode] | None = None
    source_defined_cursor: bool | None = None
    default_cursor_field: list[str] | None = None
    source_defined_primary_key: list[list[str]] | None = None
    namespace: str | None = None


class DestinationSyncMode(OpenStrEnum):
    """``DestinationSyncMode`` values of the Airbyte Config API."""

    APPEND = "append"
    OVERWRITE = "overwrite"
    APPEND_DEDUP = "append_dedup"


@model
class SelectedFieldInfo:
    """Path to a field/column/property in a stream to be selected. For example, if the field to be
    selected is a database column called "foo", this will be ["foo"]. Use multiple path elements
    for nested schemas.
    """

    field_path: list[str] | None = None


@model
class AirbyteStreamConfiguration:
    """the mutable part of the stream to configure the destination"""

    sync_mode: SyncMode
    destination_sync_mode: DestinationSyncMode
    cursor_field: list[str] | None = None
    primary_key: list[list[str]] | None = None
    alias_name: str | None = None
    selected: bool | None = None
    suggested: bool | None = None
    field_selection_enabled: bool | None = None
    selected_fields: list[SelectedFieldInfo] | None = None


@model
class AirbyteStreamAndConfiguration:
    """each stream is split in two parts; the immutable schema from source and mutable
    configuration for destination
    """

    stream: AirbyteStream | None = None
    config: AirbyteStreamConfiguration | None = None


@model
class AirbyteCatalog:
    """describes the available schema (catalog)."""

    streams: list[AirbyteStreamAndConfiguration]


@model
class StreamDescriptor:
    """``StreamDescriptor`` schema of the Airbyte Config API."""

    name: str
    namespace: str | None = None


@model
class FieldAdd:
    """``FieldAdd`` schema of the Airbyte Config API."""

    schema: dict[str, Any] | None = None


@model
class FieldRemove:
    """``FieldRemove`` schema of the Airbyte Config API."""

    schema: dict[str, Any] | None = None


@model
class FieldSchemaUpdate:
    """``FieldSchemaUpdate`` schema of the Airbyte Config API."""

    old_schema: dict[str, Any]
    new_schema: dict[str, Any]


class FieldTransformTransformType(OpenStrEnum):
    """``FieldTransformTransformType`` values of the Airbyte Config API."""

    ADD_FIELD = "add_field"
    REMOVE_FIELD = "remove_field"
    UPDATE_FIELD_SCHEMA = "update_field_schema"


@model
class FieldTransform:
    """Describes the difference between two Streams."""

    transform_type: FieldTransformTransformType
    field_name: list[str]
    breaking: bool
    add_field: FieldAdd | None = None
    remove_field: FieldRemove | None = None
    update_field_schema: FieldSchemaUpdate | None = None


class StreamTransformTransformType(OpenStrEnum):
    """``StreamTransformTransformType`` values of the Airbyte Config API."""

    ADD_STREAM = "add_stream"
    REMOVE_STREAM = "remove_stream"
    UPDATE_STREAM = "update_stream"


@model
class StreamTransform:
    """``StreamTransform`` schema of the Airbyte Config API."""

    transform_type: StreamTransformTransformType
    stream_descriptor: StreamDescriptor
    update_stream: list[FieldTransform] | None = None


@model
class CatalogDiff:
    """Describes the difference between two Airbyte catalogs."""

    transforms: list[StreamTransform]


class SchemaChange(OpenStrEnum):
    """``SchemaChange`` values of the Airbyte Config API."""

    NO_CHANGE = "no_change"
    NON_BREAKING = "non_breaking"
    BREAKING = "breaking"
