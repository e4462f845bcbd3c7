"""The models against every document: 0.40 (2023) and the 1.0, 2.0 and 2026-08 servers.

Which answers decode where: every operation of the job flow (connections, jobs, the web backend,
the actors' reads; the Configuration API's other families have the same checks in their own
``tests/unit/test_ops_*.py``), the schema of its answer (the same in every document that has the
operation), and on which documents a fixture shaped like that
server's answer validates (strictly) and decodes. ``-``: the document has no such operation
(the server answers 404). ``204``: no body.

===================================  ===============================  ====  ===  ===  =======
operation                            answer                           0.40  1.0  2.0  2026-08
===================================  ===============================  ====  ===  ===  =======
connections/create, get, update      ConnectionRead                   yes   yes  yes  yes
connections/list, list_all, search   ConnectionReadList               yes   yes  yes  yes
connections/delete                   (none)                           204   204  204  204
connections/sync, reset              JobInfoRead                      yes   yes  yes  yes
connections/clear, clear/stream      JobInfoRead                      -     yes  yes  yes
connections/reset/stream             JobInfoRead                      -     yes  yes  yes
connections/refresh                  JobReadResponse                  -     bool yes  yes
connections/status                   ConnectionStatusesRead           -     yes  yes  yes
connections/sync_progress            ConnectionSyncProgressRead       -     yes  yes  yes
destinations/get                     DestinationRead                  yes   yes  yes  yes
destinations/list                    DestinationReadList              yes   yes  yes  yes
health (GET)                         HealthCheckRead                  yes   yes  yes  yes
instance_configuration (GET)         InstanceConfigurationResponse    -     yes  yes  yes
jobs/get, cancel                     JobInfoRead                      yes   yes  yes  yes
jobs/get_light                       JobInfoLightRead                 yes   yes  yes  yes
jobs/get_without_logs                JobInfoRead                      -     yes  yes  yes
jobs/list                            JobReadList                      yes   yes  yes  yes
jobs/list_for_workspaces             JobReadList                      -     yes  yes  yes
jobs/get_last_replication_job        JobOptionalRead                  yes   yes  yes  yes
jobs/get_debug_info                  JobDebugInfoRead                 yes   yes  yes  yes
sources/get                          SourceRead                       yes   yes  yes  yes
sources/list                         SourceReadList                   yes   yes  yes  yes
state/get                            ConnectionState                  yes   yes  yes  yes
web_backend/state/get_type           ConnectionStateType              yes   yes  yes  yes
web_backend/check_updates            WebBackendCheckUpdatesRead       yes   yes  yes  yes
web_backend/connections/create, get  WebBackendConnectionRead         yes   yes  yes  yes
web_backend/connections/update       WebBackendConnectionRead         yes   yes  yes  yes
web_backend/connections/list         WebBackendConnectionReadList     yes   yes  yes  yes
web_backend/workspace/state          WebBackendWorkspaceStateResult   yes   yes  yes  yes
web_backend/geographies/list         WebBackendGeographiesListResult  yes   yes  -    -
workspaces/get                       WorkspaceRead                    yes   yes  yes  yes
workspaces/list                      WorkspaceReadList                yes   yes  -    -
workspaces/list_by_user_id           WorkspaceReadList                -     yes  yes  yes
===================================  ===============================  ====  ===  ===  =======

:data:`TABLE` is that table as data; a test recomputes it from the documents and the fixtures.
The 2.x-only shapes have fixtures of their own: structured log events, a ``FailureReason`` with
its stream, an ``updateStream`` object, a workspace's ``organizationId``, an actor's
``createdAt``, the actor definition versions of web-backend reads, a ``queued`` job, an
``errorId``-only 404. Request bodies are checked against each document's request schema of the
operation they are sent to.

``ConnectionStatusesRead`` is a JSON array of ``ConnectionStatusRead`` (the 1.0 document's has
``isRunning`` and ``lastSyncJobStatus`` where 2.0 has ``connectionSyncStatus``). ``bool``: the
1.0 document's ``connections/refresh`` answers ``BooleanRead`` (``{"value": true}``), which
the client reads as a ``JobReadResponse`` without a job.
"""

