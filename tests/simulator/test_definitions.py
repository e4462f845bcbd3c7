"""Definitions and specifications: the simulator's records, the validator and masking of
connector configurations (:mod:`aioairbyte.simulator.connectors`), and the served operations
of both profiles."""

from __future__ import annotations

from typing import Any

import pytest

from aioairbyte.simulator import SimulatorConfig, seed
from aioairbyte.simulator.backend import Backend
from aioairbyte.simulator.clock import ManualClock
from aioairbyte.simulator.connectors import (
    SECRET_MASK,
    Definitions,
    configuration_errors,
    invalid_configuration,
    mask_secrets,
)
from aioairbyte.simulator.errors import ApiError
from aioairbyte.simulator.stats import Stats

from .conftest import Api, open_api
from .modern_api import APPLICATION, open_modern

POSTGRES = "decd338e-5647-4c0b-adf4-da0e75f5a750"
STRIPE = "e094cb9a-26de-4645-8761-65c0c425d1de"
SHEETS = "71607ba1-c0ac-4799-8049-7f4b90dd50f7"
BIGQUERY = "22f6c74f-5699-40ff-833c-4a879ea40133"
SNOWFLAKE = "424892c4-daac-4491-b35d-c6688ba547ba"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _backend(**kwargs: Any) -> Backend:
    return Backend(SimulatorConfig(clock=ManualClock(), **kwargs), ManualClock(), Stats())


@pytest.fixture(scope="module")
def definitions() -> Definitions:
    return _backend().family(Definitions)


def _postgres(definitions: Definitions) -> dict[str, Any]:
    return definitions.source_specification(POSTGRES)["connectionSpecification"]


# -- connectors.Definitions ------------------------------------------------------------------


def test_reads_are_the_seeded_definitions(definitions: Definitions) -> None:
    assert definitions.source(POSTGRES) == seed.SOURCE_DEFINITIONS[POSTGRES]
    assert definitions.destination(BIGQUERY) == seed.DESTINATION_DEFINITIONS[BIGQUERY]
    assert definitions.source(POSTGRES.upper())["name"] == "Postgres"


@pytest.mark.parametrize("kind", ["source", "destination"])
def test_unknown_definition_is_the_real_404(definitions: Definitions, kind: str) -> None:
    with pytest.raises(ApiError) as caught:
        getattr(definitions, kind)(UNKNOWN)
    assert caught.value.status == 404
    config_type = f"STANDARD_{kind.upper()}_DEFINITION"
    assert caught.value.body["message"] == (
        f"Internal Server Error: Could not find configuration for {config_type}: {UNKNOWN}."
    )
    with pytest.raises(ApiError):
        getattr(definitions, f"{kind}_specification")(UNKNOWN)


def test_every_seeded_definition_has_a_specification(definitions: Definitions) -> None:
    for definition_id in seed.SOURCE_DEFINITIONS:
        spec = definitions.source_specification(definition_id)
        assert spec["documentationUrl"].startswith("https://docs.airbyte.com/")
        assert spec["connectionSpecification"]["type"] == "object"
    for definition_id in seed.DESTINATION_DEFINITIONS:
        spec = definitions.destination_specification(definition_id)
        assert spec["supported_destination_sync_modes"]


def test_seeded_configurations_validate() -> None:
    b = _backend()
    definitions = b.family(Definitions)
    for source in b.store.sources.values():
        spec = definitions.source_specification(source["sourceDefinitionId"])
        config = source["connectionConfiguration"]
        assert configuration_errors(spec["connectionSpecification"], config) == []
    for destination in b.store.destinations.values():
        spec = definitions.destination_specification(destination["destinationDefinitionId"])
        config = destination["connectionConfiguration"]
        assert configuration_errors(spec["connectionSpecification"], config) == []


def test_oauth_connectors_have_advanced_auth(definitions: Definitions) -> None:
    sheets = definitions.source_specification(SHEETS)["advancedAuth"]
    assert sheets["authFlowType"] == "oauth2.0"
    assert sheets["predicateKey"] == ["credentials", "auth_type"]
    assert sheets["predicateValue"] == "Client"
    output = sheets["oauthConfigSpecification"]["completeOAuthOutputSpecification"]
    assert output["properties"]["refresh_token"]["path_in_connector_config"] == [
        "credentials",
        "refresh_token",
    ]
    assert "advancedAuth" in definitions.destination_specification(SNOWFLAKE)
    assert "advancedAuth" not in definitions.source_specification(POSTGRES)


