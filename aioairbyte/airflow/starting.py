"""Starting a task's jobs durably: note, trigger safely, note again (see :mod:`.ledger`).

Runs on the worker, before the task defers. For each connection, in this order:

1. the ledger names a job from an earlier try: follow it (``resumed``);
2. the ledger has a baseline: a job of the kind above it is one an earlier try's request
   started, so adopt it (``adopted``);
3. otherwise note the newest job id as the baseline, save the ledger, then trigger with
   aioairbyte's safe trigger (409: attach; an ambiguous answer: reconcile, never a second
   job) and save the job it names (``started`` or ``attached``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Literal
from uuid import UUID

import attrs

from ..client import AirbyteClient
from ..errors import AirbyteError
from ..models import ConnectionStream
from ..reconcile import job_created_after, newest_job_id
from ..triggers import CONFIG_TYPE, IfRunning, Kind, Trigger
from ..waiting import budgeted
from .ledger import Entry, JobLedger
from .triggers import JobSpec

__all__ = ["Plan", "Started", "plan_jobs", "start_jobs"]

How = Literal["resumed", "adopted", "started", "attached"]


@attrs.frozen
class Started:
    """A connection's job, and how the task came by it."""

    connection_id: str
    job_id: int
    owned: bool
    how: How
    job_type: str

    def spec(self) -> JobSpec:
        """The job as a trigger follows it."""
        return {
            "job_id": self.job_id,
            "connection_id": self.connection_id,
            "job_type": self.job_type,
            "owned": self.owned,
        }


@attrs.define
class Plan:
    """What :func:`plan_jobs` found: jobs to follow, and connections to trigger."""

    found: dict[str, Started] = attrs.field(factory=dict)
    to_trigger: list[str] = attrs.field(factory=list)


def _loop_deadline(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    return asyncio.get_running_loop().time() + (deadline - time.time())


async def plan_jobs(
    client: AirbyteClient,
    connection_ids: list[str],
    kind: Kind,
    ledger: JobLedger,
    *,
    concurrency: int = 50,
) -> Plan:
    """Steps 1 and 2 for every connection, and the baselines of step 3 (written into the
    ledger's entries; the caller saves them before :func:`start_jobs`)."""
    config_type = CONFIG_TYPE[kind]
    gate = asyncio.Semaphore(concurrency)
    plan = Plan()

    async def one(connection_id: str) -> None:
        entry = ledger.entries.get(connection_id)
        if entry is not None and entry.job_id is not None:
            plan.found[connection_id] = Started(
                connection_id, entry.job_id, entry.owned, "resumed", entry.job_type
            )
            return
        async with gate:
            uuid = UUID(connection_id)
            if entry is not None:
                adopted = await job_created_after(client.jobs, uuid, config_type, entry.baseline)
                if adopted is not None:
                    job_type = adopted.config_type.value
                    plan.found[connection_id] = Started(
                        connection_id, adopted.id, True, "adopted", job_type
                    )
                    ledger.entries[connection_id] = Entry(
                        entry.baseline, adopted.id, True, job_type
                    )
                    return
                baseline = entry.baseline
            else:
                baseline = await newest_job_id(client.jobs, uuid, config_type)
        ledger.entries[connection_id] = Entry(baseline, job_type=config_type.value)
        plan.to_trigger.append(connection_id)

    async with asyncio.TaskGroup() as group:
        for connection_id in connection_ids:
            group.create_task(one(connection_id))
    plan.to_trigger.sort(key=connection_ids.index)
    return plan


async def start_jobs(
    client: AirbyteClient,
    plan: Plan,
    kind: Kind,
    ledger: JobLedger,
    *,
    if_running: IfRunning = "attach",
    streams: list[ConnectionStream] | None = None,
    deadline: float | None = None,
    concurrency: int = 50,
    on_started: Callable[[Started], None] | None = None,
) -> dict[str, Started | AirbyteError]:
    """Step 3's triggers, ``concurrency`` at a time, until ``deadline`` (seconds since the
    epoch); each connection's job, or the error that kept it from starting (a cut-off trigger's
    cleanup has cancelled any job a lost request started). Entries are updated, not saved."""
    gate = asyncio.Semaphore(concurrency)
    loop_deadline = _loop_deadline(deadline)
    out: dict[str, Started | AirbyteError] = {}

    async def one(connection_id: str) -> None:
        entry = ledger.entries[connection_id]
        trigger = Trigger(
            client.connections,
            budgeted(client.jobs, loop_deadline, gate),
            UUID(connection_id),
            kind,
            if_running=if_running,
            gate=gate,
            streams=streams,
            baseline=entry.baseline,
        )
        try:
            triggered = await trigger.run_until(loop_deadline)
        except AirbyteError as exc:
            out[connection_id] = exc
            return
        job = triggered.job
        started = Started(
            connection_id,
            job.id,
            triggered.owned,
            "started" if triggered.owned else "attached",
            job.config_type.value,
        )
        ledger.entries[connection_id] = Entry(
            entry.baseline, job.id, triggered.owned, job.config_type.value
        )
        out[connection_id] = started
        if on_started is not None:
            on_started(started)

    async with asyncio.TaskGroup() as group:
        for connection_id in plan.to_trigger:
            group.create_task(one(connection_id))
    return out
