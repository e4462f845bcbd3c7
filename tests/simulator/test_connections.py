"""Workspaces, sources, destinations, connections and the web backend (behaviours 13, 14)."""

from __future__ import annotations

import copy
from typing import Any

from aioairbyte.simulator import ManualClock, Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import ATTEMPT, Api, open_api


async def seeded_ids(
    sim: SimulatedAirbyte, api: Api
) -> tuple[str, str, list[dict[str, Any]], list[dict[str, Any]]]:
    workspace = {"workspaceId": str(sim.workspace_id)}
    sources = (await api.ok("sources/list", workspace))["sources"]
    destinations = (await api.ok("destinations/list", workspace))["destinations"]
    return sources[0]["sourceId"], destinations[0]["destinationId"], sources, destinations


async def test_seeded_workspace_sources_and_destinations(sim: SimulatedAirbyte, api: Api) -> None:
    workspaces = (await api.ok("workspaces/list"))["workspaces"]
    assert [w["workspaceId"] for w in workspaces] == [str(sim.workspace_id)]
    workspace = await api.ok("workspaces/get", {"workspaceId": str(sim.workspace_id)})
    assert workspace == workspaces[0]
    assert workspace["initialSetupComplete"] is True
    _, _, sources, destinations = await seeded_ids(sim, api)
    assert [s["sourceName"] for s in sources] == ["Postgres", "Stripe"]
    assert [d["destinationName"] for d in destinations] == ["BigQuery", "Snowflake"]
    postgres = sources[0]["connectionConfiguration"]
    assert postgres["port"] == 5432
    assert postgres["password"] == "**********"
    for source in sources:
        assert await api.ok("sources/get", {"sourceId": source["sourceId"]}) == source
    for destination in destinations:
        got = await api.ok("destinations/get", {"destinationId": destination["destinationId"]})
        assert got == destination


async def test_ids_are_seeded() -> None:
    first, again, other = (
        SimulatedAirbyte(config=SimulatorConfig(seed=seed)) for seed in (3, 3, 4)
    )
    assert first.workspace_id == again.workspace_id != other.workspace_id
    assert first.add_connection() == again.add_connection() != other.add_connection()


async def test_seeded_connections(clock: ManualClock) -> None:
    async with open_api(SimulatorConfig(clock=clock, connections=3)) as (sim, api):
        listed = await api.ok("connections/list", {"workspaceId": str(sim.workspace_id)})
        assert [c["name"] for c in listed["connections"]] == [
            "connection-001",
            "connection-002",
            "connection-003",
        ]
        connection = listed["connections"][0]
        assert connection["status"] == "active"
        assert connection["scheduleType"] == "manual"
        streams = connection["syncCatalog"]["streams"]
        assert [s["stream"]["name"] for s in streams] == ["users", "orders"]
        assert streams[0]["stream"]["jsonSchema"]["properties"]["updated_at"]["format"] == (
            "date-time"
        )
        assert streams[0]["config"]["syncMode"] == "incremental"
        assert sim.add_connection().hex  # the next one is connection-004
        names = await api.ok("connections/list", {"workspaceId": str(sim.workspace_id)})
        assert names["connections"][-1]["name"] == "connection-004"


async def test_create_get_and_defaults(sim: SimulatedAirbyte, api: Api) -> None:
    source_id, destination_id, _, _ = await seeded_ids(sim, api)
    created = await api.ok(
        "connections/create",
        {"sourceId": source_id, "destinationId": destination_id, "status": "inactive"},
    )
    assert created["name"] == "default"
    assert created["status"] == "inactive"
    assert created["syncCatalog"] == {"streams": []}
    assert created["scheduleType"] == "manual"
    assert created["breakingChange"] is False
    assert created["geography"] == "auto"
    assert created["nonBreakingChangesPreference"] == "ignore"
    got = await api.ok("connections/get", {"connectionId": created["connectionId"]})
    assert got == created


