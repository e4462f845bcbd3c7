"""The simulator's operations, attempts, OAuth and normalization-status routes, over raw HTTP in
both profiles: every answer checked strictly against the documents (0.40 by ``Api``; 2.0.0 and
2026-08 by ``ModernApi``), the servers' behaviour asserted, and every route exercised."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest

from aioairbyte.simulator import ManualClock, SimulatorConfig, platform_routes
from aioairbyte.simulator.routes import MODERN_ROUTES, ROUTES
from tests import spec

from .conftest import Api, open_api
from .modern_api import APPLICATION, ModernApi, open_modern
from .test_contract import _compare
from .test_modern import _compare_lenient

SHEETS = "71607ba1-c0ac-4799-8049-7f4b90dd50f7"
POSTGRES = "decd338e-5647-4c0b-adf4-da0e75f5a750"
SNOWFLAKE = "424892c4-daac-4491-b35d-c6688ba547ba"
APP = {"client_id": "app-id", "client_secret": "app-CANARY-secret"}
DBT = {
    "operatorType": "webhook",
    "webhook": {"webhookType": "dbtCloud", "dbtCloud": {"accountId": 1, "jobId": 2}},
}
NORMALIZATION = {"operatorType": "normalization", "normalization": {"option": "basic"}}
FAMILY_PATHS = {
    *platform_routes.ROUTES,
    *platform_routes.MODERN_ROUTES,
}


async def set_params(api: Api, path: str, body: dict[str, Any]) -> int:
    """POST to an ``oauth_params/create`` path, unchecked by ``Api`` (which expects a JSON body
    with a 200): the server answers 200 with an empty body, as its void controller method does."""
    headers = {"Content-Type": "application/json"}
    if isinstance(api, ModernApi) and api.token is not None:
        headers["Authorization"] = f"Bearer {api.token}"
    url = f"{api.url}/v1/{path}"
    async with api.session.post(url, data=orjson.dumps(body), headers=headers) as response:
        assert await response.read() == b""
        if response.status == 200:
            api.checked.add(f"/api/v1/{path}")
        return response.status


def config(modern: bool) -> SimulatorConfig:
    clock = ManualClock()
    if modern:
        return SimulatorConfig(
            profile="modern", application=APPLICATION, clock=clock, attempt_duration=10
        )
    return SimulatorConfig(clock=clock, attempt_duration=10, log_lines=3)


def served(modern: bool) -> set[str]:
    table = MODERN_ROUTES if modern else ROUTES
    return {path for path in FAMILY_PATHS if path in table}


@pytest.mark.parametrize("name", sorted(platform_routes.REQUEST_SCHEMAS))
def test_request_table_matches_the_0_40_document(name: str) -> None:
    _compare(platform_routes.REQUEST_SCHEMAS[name], spec.schema(name), name)


@pytest.mark.parametrize("name", sorted(platform_routes.MODERN_REQUEST_SCHEMAS))
def test_modern_request_table_matches_the_2_0_document(name: str) -> None:
    _compare_lenient(platform_routes.MODERN_REQUEST_SCHEMAS[name], spec.schema(name, "2.0"), name)


async def _operations(api: Api, workspace_id: str, connection_id: str, modern: bool) -> None:
    ok = await api.ok("operations/check", DBT)
    assert ok == {"status": "succeeded"}
    failed = await api.ok("operations/check", {"operatorType": "webhook"})
    assert failed == (
        {"status": "failed", "message": "Failed requirement."} if modern else {"status": "failed"}
    )
    bad = await api.post("operations/create", {"name": "x", "operatorConfiguration": DBT})
    assert bad.status == 400  # workspaceId is required
    unknown_ws = await api.post(
        "operations/create",
        {"workspaceId": str(uuid.uuid4()), "name": "x", "operatorConfiguration": DBT},
    )
    assert unknown_ws.status == (404 if modern else 500)  # 2.x looks it up; 0.40's foreign key

    dbt = await api.ok(
        "operations/create",
        {"workspaceId": workspace_id, "name": "dbt", "operatorConfiguration": DBT},
    )
    webhook = dbt["operatorConfiguration"]["webhook"]
    assert webhook["dbtCloud"] == {"accountId": 1, "jobId": 2}
    assert webhook["executionUrl"] == "https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"
    assert webhook["executionBody"] == '{"cause": "airbyte"}'
    norm = await api.ok(
        "operations/create",
        {"workspaceId": workspace_id, "name": "norm", "operatorConfiguration": NORMALIZATION},
    )
    # 2.x stores a normalization operator as its type alone.
    expected = {"operatorType": "normalization"} if modern else NORMALIZATION
    assert norm["operatorConfiguration"] == expected
    no_config = await api.post(
        "operations/create",
        {
            "workspaceId": workspace_id,
            "name": "x",
            "operatorConfiguration": {"operatorType": "dbt"},
        },
    )
    assert no_config.status == (200 if modern else 500)  # 0.40: checkArgument(dbt != null)

    ids = [dbt["operationId"], norm["operationId"]]
    await api.ok("connections/update", {"connectionId": connection_id, "operationIds": ids})
    listed = await api.ok("operations/list", {"connectionId": connection_id})
    assert [o["operationId"] for o in listed["operations"]] == ids
    assert (await api.post("operations/list", {"connectionId": str(uuid.uuid4())})).status == 404

    updated = await api.ok(
        "operations/update",
        {"operationId": ids[1], "name": "renamed", "operatorConfiguration": DBT},
    )
    assert updated["name"] == "renamed"
    assert updated["operatorConfiguration"]["operatorType"] == "webhook"
    missing = await api.post(
        "operations/update",
        {"operationId": str(uuid.uuid4()), "name": "x", "operatorConfiguration": DBT},
    )
    assert missing.status == 404

    # A legacy webhook whose URL is not dbt Cloud's is stored, then cannot be read back.
    legacy = {"operatorType": "webhook", "webhook": {"executionUrl": "https://hooks.example/x"}}
    broken = await api.post(
        "operations/create",
        {"workspaceId": workspace_id, "name": "legacy", "operatorConfiguration": legacy},
    )
    assert broken.status == 500
    if not modern:
        assert broken.body["message"] == "Internal Server Error: Unexpected webhook operator config"

    reply = await api.post("operations/delete", {"operationId": ids[0]})
    assert reply.status == 204
    assert (await api.post("operations/delete", {"operationId": str(uuid.uuid4())})).status == 204
    listed = await api.ok("operations/list", {"connectionId": connection_id})
    assert [o["operationId"] for o in listed["operations"]] == ids[1:]
    connection = await api.ok("connections/get", {"connectionId": connection_id})
    assert connection["operationIds"] == ids[1:]
    assert (await api.ok("operations/get", {"operationId": ids[0]}))["name"] == "dbt"  # soft
    assert (await api.post("operations/get", {"operationId": str(uuid.uuid4())})).status == 404


async def _attempts(api: Api, sim: Any, connection_id: str, modern: bool) -> None:
    job = (await api.sync(connection_id))["job"]["id"]
    stats = {"recordsEmitted": 5, "bytesEmitted": 50, "recordsCommitted": 4}
    stream = {"streamName": "users", "streamNamespace": "public", "stats": stats}
    body: dict[str, Any] = {
        "jobId": job,
        "attemptNumber": 0,
        "stats": stats,
        "streamStats": [stream],
    }
    if modern:
        body["connectionId"] = connection_id
    assert await api.ok("attempt/save_stats", body) == {"succeeded": True}
    attempt = (await api.job(job))["attempts"][0]["attempt"]
    assert attempt["totalStats"] == stats
    assert attempt["streamStats"] == [stream]
    assert attempt["recordsSynced"] == 5
    unknown = await api.post("attempt/save_stats", {**body, "attemptNumber": 7})
    assert unknown.status == 500  # the stats row names no attempt

    sync_config = {
        "jobId": job,
        "attemptNumber": 0,
        "syncConfig": {"sourceConfiguration": {"password": "p"}, "destinationConfiguration": {}},
    }
    assert await api.ok("attempt/save_sync_config", sync_config) == {"succeeded": True}
    assert await api.ok("attempt/save_sync_config", {**sync_config, "jobId": job + 50}) == {
        "succeeded": True  # an update of no row
    }
    workflow = {"jobId": job, "attemptNumber": 0, "workflowId": "sync_1"}
    reply = await api.post("attempt/set_workflow_in_attempt", workflow)
    if modern:
        assert reply.status == 404  # removed: an unknown route
        info = await api.ok("attempt/get_for_job", {"jobId": job, "attemptNumber": 0})
        assert info["logType"] == "structured"
        assert info["attempt"]["totalStats"] == stats
        missing = await api.post("attempt/get_for_job", {"jobId": job, "attemptNumber": 3})
        assert missing.status == 404
        assert (await api.post("jobs/get_normalization_status", {"id": job})).status == 404
    else:
        assert reply.status == 200
        assert reply.body == {"succeeded": True}
        assert (
            await api.post("attempt/get_for_job", {"jobId": job, "attemptNumber": 0})
        ).status == 404
        statuses = await api.ok("jobs/get_normalization_status", {"id": job})
        assert statuses["attemptNormalizationStatuses"] == [
            {
                "attemptNumber": 0,
                "hasRecordsCommitted": True,
                "recordsCommitted": 4,
                "hasNormalizationFailed": False,
            }
        ]
        assert await api.ok("jobs/get_normalization_status", {"id": 999}) == {
            "attemptNormalizationStatuses": []
        }


async def _oauth(api: Api, workspace_id: str, modern: bool) -> None:
    consent = {
        "sourceDefinitionId": SHEETS,
        "workspaceId": workspace_id,
        "redirectUrl": "https://r.example/cb",
    }
    unset = await api.post("source_oauths/get_consent_url", consent)
    assert unset.status == 500  # no client_id yet
    assert "CANARY" not in str(unset.body)
    status = await set_params(
        api, "source_oauths/oauth_params/create", {"sourceDefinitionId": SHEETS, "params": APP}
    )
    assert status == 200
    url = (await api.ok("source_oauths/get_consent_url", consent))["consentUrl"]
    assert url.startswith("https://accounts.google.com/o/oauth2/v2/auth?client_id=app-id")
    no_flow = await api.post(
        "source_oauths/get_consent_url", {**consent, "sourceDefinitionId": POSTGRES}
    )
    assert no_flow.status == 500
    if not modern:
        assert "not included in the oauth mapping" in no_flow.body["message"]
    unknown = await api.post(
        "source_oauths/get_consent_url", {**consent, "sourceDefinitionId": str(uuid.uuid4())}
    )
    assert unknown.status == 404

    complete = {
        "sourceDefinitionId": SHEETS,
        "workspaceId": workspace_id,
        "queryParams": {"code": "c0de"},
    }
    done = await api.ok("source_oauths/complete_oauth", complete)
    payload = done["auth_payload"] if modern else done
    assert set(payload) == {"refresh_token", "client_id", "client_secret"}
    assert payload["client_id"] == payload["client_secret"] == "**********"
    if modern:
        assert done["request_succeeded"] is True
    denied = await api.ok(
        "source_oauths/complete_oauth", {**complete, "queryParams": {"error": "access_denied"}}
    )
    assert denied["request_succeeded"] is False
    assert (
        await api.post("source_oauths/complete_oauth", {**complete, "queryParams": {}})
    ).status == 500

    host = {"host": "acme.snowflakecomputing.com"}
    destination = {"destinationDefinitionId": SNOWFLAKE, "workspaceId": workspace_id}
    path = "destination_oauths/oauth_params/create"
    assert await set_params(api, path, {**destination, "params": APP}) == 200
    bad = await api.post(
        "destination_oauths/oauth_params/create",
        {"destinationDefinitionId": str(uuid.uuid4()), "params": APP},
    )
    assert bad.status == 500  # the parameters' foreign key
    url = (
        await api.ok(
            "destination_oauths/get_consent_url",
            {**destination, "redirectUrl": "https://r.example/cb", "oAuthInputConfiguration": host},
        )
    )["consentUrl"]
    assert url.startswith("https://acme.snowflakecomputing.com/oauth/authorize?client_id=app-id")
    tokens = await api.ok(
        "destination_oauths/complete_oauth", {**destination, "queryParams": {"code": "z"}}
    )
    payload = tokens["auth_payload"] if modern else tokens
    assert {"access_token", "refresh_token"} <= set(payload)


@pytest.mark.parametrize("modern", [False, True], ids=["0.40", "modern"])
async def test_every_route_of_the_family(modern: bool) -> None:
    opener = open_modern if modern else open_api
    async with opener(config(modern)) as (sim, api):
        workspace_id = str(sim.workspace_id)
        connection_id = str(sim.add_connection())
        await _operations(api, workspace_id, connection_id, modern)
        await _attempts(api, sim, connection_id, modern)
        await _oauth(api, workspace_id, modern)
        assert isinstance(api, ModernApi) is modern
        assert served(modern) <= api.checked, sorted(served(modern) - api.checked)