from __future__ import annotations

import importlib.util
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import jsonschema
import pytest

import aioairbyte.api
from aioairbyte import models as m
from aioairbyte.converter import decode, encode
from aioairbyte.endpoints import Endpoint
from aioairbyte.models._base import OpenStrEnum, model
from tests import fixtures as f
from tests import spec
from tests.unit import modern_fixtures as mf
from tests.unit.test_operations import CATALOG

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "model_drift.py"
_loader = importlib.util.spec_from_file_location("model_drift", _TOOL)
assert _loader is not None
assert _loader.loader is not None
model_drift = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(model_drift)

YES, NONE, ABSENT, BOOL = "yes", "204", "-", "bool"
#: The table of the module docstring: (method, path) -> (answer schema, cells per document).
TABLE: dict[tuple[str, str], tuple[str | None, tuple[str, str, str, str]]] = {}
_ALL = (YES, YES, YES, YES)
_OLD = (YES, YES, ABSENT, ABSENT)
_NEW = (ABSENT, YES, YES, YES)
_SINCE_1 = _NEW
for _paths, _answer, _cells in [
    (("connections/create", "connections/get", "connections/update"), "ConnectionRead", _ALL),
    (
        ("connections/list", "connections/list_all", "connections/search"),
        "ConnectionReadList",
        _ALL,
    ),
    (("connections/delete",), None, (NONE, NONE, NONE, NONE)),
    (("connections/sync", "connections/reset", "jobs/get", "jobs/cancel"), "JobInfoRead", _ALL),
    (("destinations/get",), "DestinationRead", _ALL),
    (("destinations/list",), "DestinationReadList", _ALL),
    (("health",), "HealthCheckRead", _ALL),
    (("instance_configuration",), "InstanceConfigurationResponse", _NEW),
    (
        ("connections/clear", "connections/clear/stream", "connections/reset/stream"),
        "JobInfoRead",
        _SINCE_1,
    ),
    (("connections/refresh",), "JobReadResponse", (ABSENT, BOOL, YES, YES)),
    (("connections/status",), "ConnectionStatusesRead", _SINCE_1),
    (("connections/sync_progress",), "ConnectionSyncProgressRead", _SINCE_1),
    (("jobs/get_without_logs",), "JobInfoRead", _SINCE_1),
    (("jobs/list_for_workspaces",), "JobReadList", _SINCE_1),
    (("jobs/get_light",), "JobInfoLightRead", _ALL),
    (("jobs/list",), "JobReadList", _ALL),
    (("jobs/get_last_replication_job",), "JobOptionalRead", _ALL),
    (("jobs/get_debug_info",), "JobDebugInfoRead", _ALL),
    (("sources/get",), "SourceRead", _ALL),
    (("sources/list",), "SourceReadList", _ALL),
    (("state/get",), "ConnectionState", _ALL),
    (("web_backend/state/get_type",), "ConnectionStateType", _ALL),
    (("web_backend/check_updates",), "WebBackendCheckUpdatesRead", _ALL),
    (
        ("web_backend/connections/create", "web_backend/connections/get"),
        "WebBackendConnectionRead",
        _ALL,
    ),
    (("web_backend/connections/update",), "WebBackendConnectionRead", _ALL),
    (("web_backend/connections/list",), "WebBackendConnectionReadList", _ALL),
    (("web_backend/workspace/state",), "WebBackendWorkspaceStateResult", _ALL),
    (("web_backend/geographies/list",), "WebBackendGeographiesListResult", _OLD),
    (("workspaces/get",), "WorkspaceRead", _ALL),
    (("workspaces/list",), "WorkspaceReadList", _OLD),
    (("workspaces/list_by_user_id",), "WorkspaceReadList", _NEW),
]:
    for _path in _paths:
        _method = "GET" if _path in ("health", "instance_configuration") else "POST"
        TABLE[(_method, f"/v1/{_path}")] = (_answer, _cells)


