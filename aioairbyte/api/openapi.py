"""``client.openapi``: the server's own OpenAPI document."""

from __future__ import annotations

from ..endpoints import Endpoint
from ._base import Resource

__all__ = ["OpenApi"]

GET = Endpoint("/v1/openapi", idempotent=True, method="GET")


class OpenApi(Resource):
    """Operations on the API document (``GET /v1/openapi``)."""

    async def get(self) -> str:
        """The server's OpenAPI document (YAML text, ``text/plain``): the Configuration API
        exactly as this server version serves it (every server)."""
        answer = await self._call_raw(GET, None)
        return answer.decode("utf-8", "replace")
