"""The modern profile (Airbyte 1.x/2.x): config, tokens, removed endpoints, shapes, errors."""

from __future__ import annotations

import base64
import time
from typing import Any

import orjson
import pytest

from aioairbyte.simulator import (
    Faults,
    ManualClock,
    Outcome,
    Profile,
    SimulatorConfig,
    routes,
    tokens,
)
from aioairbyte.simulator.modern_routes import REMOVED_PATHS
from aioairbyte.simulator.validation import Arr, Enum, Obj, Spec
from tests import spec

from .conftest import ATTEMPT, open_api
from .modern_api import APPLICATION, PUBLIC_TOKEN, TOKEN, assert_error_body, open_modern

JSON = {"Content-Type": "application/json"}
MODERN = SimulatorConfig(profile="modern", application=APPLICATION, attempt_duration=ATTEMPT)


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = orjson.loads(base64.urlsafe_b64decode(payload + "=" * 3))
    return decoded


# -- configuration ------------------------------------------------------------------------------


def test_profile_defaults_to_0_40() -> None:
    assert SimulatorConfig().profile is Profile.V0_40
    assert SimulatorConfig(profile="modern").profile is Profile.MODERN


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"profile": "modern", "auth": ("u", "p")}, "auth"),
        ({"application": ("id", "secret")}, "application"),
        ({"max_running_jobs": 2}, "max_running_jobs"),
        ({"sync_start_delay": 1.0}, "sync_start_delay"),
        ({"profile": "modern", "token_lifetime": 0.0}, "token_lifetime"),
        ({"profile": "modern", "max_running_jobs": 0}, "max_running_jobs"),
        ({"profile": "modern", "sync_start_delay": -1.0}, "sync_start_delay"),
        ({"profile": "modern", "application": ("id", "")}, "application"),
        ({"profile": "2.0"}, "2.0"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        SimulatorConfig(**options)


# -- tokens ----------------------------------------------------------------------------------


async def test_token_grant_and_use() -> None:
    async with open_modern(MODERN, login=False) as (sim, api):
        before = time.time()
        token = await api.login()
        header = orjson.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        assert header == {"alg": "HS256", "typ": "JWT"}
        payload = claims(token)
        assert payload["iss"] == "airbyte"
        assert payload["aud"] == "airbyte-server"
        assert payload["sub"] == "00000000-0000-0000-0000-000000000000"
        assert "WORKSPACE_ADMIN" in payload["roles"]
        assert int(before + 900) <= payload["exp"] <= int(time.time() + 900)
        assert payload["iat"] <= payload["exp"] - 899
        await api.ok("workspaces/get", {"workspaceId": str(sim.workspace_id)})
        assert (sim.stats.token_requests, sim.stats.tokens_issued, sim.stats.unauthorized) == (
            1,
            1,
            0,
        )
        sim.stats.reset()
        assert (sim.stats.token_requests, sim.stats.tokens_issued) == (0, 0)


async def test_wrong_credentials_are_a_400_with_the_server_message() -> None:
    async with open_modern(MODERN, login=False) as (sim, api):
        for body in (
            {"client_id": APPLICATION[0], "client_secret": "wrong"},
            {"client_id": "other", "client_secret": APPLICATION[1]},
        ):
            reply = await api.post(TOKEN, body)
            assert reply.status == 400
            assert_error_body(reply, message="Invalid client id or token")
        reply = await api.post(TOKEN, {"client_id": "x"})
        assert reply.status == 400
        assert_error_body(reply)
        reply = await api.request("POST", TOKEN, data=b"{", headers=JSON)
        assert reply.status == 422
        assert (sim.stats.token_requests, sim.stats.tokens_issued) == (4, 0)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-jwt", "Bearer a.b.c", "Basic c2ltLWNsaWVudDpzaW0tc2VjcmV0"],
)
async def test_missing_or_malformed_token_is_a_401_with_an_empty_body(
    authorization: str | None,
) -> None:
    async with open_modern(MODERN, login=False) as (sim, api):
        headers = {} if authorization is None else {"Authorization": authorization}
        reply = await api.post(
            "workspaces/get", {"workspaceId": str(sim.workspace_id)}, headers=headers
        )
        assert (reply.status, reply.body) == (401, "")
        assert sim.stats.unauthorized == 1