# -- connectors.configuration_errors ---------------------------------------------------------


def test_missing_required_fields_in_both_forms(definitions: Definitions) -> None:
    spec = _postgres(definitions)
    config = {"host": "db", "port": 5432}
    assert configuration_errors(spec, config) == [
        "$.database: is missing but it is required",
        "$.username: is missing but it is required",
    ]
    assert configuration_errors(spec, config, modern=True) == [
        "$: required property 'database' not found",
        "$: required property 'username' not found",
    ]


def test_types_bounds_and_enums(definitions: Definitions) -> None:
    spec = _postgres(definitions)
    base = {"host": "db", "port": 5432, "database": "app", "username": "u"}
    assert configuration_errors(spec, {**base, "port": "5432"}) == [
        "$.port: string found, integer expected"
    ]
    assert configuration_errors(spec, {**base, "port": 70000}) == [
        "$.port: must have a maximum value of 65536"
    ]
    assert configuration_errors(spec, {**base, "port": -1}) == [
        "$.port: must have a minimum value of 0"
    ]
    assert configuration_errors(spec, {**base, "schemas": ["public", 3]}) == [
        "$.schemas[1]: integer found, string expected"
    ]
    file_spec = definitions.source_specification("778daa7c-feaf-4db6-96f3-70fd645acc77")
    config = {"dataset_name": "d", "format": "xml", "url": "u", "provider": {"storage": "HTTPS"}}
    assert configuration_errors(file_spec["connectionSpecification"], config) == [
        "$.format: does not have a value in the enumeration "
        "[csv, json, jsonl, excel, excel_binary, feather, parquet, yaml]"
    ]
    assert configuration_errors(spec, "not an object") == ["$: string found, object expected"]  # type: ignore[arg-type]


def test_one_of_branches(definitions: Definitions) -> None:
    spec = _postgres(definitions)
    base = {"host": "db", "port": 5432, "database": "app", "username": "u"}
    assert configuration_errors(spec, {**base, "ssl_mode": {"mode": "verify-ca"}}) == [
        "$.ssl_mode: should be valid to one and only one schema, but 0 are valid",
        "$.ssl_mode.mode: must be a constant value disable",
        "$.ssl_mode.mode: must be a constant value allow",
        "$.ssl_mode.mode: must be a constant value prefer",
        "$.ssl_mode.mode: must be a constant value require",
        "$.ssl_mode.ca_certificate: is missing but it is required",
        "$.ssl_mode.mode: must be a constant value verify-full",
    ]
    verify = {"mode": "verify-ca", "ca_certificate": "PEM"}
    assert configuration_errors(spec, {**base, "ssl_mode": verify}) == []
    errors = configuration_errors(spec, {**base, "ssl_mode": {"mode": "x"}}, modern=True)
    assert errors[0] == "$.ssl_mode: must be valid to one and only one schema, but 0 are valid"


def test_additional_properties_false() -> None:
    spec = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    assert configuration_errors(spec, {"a": "x", "b": 1}) == [
        "$.b: is not defined in the schema and the schema does not allow additional properties"
    ]


# -- connectors.mask_secrets and invalid_configuration ---------------------------------------


def test_mask_secrets_top_level_and_one_of(definitions: Definitions) -> None:
    spec = _postgres(definitions)
    config = {
        "host": "db",
        "password": "hunter2",
        "ssl_mode": {"mode": "verify-ca", "ca_certificate": "PEM", "client_key": "KEY"},
        "tunnel_method": {"tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_user_password": "pw"},
    }
    masked = mask_secrets(spec, config)
    assert masked == {
        "host": "db",
        "password": SECRET_MASK,
        "ssl_mode": {"mode": "verify-ca", "ca_certificate": SECRET_MASK, "client_key": SECRET_MASK},
        "tunnel_method": {
            "tunnel_method": "SSH_PASSWORD_AUTH",
            "tunnel_user_password": SECRET_MASK,
        },
    }
    assert config["password"] == "hunter2"  # a copy
    stripe = definitions.source_specification(STRIPE)["connectionSpecification"]
    assert mask_secrets(stripe, {"client_secret": "sk_live", "account_id": "a"}) == {
        "client_secret": SECRET_MASK,
        "account_id": "a",
    }
    bigquery = definitions.destination_specification(BIGQUERY)["connectionSpecification"]
    loading = {
        "method": "GCS Staging",
        "credential": {"credential_type": "HMAC_KEY", "hmac_key_secret": "s"},
    }
    masked = mask_secrets(bigquery, {"loading_method": loading})
    assert masked["loading_method"]["credential"]["hmac_key_secret"] == SECRET_MASK


