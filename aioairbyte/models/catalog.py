"""Stream catalogs and catalog diffs."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model

__all__ = [
    "SyncMode",
    "AirbyteStream",
    "DestinationSyncMode",
    "SelectedFieldInfo",
    "StreamMapperType",
    "ConfiguredStreamMapper",
    "AirbyteStreamConfiguration",
    "AirbyteStreamAndConfiguration",
    "AirbyteCatalog",
    "StreamDescriptor",
    "FieldAdd",
    "FieldRemove",
    "FieldSchemaUpdate",
    "FieldTransformTransformType",
    "FieldTransform",
    "StreamAttributePrimaryKeyUpdate",
    "StreamAttributeTransformTransformType",
    "StreamAttributeTransform",
    "StreamTransformTransformType",
    "StreamTransformUpdateStream",
    "StreamTransform",
    "CatalogDiff",
    "SchemaChange",
]


class SyncMode(OpenStrEnum):
    """How a source reads a stream: all of it every time, or what changed since the last sync."""

    FULL_REFRESH = "full_refresh"
    INCREMENTAL = "incremental"


@model
class AirbyteStream:
    """The immutable schema of a stream, as the source defines it."""

    name: str
    json_schema: dict[str, Any]
    supported_sync_modes: list[SyncMode] | None = None
    source_defined_cursor: bool | None = None
    default_cursor_field: list[str] | None = None
    source_defined_primary_key: list[list[str]] | None = None
    namespace: str | None = None
    is_resumable: bool | None = None
    is_file_based: bool | None = None


class DestinationSyncMode(OpenStrEnum):
    """How a destination writes a stream (``overwrite_dedup`` from 1.0; ``update`` and
    ``soft_delete`` from 2.0)."""

    APPEND = "append"
    OVERWRITE = "overwrite"
    APPEND_DEDUP = "append_dedup"
    OVERWRITE_DEDUP = "overwrite_dedup"
    UPDATE = "update"
    SOFT_DELETE = "soft_delete"


@model
class SelectedFieldInfo:
    """Path to a field (column, property) of a stream to select: ``["foo"]`` for a column
    ``foo``; more elements for nested schemas.
    """

    field_path: list[str] | None = None


class StreamMapperType(OpenStrEnum):
    """What a mapper does to a stream's records (2.0 and later)."""

    HASHING = "hashing"
    FIELD_RENAMING = "field-renaming"
    ROW_FILTERING = "row-filtering"
    ENCRYPTION = "encryption"
    FIELD_FILTERING = "field-filtering"


@model
class ConfiguredStreamMapper:
    """A mapper applied to a stream's records; its configuration depends on ``type`` and is
    kept as free-form JSON."""

    type: StreamMapperType
    mapper_configuration: dict[str, Any]
    id: UUID | None = None


@model
class AirbyteStreamConfiguration:
    """The mutable part of a stream: how it is synced to the destination.

    Later servers added fields (generations, hashed fields, mappers, file transfer); they are
    kept here so that a catalog read from such a server and sent back loses nothing. Set them
    only for servers that know them: this schema rejects properties it does not declare.
    """

    sync_mode: SyncMode
    destination_sync_mode: DestinationSyncMode
    cursor_field: list[str] | None = None
    namespace: str | None = None
    primary_key: list[list[str]] | None = None
    alias_name: str | None = None
    selected: bool | None = None
    suggested: bool | None = None
    field_selection_enabled: bool | None = None
    selected_fields: list[SelectedFieldInfo] | None = None
    hashed_fields: list[SelectedFieldInfo] | None = None
    mappers: list[ConfiguredStreamMapper] | None = None
    minimum_generation_id: int | None = None
    generation_id: int | None = None
    sync_id: int | None = None
    destination_object_name: str | None = None
    include_files: bool | None = None


@model
class AirbyteStreamAndConfiguration:
    """A stream in two parts: the immutable schema from the source and the mutable
    configuration for the destination.
    """

    stream: AirbyteStream | None = None
    config: AirbyteStreamConfiguration | None = None


@model
class AirbyteCatalog:
    """The streams of a connection (a catalog): each with its schema and configuration."""

    streams: list[AirbyteStreamAndConfiguration]


@model
class StreamDescriptor:
    """A stream's name and, when the source has namespaces, its namespace."""

    name: str
    namespace: str | None = None


@model
class FieldAdd:
    """A field the source added: its JSON schema."""

    schema: dict[str, Any] | None = None


@model
class FieldRemove:
    """A field the source removed: its former JSON schema."""

    schema: dict[str, Any] | None = None


@model
class FieldSchemaUpdate:
    """A field whose JSON schema changed: before and after."""

    old_schema: dict[str, Any]
    new_schema: dict[str, Any]


class FieldTransformTransformType(OpenStrEnum):
    """What happened to a field: added, removed, or its schema changed."""

    ADD_FIELD = "add_field"
    REMOVE_FIELD = "remove_field"
    UPDATE_FIELD_SCHEMA = "update_field_schema"


@model
class FieldTransform:
    """The difference in one field between two versions of a stream."""

    transform_type: FieldTransformTransformType
    field_name: list[str]
    breaking: bool
    add_field: FieldAdd | None = None
    remove_field: FieldRemove | None = None
    update_field_schema: FieldSchemaUpdate | None = None


class StreamAttributeTransformTransformType(OpenStrEnum):
    """What changed in a stream attribute (only the primary key so far)."""

    UPDATE_PRIMARY_KEY = "update_primary_key"


@model
class StreamAttributePrimaryKeyUpdate:
    """A stream's primary key before and after (each key a list of field paths)."""

    old_primary_key: list[list[str]] | None = None
    new_primary_key: list[list[str]] | None = None


@model
class StreamAttributeTransform:
    """The difference in one attribute (the primary key) between two versions of a stream."""

    transform_type: StreamAttributeTransformTransformType
    breaking: bool
    update_primary_key: StreamAttributePrimaryKeyUpdate | None = None


class StreamTransformTransformType(OpenStrEnum):
    """What happened to a stream: added, removed, or changed."""

    ADD_STREAM = "add_stream"
    REMOVE_STREAM = "remove_stream"
    UPDATE_STREAM = "update_stream"


@model
class StreamTransformUpdateStream:
    """How a changed stream changed: per field, and per stream attribute.

    This is the shape of 1.0 and later. The 0.40 document sends ``updateStream`` as a bare array
    of field transforms; the converter reads that array as ``field_transforms`` with no
    attribute transforms, so both servers decode to this one shape (and it encodes as 1.0+).
    """

    field_transforms: list[FieldTransform]
    stream_attribute_transforms: list[StreamAttributeTransform]


@model
class StreamTransform:
    """The difference in one stream between two catalogs (``update_stream`` when changed)."""

    transform_type: StreamTransformTransformType
    stream_descriptor: StreamDescriptor
    update_stream: StreamTransformUpdateStream | None = None


@model
class CatalogDiff:
    """The difference between two catalogs, stream by stream."""

    transforms: list[StreamTransform]


class SchemaChange(OpenStrEnum):
    """How a connection's source schema changed since its catalog was saved."""

    NO_CHANGE = "no_change"
    NON_BREAKING = "non_breaking"
    BREAKING = "breaking"
