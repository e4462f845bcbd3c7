"""``connections create``, ``sources check`` and ``destinations check``: bad input exits 2
before any request; against the simulator (both profiles) the connection created from the
discovered schema, the streams and sync modes chosen, an unknown stream or an unfit
``--sync-mode`` creating nothing (exit 1), checks that succeed (0) and fail (1, the connector's
message); against a mocked server a create whose answer is lost (sent once, exit 3 with a hint)
and a check slower than ``--timeout`` (exit 1)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import aiohttp
import orjson
import pytest
from aioresponses import CallbackResult, aioresponses

from aioairbyte import AirbyteClient, ClientCredentials
from aioairbyte.cli import EXIT_API, EXIT_FAILED, EXIT_OK, EXIT_USAGE
from aioairbyte.models import (
    ConnectionRead,
    ConnectionScheduleTimeUnit,
    ConnectionScheduleType,
    DestinationCreate,
    DestinationSyncMode,
    SourceCreate,
    SyncMode,
)

from ._sim import UNREACHABLE, run, start, stop, with_client

APP = ("cli-app", "cli-secret")
POSTGRES_SOURCE = "decd338e-5647-4c0b-adf4-da0e75f5a750"
LOCAL_JSON = "a625d593-bba5-4a1c-a53d-2d246268a816"
SOME_ID = str(uuid.UUID(int=7, version=4))
World = dict[str, Any]


async def _set_up(client: AirbyteClient) -> World:
    """The seeded actors' ids by name, plus a Postgres source whose password is ``wrong`` and
    a Local JSON destination (it writes no ``append_dedup``)."""
    [workspace] = await client.workspaces.list()
    wid = workspace.workspace_id
    ids = {s.name: str(s.source_id) for s in await client.sources.list(wid)}
    ids |= {d.name: str(d.destination_id) for d in await client.destinations.list(wid)}
    wrong = await client.sources.create(
        SourceCreate(
            source_definition_id=uuid.UUID(POSTGRES_SOURCE),
            workspace_id=wid,
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
    local = await client.destinations.create(
        DestinationCreate(
            destination_definition_id=uuid.UUID(LOCAL_JSON),
            workspace_id=wid,
            name="local",
            connection_configuration={"destination_path": "/local/out"},
        )
    )
    ids["wrong"], ids["local"] = str(wrong.source_id), str(local.destination_id)
    return {"workspace": str(wid), **ids}


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A 0.40 simulator and a modern one (application tokens), each set up by :func:`_set_up`."""
    old, old_url = start()
    modern, modern_url = start("--profile", "modern", "--client-id", APP[0], "--client-secret",
                               APP[1])  # fmt: skip
    try:
        found = {"url": old_url, "modern_url": modern_url, **with_client(old_url, _set_up)}
        found["modern"] = with_client(modern_url, _set_up, auth=ClientCredentials(*APP))
        yield found
    finally:
        stop(old)
        stop(modern)


def _connections(url: str, **kwargs: Any) -> list[ConnectionRead]:
    async def listed(client: AirbyteClient) -> list[ConnectionRead]:
        [workspace] = await client.workspaces.list()
        return await client.connections.list(workspace.workspace_id)

    return with_client(url, listed, **kwargs)


def _connection(url: str, connection_id: str) -> ConnectionRead:
    async def get(client: AirbyteClient) -> ConnectionRead:
        return await client.connections.get(connection_id)

    return with_client(url, get)


BAD_INPUT = [
    (["connections", "create", "--destination", SOME_ID], "--source"),
    (["connections", "create", "--source", SOME_ID], "--destination"),
    (["connections", "create", "--source", "nope", "--destination", SOME_ID], "must be a UUID"),
    (["--stream", ""], "must be a stream"),
    (["--stream", "public/users", "--stream", "public/users"], "given twice"),
    (["--sync-mode", "incremental"], "invalid choice"),
    (["--every", "0h"], "must be an interval"),
    (["--every", "5 minutes"], "must be an interval"),
    (["--every", "1h", "--cron", "0 0 * * * ?"], "not allowed with"),
    (["--cron-time-zone", "Europe/Paris"], "--cron-time-zone goes with --cron"),
    (["--name", " "], "--name must not be empty"),
    (["--timeout", "0"], "must be > 0 seconds"),
    (["sources", "check"], "SOURCE_ID"),
    (["sources", "check", "nope"], "must be a UUID"),
    (["sources", "check", SOME_ID, "--timeout", "-1"], "must be > 0 seconds"),
    (["destinations", "check", "nope"], "must be a UUID"),
    (["sources", "create"], "invalid choice"),
]


