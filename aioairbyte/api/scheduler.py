"""``client.scheduler``: checks and discovers of a configuration not saved as an actor."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Scheduler"]


class Scheduler(Resource):
    """Operations on unsaved configurations (``/v1/scheduler/...``)."""
