"""examples/service.py over real loopback HTTP, with the simulator in the same event loop."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from aioairbyte import AirbyteClient, PollPolicy, RetryConfig
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "service.py"
FAST_POLL = PollPolicy(first=0.01, backoff=1.5, max_interval=0.05, jitter=0)
FAST_RETRY = RetryConfig(attempts=3, total_timeout=10, initial_backoff=0.01, max_backoff=0.05)
MAX_CONNECTIONS = 20


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_service", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs needs the module to resolve its annotations
    spec.loader.exec_module(module)
    return module


service = load_example()


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[SimulatedAirbyte]:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=0.1)) as simulator:
        yield simulator


class Factory:
    """The app's client factory, counting its calls (the service must make exactly one)."""

    def __init__(self, sim: SimulatedAirbyte) -> None:
        self.sim, self.calls = sim, 0

    def __call__(self) -> AirbyteClient:
        self.calls += 1
        return AirbyteClient(self.sim.url, retry=FAST_RETRY, max_connections=MAX_CONNECTIONS)


@pytest_asyncio.fixture
async def factory(sim: SimulatedAirbyte) -> Factory:
    return Factory(sim)


@pytest_asyncio.fixture
async def http(factory: Factory) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = service.make_app(factory, poll=FAST_POLL)
    async with TestClient(TestServer(app)) as client:
        yield client


async def events(http: TestClient[Any, Any], bulk_id: str) -> AsyncIterator[dict[str, Any]]:
    """The bulk's SSE events, parsed, up to and including ``end``."""
    async with http.get(f"/syncs/{bulk_id}/events") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        async for line in response.content:
            if line.startswith(b"data: "):
                event = json.loads(line[6:])
                yield event
                if event["type"] == "end":
                    return


async def start(http: TestClient[Any, Any], body: dict[str, Any]) -> str:
    response = await http.post("/syncs", json=body)
    assert response.status == 202, await response.text()
    return str((await response.json())["id"])


async def until_running(http: TestClient[Any, Any], bulk_id: str, count: int) -> set[int]:
    """Read the stream until ``count`` jobs are running; their ids."""
    running: set[int] = set()
    async for event in events(http, bulk_id):
        if event["type"] == "job_update" and event["status"] == "running":
            running.add(event["job_id"])
            if len(running) == count:
                return running
    raise AssertionError("the bulk ended before its jobs ran")


async def test_bulk_events_and_outcomes(
    http: TestClient[Any, Any], sim: SimulatedAirbyte, factory: Factory
) -> None:
    plan = [Outcome.SUCCEED, Outcome.FAIL, Outcome.SUCCEED]
    ids = [sim.add_connection(outcome=o) for o in plan]
    bulk_id = await start(http, {"connection_ids": [str(i) for i in ids]})

    seen = [e async for e in events(http, bulk_id)]
    assert seen[-1] == {"type": "end", "state": "finished"}
    outcomes = {e["connection_id"]: e for e in seen if e["type"] == "outcome"}
    assert {c: o["status"] for c, o in outcomes.items()} == {
        str(ids[0]): "succeeded",
        str(ids[1]): "failed",
        str(ids[2]): "succeeded",
    }
    assert outcomes[str(ids[1])]["error"]["type"] == "JobFailedError"
    assert all(sim.stats.jobs_created[i] == 1 for i in ids)
    assert any(e["type"] == "job_update" and e["attempt"] >= 1 for e in seen)

    # A late subscriber gets the same events replayed; GET shows the same outcomes.
    assert [e async for e in events(http, bulk_id)] == seen
    state = await (await http.get(f"/syncs/{bulk_id}")).json()
    assert state["done"] is True
    assert {o["connection_id"]: o["status"] for o in state["outcomes"]} == {
        c: o["status"] for c, o in outcomes.items()
    }
    assert set(state["outcomes"][0]) >= {"connection_id", "name", "status", "job_id", "error"}
    assert factory.calls == 1


async def test_workspace_bulk_has_names(http: TestClient[Any, Any], sim: SimulatedAirbyte) -> None:
    ids = {sim.add_connection(f"conn-{n}") for n in range(2)}
    bulk_id = await start(http, {"workspace_id": str(sim.workspace_id)})
    seen = [e async for e in events(http, bulk_id)]
    assert seen[-1]["state"] == "finished"
    state = await (await http.get(f"/syncs/{bulk_id}")).json()
    assert {o["connection_id"] for o in state["outcomes"]} == {str(i) for i in ids}
    assert {o["name"] for o in state["outcomes"]} == {"conn-0", "conn-1"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"connection_ids": []},
        {"connection_ids": ["not-a-uuid"]},
        {"connection_ids": [1]},
        {"connection_ids": ["00000000-0000-0000-0000-000000000001"] * 2},
        {"workspace_id": 3},
        {"connection_ids": ["00000000-0000-0000-0000-000000000001"], "workspace_id": "x"},
        [],
    ],
)
async def test_bad_input_is_400(http: TestClient[Any, Any], body: Any) -> None:
    response = await http.post("/syncs", json=body)
    assert response.status == 400
    assert (await response.json())["error"]["message"]
    response = await http.post("/syncs", data=b"{not json")
    assert response.status == 400
    assert (await http.get("/syncs/nope")).status == 404