def test_invalid_configuration_is_the_servers_422(definitions: Definitions) -> None:
    error = invalid_configuration(["$.host: is missing but it is required"], _postgres(definitions))
    assert error.status == 422
    assert error.known
    assert error.body["message"].startswith(
        "The provided configuration does not fulfill the specification. Errors: json schema "
        "validation failed when comparing the data to the json schema. \n"
        "Errors: $.host: is missing but it is required \nSchema: \n{"
    )
    assert error.modern_body()["message"] == error.body["message"]


# -- the served operations, 0.40 profile -----------------------------------------------------

FAKER = "dfd88b22-b603-4c3d-aad7-3701784586b1"
LOCAL_JSON = "a625d593-bba5-4a1c-a53d-2d246268a816"
OTHER_WORKSPACE = "11111111-1111-4111-8111-111111111111"
_KINDS = ("source", "destination")
_PATHS = {
    f"/api/v1/{kind}_definitions/{name}"
    for kind in _KINDS
    for name in (
        "list",
        "list_latest",
        "list_for_workspace",
        "list_private",
        "get",
        "get_for_workspace",
        "create_custom",
        "update",
        "delete",
        "grant_definition",
        "revoke_definition",
    )
} | {f"/api/v1/{kind}_definition_specifications/get" for kind in _KINDS}


def _custom(kind: str, workspace: dict[str, str] | None = None, **scope: str) -> dict[str, Any]:
    return {
        **(workspace or {}),
        **scope,
        f"{kind}Definition": {
            "name": f"My {kind}",
            "dockerRepository": f"acme/{kind}-thing",
            "dockerImageTag": "1.0.0",
            "documentationUrl": "https://example.com/docs",
        },
    }


def _ids(answer: dict[str, Any], kind: str) -> list[str]:
    return [d[f"{kind}DefinitionId"] for d in answer[f"{kind}Definitions"]]