async def test_badly_signed_token_is_refused() -> None:
    async with open_modern(MODERN) as (sim, api):
        assert api.token is not None
        head, payload, _ = api.token.split(".")
        forged = dict(claims(api.token), exp=int(time.time()) + 10_000)
        forged_payload = base64.urlsafe_b64encode(orjson.dumps(forged)).rstrip(b"=").decode()
        for token in (f"{head}.{forged_payload}.{api.token.split('.')[2]}", f"{head}.{payload}.x"):
            api.token = token
            assert (
                await api.post("workspaces/get", {"workspaceId": str(sim.workspace_id)})
            ).status == 401


async def test_tokens_expire_on_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock()
    config = SimulatorConfig(
        profile="modern", application=APPLICATION, clock=clock, token_lifetime=60
    )
    async with open_modern(config) as (sim, api):
        workspace = {"workspaceId": str(sim.workspace_id)}
        assert api.token is not None
        exp = claims(api.token)["exp"]
        clock.advance(3600)  # the job clock does not expire tokens
        await api.ok("workspaces/get", workspace)
        monkeypatch.setattr(tokens, "_now", lambda: float(exp))
        assert (await api.post("workspaces/get", workspace)).status == 401
        monkeypatch.setattr(tokens, "_now", lambda: exp - 0.5)
        await api.ok("workspaces/get", workspace)


async def test_expire_tokens_makes_issued_tokens_invalid() -> None:
    async with open_modern(MODERN) as (sim, api):
        workspace = {"workspaceId": str(sim.workspace_id)}
        sim.expire_tokens()
        assert (await api.post("workspaces/get", workspace)).status == 401
        await api.login()
        await api.ok("workspaces/get", workspace)
        assert sim.stats.tokens_issued == 2
        assert sim.stats.unauthorized == 1


@pytest.mark.parametrize("grant_field", ["grant-type", "grant_type", None])
@pytest.mark.parametrize("form", [False, True])
async def test_public_token_endpoint(grant_field: str | None, form: bool) -> None:
    config = SimulatorConfig(profile="modern", application=APPLICATION, token_lifetime=180)
    async with open_modern(config, login=False) as (sim, api):
        fields = {"client_id": APPLICATION[0], "client_secret": APPLICATION[1]}
        if grant_field is not None:
            fields[grant_field] = "client_credentials"
        if form:
            reply = await api.request("POST", PUBLIC_TOKEN, data=fields)
        else:
            reply = await api.post(PUBLIC_TOKEN, fields)
        assert reply.status == 200, reply
        assert reply.body["token_type"] == "Bearer"
        assert reply.body["expires_in"] == 180
        api.token = reply.body["access_token"]
        await api.ok("workspaces/get", {"workspaceId": str(sim.workspace_id)})


async def test_public_token_endpoint_refusals() -> None:
    async with open_modern(MODERN, login=False) as (sim, api):
        reply = await api.post(
            PUBLIC_TOKEN,
            {
                "client_id": APPLICATION[0],
                "client_secret": "no",
                "grant-type": "client_credentials",
            },
        )
        assert reply.status == 400
        assert_error_body(reply, message="Invalid client id or token")
        reply = await api.post(
            PUBLIC_TOKEN,
            {
                "client_id": APPLICATION[0],
                "client_secret": APPLICATION[1],
                "grant-type": "password",
            },
        )
        assert reply.status == 400
        assert_error_body(reply)
        assert sim.stats.tokens_issued == 0


async def test_faults_apply_to_token_requests() -> None:
    faults = Faults(rate_503=1.0, paths={f"/api/v1/{TOKEN}"})
    config = SimulatorConfig(profile="modern", application=APPLICATION, faults=faults)
    async with open_modern(config, login=False) as (sim, api):
        reply = await api.post(
            TOKEN, {"client_id": APPLICATION[0], "client_secret": APPLICATION[1]}
        )
        assert reply.status == 503
        assert sim.stats.faults_injected["503"] == 1
        assert sim.stats.token_requests == 0  # never reached the token endpoint


