"""The benchmark payloads (``benchmarks/_payloads.py``) are what the spec describes, and fixed.

A benchmark of a body the server would never send (a missing required field, an invented key)
would measure the wrong thing, so a sample of each payload is validated against the OpenAPI
document, strictly (undeclared properties are errors too).
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

from tests import spec

PAYLOADS = Path(__file__).resolve().parents[2] / "benchmarks" / "_payloads.py"


def _payloads() -> ModuleType:
    loader = importlib.util.spec_from_file_location("benchmark_payloads", PAYLOADS)
    assert loader is not None
    assert loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def test_connection_read_list_matches_the_spec() -> None:
    body = _payloads().connection_read_list(12, streams=20, columns=(10, 30))
    spec.validate("ConnectionReadList", body, strict=True)
    streams = body["connections"][0]["syncCatalog"]["streams"]
    assert len(streams) == 20
    columns = [len(s["stream"]["jsonSchema"]["properties"]) for s in streams]
    assert min(columns) >= 13
    assert max(columns) <= 33


def test_connection_updates_match_the_spec() -> None:
    payloads = _payloads()
    rng = random.Random(11)
    for index in range(6):
        body = payloads.connection_update(rng, index, streams=50, columns=(10, 30))
        spec.validate("ConnectionUpdate", body, strict=True)


def test_payloads_are_deterministic() -> None:
    payloads = _payloads()
    assert payloads.connection_read_list(3, streams=4) == payloads.connection_read_list(
        3, streams=4
    )
    first = payloads.connection_update(random.Random(1), 0, streams=3)
    assert first == payloads.connection_update(random.Random(1), 0, streams=3)
