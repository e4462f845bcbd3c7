"""Every benchmark script still runs: ``--quick`` (tiny sizes, one run) must complete and print
its table. This checks that they work, not how fast: speed is measured by running them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))


def test_there_are_benchmarks() -> None:
    assert SCRIPTS, f"no benchmark scripts in {BENCHMARKS}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_run_completes(script: Path, tmp_path: Path) -> None:
    record = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", "--json", str(record)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=BENCHMARKS.parent,
    )
    assert proc.returncode == 0, f"{script.name} failed:\n{proc.stdout}\n{proc.stderr}"
    # The table's header line and at least one figure were printed, and the record was written.
    assert "median" in proc.stdout, proc.stdout
    assert record.exists()
    assert record.stat().st_size > 0
    assert "Traceback" not in proc.stderr, proc.stderr
