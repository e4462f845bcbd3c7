"""``sync`` and ``reset``: choose connections, run them (or only start them), report each."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from ..client import AirbyteClient
from ..errors import ApiError, JobTimeoutError, JobWaitError, NotFoundError
from ..fanout import BulkResult, ConnectionOutcome, TriggerOutcome
from ..models import ConnectionRead
from ..triggers import Kind
from .exits import EXIT_FAILED, EXIT_OK, error_json, exit_code_for, worst
from .options import check_selection, matches
from .output import Output, ProgressView, first_reason, result_json

__all__ = ["bulk_exit_code", "report", "run_bulk", "select_connections", "validate_bulk"]


def validate_bulk(args: argparse.Namespace) -> None:
    """Every check that needs no request (exit 2 before anything is sent)."""
    check_selection(args)


async def select_connections(
    client: AirbyteClient,
    args: argparse.Namespace,
    *,
    default_status: Sequence[str],
    concurrency: int = 50,
) -> list[tuple[UUID, str | None]]:
    """The connections the options select, with their names (``None``: unknown id).

    Explicit ids are read one by one (so a wrong password or URL fails here, before any job
    is started); an unknown id is kept, named ``None``, for the command to report it.
    """
    if args.ids:
        gate = asyncio.Semaphore(concurrency)

        async def name(cid: UUID) -> tuple[UUID, str | None]:
            async with gate:
                try:
                    return cid, (await client.connections.get(cid)).name
                except NotFoundError as exc:
                    if exit_code_for(exc) != EXIT_FAILED:  # the router's 404: not the API
                        raise
                    return cid, None

        return list(await asyncio.gather(*(name(cid) for cid in args.ids)))
    if args.workspace is not None:
        workspaces = [args.workspace]
    else:
        workspaces = [w.workspace_id for w in await client.workspaces.list()]
    chosen: list[ConnectionRead] = []
    for workspace in workspaces:
        chosen += [
            c for c in await client.connections.list(workspace) if matches(c, args, default_status)
        ]
    return [(c.connection_id, c.name) for c in chosen]


def outcome_reason(outcome: ConnectionOutcome) -> str:
    """Why a connection did not succeed, in one line (empty when it did)."""
    reason = first_reason(outcome.result)
    if reason:
        return reason
    error = outcome.error
    if isinstance(error, JobTimeoutError):
        return "deadline passed" + (", job cancelled" if error.cancelled else ", job still running")
    if isinstance(error, JobWaitError):
        cause = error.cause
        return f"{cause.status} {cause.message}" if isinstance(cause, ApiError) else str(cause)
    if outcome.ok or error is None:
        return ""
    return str(error)


def bulk_exit_code(errors: Sequence[BaseException | None], ok: bool) -> int:
    """3 when any connection met an unreachable or refusing server, else 1 when any did not
    succeed, else 0."""
    return worst(
        [exit_code_for(e) for e in errors if e is not None] + [EXIT_OK if ok else EXIT_FAILED]
    )


def report(result: BulkResult, names: dict[UUID, str | None], out: Output) -> None:
    """The outcome of every connection: JSON, a table, or one line each; totals on stderr."""
    if out.json:
        out.print_json(
            {
                "summary": {k.value: v for k, v in result.summary.items()},
                "outcomes": [
                    {
                        "connection_id": str(o.connection_id),
                        "name": names.get(o.connection_id),
                        "status": o.status.value,
                        "job_id": o.job_id,
                        "result": result_json(o.result),
                        "error": None if o.error is None else error_json(o.error),
                    }
                    for o in result.outcomes
                ],
            }
        )
        return
    rows = []
    for o in result.outcomes:
        res = o.result
        rows.append(
            [
                str(o.connection_id),
                names.get(o.connection_id) or "",
                o.status.value,
                "" if res is None else str(res.job_id),
                "" if res is None or res.attempts_count is None else str(res.attempts_count),
                "" if res is None or res.duration is None else f"{res.duration:.0f}s",
                "" if res is None or res.records_synced is None else str(res.records_synced),
                outcome_reason(o),
            ]
        )
    out.rows(
        ["connection", "name", "status", "job", "attempts", "time", "records", "reason"],
        rows,
        title="Outcome by connection",
    )
    counts = ", ".join(f"{v} {k.value}" for k, v in result.summary.items() if v)
    out.note(f"{len(result.outcomes)} connections: {counts}")


def _no_wait_report(
    started: list[TriggerOutcome], names: dict[UUID, str | None], out: Output
) -> None:
    rows: list[dict[str, Any]] = []
    for item in started:
        rows.append(
            {
                "connection_id": str(item.connection_id),
                "name": names.get(item.connection_id),
                "job_id": None if item.job is None else item.job.job_id,
                "attached": None if item.job is None else not item.owned,
                "error": None if item.error is None else error_json(item.error),
            }
        )
    if out.json:
        out.print_json(rows)
        return
    lines = []
    for item, row in zip(started, rows, strict=True):
        if item.job is None:
            what = f"error: {item.error}"
        else:
            what = "attached to the running job" if row["attached"] else "started"
        job = "" if row["job_id"] is None else str(row["job_id"])
        lines.append([row["connection_id"], row["name"] or "", job, what])
    out.rows(["connection", "name", "job", "result"], lines)


async def run_bulk(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """``sync`` or ``reset``: selection, then the fan-out (or only the triggers)."""
    kind: Kind = "sync" if args.command == "sync" else "reset"
    selected = await select_connections(
        client, args, default_status=("active",), concurrency=args.concurrency
    )
    if not selected:
        out.note("no connections selected: nothing to do")
        if out.json:
            out.print_json([] if args.no_wait else report_json_empty())
        return EXIT_OK
    names = dict(selected)
    ids = [cid for cid, _ in selected]
    if args.no_wait:
        started = await client.trigger_many(
            ids, kind=kind, concurrency=args.concurrency, timeout=args.timeout
        )
        _no_wait_report(started, names, out)
        return bulk_exit_code([s.error for s in started], all(s.ok for s in started))
    run = client.sync_many if kind == "sync" else client.reset_many
    with ProgressView(out, len(ids), kind) as view:
        result = await run(ids, concurrency=args.concurrency, timeout=args.timeout, on_update=view)
    report(result, names, out)
    return bulk_exit_code([o.error for o in result.outcomes], result.ok)


def report_json_empty() -> dict[str, Any]:
    """The ``--json`` report of a run that selected nothing."""
    return {"summary": {k.value: 0 for k in BulkResult([]).summary}, "outcomes": []}
