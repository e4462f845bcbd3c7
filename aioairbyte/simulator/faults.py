"""Fault injection in front of the API: outages, throttling, latency and dropped connections."""

from __future__ import annotations

import asyncio
import random

from aiohttp import web
from aiohttp.typedefs import Handler

from .config import Faults
from .stats import Stats

__all__ = ["FaultInjector"]

_UNAVAILABLE_HTML = (
    "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
    "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_THROTTLED_HTML = (
    "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n"
    "<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _retry_after(seconds: float) -> str:
    # Delta-seconds are integers in HTTP; fractions are kept (e.g. "0.05") so tests stay fast.
    return str(int(seconds)) if seconds == int(seconds) else repr(seconds)


def _drop(request: web.Request) -> web.StreamResponse:
    """Close the connection so that no answer is ever written for this request."""
    transport = request.transport
    if transport is not None:
        transport.close()
    # aiohttp fails to write this response on the closed transport and treats the request
    # as a premature client disconnection, quietly.
    return web.Response(status=204)


class FaultInjector:
    """Decides per request, from a seeded RNG, which fault to inject."""

    def __init__(self, faults: Faults, stats: Stats) -> None:
        self._stats = stats
        self.faults = faults

    @property
    def faults(self) -> Faults:
        """The faults in force; setting new ones restarts the RNG from their seed."""
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._faults = faults
        self._rng = random.Random(faults.seed)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """aiohttp middleware applying :attr:`faults`."""
        faults, counts = self._faults, self._stats.faults_injected
        if not faults.applies_to(request.path):
            return await handler(request)
        if faults.latency > 0:
            counts["latency"] += 1
            # The whole request is received first (aiohttp keeps the body for the handler), so a
            # client that gives up during the delay does not stop the processing: as on a real
            # server, the work is done after the client left, and the answer is lost.
            await request.read()
            await asyncio.sleep(faults.latency)
        # One draw decides among the exclusive faults that precede processing.
        draw = self._rng.random()
        if draw < faults.drop_before:
            counts["drop_before"] += 1
            return _drop(request)
        draw -= faults.drop_before
        if draw < faults.rate_503:
            counts["503"] += 1
            return web.Response(status=503, text=_UNAVAILABLE_HTML, content_type="text/html")
        draw -= faults.rate_503
        if draw < faults.rate_429:
            counts["429"] += 1
            return web.Response(
                status=429,
                text=_THROTTLED_HTML,
                content_type="text/html",
                headers={"Retry-After": _retry_after(faults.retry_after)},
            )
        response = await handler(request)
        if faults.drop_after > 0 and self._rng.random() < faults.drop_after:
            counts["drop_after"] += 1
            return _drop(request)
        return response
