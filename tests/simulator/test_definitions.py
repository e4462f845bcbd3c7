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
