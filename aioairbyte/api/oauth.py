"""``client.source_oauth`` and ``client.destination_oauth``: OAuth consent and completion."""

from __future__ import annotations

from ._base import Resource

__all__ = ["DestinationOAuth", "SourceOAuth"]


class SourceOAuth(Resource):
    """OAuth flows of source connectors (``/v1/source_oauths/...``)."""


class DestinationOAuth(Resource):
    """OAuth flows of destination connectors (``/v1/destination_oauths/...``)."""
