"""The ``aioairbyte`` argument parser: every command and flag (the README's list follows it)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .. import __version__
from ..api.sources import CONNECTOR_TIMEOUT
from ..models import JobStatus
from .jobs import JOB_CONFIG_TYPES
from .options import (
    Parser,
    bulk_selection,
    connection_options,
    job_id,
    output_options,
    positive_float,
    positive_int,
    stream_value,
    uuid_value,
)
from .provisioning import SYNC_MODES, interval_value

__all__ = ["build_parser"]

_JOB_STATUSES = tuple(s.value for s in JobStatus)


#: The bulk commands: (help, description) of each. Each waits for its jobs like ``sync``.
_BULK = {
    "sync": ("sync connections and wait for their jobs", "Sync"),
    "reset": (
        "reset connections (or some of their streams) and wait for their jobs",
        "Reset (all streams, or those of --stream)",
    ),
    "clear": (
        "clear connections' data (or some streams'; Airbyte 1.x/2.x) and wait for the jobs",
        "Clear the data (all streams, or those of --stream) of",
    ),
    "refresh": (
        "refresh connections' streams (Airbyte 1.x/2.x) and wait for their jobs",
        "Refresh (re-read from the start; all streams, or those of --stream)",
    ),
}


def _refused(message: str) -> Callable[[str], None]:
    """The type of a flag a command does not take but a user may well try (``sync --stream``):
    an error that says why, rather than argparse's reading of its value as a connection id."""

    def refuse(text: str) -> None:
        raise argparse.ArgumentTypeError(message)

    return refuse


def _bulk(commands: argparse._SubParsersAction[Parser], name: str, common: Parser) -> None:
    help_text, verb = _BULK[name]
    parser = commands.add_parser(
        name,
        parents=[common],
        help=help_text,
        description=f"{verb} the connections given by id, or those of --workspace"
        " or --all (active ones unless --status says otherwise), and wait for every job.",
    )
    bulk_selection(parser, status_filter=True)
    if name == "sync":
        refuse = _refused(
            "a sync runs every selected stream; --stream is for reset, clear, refresh"
        )
        parser.add_argument("--stream", type=refuse, help=argparse.SUPPRESS)
    else:
        parser.add_argument(
            "--stream",
            dest="streams",
            action="append",
            type=stream_value,
            metavar="[NAMESPACE/]NAME",
            help="only this stream (repeatable; default every stream): NAME for a stream"
            " without a namespace, NAMESPACE/NAME (split at the first /) for one in a"
            " namespace, /NAME for a name holding a / without one",
        )
    if name == "refresh":
        parser.add_argument(
            "--mode",
            choices=("truncate", "merge"),
            default="truncate",
            help="truncate: drop the streams' data first (the default); merge: keep it and"
            " merge the re-read records in",
        )
    else:
        refuse = _refused("--mode is for refresh only")
        parser.add_argument("--mode", type=refuse, help=argparse.SUPPRESS)
    parser.add_argument(
        "--concurrency", type=positive_int, default=50, help="requests in flight (>= 1; 50)"
    )
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=None,
        help="deadline in seconds for the whole run; unfinished jobs it started are cancelled",
    )
    parser.add_argument(
        "--no-wait", action="store_true", help="start the jobs, print their ids and exit"
    )


_STREAM_HELP = (
    "NAME for a stream without a namespace, NAMESPACE/NAME (split at the first /) for one in a"
    " namespace, /NAME for a name holding a / without one"
)


def _create(conn: argparse._SubParsersAction[Parser], common: Parser) -> None:
    create = conn.add_parser(
        "create",
        parents=[common],
        help="create a connection from a source's discovered schema",
        description="Discover the source's schema, select the streams given (every stream"
        " without --stream), give each a sync mode and create the connection (active, run"
        " manually unless --every or --cron says otherwise). Nothing is created when a stream"
        " is unknown or a --sync-mode does not fit one (exit 1). The create is sent once.",
    )
    create.add_argument("--source", type=uuid_value, required=True, metavar="ID", help="source")
    create.add_argument(
        "--destination", type=uuid_value, required=True, metavar="ID", help="destination"
    )
    create.add_argument(
        "--stream",
        dest="streams",
        action="append",
        type=stream_value,
        metavar="[NAMESPACE/]NAME",
        help=f"select this stream (repeatable; default every stream): {_STREAM_HELP}",
    )
    create.add_argument(
        "--name", default=None, help="the connection's name (default 'SOURCE → DESTINATION')"
    )
    create.add_argument(
        "--sync-mode",
        choices=("auto", *SYNC_MODES),
        default="auto",
        help="of every selected stream; auto (the default), per stream as the server picks:"
        " incremental_append_dedup with a source-defined cursor and primary key, else"
        " full_refresh_overwrite (what the destination supports)",
    )
    schedule = create.add_mutually_exclusive_group()
    schedule.add_argument(
        "--every",
        type=interval_value,
        metavar="INTERVAL",
        help="run on a basic schedule: 30m, 6h, 1d, 2w (default: manual)",
    )
    schedule.add_argument(
        "--cron", metavar="EXPRESSION", help="run on a Quartz cron schedule: '0 0 12 * * ?'"
    )
    create.add_argument(
        "--cron-time-zone", metavar="TZ", default=None, help="the --cron time zone (UTC)"
    )
    create.add_argument("--inactive", action="store_true", help="create it inactive (paused)")
    create.add_argument(
        "--timeout",
        type=positive_float,
        default=CONNECTOR_TIMEOUT,
        help=f"seconds the schema discovery may take ({CONNECTOR_TIMEOUT:g})",
    )
    create.add_argument(
        "--dry-run",
        action="store_true",
        help="discover and print the connection that would be created; create nothing",
    )


