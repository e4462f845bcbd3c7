"""One client per Airflow connection per event loop, shared by the triggers running on it.

A triggerer runs up to about a thousand triggers on one loop. Sharing their client shares its
session and connection pool, its access token, and its batched status polls (one
``connections/status`` request follows up to 100 running jobs), so requests per job fall as
triggers are added. The client is closed when the last trigger using it finishes or is
cancelled; settings that changed (a rotated secret) get a client of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

import attrs

from .._aio import shielded
from ..client import AirbyteClient
from .hook import AirbyteHook, ClientSettings

__all__ = ["shared_client", "open_clients"]


@attrs.define(eq=False)
class _Shared:
    client: AirbyteClient
    users: int = 0


_by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, int], _Shared]] = (
    weakref.WeakKeyDictionary()
)


def open_clients() -> int:
    """How many shared clients are open on the running loop (for tests and the benchmark)."""
    return len(_by_loop.get(asyncio.get_running_loop(), {}))


@contextlib.asynccontextmanager
async def shared_client(
    conn_id: str, settings: ClientSettings | None = None
) -> AsyncIterator[AirbyteClient]:
    """The running loop's client for ``conn_id``, made on first use and closed after the last.

    ``settings`` skips the connection lookup (tests); otherwise it is looked up without
    blocking the loop.
    """
    if settings is None:
        settings = await AirbyteHook(conn_id).asettings()
    clients = _by_loop.setdefault(asyncio.get_running_loop(), {})
    key = (conn_id, settings.key())
    shared = clients.get(key)
    if shared is None:
        shared = clients[key] = _Shared(settings.client())
    shared.users += 1
    try:
        yield shared.client
    finally:
        shared.users -= 1
        if shared.users == 0:
            if clients.get(key) is shared:
                del clients[key]
            # Shielded: a cancelled trigger still closes the session it was the last user of.
            await shielded(shared.client.close())