async def test_create_echoes_catalog_and_schedule(sim: SimulatedAirbyte, api: Api) -> None:
    source_id, destination_id, _, _ = await seeded_ids(sim, api)
    cid = sim.add_connection()
    template = await api.ok("connections/get", {"connectionId": str(cid)})
    catalog = copy.deepcopy(template["syncCatalog"])
    catalog["streams"][1]["config"]["selected"] = False
    catalog["streams"][0]["stream"]["undeclared"] = "dropped"  # unknown fields are ignored
    created = await api.ok(
        "connections/create",
        {
            "name": "pg → bq",
            "sourceId": source_id,
            "destinationId": destination_id,
            "status": "active",
            "syncCatalog": catalog,
            "scheduleType": "basic",
            "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 24}},
            "prefix": "pg_",
            "geography": "eu",
        },
    )
    assert created["schedule"] == {"units": 24, "timeUnit": "hours"}
    assert created["scheduleData"] == {"basicSchedule": {"timeUnit": "hours", "units": 24}}
    assert "undeclared" not in created["syncCatalog"]["streams"][0]["stream"]
    del catalog["streams"][0]["stream"]["undeclared"]
    assert created["syncCatalog"] == catalog
    assert created["geography"] == "eu"
    # Only the selected stream is synced.
    info = await api.sync(created["connectionId"])
    streams = info["attempts"][0]["attempt"]["streamStats"]
    assert [s["streamName"] for s in streams] == ["users"]


async def test_update_is_a_patch(sim: SimulatedAirbyte, api: Api) -> None:
    cid = str(sim.add_connection("before"))
    original = await api.ok("connections/get", {"connectionId": cid})
    updated = await api.ok(
        "connections/update",
        {"connectionId": cid, "name": "after", "prefix": None, "status": "inactive"},
    )
    assert updated == {**original, "name": "after", "status": "inactive"}
    catalog = {"streams": original["syncCatalog"]["streams"][:1]}
    replaced = await api.ok("connections/update", {"connectionId": cid, "syncCatalog": catalog})
    assert replaced["syncCatalog"] == catalog
    assert replaced["name"] == "after"
    assert await api.ok("connections/get", {"connectionId": cid}) == replaced
    scheduled = await api.ok(
        "connections/update",
        {"connectionId": cid, "schedule": {"units": 2, "timeUnit": "hours"}},
    )
    assert scheduled["scheduleType"] == "basic"
    assert scheduled["scheduleData"] == {"basicSchedule": {"units": 2, "timeUnit": "hours"}}
    manual = await api.ok("connections/update", {"connectionId": cid, "scheduleType": "manual"})
    assert "schedule" not in manual
    assert "scheduleData" not in manual


async def test_delete_is_a_soft_delete(sim: SimulatedAirbyte, api: Api, clock: ManualClock) -> None:
    keep = str(sim.add_connection("keep"))
    gone = sim.add_connection("gone", outcome=Outcome.HANG)
    job_id = (await api.sync(gone))["job"]["id"]
    workspace = {"workspaceId": str(sim.workspace_id)}
    for _ in range(2):  # deleting twice is fine
        reply = await api.post("connections/delete", {"connectionId": str(gone)})
        assert reply.status == 204
        assert reply.body == ""
    assert (await api.ok("connections/get", {"connectionId": str(gone)}))["status"] == "deprecated"
    listed = await api.ok("connections/list", workspace)
    assert [c["connectionId"] for c in listed["connections"]] == [keep]
    listed_all = await api.ok("connections/list_all", workspace)
    assert [c["connectionId"] for c in listed_all["connections"]] == [keep, str(gone)]
    web = await api.ok("web_backend/connections/list", workspace)
    assert [c["connectionId"] for c in web["connections"]] == [keep]
    info = await api.job(job_id)
    assert info["job"]["status"] == "cancelled"
    assert info["attempts"][0]["attempt"]["failureSummary"]["failures"][0]["failureType"] == (
        "manual_cancellation"
    )
    wb = await api.ok("web_backend/connections/get", {"connectionId": str(gone)})
    assert wb["status"] == "deprecated"


async def test_search(sim: SimulatedAirbyte, api: Api) -> None:
    first = str(sim.add_connection("alpha"))
    second = str(sim.add_connection("beta"))
    deleted = str(sim.add_connection("alpha"))
    await api.post("connections/delete", {"connectionId": deleted})

    async def search(body: dict[str, Any]) -> list[str]:
        found = await api.ok("connections/search", body)
        return [c["connectionId"] for c in found["connections"]]

    assert await search({}) == [first, second]
    assert await search({"name": "alpha"}) == [first]
    assert await search({"connectionId": second.upper()}) == [second]
    assert await search({"source": {"sourceName": "Postgres"}}) == [first, second]
    assert await search({"source": {"sourceName": "Stripe"}}) == []
    assert await search(
        {"destination": {"connectionConfiguration": {"dataset_location": "US"}}}
    ) == [
        first,
        second,
    ]
    assert await search({"status": "inactive"}) == []


