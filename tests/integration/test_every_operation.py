"""Every operation of the client against both simulator profiles (0.40 and modern), end to end.

The simulator validates each reply against its profile's document (strictly, in its own tests);
here the client must decode every one into its model, and an operation the modern server no
longer has must raise ``UnsupportedOperationError`` naming it. A table at the end checks that
no public operation of the client is left out.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import pytest_asyncio

from aioairbyte import AirbyteClient, ClientCredentials, UnsupportedOperationError
from aioairbyte.models import (
    ConnectionRead,
    ConnectionSearch,
    ConnectionState,
    ConnectionStateType,
    ConnectionStatus,
    ConnectionUpdate,
    DestinationRead,
    HealthCheckRead,
    InstanceConfigurationResponse,
    JobDebugInfoRead,
    JobInfoLightRead,
    JobInfoRead,
    JobRead,
    JobStatus,
    JobWithAttemptsRead,
    SourceRead,
    WebBackendCheckUpdatesRead,
    WebBackendConnectionCreate,
    WebBackendConnectionListItem,
    WebBackendConnectionRead,
    WebBackendConnectionUpdate,
    WebBackendWorkspaceStateResult,
    WorkspaceRead,
)
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL
from .test_operations_e2e import create_connection, users_catalog

APP = ("every-op-client", "every-op-secret")
PROFILES = ["0.40", "modern"]
#: What the modern server removed, per client operation.
REMOVED_IN_MODERN = {"web_backend.list_geographies"}


@pytest_asyncio.fixture(params=PROFILES)
async def served(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[str, SimulatedAirbyte, AirbyteClient]]:
    profile: str = request.param
    if profile == "modern":
        config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.05)
        auth: Any = ClientCredentials(*APP)
    else:
        config = SimulatorConfig(attempt_duration=0.05)
        auth = None
    async with SimulatedAirbyte(config=config) as sim, AirbyteClient(sim.url, auth=auth) as c:
        yield profile, sim, c


Check = Callable[[AirbyteClient, SimulatedAirbyte, dict[str, Any]], Awaitable[Any]]


async def _sync_and_finish(client: AirbyteClient, ctx: dict[str, Any]) -> JobInfoRead:
    info = await client.connections.sync(ctx["connection"].connection_id)
    await client.jobs.wait(info.job.id, poll=FAST_POLL, timeout=10)
    return info


#: (operation, call, model of the answer): in an order where each step has what it needs.
STEPS: list[tuple[str, Check, Any]] = [
    ("health.check", lambda c, s, x: c.health.check(), HealthCheckRead),
    ("workspaces.list", lambda c, s, x: c.workspaces.list(), [WorkspaceRead]),
    ("workspaces.get", lambda c, s, x: c.workspaces.get(s.workspace_id), WorkspaceRead),
    ("sources.list", lambda c, s, x: c.sources.list(s.workspace_id), [SourceRead]),
    ("sources.get", lambda c, s, x: c.sources.get(x["source"]), SourceRead),
    ("destinations.list", lambda c, s, x: c.destinations.list(s.workspace_id), [DestinationRead]),
    ("destinations.get", lambda c, s, x: c.destinations.get(x["destination"]), DestinationRead),
    ("connections.create", lambda c, s, x: create_connection(c, s), ConnectionRead),
    ("connections.get", lambda c, s, x: c.connections.get(x["cid"]), ConnectionRead),
    (
        "connections.update",
        lambda c, s, x: c.connections.update(ConnectionUpdate(connection_id=x["cid"], name="r")),
        ConnectionRead,
    ),
    ("connections.list", lambda c, s, x: c.connections.list(s.workspace_id), [ConnectionRead]),
    (
        "connections.list_all",
        lambda c, s, x: c.connections.list_all(s.workspace_id),
        [ConnectionRead],
    ),
    (
        "connections.search",
        lambda c, s, x: c.connections.search(ConnectionSearch(name="r")),
        [ConnectionRead],
    ),
    ("connections.active_ids", lambda c, s, x: c.connections.active_ids(s.workspace_id), None),
    ("connections.sync", lambda c, s, x: _sync_and_finish(c, x), JobInfoRead),
    ("jobs.get", lambda c, s, x: c.jobs.get(x["job"]), JobInfoRead),
    ("jobs.get_light", lambda c, s, x: c.jobs.get_light(x["job"]), JobInfoLightRead),
    ("jobs.list", lambda c, s, x: c.jobs.list(x["cid"]), None),
    ("jobs.iterate", lambda c, s, x: _collect(c.jobs.iterate(x["cid"])), [JobWithAttemptsRead]),
    (
        "jobs.get_last_replication_job",
        lambda c, s, x: c.jobs.get_last_replication_job(x["cid"]),
        JobRead,
    ),
    ("jobs.get_debug_info", lambda c, s, x: c.jobs.get_debug_info(x["job"]), JobDebugInfoRead),
    ("jobs.wait", lambda c, s, x: c.jobs.wait(x["job"], poll=FAST_POLL), None),
    ("state.get", lambda c, s, x: c.state.get(x["cid"]), ConnectionState),
    (
        "web_backend.get_state_type",
        lambda c, s, x: c.web_backend.get_state_type(x["cid"]),
        ConnectionStateType,
    ),
    (
        "web_backend.check_updates",
        lambda c, s, x: c.web_backend.check_updates(),
        WebBackendCheckUpdatesRead,
    ),
    (
        "web_backend.get_connection",
        lambda c, s, x: c.web_backend.get_connection(x["cid"]),
        WebBackendConnectionRead,
    ),
    (
        "web_backend.list_connections",
        lambda c, s, x: c.web_backend.list_connections(s.workspace_id),
        [WebBackendConnectionListItem],
    ),
    (
        "web_backend.create_connection",
        lambda c, s, x: c.web_backend.create_connection(
            WebBackendConnectionCreate(
                source_id=x["source"],
                destination_id=x["destination"],
                name="web",
                status=ConnectionStatus.ACTIVE,
                sync_catalog=users_catalog(),
            )
        ),
        WebBackendConnectionRead,
    ),
    (
        "web_backend.update_connection",
        lambda c, s, x: c.web_backend.update_connection(
            WebBackendConnectionUpdate(connection_id=x["cid"], name="web-renamed")
        ),
        WebBackendConnectionRead,
    ),
    (
        "web_backend.get_workspace_state",
        lambda c, s, x: c.web_backend.get_workspace_state(s.workspace_id),
        WebBackendWorkspaceStateResult,
    ),
    ("web_backend.list_geographies", lambda c, s, x: c.web_backend.list_geographies(), None),
    (
        "connections.sync_and_wait",
        lambda c, s, x: c.connections.sync_and_wait(x["cid"], poll=FAST_POLL),
        None,
    ),
    ("connections.reset", lambda c, s, x: c.connections.reset(x["cid"]), JobInfoRead),
    ("jobs.cancel", lambda c, s, x: c.jobs.cancel(x["reset"]), JobInfoRead),
    (
        "connections.reset_and_wait",
        lambda c, s, x: c.connections.reset_and_wait(x["cid"], poll=FAST_POLL),
        None,
    ),
    ("connections.delete", lambda c, s, x: c.connections.delete(x["cid"]), type(None)),
]
#: Operations only a modern server has.
MODERN_ONLY: list[tuple[str, Check, Any]] = [
    (
        "instance.configuration",
        lambda c, s, x: c.instance.configuration(),
        InstanceConfigurationResponse,
    ),
]
#: Public operations exercised elsewhere, not in the table (streams of updates).
ELSEWHERE = {"jobs.watch"}


async def _collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


def _check_type(value: Any, expected: Any) -> None:
    if expected is None:
        return
    if isinstance(expected, list):
        assert isinstance(value, list), value
        assert value, "an empty list proves nothing"
        assert all(isinstance(item, expected[0]) for item in value), value
    else:
        assert isinstance(value, expected), value


async def test_every_operation_decodes(served: tuple[str, SimulatedAirbyte, AirbyteClient]) -> None:
    profile, sim, client = served
    ctx: dict[str, Any] = {}
    steps = STEPS + (MODERN_ONLY if profile == "modern" else [])
    for name, call, expected in steps:
        if profile == "modern" and name in REMOVED_IN_MODERN:
            with pytest.raises(UnsupportedOperationError, match="has no"):
                await call(client, sim, ctx)
            continue
        value = await call(client, sim, ctx)
        _check_type(value, expected)
        if name == "sources.list":
            ctx["source"] = value[0].source_id
        elif name == "destinations.list":
            ctx["destination"] = value[0].destination_id
        elif name == "connections.create":
            ctx["connection"], ctx["cid"] = value, value.connection_id
        elif name == "connections.sync":
            ctx["job"] = value.job.id
        elif name == "connections.reset":
            ctx["reset"] = value.job.id
        elif name == "jobs.get":
            assert value.job.status is JobStatus.SUCCEEDED
            assert value.attempts


async def test_modern_only_operations_are_typed_errors_on_040() -> None:
    async with SimulatedAirbyte() as sim, AirbyteClient(sim.url) as client:
        with pytest.raises(UnsupportedOperationError, match="instance_configuration"):
            await client.instance.configuration()


def test_the_table_covers_every_public_operation() -> None:
    client = AirbyteClient("http://127.0.0.1:9/api")
    public = set()
    for namespace in (
        "connections",
        "jobs",
        "state",
        "web_backend",
        "workspaces",
        "sources",
        "destinations",
        "health",
        "instance",
    ):
        for attr, value in inspect.getmembers(getattr(client, namespace)):
            if not attr.startswith("_") and inspect.ismethod(value) and attr != "with_options":
                public.add(f"{namespace}.{attr}")
    covered = {name for name, _, _ in STEPS + MODERN_ONLY} | ELSEWHERE
    assert public == covered
