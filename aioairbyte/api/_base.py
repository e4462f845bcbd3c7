"""What every API family shares: a transport, and encode -> send -> decode."""

from __future__ import annotations

from typing import Any, TypeVar

from ..converter import decode, encode
from ..endpoints import Endpoint
from ..transport import Transport

T = TypeVar("T")


class Resource:
    """Base of the API family namespaces (``client.connections``, ``client.jobs``, ...)."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    @property
    def transport(self) -> Transport:
        """The transport this namespace sends through."""
        return self._transport

    async def _call(self, endpoint: Endpoint, body: Any, response: type[T]) -> T:
        """Send ``body`` (a model, or ``None``: no body) and decode the answer as ``response``."""
        raw = await self._transport.request(endpoint, None if body is None else encode(body))
        return decode(raw, response, operation=str(endpoint))

    async def _call_no_content(self, endpoint: Endpoint, body: Any) -> None:
        """Send ``body`` to an endpoint that answers 204 No Content."""
        await self._transport.request(endpoint, None if body is None else encode(body))