async def test_security_none_needs_no_credentials() -> None:
    async with open_modern(SimulatorConfig(profile="modern")) as (sim, api):
        await api.ok("workspaces/get", {"workspaceId": str(sim.workspace_id)})
        # No application service without SIMPLE auth: the token endpoints are unknown routes.
        reply = await api.post(TOKEN, {"client_id": "a", "client_secret": "b"})
        assert (reply.status, reply.body) == (404, "Object not found.")


async def test_health_is_anonymous() -> None:
    async with open_modern(MODERN, login=False) as (_, api):
        assert (await api.request("GET", "health")).body == {"available": True}


async def test_old_profile_has_no_token_endpoint() -> None:
    async with open_api(SimulatorConfig()) as (_, api):
        reply = await api.post(TOKEN, {"client_id": "a", "client_secret": "b"})
        assert (reply.status, reply.body) == (404, "Object not found.")
        await api.ok("workspaces/list")


# -- routes, shapes and errors ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REMOVED_PATHS))
async def test_removed_endpoints_are_unknown_routes(path: str) -> None:
    async with open_modern(MODERN) as (_, api):
        reply = await api.post(path.removeprefix("/api/v1/"), {})
        assert (reply.status, reply.body, reply.content_type) == (
            404,
            "Object not found.",
            "text/plain",
        )


@pytest.mark.parametrize("path", sorted(routes.MODERN_ROUTES))
def test_modern_routes_match_both_documents(path: str) -> None:
    route = routes.MODERN_ROUTES[path]
    for document in ("2.0", "2026-08"):
        operation = spec.operation(path, route.method, document)
        assert operation["operationId"] == route.operation_id
        expected = None if route.request_schema is None else route.request_schema
        declared = spec.request_schema_name(path, document) if route.method == "POST" else None
        assert declared == expected


def _compare_lenient(table: Spec, node: dict[str, Any], where: str) -> None:
    """Every declared field, required set and enum as in 2.0.0 (undeclared ones are ignored)."""
    while "$ref" in node:
        node = spec.schema(node["$ref"].rsplit("/", 1)[-1], "2.0")
    if isinstance(table, Obj):
        assert set(table.props) <= set(node["properties"]), where
        assert table.required == set(node.get("required", [])), where
        for name, prop in table.props.items():
            _compare_lenient(prop, node["properties"][name], f"{where}.{name}")
    elif isinstance(table, Arr):
        _compare_lenient(table.items, node["items"], f"{where}[]")
    elif isinstance(table, Enum):
        assert list(table.values) == node["enum"], where
    elif table in ("uuid", "date-time"):
        assert (node.get("type"), node.get("format")) == ("string", table), where
    elif table in ("string", "integer", "boolean"):
        assert node.get("type") == table, where
    elif table == "object":
        assert node.get("type") == "object", where
        assert "properties" not in node, where
    else:
        assert table == "any", where


@pytest.mark.parametrize("name", sorted(routes.MODERN_REQUEST_SCHEMAS))
def test_modern_request_table_matches_the_2_0_document(name: str) -> None:
    _compare_lenient(routes.MODERN_REQUEST_SCHEMAS[name], spec.schema(name, "2.0"), name)


async def test_list_paginated() -> None:
    async with open_modern(MODERN) as (sim, api):
        workspace_id = str(sim.workspace_id)
        # Only the workspaces asked for: an empty list finds nothing, as on the real server.
        nothing = await api.ok(
            "workspaces/list_paginated", {"workspaceIds": [], "pagination": {"pageSize": 10}}
        )
        assert nothing["workspaces"] == []
        page = await api.ok(
            "workspaces/list_paginated",
            {"workspaceIds": [workspace_id], "pagination": {"pageSize": 10}},
        )
        [workspace] = page["workspaces"]
        assert workspace["workspaceId"] == workspace_id
        assert workspace["organizationId"] == "00000000-0000-0000-0000-000000000000"
        assert "defaultGeography" not in workspace
        body = {"workspaceIds": [workspace_id], "pagination": {"pageSize": 1, "rowOffset": 0}}
        assert len((await api.ok("workspaces/list_paginated", body))["workspaces"]) == 1
        body["nameContains"] = "default"
        assert len((await api.ok("workspaces/list_paginated", body))["workspaces"]) == 1
        body["nameContains"] = "nope"
        assert (await api.ok("workspaces/list_paginated", body))["workspaces"] == []
        body = {"workspaceIds": [workspace_id], "pagination": {"rowOffset": 1}}
        assert (await api.ok("workspaces/list_paginated", body))["workspaces"] == []
        reply = await api.post("workspaces/list_paginated", {"workspaceIds": []})
        assert reply.status == 400  # pagination is required
        assert_error_body(reply)


