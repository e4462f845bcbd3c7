"""One exit-code contract for every command and mode, table-driven: commands x situations
(success, job failed, timeout, bad input, unreachable server, wrong credentials, unknown id),
each run as text and as ``--json``.

0 all succeeded; 1 a job did not succeed (failed, cancelled, timed out) or an id is unknown;
2 bad input, checked before any request (every bad-input case points at an unreachable URL: a
request would make it 3); 3 the server unreachable, not the API, refusing or rejecting the
credentials. With ``--json`` stdout is one JSON document whatever happened; without, no Python
repr and no traceback anywhere.
"""

from __future__ import annotations

import shlex
import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

import aioairbyte.cli.options
from aioairbyte import AirbyteClient, RetryConfig
from aioairbyte.cli import EXIT_API, EXIT_FAILED, EXIT_OK, EXIT_USAGE

from ._sim import UNREACHABLE, run, start, stop, with_client

World = dict[str, Any]
UNKNOWN_ID = str(uuid.UUID(int=12345, version=4))


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Five servers: healthy, failing every job, hanging every job, behind basic auth (0.40),
    and a modern one (clear, refresh); and the ids and jobs the cases name."""
    ok, ok_url = start("--connections", "3", "--attempt-duration", "0.05")
    bad, bad_url = start(
        "--connections", "2", "--attempt-duration", "0.05", "--outcome", "config_error"
    )
    hang, hang_url = start("--connections", "3", "--attempt-duration", "0.2", "--outcome", "hang")
    auth, auth_url = start("--connections", "1", "--auth", "airbyte:password")
    modern, modern_url = start(
        "--profile", "modern", "--connections", "2", "--attempt-duration", "0.05"
    )
    try:

        async def ids(client: AirbyteClient) -> list[str]:
            [workspace] = await client.workspaces.list()
            return [str(c) for c in await client.connections.active_ids(workspace.workspace_id)]

        async def finished(client: AirbyteClient) -> int:
            cid = (await ids(client))[0]
            result = await client.connections.sync_and_wait(cid, raise_on_failure=False)
            return result.job_id

        async def started(client: AirbyteClient) -> list[int]:
            return [(await client.connections.sync(c)).job.id for c in (await ids(client))[:2]]

        hung, to_cancel = with_client(hang_url, started)
        world: World = {
            "ok": ok_url,
            "ok_root": ok_url.removesuffix("/api"),
            "ok_job": with_client(ok_url, finished),
            "bad": bad_url,
            "bad_job": with_client(bad_url, finished),
            "hang": hang_url,
            "hang_job": hung,
            "cancel_job": to_cancel,
            "auth": auth_url,
            "modern": modern_url,
            "unknown": UNKNOWN_ID,
        }
        for name, url in (("ok", ok_url), ("hang", hang_url)):
            for index, cid in enumerate(with_client(url, ids)):
                world[f"{name}_id{index}"] = cid
        yield world
    finally:
        for proc in (ok, bad, hang, auth, modern):
            stop(proc)


WRONG = "--username airbyte --password wrong"

# (case, the command line with {placeholders} from the world, expected exit code)
CASES: list[tuple[str, str, int]] = [
    ("health/success", "health --url {ok}", EXIT_OK),
    ("health/bad-url", "health --url not-a-url", EXIT_USAGE),
    ("health/no-api", "health --url {ok_root}", EXIT_API),
    ("list/success", "connections list --url {ok}", EXIT_OK),
    ("list/bad", "connections list --workspace x", EXIT_USAGE),
    ("list/unknown", "connections list --workspace {unknown} --url {ok}", EXIT_FAILED),
    ("get/success", "connections get {ok_id0} --url {ok}", EXIT_OK),
    ("get/bad", "connections get not-a-uuid", EXIT_USAGE),
    ("get/unknown", "connections get {unknown} --url {ok}", EXIT_FAILED),
    ("pause/success", "connections pause --all --dry-run --url {ok}", EXIT_OK),
    ("pause/bad", "connections pause --all --workspace {unknown}", EXIT_USAGE),
    ("pause/unknown", "connections pause {unknown} --url {ok}", EXIT_FAILED),
    ("sync/success", "sync {ok_id0} {ok_id1} --url {ok}", EXIT_OK),
    ("sync/failed", "sync --all --url {bad}", EXIT_FAILED),
    ("sync/timeout", "sync {hang_id2} --timeout 1 --url {hang}", EXIT_FAILED),
    ("sync/bad-repeat", "sync {unknown} {unknown}", EXIT_USAGE),
    ("sync/bad-all-workspace", "sync --all --workspace {unknown}", EXIT_USAGE),
    ("sync/bad-name-with-ids", "sync {unknown} --name 'x*'", EXIT_USAGE),
    ("sync/unknown", "sync {unknown} --url {ok}", EXIT_FAILED),
    ("no-wait/success", "sync {ok_id2} --no-wait --url {ok}", EXIT_OK),
    ("no-wait/bad-concurrency", "sync --all --no-wait --concurrency -1", EXIT_USAGE),
    ("no-wait/bad-repeat", "sync {unknown} {unknown} --no-wait", EXIT_USAGE),
    ("no-wait/unknown", "sync {unknown} --no-wait --url {ok}", EXIT_FAILED),
    ("reset/success", "reset --all --url {ok}", EXIT_OK),
    ("reset/bad-timeout", "reset --all --timeout 0", EXIT_USAGE),
    ("reset/unknown-stream", "reset {ok_id0} --stream nope --url {ok}", EXIT_FAILED),
    ("clear/success", "clear --all --stream public/users --url {modern}", EXIT_OK),
    ("clear/unsupported", "clear --all --url {ok}", EXIT_API),  # 0.40 has no clear
    ("refresh/bad-mode", "refresh --all --mode append", EXIT_USAGE),
    ("wait/success", "jobs wait {ok_job} --url {ok}", EXIT_OK),
    ("wait/failed", "jobs wait {bad_job} --url {bad}", EXIT_FAILED),
    ("wait/timeout", "jobs wait {hang_job} --timeout 1 --url {hang}", EXIT_FAILED),
    ("wait/bad", "jobs wait abc", EXIT_USAGE),
    ("wait/unknown", "jobs wait 999999 --url {ok}", EXIT_FAILED),
    ("cancel/success", "jobs cancel {cancel_job} --url {hang}", EXIT_OK),
    ("cancel/bad", "jobs cancel -1", EXIT_USAGE),
    ("cancel/unknown", "jobs cancel 999999 --url {ok}", EXIT_FAILED),
    ("jobs-list/success", "jobs list --connection {ok_id0} --url {ok}", EXIT_OK),
    ("jobs-list/bad", "jobs list --limit 5", EXIT_USAGE),
    ("jobs-list/unknown", "jobs list --connection {unknown} --url {ok}", EXIT_FAILED),
    ("logs/success", "jobs logs {bad_job} --url {bad}", EXIT_OK),
    ("logs/bad", "jobs logs 1 --attempt 0", EXIT_USAGE),
    ("logs/unknown", "jobs logs 999999 --url {ok}", EXIT_FAILED),
    ("logs/unknown-attempt", "jobs logs {ok_job} --attempt 9 --url {ok}", EXIT_FAILED),
    # demo: its options are checked as strictly, and it takes no server options
    ("demo/bad-connections", "demo --connections 0", EXIT_USAGE),
    ("demo/bad-attempt-duration", "demo --attempt-duration 0", EXIT_USAGE),
    ("demo/bad-url", "demo --url {ok}", EXIT_USAGE),
    ("demo/bad-password", "demo --password x", EXIT_USAGE),
]
# The server-side failures, for every command that talks to a server.
for _name, _argv in {
    "health": "health",
    "list": "connections list",
    "get": "connections get {unknown}",
    "pause": "connections pause {unknown}",
    "sync": "sync {unknown}",
    "sync-all": "sync --all",
    "no-wait": "sync {unknown} --no-wait",
    "clear": "clear {unknown}",
    "wait": "jobs wait 1",
    "cancel": "jobs cancel 1",
    "jobs-list": "jobs list --connection {unknown}",
    "logs": "jobs logs 1",
}.items():
    CASES.append((f"{_name}/unreachable", f"{_argv} --url {UNREACHABLE}", EXIT_API))
    CASES.append((f"{_name}/wrong-credentials", f"{_argv} --url {{auth}} {WRONG}", EXIT_API))


def _bad_input_url(argv: list[str]) -> list[str]:
    # Bad input must be refused before any request: aimed at a server that is not there, a
    # request would turn the 2 into a 3.
    if argv[0] == "demo" or "--url" in argv:
        return argv
    return [*argv, "--url", UNREACHABLE]


class _QuickRetries(AirbyteClient):
    """The CLI's client with short retry waits: an unreachable server is given up on in
    milliseconds rather than ~2.5 s (the exit code is what is tested here, not the backoff)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        quick = RetryConfig(initial_backoff=0.001, max_backoff=0.001)
        super().__init__(*args, retry=quick, **kwargs)


