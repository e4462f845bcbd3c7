"""Every benchmark script still runs: ``--quick`` (tiny sizes, one run) must complete and print
its table. This checks that they work, not how fast: speed is measured by running them.

Modes a script runs only behind a flag get a quick run of their own (``MODES``); what a script
measures by default (both server profiles in ``fanout.py`` and ``memory.py``) is checked from
its output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))
#: Flagged modes: (script, flags, a line the run must print).
MODES = [
    ("fanout.py", ["--large-only"], "Fan-out, large: sync_many over 200 connections"),
]
#: What a default quick run must print, per script: each profile it compares.
EXPECTED = {
    "fanout.py": ["0.40 requests/job", "modern requests/job", "modern end seen late, p95"],
    "memory.py": ["aioairbyte (0.40) peak growth/job", "aioairbyte (modern, batched) peak"],
    "triggerer.py": [
        "events succeeded, fewest in a run: aioairbyte 50/50 / baseline 50/50",
        "aioairbyte / baseline, requests/job:",
    ],
}

#: Each run is a CPU-heavy subprocess: under pytest-xdist they share one worker with the other
#: CPU-timed tests (soak, cancellation bounds), so they never load the machine beside those.
pytestmark = pytest.mark.xdist_group("cpu-timed")


def _quick(script: Path, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    record = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", *flags, "--json", str(record)],
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
    return proc


def test_there_are_benchmarks() -> None:
    assert SCRIPTS, f"no benchmark scripts in {BENCHMARKS}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_quick_run_completes(script: Path, tmp_path: Path) -> None:
    proc = _quick(script, tmp_path)
    for line in EXPECTED.get(script.name, []):
        assert line in proc.stdout, proc.stdout


@pytest.mark.parametrize(
    ("name", "flags", "expected"), MODES, ids=[f"{Path(n).stem}{''.join(f)}" for n, f, _ in MODES]
)
def test_quick_run_of_flagged_mode(
    name: str, flags: list[str], expected: str, tmp_path: Path
) -> None:
    proc = _quick(BENCHMARKS / name, tmp_path, *flags)
    assert expected in proc.stdout, proc.stdout
