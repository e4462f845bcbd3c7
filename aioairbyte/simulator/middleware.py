"""Request counting and the basic-auth proxy in front of the API."""

from __future__ import annotations

import base64
import binascii
import hmac

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .stats import Stats

__all__ = ["auth_middleware", "counting_middleware"]

# What the nginx proxy of an OSS deployment answers without valid credentials.
_UNAUTHORIZED_HTML = (
    "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
    "<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def counting_middleware(stats: Stats) -> Middleware:
    """Count every request (faulted ones included) and the requests in flight."""

    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        stats.requests_by_path[request.path] += 1
        stats.in_flight += 1
        stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        stats.changed()
        try:
            return await handler(request)
        finally:
            stats.in_flight -= 1
            stats.changed()

    return count


def _credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, sep, password = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


def auth_middleware(auth: tuple[str, str]) -> Middleware:
    """Answer 401 with an HTML page, on every path, unless the Basic credentials match."""
    expected = f"{auth[0]}:{auth[1]}".encode()

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = _credentials(request.headers.get("Authorization", ""))
        if given is None or not hmac.compare_digest(f"{given[0]}:{given[1]}".encode(), expected):
            return web.Response(
                status=401,
                text=_UNAUTHORIZED_HTML,
                content_type="text/html",
                headers={"WWW-Authenticate": 'Basic realm="Airbyte"'},
            )
        return await handler(request)

    return authenticate
