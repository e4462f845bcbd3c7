"""Shared helpers for the benchmark scripts: argument parsing, repeated timing, and the table.

Every script measures its subject and its baseline in the same process and the same run, several
times over, and prints the median, min and max of each with the ratio of medians to the baseline.
Machines here are shared and noisy, so the ratio is the figure that counts.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Series:
    """Repeated measurements of one subject, in ``unit``. Its ratio to a baseline is always
    median / baseline median: read it in the unit's direction (for req/s, higher is better)."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def parse_args(
    description: str,
    *,
    repeat: int,
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """The common flags: ``--quick`` (tiny sizes, one run: a smoke test, not a measurement),
    ``--repeat N`` and ``--json PATH`` (write the figures for the record); ``extra`` adds a
    script's own."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes, one run: checks that it works"
    )
    parser.add_argument("--repeat", type=int, default=None, help=f"runs per subject ({repeat})")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    if extra is not None:
        extra(parser)
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 1 if args.quick else repeat
    return args


def interleaved(
    subjects: dict[str, Callable[[], Any]], *, repeat: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Wall seconds of each subject, ``repeat`` times after ``warmup`` untimed runs, taking turns
    run by run so that drift in the machine's speed hits every subject alike; the collector runs
    before each timed run so that one run's garbage is not billed to the next."""
    for fn in subjects.values():
        for _ in range(warmup):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(repeat):
        for name, fn in subjects.items():
            gc.collect()
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return samples


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_bytes() -> int:
    """Current resident set size of this process (Linux ``/proc``; falls back to peak RSS)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


_records: dict[str, list[dict[str, Any]]] = {}


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 0.01:
        return f"{value:.3f}"
    return f"{value:.2e}"


def machine() -> str:
    """One line describing where the figures came from."""
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )


def report(
    title: str,
    series: Sequence[Series],
    *,
    baseline: str | None = None,
    notes: dict[str, Any] | None = None,
    targets: dict[str, bool] | None = None,
    json_path: str | None = None,
    ratio_to: Mapping[str, str] | None = None,
    ratio_label: str | None = None,
) -> None:
    """Print a table of ``series`` (median, min, max, ratio of medians to ``baseline``), then
    ``notes`` (other figures, one per line) and ``targets`` (name -> held?).

    Instead of one ``baseline``, ``ratio_to`` may give each series its own (series name ->
    baseline series name, in the same table; series not in it get no ratio), for tables that
    compare pairs (``modern requests/job`` to ``0.40 requests/job``); the ratio column is then
    headed ``x ratio_label``."""
    by_name = {s.name: s for s in series}
    base = by_name.get(baseline) if baseline is not None else None

    def base_of(s: Series) -> Series | None:
        if ratio_to is not None:
            return by_name.get(ratio_to.get(s.name, ""))
        return base

    label = ratio_label if ratio_to is not None else baseline if base else None
    headers = ["subject", "unit", "median", "min", "max", "runs", f"x {label}" if label else ""]
    rows = []
    for s in series:
        b = base_of(s)
        ratio = f"{s.median / b.median:.2f}" if b and b.median else ""
        rows.append(
            [
                s.name,
                s.unit,
                _fmt(s.median),
                _fmt(min(s.samples)),
                _fmt(max(s.samples)),
                str(len(s.samples)),
                ratio,
            ]
        )
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    print(f"\n{title}")
    print(f"({machine()})")
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths).rstrip())
    for r in rows:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    for key, value in (notes or {}).items():
        shown = _fmt(value) if isinstance(value, float) else value
        print(f"  {key}: {shown}")
    for key, held in (targets or {}).items():
        print(f"  target {key}: {'HELD' if held else 'MISSED'}")
    sys.stdout.flush()
    if json_path:
        record = {
            "title": title,
            "machine": machine(),
            "baseline": baseline,
            "series": [
                {
                    "name": s.name,
                    "unit": s.unit,
                    "median": s.median,
                    "min": min(s.samples),
                    "max": max(s.samples),
                    "samples": s.samples,
                    "ratio": (
                        s.median / b.median if (b := base_of(s)) is not None and b.median else None
                    ),
                    "ratio_to": b.name if (b := base_of(s)) is not None else None,
                }
                for s in series
            ],
            "notes": notes or {},
            "targets": targets or {},
        }
        # A script may print several tables: the file holds them all, in order.
        _records.setdefault(json_path, []).append(record)
        with open(json_path, "w") as out:
            json.dump(_records[json_path], out, indent=2, default=str)
