"""The simulator's workspaces, state writes, notifications, logs and OpenAPI document, over HTTP,
in both profiles (every JSON answer checked strictly against its documents)."""

from __future__ import annotations

from typing import Any

import orjson

from aioairbyte.simulator import SimulatorConfig
from aioairbyte.simulator import workspace_routes as table
from aioairbyte.simulator.shapes import DEFAULT_ORGANIZATION_ID
from aioairbyte.simulator.workspaces import slugify
from tests import spec

from .conftest import Api, open_api
from .modern_api import APPLICATION, ModernApi, open_modern

HOOK = "https://hooks.slack.com/services/T000/B000/XXXX"
MODERN = SimulatorConfig(profile="modern", application=APPLICATION)


def slack(webhook: str, *, success: bool = True, failure: bool = True) -> dict[str, Any]:
    return {
        "notificationType": "slack",
        "sendOnSuccess": success,
        "sendOnFailure": failure,
        "slackConfiguration": {"webhook": webhook},
    }


async def text(api: Api, method: str, path: str, body: Any = None) -> tuple[int, str, str]:
    """A non-JSON answer (logs, the OpenAPI document): status, content type, text."""
    headers = {"Authorization": f"Bearer {api.token}"} if isinstance(api, ModernApi) else {}
    data = None if body is None else orjson.dumps(body)
    async with api.session.request(
        method, f"{api.url}/v1/{path}", data=data, headers=headers
    ) as response:
        answer = (response.status, response.content_type, await response.text())
    if answer[0] == 200:
        api.checked.add(f"/api/v1/{path}")
    return answer


def test_slugify_follows_the_server() -> None:
    assert slugify("  Data Team  ") == "data-team"
    assert slugify("Müller & Søn_2") == "mueller-soen_2"
    assert slugify("Café!") == "cafe"
    assert slugify("   ") == ""


async def test_workspaces_on_0_40() -> None:
    async with open_api(SimulatorConfig()) as (sim, api):
        created = await api.ok("workspaces/create", {"name": "Data Team", "email": "a@b.example"})
        assert created["slug"] == "data-team"
        assert (created["initialSetupComplete"], created["news"], created["defaultGeography"]) == (
            False,
            False,
            "auto",
        )
        # A taken name is allowed: the slug gets a suffix of 8 letters.
        twin = await api.ok(
            "workspaces/create",
            {"name": "Data Team", "webhookConfigs": [{"name": "dbt", "authToken": "secret"}]},
        )
        assert twin["slug"].startswith("data-team-")
        assert len(twin["slug"]) == len("data-team-") + 8
        assert set(twin["webhookConfigs"][0]) == {"id", "name"}  # never the token
        wid = created["workspaceId"]
        assert (await api.ok("workspaces/get_by_slug", {"slug": "data-team"}))["workspaceId"] == wid
        patched = await api.ok("workspaces/update", {"workspaceId": wid, "news": True})
        assert (patched["news"], patched["email"]) == (True, "a@b.example")  # a patch
        renamed = await api.ok("workspaces/update_name", {"workspaceId": wid, "name": "Ops"})
        assert (renamed["name"], renamed["slug"]) == ("Ops", "ops")
        again = await api.ok("workspaces/update_name", {"workspaceId": wid, "name": "Ops"})
        assert again["slug"].startswith("ops-")  # its own slug counts as taken
        assert (await api.post("workspaces/get_by_slug", {"slug": "nope"})).status == 404
        missing = await api.post("workspaces/create", {"email": "x@y.example"})
        assert missing.status == 400
        assert (
            await api.post("workspaces/tag_feedback_status_as_done", {"workspaceId": wid})
        ).status == 204
        assert sim._backend.store.workspaces[wid]["feedbackDone"] is True
        cid = str(sim.add_connection())
        job = (await api.sync(cid))["job"]["id"]
        by_connection = await api.ok("workspaces/get_by_connection_id", {"connectionId": cid})
        assert by_connection["workspaceId"] == str(sim.workspace_id)
        # 0.40 wraps the ConfigNotFoundException: a 500, not the documented 404.
        unknown = await api.post("workspaces/get_by_connection_id", {"connectionId": wid})
        assert unknown.status == 500
        assert "STANDARD_SYNC" in unknown.body["message"]
        await _state(sim, api)
        await _delete_cascades(sim, api, cid)
        assert await api.ok("workspaces/list") == {
            "workspaces": [
                await api.ok("workspaces/get", {"workspaceId": w})
                for w in (wid, twin["workspaceId"])
            ]
        }
        assert (
            await api.post("workspaces/get_by_connection_id", {"connectionId": cid})
        ).status == 500
        await _notifications(api)
        status, kind, log = await text(api, "POST", "logs/get", {"logType": "server"})
        assert (status, kind) == (200, "text/plain")
        assert "Starting server" in log
        assert f"Created sync job {job} for connection {cid}" in log
        status, kind, log = await text(api, "POST", "logs/get", {"logType": "scheduler"})
        assert (status, kind) == (200, "text/plain")
        assert "Submitting job" in log
        assert (await api.post("logs/get", {"logType": "worker"})).status == 400
        await _openapi(api, "1.0.0")
        assert sorted(set(table.ROUTES) - api.checked) == []


