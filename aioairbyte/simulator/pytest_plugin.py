"""pytest plugin: the ``airbyte_simulator`` fixture, a started :class:`SimulatedAirbyte`.

Registered through the ``pytest11`` entry point ``aioairbyte``, or explicitly with
``-p aioairbyte.simulator.pytest_plugin``. Override the ``airbyte_simulator_config`` fixture
to change the configuration (a :class:`ManualClock`, faults, auth...), override
``airbyte_simulator_profile`` (or parametrize it) to pick a :class:`Profile`, or mark a test
to change some options of the configuration::

    @pytest.mark.airbyte_simulator(profile="modern", application=("id", "secret"))
    async def test_tokens(airbyte_simulator): ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import attrs
import pytest
import pytest_asyncio

from .config import SimulatorConfig
from .profiles import Profile
from .server import SimulatedAirbyte

__all__ = ["airbyte_simulator", "airbyte_simulator_config", "airbyte_simulator_profile"]

_MARKER = "airbyte_simulator"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``airbyte_simulator`` marker."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(**options): SimulatorConfig options of the airbyte_simulator fixture "
        "(e.g. profile='modern', application=(client_id, client_secret))",
    )


@pytest.fixture
def airbyte_simulator_profile() -> Profile:
    """Profile of the default ``airbyte_simulator_config``: ``Profile.V0_40``."""
    return Profile.V0_40


@pytest.fixture
def airbyte_simulator_config(airbyte_simulator_profile: Profile) -> SimulatorConfig:
    """Configuration of ``airbyte_simulator``: fast attempts (0.05 s) on the real clock."""
    return SimulatorConfig(attempt_duration=0.05, profile=airbyte_simulator_profile)


@pytest_asyncio.fixture
async def airbyte_simulator(
    request: pytest.FixtureRequest, airbyte_simulator_config: SimulatorConfig
) -> AsyncIterator[SimulatedAirbyte]:
    """A started simulated Airbyte server, stopped after the test.

    Options of an ``airbyte_simulator`` marker replace those of ``airbyte_simulator_config``
    (markers closer to the test win).
    """
    config = airbyte_simulator_config
    for marker in reversed(list(request.node.iter_markers(_MARKER))):
        config = attrs.evolve(config, **marker.kwargs)
    async with SimulatedAirbyte(config=config) as simulator:
        yield simulator
