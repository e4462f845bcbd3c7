"""The command line entry point and the pytest plugin."""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

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
        auth = aiohttp.BasicAuth("airbyte", "password")
        async with aiohttp.ClientSession(auth=auth) as session:
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


async def test_plugin_loads_in_a_fresh_pytest(tmp_path: Path) -> None:
    (tmp_path / "test_uses_plugin.py").write_text(
        "import aiohttp\n\n\n"
        "async def test_it(airbyte_simulator):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        async with session.get(airbyte_simulator.url + '/v1/health') as response:\n"
        "            assert await response.json() == {'available': True}\n"
    )
    # Once installed, the pytest11 entry point "aioairbyte" loads the plugin by itself.
    installed = importlib.metadata.entry_points(group="pytest11", name="aioairbyte")
    plugin = [] if installed else ["-p", "aioairbyte.simulator.pytest_plugin"]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "pytest",
        *plugin,
        "--asyncio-mode=auto",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
        "-W",
        "error",
        "-q",
        "-p",
        "no:cacheprovider",
        str(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,
        env=_env(),
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, output.decode()
    assert b"1 passed" in output