async def test_web_backend_connection_read(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = str(sim.add_connection())
    plain = await api.ok("connections/get", {"connectionId": cid})
    read = await api.ok("web_backend/connections/get", {"connectionId": cid})
    assert read["source"]["sourceId"] == plain["sourceId"]
    assert read["destination"]["destinationId"] == plain["destinationId"]
    assert read["isSyncing"] is False
    assert read["schemaChange"] == "no_change"
    assert read["nonBreakingChangesPreference"] == "ignore"
    assert read["notifySchemaChanges"] is False
    assert read["operations"] == []
    assert "latestSyncJobStatus" not in read
    assert "latestSyncJobCreatedAt" not in read
    assert "catalogDiff" not in read
    for key in ("syncCatalog", "name", "status", "scheduleType", "geography"):
        assert read[key] == plain[key]
    await api.sync(cid)
    syncing = await api.ok(
        "web_backend/connections/get", {"connectionId": cid, "withRefreshedCatalog": True}
    )
    assert syncing["isSyncing"] is True
    assert syncing["latestSyncJobStatus"] == "running"
    assert syncing["latestSyncJobCreatedAt"] == 1_700_000_000
    assert syncing["catalogDiff"] == {"transforms": []}
    clock.advance(ATTEMPT)
    done = await api.ok("web_backend/connections/get", {"connectionId": cid})
    assert (done["isSyncing"], done["latestSyncJobStatus"]) == (False, "succeeded")


async def test_web_backend_list_create_update(sim: SimulatedAirbyte, api: Api) -> None:
    source_id, destination_id, sources, destinations = await seeded_ids(sim, api)
    workspace = str(sim.workspace_id)
    created = await api.ok(
        "web_backend/connections/create",
        {
            "name": "stripe → snowflake",
            "sourceId": sources[1]["sourceId"],
            "destinationId": destinations[1]["destinationId"],
            "status": "active",
        },
    )
    assert created["source"]["sourceName"] == "Stripe"
    assert created["isSyncing"] is False
    other = str(sim.add_connection("pg"))
    await api.sync(other)
    listed = await api.ok("web_backend/connections/list", {"workspaceId": workspace})
    items = {item["name"]: item for item in listed["connections"]}
    assert set(items) == {"stripe → snowflake", "pg"}
    assert items["pg"]["isSyncing"] is True
    assert items["pg"]["latestSyncJobStatus"] == "running"
    assert items["pg"]["source"] == {
        "sourceId": source_id,
        "name": sources[0]["name"],
        "sourceDefinitionId": sources[0]["sourceDefinitionId"],
        "sourceName": "Postgres",
    }
    assert "latestSyncJobStatus" not in items["stripe → snowflake"]
    only_stripe = await api.ok(
        "web_backend/connections/list",
        {"workspaceId": workspace, "sourceId": [sources[1]["sourceId"]]},
    )
    assert [c["name"] for c in only_stripe["connections"]] == ["stripe → snowflake"]
    only_bq = await api.ok(
        "web_backend/connections/list",
        {"workspaceId": workspace, "destinationId": [destination_id]},
    )
    assert [c["name"] for c in only_bq["connections"]] == ["pg"]
    updated = await api.ok(
        "web_backend/connections/update",
        {"connectionId": created["connectionId"], "name": "renamed", "skipReset": True},
    )
    assert updated["name"] == "renamed"
    assert updated["syncCatalog"] == created["syncCatalog"]


async def test_web_backend_misc(sim: SimulatedAirbyte, api: Api) -> None:
    workspace = {"workspaceId": str(sim.workspace_id)}
    assert await api.ok("web_backend/workspace/state", workspace) == {
        "hasConnections": False,
        "hasSources": True,
        "hasDestinations": True,
    }
    cid = sim.add_connection()
    state = await api.ok("web_backend/workspace/state", workspace)
    assert state["hasConnections"] is True
    await api.post("connections/delete", {"connectionId": str(cid)})
    state = await api.ok("web_backend/workspace/state", workspace)
    assert state["hasConnections"] is False
    assert await api.ok("web_backend/geographies/list") == {"geographies": ["auto", "us", "eu"]}
    assert await api.ok("web_backend/check_updates") == {
        "destinationDefinitions": 0,
        "sourceDefinitions": 0,
    }
