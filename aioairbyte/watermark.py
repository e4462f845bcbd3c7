"""The newest job id a fan-out's triggers were answered with: a baseline that costs nothing.

Job ids come from one sequence for the whole server, so an id a trigger was just answered with
is at least every id created before it, on any connection (see :mod:`aioairbyte.triggers`).
"""

from __future__ import annotations

import asyncio

import attrs

__all__ = ["JobIdWatermark"]


@attrs.define(eq=False)
class JobIdWatermark:
    """The newest job id the triggers of one fan-out were answered with, and when.

    A job created just now has a larger id than every job created before it, on any
    connection, so a fresh watermark can stand in for a connection's newest job id as the
    baseline of its trigger, saving one request per trigger. When there is none, one trigger
    probes (takes its own baseline and sends) while the others wait for its first answer once,
    then use the watermark or, if it brought none, their own.
    """

    max_age: float = 1.0
    """Seconds for which an id the server just answered with is trusted as a baseline."""
    job_id: int = 0
    seen_at: float = float("-inf")
    _probe: asyncio.Event | None = None

    def fresh(self, now: float) -> int | None:
        """The watermark if it is fresh at loop time ``now``, else ``None``."""
        if self.job_id and now - self.seen_at <= self.max_age:
            return self.job_id
        return None

    def saw(self, job_id: int, now: float) -> None:
        """Note a job that a trigger's answer named, at loop time ``now``."""
        if job_id >= self.job_id:
            self.job_id, self.seen_at = job_id, now

    async def claim(self) -> tuple[int | None, bool]:
        """A fresh baseline, if there is one; and whether the caller must probe (take its own
        baseline, send, then call :meth:`probed` whatever happens)."""
        loop = asyncio.get_running_loop()
        if (fresh := self.fresh(loop.time())) is not None:
            return fresh, False
        if self._probe is None:
            self._probe = asyncio.Event()
            return None, True
        await self._probe.wait()  # once only: if the probe failed, do not queue behind another
        return self.fresh(loop.time()), False

    def probed(self) -> None:
        """The probe's first request is over: release the triggers waiting on it."""
        if self._probe is not None:
            self._probe.set()
            self._probe = None
