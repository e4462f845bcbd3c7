"""The aiohttp application: routing, body parsing and validation, JSON answers."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Middleware

from .backend import Backend
from .errors import ApiError, bad_request, malformed_json
from .faults import FaultInjector
from .middleware import auth_middleware, counting_middleware
from .operations import NO_CONTENT, ROUTES, Route
from .stats import Stats
from .validation import validate

__all__ = ["make_app"]


def _prune(value: Any) -> Any:
    """Drop null fields everywhere, as the real server's serializer does; keep empty arrays."""
    if isinstance(value, dict):
        return {key: _prune(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def _json(status: int, body: Any) -> web.Response:
    return web.Response(
        status=status, body=orjson.dumps(_prune(body)), content_type="application/json"
    )


class _Dispatcher:
    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    async def handle(self, request: web.Request) -> web.StreamResponse:
        route = ROUTES.get(request.path)
        if route is None:
            return web.Response(status=404, text="Object not found.", content_type="text/plain")
        if request.method != route.method:
            return _json(
                405,
                {
                    "message": f"Method [{request.method}] not allowed for URI [{request.path}]. "
                    f"Allowed methods: [{route.method}]"
                },
            )
        try:
            body = await _read_body(request, route)
            result = route.handler(self._backend, body)
        except ApiError as error:
            return _json(error.status, error.body)
        if result is NO_CONTENT:
            return web.Response(status=204)
        return _json(200, result)


async def _read_body(request: web.Request, route: Route) -> dict[str, Any]:
    if route.request_schema is None:
        return {}  # operations without a request body ignore whatever is sent
    schema = route.request_schema
    root = f"{route.operation_id}.{schema[0].lower()}{schema[1:]}"
    raw = await request.read()
    if not raw.strip():
        raise bad_request([{"propertyPath": root, "message": "must not be null"}])
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise malformed_json(str(error)) from None
    if not isinstance(body, dict):
        raise malformed_json(f"expected a JSON object, got {type(body).__name__}")
    cleaned, errors = validate(schema, body, root)
    if errors:
        raise bad_request(errors)
    return cleaned


def make_app(
    backend: Backend, stats: Stats, injector: FaultInjector, auth: tuple[str, str] | None
) -> web.Application:
    """Build the application: counting, then faults, then auth, then the API."""
    middlewares: list[Middleware] = [counting_middleware(stats), injector.middleware]
    if auth is not None:
        middlewares.append(auth_middleware(auth))
    app = web.Application(middlewares=middlewares)
    app.router.add_route("*", "/{tail:.*}", _Dispatcher(backend).handle)
    return app
