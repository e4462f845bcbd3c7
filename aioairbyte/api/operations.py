"""``client.operations``: connection operations (normalization, dbt, webhooks)."""

from __future__ import annotations

from ._base import Resource

__all__ = ["Operations"]


class Operations(Resource):
    """Operations on operations (``/v1/operations/...``)."""
