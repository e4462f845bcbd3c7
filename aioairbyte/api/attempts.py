"""``client.attempts``: attempts of a job."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Attempts"]


class Attempts(Resource):
    """Operations on attempts (``/v1/attempt/...``)."""
