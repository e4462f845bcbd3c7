"""Connection state."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .catalog import StreamDescriptor

__all__ = [
    "ConnectionStateType",
    "StreamState",
    "GlobalState",
    "ConnectionState",
    "ConnectionStateCreateOrUpdate",
]


class ConnectionStateType(OpenStrEnum):
    """The kind of state a connection holds (``not_set`` before its first sync)."""

    GLOBAL = "global"
    STREAM = "stream"
    LEGACY = "legacy"
    NOT_SET = "not_set"


@model
class StreamState:
    """One stream's state blob (free-form JSON, as the connector wrote it)."""

    stream_descriptor: StreamDescriptor
    stream_state: dict[str, Any] | None = None


@model
class GlobalState:
    """A global state: a shared blob (e.g. a CDC position) and per-stream states."""

    stream_states: list[StreamState]
    shared_state: dict[str, Any] | None = wire("shared_state")


@model
class ConnectionState:
    """A connection's state: ``state_type`` says which one field is set (none for ``not_set``)."""

    state_type: ConnectionStateType
    connection_id: UUID
    state: dict[str, Any] | None = None
    stream_state: list[StreamState] | None = None
    global_state: GlobalState | None = None


@model
class ConnectionStateCreateOrUpdate:
    """A connection's new state (``/v1/state/create_or_update``)."""

    connection_id: UUID
    connection_state: ConnectionState
