"""``sync``, ``reset``, ``clear`` and ``refresh``: choose connections, run them (or only start
them), report each."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from uuid import UUID

from ..client import AirbyteClient
from ..errors import (
    ApiError,
    JobTimeoutError,
    JobWaitError,
    NotFoundError,
    UnsupportedOperationError,
)
from ..fanout import BulkResult, ConnectionOutcome, OutcomeStatus, TriggerOutcome
from ..models import ConnectionRead, ConnectionStream
from ..triggers import Kind
from .exits import EXIT_API, EXIT_FAILED, EXIT_OK, CliError, error_json, exit_code_for, worst
from .options import check_selection, matches, stream_label, unique_streams
from .output import Output, ProgressView, first_reason, result_json

__all__ = [
    "UnknownStreamError",
    "bulk_exit_code",
    "missing_streams",
    "report",
    "run_bulk",
    "select_connections",
    "validate_bulk",
]

#: The bulk commands: what the library calls each kind of job.
KINDS: tuple[Kind, ...] = ("sync", "reset", "clear", "refresh")


class UnknownStreamError(CliError):
    """A ``--stream`` that a selected connection does not have: that connection is not touched
    (exit 1, as for an unknown connection id)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_FAILED)


def validate_bulk(args: argparse.Namespace) -> None:
    """Every check that needs no request (exit 2 before anything is sent)."""
    check_selection(args)
    unique_streams(getattr(args, "streams", None) or ())


async def select_connections(
    client: AirbyteClient,
    args: argparse.Namespace,
    *,
    default_status: Sequence[str],
    concurrency: int = 50,
) -> list[tuple[UUID, ConnectionRead | None]]:
    """The connections the options select (``None``: an unknown id).

    Explicit ids are read one by one (so a wrong password or URL fails here, before any job
    is started); an unknown id is kept, as ``None``, for the command to report it.
    """
    if args.ids:
        gate = asyncio.Semaphore(concurrency)

        async def read(cid: UUID) -> tuple[UUID, ConnectionRead | None]:
            async with gate:
                try:
                    return cid, await client.connections.get(cid)
                except NotFoundError as exc:
                    if exit_code_for(exc) != EXIT_FAILED:  # the router's 404: not the API
                        raise
                    return cid, None

        return list(await asyncio.gather(*(read(cid) for cid in args.ids)))
    if args.workspace is not None:
        workspaces = [args.workspace]
    else:
        workspaces = [w.workspace_id for w in await client.workspaces.list()]
    chosen: list[ConnectionRead] = []
    for workspace in workspaces:
        chosen += [
            c for c in await client.connections.list(workspace) if matches(c, args, default_status)
        ]
    return [(c.connection_id, c) for c in chosen]


def missing_streams(
    connection: ConnectionRead, streams: Sequence[ConnectionStream]
) -> UnknownStreamError | None:
    """Why ``connection`` cannot take ``streams``: one of them is not in its catalog (the
    server would run the job anyway, on nothing). A stream of the same name in another
    namespace is suggested: a bare ``--stream NAME`` means "without a namespace"."""
    known = [
        ConnectionStream(stream_name=s.stream.name, stream_namespace=s.stream.namespace or None)
        for s in connection.sync_catalog.streams
        if s.stream is not None
    ]
    for stream in streams:
        if stream in known:
            continue
        message = f"connection {connection.name!r} has no stream {stream_label(stream)}"
        alike = [stream_label(k) for k in known if k.stream_name == stream.stream_name]
        if alike:
            message += f"; did you mean --stream {' or --stream '.join(alike)}?"
        else:
            labels = ", ".join(stream_label(k) for k in known) or "none"
            message += f" (its streams: {labels})"
        return UnknownStreamError(message)
    return None


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


def _unsupported(kind: Kind, streams: bool, errors: Sequence[BaseException | None]) -> None:
    """A server without the operation (an Airbyte older than 1.0 has no clear, refresh or
    reset of single streams) fails every connection alike: one error for the command (exit 3)
    rather than the same one per connection. The URL is right: the selection was read."""
    if kind == "sync" or (kind == "reset" and not streams):
        return  # every version has these: a 404 from the router is per connection, as it was
    for error in errors:
        if isinstance(error, UnsupportedOperationError):
            what = "reset --stream" if kind == "reset" else kind
            operation = error.operation.partition(" ")[2] or error.operation
            raise CliError(
                f"{what} needs Airbyte 1.x or 2.x: this server has no {operation}"
                " (it is an older version)",
                EXIT_API,
            ) from error


async def run_bulk(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """``sync``, ``reset``, ``clear`` or ``refresh``: the selection, the connections that lack
    a ``--stream`` set aside, then the fan-out (or only the triggers) of the others."""
    kind: Kind = args.command
    streams: list[ConnectionStream] = getattr(args, "streams", None) or []
    selected = await select_connections(
        client, args, default_status=("active",), concurrency=args.concurrency
    )
    if not selected:
        out.note("no connections selected: nothing to do")
        if out.json:
            out.print_json([] if args.no_wait else report_json_empty())
        return EXIT_OK
    names = {cid: None if c is None else c.name for cid, c in selected}
    refused: dict[UUID, UnknownStreamError] = {}
    for cid, connection in selected:
        missing = None if connection is None else missing_streams(connection, streams)
        if missing is not None:
            refused[cid] = missing
    ids = [cid for cid, _ in selected if cid not in refused]
    options: dict[str, Any] = {"concurrency": args.concurrency, "timeout": args.timeout}
    if streams:
        options["streams"] = streams
    if kind == "refresh":
        options["mode"] = args.mode
    if args.no_wait:
        started = await client.trigger_many(ids, kind=kind, **options) if ids else []
        _unsupported(kind, bool(streams), [s.error for s in started])
        by_id = {s.connection_id: s for s in started}
        triggers = [
            by_id.get(cid) or TriggerOutcome(connection_id=cid, error=refused[cid])
            for cid, _ in selected
        ]
        _no_wait_report(triggers, names, out)
        return bulk_exit_code([t.error for t in triggers], all(t.ok for t in triggers))
    runs: dict[str, Callable[..., Awaitable[BulkResult]]] = {
        "sync": client.sync_many,
        "reset": client.reset_many,
        "clear": client.clear_many,
        "refresh": client.refresh_many,
    }
    view = ProgressView(out, len(selected), kind, verbose=args.verbose, names=names)
    with view:
        for cid, error in refused.items():
            view(ConnectionOutcome(connection_id=cid, status=OutcomeStatus.ERROR, error=error))
        ran = BulkResult([])
        if ids:
            ran = await runs[kind](ids, on_update=view, progress=view.wants_progress, **options)
    _unsupported(kind, bool(streams), [o.error for o in ran.outcomes])
    by_cid = {o.connection_id: o for o in ran.outcomes}
    result = BulkResult(
        [
            by_cid.get(cid)
            or ConnectionOutcome(connection_id=cid, status=OutcomeStatus.ERROR, error=refused[cid])
            for cid, _ in selected
        ]
    )
    report(result, names, out)
    return bulk_exit_code([o.error for o in result.outcomes], result.ok)


def report_json_empty() -> dict[str, Any]:
    """The ``--json`` report of a run that selected nothing."""
    return {"summary": {k.value: 0 for k in BulkResult([]).summary}, "outcomes": []}
