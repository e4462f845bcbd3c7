"""``client.operations``: connection operations (normalization, dbt, webhooks)."""

from __future__ import annotations

import builtins
from uuid import UUID

from .._args import model_arg, uuid_arg
from ..endpoints import Endpoint
from ..models import (
    CheckOperationRead,
    ConnectionIdRequestBody,
    OperationCreate,
    OperationIdRequestBody,
    OperationRead,
    OperationReadList,
    OperationUpdate,
    OperatorConfiguration,
)
from ._base import Resource

__all__ = ["Operations"]

CHECK = Endpoint("/v1/operations/check", idempotent=True)
CREATE = Endpoint("/v1/operations/create", idempotent=False)
GET = Endpoint("/v1/operations/get", idempotent=True)
LIST = Endpoint("/v1/operations/list", idempotent=True)
UPDATE = Endpoint("/v1/operations/update", idempotent=True)  # a full body: same body, same result
DELETE = Endpoint("/v1/operations/delete", idempotent=True)  # deleting twice changes nothing


class Operations(Resource):
    """Operations on operations (``/v1/operations/...``): what a connection runs after a sync.

    0.40 servers run ``normalization``, ``dbt`` and ``webhook`` operators; 1.0 and later
    servers run webhooks only (they still accept and store a ``normalization`` or ``dbt``
    operator, without its configuration, and run nothing for it).
    """

    async def check(self, configuration: OperatorConfiguration) -> CheckOperationRead:
        """Check an operator configuration before creating it.

        The server checks only that the configuration of its type is there (a ``webhook``
        operator needs ``webhook``; on 0.40 ``normalization`` and ``dbt`` likewise) and answers
        ``failed`` otherwise; it does not check a webhook's target.
        """
        body = model_arg(configuration, OperatorConfiguration, "configuration")
        return await self._call(CHECK, body, CheckOperationRead)

    async def create(self, body: OperationCreate) -> OperationRead:
        """Create an operation in a workspace; attach it with a connection's ``operation_ids``.

        Not retried once the request may have reached the server: a resend could create a
        second operation.
        """
        return await self._call(CREATE, model_arg(body, OperationCreate, "body"), OperationRead)

    async def get(self, operation_id: UUID | str) -> OperationRead:
        """One operation, deleted ones included (the server keeps them, tombstoned)."""
        body = OperationIdRequestBody(operation_id=uuid_arg(operation_id, "operation_id"))
        return await self._call(GET, body, OperationRead)

    async def list(self, connection_id: UUID | str) -> builtins.list[OperationRead]:
        """The operations a connection runs, in its ``operation_ids`` order (not deleted ones)."""
        body = ConnectionIdRequestBody(connection_id=uuid_arg(connection_id, "connection_id"))
        return (await self._call(LIST, body, OperationReadList)).operations

    async def update(self, body: OperationUpdate) -> OperationRead:
        """Replace an operation's name and configuration (every connection using it sees it)."""
        return await self._call(UPDATE, model_arg(body, OperationUpdate, "body"), OperationRead)

    async def delete(self, operation_id: UUID | str) -> None:
        """Delete an operation: a soft delete (``get`` still finds it) that also detaches it
        from every connection whose ``operation_ids`` named it."""
        body = OperationIdRequestBody(operation_id=uuid_arg(operation_id, "operation_id"))
        await self._call_no_content(DELETE, body)
