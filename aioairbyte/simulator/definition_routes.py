"""Source and destination definitions and their specifications.

The family's tables, joined by :mod:`~aioairbyte.simulator.routes`: ``ROUTES`` (served by both
profiles, minus the paths a modern server removed), ``REQUEST_SCHEMAS`` (their 0.40 request
schemas; the modern profile uses them modernized), ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS`` (what only the modern profile serves, or serves differently).
"""

from __future__ import annotations

from .operations import Route
from .validation import Obj

__all__ = ["MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]

ROUTES: dict[str, Route] = {}
REQUEST_SCHEMAS: dict[str, Obj] = {}
MODERN_ROUTES: dict[str, Route] = {}
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {}
