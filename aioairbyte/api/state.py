"""``client.state``: a connection's saved state, read and written."""

from __future__ import annotations

from uuid import UUID

from .._args import model_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    ConnectionIdRequestBody,
    ConnectionState,
    ConnectionStateCreateOrUpdate,
)
from ._base import Resource

__all__ = ["State"]

GET = Endpoint("/v1/state/get", idempotent=True)
# Writing the same state twice leaves the same state.
CREATE_OR_UPDATE = Endpoint("/v1/state/create_or_update", idempotent=True)


class State(Resource):
    """Operations on connection state (``/v1/state/...``)."""

    async def get(self, connection_id: UUID | str) -> ConnectionState:
        """The connection's state; ``state_type`` is ``not_set`` before any successful sync."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(GET, body, ConnectionState)

    async def create_or_update(self, state: ConnectionState) -> ConnectionState:
        """Write ``state`` as the state of its connection (``state.connection_id``); answers the
        state as now stored, which ``get`` answers and the next sync starts from.

        ``state.state_type`` says which field holds it: ``stream`` (``stream_state``) and
        ``global`` (``global_state``) are merged per stream into the stored state, a stream
        whose ``stream_state`` is ``None`` losing its state; ``legacy`` (``state``) replaces
        it. The server refuses (500) to change a stored state's type except from ``legacy``:
        a reset must clear it first (``StatePersistence.updateOrCreateState``).
        """
        state = model_arg(state, ConnectionState, "state")
        body = ConnectionStateCreateOrUpdate(
            connection_id=uuid_arg(state.connection_id, "state.connection_id"),
            connection_state=state,
        )
        return await self._call(CREATE_OR_UPDATE, body, ConnectionState)
