"""Shared fixtures: a client whose retries sleep instantly and record what they waited."""

from __future__ import annotations

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
