"""Stateless seeded pseudo-random numbers.

Job timelines are evaluated lazily, in whatever order clients happen to observe them, so
numbers drawn from a shared RNG would depend on that order. Hashing ``(seed, job, attempt)``
instead gives every attempt the same jitter and statistics however it is observed, and costs
no memory per job.
"""

from __future__ import annotations

_MASK = (1 << 64) - 1


def _splitmix64(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def unit(*parts: int) -> float:
    """Map integers to a float in ``[0, 1)``, deterministically and uniformly."""
    state = 0
    for part in parts:
        state = _splitmix64(state ^ (part & _MASK))
    return (state >> 11) / float(1 << 53)


def spread(base: float, jitter: float, *parts: int) -> float:
    """Return ``base`` scaled by a factor drawn within ``[1 - jitter, 1 + jitter)``."""
    return base * (1.0 + jitter * (2.0 * unit(*parts) - 1.0))