#: Answers that are not a model of their own: the type the client decodes them as.
ANSWER_TYPES: dict[str, Any] = {"ConnectionStatusesRead": list[m.ConnectionStatusRead]}


def answer_type(schema_name: str) -> Any:
    """The type a schema's bodies decode as: its model, or what :data:`ANSWER_TYPES` says."""
    return ANSWER_TYPES.get(schema_name) or getattr(m, schema_name)


def _endpoints() -> set[tuple[str, str]]:
    found = set()
    for path in Path(aioairbyte.api.__file__).parent.glob("*.py"):
        module = importlib.import_module(f"aioairbyte.api.{path.stem}")
        found |= {(e.method, e.path) for e in vars(module).values() if isinstance(e, Endpoint)}
    return found


def fixtures_for(schema_name: str, document: str) -> list[tuple[str, Any]]:
    """Every fixture of ``schema_name`` that claims to fit ``document``: (name, body)."""
    if document == spec.OLD:
        return [(n, fac()) for n, (s, fac) in f.RESPONSES.items() if s == schema_name]
    return [
        (name, factory(document))
        for name, (schema, factory, documents) in mf.MODERN_RESPONSES.items()
        if schema == schema_name and document in documents
    ]


# --- The table -----------------------------------------------------------------------------------


#: Modules whose operations are checked against every document in their own contract tests
#: (tests/unit/test_ops_*.py), for each family of the Configuration API beyond the job flow.
FAMILY_TESTS = sorted(Path(__file__).parent.glob("test_ops_*.py"))


def test_the_table_lists_every_operation_the_client_calls() -> None:
    # The job flow's operations are all in the table; the Configuration API's others are
    # checked by their family's module, each against every document.
    assert set(TABLE) <= _endpoints()
    core = {"connections", "jobs", "web_backend", "health", "instance_configuration"}
    assert {e for e in _endpoints() if e[1].split("/")[2] in core} <= set(TABLE) | {
        ("POST", "/v1/jobs/get_normalization_status")  # test_ops_platform.py
    }
    assert len(FAMILY_TESTS) >= 4


@pytest.mark.parametrize(("method", "path"), sorted(TABLE), ids=lambda v: str(v))
def test_the_table_is_what_the_documents_and_fixtures_say(method: str, path: str) -> None:
    answer, cells = TABLE[(method, path)]
    for document, cell in zip(spec.DOCUMENTS, cells, strict=True):
        if not spec.has_operation(path, method, document=document):
            assert cell == ABSENT, (path, document)
            continue
        status = "204" if answer is None else "200"
        if cell == BOOL:  # 1.0's connections/refresh: a BooleanRead, read as "no job"
            assert spec.response_schema_name(path, status, method, document=document) == (
                "BooleanRead"
            )
            body = mf.refresh_boolean_read(document)
            spec.validate("BooleanRead", body, strict=True, document=document)
            assert decode(body, getattr(m, str(answer)), operation=path).job is None
            continue
        assert spec.response_schema_name(path, status, method, document=document) == answer
        if answer is None:
            assert cell == NONE
            continue
        bodies = fixtures_for(answer, document)
        assert cell == YES, (path, document)
        assert bodies, (path, document)
        for _, body in bodies:
            spec.validate(answer, body, strict=True, document=document)
            expected = answer_type(answer)
            decoded = decode(body, expected, operation=path)
            assert isinstance(decoded, typing.get_origin(expected) or expected)


