"""The aiohttp application: routing, body parsing and validation, JSON answers."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Middleware

from .backend import Backend
from .errors import ApiError, bad_request, malformed_json
from .faults import FaultInjector
from .middleware import auth_middleware, counting_middleware
from .operations import NO_CONTENT, Route
from .routes import MODERN_REQUEST_SCHEMAS, MODERN_ROUTES, REQUEST_SCHEMAS, ROUTES
from .stats import Stats
from .tokens import TokenIssuer, token_middleware
from .validation import Obj, validate

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
        self._modern = backend.config.modern
        self._routes = MODERN_ROUTES if self._modern else ROUTES
        self._schemas: Mapping[str, Obj] = (
            MODERN_REQUEST_SCHEMAS if self._modern else REQUEST_SCHEMAS
        )

    async def handle(self, request: web.Request) -> web.StreamResponse:
        route = self._routes.get(request.path)
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
            body = await _read_body(request, route, self._schemas)
            result = route.handler(self._backend, body)
        except ApiError as error:
            return _json(error.status, error.modern_body() if self._modern else error.body)
        delay = self._backend.config.sync_start_delay
        started = isinstance(result, dict) and "job" in result  # a refresh may start nothing
        if route.waits_for_start and started and delay > 0 and not self._backend.engine.limited:
            # The job exists (a concurrent sync conflicts with it) while the answer waits, as
            # the real server waits for the workflow to start; the answer shows the job then.
            await asyncio.sleep(delay)
            result = _after_start(self._backend, result)
        if result is NO_CONTENT:
            return web.Response(status=204)
        if isinstance(result, web.StreamResponse):
            return result  # a file, not JSON (logs/get, openapi)
        return _json(200, result)


def _after_start(backend: Backend, result: dict[str, Any]) -> Any:
    """The answer of a route that started a job, read again: a ``JobInfoRead``, or the
    ``JobReadResponse`` of a refresh."""
    job = backend.job(result["job"]["id"])
    if "attempts" in result:
        return backend.shapes.job_info(backend.engine.job_info(job))
    return {"job": backend.engine.job_read(job)}


async def _read_body(
    request: web.Request, route: Route, schemas: Mapping[str, Obj]
) -> dict[str, Any]:
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
    cleaned, errors = validate(schema, body, root, schemas)
    if errors:
        raise bad_request(errors)
    return cleaned


def make_app(
    backend: Backend, stats: Stats, injector: FaultInjector, tokens: TokenIssuer | None
) -> web.Application:
    """Build the application: counting, then faults, then auth (Basic or tokens), then the API."""
    middlewares: list[Middleware] = [counting_middleware(stats), injector.middleware]
    auth = backend.config.auth
    if auth is not None:
        middlewares.append(auth_middleware(auth))
    if tokens is not None:
        middlewares.append(token_middleware(tokens, stats))
    app = web.Application(middlewares=middlewares)
    app.router.add_route("*", "/{tail:.*}", _Dispatcher(backend).handle)
    return app
