"""A real Airflow for the end-to-end tests: a metadata database migrated once per session, and
``airflow dags test`` run as users run it, in a subprocess, against the simulator."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = Path(__file__).resolve().parent / "dags"
APP = ("airflow-app", "airflow-secret-canary-7d1f")


def airflow_env(home: Path, dags: Path) -> dict[str, str]:
    """Airflow's settings for a test installation in ``home`` reading DAGs from ``dags``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(dags),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__UNIT_TEST_MODE="False",
        # The whole run's log on stdout, which the tests read.
        AIRFLOW__LOGGING__LOGGING_LEVEL="INFO",
    )
    return env


def _airflow() -> str:
    return str(Path(sys.executable).with_name("airflow"))


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Airflow home with a migrated SQLite metadata database."""
    home = tmp_path_factory.mktemp("airflow")
    subprocess.run(
        [_airflow(), "db", "migrate"],
        env=airflow_env(home, DAGS),
        check=True,
        capture_output=True,
        timeout=120,
    )
    return home


@attrs.frozen
class DagRun:
    """What one ``airflow dags test`` did: its log, and its tasks as the metadata DB has them."""

    returncode: int
    log: str
    tasks: dict[str, dict[str, Any]]
    """task id -> ``state``, ``try_number`` and the ``xcom`` values by key."""


def _read_run(home: Path, dag_id: str) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(home / "airflow.db") as db:
        (run_id,) = db.execute(
            "SELECT run_id FROM dag_run WHERE dag_id = ? ORDER BY id DESC LIMIT 1", (dag_id,)
        ).fetchone()
        tasks: dict[str, dict[str, Any]] = {
            task_id: {"state": state, "try_number": tries, "xcom": {}}
            for task_id, state, tries in db.execute(
                "SELECT task_id, state, try_number FROM task_instance"
                " WHERE dag_id = ? AND run_id = ?",
                (dag_id, run_id),
            )
        }
        for task_id, key, value in db.execute(
            "SELECT task_id, key, value FROM xcom WHERE dag_id = ? AND run_id = ?",
            (dag_id, run_id),
        ):
            tasks[task_id]["xcom"][key] = json.loads(value)
    return tasks


async def dags_test(
    home: Path,
    dag_id: str,
    *,
    url: str,
    conf: dict[str, Any] | None = None,
    variables: dict[str, str] | None = None,
    dags: Path = DAGS,
    on_line: Callable[[str], None] | None = None,
) -> DagRun:
    """Run ``airflow dags test dag_id`` against the Airbyte at ``url`` (application ``APP``),
    without blocking the loop the simulator serves on; ``on_line`` hears each line of its log
    as it comes."""
    env = airflow_env(home, dags)
    env["AIRFLOW_CONN_AIRBYTE_DEFAULT"] = json.dumps(
        {"conn_type": "aioairbyte", "host": url, "login": APP[0], "password": APP[1]}
    )
    for name, value in (variables or {}).items():
        env[f"AIRFLOW_VAR_{name.upper()}"] = value
    args = [_airflow(), "dags", "test", dag_id]
    if conf is not None:
        args += ["-c", json.dumps(conf)]
    process = await asyncio.create_subprocess_exec(
        *args,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(180):
            while raw := await process.stdout.readline():
                line = raw.decode(errors="replace")
                lines.append(line)
                if on_line is not None:
                    on_line(line)
            await process.wait()
    except BaseException:
        process.kill()
        await process.wait()
        raise
    return DagRun(process.returncode or 0, "".join(lines), _read_run(home, dag_id))
