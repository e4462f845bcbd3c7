"""Connection operations (``/v1/operations/...``), as ``OperationsHandler`` and
``OperationsConverter`` do them.

0.40 stores a ``normalization``, ``dbt`` or ``webhook`` operator with its configuration; 2.x
servers keep only webhooks' configurations: a ``normalization`` or ``dbt`` operator is accepted
and stored as its type alone (``OperationsConverter.populateOperatorConfigFromApi`` converts the
type and reads nothing else; the request's ``normalization``/``dbt`` are unknown fields there).
A webhook is stored as its execution URL and body and read back from them: a dbt Cloud webhook
gives its account and job from the URL; any other URL fails to read (500, ``Unexpected webhook
operator config``), even right after its create stored it.

Deletes are soft (``tombstone``): ``get`` still reads the operation, ``list`` skips it, and
the delete detaches it from every connection (``deleteStandardSyncOperation`` deletes its
``connection_operation`` rows), so connections' ``operationIds`` lose it. An unknown id deletes
nothing and answers 204.
"""

from __future__ import annotations

import re
from typing import Any

from .backend import Backend
from .errors import ApiError, not_found
from .operations import NO_CONTENT

__all__ = ["OperationsState", "internal_error"]

_DBT_CLOUD_HOST = "cloud.getdbt.com"
_DBT_CLOUD_BODY = '{"cause": "airbyte"}'
# DbtCloudOperationConverter.dbtUrlPattern: 0.40 knows only dbt Cloud's host, 2.x any host.
_DBT_URL_040 = re.compile(r"^https://cloud\.getdbt\.com/api/v2/accounts/(\d+)/jobs/(\d+)/run/$")
_DBT_URL_MODERN = re.compile(r"^https://(.*)/api/v2/accounts/(\d+)/jobs/(\d+)/run/$")
_FRAMES = [
    "io.airbyte.commons.server.converters.OperationsConverter.populateOperatorConfigFromApi"
    "(OperationsConverter.java:41)",
    "io.airbyte.commons.server.handlers.OperationsHandler.createOperation"
    "(OperationsHandler.java:68)",
    "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
]


def internal_error(message: str | None, exception_class: str, frames: list[str]) -> ApiError:
    """500 of an uncaught exception (``UncaughtExceptionHandler``): ``Internal Server Error: ``
    and the exception's message (``null`` when it has none, as Java prints it)."""
    text = "null" if message is None else message
    return ApiError(
        500,
        {
            "message": f"Internal Server Error: {text}",
            "exceptionClassName": exception_class,
            "exceptionStack": [f"{exception_class}: {text}", *frames],
        },
    )


def _illegal_argument(message: str | None) -> ApiError:
    return internal_error(message, "java.lang.IllegalArgumentException", _FRAMES)


