"""``client.logs``: server and scheduler logs."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Logs"]


class Logs(Resource):
    """Operations on logs (``/v1/logs/...``)."""
