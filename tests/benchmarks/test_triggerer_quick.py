"""``benchmarks/triggerer.py``: a run whose events are not all successes stops with an error
rather than print figures. (``test_smoke.py`` runs its quick mode and checks that both subjects
had every event succeed.)
"""

from __future__ import annotations

import functools
import importlib.util
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
