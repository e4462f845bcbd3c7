"""Endpoints: an API path and whether calling it twice is harmless.

Each API family module declares its endpoints next to the methods that call them. Idempotency
decides retries: a read or a cancel may be repeated, a sync, reset or create may not.
"""

from __future__ import annotations

import attrs

__all__ = ["Endpoint"]


@attrs.frozen
class Endpoint:
    """One operation of the API: ``POST {base_url}{path}`` unless ``method`` says otherwise."""

    path: str
    idempotent: bool
    method: str = "POST"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
