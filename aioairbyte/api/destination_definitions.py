"""``client.destination_definitions``: destination connector definitions, their specifications."""

from __future__ import annotations

from ._base import Resource

__all__ = ["DestinationDefinitions"]


class DestinationDefinitions(Resource):
    """Operations on destination definitions (``/v1/destination_definitions/...``)."""
