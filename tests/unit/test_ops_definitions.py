"""``client.source_definitions`` and ``client.destination_definitions`` against a mocked server.

For every method: the URL, the exact body, the decoded result (types down the tree), an error
answer mapped to its exception and the argument checks that fail before any request; then the
grant shapes of 0.40 and 2.x servers, and the contract of every request and response model.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

import pytest
from aioresponses import aioresponses

from aioairbyte import (
    BadRequestError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    UnprocessableEntityError,
)
from aioairbyte.converter import encode
from aioairbyte.models import (
    AdvancedAuthAuthFlowType,
    CustomDestinationDefinitionCreate,
    CustomSourceDefinitionCreate,
    DestinationDefinitionCreate,
    DestinationDefinitionRead,
    DestinationDefinitionSpecificationRead,
    DestinationDefinitionUpdate,
    DestinationSyncMode,
    PrivateDestinationDefinitionRead,
    PrivateSourceDefinitionRead,
    ReleaseStage,
    ScopedResourceRequirements,
    ScopeType,
    SourceDefinitionCreate,
    SourceDefinitionRead,
    SourceDefinitionReadSourceType,
    SourceDefinitionSpecificationRead,
    SourceDefinitionUpdate,
)
from aioairbyte.models.connections import ResourceRequirements
from aioairbyte.simulator import seed
from aioairbyte.simulator.connector_specs import DESTINATION_SPECIFICATIONS, SOURCE_SPECIFICATIONS
from aioairbyte.simulator.connectors import modern_destination, modern_source
from tests import spec

from .test_operations import BASE_URL, assert_types, body_of, client, only_requests

WS = "aa6e1b58-8b5a-4b5e-9d0c-5a0e2cbd9a11"
ORG = "00000000-0000-0000-0000-000000000000"
SRC = "decd338e-5647-4c0b-adf4-da0e75f5a750"  # Postgres
SHEETS = "71607ba1-c0ac-4799-8049-7f4b90dd50f7"
DST = "22f6c74f-5699-40ff-833c-4a879ea40133"  # BigQuery
SOURCE_READ = seed.SOURCE_DEFINITIONS[SRC]
DESTINATION_READ = seed.DESTINATION_DEFINITIONS[DST]
JOB = {
    "id": "5a8ca0e3-2ba5-4d8a-8bbd-3e52d9b86a3d",
    "configType": "get_spec",
    "createdAt": 1700000000000,
    "endedAt": 1700000000000,
    "succeeded": True,
    "logs": {"logLines": []},
}
SOURCE_SPEC = {
    "sourceDefinitionId": SHEETS,
    "documentationUrl": SOURCE_SPECIFICATIONS[SHEETS]["documentationUrl"],
    "connectionSpecification": SOURCE_SPECIFICATIONS[SHEETS]["connectionSpecification"],
    "advancedAuth": SOURCE_SPECIFICATIONS[SHEETS]["advancedAuth"],
    "jobInfo": JOB,
}
DESTINATION_SPEC = {
    "destinationDefinitionId": DST,
    "documentationUrl": DESTINATION_SPECIFICATIONS[DST]["documentationUrl"],
    "connectionSpecification": DESTINATION_SPECIFICATIONS[DST]["connectionSpecification"],
    "jobInfo": JOB,
    "supportedDestinationSyncModes": ["overwrite", "append", "append_dedup"],
}
REQUIREMENTS = ScopedResourceRequirements(default=ResourceRequirements(memory_limit="2Gi"))


def _source_create(**owner: Any) -> CustomSourceDefinitionCreate:
    return CustomSourceDefinitionCreate(
        source_definition=SourceDefinitionCreate(
            name="Acme",
            docker_repository="acme/source-acme",
            docker_image_tag="1.0.0",
            documentation_url="https://example.com/docs",
        ),
        **owner,
    )


def _destination_create(**owner: Any) -> CustomDestinationDefinitionCreate:
    return CustomDestinationDefinitionCreate(
        destination_definition=DestinationDefinitionCreate(
            name="Acme",
            docker_repository="acme/destination-acme",
            docker_image_tag="1.0.0",
            documentation_url="https://example.com/docs",
            resource_requirements=REQUIREMENTS,
        ),
        **owner,
    )


_CREATE_SOURCE_BODY = {
    "sourceDefinition": {
        "name": "Acme",
        "dockerRepository": "acme/source-acme",
        "dockerImageTag": "1.0.0",
        "documentationUrl": "https://example.com/docs",
    },
    "workspaceId": WS,
}
_CREATE_DESTINATION_BODY = {
    "destinationDefinition": {
        "name": "Acme",
        "dockerRepository": "acme/destination-acme",
        "dockerImageTag": "1.0.0",
        "documentationUrl": "https://example.com/docs",
        "resourceRequirements": {"default": {"memory_limit": "2Gi"}},
    },
    "workspaceId": WS,
}

# (namespace, method, args, kwargs, path, body sent, answer, request schema, response schema)
S = "source_definitions"
D = "destination_definitions"
CASES: list[tuple[str, str, tuple[Any, ...], dict[str, Any], str, Any, Any, str | None, str]] = [
    (S, "list", (), {}, "/v1/source_definitions/list", None,
     {"sourceDefinitions": [SOURCE_READ]}, None, "SourceDefinitionReadList"),
    (S, "list_latest", (), {}, "/v1/source_definitions/list_latest", None,
     {"sourceDefinitions": [SOURCE_READ]}, None, "SourceDefinitionReadList"),
    (S, "list_for_workspace", (WS,), {}, "/v1/source_definitions/list_for_workspace",
     {"workspaceId": WS}, {"sourceDefinitions": [SOURCE_READ]}, "WorkspaceIdRequestBody",
     "SourceDefinitionReadList"),
    (S, "list_private", (UUID(WS),), {}, "/v1/source_definitions/list_private",
     {"workspaceId": WS},
     {"sourceDefinitions": [{"sourceDefinition": SOURCE_READ, "granted": False}]},
     "WorkspaceIdRequestBody", "PrivateSourceDefinitionReadList"),
    (S, "get", (SRC,), {}, "/v1/source_definitions/get", {"sourceDefinitionId": SRC},
     SOURCE_READ, "SourceDefinitionIdRequestBody", "SourceDefinitionRead"),
    (S, "get_for_workspace", (SRC, WS), {}, "/v1/source_definitions/get_for_workspace",
     {"sourceDefinitionId": SRC, "workspaceId": WS}, SOURCE_READ,
     "SourceDefinitionIdWithWorkspaceId", "SourceDefinitionRead"),
    (S, "create_custom", (_source_create(workspace_id=UUID(WS)),), {},
     "/v1/source_definitions/create_custom", _CREATE_SOURCE_BODY, SOURCE_READ,
     "CustomSourceDefinitionCreate", "SourceDefinitionRead"),
    (S, "update",
     (SourceDefinitionUpdate(source_definition_id=UUID(SRC), docker_image_tag="3.3.0"),),
     {}, "/v1/source_definitions/update", {"sourceDefinitionId": SRC, "dockerImageTag": "3.3.0"},
     SOURCE_READ, "SourceDefinitionUpdate", "SourceDefinitionRead"),
    (S, "delete", (SRC,), {}, "/v1/source_definitions/delete", {"sourceDefinitionId": SRC},
     None, "SourceDefinitionIdRequestBody", ""),
    (S, "grant_definition", (SRC, WS), {}, "/v1/source_definitions/grant_definition",
     {"sourceDefinitionId": SRC, "workspaceId": WS},
     {"sourceDefinition": SOURCE_READ, "granted": True}, "SourceDefinitionIdWithWorkspaceId",
     "PrivateSourceDefinitionRead"),
    (S, "revoke_definition", (SRC, WS), {}, "/v1/source_definitions/revoke_definition",
     {"sourceDefinitionId": SRC, "workspaceId": WS}, None, "SourceDefinitionIdWithWorkspaceId", ""),
    (S, "get_specification", (SHEETS, WS), {}, "/v1/source_definition_specifications/get",
     {"sourceDefinitionId": SHEETS, "workspaceId": WS}, SOURCE_SPEC,
     "SourceDefinitionIdWithWorkspaceId", "SourceDefinitionSpecificationRead"),
    (D, "list", (), {}, "/v1/destination_definitions/list", None,
     {"destinationDefinitions": [DESTINATION_READ]}, None, "DestinationDefinitionReadList"),
    (D, "list_latest", (), {}, "/v1/destination_definitions/list_latest", None,
     {"destinationDefinitions": [DESTINATION_READ]}, None, "DestinationDefinitionReadList"),
    (D, "list_for_workspace", (WS,), {"filter_by_used": True},
     "/v1/destination_definitions/list_for_workspace", {"workspaceId": WS, "filterByUsed": True},
     {"destinationDefinitions": [DESTINATION_READ]}, "WorkspaceIdActorDefinitionRequestBody",
     "DestinationDefinitionReadList"),
    (D, "list_private", (WS,), {}, "/v1/destination_definitions/list_private",
     {"workspaceId": WS},
     {"destinationDefinitions": [{"destinationDefinition": DESTINATION_READ, "granted": True}]},
     "WorkspaceIdRequestBody", "PrivateDestinationDefinitionReadList"),
    (D, "get", (DST,), {}, "/v1/destination_definitions/get", {"destinationDefinitionId": DST},
     DESTINATION_READ, "DestinationDefinitionIdRequestBody", "DestinationDefinitionRead"),
    (D, "get_for_workspace", (DST, UUID(WS)), {}, "/v1/destination_definitions/get_for_workspace",
     {"destinationDefinitionId": DST, "workspaceId": WS}, DESTINATION_READ,
     "DestinationDefinitionIdWithWorkspaceId", "DestinationDefinitionRead"),
    (D, "create_custom", (_destination_create(workspace_id=UUID(WS)),), {},
     "/v1/destination_definitions/create_custom", _CREATE_DESTINATION_BODY, DESTINATION_READ,
     "CustomDestinationDefinitionCreate", "DestinationDefinitionRead"),
    (D, "update", (DestinationDefinitionUpdate(destination_definition_id=UUID(DST),
                                               docker_image_tag="2.4.0",
                                               resource_requirements=REQUIREMENTS),),
     {}, "/v1/destination_definitions/update",
     {"destinationDefinitionId": DST, "dockerImageTag": "2.4.0",
      "resourceRequirements": {"default": {"memory_limit": "2Gi"}}},
     DESTINATION_READ, "DestinationDefinitionUpdate", "DestinationDefinitionRead"),
    (D, "delete", (DST,), {}, "/v1/destination_definitions/delete",
     {"destinationDefinitionId": DST}, None, "DestinationDefinitionIdRequestBody", ""),
    (D, "grant_definition", (DST, WS), {}, "/v1/destination_definitions/grant_definition",
     {"destinationDefinitionId": DST, "workspaceId": WS},
     {"destinationDefinition": DESTINATION_READ, "granted": True},
     "DestinationDefinitionIdWithWorkspaceId", "PrivateDestinationDefinitionRead"),
    (D, "revoke_definition", (DST, WS), {}, "/v1/destination_definitions/revoke_definition",
     {"destinationDefinitionId": DST, "workspaceId": WS}, None,
     "DestinationDefinitionIdWithWorkspaceId", ""),
    (D, "get_specification", (DST, WS), {}, "/v1/destination_definition_specifications/get",
     {"destinationDefinitionId": DST, "workspaceId": WS}, DESTINATION_SPEC,
     "DestinationDefinitionIdWithWorkspaceId", "DestinationDefinitionSpecificationRead"),
]  # fmt: skip
_IDS = [f"{case[0]}.{case[1]}" for case in CASES]


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
    items = result if isinstance(result, list) else [result]
    assert items
    for item in items:
        read = getattr(item, "source_definition", None) or getattr(
            item, "destination_definition", item
        )
        if isinstance(read, SourceDefinitionRead):
            assert read.source_definition_id == UUID(SRC)
            assert read.release_stage is ReleaseStage.GENERALLY_AVAILABLE
            assert read.source_type is SourceDefinitionReadSourceType.DATABASE
        elif isinstance(read, DestinationDefinitionRead):
            assert read.destination_definition_id == UUID(DST)
            assert read.supports_dbt is True
            assert read.normalization_config is not None
            assert read.normalization_config.normalization_integration_type == "bigquery"


async def test_specifications_decode() -> None:
    with aioresponses() as mocked:
        mocked.post(BASE_URL + "/v1/source_definition_specifications/get", payload=SOURCE_SPEC)
        mocked.post(
            BASE_URL + "/v1/destination_definition_specifications/get", payload=DESTINATION_SPEC
        )
        async with client() as c:
            source = await c.source_definitions.get_specification(SHEETS, WS)
            destination = await c.destination_definitions.get_specification(DST, WS)
    assert isinstance(source, SourceDefinitionSpecificationRead)
    assert source.advanced_auth is not None
    assert source.advanced_auth.auth_flow_type is AdvancedAuthAuthFlowType.OAUTH2_0
    assert source.advanced_auth.predicate_key == ["credentials", "auth_type"]
    oauth = source.advanced_auth.oauth_config_specification
    assert oauth is not None
    assert oauth.complete_oauth_output_specification is not None
    assert "refresh_token" in oauth.complete_oauth_output_specification["properties"]
    assert source.connection_specification is not None
    assert source.connection_specification["required"] == ["spreadsheet_id", "credentials"]
    assert source.job_info.succeeded
    assert isinstance(destination, DestinationDefinitionSpecificationRead)
    assert destination.supported_destination_sync_modes == [
        DestinationSyncMode.OVERWRITE,
        DestinationSyncMode.APPEND,
        DestinationSyncMode.APPEND_DEDUP,
    ]


# -- errors ----------------------------------------------------------------------------------

_NOT_FOUND = {
    "message": f"Internal Server Error: Could not find configuration for "
    f"STANDARD_SOURCE_DEFINITION: {SRC}.",
    "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
}


@pytest.mark.parametrize("case", CASES, ids=_IDS)
async def test_error_answers(case: Any) -> None:
    namespace, method, args, kwargs, path, *_ = case
    status, error = (
        (422, UnprocessableEntityError) if method == "create_custom" else (404, NotFoundError)
    )
    payload = {**_NOT_FOUND, "validationErrors": []} if status == 422 else _NOT_FOUND
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=status, payload=payload)
        async with client() as c:
            with pytest.raises(error) as caught:
                await getattr(getattr(c, namespace), method)(*args, **kwargs)
    assert caught.value.status == status


# -- argument checks -------------------------------------------------------------------------


def _bad_calls(namespace: str) -> list[tuple[str, tuple[Any, ...], dict[str, Any], type]]:
    kind = namespace.split("_")[0]
    create = _source_create if kind == "source" else _destination_create
    update_cls = SourceDefinitionUpdate if kind == "source" else DestinationDefinitionUpdate
    return [
        ("list_for_workspace", ("nope",), {}, InvalidArgumentError),
        ("list_for_workspace", (WS,), {"filter_by_used": "yes"}, InvalidArgumentTypeError),
        ("list_private", (42,), {}, InvalidArgumentTypeError),
        ("get", ("nope",), {}, InvalidArgumentError),
        ("get", (None,), {}, InvalidArgumentTypeError),
        ("get_for_workspace", (SRC, "nope"), {}, InvalidArgumentError),
        ("create_custom", ({"workspaceId": WS},), {}, InvalidArgumentTypeError),
        ("create_custom", (create(),), {}, InvalidArgumentError),
        ("create_custom", (create(scope_id=UUID(WS)),), {}, InvalidArgumentError),
        ("update", (update_cls,), {}, InvalidArgumentTypeError),
        ("delete", ("nope",), {}, InvalidArgumentError),
        ("grant_definition", (SRC,), {}, InvalidArgumentError),
        ("grant_definition", (SRC, WS), {"organization_id": ORG}, InvalidArgumentError),
        ("grant_definition", (SRC,), {"organization_id": "nope"}, InvalidArgumentError),
        ("revoke_definition", ("nope", WS), {}, InvalidArgumentError),
        ("revoke_definition", (SRC,), {}, InvalidArgumentError),
        ("get_specification", (SRC, 7), {}, InvalidArgumentTypeError),
    ]


@pytest.mark.parametrize("namespace", [S, D])
async def test_arguments_checked_before_any_request(namespace: str) -> None:
    with aioresponses() as mocked:
        async with client() as c:
            for method, args, kwargs, error in _bad_calls(namespace):
                with pytest.raises(error):
                    await getattr(getattr(c, namespace), method)(*args, **kwargs)
        assert not mocked.requests


# -- grants: the 0.40 shape, then the scoped one ---------------------------------------------


@pytest.mark.parametrize("kind", ["source", "destination"])
async def test_grants_fall_back_to_the_scoped_shape(kind: str) -> None:
    path = f"/v1/{kind}_definitions/grant_definition"
    definition = SRC if kind == "source" else DST
    read = SOURCE_READ if kind == "source" else DESTINATION_READ
    answer = {f"{kind}Definition": read, "granted": True}
    scoped = {"actorDefinitionId": definition, "scopeId": WS, "scopeType": "workspace"}
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=400, payload={"errorId": "e"})
        mocked.post(BASE_URL + path, payload=answer)
        mocked.post(BASE_URL + path, payload=answer)
        mocked.post(BASE_URL + f"/v1/{kind}_definitions/revoke_definition", status=204)
        async with client() as c:
            namespace = getattr(c, f"{kind}_definitions")
            granted = await namespace.grant_definition(definition, WS)
            await namespace.grant_definition(definition, workspace_id=WS)
            await namespace.revoke_definition(definition, WS)
        calls = list(mocked.requests.values())
    grants, revokes = calls
    assert [body_of(call) for call in grants] == [
        {f"{kind}DefinitionId": definition, "workspaceId": WS},
        scoped,
        scoped,
    ]
    assert [body_of(call) for call in revokes] == [scoped]
    expected = PrivateSourceDefinitionRead if kind == "source" else PrivateDestinationDefinitionRead
    assert isinstance(granted, expected)
    spec.validate("ActorDefinitionIdWithScope", scoped, strict=True, document="2.0")


async def test_organization_grants_are_scoped_at_once() -> None:
    path = "/v1/source_definitions/revoke_definition"
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=204)
        async with client() as c:
            await c.source_definitions.revoke_definition(SRC, organization_id=ORG)
        (call,) = only_requests(mocked, "POST", path)
    assert body_of(call) == {"actorDefinitionId": SRC, "scopeId": ORG, "scopeType": "organization"}


async def test_a_400_of_a_scoped_grant_is_raised() -> None:
    path = "/v1/source_definitions/grant_definition"
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, status=400, payload={"errorId": "e"})
        async with client() as c:
            with pytest.raises(BadRequestError):
                await c.source_definitions.grant_definition(SRC, organization_id=ORG)


# -- contract: request bodies and answers against the documents ------------------------------


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_contract_0_40(case: Any) -> None:
    *_, sent, answer, request_schema, response_schema = case
    if request_schema == "WorkspaceIdActorDefinitionRequestBody":
        spec.validate(request_schema, sent, strict=True, document="2.0")
    elif request_schema is not None:
        spec.validate(request_schema, sent, strict=True)
    if answer is not None:
        spec.validate(response_schema, answer, strict=True)


def test_contract_modern_bodies() -> None:
    scoped = _source_create(scope_id=UUID(WS), scope_type=ScopeType.WORKSPACE)
    update = DestinationDefinitionUpdate(
        destination_definition_id=UUID(DST),
        docker_image_tag="2.4.0",
        workspace_id=UUID(WS),
        name="Renamed",
    )
    source_update = SourceDefinitionUpdate(
        source_definition_id=UUID(SRC), docker_image_tag="3.3.0", workspace_id=UUID(WS)
    )
    for document in ("2.0", "2026-08"):
        spec.validate(
            "CustomSourceDefinitionCreate", encode(scoped), strict=True, document=document
        )
        spec.validate("DestinationDefinitionUpdate", encode(update), strict=True, document=document)
        spec.validate(
            "SourceDefinitionUpdate", encode(source_update), strict=True, document=document
        )
        for name, read in (
            ("SourceDefinitionRead", modern_source(SOURCE_READ, custom=False)),
            ("DestinationDefinitionRead", modern_destination(DESTINATION_READ, custom=True)),
        ):
            spec.validate(name, read, strict=True, document=document)
        modern_spec = {
            **copy.deepcopy(SOURCE_SPEC),
            "advancedAuthGlobalCredentialsAvailable": False,
        }
        spec.validate(
            "SourceDefinitionSpecificationRead", modern_spec, strict=True, document=document
        )
    # The 0.40 document's dockerImageag typo is patched: the real body has dockerImageTag.
    spec.validate(
        "DestinationDefinitionUpdate",
        {"destinationDefinitionId": DST, "dockerImageTag": "2.4.0"},
        strict=True,
    )


async def test_modern_reads_decode() -> None:
    path = "/v1/destination_definitions/get"
    with aioresponses() as mocked:
        mocked.post(BASE_URL + path, payload=modern_destination(DESTINATION_READ, custom=True))
        async with client() as c:
            read = await c.destination_definitions.get(DST)
    assert read.custom is True
    assert read.supports_dbt is None
    assert read.normalization_config is None
    assert read.supports_data_activation is False
