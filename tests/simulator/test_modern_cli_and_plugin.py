"""The modern profile from the command line and through the pytest plugin."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp
import pytest

from aioairbyte.simulator import Profile, SimulatedAirbyte
from aioairbyte.simulator.__main__ import main

from .test_cli_and_plugin import READY, _env


async def test_cli_serves_the_modern_profile() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-W",
        "error",
        "-m",
        "aioairbyte.simulator",
        "--port",
        "0",
        "--profile",
        "modern",
        "--client-id",
        "X",
        "--client-secret",
        "Y",
        "--token-lifetime",
        "120",
        "--max-running-jobs",
        "1",
        "--sync-start-delay",
        "0.5",
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
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{url}/v1/workspaces/list_paginated", json={}) as response:
                assert response.status == 401
            async with session.post(
                f"{url}/public/v1/applications/token",
                data={"client_id": "X", "client_secret": "Y", "grant-type": "client_credentials"},
            ) as response:
                grant = await response.json()
            assert grant["expires_in"] == 120
            headers = {"Authorization": f"Bearer {grant['access_token']}"}
            async with session.post(
                f"{url}/v1/workspaces/list_by_user_id",
                json={"userId": "00000000-0000-0000-0000-000000000000"},
                headers=headers,
            ) as response:
                assert len((await response.json())["workspaces"]) == 1
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert (process.returncode, stdout, stderr) == (0, b"", b"")
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()


def test_cli_rejects_bad_modern_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--profile", "modern", "--client-id", "X"])
    assert "--client-secret" in capsys.readouterr().err
    assert main(["--profile", "modern", "--auth", "u:p"]) == 2
    assert "auth" in capsys.readouterr().err
    assert main(["--max-running-jobs", "2"]) == 2
    assert "modern" in capsys.readouterr().err


@pytest.fixture
def airbyte_simulator_profile() -> Profile:
    return Profile.MODERN


async def test_fixture_takes_the_profile(airbyte_simulator: SimulatedAirbyte) -> None:
    assert airbyte_simulator.config.profile is Profile.MODERN
    assert airbyte_simulator.config.application is None
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{airbyte_simulator.url}/v1/workspaces/get",
            json={"workspaceId": str(airbyte_simulator.workspace_id)},
        ) as response,
    ):
        assert "organizationId" in await response.json()


@pytest.mark.airbyte_simulator(application=("a", "b"), max_running_jobs=3)
async def test_marker_sets_options(airbyte_simulator: SimulatedAirbyte) -> None:
    assert airbyte_simulator.config.max_running_jobs == 3
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{airbyte_simulator.url}/v1/workspaces/get", json={}) as response,
    ):
        assert response.status == 401
