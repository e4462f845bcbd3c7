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
from .api.jobs import Jobs
from .models import AttemptRead, JobConfigType, JobRead
from .retries import UntilDeadline

__all__ = [
    "CancelOutcome",
    "cancel_owned",
    "find_unfinished",
    "for_cleanup",
    "job_created_after",
    "newest_job_id",
]

logger = logging.getLogger("aioairbyte")

# How many recent jobs to look through when reconciling: ours is the newest or close to it.
_RECONCILE_PAGE = 10


async def newest_job_id(jobs: Jobs, connection_id: UUID) -> int:
    """The id of the connection's newest job of any type (0 when it has none)."""
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


async def find_unfinished(jobs: Jobs, connection_id: UUID) -> JobRead | None:
    """The connection's newest job if it is unfinished (sync or reset), else ``None``."""
    page = await jobs.list(connection_id, page_size=1)
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


async def cancel_owned(jobs: Jobs, connection_id: UUID | None, job_id: int) -> CancelOutcome:
    """Cancel ``job_id`` if it is still the connection's newest, unfinished job.

    The server's cancel acts on the connection's current job, so cancelling a stale id could
    kill a newer sync: the connection is looked at first. A job with no connection id (not a
    sync or reset) is cancelled directly. Errors are raised (callers shield and bound this).
    """
    if connection_id is not None:
        page = await jobs.list(connection_id, page_size=1)
        newest = page.jobs[0] if page.jobs else None
        if newest is None or newest.job is None or newest.job.id != job_id:
            return CancelOutcome(sent=False, job=None)
        if newest.job.status.is_terminal:
            return CancelOutcome(sent=False, job=newest.job, attempts=newest.attempts or [])
    info = await jobs.cancel(job_id)
    logger.info("cancelled job %d on connection %s", job_id, connection_id)
    return CancelOutcome(sent=True, job=info.job, attempts=[a.attempt for a in info.attempts])