async def _delete_cascades(sim: Any, api: Api, cid: str) -> None:
    wid = str(sim.workspace_id)
    assert (await api.post("workspaces/delete", {"workspaceId": wid})).status == 204
    assert (await api.ok("connections/get", {"connectionId": cid}))["status"] == "deprecated"
    assert await api.ok("sources/list", {"workspaceId": wid}) == {"sources": []}
    assert await api.ok("destinations/list", {"workspaceId": wid}) == {"destinations": []}
    for path in ("workspaces/get", "workspaces/update", "workspaces/delete"):
        assert (await api.post(path, {"workspaceId": wid})).status == 404
    assert (await api.post("workspaces/get_by_slug", {"slug": "default-workspace"})).status == 404


async def _state(sim: Any, api: Api) -> None:
    cid = str(sim.add_connection())
    one = {"streamDescriptor": {"name": "users", "namespace": "public"}, "streamState": {"c": 1}}
    two = {"streamDescriptor": {"name": "orders"}, "streamState": {"c": 2}}
    write = {"connectionId": cid, "stateType": "stream", "streamState": [one, two]}
    answer = await api.ok("state/create_or_update", {"connectionId": cid, "connectionState": write})
    assert answer == write
    # Merged per stream: a null state deletes the stream's row, the others stay.
    gone = {"streamDescriptor": {"name": "orders"}}
    write = {"connectionId": cid, "stateType": "stream", "streamState": [gone]}
    await api.ok("state/create_or_update", {"connectionId": cid, "connectionState": write})
    assert (await api.ok("state/get", {"connectionId": cid}))["streamState"] == [one]
    assert await api.ok("web_backend/state/get_type", {"connectionId": cid}) == "stream"
    legacy = {"connectionId": cid, "stateType": "legacy", "state": {"cursor": 1}}
    refused = await api.post(
        "state/create_or_update", {"connectionId": cid, "connectionState": legacy}
    )
    assert refused.status == 500
    assert "Unexpected type migration" in refused.body["message"]
    # Legacy, then a migration from it to global.
    other = str(sim.add_connection())
    legacy["connectionId"] = other
    await api.ok("state/create_or_update", {"connectionId": other, "connectionState": legacy})
    assert await api.ok("state/get", {"connectionId": other}) == legacy
    glob = {
        "connectionId": other,
        "stateType": "global",
        "globalState": {"shared_state": {"lsn": 7}, "streamStates": [one]},
    }
    await api.ok("state/create_or_update", {"connectionId": other, "connectionState": glob})
    assert await api.ok("state/get", {"connectionId": other}) == glob
    assert await api.ok("web_backend/state/get_type", {"connectionId": other}) == "global"
    unknown = "00000000-0000-0000-0000-00000000dead"
    missing = await api.post(
        "state/create_or_update", {"connectionId": unknown, "connectionState": glob}
    )
    assert missing.status == 404


async def _notifications(api: Api) -> None:
    assert await api.ok("notifications/try", slack(HOOK)) == {"status": "succeeded"}
    assert await api.ok("notifications/try", slack("https://example.com/hook")) == {
        "status": "failed"
    }
    wrong = await api.ok("notifications/try", slack("https://hooks.slack.com/nothing"))
    assert wrong == {
        "status": "failed",
        "message": "Failed to deliver notification (404): no_service",
    }
    quiet = slack(HOOK, success=False, failure=False)
    assert await api.ok("notifications/try", quiet) == {"status": "failed"}
    assert (await api.post("notifications/try", slack("not a url"))).status == 404
    customerio = {"notificationType": "customerio", "sendOnSuccess": True, "sendOnFailure": True}
    assert (await api.post("notifications/try", customerio)).status == 500


