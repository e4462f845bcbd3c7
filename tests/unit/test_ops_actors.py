"""``client.sources``, ``client.destinations`` and ``client.scheduler`` against a mocked server.

For every method: the URL, the exact body, the decoded result (types down the tree), an error
answer mapped to its exception and the argument checks that fail before any request; then the
connector timeout (its default, its own argument, resends under the retry policy), secrets kept
out of reprs, and the contract of every request and response model against the documents.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    RetryConfig,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from aioairbyte.api import destinations as destinations_api
from aioairbyte.api import scheduler as scheduler_api
from aioairbyte.api import sources as sources_api
from aioairbyte.api.sources import CONNECTOR_TIMEOUT
from aioairbyte.converter import encode
from aioairbyte.models import (
    ActorCatalogWithUpdatedAt,
    AirbyteCatalog,
    AirbyteStream,
    AirbyteStreamAndConfiguration,
    CheckConnectionRead,
    CheckConnectionReadStatus,
    DestinationCloneConfiguration,
    DestinationCoreConfig,
    DestinationCreate,
    DestinationRead,
    DestinationSearch,
    DestinationUpdate,
    DiscoverCatalogResult,
    JobConfigType,
    LogRead,
    SourceCloneConfiguration,
    SourceCoreConfig,
    SourceCreate,
    SourceDiscoverSchemaRead,
    SourceDiscoverSchemaWriteRequestBody,
    SourceRead,
    SourceSearch,
    SourceUpdate,
    StreamTransformTransformType,
    SyncMode,
)
from tests import spec

from .test_operations import BASE_URL, assert_types, body_of, client, only_requests

WS = "aa6e1b58-8b5a-4b5e-9d0c-5a0e2cbd9a11"
PG = "decd338e-5647-4c0b-adf4-da0e75f5a750"  # Postgres
SNOW = "424892c4-daac-4491-b35d-c6688ba547ba"  # Snowflake
SID = "3f1c2d5e-7b8a-4c9d-8e1f-2a3b4c5d6e7f"
DID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"
CID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
CAT = "c0ffee00-1234-4abc-9def-0123456789ab"
PASSWORD = "s3cr3t-value"

PG_CONFIG = {"host": "db.example.com", "port": 5432, "database": "app", "username": "u"}
SNOW_CONFIG = {"host": "acme.snowflakecomputing.com", "role": "R", "warehouse": "W"}
SOURCE_READ = {
    "sourceDefinitionId": PG,
    "sourceId": SID,
    "workspaceId": WS,
    "connectionConfiguration": {**PG_CONFIG, "password": "**********"},
    "name": "pg",
    "sourceName": "Postgres",
}
DESTINATION_READ = {
    "destinationDefinitionId": SNOW,
    "destinationId": DID,
    "workspaceId": WS,
    "connectionConfiguration": {**SNOW_CONFIG, "credentials": {"password": "**********"}},
    "name": "warehouse",
    "destinationName": "Snowflake",
}


def _job(config_type: str, config_id: str) -> dict[str, Any]:
    return {
        "id": "5a8ca0e3-2ba5-4d8a-8bbd-3e52d9b86a3d",
        "configType": config_type,
        "configId": f"Optional[{config_id}]",
        "createdAt": 1700000000000,
        "endedAt": 1700000001000,
        "succeeded": True,
        "connectorConfigurationUpdated": False,
        "logs": {"logLines": ["2023-11-14 22:13:20 INFO source > Check failed"]},
    }


CHECK_FAILED = {
    "status": "failed",
    "message": 'State code: 28P01; Message: FATAL: password authentication failed for user "u"',
    "jobInfo": _job("check_connection_source", PG),
}
CHECK_SUCCEEDED = {"status": "succeeded", "jobInfo": _job("check_connection_destination", SNOW)}
USERS = {
    "name": "users",
    "jsonSchema": {"type": "object", "properties": {"id": {"type": "integer"}}},
    "supportedSyncModes": ["full_refresh", "incremental"],
    "sourceDefinedCursor": False,
    "defaultCursorField": [],
    "sourceDefinedPrimaryKey": [["id"]],
    "namespace": "public",
}
USERS_CONFIG = {
    "syncMode": "full_refresh",
    "cursorField": [],
    "destinationSyncMode": "append",
    "primaryKey": [["id"]],
    "aliasName": "users",
    "selected": True,
    "suggested": True,
}
DISCOVERED = {
    "catalog": {"streams": [{"stream": USERS, "config": USERS_CONFIG}]},
    "catalogId": CAT,
    "jobInfo": _job("discover_schema", PG),
    "catalogDiff": {
        "transforms": [
            {"transformType": "add_stream", "streamDescriptor": {"name": "orders"}},
        ]
    },
    "breakingChange": False,
    "connectionStatus": "active",
}
ACTOR_CATALOG = {
    "updatedAt": 1700000001,
    "catalog": {"streams": [{"name": "users", "json_schema": {"type": "object"}}]},
}

SOURCE_CREATE = SourceCreate(
    source_definition_id=UUID(PG),
    workspace_id=UUID(WS),
    name="pg",
    connection_configuration={**PG_CONFIG, "password": PASSWORD},
)
SOURCE_UPDATE = SourceUpdate(
    source_id=UUID(SID),
    name="pg",
    connection_configuration={**PG_CONFIG, "password": "**********"},
)
DESTINATION_CREATE = DestinationCreate(
    destination_definition_id=UUID(SNOW),
    workspace_id=UUID(WS),
    name="warehouse",
    connection_configuration={**SNOW_CONFIG, "credentials": {"password": PASSWORD}},
)
DESTINATION_UPDATE = DestinationUpdate(
    destination_id=UUID(DID),
    name="warehouse",
    connection_configuration={**SNOW_CONFIG, "credentials": {"password": "**********"}},
)
SOURCE_CORE = SourceCoreConfig(
    source_definition_id=UUID(PG),
    workspace_id=UUID(WS),
    connection_configuration={**PG_CONFIG, "password": PASSWORD},
)
DESTINATION_CORE = DestinationCoreConfig(
    destination_definition_id=UUID(SNOW),
    workspace_id=UUID(WS),
    connection_configuration={**SNOW_CONFIG, "credentials": {"password": PASSWORD}},
    destination_id=UUID(DID),
)
WRITE = SourceDiscoverSchemaWriteRequestBody(
    catalog=AirbyteCatalog(
        streams=[
            AirbyteStreamAndConfiguration(
                stream=AirbyteStream(
                    name="users",
                    json_schema={"type": "object"},
                    supported_sync_modes=[SyncMode.FULL_REFRESH],
                )
            )
        ]
    ),
    source_id=UUID(SID),
    connector_version="3.2.21",
    configuration_hash="0b1e",
)

_PG_SENT = {**PG_CONFIG, "password": PASSWORD}
_SNOW_SENT = {**SNOW_CONFIG, "credentials": {"password": PASSWORD}}
_MASKED = {**PG_CONFIG, "password": "**********"}
_SNOW_MASKED = {**SNOW_CONFIG, "credentials": {"password": "**********"}}

# (namespace, method, args, kwargs, path, body sent, answer, request schema, response schema)
S, D, X = "sources", "destinations", "scheduler"
CASES: list[tuple[str, str, tuple[Any, ...], dict[str, Any], str, Any, Any, str, str]] = [
    (S, "list", (WS,), {}, "/v1/sources/list", {"workspaceId": WS},
     {"sources": [SOURCE_READ]}, "WorkspaceIdRequestBody", "SourceReadList"),
    (S, "get", (UUID(SID),), {}, "/v1/sources/get", {"sourceId": SID}, SOURCE_READ,
     "SourceIdRequestBody", "SourceRead"),
    (S, "create", (SOURCE_CREATE,), {}, "/v1/sources/create",
     {"sourceDefinitionId": PG, "workspaceId": WS, "name": "pg",
      "connectionConfiguration": _PG_SENT}, SOURCE_READ, "SourceCreate", "SourceRead"),
    (S, "update", (SOURCE_UPDATE,), {}, "/v1/sources/update",
     {"sourceId": SID, "name": "pg", "connectionConfiguration": _MASKED}, SOURCE_READ,
     "SourceUpdate", "SourceRead"),
    (S, "delete", (SID,), {}, "/v1/sources/delete", {"sourceId": SID}, None,
     "SourceIdRequestBody", ""),
    (S, "clone", (SID,), {}, "/v1/sources/clone", {"sourceCloneId": SID}, SOURCE_READ,
     "SourceCloneRequestBody", "SourceRead"),
    (S, "clone", (SID,), {"name": "copy", "connection_configuration": _PG_SENT},
     "/v1/sources/clone",
     {"sourceCloneId": SID,
      "sourceConfiguration": {"name": "copy", "connectionConfiguration": _PG_SENT}},
     SOURCE_READ, "SourceCloneRequestBody", "SourceRead"),
    (S, "search", (SourceSearch(name="pg", connection_configuration={"host": "db.example.com"}),),
     {}, "/v1/sources/search",
     {"name": "pg", "connectionConfiguration": {"host": "db.example.com"}},
     {"sources": [SOURCE_READ]}, "SourceSearch", "SourceReadList"),
    (S, "check_connection", (SID,), {}, "/v1/sources/check_connection", {"sourceId": SID},
     CHECK_FAILED, "SourceIdRequestBody", "CheckConnectionRead"),
    (S, "check_connection_for_update", (SOURCE_UPDATE,), {},
     "/v1/sources/check_connection_for_update",
     {"sourceId": SID, "name": "pg", "connectionConfiguration": _MASKED}, CHECK_FAILED,
     "SourceUpdate", "CheckConnectionRead"),
    (S, "discover_schema", (SID,), {}, "/v1/sources/discover_schema", {"sourceId": SID},
     DISCOVERED, "SourceDiscoverSchemaRequestBody", "SourceDiscoverSchemaRead"),
    (S, "discover_schema", (SID,),
     {"disable_cache": True, "connection_id": UUID(CID), "notify_schema_change": False},
     "/v1/sources/discover_schema",
     {"sourceId": SID, "disable_cache": True, "connectionId": CID, "notifySchemaChange": False},
     DISCOVERED, "SourceDiscoverSchemaRequestBody", "SourceDiscoverSchemaRead"),
    (S, "most_recent_source_actor_catalog", (SID,), {},
     "/v1/sources/most_recent_source_actor_catalog", {"sourceId": SID}, ACTOR_CATALOG,
     "SourceIdRequestBody", "ActorCatalogWithUpdatedAt"),
    (S, "write_discover_catalog_result", (WRITE,), {},
     "/v1/sources/write_discover_catalog_result",
     {"catalog": {"streams": [{"stream": {"name": "users", "jsonSchema": {"type": "object"},
                                          "supportedSyncModes": ["full_refresh"]}}]},
      "sourceId": SID, "connectorVersion": "3.2.21", "configurationHash": "0b1e"},
     {"catalogId": CAT}, "SourceDiscoverSchemaWriteRequestBody", "DiscoverCatalogResult"),
    (D, "list", (UUID(WS),), {}, "/v1/destinations/list", {"workspaceId": WS},
     {"destinations": [DESTINATION_READ]}, "WorkspaceIdRequestBody", "DestinationReadList"),
    (D, "get", (DID,), {}, "/v1/destinations/get", {"destinationId": DID}, DESTINATION_READ,
     "DestinationIdRequestBody", "DestinationRead"),
    (D, "create", (DESTINATION_CREATE,), {}, "/v1/destinations/create",
     {"destinationDefinitionId": SNOW, "workspaceId": WS, "name": "warehouse",
      "connectionConfiguration": _SNOW_SENT}, DESTINATION_READ, "DestinationCreate",
     "DestinationRead"),
    (D, "update", (DESTINATION_UPDATE,), {}, "/v1/destinations/update",
     {"destinationId": DID, "name": "warehouse", "connectionConfiguration": _SNOW_MASKED},
     DESTINATION_READ, "DestinationUpdate", "DestinationRead"),
    (D, "delete", (DID,), {}, "/v1/destinations/delete", {"destinationId": DID}, None,
     "DestinationIdRequestBody", ""),
    (D, "clone", (DID,), {"name": "copy"}, "/v1/destinations/clone",
     {"destinationCloneId": DID, "destinationConfiguration": {"name": "copy"}},
     DESTINATION_READ, "DestinationCloneRequestBody", "DestinationRead"),
    (D, "search", (DestinationSearch(workspace_id=UUID(WS)),), {}, "/v1/destinations/search",
     {"workspaceId": WS}, {"destinations": [DESTINATION_READ]}, "DestinationSearch",
     "DestinationReadList"),
    (D, "check_connection", (DID,), {}, "/v1/destinations/check_connection",
     {"destinationId": DID}, CHECK_SUCCEEDED, "DestinationIdRequestBody", "CheckConnectionRead"),
    (D, "check_connection_for_update", (DESTINATION_UPDATE,), {},
     "/v1/destinations/check_connection_for_update",
     {"destinationId": DID, "name": "warehouse", "connectionConfiguration": _SNOW_MASKED},
     CHECK_SUCCEEDED, "DestinationUpdate", "CheckConnectionRead"),
    (X, "check_source_connection", (SOURCE_CORE,), {}, "/v1/scheduler/sources/check_connection",
     {"sourceDefinitionId": PG, "workspaceId": WS, "connectionConfiguration": _PG_SENT},
     CHECK_FAILED, "SourceCoreConfig", "CheckConnectionRead"),
    (X, "discover_source_schema", (SOURCE_CORE,), {}, "/v1/scheduler/sources/discover_schema",
     {"sourceDefinitionId": PG, "workspaceId": WS, "connectionConfiguration": _PG_SENT},
     {k: v for k, v in DISCOVERED.items() if k in ("catalog", "catalogId", "jobInfo")},
     "SourceCoreConfig", "SourceDiscoverSchemaRead"),
    (X, "check_destination_connection", (DESTINATION_CORE,), {},
     "/v1/scheduler/destinations/check_connection",
     {"destinationDefinitionId": SNOW, "workspaceId": WS, "connectionConfiguration": _SNOW_SENT,
      "destinationId": DID}, CHECK_SUCCEEDED, "DestinationCoreConfig", "CheckConnectionRead"),
]  # fmt: skip
_IDS = [f"{case[0]}.{case[1]}-{i}" for i, case in enumerate(CASES)]


def _check_decoded(result: Any) -> None:
    if isinstance(result, list):
        (result,) = result
    if isinstance(result, SourceRead):
        assert result.source_id == UUID(SID)
        assert result.connection_configuration["password"] == "**********"
    elif isinstance(result, DestinationRead):
        assert result.destination_id == UUID(DID)
        assert result.connection_configuration["credentials"] == {"password": "**********"}
    elif isinstance(result, CheckConnectionRead):
        assert result.job_info.config_type in (
            JobConfigType.CHECK_CONNECTION_SOURCE,
            JobConfigType.CHECK_CONNECTION_DESTINATION,
        )
        assert isinstance(result.job_info.logs, LogRead)
        if result.status is CheckConnectionReadStatus.FAILED:
            assert not result.succeeded
            assert result.message is not None
            assert "28P01" in result.message
        else:
            assert result.succeeded
            assert result.message is None
    elif isinstance(result, SourceDiscoverSchemaRead):
        assert result.succeeded
        assert result.catalog_id == UUID(CAT)
        assert result.catalog is not None
        (item,) = result.catalog.streams
        assert item.stream is not None
        assert item.stream.namespace == "public"
        assert item.config is not None
        assert item.config.sync_mode is SyncMode.FULL_REFRESH
        if result.catalog_diff is not None:
            (transform,) = result.catalog_diff.transforms
            assert transform.transform_type is StreamTransformTransformType.ADD_STREAM
    elif isinstance(result, ActorCatalogWithUpdatedAt):
        assert result.updated_at == 1700000001
        assert result.catalog is not None
        assert result.catalog["streams"][0]["json_schema"] == {"type": "object"}
    else:
        assert isinstance(result, DiscoverCatalogResult)
        assert result.catalog_id == UUID(CAT)


@pytest.mark.parametrize("case", CASES, ids=_IDS)
async def test_every_method(case: Any) -> None:
    namespace, method, args, kwargs, path, sent, answer, _, _ = case
    with aioresponses() as mocked:
        if answer is None:
            mocked.post(BASE_URL + path, status=204)
        else:
            mocked.post(BASE_URL + path, payload=answer)
        async with client() as c:
            result = await getattr(getattr(c, namespace), method)(*args, **kwargs)
        (call,) = only_requests(mocked, "POST", path)
    assert body_of(call) == sent
    if answer is None:
        assert result is None
        return
    assert_types(result)
    _check_decoded(result)


_NOT_FOUND = {
    "message": f"Internal Server Error: Could not find configuration for SOURCE_CONNECTION: {SID}.",
    "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
}
_INVALID = {
    "message": "The provided configuration does not fulfill the specification. Errors: json "
    "schema validation failed when comparing the data to the json schema. \nErrors: $.host: is "
    "missing but it is required \nSchema: \n{}",
    "exceptionClassName": "io.airbyte.commons.server.errors.BadObjectSchemaKnownException",
    "validationErrors": [{"propertyPath": "$.host", "message": "is missing but it is required"}],
}


@pytest.mark.parametrize("case", CASES, ids=_IDS)
async def test_error_answers(case: Any) -> None:
    namespace, method, args, kwargs, path, *_ = case
    invalid = method in ("create", "update", "check_connection_for_update")
    status, payload, error = (
        (422, _INVALID, UnprocessableEntityError) if invalid else (404, _NOT_FOUND, NotFoundError)
    )
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=status, payload=payload)
        async with client() as c:
            with pytest.raises(error) as caught:
                await getattr(getattr(c, namespace), method)(*args, **kwargs)
    assert caught.value.status == status
    assert type(caught.value) is error
    assert PASSWORD not in str(caught.value)


@pytest.mark.parametrize("namespace", [S, D])
async def test_clone_on_a_2x_server_is_unsupported(namespace: str) -> None:
    path = f"/v1/{namespace}/clone"
    with aioresponses() as mocked:
        mocked.post(
            BASE_URL + path, status=404, body="Object not found.", content_type="text/plain"
        )
        async with client() as c:
            with pytest.raises(UnsupportedOperationError, match="clone"):
                await getattr(c, namespace).clone(SID if namespace == S else DID)


# -- argument checks -------------------------------------------------------------------------

BAD_CALLS: list[tuple[str, str, tuple[Any, ...], dict[str, Any], type]] = [
    (S, "list", ("nope",), {}, InvalidArgumentError),
    (S, "get", (None,), {}, InvalidArgumentTypeError),
    (S, "create", ({"name": "pg"},), {}, InvalidArgumentTypeError),
    (S, "create", (SOURCE_UPDATE,), {}, InvalidArgumentTypeError),
    (S, "update", (SOURCE_CREATE,), {}, InvalidArgumentTypeError),
    (S, "delete", ("nope",), {}, InvalidArgumentError),
    (S, "clone", ("nope",), {}, InvalidArgumentError),
    (S, "clone", (SID,), {"name": 7}, InvalidArgumentTypeError),
    (S, "clone", (SID,), {"connection_configuration": "{}"}, InvalidArgumentTypeError),
    (S, "search", ({"name": "pg"},), {}, InvalidArgumentTypeError),
    (S, "check_connection", ("nope",), {}, InvalidArgumentError),
    (S, "check_connection", (SID,), {"timeout": 0}, InvalidArgumentError),
    (S, "check_connection", (SID,), {"timeout": "60"}, InvalidArgumentTypeError),
    (S, "check_connection_for_update", (SOURCE_CREATE,), {}, InvalidArgumentTypeError),
    (S, "check_connection_for_update", (SOURCE_UPDATE,), {"timeout": -1}, InvalidArgumentError),
    (S, "discover_schema", (42,), {}, InvalidArgumentTypeError),
    (S, "discover_schema", (SID,), {"connection_id": "nope"}, InvalidArgumentError),
    (S, "discover_schema", (SID,), {"disable_cache": "yes"}, InvalidArgumentTypeError),
    (S, "discover_schema", (SID,), {"notify_schema_change": 1}, InvalidArgumentTypeError),
    (S, "discover_schema", (SID,), {"timeout": float("inf")}, InvalidArgumentError),
    (S, "most_recent_source_actor_catalog", ("nope",), {}, InvalidArgumentError),
    (S, "write_discover_catalog_result", ({"catalog": {}},), {}, InvalidArgumentTypeError),
    (D, "list", (7,), {}, InvalidArgumentTypeError),
    (D, "get", ("nope",), {}, InvalidArgumentError),
    (D, "create", (SOURCE_CREATE,), {}, InvalidArgumentTypeError),
    (D, "update", (DESTINATION_CREATE,), {}, InvalidArgumentTypeError),
    (D, "delete", (None,), {}, InvalidArgumentTypeError),
    (D, "clone", ("nope",), {}, InvalidArgumentError),
    (D, "clone", (DID,), {"name": b"copy"}, InvalidArgumentTypeError),
    (D, "search", (SourceSearch(),), {}, InvalidArgumentTypeError),
    (D, "check_connection", ("nope",), {}, InvalidArgumentError),
    (D, "check_connection", (DID,), {"timeout": True}, InvalidArgumentTypeError),
    (D, "check_connection_for_update", (SOURCE_UPDATE,), {}, InvalidArgumentTypeError),
    (X, "check_source_connection", (DESTINATION_CORE,), {}, InvalidArgumentTypeError),
    (X, "check_source_connection", (SOURCE_CORE,), {"timeout": 0.0}, InvalidArgumentError),
    (X, "discover_source_schema", ({"sourceDefinitionId": PG},), {}, InvalidArgumentTypeError),
    (X, "check_destination_connection", (SOURCE_CORE,), {}, InvalidArgumentTypeError),
]


async def test_arguments_checked_before_any_request() -> None:
    with aioresponses() as mocked:
        async with client() as c:
            for namespace, method, args, kwargs, error in BAD_CALLS:
                with pytest.raises(error):
                    await getattr(getattr(c, namespace), method)(*args, **kwargs)
        assert not mocked.requests


# -- connector runs: their own timeout, resent under the retry policy ------------------------


def test_the_connector_timeout_and_what_may_be_resent() -> None:
    assert CONNECTOR_TIMEOUT == 600.0
    resent = {
        sources_api.CHECK,
        sources_api.CHECK_FOR_UPDATE,
        sources_api.DISCOVER,
        destinations_api.CHECK,
        destinations_api.CHECK_FOR_UPDATE,
        scheduler_api.CHECK_SOURCE,
        scheduler_api.DISCOVER_SOURCE,
        scheduler_api.CHECK_DESTINATION,
        sources_api.UPDATE,
        sources_api.DELETE,
        destinations_api.UPDATE,
        destinations_api.DELETE,
    }
    assert all(endpoint.idempotent for endpoint in resent)
    never = {sources_api.CREATE, sources_api.CLONE, destinations_api.CREATE, destinations_api.CLONE}
    assert not any(endpoint.idempotent for endpoint in never)


async def test_checks_and_discovers_use_their_own_timeout() -> None:
    path = "/v1/sources/check_connection"
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, payload=CHECK_FAILED)
        mocked.post(BASE_URL + path, payload=CHECK_FAILED)
        mocked.post(BASE_URL + "/v1/sources/get", payload=SOURCE_READ)
        async with client() as c:
            await c.sources.check_connection(SID)
            await c.sources.check_connection(SID, timeout=2.5)
            await c.sources.get(SID)
        first, second = mocked.requests[("POST", spec_url(path))]
        (read,) = mocked.requests[("POST", spec_url("/v1/sources/get"))]
    assert first.kwargs["timeout"].total == CONNECTOR_TIMEOUT
    assert second.kwargs["timeout"].total == 2.5
    assert read.kwargs["timeout"].total != CONNECTOR_TIMEOUT  # the client's own


def spec_url(path: str) -> URL:
    return URL(BASE_URL + path)


async def test_a_check_is_resent_under_the_retry_policy() -> None:
    path = "/v1/scheduler/destinations/check_connection"
    retry = RetryConfig(attempts=2, initial_backoff=0.001, max_backoff=0.001)
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=503, body="busy", content_type="text/html")
        mocked.post(BASE_URL + path, payload=CHECK_SUCCEEDED)
        async with AirbyteClient(BASE_URL, retry=retry) as c:
            checked = await c.scheduler.check_destination_connection(DESTINATION_CORE)
        calls = mocked.requests[("POST", spec_url(path))]
    assert checked.succeeded
    assert len(calls) == 2


# -- secrets ---------------------------------------------------------------------------------


def test_secrets_stay_out_of_reprs() -> None:
    models = [
        SOURCE_CREATE,
        DESTINATION_CREATE,
        SOURCE_CORE,
        DESTINATION_CORE,
        SourceUpdate(source_id=UUID(SID), name="pg", connection_configuration=_PG_SENT),
        DestinationUpdate(destination_id=UUID(DID), name="w", connection_configuration=_SNOW_SENT),
        SourceCloneConfiguration(name="copy", connection_configuration=_PG_SENT),
        DestinationCloneConfiguration(name="copy", connection_configuration=_SNOW_SENT),
        SourceCreate(
            source_definition_id=UUID(PG),
            workspace_id=UUID(WS),
            name="pg",
            connection_configuration={},
            secret_id=PASSWORD,
        ),
    ]
    for model in models:
        assert PASSWORD not in repr(model), type(model).__name__
    assert "copy" in repr(models[-3])  # what is not secret is still shown


# -- contract: request bodies and answers against the documents ------------------------------


def _document_has(name: str, document: str) -> bool:
    try:
        spec.schema(name, document)
    except KeyError:
        return False
    return True


@pytest.mark.parametrize("document", ["0.40", "1.0", "2.0", "2026-08"])
@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_contract(case: Any, document: str) -> None:
    *_, sent, answer, request_schema, response_schema = case
    if not _document_has(request_schema, document):
        return
    if request_schema == "SourceDiscoverSchemaRequestBody" and document in ("2.0", "2026-08"):
        sent = {key: value for key, value in sent.items() if key != "notifySchemaChange"}
    spec.validate(request_schema, sent, strict=True, document=document)
    if answer is not None:
        if document in ("2.0", "2026-08") and response_schema in ("SourceRead", "SourceReadList"):
            answer = _with_created_at(answer, "sources")
        if document in ("2.0", "2026-08") and response_schema.startswith("DestinationRead"):
            answer = _with_created_at(answer, "destinations")
        if document in ("2.0", "2026-08") and "jobInfo" in (answer or {}):
            answer = {**answer, "jobInfo": {**answer["jobInfo"], "logType": "formatted"}}
        spec.validate(response_schema, answer, strict=True, document=document)


def _with_created_at(answer: dict[str, Any], key: str) -> dict[str, Any]:
    if key in answer:
        return {key: [{**item, "createdAt": 1700000000} for item in answer[key]]}
    return {**answer, "createdAt": 1700000000}


@pytest.mark.parametrize("document", ["1.0", "2.0", "2026-08"])
def test_contract_of_the_later_fields(document: str) -> None:
    body = SourceCreate(
        source_definition_id=UUID(PG),
        workspace_id=UUID(WS),
        name="pg",
        connection_configuration=_PG_SENT,
        secret_id="airbyte_oauth_workspace_x_secret_y_v1",
    )
    spec.validate("SourceCreate", encode(body), strict=True, document=document)
    spec.validate("SourceUpdate", encode(SOURCE_UPDATE), strict=True, document=document)