@pytest.mark.parametrize(("argv", "says"), BAD_INPUT)
def test_bad_input_exits_2_before_any_request(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if argv[0].startswith("--"):  # a flag of a create that is otherwise fine
        argv = ["connections", "create", "--source", SOME_ID, "--destination", SOME_ID, *argv]
    # The URL refuses connections: a request would make the exit code 3.
    code, out, err = run(capsys, *argv, "--url", UNREACHABLE)
    assert code == EXIT_USAGE, err
    assert out == ""
    assert says in err
    assert len(err.splitlines()) == 1
    code, out, _ = run(capsys, *argv, "--url", UNREACHABLE, "--json")
    assert code == EXIT_USAGE
    assert orjson.loads(out)["error"]["exit_code"] == EXIT_USAGE


def test_create_selects_every_stream_and_picks_their_modes(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    source, destination = world["Postgres (production replica)"], world["BigQuery (analytics)"]
    argv = ["connections", "create", "--source", source, "--destination", destination]
    code, out, err = run(capsys, *argv, "--url", world["url"])
    assert code == EXIT_OK, err
    assert err == ""
    lines = out.splitlines()
    connection_id = lines[0].removeprefix("connection_id: ")
    name = "Postgres (production replica) → BigQuery (analytics)"  # as the web app names it
    assert lines[1:] == [
        f"name: {name}",
        "status: active",
        f"source_id: {source}",
        f"destination_id: {destination}",
        "schedule: manual",
        "streams: 2 selected of 2",
        # Postgres defines no cursor: full refresh, as the server would pick.
        "stream: public/users full_refresh overwrite",
        "stream: public/orders full_refresh overwrite",
    ]
    created = _connection(world["url"], connection_id)
    assert created.name == name
    assert created.status.value == "active"
    assert created.schedule_type is ConnectionScheduleType.MANUAL
    configs = {s.stream.name: s.config for s in created.sync_catalog.streams if s.stream}
    assert set(configs) == {"users", "orders"}
    for config in configs.values():
        assert config is not None
        assert config.selected is True
        assert config.sync_mode is SyncMode.FULL_REFRESH
        assert config.destination_sync_mode is DestinationSyncMode.OVERWRITE


def test_create_some_streams_on_a_schedule_as_json(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["connections", "create", "--source", world["Stripe"], "--destination",
            world["Snowflake"], "--stream", "charges", "--stream", "customers", "--every", "6h",
            "--name", "stripe to snowflake", "--json"]  # fmt: skip
    code, out, err = run(capsys, *argv, "--url", world["url"])
    assert code == EXIT_OK, err
    doc = orjson.loads(out)
    assert doc["name"] == "stripe to snowflake"
    assert doc["dry_run"] is False
    assert doc["schedule_type"] == "basic"
    streams = {s["name"]: s for s in doc["streams"]}
    assert len(streams) == 6  # the whole catalog, the rest unselected
    assert {n for n, s in streams.items() if s["selected"]} == {"charges", "customers"}
    # Stripe defines a cursor and a primary key: incremental, deduplicated.
    assert streams["charges"] == {
        "name": "charges",
        "namespace": None,
        "selected": True,
        "sync_mode": "incremental",
        "destination_sync_mode": "append_dedup",
        "cursor_field": ["updated"],
        "primary_key": [["id"]],
    }
    created = _connection(world["url"], doc["connection_id"])
    assert created.schedule_data is not None
    assert created.schedule_data.basic_schedule is not None
    assert created.schedule_data.basic_schedule.units == 6
    assert created.schedule_data.basic_schedule.time_unit is ConnectionScheduleTimeUnit.HOURS
    selected = [s.stream.name for s in created.sync_catalog.streams if s.stream and s.config
                and s.config.selected]  # fmt: skip
    assert sorted(selected) == ["charges", "customers"]


def test_auto_modes_follow_what_the_destination_writes(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["connections", "create", "--source", world["Stripe"], "--destination",
            world["local"], "--stream", "refunds", "--cron", "0 0 12 * * ?",
            "--inactive"]  # fmt: skip
    code, out, err = run(capsys, *argv, "--url", world["url"])
    assert code == EXIT_OK, err
    # Local JSON cannot deduplicate: full refresh, overwrite.
    assert out.splitlines()[-1] == "stream: refunds full_refresh overwrite"
    assert "status: inactive" in out.splitlines()
    assert "schedule: cron 0 0 12 * * ? (UTC)" in out.splitlines()


def test_an_unknown_stream_creates_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _connections(world["url"])
    argv = ["connections", "create", "--source", world["Postgres (production replica)"],
            "--destination", world["Snowflake"], "--url", world["url"]]  # fmt: skip
    code, out, err = run(capsys, *argv, "--stream", "public/users", "--stream", "nope")
    assert (code, out) == (EXIT_FAILED, "")
    assert err == (
        "error: source 'Postgres (production replica)' has no stream nope (its streams:"
        " public/users, public/orders)\n"
    )
    code, out, err = run(capsys, *argv, "--stream", "users", "--json")
    assert code == EXIT_FAILED
    error = orjson.loads(out)["error"]
    assert error["type"] == "UnknownStreamError"
    assert error["exit_code"] == EXIT_FAILED
    assert error["message"].endswith("has no stream users; did you mean --stream public/users?")
    assert _connections(world["url"]) == before


def test_a_sync_mode_that_does_not_fit_creates_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _connections(world["url"])
    argv = ["connections", "create", "--source", world["Postgres (production replica)"],
            "--destination", world["Snowflake"], "--sync-mode", "incremental_append",
            "--url", world["url"]]  # fmt: skip
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_FAILED, "")
    assert "does not fit stream public/users: it has no cursor" in err
    assert "nothing was created" in err
    assert _connections(world["url"]) == before


def test_a_dry_run_creates_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    before = _connections(world["url"])
    argv = ["connections", "create", "--source", world["Stripe"], "--destination",
            world["Snowflake"], "--stream", "invoices", "--sync-mode", "full_refresh_append",
            "--dry-run", "--url", world["url"]]  # fmt: skip
    code, out, err = run(capsys, *argv, "--json")
    assert code == EXIT_OK, err
    doc = orjson.loads(out)
    assert doc["dry_run"] is True
    assert doc["connection_id"] is None
    [invoices] = [s for s in doc["streams"] if s["selected"]]
    assert (invoices["name"], invoices["sync_mode"], invoices["destination_sync_mode"]) == (
        "invoices",
        "full_refresh",
        "append",
    )
    code, out, err = run(capsys, *argv)
    assert code == EXIT_OK
    assert "connection_id" not in out
    assert err == "dry run: no connection was created\n"
    assert _connections(world["url"]) == before


def test_an_unknown_source_exits_1(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["connections", "create", "--source", SOME_ID, "--destination", world["Snowflake"]]
    code, out, err = run(capsys, *argv, "--url", world["url"])
    assert (code, out) == (EXIT_FAILED, "")
    assert SOME_ID in err


def test_a_failed_discover_creates_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["connections", "create", "--source", world["wrong"], "--destination",
            world["Snowflake"], "--url", world["url"]]  # fmt: skip
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_FAILED, "")
    # A 0.40 server gives no failure reason: the check says why.
    assert err == (
        "error: discovering the schema of source 'wrong password' failed; aioairbyte sources"
        f" check {world['wrong']} says why\n"
    )
    found, url = world["modern"], world["modern_url"]
    argv = ["connections", "create", "--source", found["wrong"], "--destination",
            found["Snowflake"], "--url", url, "--client-id", APP[0], "--client-secret",
            APP[1]]  # fmt: skip
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_FAILED, "")
    assert "failed: State code: 28P01; Message: FATAL: password authentication failed" in err


def test_checks(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    url = world["url"]
    good, wrong = world["Postgres (production replica)"], world["wrong"]
    assert run(capsys, "sources", "check", good, "--url", url) == (
        EXIT_OK,
        f"{good}: succeeded\n",
        "",
    )
    message = 'State code: 28P01; Message: FATAL: password authentication failed for user "airbyte"'
    assert run(capsys, "sources", "check", wrong, "--url", url) == (
        EXIT_FAILED,
        f"{wrong}: failed: {message}\n",
        "",
    )
    code, out, _ = run(capsys, "sources", "check", wrong, "--url", url, "--json")
    doc = orjson.loads(out)
    assert code == EXIT_FAILED
    assert (doc["source_id"], doc["status"], doc["message"]) == (wrong, "failed", message)
    uuid.UUID(doc["job_id"])
    code, out, _ = run(capsys, "destinations", "check", world["Snowflake"], "--url", url, "--json")
    assert code == EXIT_OK
    assert orjson.loads(out)["status"] == "succeeded"
    code, out, err = run(capsys, "sources", "check", SOME_ID, "--url", url)
    assert (code, out) == (EXIT_FAILED, "")
    assert "Could not find configuration for SOURCE_CONNECTION" in err


def test_the_modern_profile(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    url, found = world["modern_url"], world["modern"]
    auth = ["--url", url, "--client-id", APP[0], "--client-secret", APP[1]]
    code, out, err = run(capsys, "sources", "check", found["wrong"], *auth)
    assert code == EXIT_FAILED, err
    assert "password authentication failed" in out
    argv = ["connections", "create", "--source", found["Stripe"], "--destination",
            found["Snowflake"], "--stream", "charges", "--json"]  # fmt: skip
    code, out, err = run(capsys, *argv, *auth)
    assert code == EXIT_OK, err
    doc = orjson.loads(out)
    [charges] = [s for s in doc["streams"] if s["selected"]]
    assert charges["destination_sync_mode"] == "append_dedup"
    assert APP[1] not in out + err


# A server mocked with aioresponses: the answers the command reads before the create.

MOCK = "http://airbyte.test/api"
WORKSPACE, DEFINITION = str(uuid.UUID(int=1, version=4)), str(uuid.UUID(int=2, version=4))
SOURCE, DESTINATION = str(uuid.UUID(int=3, version=4)), str(uuid.UUID(int=4, version=4))
JOB = {"id": str(uuid.UUID(int=5, version=4)), "configType": "discover_schema",
       "createdAt": 0, "endedAt": 0, "succeeded": True}  # fmt: skip


def _mock_reads(m: aioresponses, streams: list[dict[str, Any]] | None = None) -> None:
    actor = {"workspaceId": WORKSPACE, "connectionConfiguration": {}, "name": "x"}
    m.post(f"{MOCK}/v1/sources/get", payload={**actor, "sourceId": SOURCE,
           "sourceDefinitionId": DEFINITION, "sourceName": "Faker"})  # fmt: skip
    m.post(f"{MOCK}/v1/destinations/get", payload={**actor, "destinationId": DESTINATION,
           "destinationDefinitionId": DEFINITION, "destinationName": "Local"})  # fmt: skip
    stream = {"name": "users", "jsonSchema": {}, "supportedSyncModes": ["full_refresh"]}
    config = {"syncMode": "full_refresh", "destinationSyncMode": "append"}
    if streams is None:
        streams = [{"stream": stream, "config": config}]
    m.post(f"{MOCK}/v1/sources/discover_schema",
           payload={"jobInfo": JOB, "catalog": {"streams": streams}})  # fmt: skip
    m.post(f"{MOCK}/v1/destination_definition_specifications/get",
           payload={"destinationDefinitionId": DEFINITION, "jobInfo": JOB})  # fmt: skip


@pytest.mark.parametrize("answer", [500, "dropped"])
def test_a_lost_create_answer_is_not_resent(
    answer: int | str, capsys: pytest.CaptureFixture[str]
) -> None:
    with aioresponses() as m:
        _mock_reads(m)
        create = f"{MOCK}/v1/connections/create"
        if answer == "dropped":
            m.post(create, exception=aiohttp.ServerDisconnectedError(), repeat=True)
        else:
            m.post(create, status=500, payload={"message": "boom"}, repeat=True)
        argv = ["connections", "create", "--source", SOURCE, "--destination", DESTINATION]
        code, out, err = run(capsys, *argv, "--url", MOCK)
        sent = [key for key in m.requests if str(key[1]).endswith("/connections/create")]
        assert len(m.requests[sent[0]]) == 1  # sent once, never again
    assert (code, out) == (EXIT_API, "")
    assert "the server may have created the connection: look for it (aioairbyte" in err
    assert "connections list --name 'x → x') before running this again" in err


def test_a_source_without_streams_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with aioresponses() as m:
        _mock_reads(m, streams=[])
        argv = ["connections", "create", "--source", SOURCE, "--destination", DESTINATION]
        code, out, err = run(capsys, *argv, "--url", MOCK)
        assert not [key for key in m.requests if str(key[1]).endswith("/connections/create")]
    assert (code, out) == (EXIT_FAILED, "")
    assert err == "error: source 'x' has no streams: nothing to create\n"


def test_a_check_slower_than_its_timeout_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    async def slow(url: Any, **kwargs: Any) -> CallbackResult:
        await asyncio.sleep(5)
        return CallbackResult(payload={})  # pragma: no cover - cancelled before

    with aioresponses() as m:
        m.post(f"{MOCK}/v1/sources/check_connection", callback=slow, repeat=True)
        code, out, err = run(capsys, "sources", "check", SOURCE, "--timeout", "0.05", "--url",
                             MOCK, "--json")  # fmt: skip
    assert code == EXIT_FAILED
    error = orjson.loads(out)["error"]
    assert error["message"] == f"the check of source {SOURCE} did not end within 0.05 s (--timeout)"
    assert error["exit_code"] == EXIT_FAILED
    assert "did not end within 0.05 s" in err
