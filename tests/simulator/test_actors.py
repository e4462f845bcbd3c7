"""Sources, destinations and the scheduler, over raw HTTP, on both profiles.

Every answer is checked against the profile's documents by :class:`Api` / :class:`ModernApi`
(strictly); the tests assert the real server's behaviour: validation 422s, 404s, masked secrets,
masked secrets kept by an update, soft deletes that delete connections, checks that fail the
connector's way, discovers derived from the configuration and cached per configuration, catalog
diffs, and that every route of the family was answered on both profiles. (The family's tables
are checked against the documents with the joined ones, in ``test_contract`` and
``test_modern``.)
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig, actor_routes
from aioairbyte.simulator.modern_routes import REMOVED_PATHS
from aioairbyte.simulator.routes import MODERN_ROUTES, ROUTES
from tests import spec

from .conftest import Api, open_api
from .modern_api import APPLICATION, ModernApi, open_modern, validate_modern

PG = "decd338e-5647-4c0b-adf4-da0e75f5a750"
STRIPE = "e094cb9a-26de-4645-8761-65c0c425d1de"
SNOWFLAKE = "424892c4-daac-4491-b35d-c6688ba547ba"
MISSING = "00000000-0000-4000-8000-000000000404"
MASK = "**********"
PG_CONFIG = {
    "host": "db.example.com",
    "port": 5432,
    "database": "app",
    "username": "airbyte",
    "password": "right",
    "schemas": ["public", "sales"],
}
SNOWFLAKE_CONFIG = {
    "host": "acme.snowflakecomputing.com",
    "role": "AIRBYTE",
    "warehouse": "WH",
    "database": "DB",
    "schema": "RAW",
    "username": "AIRBYTE",
    "credentials": {"auth_type": "Username and Password", "password": "right"},
}
PATHS = frozenset(actor_routes.ROUTES) | frozenset(actor_routes.MODERN_ROUTES)
PROFILES = ["0.40", "modern"]


def _modern(api: Api) -> bool:
    return isinstance(api, ModernApi)


# -- the whole family, per profile ----------------------------------------------------------


async def _create_source(api: Api, workspace_id: str, **changes: Any) -> Any:
    body = {
        "workspaceId": workspace_id,
        "sourceDefinitionId": PG,
        "name": "warehouse replica",
        "connectionConfiguration": PG_CONFIG,
        **changes,
    }
    return await api.ok("sources/create", body)


async def _connect(api: Api, source_id: str, destination_id: str, **fields: Any) -> Any:
    body = {"sourceId": source_id, "destinationId": destination_id, "status": "active", **fields}
    return await api.ok("connections/create", body)


async def _sources(sim: SimulatedAirbyte, api: Api) -> None:
    workspace_id = str(sim.workspace_id)
    source = await _create_source(api, workspace_id)
    source_id = source["sourceId"]
    assert source["connectionConfiguration"] == {**PG_CONFIG, "password": MASK}
    assert source["sourceName"] == "Postgres"
    assert ("createdAt" in source) is _modern(api)
    listed = await api.ok("sources/list", {"workspaceId": workspace_id})
    assert source_id in [s["sourceId"] for s in listed["sources"]]
    assert await api.ok("sources/get", {"sourceId": source_id}) == source

    # Validation: the 422 of the server, naming the fields at fault; 404s of unknown ids.
    invalid = {**PG_CONFIG, "port": "5432"}
    del invalid["host"]
    reply = await api.post(
        "sources/create",
        {"workspaceId": workspace_id, "sourceDefinitionId": PG, "name": "x",
         "connectionConfiguration": invalid},
    )  # fmt: skip
    assert reply.status == 422
    assert reply.body["message"].startswith(
        "The provided configuration does not fulfill the specification. Errors: json schema"
    )
    if _modern(api):
        assert "$: required property 'host' not found" in reply.body["message"]
    else:
        assert {e["propertyPath"] for e in reply.body["validationErrors"]} == {"$.host", "$.port"}
        assert "$.port: string found, integer expected" in reply.body["message"]
    assert "right" not in reply.body["message"]
    for changes in ({"sourceDefinitionId": MISSING}, {"workspaceId": MISSING}):
        reply = await api.post(
            "sources/create",
            {"workspaceId": workspace_id, "sourceDefinitionId": PG, "name": "x",
             "connectionConfiguration": PG_CONFIG, **changes},
        )  # fmt: skip
        assert reply.status == 404, changes
    assert (await api.post("sources/get", {"sourceId": MISSING})).status == 404

    # Checks: a secret sent masked keeps the stored one; "wrong" fails as Postgres does.
    check = await api.ok("sources/check_connection", {"sourceId": source_id})
    assert check["status"] == "succeeded"
    assert check["jobInfo"]["configType"] == "check_connection_source"
    assert check["jobInfo"]["configId"] == f"Optional[{PG}]"
    assert check["jobInfo"]["succeeded"] is True
    update = {"sourceId": source_id, "name": "renamed", "connectionConfiguration": {}}
    update["connectionConfiguration"] = {**PG_CONFIG, "password": MASK, "port": 6432}
    updated = await api.ok("sources/update", update)
    assert updated["name"] == "renamed"
    assert updated["connectionConfiguration"]["port"] == 6432
    assert updated["connectionConfiguration"]["password"] == MASK
    kept = await api.ok("sources/check_connection", {"sourceId": source_id})
    assert kept["status"] == "succeeded"
    wrong = {**update, "connectionConfiguration": {**PG_CONFIG, "password": "wrong"}}
    failed = await api.ok("sources/check_connection_for_update", wrong)
    assert failed["status"] == "failed"
    assert failed["message"] == (
        'State code: 28P01; Message: FATAL: password authentication failed for user "airbyte"'
    )
    assert failed["jobInfo"]["logs"]["logLines"]
    # Nothing saved by a check for update; a 422 for an invalid configuration.
    assert (await api.ok("sources/check_connection", {"sourceId": source_id}))["status"] == (
        "succeeded"
    )
    invalid_update = {**update, "connectionConfiguration": {"host": "db.example.com"}}
    assert (await api.post("sources/check_connection_for_update", invalid_update)).status == 422
    assert (await api.post("sources/update", invalid_update)).status == 422
    await api.ok("sources/update", wrong)
    assert (await api.ok("sources/check_connection", {"sourceId": source_id}))["status"] == "failed"
    await api.ok("sources/update", {**update, "connectionConfiguration": PG_CONFIG})

    # Search: every field set must match; configurations match as read (masked).
    found = await api.ok("sources/search", {"name": "renamed", "connectionConfiguration": {
        "host": "db.example.com"}})  # fmt: skip
    assert [s["sourceId"] for s in found["sources"]] == [source_id]
    assert (await api.ok("sources/search", {"name": "nope"}))["sources"] == []

    # Clone: 0.40 only (a 2.x server answers the router's 404).
    reply = await api.post("sources/clone", {"sourceCloneId": source_id})
    if _modern(api):
        assert (reply.status, reply.body) == (404, "Object not found.")
    else:
        assert reply.status == 200
        assert reply.body["name"] == "renamed (Copy)"
        assert reply.body["sourceId"] != source_id
        named = await api.ok(
            "sources/clone", {"sourceCloneId": source_id, "sourceConfiguration": {"name": "two"}}
        )
        assert named["name"] == "two"
        clone_check = await api.ok("sources/check_connection", {"sourceId": named["sourceId"]})
        assert clone_check["status"] == "succeeded"  # the secret was cloned too

    # Delete: a tombstone; the source's connections are deleted; get still finds it.
    destinations = await api.ok("destinations/list", {"workspaceId": workspace_id})
    destination_id = destinations["destinations"][0]["destinationId"]
    connection = await _connect(api, source_id, destination_id)
    assert (await api.post("sources/delete", {"sourceId": source_id})).status == 204
    connection = await api.ok("connections/get", {"connectionId": connection["connectionId"]})
    assert connection["status"] == "deprecated"
    listed = await api.ok("sources/list", {"workspaceId": workspace_id})
    assert source_id not in [s["sourceId"] for s in listed["sources"]]
    assert (await api.ok("sources/search", {"sourceId": source_id}))["sources"] == []
    deleted = await api.ok("sources/get", {"sourceId": source_id})
    # 2.x voids the configuration of a tombstone; 0.40 kept it.
    expected = {} if _modern(api) else {**PG_CONFIG, "password": MASK}
    assert deleted["connectionConfiguration"] == expected
    assert (await api.post("sources/delete", {"sourceId": source_id})).status == 204
    assert (await api.post("sources/delete", {"sourceId": MISSING})).status == 404


async def _discover(sim: SimulatedAirbyte, api: Api) -> None:
    workspace_id = str(sim.workspace_id)
    modern = _modern(api)
    source = await _create_source(api, workspace_id)
    source_id = source["sourceId"]
    body = {"sourceId": source_id}
    assert await api.ok("sources/most_recent_source_actor_catalog", body) == {}
    assert await api.ok("sources/most_recent_source_actor_catalog", {"sourceId": MISSING}) == {}

    # A discover runs the connector: each schema's tables, with that namespace.
    first = await api.ok("sources/discover_schema", body)
    job = first["jobInfo"]
    assert (job["configType"], job["succeeded"], job["configId"]) == (
        "discover_schema",
        True,
        f"Optional[{PG}]",
    )
    assert job["createdAt"] > 0
    streams = [(i["stream"]["namespace"], i["stream"]["name"]) for i in first["catalog"]["streams"]]
    assert streams == [
        ("public", "users"),
        ("public", "orders"),
        ("sales", "users"),
        ("sales", "orders"),
    ]
    users = first["catalog"]["streams"][0]
    assert users["stream"]["sourceDefinedPrimaryKey"] == [["id"]]
    assert users["stream"]["supportedSyncModes"] == ["full_refresh", "incremental"]
    assert "updated_at" in users["stream"]["jsonSchema"]["properties"]
    # 0.40 selects every stream; 2.x none of several (no suggested streams).
    assert users["config"]["selected"] is not modern
    stored = await api.ok("sources/most_recent_source_actor_catalog", body)
    assert [s["name"] for s in stored["catalog"]["streams"]] == ["users", "orders"] * 2
    assert "json_schema" in stored["catalog"]["streams"][0]  # the protocol's shape
    assert stored["updatedAt"] > 1_600_000_000

    # The cache: same configuration and connector version, no run; disable_cache runs again.
    cached = await api.ok("sources/discover_schema", body)
    assert cached["catalogId"] == first["catalogId"]
    assert (cached["jobInfo"]["configId"], cached["jobInfo"]["createdAt"]) == ("NoConfiguration", 0)
    fresh = await api.ok("sources/discover_schema", {**body, "disable_cache": True})
    assert fresh["jobInfo"]["createdAt"] > 0
    assert fresh["catalogId"] == first["catalogId"]  # the same catalog is stored once

    # A connection on some discovered streams, then a discover diffed against it.
    catalog = copy.deepcopy(first["catalog"])
    for item in catalog["streams"]:
        item["config"].update(selected=item["stream"]["namespace"] == "sales")
        item["config"].update(syncMode="incremental", cursorField=["updated_at"])
        item["config"].update(destinationSyncMode="append_dedup")
    destinations = await api.ok("destinations/list", {"workspaceId": workspace_id})
    destination_id = destinations["destinations"][0]["destinationId"]
    connection = await _connect(api, source_id, destination_id, syncCatalog=catalog)
    update = {
        "sourceId": source_id,
        "name": source["name"],
        "connectionConfiguration": {**PG_CONFIG, "password": MASK, "schemas": ["public"]},
    }
    await api.ok("sources/update", update)
    request = {**body, "connectionId": connection["connectionId"]}
    reply = await api.session.post(f"{api.url}/v1/sources/discover_schema", json=request,
                                   headers=_auth(api))  # fmt: skip
    diffed = await reply.json()
    if modern:
        # ConnectionsHandler.diffCatalogAndConditionallyDisable answers no jobInfo.
        assert "jobInfo" not in diffed
        validate_modern(lambda d: "SourceDiscoverSchemaRead", {**diffed, "jobInfo": job})
    else:
        spec.validate("SourceDiscoverSchemaRead", diffed, strict=True)
    transforms = diffed["catalogDiff"]["transforms"]
    removed = [t for t in transforms if t["transformType"] == "remove_stream"]
    assert [t["streamDescriptor"] for t in removed] == [
        {"name": "orders", "namespace": "sales"},
        {"name": "users", "namespace": "sales"},
    ]
    assert diffed["breakingChange"] is False
    assert diffed["connectionStatus"] == "active"

    # The platform's write of a discovered catalog: stored and now the most recent one.
    written = await api.ok(
        "sources/write_discover_catalog_result",
        {"sourceId": source_id, "catalog": {"streams": [{"stream": users["stream"]}]},
         "connectorVersion": "3.2.21", "configurationHash": "abc"},
    )  # fmt: skip
    latest = await api.ok("sources/most_recent_source_actor_catalog", body)
    assert [s["name"] for s in latest["catalog"]["streams"]] == ["users"]
    assert written["catalogId"] != first["catalogId"]
    reply = await api.post(
        "sources/write_discover_catalog_result",
        {"sourceId": MISSING, "catalog": {"streams": []}},
    )
    assert reply.status == 409

    # A failing connector: no catalog, the job failed.
    unreachable = {**PG_CONFIG, "host": "db.invalid"}
    await api.ok("sources/update", {**update, "connectionConfiguration": unreachable})
    failed = await api.ok("sources/discover_schema", body)
    assert "catalog" not in failed
    assert failed["jobInfo"]["succeeded"] is False
    if modern:
        reason = failed["jobInfo"]["failureReason"]
        assert reason["externalMessage"] == (
            "State code: 08001; Message: The connection attempt failed."
        )
    assert (await api.post("sources/discover_schema", {"sourceId": MISSING})).status == 404


def _auth(api: Api) -> dict[str, str]:
    token = getattr(api, "token", None)
    return {} if token is None else {"Authorization": f"Bearer {token}"}


async def _destinations(sim: SimulatedAirbyte, api: Api) -> None:
    workspace_id = str(sim.workspace_id)
    modern = _modern(api)
    create = {
        "workspaceId": workspace_id,
        "destinationDefinitionId": SNOWFLAKE,
        "name": "warehouse",
        "connectionConfiguration": SNOWFLAKE_CONFIG,
    }
    destination = await api.ok("destinations/create", create)
    destination_id = destination["destinationId"]
    assert destination["destinationName"] == "Snowflake"
    assert destination["connectionConfiguration"]["credentials"]["password"] == MASK
    body = {"destinationId": destination_id}
    assert await api.ok("destinations/get", body) == destination
    listed = await api.ok("destinations/list", {"workspaceId": workspace_id})
    assert destination_id in [d["destinationId"] for d in listed["destinations"]]
    bad = {**create, "connectionConfiguration": {**SNOWFLAKE_CONFIG, "credentials": {}}}
    assert (await api.post("destinations/create", bad)).status == 422
    unknown = {**create, "destinationDefinitionId": PG}  # a source definition
    assert (await api.post("destinations/create", unknown)).status == 404

    assert (await api.ok("destinations/check_connection", body))["status"] == "succeeded"
    masked = {"auth_type": "Username and Password", "password": MASK}
    update = {
        "destinationId": destination_id,
        "name": "renamed",
        "connectionConfiguration": {**SNOWFLAKE_CONFIG, "credentials": masked},
    }
    assert (await api.ok("destinations/update", update))["name"] == "renamed"
    assert (await api.ok("destinations/check_connection", body))["status"] == "succeeded"
    wrong = copy.deepcopy(update)
    wrong["connectionConfiguration"]["credentials"]["password"] = "wrong"
    failed = await api.ok("destinations/check_connection_for_update", wrong)
    assert failed["status"] == "failed"
    assert failed["message"] == (
        "Could not connect with provided configuration. Incorrect username or password was "
        "specified."
    )
    assert failed["jobInfo"]["configType"] == "check_connection_destination"
    found = await api.ok("destinations/search", {"destinationName": "Snowflake", "name": "renamed"})
    assert [d["destinationId"] for d in found["destinations"]] == [destination_id]

    reply = await api.post("destinations/clone", {"destinationCloneId": destination_id})
    if modern:
        assert (reply.status, reply.body) == (404, "Object not found.")
    else:
        assert reply.body["name"] == "renamed (Copy)"

    sources = await api.ok("sources/list", {"workspaceId": workspace_id})
    connection = await _connect(api, sources["sources"][0]["sourceId"], destination_id)
    assert (await api.post("destinations/delete", body)).status == 204
    gone = await api.ok("connections/get", {"connectionId": connection["connectionId"]})
    assert gone["status"] == "deprecated"
    listed = await api.ok("destinations/list", {"workspaceId": workspace_id})
    assert destination_id not in [d["destinationId"] for d in listed["destinations"]]
    assert (await api.ok("destinations/get", body))["destinationId"] == destination_id
    reply = await api.post("destinations/check_connection", {"destinationId": MISSING})
    assert reply.status == 404


async def _scheduler(sim: SimulatedAirbyte, api: Api) -> None:
    workspace_id = str(sim.workspace_id)
    source = {"workspaceId": workspace_id, "sourceDefinitionId": PG}
    ok = await api.ok(
        "scheduler/sources/check_connection", {**source, "connectionConfiguration": PG_CONFIG}
    )
    assert ok["status"] == "succeeded"
    unreachable = {**PG_CONFIG, "host": "replica.invalid"}
    failed = await api.ok(
        "scheduler/sources/check_connection", {**source, "connectionConfiguration": unreachable}
    )
    assert (failed["status"], failed["message"]) == (
        "failed",
        "State code: 08001; Message: The connection attempt failed.",
    )
    # The server does not validate it: the connector reports what is missing.
    incomplete = await api.ok(
        "scheduler/sources/check_connection", {**source, "connectionConfiguration": {}}
    )
    assert incomplete["status"] == "failed"
    assert incomplete["message"].startswith("Verification error(s) occurred for CHECK.")
    stripe = {
        "workspaceId": workspace_id,
        "sourceDefinitionId": STRIPE,
        "connectionConfiguration": {"account_id": "acct_1", "client_secret": "sk_test_1"},
    }
    discovered = await api.ok("scheduler/sources/discover_schema", stripe)
    names = [item["stream"]["name"] for item in discovered["catalog"]["streams"]]
    assert {"charges", "customers", "invoices"} <= set(names)
    assert discovered["catalog"]["streams"][0]["stream"]["defaultCursorField"] == ["updated"]
    wrong = {**stripe, "connectionConfiguration": {"account_id": "a", "client_secret": "wrong"}}
    assert "catalog" not in await api.ok("scheduler/sources/discover_schema", wrong)
    missing = {**stripe, "sourceDefinitionId": MISSING}
    assert (await api.post("scheduler/sources/discover_schema", missing)).status == 404
    destination = {
        "workspaceId": workspace_id,
        "destinationDefinitionId": SNOWFLAKE,
        "connectionConfiguration": SNOWFLAKE_CONFIG,
    }
    checked = await api.ok("scheduler/destinations/check_connection", destination)
    assert checked["status"] == "succeeded"
    assert "failureReason" not in checked["jobInfo"]


@pytest.mark.parametrize("modern", [False, True], ids=PROFILES)
async def test_every_route_of_the_family(modern: bool) -> None:
    if modern:
        opener = open_modern(SimulatorConfig(profile="modern", application=APPLICATION))
    else:
        opener = open_api(SimulatorConfig())
    async with opener as (sim, api):
        assert _modern(api) is modern
        await _sources(sim, api)
        await _discover(sim, api)
        await _destinations(sim, api)
        await _scheduler(sim, api)
        if modern:  # SchedulerHandler.discover refuses a deleted workspace's sources
            workspace_id = str(sim.workspace_id)
            sources = await api.ok("sources/list", {"workspaceId": workspace_id})
            source_id = sources["sources"][0]["sourceId"]
            await api.post("workspaces/delete", {"workspaceId": workspace_id})
            reply = await api.post("sources/discover_schema", {"sourceId": source_id})
            assert (reply.status, reply.body["message"]) == (
                404,
                "Cannot run discover on tombstoned workspace",
            )
    served = {path for path in PATHS if path in (MODERN_ROUTES if modern else ROUTES)}
    assert served == (PATHS - REMOVED_PATHS if modern else PATHS)
    # The discover diffed against a connection is validated by hand above.
    assert served - {"/api/v1/sources/discover_schema"} <= api.checked, sorted(served - api.checked)
