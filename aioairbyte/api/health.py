"""``client.health``: is the server up."""

from __future__ import annotations

from ..endpoints import Endpoint
from ..models import HealthCheckRead
from ._base import Resource

__all__ = ["Health"]

CHECK = Endpoint("/v1/health", idempotent=True, method="GET")


class Health(Resource):
    """The health check (``GET /v1/health``, the API's only GET)."""

    async def check(self) -> HealthCheckRead:
        """The server's health; ``available`` is true when it can serve requests."""
        return await self._call(CHECK, None, HealthCheckRead)
