"""pytest plugin: the ``airbyte_simulator`` fixture, a started :class:`SimulatedAirbyte`.

Registered through the ``pytest11`` entry point ``aioairbyte``, or explicitly with
``-p aioairbyte.simulator.pytest_plugin``. Override the ``airbyte_simulator_config`` fixture
to change the configuration (a :class:`ManualClock`, faults, auth...).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from .config import SimulatorConfig
from .server import SimulatedAirbyte

__all__ = ["airbyte_simulator", "airbyte_simulator_config"]


@pytest.fixture
def airbyte_simulator_config() -> SimulatorConfig:
    """Configuration of ``airbyte_simulator``: fast attempts (0.05 s) on the real clock."""
    return SimulatorConfig(attempt_duration=0.05)


@pytest_asyncio.fixture
async def airbyte_simulator(
    airbyte_simulator_config: SimulatorConfig,
) -> AsyncIterator[SimulatedAirbyte]:
    """A started simulated Airbyte server, stopped after the test."""
    async with SimulatedAirbyte(config=airbyte_simulator_config) as simulator:
        yield simulator
