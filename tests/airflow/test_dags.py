"""End to end on a real Airflow: ``airflow db migrate``, then ``airflow dags test`` of DAGs whose
deferrable tasks sync connections on the simulator (modern profile, application tokens).

The scenarios DAG covers a success, a failed job, a 409 attach, a retry after a crash that must
not start a second job, and timeouts (deferred and blocking) that must cancel the job; the
README's example DAG is run as written.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from aioairbyte import AirbyteClient, ClientCredentials
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import APP, ROOT, dags_test

# One worker runs these (one metadata database migrated); the rest of the suite runs beside it.
pytestmark = [pytest.mark.timeout(240), pytest.mark.xdist_group("airflow")]

EXAMPLE = ROOT / "examples" / "airflow_dag.py"


class SkippingClock:
    """The wall clock, which the test can move forward at once (the simulator's job clock)."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def time(self) -> float:
        return time.time() + self.skipped

    def skip(self, seconds: float) -> None:
        self.skipped += seconds


def server_figures(job: dict[str, Any]) -> tuple[int, int]:
    """The last attempt's records and bytes, as the simulated server reports them."""
    attempt = job["attempts"][-1]
    return attempt["recordsSynced"], attempt["bytesSynced"]


async def test_scenarios_on_a_real_airflow(airflow_home: Path) -> None:
    clock = SkippingClock()
    config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.5, clock=clock)
    async with (
        SimulatedAirbyte(config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        ids = {
            # Runs until the attach task has attached to it (see on_line), however long
            # Airflow takes to get there.
            "attach": sim.add_connection("attach", attempt_duration=3600.0),
            "success": sim.add_connection("success"),
            "failed": sim.add_connection("failed", outcome=Outcome.FAIL, attempt_duration=0.2),
            "crash_retry": sim.add_connection("crash_retry"),
            "timeout": sim.add_connection("timeout", outcome=Outcome.HANG),
            "blocking_timeout": sim.add_connection("blocking_timeout", outcome=Outcome.HANG),
        }
        many = [sim.add_connection(f"many-{i}") for i in range(3)]
        already_running = await client.connections.sync(ids["attach"])

        attached = f"on connection {ids['attach']} (attached)"

        def on_line(line: str) -> None:
            if attached in line:
                clock.skip(3600.0)  # the job the task follows ends now

        run = await dags_test(
            airflow_home,
            "airbyte_scenarios",
            url=sim.url,
            conf={**{k: str(v) for k, v in ids.items()}, "many": [str(c) for c in many]},
            on_line=on_line,
        )
        tasks = run.tasks
        jobs = {name: sim.jobs_for(cid) for name, cid in ids.items()}

        states = {task_id: task["state"] for task_id, task in tasks.items()}
        assert states == {
            "attach": "success",
            "success": "success",
            "failed": "failed",
            "crash_retry": "success",
            "timeout": "failed",
            "blocking_timeout": "failed",
            "many": "success",
        }, run.log[-5000:]
        # No task started a second job, and no job is left running.
        assert {name: len(found) for name, found in jobs.items()} == dict.fromkeys(ids, 1)
        assert sim.unfinished_jobs() == []

        # 409: the task followed the job that was already running, and did not own it.
        attached = tasks["attach"]["xcom"]["return_value"]
        assert attached["job_id"] == already_running.job.id
        assert attached["owned"] is False
        assert attached["status"] == "succeeded"

        # Success: the outcome's figures are the server's.
        outcome = tasks["success"]["xcom"]["return_value"]
        job = jobs["success"][0]
        assert outcome["job_id"] == job["job"]["id"]
        assert (outcome["status"], outcome["attempts"]) == ("succeeded", 1)
        assert (outcome["records_synced"], outcome["bytes_synced"]) == server_figures(job)

        # A failed job fails the task with the server's reasons.
        (failed,) = tasks["failed"]["xcom"]["outcomes"]
        assert failed["status"] == "failed"
        assert failed["attempts"] == len(jobs["failed"][0]["attempts"]) == 3
        assert failed["failure_reasons"]
        assert failed["failure_reasons"][0]["message"]
        assert f"sync job {failed['job_id']} of connection {ids['failed']} failed" in run.log

        # The crash: try 1 started the job and died; try 2 followed that same job.
        assert tasks["crash_retry"]["try_number"] == 2
        crash_job = jobs["crash_retry"][0]["job"]
        assert crash_job["status"] == "succeeded"
        assert tasks["crash_retry"]["xcom"]["return_value"]["job_id"] == crash_job["id"]
        assert re.search(rf"sync job {crash_job['id']} on connection \S+ \(resumed\)", run.log)

        # Timeouts: the deferred task's trigger and the blocking task cancelled their jobs.
        for name in ("timeout", "blocking_timeout"):
            assert jobs[name][0]["job"]["status"] == "cancelled", name
        (timed_out,) = tasks["timeout"]["xcom"]["outcomes"]
        assert (timed_out["status"], timed_out["cancelled"]) == ("timed_out", True)

        # Many connections, one task, one event with every outcome in input order.
        bulk = tasks["many"]["xcom"]["return_value"]
        assert bulk["summary"] == {"succeeded": 3}
        assert [o["connection_id"] for o in bulk["outcomes"]] == [str(c) for c in many]
        assert [o["job_id"] for o in bulk["outcomes"]] == [
            sim.jobs_for(c)[0]["job"]["id"] for c in many
        ]

        # The application's secret appears nowhere in what Airflow logged.
        assert APP[1] not in run.log


def _readme_dag() -> str:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    return next(block for block in blocks if 'dag_id="airbyte_syncs"' in block)


def test_readme_shows_the_example_dag_as_committed() -> None:
    assert _readme_dag() == EXAMPLE.read_text()


async def test_readme_example_dag_runs(airflow_home: Path, tmp_path: Path) -> None:
    dags = tmp_path / "dags"
    dags.mkdir()
    shutil.copy(EXAMPLE, dags / EXAMPLE.name)
    config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.5)
    async with SimulatedAirbyte(config) as sim:
        orders = sim.add_connection("orders")
        warehouse = [sim.add_connection(f"warehouse-{i}") for i in range(4)]
        run = await dags_test(
            airflow_home,
            "airbyte_syncs",
            url=sim.url,
            dags=dags,
            variables={
                "orders_connection_id": str(orders),
                "warehouse_connection_ids": json.dumps([str(c) for c in warehouse]),
            },
        )
        assert {t: task["state"] for t, task in run.tasks.items()} == {
            "sync_orders": "success",
            "sync_warehouse": "success",
        }, run.log[-5000:]
        for cid in (orders, *warehouse):
            (job,) = sim.jobs_for(cid)
            assert job["job"]["status"] == "succeeded"
        assert run.tasks["sync_warehouse"]["xcom"]["return_value"]["summary"] == {"succeeded": 4}
