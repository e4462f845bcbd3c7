"""The routing and request-schema tables each profile serves: the core operations
(:mod:`~aioairbyte.simulator.operations`, :mod:`~aioairbyte.simulator.modern_routes`) joined with
the Configuration API's families, one module each."""

from __future__ import annotations

from collections.abc import Mapping

from . import actor_routes, definition_routes, platform_routes, workspace_routes
from .modern_routes import MODERN_ROUTES as _MODERN_CORE
from .modern_routes import REMOVED_PATHS
from .modern_schemas import MODERN_REQUEST_SCHEMAS as _MODERN_CORE_SCHEMAS
from .modern_schemas import modernize
from .operations import ROUTES as _CORE
from .operations import Route
from .validation import REQUEST_SCHEMAS as _CORE_SCHEMAS
from .validation import Obj

__all__ = ["FAMILIES", "MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]

FAMILIES = (actor_routes, definition_routes, workspace_routes, platform_routes)
"""The family modules, each with ``ROUTES``, ``REQUEST_SCHEMAS``, ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS``."""


def _join(core: Mapping[str, Route], modern: bool) -> dict[str, Route]:
    table = dict(core)
    for family in FAMILIES:
        for path, route in family.ROUTES.items():
            if not (modern and path in REMOVED_PATHS):
                table[path] = route
        if modern:
            table.update(family.MODERN_ROUTES)
    return table


def _join_schemas(core: Mapping[str, Obj], modern: bool) -> dict[str, Obj]:
    table = dict(core)
    served = {route.request_schema for route in _join({}, modern).values()}
    for family in FAMILIES:
        for name, spec in family.REQUEST_SCHEMAS.items():
            if not modern:
                table[name] = spec
            elif name in served:  # not the bodies of paths a modern server removed
                modern_spec = modernize(spec)
                assert isinstance(modern_spec, Obj)
                table[name] = modern_spec
        if modern:
            table.update(family.MODERN_REQUEST_SCHEMAS)
    return table


ROUTES: dict[str, Route] = _join(_CORE, modern=False)
"""Every path of the 0.40 profile."""
REQUEST_SCHEMAS: dict[str, Obj] = _join_schemas(_CORE_SCHEMAS, modern=False)
"""Every request schema of the 0.40 profile, by name."""
MODERN_ROUTES: dict[str, Route] = _join(_MODERN_CORE, modern=True)
"""Every path of the modern profile."""
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = _join_schemas(_MODERN_CORE_SCHEMAS, modern=True)
"""Every request schema of the modern profile, by name."""
