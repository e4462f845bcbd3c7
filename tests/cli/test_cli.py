"""The command line, against a simulated Airbyte in a subprocess: exit codes and JSON output."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest

from aioairbyte.cli import EXIT_API, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

from ._sim import start as _start
from ._sim import stop as _stop

CANARY = "pw-CANARY-cli-31f"


@pytest.fixture
def sim_url() -> Iterator[str]:
    proc, url = _start("--connections", "3", "--attempt-duration", "0.1")
    yield url
    _stop(proc)


@pytest.fixture
def failing_sim_url() -> Iterator[str]:
    proc, url = _start(
        "--connections", "2", "--attempt-duration", "0.05", "--outcome", "config_error"
    )
    yield url
    _stop(proc)


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return orjson.loads(capsys.readouterr().out)


def test_health_json(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["health", "--url", sim_url, "--json"]) == EXIT_OK
    assert _json(capsys) == {"available": True, "url": sim_url}


def test_connections_list_json(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connections", "list", "--url", sim_url, "--json"]) == EXIT_OK
    rows = _json(capsys)
    assert isinstance(rows, list)
    assert [r["status"] for r in rows] == ["active"] * 3
    assert sorted(r["name"] for r in rows) == ["connection-001", "connection-002", "connection-003"]


def test_sync_all_succeeds_with_json_summary(
    sim_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--all", "--url", sim_url, "--json"]) == EXIT_OK
    report = _json(capsys)
    assert isinstance(report, dict)
    assert report["summary"] == {
        "succeeded": 3,
        "failed": 0,
        "cancelled": 0,
        "timed_out": 0,
        "error": 0,
    }
    assert all(o["result"]["status"] == "succeeded" for o in report["outcomes"])
    assert all(o["result"]["attempts"] == 1 for o in report["outcomes"])


def test_sync_failures_exit_non_zero(
    failing_sim_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--all", "--url", failing_sim_url, "--json"]) == EXIT_FAILED
    report = _json(capsys)
    assert isinstance(report, dict)
    assert report["summary"]["failed"] == 2
    reason = report["outcomes"][0]["result"]["failure_reasons"][0]
    assert reason["type"] == "config_error"
    assert reason["retryable"] is False


def test_no_wait_then_jobs_wait(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connections", "list", "--url", sim_url, "--json"]) == EXIT_OK
    first = _json(capsys)[0]["connection_id"]  # type: ignore[index]
    assert main(["sync", first, "--no-wait", "--url", sim_url, "--json"]) == EXIT_OK
    started = _json(capsys)
    assert isinstance(started, list)
    job_id = started[0]["job_id"]
    assert started[0]["attached"] is False
    assert main(["jobs", "wait", str(job_id), "--url", sim_url, "--json"]) == EXIT_OK
    result = _json(capsys)
    assert isinstance(result, dict)
    assert result["job_id"] == job_id
    assert result["status"] == "succeeded"


def test_reset_selected_workspace(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["connections", "list", "--url", sim_url, "--json"]) == EXIT_OK
    workspace = _json(capsys)[0]["workspace_id"]  # type: ignore[index]
    assert main(["reset", "--workspace", workspace, "--url", sim_url, "--json"]) == EXIT_OK
    report = _json(capsys)
    assert isinstance(report, dict)
    assert {o["result"]["config_type"] for o in report["outcomes"]} == {"reset_connection"}


@pytest.mark.parametrize(
    "argv",
    [
        ["sync"],
        ["sync", "not-a-uuid"],
        ["sync", "--all", "--workspace", "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11", "x"],
    ],
)
def test_bad_input_exits_2(sim_url: str, argv: list[str]) -> None:
    assert main([*argv, "--url", sim_url]) == EXIT_USAGE


def test_unreachable_server_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    code = main(["health", "--url", "http://127.0.0.1:9/api"])
    assert code == EXIT_API
    assert "cannot connect" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [[], ["--json"], ["--no-wait"]], ids=["table", "json", "no-wait"])
def test_sync_against_an_unreachable_server_exits_3(
    extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Waits retry until their deadline, so without --timeout the run would wait for the server
    # forever: the CLI checks that it is there first.
    cid = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"
    code = main(["sync", cid, "--url", "http://127.0.0.1:9/api", *extra])
    assert code == EXIT_API
    assert "cannot connect" in capsys.readouterr().err


def test_wrong_password_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    proc, url = _start("--auth", "airbyte:password")
    try:
        code = main(["health", "--url", url, "--username", "airbyte", "--password", CANARY])
    finally:
        _stop(proc)
    captured = capsys.readouterr()
    assert code == EXIT_API
    assert "401" in captured.err
    assert CANARY not in captured.err + captured.out


def test_demo_json_runs_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["demo", "--connections", "8", "--attempt-duration", "0.1", "--timeout", "1.5", "--json"]
    )
    report = _json(capsys)
    assert code == EXIT_OK  # every connection ended as planned
    assert isinstance(report, dict)
    assert report["summary"]["timed_out"] == 1
    assert report["summary"]["failed"] == 2
    assert report["summary"]["succeeded"] == 5


def test_summary_shows_why_a_wait_lost_its_job(capsys: pytest.CaptureFixture[str]) -> None:
    import uuid

    from aioairbyte import AuthenticationError, ConnectionOutcome, JobResult, JobWaitError
    from aioairbyte.cli.bulk import report
    from aioairbyte.cli.output import Output
    from aioairbyte.fanout import BulkResult, OutcomeStatus
    from aioairbyte.models import JobConfigType, JobRead, JobStatus

    cid = uuid.uuid4()
    job = JobRead(
        id=42,
        config_type=JobConfigType.SYNC,
        config_id=str(cid),
        created_at=1,
        updated_at=2,
        status=JobStatus.RUNNING,
    )
    cause = AuthenticationError("Unauthorized", status=401, operation="POST /v1/jobs/get_light")
    error = JobWaitError(JobResult.from_job(job, None), cause, cancelled=False, owned=False)
    outcome = ConnectionOutcome(
        connection_id=cid, status=OutcomeStatus.ERROR, result=error.result, error=error
    )
    report(BulkResult([outcome]), {cid: "orders"}, Output(tty=False))
    [line] = capsys.readouterr().out.splitlines()  # piped: one full line per connection
    fields = line.split("\t")
    assert fields[:4] == [str(cid), "orders", "error", "42"]
    assert fields[-1] == "401 Unauthorized"


MODERN_SECRET = "cs-CANARY-cli-9e2a"


@pytest.fixture
def modern_sim_url() -> Iterator[str]:
    proc, url = _start(
        "--profile", "modern", "--client-id", "cli-app", "--client-secret", MODERN_SECRET,
        "--connections", "3", "--attempt-duration", "0.1",
    )  # fmt: skip
    yield url
    _stop(proc)


def test_sync_all_on_a_modern_server_with_application_credentials(
    modern_sim_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--all`` without ``--workspace`` lists workspaces the 2.x way; credentials from the env."""
    monkeypatch.setenv("AIRBYTE_CLIENT_ID", "cli-app")
    monkeypatch.setenv("AIRBYTE_CLIENT_SECRET", MODERN_SECRET)
    code = main(["sync", "--all", "--url", modern_sim_url, "--json"])
    captured = capsys.readouterr()
    assert code == EXIT_OK, captured.err
    report = orjson.loads(captured.out)
    assert report["summary"]["succeeded"] == 3
    assert sum(report["summary"].values()) == 3
    assert MODERN_SECRET not in captured.out + captured.err


