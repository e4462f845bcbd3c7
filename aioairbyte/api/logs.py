"""``client.logs``: server and scheduler logs (0.40 servers)."""

from __future__ import annotations

from .._args import choice_arg
from ..endpoints import Endpoint
from ..models import LogsRequestBody, LogType
from ._base import Resource

__all__ = ["Logs"]

GET = Endpoint("/v1/logs/get", idempotent=True)

_LOG_TYPES = tuple(log_type.value for log_type in LogType)


class Logs(Resource):
    """Operations on logs (``/v1/logs/...``)."""

    async def get(self, log_type: LogType | str) -> str:
        """The server's or the scheduler's log file (``server`` or ``scheduler``), as text.

        0.40 servers only: 2.0 removed ``/v1/logs/get`` (``UnsupportedOperationError``); job
        logs are per attempt there (``client.attempts.get_for_job``).
        """
        body = LogsRequestBody(log_type=LogType(choice_arg(log_type, _LOG_TYPES, "log_type")))
        answer = await self._call_raw(GET, body)
        return answer.decode("utf-8", "replace")
