"""Small asyncio helpers shared by waits, triggers and fan-outs."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

__all__ = ["CLEANUP_LIMIT", "CleanupFailed", "Sleep", "notify", "shielded"]

#: How long cleanup (cancelling an owned job) may take; it is shielded from cancellation.
CLEANUP_LIMIT = 30.0

logger = logging.getLogger("aioairbyte")

T = TypeVar("T")

#: How waits, retries and resends sleep (``asyncio.sleep`` unless a test gives its own).
Sleep = Callable[[float], Awaitable[None]]


async def notify(callback: Callable[[Any], Any] | None, event: Any) -> None:
    """Call ``callback`` (a function or a coroutine function) with ``event``, if given."""
    if callback is None:
        return
    outcome = callback(event)
    if inspect.isawaitable(outcome):
        await outcome


class CleanupFailed(Exception):
    """Internal: what :func:`shielded` returns in place of a cleanup's result when it failed."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__(str(error) if error is not None else "cancelled")
        self.error = error


async def shielded(awaitable: Awaitable[T], *, limit: float = CLEANUP_LIMIT) -> T | CleanupFailed:
    """Run cleanup to completion even if the caller is cancelled meanwhile, then re-raise.

    Used to cancel owned jobs: a caller's cancellation must not leave a sync running. The
    cleanup is bounded by ``limit`` seconds. Its failure is logged and returned as a
    :class:`CleanupFailed`, not raised, so that the caller's own error or cancellation stays
    the one reported (and the caller can say that the cleanup did not happen).
    """
    task = asyncio.ensure_future(asyncio.wait_for(awaitable, limit))
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True  # keep waiting for the cleanup, then propagate
        except Exception:
            pass
    outcome: T | CleanupFailed
    if task.cancelled():
        logger.error("cleanup was cancelled before it finished")
        outcome = CleanupFailed(None)
    elif (exc := task.exception()) is not None:
        logger.error("cleanup failed: %s", exc)
        outcome = CleanupFailed(exc)
    else:
        outcome = task.result()
    if cancelled:
        raise asyncio.CancelledError
    return outcome
