"""Every public operation of ``AirbyteClient`` against a mocked server (aioresponses).

For each call: the HTTP method and full URL, the exact JSON body sent (or that no body is sent),
the headers, and the decoded result: its values, and its types all the way down (UUIDs are
``uuid.UUID``, enums are their enum types, nested objects are models, free-form JSON stays a
dict with its keys as the server sent them). Then the argument checks that must fail before
any request, patch semantics, job pagination, and forward compatibility (unknown fields and
enum values).
"""

from __future__ import annotations

import types
import typing
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import attrs
import orjson
import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    BadRequestError,
    BasicAuth,
    BearerAuth,
    ConflictError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    JobNotFoundError,
    NotFoundError,
    RetryConfig,
    ServerError,
    UnprocessableEntityError,
)
from aioairbyte.converter import decode, encode
from aioairbyte.errors import ApiError, ValidationProblem
from aioairbyte.models import (
    AirbyteCatalog,
    AirbyteStream,
    AirbyteStreamAndConfiguration,
    AirbyteStreamConfiguration,
    AttemptFailureOrigin,
    AttemptFailureType,
    AttemptStats,
    AttemptStatus,
    ConnectionCreate,
    ConnectionRead,
    ConnectionSchedule,
    ConnectionScheduleData,
    ConnectionScheduleDataBasicSchedule,
    ConnectionScheduleDataCron,
    ConnectionScheduleTimeUnit,
    ConnectionScheduleType,
    ConnectionSearch,
    ConnectionState,
    ConnectionStateType,
    ConnectionStatus,
    ConnectionUpdate,
    DestinationRead,
    DestinationSearch,
    DestinationSyncMode,
    Geography,
    HealthCheckRead,
    JobConfigType,
    JobDebugInfoRead,
    JobInfoLightRead,
    JobInfoRead,
    JobRead,
    JobReadList,
    JobStatus,
    JobWithAttemptsRead,
    NamespaceDefinitionType,
    NonBreakingChangesPreference,
    NotificationType,
    OperationCreate,
    OperatorConfiguration,
    OperatorNormalization,
    OperatorNormalizationOption,
    OperatorType,
    ReleaseStage,
    ResourceRequirements,
    SchemaChange,
    SourceRead,
    SourceSearch,
    StreamDescriptor,
    SyncMode,
    WebBackendCheckUpdatesRead,
    WebBackendConnectionCreate,
    WebBackendConnectionListItem,
    WebBackendConnectionRead,
    WebBackendConnectionUpdate,
    WebBackendOperationCreateOrUpdate,
    WebBackendWorkspaceStateResult,
    WorkspaceRead,
)
from tests import fixtures as f

BASE_URL = "http://airbyte.test/api"

#: How a test passes ids to the client: ``UUID`` (the default), ``str``, ...
Ids = Callable[[str], UUID | str]


# --- Helpers -------------------------------------------------------------------------------------


def client(**kwargs: Any) -> AirbyteClient:
    """A client that never retries (one mocked answer per call)."""
    return AirbyteClient(kwargs.pop("base_url", BASE_URL), retry=RetryConfig(attempts=1), **kwargs)


@pytest.fixture
async def api() -> AsyncIterator[AirbyteClient]:
    async with client() as c:
        yield c


def only_requests(mocked: aioresponses, method: str, path: str) -> list[Any]:
    """The calls recorded, asserting they all went to ``method`` ``BASE_URL + path``."""
    assert list(mocked.requests) == [(method, URL(BASE_URL + path))]
    return list(mocked.requests[(method, URL(BASE_URL + path))])


def body_of(call: Any) -> Any:
    """The JSON body of a recorded request, or ``None`` when no body was sent at all."""
    data = call.kwargs["data"]
    return None if data is None else orjson.loads(data)