async def _openapi(api: Api, version: str) -> None:
    status, kind, document = await text(api, "GET", "openapi")
    assert (status, kind) == (200, "text/plain")
    parsed = orjson.loads(document)  # JSON, which is YAML
    assert parsed["info"]["version"] == version
    assert parsed["paths"]["/v1/workspaces/create"]["post"]["operationId"] == "createWorkspace"
    assert "WorkspaceCreate" in parsed["components"]["schemas"]


async def test_workspaces_on_the_modern_profile() -> None:
    async with open_modern(MODERN) as (sim, api):
        body = {"name": "Data Team", "organizationId": DEFAULT_ORGANIZATION_ID}
        created = await api.ok("workspaces/create", body)
        assert (created["organizationId"], created["tombstone"]) == (DEFAULT_ORGANIZATION_ID, False)
        assert created["notificationSettings"]["sendOnFailure"] == {
            "notificationType": ["customerio"]
        }
        assert (await api.post("workspaces/create", {"name": "x"})).status == 400  # no organization
        wid = created["workspaceId"]
        config = {"failure": {"webhook": {"enabled": True, "url": HOOK}}}
        patched = await api.ok(
            "workspaces/update", {"workspaceId": wid, "name": "Ops", "notificationsConfig": config}
        )
        assert (patched["name"], patched["slug"]) == ("Ops", "ops")
        failure = patched["notificationSettings"]["sendOnFailure"]
        assert failure == {
            "notificationType": ["customerio", "slack"],
            "slackConfiguration": {"webhook": HOOK},
        }
        no_url = {"success": {"webhook": {"enabled": True}}}
        refused = await api.post(
            "workspaces/update", {"workspaceId": wid, "notificationsConfig": no_url}
        )
        assert refused.status == 400
        await api.ok("workspaces/update_name", {"workspaceId": wid, "name": "Platform"})
        assert (await api.ok("workspaces/get_by_slug", {"slug": "platform"}))["workspaceId"] == wid
        cid = str(sim.add_connection())
        await api.ok("workspaces/get_by_connection_id", {"connectionId": cid})
        assert (
            await api.post("workspaces/get_by_connection_id", {"connectionId": wid})
        ).status == 404
        assert (
            await api.post("workspaces/tag_feedback_status_as_done", {"workspaceId": wid})
        ).status == 204
        assert (await api.post("workspaces/delete", {"workspaceId": wid})).status == 204
        assert (await api.post("workspaces/get", {"workspaceId": wid})).status == 404
        tomb = await api.ok("workspaces/get", {"workspaceId": wid, "includeTombstone": True})
        assert tomb["tombstone"] is True
        admin = {"userId": "00000000-0000-0000-0000-000000000000"}
        listed = await api.ok("workspaces/list_by_user_id", admin)
        assert [w["workspaceId"] for w in listed["workspaces"]] == [str(sim.workspace_id)]
        page = {"workspaceIds": [wid], "pagination": {"pageSize": 5}}
        assert await api.ok("workspaces/list_paginated", page) == {"workspaces": []}
        deleted = await api.ok("workspaces/list_paginated", {**page, "includeDeleted": True})
        assert [w["workspaceId"] for w in deleted["workspaces"]] == [wid]
        write = {"connectionId": cid, "stateType": "not_set"}
        assert (
            await api.ok("state/create_or_update", {"connectionId": cid, "connectionState": write})
            == write
        )
        await api.ok("state/get", {"connectionId": cid})
        await api.ok("web_backend/state/get_type", {"connectionId": cid})
        trigger = {"slackConfiguration": {"webhook": HOOK}, "notificationTrigger": "sync_success"}
        assert await api.ok("notifications/try_webhook", trigger) == {"status": "succeeded"}
        bad = {**trigger, "slackConfiguration": {"webhook": "https://hooks.slack.com/x"}}
        failed = await api.ok("notifications/try_webhook", bad)
        assert failed["status"] == "failed"
        assert "(404): no_service" in failed["message"]
        # The deprecated /try answers NotificationRead() ({}), which the documents do not allow.
        status, kind, answer = await text(api, "POST", "notifications/try", slack(HOOK))
        assert (status, kind, orjson.loads(answer)) == (200, "application/json", {})
        assert spec.has_operation("/v1/notifications/try", document="2.0")
        assert (await api.post("logs/get", {"logType": "server"})).status == 404  # removed
        await _openapi(api, "2.0.0")
        served = (set(table.ROUTES) | set(table.MODERN_ROUTES)) - {
            "/api/v1/logs/get",
            "/api/v1/workspaces/list",
        }
        assert sorted(served - api.checked) == []
