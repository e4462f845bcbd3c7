"""Acting at observed moments (``Stats.wait_until``) and requests the client gave up on."""

from __future__ import annotations

import asyncio

import aiohttp

from aioairbyte.simulator import Faults, SimulatedAirbyte

from .conftest import Api

SYNC = "/api/v1/connections/sync"
HEALTH = "/api/v1/health"


async def test_wait_until_returns_when_the_condition_holds(sim: SimulatedAirbyte, api: Api) -> None:
    await sim.stats.wait_until(lambda s: s.in_flight == 0)  # already true: at once

    sim.faults = Faults(latency=0.05)
    third = asyncio.ensure_future(sim.stats.wait_until(lambda s: s.requests_by_path[HEALTH] == 3))
    requests = [asyncio.ensure_future(api.request("GET", "health")) for _ in range(3)]
    await third
    # Woken as the third request arrived, before any was answered.
    assert sim.stats.in_flight == 3
    assert not any(r.done() for r in requests)
    await asyncio.gather(*requests)
    assert sim.stats._waiters == []


async def test_a_cancelled_waiter_is_forgotten(sim: SimulatedAirbyte, api: Api) -> None:
    waiter = asyncio.ensure_future(sim.stats.wait_until(lambda s: False))
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    assert sim.stats._waiters == []
    assert (await api.request("GET", "health")).status == 200


async def test_a_request_the_client_gave_up_on_is_still_processed(sim: SimulatedAirbyte) -> None:
    """As on a real server: the whole request arrived, so the work is done, the answer lost."""
    cid = sim.add_connection()
    sim.faults = Faults(latency=0.1, paths={SYNC})
    async with aiohttp.ClientSession() as session:
        post = asyncio.ensure_future(
            session.post(f"{sim.url}/v1/connections/sync", json={"connectionId": str(cid)})
        )
        await sim.stats.wait_until(lambda s: s.requests_by_path[SYNC] == 1)
        post.cancel()  # the client leaves during the server's delay
        await asyncio.gather(post, return_exceptions=True)
        assert sim.stats.jobs_created[cid] == 0
        await sim.stats.wait_until(lambda s: s.in_flight == 0)

    assert sim.stats.jobs_created[cid] == 1
    [job] = sim.jobs_for(cid)
    assert job["job"]["status"] == "running"
