"""The command line entry point and the pytest plugin."""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from aioairbyte import BasicAuth
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig
from aioairbyte.simulator.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"Simulated Airbyte listening on (http://127\.0\.0\.1:(\d+)/api)\n")


def _env() -> dict[str, str]:
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_cli_serves_until_signalled(signum: signal.Signals) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-W",
        "error",
        "-m",
        "aioairbyte.simulator",
        "--port",
        "0",
        "--connections",
        "2",
        "--auth",
        "airbyte:password",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=_env(),
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        ready = READY.fullmatch(line)
        assert ready, line
        url = ready[1]
        # aiohttp 3.14 deprecates aiohttp.BasicAuth (and the session's auth=): send the header.
        auth = {"Authorization": BasicAuth("airbyte", "password").header()}
        async with aiohttp.ClientSession(headers=auth) as session:
            async with session.get(f"{url}/v1/health") as response:
                assert await response.json() == {"available": True}
            async with session.post(f"{url}/v1/workspaces/list") as response:
                workspace = (await response.json())["workspaces"][0]["workspaceId"]
            async with session.post(
                f"{url}/v1/connections/list", json={"workspaceId": workspace}
            ) as response:
                assert len((await response.json())["connections"]) == 2
        process.send_signal(signum)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0
        assert stdout == b""
        assert stderr == b""
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()


def test_cli_rejects_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--jitter", "3"]) == 2
    assert "jitter" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--auth", "no-colon"])


async def test_fixture_serves(airbyte_simulator: SimulatedAirbyte) -> None:
    assert airbyte_simulator.config.attempt_duration == 0.05
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{airbyte_simulator.url}/v1/health") as response,
    ):
        assert await response.json() == {"available": True}


@pytest.fixture
def airbyte_simulator_config() -> SimulatorConfig:
    return SimulatorConfig(attempt_duration=0.05, connections=1)


async def test_fixture_config_can_be_overridden(airbyte_simulator: SimulatedAirbyte) -> None:
    assert airbyte_simulator.config.connections == 1


# --- The plugin in someone else's project: a fresh pytest in a temporary directory -------------

NO_PYTEST_ASYNCIO = 'raise ModuleNotFoundError(f"No module named {__name__!r}", name=__name__)\n'
"""A ``pytest_asyncio`` package that cannot be imported, shadowing the installed one.

pytest imports its plugins through its assertion-rewriting import hook, which looks modules up on
``sys.path`` itself: a blocking ``sys.meta_path`` finder does not stop it, and a ``None`` in
``sys.modules`` breaks pytest. A package first on ``PYTHONPATH`` whose import raises the very
error of a missing module does, for every importer.
"""

USES_FIXTURE = """\
import aiohttp


async def test_it(airbyte_simulator):
    async with aiohttp.ClientSession() as session:
        async with session.get(airbyte_simulator.url + "/v1/health") as response:
            assert await response.json() == {"available": True}
"""


def _plugin_args() -> list[str]:
    # Once installed, the pytest11 entry point "aioairbyte" loads the plugin by itself.
    installed = importlib.metadata.entry_points(group="pytest11", name="aioairbyte")
    return [] if installed else ["-p", "aioairbyte.simulator.pytest_plugin"]


def _project(root: Path, ini: str, **tests: str) -> Path:
    """A project of its own (its own pytest.ini, so this repository's settings do not apply)."""
    project = root / "project"
    project.mkdir()
    (project / "pytest.ini").write_text(f"[pytest]\n{ini}")
    for name, text in tests.items():
        (project / f"{name}.py").write_text(text)
    return project


