"""Jobs under the modern profile: queued capacity (FIFO), dedupe, cancel, sync_start_delay;
and the tour of every modern route against the 2.0.0 and 2026-08 documents."""

from __future__ import annotations

import asyncio
from typing import Any

from aioairbyte.simulator import ManualClock, Outcome, SimulatorConfig
from aioairbyte.simulator.modern_routes import MODERN_ROUTES
from tests import spec

from .conftest import ATTEMPT
from .modern_api import APPLICATION, PUBLIC_TOKEN, TOKEN, open_modern

T0 = 1_700_000_000
SYNC = "/api/v1/connections/sync"


def _config(clock: ManualClock, **options: Any) -> SimulatorConfig:
    return SimulatorConfig(
        profile="modern",
        application=APPLICATION,
        clock=clock,
        attempt_duration=ATTEMPT,
        log_lines=3,
        **options,
    )


async def test_capacity_queues_jobs_in_creation_order() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=2)) as (sim, api):
        cids = [sim.add_connection(f"c{n}") for n in range(5)]
        jobs = []
        for cid in cids:
            info = await api.sync(cid)
            assert info["job"]["status"] == "pending"
            assert info["attempts"] == []
            assert "startedAt" not in info["job"]
            jobs.append(info["job"]["id"])
        # Still at the creation instant: pending (and a second sync answers the same job).
        assert (await api.job(jobs[0]))["job"]["status"] == "pending"
        again = await api.sync(cids[0])
        assert again["job"]["id"] == jobs[0]
        clock.advance(1)
        states = [(await api.job(j))["job"]["status"] for j in jobs]
        assert states == ["running", "running", "queued", "queued", "queued"]
        assert (await api.job(jobs[0]))["job"]["startedAt"] == T0
        # A queued job is answered again; a running one conflicts.
        again = await api.sync(cids[2])
        assert (again["job"]["id"], again["job"]["status"]) == (jobs[2], "queued")
        assert sim.stats.jobs_created[cids[2]] == 1
        assert (await api.post("connections/sync", {"connectionId": str(cids[0])})).status == 409
        # Cancelling a queued job: cancelled without attempts, and it frees no slot.
        cancelled = await api.ok("jobs/cancel", {"id": jobs[3]})
        assert (cancelled["job"]["status"], cancelled["attempts"]) == ("cancelled", [])
        assert sim.job_status(jobs[2]) == "queued"
        # The first two end at T0+10: the queue's next ones start at that instant, in order.
        clock.advance(ATTEMPT - 1)
        infos = [await api.job(j) for j in jobs]
        assert [i["job"]["status"] for i in infos] == [
            "succeeded",
            "succeeded",
            "running",
            "cancelled",
            "running",
        ]
        assert infos[2]["job"]["startedAt"] == infos[4]["job"]["startedAt"] == T0 + ATTEMPT
        clock.advance(ATTEMPT)
        assert [sim.job_status(j) for j in jobs] == [
            "succeeded",
            "succeeded",
            "succeeded",
            "cancelled",
            "succeeded",
        ]
        assert sim.unfinished_jobs() == []


async def test_replay_across_jobs_with_a_single_slot() -> None:
    """Observed only at the end, each job starts when the previous one ended (retries too)."""
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1)) as (sim, api):
        retrying = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        plain = sim.add_connection()
        resettable = sim.add_connection()
        hanging = sim.add_connection(outcome=Outcome.HANG)
        first = (await api.sync(retrying))["job"]["id"]
        second = (await api.sync(plain))["job"]["id"]
        third = (await api.reset(resettable))["job"]["id"]
        clock.advance(10 * ATTEMPT)
        one, two, three = [await api.job(j) for j in (first, second, third)]
        assert one["job"]["status"] == "succeeded"
        assert len(one["attempts"]) == 2
        end_one = one["attempts"][1]["attempt"]["endedAt"]
        assert end_one == T0 + 2 * ATTEMPT
        assert two["job"]["startedAt"] == end_one
        assert two["job"]["status"] == "succeeded"
        assert three["job"]["status"] == "succeeded"  # a reset job takes a slot too
        assert three["job"]["startedAt"] == T0 + 3 * ATTEMPT
        await api.sync(hanging)
        await api.sync(plain)
        clock.advance(1)
        assert sim.unfinished_jobs() == [first + 3, first + 4]
        assert sim.job_status(first + 4) == "queued"
        # Cancelling the running one frees its slot at that instant.
        await api.ok("jobs/cancel", {"id": first + 3})
        clock.advance(1)
        last = await api.job(first + 4)
        assert (last["job"]["status"], last["job"]["startedAt"]) == (
            "running",
            T0 + 10 * ATTEMPT + 1,
        )


async def test_jobs_list_filters_by_status_without_a_connection() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1)) as (sim, api):
        a, b = sim.add_connection(), sim.add_connection()
        await api.sync(a)
        await api.sync(b)
        clock.advance(1)
        body = {"configTypes": ["sync", "clear"], "statuses": ["running"]}
        listed = await api.ok("jobs/list", body)
        assert [j["job"]["configId"] for j in listed["jobs"]] == [str(a)]
        listed = await api.ok("jobs/list", {"configTypes": ["sync"]})
        assert [j["job"]["status"] for j in listed["jobs"]] == ["queued", "running"]


