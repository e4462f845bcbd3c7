"""Clocks that drive the simulated job timeline.

Jobs are evaluated lazily against ``clock.time()``, so swapping the real clock for a
:class:`ManualClock` makes every job transition deterministic in tests.
"""

from __future__ import annotations

import time
from typing import Protocol

__all__ = ["Clock", "ManualClock", "RealClock"]


class Clock(Protocol):
    """Anything that tells the current time as epoch seconds."""

    def time(self) -> float:
        """Return the current time in epoch seconds."""
        ...


class RealClock:
    """The wall clock (:func:`time.time`)."""

    def time(self) -> float:
        """Return the current wall-clock time in epoch seconds."""
        return time.time()


class ManualClock:
    """A clock that only moves when told to, for deterministic tests.

    >>> clock = ManualClock()
    >>> clock.advance(2.5)
    >>> clock.time()
    1700000002.5
    """

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = float(start)

    def time(self) -> float:
        """Return the current simulated time in epoch seconds."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (must not be negative)."""
        if seconds < 0:
            raise ValueError(f"a clock cannot go backwards (advance by {seconds})")
        self._now += seconds
