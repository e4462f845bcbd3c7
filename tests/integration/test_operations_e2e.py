"""Every operation of the client, end to end against the simulated server."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable

import attrs
import pytest

from aioairbyte import (
    AirbyteClient,
    AuthenticationError,
    InvalidArgumentError,
    JobNotFoundError,
    NotFoundError,
    ServerError,
)
from aioairbyte.models import (
    AirbyteCatalog,
    AirbyteStream,
    AirbyteStreamAndConfiguration,
    AirbyteStreamConfiguration,
    AttemptFailureType,
    ConnectionCreate,
    ConnectionRead,
    ConnectionScheduleType,
    ConnectionSearch,
    ConnectionStateType,
    ConnectionStatus,
    ConnectionUpdate,
    DestinationSyncMode,
    Geography,
    JobConfigType,
    JobStatus,
    NamespaceDefinitionType,
    SchemaChange,
    SourceSearch,
    StreamDescriptor,
    SyncMode,
    WebBackendConnectionCreate,
    WebBackendConnectionUpdate,
)
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import CREDENTIALS, FAST_POLL, serve

#: An API call to make with a client.
Call = Callable[[AirbyteClient], Awaitable[object]]

UNKNOWN = uuid.UUID("00000000-0000-4000-8000-00000000dead")
USERS_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "number", "airbyte_type": "integer"},
        "email": {"type": "string"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}


def users_catalog() -> AirbyteCatalog:
    """A one-stream catalog: ``public.users``, incremental, deduplicated on ``id``."""
    return AirbyteCatalog(
        streams=[
            AirbyteStreamAndConfiguration(
                stream=AirbyteStream(
                    name="users",
                    namespace="public",
                    json_schema=USERS_SCHEMA,
                    supported_sync_modes=[SyncMode.FULL_REFRESH, SyncMode.INCREMENTAL],
                    source_defined_primary_key=[["id"]],
                ),
                config=AirbyteStreamConfiguration(
                    sync_mode=SyncMode.INCREMENTAL,
                    destination_sync_mode=DestinationSyncMode.APPEND_DEDUP,
                    cursor_field=["updated_at"],
                    primary_key=[["id"]],
                    alias_name="users",
                    selected=True,
                ),
            )
        ]
    )


async def create_connection(
    client: AirbyteClient, sim: SimulatedAirbyte, name: str = "users-to-bigquery"
) -> ConnectionRead:
    """Create a connection between the seeded Postgres source and BigQuery destination."""
    [source, _] = await client.sources.list(sim.workspace_id)
    [destination, _] = await client.destinations.list(sim.workspace_id)
    return await client.connections.create(
        ConnectionCreate(
            source_id=source.source_id,
            destination_id=destination.destination_id,
            status=ConnectionStatus.ACTIVE,
            name=name,
            namespace_definition=NamespaceDefinitionType.SOURCE,
            prefix="raw_",
            sync_catalog=users_catalog(),
            schedule_type=ConnectionScheduleType.MANUAL,
        )
    )


# -- workspaces, sources, destinations, health ---------------------------------------------------


async def test_health(client: AirbyteClient) -> None:
    assert (await client.health.check()).available is True


async def test_workspaces_list_and_get(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    [workspace] = await client.workspaces.list()

    assert workspace.workspace_id == sim.workspace_id
    assert (workspace.name, workspace.slug) == ("Default Workspace", "default-workspace")
    assert workspace.initial_setup_complete is True
    assert workspace.default_geography is Geography.AUTO
    assert await client.workspaces.get(sim.workspace_id) == workspace


async def test_sources_list_and_get(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    sources = await client.sources.list(sim.workspace_id)

    assert [(s.name, s.source_name) for s in sources] == [
        ("Postgres (production replica)", "Postgres"),
        ("Stripe", "Stripe"),
    ]
    assert {s.workspace_id for s in sources} == {sim.workspace_id}
    assert sources[0].connection_configuration["password"] == "**********"
    for source in sources:
        assert await client.sources.get(source.source_id) == source


async def test_destinations_list_and_get(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    destinations = await client.destinations.list(sim.workspace_id)

    assert [(d.name, d.destination_name) for d in destinations] == [
        ("BigQuery (analytics)", "BigQuery"),
        ("Snowflake", "Snowflake"),
    ]
    assert {d.workspace_id for d in destinations} == {sim.workspace_id}
    for destination in destinations:
        assert await client.destinations.get(destination.destination_id) == destination


# -- connections -----------------------------------------------------------------------------------


async def test_connection_create_get_update_delete(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    created = await create_connection(client, sim)
    [source, _] = await client.sources.list(sim.workspace_id)
    [destination, _] = await client.destinations.list(sim.workspace_id)

    assert created.name == "users-to-bigquery"
    assert (created.source_id, created.destination_id) == (
        source.source_id,
        destination.destination_id,
    )
    assert created.status is ConnectionStatus.ACTIVE
    assert created.sync_catalog == users_catalog()
    assert created.prefix == "raw_"
    assert created.schedule_type is ConnectionScheduleType.MANUAL
    assert created.geography is Geography.AUTO
    assert created.breaking_change is False
    assert await client.connections.get(created.connection_id) == created

    updated = await client.connections.update(
        ConnectionUpdate(connection_id=created.connection_id, name="renamed", prefix="stg_")
    )

    assert updated == attrs.evolve(created, name="renamed", prefix="stg_")
    assert await client.connections.get(created.connection_id) == updated

    await client.connections.delete(created.connection_id)

    deleted = await client.connections.get(created.connection_id)
    assert deleted.status is ConnectionStatus.DEPRECATED
    assert deleted == attrs.evolve(updated, status=ConnectionStatus.DEPRECATED)
    await client.connections.delete(created.connection_id)  # deleting twice is fine


async def test_connection_list_list_all_search(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    seeded = sim.add_connection("seeded")
    kept = await create_connection(client, sim, "kept")
    gone = await create_connection(client, sim, "gone")
    await client.connections.delete(gone.connection_id)

    listed = await client.connections.list(sim.workspace_id)
    everything = await client.connections.list_all(sim.workspace_id)

    assert [c.name for c in listed] == ["seeded", "kept"]
    assert [c.name for c in everything] == ["seeded", "kept", "gone"]
    assert everything[2].status is ConnectionStatus.DEPRECATED
    assert await client.connections.active_ids(sim.workspace_id) == [
        seeded,
        kept.connection_id,
    ]

    by_name = await client.connections.search(ConnectionSearch(name="kept"))
    assert [c.connection_id for c in by_name] == [kept.connection_id]
    assert await client.connections.search(ConnectionSearch(name="gone")) == []
    by_source = await client.connections.search(
        ConnectionSearch(source=SourceSearch(source_name="Postgres"))
    )
    assert [c.name for c in by_source] == ["seeded", "kept"]
    assert await client.connections.search(ConnectionSearch(source_id=UNKNOWN)) == []


async def test_sync_reset_and_state(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    connection = await create_connection(client, sim)
    cid = connection.connection_id

    state = await client.state.get(cid)
    assert (state.state_type, state.connection_id) == (ConnectionStateType.NOT_SET, cid)
    assert state.stream_state is None
    assert await client.web_backend.get_state_type(cid) is ConnectionStateType.NOT_SET
    assert await client.jobs.get_last_replication_job(cid) is None

    started = await client.connections.sync(cid)
    assert started.job.config_type is JobConfigType.SYNC
    assert started.job.status is JobStatus.RUNNING
    assert started.job.config_id == str(cid)
    assert len(started.attempts) == 1
    synced = await client.jobs.wait(started.job.id, poll=FAST_POLL, timeout=5)
    assert synced.status is JobStatus.SUCCEEDED

    state = await client.state.get(cid)
    assert state.state_type is ConnectionStateType.STREAM
    assert state.stream_state is not None
    [users] = state.stream_state
    assert users.stream_descriptor == StreamDescriptor(name="users", namespace="public")
    assert users.stream_state is not None
    cursor = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(synced.job.updated_at))
    assert users.stream_state["cursor"] == cursor
    assert users.stream_state["cursor_field"] == ["updated_at"]
    assert await client.web_backend.get_state_type(cid) is ConnectionStateType.STREAM
    last = await client.jobs.get_last_replication_job(cid)
    assert last is not None
    assert (last.id, last.status) == (started.job.id, JobStatus.SUCCEEDED)

    reset = await client.connections.reset(cid)
    assert reset.job.config_type is JobConfigType.RESET_CONNECTION
    assert reset.job.status is JobStatus.PENDING
    assert reset.attempts == []
    assert reset.job.reset_config is not None
    assert reset.job.reset_config.streams_to_reset == [
        StreamDescriptor(name="users", namespace="public")
    ]
    assert (await client.jobs.wait(reset.job.id, poll=FAST_POLL, timeout=5)).succeeded
    assert (await client.state.get(cid)).state_type is ConnectionStateType.NOT_SET
    last = await client.jobs.get_last_replication_job(cid)
    assert last is not None
    assert last.id == started.job.id  # a reset is not a replication job


# -- jobs ------------------------------------------------------------------------------------------


async def test_jobs_get_get_light_list_iterate_debug_info(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = sim.add_connection()
    synced = [
        (await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=5)).job_id
        for _ in range(3)
    ]
    reset = (await client.connections.reset_and_wait(cid, poll=FAST_POLL, timeout=5)).job_id
    newest_first = [reset, *reversed(synced)]

    info = await client.jobs.get(synced[0])
    assert info.job.id == synced[0]
    assert info.job.status is JobStatus.SUCCEEDED
    [attempt] = info.attempts
    assert len(attempt.logs.log_lines) == sim.config.log_lines
    assert attempt.logs.log_lines[-1].endswith(
        f'"status":"completed","recordsSynced":{attempt.attempt.records_synced}}}'
    )
    light = await client.jobs.get_light(synced[0])
    assert light.job == info.job

    page = await client.jobs.list(cid)
    assert page.total_job_count == 4
    assert [j.job.id for j in page.jobs if j.job] == newest_first
    assert all(j.attempts and len(j.attempts) == 1 for j in page.jobs)
    middle = await client.jobs.list(cid, page_size=2, row_offset=1)
    assert [j.job.id for j in middle.jobs if j.job] == newest_first[1:3]
    assert middle.total_job_count == 4
    syncs = await client.jobs.list(cid, config_types=[JobConfigType.SYNC])
    assert [j.job.id for j in syncs.jobs if j.job] == newest_first[1:]
    assert syncs.total_job_count == 3
    resets = await client.jobs.list(cid, config_types=["reset_connection"])
    assert [j.job.id for j in resets.jobs if j.job] == [reset]

    iterated = [item.job.id async for item in client.jobs.iterate(cid, page_size=3) if item.job]
    assert iterated == newest_first
    sim.stats.reset()
    assert [i.job.id async for i in client.jobs.iterate(cid, page_size=1) if i.job] == newest_first
    assert sim.stats.requests_by_path == Counter({"/api/v1/jobs/list": 4})

    debug = await client.jobs.get_debug_info(synced[0])
    assert (debug.job.id, debug.job.status) == (synced[0], JobStatus.SUCCEEDED)
    assert debug.job.airbyte_version == "0.50.33"
    assert debug.job.source_definition.name == "Postgres"
    assert debug.job.destination_definition.name == "BigQuery"
    assert debug.workflow_state is not None
    assert debug.workflow_state.running is False
    assert [a.attempt for a in debug.attempts] == [a.attempt for a in info.attempts]


async def test_jobs_cancel(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await client.connections.sync(cid)).job.id

    cancelled = await client.jobs.cancel(job_id)

    assert cancelled.job.id == job_id
    assert cancelled.job.status is JobStatus.CANCELLED
    failure = cancelled.attempts[-1].attempt.failure_summary
    assert failure is not None
    assert [f.failure_type for f in failure.failures] == [AttemptFailureType.MANUAL_CANCELLATION]
    assert sim.job_status(job_id) == "cancelled"
    again = await client.jobs.cancel(job_id)  # cancelling a finished job changes nothing
    assert again.job.status is JobStatus.CANCELLED


# -- web backend -----------------------------------------------------------------------------------


async def test_web_backend(sim: SimulatedAirbyte, client: AirbyteClient) -> None:
    assert (await client.web_backend.check_updates()).source_definitions == 0
    assert (await client.web_backend.check_updates()).destination_definitions == 0
    assert await client.web_backend.list_geographies() == [
        Geography.AUTO,
        Geography.US,
        Geography.EU,
    ]
    empty = await client.web_backend.get_workspace_state(sim.workspace_id)
    assert (empty.has_connections, empty.has_sources, empty.has_destinations) == (
        False,
        True,
        True,
    )

    [source, other_source] = await client.sources.list(sim.workspace_id)
    [destination, _] = await client.destinations.list(sim.workspace_id)
    created = await client.web_backend.create_connection(
        WebBackendConnectionCreate(
            source_id=source.source_id,
            destination_id=destination.destination_id,
            status=ConnectionStatus.ACTIVE,
            name="web",
            sync_catalog=users_catalog(),
        )
    )
    cid = created.connection_id
    assert created.name == "web"
    assert created.source == source
    assert created.destination == destination
    assert created.sync_catalog == users_catalog()
    assert created.is_syncing is False
    assert created.latest_sync_job_status is None
    assert created.schema_change is SchemaChange.NO_CHANGE
    assert (await client.web_backend.get_workspace_state(sim.workspace_id)).has_connections

    assert await client.web_backend.get_connection(cid) == created
    refreshed = await client.web_backend.get_connection(cid, with_refreshed_catalog=True)
    assert refreshed.catalog_diff is not None
    assert refreshed.catalog_diff.transforms == []

    [item] = await client.web_backend.list_connections(sim.workspace_id)
    assert (item.connection_id, item.name, item.is_syncing) == (cid, "web", False)
    assert item.source.source_id == source.source_id
    assert (
        await client.web_backend.list_connections(
            sim.workspace_id, source_ids=[other_source.source_id]
        )
        == []
    )
    assert (
        len(
            await client.web_backend.list_connections(
                sim.workspace_id, destination_ids=[destination.destination_id]
            )
        )
        == 1
    )

    updated = await client.web_backend.update_connection(
        WebBackendConnectionUpdate(connection_id=cid, name="web-renamed")
    )
    assert updated == attrs.evolve(created, name="web-renamed")
    assert (await client.connections.get(cid)).name == "web-renamed"

    sim.set_outcome(cid, Outcome.HANG)
    job = (await client.connections.sync(cid)).job
    syncing = await client.web_backend.get_connection(cid)
    assert syncing.is_syncing is True
    assert syncing.latest_sync_job_status is JobStatus.RUNNING
    assert syncing.latest_sync_job_created_at == job.created_at
    await client.jobs.cancel(job.id)
    [item] = await client.web_backend.list_connections(sim.workspace_id)
    assert (item.is_syncing, item.latest_sync_job_status) == (False, JobStatus.CANCELLED)


# -- errors and auth -------------------------------------------------------------------------------


async def test_unknown_connection_is_not_found(client: AirbyteClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.connections.get(UNKNOWN)

    assert type(caught.value) is NotFoundError
    assert caught.value.status == 404
    assert caught.value.message == (
        f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {UNKNOWN}."
    )
    assert caught.value.exception_class_name == (
        "io.airbyte.commons.server.errors.IdNotFoundKnownException"
    )
    assert caught.value.operation == "POST /v1/connections/get"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.connections.sync(UNKNOWN), id="sync"),
        pytest.param(lambda c: c.connections.reset(UNKNOWN), id="reset"),
        pytest.param(lambda c: c.state.get(UNKNOWN), id="state"),
        pytest.param(lambda c: c.web_backend.get_connection(UNKNOWN), id="web-backend"),
        pytest.param(lambda c: c.jobs.get_last_replication_job(UNKNOWN), id="last-job"),
        pytest.param(lambda c: c.workspaces.get(UNKNOWN), id="workspace"),
        pytest.param(lambda c: c.sources.get(UNKNOWN), id="source"),
        pytest.param(lambda c: c.destinations.get(UNKNOWN), id="destination"),
    ],
)
async def test_unknown_ids_are_not_found(client: AirbyteClient, call: Call) -> None:
    with pytest.raises(NotFoundError) as caught:
        await call(client)

    assert caught.value.status == 404
    assert str(UNKNOWN) in caught.value.message


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.jobs.get(987), id="get"),
        pytest.param(lambda c: c.jobs.get_light(987), id="get_light"),
        pytest.param(lambda c: c.jobs.cancel(987), id="cancel"),
        pytest.param(lambda c: c.jobs.get_debug_info(987), id="get_debug_info"),
    ],
)
async def test_unknown_job_is_job_not_found(
    sim: SimulatedAirbyte,
    client: AirbyteClient,
    call: Call,
) -> None:
    with pytest.raises(JobNotFoundError) as caught:
        await call(client)

    assert isinstance(caught.value, NotFoundError)
    assert isinstance(caught.value, ServerError)
    assert caught.value.status == 500
    assert caught.value.message == "Internal Server Error: Could not find job with id: 987"
    assert sum(sim.stats.requests_by_path.values()) == 1  # a 500 of this kind is not retried


async def test_invalid_arguments_are_rejected_before_any_request(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    with pytest.raises(InvalidArgumentError):
        await client.connections.get("not-a-uuid")
    with pytest.raises(InvalidArgumentError):
        await client.jobs.get(-1)
    with pytest.raises(InvalidArgumentError):
        await client.jobs.list(UNKNOWN, page_size=0)
    with pytest.raises(InvalidArgumentError):
        await client.jobs.list(UNKNOWN, config_types=[])

    assert sim.stats.requests_by_path == Counter()


async def test_create_with_an_unknown_source_creates_nothing(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    [destination, _] = await client.destinations.list(sim.workspace_id)

    with pytest.raises(NotFoundError) as caught:
        await client.connections.create(
            ConnectionCreate(
                source_id=UNKNOWN,
                destination_id=destination.destination_id,
                status=ConnectionStatus.ACTIVE,
            )
        )

    assert "SOURCE_CONNECTION" in caught.value.message
    assert await client.connections.list_all(sim.workspace_id) == []


async def test_basic_auth_with_the_right_credentials() -> None:
    async with serve(SimulatorConfig(auth=CREDENTIALS)) as (sim, client):
        assert (await client.health.check()).available is True
        [workspace] = await client.workspaces.list()
        assert workspace.workspace_id == sim.workspace_id

        in_url = sim.url.replace("http://", "http://airbyte:password@")
        async with AirbyteClient(in_url) as from_url:
            assert (await from_url.workspaces.get(sim.workspace_id)) == workspace


@pytest.mark.parametrize(
    "auth",
    [pytest.param(("airbyte", "wrong"), id="wrong"), pytest.param(None, id="missing")],
)
async def test_basic_auth_with_wrong_or_missing_credentials(
    auth: tuple[str, str] | None,
) -> None:
    async with (
        SimulatedAirbyte(SimulatorConfig(auth=CREDENTIALS)) as sim,
        AirbyteClient(sim.url, auth=auth) as client,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await client.workspaces.list()

        assert caught.value.status == 401
        assert caught.value.message == "401 Authorization Required"
        assert "password" not in str(caught.value)
        assert sim.stats.requests_by_path == Counter({"/api/v1/workspaces/list": 1})
