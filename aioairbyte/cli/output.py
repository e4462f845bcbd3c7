"""Where output goes: results on stdout, progress, notes and errors on stderr.

On a terminal results are rich tables; when stdout is not a terminal (a pipe, a file, a CI log)
every result is one plain line per item, fields separated by tabs, nothing truncated, no header,
no colour, no wrapping: ``aioairbyte connections list | wc -l`` counts the connections. ``--json``
prints one JSON document on stdout instead, for successes and failures alike.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import orjson
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..fanout import FanOutEvent
from ..results import JobProgress, JobResult, JobUpdate

__all__ = ["STATUS_STYLE", "Output", "ProgressView", "result_json"]

STATUS_STYLE = {
    "succeeded": "green",
    "failed": "red",
    "cancelled": "yellow",
    "timed_out": "magenta",
    "error": "red",
    "running": "cyan",
    "pending": "blue",
    "queued": "blue",
    "incomplete": "yellow",
    "active": "green",
    "inactive": "yellow",
}


class Output:
    """The run's two streams. ``json``: results are JSON documents."""

    def __init__(self, *, json: bool = False, tty: bool | None = None) -> None:
        self.json = json
        # Both resolve sys.stdout / sys.stderr when writing (pytest's capture swaps them).
        self.err = Console(stderr=True, soft_wrap=True, highlight=False)
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.out = Console(soft_wrap=True, highlight=False, force_terminal=self.tty or None)

    # results (stdout)

    def write(self, text: str) -> None:
        """``text`` on stdout. A reader that stopped reading (``| head``) ends the output, not
        the command: the run goes on to its own exit status."""
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

    def print_json(self, data: Any) -> None:
        """One JSON document on stdout."""
        self.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")

    def line(self, text: str, style: str | None = None) -> None:
        """One result line on stdout (styled only on a terminal; never wrapped)."""
        if self.tty:
            self.out.print(Text(text, style=style or ""))
        else:
            self.write(text + "\n")

    def rows(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """A table on a terminal; else one tab-separated line per row, without a header."""
        if not self.tty:
            self.write("".join("\t".join(_flat(cell) for cell in row) + "\n" for row in rows))
            return
        table = Table(title=title, box=box.SIMPLE_HEAD)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            cells = [Text(cell, style=STATUS_STYLE.get(cell, "")) for cell in row]
            table.add_row(*cells)
        self.out.print(table)

    # progress, notes and errors (stderr)

    def note(self, text: str, style: str | None = None) -> None:
        """A human note on stderr."""
        self.err.print(Text(text, style=style or ""))

    def error(self, text: str) -> None:
        """``error: ...`` on stderr, one line."""
        self.err.print(Text.assemble(("error:", "red"), " ", _flat(text)))


def _flat(text: str) -> str:
    """``text`` on one line (tabs and newlines would break the line-per-item output)."""
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def result_json(result: JobResult | None) -> dict[str, Any] | None:
    """A job's result as JSON."""
    if result is None:
        return None
    return {
        "job_id": result.job_id,
        "connection_id": str(result.connection_id) if result.connection_id else None,
        "config_type": result.config_type.value,
        "status": result.status.value,
        "created_at": result.job.created_at_datetime.isoformat(),
        "duration": result.duration,
        "attempts": result.attempts_count,
        "records_synced": result.records_synced,
        "bytes_synced": result.bytes_synced,
        "failure_reasons": [
            {
                "origin": r.origin.value if r.origin else None,
                "type": r.type.value if r.type else None,
                "message": r.message,
                "retryable": r.retryable,
            }
            for r in result.failure_reasons
        ],
    }


def first_reason(result: JobResult | None) -> str:
    """``type: message`` of the job's first failure reason, or empty."""
    if result is None or not result.failure_reasons:
        return ""
    first = result.failure_reasons[0]
    kind = first.type.value if first.type else ""
    return f"{kind}: {first.message or ''}".strip(": ")


class ProgressView:
    """Live progress on stderr: a bar of finished connections and counts by current status."""

    def __init__(self, output: Output, total: int, label: str) -> None:
        self._states: dict[UUID, str] = {}
        self._progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=output.err,
            transient=False,
        )
        self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> ProgressView:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: FanOutEvent) -> None:
        if isinstance(event, JobProgress):
            return
        if isinstance(event, JobUpdate):
            if event.connection_id is not None:
                self._states[event.connection_id] = event.status.value
        else:
            self._states[event.connection_id] = event.status.value
            self._progress.advance(self._task)
        counts = Counter(self._states.values())
        text = "  ".join(
            f"[{STATUS_STYLE.get(s, 'white')}]{s} {n}[/]" for s, n in sorted(counts.items())
        )
        self._progress.update(self._task, description=text)