async def test_delete_cancels_the_jobs(http: TestClient[Any, Any], sim: SimulatedAirbyte) -> None:
    ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(3)]
    bulk_id = await start(http, {"connection_ids": [str(i) for i in ids]})
    jobs = await until_running(http, bulk_id, 3)  # the stream left early: nothing cancelled

    response = await http.delete(f"/syncs/{bulk_id}")
    assert response.status == 200
    state = await response.json()
    assert state["state"] == "cancelled"
    assert state["done"] is True
    assert all(sim.job_status(j) == "cancelled" for j in jobs)
    assert sim.unfinished_jobs() == []
    assert [e async for e in events(http, bulk_id)][-1] == {"type": "end", "state": "cancelled"}


async def test_shutdown_mid_bulk_leaves_no_job_running(
    sim: SimulatedAirbyte, factory: Factory
) -> None:
    ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(3)]
    runner = web.AppRunner(service.make_app(factory, poll=FAST_POLL), shutdown_timeout=5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
        response = await session.post("/syncs", json={"connection_ids": [str(i) for i in ids]})
        bulk_id = (await response.json())["id"]
        running: set[int] = set()
        # A subscriber still listening while the service shuts down: its stream ends.
        async with session.get(f"/syncs/{bulk_id}/events") as stream:
            async for line in stream.content:
                if line.startswith(b"data: "):
                    event = json.loads(line[6:])
                    if event["type"] == "job_update" and event["status"] == "running":
                        running.add(event["job_id"])
                if len(running) == 3:
                    break
            assert sim.unfinished_jobs() != []
            await asyncio.wait_for(runner.cleanup(), 5)
            rest = await stream.content.read()
    assert b'"type":"end","state":"cancelled"' in rest
    assert all(sim.job_status(j) == "cancelled" for j in running)
    assert sim.unfinished_jobs() == []


async def test_100_concurrent_posts_share_one_session() -> None:
    # Syncs that take 0.2 s to answer (as a real server's do): 100 triggers at once would be
    # 100 requests in flight, were they not all going through the one client's bounded session.
    config = SimulatorConfig(attempt_duration=0.1, profile="modern", sync_start_delay=0.2)
    async with SimulatedAirbyte(config=config) as sim:
        factory = Factory(sim)
        app = service.make_app(factory, poll=FAST_POLL)
        async with TestClient(TestServer(app)) as http:
            ids = [sim.add_connection() for _ in range(100)]
            bodies = [{"connection_ids": [str(i)]} for i in ids]
            bulk_ids = await asyncio.gather(*(start(http, body) for body in bodies))
            for bulk_id in bulk_ids:
                seen = [e async for e in events(http, bulk_id)]
                assert [e["status"] for e in seen if e["type"] == "outcome"] == ["succeeded"]
        assert factory.calls == 1
        assert 1 < sim.stats.peak_in_flight <= MAX_CONNECTIONS
        assert all(sim.stats.jobs_created[i] == 1 for i in ids)


async def test_health(http: TestClient[Any, Any], sim: SimulatedAirbyte) -> None:
    response = await http.get("/health")
    assert response.status == 200
    assert await response.json() == {"service": "ok", "airbyte": {"available": True}}


async def test_health_when_airbyte_is_down() -> None:
    def unreachable() -> AirbyteClient:
        return AirbyteClient("http://127.0.0.1:9/api", retry=RetryConfig(attempts=1))

    async with TestClient(TestServer(service.make_app(unreachable))) as http:
        response = await http.get("/health")
        assert response.status == 503
        body = await response.json()
        assert body["service"] == "ok"
        assert body["airbyte"]["type"]


def test_finished_bulks_are_forgotten_beyond_a_bound() -> None:
    """A long-running service keeps running bulks and only the newest finished ones."""
    bulks: dict[str, Any] = {}
    for index in range(service.KEEP_FINISHED + 5):
        bulk = service.Bulk(id=str(index))
        bulk.state = "finished"
        bulks[bulk.id] = bulk
    running = service.Bulk(id="running")
    bulks = {"running": running, **bulks}
    service.forget_old_bulks(bulks)
    assert "running" in bulks
    assert len(bulks) == service.KEEP_FINISHED  # room for the one about to be added
    assert "0" not in bulks
    assert str(service.KEEP_FINISHED + 4) in bulks
