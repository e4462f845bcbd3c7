"""The simulator against the OpenAPI document: routes, request table, response bodies."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from aioairbyte.simulator import ManualClock, Outcome, SimulatedAirbyte, routes
from aioairbyte.simulator.operations import ROUTES
from aioairbyte.simulator.validation import Arr, Enum, Obj, Spec
from tests import spec

from .conftest import ATTEMPT, Api


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = spec.schema(node["$ref"].rsplit("/", 1)[-1])
    return node


#: Requirements the document states but the 0.40 server never checked: the document's
#: ``required`` names ``dockerImageag`` (a typo, patched by tests/spec.py), so the generated
#: server model has no constraint on ``dockerImageTag``.
UNCHECKED_BY_SERVER = {"DestinationDefinitionUpdate": {"dockerImageTag"}}


def _compare(table: Spec, node: dict[str, Any], where: str) -> None:
    node = _resolve(node)
    if isinstance(table, Obj):
        assert node.get("type") == "object", where
        assert set(table.props) == set(node.get("properties", {})), where
        unchecked = UNCHECKED_BY_SERVER.get(where, set())
        assert table.required == set(node.get("required", [])) - unchecked, where
        for name, prop in table.props.items():
            _compare(prop, node["properties"][name], f"{where}.{name}")
    elif isinstance(table, Arr):
        assert node.get("type") == "array", where
        _compare(table.items, node["items"], f"{where}[]")
    elif isinstance(table, Enum):
        assert (node.get("type"), node.get("enum")) == ("string", list(table.values)), where
    elif table == "uuid":
        assert (node.get("type"), node.get("format")) == ("string", "uuid"), where
    elif table in ("string", "integer", "boolean"):
        assert node.get("type") == table, where
        assert "enum" not in node, where
        assert node.get("format") != "uuid", where
    elif table == "object":
        assert node.get("type") == "object", where
        assert "properties" not in node, where
    else:
        assert table == "any", where
        assert "type" not in node, where


def test_spec_is_present_or_skipped() -> None:
    """Skips (or fails with AIOAIRBYTE_REQUIRE_SPEC=1) when ../shared/spec is missing."""
    assert spec.load_spec()["openapi"].startswith("3.0")


def test_missing_spec_skips_or_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(spec, "SPEC_PATH", tmp_path / "missing.yaml")
    monkeypatch.delenv("AIOAIRBYTE_REQUIRE_SPEC", raising=False)
    with pytest.raises(pytest.skip.Exception, match="missing"):
        spec.load_spec()
    monkeypatch.setenv("AIOAIRBYTE_REQUIRE_SPEC", "1")
    with pytest.raises(pytest.fail.Exception, match="AIOAIRBYTE_REQUIRE_SPEC"):
        spec.load_spec()


@pytest.mark.parametrize("path", sorted(routes.ROUTES))
def test_routes_match_the_spec(path: str) -> None:
    route = routes.ROUTES[path]
    operation = spec.operation(path, route.method)
    assert operation["operationId"] == route.operation_id
    body = operation.get("requestBody")
    declared = None if body is None else body["content"]["application/json"]["schema"]["$ref"]
    expected = (
        None if route.request_schema is None else f"#/components/schemas/{route.request_schema}"
    )
    assert declared == expected


@pytest.mark.parametrize("name", sorted(routes.REQUEST_SCHEMAS))
def test_validation_table_matches_the_spec(name: str) -> None:
    _compare(routes.REQUEST_SCHEMAS[name], spec.schema(name), name)


def test_spec_helper_is_strict_and_patched() -> None:
    stream = {"name": "users", "jsonSchema": {"type": "object"}}
    spec.validate("AirbyteStream", stream)  # the json_schema typo is patched
    with pytest.raises(Exception, match="jsonSchema"):
        spec.validate("AirbyteStream", {"name": "users"})
    spec.validate("HealthCheckRead", {"available": True, "extra": 1})
    with pytest.raises(Exception, match="extra"):
        spec.validate("HealthCheckRead", {"available": True, "extra": 1}, strict=True)
    with pytest.raises(Exception, match="uuid"):
        spec.validate("ConnectionIdRequestBody", {"connectionId": "nope"})


async def test_every_operation_answers_per_spec(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    """Call every served operation; ``Api`` validates each answer against the spec."""
    spec.load_spec()
    workspace = {"workspaceId": str(sim.workspace_id)}
    await api.request("GET", "health")
    await api.ok("workspaces/list")
    await api.ok("workspaces/get", workspace)
    sources = (await api.ok("sources/list", workspace))["sources"]
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
            "resourceRequirements": {"cpu_limit": "1"},
        },
    )
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
    await api.ok("web_backend/geographies/list")
    await api.ok(
        "web_backend/connections/create",
        {
            "sourceId": sources[1]["sourceId"],
            "destinationId": destinations[1]["destinationId"],
            "status": "inactive",
        },
    )
    # Jobs in every status and shape: failed attempts, cancellation, a pending reset, state.
    sim.set_outcome(created["connectionId"], Outcome.FAIL_THEN_SUCCEED)
    sync = await api.sync(created["connectionId"])
    clock.advance(2 * ATTEMPT)
    await api.ok("jobs/get", {"id": sync["job"]["id"]})
    await api.ok("state/get", cid)
    sim.set_outcome(created["connectionId"], Outcome.HANG)
    hanging = await api.sync(created["connectionId"])
    await api.ok("jobs/get_debug_info", {"id": hanging["job"]["id"]})
    await api.reset(created["connectionId"])
    await api.ok("jobs/get_light", {"id": hanging["job"]["id"]})
    await api.ok(
        "jobs/list",
        {"configTypes": ["sync", "reset_connection"], "configId": created["connectionId"]},
    )
    await api.ok("jobs/get_last_replication_job", cid)
    await api.ok("jobs/cancel", {"id": hanging["job"]["id"]})
    await api.ok("web_backend/connections/list", workspace)
    assert (await api.post("connections/delete", cid)).status == 204
    await api.ok("connections/list_all", workspace)
    assert api.checked == set(ROUTES)


@pytest.mark.parametrize("document", spec.DOCUMENTS)
def test_known_defects_are_the_documents_defects(document: str) -> None:
    """Each document's patched defects are exactly the ones it has: a new one is noticed."""
    assert spec.defects(document) == set(spec.KNOWN_DEFECTS[document])


@pytest.mark.parametrize("document", spec.DOCUMENTS)
def test_every_document_validates(document: str) -> None:
    spec.validate("JobIdRequestBody", {"id": 1}, document=document)
    with pytest.raises(jsonschema.ValidationError):
        spec.validate("JobIdRequestBody", {"id": "x"}, document=document)
