"""Connection state."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .catalog import StreamDescriptor

__all__ = ["ConnectionStateType", "StreamState", "GlobalState", "ConnectionState"]


class ConnectionStateType(OpenStrEnum):
    """``ConnectionStateType`` values of the Airbyte Config API."""

    GLOBAL = "global"
    STREAM = "stream"
    LEGACY = "legacy"
    NOT_SET = "not_set"


@model
class StreamState:
    """``StreamState`` schema of the Airbyte Config API."""

    stream_descriptor: StreamDescriptor
    stream_state: dict[str, Any] | None = None


@model
class GlobalState:
    """``GlobalState`` schema of the Airbyte Config API."""

    stream_states: list[StreamState]
    shared_state: dict[str, Any] | None = wire("shared_state")


@model
class ConnectionState:
    """Contains the state for a connection. The stateType field identifies what type of state it
    is. Only the field corresponding to that type will be set, the rest will be null. If
    stateType=not_set, then none of the fields will be set.
    """

    state_type: ConnectionStateType
    connection_id: UUID
    state: dict[str, Any] | None = None
    stream_state: list[StreamState] | None = None
    global_state: GlobalState | None = None
