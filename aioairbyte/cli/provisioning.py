"""``connections create`` (from a source's discovered schema), ``sources check`` and
``destinations check``.

``connections create`` reads the source and the destination, discovers the source's schema,
selects the ``--stream`` streams (every stream when none is given), gives each selected stream
a sync mode and sends one create. Nothing is created when a stream is unknown or a sync mode does
not fit: those are found after the discover and exit 1 (as an unknown ``--stream`` of the bulk
commands does). The create is never resent: when its answer is lost the command says the
connection may exist and exits 3.

A check exits 0 when the connector connected, 1 when it did not (its message is printed) or did
not answer within ``--timeout``; the usual 2 and 3 otherwise (:mod:`aioairbyte.cli.exits`).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shlex
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

import attrs

from ..client import AirbyteClient
from ..errors import ApiConnectionError, ApiError, ApiTimeoutError, ResponseDecodeError
from ..models import (
    AirbyteCatalog,
    AirbyteStream,
    AirbyteStreamAndConfiguration,
    AirbyteStreamConfiguration,
    CheckConnectionRead,
    ConnectionCreate,
    ConnectionRead,
    ConnectionScheduleData,
    ConnectionScheduleDataBasicSchedule,
    ConnectionScheduleDataCron,
    ConnectionScheduleTimeUnit,
    ConnectionScheduleType,
    ConnectionStatus,
    ConnectionStream,
    DestinationSyncMode,
    SyncMode,
)
from .bulk import UnknownStreamError
from .connections import connection_json
from .exits import EXIT_FAILED, EXIT_OK, CliError, exit_code_for
from .options import UsageError, stream_label, unique_streams
from .output import Output

__all__ = [
    "SYNC_MODES",
    "check_actor",
    "choose_streams",
    "connections_create",
    "default_modes",
    "interval_value",
    "validate_create",
]

#: ``--sync-mode`` values: how the source reads a stream and how the destination writes it (the
#: names of the public API's ``ConnectionSyncModeEnum``, ``_dedup`` for its
#: ``incremental_deduped_history``). ``auto`` (the default) is :func:`default_modes`.
SYNC_MODES: dict[str, tuple[SyncMode, DestinationSyncMode]] = {
    "full_refresh_overwrite": (SyncMode.FULL_REFRESH, DestinationSyncMode.OVERWRITE),
    "full_refresh_append": (SyncMode.FULL_REFRESH, DestinationSyncMode.APPEND),
    "incremental_append": (SyncMode.INCREMENTAL, DestinationSyncMode.APPEND),
    "incremental_append_dedup": (SyncMode.INCREMENTAL, DestinationSyncMode.APPEND_DEDUP),
}

T = TypeVar("T")

_UNITS = {
    "m": ConnectionScheduleTimeUnit.MINUTES,
    "h": ConnectionScheduleTimeUnit.HOURS,
    "d": ConnectionScheduleTimeUnit.DAYS,
    "w": ConnectionScheduleTimeUnit.WEEKS,
}


def interval_value(text: str) -> ConnectionScheduleDataBasicSchedule:
    """``--every``: a whole number and a unit, ``30m``, ``6h``, ``1d``, ``2w``."""
    match = re.fullmatch(r"([0-9]+)([mhdw])", text.strip())
    if not match or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(
            f"must be an interval such as 30m, 6h, 1d or 2w (>= 1), got {text!r}"
        )
    return ConnectionScheduleDataBasicSchedule(time_unit=_UNITS[match[2]], units=int(match[1]))


def validate_create(args: argparse.Namespace) -> None:
    """The checks of ``connections create`` that need no request (exit 2)."""
    unique_streams(args.streams or ())
    if args.cron_time_zone is not None and args.cron is None:
        raise UsageError("--cron-time-zone goes with --cron")
    if args.name is not None and not args.name.strip():
        raise UsageError("--name must not be empty")


def _key(stream: AirbyteStream) -> ConnectionStream:
    return ConnectionStream(stream_name=stream.name, stream_namespace=stream.namespace or None)


def choose_streams(
    catalog: AirbyteCatalog, wanted: Sequence[ConnectionStream], source: str
) -> set[ConnectionStream]:
    """The streams of ``catalog`` to select: ``wanted``, or all of them when it is empty.

    An unknown stream raises :class:`~aioairbyte.cli.bulk.UnknownStreamError` (exit 1) naming
    it, the stream of the same name in another namespace if there is one, else every stream.
    """
    known = [_key(item.stream) for item in catalog.streams if item.stream is not None]
    if not wanted:
        return set(known)
    for stream in wanted:
        if stream in known:
            continue
        message = f"source {source!r} has no stream {stream_label(stream)}"
        alike = [stream_label(k) for k in known if k.stream_name == stream.stream_name]
        if alike:
            message += f"; did you mean --stream {' or --stream '.join(alike)}?"
        else:
            message += f" (its streams: {', '.join(stream_label(k) for k in known) or 'none'})"
        raise UnknownStreamError(message)
    return set(wanted)


def _evolve(value: T, **changes: Any) -> T:
    """``attrs.evolve`` typed (mypy does not see the models' ``@model`` as attrs classes)."""
    return cast(T, attrs.evolve(cast(Any, value), **changes))


def _has_cursor(stream: AirbyteStream) -> bool:
    return bool(stream.source_defined_cursor) or bool(stream.default_cursor_field)


def default_modes(
    stream: AirbyteStream, supported: Sequence[DestinationSyncMode] | None
) -> tuple[SyncMode, DestinationSyncMode]:
    """The modes the server gives a new stream (``CatalogConverter.
    configureDefaultSyncModesForNewStream``): a source-defined cursor and primary key give
    incremental + append_dedup; a cursor without full refresh incremental + append; anything
    else full_refresh + overwrite. When the destination (``supported``: its modes, ``None``
    unknown) cannot write that, full_refresh + overwrite, or + append."""
    modes = stream.supported_sync_modes or [SyncMode.FULL_REFRESH]
    full = SyncMode.FULL_REFRESH in modes
    if stream.source_defined_cursor and stream.source_defined_primary_key:
        choice = (SyncMode.INCREMENTAL, DestinationSyncMode.APPEND_DEDUP)
    elif stream.source_defined_cursor and not full:
        choice = (SyncMode.INCREMENTAL, DestinationSyncMode.APPEND)
    else:
        choice = (SyncMode.FULL_REFRESH, DestinationSyncMode.OVERWRITE)
    if supported is None or choice[1] in supported or not full:
        return choice
    for fallback in (DestinationSyncMode.OVERWRITE, DestinationSyncMode.APPEND):
        if fallback in supported:
            return SyncMode.FULL_REFRESH, fallback
    return choice  # the destination supports neither: let the server say so


def _unfit(
    stream: AirbyteStream,
    modes: tuple[SyncMode, DestinationSyncMode],
    supported: Sequence[DestinationSyncMode] | None,
) -> str | None:
    """Why ``stream`` cannot be synced in ``modes`` (``--sync-mode``), or ``None``."""
    sync, write = modes
    if sync not in (stream.supported_sync_modes or [SyncMode.FULL_REFRESH]):
        return f"the source cannot read it {sync.value}"
    if sync is SyncMode.INCREMENTAL and not _has_cursor(stream):
        return "it has no cursor the source defines or suggests"
    if write is DestinationSyncMode.APPEND_DEDUP and not stream.source_defined_primary_key:
        return "it has no primary key the source defines"
    if supported is not None and write not in supported:
        return f"the destination cannot write {write.value}"
    return None


def configure(
    item: AirbyteStreamAndConfiguration,
    selected: bool,
    mode: str,
    supported: Sequence[DestinationSyncMode] | None,
) -> AirbyteStreamAndConfiguration:
    """``item`` with ``selected`` and, when selected, the modes of ``mode`` (``auto``: its
    :func:`default_modes`), cursor and primary key. An unselected stream keeps the discovered
    configuration (the server wants one for every stream of the catalog)."""
    stream = item.stream
    assert stream is not None
    config = item.config
    if not selected:
        if config is None:
            sync, write = default_modes(stream, supported)
            config = AirbyteStreamConfiguration(sync_mode=sync, destination_sync_mode=write)
        return _evolve(item, config=_evolve(config, selected=False))
    if mode == "auto":
        sync, write = default_modes(stream, supported)
    else:
        sync, write = SYNC_MODES[mode]
        why = _unfit(stream, (sync, write), supported)
        if why is not None:
            raise CliError(
                f"--sync-mode {mode} does not fit stream {stream_label(_key(stream))}: {why};"
                " nothing was created",
                EXIT_FAILED,
            )
    changes: dict[str, Any] = {
        "selected": True,
        "sync_mode": sync,
        "destination_sync_mode": write,
        "cursor_field": list(stream.default_cursor_field or [])
        if sync is SyncMode.INCREMENTAL
        else (config.cursor_field if config is not None else None),
        "primary_key": [list(k) for k in stream.source_defined_primary_key or []]
        if write is DestinationSyncMode.APPEND_DEDUP
        else (config.primary_key if config is not None else None),
    }
    if config is None:
        config = AirbyteStreamConfiguration(
            sync_mode=sync, destination_sync_mode=write, alias_name=stream.name
        )
    return _evolve(item, config=_evolve(config, **changes))


def _schedule(
    args: argparse.Namespace,
) -> tuple[ConnectionScheduleType, ConnectionScheduleData | None]:
    if args.every is not None:
        return ConnectionScheduleType.BASIC, ConnectionScheduleData(basic_schedule=args.every)
    if args.cron is not None:
        cron = ConnectionScheduleDataCron(
            cron_expression=args.cron, cron_time_zone=args.cron_time_zone or "UTC"
        )
        return ConnectionScheduleType.CRON, ConnectionScheduleData(cron=cron)
    return ConnectionScheduleType.MANUAL, None


def _stream_json(item: AirbyteStreamAndConfiguration) -> dict[str, Any]:
    assert item.stream is not None
    assert item.config is not None
    config = item.config
    return {
        "name": item.stream.name,
        "namespace": item.stream.namespace,
        "selected": config.selected is not False,
        "sync_mode": config.sync_mode.value,
        "destination_sync_mode": config.destination_sync_mode.value,
        "cursor_field": config.cursor_field or [],
        "primary_key": config.primary_key or [],
    }


def _stream_line(stream: dict[str, Any]) -> str:
    label = stream_label(
        ConnectionStream(stream_name=stream["name"], stream_namespace=stream["namespace"] or None)
    )
    text = f"stream: {label} {stream['sync_mode']} {stream['destination_sync_mode']}"
    extra = []
    if stream["cursor_field"] and stream["sync_mode"] == SyncMode.INCREMENTAL.value:
        extra.append(f"cursor {'.'.join(stream['cursor_field'])}")
    if stream["primary_key"] and stream["destination_sync_mode"].endswith("_dedup"):
        extra.append(f"primary key {', '.join('.'.join(k) for k in stream['primary_key'])}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


async def _timed(timeout: float, what: str, awaitable: Awaitable[T]) -> T:
    """``awaitable`` with ``timeout`` seconds as its deadline (retries included): past it, a
    :class:`CliError` (exit 1) saying the connector did not answer in time."""
    try:
        async with asyncio.timeout(timeout):
            return await awaitable
    except (TimeoutError, ApiTimeoutError) as exc:
        if isinstance(exc, ApiTimeoutError) and exc.maybe_processed is False:
            raise  # the connection itself timed out: the server is unreachable (exit 3)
        raise CliError(f"{what} did not end within {timeout:g} s (--timeout)", EXIT_FAILED) from exc


async def connections_create(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """Discover the source's schema, select and configure the streams, create the connection.

    The create is sent once: it is not idempotent (the client does not resend it either), so an
    answer lost after the request may have reached the server ends the command (exit 3) with a
    hint to look for the connection before trying again.
    """
    source = await client.sources.get(args.source)
    destination = await client.destinations.get(args.destination)
    discovered = await _timed(
        args.timeout,
        f"discovering the schema of source {source.name!r}",
        client.sources.discover_schema(source.source_id, timeout=args.timeout),
    )
    catalog = discovered.catalog
    if not discovered.succeeded or catalog is None:
        job = discovered.job_info
        reason = None if job is None else job.failure_reason
        why = reason.external_message if reason is not None and reason.external_message else ""
        raise CliError(
            f"discovering the schema of source {source.name!r} failed"
            + (f": {why}" if why else f"; aioairbyte sources check {source.source_id} says why"),
            EXIT_FAILED,
        )
    if not any(item.stream is not None for item in catalog.streams):
        raise CliError(f"source {source.name!r} has no streams: nothing to create", EXIT_FAILED)
    chosen = choose_streams(catalog, args.streams or [], source.name)
    specification = await client.destination_definitions.get_specification(
        destination.destination_definition_id, destination.workspace_id
    )
    supported = specification.supported_destination_sync_modes
    streams = [
        configure(item, _key(item.stream) in chosen, args.sync_mode, supported)
        for item in catalog.streams
        if item.stream is not None
    ]
    schedule_type, schedule_data = _schedule(args)
    body = ConnectionCreate(
        source_id=source.source_id,
        destination_id=destination.destination_id,
        status=ConnectionStatus.INACTIVE if args.inactive else ConnectionStatus.ACTIVE,
        # The web app's default name (ConnectionForm formConfig.tsx).
        name=args.name or f"{source.name} → {destination.name}",
        sync_catalog=AirbyteCatalog(streams=streams),
        source_catalog_id=discovered.catalog_id,
        schedule_type=schedule_type,
        schedule_data=schedule_data,
    )
    if args.dry_run:
        _report_create(None, body, out)
        out.note("dry run: no connection was created")
        return EXIT_OK
    try:
        created = await client.connections.create(body)
    except (ApiConnectionError, ApiError, ResponseDecodeError) as exc:
        lost = isinstance(exc, ResponseDecodeError) or exc.maybe_processed
        if not lost:
            raise
        raise CliError(
            f"{exc}; the server may have created the connection: look for it (aioairbyte"
            f" connections list --name {shlex.quote(body.name or '')}) before running this"
            " again",
            exit_code_for(exc),
        ) from exc
    _report_create(created, body, out)
    return EXIT_OK


def _report_create(created: ConnectionRead | None, body: ConnectionCreate, out: Output) -> None:
    """The connection created (or, for a dry run, the one that would be): JSON or lines."""
    assert body.sync_catalog is not None
    catalog = created.sync_catalog if created is not None else body.sync_catalog
    streams = [_stream_json(s) for s in catalog.streams if s.stream and s.config]
    if created is not None:
        doc = connection_json(created)
    else:
        doc = {
            "connection_id": None,
            "name": body.name,
            "status": body.status.value,
            "source_id": str(body.source_id),
            "destination_id": str(body.destination_id),
            "schedule_type": None if body.schedule_type is None else body.schedule_type.value,
        }
    doc["streams"] = streams
    doc["dry_run"] = created is None
    if out.json:
        out.print_json(doc)
        return
    for key in ("connection_id", "name", "status", "source_id", "destination_id"):
        if doc.get(key) is not None:
            out.line(f"{key}: {doc[key]}")
    out.line(f"schedule: {_schedule_text(created, body)}")
    selected = [s for s in streams if s["selected"]]
    out.line(f"streams: {len(selected)} selected of {len(streams)}")
    for stream in selected:
        out.line(_stream_line(stream))


def _schedule_text(created: ConnectionRead | None, body: ConnectionCreate) -> str:
    kind = (created or body).schedule_type
    data = (created or body).schedule_data
    if kind is None or kind is ConnectionScheduleType.MANUAL or data is None:
        return "manual"
    if data.basic_schedule is not None:
        return f"every {data.basic_schedule.units} {data.basic_schedule.time_unit.value}"
    if data.cron is not None:
        return f"cron {data.cron.cron_expression} ({data.cron.cron_time_zone})"
    return kind.value


def _check_json(actor: str, actor_id: UUID, check: CheckConnectionRead) -> dict[str, Any]:
    job = check.job_info
    message = check.message
    if check.status is None and job.failure_reason is not None:  # the check did not run (2.x)
        message = job.failure_reason.external_message
    return {
        f"{actor}_id": str(actor_id),
        "status": "succeeded" if check.succeeded else "failed",
        "message": message,
        "job_id": str(job.id),
        "duration": max(0, job.ended_at - job.created_at) / 1000,
    }


async def check_actor(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """``sources check`` / ``destinations check``: run the connector's check with the stored
    configuration; 0 when it connected, 1 when it did not (or did not answer in time)."""
    actor = "source" if args.command == "sources" else "destination"
    actor_id: UUID = args.actor_id
    resource = client.sources if actor == "source" else client.destinations
    check = await _timed(
        args.timeout,
        f"the check of {actor} {actor_id}",
        resource.check_connection(actor_id, timeout=args.timeout),
    )
    doc = _check_json(actor, actor_id, check)
    if out.json:
        out.print_json(doc)
    else:
        message = " ".join((doc["message"] or "").split())  # one line, whatever the connector
        text = f"{actor_id}: {doc['status']}" + (f": {message}" if message else "")
        out.line(text, style="green" if check.succeeded else "red")
    return EXIT_OK if check.succeeded else EXIT_FAILED
