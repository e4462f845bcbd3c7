"""Every operation of the client against both simulator profiles (0.40 and modern), end to end.

The simulator validates each reply against its profile's document (strictly, in its own tests);
here the client must decode every one into its model, and an operation the modern server no
longer has must raise ``UnsupportedOperationError`` naming it. A table at the end checks that
no public operation of the client is left out.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from aioairbyte import (
    AirbyteClient,
    BadRequestError,
    ClientCredentials,
    JobResult,
    UnsupportedOperationError,
)
from aioairbyte.api._base import Resource
from aioairbyte.models import (
    ConnectionRead,
    ConnectionSearch,
    ConnectionState,
    ConnectionStateType,
    ConnectionStatus,
    ConnectionStatusRead,
    ConnectionSyncProgressRead,
    ConnectionUpdate,
    DestinationRead,
    HealthCheckRead,
    InstanceConfigurationResponse,
    JobConfigType,
    JobDebugInfoRead,
    JobInfoLightRead,
    JobInfoRead,
    JobRead,
    JobReadList,
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
#: The stream of the connection the table creates (``users_catalog``).
USERS = [("users", "public")]
#: Job filters every job of the test matches: the filters are sent, and the answer decoded.
SINCE_2000 = datetime(2000, 1, 1, tzinfo=UTC)
UNTIL_2100 = datetime(2100, 1, 1, tzinfo=UTC)


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


async def _finished(client: AirbyteClient, started: Awaitable[Any]) -> Any:
    """The answer of a trigger (``JobInfoRead``, or ``JobRead`` of a refresh), once its job has
    ended: the next trigger of the table then meets no running job."""
    answer = await started
    job = answer.job if isinstance(answer, JobInfoRead) else answer
    if isinstance(job, JobRead):
        await client.jobs.wait(job.id, poll=FAST_POLL, timeout=10)
    return answer


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
    (
        # 0.40 ignores the filters (its request body has none): the answer still decodes.
        "jobs.list[filters]",
        lambda c, s, x: c.jobs.list(
            x["cid"],
            statuses=["succeeded"],
            created_after=SINCE_2000,
            created_before=UNTIL_2100,
            updated_after=SINCE_2000,
            updated_before=UNTIL_2100,
            order_by="updated_at",
            order="asc",
            page_size=10,
            row_offset=0,
        ),
        JobReadList,
    ),
    ("jobs.iterate", lambda c, s, x: _collect(c.jobs.iterate(x["cid"])), [JobWithAttemptsRead]),
    (
        "jobs.get_last_replication_job",
        lambda c, s, x: c.jobs.get_last_replication_job(x["cid"]),
        JobRead,
    ),
    ("jobs.get_debug_info", lambda c, s, x: c.jobs.get_debug_info(x["job"]), JobDebugInfoRead),
    ("jobs.wait", lambda c, s, x: c.jobs.wait(x["job"], poll=FAST_POLL), None),
    (
        "jobs.wait[progress]",
        lambda c, s, x: c.jobs.wait(x["job"], poll=FAST_POLL, progress=True),
        JobResult,
    ),
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
    (
        # Progress is read where the server has it (modern), and skipped on 0.40.
        "connections.sync_and_wait[progress]",
        lambda c, s, x: c.connections.sync_and_wait(
            x["cid"], poll=FAST_POLL, progress=True, on_update=lambda event: None
        ),
        JobResult,
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
#: Operations only a modern server has (run before the table's last step, the delete).
MODERN_ONLY: list[tuple[str, Check, Any]] = [
    (
        "instance.configuration",
        lambda c, s, x: c.instance.configuration(),
        InstanceConfigurationResponse,
    ),
    (
        "connections.status",
        lambda c, s, x: c.connections.status([x["cid"]]),
        [ConnectionStatusRead],
    ),
    (
        "connections.sync_progress",
        lambda c, s, x: c.connections.sync_progress(x["cid"]),
        ConnectionSyncProgressRead,
    ),
    ("jobs.get_without_logs", lambda c, s, x: c.jobs.get_without_logs(x["job"]), JobInfoRead),
    ("jobs.list[config_id=None]", lambda c, s, x: c.jobs.list(), JobReadList),
    (
        "jobs.list[config_id=None,filters]",
        lambda c, s, x: c.jobs.list(
            config_types=["sync"], statuses=["succeeded"], order_by="created_at", order="asc"
        ),
        JobReadList,
    ),
    (
        "jobs.iterate[config_id=None]",
        # iterate's signature says UUID | str, but it pages through jobs.list(None) fine.
        lambda c, s, x: _collect(c.jobs.iterate(None, page_size=2)),
        [JobWithAttemptsRead],
    ),
    (
        "jobs.list_for_workspaces",
        lambda c, s, x: c.jobs.list_for_workspaces(
            [s.workspace_id], statuses=["succeeded"], created_after=SINCE_2000, order="desc"
        ),
        JobReadList,
    ),
    ("connections.clear", lambda c, s, x: _finished(c, c.connections.clear(x["cid"])), JobInfoRead),
    (
        "connections.clear_streams",
        lambda c, s, x: _finished(c, c.connections.clear_streams(x["cid"], USERS)),
        JobInfoRead,
    ),
    (
        "connections.reset_streams",
        lambda c, s, x: _finished(c, c.connections.reset_streams(x["cid"], USERS)),
        JobInfoRead,
    ),
    (
        "connections.refresh",
        lambda c, s, x: _finished(c, c.connections.refresh(x["cid"], USERS, mode="merge")),
        JobRead,
    ),
    (
        "connections.clear_and_wait",
        lambda c, s, x: c.connections.clear_and_wait(x["cid"], streams=USERS, poll=FAST_POLL),
        JobResult,
    ),
    (
        "connections.refresh_and_wait",
        lambda c, s, x: c.connections.refresh_and_wait(x["cid"], mode="merge", poll=FAST_POLL),
        JobResult,
    ),
    (
        "connections.reset_and_wait[streams]",
        lambda c, s, x: c.connections.reset_and_wait(x["cid"], streams=USERS, poll=FAST_POLL),
        JobResult,
    ),
]
#: What each modern-only operation meets on 0.40: the error, and the path it names.
ON_040: dict[str, tuple[type[Exception], str]] = {
    "instance.configuration": (UnsupportedOperationError, "instance_configuration"),
    "connections.status": (UnsupportedOperationError, "connections/status"),
    "connections.sync_progress": (UnsupportedOperationError, "connections/sync_progress"),
    "jobs.get_without_logs": (UnsupportedOperationError, "jobs/get_without_logs"),
    # jobs/list is there, but 0.40 requires a config id: its own 400, not a missing operation.
    "jobs.list[config_id=None]": (BadRequestError, "jobs/list"),
    "jobs.list[config_id=None,filters]": (BadRequestError, "jobs/list"),
    "jobs.iterate[config_id=None]": (BadRequestError, "jobs/list"),
    "jobs.list_for_workspaces": (UnsupportedOperationError, "jobs/list_for_workspaces"),
    "connections.clear": (UnsupportedOperationError, "connections/clear"),
    "connections.clear_streams": (UnsupportedOperationError, "connections/clear/stream"),
    "connections.reset_streams": (UnsupportedOperationError, "connections/reset/stream"),
    "connections.refresh": (UnsupportedOperationError, "connections/refresh"),
    "connections.clear_and_wait": (UnsupportedOperationError, "connections/clear/stream"),
    "connections.refresh_and_wait": (UnsupportedOperationError, "connections/refresh"),
    "connections.reset_and_wait[streams]": (UnsupportedOperationError, "connections/reset/stream"),
}
#: Public operations exercised elsewhere, not in the table (streams of updates):
#: ``jobs.watch`` in tests/integration/test_wait.py (against 0.40) and, with ``progress``, in
#: tests/integration/test_modern_job_ops.py (modern).
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
    *steps, delete = STEPS
    assert delete[0] == "connections.delete"  # the modern-only steps need the connection
    steps += (MODERN_ONLY if profile == "modern" else []) + [delete]
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
        elif name == "jobs.list[filters]":
            assert [item.job.id for item in value.jobs] == [ctx["job"]]
        elif name in ("jobs.wait[progress]", "connections.sync_and_wait[progress]"):
            assert value.succeeded
        _check_modern(name, value, ctx)


def _check_modern(name: str, value: Any, ctx: dict[str, Any]) -> None:
    """What the modern-only answers hold, beyond their types."""
    if name == "connections.status":
        assert [status.connection_id for status in value] == [ctx["cid"]]
    elif name == "connections.sync_progress":
        assert value.connection_id == ctx["cid"]
        assert value.job_id is None  # nothing is running between the table's steps
    elif name == "jobs.get_without_logs":
        assert value.job.id == ctx["job"]
        assert value.attempts
        assert all(attempt.logs is None for attempt in value.attempts)
    elif name in ("jobs.list[config_id=None]", "jobs.list_for_workspaces"):
        assert ctx["job"] in {item.job.id for item in value.jobs}
    elif name == "jobs.list[config_id=None,filters]":
        jobs = [item.job for item in value.jobs]
        assert ctx["job"] in {job.id for job in jobs}
        assert all(job.status is JobStatus.SUCCEEDED for job in jobs)
        assert all(job.config_type is JobConfigType.SYNC for job in jobs)
        assert [job.created_at for job in jobs] == sorted(job.created_at for job in jobs)
    elif name == "jobs.iterate[config_id=None]":
        ids = [item.job.id for item in value]
        assert len(ids) == len(set(ids)) > 2  # more than one page of 2
        assert ctx["job"] in ids
    elif name in ("connections.clear", "connections.clear_streams", "connections.reset_streams"):
        assert value.job.config_type is JobConfigType.RESET_CONNECTION  # a clear runs as a reset
        if name != "connections.clear":
            assert value.job.reset_config is not None
            streams = value.job.reset_config.streams_to_reset
            assert [(s.name, s.namespace) for s in streams] == USERS
    elif name == "connections.refresh":
        assert value.config_type is JobConfigType.REFRESH
        assert value.refresh_config is not None
        streams = value.refresh_config.streams_to_refresh
        assert [(s.name, s.namespace) for s in streams] == USERS
    elif name in ON_040 and name.endswith(("_and_wait", "_and_wait[streams]")):
        assert value.succeeded
        expected = JobConfigType.REFRESH if "refresh" in name else JobConfigType.RESET_CONNECTION
        assert value.config_type is expected


@pytest.mark.parametrize(("name", "call"), [pytest.param(n, c, id=n) for n, c, _ in MODERN_ONLY])
async def test_modern_only_operations_are_typed_errors_on_040(name: str, call: Check) -> None:
    async with (
        SimulatedAirbyte(config=SimulatorConfig(attempt_duration=0.05)) as sim,
        AirbyteClient(sim.url) as client,
    ):
        cid = sim.add_connection()
        job = (await client.connections.sync(cid)).job.id
        await client.jobs.wait(job, poll=FAST_POLL, timeout=10)
        error, path = ON_040[name]
        with pytest.raises(error, match=re.escape(f"/v1/{path} ")) as info:
            await call(client, sim, {"cid": cid, "job": job})
        if error is UnsupportedOperationError:
            assert f"has no /v1/{path} (" in str(info.value)
        assert sim.stats.jobs_created[cid] == 1  # the modern triggers started nothing


def test_every_modern_only_operation_says_what_0_40_answers() -> None:
    assert set(ON_040) == {name for name, _, _ in MODERN_ONLY}


def test_the_table_covers_every_public_operation() -> None:
    client = AirbyteClient("http://127.0.0.1:9/api")
    public = set()
    for namespace, resource in vars(client).items():
        if namespace.startswith("_") or not isinstance(resource, Resource):
            continue
        for attr, value in inspect.getmembers(resource):
            if not attr.startswith("_") and inspect.ismethod(value) and attr != "with_options":
                public.add(f"{namespace}.{attr}")
    # A name's [variant] suffix: the same operation with other arguments.
    covered = {name.split("[")[0] for name, _, _ in STEPS + MODERN_ONLY} | ELSEWHERE
    # The Configuration API's families are tested end to end in their own modules, each
    # naming what it covers in COVERED.
    for path in sorted(Path(__file__).parent.glob("test_ops_*.py")):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        covered |= {name.split("[")[0] for name in module.COVERED}
    assert sorted(public - covered) == []
    assert sorted(covered - public) == []
