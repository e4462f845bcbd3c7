"""``client.openapi``: the server's own OpenAPI document."""

from __future__ import annotations

from ._base import Resource

__all__ = ["OpenApi"]


class OpenApi(Resource):
    """Operations on the API document (``/v1/openapi``)."""
