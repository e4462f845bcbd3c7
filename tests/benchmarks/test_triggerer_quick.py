"""``benchmarks/triggerer.py``: its quick run completes with every trigger's event succeeded,
and a run whose events are not all successes stops with an error rather than print figures.

``test_smoke.py`` also runs every script's quick mode; this checks what is particular to this
one: both subjects ran and said how many events succeeded, and the check itself fails loudly.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from airflow.triggers.base import BaseTrigger, TriggerEvent

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPT = BENCHMARKS / "triggerer.py"


@functools.cache
def _module() -> ModuleType:
    """The benchmark as a module (its helpers import as top-level ``_harness``, ``_servers``)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))
    loader = importlib.util.spec_from_file_location("benchmark_triggerer", SCRIPT)
    assert loader is not None
    assert loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[loader.name] = module  # its dataclasses look their module up
    loader.loader.exec_module(module)
    return module


def test_quick_run_completes_with_every_event_succeeded(tmp_path: Path) -> None:
    record = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(record)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BENCHMARKS.parent,
    )
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "events succeeded, fewest in a run: aioairbyte 50/50 / baseline 50/50" in proc.stdout
    [table] = json.loads(record.read_text())
    medians = {s["name"]: s["median"] for s in table["series"]}
    for subject in ("aioairbyte", "baseline"):
        assert medians[f"{subject} wall"] > 0
        # Each trigger looked at its job at least once and saw it end: requests were counted.
        assert medians[f"{subject} requests/job"] >= 1
        assert medians[f"{subject} worst stall"] >= medians[f"{subject} p99 stall"] >= 0
    assert "aioairbyte / baseline, requests/job:" in proc.stdout


class _Fires(BaseTrigger):
    """Fires one event with ``status`` at once."""

    def __init__(self, status: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.status = status

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (f"{__name__}._Fires", {"status": self.status})

    async def run(self) -> AsyncIterator[TriggerEvent]:
        yield TriggerEvent({"status": self.status})  # type: ignore[no-untyped-call]


class _Server:
    def cpu_seconds(self) -> float:
        return 0.0


async def test_a_run_with_an_event_not_succeeded_stops_with_an_error() -> None:
    bench = _module()
    triggers = [_Fires("succeeded"), _Fires("failed"), _Fires("succeeded")]

    with pytest.raises(SystemExit) as stopped:
        await bench.run_triggers(_Server(), triggers, lambda: 0, "succeeded")

    assert "1 of 3 events were not 'succeeded'" in str(stopped.value)
    assert "'failed'" in str(stopped.value)


async def test_a_run_whose_events_all_succeeded_counts_them() -> None:
    bench = _module()
    run = await bench.run_triggers(_Server(), [_Fires("success")] * 4, lambda: 0, "success")

    assert run.succeeded == 4
    assert run.requests == 0
    assert run.wall >= 0