async def drain(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


def assert_types(value: Any) -> None:
    """Assert that every attribute of a decoded model, recursively, holds its declared type."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            _assert_type(item, type(item), f"$[{i}]")
    elif value is not None:
        _assert_type(value, type(value), "$")


def _assert_type(value: Any, declared: Any, path: str) -> None:
    if typing.get_origin(declared) in (types.UnionType, typing.Union):
        if value is None:
            return
        members = [arg for arg in typing.get_args(declared) if arg is not type(None)]
        if len(members) > 1:
            # Told apart by the value's own type (an attempt's logs: LogRead | LogEvents).
            fits = [arg for arg in members if (typing.get_origin(arg) or arg) is type(value)]
            assert fits, f"{path}: {type(value).__name__} is none of {members}"
            members = fits
        (declared,) = members
    assert value is not None, f"{path} is None but {declared} is required"
    origin = typing.get_origin(declared)
    if origin is list:
        assert type(value) is list, f"{path}: {type(value).__name__} is not a list"
        (item_type,) = typing.get_args(declared)
        for i, item in enumerate(value):
            _assert_type(item, item_type, f"{path}[{i}]")
    elif origin is dict:
        assert type(value) is dict, f"{path}: {type(value).__name__} is not a dict"
    else:
        assert type(value) is declared, f"{path}: {type(value).__name__} is not {declared}"
        if attrs.has(declared):
            for field in attrs.fields(declared):
                _assert_type(getattr(value, field.name), field.type, f"{path}.{field.name}")


def in_newest_shape(data: Any) -> Any:
    """``data`` with every 0.40 ``updateStream`` array in the 1.0+ object shape, which is what
    the models decode both shapes into (and encode); ``test_contract`` uses it too."""
    if isinstance(data, list):
        return [in_newest_shape(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: in_newest_shape(value) for key, value in data.items()}
    if isinstance(out.get("updateStream"), list) and "streamDescriptor" in out:
        out["updateStream"] = {
            "fieldTransforms": out["updateStream"],
            "streamAttributeTransforms": [],
        }
    return out


def at(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC)


# --- Request models, built the way a caller builds them -----------------------------------------

HOURLY = ConnectionScheduleTimeUnit.HOURS
EVERY_24H = ConnectionScheduleData(
    basic_schedule=ConnectionScheduleDataBasicSchedule(time_unit=HOURLY, units=24)
)
RESOURCES = ResourceRequirements(
    cpu_request="0.5", cpu_limit="2", memory_request="1Gi", memory_limit="4Gi"
)

#: The catalog of ``f.sync_catalog()``, as model objects.
CATALOG = AirbyteCatalog(
    streams=[
        AirbyteStreamAndConfiguration(
            stream=AirbyteStream(
                name="users",
                json_schema=f.USERS_JSON_SCHEMA,
                supported_sync_modes=[SyncMode.FULL_REFRESH, SyncMode.INCREMENTAL],
                source_defined_cursor=False,
                default_cursor_field=[],
                source_defined_primary_key=[["id"]],
                namespace="public",
            ),
            config=AirbyteStreamConfiguration(
                sync_mode=SyncMode.INCREMENTAL,
                cursor_field=["updated_at"],
                destination_sync_mode=DestinationSyncMode.APPEND_DEDUP,
                primary_key=[["id"]],
                alias_name="users",
                selected=True,
                suggested=True,
                field_selection_enabled=False,
                selected_fields=[],
            ),
        ),
        AirbyteStreamAndConfiguration(
            stream=AirbyteStream(
                name="orders",
                json_schema=f.ORDERS_JSON_SCHEMA,
                supported_sync_modes=[SyncMode.FULL_REFRESH, SyncMode.INCREMENTAL],
                default_cursor_field=[],
                source_defined_primary_key=[["order_id"]],
                namespace="public",
            ),
            config=AirbyteStreamConfiguration(
                sync_mode=SyncMode.FULL_REFRESH,
                cursor_field=[],
                destination_sync_mode=DestinationSyncMode.OVERWRITE,
                primary_key=[["order_id"]],
                alias_name="orders",
                selected=True,
                suggested=False,
                field_selection_enabled=False,
                selected_fields=[],
            ),
        ),
    ]
)

NORMALIZATION = OperatorConfiguration(
    operator_type=OperatorType.NORMALIZATION,
    normalization=OperatorNormalization(option=OperatorNormalizationOption.BASIC),
)


def connection_create(ids: Ids) -> ConnectionCreate:
    """The ``ConnectionCreate`` from which the server made ``f.connection_read()``."""
    return ConnectionCreate(
        name="Shop Postgres → BigQuery",
        namespace_definition=NamespaceDefinitionType.SOURCE,
        namespace_format="${SOURCE_NAMESPACE}",
        prefix="shop_",
        source_id=ids(f.SOURCE_ID),
        destination_id=ids(f.DESTINATION_ID),
        operation_ids=[ids(f.OPERATION_ID)],
        sync_catalog=CATALOG,
        schedule=ConnectionSchedule(units=24, time_unit=HOURLY),
        schedule_type=ConnectionScheduleType.BASIC,
        schedule_data=EVERY_24H,
        status=ConnectionStatus.ACTIVE,
        resource_requirements=RESOURCES,
        source_catalog_id=ids(f.SOURCE_CATALOG_ID),
        geography=Geography.AUTO,
        notify_schema_changes=True,
        non_breaking_changes_preference=NonBreakingChangesPreference.IGNORE,
    )


def connection_create_body() -> dict[str, Any]:
    """What ``connection_create`` must put on the wire: the read minus server-set fields."""
    body = f.connection_read()
    del body["connectionId"], body["breakingChange"]
    return body


def web_backend_connection_create(ids: Ids) -> WebBackendConnectionCreate:
    return WebBackendConnectionCreate(
        name="Shop Postgres → BigQuery",
        namespace_definition=NamespaceDefinitionType.SOURCE,
        namespace_format="${SOURCE_NAMESPACE}",
        prefix="shop_",
        source_id=ids(f.SOURCE_ID),
        destination_id=ids(f.DESTINATION_ID),
        sync_catalog=CATALOG,
        schedule_type=ConnectionScheduleType.BASIC,
        schedule_data=EVERY_24H,
        status=ConnectionStatus.ACTIVE,
        operations=[
            OperationCreate(
                workspace_id=ids(f.WORKSPACE_ID),
                name="Normalization",
                operator_configuration=NORMALIZATION,
            )
        ],
        geography=Geography.AUTO,
        non_breaking_changes_preference=NonBreakingChangesPreference.IGNORE,
    )


WEB_BACKEND_CREATE_BODY = {
    "name": "Shop Postgres → BigQuery",
    "namespaceDefinition": "source",
    "namespaceFormat": "${SOURCE_NAMESPACE}",
    "prefix": "shop_",
    "sourceId": f.SOURCE_ID,
    "destinationId": f.DESTINATION_ID,
    "syncCatalog": f.sync_catalog(),
    "scheduleType": "basic",
    "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 24}},
    "status": "active",
    "operations": [
        {
            "workspaceId": f.WORKSPACE_ID,
            "name": "Normalization",
            "operatorConfiguration": {
                "operatorType": "normalization",
                "normalization": {"option": "basic"},
            },
        }
    ],
    "geography": "auto",
    "nonBreakingChangesPreference": "ignore",
}


def connection_update(ids: Ids) -> ConnectionUpdate:
    return ConnectionUpdate(
        connection_id=ids(f.CONNECTION_ID),
        name="Shop Postgres → BigQuery (hourly)",
        schedule_type=ConnectionScheduleType.BASIC,
        schedule_data=ConnectionScheduleData(
            basic_schedule=ConnectionScheduleDataBasicSchedule(time_unit=HOURLY, units=1)
        ),
        resource_requirements=ResourceRequirements(memory_limit="8Gi"),
        notify_schema_changes=False,
    )


CONNECTION_UPDATE_BODY = {
    "connectionId": f.CONNECTION_ID,
    "name": "Shop Postgres → BigQuery (hourly)",
    "scheduleType": "basic",
    "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 1}},
    "resourceRequirements": {"memory_limit": "8Gi"},
    "notifySchemaChanges": False,
}


def updated_connection_read() -> dict[str, Any]:
    """The server's answer to ``connection_update``: the whole connection, changed."""
    return {
        **f.connection_read(),
        "name": "Shop Postgres → BigQuery (hourly)",
        "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 1}},
        "resourceRequirements": {"memory_limit": "8Gi"},
        "notifySchemaChanges": False,
    }


def connection_search(ids: Ids) -> ConnectionSearch:
    return ConnectionSearch(
        status=ConnectionStatus.ACTIVE,
        source=SourceSearch(
            workspace_id=ids(f.WORKSPACE_ID),
            source_definition_id=ids(f.SOURCE_DEFINITION_ID),
            connection_configuration={"replication_method": {"method": "Standard"}, "sslMode": 1},
        ),
        destination=DestinationSearch(destination_name="BigQuery"),
    )


CONNECTION_SEARCH_BODY = {
    "status": "active",
    "source": {
        "sourceDefinitionId": f.SOURCE_DEFINITION_ID,
        "workspaceId": f.WORKSPACE_ID,
        # Free-form: keys are data, sent exactly as given (neither camelCased nor snake_cased).
        "connectionConfiguration": {"replication_method": {"method": "Standard"}, "sslMode": 1},
    },
    "destination": {"destinationName": "BigQuery"},
}


def web_backend_connection_update(ids: Ids) -> WebBackendConnectionUpdate:
    return WebBackendConnectionUpdate(
        connection_id=ids(f.CONNECTION_ID),
        sync_catalog=CATALOG,
        skip_reset=False,
        operations=[
            WebBackendOperationCreateOrUpdate(
                operation_id=ids(f.OPERATION_ID),
                workspace_id=ids(f.WORKSPACE_ID),
                name="Normalization",
                operator_configuration=NORMALIZATION,
            )
        ],
    )


WEB_BACKEND_UPDATE_BODY = {
    "connectionId": f.CONNECTION_ID,
    "syncCatalog": f.sync_catalog(),
    "skipReset": False,
    "operations": [
        {
            "operationId": f.OPERATION_ID,
            "workspaceId": f.WORKSPACE_ID,
            "name": "Normalization",
            "operatorConfiguration": {
                "operatorType": "normalization",
                "normalization": {"option": "basic"},
            },
        }
    ],
}


# --- What the decoded results must be -----------------------------------------------------------


def check_connection_read(c: ConnectionRead) -> None:
    assert type(c) is ConnectionRead
    assert c.connection_id == UUID(f.CONNECTION_ID)
    assert c.name == "Shop Postgres → BigQuery"
    assert c.source_id == UUID(f.SOURCE_ID)
    assert c.destination_id == UUID(f.DESTINATION_ID)
    assert c.operation_ids == [UUID(f.OPERATION_ID)]
    assert c.source_catalog_id == UUID(f.SOURCE_CATALOG_ID)
    assert c.status is ConnectionStatus.ACTIVE
    assert c.namespace_definition is NamespaceDefinitionType.SOURCE
    assert c.namespace_format == "${SOURCE_NAMESPACE}"
    assert c.prefix == "shop_"
    assert c.schedule == ConnectionSchedule(units=24, time_unit=HOURLY)
    assert c.schedule_type is ConnectionScheduleType.BASIC
    assert c.schedule_data == EVERY_24H
    assert c.resource_requirements == RESOURCES
    assert c.geography is Geography.AUTO
    assert c.breaking_change is False
    assert c.notify_schema_changes is True
    assert c.non_breaking_changes_preference is NonBreakingChangesPreference.IGNORE
    assert c.sync_catalog == CATALOG
    users, orders = c.sync_catalog.streams
    assert users.config is not None
    assert users.config.sync_mode is SyncMode.INCREMENTAL
    assert users.config.destination_sync_mode is DestinationSyncMode.APPEND_DEDUP
    assert orders.config is not None
    assert orders.config.sync_mode is SyncMode.FULL_REFRESH
    # Free-form JSON Schema: the connector's keys, untouched.
    assert users.stream is not None
    assert orders.stream is not None
    assert users.stream.json_schema == f.USERS_JSON_SCHEMA
    assert users.stream.json_schema["properties"]["created_at"]["airbyte_type"] == (
        "timestamp_with_timezone"
    )
    assert set(orders.stream.json_schema["properties"]) == {
        "order_id",
        "user_id",
        "amount_cents",
        "currency",
        "placedAt",
        "line_items",
    }


def check_connection_list(expected_ids: list[str]) -> Callable[[Any], None]:
    def check(connections: list[ConnectionRead]) -> None:
        assert type(connections) is list
        assert [c.connection_id for c in connections] == [UUID(i) for i in expected_ids]
        check_connection_read(connections[0])
        cron = connections[1]
        assert cron.schedule is None
        assert cron.schedule_type is ConnectionScheduleType.CRON
        assert cron.schedule_data == ConnectionScheduleData(
            cron=ConnectionScheduleDataCron(cron_expression="0 0 2 * * ?", cron_time_zone="UTC")
        )
        assert cron.status is ConnectionStatus.INACTIVE
        assert cron.geography is Geography.EU
        assert cron.operation_ids == []
        assert cron.namespace_format is None
        if len(connections) == 3:
            assert connections[2].status is ConnectionStatus.DEPRECATED
            assert connections[2].sync_catalog == AirbyteCatalog(streams=[])

    return check


def check_updated_connection(c: ConnectionRead) -> None:
    assert type(c) is ConnectionRead
    assert c.name == "Shop Postgres → BigQuery (hourly)"
    assert c.schedule_data == ConnectionScheduleData(
        basic_schedule=ConnectionScheduleDataBasicSchedule(time_unit=HOURLY, units=1)
    )
    assert c.resource_requirements == ResourceRequirements(memory_limit="8Gi")
    assert c.notify_schema_changes is False


def check_job_info_read(r: JobInfoRead) -> None:
    assert type(r) is JobInfoRead
    job = r.job
    assert job.id == f.JOB_ID
    assert job.config_type is JobConfigType.SYNC
    assert job.config_id == f.CONNECTION_ID  # a string on the wire and in the model
    assert job.status is JobStatus.SUCCEEDED
    assert job.status.is_terminal
    assert job.created_at == f.JOB_CREATED_AT
    assert job.created_at_datetime == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert job.started_at_datetime == at(f.JOB_CREATED_AT + 2)
    assert job.updated_at_datetime == at(f.JOB_ENDED_AT)
    assert job.reset_config is None

    failed, succeeded = r.attempts
    assert failed.attempt.id == 0
    assert failed.attempt.status is AttemptStatus.FAILED
    assert failed.attempt.ended_at_datetime == at(f.ATTEMPT_0_ENDED_AT)
    assert failed.attempt.stream_stats == []
    assert failed.attempt.failure_summary is not None
    assert failed.attempt.failure_summary.partial_success is False
    (reason,) = failed.attempt.failure_summary.failures
    assert reason.failure_origin is AttemptFailureOrigin.SOURCE
    assert reason.failure_type is AttemptFailureType.SYSTEM_ERROR
    assert reason.retryable is True
    assert reason.external_message == (
        "Something went wrong in the connector. See the logs for more details."
    )
    assert reason.internal_message is not None
    assert reason.internal_message.startswith("org.postgresql.util.PSQLException")
    assert reason.stacktrace is not None
    assert "\n\tat io.airbyte" in reason.stacktrace
    assert reason.timestamp == f.FAILURE_TIMESTAMP_MS
    # Milliseconds, unlike every other time.
    assert reason.timestamp_datetime == datetime(2023, 11, 14, 22, 18, 23, 871000, tzinfo=UTC)
    assert failed.logs.log_lines == f.FAILED_ATTEMPT_LOG

    attempt = succeeded.attempt
    assert attempt.id == 1
    assert attempt.status is AttemptStatus.SUCCEEDED
    assert attempt.failure_summary is None
    assert attempt.records_synced == 125000
    assert attempt.bytes_synced == 52428800
    assert attempt.total_stats == AttemptStats(
        records_emitted=125000,
        bytes_emitted=52428800,
        state_messages_emitted=14,
        records_committed=125000,
    )
    assert attempt.stream_stats is not None
    assert [(s.stream_namespace, s.stream_name) for s in attempt.stream_stats] == [
        ("public", "users"),
        ("public", "orders"),
    ]
    assert sum(s.stats.records_emitted or 0 for s in attempt.stream_stats) == 125000
    assert attempt.stream_stats[0].stats.state_messages_emitted is None
    assert succeeded.logs.log_lines == f.SUCCEEDED_ATTEMPT_LOG


def check_started_sync(r: JobInfoRead) -> None:
    assert type(r) is JobInfoRead
    assert r.job.id == f.RUNNING_JOB_ID
    assert r.job.status is JobStatus.RUNNING
    assert not r.job.status.is_terminal
    (only,) = r.attempts
    assert only.attempt.status is AttemptStatus.RUNNING
    assert only.attempt.ended_at is None
    assert only.attempt.ended_at_datetime is None
    assert only.logs.log_lines == []


def check_reset_job(r: JobInfoRead) -> None:
    assert type(r) is JobInfoRead
    assert r.job.id == f.RESET_JOB_ID
    assert r.job.config_type is JobConfigType.RESET_CONNECTION
    assert r.job.status is JobStatus.PENDING
    assert r.job.started_at is None
    assert r.job.started_at_datetime is None
    assert r.job.reset_config is not None
    assert r.job.reset_config.streams_to_reset == [
        StreamDescriptor(name="users", namespace="public"),
        StreamDescriptor(name="orders", namespace="public"),
    ]
    assert r.attempts == []


def check_cancelled_job(r: JobInfoRead) -> None:
    assert type(r) is JobInfoRead
    assert r.job.id == f.RUNNING_JOB_ID
    assert r.job.status is JobStatus.CANCELLED
    assert r.job.status.is_terminal
    (only,) = r.attempts
    assert only.attempt.status is AttemptStatus.FAILED
    assert only.attempt.failure_summary is not None
    (reason,) = only.attempt.failure_summary.failures
    assert reason.failure_origin is AttemptFailureOrigin.AIRBYTE_PLATFORM
    assert reason.failure_type is AttemptFailureType.MANUAL_CANCELLATION
    assert reason.retryable is None
    assert reason.timestamp_datetime == at(f.JOB_CREATED_AT + 60)


def check_light_job(r: JobInfoLightRead) -> None:
    assert type(r) is JobInfoLightRead
    assert type(r.job) is JobRead
    assert r.job.id == f.RUNNING_JOB_ID
    assert r.job.status is JobStatus.RUNNING
    assert r.job.config_id == f.CONNECTION_ID


def check_job_list(r: JobReadList) -> None:
    assert type(r) is JobReadList
    assert r.total_job_count == 3
    assert [(j.job.id, j.job.status) for j in r.jobs if j.job] == [
        (f.RESET_JOB_ID, JobStatus.PENDING),
        (f.RUNNING_JOB_ID, JobStatus.RUNNING),
        (f.JOB_ID, JobStatus.SUCCEEDED),
    ]
    assert [type(j) for j in r.jobs] == [JobWithAttemptsRead] * 3
    reset, running, finished = r.jobs
    assert reset.attempts == []
    assert reset.job is not None
    assert reset.job.config_type is JobConfigType.RESET_CONNECTION
    assert running.attempts is not None
    assert running.attempts[0].status is AttemptStatus.RUNNING
    assert finished.attempts is not None
    assert [a.status for a in finished.attempts] == [AttemptStatus.FAILED, AttemptStatus.SUCCEEDED]


def check_last_job(job: JobRead | None) -> None:
    assert type(job) is JobRead
    assert job.id == f.JOB_ID
    assert job.status is JobStatus.SUCCEEDED


def check_debug_info(r: JobDebugInfoRead) -> None:
    assert type(r) is JobDebugInfoRead
    assert r.job.id == f.JOB_ID
    assert r.job.airbyte_version == "0.50.35"
    assert r.job.status is JobStatus.SUCCEEDED
    source = r.job.source_definition
    assert source.source_definition_id == UUID(f.SOURCE_DEFINITION_ID)
    assert source.docker_repository == "airbyte/source-postgres"
    assert source.release_stage is ReleaseStage.GENERALLY_AVAILABLE
    assert source.resource_requirements is not None
    assert source.resource_requirements.job_specific is not None
    assert source.resource_requirements.job_specific[0].resource_requirements == (
        ResourceRequirements(memory_request="1Gi", memory_limit="1Gi")
    )
    destination = r.job.destination_definition
    assert destination.destination_definition_id == UUID(f.DESTINATION_DEFINITION_ID)
    assert destination.supports_dbt is True
    assert destination.normalization_config.normalization_tag == "0.4.3"
    assert [a.attempt.status for a in r.attempts] == [AttemptStatus.FAILED, AttemptStatus.SUCCEEDED]
    assert r.attempts[1].logs.log_lines == f.SUCCEEDED_ATTEMPT_LOG
    assert r.workflow_state is not None
    assert r.workflow_state.running is False


def check_state(expected: str) -> Callable[[Any], None]:
    def check(state: ConnectionState) -> None:
        assert type(state) is ConnectionState
        assert state.connection_id == UUID(f.CONNECTION_ID)
        assert state.state_type is ConnectionStateType(expected)
        assert state.state is None
        if expected == "not_set":
            assert state.stream_state is None
            assert state.global_state is None
        elif expected == "stream":
            assert state.global_state is None
            assert state.stream_state is not None
            users, orders = state.stream_state
            assert users.stream_descriptor == StreamDescriptor(name="users", namespace="public")
            assert (
                users.stream_state == f.connection_state_stream()["streamState"][0]["streamState"]
            )
            assert users.stream_state is not None
            assert "cursor_field" in users.stream_state
            assert orders.stream_state is None
        else:
            assert state.stream_state is None
            assert state.global_state is not None
            shared = state.global_state.shared_state
            assert shared == f.connection_state_global()["globalState"]["shared_state"]
            assert shared is not None
            assert shared["state_type"] == "cdc"
            assert [s.stream_descriptor.name for s in state.global_state.stream_states] == [
                "users",
                "orders",
            ]

    return check


def check_source(source: SourceRead) -> None:
    assert type(source) is SourceRead
    assert source.source_id == UUID(f.SOURCE_ID)
    assert source.workspace_id == UUID(f.WORKSPACE_ID)
    assert source.source_definition_id == UUID(f.SOURCE_DEFINITION_ID)
    assert source.source_name == "Postgres"
    assert source.connection_configuration == f.source_read()["connectionConfiguration"]
    assert source.connection_configuration["replication_method"] == {"method": "Standard"}


def check_destination(destination: DestinationRead) -> None:
    assert type(destination) is DestinationRead
    assert destination.destination_id == UUID(f.DESTINATION_ID)
    assert destination.destination_definition_id == UUID(f.DESTINATION_DEFINITION_ID)
    config = destination.connection_configuration
    assert config == f.destination_read()["connectionConfiguration"]
    assert config["loading_method"]["keep_files_in_gcs-bucket"] == "Delete all tmp files from GCS"


def check_workspace(workspace: WorkspaceRead) -> None:
    assert type(workspace) is WorkspaceRead
    assert workspace.workspace_id == UUID(f.WORKSPACE_ID)
    assert workspace.customer_id == UUID(f.CUSTOMER_ID)
    assert workspace.slug == "acme"
    assert workspace.initial_setup_complete is True
    assert workspace.default_geography is Geography.AUTO
    assert workspace.notifications is not None
    (notification,) = workspace.notifications
    assert notification.notification_type is NotificationType.SLACK
    assert notification.send_on_failure is True
    assert notification.send_on_success is False
    assert notification.slack_configuration is not None
    assert notification.slack_configuration.webhook.startswith("https://hooks.slack.com/")
    assert workspace.webhook_configs is not None
    assert workspace.webhook_configs[0].id == UUID(f.WEBHOOK_CONFIG_ID)


def check_web_connection(c: WebBackendConnectionRead) -> None:
    assert type(c) is WebBackendConnectionRead
    assert c.connection_id == UUID(f.CONNECTION_ID)
    assert c.sync_catalog == CATALOG
    check_source(c.source)
    check_destination(c.destination)
    assert c.operations is not None
    assert c.operations[0].operation_id == UUID(f.OPERATION_ID)
    assert c.operations[0].operator_configuration == NORMALIZATION
    assert c.latest_sync_job_status is JobStatus.SUCCEEDED
    assert c.latest_sync_job_created_at == f.JOB_CREATED_AT
    assert c.is_syncing is False
    assert c.catalog_id == UUID(f.CATALOG_ID)
    assert c.schema_change is SchemaChange.NON_BREAKING
    assert c.notify_schema_changes is True
    assert c.non_breaking_changes_preference is NonBreakingChangesPreference.IGNORE
    assert c.catalog_diff is not None
    update, add = c.catalog_diff.transforms
    assert update.stream_descriptor == StreamDescriptor(name="users", namespace="public")
    assert update.update_stream is not None
    # The 0.40 array is read as the 1.0+ object: its items are the field transforms.
    fields = update.update_stream.field_transforms
    assert [t.field_name for t in fields] == [["phone_number"], ["is_active"]]
    assert fields[0].add_field is not None
    assert fields[0].add_field.schema == {"type": "string"}
    assert fields[1].update_field_schema is not None
    assert fields[1].update_field_schema.new_schema == {"type": ["null", "boolean"]}
    assert update.update_stream.stream_attribute_transforms == []
    assert add.update_stream is None


def check_web_connection_list(items: list[WebBackendConnectionListItem]) -> None:
    assert [type(i) for i in items] == [WebBackendConnectionListItem] * 2
    syncing, idle = items
    assert syncing.connection_id == UUID(f.CONNECTION_ID)
    assert syncing.is_syncing is True
    assert syncing.latest_sync_job_status is JobStatus.RUNNING
    assert syncing.schema_change is SchemaChange.NO_CHANGE
    assert syncing.source.source_id == UUID(f.SOURCE_ID)
    assert syncing.destination.destination_id == UUID(f.DESTINATION_ID)
    assert idle.latest_sync_job_status is None
    assert idle.latest_sync_job_created_at is None
    assert idle.schema_change is SchemaChange.BREAKING
    assert idle.schedule_type is ConnectionScheduleType.CRON


def check_is(expected: Any) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert result is expected

    return check


def check_each(check_one: Callable[[Any], None], count: int) -> Callable[[Any], None]:
    def check(results: list[Any]) -> None:
        assert type(results) is list
        assert len(results) == count
        for result in results:
            check_one(result)

    return check


def check_equals(expected: Any) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert type(result) is type(expected)
        assert result == expected

    return check


# --- The operations ------------------------------------------------------------------------------


#: ``Op.result_json`` default: the result encodes back to exactly the reply.
REPLY: Any = object()


@dataclass(frozen=True)
class Op:
    """One call: what to call, what must go out, what comes back and what it must decode to."""

    call: Callable[[AirbyteClient, Ids], Awaitable[Any]]
    path: str
    sent: Any  # the exact JSON body; None: no body at all
    reply: Any  # the server's JSON; None for a 204
    check: Callable[[Any], None]
    #: The JSON the result encodes back to (default: the reply).
    result_json: Any = REPLY
    method: str = "POST"
    status: int = 200
    #: Whether the call takes UUIDs (so it also runs with ids given as strings).
    takes_ids: bool = True

    def expected_json(self) -> Any:
        """The JSON the result encodes to: a 0.40 ``updateStream`` comes back as the object."""
        return in_newest_shape(self.reply if self.result_json is REPLY else self.result_json)


def cid() -> dict[str, str]:
    return {"connectionId": f.CONNECTION_ID}


def wid() -> dict[str, str]:
    return {"workspaceId": f.WORKSPACE_ID}


def jid(job_id: int) -> dict[str, int]:
    return {"id": job_id}


def op(name: str, operation: Op) -> Any:
    return pytest.param(operation, id=name)


C, W = f.CONNECTION_ID, f.WORKSPACE_ID

OPS = [
    # connections
    op(
        "connections.create",
        Op(
            lambda c, ids: c.connections.create(connection_create(ids)),
            "/v1/connections/create",
            connection_create_body(),
            f.connection_read(),
            check_connection_read,
        ),
    ),
    op(
        "connections.get",
        Op(
            lambda c, ids: c.connections.get(ids(C)),
            "/v1/connections/get",
            cid(),
            f.connection_read(),
            check_connection_read,
        ),
    ),
    op(
        "connections.update",
        Op(
            lambda c, ids: c.connections.update(connection_update(ids)),
            "/v1/connections/update",
            CONNECTION_UPDATE_BODY,
            updated_connection_read(),
            check_updated_connection,
        ),
    ),
    op(
        "connections.delete",
        Op(
            lambda c, ids: c.connections.delete(ids(C)),
            "/v1/connections/delete",
            cid(),
            None,
            check_is(None),
            status=204,
        ),
    ),
    op(
        "connections.list",
        Op(
            lambda c, ids: c.connections.list(ids(W)),
            "/v1/connections/list",
            wid(),
            f.connection_read_list(),
            check_connection_list([C, f.OTHER_CONNECTION_ID]),
            result_json=f.connection_read_list()["connections"],
        ),
    ),
    op(
        "connections.list_all",
        Op(
            lambda c, ids: c.connections.list_all(ids(W)),
            "/v1/connections/list_all",
            wid(),
            f.connection_read_list_all(),
            check_connection_list([C, f.OTHER_CONNECTION_ID, f.DELETED_CONNECTION_ID]),
            result_json=f.connection_read_list_all()["connections"],
        ),
    ),
    op(
        "connections.search",
        Op(
            lambda c, ids: c.connections.search(connection_search(ids)),
            "/v1/connections/search",
            CONNECTION_SEARCH_BODY,
            f.connection_read_list(),
            check_connection_list([C, f.OTHER_CONNECTION_ID]),
            result_json=f.connection_read_list()["connections"],
        ),
    ),
    op(
        "connections.sync",
        Op(
            lambda c, ids: c.connections.sync(ids(C)),
            "/v1/connections/sync",
            cid(),
            f.job_info_read_started(),
            check_started_sync,
        ),
    ),
    op(
        "connections.reset",
        Op(
            lambda c, ids: c.connections.reset(ids(C)),
            "/v1/connections/reset",
            cid(),
            f.job_info_read_reset(),
            check_reset_job,
        ),
    ),
    # state
    *[
        op(
            f"state.get[{kind}]",
            Op(
                lambda c, ids: c.state.get(ids(C)),
                "/v1/state/get",
                cid(),
                factory(),
                check_state(kind),
            ),
        )
        for kind, factory in [
            ("not_set", f.connection_state_not_set),
            ("stream", f.connection_state_stream),
            ("global", f.connection_state_global),
        ]
    ],
    # web backend
    op(
        "web_backend.get_state_type",
        Op(
            lambda c, ids: c.web_backend.get_state_type(ids(C)),
            "/v1/web_backend/state/get_type",
            cid(),
            f.connection_state_type(),
            check_is(ConnectionStateType.STREAM),
        ),
    ),
    op(
        "web_backend.check_updates",
        Op(
            lambda c, ids: c.web_backend.check_updates(),
            "/v1/web_backend/check_updates",
            None,
            f.web_backend_check_updates_read(),
            check_equals(
                WebBackendCheckUpdatesRead(destination_definitions=0, source_definitions=3)
            ),
            takes_ids=False,
        ),
    ),
    op(
        "web_backend.create_connection",
        Op(
            lambda c, ids: c.web_backend.create_connection(web_backend_connection_create(ids)),
            "/v1/web_backend/connections/create",
            WEB_BACKEND_CREATE_BODY,
            f.web_backend_connection_read(),
            check_web_connection,
        ),
    ),
    op(
        "web_backend.get_connection",
        Op(
            lambda c, ids: c.web_backend.get_connection(ids(C)),
            "/v1/web_backend/connections/get",
            cid(),
            f.web_backend_connection_read(),
            check_web_connection,
        ),
    ),
    *[
        op(
            f"web_backend.get_connection[refresh={refresh}]",
            Op(
                lambda c, ids, refresh=refresh: c.web_backend.get_connection(
                    ids(C), with_refreshed_catalog=refresh
                ),
                "/v1/web_backend/connections/get",
                {**cid(), "withRefreshedCatalog": refresh},
                f.web_backend_connection_read(),
                check_web_connection,
            ),
        )
        for refresh in (True, False)
    ],
    op(
        "web_backend.list_connections",
        Op(
            lambda c, ids: c.web_backend.list_connections(ids(W)),
            "/v1/web_backend/connections/list",
            wid(),
            f.web_backend_connection_read_list(),
            check_web_connection_list,
            result_json=f.web_backend_connection_read_list()["connections"],
        ),
    ),
    op(
        "web_backend.list_connections[filtered]",
        Op(
            lambda c, ids: c.web_backend.list_connections(
                ids(W),
                source_ids=(ids(i) for i in [f.SOURCE_ID]),  # any iterable
                destination_ids=[ids(f.DESTINATION_ID), ids(f.OTHER_CONNECTION_ID)],
            ),
            "/v1/web_backend/connections/list",
            {
                **wid(),
                "sourceId": [f.SOURCE_ID],
                "destinationId": [f.DESTINATION_ID, f.OTHER_CONNECTION_ID],
            },
            f.web_backend_connection_read_list(),
            check_web_connection_list,
            result_json=f.web_backend_connection_read_list()["connections"],
        ),
    ),
    op(
        "web_backend.update_connection",
        Op(
            lambda c, ids: c.web_backend.update_connection(web_backend_connection_update(ids)),
            "/v1/web_backend/connections/update",
            WEB_BACKEND_UPDATE_BODY,
            f.web_backend_connection_read(),
            check_web_connection,
        ),
    ),
    op(
        "web_backend.get_workspace_state",
        Op(
            lambda c, ids: c.web_backend.get_workspace_state(ids(W)),
            "/v1/web_backend/workspace/state",
            wid(),
            f.web_backend_workspace_state_result(),
            check_equals(
                WebBackendWorkspaceStateResult(
                    has_connections=True, has_sources=True, has_destinations=True
                )
            ),
        ),
    ),
    op(
        "web_backend.list_geographies",
        Op(
            lambda c, ids: c.web_backend.list_geographies(),
            "/v1/web_backend/geographies/list",
            None,
            f.web_backend_geographies_list_result(),
            check_equals([Geography.AUTO, Geography.US, Geography.EU]),
            result_json=["auto", "us", "eu"],
            takes_ids=False,
        ),
    ),
    # jobs
    op(
        "jobs.get",
        Op(
            lambda c, ids: c.jobs.get(f.JOB_ID),
            "/v1/jobs/get",
            jid(f.JOB_ID),
            f.job_info_read(),
            check_job_info_read,
            takes_ids=False,
        ),
    ),
    op(
        "jobs.get_light",
        Op(
            lambda c, ids: c.jobs.get_light(f.RUNNING_JOB_ID),
            "/v1/jobs/get_light",
            jid(f.RUNNING_JOB_ID),
            f.job_info_light_read(),
            check_light_job,
            takes_ids=False,
        ),
    ),
    op(
        "jobs.cancel",
        Op(
            lambda c, ids: c.jobs.cancel(f.RUNNING_JOB_ID),
            "/v1/jobs/cancel",
            jid(f.RUNNING_JOB_ID),
            f.job_info_read_cancelled(),
            check_cancelled_job,
            takes_ids=False,
        ),
    ),
    op(
        "jobs.get[job 0]",
        Op(
            lambda c, ids: c.jobs.get(0),
            "/v1/jobs/get",
            jid(0),
            f.job_info_read(),
            check_job_info_read,
            takes_ids=False,
        ),
    ),
    op(
        "jobs.list",
        Op(
            lambda c, ids: c.jobs.list(ids(C)),
            "/v1/jobs/list",
            {"configTypes": ["sync", "reset_connection"], "configId": C},
            f.job_read_list(),
            check_job_list,
        ),
    ),
    op(
        "jobs.list[every argument]",
        Op(
            lambda c, ids: c.jobs.list(
                ids(C),
                config_types=[JobConfigType.SYNC],
                page_size=25,
                row_offset=50,
                including_job_id=f.JOB_ID,
            ),
            "/v1/jobs/list",
            {
                "configTypes": ["sync"],
                "configId": C,
                "includingJobId": f.JOB_ID,
                "pagination": {"pageSize": 25, "rowOffset": 50},
            },
            f.job_read_list(),
            check_job_list,
        ),
    ),
    op(
        "jobs.list[types as strings, row_offset 0]",
        Op(
            lambda c, ids: c.jobs.list(ids(C), config_types=("reset_connection",), row_offset=0),
            "/v1/jobs/list",
            {"configTypes": ["reset_connection"], "configId": C, "pagination": {"rowOffset": 0}},
            f.job_read_list(),
            check_job_list,
        ),
    ),
    op(
        "jobs.list[page_size only]",
        Op(
            lambda c, ids: c.jobs.list(ids(C), page_size=1),
            "/v1/jobs/list",
            {
                "configTypes": ["sync", "reset_connection"],
                "configId": C,
                "pagination": {"pageSize": 1},
            },
            f.job_read_list(),
            check_job_list,
        ),
    ),
    op(
        "jobs.get_last_replication_job",
        Op(
            lambda c, ids: c.jobs.get_last_replication_job(ids(C)),
            "/v1/jobs/get_last_replication_job",
            cid(),
            f.job_optional_read(),
            check_last_job,
            result_json=f.job_optional_read()["job"],
        ),
    ),
    op(
        "jobs.get_last_replication_job[never synced]",
        Op(
            lambda c, ids: c.jobs.get_last_replication_job(ids(C)),
            "/v1/jobs/get_last_replication_job",
            cid(),
            f.job_optional_read_empty(),
            check_is(None),
            result_json=None,
        ),
    ),
    op(
        "jobs.get_debug_info",
        Op(
            lambda c, ids: c.jobs.get_debug_info(f.JOB_ID),
            "/v1/jobs/get_debug_info",
            jid(f.JOB_ID),
            f.job_debug_info_read(),
            check_debug_info,
            takes_ids=False,
        ),
    ),
    # health, workspaces, sources, destinations
    op(
        "health.check",
        Op(
            lambda c, ids: c.health.check(),
            "/v1/health",
            None,
            f.health_check_read(),
            check_equals(HealthCheckRead(available=True)),
            method="GET",
            takes_ids=False,
        ),
    ),
    op(
        "workspaces.list",
        Op(
            lambda c, ids: c.workspaces.list(),
            "/v1/workspaces/list",
            None,
            f.workspace_read_list(),
            check_each(check_workspace, 1),
            result_json=f.workspace_read_list()["workspaces"],
            takes_ids=False,
        ),
    ),
    op(
        "workspaces.get",
        Op(
            lambda c, ids: c.workspaces.get(ids(W)),
            "/v1/workspaces/get",
            wid(),
            f.workspace_read(),
            check_workspace,
        ),
    ),
    op(
        "sources.list",
        Op(
            lambda c, ids: c.sources.list(ids(W)),
            "/v1/sources/list",
            wid(),
            f.source_read_list(),
            check_each(check_source, 1),
            result_json=f.source_read_list()["sources"],
        ),
    ),
    op(
        "sources.get",
        Op(
            lambda c, ids: c.sources.get(ids(f.SOURCE_ID)),
            "/v1/sources/get",
            {"sourceId": f.SOURCE_ID},
            f.source_read(),
            check_source,
        ),
    ),
    op(
        "destinations.list",
        Op(
            lambda c, ids: c.destinations.list(ids(W)),
            "/v1/destinations/list",
            wid(),
            f.destination_read_list(),
            check_each(check_destination, 1),
            result_json=f.destination_read_list()["destinations"],
        ),
    ),
    op(
        "destinations.get",
        Op(
            lambda c, ids: c.destinations.get(ids(f.DESTINATION_ID)),
            "/v1/destinations/get",
            {"destinationId": f.DESTINATION_ID},
            f.destination_read(),
            check_destination,
        ),
    ),
]


def mock(mocked: aioresponses, o: Op, *, repeat: bool = False) -> None:
    mocked.add(
        BASE_URL + o.path,
        method=o.method,
        status=o.status,
        payload=o.reply,
        repeat=repeat,
    )


async def run(o: Op, ids: Ids = UUID, **client_kwargs: Any) -> tuple[Any, Any]:
    """Call ``o`` on a fresh client against a mocked server; return (result, recorded call)."""
    with aioresponses() as mocked:
        mock(mocked, o)
        async with client(**client_kwargs) as c:
            result = await o.call(c, ids)
    (call,) = only_requests(mocked, o.method, o.path)
    return result, call


# --- Each operation: request out, result in ------------------------------------------------------


@pytest.mark.parametrize("o", OPS)
async def test_operation_request_and_result(o: Op) -> None:
    result, call = await run(o)

    assert body_of(call) == o.sent
    headers = call.kwargs["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert "Authorization" not in headers
    assert call.kwargs["allow_redirects"] is False

    assert_types(result)
    assert encode(result) == o.expected_json()
    o.check(result)


@pytest.mark.parametrize("o", [p for p in OPS if p.values[0].takes_ids])
@pytest.mark.parametrize("ids", [str, lambda s: s.upper()], ids=["str", "upper-case str"])
async def test_ids_given_as_strings_are_sent_canonical(o: Op, ids: Ids) -> None:
    result, call = await run(o, ids)
    assert body_of(call) == o.sent
    assert encode(result) == o.expected_json()


@pytest.mark.parametrize(
    "o", [p for p in OPS if p.id in ("health.check", "connections.get", "workspaces.list")]
)
@pytest.mark.parametrize(
    ("client_kwargs", "authorization"),
    [
        ({"auth": ("airbyte", "password")}, "Basic YWlyYnl0ZTpwYXNzd29yZA=="),
        ({"auth": BasicAuth("airbyte", "password")}, "Basic YWlyYnl0ZTpwYXNzd29yZA=="),
        ({"auth": BearerAuth("app-token")}, "Bearer app-token"),
        # Credentials in the URL become basic auth and leave the URL the request goes to.
        (
            {"base_url": "http://airbyte:password@airbyte.test/api/"},
            "Basic YWlyYnl0ZTpwYXNzd29yZA==",
        ),
    ],
    ids=["tuple", "BasicAuth", "BearerAuth", "credentials in URL"],
)
async def test_authorization_header(
    o: Op, client_kwargs: dict[str, Any], authorization: str
) -> None:
    result, call = await run(o, **client_kwargs)
    assert call.kwargs["headers"]["Authorization"] == authorization
    assert call.kwargs["headers"]["Content-Type"] == "application/json"
    assert body_of(call) == o.sent
    assert encode(result) == o.expected_json()


# --- Patch semantics: absent is not null ---------------------------------------------------------

CONNECTION_ID = UUID(f.CONNECTION_ID)


@pytest.mark.parametrize(
    ("update", "sent"),
    [
        (
            ConnectionUpdate(connection_id=CONNECTION_ID, name="x"),
            {"connectionId": C, "name": "x"},
        ),
        (ConnectionUpdate(connection_id=CONNECTION_ID), {"connectionId": C}),
        (
            ConnectionUpdate(connection_id=CONNECTION_ID, status=ConnectionStatus.INACTIVE),
            {"connectionId": C, "status": "inactive"},
        ),
        # Falsy values that were set are sent: only None means "leave unchanged".
        (
            ConnectionUpdate(
                connection_id=CONNECTION_ID,
                prefix="",
                operation_ids=[],
                notify_schema_changes=False,
                breaking_change=False,
                schedule_data=ConnectionScheduleData(),
            ),
            {
                "connectionId": C,
                "prefix": "",
                "operationIds": [],
                "notifySchemaChanges": False,
                "breakingChange": False,
                "scheduleData": {},
            },
        ),
        (
            ConnectionUpdate(
                connection_id=CONNECTION_ID,
                resource_requirements=ResourceRequirements(cpu_limit="1"),
                schedule=ConnectionSchedule(units=0, time_unit=ConnectionScheduleTimeUnit.MINUTES),
            ),
            {
                "connectionId": C,
                "resourceRequirements": {"cpu_limit": "1"},  # the spec's snake_case keys
                "schedule": {"units": 0, "timeUnit": "minutes"},
            },
        ),
    ],
    ids=["name only", "id only", "status", "falsy values", "nested partial"],
)
async def test_connection_update_sends_only_fields_set(
    api: AirbyteClient, update: ConnectionUpdate, sent: dict[str, Any]
) -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/connections/update", payload=f.connection_read())
        result = await api.connections.update(update)
        (call,) = only_requests(mocked, "POST", "/v1/connections/update")
    assert body_of(call) == sent
    check_connection_read(result)


@pytest.mark.parametrize(
    ("update", "sent"),
    [
        (
            WebBackendConnectionUpdate(connection_id=CONNECTION_ID, name="x"),
            {"connectionId": C, "name": "x"},
        ),
        (
            WebBackendConnectionUpdate(connection_id=CONNECTION_ID, skip_reset=False),
            {"connectionId": C, "skipReset": False},
        ),
        (
            WebBackendConnectionUpdate(
                connection_id=CONNECTION_ID,
                operations=[],
                geography=Geography.EU,
                non_breaking_changes_preference=NonBreakingChangesPreference.DISABLE,
            ),
            {
                "connectionId": C,
                "operations": [],
                "geography": "eu",
                "nonBreakingChangesPreference": "disable",
            },
        ),
    ],
    ids=["name only", "skip_reset false", "empty operations"],
)
async def test_web_backend_update_sends_only_fields_set(
    api: AirbyteClient, update: WebBackendConnectionUpdate, sent: dict[str, Any]
) -> None:
    with aioresponses() as mocked:
        path = "/v1/web_backend/connections/update"
        mocked.post(BASE_URL + path, payload=f.web_backend_connection_read())
        result = await api.web_backend.update_connection(update)
        (call,) = only_requests(mocked, "POST", path)
    assert body_of(call) == sent
    check_web_connection(result)


# --- jobs.iterate --------------------------------------------------------------------------------

JOBS_LIST = BASE_URL + "/v1/jobs/list"


def page_requests(mocked: aioresponses) -> list[dict[str, Any]]:
    return [body_of(call) for call in only_requests(mocked, "POST", "/v1/jobs/list")]


def page_request(row_offset: int, page_size: int, types: list[str] | None = None) -> dict[str, Any]:
    return {
        "configTypes": types or ["sync", "reset_connection"],
        "configId": C,
        "pagination": {"pageSize": page_size, "rowOffset": row_offset},
    }


async def test_iterate_pages_through_until_total_job_count(api: AirbyteClient) -> None:
    with aioresponses() as mocked:
        for page in ([5, 4], [3, 2], [1]):
            mocked.post(JOBS_LIST, payload=f.job_page(page, total=5))
        jobs = await drain(api.jobs.iterate(CONNECTION_ID, page_size=2))
        requests = page_requests(mocked)
    assert [type(j) for j in jobs] == [JobWithAttemptsRead] * 5
    assert [j.job.id for j in jobs] == [5, 4, 3, 2, 1]
    assert requests == [page_request(0, 2), page_request(2, 2), page_request(4, 2)]


async def test_iterate_yields_each_job_once_when_a_new_job_shifts_the_pages(
    api: AirbyteClient,
) -> None:
    with aioresponses() as mocked:
        mocked.post(JOBS_LIST, payload=f.job_page([5, 4], total=5))
        # Job 6 starts: everything moves down one row, and job 4 comes again.
        mocked.post(JOBS_LIST, payload=f.job_page([4, 3], total=6))
        mocked.post(JOBS_LIST, payload=f.job_page([2, 1], total=6))
        jobs = await drain(api.jobs.iterate(C, page_size=2))
        requests = page_requests(mocked)
    assert [j.job.id for j in jobs] == [5, 4, 3, 2, 1]
    assert [r["pagination"]["rowOffset"] for r in requests] == [0, 2, 4]


async def test_iterate_stops_on_an_empty_page(api: AirbyteClient) -> None:
    with aioresponses() as mocked:
        mocked.post(JOBS_LIST, payload=f.job_page([9, 8], total=10))
        mocked.post(JOBS_LIST, payload=f.job_page([], total=10))  # jobs deleted meanwhile
        jobs = await drain(api.jobs.iterate(C, page_size=2))
        requests = page_requests(mocked)
    assert [j.job.id for j in jobs] == [9, 8]
    assert requests == [page_request(0, 2), page_request(2, 2)]


async def test_iterate_single_request_when_everything_fits(api: AirbyteClient) -> None:
    with aioresponses() as mocked:
        mocked.post(JOBS_LIST, payload=f.job_read_list())
        jobs = await drain(api.jobs.iterate(C, config_types=["sync"]))
        requests = page_requests(mocked)
    assert [j.job.id for j in jobs] == [f.RESET_JOB_ID, f.RUNNING_JOB_ID, f.JOB_ID]
    assert requests == [page_request(0, 200, ["sync"])]


async def test_iterate_of_a_connection_without_jobs(api: AirbyteClient) -> None:
    with aioresponses() as mocked:
        mocked.post(JOBS_LIST, payload={"jobs": [], "totalJobCount": 0})
        jobs = await drain(api.jobs.iterate(C))
        requests = page_requests(mocked)
    assert jobs == []
    assert requests == [page_request(0, 200)]


# --- Bad arguments fail before any request -------------------------------------------------------

CREATE = connection_create(UUID)

#: Every method taking a UUID: (call with the value, the argument's name).
ID_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]], str]] = [
    ("connections.get", lambda c, v: c.connections.get(v), "connection_id"),
    ("connections.delete", lambda c, v: c.connections.delete(v), "connection_id"),
    ("connections.list", lambda c, v: c.connections.list(v), "workspace_id"),
    ("connections.list_all", lambda c, v: c.connections.list_all(v), "workspace_id"),
    ("connections.sync", lambda c, v: c.connections.sync(v), "connection_id"),
    ("connections.reset", lambda c, v: c.connections.reset(v), "connection_id"),
    ("state.get", lambda c, v: c.state.get(v), "connection_id"),
    ("web_backend.get_state_type", lambda c, v: c.web_backend.get_state_type(v), "connection_id"),
    ("web_backend.get_connection", lambda c, v: c.web_backend.get_connection(v), "connection_id"),
    (
        "web_backend.list_connections",
        lambda c, v: c.web_backend.list_connections(v),
        "workspace_id",
    ),
    (
        "web_backend.list_connections[source_ids]",
        lambda c, v: c.web_backend.list_connections(W, source_ids=[f.SOURCE_ID, v]),
        "source_ids[1]",
    ),
    (
        "web_backend.list_connections[destination_ids]",
        lambda c, v: c.web_backend.list_connections(W, destination_ids=[v]),
        "destination_ids[0]",
    ),
    (
        "web_backend.get_workspace_state",
        lambda c, v: c.web_backend.get_workspace_state(v),
        "workspace_id",
    ),
    ("jobs.list", lambda c, v: c.jobs.list(v), "config_id"),
    ("jobs.iterate", lambda c, v: drain(c.jobs.iterate(v)), "config_id"),
    (
        "jobs.get_last_replication_job",
        lambda c, v: c.jobs.get_last_replication_job(v),
        "connection_id",
    ),
    ("workspaces.get", lambda c, v: c.workspaces.get(v), "workspace_id"),
    ("sources.list", lambda c, v: c.sources.list(v), "workspace_id"),
    ("sources.get", lambda c, v: c.sources.get(v), "source_id"),
    ("destinations.list", lambda c, v: c.destinations.list(v), "workspace_id"),
    ("destinations.get", lambda c, v: c.destinations.get(v), "destination_id"),
]

