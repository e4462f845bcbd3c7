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

__all__ = [
    "STATUS_STYLE",
    "Output",
    "ProgressView",
    "human_bytes",
    "human_count",
    "progress_line",
    "result_json",
]

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


def _scaled(value: float, units: Sequence[str]) -> tuple[str, str]:
    """``value`` in the largest of ``units`` (each 1000 times the one before) that keeps it at
    1 or more, with three significant digits at most: ("340", "M"), ("1.23", "k"), ("12", "")."""
    for index, unit in enumerate(units):
        text = f"{value:.0f}" if index == 0 else f"{value:.3g}"
        if float(text) < 1000:
            return text, unit
        if index == len(units) - 1:
            break
        value /= 1000
    return f"{value:.0f}", units[-1]


def human_count(count: int) -> str:
    """A count in three significant digits at most: ``999``, ``12.3k``, ``1.23M``."""
    number, unit = _scaled(count, ("", "k", "M", "G", "T"))
    return number + unit


def human_bytes(size: int) -> str:
    """A size in decimal (SI) units, as rich's download columns show them: ``512 B``,
    ``4.66 MB``, ``340 MB``."""
    number, unit = _scaled(size, ("B", "kB", "MB", "GB", "TB", "PB"))
    return f"{number} {unit}"


def _figures(event: JobProgress) -> tuple[int | None, int | None]:
    """The records and bytes a running job moved so far: those read from the source (which
    grow as it runs), else those the destination committed."""
    records, size = event.records_emitted, event.bytes_emitted
    return (
        event.records_committed if records is None else records,
        event.bytes_committed if size is None else size,
    )


def progress_line(event: JobProgress, name: str | None = None, *, connection: bool = True) -> str:
    """One progress report as a line: ``job 42: 12,345 records, 4.66 MB``, then (unless
    ``connection`` is false: ``jobs wait`` names one job) the connection's name and full id."""
    records, size = _figures(event)
    parts = []
    if records is not None:
        parts.append(f"{records:,} record{'s' * (records != 1)}")
    if size is not None:
        parts.append(human_bytes(size))
    text = f"job {event.job_id}: {', '.join(parts) or 'no figures yet'}"
    if connection:
        who = f"{name} {event.connection_id}" if name else str(event.connection_id)
        text += f" ({who})"
    return text


class ProgressView:
    """Live progress on stderr: a bar of finished connections, counts by current status, and
    the records and bytes of the run's jobs (live while they run, where the server reports
    progress: 1.x, 2.x; each finished job's own figures once it ends).

    With ``verbose`` every progress report is also one line (:func:`progress_line`), printed
    above the bar on a terminal and as it comes elsewhere (a CI log, where the bar is drawn
    only once, at the end). :attr:`wants_progress` says whether anything shows the reports (the
    bar is live on a terminal only): pass it as the library's ``progress``.
    """

    def __init__(
        self,
        output: Output,
        total: int,
        label: str,
        *,
        verbose: int = 0,
        names: dict[UUID, str | None] | None = None,
    ) -> None:
        self._output = output
        self._states: dict[UUID, str] = {}
        self._figures: dict[UUID, tuple[int | None, int | None]] = {}
        self._verbose = verbose
        self._names = names or {}
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

    @property
    def wants_progress(self) -> bool:
        """Whether progress reports are shown: on a live bar (stderr is a terminal) or, with
        ``verbose``, as lines. Without either, reading them would cost requests for nothing."""
        return self._verbose > 0 or self._output.err.is_terminal

    def __enter__(self) -> ProgressView:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: FanOutEvent) -> None:
        if isinstance(event, JobProgress):
            self._figures[event.connection_id] = _figures(event)
            if self._verbose:
                name = self._names.get(event.connection_id)
                self._output.note(progress_line(event, name))
        elif isinstance(event, JobUpdate):
            if event.connection_id is not None:
                self._states[event.connection_id] = event.status.value
        else:
            self._states[event.connection_id] = event.status.value
            result = event.result
            if result is not None and (result.records_synced, result.bytes_synced) != (None, None):
                self._figures[event.connection_id] = (result.records_synced, result.bytes_synced)
            self._progress.advance(self._task)
        self._progress.update(self._task, description=self.description())

    def description(self) -> str:
        """The text after the bar: ``running 3  succeeded 10  1.2M records  340 MB``."""
        counts = Counter(self._states.values())
        parts = [f"[{STATUS_STYLE.get(s, 'white')}]{s} {n}[/]" for s, n in sorted(counts.items())]
        records = [r for r, _ in self._figures.values() if r is not None]
        sizes = [b for _, b in self._figures.values() if b is not None]
        if sum(records) or sum(sizes):  # a run of clears moves nothing: nothing to say
            if records:
                parts.append(f"{human_count(sum(records))} records")
            if sizes:
                parts.append(human_bytes(sum(sizes)))
        return "  ".join(parts)