async def test_error_bodies_are_error_ids() -> None:
    unknown = "00000000-0000-0000-0000-00000000abcd"
    async with open_modern(MODERN) as (sim, api):
        for path, body, status in [
            ("connections/get", {"connectionId": unknown}, 404),
            ("connections/get", {"connectionId": "not-a-uuid"}, 400),
            ("connections/get", {}, 400),
            ("jobs/get", {"id": 999}, 500),
            ("jobs/get_light", {"id": 999}, 500),
            ("jobs/cancel", {"id": 999}, 500),
        ]:
            reply = await api.post(path, body)
            assert reply.status == status, (path, reply)
            assert_error_body(reply)
        reply = await api.request("POST", "connections/get", data=b"{nope", headers=JSON)
        assert reply.status == 422
        assert_error_body(reply)
        cid = sim.add_connection(outcome=Outcome.HANG)
        await api.sync(cid)
        reply = await api.post("connections/sync", {"connectionId": str(cid)})
        assert reply.status == 409
        assert_error_body(reply, message=f"A sync is already running for: {cid}")


async def test_shapes_of_2_x() -> None:
    clock = ManualClock()
    config = SimulatorConfig(
        profile="modern",
        application=APPLICATION,
        clock=clock,
        attempt_duration=ATTEMPT,
        log_lines=5,
    )
    async with open_modern(config) as (sim, api):
        cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        connection = await api.ok("connections/get", {"connectionId": str(cid)})
        assert "geography" not in connection
        assert "dataplaneGroupId" in connection
        info = await api.sync(cid)
        clock.advance(2 * ATTEMPT)
        info = await api.job(info["job"]["id"])
        assert info["job"]["status"] == "succeeded"
        first = info["attempts"][0]
        assert first["logType"] == "structured"
        events = first["logs"]["events"]
        assert len(events) == 5
        assert {e["level"] for e in events} <= {"info", "error"}
        assert events[-1]["level"] == "error"
        assert first["attempt"]["failureSummary"]["failures"][0]["failureType"] == "system_error"
        read = await api.ok("web_backend/connections/get", {"connectionId": str(cid)})
        assert read["tags"] == []
        assert read["sourceActorDefinitionVersion"]["dockerRepository"] == "airbyte/source-postgres"
        assert "createdAt" in read["source"]
        source = (await api.ok("sources/list", {"workspaceId": str(sim.workspace_id)}))["sources"]
        assert all("createdAt" in s for s in source)


async def test_list_by_user_id_and_instance_configuration() -> None:
    """What a client uses where ``/v1/workspaces/list`` is gone: the default user (an instance
    admin) from the instance configuration, anonymous, then that user's workspaces."""
    async with open_modern(MODERN) as (sim, api):
        token, api.token = api.token, None
        configuration = (await api.request("GET", "instance_configuration")).body
        api.token = token
        assert configuration["auth"] == {"mode": "simple"}
        assert "defaultWorkspaceId" not in configuration
        user = configuration["defaultUserId"]
        [workspace] = (await api.ok("workspaces/list_by_user_id", {"userId": user}))["workspaces"]
        assert workspace["workspaceId"] == str(sim.workspace_id)
        body = {"userId": user, "nameContains": "nope"}
        assert (await api.ok("workspaces/list_by_user_id", body))["workspaces"] == []
        body = {"userId": user, "pagination": {"pageSize": 5, "rowOffset": 1}}
        assert (await api.ok("workspaces/list_by_user_id", body))["workspaces"] == []
        stranger = {"userId": "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"}
        assert (await api.ok("workspaces/list_by_user_id", stranger))["workspaces"] == []
        reply = await api.post("workspaces/list_by_user_id", {})
        assert reply.status == 400
