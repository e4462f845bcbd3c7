"""One poll for many jobs: ``/v1/connections/status`` answers for up to ``chunk_size``
connections at once, so a fan-out of 1,000 waits costs a few requests per round, not 1,000.

Each client has one :class:`StatusPoller`. A wait on a connection's job (sync, reset, clear,
refresh) registers with it the job as it last saw it and awaits a :class:`Change`: the
connection's active job changed (a new status or ``updatedAt``), or it is no longer that job
(the job ended: the wait then reads its result, once), or the poll could not tell (the wait
then looks at its job itself, with its own deadline and retries, as on a server without the
batch endpoint). Between changes a wait sends nothing and holds no request.

Rounds poll every registered connection. They are paced for the youngest job, on its own
:class:`~aioairbyte.PollPolicy`: a round comes ``first + (backoff - 1) * age`` after the last
(within ``max_interval``), so no job's end is seen later than polling it alone would see it;
and sooner while rounds are cheap (``CHEAP_ROUND``, ``ROUND_COST``): a round of a few hundred
waits is a few requests, so ends are seen within a quarter of a second.
Whether the server has the endpoint is learnt on the first round and remembered for the
client (:attr:`~aioairbyte.transport.ServerTraits.connection_status`): a 0.40 server answers
the router's 404, once, and every wait polls its job by itself from then on.

With ``progress``, a wait also hears its running job's per-stream progress
(``/v1/connections/sync_progress``, one request per connection: there is no batch form), read
at most every ``PROGRESS_EVERY`` seconds and only while the job runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
from uuid import UUID

import attrs

from .api.connections import Connections
from .errors import UnsupportedOperationError
from .models import ConnectionStatusRead, ConnectionSyncProgressRead, JobConfigType, JobRead
from .results import maybe_uuid
from .schedule import PollPolicy

__all__ = ["BATCHED_TYPES", "PROGRESS_EVERY", "Change", "Look", "StatusPoller"]

logger = logging.getLogger("aioairbyte")

#: The job types ``connections/status`` reports as a connection's active job (the server's
#: ``Job.REPLICATION_TYPES``; a clear is a ``reset_connection`` job).
BATCHED_TYPES = frozenset(
    {JobConfigType.SYNC, JobConfigType.RESET_CONNECTION, JobConfigType.REFRESH}
)
#: Seconds between two reads of a running job's progress.
PROGRESS_EVERY = 5.0
#: Requests of one round in flight at once: a round of 10,000 connections does not take every
#: connection of the client from the triggers and result reads sharing it.
_ROUND_REQUESTS = 8
#: The shortest pause between rounds, whatever a policy asks (``first=0`` would spin).
_MIN_PAUSE = 0.05
#: Rounds come at least this often while they are cheap: a round costs one request per
#: ``chunk_size`` connections, so it is paced at ``ROUND_COST`` seconds per request, and never
#: more often than ``CHEAP_ROUND`` seconds (1,000 waits: a round every 0.25 s, 40 requests a
#: second; 10,000: every 2.5 s at most, and sooner only when a young job's policy asks).
CHEAP_ROUND = 0.25
ROUND_COST = 0.025


class Look(enum.Enum):
    """What a round found for a job, when not its new state."""

    ENDED = "ended"
    """The connection's active job is no longer this one: it ended."""
    YOURSELF = "yourself"
    """This round could not tell (its request failed): look at the job directly, once."""
    UNSUPPORTED = "unsupported"
    """The server has no batch endpoint: poll the job directly from now on."""


#: A round's news for one wait: the job as the server now reports it (changed), its running
#: job's progress, or a :class:`Look`.
Change = JobRead | ConnectionSyncProgressRead | Look


@attrs.define(eq=False)
class _Entry:
    """One wait's registration: its job as last seen, and the future its news goes to."""

    job_id: int
    seen: tuple[str, int]
    since: float
    policy: PollPolicy
    future: asyncio.Future[Change]
    progress: bool
    progress_at: float
    gate: asyncio.Semaphore | None


