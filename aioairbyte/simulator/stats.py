"""Counters a test reads to assert what the simulated server saw and did."""

from __future__ import annotations

import uuid
from collections import Counter

import attrs

__all__ = ["Stats"]


@attrs.define
class Stats:
    """Request, fault and job counters of a :class:`SimulatedAirbyte`."""

    jobs_created: Counter[uuid.UUID] = attrs.Factory(Counter)
    """Jobs (sync and reset) created per connection id."""
    requests_by_path: Counter[str] = attrs.Factory(Counter)
    """Requests received per path, faulted and unauthorized ones included."""
    faults_injected: Counter[str] = attrs.Factory(Counter)
    """Injected faults per kind: ``503``, ``429``, ``drop_before``, ``drop_after``, ``latency``."""
    in_flight: int = 0
    """Requests being handled right now."""
    peak_in_flight: int = 0
    """Most requests handled at the same time."""

    def reset(self) -> None:
        """Zero the counters (the peak restarts from the requests in flight)."""
        self.jobs_created.clear()
        self.requests_by_path.clear()
        self.faults_injected.clear()
        self.peak_in_flight = self.in_flight
