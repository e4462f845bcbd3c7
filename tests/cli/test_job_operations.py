"""``clear`` and ``refresh`` (and ``reset --stream``): the bulk contract of ``sync``/``reset`` on
a modern server, one clear error on 0.40, ``--stream`` and ``--mode`` checked before any request;
and the live progress of running jobs (records, bytes) in the bulk commands and ``jobs wait``."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import orjson
import pytest
import pytest_asyncio

from aioairbyte import AirbyteClient
from aioairbyte.cli import EXIT_API, EXIT_FAILED, EXIT_OK, EXIT_USAGE, build_parser, main
from aioairbyte.cli.bulk import missing_streams
from aioairbyte.cli.options import stream_label, stream_value
from aioairbyte.cli.output import (
    Output,
    ProgressView,
    human_bytes,
    human_count,
    progress_line,
)
from aioairbyte.fanout import ConnectionOutcome, OutcomeStatus
from aioairbyte.models import ConnectionStream, JobConfigType, JobRead, JobStatus
from aioairbyte.results import JobProgress, JobResult, JobUpdate
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from ._sim import UNREACHABLE, run, start, stop

# -- --stream and --mode, before any request ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "namespace"),
    [
        ("users", "users", None),
        ("public/users", "users", "public"),
        ("orders.v2", "orders.v2", None),  # a dot is part of the name, never a separator
        ("sales.eu/orders.v2", "orders.v2", "sales.eu"),
        ("files/reports/2024", "reports/2024", "files"),  # the namespace ends at the first /
        ("/reports/2024", "reports/2024", None),  # a leading / says: no namespace
        ("public/my stream", "my stream", "public"),
    ],
)
def test_stream_syntax(text: str, name: str, namespace: str | None) -> None:
    stream = stream_value(text)
    assert stream == ConnectionStream(stream_name=name, stream_namespace=namespace)
    assert stream_value(stream_label(stream)) == stream  # what messages show reads back


def test_stream_and_mode_reach_the_parsed_arguments() -> None:
    parser = build_parser()
    args = parser.parse_args(["refresh", "--all", "--stream", "public/users", "--stream", "x"])
    assert args.mode == "truncate"  # the default
    assert [stream_label(s) for s in args.streams] == ["public/users", "x"]
    assert parser.parse_args(["refresh", "--all", "--mode", "merge"]).mode == "merge"
    for command in ("clear", "reset"):
        assert parser.parse_args([command, "--all"]).streams is None  # every stream


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["refresh", "--all", "--mode", "append"], "--mode"),
        (["refresh", "--all", "--mode"], "--mode"),
        (["clear", "--all", "--mode", "merge"], "--mode"),  # refresh only
        (["clear", "--all", "--stream", ""], "--stream"),
        (["reset", "--all", "--stream", "public/"], "--stream"),
        (["refresh", "--all", "--stream", "a", "--stream", "a"], "--stream a is given twice"),
        (["sync", "--all", "--stream", "users"], "a sync runs every selected stream"),
        (["clear"], "nothing to do"),
        (["refresh", "--all", "--workspace", str(uuid.uuid4())], "not several"),
    ],
)
def test_bad_input_exits_2_before_any_request(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Aimed at a server that is not there: a request would make it a 3.
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, *argv, "--url", UNREACHABLE, *extra)
        assert code == EXIT_USAGE, err
        [line] = err.splitlines()
        assert line.startswith("error: ")
        assert says in line
        if extra:
            assert orjson.loads(out)["error"]["exit_code"] == EXIT_USAGE


# -- progress rendering ----------------------------------------------------------------------------


def _job(job_id: int, cid: uuid.UUID, status: JobStatus = JobStatus.RUNNING) -> JobRead:
    return JobRead(
        id=job_id,
        config_type=JobConfigType.SYNC,
        config_id=str(cid),
        created_at=1,
        updated_at=2,
        status=status,
    )


def _progress(job_id: int, cid: uuid.UUID, records: int | None, size: int | None) -> JobProgress:
    return JobProgress(
        job_id=job_id,
        connection_id=cid,
        records_emitted=records,
        records_committed=0,
        bytes_emitted=size,
        bytes_committed=0,
        streams=[],
        job=_job(job_id, cid),
    )


def test_human_sizes() -> None:
    assert [human_count(n) for n in (0, 999, 1000, 12_345, 1_234_567, 999_999)] == [
        "0", "999", "1k", "12.3k", "1.23M", "1M",
    ]  # fmt: skip
    assert [human_bytes(n) for n in (512, 4_660_000, 340_000_000, 10**13)] == [
        "512 B", "4.66 MB", "340 MB", "10 TB",
    ]  # fmt: skip


def test_progress_line() -> None:
    cid = uuid.uuid4()
    event = _progress(42, cid, 12_345, 4_660_000)
    assert progress_line(event, "orders") == f"job 42: 12,345 records, 4.66 MB (orders {cid})"
    assert progress_line(event, None) == f"job 42: 12,345 records, 4.66 MB ({cid})"
    assert progress_line(event, connection=False) == "job 42: 12,345 records, 4.66 MB"
    # Nothing read yet: the committed figures (the destination's) stand in.
    assert progress_line(_progress(7, cid, None, None), connection=False) == "job 7: 0 records, 0 B"


def _view(capsys: pytest.CaptureFixture[str], verbose: int) -> tuple[ProgressView, uuid.UUID]:
    capsys.readouterr()
    cid = uuid.uuid4()
    return ProgressView(Output(tty=False), 2, "sync", verbose=verbose, names={cid: "orders"}), cid


def test_progress_view_totals_the_jobs_figures(capsys: pytest.CaptureFixture[str]) -> None:
    view, first = _view(capsys, verbose=0)
    second = uuid.uuid4()
    for cid, job in ((first, 1), (second, 2)):
        view(JobUpdate(job_id=job, connection_id=cid, status=JobStatus.RUNNING, attempt=1,
                       job=_job(job, cid)))  # fmt: skip
    assert view.description() == "[cyan]running 2[/]"  # no figures yet: none shown
    view(_progress(1, first, 1_000_000, 300_000_000))
    view(_progress(2, second, 200_000, 40_000_000))
    view(_progress(1, first, 1_100_000, 330_000_000))  # the newest report replaces the last
    assert view.description() == "[cyan]running 2[/]  1.3M records  370 MB"
    # A finished job counts with its own result's figures.
    done = _job(2, second, JobStatus.SUCCEEDED)
    result = JobResult(job_id=2, connection_id=second, config_type=JobConfigType.SYNC,
                       status=JobStatus.SUCCEEDED, duration=6.0, attempts_count=1,
                       records_synced=250_000, bytes_synced=50_000_000, failure_reasons=[],
                       job=done)  # fmt: skip
    view(ConnectionOutcome(connection_id=second, status=OutcomeStatus.SUCCEEDED, result=result))
    assert view.description() == (
        "[cyan]running 1[/]  [green]succeeded 1[/]  1.35M records  380 MB"
    )
    assert capsys.readouterr() == ("", "")  # without -v no line: the bar shows the figures
    assert view.wants_progress is False  # piped, without -v: nothing would show the reports


def test_progress_view_prints_a_line_per_report_with_v(capsys: pytest.CaptureFixture[str]) -> None:
    view, cid = _view(capsys, verbose=1)
    assert view.wants_progress is True
    view(_progress(9, cid, 2_048, 1_500_000))
    out, err = capsys.readouterr()
    assert out == ""  # stdout holds results only
    assert err == f"job 9: 2,048 records, 1.5 MB (orders {cid})\n"


# -- against the simulator ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def old_sim() -> Iterator[str]:
    """Airbyte 0.40: no clear, no refresh, no reset of single streams."""
    proc, url = start("--connections", "2", "--attempt-duration", "0.05")
    yield url
    stop(proc)


@pytest.mark.parametrize(
    ("argv", "what", "operation"),
    [
        (["clear", "--all"], "clear", "/v1/connections/clear"),
        (["clear", "--all", "--no-wait"], "clear", "/v1/connections/clear"),
        (["reset", "--all", "--stream", "public/users"], "reset --stream",
         "/v1/connections/reset/stream"),
        (["refresh", "--all"], "refresh", "/v1/connections/refresh"),
    ],
)  # fmt: skip
def test_on_0_40_the_new_operations_are_one_clear_error(
    old_sim: str, argv: list[str], what: str, operation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv, "--url", old_sim, "--json")
    assert code == EXIT_API, err
    error = orjson.loads(out)["error"]  # one error for the command, not one per connection
    assert error["type"] == "UnsupportedOperationError"
    assert error["exit_code"] == EXIT_API
    assert error["message"] == (
        f"{what} needs Airbyte 1.x or 2.x: this server has no {operation} (it is an older version)"
    )
    assert f"error: {error['message']}" in err


@pytest_asyncio.fixture
async def modern() -> AsyncIterator[SimulatedAirbyte]:
    """A modern Airbyte in this process (the command runs in a thread: it has its own loop)."""
    config = SimulatorConfig(profile="modern", attempt_duration=0.05)
    async with SimulatedAirbyte(config=config) as sim:
        for _ in range(3):
            sim.add_connection()
        yield sim


async def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def test_clear_and_refresh_on_a_modern_server(
    modern: SimulatedAirbyte, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = modern.url
    code, out, err = await _main(capsys, "clear", "--all", "--url", url, "--json")
    assert code == EXIT_OK, err
    report = orjson.loads(out)
    assert report["summary"]["succeeded"] == 3
    assert {o["result"]["config_type"] for o in report["outcomes"]} == {"reset_connection"}

    sent: list[dict[str, Any]] = []
    refresh_many = AirbyteClient.refresh_many

    async def spy(self: AirbyteClient, *args: Any, **kwargs: Any) -> Any:
        sent.append(kwargs)
        return await refresh_many(self, *args, **kwargs)

    monkeypatch.setattr(AirbyteClient, "refresh_many", spy)
    code, out, err = await _main(
        capsys, "refresh", "--all", "--mode", "merge", "--stream", "public/users", "--url", url
    )
    assert code == EXIT_OK, err
    lines = [line.split("\t") for line in out.splitlines()]  # piped: one line per connection
    assert [f[2] for f in lines] == ["succeeded"] * 3
    assert sent[0]["mode"] == "merge"
    assert sent[0]["streams"] == [ConnectionStream(stream_name="users", stream_namespace="public")]
    for f in lines:
        [job] = [j for j in modern.jobs_for(f[0]) if j["job"]["id"] == int(f[3])]
        assert job["job"]["configType"] == "refresh"
        assert job["job"]["refreshConfig"]["streamsToRefresh"] == [
            {"name": "users", "namespace": "public"}
        ]


async def test_a_stream_a_connection_lacks_is_refused_for_it_alone(
    modern: SimulatedAirbyte, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [str(c) for c in await _ids(modern)]
    code, out, _ = await _main(capsys, "reset", *ids[:2], "--stream", "users", "--url",
                               modern.url, "--json")  # fmt: skip
    assert code == EXIT_FAILED
    outcomes = orjson.loads(out)["outcomes"]
    assert [o["status"] for o in outcomes] == ["error", "error"]
    assert outcomes[0]["error"]["type"] == "UnknownStreamError"
    assert outcomes[0]["error"]["exit_code"] == EXIT_FAILED
    assert "did you mean --stream public/users?" in outcomes[0]["error"]["message"]
    assert all(modern.jobs_for(cid) == [] for cid in ids)  # nothing was started


async def test_missing_streams_suggests_the_namespace(modern: SimulatedAirbyte) -> None:
    async with AirbyteClient(modern.url) as client:  # its streams: public/users, public/orders
        connection = await client.connections.get((await _ids(modern))[0])
    name = connection.name
    assert missing_streams(connection, [stream_value("public/users")]) is None
    error = missing_streams(connection, [stream_value("public/orders"), stream_value("users")])
    assert error is not None
    assert error.code == EXIT_FAILED
    assert str(error) == (
        f"connection {name!r} has no stream users; did you mean --stream public/users?"
    )
    error = missing_streams(connection, [stream_value("public/userz")])
    assert str(error).endswith("(its streams: public/users, public/orders)")


async def test_a_refresh_its_destination_cannot_run_is_an_error(
    modern: SimulatedAirbyte, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = await _ids(modern)
    async with AirbyteClient(modern.url) as client:
        # Every seeded connection writes to the same destination.
        modern.set_refresh_support((await client.connections.get(ids[0])).destination_id, False)
    code, out, err = await _main(capsys, "refresh", "--all", "--url", modern.url)
    assert code == EXIT_FAILED  # a job that did not run, not a server that refused
    rows = [line.split("\t") for line in out.splitlines()]
    assert [(f[0], f[2], f[-1]) for f in rows] == [
        (
            str(cid),
            "error",
            f"refresh of {cid} started no job and none is running: its destination may not"
            " support refreshes",
        )
        for cid in ids
    ]
    assert "3 connections: 3 error" in err


async def _ids(sim: SimulatedAirbyte) -> list[uuid.UUID]:
    async with AirbyteClient(sim.url) as client:
        return [c.connection_id for c in await client.connections.list(sim.workspace_id)]


async def test_progress_of_jobs_running_longer_than_a_progress_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The one slow test (about 8 s): progress is read every PROGRESS_EVERY (5) seconds."""
    config = SimulatorConfig(profile="modern", attempt_duration=7.0)
    async with SimulatedAirbyte(config=config) as sim:
        waited, synced = sim.add_connection(), sim.add_connection()
        async with AirbyteClient(sim.url) as client:
            job = (await client.connections.sync(waited)).job.id
        # `sync -v` in a process of its own (separate streams), `jobs wait` here, at once.
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "aioairbyte", "sync", str(synced), "-v", "--url", sim.url,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        (code, out, err), (sync_out, sync_err) = await asyncio.gather(
            _main(capsys, "jobs", "wait", str(job), "--url", sim.url), proc.communicate()
        )
    assert code == EXIT_OK, err
    lines = out.splitlines()  # like its status lines: stdout (stderr with --json)
    assert any(line.startswith(f"job {job}: ") and " records, " in line for line in lines), out
    assert lines[-1].startswith(f"job {job} succeeded")
    assert proc.returncode == EXIT_OK, sync_err
    progress = [line for line in sync_err.decode().splitlines() if " records, " in line]
    assert progress, sync_err
    assert progress[0].endswith(f"(connection-002 {synced})")
    assert "records" not in sync_out.decode()  # stdout: the result line only
    [result] = sync_out.decode().splitlines()
    assert result.split("\t")[:3] == [str(synced), "connection-002", "succeeded"]
