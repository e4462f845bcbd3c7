"""One client per Airflow connection per event loop, shared by the triggers running on it.

A triggerer runs up to about a thousand triggers on one loop. Sharing their client shares its
session and connection pool, its access token, and its batched status polls (one
``connections/status`` request follows up to 100 running jobs), so requests per job fall as
triggers are added. The client is closed when the last trigger using it finishes or is
cancelled.

The connection is looked up at most every :data:`LOOKUP_TTL` seconds per loop, and settings
that changed (a rotated secret) get a client of their own. Triggers starting together pass
the lookup and a new client's warm-up one at a time, on a lock that lets one in per loop
iteration: waiting together on one lookup, one token or one host resolution, they would wake
in the same iteration and each build its first request there, an iteration of tens of
milliseconds with hundreds of them, stalling every other trigger on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

import attrs

from .._aio import shielded
from ..client import AirbyteClient
from ..errors import AirbyteError
from ..retries import NO_RETRIES
from .hook import AirbyteHook, ClientSettings, SettingsKey

__all__ = ["LOOKUP_TTL", "open_clients", "shared_client"]

#: Seconds for which triggers starting on one loop reuse a connection's looked-up settings.
LOOKUP_TTL = 60.0


@attrs.define(eq=False)
class _Shared:
    client: AirbyteClient
    users: int = 0
    ready: bool = False


@attrs.define(eq=False)
class _Connection:
    """One Airflow connection's state on one loop."""

    lock: asyncio.Lock = attrs.field(factory=asyncio.Lock)
    settings: ClientSettings | None = None
    looked_up_at: float = float("-inf")
    clients: dict[SettingsKey, _Shared] = attrs.field(factory=dict)


_by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Connection]] = (
    weakref.WeakKeyDictionary()
)


def open_clients() -> int:
    """How many shared clients are open on the running loop (for tests and the benchmark)."""
    connections = _by_loop.get(asyncio.get_running_loop(), {})
    return sum(len(c.clients) for c in connections.values())


async def _warm_up(client: AirbyteClient) -> None:
    """One health check: gets the access token, resolves the host, opens a connection. One
    attempt, errors ignored: it is an optimisation, and the users' own requests retry."""
    with contextlib.suppress(AirbyteError):
        await client.health.with_options(retry=NO_RETRIES).check()


@contextlib.asynccontextmanager
async def shared_client(
    conn_id: str, settings: ClientSettings | None = None
) -> AsyncIterator[AirbyteClient]:
    """The running loop's client for ``conn_id``, made on first use and closed after the last.

    ``settings`` skips the connection lookup (tests); otherwise it is looked up without
    blocking the loop, or reused from a lookup less than :data:`LOOKUP_TTL` seconds old.
    """
    loop = asyncio.get_running_loop()
    connection = _by_loop.setdefault(loop, {}).setdefault(conn_id, _Connection())
    async with connection.lock:
        if settings is None:
            if connection.settings is None or loop.time() - connection.looked_up_at > LOOKUP_TTL:
                connection.settings = await AirbyteHook(conn_id).asettings()
                connection.looked_up_at = loop.time()
            settings = connection.settings
        key = settings.key()
        shared = connection.clients.get(key)
        if shared is None:
            shared = connection.clients[key] = _Shared(settings.client())
        shared.users += 1
        try:
            if not shared.ready:
                await _warm_up(shared.client)
                shared.ready = True
        except BaseException:
            await _leave(connection, key, shared)
            raise
    try:
        yield shared.client
    finally:
        await _leave(connection, key, shared)


async def _leave(connection: _Connection, key: SettingsKey, shared: _Shared) -> None:
    shared.users -= 1
    if shared.users == 0:
        if connection.clients.get(key) is shared:
            del connection.clients[key]
        # Shielded: a cancelled trigger still closes the session it was the last user of.
        await shielded(shared.client.close())