async def _walk_0_40(api: Api, workspace_id: str, kind: str) -> None:
    key = f"{kind}DefinitionId"
    workspace = {"workspaceId": workspace_id}
    seeded = list(getattr(seed, f"{kind.upper()}_DEFINITIONS"))
    assert _ids(await api.ok(f"{kind}_definitions/list"), kind) == seeded
    assert _ids(await api.ok(f"{kind}_definitions/list_latest"), kind) == seeded
    assert _ids(await api.ok(f"{kind}_definitions/list_for_workspace", workspace), kind) == seeded
    assert await api.ok(f"{kind}_definitions/list_private", workspace) == {f"{kind}Definitions": []}
    first = seeded[0]
    got = await api.ok(f"{kind}_definitions/get", {key: first})
    assert got == getattr(seed, f"{kind.upper()}_DEFINITIONS")[first]
    missing = await api.post(f"{kind}_definitions/get", {key: UNKNOWN})
    assert missing.status == 404
    assert f"STANDARD_{kind.upper()}_DEFINITION: {UNKNOWN}" in missing.body["message"]
    # A custom definition: private to its workspace until granted.
    created = await api.ok(f"{kind}_definitions/create_custom", _custom(kind, workspace))
    custom_id = created[key]
    assert created["dockerRepository"] == f"acme/{kind}-thing"
    assert custom_id in _ids(await api.ok(f"{kind}_definitions/list"), kind)
    mine = {key: custom_id, "workspaceId": workspace_id}
    theirs = {key: custom_id, "workspaceId": OTHER_WORKSPACE}
    assert (await api.ok(f"{kind}_definitions/get_for_workspace", mine))[key] == custom_id
    hidden = await api.post(f"{kind}_definitions/get_for_workspace", theirs)
    assert hidden.status == 404
    assert hidden.body["message"] == (
        "Cannot find the requested definition with given id for this workspace"
    )
    assert hidden.body["id"] == custom_id
    listed = await api.ok(
        f"{kind}_definitions/list_for_workspace", {"workspaceId": OTHER_WORKSPACE}
    )
    assert custom_id not in _ids(listed, kind)
    refused = await api.post(f"{kind}_definitions/grant_definition", theirs)
    assert refused.status == 404  # the other workspace does not exist
    granted = await api.ok(f"{kind}_definitions/grant_definition", mine)
    assert granted == {f"{kind}Definition": created, "granted": True}
    assert (await api.post(f"{kind}_definitions/revoke_definition", mine)).status == 204
    gone = await api.post(f"{kind}_definitions/get_for_workspace", mine)
    assert gone.status == 404
    assert (await api.post(f"{kind}_definitions/revoke_definition", theirs)).status == 204
    unknown = await api.post(f"{kind}_definitions/grant_definition", {**mine, key: UNKNOWN})
    assert unknown.status == 404
    # Update: a new default tag.
    updated = await api.ok(f"{kind}_definitions/update", {key: first, "dockerImageTag": "9.9.9"})
    assert updated["dockerImageTag"] == "9.9.9"
    no_tag = await api.post(f"{kind}_definitions/update", {key: first})
    assert no_tag.status == (200 if kind == "destination" else 400)  # the dockerImageag typo
    assert (
        await api.post(f"{kind}_definitions/update", {key: UNKNOWN, "dockerImageTag": "1"})
    ).status == 404
    # Specification.
    specification = await api.ok(f"{kind}_definition_specifications/get", {key: first, **workspace})
    assert specification[key] == first
    assert specification["connectionSpecification"]["type"] == "object"
    assert specification["jobInfo"]["configType"] == "get_spec"
    assert specification["jobInfo"]["succeeded"] is True
    no_spec = await api.post(f"{kind}_definition_specifications/get", {key: UNKNOWN, **workspace})
    assert no_spec.status == 404
    # Delete: a tombstone, still readable by id, gone from the lists.
    assert (await api.post(f"{kind}_definitions/delete", {key: custom_id})).status == 204
    assert custom_id not in _ids(await api.ok(f"{kind}_definitions/list"), kind)
    assert (await api.ok(f"{kind}_definitions/get", {key: custom_id}))[key] == custom_id
    assert (await api.post(f"{kind}_definitions/delete", {key: custom_id})).status == 204
    assert (await api.post(f"{kind}_definitions/delete", {key: UNKNOWN})).status == 404


async def test_operations_0_40() -> None:
    config = SimulatorConfig(clock=ManualClock(), connections=1)
    async with open_api(config) as (sim, api):
        workspace_id = str(sim.workspace_id)
        for kind in _KINDS:
            await _walk_0_40(api, workspace_id, kind)
        # Validation: missing fields and bad ids are the server's 400.
        bad = await api.post("source_definitions/create_custom", {"sourceDefinition": {}})
        assert bad.status == 400
        paths = {e["propertyPath"] for e in bad.body["validationErrors"]}
        assert "createCustomSourceDefinition.customSourceDefinitionCreate.workspaceId" in paths
        assert (await api.post("source_definitions/get", {"sourceDefinitionId": "x"})).status == 400
        spec_read = await api.ok(
            "source_definition_specifications/get",
            {"sourceDefinitionId": SHEETS, "workspaceId": workspace_id},
        )
        assert spec_read["advancedAuth"]["predicateValue"] == "Client"
        assert "advancedAuthGlobalCredentialsAvailable" not in spec_read
        destination_spec = await api.ok(
            "destination_definition_specifications/get",
            {"destinationDefinitionId": BIGQUERY, "workspaceId": workspace_id},
        )
        assert destination_spec["supportedDestinationSyncModes"] == [
            "overwrite",
            "append",
            "append_dedup",
        ]
        assert api.checked >= _PATHS


