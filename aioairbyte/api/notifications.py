"""``client.notifications``: trying a notification configuration."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Notifications"]


class Notifications(Resource):
    """Operations on notifications (``/v1/notifications/...``)."""
