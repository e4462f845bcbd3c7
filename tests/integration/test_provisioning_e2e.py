"""Setting a deployment up from code, end to end, on both simulator profiles (0.40, and modern
with application tokens): definitions, a source from its specification, its check (and a
failing one), its discovered schema, a destination, a connection of some of the discovered
streams, a sync and its records per stream, and the clean-up.

``EXAMPLE`` is the README's "Set up from code" block, run here as written (top-level ``await``,
given a ``client``); the test then checks what it did.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from aioairbyte import AirbyteClient, ClientCredentials, JobResult
from aioairbyte.models import (
    CheckConnectionReadStatus,
    ConnectionStatus,
    DestinationSyncMode,
    JobStatus,
    SourceCreate,
    SyncMode,
)
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from .conftest import ATTEMPT, FAST_RETRY

APP = ("provisioning-app", "provisioning-secret")
README = Path(__file__).resolve().parents[2] / "README.md"

EXAMPLE = """\
import attrs

from aioairbyte.models import (
    AirbyteCatalog,
    ConnectionCreate,
    ConnectionScheduleType,
    ConnectionStatus,
    DestinationCreate,
    DestinationSyncMode,
    SourceCreate,
    SyncMode,
)

workspace = (await client.workspaces.list())[0]

# A Postgres source: its definition, the fields its specification requires, and a check.
postgres = next(d for d in await client.source_definitions.list() if d.name == "Postgres")
specification = await client.source_definitions.get_specification(
    postgres.source_definition_id, workspace.workspace_id
)
print("source requires", specification.connection_specification["required"])
source = await client.sources.create(
    SourceCreate(
        source_definition_id=postgres.source_definition_id,
        workspace_id=workspace.workspace_id,
        name="app database",
        connection_configuration={
            "host": "db.example.com",
            "port": 5432,
            "database": "app",
            "username": "airbyte",
            "password": "s3cret",  # kept out of reprs; reads show it masked
            "schemas": ["public", "sales"],
        },
    )
)
check = await client.sources.check_connection(source.source_id, timeout=120)
print("source check", check.status.value, check.message or "")

# Its streams, as the connector discovers them (the server keeps the catalog).
discovered = await client.sources.discover_schema(source.source_id, timeout=300)
print("streams", [f"{s.stream.namespace}/{s.stream.name}" for s in discovered.catalog.streams])

# A Postgres destination.
postgres_out = next(d for d in await client.destination_definitions.list() if d.name == "Postgres")
destination = await client.destinations.create(
    DestinationCreate(
        destination_definition_id=postgres_out.destination_definition_id,
        workspace_id=workspace.workspace_id,
        name="warehouse",
        connection_configuration={
            "host": "warehouse.example.com",
            "port": 5432,
            "database": "analytics",
            "schema": "raw",
            "username": "loader",
            "password": "s3cret",
        },
    )
)

# The connection: two of the streams, deduplicated on "id" with "updated_at" as the cursor
# (Postgres defines neither: the user picks them); the others stay unselected.
wanted = {("public", "users"), ("sales", "orders")}
streams = []
for item in discovered.catalog.streams:
    selected = (item.stream.namespace, item.stream.name) in wanted
    config = attrs.evolve(item.config, selected=selected)
    if selected:
        config = attrs.evolve(
            config,
            sync_mode=SyncMode.INCREMENTAL,
            destination_sync_mode=DestinationSyncMode.APPEND_DEDUP,
            cursor_field=["updated_at"],
            primary_key=[["id"]],
        )
    streams.append(attrs.evolve(item, config=config))
connection = await client.connections.create(
    ConnectionCreate(
        source_id=source.source_id,
        destination_id=destination.destination_id,
        status=ConnectionStatus.ACTIVE,
        name="app database → warehouse",
        sync_catalog=AirbyteCatalog(streams=streams),
        source_catalog_id=discovered.catalog_id,
        schedule_type=ConnectionScheduleType.MANUAL,
    )
)
print("connection", connection.connection_id)

# One sync; the records of each stream come with the job's last attempt.
result = await client.connections.sync_and_wait(connection.connection_id, timeout=3600)
print("sync", result.status.value, result.records_synced, "records")
for stream in result.attempts[-1].stream_stats or []:
    print(" ", f"{stream.stream_namespace}/{stream.stream_name}", stream.stats.records_committed)