def test_the_docstring_shows_the_table() -> None:
    shown = set()
    for line in (__doc__ or "").splitlines():
        words = line.replace(" (GET)", "").split()
        if len(words) < 6 or words[-1] not in (YES, NONE, ABSENT):
            continue
        operations, answer, cells = " ".join(words[:-5]).split(", "), words[-5], words[-4:]
        prefix = operations[0].rsplit("/", 1)[0] + "/" if "/" in operations[0] else ""
        for i, name in enumerate(operations):
            shown.add((f"/v1/{name if i == 0 else prefix + name}", answer, tuple(cells)))
    expected = {(path, answer or "(none)", cells) for (_, path), (answer, cells) in TABLE.items()}
    assert shown == expected


# --- Modern answers: they fit their documents, decode, and round-trip --------------------------

MODERN_CASES = [
    pytest.param(name, document, id=f"{name}-{document}")
    for name, (_, _, documents) in mf.MODERN_RESPONSES.items()
    for document in documents
]


@pytest.mark.parametrize(("name", "document"), MODERN_CASES)
def test_modern_fixture_fits_its_document(name: str, document: str) -> None:
    schema_name, factory, _ = mf.MODERN_RESPONSES[name]
    spec.validate(schema_name, factory(document), strict=True, document=document)


@pytest.mark.parametrize(("name", "document"), MODERN_CASES)
def test_modern_fixture_decodes_and_round_trips(name: str, document: str) -> None:
    schema_name, factory, _ = mf.MODERN_RESPONSES[name]
    data = factory(document)
    decoded = decode(data, answer_type(schema_name), operation="test")
    assert encode(decoded) == data
    assert data == factory(document)


def _decode(name: str, document: str) -> Any:
    schema_name, factory, _ = mf.MODERN_RESPONSES[name]
    return decode(factory(document), answer_type(schema_name), operation="test")


def test_structured_logs_decode_as_events_and_read_as_lines() -> None:
    info = _decode("job_info_read", "2.0")
    attempt = info.attempts[0]
    assert attempt.log_type is m.LogFormatType.STRUCTURED
    assert isinstance(attempt.logs, m.LogEvents)
    assert attempt.logs.events[0].log_source is m.LogSource.REPLICATION_ORCHESTRATOR
    assert attempt.lines[0] == "2023-11-14 22:13:23 INFO Cloud storage job log path: " + (
        "/workspace/1234/0/logs.log"
    )
    assert attempt.lines[2].startswith("2023-11-14 22:13:23 ERROR Sync worker failed.")
    assert attempt.lines[-1] == "\tat Worker.run(Worker.kt:42)"


def test_formatted_logs_and_no_logs_read_as_lines() -> None:
    formatted = _decode("job_info_read", "1.0").attempts[0]
    assert isinstance(formatted.logs, m.LogRead)
    assert formatted.log_type is None
    assert formatted.lines == f.FAILED_ATTEMPT_LOG
    without = _decode("job_info_read_without_logs", "2026-08").attempts[0]
    assert without.logs is None
    assert without.lines == []


def test_failure_reason_decodes_both_documents_shapes() -> None:
    old = decode(f.job_info_read(), m.JobInfoRead, operation="t").attempts[0].attempt
    new = _decode("job_info_read", "2026-08").attempts[0].attempt
    assert old.failure_summary is not None
    assert new.failure_summary is not None
    [old_failure], [new_failure] = old.failure_summary.failures, new.failure_summary.failures
    assert type(old_failure) is type(new_failure) is m.FailureReason is m.AttemptFailureReason
    assert old_failure.stream_descriptor is None
    assert new_failure.stream_descriptor == m.StreamDescriptor(name="users", namespace="public")
    assert new_failure.failure_type is m.FailureType.TRANSIENT_ERROR
    assert new_failure.from_trace_message is True