def test_wrong_client_secret_exits_3_naming_the_token_url(
    modern_sim_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["connections", "list", "--url", modern_sim_url, "--client-id", "cli-app",
         "--client-secret", CANARY, "--workspace", "00000000-0000-4000-8000-000000000001"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == EXIT_API
    assert "applications/token" in captured.err
    assert CANARY not in captured.err + captured.out


def test_a_client_id_without_its_secret_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRBYTE_CLIENT_SECRET", raising=False)
    code = main(["health", "--url", "http://127.0.0.1:9/api", "--client-id", "cli-app"])
    assert code == EXIT_USAGE
    assert "client secret" in capsys.readouterr().err


def test_demo_runs_the_modern_profile_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--connections", "6", "--attempt-duration", "0.1", "--timeout", "2.5"])
    err = capsys.readouterr().err
    assert code == EXIT_OK, err
    assert "1.x/2.x" in err
    assert "AIRBYTE_CLIENT_ID" in err
    assert "tokens issued" in err


def test_demo_profile_040(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["demo", "--profile", "0.40", "--connections", "6", "--attempt-duration", "0.1",
         "--timeout", "2.5", "--json"]
    )  # fmt: skip
    assert code == EXIT_OK
    assert _json(capsys)["summary"]["timed_out"] == 1  # type: ignore[index]
