"""Shared fixtures: a client whose retries sleep instantly and record what they waited.

Also the reporting of the reliability tests: the cancellation delays they measured.
"""

from __future__ import annotations

import statistics
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aioresponses import aioresponses

from aioairbyte import AirbyteClient, RetryConfig
from tests import _aioresponses_compat

# aioresponses 0.7.x cannot build responses for aiohttp 3.14 without this (see the module);
# it does nothing on aiohttp < 3.14 or once aioresponses passes ``stream_writer`` itself.
_aioresponses_compat.install()

BASE_URL = "http://airbyte.test/api"


class SleepRecorder:
    """Stands in for asyncio.sleep in the transport: returns at once, remembers each delay."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def mocked() -> AsyncIterator[aioresponses]:
    with aioresponses() as m:
        yield m


@pytest_asyncio.fixture
async def client(sleeps: SleepRecorder) -> AsyncIterator[AirbyteClient]:
    """A client against a mocked server, retrying up to 4 attempts with instant sleeps."""
    async with AirbyteClient(
        BASE_URL,
        auth=("airbyte", "password"),
        retry=RetryConfig(attempts=4, total_timeout=30, initial_backoff=0.5, max_backoff=4),
    ) as c:
        c.transport._sleep = sleeps
        # A 0.40 server (no batched status) unless a test says otherwise: waits poll each job.
        c.transport.traits.connection_status = False
        yield c


# -- the cancellation delays measured by tests/reliability/test_cancellation.py ------------------
# Each seeded cancellation test asserts its own bound; the figures across seeds are printed in
# pytest's terminal summary, as a record (they are not a check). They travel on the tests'
# reports (a user property), so that under pytest-xdist the controller, which runs no test
# and does not load tests/reliability/, still gets them from the workers. The hooks are here,
# in an initial conftest, for the same reason.

_CANCEL_DELAYS: dict[str, list[float]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "cancel_delay":  # test_cancellation.DELAY_PROPERTY: (kind, seconds)
            kind, delay = value
            _CANCEL_DELAYS.setdefault(kind, []).append(delay)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the median and max delay from ``task.cancel()`` to ``CancelledError``."""
    for name, delays in sorted(_CANCEL_DELAYS.items()):
        terminalreporter.write_line(
            f"{name}: cancel -> CancelledError over {len(delays)} seeds:"
            f" median {statistics.median(delays) * 1000:.0f} ms,"
            f" max {max(delays) * 1000:.0f} ms"
        )
