"""Fault injection and counters."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from aioairbyte.simulator import Faults, SimulatedAirbyte

from .conftest import Api

SYNC = "/api/v1/connections/sync"
HEALTH = "/api/v1/health"


async def test_503_outage_window(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    sim.faults = Faults(rate_503=1.0)
    for _ in range(3):
        reply = await api.post("connections/sync", {"connectionId": str(cid)})
        assert reply.status == 503
        assert reply.content_type == "text/html"
        assert "Retry-After" not in reply.headers
    assert (await api.request("GET", "health")).status == 503  # health is not exempt
    assert sim.stats.jobs_created[cid] == 0
    assert sim.stats.faults_injected["503"] == 4
    assert sim.stats.requests_by_path[SYNC] == 3
    sim.faults = Faults()  # the outage ends
    assert (await api.sync(cid))["job"]["status"] == "running"
    assert sim.stats.jobs_created[cid] == 1


@pytest.mark.parametrize(("retry_after", "header"), [(2.0, "2"), (0.25, "0.25")])
async def test_429_carries_retry_after(
    sim: SimulatedAirbyte, api: Api, retry_after: float, header: str
) -> None:
    sim.faults = Faults(rate_429=1.0, retry_after=retry_after)
    reply = await api.request("GET", "health")
    assert reply.status == 429
    assert reply.headers["Retry-After"] == header
    assert sim.stats.faults_injected["429"] == 1


async def test_paths_filter(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    sim.faults = Faults(rate_503=1.0, paths={SYNC})
    assert (await api.request("GET", "health")).status == 200
    assert (await api.post("connections/get", {"connectionId": str(cid)})).status == 200
    assert (await api.post("connections/sync", {"connectionId": str(cid)})).status == 503
    assert sim.stats.faults_injected == {"503": 1}


async def post_raw(sim: SimulatedAirbyte, path: str, body: dict[str, Any]) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{sim.url}/v1/{path}", json=body) as response,
    ):
        return response.status


async def test_drop_before_closes_without_processing(sim: SimulatedAirbyte) -> None:
    cid = sim.add_connection()
    sim.faults = Faults(drop_before=1.0, paths={SYNC})
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await post_raw(sim, "connections/sync", {"connectionId": str(cid)})
    assert sim.stats.faults_injected["drop_before"] == 1
    assert sim.stats.jobs_created[cid] == 0
    assert sim.unfinished_jobs() == []
    sim.faults = Faults()
    assert await post_raw(sim, "connections/sync", {"connectionId": str(cid)}) == 200


async def test_drop_after_processes_then_closes(sim: SimulatedAirbyte) -> None:
    cid = sim.add_connection()
    sim.faults = Faults(drop_after=1.0, paths={SYNC})
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await post_raw(sim, "connections/sync", {"connectionId": str(cid)})
    # The ambiguous case: the client got no answer, but the job exists.
    assert sim.stats.faults_injected["drop_after"] == 1
    assert sim.stats.jobs_created[cid] == 1
    assert sim.unfinished_jobs() == [1]
    sim.faults = Faults()
    assert await post_raw(sim, "connections/sync", {"connectionId": str(cid)}) == 409


async def test_drop_on_a_kept_alive_connection(sim: SimulatedAirbyte) -> None:
    cid = sim.add_connection()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{sim.url}/v1/health") as response:
            assert response.status == 200  # the connection is now pooled
        sim.faults = Faults(drop_after=1.0, paths={SYNC})
        with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
            async with session.post(
                f"{sim.url}/v1/connections/sync", json={"connectionId": str(cid)}
            ):
                pass
        sim.faults = Faults()
        async with session.get(f"{sim.url}/v1/health") as response:
            assert response.status == 200


async def test_latency_is_added_and_counted(sim: SimulatedAirbyte, api: Api) -> None:
    sim.faults = Faults(latency=0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await api.request("GET", "health")).status == 200
    assert loop.time() - started >= 0.05
    assert sim.stats.faults_injected["latency"] == 1


async def test_fault_decisions_are_seeded(sim: SimulatedAirbyte, api: Api) -> None:
    async def pattern(seed: int) -> list[int]:
        sim.faults = Faults(rate_503=0.3, rate_429=0.3, seed=seed)  # restarts the RNG
        return [(await api.request("GET", "health")).status for _ in range(40)]

    first, again, other = await pattern(1), await pattern(1), await pattern(2)
    assert first == again
    assert first != other
    assert set(first) == {200, 429, 503}


async def test_concurrency_counters(sim: SimulatedAirbyte, api: Api) -> None:
    sim.faults = Faults(latency=0.1)
    replies = await asyncio.gather(*(api.request("GET", "health") for _ in range(6)))
    assert [r.status for r in replies] == [200] * 6
    assert sim.stats.peak_in_flight == 6
    assert sim.stats.in_flight == 0
    assert sim.stats.requests_by_path[HEALTH] == 6
    sim.faults = Faults(rate_503=1.0, latency=0.1)
    await asyncio.gather(*(api.request("GET", "nowhere") for _ in range(3)))
    assert sim.stats.requests_by_path["/api/v1/nowhere"] == 3  # faulted requests count too
    sim.stats.reset()
    assert sim.stats.peak_in_flight == 0
    assert not sim.stats.requests_by_path
    assert not sim.stats.faults_injected


async def test_fault_validation() -> None:
    with pytest.raises(ValueError, match="rate_503"):
        Faults(rate_503=1.5)
    with pytest.raises(ValueError, match="latency"):
        Faults(latency=-1)
    assert Faults(paths=["/a", "/a"]).paths == frozenset({"/a"})