def test_update_stream_object_decodes_with_attribute_transforms() -> None:
    read = _decode("web_backend_connection_read", "2.0")
    assert read.catalog_diff is not None
    update = read.catalog_diff.transforms[0].update_stream
    assert isinstance(update, m.StreamTransformUpdateStream)
    assert [t.field_name for t in update.field_transforms] == [["phone_number"], ["is_active"]]
    [attribute] = update.stream_attribute_transforms
    assert attribute.transform_type is m.StreamAttributeTransformTransformType.UPDATE_PRIMARY_KEY
    assert attribute.update_primary_key is not None
    assert attribute.update_primary_key.new_primary_key == [["id"], ["email"]]


def test_fields_later_servers_require_decode() -> None:
    workspace = _decode("workspace_read", "2.0")
    assert workspace.organization_id == UUID(mf.ORGANIZATION_ID)
    assert workspace.default_geography is None
    source = _decode("source_read", "2026-08")
    assert source.created_at == mf.ACTOR_CREATED_AT
    assert source.support_state is m.SupportState.SUPPORTED
    read = _decode("web_backend_connection_read", "2026-08")
    assert read.source_actor_definition_version is not None
    assert read.source_actor_definition_version.docker_image_tag == "3.6.18"
    assert read.notify_schema_changes_by_email is False
    assert read.tags == [
        m.Tag(
            tag_id=UUID(mf.TAG_ID), workspace_id=UUID(f.WORKSPACE_ID), name="prod", color="#2f6fdb"
        )
    ]
    assert read.dataplane_group_id == UUID(mf.DATAPLANE_GROUP_ID)
    assert read.geography is None
    connection = _decode("connection_read", "2.0")
    assert connection.created_at == f.JOB_CREATED_AT - 86400
    definition = _decode("job_debug_info_read", "1.0").job.destination_definition
    assert definition.supports_dbt is None
    assert definition.normalization_config is None


def test_a_queued_job_is_known_and_not_terminal() -> None:
    info = _decode("job_info_read_queued", "2026-08")
    assert info.job.status is m.JobStatus.QUEUED
    assert info.job.status.is_known
    assert not info.job.status.is_terminal
    assert info.attempts == []


def test_an_error_id_only_404_decodes() -> None:
    body = _decode("not_found_error_id", "2026-08")
    assert body.message is None
    assert body.error_id == UUID("1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b")


def test_connection_statuses_decode_from_both_shapes() -> None:
    [running, failed] = _decode("connection_statuses_read", "2.0")
    assert running.connection_sync_status is m.ConnectionSyncStatus.RUNNING
    assert running.active_job is not None
    assert running.active_job.status is m.JobStatus.RUNNING
    assert running.schedule_data == m.ConnectionScheduleData(
        basic_schedule=m.ConnectionScheduleDataBasicSchedule(
            time_unit=m.ConnectionScheduleTimeUnit.HOURS, units=24
        )
    )
    assert running.last_successful_sync_datetime == datetime.fromtimestamp(f.JOB_ENDED_AT, UTC)
    assert running.is_running is None
    assert failed.connection_sync_status is m.ConnectionSyncStatus.FAILED
    assert failed.failure_reason is not None
    assert failed.failure_reason.failure_type is m.FailureType.CONFIG_ERROR
    [old_running, old_failed] = _decode("connection_statuses_read", "1.0")
    assert old_running.connection_sync_status is None
    assert old_running.is_running is True
    assert old_failed.last_sync_job_status is m.JobStatus.FAILED
    [queued] = _decode("connection_statuses_read_queued", "2026-08")
    assert queued.connection_sync_status is m.ConnectionSyncStatus.QUEUED
    assert queued.connection_sync_status.is_known


