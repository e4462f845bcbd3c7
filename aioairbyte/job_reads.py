"""Reading a job with its attempts: its result once it ended, and a report at a deadline.

``jobs/list`` carries attempts without logs, so it is asked first; ``jobs/get`` (with logs)
only when the list cannot find the job.
"""

from __future__ import annotations

import asyncio
import logging

from .api.jobs import Jobs
from .errors import AirbyteError
from .models import AttemptRead, JobRead
from .results import JobResult, maybe_uuid
from .retries import UntilDeadline

__all__ = ["REPORT_LIMIT", "fetch_result", "listed", "report"]

logger = logging.getLogger("aioairbyte")

#: How long the report at a deadline may take to read the job's attempts.
REPORT_LIMIT = 10.0


async def listed(jobs: Jobs, job: JobRead) -> tuple[JobRead, list[AttemptRead]] | None:
    """``job`` as ``jobs/list`` has it now, with its attempts (no logs); ``None`` when the list
    does not hold it (or ``job`` is not a connection's)."""
    connection_id = maybe_uuid(job.config_id)
    if connection_id is None:
        return None
    page = await jobs.list(
        connection_id, config_types=[job.config_type], page_size=1, including_job_id=job.id
    )
    for item in page.jobs:
        if item.job is not None and item.job.id == job.id:
            return item.job, item.attempts or []
    return None


async def fetch_result(jobs: Jobs, job: JobRead) -> JobResult:
    """The attempts of ``job``, without logs when possible, as a :class:`JobResult`.

    ``jobs/list`` carries attempts without logs. Asked for pages of one job up to and
    including this one, it answers with just this job when it is the newest (it just finished),
    and with the few newer ones otherwise. A server that cannot find it there (or ignores
    ``includingJobId`` and the job is not the newest) is asked ``jobs/get``, which includes logs.
    """
    found = await listed(jobs, job)
    if found is not None:
        return JobResult.from_job(*found)
    info = await jobs.get(job.id)
    return JobResult.from_job(info.job, [a.attempt for a in info.attempts])


async def report(jobs: Jobs, job_id: int, last: JobRead | None) -> JobResult:
    """The job as the server has it now, read within ``REPORT_LIMIT`` seconds (retried through
    transient failures); what was last seen, without attempts, when that fails."""
    until = asyncio.get_running_loop().time() + REPORT_LIMIT
    single = jobs.with_options(retry=UntilDeadline(jobs.transport.retry, until))
    try:
        async with asyncio.timeout_at(until):
            if last is None:
                last = (await single.get_light(job_id)).job
            return await fetch_result(single, last)
    except (AirbyteError, TimeoutError) as exc:
        logger.warning("could not read job %d's attempts at the deadline: %s", job_id, exc)
        if last is None:
            raise
        return JobResult.from_job(last, None)
