"""Server-wide job capacity of the modern profile: slots, and the FIFO queue of waiting jobs.

It only keeps the books; :class:`~aioairbyte.simulator.jobs.JobEngine` replays time against
them. A job is created ``pending`` and waits in creation order; strictly after its creation
instant it is ``queued`` while no slot is free, and it starts ``running`` at the instant a slot
is free for it (its creation time, or the end of the job whose slot it takes). A running job
holds its slot through retries until it ends; a cancelled waiting job frees nothing.
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .jobs import Job

__all__ = ["Capacity"]


class Capacity:
    """Slots of ``size`` running jobs and the jobs waiting for one."""

    def __init__(self, size: int) -> None:
        # The instants each free slot became free: -inf for slots free from the start.
        self._free: list[float] = [float("-inf")] * size
        self.running: dict[int, Job] = {}
        """Jobs holding a slot, by id."""
        self.waiting: deque[Job] = deque()
        """Jobs waiting for a slot (``pending`` or ``queued``), oldest first."""
        # Waiting jobs not yet seen ``queued``, oldest first: each is marked once, so the
        # marking costs O(1) per job overall rather than O(queue) per observation.
        self._unmarked: deque[Job] = deque()

    def enqueue(self, job: Job) -> None:
        """Add a new ``pending`` job at the end of the queue."""
        self.waiting.append(job)
        self._unmarked.append(job)

    def next_start(self, now: float) -> float | None:
        """When the queue's head may start, if that is no later than ``now``; else ``None``.

        The head leaves ``pending`` only strictly after its creation instant, so a sync's own
        answer, and observations at that same instant, show it ``pending``.
        """
        if not self.waiting or not self._free:
            return None
        head = self.waiting[0]
        start = max(self._free[0], head.created)
        return start if head.created < now and start <= now else None

    def take(self) -> Job:
        """Give the earliest free slot to the queue's head and return it (now running)."""
        heapq.heappop(self._free)
        job = self.waiting.popleft()
        self.running[job.id] = job
        return job

    def ended(self, job: Job, at: float) -> None:
        """A job ended at ``at``: its slot, if it held one, is free from then on."""
        if self.running.pop(job.id, None) is not None:
            heapq.heappush(self._free, at)
            return
        for index, waiting in enumerate(self.waiting):
            if waiting.id == job.id:
                del self.waiting[index]
                return

    def mark_queued(self, now: float) -> None:
        """Show as ``queued`` the waiting jobs created before ``now`` (still without a slot)."""
        while self._unmarked and self._unmarked[0].created < now:
            job = self._unmarked.popleft()
            if job.status == "pending":
                job.status = "queued"
