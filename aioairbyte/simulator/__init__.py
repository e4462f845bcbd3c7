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

By default it is Airbyte 0.40.32 (``Profile.V0_40``). ``SimulatorConfig(profile="modern")``
imitates Airbyte 1.x/2.x instead (see :mod:`aioairbyte.simulator.profiles` for the server
source each behaviour follows): application tokens (``application=(client_id, secret)``,
``POST /api/v1/applications/token`` and ``/api/public/v1/applications/token``; a missing or
expired ``Bearer`` token is a 401 with an empty body, Basic credentials are refused), the
2.0.0 payloads and ``{"errorId"}`` error bodies, removed endpoints answering 404,
``/v1/workspaces/list_paginated``, the 2.x job operations (clear, stream-level resets,
refresh, ``connections/status``, ``connections/sync_progress``, ``jobs/get_without_logs``,
filtered ``jobs/list`` and ``jobs/list_for_workspaces``), and jobs that wait ``queued`` for a
server-wide capacity (``max_running_jobs``) or a sync that answers after ``sync_start_delay``::

    config = SimulatorConfig(profile="modern", application=("id", "secret"), max_running_jobs=2)
    async with SimulatedAirbyte(config=config) as sim:
        ...  # POST f"{sim.url}/v1/applications/token" {"client_id": "id", "client_secret": ...}
        sim.expire_tokens()  # every token issued so far answers 401 from now on

It depends on aiohttp, orjson and attrs only, and not on the rest of ``aioairbyte``.
Run it standalone with ``python -m aioairbyte.simulator --port 8000`` (``--profile modern``
``--client-id X --client-secret Y`` for a modern one).
"""

from .clock import Clock, ManualClock, RealClock
from .config import Faults, Outcome, SimulatorConfig
from .profiles import Profile
from .server import SimulatedAirbyte
from .stats import Stats

__all__ = [
    "Clock",
    "Faults",
    "ManualClock",
    "Outcome",
    "Profile",
    "RealClock",
    "SimulatedAirbyte",
    "SimulatorConfig",
    "Stats",
]
