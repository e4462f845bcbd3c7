"""Fixtures of the integration tests: the real client against the simulated server over HTTP.

The simulator runs on the wall clock with short attempts, the client polls fast and retries
with short backoffs, so every wait in these tests is a real wait of a fraction of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from aioairbyte import AirbyteClient, PollPolicy, RetryConfig
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

#: Poll soon and often: 10 ms, then up to 50 ms between polls, no jitter.
FAST_POLL = PollPolicy(first=0.01, backoff=1.5, max_interval=0.05, jitter=0)
#: Attempt duration of the ``sim`` fixture's connections (seconds, wall clock).
ATTEMPT = 0.05
#: Retries with short waits, so that retried requests and resent triggers cost little time.
FAST_RETRY = RetryConfig(attempts=3, total_timeout=10, initial_backoff=0.01, max_backoff=0.05)
#: What the simulator's auth proxy accepts when a test turns auth on.
CREDENTIALS = ("airbyte", "password")


@pytest.fixture
def sim_config() -> SimulatorConfig:
    """Configuration of ``sim``: 50 ms attempts on the wall clock, no faults, no auth."""
    return SimulatorConfig(attempt_duration=ATTEMPT)


@pytest_asyncio.fixture
async def sim(sim_config: SimulatorConfig) -> AsyncIterator[SimulatedAirbyte]:
    """A started simulated Airbyte server."""
    async with SimulatedAirbyte(config=sim_config) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def client(sim: SimulatedAirbyte) -> AsyncIterator[AirbyteClient]:
    """A client of ``sim`` (with the right credentials when ``sim`` requires auth)."""
    async with AirbyteClient(sim.url, auth=sim.config.auth, retry=FAST_RETRY) as c:
        yield c


@contextlib.asynccontextmanager
async def serve(config: SimulatorConfig) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    """A simulator with ``config`` and a client of it, for tests that need their own config."""
    async with (
        SimulatedAirbyte(config=config) as simulator,
        AirbyteClient(simulator.url, auth=config.auth, retry=FAST_RETRY) as c,
    ):
        yield simulator, c


async def early_in_a_second() -> None:
    """Wait, if needed, until the wall clock is in the first half of a second.

    The server's job times are whole seconds: a test that needs two events to fall in the same
    second starts early in one, so that nothing short of a half-second stall separates them.
    """
    fraction = time.time() % 1
    if fraction > 0.5:
        await asyncio.sleep(1.02 - fraction)


def leftover_tasks(before: set[asyncio.Task[object]]) -> list[asyncio.Task[object]]:
    """Tasks started since ``before`` and still pending, except the simulator's own.

    The simulator runs in the test's event loop: aiohttp keeps one server task per open
    keep-alive connection (``RequestHandler.start``), which is not the client's doing.
    """
    return [
        task
        for task in asyncio.all_tasks() - before
        if not task.done() and not task.get_coro().__qualname__.startswith("RequestHandler.")
    ]
