"""``client.state``: a connection's saved state."""

from __future__ import annotations

from uuid import UUID

from .._args import uuid_arg
from ..endpoints import Endpoint
from ..models import ConnectionIdRequestBody, ConnectionState
from ._base import Resource

__all__ = ["State"]

GET = Endpoint("/v1/state/get", idempotent=True)


class State(Resource):
    """Operations on connection state (``/v1/state/...``)."""

    async def get(self, connection_id: UUID | str) -> ConnectionState:
        """The connection's state; ``state_type`` is ``not_set`` before any successful sync."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return await self._call(GET, body, ConnectionState)
