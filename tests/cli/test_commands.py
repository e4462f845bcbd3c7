"""What each command prints and where: results on stdout (one full line per item when piped,
one JSON document with --json), progress and errors on stderr; the new commands."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import orjson
import pytest

from aioairbyte import AirbyteClient

from ._sim import UNREACHABLE, run, start, stop, with_client


@pytest.fixture
def sim() -> Iterator[str]:
    proc, url = start("--connections", "3", "--attempt-duration", "0.05")
    yield url
    stop(proc)


def _ids(url: str) -> list[str]:
    async def ids(client: AirbyteClient) -> list[str]:
        [workspace] = await client.workspaces.list()
        return [str(c.connection_id) for c in await client.connections.list(workspace.workspace_id)]

    return with_client(url, ids)


def _statuses(url: str) -> dict[str, str]:
    async def statuses(client: AirbyteClient) -> dict[str, str]:
        [workspace] = await client.workspaces.list()
        listed = await client.connections.list(workspace.workspace_id)
        return {c.name: c.status.value for c in listed}

    return with_client(url, statuses)


def test_connections_list_piped_is_one_line_per_connection(
    sim: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "connections", "list", "--url", sim)
    assert code == 0
    assert len(out.splitlines()) == 3  # `aioairbyte connections list | wc -l` counts them
    assert err == ""
    for line, cid in zip(sorted(out.splitlines()), sorted(_ids(sim)), strict=True):
        assert line.split("\t")[0] == cid  # the whole id, first field


def test_health_prints_on_stdout(sim: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "health", "--url", sim) == (0, f"{sim}: available\n", "")


def test_sync_results_on_stdout_progress_and_totals_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    proc, url = start("--connections", "2", "--attempt-duration", "0.05", "--outcome", "fail")
    try:
        code, out, err = run(capsys, "sync", "--all", "--url", url)
        json_code, json_out, _ = run(capsys, "sync", "--all", "--url", url, "--json")
    finally:
        stop(proc)
    assert code == json_code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    reason = "system_error: Something went wrong within the source connector"
    for line in lines:
        fields = line.split("\t")
        assert uuid.UUID(fields[0])  # the full id, never cut
        assert fields[1].startswith("connection-00")  # the name
        assert fields[2] == "failed"
        assert fields[-1] == reason  # the whole reason, never cut or wrapped
    assert "2 connections: 2 failed" in err
    report = orjson.loads(json_out)
    assert [o["name"] for o in report["outcomes"]] == ["connection-001", "connection-002"]
    for outcome in report["outcomes"]:
        assert outcome["job_id"] == outcome["result"]["job_id"]
        assert outcome["error"]["type"] == "JobFailedError"
        assert outcome["error"]["job_id"] == outcome["job_id"]


def test_no_wait_prints_lines_not_reprs(sim: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sync", "--all", "--no-wait", "--url", sim)
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 3
    assert all(f[3] == "started" and f[2].isdigit() for f in lines)
    code, out, _ = run(capsys, "sync", "--all", "--no-wait", "--url", sim, "--json")
    rows = orjson.loads(out)
    assert [r["name"] for r in rows] == ["connection-001", "connection-002", "connection-003"]


def test_an_unreachable_server_is_one_unwrapped_error_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "connections", "list", "--url", UNREACHABLE)
    assert code == 3
    assert out == ""
    [line] = err.splitlines()  # no retry warnings, no hard wrap at 80 columns
    assert line.startswith("error: ")
    assert "cannot connect" in line
    assert len(line) > 80
    code, out, err = run(capsys, "connections", "list", "--url", UNREACHABLE, "-v")
    assert "gave up on" in err  # -v shows the library's warnings: retries ran out
    code, out, err = run(capsys, "connections", "list", "--url", UNREACHABLE, "-vv")
    assert "retrying" in err  # -vv each retry


def test_a_url_without_api_is_hinted(sim: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = sim.removesuffix("/api")
    code, out, err = run(capsys, "connections", "list", "--url", root, "--json")
    assert code == 3
    error = orjson.loads(out)["error"]
    assert error["type"] == "UnsupportedOperationError"
    assert f"try --url {root}/api" in error["message"]
    assert "base_url" not in err
    assert "--url" in err


def test_cli_messages_name_the_flags(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "health", "--url", "not-a-url")
    assert code == 2
    assert "--url" in err
    assert "base_url" not in err
    code, _, err = run(capsys, "sync", "--all", "--concurrency", "0")
    assert code == 2
    assert "--concurrency" in err
    code, _, err = run(capsys, "demo", "--token", "t")
    assert code == 2
    assert "demo takes no --token" in err


def test_a_401_is_exit_3_and_never_echoes_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    proc, url = start("--auth", "airbyte:password", "--connections", "1")
    try:
        missing = run(capsys, "connections", "list", "--url", url)
        refused = run(capsys, "sync", "--all", "--url", url, "--password", "pw-CANARY", "--json")
    finally:
        stop(proc)
    assert missing[0] == refused[0] == 3
    assert "401" in missing[2]
    error = orjson.loads(refused[1])["error"]
    assert error["type"] == "AuthenticationError"
    assert error["status"] == 401
    assert "pw-CANARY" not in refused[1] + refused[2]


def test_sync_selects_by_name_and_status(sim: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sync", "--all", "--name", "*-00[13]", "--url", sim, "--json")
    assert code == 0
    assert sorted(o["name"] for o in orjson.loads(out)["outcomes"]) == [
        "connection-001",
        "connection-003",
    ]
    assert run(capsys, "connections", "pause", "--all", "--name", "*-002", "--url", sim)[0] == 0
    code, out, _ = run(capsys, "sync", "--all", "--status", "inactive", "--url", sim, "--json")
    assert [o["name"] for o in orjson.loads(out)["outcomes"]] == ["connection-002"]
    code, out, err = run(capsys, "sync", "--all", "--name", "nothing*", "--url", sim)
    assert (code, out) == (0, "")
    assert "no connections selected" in err


def test_pause_dry_run_sends_nothing_then_pause_and_resume(
    sim: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "connections", "pause", "--all", "--dry-run", "--url", sim)
    assert code == 0
    assert [line.split("\t")[2] for line in out.splitlines()] == [
        "would change active -> inactive"
    ] * 3
    assert "dry run: nothing was sent" in err
    assert set(_statuses(sim).values()) == {"active"}

    first = _ids(sim)[0]
    code, out, _ = run(capsys, "connections", "pause", first, "--url", sim, "--json")
    doc = orjson.loads(out)
    assert doc["dry_run"] is False
    assert doc["changes"] == [
        {
            "connection_id": first,
            "name": "connection-001",
            "from": "active",
            "to": "inactive",
            "changed": True,
            "error": None,
        }
    ]
    assert _statuses(sim)["connection-001"] == "inactive"
    code, out, _ = run(capsys, "connections", "resume", "--all", "--url", sim)
    assert code == 0
    assert sorted(line.split("\t")[2] for line in out.splitlines()) == [
        "changed inactive -> active",
        "unchanged (active)",
        "unchanged (active)",
    ]
    assert set(_statuses(sim).values()) == {"active"}


def test_connections_get(sim: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = _ids(sim)[0]
    code, out, _ = run(capsys, "connections", "get", first, "--url", sim, "--json")
    doc = orjson.loads(out)
    assert code == 0
    assert doc["connection_id"] == first
    assert doc["name"] == "connection-001"
    assert doc["status"] == "active"
    assert doc["streams"]
    code, out, _ = run(capsys, "connections", "get", first, "--url", sim)
    assert f"connection_id: {first}" in out.splitlines()


def test_jobs_list_logs_and_cancel(capsys: pytest.CaptureFixture[str]) -> None:
    proc, url = start(
        "--connections", "1", "--attempt-duration", "0.05", "--outcome", "fail", "--log-lines", "5"
    )
    try:
        [cid] = _ids(url)
        for _ in range(3):
            assert run(capsys, "sync", cid, "--url", url)[0] == 1
        assert run(capsys, "reset", cid, "--url", url)[0] in (0, 1)
        code, out, _ = run(capsys, "jobs", "list", "--connection", cid, "--url", url, "--json")
        jobs = orjson.loads(out)
        assert code == 0
        assert len(jobs) == 4
        assert [j["job_id"] for j in jobs] == sorted((j["job_id"] for j in jobs), reverse=True)
        code, out, _ = run(
            capsys, "jobs", "list", "--connection", cid, "--config-type", "sync",
            "--status", "failed", "--limit", "2", "--url", url,
        )  # fmt: skip
        rows = [line.split("\t") for line in out.splitlines()]
        assert len(rows) == 2
        assert all(r[1:3] == ["sync", "failed"] for r in rows)

        job = str(jobs[-1]["job_id"])  # the first sync: three failed attempts
        code, out, err = run(capsys, "jobs", "logs", job, "--url", url)
        assert code == 0
        assert len(out.splitlines()) >= 5
        assert f"job {job}, attempt 3 of 3" in err
        code, out, _ = run(capsys, "jobs", "logs", job, "--attempt", "1", "--url", url, "--json")
        logs = orjson.loads(out)
        assert (logs["attempt"], logs["attempts"]) == (1, 3)
        assert logs["lines"]

        started = orjson.loads(run(capsys, "sync", cid, "--no-wait", "--url", url, "--json")[1])
        running = str(started[0]["job_id"])
        code, out, _ = run(capsys, "jobs", "cancel", running, "--url", url, "--json")
        cancelled = orjson.loads(out)
        assert code == 0
        assert cancelled["job_id"] == int(running)
        assert cancelled["status"] == "cancelled"
        code, out, _ = run(capsys, "jobs", "wait", running, "--url", url)
        assert code == 1
        assert out.splitlines()[-1].startswith(f"job {running} cancelled")
    finally:
        stop(proc)


def test_jobs_wait_reports_each_attempt(capsys: pytest.CaptureFixture[str]) -> None:
    proc, url = start("--connections", "1", "--attempt-duration", "1.2", "--outcome", "fail")
    try:
        [cid] = _ids(url)
        started = orjson.loads(run(capsys, "sync", cid, "--no-wait", "--url", url, "--json")[1])
        job = started[0]["job_id"]
        code, out, err = run(capsys, "jobs", "wait", str(job), "--url", url)
    finally:
        stop(proc)
    assert code == 1
    lines = out.splitlines()  # the lines are results: stdout
    # Each new attempt is a line (polls may miss one that fails between two of them).
    attempts = [int(n) for n in re.findall(rf"^job {job}: running \(attempt (\d)\)$", out, re.M)]
    assert attempts[0] == 1, lines
    assert max(attempts) > 1, lines
    assert lines[-1].startswith(f"job {job} failed after 3 attempts")
    assert err == ""
