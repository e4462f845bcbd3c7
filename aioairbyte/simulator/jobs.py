"""The job engine: sync, refresh and reset jobs whose attempts follow a precomputed plan.

Jobs are evaluated lazily. Nothing runs in the background: a job keeps the start time of
its current attempt, and each observation (a read, a list, a sync, a cancel,
``unfinished_jobs()``) advances it to ``clock.time()``, replaying whatever transitions
happened meanwhile. That keeps thousands of waiting jobs cheap and, with a manual clock,
makes every transition deterministic.

Timeline of a job:

- A sync or refresh job starts its first attempt when it is created; a reset job is created
  ``pending`` and starts its first attempt at the next observation.
- An attempt ends ``duration * (1 ± jitter)`` seconds after it started, the way the job's
  :class:`Outcome` says. A retryable failure makes the job ``incomplete``; the next attempt
  starts at the failed attempt's end time and becomes visible strictly after that instant,
  so an observation exactly at the end time sees the job ``incomplete``.
- A non-retryable failure, or a failure of the last allowed attempt, makes the job ``failed``.

Under the modern profile with ``max_running_jobs``, every job (of any type) is created
``pending`` and waits for a slot of a :class:`~aioairbyte.simulator.capacity.Capacity`; each
observation then replays the whole capacity (the slots' running jobs first, then the queue in
creation order), since when a queued job starts depends on when other jobs ended.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .capacity import Capacity
from .clock import Clock
from .config import Outcome, SimulatorConfig
from .logs import attempt_log_lines
from .seeded import spread, unit
from .stats import Stats
from .store import ConnectionRecord

__all__ = ["Attempt", "Job", "JobEngine"]

UNFINISHED = frozenset({"pending", "queued", "running", "incomplete"})
SYSTEM_ERROR = "system_error"
CONFIG_ERROR = "config_error"
CANCELLED = "manual_cancellation"

# Failure reasons as the real platform reports them, keyed by failure type.
_FAILURES: dict[str, dict[str, Any]] = {
    SYSTEM_ERROR: {
        "failureOrigin": "source",
        "failureType": SYSTEM_ERROR,
        "externalMessage": "Something went wrong within the source connector",
        "internalMessage": "io.airbyte.workers.internal.exception.SourceException: "
        "Source process exited with non-zero exit code 1",
        "retryable": True,
    },
    CONFIG_ERROR: {
        "failureOrigin": "source",
        "failureType": CONFIG_ERROR,
        "externalMessage": "Incorrect username or password: password authentication failed "
        'for user "airbyte"',
        "internalMessage": "org.postgresql.util.PSQLException: FATAL: password authentication "
        'failed for user "airbyte"',
        "retryable": False,
    },
    CANCELLED: {
        "failureOrigin": "airbyte_platform",
        "failureType": CANCELLED,
        "externalMessage": "The sync was cancelled.",
        "internalMessage": "Setting attempt to FAILED because the job was cancelled",
    },
}


@attrs.define
class Attempt:
    """One attempt of a job. Slotted and small: thousands of jobs may be waiting."""

    started: float
    ended: float | None = None
    status: str = "running"
    failure: str | None = None
    """Failure type of a failed attempt."""


@attrs.define
class Job:
    """A sync, refresh or reset job and its attempts."""

    id: int
    connection_id: str
    config_type: str
    outcome: Outcome
    duration: float
    """Base duration of an attempt, before jitter."""
    streams: tuple[dict[str, str], ...]
    """Streams synced (a sync or refresh: the enabled streams) or reset (shared with the
    connection record, not copied)."""
    created: float
    updated: float
    status: str
    attempts: list[Attempt] = attrs.Factory(list)
    refreshed: tuple[dict[str, str], ...] = ()
    """Streams a refresh job refreshes (``refreshConfig.streamsToRefresh``)."""
    full_refresh: frozenset[tuple[str, str | None]] = frozenset()
    """(name, namespace) of the streams synced in ``full_refresh`` mode when it was created."""

    @property
    def finished(self) -> bool:
        """Whether the job reached a terminal status."""
        return self.status not in UNFINISHED


def _planned_result(outcome: Outcome, attempt_no: int) -> str | None:
    """How attempt ``attempt_no`` ends: ``succeeded``, a failure type, or never (``None``)."""
    if outcome is Outcome.SUCCEED:
        return "succeeded"
    if outcome is Outcome.FAIL:
        return SYSTEM_ERROR
    if outcome is Outcome.FAIL_THEN_SUCCEED:
        return SYSTEM_ERROR if attempt_no == 0 else "succeeded"
    if outcome is Outcome.CONFIG_ERROR:
        return CONFIG_ERROR
    return None


class JobEngine:
    """Creates, advances, cancels and renders jobs."""

    def __init__(
        self,
        config: SimulatorConfig,
        clock: Clock,
        stats: Stats,
        on_finished: Callable[[Job], None],
    ) -> None:
        self._config = config
        self._clock = clock
        self._stats = stats
        self._on_finished = on_finished
        self._jobs: dict[int, Job] = {}
        self._by_connection: dict[str, list[Job]] = {}
        # At most one unfinished job per connection: a sync conflicts with it, a reset cancels it.
        self._active: dict[str, Job] = {}
        limit = config.max_running_jobs if config.modern else None
        self._capacity = None if limit is None else Capacity(limit)
        # Stats a worker saved for an attempt through /v1/attempt/save_stats
        # (platform_attempts.py), by (job id, attempt number): AttemptRead fields that replace
        # the simulated ones of that attempt in every read. Empty unless that endpoint is used.
        self.saved_stats: dict[tuple[int, int], dict[str, Any]] = {}

    @property
    def limited(self) -> bool:
        """Whether jobs wait for a slot of a server-wide capacity (``max_running_jobs``)."""
        return self._capacity is not None

    # -- lookups ---------------------------------------------------------------------------

    def get(self, job_id: int) -> Job | None:
        """Return a job advanced to now, or ``None``."""
        job = self._jobs.get(job_id)
        if job is not None:
            self.advance(job)
        return job

    def jobs_of(self, connection_id: str) -> list[Job]:
        """Jobs of a connection, oldest first, advanced to now."""
        jobs = self._by_connection.get(connection_id, [])
        self.active_job(connection_id)
        return jobs

    def all_jobs(self) -> list[Job]:
        """Every job, oldest first, advanced to now."""
        self.unfinished()
        return list(self._jobs.values())

    def settle(self, connection_ids: Iterable[str]) -> None:
        """Advance the unfinished jobs of these connections to now, each once.

        Under a capacity limit one replay advances every unfinished job, whatever the ids.
        :meth:`history` then reads jobs without advancing them again.
        """
        if self._capacity is not None:
            self._replay_capacity()
            return
        for connection_id in connection_ids:
            job = self._active.get(connection_id)
            if job is not None:
                self._advance_alone(job)

    def history(self, connection_id: str) -> list[Job]:
        """Jobs of a connection, oldest first, as last advanced (see :meth:`settle`)."""
        return self._by_connection.get(connection_id, [])

    def active_job(self, connection_id: str) -> Job | None:
        """The unfinished job of a connection after advancing it to now, or ``None``."""
        job = self._active.get(connection_id)
        if job is not None:
            self.advance(job)
        return self._active.get(connection_id)

    def unfinished(self) -> list[Job]:
        """Every job still unfinished after advancing all of them to now."""
        for job in list(self._active.values()):
            self.advance(job)
        return sorted(self._active.values(), key=lambda job: job.id)

    # -- transitions -----------------------------------------------------------------------

    def create(
        self,
        connection: ConnectionRecord,
        config_type: str,
        *,
        streams: tuple[dict[str, str], ...] | None = None,
        refreshed: tuple[dict[str, str], ...] = (),
    ) -> Job:
        """Create a job: a sync or refresh starts running at once, a reset waits ``pending``.

        ``streams`` defaults to the connection's selected streams (a stream-level reset gives
        its own); ``refreshed`` are the streams a refresh job refreshes. Under a capacity
        limit, every job waits ``pending`` for a slot.
        """
        now = self._clock.time()
        job = Job(
            id=len(self._jobs) + 1,
            connection_id=connection.id,
            config_type=config_type,
            outcome=connection.outcome,
            duration=(
                self._config.attempt_duration
                if connection.attempt_duration is None
                else connection.attempt_duration
            ),
            streams=connection.streams if streams is None else streams,
            created=now,
            updated=now,
            status="pending",
            refreshed=refreshed,
            full_refresh=connection.full_refresh,
        )
        if self._capacity is not None:
            self._capacity.enqueue(job)
        elif config_type in ("sync", "refresh"):
            self._start_attempt(job, now)
        self._jobs[job.id] = job
        self._by_connection.setdefault(job.connection_id, []).append(job)
        self._active[job.connection_id] = job
        self._stats.jobs_created[uuid.UUID(job.connection_id)] += 1
        return job

    def cancel(self, job: Job) -> None:
        """Cancel an unfinished job now; its running attempt fails as manually cancelled."""
        self.advance(job)
        if job.finished:
            return
        now = self._clock.time()
        if job.attempts and job.attempts[-1].status == "running":
            self._end_attempt(job.attempts[-1], now, "failed", CANCELLED)
        self._finish(job, "cancelled", now)

    def advance(self, job: Job) -> None:
        """Replay every transition of ``job`` up to the clock's current time."""
        if job.finished:
            return
        if self._capacity is None:
            self._advance_alone(job)
        else:
            self._replay_capacity()

    def _replay_capacity(self) -> None:
        """Advance every job of the capacity to now: running ones, then the queue in order.

        Costs O(slots + jobs started meanwhile) per call (plus amortized O(1) per job).
        """
        capacity = self._capacity
        assert capacity is not None
        now = self._clock.time()
        for job in list(capacity.running.values()):
            self._advance_alone(job)  # an end frees its slot (through _finish) at its end time
        while (start := capacity.next_start(now)) is not None:
            job = capacity.take()
            self._start_attempt(job, start)
            self._advance_alone(job)
        capacity.mark_queued(now)

    def _advance_alone(self, job: Job) -> None:
        """Replay the transitions of a job that does not wait for a slot."""
        if job.finished:
            return
        now = self._clock.time()
        if job.status == "pending":
            self._start_attempt(job, now)
        while True:
            attempt = job.attempts[-1]
            attempt_no = len(job.attempts) - 1
            if attempt.status == "running":
                result = _planned_result(job.outcome, attempt_no)
                if result is None:
                    return  # hangs until cancelled
                end = attempt.started + self.attempt_duration(job, attempt_no)
                if now < end:
                    return
                if result == "succeeded":
                    self._end_attempt(attempt, end, "succeeded", None)
                    self._finish(job, "succeeded", end)
                    return
                self._end_attempt(attempt, end, "failed", result)
                job.updated = end
                if result == CONFIG_ERROR or attempt_no + 1 >= self._config.max_attempts:
                    self._finish(job, "failed", end)
                    return
                job.status = "incomplete"
            # incomplete: the next attempt starts at the failure's end time, seen strictly after.
            assert attempt.ended is not None
            if now <= attempt.ended:
                return
            self._start_attempt(job, attempt.ended)

    def attempt_duration(self, job: Job, attempt_no: int) -> float:
        """Planned duration of an attempt, with the seeded jitter."""
        return spread(job.duration, self._config.jitter, self._config.seed, job.id, attempt_no)

    def _start_attempt(self, job: Job, at: float) -> None:
        job.attempts.append(Attempt(started=at))
        job.status = "running"
        job.updated = at

    @staticmethod
    def _end_attempt(attempt: Attempt, at: float, status: str, failure: str | None) -> None:
        attempt.ended = at
        attempt.status = status
        attempt.failure = failure

    def _finish(self, job: Job, status: str, at: float) -> None:
        job.status = status
        job.updated = at
        if self._capacity is not None:
            self._capacity.ended(job, at)
        if self._active.get(job.connection_id) is job:
            del self._active[job.connection_id]
        self._on_finished(job)

    # -- rendering (API shapes) ------------------------------------------------------------

    def job_read(self, job: Job) -> dict[str, Any]:
        """``JobRead``."""
        body: dict[str, Any] = {
            "id": job.id,
            "configType": job.config_type,
            "configId": job.connection_id,
            "createdAt": int(job.created),
            "updatedAt": int(job.updated),
            "status": job.status,
        }
        if job.attempts:
            body["startedAt"] = int(job.attempts[0].started)
        if job.config_type == "reset_connection":
            body["resetConfig"] = {"streamsToReset": [dict(s) for s in job.streams]}
        if job.refreshed:  # JobConverter.extractRefreshConfigIfNeeded: none when empty
            body["refreshConfig"] = {"streamsToRefresh": [dict(s) for s in job.refreshed]}
        return body

    def failure_reason(self, job: Job, attempt_no: int) -> dict[str, Any] | None:
        """``FailureReason`` of a failed attempt, or ``None``."""
        attempt = job.attempts[attempt_no]
        if attempt.failure is None:
            return None
        failure = dict(_FAILURES[attempt.failure])
        if job.config_type == "reset_connection" and attempt.failure == CANCELLED:
            failure["externalMessage"] = "The reset was cancelled."
        failure["timestamp"] = int((attempt.ended or self._clock.time()) * 1000)
        return failure

    def attempt_read(self, job: Job, attempt_no: int) -> dict[str, Any]:
        """``AttemptRead`` with synthetic but consistent statistics."""
        attempt = job.attempts[attempt_no]
        now = self._clock.time()
        emitted, committed = self._record_counts(job, attempt_no, now)
        body: dict[str, Any] = {
            "id": attempt_no,
            "status": attempt.status,
            "createdAt": int(attempt.started),
            "updatedAt": int(attempt.ended if attempt.ended is not None else now),
            "recordsSynced": committed,
            "bytesSynced": committed * 512,
            "totalStats": _stats(emitted, committed, len(job.streams)),
            "streamStats": self._stream_stats(job, emitted, committed),
        }
        if attempt.ended is not None:
            body["endedAt"] = int(attempt.ended)
        body.update(self.saved_stats.get((job.id, attempt_no), ()))  # see __init__
        failure = self.failure_reason(job, attempt_no)
        if failure is not None:
            body["failureSummary"] = {"failures": [failure], "partialSuccess": committed > 0}
        return body

    def attempt_info(self, job: Job, attempt_no: int) -> dict[str, Any]:
        """``AttemptInfoRead``: the attempt and its logs."""
        attempt = job.attempts[attempt_no]
        return {
            "attempt": self.attempt_read(job, attempt_no),
            "logs": {
                "logLines": attempt_log_lines(
                    count=self._config.log_lines,
                    job_id=job.id,
                    attempt_no=attempt_no,
                    connection_id=job.connection_id,
                    config_type=job.config_type,
                    streams=[s["name"] for s in job.streams],
                    started=attempt.started,
                    ended=attempt.ended if attempt.ended is not None else self._clock.time(),
                    status=attempt.status,
                    failure=attempt.failure,
                    records=self._record_counts(job, attempt_no, self._clock.time())[0],
                )
            },
        }

    def job_info(self, job: Job) -> dict[str, Any]:
        """``JobInfoRead``: the job and its attempts with logs."""
        return {
            "job": self.job_read(job),
            "attempts": [self.attempt_info(job, n) for n in range(len(job.attempts))],
        }

    def job_with_attempts(self, job: Job) -> dict[str, Any]:
        """``JobWithAttemptsRead``: the job and its attempts, without logs."""
        return {
            "job": self.job_read(job),
            "attempts": [self.attempt_read(job, n) for n in range(len(job.attempts))],
        }

    def attempt_stream_stats(self, job: Job, attempt_no: int) -> list[dict[str, Any]]:
        """``AttemptStreamStats`` of an attempt so far, as ``attempt_read`` reports them."""
        return self._stream_stats(job, *self._record_counts(job, attempt_no, self._clock.time()))

    def _record_counts(self, job: Job, attempt_no: int, now: float) -> tuple[int, int]:
        """Records emitted and committed by an attempt so far (a reset moves no records)."""
        if job.config_type not in ("sync", "refresh") or not job.streams:
            return 0, 0
        attempt = job.attempts[attempt_no]
        total = 1_000 + int(49_000 * unit(self._config.seed, job.id, attempt_no, 1))
        if attempt.status == "succeeded":
            return total, total
        duration = self.attempt_duration(job, attempt_no)
        elapsed = (attempt.ended if attempt.ended is not None else now) - attempt.started
        progress = elapsed / (elapsed + duration)  # approaches 1, even for a hanging attempt
        emitted = 0 if attempt.failure == CONFIG_ERROR else int(total * progress)
        return emitted, 0

    def _stream_stats(self, job: Job, emitted: int, committed: int) -> list[dict[str, Any]]:
        stats = []
        remaining_emitted, remaining_committed = emitted, committed
        for index, stream in enumerate(job.streams):
            last = index == len(job.streams) - 1
            # The first stream gets two thirds of what is left, the last one the rest.
            e = remaining_emitted if last else remaining_emitted * 2 // 3
            c = remaining_committed if last else remaining_committed * 2 // 3
            remaining_emitted -= e
            remaining_committed -= c
            entry: dict[str, Any] = {"streamName": stream["name"], "stats": _stats(e, c, 1)}
            if "namespace" in stream:
                entry["streamNamespace"] = stream["namespace"]
            stats.append(entry)
        return stats


def _stats(emitted: int, committed: int, streams: int) -> dict[str, int]:
    return {
        "recordsEmitted": emitted,
        "bytesEmitted": emitted * 512,
        "stateMessagesEmitted": (emitted // 1_000 + 1) * streams if emitted else 0,
        "recordsCommitted": committed,
    }