async def test_sync_start_delay_without_capacity() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, sync_start_delay=0.2)) as (sim, api):
        cid = sim.add_connection(outcome=Outcome.HANG)
        loop = asyncio.get_running_loop()
        started = loop.time()
        first = asyncio.create_task(api.sync(cid))
        await sim.stats.wait_until(lambda s: s.requests_by_path[SYNC] == 1)
        # The job exists before the answer; no event tells its creation, so yield until then.
        while not sim.unfinished_jobs():  # noqa: ASYNC110
            await asyncio.sleep(0)
        assert not first.done()
        reply = await api.post("connections/sync", {"connectionId": str(cid)})
        assert reply.status == 409
        info = await first
        assert loop.time() - started >= 0.2
        assert info["job"]["status"] == "running"
        assert len(info["attempts"]) == 1


async def test_every_modern_route_answers_per_both_documents() -> None:
    """Call every modern route; ``ModernApi`` checks each answer against 2.0.0 and 2026-08."""
    spec.load_spec("2.0")
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1), login=False) as (sim, api):
        await api.login()
        public = await api.post(
            PUBLIC_TOKEN,
            {
                "client_id": APPLICATION[0],
                "client_secret": APPLICATION[1],
                "grant-type": "client_credentials",
            },
        )
        assert public.status == 200
        workspace = {"workspaceId": str(sim.workspace_id)}
        await api.request("GET", "health")
        await api.ok("workspaces/list_paginated", {"workspaceIds": [], "pagination": {}})
        await api.request("GET", "instance_configuration")
        await api.ok(
            "workspaces/list_by_user_id", {"userId": "00000000-0000-0000-0000-000000000000"}
        )
        await api.ok("workspaces/get", workspace)
        sources = (await api.ok("sources/list", {**workspace, "pageSize": 5}))["sources"]
        await api.ok("sources/get", {"sourceId": sources[0]["sourceId"]})
        destinations = (await api.ok("destinations/list", workspace))["destinations"]
        await api.ok("destinations/get", {"destinationId": destinations[0]["destinationId"]})
        template = await api.ok("connections/get", {"connectionId": str(sim.add_connection())})
        created = await api.ok(
            "connections/create",
            {
                "sourceId": sources[0]["sourceId"],
                "destinationId": destinations[0]["destinationId"],
                "status": "active",
                "syncCatalog": template["syncCatalog"],
                "scheduleType": "cron",
                "scheduleData": {"cron": {"cronExpression": "0 0 * * * ?", "cronTimeZone": "UTC"}},
                "geography": "eu",  # gone from 2.x: ignored
                "notifySchemaChangesByEmail": True,
                "nonBreakingChangesPreference": "propagate_columns",
            },
        )
        assert created["notifySchemaChangesByEmail"] is True
        cid = {"connectionId": created["connectionId"]}
        await api.ok("connections/update", {**cid, "name": "tour"})
        await api.ok("connections/list", workspace)
        await api.ok("connections/search", {"name": "tour"})
        await api.ok("state/get", cid)
        await api.ok("web_backend/state/get_type", cid)
        await api.ok("web_backend/check_updates")
        await api.ok("web_backend/connections/get", {**cid, "withRefreshedCatalog": True})
        await api.ok("web_backend/connections/update", {**cid, "prefix": "x_"})
        await api.ok("web_backend/workspace/state", workspace)
        await api.ok(
            "web_backend/connections/create",
            {
                "sourceId": sources[1]["sourceId"],
                "destinationId": destinations[1]["destinationId"],
                "status": "inactive",
            },
        )
        sim.set_outcome(created["connectionId"], Outcome.FAIL_THEN_SUCCEED)
        sync = await api.sync(created["connectionId"])  # pending
        clock.advance(2 * ATTEMPT + 1)
        await api.ok("jobs/get", {"id": sync["job"]["id"]})
        await api.ok("state/get", cid)
        sim.set_outcome(created["connectionId"], Outcome.HANG)
        hanging = await api.sync(created["connectionId"])
        clock.advance(1)
        await api.ok("jobs/get_debug_info", {"id": hanging["job"]["id"]})
        other = sim.add_connection()
        queued = await api.sync(other)
        clock.advance(1)
        assert (await api.job(queued["job"]["id"]))["job"]["status"] == "queued"
        await api.ok("web_backend/connections/list", workspace)  # a queued latest job
        await api.reset(created["connectionId"])
        await api.ok("jobs/get_light", {"id": hanging["job"]["id"]})
        await api.ok(
            "jobs/list",
            {"configTypes": ["sync", "reset_connection"], **{"configId": created["connectionId"]}},
        )
        await api.ok("jobs/get_last_replication_job", cid)
        # The modern job operations (modern_job_routes.py), with the same connection.
        await api.ok("connections/status", {"connectionIds": [cid["connectionId"], str(other)]})
        await api.ok("connections/sync_progress", cid)
        await api.ok("jobs/get_without_logs", {"id": hanging["job"]["id"]})
        await api.ok("jobs/list", {"configTypes": ["sync"], "orderByField": "updatedAt"})
        await api.ok(
            "jobs/list_for_workspaces",
            {"configTypes": ["sync"], "workspaceIds": [workspace["workspaceId"]]},
        )
        streams = {**cid, "streams": [{"streamName": "users", "streamNamespace": "public"}]}
        await api.ok("connections/reset/stream", streams)
        await api.ok("connections/clear/stream", streams)
        await api.ok("connections/clear", cid)
        await api.ok("connections/refresh", {**cid, "refreshMode": "Merge"})
        await api.ok("jobs/cancel", {"id": hanging["job"]["id"]})
        assert (await api.post("connections/delete", cid)).status == 204
        await api.ok("connections/list_all", workspace)
        assert api.checked == set(MODERN_ROUTES) | {f"/api/v1/{TOKEN}", f"/api{PUBLIC_TOKEN}"}
