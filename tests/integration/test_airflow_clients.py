"""The triggers' shared client (``aioairbyte.airflow.clients``) on the simulator: one lookup of the
Airflow connection per minute per loop, one warm-up per client, and triggers let through one per
loop iteration, so that hundreds starting together never run their first steps in one iteration.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from aioairbyte.airflow import clients
from aioairbyte.airflow.clients import open_clients, shared_client
from aioairbyte.airflow.hook import AirbyteHook, ClientSettings
from aioairbyte.errors import ApiConnectionError
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

APP = ("clients-app", "cs-CANARY-clients-93a1")
HEALTH = "/api/v1/health"
TOKEN = "/api/v1/applications/token"


@pytest_asyncio.fixture
async def airbyte(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SimulatedAirbyte]:
    config = SimulatorConfig(profile="modern", application=APP)
    async with SimulatedAirbyte(config=config) as simulator:
        monkeypatch.setenv(
            "AIRFLOW_CONN_AIRBYTE_DEFAULT",
            json.dumps(
                {
                    "conn_type": "aioairbyte",
                    "host": simulator.url,
                    "login": APP[0],
                    "password": APP[1],
                }
            ),
        )
        yield simulator


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The connection ids looked up through the hook."""
    seen: list[str] = []
    original = AirbyteHook.asettings

    async def asettings(self: AirbyteHook) -> ClientSettings:
        seen.append(self.airbyte_conn_id)
        return await original(self)

    monkeypatch.setattr(AirbyteHook, "asettings", asettings)
    return seen


class Iterations:
    """Counts the loop's iterations: a callback that schedules itself again each time."""

    def __init__(self) -> None:
        self.count = 0
        self._handle: asyncio.Handle | None = None

    def _tick(self) -> None:
        self.count += 1
        self._handle = asyncio.get_running_loop().call_soon(self._tick)

    def __enter__(self) -> Iterations:
        self._tick()
        return self

    def __exit__(self, *_: object) -> None:
        assert self._handle is not None
        self._handle.cancel()


async def test_triggers_starting_together_pass_one_per_iteration_after_one_lookup(
    airbyte: SimulatedAirbyte, lookups: list[str]
) -> None:
    """50 triggers arrive while the first one looks the connection up and warms the client:
    they queue, and each is let in in a loop iteration of its own (waiting together on one
    lookup, token or host resolution, they would all wake in one)."""
    entered: list[int] = []
    used: set[int] = set()
    release, all_in = asyncio.Event(), asyncio.Event()

    async def trigger() -> None:
        async with shared_client("airbyte_default") as client:
            entered.append(iterations.count)
            used.add(id(client))
            if len(entered) == 50:
                all_in.set()
            await release.wait()

    with Iterations() as iterations:
        tasks = [asyncio.create_task(trigger()) for _ in range(50)]
        await all_in.wait()
        assert open_clients() == 1
        release.set()
        await asyncio.gather(*tasks)

    assert lookups == ["airbyte_default"]  # one lookup for all 50
    assert len(used) == 1  # one client
    assert len(set(entered)) == 50  # each let in in an iteration of its own
    stats = airbyte.stats
    assert stats.requests_by_path[HEALTH] == 1  # one warm-up
    assert stats.requests_by_path[TOKEN] == 1  # one token, fetched by the warm-up
    assert open_clients() == 0


async def test_the_lookup_is_reused_for_a_minute_then_made_again(
    airbyte: SimulatedAirbyte, lookups: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with shared_client("airbyte_default"):
        pass
    async with shared_client("airbyte_default"):
        pass
    assert lookups == ["airbyte_default"]
    monkeypatch.setattr(clients, "LOOKUP_TTL", 0.0)
    async with shared_client("airbyte_default"):
        pass
    assert lookups == ["airbyte_default"] * 2
    # The last user of each client closed it; each new client was warmed up once.
    assert open_clients() == 0
    assert airbyte.stats.requests_by_path[HEALTH] == 3


async def test_a_rotated_secret_gets_a_client_of_its_own(
    airbyte: SimulatedAirbyte, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clients, "LOOKUP_TTL", 0.0)
    async with shared_client("airbyte_default") as old:
        conn = json.loads(os.environ["AIRFLOW_CONN_AIRBYTE_DEFAULT"])
        monkeypatch.setenv(
            "AIRFLOW_CONN_AIRBYTE_DEFAULT", json.dumps({**conn, "password": "rotated"})
        )
        async with shared_client("airbyte_default") as new:
            assert new is not old
            assert open_clients() == 2
    assert open_clients() == 0


async def test_a_failed_warm_up_leaves_the_error_to_the_users_own_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Nothing listens there: the warm-up fails at once, the user still gets its client, and
    # its own request meets the error (typed, naming the endpoint).
    monkeypatch.setenv(
        "AIRFLOW_CONN_AIRBYTE_DEFAULT",
        json.dumps({"conn_type": "aioairbyte", "host": "http://127.0.0.1:9/api"}),
    )
    async with shared_client("airbyte_default") as client:
        with pytest.raises(ApiConnectionError, match="health"):
            await client.health.with_options(retry=clients.NO_RETRIES).check()
    assert open_clients() == 0


async def test_a_user_cancelled_during_the_warm_up_leaves_nothing_open(
    airbyte: SimulatedAirbyte, monkeypatch: pytest.MonkeyPatch
) -> None:
    warming, never = asyncio.Event(), asyncio.Event()

    async def slow_warm_up(client: object) -> None:
        warming.set()
        await never.wait()

    monkeypatch.setattr(clients, "_warm_up", slow_warm_up)

    async def user() -> None:
        async with shared_client("airbyte_default"):
            pass

    task = asyncio.create_task(user())
    await warming.wait()
    assert open_clients() == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert open_clients() == 0
