"""``client.source_definitions``: source connector definitions and their specifications."""

from __future__ import annotations

from ._base import Resource

__all__ = ["SourceDefinitions"]


class SourceDefinitions(Resource):
    """Operations on source definitions (``/v1/source_definitions/...``)."""
