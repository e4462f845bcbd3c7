"""SIGTERM (what ``timeout``, systemd and Kubernetes send) behaves like Ctrl-C: the jobs the run
started are cancelled, one line says so, and the exit status is 143."""

from __future__ import annotations

import asyncio
import signal
import sys

import orjson

from aioairbyte.cli import EXIT_TERMINATED
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

SYNC = "/api/v1/connections/sync"
GET_LIGHT = "/api/v1/jobs/get_light"


async def test_sigterm_cancels_owned_jobs_and_exits_143() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        ids = [sim.add_connection(outcome=Outcome.HANG) for _ in range(4)]
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "aioairbyte",
            "sync",
            "--all",
            "--url",
            sim.url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        # Every job started and polled once: the run is waiting on them.
        await asyncio.wait_for(
            sim.stats.wait_until(lambda s: s.requests_by_path[GET_LIGHT] >= len(ids)), 30
        )
        assert len(sim.unfinished_jobs()) == len(ids)
        proc.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == EXIT_TERMINATED == 143
        assert sim.unfinished_jobs() == []
        assert all(len(sim.jobs_for(cid)) == 1 for cid in ids)
        notice = [line for line in err.decode().splitlines() if "terminated" in line]
        assert notice == ["terminated: jobs started by this run were cancelled"]
        assert "Traceback" not in err.decode()


async def test_json_reports_the_servers_numbers_for_a_timed_out_job() -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(attempt_duration=1.0)) as sim:
        cid = sim.add_connection(outcome=Outcome.HANG)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "aioairbyte",
            "sync",
            str(cid),
            "--url",
            sim.url,
            "--timeout",
            "2.5",
            "--json",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    report = orjson.loads(out)
    [outcome] = report["outcomes"]
    assert outcome["status"] == "timed_out"
    result = outcome["result"]
    assert result["status"] == "cancelled"  # after the cancel, as the server has it
    assert result["attempts"] == 1
    assert result["duration"] >= 2
    assert proc.returncode == 1
