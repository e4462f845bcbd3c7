"""The ``aioairbyte`` command: bulk sync/reset/clear/refresh with live progress, jobs,
connections (created from a source's discovered schema), source and destination checks, a demo.

Connection settings come from options or the environment (``AIRBYTE_URL``;
``AIRBYTE_CLIENT_ID`` and ``AIRBYTE_CLIENT_SECRET``, an application's credentials, for 1.x/2.x
servers; ``AIRBYTE_TOKEN``; ``AIRBYTE_USERNAME``/``AIRBYTE_PASSWORD`` for 0.40 deployments behind
basic auth); secrets are never printed.

Results go to stdout (one plain line per item when stdout is not a terminal; one JSON document
with ``--json``, failures included); progress, notes, log records and errors go to stderr.
Exit status (:mod:`aioairbyte.cli.exits`): 0 when everything succeeded, 1 when a job did not
(failed, cancelled, timed out), a connector check failed (or did not answer in time), or an id
or stream is unknown, 2 for bad input (checked before any request), 3 when the server could not
be reached, is not the API, refused a request or rejected the credentials; 130 on Ctrl-C and 143
on SIGTERM (both cancel the jobs this run started).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import AirbyteError, JobError, UnsupportedOperationError
from .bulk import KINDS, run_bulk, validate_bulk
from .bulk import report as _report
from .connections import (
    connections_get,
    connections_list,
    connections_set_status,
    health,
    validate_set_status,
)
from .exits import (
    EXIT_API,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    CliError,
    error_json,
    exit_code_for,
)
from .jobs import jobs_cancel, jobs_list, jobs_logs, jobs_wait
from .options import UsageError, api_hint, make_client
from .output import Output, result_json
from .parser import build_parser
from .provisioning import check_actor, connections_create, validate_create

__all__ = [
    "EXIT_API",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "build_parser",
    "entry_point",
    "main",
]

_ = _report  # the bulk report, kept importable from here for the demo and tests

_COMMANDS: dict[tuple[str, str | None], Any] = {
    ("health", None): health,
    ("sync", None): run_bulk,
    ("reset", None): run_bulk,
    ("clear", None): run_bulk,
    ("refresh", None): run_bulk,
    ("connections", "list"): connections_list,
    ("connections", "get"): connections_get,
    ("connections", "create"): connections_create,
    ("connections", "pause"): connections_set_status,
    ("connections", "resume"): connections_set_status,
    ("sources", "check"): check_actor,
    ("destinations", "check"): check_actor,
    ("jobs", "wait"): jobs_wait,
    ("jobs", "cancel"): jobs_cancel,
    ("jobs", "list"): jobs_list,
    ("jobs", "logs"): jobs_logs,
}


def _command(args: argparse.Namespace) -> tuple[str, str | None]:
    sub = getattr(args, f"{args.command}_command", None)
    return args.command, sub


_SERVER_FLAGS = ("--url", "--client-id", "--client-secret", "--token-url", "--username",
                 "--password", "--token")  # fmt: skip


def _validate(args: argparse.Namespace) -> None:
    """Checks that need no request; :class:`UsageError` (exit 2)."""
    if args.command in KINDS:
        validate_bulk(args)
    elif _command(args) in (("connections", "pause"), ("connections", "resume")):
        validate_set_status(args)
    elif _command(args) == ("connections", "create"):
        validate_create(args)


async def _run(args: argparse.Namespace, out: Output) -> int:
    if args.command == "demo":
        from ..demo import run_demo

        return await run_demo(args, out)
    handler = _COMMANDS[_command(args)]
    client = make_client(args)  # a bad --url or half credentials: exit 2, nothing sent
    async with client:
        try:
            code: int = await handler(client, args, out)
        except UnsupportedOperationError as exc:
            message = str(exc).replace("base_url", "--url") + api_hint(client.base_url)
            raise CliError(message, exit_code_for(exc)) from exc
        return code


async def _main(args: argparse.Namespace, out: Output, terminated: list[bool]) -> int:
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
        return await _run(args, out)
    try:
        return await _run(args, out)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGTERM)


class _StderrHandler(logging.Handler):
    """Writes to the current ``sys.stderr`` (rich's live display swaps it while it runs)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # pragma: no cover - logging must not break the command
            self.handleError(record)


@contextlib.contextmanager
def _library_log(verbose: int) -> Iterator[None]:
    """The library's log on stderr: errors only by default (a retried request is not news; the
    command prints one line when it finally fails), ``-v`` info, ``-vv`` debug."""
    logger = logging.getLogger("aioairbyte")
    saved = logger.level, logger.propagate, list(logger.handlers)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("aioairbyte: %(levelname)s: %(message)s"))
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(
        logging.ERROR if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    )
    try:
        yield
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def _fail(out: Output, exc: BaseException, code: int) -> int:
    """Report the error that ends the command: one line on stderr, and with ``--json`` a JSON
    document on stdout."""
    if out.json:
        doc: dict[str, Any] = {}
        if isinstance(exc, JobError):
            doc.update(result_json(exc.result) or {})
        elif isinstance(exc.__cause__, JobError):
            doc.update(result_json(exc.__cause__.result) or {})
        error = error_json(exc.__cause__ if isinstance(exc, CliError) and exc.__cause__ else exc)
        error["message"], error["exit_code"] = str(exc), code
        doc["error"] = error
        out.print_json(doc)
    out.error(str(exc))  # stderr too: a person reading a CI log sees why
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Output(json="--json" in argv)
    terminated: list[bool] = []
    try:
        if argv[:1] == ["demo"]:
            given = [f for f in _SERVER_FLAGS if any(a.partition("=")[0] == f for a in argv)]
            if given:
                raise UsageError(
                    f"demo takes no {given[0]}: it starts its own simulated server (see"
                    " aioairbyte demo --help)"
                )
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help, --version
            return exc.code if isinstance(exc.code, int) else EXIT_OK
        _validate(args)
        with _library_log(args.verbose):
            return asyncio.run(_main(args, out, terminated))
    except (CliError, AirbyteError) as exc:  # UsageError included
        return _fail(out, exc, exit_code_for(exc))
    except KeyboardInterrupt:
        out.note("interrupted: jobs started by this run were cancelled", style="yellow")
        return EXIT_INTERRUPTED
    except asyncio.CancelledError:
        if not terminated:
            raise
        out.note("terminated: jobs started by this run were cancelled", style="yellow")
        return EXIT_TERMINATED


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
