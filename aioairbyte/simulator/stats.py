"""Counters a test reads to assert what the simulated server saw and did."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Callable

import attrs

__all__ = ["Stats"]


@attrs.define
class Stats:
    """Request, fault and job counters of a :class:`SimulatedAirbyte`."""

    jobs_created: Counter[uuid.UUID] = attrs.Factory(Counter)
    """Jobs (sync, refresh and reset) created per connection id."""
    requests_by_path: Counter[str] = attrs.Factory(Counter)
    """Requests received per path, faulted and unauthorized ones included."""
    faults_injected: Counter[str] = attrs.Factory(Counter)
    """Injected faults per kind: ``503``, ``429``, ``drop_before``, ``drop_after``, ``latency``."""
    in_flight: int = 0
    """Requests being handled right now."""
    peak_in_flight: int = 0
    """Most requests handled at the same time."""
    token_requests: int = 0
    """Token requests answered by either token endpoint, granted or refused (modern profile)."""
    tokens_issued: int = 0
    """Tokens granted (modern profile)."""
    unauthorized: int = 0
    """401 answers: a missing, malformed, badly signed or expired token (modern profile)."""
    _waiters: list[tuple[Callable[[Stats], bool], asyncio.Future[None]]] = attrs.field(
        factory=list, init=False, repr=False, eq=False
    )

    def reset(self) -> None:
        """Zero the counters (the peak restarts from the requests in flight)."""
        self.jobs_created.clear()
        self.requests_by_path.clear()
        self.faults_injected.clear()
        self.token_requests = self.tokens_issued = self.unauthorized = 0
        self.peak_in_flight = self.in_flight

    async def wait_until(self, condition: Callable[[Stats], bool]) -> None:
        """Return once ``condition(stats)`` holds, checked whenever a request arrives or ends.

        Lets a test act at an observed moment, e.g. ``lambda s: s.requests_by_path[SYNC] == 3``
        (the third sync request has just arrived, before it is processed), without polling.
        """
        if condition(self):
            return
        waiter = asyncio.get_running_loop().create_future()
        entry = (condition, waiter)
        self._waiters.append(entry)
        try:
            await waiter
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    def changed(self) -> None:
        """Wake the waiters whose condition now holds (the server calls this on each change)."""
        for entry in list(self._waiters):
            condition, waiter = entry
            if not waiter.done() and condition(self):
                waiter.set_result(None)
                self._waiters.remove(entry)
