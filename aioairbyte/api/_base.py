"""What every API family shares: a transport, and encode -> send -> decode."""

from __future__ import annotations

import asyncio
import copy
from typing import Any, Self, TypeVar

from ..converter import decode, encode
from ..endpoints import Endpoint
from ..retries import RetryPolicy
from ..transport import Transport, coerce_timeout

T = TypeVar("T")


class Resource:
    """Base of the API family namespaces (``client.connections``, ``client.jobs``, ...)."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._retry: RetryPolicy | None = None
        self._gate: asyncio.Semaphore | None = None

    @property
    def transport(self) -> Transport:
        """The transport this namespace sends through."""
        return self._transport

    @property
    def retry_policy(self) -> RetryPolicy | None:
        """The retry policy this copy's requests use (``None``: the client's)."""
        return self._retry

    @property
    def gate(self) -> asyncio.Semaphore | None:
        """The bound on requests in flight this copy's requests hold, if any."""
        return self._gate

    def with_options(
        self, *, retry: RetryPolicy | None = None, gate: asyncio.Semaphore | None = None
    ) -> Self:
        """A copy of this namespace whose requests use ``retry`` instead of the client's
        :class:`~aioairbyte.RetryConfig` and hold ``gate`` (a bound on requests in flight)
        while they are sent. Used by waits to retry until their deadline."""
        view = copy.copy(self)
        view._retry = retry if retry is not None else self._retry
        view._gate = gate if gate is not None else self._gate
        return view

    async def _call(
        self, endpoint: Endpoint, body: Any, response: type[T], *, timeout: float | None = None
    ) -> T:
        """Send ``body`` (a model, or ``None``: no body) and decode the answer as ``response``.

        ``timeout`` (seconds) replaces the client's timeout for this one request."""
        raw = await self._transport.request(
            endpoint,
            None if body is None else encode(body),
            retry=self._retry,
            gate=self._gate,
            timeout=None if timeout is None else coerce_timeout(timeout),
        )
        return decode(raw, response, operation=str(endpoint))

    async def _call_raw(self, endpoint: Endpoint, body: Any) -> bytes:
        """Send ``body`` and return the answer's bytes as they came (a document, not JSON)."""
        answer: bytes = await self._transport.request(
            endpoint,
            None if body is None else encode(body),
            retry=self._retry,
            gate=self._gate,
            raw=True,
        )
        return answer

    async def _call_no_content(self, endpoint: Endpoint, body: Any) -> None:
        """Send ``body`` to an endpoint that answers 204 No Content."""
        await self._transport.request(
            endpoint, None if body is None else encode(body), retry=self._retry, gate=self._gate
        )