BAD_IDS = [
    ("not-a-uuid", InvalidArgumentError),
    ("", InvalidArgumentError),
    (f.CONNECTION_ID[:-1], InvalidArgumentError),
    (42, InvalidArgumentTypeError),
    (None, InvalidArgumentTypeError),
    (CONNECTION_ID.bytes, InvalidArgumentTypeError),
]


async def assert_rejected_before_any_request(
    call: Callable[[AirbyteClient], Awaitable[Any]], exc_type: type[Exception]
) -> Exception:
    """``call`` raises exactly ``exc_type`` and no request leaves the client."""
    with aioresponses() as mocked:
        async with client() as c:
            with pytest.raises(exc_type) as info:
                await call(c)
        assert mocked.requests == {}
    assert type(info.value) is exc_type
    return info.value


@pytest.mark.parametrize(("call", "name"), [pytest.param(c, n, id=i) for i, c, n in ID_METHODS])
@pytest.mark.parametrize(
    ("value", "exc_type"), BAD_IDS, ids=["garbage", "empty", "short", "int", "None", "bytes"]
)
async def test_bad_ids_rejected_before_any_request(
    call: Callable[[AirbyteClient, Any], Awaitable[Any]],
    name: str,
    value: Any,
    exc_type: type[Exception],
) -> None:
    if value is None and name == "config_id":
        pytest.skip("jobs.list(None) lists every connection's jobs (1.x/2.x servers)")
    error = await assert_rejected_before_any_request(lambda c: call(c, value), exc_type)
    assert name in str(error)


