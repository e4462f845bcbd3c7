"""``jobs wait``, ``jobs cancel``, ``jobs list`` and ``jobs logs``."""

from __future__ import annotations

import argparse
from typing import Any

from ..client import AirbyteClient
from ..models import JobConfigType
from ..results import JobProgress, JobResult, JobUpdate
from .exits import EXIT_FAILED, EXIT_OK, CliError
from .output import Output, progress_line, result_json

__all__ = ["JOB_CONFIG_TYPES", "jobs_cancel", "jobs_list", "jobs_logs", "jobs_wait"]

#: ``--config-type`` choices (``reset`` is short for ``reset_connection``).
JOB_CONFIG_TYPES = ("sync", "reset", "reset_connection", "refresh", "clear")


def _attempts(count: int | None) -> str:
    return "" if count is None else f" after {count} attempt{'s' * (count != 1)}"


def _result_line(result: JobResult) -> str:
    took = "" if result.duration is None else f", {result.duration:.0f}s"
    return f"job {result.job_id} {result.status.value}{_attempts(result.attempts_count)}{took}"


async def jobs_wait(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """Follow a job to its end: each status or attempt change, the records and bytes of a
    running job as they grow (1.x, 2.x servers report them), then the result."""

    def show(update: JobUpdate | JobProgress) -> None:
        if isinstance(update, JobProgress):
            text = progress_line(update, connection=False)
        else:
            # No attempt yet (pending, queued): nothing to number.
            attempt = f" (attempt {update.attempt})" if update.attempt else ""
            text = f"job {update.job_id}: {update.status.value}{attempt}"
        if out.json:
            out.note(text)  # progress: stderr, stdout keeps the one JSON document
        else:
            out.line(text)

    # A wait retries through outages until its deadline (forever without --timeout): one plain
    # read first, so that a wrong URL, password or job id ends the command at once.
    await client.jobs.get_light(args.job_id)
    # A timeout (exit 1) or a lost job propagates: main prints it, with the job as last seen.
    result = await client.jobs.wait(
        args.job_id, timeout=args.timeout, on_update=show, raise_on_failure=False, progress=True
    )
    if out.json:
        out.print_json({**(result_json(result) or {}), "error": None})
    else:
        out.line(_result_line(result))
    return EXIT_OK if result.succeeded else EXIT_FAILED


async def jobs_cancel(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """Cancel a job (the server cancels its connection's unfinished job); 0 once it is over."""
    info = await client.jobs.cancel(args.job_id)
    result = JobResult.from_job(info.job, [a.attempt for a in info.attempts])
    if out.json:
        out.print_json({**(result_json(result) or {}), "error": None})
    else:
        out.line(_result_line(result))
    if info.job.id != args.job_id:
        out.note(f"the server cancelled job {info.job.id}, its connection's unfinished job")
    return EXIT_OK


def _config_types(values: list[str] | None) -> list[JobConfigType]:
    chosen = values or ["sync", "reset_connection"]
    out: list[JobConfigType] = []
    for value in chosen:
        member = JobConfigType("reset_connection" if value == "reset" else value)
        if member not in out:
            out.append(member)
    return out


async def jobs_list(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """A connection's jobs, newest first, paged until ``--limit`` of them are shown."""
    statuses = set(args.status or ())
    await client.connections.get(args.connection)  # an unknown connection: exit 1, not []
    found: list[JobResult] = []
    async for item in client.jobs.iterate(
        args.connection,
        config_types=_config_types(args.config_type),
        page_size=min(args.limit, 200),
    ):
        if item.job is None or (statuses and item.job.status.value not in statuses):
            continue
        found.append(JobResult.from_job(item.job, item.attempts))
        if len(found) >= args.limit:
            break
    if out.json:
        out.print_json([result_json(r) for r in found])
        return EXIT_OK
    rows = [
        [
            str(r.job_id),
            r.config_type.value,
            r.status.value,
            r.job.created_at_datetime.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "" if r.attempts_count is None else str(r.attempts_count),
            "" if r.duration is None else f"{r.duration:.0f}s",
            "" if r.records_synced is None else str(r.records_synced),
        ]
        for r in found
    ]
    out.rows(["job", "type", "status", "created", "attempts", "time", "records"], rows)
    return EXIT_OK


async def jobs_logs(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """One attempt's log lines (the last attempt's unless ``--attempt N``)."""
    info = await client.jobs.get(args.job_id)
    count = len(info.attempts)
    if args.attempt is not None and args.attempt > count:
        raise CliError(
            f"job {args.job_id} has {count} attempt{'s' * (count != 1)}, not {args.attempt}",
            EXIT_FAILED,
        )
    number = args.attempt or count
    lines: list[str] = [] if number == 0 else info.attempts[number - 1].lines
    if out.json:
        doc: dict[str, Any] = {
            "job_id": info.job.id,
            "status": info.job.status.value,
            "attempt": number or None,
            "attempts": count,
            "lines": lines,
            "error": None,
        }
        out.print_json(doc)
        return EXIT_OK
    if number == 0:
        out.note(f"job {args.job_id} has no attempts yet: no logs")
    else:
        out.note(f"job {args.job_id}, attempt {number} of {count}: {len(lines)} log lines")
    for line in lines:
        out.line(line)
    return EXIT_OK
