"""Error answers as the real server gives them (behaviours 1-4, 12, 16, 17)."""

from __future__ import annotations

import base64
from typing import Any

import aiohttp
import pytest

from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from .conftest import Api, open_api

UNKNOWN = "5b0b4b1a-0000-4000-8000-000000000000"
NOT_FOUND_CLASS = "io.airbyte.commons.server.errors.IdNotFoundKnownException"


@pytest.mark.parametrize(
    ("operation", "body"),
    [
        ("connections/get", {"connectionId": UNKNOWN}),
        ("connections/update", {"connectionId": UNKNOWN, "name": "x"}),
        ("connections/delete", {"connectionId": UNKNOWN}),
        ("connections/sync", {"connectionId": UNKNOWN}),
        ("connections/reset", {"connectionId": UNKNOWN}),
        ("state/get", {"connectionId": UNKNOWN}),
        ("web_backend/state/get_type", {"connectionId": UNKNOWN}),
        ("web_backend/connections/get", {"connectionId": UNKNOWN}),
        ("web_backend/connections/update", {"connectionId": UNKNOWN}),
        ("jobs/get_last_replication_job", {"connectionId": UNKNOWN}),
    ],
)
async def test_unknown_connection_is_404(api: Api, operation: str, body: dict[str, Any]) -> None:
    reply = await api.post(operation, body)
    assert reply.status == 404
    assert reply.content_type == "application/json"
    # Exactly these keys: no "id" although NotFoundKnownExceptionInfo declares one.
    assert set(reply.body) == {"message", "exceptionClassName", "exceptionStack"}
    assert reply.body["message"] == (
        f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {UNKNOWN}."
    )
    assert reply.body["exceptionClassName"] == NOT_FOUND_CLASS
    assert all(isinstance(frame, str) for frame in reply.body["exceptionStack"])