JOB_ID_METHODS: list[tuple[str, Callable[[AirbyteClient, Any], Awaitable[Any]]]] = [
    ("jobs.get", lambda c, v: c.jobs.get(v)),
    ("jobs.get_light", lambda c, v: c.jobs.get_light(v)),
    ("jobs.cancel", lambda c, v: c.jobs.cancel(v)),
    ("jobs.get_debug_info", lambda c, v: c.jobs.get_debug_info(v)),
    ("jobs.list[including_job_id]", lambda c, v: c.jobs.list(C, including_job_id=v)),
]


@pytest.mark.parametrize("call", [pytest.param(c, id=i) for i, c in JOB_ID_METHODS])
@pytest.mark.parametrize(
    ("value", "exc_type"),
    [
        (-1, InvalidArgumentError),
        (True, InvalidArgumentTypeError),
        (False, InvalidArgumentTypeError),
        ("1234", InvalidArgumentTypeError),
        (1234.0, InvalidArgumentTypeError),
        (CONNECTION_ID, InvalidArgumentTypeError),
    ],
    ids=["negative", "True", "False", "str", "float", "UUID"],
)
async def test_bad_job_ids_rejected_before_any_request(
    call: Callable[[AirbyteClient, Any], Awaitable[Any]], value: Any, exc_type: type[Exception]
) -> None:
    await assert_rejected_before_any_request(lambda c: call(c, value), exc_type)