# Clean up: deleting the source would delete its connections too.
await client.connections.delete(connection.connection_id)
await client.sources.delete(source.source_id)
await client.destinations.delete(destination.destination_id)
"""


async def run_example(client: AirbyteClient) -> dict[str, Any]:
    """Run :data:`EXAMPLE` with ``client``; the names it defined."""
    code = compile(EXAMPLE, "EXAMPLE", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace: dict[str, Any] = {"client": client}
    coroutine = eval(code, namespace)  # this module's own example
    if coroutine is not None:
        await coroutine
    return namespace


def _config(profile: str) -> tuple[SimulatorConfig, Any]:
    if profile == "modern":
        config = SimulatorConfig(profile="modern", application=APP, attempt_duration=ATTEMPT)
        return config, ClientCredentials(*APP)
    return SimulatorConfig(attempt_duration=ATTEMPT), None


@contextlib.asynccontextmanager
async def _serve(profile: str) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    config, auth = _config(profile)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=auth, retry=FAST_RETRY) as client,
    ):
        yield sim, client


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_set_up_from_code(profile: str, capsys: pytest.CaptureFixture[str]) -> None:
    async with _serve(profile) as (_, client):
        [workspace] = await client.workspaces.list()
        sources_before = await client.sources.list(workspace.workspace_id)
        destinations_before = await client.destinations.list(workspace.workspace_id)
        connections_before = await client.connections.list(workspace.workspace_id)

        done = await run_example(client)
        printed = capsys.readouterr().out.splitlines()

        assert printed[0] == "source requires ['host', 'port', 'database', 'username']"
        assert printed[1] == "source check succeeded "
        assert done["check"].status is CheckConnectionReadStatus.SUCCEEDED
        # The catalog follows the configuration: the two tables of each schema.
        streams = "['public/users', 'public/orders', 'sales/users', 'sales/orders']"
        assert printed[2] == f"streams {streams}"
        assert "s3cret" not in repr(done["source"])
        assert "s3cret" not in repr(done["destination"])
        assert done["source"].connection_configuration["password"] == "**********"

        # The connection holds the whole catalog, two streams selected as configured.
        connection = done["connection"]
        assert connection.status is ConnectionStatus.ACTIVE
        assert connection.source_catalog_id == done["discovered"].catalog_id
        configured = {
            (s.stream.namespace, s.stream.name): s.config for s in connection.sync_catalog.streams
        }
        assert len(configured) == 4
        selected = {key for key, config in configured.items() if config.selected}
        assert selected == {("public", "users"), ("sales", "orders")}
        for key in selected:
            assert configured[key].sync_mode is SyncMode.INCREMENTAL
            assert configured[key].destination_sync_mode is DestinationSyncMode.APPEND_DEDUP
            assert configured[key].cursor_field == ["updated_at"]
            assert configured[key].primary_key == [["id"]]

        # The sync moved records for exactly the selected streams.
        result: JobResult = done["result"]
        assert result.status is JobStatus.SUCCEEDED
        assert result.attempts is not None
        stats = result.attempts[-1].stream_stats or []
        assert {(s.stream_namespace, s.stream_name) for s in stats} == selected
        assert all((s.stats.records_committed or 0) > 0 for s in stats)
        assert sum(s.stats.records_committed or 0 for s in stats) == result.records_synced
        assert printed[4] == f"sync succeeded {result.records_synced} records"
        assert sorted(printed[5:]) == sorted(
            f"  {s.stream_namespace}/{s.stream_name} {s.stats.records_committed}" for s in stats
        )

        # Cleaned up: the lists are as they were.
        assert await client.sources.list(workspace.workspace_id) == sources_before
        assert await client.destinations.list(workspace.workspace_id) == destinations_before
        assert await client.connections.list(workspace.workspace_id) == connections_before
        gone = await client.connections.get(connection.connection_id)
        assert gone.status is ConnectionStatus.DEPRECATED


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_a_wrong_password_fails_the_check_and_the_discover(profile: str) -> None:
    async with _serve(profile) as (_, client):
        [workspace] = await client.workspaces.list()
        postgres = next(d for d in await client.source_definitions.list() if d.name == "Postgres")
        source = await client.sources.create(
            SourceCreate(
                source_definition_id=postgres.source_definition_id,
                workspace_id=workspace.workspace_id,
                name="wrong password",
                connection_configuration={
                    "host": "db.example.com",
                    "port": 5432,
                    "database": "app",
                    "username": "airbyte",
                    "password": "wrong",
                },
            )
        )
        check = await client.sources.check_connection(source.source_id, timeout=5)
        assert check.status is CheckConnectionReadStatus.FAILED
        assert not check.succeeded
        assert check.message is not None
        assert "password authentication failed" in check.message
        assert "wrong" not in check.message  # the connector names the user, not the password
        discovered = await client.sources.discover_schema(source.source_id, timeout=5)
        assert not discovered.succeeded
        assert discovered.catalog is None
        await client.sources.delete(source.source_id)
        assert source.source_id not in {
            s.source_id for s in await client.sources.list(workspace.workspace_id)
        }


def test_the_readme_shows_the_example_as_tested() -> None:
    """Once the README has its "Set up from code" section, its block is :data:`EXAMPLE`."""
    text = README.read_text()
    if "\n## Set up from code\n" not in text:
        pytest.skip("the README has no 'Set up from code' section yet")
    section = text[text.index("\n## Set up from code\n") :]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert block[1] == EXAMPLE
