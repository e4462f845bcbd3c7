"""Sources, destinations and the scheduler, end to end: the client against the simulator (0.40
and modern profiles) over loopback HTTP.

Every method of ``client.sources``, ``client.destinations`` and ``client.scheduler`` on both
profiles (``clone`` raises ``UnsupportedOperationError`` on the modern one, which removed it),
a connection made from a discovered catalog that syncs its selected streams, and the connector
runs' own timeout and cancellation against a simulator that delays them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import attrs
import pytest

from aioairbyte import (
    AirbyteClient,
    ApiTimeoutError,
    ClientCredentials,
    NotFoundError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from aioairbyte.models import (
    CheckConnectionReadStatus,
    ConnectionCreate,
    ConnectionStatus,
    DestinationCoreConfig,
    DestinationCreate,
    DestinationSearch,
    DestinationSyncMode,
    DestinationUpdate,
    JobStatus,
    SourceCoreConfig,
    SourceCreate,
    SourceDiscoverSchemaWriteRequestBody,
    SourceSearch,
    SourceUpdate,
    StreamTransformTransformType,
    SyncMode,
)
from aioairbyte.simulator import Faults, SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL, FAST_RETRY, leftover_tasks

COVERED: set[str] = {
    *(
        f"sources.{method}"
        for method in (
            "list",
            "get",
            "create",
            "update",
            "delete",
            "clone",
            "search",
            "check_connection",
            "check_connection_for_update",
            "discover_schema",
            "most_recent_source_actor_catalog",
            "write_discover_catalog_result",
        )
    ),
    *(
        f"destinations.{method}"
        for method in (
            "list",
            "get",
            "create",
            "update",
            "delete",
            "clone",
            "search",
            "check_connection",
            "check_connection_for_update",
        )
    ),
    "scheduler.check_source_connection",
    "scheduler.discover_source_schema",
    "scheduler.check_destination_connection",
}

APP = ("actors-client", "actors-secret")
POSTGRES = uuid.UUID("decd338e-5647-4c0b-adf4-da0e75f5a750")
FAKER = uuid.UUID("dfd88b22-b603-4c3d-aad7-3701784586b1")
SNOWFLAKE = uuid.UUID("424892c4-daac-4491-b35d-c6688ba547ba")
MASK = "**********"
PG_CONFIG = {
    "host": "db.example.com",
    "port": 5432,
    "database": "app",
    "username": "airbyte",
    "password": "s3cret",
    "schemas": ["public", "sales"],
}
SNOWFLAKE_CONFIG = {
    "host": "acme.snowflakecomputing.com",
    "role": "AIRBYTE",
    "warehouse": "WH",
    "database": "DB",
    "schema": "RAW",
    "username": "AIRBYTE",
    "credentials": {"auth_type": "Username and Password", "password": "s3cret"},
}
CHECK_PATH = "/api/v1/sources/check_connection"


@contextlib.asynccontextmanager
async def serve(
    profile: str, **options: Any
) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    """A simulator of ``profile`` (the modern one with application tokens) and its client."""
    if profile == "modern":
        config = SimulatorConfig(profile="modern", application=APP, **options)
        auth: Any = ClientCredentials(*APP)
    else:
        config = SimulatorConfig(**options)
        auth = None
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=auth, retry=FAST_RETRY) as client,
    ):
        yield sim, client


def _source(sim: SimulatedAirbyte, **config: Any) -> SourceCreate:
    return SourceCreate(
        source_definition_id=POSTGRES,
        workspace_id=sim.workspace_id,
        name="replica",
        connection_configuration={**PG_CONFIG, **config},
    )


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_sources(profile: str) -> None:
    modern = profile == "modern"
    async with serve(profile) as (sim, client):
        source = await client.sources.create(_source(sim))
        assert source.connection_configuration["password"] == MASK
        assert (source.created_at is not None) is modern
        assert await client.sources.get(source.source_id) == source
        assert source in await client.sources.list(sim.workspace_id)
        with pytest.raises(UnprocessableEntityError) as caught:
            await client.sources.create(_source(sim, port="5432"))
        assert "$.port" in str(caught.value)
        assert "s3cret" not in str(caught.value)
        with pytest.raises(NotFoundError):
            await client.sources.get(uuid.uuid4())

        check = await client.sources.check_connection(source.source_id)
        assert check.status is CheckConnectionReadStatus.SUCCEEDED
        masked = SourceUpdate(
            source_id=source.source_id,
            name="renamed",
            connection_configuration={**PG_CONFIG, "password": MASK},
        )
        assert (await client.sources.update(masked)).name == "renamed"
        assert (await client.sources.check_connection(source.source_id)).succeeded
        wrong = attrs.evolve(masked, connection_configuration={**PG_CONFIG, "password": "wrong"})
        failed = await client.sources.check_connection_for_update(wrong, timeout=30)
        assert failed.status is CheckConnectionReadStatus.FAILED
        assert failed.message is not None
        assert "password authentication failed" in failed.message
        assert failed.job_info.succeeded

        found = await client.sources.search(SourceSearch(name="renamed"))
        assert [s.source_id for s in found] == [source.source_id]

        if modern:
            with pytest.raises(UnsupportedOperationError):
                await client.sources.clone(source.source_id)
        else:
            copy = await client.sources.clone(source.source_id, name="copy")
            assert (copy.name, copy.source_definition_id) == ("copy", POSTGRES)
            assert (await client.sources.clone(copy.source_id)).name == "copy (Copy)"

        await client.sources.delete(source.source_id)
        listed = await client.sources.list(sim.workspace_id)
        assert source.source_id not in [s.source_id for s in listed]
        assert (await client.sources.get(source.source_id)).source_id == source.source_id
        assert await client.sources.search(SourceSearch(source_id=source.source_id)) == []


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_a_discovered_catalog_syncs_its_selected_streams(profile: str) -> None:
    async with serve(profile, attempt_duration=0.05) as (sim, client):
        source = await client.sources.create(_source(sim))
        none_yet = await client.sources.most_recent_source_actor_catalog(source.source_id)
        assert (none_yet.catalog, none_yet.updated_at) == (None, None)
        discovered = await client.sources.discover_schema(source.source_id)
        assert discovered.succeeded
        assert discovered.catalog is not None
        cached = await client.sources.discover_schema(source.source_id)
        assert cached.job_info is not None
        assert (cached.job_info.created_at, cached.catalog_id) == (0, discovered.catalog_id)
        fresh = await client.sources.discover_schema(source.source_id, disable_cache=True)
        assert fresh.job_info is not None
        assert fresh.job_info.created_at > 0
        stored = await client.sources.most_recent_source_actor_catalog(source.source_id)
        assert stored.catalog is not None
        assert len(stored.catalog["streams"]) == 4

        # Select the sales schema's streams, incremental and deduplicated.
        streams = []
        for item in discovered.catalog.streams:
            assert item.stream is not None
            assert item.config is not None
            selected = item.stream.namespace == "sales"
            config = attrs.evolve(
                item.config,
                selected=selected,
                sync_mode=SyncMode.INCREMENTAL,
                cursor_field=["updated_at"],
                destination_sync_mode=DestinationSyncMode.APPEND_DEDUP,
            )
            streams.append(attrs.evolve(item, config=config))
        catalog = attrs.evolve(discovered.catalog, streams=streams)
        [destination, *_] = await client.destinations.list(sim.workspace_id)
        connection = await client.connections.create(
            ConnectionCreate(
                source_id=source.source_id,
                destination_id=destination.destination_id,
                status=ConnectionStatus.ACTIVE,
                sync_catalog=catalog,
            )
        )
        result = await client.connections.sync_and_wait(
            connection.connection_id, poll=FAST_POLL, timeout=10
        )
        assert result.status is JobStatus.SUCCEEDED
        assert result.records_synced
        job = await client.jobs.get(result.job_id)
        stats = job.attempts[-1].attempt.stream_stats or []
        assert sorted(s.stream_name for s in stats) == ["orders", "users"]
        assert all(s.stats.records_committed for s in stats)

        # The source's configuration changes: a discover diffed against the connection.
        update = SourceUpdate(
            source_id=source.source_id,
            name=source.name,
            connection_configuration={**PG_CONFIG, "password": MASK, "schemas": ["public"]},
        )
        await client.sources.update(update)
        diffed = await client.sources.discover_schema(
            source.source_id, connection_id=connection.connection_id, notify_schema_change=True
        )
        assert diffed.catalog_diff is not None
        kinds = {t.transform_type for t in diffed.catalog_diff.transforms}
        assert kinds == {StreamTransformTransformType.REMOVE_STREAM}
        assert diffed.breaking_change is False
        assert (diffed.job_info is None) is (profile == "modern")

        written = await client.sources.write_discover_catalog_result(
            SourceDiscoverSchemaWriteRequestBody(
                catalog=attrs.evolve(catalog, streams=catalog.streams[:1]),
                source_id=source.source_id,
                connector_version="3.2.21",
            )
        )
        latest = await client.sources.most_recent_source_actor_catalog(source.source_id)
        assert written.catalog_id != discovered.catalog_id
        assert latest.catalog is not None
        assert len(latest.catalog["streams"]) == 1


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_destinations(profile: str) -> None:
    async with serve(profile) as (sim, client):
        create = DestinationCreate(
            destination_definition_id=SNOWFLAKE,
            workspace_id=sim.workspace_id,
            name="warehouse",
            connection_configuration=SNOWFLAKE_CONFIG,
        )
        destination = await client.destinations.create(create)
        assert destination.connection_configuration["credentials"]["password"] == MASK
        assert await client.destinations.get(destination.destination_id) == destination
        assert destination in await client.destinations.list(sim.workspace_id)
        update = DestinationUpdate(
            destination_id=destination.destination_id,
            name="renamed",
            connection_configuration=destination.connection_configuration,
        )
        assert (await client.destinations.update(update)).name == "renamed"
        assert (await client.destinations.check_connection(destination.destination_id)).succeeded
        wrong = {**SNOWFLAKE_CONFIG, "credentials": {"auth_type": "Username and Password",
                                                     "password": "wrong"}}  # fmt: skip
        failed = await client.destinations.check_connection_for_update(
            attrs.evolve(update, connection_configuration=wrong)
        )
        assert not failed.succeeded
        assert failed.message is not None
        assert "Incorrect username or password" in failed.message
        found = await client.destinations.search(DestinationSearch(name="renamed"))
        assert [d.destination_id for d in found] == [destination.destination_id]
        if profile == "modern":
            with pytest.raises(UnsupportedOperationError):
                await client.destinations.clone(destination.destination_id)
        else:
            copy = await client.destinations.clone(destination.destination_id)
            assert copy.name == "renamed (Copy)"
        await client.destinations.delete(destination.destination_id)
        listed = await client.destinations.list(sim.workspace_id)
        assert destination.destination_id not in [d.destination_id for d in listed]


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_scheduler(profile: str) -> None:
    async with serve(profile) as (sim, client):
        source = SourceCoreConfig(
            source_definition_id=POSTGRES,
            workspace_id=sim.workspace_id,
            connection_configuration={**PG_CONFIG, "host": "db.invalid"},
        )
        unreachable = await client.scheduler.check_source_connection(source)
        assert unreachable.status is CheckConnectionReadStatus.FAILED
        faker = SourceCoreConfig(
            source_definition_id=FAKER,
            workspace_id=sim.workspace_id,
            connection_configuration={"count": 100},
        )
        assert (await client.scheduler.check_source_connection(faker)).succeeded
        discovered = await client.scheduler.discover_source_schema(faker)
        assert discovered.catalog is not None
        names = [item.stream.name for item in discovered.catalog.streams if item.stream]
        assert names == ["users", "products", "purchases"]
        destination = DestinationCoreConfig(
            destination_definition_id=SNOWFLAKE,
            workspace_id=sim.workspace_id,
            connection_configuration=SNOWFLAKE_CONFIG,
        )
        checked = await client.scheduler.check_destination_connection(destination, timeout=30)
        assert checked.succeeded
        with pytest.raises(NotFoundError):
            await client.scheduler.check_destination_connection(
                attrs.evolve(destination, destination_definition_id=POSTGRES)
            )


# -- connector runs: their own timeout, cancellation ------------------------------------------


async def test_a_check_times_out_on_its_own_timeout() -> None:
    async with serve("0.40") as (sim, client):
        [source, *_] = await client.sources.list(sim.workspace_id)
        # Each request waits 0.4 s in the server (short: the server's shutdown waits for it).
        sim.faults = Faults(latency=0.4, paths={CHECK_PATH})
        started = time.monotonic()
        with pytest.raises(ApiTimeoutError):
            await client.sources.check_connection(source.source_id, timeout=0.1)
        # Resent under the retry policy (FAST_RETRY: 3 attempts), each cut at 0.1 s.
        assert sim.stats.requests_by_path[CHECK_PATH] == 3
        assert time.monotonic() - started < 1.2
        sim.faults = Faults()


async def test_cancelling_a_check_cancels_its_request() -> None:
    async with serve("0.40") as (sim, client):
        [source, *_] = await client.sources.list(sim.workspace_id)
        sim.faults = Faults(latency=0.6, paths={CHECK_PATH})
        before = set(asyncio.all_tasks())
        task = asyncio.create_task(client.sources.check_connection(source.source_id))
        await sim.stats.wait_until(lambda s: s.requests_by_path[CHECK_PATH] == 1)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.3  # not the 0.6 s the answer would take
        assert leftover_tasks(before) == []
        sim.faults = Faults()
        # The client is still usable, and nothing was resent.
        assert (await client.sources.check_connection(source.source_id)).succeeded
        assert sim.stats.requests_by_path[CHECK_PATH] == 2
