"""What a task noted about its jobs, kept across its tries in Airflow's task state store.

Before a task's first trigger it notes each connection's newest job id (the *baseline*); once
its trigger is answered, the job it started or attached to. A retry after a crash reads them
back: a noted job is followed again, and a job of its kind above the baseline (started by a
request whose answer the crash lost) is adopted; neither starts a second sync. When a task
has heard how its job ended, the job becomes the new baseline: a later retry, or a re-run after
the task is cleared, syncs again.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import attrs

__all__ = ["LEDGER_KEY", "Entry", "JobLedger", "StateStore"]

logger = logging.getLogger("aioairbyte")

#: The task state store key the ledger is kept under.
LEDGER_KEY = "aioairbyte.jobs"


class StateStore(Protocol):
    """What the ledger needs of ``context["task_state_store"]``."""

    def get(self, key: str, default: Any = None) -> Any:
        """The value stored under ``key``, or ``default``."""

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""


@attrs.frozen
class Entry:
    """One connection's line in the ledger."""

    baseline: int
    """The newest job id of the connection before this task's trigger (or the last job whose
    end it heard)."""
    job_id: int | None = None
    """The job its trigger started or attached to, until it heard how the job ended."""
    owned: bool = False
    """Whether the task started (or adopted) ``job_id``: a timeout or kill cancels only those."""
    job_type: str = "sync"
    """The job's config type (``sync``, ``reset_connection``, ``clear``)."""

    def to_json(self) -> dict[str, Any]:
        """The entry as the store keeps it."""
        return attrs.asdict(self)


def _entry(value: object) -> Entry | None:
    if not isinstance(value, dict):
        return None
    baseline, job_id = value.get("baseline"), value.get("job_id")
    if not isinstance(baseline, int) or isinstance(baseline, bool):
        return None
    if job_id is not None and (not isinstance(job_id, int) or isinstance(job_id, bool)):
        return None
    return Entry(
        baseline=baseline,
        job_id=job_id,
        owned=bool(value.get("owned", False)),
        job_type=str(value.get("job_type", "sync")),
    )


class JobLedger:
    """The task's entries, one per connection id (a string), read once and written whole.

    Without a store (Airflow before 3.3, or a context that has none) the ledger lives in memory
    only: a crash's retry then still attaches to a running job through the 409, but cannot
    adopt one that ended meanwhile. That is logged once.
    """

    def __init__(self, store: StateStore | None) -> None:
        self._store = store
        self.entries: dict[str, Entry] = {}
        if store is None:
            logger.warning(
                "no task state store (Airflow 3.3+): a retry after a crash cannot find"
                " a job that ended while the task was down"
            )
            return
        raw = store.get(LEDGER_KEY)
        if raw is None:
            return
        connections = raw.get("connections") if isinstance(raw, dict) else None
        if not isinstance(connections, dict):
            logger.warning("ignoring an unreadable %s in the task state store", LEDGER_KEY)
            return
        for connection_id, value in connections.items():
            entry = _entry(value)
            if entry is None:
                logger.warning(
                    "ignoring an unreadable ledger entry for connection %s", connection_id
                )
            else:
                self.entries[str(connection_id)] = entry

    @property
    def durable(self) -> bool:
        """Whether the entries outlive this try."""
        return self._store is not None

    def save(self) -> None:
        """Write every entry to the store (one request)."""
        if self._store is not None:
            self._store.set(
                LEDGER_KEY,
                {"connections": {cid: entry.to_json() for cid, entry in self.entries.items()}},
            )

    def heard(self, outcomes: list[dict[str, Any]]) -> None:
        """The task heard how these jobs ended: each becomes its connection's baseline.

        Not after an ``error`` outcome of the job the entry follows: the wait broke, the job
        may still be running, and a retry follows it again. A job that was never noted (a
        trigger cut off by its deadline, whose cleanup found and cancelled the job a lost
        request started) becomes the baseline too, so that a retry does not adopt it."""
        changed = False
        for outcome in outcomes:
            connection_id, job_id = str(outcome.get("connection_id")), outcome.get("job_id")
            entry = self.entries.get(connection_id)
            if entry is None or not isinstance(job_id, int) or isinstance(job_id, bool):
                continue
            followed = entry.job_id == job_id
            if (followed and outcome.get("status") == "error") or not (
                followed or entry.job_id is None
            ):
                continue
            self.entries[connection_id] = Entry(
                baseline=max(entry.baseline, job_id), job_type=entry.job_type
            )
            changed = True
        if changed:
            self.save()
