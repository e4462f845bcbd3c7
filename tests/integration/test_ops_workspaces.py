"""Workspaces, state writes, notifications, logs and the OpenAPI document: the real client
against the simulator over loopback, in both profiles."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
import pytest_asyncio

from aioairbyte import AirbyteClient, ClientCredentials, UnsupportedOperationError
from aioairbyte import models as m
from aioairbyte.errors import NotFoundError, ServerError
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_RETRY

APP = ("workspaces-client", "workspaces-secret")
HOOK = "https://hooks.slack.com/services/T000/B000/XXXX"
ORG = "00000000-0000-0000-0000-000000000000"

COVERED: set[str] = {
    "workspaces.list",
    "workspaces.get",
    "workspaces.create",
    "workspaces.update",
    "workspaces.update_name",
    "workspaces.delete",
    "workspaces.get_by_slug",
    "workspaces.get_by_connection_id",
    "workspaces.mark_feedback_done",
    "state.get",
    "state.create_or_update",
    "notifications.send_test",
    "notifications.send_test_to_webhook",
    "logs.get",
    "openapi.get",
}


@pytest_asyncio.fixture(params=["0.40", "modern"])
async def served(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[bool, SimulatedAirbyte, AirbyteClient]]:
    modern = request.param == "modern"
    if modern:
        config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.05)
        auth: Any = ClientCredentials(*APP)
    else:
        config = SimulatorConfig(attempt_duration=0.05)
        auth = None
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=auth, retry=FAST_RETRY) as client,
    ):
        yield modern, sim, client


async def test_workspace_lifecycle(served: tuple[bool, SimulatedAirbyte, AirbyteClient]) -> None:
    modern, sim, client = served
    org = uuid.UUID(ORG) if modern else None
    created = await client.workspaces.create(
        m.WorkspaceCreate(name="Data Team", organization_id=org)
    )
    assert created.slug == "data-team"
    assert created.initial_setup_complete is False
    assert (created.organization_id is not None) is modern
    wid = created.workspace_id
    assert (await client.workspaces.get(wid)).name == "Data Team"
    assert (await client.workspaces.get_by_slug("data-team")).workspace_id == wid
    patched = await client.workspaces.update(m.WorkspaceUpdate(workspace_id=wid, news=True))
    assert patched.news is True
    renamed = await client.workspaces.update_name(wid, "Ops Team")
    assert (renamed.name, renamed.slug) == ("Ops Team", "ops-team")
    await client.workspaces.mark_feedback_done(wid)
    cid = sim.add_connection()
    owner = await client.workspaces.get_by_connection_id(cid)
    assert owner.workspace_id == sim.workspace_id
    listed = await client.workspaces.list()
    assert {w.workspace_id for w in listed} == {sim.workspace_id, wid}
    await client.workspaces.delete(wid)
    assert [w.workspace_id for w in await client.workspaces.list()] == [sim.workspace_id]
    with pytest.raises(NotFoundError):
        await client.workspaces.get(wid)
    with pytest.raises(NotFoundError):
        await client.workspaces.get_by_slug("ops-team")
    unknown = ServerError if not modern else NotFoundError  # 0.40 answers 500 there
    with pytest.raises(unknown):
        await client.workspaces.get_by_connection_id(wid)


async def test_state_writes(served: tuple[bool, SimulatedAirbyte, AirbyteClient]) -> None:
    modern, sim, client = served
    cid = sim.add_connection()
    users = m.StreamState(
        stream_descriptor=m.StreamDescriptor(name="users", namespace="public"),
        stream_state={"cursor": "2024-01-01"},
    )
    state = m.ConnectionState(
        state_type=m.ConnectionStateType.GLOBAL,
        connection_id=cid,
        global_state=m.GlobalState(stream_states=[users], shared_state={"lsn": 9}),
    )
    written = await client.state.create_or_update(state)
    assert written == state
    assert await client.state.get(cid) == state
    assert await client.web_backend.get_state_type(cid) is m.ConnectionStateType.GLOBAL
    stream = m.ConnectionState(
        state_type=m.ConnectionStateType.STREAM, connection_id=cid, stream_state=[users]
    )
    # 2.x error bodies carry no message for a 500, only an errorId.
    with pytest.raises(ServerError, match="errorId" if modern else "Unexpected type migration"):
        await client.state.create_or_update(stream)


async def test_notifications_logs_openapi(
    served: tuple[bool, SimulatedAirbyte, AirbyteClient],
) -> None:
    modern, _, client = served
    slack = m.Notification(
        notification_type=m.NotificationType.SLACK,
        send_on_success=True,
        send_on_failure=True,
        slack_configuration=m.SlackNotificationConfiguration(webhook=HOOK),
    )
    tried = await client.notifications.send_test(slack)
    assert tried.status is (None if modern else m.NotificationReadStatus.SUCCEEDED)
    document = orjson.loads(await client.openapi.get())
    assert "/v1/workspaces/create" in document["paths"]
    if modern:
        sent = await client.notifications.send_test_to_webhook(HOOK, "sync_failure")
        assert sent.succeeded
        with pytest.raises(UnsupportedOperationError):
            await client.logs.get("server")
    else:
        assert "Starting server" in await client.logs.get(m.LogType.SERVER)
        assert "Starting worker" in await client.logs.get("scheduler")
        with pytest.raises(UnsupportedOperationError):
            await client.notifications.send_test_to_webhook(HOOK, "sync_failure")
