"""The client and its transport: lifecycle, auth, headers, secrets, bodies that are not JSON."""

from __future__ import annotations

import logging
import uuid

import aiohttp
import orjson
import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    ResponseDecodeError,
    ResponseValidationError,
    RetryConfig,
)
from tests.conftest import BASE_URL

CID = uuid.UUID("9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11")
HEALTH = f"{BASE_URL}/v1/health"
GET = f"{BASE_URL}/v1/connections/get"
CANARY_PASSWORD = "pw-CANARY-8c1f"
CANARY_TOKEN = "tok-CANARY-77d2"


def _sent(mocked: aioresponses, method: str, url: str, index: int = 0) -> dict:
    return mocked.requests[(method, URL(url))][index].kwargs


async def test_async_with_closes_owned_session(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(BASE_URL) as client:
        await client.health.check()
        session = client.transport._session
        assert session is not None
        assert not session.closed
    assert session.closed
    assert client.transport.closed


async def test_close_is_idempotent_and_closed_client_refuses_work() -> None:
    client = AirbyteClient(BASE_URL)
    await client.close()
    await client.close()
    with pytest.raises(RuntimeError, match="closed"):
        await client.health.check()


async def test_caller_session_is_used_and_not_closed(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with aiohttp.ClientSession() as session:
        async with AirbyteClient(BASE_URL, session=session) as client:
            assert (await client.health.check()).available
        assert not session.closed


async def test_basic_auth_header_and_defaults(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(
        BASE_URL, auth=("airbyte", "password"), headers={"X-Team": "data"}
    ) as c:
        await c.health.check()
    headers = _sent(mocked, "GET", HEALTH)["headers"]
    assert headers["Authorization"] == "Basic YWlyYnl0ZTpwYXNzd29yZA=="
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["X-Team"] == "data"
    assert headers["User-Agent"].startswith("aioairbyte/")


async def test_bearer_auth_header(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(BASE_URL, auth=BearerAuth("abc")) as c:
        await c.health.check()
    assert _sent(mocked, "GET", HEALTH)["headers"]["Authorization"] == "Bearer abc"


async def test_credentials_in_url_become_basic_auth_and_leave_the_url(mocked: aioresponses) -> None:
    url = f"http://airbyte:{CANARY_PASSWORD}@airbyte.test/api/"
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(url) as c:
        assert c.base_url == BASE_URL
        assert CANARY_PASSWORD not in repr(c)
        await c.health.check()
    assert _sent(mocked, "GET", HEALTH)["headers"]["Authorization"].startswith("Basic ")


def test_reprs_never_show_secrets() -> None:
    basic = AirbyteClient(BASE_URL, auth=("airbyte", CANARY_PASSWORD))
    bearer = AirbyteClient(BASE_URL, auth=BearerAuth(CANARY_TOKEN))
    for text in (
        repr(basic),
        repr(bearer),
        repr(basic.transport),
        repr(BasicAuth("u", CANARY_PASSWORD)),
    ):
        assert CANARY_PASSWORD not in text
        assert CANARY_TOKEN not in text
    assert "password='***'" in repr(basic)
    assert "token='***'" in repr(bearer)


async def test_secrets_absent_from_logs_and_errors(
    mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mocked.post(GET, status=401, body="<html><title>401 Authorization Required</title></html>")
    async with AirbyteClient(BASE_URL, auth=("airbyte", CANARY_PASSWORD)) as c:
        with pytest.raises(AuthenticationError) as info:
            await c.connections.get(CID)
    for text in (str(info.value), repr(info.value), caplog.text):
        assert CANARY_PASSWORD not in text


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"base_url": "localhost:8000"}, InvalidArgumentError),
        ({"base_url": "ftp://x/api"}, InvalidArgumentError),
        ({"base_url": 8000}, InvalidArgumentTypeError),
        ({"timeout": -1}, InvalidArgumentError),
        ({"timeout": "5"}, InvalidArgumentTypeError),
        ({"max_connections": 0}, InvalidArgumentError),
        ({"max_connections": 2.5}, InvalidArgumentTypeError),
        ({"retry": 3}, InvalidArgumentTypeError),
        ({"auth": "airbyte:password"}, InvalidArgumentTypeError),
        ({"auth": ("only-user",)}, InvalidArgumentTypeError),
        ({"session": object()}, InvalidArgumentTypeError),
    ],
)
def test_constructor_rejects_bad_arguments(kwargs: dict, exc: type[Exception]) -> None:
    kwargs = {"base_url": BASE_URL, **kwargs}
    with pytest.raises(exc):
        AirbyteClient(**kwargs)


def test_auth_error_does_not_echo_the_value() -> None:
    with pytest.raises(InvalidArgumentTypeError) as info:
        AirbyteClient(BASE_URL, auth=CANARY_PASSWORD)  # type: ignore[arg-type]
    assert CANARY_PASSWORD not in str(info.value)


async def test_timeout_seconds_become_client_timeout() -> None:
    async with AirbyteClient(BASE_URL, timeout=5) as c:
        assert c.transport.timeout.total == 5
        assert c.transport.timeout.connect == 5
    custom = aiohttp.ClientTimeout(total=None, sock_read=3)
    async with AirbyteClient(BASE_URL, timeout=custom) as c:
        assert c.transport.timeout is custom


async def test_max_connections_sets_connector_limit(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(BASE_URL, max_connections=7) as c:
        await c.health.check()
        assert c.transport._session is not None
        assert c.transport._session.connector is not None
        assert c.transport._session.connector.limit == 7


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"", "empty 200 response"),
        (b'{"available": tru', "malformed JSON"),
        (b"<html>oops</html>", "malformed JSON"),
    ],
)
async def test_bad_success_bodies_name_the_endpoint(
    mocked: aioresponses, body: bytes, fragment: str
) -> None:
    mocked.get(HEALTH, body=body, content_type="text/html")
    async with AirbyteClient(BASE_URL, retry=RetryConfig(attempts=1)) as c:
        with pytest.raises(ResponseDecodeError) as info:
            await c.health.check()
    assert str(info.value).startswith("GET /v1/health: ")
    assert fragment in str(info.value)
    assert info.value.status == 200
    if body:  # a parse failure is chained to orjson's error; an empty body has no cause
        assert isinstance(info.value.__cause__, orjson.JSONDecodeError)
    else:
        assert info.value.__cause__ is None