async def test_deleting_a_definition_deletes_its_actors_and_their_connections() -> None:
    config = SimulatorConfig(clock=ManualClock(), connections=1)
    async with open_api(config) as (sim, api):
        workspace = {"workspaceId": str(sim.workspace_id)}
        connection = (await api.ok("connections/list", workspace))["connections"][0]
        assert (
            await api.post("source_definitions/delete", {"sourceDefinitionId": POSTGRES})
        ).status == 204
        sources = (await api.ok("sources/list", workspace))["sources"]
        assert POSTGRES not in {s["sourceDefinitionId"] for s in sources}
        after = await api.ok("connections/get", {"connectionId": connection["connectionId"]})
        assert after["status"] == "deprecated"
        listed = await api.ok("source_definitions/list_for_workspace", workspace)
        assert POSTGRES not in _ids(listed, "source")


# -- the modern profile ----------------------------------------------------------------------


async def test_operations_modern() -> None:
    config = SimulatorConfig(
        clock=ManualClock(), connections=1, profile="modern", application=APPLICATION
    )
    async with open_modern(config) as (sim, api):
        workspace_id = str(sim.workspace_id)
        workspace = {"workspaceId": workspace_id}
        for kind in _KINDS:
            key = f"{kind}DefinitionId"
            listed = await api.ok(f"{kind}_definitions/list")
            for read in listed[f"{kind}Definitions"]:
                assert read["custom"] is False
                assert "normalizationConfig" not in read
                assert "supportsDbt" not in read
            await api.ok(f"{kind}_definitions/list_latest")
            used = await api.ok(
                f"{kind}_definitions/list_for_workspace", {**workspace, "filterByUsed": True}
            )
            assert len(_ids(used, kind)) == 2  # the seeded actors' definitions
            unknown_ws = await api.post(
                f"{kind}_definitions/list_for_workspace", {"workspaceId": OTHER_WORKSPACE}
            )
            assert unknown_ws.status == 404
            await api.ok(f"{kind}_definitions/list_private", workspace)
            # 2.x create_custom: a scope instead of a workspace id.
            scoped = _custom(kind, scopeId=workspace_id, scopeType="workspace")
            created = await api.ok(f"{kind}_definitions/create_custom", scoped)
            assert created["custom"] is True
            custom_id = created[key]
            org = _custom(kind, scopeId=workspace_id, scopeType="organization")
            assert (await api.post(f"{kind}_definitions/create_custom", org)).status == 422
            legacy = await api.ok(f"{kind}_definitions/create_custom", _custom(kind, workspace))
            await api.ok(f"{kind}_definitions/get_for_workspace", {key: custom_id, **workspace})
            await api.ok(f"{kind}_definitions/get", {key: legacy[key]})
            # Grants and revocations take ActorDefinitionIdWithScope.
            grant = {
                "actorDefinitionId": custom_id,
                "scopeId": workspace_id,
                "scopeType": "workspace",
            }
            granted = await api.ok(f"{kind}_definitions/grant_definition", grant)
            assert granted["granted"] is True
            old_body = {key: custom_id, **workspace}
            assert (await api.post(f"{kind}_definitions/grant_definition", old_body)).status == 400
            assert (await api.post(f"{kind}_definitions/revoke_definition", grant)).status == 204
            # Updates require the workspace; a custom definition can be renamed.
            update = {key: custom_id, "dockerImageTag": "2.0.0", "name": "Renamed"}
            assert (await api.post(f"{kind}_definitions/update", update)).status == 400
            renamed = await api.ok(f"{kind}_definitions/update", {**update, **workspace})
            assert (renamed["name"], renamed["dockerImageTag"]) == ("Renamed", "2.0.0")
            assert (await api.post(f"{kind}_definitions/delete", {key: custom_id})).status == 204
            assert custom_id not in _ids(await api.ok(f"{kind}_definitions/list"), kind)
        sheets = await api.ok(
            "source_definition_specifications/get", {"sourceDefinitionId": SHEETS, **workspace}
        )
        assert sheets["advancedAuthGlobalCredentialsAvailable"] is False
        snowflake = await api.ok(
            "destination_definition_specifications/get",
            {"destinationDefinitionId": SNOWFLAKE, **workspace},
        )
        assert snowflake["supportedDestinationSyncModes"][-1] == "overwrite_dedup"
        assert snowflake["advancedAuth"]["predicateValue"] == "OAuth2.0"
        local = await api.ok(
            "destination_definition_specifications/get",
            {"destinationDefinitionId": LOCAL_JSON, **workspace},
        )
        assert local["supportedDestinationSyncModes"] == ["overwrite", "append"]
        assert api.checked >= _PATHS
