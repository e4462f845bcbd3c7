"""``client.scheduler``: checks and discovers of a configuration not saved as an actor."""

from __future__ import annotations

from .._args import model_arg
from ..endpoints import Endpoint
from ..models import (
    CheckConnectionRead,
    DestinationCoreConfig,
    SourceCoreConfig,
    SourceDiscoverSchemaRead,
)
from ._base import Resource
from .sources import CONNECTOR_TIMEOUT

__all__ = ["Scheduler"]

CHECK_SOURCE = Endpoint("/v1/scheduler/sources/check_connection", idempotent=True)
DISCOVER_SOURCE = Endpoint("/v1/scheduler/sources/discover_schema", idempotent=True)
CHECK_DESTINATION = Endpoint("/v1/scheduler/destinations/check_connection", idempotent=True)


class Scheduler(Resource):
    """Operations on unsaved configurations (``/v1/scheduler/...``): what the web app runs
    before it creates a source or destination. Nothing is saved.

    They run the connector and can take minutes: each takes its own ``timeout`` (seconds,
    default :data:`~aioairbyte.api.sources.CONNECTOR_TIMEOUT`), is resent under the client's
    retry policy, and cancelling the awaiting task cancels the request.
    """

    async def check_source_connection(
        self, body: SourceCoreConfig, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Run a source connector's check with a configuration (``body``: the definition, the
        workspace and the configuration). A failed check is an answer: ``status`` ``failed``
        and the connector's ``message``. ``timeout``: seconds for this request.
        """
        request = model_arg(body, SourceCoreConfig, "body")
        return await self._call(CHECK_SOURCE, request, CheckConnectionRead, timeout=timeout)

    async def discover_source_schema(
        self, body: SourceCoreConfig, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> SourceDiscoverSchemaRead:
        """Discover the streams a source connector finds with a configuration. The catalog is
        stored (the answer's ``catalog_id``) but belongs to no source; a failed discover
        answers no catalog. ``timeout``: seconds for this request.
        """
        request = model_arg(body, SourceCoreConfig, "body")
        return await self._call(DISCOVER_SOURCE, request, SourceDiscoverSchemaRead, timeout=timeout)

    async def check_destination_connection(
        self, body: DestinationCoreConfig, *, timeout: float = CONNECTOR_TIMEOUT
    ) -> CheckConnectionRead:
        """Run a destination connector's check with a configuration. A failed check is an
        answer: ``status`` ``failed`` and the connector's ``message``. ``timeout``: seconds for
        this request.
        """
        request = model_arg(body, DestinationCoreConfig, "body")
        return await self._call(CHECK_DESTINATION, request, CheckConnectionRead, timeout=timeout)
