"""``client.instance``: what a 1.x/2.x server says of itself."""

from __future__ import annotations

from ..endpoints import Endpoint
from ..models import InstanceConfigurationResponse
from ._base import Resource

__all__ = ["Instance"]

CONFIGURATION = Endpoint("/v1/instance_configuration", idempotent=True, method="GET")


class Instance(Resource):
    """The instance configuration (``GET /v1/instance_configuration``, 1.x and later)."""

    async def configuration(self) -> InstanceConfigurationResponse:
        """Edition, version, auth mode and the defaults (user, organization, workspace).

        A 0.40 server has no such operation: it raises
        :class:`~aioairbyte.UnsupportedOperationError`.
        """
        return await self._call(CONFIGURATION, None, InstanceConfigurationResponse)
