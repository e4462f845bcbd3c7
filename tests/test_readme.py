"""The README's Python: the Quickstart runs as written (twice in a row, against the simulator's
modern profile, changing nothing but the job it starts), and every other block compiles."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aioairbyte import AirbyteClient, ClientCredentials
from aioairbyte.models import ConnectionRead, ConnectionStatus, JobStatus

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLIENT_ID, CLIENT_SECRET = "readme-app", "readme-secret"
FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[tuple[str, int, str]]:
    """Every ```python block: the section it is in, its first line number, its code."""
    text = README.read_text()
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()]
        headings = re.findall(r"^## (.+)$", before, re.MULTILINE)
        blocks.append((headings[-1] if headings else "", before.count("\n") + 2, match[1]))
    return blocks


def quickstart() -> str:
    found = [code for section, _, code in python_blocks() if section == "Quickstart"]
    assert len(found) == 1, "the Quickstart has one python block"
    return found[0]


def _env() -> dict[str, str]:
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


@contextlib.contextmanager
def simulator(attempt_duration: float) -> Iterator[str]:
    """The modern profile with an application and 3 connections, in a subprocess; its URL.

    The Quickstart calls ``asyncio.run``, so it runs in a process of its own and the simulator
    in another one.
    """
    proc = subprocess.Popen(
        [
            *(sys.executable, "-W", "error", "-m", "aioairbyte.simulator", "--port", "0"),
            *("--profile", "modern", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET),
            *("--connections", "3", "--attempt-duration", str(attempt_duration)),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the server is ready
        assert line.startswith("Simulated Airbyte listening on "), line
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


@pytest.fixture
def simulator_url() -> Iterator[str]:
    """``SimulatorConfig(profile="modern", application=..., connections=3,
    attempt_duration=0.05)`` in a subprocess."""
    with simulator(0.05) as url:
        yield url


async def run_quickstart(url: str, directory: Path) -> list[str]:
    """Run the README's Quickstart as a script against ``url``; the lines it printed."""
    script = directory / "quickstart.py"
    script.write_text(quickstart())
    env = {
        **_env(),
        "AIRBYTE_URL": url,
        "AIRBYTE_CLIENT_ID": CLIENT_ID,
        "AIRBYTE_CLIENT_SECRET": CLIENT_SECRET,
    }
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-W", "error", str(script)),
        env=env,
        cwd=directory,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    stdout, stderr = out.decode(), err.decode()
    assert process.returncode == 0, f"{stdout}\n{stderr}"
    assert stderr == ""
    return stdout.splitlines()


def check_output(lines: list[str], connections: list[ConnectionRead]) -> int:
    """Check what the Quickstart printed; the id of the job it followed."""
    assert len(lines) == 5, lines
    for connection, line in zip(connections, lines, strict=False):
        assert line == f"{connection.connection_id} {connection.name} active"
    job = re.fullmatch(r"job (\d+) succeeded (\d+|None) records", lines[3])
    assert job, lines
    first = connections[0].connection_id
    assert lines[4] == f'{{"connectionId":"{first}","status":"inactive"}}'
    return int(job[1])


def test_readme_has_a_quickstart_that_reads_its_settings_from_the_environment() -> None:
    code = quickstart()
    assert 'os.environ["AIRBYTE_CLIENT_ID"]' in code
    assert 'os.environ["AIRBYTE_CLIENT_SECRET"]' in code
    assert 'os.environ.get("AIRBYTE_URL", "http://localhost:8000/api")' in code
    assert "asyncio.run(main())" in code


@pytest.mark.parametrize(
    ("section", "line", "code"),
    python_blocks(),
    ids=[f"{section or 'top'}-line{line}" for section, line, _ in python_blocks()],
)
def test_every_python_block_compiles(section: str, line: int, code: str) -> None:
    # Fragments (an ``async with`` at top level, ``...`` bodies) are fine: top-level await is
    # allowed, as in an asyncio REPL or a notebook.
    compile(code, f"README.md:{line}", "exec", flags=0x2000)  # PyCF_ALLOW_TOP_LEVEL_AWAIT


async def test_quickstart_runs_twice_and_changes_nothing_but_its_jobs(
    simulator_url: str, tmp_path: Path
) -> None:
    auth = ClientCredentials(CLIENT_ID, CLIENT_SECRET)
    async with AirbyteClient(simulator_url, auth=auth) as client:
        workspace = (await client.workspaces.list())[0]
        before = await client.connections.list(workspace.workspace_id)
        assert len(before) == 3

        job_ids = [check_output(await run_quickstart(simulator_url, tmp_path), before)]
        job_ids.append(check_output(await run_quickstart(simulator_url, tmp_path), before))

        # Two runs, two jobs, both of the first connection, both over; nothing else changed.
        assert job_ids[0] != job_ids[1]
        after = await client.connections.list(workspace.workspace_id)
        assert after == before
        assert all(c.status is ConnectionStatus.ACTIVE for c in after)
        jobs = (await client.jobs.list(before[0].connection_id)).jobs
        assert sorted(j.job.id for j in jobs) == sorted(job_ids)
        assert all(j.job.status is JobStatus.SUCCEEDED for j in jobs)
        for other in before[1:]:
            assert (await client.jobs.list(other.connection_id)).jobs == []


async def test_quickstart_follows_a_sync_already_running(tmp_path: Path) -> None:
    """Issue #12: the Quickstart's ConflictError branch used to end in an UnboundLocalError."""
    auth = ClientCredentials(CLIENT_ID, CLIENT_SECRET)
    with simulator(3.0) as url:
        async with AirbyteClient(url, auth=auth) as client:
            workspace = (await client.workspaces.list())[0]
            before = await client.connections.list(workspace.workspace_id)
            running = await client.connections.sync(before[0].connection_id)
            assert not running.job.status.is_terminal

            assert check_output(await run_quickstart(url, tmp_path), before) == running.job.id
            jobs = (await client.jobs.list(before[0].connection_id)).jobs
            assert [j.job.id for j in jobs] == [running.job.id]
