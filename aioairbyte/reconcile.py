"""Reading a connection's jobs: to tell a lost trigger's job from older ones, to find the job a
409 is about, and to cancel an owned job only while it is the connection's current one.

Job ids come from one sequence per server and only grow, so "created after this trigger was
sent" is "an id above the newest one noted before it": no clocks are involved.
"""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

import attrs

from ._aio import CLEANUP_LIMIT
from .api.connections import Connections
from .api.jobs import CONNECTION_JOB_TYPES, Jobs
from .errors import BadRequestError, UnprocessableEntityError, UnsupportedOperationError
from .models import AttemptRead, JobConfigType, JobRead
from .retries import UntilDeadline

__all__ = [
    "CancelOutcome",
    "cancel_owned",
    "find_unfinished",
    "for_cleanup",
    "job_created_after",
    "job_types",
    "newest_job_id",
]

logger = logging.getLogger("aioairbyte")

# How many recent jobs to look through when reconciling: ours is the newest or close to it.
_RECONCILE_PAGE = 10


def job_types(config_type: JobConfigType | None) -> tuple[JobConfigType, ...]:
    """The job types to look through for a job of ``config_type``: a connection's syncs and
    resets, and ``config_type`` (a ``refresh``) when it is neither. Only what the job itself
    is, because a 0.40 server refuses types it does not know."""
    if config_type is None or config_type in CONNECTION_JOB_TYPES:
        return CONNECTION_JOB_TYPES
    return (*CONNECTION_JOB_TYPES, config_type)


async def newest_job_id(
    jobs: Jobs, connection_id: UUID, config_type: JobConfigType | None = None
) -> int:
    """The id of the connection's newest job among :func:`job_types` (0 when it has none).

    A server that refuses the type (a 0.40 one asked for ``refresh`` jobs) has none of it:
    the newest sync or reset is the baseline, and the trigger then meets the server's 404.
    """
    types = job_types(config_type)
    try:
        page = await jobs.list(connection_id, config_types=types, page_size=1)
    except (BadRequestError, UnprocessableEntityError):
        if types == CONNECTION_JOB_TYPES:
            raise
        page = await jobs.list(connection_id, page_size=1)
    newest = page.jobs[0].job if page.jobs else None
    return 0 if newest is None else newest.id


async def job_created_after(
    jobs: Jobs, connection_id: UUID, config_type: JobConfigType, baseline: int
) -> JobRead | None:
    """The newest ``config_type`` job with an id above ``baseline``, if any."""
    page = await jobs.list(connection_id, config_types=[config_type], page_size=_RECONCILE_PAGE)
    for item in page.jobs:
        if item.job is not None and item.job.id > baseline:
            return item.job
    return None


async def find_unfinished(
    jobs: Jobs,
    connection_id: UUID,
    connections: Connections | None = None,
    config_type: JobConfigType | None = None,
) -> JobRead | None:
    """The connection's unfinished job (sync, reset, clear or refresh), else ``None``.

    Asked of ``connections/status`` (its active job, whatever its type) where the server has
    it, as the client learnt once; otherwise the newest job of :func:`job_types` in
    ``jobs/list``.
    """
    traits = jobs.transport.traits
    if connections is not None and traits.connection_status is not False:
        try:
            statuses = await connections.status([connection_id])
        except UnsupportedOperationError:
            if traits.connection_status:
                raise
            traits.connection_status = False
        else:
            if statuses and statuses[0].names_active_job:
                traits.connection_status = True
                return statuses[0].active_job
            traits.connection_status = False  # a 1.0 server: it does not name the active job
    page = await jobs.list(connection_id, config_types=job_types(config_type), page_size=1)
    newest = page.jobs[0].job if page.jobs else None
    if newest is not None and not newest.status.is_terminal:
        return newest
    return None


def for_cleanup(jobs: Jobs) -> Jobs:
    """``jobs`` for a cleanup that starts now: its requests are retried through transient
    failures for as long as the cleanup may take (``CLEANUP_LIMIT``), whatever deadline the wait
    had, so that a cancel is not given up after a few unlucky answers."""
    until = asyncio.get_running_loop().time() + CLEANUP_LIMIT
    return jobs.with_options(retry=UntilDeadline(jobs.transport.retry, until))


@attrs.frozen
class CancelOutcome:
    """What :func:`cancel_owned` did, and the job as the server showed it then."""

    sent: bool
    """Whether a cancel was sent and answered (the server confirmed it)."""
    job: JobRead | None
    """The job after the cancel (or as found, when it had ended); ``None`` when it was no longer
    the connection's newest job and was not looked up."""
    attempts: list[AttemptRead] | None = None
    """Its attempts, when the answer carried them."""


async def cancel_owned(
    jobs: Jobs,
    connection_id: UUID | None,
    job_id: int,
    config_type: JobConfigType | None = None,
) -> CancelOutcome:
    """Cancel ``job_id`` (a ``config_type`` job) if it is still the connection's newest,
    unfinished job.

    The server's cancel acts on the connection's current job, so cancelling a stale id could
    kill a newer sync: the connection is looked at first. A job with no connection id (not a
    connection's) is cancelled directly. Errors are raised (callers shield and bound this).
    """
    if connection_id is not None:
        page = await jobs.list(connection_id, config_types=job_types(config_type), page_size=1)
        newest = page.jobs[0] if page.jobs else None
        if newest is None or newest.job is None or newest.job.id != job_id:
            return CancelOutcome(sent=False, job=None)
        if newest.job.status.is_terminal:
            return CancelOutcome(sent=False, job=newest.job, attempts=newest.attempts or [])
    info = await jobs.cancel(job_id)
    logger.info("cancelled job %d on connection %s", job_id, connection_id)
    return CancelOutcome(sent=True, job=info.job, attempts=[a.attempt for a in info.attempts])
