"""``client.jobs``: read, list and cancel jobs."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from .._args import aware_datetime_arg, job_id_arg, positive_int_arg, unique_uuid_list_arg, uuid_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..models import (
    AttemptNormalizationStatusRead,
    AttemptNormalizationStatusReadList,
    ConnectionIdRequestBody,
    JobConfigType,
    JobDebugInfoRead,
    JobIdRequestBody,
    JobInfoLightRead,
    JobInfoRead,
    JobListForWorkspacesRequestBody,
    JobListOrderByField,
    JobListOrderByMethod,
    JobListRequestBody,
    JobOptionalRead,
    JobRead,
    JobReadList,
    JobStatus,
    JobWithAttemptsRead,
    Pagination,
)
from ._base import Resource

__all__ = ["CONNECTION_JOB_TYPES", "Jobs"]

GET = Endpoint("/v1/jobs/get", idempotent=True)
GET_LIGHT = Endpoint("/v1/jobs/get_light", idempotent=True)
GET_WITHOUT_LOGS = Endpoint("/v1/jobs/get_without_logs", idempotent=True)
CANCEL = Endpoint("/v1/jobs/cancel", idempotent=True)  # cancelling twice changes nothing
LIST = Endpoint("/v1/jobs/list", idempotent=True)
LIST_FOR_WORKSPACES = Endpoint("/v1/jobs/list_for_workspaces", idempotent=True)
GET_LAST_REPLICATION_JOB = Endpoint("/v1/jobs/get_last_replication_job", idempotent=True)
GET_DEBUG_INFO = Endpoint("/v1/jobs/get_debug_info", idempotent=True)
GET_NORMALIZATION_STATUS = Endpoint("/v1/jobs/get_normalization_status", idempotent=True)

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


def _statuses_arg(values: Iterable[JobStatus | str] | None) -> builtins.list[JobStatus] | None:
    if values is None:
        return None
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidArgumentTypeError("statuses must be an iterable of JobStatus")
    out: builtins.list[JobStatus] = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidArgumentTypeError(
                f"statuses items must be JobStatus, got {type(value).__name__}"
            )
        member = JobStatus(value)
        if not member.is_known:
            raise InvalidArgumentError(f"unknown job status {value!r}")
        if member not in out:
            out.append(member)
    if not out:
        raise InvalidArgumentError("statuses must not be empty (None: every status)")
    return out


_ORDER_BY = {
    "created_at": JobListOrderByField.CREATED_AT,
    "updated_at": JobListOrderByField.UPDATED_AT,
}
_ORDER = {"asc": JobListOrderByMethod.ASC, "desc": JobListOrderByMethod.DESC}


def _pagination_arg(page_size: object, row_offset: object) -> Pagination | None:
    if row_offset is not None and (isinstance(row_offset, bool) or not isinstance(row_offset, int)):
        raise InvalidArgumentTypeError(
            f"row_offset must be an int, got {type(row_offset).__name__}"
        )
    if row_offset is not None and row_offset < 0:
        raise InvalidArgumentError(f"row_offset must be >= 0, got {row_offset}")
    if page_size is None and row_offset is None:
        return None
    return Pagination(
        page_size=None if page_size is None else positive_int_arg(page_size, "page_size"),
        row_offset=row_offset,
    )


def _job_filters(
    *,
    config_types: Iterable[JobConfigType | str],
    statuses: Iterable[JobStatus | str] | None,
    created_after: datetime | None,
    created_before: datetime | None,
    updated_after: datetime | None,
    updated_before: datetime | None,
    order_by: str | None,
    order: str | None,
    page_size: int | None,
    row_offset: int | None,
) -> dict[str, Any]:
    """The fields :class:`JobListRequestBody` and :class:`JobListForWorkspacesRequestBody` share,
    checked: the keyword arguments of either model.

    The server reads an order only when it has both a field and a direction (else: newest
    created first), so either one given sends both: ``order_by`` alone is descending,
    ``order`` alone orders by ``created_at``.
    """
    field = method = None
    if order_by is not None or order is not None:
        if order_by is not None and (not isinstance(order_by, str) or order_by not in _ORDER_BY):
            raise InvalidArgumentError(
                f"order_by must be 'created_at' or 'updated_at', got {order_by!r}"
            )
        if order is not None and (not isinstance(order, str) or order.lower() not in _ORDER):
            raise InvalidArgumentError(f"order must be 'asc' or 'desc', got {order!r}")
        field = _ORDER_BY[order_by or "created_at"]
        method = _ORDER[(order or "desc").lower()]
    times = {
        "created_at_start": aware_datetime_arg(created_after, "created_after"),
        "created_at_end": aware_datetime_arg(created_before, "created_before"),
        "updated_at_start": aware_datetime_arg(updated_after, "updated_after"),
        "updated_at_end": aware_datetime_arg(updated_before, "updated_before"),
    }
    for start, end, what in (
        ("created_at_start", "created_at_end", "created"),
        ("updated_at_start", "updated_at_end", "updated"),
    ):
        low, high = times[start], times[end]
        if low is not None and high is not None and low > high:
            raise InvalidArgumentError(f"{what}_after must not be later than {what}_before")
    return {
        "config_types": _config_types_arg(config_types),
        "pagination": _pagination_arg(page_size, row_offset),
        "statuses": _statuses_arg(statuses),
        **times,
        "order_by_field": field,
        "order_by_method": method,
    }


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

    async def get_without_logs(self, job_id: int) -> JobInfoRead:
        """A job with its attempts (their stats and failures) but no logs (1.0 and later):
        what :meth:`get` gives, without its weight."""
        body = JobIdRequestBody(id=job_id_arg(job_id))
        return await self._call(GET_WITHOUT_LOGS, body, JobInfoRead)

    async def list(
        self,
        config_id: UUID | str | None = None,
        *,
        config_types: Iterable[JobConfigType | str] = CONNECTION_JOB_TYPES,
        page_size: int | None = None,
        row_offset: int | None = None,
        including_job_id: int | None = None,
        statuses: Iterable[JobStatus | str] | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        updated_after: datetime | None = None,
        updated_before: datetime | None = None,
        order_by: Literal["created_at", "updated_at"] | None = None,
        order: Literal["asc", "desc"] | None = None,
    ) -> JobReadList:
        """One page of jobs for ``config_id`` (a connection id for syncs and resets), newest first.

        ``config_id`` ``None``: the jobs of every connection (1.x/2.x servers; 0.40 needs one).
        The filters are for 1.x/2.x servers: ``statuses`` (non-empty), creation and update
        time ranges (timezone-aware datetimes, bounds included), ``order_by`` (``"created_at"``
        or ``"updated_at"``) and ``order`` (``"asc"``/``"desc"``).

        ``including_job_id``: as many pages of ``page_size`` as it takes to include that job
        (none if it is not there), of one connection or, without ``config_id``, of all. The
        server then ignores ``row_offset`` and the filters: statuses, times and an order are
        refused with it. ``total_job_count`` counts every matching job, not just this page.
        Attempts are included without logs.
        """
        filters = _job_filters(
            config_types=config_types,
            statuses=statuses,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
            page_size=page_size,
            row_offset=row_offset,
        )
        if including_job_id is not None:
            job_id_arg(including_job_id, "including_job_id")
            ignored = [
                name
                for name, value in (
                    ("statuses", statuses),
                    ("created_after", created_after),
                    ("created_before", created_before),
                    ("updated_after", updated_after),
                    ("updated_before", updated_before),
                    ("order_by", order_by),
                    ("order", order),
                )
                if value is not None
            ]
            if ignored:
                raise InvalidArgumentError(
                    f"including_job_id cannot be combined with {', '.join(ignored)}: "
                    "the server ignores them then"
                )
        body = JobListRequestBody(
            config_id=None if config_id is None else str(uuid_arg(config_id, "config_id")),
            including_job_id=including_job_id,
            **filters,
        )
        return await self._call(LIST, body, JobReadList)

    async def list_for_workspaces(
        self,
        workspace_ids: Iterable[UUID | str],
        *,
        config_types: Iterable[JobConfigType | str] = CONNECTION_JOB_TYPES,
        statuses: Iterable[JobStatus | str] | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        updated_after: datetime | None = None,
        updated_before: datetime | None = None,
        order_by: Literal["created_at", "updated_at"] | None = None,
        order: Literal["asc", "desc"] | None = None,
        page_size: int | None = None,
        row_offset: int | None = None,
    ) -> JobReadList:
        """One page of the jobs of every connection of some workspaces (1.0 and later), newest
        first, with the filters of :meth:`list`.

        ``workspace_ids``: at least one, none twice. The server's ``total_job_count`` here is
        the number of jobs on this page, not of every matching job; attempts come without logs.
        """
        ids = unique_uuid_list_arg(workspace_ids, "workspace_ids")
        if not ids:
            raise InvalidArgumentError("workspace_ids must name at least one workspace")
        filters = _job_filters(
            config_types=config_types,
            statuses=statuses,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
            page_size=page_size,
            row_offset=row_offset,
        )
        body = JobListForWorkspacesRequestBody(workspace_ids=ids, **filters)
        return await self._call(LIST_FOR_WORKSPACES, body, JobReadList)

    async def iterate(
        self,
        config_id: UUID | str | None,
        *,
        config_types: Iterable[JobConfigType | str] = CONNECTION_JOB_TYPES,
        page_size: int = 200,
    ) -> AsyncIterator[JobWithAttemptsRead]:
        """Every job for ``config_id`` (``None``: of every connection, on 1.x/2.x servers),
        newest first, fetching one page at a time.

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

    async def get_normalization_status(
        self, job_id: int
    ) -> builtins.list[AttemptNormalizationStatusRead]:
        """Whether each attempt of a job committed records and whether its normalization
        failed (servers before 1.0; later ones raise
        :class:`~aioairbyte.UnsupportedOperationError`). Only attempts with stats are listed
        (ended ones, or ones whose stats were saved); an unknown job has none."""
        body = JobIdRequestBody(id=job_id_arg(job_id))
        answer = await self._call(
            GET_NORMALIZATION_STATUS, body, AttemptNormalizationStatusReadList
        )
        return answer.attempt_normalization_statuses or []