@pytest.mark.parametrize("call", [pytest.param(c, id=i) for i, c in JOB_ID_METHODS if "[" not in i])
async def test_none_job_id_rejected_before_any_request(
    call: Callable[[AirbyteClient, Any], Awaitable[Any]],
) -> None:
    await assert_rejected_before_any_request(lambda c: call(c, None), InvalidArgumentTypeError)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda c: c.connections.create(ConnectionUpdate(connection_id=C)), id="create"
        ),
        pytest.param(lambda c: c.connections.create(connection_create_body()), id="create-dict"),
        pytest.param(lambda c: c.connections.create(None), id="create-None"),
        pytest.param(lambda c: c.connections.update(CREATE), id="update"),
        pytest.param(lambda c: c.connections.update(CONNECTION_UPDATE_BODY), id="update-dict"),
        pytest.param(lambda c: c.connections.search(SourceSearch()), id="search"),
        pytest.param(lambda c: c.connections.search(None), id="search-None"),
        pytest.param(lambda c: c.web_backend.create_connection(CREATE), id="wb-create"),
        pytest.param(
            lambda c: c.web_backend.update_connection(ConnectionUpdate(connection_id=C)),
            id="wb-update",
        ),
    ],
)
async def test_wrong_model_type_rejected_before_any_request(
    call: Callable[[AirbyteClient], Awaitable[Any]],
) -> None:
    await assert_rejected_before_any_request(call, InvalidArgumentTypeError)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda c: c.connections.update(ConnectionUpdate(connection_id="nope")), id="update"
        ),
        pytest.param(
            lambda c: c.connections.create(attrs.evolve(CREATE, operation_ids=["nope"])),
            id="create-operation_ids",
        ),
        pytest.param(
            lambda c: c.connections.search(ConnectionSearch(source_id="nope")), id="search"
        ),
        pytest.param(
            lambda c: c.web_backend.update_connection(
                WebBackendConnectionUpdate(connection_id=C, source_catalog_id="nope")
            ),
            id="wb-update",
        ),
    ],
)
async def test_bad_uuid_inside_a_model_rejected_before_any_request(
    call: Callable[[AirbyteClient], Awaitable[Any]],
) -> None:
    await assert_rejected_before_any_request(call, InvalidArgumentError)


