"""The OpenAPI document as the contract, for both directions of every operation the client has.

1. Every request body the client builds validates against the request schema the spec gives
   for that path (and operations without a request body send none).
2. Every response fixture validates against its schema, and each operation's reply against the
   response schema of its path; the error bodies validate against the spec's error schemas
   (minding ``../shared/spec/README.md``: the real 404 has no ``id``).
3. Decoding each fixture and encoding it back gives the same JSON: no field lost, renamed or
   retyped on real shapes (a 0.40 ``updateStream`` array comes back in the one shape the model
   has, the 1.0+ object: see :func:`in_newest_shape`).

Validation is strict: a property the schema does not declare is an error too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import attrs
import jsonschema
import orjson
import pytest
from aioresponses import aioresponses

from aioairbyte import models
from aioairbyte.converter import decode, dumps, encode
from aioairbyte.models import (
    ConnectionSchedule,
    ConnectionScheduleTimeUnit,
    ConnectionSearch,
    ConnectionStatus,
    ConnectionUpdate,
    DestinationSearch,
    Geography,
    JobConfigType,
    NonBreakingChangesPreference,
    ResourceRequirements,
    SourceSearch,
    WebBackendConnectionUpdate,
)
from tests import fixtures as f
from tests import spec
from tests.unit.test_operations import (
    BASE_URL,
    CATALOG,
    OPS,
    Op,
    body_of,
    client,
    connection_create,
    drain,
    in_newest_shape,
    only_requests,
    run,
    web_backend_connection_update,
)

CONNECTION_ID = UUID(f.CONNECTION_ID)


def model_for(schema_name: str) -> Any:
    """The model (or enum) named after a spec schema."""
    return getattr(models, schema_name)


# --- 1. Requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("o", OPS)
async def test_request_body_matches_the_spec(o: Op) -> None:
    _, call = await run(o)
    sent = body_of(call)
    request_body = spec.operation(o.path, o.method).get("requestBody")
    if request_body is None:
        assert sent is None, f"{o.path} takes no body, the client sent {sent!r}"
        return
    schema_name = spec.request_schema_name(o.path)
    assert schema_name is not None
    spec.validate(schema_name, sent, strict=True)


#: Request models beyond the ones in ``OPS``: sparse patches and searches, fully set models.
REQUEST_MODELS = [
    pytest.param(ConnectionUpdate(connection_id=CONNECTION_ID), id="ConnectionUpdate-id-only"),
    pytest.param(
        ConnectionUpdate(
            connection_id=CONNECTION_ID,
            prefix="",
            operation_ids=[],
            status=ConnectionStatus.DEPRECATED,
            notify_schema_changes=False,
            breaking_change=False,
            schedule=ConnectionSchedule(units=15, time_unit=ConnectionScheduleTimeUnit.MINUTES),
            resource_requirements=ResourceRequirements(cpu_request="1", memory_limit="2Gi"),
            sync_catalog=CATALOG,
            geography=Geography.US,
            non_breaking_changes_preference=NonBreakingChangesPreference.DISABLE,
        ),
        id="ConnectionUpdate-many",
    ),
    pytest.param(ConnectionSearch(), id="ConnectionSearch-empty"),
    pytest.param(
        ConnectionSearch(
            connection_id=CONNECTION_ID,
            name="Shop Postgres → BigQuery",
            source_id=UUID(f.SOURCE_ID),
            destination_id=UUID(f.DESTINATION_ID),
            source=SourceSearch(source_name="Postgres", connection_configuration={"port": 5432}),
            destination=DestinationSearch(
                destination_id=UUID(f.DESTINATION_ID),
                connection_configuration={"dataset_id": "shop_raw"},
            ),
        ),
        id="ConnectionSearch-many",
    ),
    pytest.param(
        WebBackendConnectionUpdate(connection_id=CONNECTION_ID, skip_reset=True),
        id="WebBackendConnectionUpdate-skip-reset",
    ),
    pytest.param(web_backend_connection_update(UUID), id="WebBackendConnectionUpdate-many"),
    pytest.param(connection_create(UUID), id="ConnectionCreate-full"),
]


@pytest.mark.parametrize("model", REQUEST_MODELS)
def test_request_models_encode_to_their_schema(model: Any) -> None:
    spec.validate(type(model).__name__, encode(model), strict=True)


async def test_job_page_requests_match_the_spec() -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/jobs/list", payload=f.job_page([3, 2], total=3))
        mocked.post(BASE_URL + "/v1/jobs/list", payload=f.job_page([1], total=3))
        async with client() as c:
            jobs = await drain(
                c.jobs.iterate(CONNECTION_ID, config_types=[JobConfigType.SYNC], page_size=2)
            )
        calls = only_requests(mocked, "POST", "/v1/jobs/list")
    assert len(jobs) == 3
    assert len(calls) == 2
    for call in calls:
        spec.validate("JobListRequestBody", body_of(call), strict=True)


@pytest.mark.parametrize(
    ("schema_name", "body"),
    [
        ("ConnectionIdRequestBody", {}),
        ("ConnectionIdRequestBody", {"connectionId": "not-a-uuid"}),
        ("ConnectionIdRequestBody", {"connection_id": f.CONNECTION_ID}),
        ("JobIdRequestBody", {"id": "1234"}),
        ("JobListRequestBody", {"configTypes": ["queued"], "configId": f.CONNECTION_ID}),
        ("ConnectionUpdate", {"connectionId": f.CONNECTION_ID, "name": None}),
        (
            "ConnectionUpdate",
            {"connectionId": f.CONNECTION_ID, "resourceRequirements": {"cpuLimit": "1"}},
        ),
    ],
    ids=["missing", "bad uuid", "snake_case key", "string id", "unknown enum", "null", "camelCase"],
)
def test_the_oracle_rejects_bad_requests(schema_name: str, body: Any) -> None:
    """The checks above could fail: the validator rejects what the client must never send."""
    with pytest.raises(jsonschema.ValidationError):
        spec.validate(schema_name, body, strict=True)


# --- 2. Responses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema_name", "factory"),
    [pytest.param(schema, factory, id=name) for name, (schema, factory) in f.RESPONSES.items()],
)
def test_response_fixture_matches_its_schema(schema_name: str, factory: Any) -> None:
    spec.validate(schema_name, factory(), strict=True)


@pytest.mark.parametrize("o", OPS)
def test_each_operation_reply_matches_the_response_schema_of_its_path(o: Op) -> None:
    schema_name = spec.response_schema_name(o.path, str(o.status), o.method)
    if schema_name is None:
        assert o.reply is None, f"{o.path} answers {o.status} without a body"
        return
    spec.validate(schema_name, o.reply, strict=True)


def test_fixtures_cover_every_response_schema_the_client_decodes() -> None:
    decoded = {
        spec.response_schema_name(o.path, str(o.status), o.method)
        for o in (p.values[0] for p in OPS)
    } - {None}
    # Exactly: a fixture for every schema the client decodes, and no fixture for anything else.
    assert decoded == {schema for schema, _ in f.RESPONSES.values()}
    assert len(decoded) == 21


@pytest.mark.parametrize(
    ("schema_name", "factory"),
    [pytest.param(schema, factory, id=name) for name, (_, schema, factory) in f.ERRORS.items()],
)
def test_error_body_matches_its_schema(schema_name: str, factory: Any) -> None:
    spec.validate(schema_name, factory(), strict=True)


def test_error_schemas_are_the_ones_the_spec_declares() -> None:
    assert spec.response_schema_name("/v1/connections/get", "404") == f.ERRORS["not_found"][1]
    assert spec.response_schema_name("/v1/connections/get", "422") == f.ERRORS["invalid_input"][1]
    # Bean validation answers 400 with the same body the spec documents for 422.
    assert f.ERRORS["bad_request"][1] == "InvalidInputExceptionInfo"
    # The spec lists no 409 nor 500 for these paths: their bodies are KnownExceptionInfo.
    responses = spec.operation("/v1/connections/sync")["responses"]
    assert "409" not in responses
    assert "500" not in spec.operation("/v1/jobs/get")["responses"]


def test_real_not_found_body_has_no_id() -> None:
    """The spec declares ``id`` on NotFoundKnownExceptionInfo; the real server never sends it."""
    body = f.not_found_body()
    assert "id" not in body
    assert "id" not in spec.schema("NotFoundKnownExceptionInfo").get("required", [])
    spec.validate("NotFoundKnownExceptionInfo", body, strict=True)
    decoded = decode(body, models.NotFoundKnownExceptionInfo, operation="test")
    assert decoded.id is None
    assert decoded.message.endswith(f"STANDARD_SYNC: {f.CONNECTION_ID}.")


@pytest.mark.parametrize(
    ("schema_name", "body"),
    [
        ("ConnectionRead", {**f.connection_read(), "status": "queued"}),
        ("ConnectionRead", {k: v for k, v in f.connection_read().items() if k != "breakingChange"}),
        ("JobInfoRead", {**f.job_info_read(), "attempts": None}),
        ("JobRead", {**f.job_read(), "createdAt": "1700000000"}),
        ("AirbyteStream", f.sync_catalog()["streams"][0]["stream"] | {"json_schema": {}}),
        ("WebBackendConnectionRead", {**f.web_backend_connection_read(), "breakingChange": False}),
        ("InvalidInputExceptionInfo", {"message": "x"}),
    ],
    ids=[
        "unknown enum",
        "missing required",
        "null array",
        "string time",
        "undeclared key",
        "strict: undeclared",
        "no validationErrors",
    ],
)
def test_the_oracle_rejects_bad_responses(schema_name: str, body: Any) -> None:
    with pytest.raises(jsonschema.ValidationError):
        spec.validate(schema_name, body, strict=True)


def test_the_oracle_reads_the_json_schema_typo_as_the_real_key() -> None:
    """The spec's AirbyteStream.required typo (json_schema) is read as jsonSchema."""
    stream = f.sync_catalog()["streams"][0]["stream"]
    spec.validate("AirbyteStream", stream, strict=True)
    del stream["jsonSchema"]
    with pytest.raises(jsonschema.ValidationError, match="jsonSchema"):
        spec.validate("AirbyteStream", stream)


