"""Operations on servers that removed or added paths: workspaces.list, instance.configuration."""

from __future__ import annotations

import uuid

import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import AirbyteClient, NotFoundError, UnsupportedOperationError
from tests import fixtures
from tests.conftest import BASE_URL

LIST = f"{BASE_URL}/v1/workspaces/list"
BY_USER = f"{BASE_URL}/v1/workspaces/list_by_user_id"
INSTANCE = f"{BASE_URL}/v1/instance_configuration"
USER = "00000000-0000-0000-0000-000000000000"


def _instance() -> dict[str, object]:
    return {
        "edition": "community",
        "version": "2.0.0",
        "auth": {"mode": "simple"},
        "airbyteUrl": "http://localhost:8000",
        "initialSetupComplete": True,
        "defaultUserId": USER,
        "defaultOrganizationId": USER,
        "defaultOrganizationEmail": "admin@example.com",
        "defaultWorkspaceId": fixtures.WORKSPACE_ID,
        "trackingStrategy": "logging",
        "licenseStatus": "pro",
    }


def _count(mocked: aioresponses, method: str, url: str) -> int:
    return len(mocked.requests.get((method, URL(url)), []))


async def test_workspaces_list_on_an_old_server_costs_one_request(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.post(LIST, payload=fixtures.workspace_read_list(), repeat=True)
    for _ in range(2):
        [workspace] = await client.workspaces.list()
        assert str(workspace.workspace_id) == fixtures.WORKSPACE_ID
    assert _count(mocked, "POST", LIST) == 2
    assert _count(mocked, "GET", INSTANCE) == 0


async def test_workspaces_list_falls_back_once_where_the_old_path_is_gone(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.post(LIST, status=404, body="Object not found.", content_type="text/plain")
    mocked.get(INSTANCE, payload=_instance())
    mocked.post(BY_USER, payload=fixtures.workspace_read_list(), repeat=True)
    for _ in range(3):
        [workspace] = await client.workspaces.list()
        assert str(workspace.workspace_id) == fixtures.WORKSPACE_ID
    # Learned once per client: the removed path and the user are asked for once.
    assert _count(mocked, "POST", LIST) == 1
    assert _count(mocked, "GET", INSTANCE) == 1
    assert _count(mocked, "POST", BY_USER) == 3
    sent = mocked.requests[("POST", URL(BY_USER))][0].kwargs["data"]
    assert sent == b'{"userId":"' + USER.encode() + b'"}'


async def test_a_json_404_on_workspaces_list_is_not_taken_for_a_missing_operation(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.post(LIST, status=404, payload={"errorId": "x"})
    with pytest.raises(NotFoundError) as caught:
        await client.workspaces.list()
    assert type(caught.value) is NotFoundError
    assert _count(mocked, "GET", INSTANCE) == 0


async def test_instance_configuration(mocked: aioresponses, client: AirbyteClient) -> None:
    mocked.get(INSTANCE, payload=_instance())
    configuration = await client.instance.configuration()
    assert configuration.version == "2.0.0"
    assert configuration.auth.mode == "simple"
    assert configuration.default_user_id == uuid.UUID(USER)


async def test_an_operation_the_server_lacks_is_a_typed_error_naming_it(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    mocked.get(INSTANCE, status=404, body="Object not found.", content_type="text/plain")
    with pytest.raises(UnsupportedOperationError) as caught:
        await client.instance.configuration()
    assert isinstance(caught.value, NotFoundError)
    assert "/v1/instance_configuration" in str(caught.value)
    assert "has no" in str(caught.value)


async def test_workspaces_list_against_a_url_that_is_not_the_api_names_the_first_path(
    mocked: aioresponses, client: AirbyteClient
) -> None:
    """Neither /v1/workspaces/list nor the 2.x fallback: a wrong base_url, not a 2.x server,
    so the error is about the path the user asked for, and nothing is learned from it."""
    for _ in range(2):
        mocked.post(LIST, status=404, body="Object not found.", content_type="text/plain")
        mocked.get(INSTANCE, status=404, body="Object not found.", content_type="text/plain")
        with pytest.raises(UnsupportedOperationError) as caught:
            await client.workspaces.list()
        assert "/v1/workspaces/list" in str(caught.value)
        assert "instance_configuration" not in str(caught.value)
    assert _count(mocked, "POST", LIST) == 2  # still tried first: nothing was learned
