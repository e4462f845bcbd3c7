"""Client credentials through the client: the token request, renewal, 401s, the gate.

HTTP is mocked with aioresponses, or served by tiny aiohttp servers on loopback where the order
of answers matters (a stale 401, a waiter cancelled during the token request).
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.client_reqrep import ConnectionKey
from aiohttp.test_utils import TestServer
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    BearerAuth,
    ClientCredentials,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ResponseDecodeError,
    RetryConfig,
)
from aioairbyte.auth import coerce_auth
from tests import fixtures as f
from tests.conftest import BASE_URL, SleepRecorder

TOKEN_URL = f"{BASE_URL}/v1/applications/token"
PUBLIC_TOKEN_URL = f"{BASE_URL}/public/v1/applications/token"
HEALTH = f"{BASE_URL}/v1/health"
SYNC = f"{BASE_URL}/v1/connections/sync"
SECRET = "secret-CANARY-0b7e"
CREDS = ClientCredentials("app-id", SECRET)
RETRY = RetryConfig(attempts=4, total_timeout=30, initial_backoff=0.01, max_backoff=0.02)


def jwt(exp: float, sub: str = "app") -> str:
    def seg(obj: Any) -> str:
        return base64.urlsafe_b64encode(orjson.dumps(obj)).rstrip(b"=").decode()

    return f"{seg({'alg': 'HS256'})}.{seg({'sub': sub, 'exp': int(exp)})}.c2ln"


def fresh(n: int = 1) -> str:
    return jwt(time.time() + 900, sub=f"app-{n}")


def requests_to(mocked: aioresponses, method: str, url: str) -> list[Any]:
    return mocked.requests.get((method, URL(url)), [])


@pytest_asyncio.fixture
async def client(sleeps: SleepRecorder) -> AsyncIterator[AirbyteClient]:
    async with AirbyteClient(BASE_URL, auth=CREDS, retry=RETRY) as c:
        c.transport._sleep = sleeps
        yield c


# --- ClientCredentials ----------------------------------------------------------------------------


def test_credentials_are_validated_without_echoing_them() -> None:
    with pytest.raises(InvalidArgumentTypeError):
        ClientCredentials(None, SECRET)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentTypeError):
        ClientCredentials("id", b"secret")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        ClientCredentials("", SECRET)
    with pytest.raises(InvalidArgumentError):
        ClientCredentials("id", "")
    with pytest.raises(InvalidArgumentTypeError):
        ClientCredentials("id", SECRET, token_url=URL(TOKEN_URL))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://airbyte.test/token",
        "airbyte.test/api/v1/applications/token",
        "http:///api/v1/applications/token",
        f"http://user:{SECRET}@airbyte.test/api/v1/applications/token",
        f"http://airbyte.test/api/v1/applications/token?secret={SECRET}",
        "http://airbyte.test/api/v1/applications/token#x",
        f"http://airbyte.test:99999/{SECRET}",
        f"http://airbyte.test/{SECRET} x",
        "http://" + "a" * 64 + ".test/token",  # an overlong DNS label
    ],
)
def test_token_url_must_be_a_plain_http_url(url: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        ClientCredentials("id", SECRET, token_url=url)
    assert SECRET not in str(info.value)
    assert info.value.__context__ is None or SECRET not in str(info.value.__context__)


def test_credentials_repr_and_coercion() -> None:
    creds = ClientCredentials("app-id", SECRET, token_url=PUBLIC_TOKEN_URL)
    assert repr(creds) == (
        "ClientCredentials(client_id='app-id', client_secret='***',"
        f" token_url='{PUBLIC_TOKEN_URL}')"
    )
    assert coerce_auth(creds) is creds
    client = AirbyteClient(BASE_URL, auth=creds)
    assert SECRET not in repr(client) + repr(client.transport) + repr(client.transport.tokens)
    assert client.transport.tokens is not None
    assert client.transport.tokens.token_url == PUBLIC_TOKEN_URL


async def test_static_auth_has_no_token_manager(mocked: aioresponses) -> None:
    mocked.get(HEALTH, status=401, repeat=True)
    async with AirbyteClient(BASE_URL, auth=BearerAuth("static")) as c:
        assert c.transport.tokens is None
        with pytest.raises(AuthenticationError):
            await c.health.check()
    assert len(requests_to(mocked, "GET", HEALTH)) == 1  # 401 raised at once, as before


# --- The token request ----------------------------------------------------------------------------


async def test_token_is_fetched_once_and_sent_as_bearer(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    token = fresh()
    mocked.post(TOKEN_URL, payload={"access_token": token})
    mocked.get(HEALTH, payload={"available": True}, repeat=True)
    for _ in range(3):
        assert (await client.health.check()).available
    (sent,) = requests_to(mocked, "POST", TOKEN_URL)
    assert orjson.loads(sent.kwargs["data"]) == {"client_id": "app-id", "client_secret": SECRET}
    assert "Authorization" not in sent.kwargs["headers"]
    assert sent.kwargs["headers"]["Content-Type"] == "application/json"
    assert sent.kwargs["allow_redirects"] is False
    for call in requests_to(mocked, "GET", HEALTH):
        assert call.kwargs["headers"]["Authorization"] == f"Bearer {token}"
    assert client.transport.tokens is not None
    assert client.transport.tokens.fetches == client.transport.tokens.requests == 1


async def test_no_other_authorization_rides_along(mocked: aioresponses) -> None:
    # Credentials in the URL and an Authorization in headers give way to the token.
    token = fresh()
    mocked.post(TOKEN_URL, payload={"access_token": token})
    mocked.get(HEALTH, payload={"available": True})
    url = BASE_URL.replace("://", "://airbyte:password@")
    async with AirbyteClient(url, auth=CREDS, headers={"authorization": "Basic x"}) as c:
        await c.health.check()
    (sent,) = requests_to(mocked, "POST", TOKEN_URL)
    assert not any(k.lower() == "authorization" for k in sent.kwargs["headers"])
    (api,) = requests_to(mocked, "GET", HEALTH)
    assert [v for k, v in api.kwargs["headers"].items() if k.lower() == "authorization"] == [
        f"Bearer {token}"
    ]


async def test_public_token_url_form(mocked: aioresponses) -> None:
    mocked.post(
        PUBLIC_TOKEN_URL,
        payload={"access_token": "opaque", "token_type": "Bearer", "expires_in": 180},
    )
    mocked.get(HEALTH, payload={"available": True})
    creds = ClientCredentials("app-id", SECRET, token_url=PUBLIC_TOKEN_URL)
    async with AirbyteClient(BASE_URL, auth=creds) as c:
        await c.health.check()
        assert c.transport.tokens is not None
        cached = c.transport.tokens.cached
        assert cached is not None
        assert cached.expires_at - time.time() == pytest.approx(180, abs=5)
    (sent,) = requests_to(mocked, "POST", PUBLIC_TOKEN_URL)
    assert orjson.loads(sent.kwargs["data"]) == {
        "client_id": "app-id",
        "client_secret": SECRET,
        "grant_type": "client_credentials",
    }
    assert requests_to(mocked, "GET", HEALTH)[0].kwargs["headers"]["Authorization"] == (
        "Bearer opaque"
    )


async def test_renewed_ahead_of_expiry(client: AirbyteClient, mocked: aioresponses) -> None:
    now = [1_700_000_000.0]
    assert client.transport.tokens is not None
    client.transport.tokens.now = lambda: now[0]
    mocked.post(TOKEN_URL, payload={"access_token": jwt(now[0] + 900, "one")})
    mocked.post(TOKEN_URL, payload={"access_token": jwt(now[0] + 1800, "two")})
    mocked.get(HEALTH, payload={"available": True}, repeat=True)
    await client.health.check()
    now[0] += 869
    await client.health.check()
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 1
    now[0] += 1  # 30 s before exp
    await client.health.check()
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 2
    sent = [c.kwargs["headers"]["Authorization"] for c in requests_to(mocked, "GET", HEALTH)]
    assert sent[1] != sent[2]


# --- Concurrency and the gate ---------------------------------------------------------------------


async def test_a_thousand_concurrent_requests_one_token_request(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    mocked.post(TOKEN_URL, payload={"access_token": fresh()})
    mocked.get(HEALTH, payload={"available": True}, repeat=True)
    results = await asyncio.gather(*(client.health.check() for _ in range(1000)))
    assert all(r.available for r in results)
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 1
    assert len(requests_to(mocked, "GET", HEALTH)) == 1000


async def test_one_connection_no_deadlock(mocked: aioresponses) -> None:
    # The token request takes the only slot: requests must not hold it while they wait.
    mocked.post(TOKEN_URL, payload={"access_token": fresh(1)})
    mocked.get(HEALTH, status=401)  # then a renewal, still with one slot
    mocked.post(TOKEN_URL, payload={"access_token": fresh(2)})
    mocked.get(HEALTH, payload={"available": True}, repeat=True)
    async with AirbyteClient(BASE_URL, auth=CREDS, max_connections=1) as c:
        async with asyncio.timeout(10):
            results = await asyncio.gather(*(c.health.check() for _ in range(20)))
    assert all(r.available for r in results)
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 2


# --- 401: renew once ------------------------------------------------------------------------------


async def test_401_renews_and_resends_once(client: AirbyteClient, mocked: aioresponses) -> None:
    first, second = fresh(1), fresh(2)
    mocked.post(TOKEN_URL, payload={"access_token": first})
    mocked.post(TOKEN_URL, payload={"access_token": second})
    mocked.get(HEALTH, status=401)
    mocked.get(HEALTH, payload={"available": True})
    assert (await client.health.check()).available
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 2
    sent = [c.kwargs["headers"]["Authorization"] for c in requests_to(mocked, "GET", HEALTH)]
    assert sent == [f"Bearer {first}", f"Bearer {second}"]


async def test_401_renewal_is_inside_one_attempt(mocked: aioresponses) -> None:
    # Even without retries the renewal happens: the retry machinery sees one attempt.
    mocked.post(TOKEN_URL, payload={"access_token": fresh(1)})
    mocked.post(TOKEN_URL, payload={"access_token": fresh(2)})
    mocked.post(SYNC, status=401)
    mocked.post(SYNC, payload=f.job_info_read())
    async with AirbyteClient(BASE_URL, auth=CREDS, retry=RetryConfig(attempts=1)) as c:
        job = await c.connections.sync(f.CONNECTION_ID)  # a 401 did nothing: resent, once
    assert job.job.id == f.job_info_read()["job"]["id"]
    assert len(requests_to(mocked, "POST", SYNC)) == 2


async def test_second_401_is_an_authentication_error(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    mocked.post(TOKEN_URL, payload={"access_token": fresh(1)})
    mocked.post(TOKEN_URL, payload={"access_token": fresh(2)})
    mocked.get(HEALTH, status=401, repeat=True)
    with pytest.raises(AuthenticationError) as info:
        await client.health.check()
    assert info.value.operation == "GET /v1/health"
    assert len(requests_to(mocked, "GET", HEALTH)) == 2
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 2
    assert sleeps.delays == []  # not retried


class Server:
    """A loopback Airbyte with a token endpoint; handlers are swapped per test."""

    def __init__(self) -> None:
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.token_gate: asyncio.Event | None = None
        self.hooks: dict[str, Callable[[str], Awaitable[None]]] = {}
        app = web.Application()
        app.router.add_post("/api/v1/applications/token", self.token)
        app.router.add_get("/api/v1/health", self.api)
        app.router.add_post("/api/v1/workspaces/list", self.api)
        self.server = TestServer(app)

    @property
    def url(self) -> str:
        return str(self.server.make_url("/api"))

    async def token(self, request: web.Request) -> web.Response:
        body = await request.json()
        assert body == {"client_id": "app-id", "client_secret": SECRET}
        assert "Authorization" not in request.headers
        if self.token_gate is not None:
            await self.token_gate.wait()
        value = fresh(len(self.issued) + 1)
        self.issued.append(value)
        self.valid.add(value)
        return web.json_response({"access_token": value})

    async def api(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        hook = self.hooks.get(request.path)
        if hook is not None:
            await hook(token)
        if token not in self.valid:
            return web.Response(status=401)
        if request.path.endswith("health"):
            return web.json_response({"available": True})
        return web.json_response({"workspaces": []})


@pytest_asyncio.fixture
async def server() -> AsyncIterator[Server]:
    s = Server()
    await s.server.start_server()
    yield s
    await s.server.close()


async def test_a_stale_401_after_a_renewal_does_not_renew_again(server: Server) -> None:
    async with AirbyteClient(server.url, auth=CREDS, retry=RETRY) as c:
        await c.health.check()
        t1 = server.issued[0]
        server.valid.discard(t1)  # revoked: every request sent with it gets 401
        renewed = asyncio.Event()

        async def slow_answer(token: str) -> None:
            # B was sent with t1 before A renewed; its 401 arrives after the renewal.
            if token == t1:
                await renewed.wait()

        server.hooks["/api/v1/workspaces/list"] = slow_answer
        b = asyncio.create_task(c.workspaces.list())
        await asyncio.sleep(0.05)  # B is on the wire with t1
        assert await c.health.check()  # A: 401, renewal to t2, resent
        assert len(server.issued) == 2
        renewed.set()
        assert await b == []  # 401 with t1: t2 is cached already, so resent with it
        assert len(server.issued) == 2


async def test_a_cancelled_waiter_does_not_break_the_others(server: Server) -> None:
    server.token_gate = asyncio.Event()
    async with AirbyteClient(server.url, auth=CREDS) as c:
        waiters = [asyncio.create_task(c.health.check()) for _ in range(3)]
        await asyncio.sleep(0.05)  # all three wait for the one token request
        waiters[0].cancel()
        server.token_gate.set()
        assert all(r.available for r in await asyncio.gather(*waiters[1:]))
        with pytest.raises(asyncio.CancelledError):
            await waiters[0]
    assert len(server.issued) == 1


async def test_close_during_the_token_request(server: Server) -> None:
    server.token_gate = asyncio.Event()
    c = AirbyteClient(server.url, auth=CREDS)
    waiter = asyncio.create_task(c.health.check())
    await asyncio.sleep(0.05)
    await c.close()
    server.token_gate.set()
    with pytest.raises(RuntimeError, match="closed"):
        await waiter


# --- A token request that fails -------------------------------------------------------------------


async def test_refused_credentials(client: AirbyteClient, mocked: aioresponses) -> None:
    mocked.post(TOKEN_URL, status=400, payload={"message": "Invalid client id or token"})
    with pytest.raises(AuthenticationError) as info:
        await client.health.check()
    error = info.value
    assert str(error) == f"POST {TOKEN_URL} failed with 400: Invalid client id or token"
    assert error.status == 400
    assert SECRET not in repr(error) + repr(vars(error))
    assert requests_to(mocked, "GET", HEALTH) == []
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 1  # a refusal is not retried


async def test_token_endpoint_503_then_200_is_retried(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    mocked.post(TOKEN_URL, status=503, body="<html><title>503</title></html>")
    mocked.post(TOKEN_URL, status=502)
    mocked.post(TOKEN_URL, payload={"access_token": fresh()})
    mocked.get(HEALTH, payload={"available": True})
    assert (await client.health.check()).available
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 3
    assert len(sleeps.delays) == 2


async def test_token_endpoint_unreachable(mocked: aioresponses) -> None:
    key = ConnectionKey("airbyte.test", 80, False, True, None, None, None)
    refused = aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))
    mocked.post(TOKEN_URL, exception=refused, repeat=True)
    async with AirbyteClient(BASE_URL, auth=CREDS, retry=RetryConfig(attempts=1)) as c:
        with pytest.raises(ApiConnectionError) as info:
            await c.connections.sync(f.CONNECTION_ID)
    assert "no access token" in str(info.value)
    assert "cannot connect to http://airbyte.test/api" in str(info.value)
    assert info.value.maybe_processed is False  # the sync was never sent


async def test_a_sync_waits_out_a_token_outage(client: AirbyteClient, mocked: aioresponses) -> None:
    # A read timeout on the token request may have been processed; the sync was not sent, so
    # it is retried rather than reported ambiguous.
    mocked.post(TOKEN_URL, exception=TimeoutError(), repeat=4)
    mocked.post(TOKEN_URL, payload={"access_token": fresh()})
    mocked.post(SYNC, payload=f.job_info_read())
    await client.connections.sync(f.CONNECTION_ID)
    assert len(requests_to(mocked, "POST", SYNC)) == 1
    assert len(requests_to(mocked, "POST", TOKEN_URL)) == 5


async def test_token_endpoint_redirect_is_not_followed(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    mocked.post(TOKEN_URL, status=302, headers={"Location": "http://evil.test/token"})
    with pytest.raises(ApiError, match="redirect not followed"):
        await client.health.check()
    assert list(mocked.requests) == [("POST", URL(TOKEN_URL))]


async def test_malformed_token_answer(client: AirbyteClient, mocked: aioresponses) -> None:
    mocked.post(TOKEN_URL, body=b"<html>welcome</html>", content_type="text/html")
    with pytest.raises(ResponseDecodeError, match=r"applications/token: .* not JSON"):
        await client.health.check()
    mocked.post(TOKEN_URL, payload={"token": "misnamed"})
    with pytest.raises(ResponseDecodeError, match="no usable access_token"):
        await client.health.check()


async def test_no_auth_sends_no_header(mocked: aioresponses) -> None:
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(BASE_URL, auth=None) as c:
        await c.health.check()
        assert c.transport.tokens is None
    assert "Authorization" not in requests_to(mocked, "GET", HEALTH)[0].kwargs["headers"]


async def test_token_request_bodies_are_never_shared_between_clients(
    mocked: aioresponses,
) -> None:
    # Two clients, two applications: each asks with its own secret and uses its own token.
    def answer(url: URL, **kwargs: Any) -> CallbackResult:
        body = orjson.loads(kwargs["data"])
        return CallbackResult(payload={"access_token": f"tok-{body['client_id']}"})

    mocked.post(TOKEN_URL, callback=answer, repeat=True)
    mocked.get(HEALTH, payload={"available": True}, repeat=True)
    async with (
        AirbyteClient(BASE_URL, auth=ClientCredentials("a", "sa")) as a,
        AirbyteClient(BASE_URL, auth=ClientCredentials("b", "sb")) as b,
    ):
        await asyncio.gather(a.health.check(), b.health.check())
    sent = sorted(c.kwargs["headers"]["Authorization"] for c in requests_to(mocked, "GET", HEALTH))
    assert sent == ["Bearer tok-a", "Bearer tok-b"]