class OperationsState:
    """The operations of one deployment, stored as the server persists them
    (``StandardSyncOperation``), rendered as ``OperationRead``."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self.records: dict[str, dict[str, Any]] = {}
        """Stored operations by id: ``operationId``, ``workspaceId``, ``name``,
        ``operatorType``, the operator's stored configuration and ``tombstone``."""

    # -- reads --------------------------------------------------------------------------------

    def record(self, operation_id: str) -> dict[str, Any]:
        """A stored operation, deleted ones included, or the server's 404."""
        try:
            return self.records[operation_id.lower()]
        except KeyError:
            raise not_found("STANDARD_SYNC_OPERATION", operation_id) from None

    def read(self, operation_id: str) -> dict[str, Any]:
        """``OperationRead`` of an operation (``operationReadFromPersistedOperation``)."""
        record = self.record(operation_id)
        configuration: dict[str, Any] = {"operatorType": record["operatorType"]}
        kind = record["operatorType"]
        if kind == "webhook":
            configuration["webhook"] = self._webhook_read(record["webhook"])
        elif not self._b.config.modern and kind in ("normalization", "dbt"):
            configuration[kind] = dict(record[kind])
        return {
            "workspaceId": record["workspaceId"],
            "operationId": record["operationId"],
            "name": record["name"],
            "operatorConfiguration": configuration,
        }

    def _webhook_read(self, stored: dict[str, Any]) -> dict[str, Any]:
        """``webhookOperatorFromPersistence``: only a dbt Cloud URL reads back."""
        url = stored.get("executionUrl")
        if url is None:  # Pattern.matcher(null)
            raise internal_error(None, "java.lang.NullPointerException", _FRAMES)
        if self._b.config.modern:
            match = _DBT_URL_MODERN.match(url)
            ids = None if match is None else (match.group(2), match.group(3))
        else:
            match = _DBT_URL_040.match(url)
            ids = None if match is None else (match.group(1), match.group(2))
        if ids is None:
            raise _illegal_argument("Unexpected webhook operator config")
        read: dict[str, Any] = {}
        if "webhookConfigId" in stored:
            read["webhookConfigId"] = stored["webhookConfigId"]
        read.update(
            webhookType="dbtCloud",
            dbtCloud={"accountId": int(ids[0]), "jobId": int(ids[1])},
            # The deprecated fields are written too, for the older web app.
            executionUrl=url,
            executionBody=stored.get("executionBody"),
        )
        return read

    def for_connection(self, connection_id: str) -> list[dict[str, Any]]:
        """``OperationReadList.operations`` of a connection (``listOperationsForConnection``):
        its ``operationIds`` in order, without deleted ones."""
        record = self._b.store.connection(connection_id)
        reads = []
        for operation_id in record.data.get("operationIds") or ():
            stored = self.records.get(str(operation_id).lower())
            # A real connection can only name stored operations (a foreign key); the simulator
            # lets connections name any id, and skips those it does not know.
            if stored is None or stored["tombstone"]:
                continue
            reads.append(self.read(stored["operationId"]))
        return reads

    # -- writes -------------------------------------------------------------------------------

    def check(self, configuration: dict[str, Any]) -> dict[str, Any]:
        """``CheckOperationRead`` (``OperationsHandler.checkOperation``): the operator's own
        configuration must be there; nothing else is checked."""
        kind = configuration["operatorType"]
        if self._b.config.modern:
            # 2.x: require(webhook != null), only for webhooks; Kotlin's require message.
            if kind == "webhook" and "webhook" not in configuration:
                return {"status": "failed", "message": "Failed requirement."}
            return {"status": "succeeded"}
        # 0.40: Preconditions.checkArgument without a message: no message in the answer.
        if kind not in configuration:
            return {"status": "failed"}
        return {"status": "succeeded"}

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """Store a new operation and answer its ``OperationRead`` (``createOperation``)."""
        workspace_id = body["workspaceId"]
        if self._b.config.modern:
            # 2.x looks the workspace up first: ConfigNotFoundException("WORKSPACE", id).
            if workspace_id not in self._b.store.workspaces:
                raise not_found("WORKSPACE", workspace_id)
        elif workspace_id not in self._b.store.workspaces:
            raise _foreign_key("operation", "workspace_id", workspace_id, "workspace")
        record: dict[str, Any] = {
            "operationId": self._b.store.new_id(),
            "workspaceId": workspace_id,
            "name": body["name"],
            "tombstone": False,
        }
        self._populate(record, body["operatorConfiguration"])
        self.records[record["operationId"]] = record
        return self.read(record["operationId"])

    def update(self, body: dict[str, Any]) -> dict[str, Any]:
        """Replace the name and configuration of an operation (deleted ones too)."""
        record = self.record(body["operationId"])
        staged = dict(record, name=body["name"])
        self._populate(staged, body["operatorConfiguration"])
        record.clear()
        record.update(staged)
        return self.read(record["operationId"])

    def _populate(self, record: dict[str, Any], configuration: dict[str, Any]) -> None:
        """``populateOperatorConfigFromApi``: raises before anything is stored."""
        kind = configuration["operatorType"]
        stored: dict[str, Any] | None = None
        if kind == "webhook":
            webhook = configuration.get("webhook")
            if webhook is None:
                # 0.40 Preconditions.checkArgument (no message); 2.x requireNotNull.
                modern = self._b.config.modern
                raise _illegal_argument("Required value was null." if modern else None)
            stored = self._webhook_stored(webhook)
        elif not self._b.config.modern:
            if kind not in configuration:
                raise _illegal_argument(None)
            stored = dict(configuration[kind])
        record["operatorType"] = kind
        if self._b.config.modern:
            # 2.x keeps a stored webhook when the type changes (reads ignore it).
            if stored is not None:
                record["webhook"] = stored
            return
        # 0.40 nulls the other operators' configurations: they are mutually exclusive.
        for other in ("normalization", "dbt", "webhook"):
            record.pop(other, None)
        assert stored is not None
        record[kind] = stored

    def _webhook_stored(self, webhook: dict[str, Any]) -> dict[str, Any]:
        """``webhookOperatorFromConfig``: a dbt Cloud webhook becomes its run URL and body."""
        stored: dict[str, Any] = {}
        if "webhookConfigId" in webhook:
            stored["webhookConfigId"] = webhook["webhookConfigId"]
        if webhook.get("webhookType") is None:  # the older web app's format, kept as sent
            for key in ("executionUrl", "executionBody"):
                if key in webhook:
                    stored[key] = webhook[key]
            return stored
        dbt = webhook.get("dbtCloud")
        if dbt is None:  # getExecutionUrlFrom(null)
            raise internal_error(None, "java.lang.NullPointerException", _FRAMES)
        # The workspace's custom dbt host (2.x) is not simulated: dbt Cloud's own.
        stored["executionUrl"] = (
            f"https://{_DBT_CLOUD_HOST}/api/v2/accounts/{dbt['accountId']}/jobs/{dbt['jobId']}/run/"
        )
        stored["executionBody"] = _DBT_CLOUD_BODY
        return stored

    def delete(self, operation_id: str) -> None:
        """Tombstone an operation and detach it from every connection; unknown ids: nothing."""
        operation_id = operation_id.lower()
        for connection in self._b.store.connections.values():
            ids = connection.data.get("operationIds")
            if ids and any(str(i).lower() == operation_id for i in ids):
                connection.data["operationIds"] = [i for i in ids if str(i).lower() != operation_id]
        record = self.records.get(operation_id)
        if record is not None:
            record["tombstone"] = True


def _foreign_key(table: str, column: str, value: str, referenced: str) -> ApiError:
    """500 of a row whose foreign key names nothing (jOOQ's ``DataAccessException``)."""
    message = (
        f'ERROR: insert or update on table "{table}" violates foreign key constraint '
        f'"{table}_{column}_fkey"  Detail: Key ({column})=({value}) is not present in table '
        f'"{referenced}".'
    )
    return internal_error(message, "org.jooq.exception.DataAccessException", _FRAMES)


# -- handlers ---------------------------------------------------------------------------------


def check(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/check``."""
    return b.family(OperationsState).check(body)


def create(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/create``."""
    return b.family(OperationsState).create(body)


def update(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/update``."""
    return b.family(OperationsState).update(body)


def get(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/get``."""
    return b.family(OperationsState).read(body["operationId"])


def list_for_connection(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/list``."""
    return {"operations": b.family(OperationsState).for_connection(body["connectionId"])}


def delete(b: Backend, body: dict[str, Any]) -> Any:
    """``/v1/operations/delete``."""
    b.family(OperationsState).delete(body["operationId"])
    return NO_CONTENT