@pytest.mark.parametrize("mode", ["text", "json"])
@pytest.mark.parametrize(("line", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_exit_code(
    world: World,
    line: str,
    expected: int,
    mode: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if UNREACHABLE in line:
        monkeypatch.setattr(aioairbyte.cli.options, "AirbyteClient", _QuickRetries)
    args = shlex.split(line.format_map(world))
    if expected == EXIT_USAGE:
        args = _bad_input_url(args)
    if mode == "json":
        args = [*args, "--json"]
    code, out, err = run(capsys, *args)
    assert code == expected, (args, out, err)
    assert "Traceback" not in out + err
    assert "wrong" not in out + err.replace("wrong credentials", "")  # the password is never shown
    if mode == "json":
        doc = orjson.loads(out)  # exactly one JSON document, whatever happened
        if expected in (EXIT_USAGE, EXIT_API):
            errors = _errors(doc)
            assert errors, doc
            assert all(e["type"] and e["message"] for e in errors)
            assert any(e["exit_code"] == expected for e in errors)
    else:
        assert "{'" not in out  # never a Python repr
    if expected in (EXIT_USAGE, EXIT_API):
        assert "error: " in err
    if expected == EXIT_USAGE:
        # One line, before anything else is drawn (no progress bar, no retries).
        assert len(err.strip().splitlines()) == 1, err


def _errors(doc: Any) -> list[dict[str, Any]]:
    """Every error object in a JSON document (top level, per outcome, per row)."""
    found: list[dict[str, Any]] = []
    if isinstance(doc, dict):
        error = doc.get("error")
        if isinstance(error, dict):
            found.append(error)
        for value in doc.values():
            if isinstance(value, list | dict):
                found += _errors(value)
    elif isinstance(doc, list):
        for item in doc:
            found += _errors(item)
    return found
