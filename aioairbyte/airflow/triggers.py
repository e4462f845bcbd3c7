"""Triggers that await Airbyte jobs on Airflow's triggerer: one job, or many in one event.

A trigger only follows jobs it is given (a task's operator started or adopted them), so
running it again, on this triggerer or another after a failover, follows the same jobs and
never starts a sync. Its deadline is wall-clock time (seconds since the epoch), so it holds
across serialization and hosts: when it passes, the jobs the task owns are cancelled (if
``cancel_on_timeout``) and reported ``timed_out``. Waiting never blocks the loop, and the
triggers of one Airflow connection share one client (see :mod:`aioairbyte.airflow.clients`).

``on_kill`` (a user marked the deferred task failed or success, or cleared it) cancels the
jobs the task owns. ``cleanup`` (every exit, a triggerer restart included) leaves them running:
the trigger is only being moved.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from airflow.triggers.base import BaseTrigger, TriggerEvent

from .._aio import CLEANUP_LIMIT
from ..client import AirbyteClient
from ..errors import AirbyteError, InvalidArgumentError, JobTimeoutError
from ..models import JobConfigType
from ..reconcile import cancel_owned, for_cleanup
from .clients import shared_client
from .outcomes import error_outcome, job_outcome, timed_out_outcome

__all__ = [
    "AirbyteJobTrigger",
    "AirbyteJobsTrigger",
    "JobSpec",
    "await_outcome",
    "await_outcomes",
    "cancel_specs",
]

logger = logging.getLogger("aioairbyte")

#: A job a trigger follows: ``job_id``, ``connection_id``, ``job_type`` and ``owned``.
JobSpec = dict[str, Any]

# A deadline already passed still gets one look at the job (and its cancel), not none.
_LAST_LOOK = 0.001


def job_spec(spec: object) -> JobSpec:
    """Check a job spec from trigger kwargs (they may come from anywhere)."""
    if not isinstance(spec, dict):
        raise InvalidArgumentError(f"a job spec must be a dict, got {type(spec).__name__}")
    job_id = spec.get("job_id")
    if isinstance(job_id, bool) or not isinstance(job_id, int) or job_id < 0:
        raise InvalidArgumentError(f"job_id must be a job id (an int >= 0), got {job_id!r}")
    connection_id = spec.get("connection_id")
    if connection_id is not None:
        try:
            connection_id = str(UUID(str(connection_id)))
        except ValueError:
            raise InvalidArgumentError(
                f"connection_id must be a UUID, got {connection_id!r}"
            ) from None
    job_type = str(spec.get("job_type", "sync"))
    return {
        "job_id": job_id,
        "connection_id": connection_id,
        "job_type": JobConfigType(job_type).value,
        "owned": bool(spec.get("owned", False)),
    }


def _deadline(deadline: object) -> float | None:
    if deadline is None:
        return None
    if isinstance(deadline, bool) or not isinstance(deadline, int | float):
        raise InvalidArgumentError(
            f"deadline must be seconds since the epoch, got {type(deadline).__name__}"
        )
    return float(deadline)


async def await_outcome(
    client: AirbyteClient, spec: JobSpec, *, deadline: float | None, cancel_on_timeout: bool
) -> dict[str, Any]:
    """Follow one job to its end (or the deadline) and say how it ended; never raises an
    :class:`~aioairbyte.AirbyteError` (it becomes an ``error`` outcome)."""
    remaining = None if deadline is None else max(deadline - time.time(), _LAST_LOOK)
    owned = spec["owned"]
    try:
        result = await client.jobs.wait(
            spec["job_id"],
            timeout=remaining,
            cancel_on_timeout=owned and cancel_on_timeout,
            raise_on_failure=False,
        )
    except JobTimeoutError as exc:
        return timed_out_outcome(exc, connection_id=spec["connection_id"], owned=owned)
    except AirbyteError as exc:
        return error_outcome(
            exc,
            job_id=spec["job_id"],
            connection_id=spec["connection_id"],
            job_type=spec["job_type"],
            owned=owned,
        )
    return job_outcome(result, connection_id=spec["connection_id"], owned=owned)


async def await_outcomes(
    client: AirbyteClient, specs: list[JobSpec], *, deadline: float | None, cancel_on_timeout: bool
) -> list[dict[str, Any]]:
    """:func:`await_outcome` for every job at once; the outcomes in the order of ``specs``."""
    async with asyncio.TaskGroup() as group:
        waits = [
            group.create_task(
                await_outcome(client, spec, deadline=deadline, cancel_on_timeout=cancel_on_timeout)
            )
            for spec in specs
        ]
    return [wait.result() for wait in waits]


async def cancel_specs(client: AirbyteClient, specs: list[JobSpec]) -> list[int]:
    """Cancel the owned jobs among ``specs`` that are still their connection's current job,
    retrying through transient failures for up to ``CLEANUP_LIMIT``; the ids of those whose
    cancel did not happen (each logged)."""
    jobs = for_cleanup(client.jobs)
    pending = {spec["job_id"] for spec in specs if spec["owned"]}

    async def one(spec: JobSpec) -> None:
        connection_id = spec["connection_id"]
        try:
            outcome = await cancel_owned(
                jobs,
                None if connection_id is None else UUID(connection_id),
                spec["job_id"],
                JobConfigType(spec["job_type"]),
            )
        except AirbyteError as exc:
            logger.error("could not cancel job %d: %s", spec["job_id"], exc)
            return
        pending.discard(spec["job_id"])
        if outcome.sent:
            logger.info("cancelled job %d (the task was killed)", spec["job_id"])

    try:
        async with asyncio.timeout(CLEANUP_LIMIT):
            await asyncio.gather(*(one(spec) for spec in specs if spec["owned"]))
    except TimeoutError:
        logger.error("cancelling job(s) %s took over %gs", sorted(pending), CLEANUP_LIMIT)
    return sorted(pending)


class AirbyteJobTrigger(BaseTrigger):
    """Awaits one Airbyte job and fires one event: its outcome (see
    :mod:`aioairbyte.airflow.outcomes`).

    ``owned``: the task started (or adopted) the job, so a deadline or a kill cancels it; a job
    it attached to (another run's sync) is left alone. ``deadline``: seconds since the epoch,
    or ``None``.
    """

    def __init__(
        self,
        *,
        conn_id: str,
        job_id: int,
        connection_id: str | None = None,
        job_type: str = "sync",
        owned: bool = False,
        deadline: float | None = None,
        cancel_on_timeout: bool = True,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # Airflow's is untyped
        self.conn_id = conn_id
        self.spec = job_spec(
            {
                "job_id": job_id,
                "connection_id": connection_id,
                "job_type": job_type,
                "owned": owned,
            }
        )
        self.deadline = _deadline(deadline)
        self.cancel_on_timeout = bool(cancel_on_timeout)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        """The class path and the keyword arguments that make this trigger again."""
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "conn_id": self.conn_id,
                **self.spec,
                "deadline": self.deadline,
                "cancel_on_timeout": self.cancel_on_timeout,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Await the job; yield its outcome once."""
        async with shared_client(self.conn_id) as client:
            outcome = await await_outcome(
                client, self.spec, deadline=self.deadline, cancel_on_timeout=self.cancel_on_timeout
            )
        yield TriggerEvent(outcome)  # type: ignore[no-untyped-call]

    async def on_kill(self) -> None:
        """A user acted on the deferred task: cancel the job if the task owns it."""
        async with shared_client(self.conn_id) as client:
            await cancel_specs(client, [self.spec])


class AirbyteJobsTrigger(BaseTrigger):
    """Awaits many Airbyte jobs at once and fires one event: ``{"outcomes": [...]}``, in the
    order of ``jobs`` (each as :class:`AirbyteJobTrigger`'s)."""

    def __init__(
        self,
        *,
        conn_id: str,
        jobs: list[JobSpec],
        deadline: float | None = None,
        cancel_on_timeout: bool = True,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # Airflow's is untyped
        if not isinstance(jobs, list) or not jobs:
            raise InvalidArgumentError("jobs must be a non-empty list of job specs")
        self.conn_id = conn_id
        self.jobs = [job_spec(spec) for spec in jobs]
        self.deadline = _deadline(deadline)
        self.cancel_on_timeout = bool(cancel_on_timeout)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        """The class path and the keyword arguments that make this trigger again."""
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "conn_id": self.conn_id,
                "jobs": [dict(spec) for spec in self.jobs],
                "deadline": self.deadline,
                "cancel_on_timeout": self.cancel_on_timeout,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        """Await every job (their polls batched by the shared client); yield all outcomes."""
        async with shared_client(self.conn_id) as client:
            outcomes = await await_outcomes(
                client, self.jobs, deadline=self.deadline, cancel_on_timeout=self.cancel_on_timeout
            )
        yield TriggerEvent({"outcomes": outcomes})  # type: ignore[no-untyped-call]

    async def on_kill(self) -> None:
        """A user acted on the deferred task: cancel the jobs it owns."""
        async with shared_client(self.conn_id) as client:
            await cancel_specs(client, self.jobs)
