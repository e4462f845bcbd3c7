"""The ``aioairbyte`` command: bulk sync/reset with live progress, job waiting, and a demo.

Connection settings come from options or the environment (``AIRBYTE_URL``;
``AIRBYTE_CLIENT_ID`` and ``AIRBYTE_CLIENT_SECRET``, an application's credentials, for 1.x/2.x
servers; ``AIRBYTE_TOKEN``; ``AIRBYTE_USERNAME``/``AIRBYTE_PASSWORD`` for 0.40 deployments behind
basic auth); secrets are never printed. Progress goes to stderr, so
``--json`` output on stdout stays machine-readable.

Exit status: 0 when every job succeeded, 1 when any did not, 2 for bad usage or input,
3 when the server could not be reached or refused a request, 130 on Ctrl-C and 143 on SIGTERM
(both cancel the jobs this run started).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
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

from . import __version__
from ._args import uuid_list_arg
from .auth import BasicAuth, BearerAuth, ClientCredentials
from .client import DEFAULT_BASE_URL, AirbyteClient
from .errors import (
    AirbyteError,
    ApiError,
    InvalidArgumentError,
    JobError,
    JobTimeoutError,
    JobWaitError,
)
from .fanout import BulkResult, ConnectionOutcome, FanOutEvent
from .results import JobResult, JobUpdate

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_API = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 128 + signal.SIGTERM

_STATUS_STYLE = {
    "succeeded": "green",
    "failed": "red",
    "cancelled": "yellow",
    "timed_out": "magenta",
    "error": "red",
    "running": "cyan",
    "pending": "blue",
    "queued": "blue",
    "incomplete": "yellow",
}


def _connection_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument(
        "--url", default=None, help=f"API root (env AIRBYTE_URL; default {DEFAULT_BASE_URL})"
    )
    group.add_argument(
        "--client-id",
        default=None,
        help="application client id, exchanged for access tokens (env AIRBYTE_CLIENT_ID;"
        " `abctl local credentials` prints it)",
    )
    group.add_argument(
        "--client-secret",
        default=None,
        help="application client secret (env AIRBYTE_CLIENT_SECRET)",
    )
    group.add_argument(
        "--token-url",
        default=None,
        help="where tokens are issued (env AIRBYTE_TOKEN_URL; default URL/v1/applications/token)",
    )
    group.add_argument("--username", default=None, help="basic auth user (env AIRBYTE_USERNAME)")
    group.add_argument(
        "--password", default=None, help="basic auth password (env AIRBYTE_PASSWORD)"
    )
    group.add_argument("--token", default=None, help="bearer token (env AIRBYTE_TOKEN)")
    group.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    return common


def _bulk_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="CONNECTION_ID", help="connections to run")
    parser.add_argument("--workspace", help="every active connection of this workspace")
    parser.add_argument(
        "--all", action="store_true", help="every active connection of every workspace"
    )
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight")
    parser.add_argument("--timeout", type=float, default=None, help="deadline in seconds")
    parser.add_argument("--no-wait", action="store_true", help="start the jobs and exit")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    common = _connection_options()
    parser = argparse.ArgumentParser(
        prog="aioairbyte", description="Drive an Airbyte deployment from the command line."
    )
    parser.add_argument("--version", action="version", version=f"aioairbyte {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    sync = commands.add_parser("sync", parents=[common], help="sync connections and wait")
    _bulk_options(sync)
    reset = commands.add_parser("reset", parents=[common], help="reset connections and wait")
    _bulk_options(reset)

    jobs = commands.add_parser("jobs", help="job commands")
    job_commands = jobs.add_subparsers(dest="jobs_command", required=True)
    wait = job_commands.add_parser("wait", parents=[common], help="wait for a job to end")
    wait.add_argument("job_id", type=int)
    wait.add_argument("--timeout", type=float, default=None)

    connections = commands.add_parser("connections", help="connection commands")
    conn_commands = connections.add_subparsers(dest="connections_command", required=True)
    listing = conn_commands.add_parser("list", parents=[common], help="list connections")
    listing.add_argument("--workspace", help="only this workspace")

    commands.add_parser("health", parents=[common], help="check the server's health")

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="bulk-sync a simulated Airbyte (started in-process) with live progress",
    )
    demo.add_argument("--connections", type=int, default=36, help="how many connections")
    demo.add_argument("--attempt-duration", type=float, default=1.5, help="seconds per attempt")
    demo.add_argument("--timeout", type=float, default=8.0, help="the bulk sync's deadline")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--profile",
        choices=["modern", "0.40"],
        default="modern",
        help="the Airbyte to simulate: modern (1.x/2.x, application tokens; the default) or 0.40",
    )
    demo.add_argument(
        "--token-lifetime",
        type=float,
        default=3.0,
        help="seconds the simulated server's tokens live (modern; short, to show renewal)",
    )
    return parser


def _client(args: argparse.Namespace, url: str | None = None) -> AirbyteClient:
    url = url or args.url or os.environ.get("AIRBYTE_URL") or DEFAULT_BASE_URL
    token = args.token or os.environ.get("AIRBYTE_TOKEN")
    client_id = args.client_id or os.environ.get("AIRBYTE_CLIENT_ID")
    client_secret = args.client_secret or os.environ.get("AIRBYTE_CLIENT_SECRET")
    token_url = args.token_url or os.environ.get("AIRBYTE_TOKEN_URL")
    username = args.username or os.environ.get("AIRBYTE_USERNAME")
    password = args.password or os.environ.get("AIRBYTE_PASSWORD")
    auth: BasicAuth | BearerAuth | ClientCredentials | None = None
    if token:
        auth = BearerAuth(token)
    elif client_id or client_secret:
        if not (client_id and client_secret):
            raise InvalidArgumentError(
                "give both the client id and the client secret (--client-id/--client-secret or"
                " AIRBYTE_CLIENT_ID/AIRBYTE_CLIENT_SECRET)"
            )
        auth = ClientCredentials(client_id, client_secret, token_url=token_url or None)
    elif username or password:
        auth = BasicAuth(username or "airbyte", password or "")
    return AirbyteClient(url, auth=auth)


def _print_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


def _result_json(result: JobResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "job_id": result.job_id,
        "connection_id": str(result.connection_id) if result.connection_id else None,
        "config_type": result.config_type.value,
        "status": result.status.value,
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


def _outcome_json(outcome: ConnectionOutcome, names: dict[UUID, str]) -> dict[str, Any]:
    return {
        "connection_id": str(outcome.connection_id),
        "name": names.get(outcome.connection_id),
        "status": outcome.status.value,
        "result": _result_json(outcome.result),
        "error": None if outcome.error is None else str(outcome.error),
    }


class _ProgressView:
    """Live progress: a bar of finished connections and counts by current status."""

    def __init__(self, console: Console, total: int, label: str) -> None:
        self._states: dict[UUID, str] = {}
        self._progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> _ProgressView:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, event: FanOutEvent) -> None:
        if isinstance(event, JobUpdate):
            if event.connection_id is not None:
                self._states[event.connection_id] = event.status.value
        else:
            self._states[event.connection_id] = event.status.value
            self._progress.advance(self._task)
        counts = Counter(self._states.values())
        text = "  ".join(
            f"[{_STATUS_STYLE.get(s, 'white')}]{s} {n}[/]" for s, n in sorted(counts.items())
        )
        self._progress.update(self._task, description=text)


def _summary_table(result: BulkResult, names: dict[UUID, str]) -> Table:
    table = Table(title="Outcome by connection", box=box.SIMPLE_HEAD)
    table.add_column("connection", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("status", no_wrap=True, min_width=9)
    for column in ("job", "attempts", "time", "records"):
        table.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    table.add_column("reason", no_wrap=True, overflow="ellipsis", max_width=30)
    for outcome in result.outcomes:
        res = outcome.result
        reason = ""
        if res is not None and res.failure_reasons:
            first = res.failure_reasons[0]
            reason = f"{first.type or ''}: {first.message or ''}".strip(": ")
        elif isinstance(outcome.error, JobTimeoutError):
            reason = "deadline passed" + (", job cancelled" if outcome.error.cancelled else "")
        elif isinstance(outcome.error, JobWaitError):
            cause = outcome.error.cause
            reason = (
                f"{cause.status} {cause.message}" if isinstance(cause, ApiError) else str(cause)
            )
        elif outcome.error is not None and not isinstance(outcome.error, JobError):
            reason = str(outcome.error)
        style = _STATUS_STYLE.get(outcome.status.value, "white")
        table.add_row(
            names.get(outcome.connection_id, str(outcome.connection_id)),
            f"[{style}]{outcome.status.value}[/]",
            "" if res is None else str(res.job_id),
            "" if res is None or res.attempts_count is None else str(res.attempts_count),
            "" if res is None or res.duration is None else f"{res.duration:.0f}s",
            "" if res is None or res.records_synced is None else f"{res.records_synced:,}",
            reason[:80],
        )
    return table


async def _select(client: AirbyteClient, args: argparse.Namespace) -> list[UUID]:
    if args.ids and (args.workspace or args.all):
        raise InvalidArgumentError("give connection ids, or --workspace, or --all; not several")
    if args.ids:
        return uuid_list_arg(args.ids, "connection ids")
    if args.workspace:
        return await client.connections.active_ids(args.workspace)
    if args.all:
        ids: list[UUID] = []
        for workspace in await client.workspaces.list():
            ids += await client.connections.active_ids(workspace.workspace_id)
        return ids
    raise InvalidArgumentError("nothing to do: give connection ids, --workspace W or --all")


async def _names(client: AirbyteClient) -> dict[UUID, str]:
    names: dict[UUID, str] = {}
    for workspace in await client.workspaces.list():
        for connection in await client.connections.list_all(workspace.workspace_id):
            names[connection.connection_id] = connection.name
    return names


async def _bulk(
    client: AirbyteClient, args: argparse.Namespace, kind: str, console: Console
) -> int:
    ids = await _select(client, args)
    # A wait retries through outages until its deadline (forever without --timeout): first make
    # sure the server is there at all, so that a wrong URL or password exits 3 at once.
    await client.health.check()
    if not ids:
        console.print("no active connections selected")
        return EXIT_OK
    if args.no_wait:
        started = await client.trigger_many(
            ids, kind="sync" if kind == "sync" else "reset", concurrency=max(1, args.concurrency)
        )
        rows: list[dict[str, Any]] = []
        for item in started:
            if item.job is None:
                rows.append(
                    {
                        "connection_id": str(item.connection_id),
                        "job_id": None,
                        "error": str(item.error),
                    }
                )
            else:
                rows.append(
                    {
                        "connection_id": str(item.connection_id),
                        "job_id": item.job.job_id,
                        "attached": not item.owned,
                    }
                )
        if args.json:
            _print_json(rows)
        else:
            for row in rows:
                console.print(row)
        return EXIT_OK if all(item.ok for item in started) else EXIT_FAILED

    names = {} if args.json else await _names(client)
    run = client.sync_many if kind == "sync" else client.reset_many
    with _ProgressView(console, len(ids), kind) as view:
        result = await run(ids, concurrency=args.concurrency, timeout=args.timeout, on_update=view)
    _report(result, names, args, console)
    return EXIT_OK if result.ok else EXIT_FAILED


def _report(
    result: BulkResult, names: dict[UUID, str], args: argparse.Namespace, console: Console
) -> None:
    if args.json:
        _print_json(
            {
                "summary": {k.value: v for k, v in result.summary.items()},
                "outcomes": [_outcome_json(o, names) for o in result.outcomes],
            }
        )
        return
    console.print(_summary_table(result, names))
    counts = ", ".join(f"{v} {k.value}" for k, v in result.summary.items() if v)
    console.print(f"[bold]{len(result.outcomes)} connections:[/] {counts}")


async def _jobs_wait(client: AirbyteClient, args: argparse.Namespace, console: Console) -> int:
    def show(update: JobUpdate) -> None:
        if not args.json:
            console.print(f"job {update.job_id}: {update.status.value} (attempt {update.attempt})")

    result = await client.jobs.wait(
        args.job_id, timeout=args.timeout, on_update=show, raise_on_failure=False
    )
    if args.json:
        _print_json(_result_json(result))
    else:
        attempts = (
            "" if result.attempts_count is None else f" after {result.attempts_count} attempt(s)"
        )
        took = "" if result.duration is None else f", {result.duration:.0f}s"
        console.print(f"job {result.job_id} {result.status.value}{attempts}{took}")
    return EXIT_OK if result.succeeded else EXIT_FAILED


async def _connections_list(
    client: AirbyteClient, args: argparse.Namespace, console: Console
) -> int:
    workspaces = (
        [args.workspace]
        if args.workspace
        else [w.workspace_id for w in await client.workspaces.list()]
    )
    rows = []
    for workspace in workspaces:
        for c in await client.connections.list(workspace):
            rows.append(
                {
                    "connection_id": str(c.connection_id),
                    "name": c.name,
                    "status": c.status.value,
                    "workspace_id": str(workspace),
                }
            )
    if args.json:
        _print_json(rows)
        return EXIT_OK
    table = Table("connection_id", "name", "status")
    for row in rows:
        table.add_row(row["connection_id"], row["name"], row["status"])
    console.print(table)
    return EXIT_OK


async def _health(client: AirbyteClient, args: argparse.Namespace, console: Console) -> int:
    health = await client.health.check()
    if args.json:
        _print_json({"available": health.available, "url": client.base_url})
    else:
        console.print(f"{client.base_url}: {'available' if health.available else 'UNAVAILABLE'}")
    return EXIT_OK if health.available else EXIT_FAILED


async def _demo(args: argparse.Namespace, console: Console) -> int:
    from .demo import run_demo

    return await run_demo(args, console, report=_report, progress=_ProgressView)


async def _run(args: argparse.Namespace, console: Console) -> int:
    if args.command == "demo":
        return await _demo(args, console)
    async with _client(args) as client:
        if args.command in ("sync", "reset"):
            return await _bulk(client, args, args.command, console)
        if args.command == "jobs":
            return await _jobs_wait(client, args, console)
        if args.command == "connections":
            return await _connections_list(client, args, console)
        return await _health(client, args, console)


async def _main(args: argparse.Namespace, console: Console, terminated: list[bool]) -> int:
    """:func:`_run`, with SIGTERM cancelling it as Ctrl-C does (owned jobs are cancelled)."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None

    def on_sigterm() -> None:
        terminated.append(True)
        task.cancel()

    try:
        loop.add_signal_handler(signal.SIGTERM, on_sigterm)
    except (NotImplementedError, RuntimeError):  # not on this platform, or not the main thread
        return await _run(args, console)
    try:
        return await _run(args, console)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGTERM)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    terminated: list[bool] = []
    try:
        return asyncio.run(_main(args, console, terminated))
    except InvalidArgumentError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_USAGE
    except AirbyteError as exc:
        console.print(f"[red]error:[/] {exc}")
        return EXIT_API
    except KeyboardInterrupt:
        console.print("[yellow]interrupted: jobs started by this run were cancelled[/]")
        return EXIT_INTERRUPTED
    except asyncio.CancelledError:
        if not terminated:
            raise
        console.print("[yellow]terminated: jobs started by this run were cancelled[/]")
        return EXIT_TERMINATED


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
