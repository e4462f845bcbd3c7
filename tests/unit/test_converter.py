"""The converter: renames, absent-is-not-null, open enums, strictness, and round trips."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aioairbyte import models as m
from aioairbyte.converter import converter, decode, dumps, encode, explain
from aioairbyte.errors import AirbyteError, InvalidArgumentError, ResponseValidationError
from tests.strategies import ENUM_CLASSES, MODEL_CLASSES, model_strategy

OP = "POST /v1/jobs/get"
CID = uuid.UUID("9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11")


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_every_model_round_trips_through_json(cls: type[Any], data: st.DataObject) -> None:
    value = data.draw(model_strategy(cls))
    wire = orjson.loads(dumps(value))
    assert decode(wire, cls, operation=OP) == value


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_every_model_omits_absent_fields(cls: type[Any], data: st.DataObject) -> None:
    value = data.draw(model_strategy(cls))
    assert _has_no_nulls_from_fields(encode(value), value)


def _has_no_nulls_from_fields(wire: Any, value: Any) -> bool:
    # None never reaches the wire from a model field (free-form JSON may hold nulls of its own).
    import attrs

    if attrs.has(type(value)):
        from aioairbyte.converter import wire_name

        for field in attrs.fields(type(value)):
            key = wire_name(field)
            inner = getattr(value, field.name)
            if inner is None:
                if key in wire:
                    return False
            elif not _has_no_nulls_from_fields(wire[key], inner):
                return False
    elif isinstance(value, list):
        return all(_has_no_nulls_from_fields(w, v) for w, v in zip(wire, value, strict=True))
    return True


@pytest.mark.parametrize("cls", ENUM_CLASSES, ids=lambda c: c.__name__)
def test_every_enum_accepts_unknown_values(cls: type[m.OpenStrEnum]) -> None:
    value = converter.structure("brand_new_value", cls)
    assert isinstance(value, cls)
    assert value == "brand_new_value"
    assert value.value == "brand_new_value"
    assert value.is_known is False
    assert converter.unstructure(value) == "brand_new_value"
    known = next(iter(cls))
    assert converter.structure(known.value, cls) is known
    assert known.is_known


def test_queued_job_status_decodes_and_is_not_terminal() -> None:
    # ``queued`` (2026-08) is a member now: known, and a job in it is still to run.
    job = decode(_job(status="queued"), m.JobRead, operation=OP)
    assert job.status is m.JobStatus.QUEUED
    assert job.status.is_known
    assert not job.status.is_terminal
    # A status no document has yet decodes all the same: unknown, hence not terminal.
    job = decode(_job(status="waiting_for_capacity"), m.JobRead, operation=OP)
    assert job.status == "waiting_for_capacity"
    assert isinstance(job.status, m.JobStatus)
    assert not job.status.is_known
    assert not job.status.is_terminal
    assert m.JobStatus.SUCCEEDED.is_terminal
    assert m.JobStatus.CANCELLED.is_terminal
    assert m.JobStatus.FAILED.is_terminal
    assert not m.JobStatus.INCOMPLETE.is_terminal
    assert not m.JobStatus.PENDING.is_terminal


def _job(**overrides: Any) -> dict[str, Any]:
    job = {
        "id": 12,
        "configType": "sync",
        "configId": str(CID),
        "createdAt": 1_700_000_000,
        "updatedAt": 1_700_000_060,
        "status": "running",
    }
    job.update(overrides)
    return job


def test_camel_case_keys_map_to_snake_case_attributes() -> None:
    job = decode(_job(startedAt=1_700_000_001), m.JobRead, operation=OP)
    assert job.config_type is m.JobConfigType.SYNC
    assert job.created_at == 1_700_000_000
    assert job.started_at == 1_700_000_001
    assert encode(job)["configType"] == "sync"


def test_declared_wire_names_keep_the_spec_spelling() -> None:
    req = m.ResourceRequirements(cpu_limit="2", memory_request="1Gi")
    assert encode(req) == {"cpu_limit": "2", "memory_request": "1Gi"}
    state = decode({"shared_state": {"x": 1}, "streamStates": []}, m.GlobalState, operation=OP)
    assert state.shared_state == {"x": 1}


def test_unknown_fields_are_ignored() -> None:
    job = decode(_job(brandNewField={"a": 1}, queuePosition=3), m.JobRead, operation=OP)
    assert job.id == 12


def test_free_form_json_keys_are_never_renamed() -> None:
    schema = {"type": "object", "properties": {"user_id": {"type": "integer"}, "firstName": {}}}
    stream = decode(
        {"name": "users", "jsonSchema": schema, "supportedSyncModes": ["full_refresh"]},
        m.AirbyteStream,
        operation=OP,
    )
    assert stream.json_schema == schema
    assert encode(stream)["jsonSchema"] == schema


def test_uuids_decode_to_uuid() -> None:
    read = decode({"connectionId": str(CID)}, m.ConnectionIdRequestBody, operation=OP)
    assert read.connection_id == CID
    assert isinstance(read.connection_id, uuid.UUID)


def test_patch_sends_only_fields_set() -> None:
    update = m.ConnectionUpdate(
        connection_id=CID, name="renamed", status=m.ConnectionStatus.INACTIVE
    )
    assert encode(update) == {"connectionId": str(CID), "name": "renamed", "status": "inactive"}
    # An empty list is a value the caller set (clear the operations), unlike None (leave them).
    cleared = m.ConnectionUpdate(connection_id=CID, operation_ids=[])
    assert encode(cleared) == {"connectionId": str(CID), "operationIds": []}


def test_datetime_views() -> None:
    job = decode(_job(startedAt=1_700_000_030), m.JobRead, operation=OP)
    assert job.created_at_datetime == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert job.started_at_datetime == datetime(2023, 11, 14, 22, 13, 50, tzinfo=UTC)
    reason = m.AttemptFailureReason(timestamp=1_700_000_000_500)
    assert reason.timestamp_datetime == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=UTC)
    attempt = m.AttemptRead(id=0, status=m.AttemptStatus.RUNNING, created_at=0, updated_at=0)
    assert attempt.ended_at_datetime is None


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (_job(id="12"), "expected an integer, got str @ $.id"),
        (_job(id=True), "expected an integer, got bool @ $.id"),
        (_job(id=1.5), "expected an integer, got float @ $.id"),
        (_job(configId=None), "expected a string, got NoneType @ $.configId"),
        (_job(status=3), "expected a string, got int @ $.status"),
        (
            {k: v for k, v in _job().items() if k != "createdAt"},
            "required field missing @ $.createdAt",
        ),
        (
            _job(resetConfig={"streamsToReset": "users"}),
            "expected a list, got str @ $.resetConfig.streamsToReset",
        ),
        (
            _job(resetConfig={"streamsToReset": [{"name": "a"}, {"namespace": "x"}]}),
            "required field missing @ $.resetConfig.streamsToReset[1].name",
        ),
        ([], "expected a JSON object, got list @ $"),
        (None, "expected a JSON object, got NoneType @ $"),
    ],
)
def test_mismatch_raises_typed_error_with_wire_path(payload: Any, problem: str) -> None:
    with pytest.raises(ResponseValidationError) as info:
        decode(payload, m.JobRead, operation=OP)
    assert info.value.operation == OP
    assert problem in info.value.problems
    assert str(info.value).startswith(f"{OP}: response does not match the model")


def test_bool_is_strict() -> None:
    with pytest.raises(ResponseValidationError) as info:
        decode({"available": "false"}, m.HealthCheckRead, operation="GET /v1/health")
    assert info.value.problems == ["expected a boolean, got str @ $.available"]


def test_bad_uuid_in_response() -> None:
    with pytest.raises(ResponseValidationError) as info:
        decode({"connectionId": "nope"}, m.ConnectionIdRequestBody, operation=OP)
    assert info.value.problems[0].endswith("@ $.connectionId")


def test_many_problems_are_summarised() -> None:
    with pytest.raises(ResponseValidationError) as info:
        decode({}, m.JobRead, operation=OP)
    assert len(info.value.problems) == 6
    assert "(+1 more)" in str(info.value)


def test_explain_on_valid_data_is_a_fallback() -> None:
    assert explain(_job(), m.JobRead) == ["does not match the model"]


def test_encode_rejects_bad_uuid_in_request() -> None:
    bad = m.ConnectionIdRequestBody(connection_id="not-a-uuid")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError) as info:
        encode(bad)
    assert isinstance(info.value, AirbyteError)
    assert "ConnectionIdRequestBody" in str(info.value)


def test_encode_accepts_uuid_string_in_request() -> None:
    body = m.ConnectionIdRequestBody(connection_id=str(CID))  # type: ignore[arg-type]
    assert encode(body) == {"connectionId": str(CID)}


def test_encode_leaves_enum_members_that_write_as_their_value() -> None:
    waiting = m.JobStatus("waiting_for_capacity")  # a pseudo-member, unknown to the client
    assert not waiting.is_known
    stream = m.AirbyteStream(
        name="users",
        json_schema={"type": "object"},
        supported_sync_modes=[m.SyncMode.FULL_REFRESH, m.SyncMode.INCREMENTAL],
    )
    encoded = encode(stream)

    assert encoded["supportedSyncModes"] == ["full_refresh", "incremental"]
    assert orjson.loads(dumps(stream))["supportedSyncModes"] == ["full_refresh", "incremental"]
    assert orjson.dumps([waiting]) == b'["waiting_for_capacity"]'
    assert orjson.dumps([m.JobStatus.QUEUED]) == b'["queued"]'
    assert decode(encoded, m.AirbyteStream, operation=OP) == stream


@pytest.mark.parametrize("bad", [["full_refresh", 3], [None], "full"])
def test_encode_still_checks_enum_lists(bad: Any) -> None:
    stream = m.AirbyteStream(name="users", json_schema={}, supported_sync_modes=bad)
    with pytest.raises(InvalidArgumentError):
        encode(stream)


def test_models_are_frozen_and_keyword_only() -> None:
    import attrs

    job = decode(_job(), m.JobRead, operation=OP)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        job.id = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        m.ConnectionIdRequestBody(CID)  # type: ignore[misc]
    assert attrs.evolve(job, id=3).id == 3