def test_sync_progress_decodes_and_the_idle_answer_is_the_servers() -> None:
    progress = _decode("connection_sync_progress_read", "2026-08")
    assert progress.config_type is m.JobConfigType.REFRESH
    assert [(s.stream_name, s.config_type) for s in progress.streams] == [
        ("users", m.JobConfigType.REFRESH),
        ("orders", m.JobConfigType.SYNC),
    ]
    assert progress.sync_started_at_datetime == datetime.fromtimestamp(f.JOB_CREATED_AT, UTC)
    assert _decode("connection_sync_progress_read", "1.0").streams[0].records_rejected is None
    idle = mf.connection_sync_progress_idle("2.0")
    for document in spec.MODERN:  # every document requires configType; the server omits it
        with pytest.raises(jsonschema.ValidationError, match="configType"):
            spec.validate("ConnectionSyncProgressRead", idle, strict=True, document=document)
    decoded = decode(idle, m.ConnectionSyncProgressRead, operation="test")
    assert decoded == m.ConnectionSyncProgressRead(connection_id=C, streams=[])
    assert decoded.config_type is None
    assert decoded.sync_started_at_datetime is None
    assert ("ConnectionSyncProgressRead", "configType") in model_drift.SERVER_WINS


def test_a_refresh_answer_with_or_without_a_job() -> None:
    read = _decode("job_read_response", "2.0")
    assert read.job is not None
    assert read.job.config_type is m.JobConfigType.REFRESH
    assert read.job.refresh_config == m.JobRefreshConfig(
        streams_to_refresh=[m.StreamDescriptor(name="users", namespace="public")]
    )
    assert _decode("job_read_response_none", "2026-08").job is None
    assert decode({"job": None}, m.JobReadResponse, operation="t").job is None


@pytest.mark.parametrize(
    ("enum", "values"),
    [
        (m.JobStatus, ["queued"]),
        (m.JobConfigType, ["clear", "refresh"]),
        (m.DestinationSyncMode, ["overwrite_dedup", "soft_delete", "update"]),
        (m.NonBreakingChangesPreference, ["propagate_columns", "propagate_fully"]),
        (m.ConnectionStatus, ["locked"]),
        (m.ConnectionSyncStatus, ["queued"]),
        (m.RefreshMode, ["Truncate", "Merge"]),
        (m.FailureType, ["heartbeat_timeout", "destination_timeout", "transient_error"]),
    ],
    ids=lambda v: getattr(v, "__name__", "values"),
)
def test_new_enum_values_are_members(enum: type[OpenStrEnum], values: list[str]) -> None:
    assert all(enum(value).is_known for value in values)


# --- Requests: what the client sends fits every document ---------------------------------------

C = UUID(f.CONNECTION_ID)
W = UUID(f.WORKSPACE_ID)
#: (path, a body the client sends there) for every operation that takes a body.
REQUESTS: list[tuple[str, Any]] = [
    (
        "/v1/connections/create",
        m.ConnectionCreate(
            source_id=UUID(f.SOURCE_ID),
            destination_id=UUID(f.DESTINATION_ID),
            status=m.ConnectionStatus.ACTIVE,
            sync_catalog=CATALOG,
            name="x",
        ),
    ),
    ("/v1/connections/get", m.ConnectionIdRequestBody(connection_id=C)),
    (
        "/v1/connections/update",
        m.ConnectionUpdate(connection_id=C, sync_catalog=CATALOG, notify_schema_changes=True),
    ),
    ("/v1/connections/list", m.WorkspaceIdRequestBody(workspace_id=W)),
    ("/v1/connections/search", m.ConnectionSearch(source=m.SourceSearch(source_name="Postgres"))),
    ("/v1/destinations/list", m.WorkspaceIdRequestBody(workspace_id=W)),
    ("/v1/sources/list", m.WorkspaceIdRequestBody(workspace_id=W)),
    ("/v1/sources/get", m.SourceIdRequestBody(source_id=UUID(f.SOURCE_ID))),
    ("/v1/destinations/get", m.DestinationIdRequestBody(destination_id=UUID(f.DESTINATION_ID))),
    ("/v1/jobs/get", m.JobIdRequestBody(id=f.JOB_ID)),
    (
        "/v1/jobs/list",
        m.JobListRequestBody(
            config_types=[m.JobConfigType.SYNC],
            config_id=str(C),
            pagination=m.Pagination(page_size=20, row_offset=0),
        ),
    ),
    (
        "/v1/web_backend/connections/get",
        m.WebBackendConnectionRequestBody(connection_id=C, with_refreshed_catalog=False),
    ),
    (
        "/v1/web_backend/connections/list",
        m.WebBackendConnectionListRequestBody(workspace_id=W, source_id=[UUID(f.SOURCE_ID)]),
    ),
    (
        "/v1/web_backend/connections/update",
        m.WebBackendConnectionUpdate(connection_id=C, skip_reset=True, sync_catalog=CATALOG),
    ),
    (
        "/v1/web_backend/connections/create",
        m.WebBackendConnectionCreate(
            source_id=UUID(f.SOURCE_ID),
            destination_id=UUID(f.DESTINATION_ID),
            status=m.ConnectionStatus.INACTIVE,
        ),
    ),
    ("/v1/web_backend/workspace/state", m.WebBackendWorkspaceState(workspace_id=W)),
]


