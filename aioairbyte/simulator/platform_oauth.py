"""OAuth consent and completion (``/v1/source_oauths/...``, ``/v1/destination_oauths/...``)."""

from __future__ import annotations

from .operations import Route
from .validation import Obj

__all__ = ["MODERN_REQUEST_SCHEMAS", "REQUEST_SCHEMAS", "ROUTES"]

ROUTES: dict[str, Route] = {}
REQUEST_SCHEMAS: dict[str, Obj] = {}
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {}