def _check(commands: argparse._SubParsersAction[Parser], common: Parser, actor: str) -> None:
    group = commands.add_parser(f"{actor}s", help=f"check {actor}s")
    sub = group.add_subparsers(dest=f"{actor}s_command", required=True, metavar="COMMAND")
    check = sub.add_parser(
        "check",
        parents=[common],
        help=f"run the {actor} connector's check",
        description=f"Run the {actor} connector's check with its stored configuration: exit 0"
        " when it connected, 1 when it did not (the connector's message is printed) or did"
        " not answer within --timeout.",
    )
    check.add_argument("actor_id", type=uuid_value, metavar=f"{actor.upper()}_ID")
    check.add_argument(
        "--timeout",
        type=positive_float,
        default=CONNECTOR_TIMEOUT,
        help=f"seconds the check may take ({CONNECTOR_TIMEOUT:g})",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    common = connection_options()
    parser = Parser(
        prog="aioairbyte", description="Drive an Airbyte deployment from the command line."
    )
    parser.add_argument("--version", action="version", version=f"aioairbyte {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("health", parents=[common], help="check the server's health")
    for name in _BULK:
        _bulk(commands, name, common)

    connections = commands.add_parser(
        "connections", help="list, show, create, pause and resume connections"
    )
    conn = connections.add_subparsers(dest="connections_command", required=True, metavar="COMMAND")
    listing = conn.add_parser("list", parents=[common], help="list connections")
    listing.add_argument("--workspace", type=uuid_value, help="only this workspace")
    listing.add_argument("--name", metavar="PATTERN", help="only names matching this glob")
    listing.add_argument(
        "--status",
        action="append",
        choices=("active", "inactive", "locked"),
        help="only this status (repeatable)",
    )
    get = conn.add_parser("get", parents=[common], help="show one connection")
    get.add_argument("connection_id", type=uuid_value, metavar="CONNECTION_ID")
    _create(conn, common)
    for name, what in (("pause", "active -> inactive"), ("resume", "inactive -> active")):
        cmd = conn.add_parser(name, parents=[common], help=f"{name} connections ({what})")
        bulk_selection(cmd, status_filter=False)
        cmd.add_argument(
            "--dry-run", action="store_true", help="print what would change; send no change"
        )

    _check(commands, common, "source")
    _check(commands, common, "destination")

    jobs = commands.add_parser("jobs", help="wait for, cancel, list jobs and read their logs")
    job = jobs.add_subparsers(dest="jobs_command", required=True, metavar="COMMAND")
    wait = job.add_parser("wait", parents=[common], help="wait for a job to end")
    wait.add_argument("job_id", type=job_id, metavar="JOB_ID")
    wait.add_argument("--timeout", type=positive_float, default=None, help="seconds to wait")
    cancel = job.add_parser("cancel", parents=[common], help="cancel a job")
    cancel.add_argument("job_id", type=job_id, metavar="JOB_ID")
    listing = job.add_parser("list", parents=[common], help="a connection's jobs, newest first")
    listing.add_argument(
        "--connection", type=uuid_value, required=True, metavar="ID", help="the connection"
    )
    listing.add_argument(
        "--status", action="append", choices=_JOB_STATUSES, help="only this status (repeatable)"
    )
    listing.add_argument(
        "--config-type",
        action="append",
        choices=JOB_CONFIG_TYPES,
        help="only this job type (repeatable; default sync and reset)",
    )
    listing.add_argument(
        "--limit", type=positive_int, default=20, help="the most jobs shown (>= 1; 20)"
    )
    logs = job.add_parser("logs", parents=[common], help="print an attempt's log lines")
    logs.add_argument("job_id", type=job_id, metavar="JOB_ID")
    logs.add_argument(
        "--attempt", type=positive_int, default=None, help="attempt number (from 1; default last)"
    )

    demo = commands.add_parser(
        "demo",
        help="bulk-sync a simulated Airbyte (started in-process) with live progress",
        description="Start a simulated Airbyte in-process and bulk-sync it. It takes no --url or"
        " credentials: it never talks to a real server.",
    )
    output_options(demo)
    demo.add_argument("--connections", type=positive_int, default=36, help="how many (>= 1; 36)")
    demo.add_argument(
        "--attempt-duration", type=positive_float, default=1.5, help="seconds per attempt (1.5)"
    )
    demo.add_argument(
        "--timeout", type=positive_float, default=8.0, help="the bulk sync's deadline (8)"
    )
    demo.add_argument("--seed", type=int, default=7, help="seed of the plan and names (7)")
    demo.add_argument(
        "--profile",
        choices=["modern", "0.40"],
        default="modern",
        help="the Airbyte to simulate: modern (1.x/2.x, application tokens; the default) or 0.40",
    )
    demo.add_argument(
        "--token-lifetime",
        type=positive_float,
        default=3.0,
        help="seconds the simulated server's tokens live (modern; short, to show renewal; 3)",
    )
    return parser