# --- 3. Round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema_name", "factory"),
    [pytest.param(schema, factory, id=name) for name, (schema, factory) in f.RESPONSES.items()],
)
def test_response_fixture_round_trips(schema_name: str, factory: Any) -> None:
    data = factory()
    decoded = decode(data, model_for(schema_name), operation="test")
    assert encode(decoded) == in_newest_shape(data)
    assert orjson.loads(dumps(decoded)) == in_newest_shape(data)
    # Decoding did not alter the parsed input either.
    assert data == factory()


def test_a_0_40_update_stream_is_read_as_the_newer_object() -> None:
    data = f.web_backend_connection_read()
    decoded = decode(data, models.WebBackendConnectionRead, operation="test")
    assert decoded.catalog_diff is not None
    update = decoded.catalog_diff.transforms[0].update_stream
    assert update is not None
    expected = data["catalogDiff"]["transforms"][0]["updateStream"]
    assert [t.field_name for t in update.field_transforms] == [t["fieldName"] for t in expected]
    assert update.stream_attribute_transforms == []
    newest = in_newest_shape(data)
    for document in spec.MODERN:
        spec.validate("CatalogDiff", newest["catalogDiff"], strict=True, document=document)


@pytest.mark.parametrize(
    ("schema_name", "factory"),
    [
        pytest.param(schema, factory, id=name)
        for name, (_, schema, factory) in f.ERRORS.items()
        if hasattr(models, schema)
    ],
)
def test_error_body_round_trips(schema_name: str, factory: Any) -> None:
    data = factory()
    decoded = decode(data, model_for(schema_name), operation="test")
    assert attrs.has(type(decoded))
    assert encode(decoded) == data
