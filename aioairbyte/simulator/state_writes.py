"""Connection state written through ``/v1/state/create_or_update``, as ``StateHandler`` and
``StatePersistence.updateOrCreateState`` keep it.

The job engine keeps a connection's state as a list of ``StreamState`` entries in
``ConnectionRecord.state`` (a succeeded sync replaces it, a reset drops its streams' entries).
A written ``stream`` state goes there, merged per stream; a ``global`` state puts its stream
states there and keeps its shared state here; a ``legacy`` state keeps its blob here, with an
empty list there as its marker. The written kind holds while the engine's list is the one this
module set (a sync replaces the list: the state is then the sync's ``stream`` state).
"""

from __future__ import annotations

import copy
from typing import Any

import attrs

from .backend import Backend
from .store import ConnectionRecord
from .workspaces import internal_error

__all__ = ["Written", "WrittenStates", "create_or_update", "current"]


@attrs.define
class Written:
    """A ``global`` or ``legacy`` state written to a connection."""

    kind: str
    entries: list[dict[str, Any]]
    """The very list set as ``ConnectionRecord.state`` (its identity marks the write)."""
    blob: dict[str, Any] | None = None
    """The shared state (``global``) or the state blob (``legacy``)."""


class WrittenStates:
    """The family state: the ``global`` and ``legacy`` states written, by connection id."""

    def __init__(self, b: Backend) -> None:
        self.written: dict[str, Written] = {}


def current(b: Backend, record: ConnectionRecord) -> dict[str, Any]:
    """The connection's ``ConnectionState`` now (``StateConverter.toApi``)."""
    engine_view = b.connection_state(record)  # advances the connection's jobs first
    book = b.family(WrittenStates).written
    written = book.get(record.id)
    if written is not None and record.state is not written.entries:
        kept = record.state
        # A partial reset keeps some of the global state's own entries (a sync makes new ones).
        if (
            written.kind == "global"
            and kept
            and all(any(entry is mine for mine in written.entries) for entry in kept)
        ):
            written.entries = kept
        else:
            del book[record.id]
            written = None
    if written is None:
        return engine_view
    if written.kind == "legacy":
        return {"connectionId": record.id, "stateType": "legacy", "state": written.blob}
    global_state: dict[str, Any] = {"streamStates": written.entries}
    if written.blob is not None:
        global_state["shared_state"] = written.blob
    return {"connectionId": record.id, "stateType": "global", "globalState": global_state}


def _merged(entries: list[dict[str, Any]], updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``writeStateToDb`` per stream: an upsert, or a delete for a null ``streamState``."""
    out = list(entries)
    for update in updates:
        key = _key(update["streamDescriptor"])
        out = [entry for entry in out if _key(entry["streamDescriptor"]) != key]
        if update.get("streamState") is not None:
            out.append(copy.deepcopy(update))
    return out


def _key(descriptor: dict[str, Any]) -> tuple[str, str | None]:
    return descriptor["name"], descriptor.get("namespace")


def _missing(kind: str) -> Exception:
    # The handler dereferences the field of the declared type: a NullPointerException.
    return internal_error(
        f'Cannot invoke "{kind}" because the state of the declared type is null',
        "java.lang.NullPointerException",
    )


def create_or_update(b: Backend, record: ConnectionRecord, state: dict[str, Any]) -> Any:
    """``StateHandler.createOrUpdateState``: write, then answer the state as now stored.

    A stored state's type changes only from ``legacy``; any other change is the server's
    500 ``IllegalStateException`` (a reset must clear the state first).
    """
    previous = current(b, record)
    before, after = previous["stateType"], state["stateType"]
    if before not in ("not_set", "legacy", after):
        raise internal_error(
            f"Unexpected type migration from '{before.upper()}' to "
            f"'{'null' if after == 'not_set' else after.upper()}'. Migration of StateType "
            "need to go through an explicit reset.",
            "java.lang.IllegalStateException",
        )
    book = b.family(WrittenStates).written
    if after == "not_set":
        if before != "not_set" or not b.config.modern:
            # 0.40 switches on a null type (a NullPointerException); 2.x writes nothing.
            raise internal_error(
                "Unexpected type migration from 'LEGACY' to 'null'. Migration of StateType "
                "need to go through an explicit reset."
                if before == "legacy"
                else "null",
                "java.lang.IllegalStateException"
                if before == "legacy"
                else "java.lang.NullPointerException",
            )
        return current(b, record)
    migrating = before == "legacy" and after != "legacy"
    if migrating or after == "legacy":
        book.pop(record.id, None)
        record.state = None
    if after == "stream":
        if state.get("streamState") is None:
            raise _missing("java.util.List.iterator()")
        record.state = _merged(record.state or [], state["streamState"]) or None
    elif after == "global":
        glob = state.get("globalState")
        if glob is None:
            raise _missing("io.airbyte.protocol.models.AirbyteStateMessage.getGlobal()")
        written = book.get(record.id)
        entries = _merged(written.entries if written else [], glob["streamStates"])
        # The shared row is written like a stream's: a global state without one deletes it.
        record.state = entries
        book[record.id] = Written("global", entries, copy.deepcopy(glob.get("shared_state")))
    elif state.get("state") is not None:
        record.state = []
        book[record.id] = Written("legacy", record.state, copy.deepcopy(state["state"]))
    return current(b, record)