@pytest.mark.parametrize(
    ("operation", "body", "config_type"),
    [
        ("workspaces/get", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("connections/list", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("connections/list_all", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("sources/list", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("destinations/list", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("web_backend/connections/list", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("web_backend/workspace/state", {"workspaceId": UNKNOWN}, "STANDARD_WORKSPACE"),
        ("sources/get", {"sourceId": UNKNOWN}, "SOURCE_CONNECTION"),
        ("destinations/get", {"destinationId": UNKNOWN}, "DESTINATION_CONNECTION"),
    ],
)
async def test_unknown_workspace_source_destination_is_404(
    api: Api, operation: str, body: dict[str, Any], config_type: str
) -> None:
    reply = await api.post(operation, body)
    assert reply.status == 404
    assert reply.body["message"] == (
        f"Internal Server Error: Could not find configuration for {config_type}: {UNKNOWN}."
    )
    assert reply.body["exceptionClassName"] == NOT_FOUND_CLASS


async def test_create_with_unknown_source_or_destination_is_404(
    sim: SimulatedAirbyte, api: Api
) -> None:
    sources = await api.ok("sources/list", {"workspaceId": str(sim.workspace_id)})
    source_id = sources["sources"][0]["sourceId"]
    body = {"sourceId": UNKNOWN, "destinationId": UNKNOWN, "status": "active"}
    reply = await api.post("connections/create", body)
    assert reply.status == 404
    assert "SOURCE_CONNECTION" in reply.body["message"]
    reply = await api.post("connections/create", {**body, "sourceId": source_id})
    assert reply.status == 404
    assert "DESTINATION_CONNECTION" in reply.body["message"]


@pytest.mark.parametrize(
    "path", ["api/v1/connections/nope", "api/v2/connections/get", "nothing", "api", ""]
)
async def test_unknown_route_is_plain_text_404(sim: SimulatedAirbyte, path: str) -> None:
    base = sim.url.removesuffix("/api")
    async with aiohttp.ClientSession() as session:
        for method in ("GET", "POST"):
            async with session.request(method, f"{base}/{path}", json={}) as response:
                assert response.status == 404
                assert response.content_type == "text/plain"
                assert await response.text() == "Object not found."


async def test_wrong_method_on_a_known_route_is_405(api: Api) -> None:
    assert (await api.request("GET", "connections/get")).status == 405
    assert (await api.post("health")).status == 405


@pytest.mark.parametrize(
    ("operation", "body", "path", "invalid", "message"),
    [
        ("connections/get", {}, "getConnection.connectionIdRequestBody.connectionId", None, "null"),
        (
            "connections/get",
            {"connectionId": None},
            "getConnection.connectionIdRequestBody.connectionId",
            None,
            "null",
        ),
        (
            "connections/get",
            {"connectionId": "not-a-uuid"},
            "getConnection.connectionIdRequestBody.connectionId",
            "not-a-uuid",
            "UUID",
        ),
        (
            "connections/sync",
            {"connectionId": 12},
            "syncConnection.connectionIdRequestBody.connectionId",
            "12",
            "UUID",
        ),
        ("jobs/get", {"id": "7"}, "getJobInfo.jobIdRequestBody.id", "7", "integer"),
        ("jobs/get", {"id": True}, "getJobInfo.jobIdRequestBody.id", "true", "integer"),
        ("jobs/get", {"id": 1.5}, "getJobInfo.jobIdRequestBody.id", "1.5", "integer"),
        (
            "jobs/list",
            {"configTypes": ["sync", "bogus"], "configId": "x"},
            "listJobsFor.jobListRequestBody.configTypes[1]",
            "bogus",
            "one of",
        ),
        (
            "jobs/list",
            {"configTypes": "sync", "configId": "x"},
            "listJobsFor.jobListRequestBody.configTypes",
            "sync",
            "array",
        ),
        (
            "connections/update",
            {"connectionId": UNKNOWN, "schedule": {"units": 1}},
            "updateConnection.connectionUpdate.schedule.timeUnit",
            None,
            "null",
        ),
        (
            "connections/update",
            {"connectionId": UNKNOWN, "syncCatalog": {"streams": [{"stream": {"name": "x"}}]}},
            "updateConnection.connectionUpdate.syncCatalog.streams[0].stream.jsonSchema",
            None,
            "null",
        ),
    ],
)
async def test_schema_violations_are_400(
    api: Api, operation: str, body: dict[str, Any], path: str, invalid: str | None, message: str
) -> None:
    reply = await api.post(operation, body)
    assert reply.status == 400
    assert reply.body["message"] == "Bad Request"
    assert reply.body["exceptionClassName"] == "javax.validation.ConstraintViolationException"
    [error] = reply.body["validationErrors"]
    assert error["propertyPath"] == path
    assert error.get("invalidValue") == invalid
    assert message in error["message"]


async def test_all_violations_are_reported(api: Api) -> None:
    reply = await api.post("connections/create", {"status": "paused", "sourceId": "x"})
    assert reply.status == 400
    assert sorted(e["propertyPath"] for e in reply.body["validationErrors"]) == [
        "createConnection.connectionCreate.destinationId",
        "createConnection.connectionCreate.sourceId",
        "createConnection.connectionCreate.status",
    ]


async def test_missing_body_is_400(api: Api) -> None:
    reply = await api.post("connections/get")
    assert reply.status == 400
    assert reply.body["validationErrors"] == [
        {"propertyPath": "getConnection.connectionIdRequestBody", "message": "must not be null"}
    ]


@pytest.mark.parametrize("raw", [b"{", b"{'a': 1}", b"[]", b'"text"', b"null", b"42", b"\xff"])
async def test_malformed_json_is_422(api: Api, raw: bytes) -> None:
    reply = await api.request(
        "POST", "connections/get", data=raw, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 422
    assert reply.body["message"].startswith("Malformed JSON")
    assert reply.body["exceptionClassName"]
    assert reply.body["validationErrors"] == []


async def test_unknown_fields_are_ignored(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    body = await api.ok("connections/get", {"connectionId": str(cid), "extra": {"x": 1}})
    assert body["connectionId"] == str(cid)
    updated = await api.ok(
        "connections/update", {"connectionId": str(cid), "name": "renamed", "surprise": True}
    )
    assert "surprise" not in updated
    assert updated["name"] == "renamed"


async def test_uuids_are_case_insensitive(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    body = await api.ok("connections/get", {"connectionId": str(cid).upper()})
    assert body["connectionId"] == str(cid)


async def test_health() -> None:
    async with (
        SimulatedAirbyte() as sim,
        aiohttp.ClientSession() as session,
        session.get(f"{sim.url}/v1/health") as response,
    ):
        assert response.status == 200
        assert response.content_type == "application/json"
        assert await response.json() == {"available": True}


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def test_auth_guards_every_path() -> None:
    config = SimulatorConfig(auth=("airbyte", "password"))
    async with open_api(config) as (sim, api):
        workspace = {"workspaceId": str(sim.workspace_id)}
        wrong = [
            {},
            basic("airbyte", "nope"),
            basic("someone", "password"),
            {"Authorization": "Bearer abc"},
            {"Authorization": "Basic !!!"},
        ]
        for headers in wrong:
            for method, path, body in [
                ("GET", "health", None),
                ("POST", "connections/list", workspace),
                ("POST", "nowhere", {}),
            ]:
                reply = await api.request(method, path, json=body, headers=headers)
                assert reply.status == 401, (headers, path)
                assert reply.content_type == "text/html"
                assert "<html>" in reply.body
                assert reply.headers["WWW-Authenticate"].startswith("Basic")
        good = basic("airbyte", "password")
        assert (await api.request("GET", "health", headers=good)).body == {"available": True}
        reply = await api.request("POST", "connections/list", json=workspace, headers=good)
        assert reply.status == 200
        assert (await api.request("POST", "nowhere", headers=good)).status == 404
        async with (
            # aiohttp 3.14 deprecates ClientSession(auth=...): the header, built as a client would.
            aiohttp.ClientSession(headers=good) as s,
            s.get(f"{sim.url}/v1/health") as response,
        ):
            assert response.status == 200


async def test_nulls_are_omitted_and_empty_arrays_kept(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    connection = await api.ok("connections/get", {"connectionId": str(cid)})
    assert connection["operationIds"] == []  # empty arrays are kept
    assert "schedule" not in connection  # manual: no schedule, rather than a null
    assert "resourceRequirements" not in connection
    reset = await api.reset(cid)
    assert reset["attempts"] == []
    assert "startedAt" not in reset["job"]  # a pending job has not started
    # (Api also checks every answer of every test for nulls.)