class StatusPoller:
    """Polls the status of every connection whose job a wait follows, in batches; see the
    module docstring. Created by the client; waits use it through ``follow``."""

    def __init__(
        self,
        connections: Connections,
        *,
        chunk_size: int = 100,
        rng: random.Random | None = None,
    ) -> None:
        self._connections = connections
        self._traits = connections.transport.traits
        self.chunk_size = chunk_size
        self._rng = rng or random.Random()
        self._entries: dict[UUID, list[_Entry]] = {}
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Future[None] | None = None
        self._next_round = float("inf")
        self._closed = False
        #: Rounds polled so far, and the status requests they sent (for tests and benchmarks).
        self.rounds = 0
        self.requests = 0

    @property
    def available(self) -> bool:
        """Whether waits should register here: ``False`` once the server lacked the endpoint."""
        return self._traits.connection_status is not False

    @staticmethod
    def follows(job: JobRead) -> bool:
        """Whether ``job`` is one the batch endpoint reports (a connection's replication job)."""
        return job.config_type in BATCHED_TYPES and maybe_uuid(job.config_id) is not None

    async def change(
        self,
        job: JobRead,
        *,
        since: float,
        policy: PollPolicy,
        progress: bool = False,
        gate: asyncio.Semaphore | None = None,
    ) -> Change:
        """Wait for the next news of ``job`` (as last seen): see :data:`Change`.

        ``since`` (loop time) is when the wait began following it, which paces the rounds;
        ``progress`` asks for the running job's progress too; ``gate`` is the wait's bound on
        requests in flight (a fan-out's ``concurrency``), held by the requests polling it.
        """
        connection_id = maybe_uuid(job.config_id)
        assert connection_id is not None  # callers check follows()
        loop = asyncio.get_running_loop()
        if not self.available:
            return Look.UNSUPPORTED
        if self._closed:
            return Look.YOURSELF
        now = loop.time()
        entry = _Entry(
            job_id=job.id,
            seen=(job.status.value, job.updated_at),
            since=since,
            policy=policy,
            future=loop.create_future(),
            progress=progress,
            progress_at=now,
            gate=gate,
        )
        self._entries.setdefault(connection_id, []).append(entry)
        # Until the client knows whether the server has the endpoint, the first round is at
        # once: a server without it costs the waits no pause.
        known = self._traits.connection_status is not None
        self._schedule(now + self._pace(now, [entry]) if known else now)
        try:
            return await entry.future
        finally:
            self._drop(connection_id, entry)

    async def close(self) -> None:
        """Stop polling: every wait still registered looks at its job itself (and so does
        every later one)."""
        self._closed = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        self._tell_all(Look.YOURSELF)

    # -- the round loop ---------------------------------------------------------------------

    def _pace(self, now: float, entries: list[_Entry]) -> float:
        """Seconds to the next round: what the youngest of ``entries`` asks, or sooner while a
        round is cheap."""
        requests = -(-len(self._entries) // self.chunk_size)
        cheap = max(CHEAP_ROUND, ROUND_COST * requests)
        return min(cheap, min(self._pause(e, now) for e in entries))

    def _pause(self, entry: _Entry, now: float) -> float:
        interval = entry.policy.interval_at(now - entry.since)
        jitter = entry.policy.jitter
        return max(_MIN_PAUSE, interval * self._rng.uniform(1 - jitter, 1 + jitter))

    def _schedule(self, at: float) -> None:
        if at < self._next_round:
            self._next_round = at
            if self._wake is not None and not self._wake.done():
                self._wake.set_result(None)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._entries:
                delay = self._next_round - loop.time()
                if delay > 0:
                    await self._sleep(delay)
                    continue
                await self._round()
                now = loop.time()
                entries = [e for group in self._entries.values() for e in group]
                if not entries:
                    continue
                self._next_round = now + self._pace(now, entries)
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug here must not leave waits waiting for news that never comes
            logger.exception("the batched status poll failed; waits poll their jobs directly")
            self._tell_all(Look.YOURSELF)
        finally:
            self._next_round = float("inf")
            if self._task is asyncio.current_task():
                self._task = None

    async def _sleep(self, delay: float) -> None:
        """Sleep ``delay`` seconds (through the transport's sleep), or until a new wait needs
        an earlier round."""
        loop = asyncio.get_running_loop()
        self._wake = wake = loop.create_future()
        sleeper = loop.create_task(self._connections.transport.sleep(delay))
        try:
            await asyncio.wait([sleeper, wake], return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            self._wake = None
        if sleeper.done() and not sleeper.cancelled() and sleeper.exception() is None:
            # Slept the whole delay: the round is due even if the clock disagrees slightly
            # (a test's instant sleep).
            self._next_round = min(self._next_round, loop.time())

    async def _round(self) -> None:
        self.rounds += 1
        ids = list(self._entries)
        chunks = [ids[i : i + self.chunk_size] for i in range(0, len(ids), self.chunk_size)]
        gate = asyncio.Semaphore(_ROUND_REQUESTS)
        async with asyncio.TaskGroup() as group:
            for chunk in chunks:
                group.create_task(self._poll(chunk, gate))

    def _gate_of(self, connection_ids: list[UUID]) -> asyncio.Semaphore | None:
        """The bound a request for these connections' waits holds: the first wait's (waits of
        one fan-out share it; a request serving two fan-outs counts against one)."""
        for connection_id in connection_ids:
            for entry in self._entries.get(connection_id, ()):
                if entry.gate is not None:
                    return entry.gate
        return None

    async def _poll(self, chunk: list[UUID], gate: asyncio.Semaphore) -> None:
        async with gate, self._gate_of(chunk) or contextlib.nullcontext():
            if not self.available:
                return  # an earlier chunk of this round learnt it: they were all told
            self.requests += 1
            try:
                statuses = await self._connections.status(chunk, chunk_size=self.chunk_size)
            except UnsupportedOperationError:
                if self._traits.connection_status is None:
                    self._unsupported("the server has no /v1/connections/status")
                    return
                self._tell(chunk, Look.YOURSELF)  # it had it: a proxy's 404, say
                return
            except Exception as exc:  # one bad chunk: its waits look themselves, with retries
                logger.debug("batched status poll of %d connections failed: %s", len(chunk), exc)
                self._tell(chunk, Look.YOURSELF)
                return
        if not all(status.names_active_job for status in statuses):
            # A 1.0 server: its statuses say whether a job runs, not which one.
            self._unsupported("/v1/connections/status does not name the active job")
            return
        self._traits.connection_status = True
        answered = {status.connection_id: status for status in statuses}
        missing = [cid for cid in chunk if cid not in answered]
        if missing:
            self._tell(missing, Look.YOURSELF)
        now = asyncio.get_running_loop().time()
        due = [pair for status in answered.values() for pair in self._apply(status, now)]
        if due:
            await asyncio.gather(*(self._progress(cid, entry, gate) for cid, entry in due))

    def _apply(self, status: ConnectionStatusRead, now: float) -> list[tuple[UUID, _Entry]]:
        """Tell the waits on this connection what changed; those whose progress is due."""
        active = status.active_job
        due = []
        for entry in self._entries.get(status.connection_id, ()):
            if entry.future.done():
                continue
            if active is None or active.id != entry.job_id:
                entry.future.set_result(Look.ENDED)
            elif (active.status.value, active.updated_at) != entry.seen:
                entry.future.set_result(active)
            elif (
                entry.progress
                and active.status.value == "running"
                and now - entry.progress_at >= PROGRESS_EVERY
            ):
                entry.progress_at = now
                due.append((status.connection_id, entry))
        return due

    async def _progress(self, connection_id: UUID, entry: _Entry, gate: asyncio.Semaphore) -> None:
        try:
            async with gate, entry.gate or contextlib.nullcontext():
                progress = await self._connections.sync_progress(connection_id)
        except Exception as exc:  # progress is best effort: the wait goes on without it
            logger.debug("progress of %s could not be read: %s", connection_id, exc)
            return
        if progress.job_id == entry.job_id and not entry.future.done():
            entry.future.set_result(progress)

    # -- telling waits ----------------------------------------------------------------------

    def _unsupported(self, why: str) -> None:
        logger.info("%s: each wait polls its own job", why)
        self._traits.connection_status = False
        self._tell_all(Look.UNSUPPORTED)

    def _tell(self, connection_ids: list[UUID], look: Look) -> None:
        for connection_id in connection_ids:
            for entry in self._entries.get(connection_id, ()):
                if not entry.future.done():
                    entry.future.set_result(look)

    def _tell_all(self, look: Look) -> None:
        self._tell(list(self._entries), look)

    def _drop(self, connection_id: UUID, entry: _Entry) -> None:
        group = self._entries.get(connection_id)
        if group is None:
            return
        try:
            group.remove(entry)
        except ValueError:
            return
        if not group:
            del self._entries[connection_id]
