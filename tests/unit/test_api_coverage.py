"""The whole Configuration API: every operation of each document has a client method's endpoint,
declared once with its idempotency, and a route in the simulator's profile for that server."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from aioairbyte import api
from aioairbyte.endpoints import Endpoint
from aioairbyte.simulator import routes
from aioairbyte.simulator.modern_routes import REMOVED_PATHS
from tests import spec


def _endpoints() -> dict[str, list[Endpoint]]:
    found: dict[str, list[Endpoint]] = {}
    for info in pkgutil.iter_modules(api.__path__):
        module = importlib.import_module(f"{api.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Endpoint):
                found.setdefault(value.path, []).append(value)
    return found


def _operations(document: str) -> dict[str, str]:
    """``path -> method`` of every operation of ``document``'s 0.40 paths."""
    old = spec.load_spec()["paths"]
    paths = spec.load_spec(document)["paths"]
    return {
        path: method
        for path, item in old.items()
        if path in paths
        for method in item
        if method in ("get", "post")
    }


def test_every_operation_of_the_0_40_document_has_one_endpoint() -> None:
    endpoints = _endpoints()
    operations = _operations(spec.OLD)
    assert len(operations) == 102
    missing = sorted(path for path in operations if path not in endpoints)
    assert missing == []
    for path, method in operations.items():
        declared = {(e.method, e.idempotent) for e in endpoints[path]}
        assert len(declared) == 1, (path, declared)  # one declaration, or the same everywhere
        assert next(iter(declared))[0] == method.upper(), path


@pytest.mark.parametrize("document", ["2.0", "2026-08"])
def test_every_endpoint_is_an_operation_of_some_document(document: str) -> None:
    known = set(spec.load_spec()["paths"]) | set(spec.load_spec(document)["paths"])
    assert sorted(path for path in _endpoints() if path not in known) == []


def test_the_0_40_simulator_serves_every_operation() -> None:
    served = {path.removeprefix("/api") for path in routes.ROUTES}
    assert sorted(set(_operations(spec.OLD)) - served) == []


def test_the_modern_simulator_serves_every_operation_2_0_kept() -> None:
    served = {path.removeprefix("/api") for path in routes.MODERN_ROUTES}
    kept = set(_operations("2.0"))
    assert sorted(kept - served) == []
    assert not {path.removeprefix("/api") for path in REMOVED_PATHS} & served