def catalog_with(**config: Any) -> AirbyteCatalog:
    """``CATALOG`` with the first stream's configuration changed."""
    first = CATALOG.streams[0]
    assert first.config is not None
    changed = attrs.evolve(first, config=attrs.evolve(first.config, **config))
    return AirbyteCatalog(streams=[changed, *CATALOG.streams[1:]])


@pytest.mark.parametrize(
    "update",
    [
        pytest.param(
            ConnectionUpdate(
                connection_id=CONNECTION_ID, sync_catalog=catalog_with(cursor_field="updated_at")
            ),
            id="cursor_field str, sent as a list of characters",
        ),
        pytest.param(
            ConnectionUpdate(
                connection_id=CONNECTION_ID, sync_catalog=catalog_with(primary_key=["id"])
            ),
            id="primary_key list[str], sent as [['i', 'd']]",
        ),
        pytest.param(
            ConnectionUpdate(connection_id=CONNECTION_ID, notify_schema_changes="false"),
            id="bool field holding a str",
        ),
        pytest.param(
            ConnectionUpdate(
                connection_id=CONNECTION_ID,
                schedule=ConnectionSchedule(units="24", time_unit=HOURLY),
            ),
            id="int field holding a str",
        ),
        pytest.param(ConnectionUpdate(connection_id=CONNECTION_ID, name=123), id="str field, int"),
        pytest.param(
            ConnectionSearch(source=SourceSearch(connection_configuration="host=db")),
            id="free-form object holding a str",
        ),
    ],
)
async def test_wrong_field_types_inside_a_model_rejected_before_any_request(update: Any) -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/connections/update", payload=f.connection_read())
        mocked.post(BASE_URL + "/v1/connections/search", payload=f.connection_read_list())
        async with client() as c:
            call = (
                c.connections.update if type(update) is ConnectionUpdate else c.connections.search
            )
            with pytest.raises(InvalidArgumentError):
                await call(update)
        assert mocked.requests == {}