@pytest.mark.parametrize(("path", "body"), REQUESTS, ids=[p for p, _ in REQUESTS])
@pytest.mark.parametrize("document", spec.DOCUMENTS)
def test_request_bodies_fit_every_document(path: str, body: Any, document: str) -> None:
    schema_name = spec.request_schema_name(path, document=document)
    assert schema_name is not None
    spec.validate(schema_name, encode(body), strict=True, document=document)


_AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_USERS = m.ConnectionStream(stream_name="users", stream_namespace="public")
#: (path, a body) for the operations of 1.x/2.x servers and the filters only they read.
MODERN_REQUESTS: list[tuple[str, Any]] = [
    ("/v1/connections/clear", m.ConnectionIdRequestBody(connection_id=C)),
    (
        "/v1/connections/clear/stream",
        m.ConnectionStreamRequestBody(
            connection_id=C, streams=[_USERS, m.ConnectionStream(stream_name="orders")]
        ),
    ),
    (
        "/v1/connections/reset/stream",
        m.ConnectionStreamRequestBody(connection_id=C, streams=[_USERS]),
    ),
    (
        "/v1/connections/refresh",
        m.ConnectionStreamRefreshRequestBody(
            connection_id=C, refresh_mode=m.RefreshMode.MERGE, streams=[_USERS]
        ),
    ),
    (
        "/v1/connections/refresh",
        m.ConnectionStreamRefreshRequestBody(connection_id=C, refresh_mode=m.RefreshMode.TRUNCATE),
    ),
    ("/v1/connections/status", m.ConnectionStatusesRequestBody(connection_ids=[C, W])),
    ("/v1/connections/sync_progress", m.ConnectionIdRequestBody(connection_id=C)),
    ("/v1/jobs/get_without_logs", m.JobIdRequestBody(id=f.JOB_ID)),
    (
        "/v1/jobs/list",
        m.JobListRequestBody(
            config_types=[m.JobConfigType.SYNC, m.JobConfigType.REFRESH],
            statuses=[m.JobStatus.FAILED, m.JobStatus.SUCCEEDED],
            created_at_start=_AT,
            created_at_end=_AT,
            updated_at_start=_AT,
            updated_at_end=_AT,
            order_by_field=m.JobListOrderByField.UPDATED_AT,
            order_by_method=m.JobListOrderByMethod.ASC,
            pagination=m.Pagination(page_size=50),
        ),
    ),
    (
        "/v1/jobs/list_for_workspaces",
        m.JobListForWorkspacesRequestBody(
            config_types=[m.JobConfigType.SYNC],
            workspace_ids=[W],
            statuses=[m.JobStatus.RUNNING],
            created_at_start=_AT,
            order_by_field=m.JobListOrderByField.CREATED_AT,
            order_by_method=m.JobListOrderByMethod.DESC,
            pagination=m.Pagination(page_size=20, row_offset=40),
        ),
    ),
]