def _pytest(project: Path, *args: str, without_pytest_asyncio: bool = False) -> tuple[int, str]:
    """Run pytest on ``project`` in a subprocess; its exit code and output."""
    env = _env()
    if without_pytest_asyncio:
        shadow = project.parent / "shadow"
        (shadow / "pytest_asyncio").mkdir(parents=True, exist_ok=True)
        (shadow / "pytest_asyncio" / "__init__.py").write_text(NO_PYTEST_ASYNCIO)
        env["PYTHONPATH"] = os.pathsep.join([str(shadow), env["PYTHONPATH"]])
        # The pytest11 entry point of pytest-asyncio is there too; in an environment without
        # pytest-asyncio it is not.
        args = ("-p", "no:asyncio", *args)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *_plugin_args(), *args, "-p", "no:cacheprovider"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def test_pytest_runs_without_pytest_asyncio(tmp_path: Path) -> None:
    """Installing aioairbyte does not break pytest in a project without pytest-asyncio."""
    project = _project(tmp_path, "", test_plain="def test_x():\n    assert 1\n")
    code, output = _pytest(project, "-W", "error", without_pytest_asyncio=True)
    assert code == 0, output
    assert "1 passed" in output
    assert "pytest_asyncio" not in output
    # The marker is registered all the same.
    code, output = _pytest(project, "--markers", without_pytest_asyncio=True)
    assert code == 0, output
    assert "@pytest.mark.airbyte_simulator(**options)" in output


def test_the_fixture_says_what_it_needs_without_pytest_asyncio(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "",
        test_uses_fixture=USES_FIXTURE,
        test_plain="def test_x():\n    assert 1\n",
    )
    code, output = _pytest(project, "-rA", without_pytest_asyncio=True)
    assert code == 1, output
    assert "1 passed, 1 error" in output, output
    # One line, no traceback: what is missing and how to get it.
    assert "needs pytest-asyncio>=0.24 to run it (pip install pytest-asyncio)" in output
    assert "pytest_asyncio cannot be imported" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("ini", "marker"),
    [
        ("asyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n", ""),
        ("asyncio_default_fixture_loop_scope = function\n", "import pytest\n\n\n"),
        # pytest-asyncio's default for fixtures ("fixture-scope") and another one: the fixture
        # declares its own loop scope, the test's.
        ("asyncio_mode = auto\nasyncio_default_fixture_loop_scope = fixture-scope\n", ""),
        ("asyncio_mode = auto\nasyncio_default_fixture_loop_scope = session\n", ""),
    ],
    ids=["auto-mode", "strict-mode-marker", "fixture-scope-default", "session-default"],
)
def test_the_fixture_works_with_pytest_asyncio_without_warnings(
    tmp_path: Path, ini: str, marker: str
) -> None:
    test = USES_FIXTURE
    if marker:
        test = marker + test.replace("async def", "@pytest.mark.asyncio\nasync def")
    project = _project(tmp_path, ini, test_uses_plugin=test)
    code, output = _pytest(project, "-W", "error", "-q")
    assert code == 0, output
    assert "1 passed" in output
    assert "warning" not in output.lower()


def test_the_fixture_says_what_it_needs_with_pytest_asyncio(tmp_path: Path) -> None:
    """Strict mode without the marker, or a sync test: a message instead of a hang or a riddle."""
    project = _project(
        tmp_path,
        "asyncio_default_fixture_loop_scope = function\n",
        test_unmarked=USES_FIXTURE,
        test_sync="def test_sync(airbyte_simulator):\n    pass\n",
        test_module_loop="import pytest\n\n\n"
        + USES_FIXTURE.replace("async def", '@pytest.mark.asyncio(loop_scope="module")\nasync def'),
    )
    code, output = _pytest(project, "-W", "error", "-rA")
    assert code == 1, output
    assert "3 error" in output, output
    assert 'mark the test @pytest.mark.asyncio, or set asyncio_mode = "auto"' in output
    assert "use it in an async test (async def)" in output
    assert "this test runs in the module-scoped one: give it loop_scope='function'" in output
    assert "Traceback" not in output
    code, output = _pytest(project, "-p", "no:asyncio", "-rA", "test_sync.py")
    assert "pytest-asyncio is installed but not active" in output, output