@pytest.mark.parametrize("job_id", [2**63, 2**64], ids=["int64 max + 1", "2**64"])
async def test_job_id_beyond_int64_rejected_before_any_request(job_id: int) -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/jobs/get", payload=f.job_info_read())
        async with client() as c:
            with pytest.raises(InvalidArgumentError):
                await c.jobs.get(job_id)
        assert mocked.requests == {}


LISTINGS: list[tuple[str, Callable[..., Awaitable[Any]]]] = [
    ("list", lambda c, **kw: c.jobs.list(C, **kw)),
    ("iterate", lambda c, **kw: drain(c.jobs.iterate(C, **kw))),
]


@pytest.mark.parametrize("listing", [pytest.param(fn, id=i) for i, fn in LISTINGS])
@pytest.mark.parametrize(
    ("kwargs", "exc_type"),
    [
        ({"config_types": []}, InvalidArgumentError),
        ({"config_types": ()}, InvalidArgumentError),
        ({"config_types": ["bogus"]}, InvalidArgumentError),
        ({"config_types": [JobConfigType.SYNC, "queued"]}, InvalidArgumentError),
        ({"config_types": [JobConfigType("not_a_type")]}, InvalidArgumentError),
        ({"config_types": "sync"}, InvalidArgumentTypeError),
        ({"config_types": [1]}, InvalidArgumentTypeError),
        ({"config_types": None}, InvalidArgumentTypeError),
        ({"page_size": 0}, InvalidArgumentError),
        ({"page_size": -10}, InvalidArgumentError),
        ({"page_size": True}, InvalidArgumentTypeError),
        ({"page_size": "10"}, InvalidArgumentTypeError),
        ({"page_size": 2.5}, InvalidArgumentTypeError),
    ],
    ids=lambda v: repr(v) if isinstance(v, dict) else v.__name__,
)
async def test_bad_listing_arguments_rejected_before_any_request(
    listing: Callable[..., Awaitable[Any]], kwargs: dict[str, Any], exc_type: type[Exception]
) -> None:
    await assert_rejected_before_any_request(lambda c: listing(c, **kwargs), exc_type)


@pytest.mark.parametrize(
    ("call", "exc_type"),
    [
        (lambda c: c.jobs.list(C, row_offset=-1), InvalidArgumentError),
        (lambda c: c.jobs.list(C, row_offset="0"), InvalidArgumentTypeError),
        (lambda c: c.jobs.list(C, row_offset=True), InvalidArgumentTypeError),
        (
            lambda c: c.web_backend.list_connections(W, source_ids=f.SOURCE_ID),
            InvalidArgumentTypeError,
        ),
        (lambda c: c.web_backend.list_connections(W, destination_ids=5), InvalidArgumentTypeError),
        (lambda c: c.web_backend.list_connections(W, source_ids=[1]), InvalidArgumentTypeError),
        (
            lambda c: c.web_backend.get_connection(C, with_refreshed_catalog="true"),
            InvalidArgumentTypeError,
        ),
        (
            lambda c: c.web_backend.get_connection(C, with_refreshed_catalog=1),
            InvalidArgumentTypeError,
        ),
    ],
    ids=[
        "row_offset negative",
        "row_offset str",
        "row_offset bool",
        "source_ids bare str",
        "destination_ids int",
        "source_ids of ints",
        "with_refreshed_catalog str",
        "with_refreshed_catalog int",
    ],
)
async def test_other_bad_arguments_rejected_before_any_request(
    call: Callable[[AirbyteClient], Awaitable[Any]], exc_type: type[Exception]
) -> None:
    await assert_rejected_before_any_request(call, exc_type)


