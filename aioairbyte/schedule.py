"""When waits poll: :class:`PollPolicy`, one job's schedule, and the pace of a batched poll.

Kept apart from the waits so that the batched poller (:mod:`aioairbyte.polling`), which the
waits use, can share it without importing them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import attrs

from .errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["PollPolicy"]


def _number(attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentTypeError(
            f"PollPolicy.{attribute.name} must be a number, got {type(value).__name__}"
        )


# The comparisons are written so that NaN fails them.
def _non_negative(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    _number(attribute, value)
    if not value >= 0:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be >= 0, got {value!r}")


def _positive(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    _number(attribute, value)
    if not value > 0:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be > 0, got {value!r}")


def _growth(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    # Below 1 the intervals would shrink towards nothing: a busy loop against the server.
    _number(attribute, value)
    if not value >= 1:
        raise InvalidArgumentError(f"PollPolicy.{attribute.name} must be >= 1, got {value!r}")


def _fraction(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    # From 1 on, a jittered interval could be zero (or negative): a busy loop against the server.
    _number(attribute, value)
    if not 0 <= value < 1:
        raise InvalidArgumentError(
            f"PollPolicy.{attribute.name} must be >= 0 and < 1, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class PollPolicy:
    """When to poll: ``first`` seconds after the trigger, then ``backoff`` times longer each time,
    never more than ``max_interval``, each interval spread by +/- ``jitter`` (a fraction).

    The interval after a poll at age ``t`` is about ``first + (backoff - 1) * t``: that bounds how
    late a job's end is seen. The defaults see it within about 0.5 s + 15% of the job's age (a
    3 s job within 1 s, a 10 s one within 2 s, a long one within the 10 s cap), for 4 polls in
    the first 3 s, about 25 in the first 100 s, then one per ``max_interval``. A larger
    ``backoff`` polls less and sees ends later.
    """

    first: float = attrs.field(default=0.5, validator=_non_negative)
    backoff: float = attrs.field(default=1.15, validator=_growth)
    max_interval: float = attrs.field(default=10.0, validator=_positive)
    jitter: float = attrs.field(default=0.1, validator=_fraction)

    def intervals(self, rng: random.Random | None = None) -> Callable[[], float]:
        """A function giving the successive intervals to sleep between polls."""
        draw = (rng or random).uniform
        state = {"next": self.first}

        def next_interval() -> float:
            base = min(state["next"], self.max_interval)
            state["next"] = max(base, 1e-3) * self.backoff
            return max(0.0, base * draw(1 - self.jitter, 1 + self.jitter))

        return next_interval

    def interval_at(self, age: float) -> float:
        """The interval (without jitter) this schedule waits after a poll at ``age`` seconds:
        ``first + (backoff - 1) * age``, at most ``max_interval``; what :meth:`intervals`
        gives after the polls that reach that age."""
        return min(self.max_interval, self.first + (self.backoff - 1) * max(0.0, age))
