"""``connections list|get|pause|resume`` and ``health``."""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from ..client import AirbyteClient
from ..errors import AirbyteError
from ..models import ConnectionRead, ConnectionStatus, ConnectionUpdate
from .bulk import bulk_exit_code
from .exits import EXIT_API, EXIT_OK, error_json
from .options import check_selection, matches
from .output import Output

__all__ = ["connections_get", "connections_list", "connections_set_status", "health"]


async def health(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """Whether the server serves requests: 0 when available, 3 when not."""
    check = await client.health.check()
    if out.json:
        out.print_json({"available": check.available, "url": client.base_url})
    else:
        out.line(f"{client.base_url}: {'available' if check.available else 'UNAVAILABLE'}")
    return EXIT_OK if check.available else EXIT_API


async def _workspaces(client: AirbyteClient, args: argparse.Namespace) -> list[UUID]:
    if args.workspace is not None:
        return [args.workspace]
    return [w.workspace_id for w in await client.workspaces.list()]


def _row(c: ConnectionRead, workspace: UUID | None) -> dict[str, Any]:
    return {
        "connection_id": str(c.connection_id),
        "name": c.name,
        "status": c.status.value,
        "workspace_id": None if workspace is None else str(workspace),
    }


async def connections_list(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """The connections of one workspace or of all, narrowed by ``--name`` and ``--status``."""
    rows = []
    for workspace in await _workspaces(client, args):
        for c in await client.connections.list(workspace):
            if matches(c, args, ()):
                rows.append(_row(c, workspace))
    if out.json:
        out.print_json(rows)
    else:
        out.rows(
            ["connection_id", "name", "status", "workspace_id"],
            [[r["connection_id"], r["name"], r["status"], r["workspace_id"]] for r in rows],
        )
    return EXIT_OK


def connection_json(c: ConnectionRead) -> dict[str, Any]:
    """One connection as JSON: its ids, name, status, schedule and streams."""
    streams = []
    for item in c.sync_catalog.streams:
        if item.stream is None:
            continue
        config = item.config
        streams.append(
            {
                "name": item.stream.name,
                "namespace": item.stream.namespace,
                "selected": None if config is None else config.selected,
                "sync_mode": None if config is None else config.sync_mode.value,
                "destination_sync_mode": None
                if config is None
                else config.destination_sync_mode.value,
            }
        )
    return {
        **_row(c, c.workspace_id),
        "source_id": str(c.source_id),
        "destination_id": str(c.destination_id),
        "schedule_type": None if c.schedule_type is None else c.schedule_type.value,
        "namespace_definition": None
        if c.namespace_definition is None
        else c.namespace_definition.value,
        "prefix": c.prefix,
        "streams": streams,
    }


async def connections_get(client: AirbyteClient, args: argparse.Namespace, out: Output) -> int:
    """One connection."""
    doc = connection_json(await client.connections.get(args.connection_id))
    if out.json:
        out.print_json(doc)
        return EXIT_OK
    for key, value in doc.items():
        if key == "streams":
            selected = [s["name"] for s in value if s["selected"] is not False]
            value = f"{len(selected)} selected: {', '.join(selected)}" if selected else "none"
        out.line(f"{key}: {'' if value is None else value}")
    return EXIT_OK


def validate_set_status(args: argparse.Namespace) -> None:
    """Checks without requests for ``pause``/``resume``."""
    check_selection(args)


async def connections_set_status(
    client: AirbyteClient, args: argparse.Namespace, out: Output
) -> int:
    """``pause`` (active -> inactive) or ``resume`` (inactive -> active) many connections."""
    target = (
        ConnectionStatus.INACTIVE
        if args.connections_command == "pause"
        else ConnectionStatus.ACTIVE
    )
    source = (
        ConnectionStatus.ACTIVE
        if target is ConnectionStatus.INACTIVE
        else ConnectionStatus.INACTIVE
    )
    chosen: list[tuple[UUID, ConnectionRead | None, BaseException | None]] = []
    if args.ids:
        for cid in args.ids:
            try:
                chosen.append((cid, await client.connections.get(cid), None))
            except AirbyteError as exc:
                if bulk_exit_code([exc], True) == EXIT_API:
                    raise  # unreachable, credentials refused: nothing else will work
                chosen.append((cid, None, exc))
    else:
        for workspace in await _workspaces(client, args):
            for c in await client.connections.list(workspace):
                if matches(c, args, ()):
                    chosen.append((c.connection_id, c, None))
    changes: list[dict[str, Any]] = []
    errors: list[BaseException | None] = []
    for cid, connection, error in chosen:
        change: dict[str, Any] = {
            "connection_id": str(cid),
            "name": None if connection is None else connection.name,
            "from": None if connection is None else connection.status.value,
            "to": None,
            "changed": False,
            "error": None,
        }
        if connection is not None and connection.status == source:
            change["to"] = target.value
            if not args.dry_run:
                try:
                    update = ConnectionUpdate(connection_id=cid, status=target)
                    change["to"] = (await client.connections.update(update)).status.value
                    change["changed"] = True
                except AirbyteError as exc:
                    error = exc
        if error is not None:
            change["error"] = error_json(error)
        errors.append(error)
        changes.append(change)
    if out.json:
        out.print_json({"dry_run": args.dry_run, "changes": changes})
    else:
        rows = []
        for change, error in zip(changes, errors, strict=True):
            if error is not None:
                what = f"error: {error}"
            elif change["to"] is None:
                what = f"unchanged ({change['from']})"
            else:
                verb = "would change" if args.dry_run else "changed"
                what = f"{verb} {change['from']} -> {change['to']}"
            rows.append([change["connection_id"], change["name"] or "", what])
        out.rows(["connection", "name", args.connections_command], rows)
    if not chosen:
        out.note("no connections selected: nothing to do")
    elif args.dry_run:
        out.note("dry run: nothing was sent")
    return bulk_exit_code(errors, True)
