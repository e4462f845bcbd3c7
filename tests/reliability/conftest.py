"""Reporting for the reliability tests: the cancellation delays they measured.

Each seeded cancellation test asserts its own bound; the figures across seeds are printed in
pytest's terminal summary, as a record (they are not a check).
"""

from __future__ import annotations

import statistics

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the median and max delay from ``task.cancel()`` to ``CancelledError``."""
    from .test_cancellation import DELAYS

    for name, delays in DELAYS.items():
        if delays:
            terminalreporter.write_line(
                f"{name}: cancel -> CancelledError over {len(delays)} seeds:"
                f" median {statistics.median(delays) * 1000:.0f} ms,"
                f" max {max(delays) * 1000:.0f} ms"
            )