# --- Forward compatibility -----------------------------------------------------------------------


#: Keys no API document has (0.40 to 2026-08), one of each kind of JSON: what a later server may
#: add anywhere, and what the models must then ignore.
FUTURE_FIELDS: dict[str, Any] = {
    "someFutureField": "x",
    "someFutureObject": {"recordsEmitted": 125000},
    "someFutureList": [{"name": "users"}],
}


def newer_connection() -> dict[str, Any]:
    """A connection with fields later documents added (known to the models: they stay)."""
    reply = f.connection_read()
    reply.update(dataplaneGroupId="f5c7b3a1-0000-4000-8000-000000000000", created_at=1700000000)
    reply["syncCatalog"]["streams"][0]["stream"]["isResumable"] = True
    reply["syncCatalog"]["streams"][0]["config"].update(
        generationId=3, minimumGenerationId=0, syncId=17, hashedFields=[]
    )
    return reply


def with_future_fields_connection() -> dict[str, Any]:
    """:func:`newer_connection` with unknown keys at every depth."""
    reply = newer_connection()
    reply.update(FUTURE_FIELDS)
    reply["createdAt"] = 1700000000  # the documents spell it created_at: this key is unknown
    reply["syncCatalog"]["streams"][0]["stream"].update(FUTURE_FIELDS)
    reply["syncCatalog"]["streams"][0]["config"].update(FUTURE_FIELDS)
    reply["scheduleData"]["basicSchedule"]["nextRunAt"] = 1700003600
    return reply


def newer_job() -> dict[str, Any]:
    """A job with fields later documents added (known to the models: they stay). The documents
    that have ``aggregatedStats`` require all four of its counts."""
    reply = f.job_info_read()
    reply["job"].update(
        aggregatedStats={
            "recordsEmitted": 125000,
            "bytesEmitted": 7340032,
            "recordsCommitted": 125000,
            "bytesCommitted": 7340032,
        },
        streamAggregatedStats=[],
    )
    reply["attempts"][0]["attempt"]["failureSummary"]["failures"][0]["streamDescriptor"] = {
        "name": "users"
    }
    return reply


def with_future_fields_job() -> dict[str, Any]:
    """:func:`newer_job` with unknown keys at every depth."""
    reply = newer_job()
    reply.update(FUTURE_FIELDS)
    reply["job"].update(FUTURE_FIELDS)
    reply["job"]["aggregatedStats"]["someFutureField"] = 3
    attempt = reply["attempts"][0]
    attempt.update(FUTURE_FIELDS)
    attempt["attempt"].update(FUTURE_FIELDS)
    failure = attempt["attempt"]["failureSummary"]["failures"][0]
    failure.update(FUTURE_FIELDS)
    failure["streamDescriptor"]["someFutureField"] = "x"
    reply["attempts"][1]["logs"].update(FUTURE_FIELDS)
    return reply


@pytest.mark.parametrize(
    ("call", "path", "reply", "clean"),
    [
        (
            lambda c: c.connections.get(C),
            "/v1/connections/get",
            with_future_fields_connection(),
            newer_connection(),
        ),
        (
            lambda c: c.jobs.get(f.JOB_ID),
            "/v1/jobs/get",
            with_future_fields_job(),
            newer_job(),
        ),
    ],
    ids=["connection", "job"],
)
async def test_unknown_response_fields_are_ignored(
    api: AirbyteClient,
    call: Callable[[AirbyteClient], Awaitable[Any]],
    path: str,
    reply: dict[str, Any],
    clean: dict[str, Any],
) -> None:
    assert reply != clean  # the unknown keys are there to be ignored
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, payload=reply)
        result = await call(api)
    assert result == decode(clean, type(result), operation="test")
    assert encode(result) == clean


def with_value(factory: Callable[[], Any], path: tuple[Any, ...], value: str) -> Any:
    reply = factory()
    node = reply
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return reply


@pytest.mark.parametrize(
    ("call", "path", "reply", "get", "enum", "value"),
    [
        (
            lambda c: c.jobs.get_light(f.RUNNING_JOB_ID),
            "/v1/jobs/get_light",
            with_value(f.job_info_light_read, ("job", "status"), "waiting_for_capacity"),
            lambda r: r.job.status,
            JobStatus,
            "waiting_for_capacity",
        ),
        (
            lambda c: c.connections.get(C),
            "/v1/connections/get",
            with_value(f.connection_read, ("status",), "suspended"),
            lambda r: r.status,
            ConnectionStatus,
            "suspended",
        ),
        (
            lambda c: c.jobs.get(f.JOB_ID),
            "/v1/jobs/get",
            with_value(
                f.job_info_read,
                ("attempts", 0, "attempt", "failureSummary", "failures", 0, "failureType"),
                "quota_exceeded",
            ),
            lambda r: r.attempts[0].attempt.failure_summary.failures[0].failure_type,
            AttemptFailureType,
            "quota_exceeded",
        ),
        (
            lambda c: c.web_backend.list_connections(W),
            "/v1/web_backend/connections/list",
            with_value(
                f.web_backend_connection_read_list,
                ("connections", 0, "latestSyncJobStatus"),
                "waiting_for_capacity",
            ),
            lambda r: r[0].latest_sync_job_status,
            JobStatus,
            "waiting_for_capacity",
        ),
    ],
    ids=["job status", "connection status", "failure type", "web list job status"],
)
async def test_unknown_enum_values_decode_and_stay_visible(
    api: AirbyteClient,
    call: Callable[[AirbyteClient], Awaitable[Any]],
    path: str,
    reply: Any,
    get: Callable[[Any], Any],
    enum: type[Any],
    value: str,
) -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, payload=reply)
        result = await call(api)
    decoded = get(result)
    assert type(decoded) is enum
    assert decoded.value == value
    assert decoded == value
    assert decoded.is_known is False
    assert value not in {member.value for member in enum}
    # Encoding the result gives the server's value back, unchanged.
    assert encode(result) == (reply["connections"] if isinstance(result, list) else reply)


async def test_queued_job_is_not_terminal(api: AirbyteClient) -> None:
    # ``queued`` (2026-08) is a member: known, and the job has yet to run.
    reply = with_value(f.job_info_light_read, ("job", "status"), "queued")
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/jobs/get_light", payload=reply)
        result = await api.jobs.get_light(f.RUNNING_JOB_ID)
    assert result.job.status is JobStatus.QUEUED
    assert result.job.status.is_known is True
    assert result.job.status.is_terminal is False
    assert JobStatus.SUCCEEDED.is_terminal is True


# --- Error bodies through the operations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path", "error", "exc_type"),
    [
        (lambda c: c.connections.get(C), "/v1/connections/get", "not_found", NotFoundError),
        (
            lambda c: c.connections.sync(C),
            "/v1/connections/sync",
            "sync_already_running",
            ConflictError,
        ),
        (
            lambda c: c.connections.update(ConnectionUpdate(connection_id=C)),
            "/v1/connections/update",
            "bad_request",
            BadRequestError,
        ),
        (
            lambda c: c.connections.create(CREATE),
            "/v1/connections/create",
            "invalid_input",
            UnprocessableEntityError,
        ),
        (
            lambda c: c.jobs.get(f.MISSING_JOB_ID),
            "/v1/jobs/get",
            "job_not_found",
            JobNotFoundError,
        ),
    ],
    ids=["404", "409", "400", "422", "500 job"],
)
async def test_error_bodies_become_typed_errors(
    api: AirbyteClient,
    call: Callable[[AirbyteClient], Awaitable[Any]],
    path: str,
    error: str,
    exc_type: type[ApiError],
) -> None:
    status, _, factory = f.ERRORS[error]
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=status, payload=factory())
        with pytest.raises(exc_type) as info:
            await call(api)
        only_requests(mocked, "POST", path)  # sent once: errors like these are not retried
    exc = info.value
    assert type(exc) is exc_type
    assert exc.status == status
    assert exc.operation == f"POST {path}"
    assert exc.message == factory()["message"]
    assert exc.exception_class_name == factory()["exceptionClassName"]
    assert exc.body == factory()


async def test_error_details_from_real_bodies(api: AirbyteClient) -> None:
    with aioresponses() as mocked:
        mocked.post(
            BASE_URL + "/v1/connections/sync", status=409, payload=f.sync_already_running_body()
        )
        mocked.post(BASE_URL + "/v1/connections/update", status=400, payload=f.bad_request_body())
        mocked.post(BASE_URL + "/v1/jobs/cancel", status=500, payload=f.job_not_found_body())
        with pytest.raises(ConflictError) as conflict:
            await api.connections.sync(C)
        with pytest.raises(BadRequestError) as bad:
            await api.connections.update(ConnectionUpdate(connection_id=C))
        with pytest.raises(NotFoundError) as missing_job:
            await api.jobs.cancel(f.MISSING_JOB_ID)
    assert conflict.value.sync_already_running is True
    assert bad.value.validation_errors == [
        ValidationProblem(
            "updateConnection.connectionUpdate.connectionId", None, "must not be null"
        ),
        ValidationProblem(
            "updateConnection.connectionUpdate.schedule.units",
            "-1",
            "must be greater than or equal to 0",
        ),
    ]
    assert isinstance(missing_job.value, ServerError)
    assert missing_job.value.status == 500