async def test_json_with_wrong_content_type_is_accepted(mocked: aioresponses) -> None:
    mocked.get(HEALTH, body=b'{"available": true}', content_type="text/plain")
    async with AirbyteClient(BASE_URL) as c:
        assert (await c.health.check()).available


async def test_wrong_shape_is_a_validation_error(mocked: aioresponses) -> None:
    mocked.post(GET, payload={"connectionId": str(CID)})
    async with AirbyteClient(BASE_URL) as c:
        with pytest.raises(ResponseValidationError) as info:
            await c.connections.get(CID)
    assert info.value.operation == "POST /v1/connections/get"
    assert "required field missing @ $.name" in info.value.problems


async def test_redirects_are_not_followed(mocked: aioresponses) -> None:
    mocked.post(
        GET, status=301, headers={"Location": "https://elsewhere.test/api/v1/connections/get"}
    )
    async with AirbyteClient(BASE_URL, auth=("airbyte", CANARY_PASSWORD)) as c:
        with pytest.raises(ApiError) as info:
            await c.connections.get(CID)
    assert info.value.status == 301
    assert "elsewhere.test" in info.value.message
    assert _sent(mocked, "POST", GET)["allow_redirects"] is False
    assert len(mocked.requests) == 1


async def test_oversized_response_is_refused(mocked: aioresponses) -> None:
    mocked.get(HEALTH, body=b'{"available": true, "pad": "' + b"x" * 5000 + b'"}')
    async with AirbyteClient(BASE_URL, max_response_bytes=1000) as c:
        with pytest.raises(ResponseDecodeError, match="exceeds max_response_bytes=1000"):
            await c.health.check()


async def test_error_chain_keeps_the_cause(mocked: aioresponses) -> None:
    mocked.post(GET, exception=aiohttp.ClientConnectorError(None, OSError(111, "refused")))  # type: ignore[arg-type]
    async with AirbyteClient(BASE_URL, retry=RetryConfig(attempts=1)) as c:
        with pytest.raises(ApiConnectionError) as info:
            await c.connections.get(CID)
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)


async def test_request_body_is_compact_json(mocked: aioresponses) -> None:
    mocked.post(GET, status=404, body="Object not found.")
    async with AirbyteClient(BASE_URL) as c:
        with pytest.raises(NotFoundError):
            await c.connections.get(str(CID))
    assert orjson.loads(_sent(mocked, "POST", GET)["data"]) == {"connectionId": str(CID)}
