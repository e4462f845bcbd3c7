"""``client.jobs``: read, list and cancel jobs."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable
from uuid import UUID

from .._args import job_id_arg, positive_int_arg, uuid_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..models import (
    ConnectionIdRequestBody,
    JobConfigType,
    JobDebugInfoRead,
    JobIdRequestBody,
    JobInfoLightRead,
    JobInfoRead,
    JobListRequestBody,
    JobOptionalRead,
    JobRead,
    JobReadList,
    JobWithAttemptsRead,
    Pagination,
)
from ._base import Resource

__all__ = ["CONNECTION_JOB_TYPES", "Jobs"]

GET = Endpoint("/v1/jobs/get", idempotent=True)
GET_LIGHT = Endpoint("/v1/jobs/get_light", idempotent=True)
CANCEL = Endpoint("/v1/jobs/cancel", idempotent=True)  # cancelling twice changes nothing
LIST = Endpoint("/v1/jobs/list", idempotent=True)
GET_LAST_REPLICATION_JOB = Endpoint("/v1/jobs/get_last_replication_job", idempotent=True)
GET_DEBUG_INFO = Endpoint("/v1/jobs/get_debug_info", idempotent=True)

#: The job types a connection runs: syncs and resets.
CONNECTION_JOB_TYPES: tuple[JobConfigType, ...] = (
    JobConfigType.SYNC,
    JobConfigType.RESET_CONNECTION,
)


def _config_types_arg(values: Iterable[JobConfigType | str]) -> builtins.list[JobConfigType]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgumentTypeError("config_types must be an iterable of JobConfigType")
    out = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidArgumentTypeError(
                f"config_types items must be JobConfigType, got {type(value).__name__}"
            )
        member = JobConfigType(value)
        if not member.is_known:
            raise InvalidArgumentError(f"unknown job config type {value!r}")
        out.append(member)
    if not out:
        raise InvalidArgumentError("config_types must not be empty")
    return out


class Jobs(Resource):
    """Operations on jobs (``/v1/jobs/...``); ``client.jobs`` adds ``wait`` and ``watch``
    (:class:`aioairbyte.namespaces.Jobs`)."""

    async def get(self, job_id: int) -> JobInfoRead:
        """A job with every attempt *and its logs*: heavy; poll :meth:`get_light` instead."""
        return await self._call(GET, JobIdRequestBody(id=job_id_arg(job_id)), JobInfoRead)

    async def get_light(self, job_id: int) -> JobInfoLightRead:
        """A job without attempts or logs: a few hundred bytes, the right thing to poll."""
        body = JobIdRequestBody(id=job_id_arg(job_id))
        return await self._call(GET_LIGHT, body, JobInfoLightRead)

    async def cancel(self, job_id: int) -> JobInfoRead:
        """Cancel a job.

        The server cancels whatever job is unfinished *on that job's connection*, which may
        be a newer one than ``job_id``; cancelling a finished job changes nothing.
        """
        return await self._call(CANCEL, JobIdRequestBody(id=job_id_arg(job_id)), JobInfoRead)

    async def list(
        self,
        config_id: UUID | str,
        *,
        config_types: Iterable[JobConfigType | str] = CONNECTION_JOB_TYPES,
        page_size: int | None = None,
        row_offset: int | None = None,
        including_job_id: int | None = None,
    ) -> JobReadList:
        """One page of jobs for ``config_id`` (a connection id for syncs and resets), newest first.

        ``total_job_count`` on the result counts every job, not just this page. Attempts are
        included without logs.
        """
        if row_offset is not None and (
            isinstance(row_offset, bool) or not isinstance(row_offset, int)
        ):
            raise InvalidArgumentTypeError("row_offset must be an int")
        if row_offset is not None and row_offset < 0:
            raise InvalidArgumentError(f"row_offset must be >= 0, got {row_offset}")
        pagination = None
        if page_size is not None or row_offset is not None:
            pagination = Pagination(
                page_size=None if page_size is None else positive_int_arg(page_size, "page_size"),
                row_offset=row_offset,
            )
        body = JobListRequestBody(
            config_types=_config_types_arg(config_types),
            config_id=str(uuid_arg(config_id, "config_id")),
            including_job_id=None if including_job_id is None else job_id_arg(including_job_id),
            pagination=pagination,
        )
        return await self._call(LIST, body, JobReadList)

    async def iterate(
        self,
        config_id: UUID | str,
        *,
        config_types: Iterable[JobConfigType | str] = CONNECTION_JOB_TYPES,
        page_size: int = 200,
    ) -> AsyncIterator[JobWithAttemptsRead]:
        """Every job for ``config_id``, newest first, fetching one page at a time.

        A job created while iterating shifts later pages; jobs already yielded are skipped, so
        each job appears once.
        """
        types = _config_types_arg(config_types)
        positive_int_arg(page_size, "page_size")
        seen: set[int] = set()
        offset = 0
        while True:
            page = await self.list(
                config_id, config_types=types, page_size=page_size, row_offset=offset
            )
            for item in page.jobs:
                if item.job is not None and item.job.id not in seen:
                    seen.add(item.job.id)
                    yield item
            offset += len(page.jobs)
            if not page.jobs or offset >= page.total_job_count:
                return

    async def get_last_replication_job(self, connection_id: UUID | str) -> JobRead | None:
        """The connection's newest sync job, or ``None`` when it never ran one."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return (await self._call(GET_LAST_REPLICATION_JOB, body, JobOptionalRead)).job

    async def get_debug_info(self, job_id: int) -> JobDebugInfoRead:
        """A job with connector definitions, attempts with logs, and its workflow state."""
        body = JobIdRequestBody(id=job_id_arg(job_id))
        return await self._call(GET_DEBUG_INFO, body, JobDebugInfoRead)
