"""Options shared by the commands, argument types checked while parsing (so that bad input exits
2 before any request), and the client the connection options describe."""

from __future__ import annotations

import argparse
import fnmatch
import os
from collections.abc import Sequence
from typing import NoReturn
from urllib.parse import urlsplit
from uuid import UUID

from ..auth import BasicAuth, BearerAuth, ClientCredentials
from ..client import DEFAULT_BASE_URL, AirbyteClient
from ..errors import InvalidArgumentError
from ..models import ConnectionRead, ConnectionStream
from .exits import EXIT_USAGE, CliError

__all__ = [
    "CONNECTION_STATUSES",
    "Parser",
    "UsageError",
    "bulk_selection",
    "check_selection",
    "connection_options",
    "job_id",
    "make_client",
    "matches",
    "positive_float",
    "positive_int",
    "stream_label",
    "stream_value",
    "unique_ids",
    "unique_streams",
    "uuid_value",
]

#: Connection statuses ``--status`` selects (deleted connections are never listed).
CONNECTION_STATUSES = ("active", "inactive", "locked")


class UsageError(CliError):
    """Bad command-line input, found before any request is sent (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line and an exception (exit 2, ``--json``
    aware), not a usage dump and ``sys.exit``."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def positive_int(text: str) -> int:
    """An int >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def positive_float(text: str) -> float:
    """A number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be > 0 seconds, got {text}")
    return value


def job_id(text: str) -> int:
    """A job id: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a job id (a number), got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"must be a job id (0 or more), got {value}")
    return value


def uuid_value(text: str) -> UUID:
    """A connection or workspace id."""
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a UUID, got {text!r}") from None


def stream_value(text: str) -> ConnectionStream:
    """A stream: ``NAME`` (no namespace) or ``NAMESPACE/NAME``.

    Airbyte puts no limit on the characters of a stream's name or namespace; names with dots
    (``orders.v2``), spaces and slashes are common, namespaces (schemas, databases, datasets)
    almost never hold a slash. So the namespace ends at the first ``/`` and the name is the rest,
    taken as it is; a leading ``/`` says "no namespace" (``/reports/2024``: the stream
    ``reports/2024`` without one).
    """
    namespace, slash, name = text.partition("/")
    if not slash:
        namespace, name = "", text
    if not name:
        raise argparse.ArgumentTypeError(f"must be a stream: NAME or NAMESPACE/NAME, got {text!r}")
    return ConnectionStream(stream_name=name, stream_namespace=namespace or None)


def stream_label(stream: ConnectionStream) -> str:
    """How ``--stream`` writes ``stream`` (read back by :func:`stream_value` as the same)."""
    if stream.stream_namespace:
        return f"{stream.stream_namespace}/{stream.stream_name}"
    return f"/{stream.stream_name}" if "/" in stream.stream_name else stream.stream_name


def unique_streams(streams: Sequence[ConnectionStream]) -> list[ConnectionStream]:
    """``streams`` without repeats: a stream given twice is refused (exit 2)."""
    seen: set[ConnectionStream] = set()
    for stream in streams:
        if stream in seen:
            raise UsageError(f"--stream {stream_label(stream)} is given twice")
        seen.add(stream)
    return list(streams)


def unique_ids(ids: Sequence[UUID], what: str = "connection id") -> list[UUID]:
    """``ids`` without repeats: a repeated id is refused (exit 2), never silently dropped."""
    seen: set[UUID] = set()
    for value in ids:
        if value in seen:
            raise UsageError(f"{what} {value} is given twice")
        seen.add(value)
    return list(ids)


def connection_options() -> Parser:
    """``--url``, the credentials, ``--json`` and ``--verbose``: every command but ``demo``."""
    common = Parser(add_help=False)
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
    output_options(common)
    return common


def output_options(parser: argparse.ArgumentParser) -> None:
    """``--json`` and ``--verbose``."""
    parser.add_argument(
        "--json", action="store_true", help="machine-readable output on stdout (errors too)"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log the library's work on stderr: -v retries and attached jobs, -vv every request",
    )


def bulk_selection(parser: argparse.ArgumentParser, *, status_filter: bool) -> None:
    """Connection ids, or ``--workspace``/``--all`` narrowed by ``--name`` (and ``--status``)."""
    parser.add_argument(
        "ids", nargs="*", type=uuid_value, metavar="CONNECTION_ID", help="connections (UUIDs)"
    )
    parser.add_argument("--workspace", type=uuid_value, help="the connections of this workspace")
    parser.add_argument("--all", action="store_true", help="the connections of every workspace")
    parser.add_argument(
        "--name",
        metavar="PATTERN",
        help="only connections whose name matches this glob (fnmatch: * ? [..]; case-sensitive)",
    )
    if status_filter:
        parser.add_argument(
            "--status",
            action="append",
            choices=CONNECTION_STATUSES,
            help="only connections in this status (repeatable; default active)",
        )


def check_selection(args: argparse.Namespace) -> None:
    """Exactly one of ids, ``--workspace``, ``--all``; ``--name``/``--status`` only with the
    latter two. Raises :class:`UsageError`."""
    given = [bool(args.ids), args.workspace is not None, bool(args.all)]
    if sum(given) > 1:
        raise UsageError("give connection ids, or --workspace W, or --all; not several")
    if not any(given):
        raise UsageError("nothing to do: give connection ids, --workspace W or --all")
    filters = [f for f in ("name", "status") if getattr(args, f, None)]
    if args.ids and filters:
        raise UsageError(f"--{filters[0]} selects among --workspace or --all, not among ids")
    unique_ids(args.ids)


def matches(connection: ConnectionRead, args: argparse.Namespace, default: Sequence[str]) -> bool:
    """Whether ``connection`` passes ``--name`` and ``--status`` (``default`` without it)."""
    statuses = getattr(args, "status", None) or default
    if statuses and connection.status.value not in statuses:
        return False
    return args.name is None or fnmatch.fnmatchcase(connection.name, args.name)


def make_client(args: argparse.Namespace) -> AirbyteClient:
    """The client ``--url`` and the credential options (or the environment) describe."""
    url = args.url or os.environ.get("AIRBYTE_URL") or DEFAULT_BASE_URL
    flag = "--url" if args.url else "AIRBYTE_URL" if os.environ.get("AIRBYTE_URL") else "--url"
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
            raise UsageError(
                "give both the client id and the client secret (--client-id/--client-secret or"
                " AIRBYTE_CLIENT_ID/AIRBYTE_CLIENT_SECRET)"
            )
        if token_url:
            _check_url(token_url, "--token-url" if args.token_url else "AIRBYTE_TOKEN_URL")
        auth = ClientCredentials(client_id, client_secret, token_url=token_url or None)
    elif username or password:
        auth = BasicAuth(username or "airbyte", password or "")
    _check_url(url, flag)
    try:
        return AirbyteClient(url, auth=auth)
    except InvalidArgumentError as exc:  # the library names its parameter: name the flag
        raise UsageError(str(exc).replace("base_url", flag)) from None


def _check_url(url: str, flag: str) -> None:
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - ValueError when it is not a number in range
    except ValueError:
        ok = False
    if not ok:
        # Never quote the value: it may hold credentials (http://user:pass@host/api).
        raise UsageError(f"{flag} must be an http(s) URL such as {DEFAULT_BASE_URL}")


def api_hint(url: str) -> str:
    """A hint for the router's 404 when ``url``'s path does not end in ``/api``."""
    path = urlsplit(url).path.rstrip("/")
    if path.endswith("/api"):
        return ""
    return f"; try --url {url.rstrip('/')}/api"