@pytest.mark.parametrize(("path", "body"), MODERN_REQUESTS, ids=[p for p, _ in MODERN_REQUESTS])
@pytest.mark.parametrize("document", spec.MODERN)
def test_modern_request_bodies_fit_their_documents(path: str, body: Any, document: str) -> None:
    schema_name = spec.request_schema_name(path, document=document)
    assert schema_name is not None
    spec.validate(schema_name, encode(body), strict=True, document=document)


def test_the_modern_requests_cover_the_job_operations() -> None:
    """Every POST the 0.40 document lacks has a body here (but ``list_by_user_id``'s), and
    ``jobs/list`` with the filters only later servers read."""
    new = {path for (verb, path), (_, cells) in TABLE.items() if verb == "POST" and ABSENT in cells}
    new -= {"/v1/workspaces/list_by_user_id", "/v1/workspaces/list"}
    new -= {"/v1/web_backend/geographies/list"}
    assert {path for path, _ in MODERN_REQUESTS} == new | {"/v1/jobs/list"}


def test_version_specific_request_fields_fit_only_their_servers() -> None:
    """``geography`` is for servers before 2.0, ``dataplane_group_id`` and ``tags`` for 2.0+."""
    old = encode(m.ConnectionUpdate(connection_id=C, geography=m.Geography.EU))
    new = encode(
        m.ConnectionUpdate(
            connection_id=C,
            dataplane_group_id=UUID(mf.DATAPLANE_GROUP_ID),
            tags=[m.Tag(tag_id=UUID(mf.TAG_ID), workspace_id=W, name="prod", color="#2f6fdb")],
        )
    )
    for document in spec.DOCUMENTS:
        for body, fits in ((old, not mf.since(document, "2.0")), (new, mf.since(document, "2.0"))):
            if fits:
                spec.validate("ConnectionUpdate", body, strict=True, document=document)
            else:
                with pytest.raises(jsonschema.ValidationError):
                    spec.validate("ConnectionUpdate", body, strict=True, document=document)


@pytest.mark.parametrize("document", spec.MODERN)
def test_a_modern_catalog_goes_back_unchanged(document: str) -> None:
    """A catalog read from a 1.x/2.x server is sent back whole (mappers, generations)."""
    data = mf.connection_read(document)
    read = decode(data, m.ConnectionRead, operation="test")
    body = encode(
        m.ConnectionUpdate(connection_id=read.connection_id, sync_catalog=read.sync_catalog)
    )
    assert body["syncCatalog"] == data["syncCatalog"]
    spec.validate("ConnectionUpdate", body, strict=True, document=document)


# --- The derivation check ------------------------------------------------------------------------


def test_the_models_follow_the_documents() -> None:
    problems, unchecked = model_drift.drift()
    assert problems == []
    assert unchecked == []


def test_the_drift_check_reports_what_it_promises() -> None:
    @model
    class SourceRead:
        source_id: UUID
        source_definition_id: int
        created_at: int
        name: str | None = None
        source_nam: str | None = None

    class JobStatus(OpenStrEnum):
        PENDING = "pending"

    found = model_drift.model_drift(SourceRead)
    assert "SourceRead.createdAt: required by the model, not by 0.40, 1.0" in found
    assert "SourceRead.workspaceId: required in every document, missing from the model" in found
    assert "SourceRead.name: required in every document, optional in the model" in found
    assert "SourceRead.sourceNam: no document has this property (wire-name mismatch?)" in found
    assert (
        "SourceRead.sourceDefinitionId: the model has integer, the 2026-08 document uuid" in found
    )
    assert "JobStatus: value 'queued' (2026-08 document) is not a member" in model_drift.enum_drift(
        JobStatus
    )
    assert attrs.has(SourceRead)
