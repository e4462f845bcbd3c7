"""Source and destination definitions and their specifications, end to end: the client
against the simulator (0.40 and modern profiles) over loopback HTTP."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from aioairbyte import AirbyteClient, BadRequestError, ClientCredentials, NotFoundError
from aioairbyte.models import (
    AdvancedAuthAuthFlowType,
    CustomDestinationDefinitionCreate,
    CustomSourceDefinitionCreate,
    DestinationDefinitionCreate,
    DestinationDefinitionUpdate,
    DestinationSyncMode,
    ScopeType,
    SourceDefinitionCreate,
    SourceDefinitionUpdate,
)
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig, seed

from .conftest import FAST_RETRY

_METHODS = (
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
    "get_specification",
)
COVERED: set[str] = {
    f"{namespace}.{method}"
    for namespace in ("source_definitions", "destination_definitions")
    for method in _METHODS
}

APP = ("definitions-client", "definitions-secret")
SHEETS = uuid.UUID("71607ba1-c0ac-4799-8049-7f4b90dd50f7")
POSTGRES = uuid.UUID("decd338e-5647-4c0b-adf4-da0e75f5a750")
SNOWFLAKE = uuid.UUID("424892c4-daac-4491-b35d-c6688ba547ba")
BIGQUERY = uuid.UUID("22f6c74f-5699-40ff-833c-4a879ea40133")
ELSEWHERE = uuid.UUID("11111111-1111-4111-8111-111111111111")


@contextlib.asynccontextmanager
async def serve(profile: str) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    """A simulator of ``profile`` (the modern one with application tokens) and its client."""
    if profile == "modern":
        config = SimulatorConfig(profile="modern", application=APP, connections=1)
        auth: Any = ClientCredentials(*APP)
    else:
        config = SimulatorConfig(connections=1)
        auth = None
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=auth, retry=FAST_RETRY) as client,
    ):
        yield sim, client


def _owner(workspace_id: uuid.UUID, modern: bool) -> dict[str, Any]:
    if modern:
        return {"scope_id": workspace_id, "scope_type": ScopeType.WORKSPACE}
    return {"workspace_id": workspace_id}


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_source_definitions(profile: str) -> None:
    modern = profile == "modern"
    async with serve(profile) as (sim, client):
        ns = client.source_definitions
        workspace_id = sim.workspace_id
        listed = await ns.list()
        assert [str(d.source_definition_id) for d in listed] == list(seed.SOURCE_DEFINITIONS)
        assert len(await ns.list_latest()) == len(seed.SOURCE_DEFINITIONS)
        assert len(await ns.list_for_workspace(workspace_id)) == len(listed)
        assert await ns.list_private(workspace_id) == []
        postgres = await ns.get(POSTGRES)
        assert postgres.name == "Postgres"
        assert postgres.custom is (False if modern else None)
        if modern:
            used = await ns.list_for_workspace(workspace_id, filter_by_used=True)
            assert {d.name for d in used} == {"Postgres", "Stripe"}
        created = await ns.create_custom(
            CustomSourceDefinitionCreate(
                source_definition=SourceDefinitionCreate(
                    name="Acme",
                    docker_repository="acme/source-acme",
                    docker_image_tag="0.1.0",
                    documentation_url="https://example.com/acme",
                ),
                **_owner(workspace_id, modern),
            )
        )
        custom_id = created.source_definition_id
        assert (await ns.get_for_workspace(custom_id, workspace_id)).name == "Acme"
        granted = await ns.grant_definition(custom_id, workspace_id)
        assert granted.granted
        assert granted.source_definition.source_definition_id == custom_id
        await ns.revoke_definition(custom_id, workspace_id)
        with pytest.raises(NotFoundError):
            await ns.get_for_workspace(custom_id, workspace_id)
        with pytest.raises(NotFoundError):
            await ns.get_for_workspace(custom_id, ELSEWHERE)
        await ns.grant_definition(custom_id, workspace_id)  # the scoped shape, remembered
        updated = await ns.update(
            SourceDefinitionUpdate(
                source_definition_id=custom_id,
                docker_image_tag="0.2.0",
                workspace_id=workspace_id if modern else None,
            )
        )
        assert updated.docker_image_tag == "0.2.0"
        specification = await ns.get_specification(SHEETS, workspace_id)
        assert specification.source_definition_id == SHEETS
        assert specification.advanced_auth is not None
        assert specification.advanced_auth.auth_flow_type is AdvancedAuthAuthFlowType.OAUTH2_0
        assert specification.advanced_auth_global_credentials_available is (
            False if modern else None
        )
        assert specification.connection_specification is not None
        postgres_spec = await ns.get_specification(POSTGRES, workspace_id)
        assert postgres_spec.connection_specification is not None
        properties = postgres_spec.connection_specification["properties"]
        assert properties["password"]["airbyte_secret"] is True
        await ns.delete(custom_id)
        assert custom_id not in {d.source_definition_id for d in await ns.list()}
        assert (await ns.get(custom_id)).source_definition_id == custom_id  # a tombstone
        with pytest.raises(NotFoundError):
            await ns.get(uuid.uuid4())


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_destination_definitions(profile: str) -> None:
    modern = profile == "modern"
    async with serve(profile) as (sim, client):
        ns = client.destination_definitions
        workspace_id = sim.workspace_id
        listed = await ns.list()
        assert [str(d.destination_definition_id) for d in listed] == list(
            seed.DESTINATION_DEFINITIONS
        )
        assert len(await ns.list_latest()) == len(listed)
        assert len(await ns.list_for_workspace(workspace_id)) == len(listed)
        assert await ns.list_private(workspace_id) == []
        bigquery = await ns.get(BIGQUERY)
        assert (bigquery.supports_dbt, bigquery.custom) == (
            (None, False) if modern else (True, None)
        )
        created = await ns.create_custom(
            CustomDestinationDefinitionCreate(
                destination_definition=DestinationDefinitionCreate(
                    name="Acme Warehouse",
                    docker_repository="acme/destination-acme",
                    docker_image_tag="0.1.0",
                    documentation_url="https://example.com/acme",
                ),
                **_owner(workspace_id, modern),
            )
        )
        custom_id = created.destination_definition_id
        assert (await ns.get_for_workspace(custom_id, workspace_id)).name == "Acme Warehouse"
        await ns.revoke_definition(custom_id, workspace_id)
        with pytest.raises(NotFoundError):
            await ns.get_for_workspace(custom_id, workspace_id)
        granted = await ns.grant_definition(custom_id, workspace_id)
        assert granted.destination_definition.name == "Acme Warehouse"
        update = DestinationDefinitionUpdate(
            destination_definition_id=custom_id, docker_image_tag="0.3.0", name="Renamed"
        )
        if modern:
            with pytest.raises(BadRequestError):  # 2.x servers require the workspace
                await ns.update(update)
            update = DestinationDefinitionUpdate(
                destination_definition_id=custom_id,
                docker_image_tag="0.3.0",
                name="Renamed",
                workspace_id=workspace_id,
            )
        updated = await ns.update(update)
        assert updated.docker_image_tag == "0.3.0"
        assert updated.name == ("Renamed" if modern else "Acme Warehouse")
        specification = await ns.get_specification(SNOWFLAKE, workspace_id)
        assert specification.advanced_auth is not None
        modes = specification.supported_destination_sync_modes
        assert modes is not None
        assert (DestinationSyncMode.OVERWRITE_DEDUP in modes) is modern
        await ns.delete(custom_id)
        assert custom_id not in {d.destination_definition_id for d in await ns.list()}
        with pytest.raises(NotFoundError):
            await ns.delete(uuid.uuid4())
