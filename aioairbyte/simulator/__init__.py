"""A simulated Airbyte OSS server for tests and benchmarks of Configuration API clients.

It serves the connection, job, state, workspace, source, destination and web-backend
operations of the Airbyte Configuration API from memory, with the real server's answers
(including where they differ from the OpenAPI document), a lazily evaluated job engine
driven by a clock (use :class:`ManualClock` for deterministic tests) and injectable
transport faults::

    from aioairbyte.simulator import Faults, ManualClock, Outcome, SimulatedAirbyte, SimulatorConfig

    clock = ManualClock()
    async with SimulatedAirbyte(config=SimulatorConfig(clock=clock)) as sim:
        connection_id = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        ...  # POST f"{sim.url}/v1/connections/sync" {"connectionId": ...}
        clock.advance(5)
        sim.faults = Faults(rate_503=1.0)  # an outage, until the next assignment
        # Act at an observed moment, without polling: here, once a third jobs/list arrived.
        await sim.stats.wait_until(lambda s: s.requests_by_path["/api/v1/jobs/list"] >= 3)

It depends on aiohttp, orjson and attrs only, and not on the rest of ``aioairbyte``.
Run it standalone with ``python -m aioairbyte.simulator --port 8000``.
"""

from .clock import Clock, ManualClock, RealClock
from .config import Faults, Outcome, SimulatorConfig
from .server import SimulatedAirbyte
from .stats import Stats

__all__ = [
    "Clock",
    "Faults",
    "ManualClock",
    "Outcome",
    "RealClock",
    "SimulatedAirbyte",
    "SimulatorConfig",
    "Stats",
]
