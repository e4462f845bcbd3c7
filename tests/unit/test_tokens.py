"""The token manager: expiry from the JWT, renewal ahead of it, single flight, failures.

The HTTP exchange is a fake ``post`` (the transport's is tested in test_auth.py); the clock is
injected, so renewal is tested without sleeping.
"""

from __future__ import annotations

import asyncio
import base64
import gc
from collections.abc import Mapping
from typing import Any

import orjson
import pytest
from yarl import URL

from aioairbyte import (
    ApiConnectionError,
    AuthenticationError,
    ClientClosedError,
    ClientCredentials,
    NotFoundError,
    ResponseDecodeError,
    RetryConfig,
    ServerError,
)
from aioairbyte.retries import RetryLog
from aioairbyte.tokens import (
    DEFAULT_TOKEN_LIFETIME,
    AccessToken,
    TokenManager,
    jwt_expiry,
    renewal_time,
)
from tests.conftest import SleepRecorder

URL_ = "http://airbyte.test/api/v1/applications/token"
PUBLIC_URL = "http://airbyte.test/api/public/v1/applications/token"
SECRET = "secret-CANARY-5e1d"
T0 = 1_700_000_000.0


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(claims: Any, *, raw_payload: str | None = None) -> str:
    header = b64(orjson.dumps({"alg": "HS256", "typ": "JWT"}))
    payload = raw_payload if raw_payload is not None else b64(orjson.dumps(claims))
    return f"{header}.{payload}.{b64(b'signature')}"


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeServer:
    """A token endpoint: answers from a queue (the last answer repeats), counts requests."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[URL, bytes, Mapping[str, str], str]] = []
        self.release: asyncio.Event | None = None  # when set: answers wait for it

    async def post(
        self, url: URL, body: bytes, headers: Mapping[str, str], operation: str
    ) -> tuple[int, Mapping[str, str], bytes]:
        self.calls.append((url, body, headers, operation))
        if self.release is not None:
            await self.release.wait()
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        status, body_out = answer
        if not isinstance(body_out, bytes):
            body_out = orjson.dumps(body_out)
        return status, {}, body_out


def manager(
    server: FakeServer,
    *,
    clock: Clock | None = None,
    url: str = URL_,
    retry: RetryConfig | None = None,
    sleep: SleepRecorder | None = None,
) -> TokenManager:
    return TokenManager(
        ClientCredentials("app-id", SECRET),
        url,
        post=server.post,
        headers={"Accept": "application/json", "authorization": "Basic leftover"},
        retry=retry or RetryConfig(attempts=3, initial_backoff=0.01),
        sleep=sleep or SleepRecorder(),
        retry_log=RetryLog(),
        now=clock or Clock(),
    )


def ok(token: str, **extra: Any) -> tuple[int, dict[str, Any]]:
    return 200, {"access_token": token, **extra}


# --- Reading the expiry ---------------------------------------------------------------------------


def test_jwt_expiry_reads_exp() -> None:
    assert jwt_expiry(jwt({"sub": "app", "exp": 1_700_000_900})) == 1_700_000_900.0
    assert jwt_expiry(jwt({"exp": 1_700_000_900.5})) == 1_700_000_900.5


@pytest.mark.parametrize(
    "token",
    [
        "opaque-token",
        "a.b",
        "a.b.c.d.e",  # an encrypted JWT: no readable payload
        jwt({"sub": "app"}),  # no exp
        jwt({"exp": "1700000900"}),  # not a number
        jwt({"exp": True}),
        jwt({"exp": None}),
        jwt([1, 2, 3]),  # not an object
        jwt(None, raw_payload="!!!not-base64!!!"),
        jwt(None, raw_payload=b64(b"not json")),
        jwt(None, raw_payload=b64(b'{"exp": 1e400}')),  # infinite
        jwt(None, raw_payload=b64(b'{"exp": ' + b"9" * 400 + b"}")),  # too big for a float
        jwt(None, raw_payload="\u00e9t\u00e9"),  # not ASCII
        "",
    ],
)
def test_jwt_expiry_tolerates_garbage(token: str) -> None:
    assert jwt_expiry(token) is None


def test_renewal_time() -> None:
    # 30 s ahead for a long-lived token, a quarter of the lifetime for a short one.
    assert renewal_time(T0, T0 + 900) == T0 + 870
    assert renewal_time(T0, T0 + 120) == T0 + 90
    assert renewal_time(T0, T0 + 2) == T0 + 1.5
    assert renewal_time(T0, T0 + 60) == T0 + 45


async def test_expiry_from_jwt_wins_over_expires_in() -> None:
    # expires_in has been seen disagreeing with exp (900 against 180): exp is the truth.
    server = FakeServer(ok(jwt({"exp": int(T0) + 180}), expires_in=900))
    token = await manager(server).get()
    assert token.expires_at == T0 + 180
    assert token.renew_at == T0 + 150


async def test_expiry_from_expires_in_then_default() -> None:
    clock = Clock()
    server = FakeServer(ok("opaque", expires_in=180), ok("opaque-2"), ok("opaque-3", expires_in=-5))
    tokens = manager(server, clock=clock)
    first = await tokens.get()
    assert (first.expires_at, first.renew_at) == (T0 + 180, T0 + 150)
    clock.now = first.renew_at
    second = await tokens.get()  # no exp, no expires_in: the default
    assert second.value == "opaque-2"
    assert second.expires_at == clock.now + DEFAULT_TOKEN_LIFETIME
    clock.now = second.renew_at
    third = await tokens.get()  # a nonsensical expires_in: the default too
    assert third.expires_at == clock.now + DEFAULT_TOKEN_LIFETIME


async def test_garbage_jwt_falls_back_to_expires_in() -> None:
    server = FakeServer(ok(jwt(None, raw_payload="%%%"), expires_in=300))
    token = await manager(server).get()
    assert token.expires_at == T0 + 300


async def test_exp_in_the_past_is_clock_skew_not_a_token_per_request() -> None:
    server = FakeServer(ok(jwt({"exp": int(T0) - 3600}), expires_in=900))
    tokens = manager(server)
    token = await tokens.get()
    assert token.expires_at == T0 + 900
    assert await tokens.get() is token
    assert len(server.calls) == 1


# --- Renewal ahead of expiry ----------------------------------------------------------------------


async def test_cached_until_30s_before_exp_then_renewed() -> None:
    clock = Clock()
    server = FakeServer(ok(jwt({"exp": int(T0) + 900})), ok(jwt({"exp": int(T0) + 1800})))
    tokens = manager(server, clock=clock)
    first = await tokens.get()
    clock.now = T0 + 869.9
    assert await tokens.get() is first
    assert len(server.calls) == 1
    clock.now = T0 + 870.0
    second = await tokens.get()
    assert second is not first
    assert second.expires_at == T0 + 1800
    assert tokens.fetches == tokens.requests == 2


async def test_a_2s_token_is_renewed_half_a_second_before_exp() -> None:
    # exp is whole seconds: a 2 s token issued at .3 lives 1.7 s here, renewed ~0.43 s early.
    clock = Clock(T0 + 0.3)
    server = FakeServer(ok(jwt({"exp": int(T0) + 2})))
    tokens = manager(server, clock=clock)
    token = await tokens.get()
    assert token.expires_at == T0 + 2
    assert token.renew_at == pytest.approx(T0 + 2 - 1.7 / 4)
    clock.now = T0 + 1.5
    assert await tokens.get() is token
    clock.now = T0 + 1.6
    assert await tokens.get() is not token
    # An exact 2 s token: renewed 0.5 s before exp.
    assert renewal_time(T0, T0 + 2) == T0 + 2 - 0.5


# --- The request ----------------------------------------------------------------------------------


async def test_request_body_and_headers() -> None:
    server = FakeServer(ok("t"))
    await manager(server).get()
    url, body, headers, operation = server.calls[0]
    assert url == URL(URL_)
    assert orjson.loads(body) == {"client_id": "app-id", "client_secret": SECRET}
    assert {k.lower() for k in headers} == {"accept"}  # no Authorization of any case
    assert operation == f"POST {URL_}"


async def test_public_endpoint_gets_the_grant_type() -> None:
    server = FakeServer(ok("t", token_type="Bearer", expires_in=180))
    token = await manager(server, url=PUBLIC_URL).get()
    assert orjson.loads(server.calls[0][1]) == {
        "client_id": "app-id",
        "client_secret": SECRET,
        "grant_type": "client_credentials",
    }
    assert token.expires_at == T0 + 180


# --- Single flight --------------------------------------------------------------------------------


async def test_concurrent_callers_share_one_request() -> None:
    server = FakeServer(ok(jwt({"exp": int(T0) + 900})))
    server.release = asyncio.Event()
    tokens = manager(server)
    waiters = [asyncio.create_task(tokens.get()) for _ in range(1000)]
    await asyncio.sleep(0)
    server.release.set()
    got = await asyncio.gather(*waiters)
    assert len(server.calls) == 1
    assert tokens.fetches == 1
    assert all(t is got[0] for t in got)


async def test_failure_reaches_every_waiter_and_the_next_call_tries_again() -> None:
    server = FakeServer((400, {"message": "Invalid client id or token"}), ok("t"))
    server.release = asyncio.Event()
    tokens = manager(server)
    waiters = [asyncio.create_task(tokens.get()) for _ in range(50)]
    await asyncio.sleep(0)
    server.release.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert all(isinstance(r, AuthenticationError) for r in results)
    # Each waiter has its own copy (one shared object would collect every waiter's traceback).
    assert len({id(r) for r in results}) == 50
    assert str(results[0]) == f"POST {URL_} failed with 400: Invalid client id or token"
    assert len(server.calls) == 1  # a refusal is not retried
    assert (await tokens.get()).value == "t"
    assert tokens.fetches == 2


async def test_a_cancelled_waiter_does_not_cancel_the_fetch() -> None:
    server = FakeServer(ok("t"))
    server.release = asyncio.Event()
    tokens = manager(server)
    first = asyncio.create_task(tokens.get())
    second = asyncio.create_task(tokens.get())
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    server.release.set()
    assert (await second).value == "t"
    with pytest.raises(asyncio.CancelledError):
        await first
    assert len(server.calls) == 1


async def test_a_fetch_whose_waiters_all_left_still_ends_and_is_awaited() -> None:
    loop = asyncio.get_running_loop()
    unhandled: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _, context: unhandled.append(context))
    try:
        server = FakeServer((400, b"Invalid client id or token"), ok("t"))
        server.release = asyncio.Event()
        tokens = manager(server)
        waiter = asyncio.create_task(tokens.get())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        fetch = tokens._fetch
        assert fetch is not None
        assert not fetch.done()  # still going for whoever comes next
        server.release.set()
        await asyncio.wait((fetch,))
        del fetch, waiter
        gc.collect()
        await asyncio.sleep(0)
        assert unhandled == []  # no "Task exception was never retrieved"
        assert (await tokens.get()).value == "t"  # it failed: the next call tries again
    finally:
        loop.set_exception_handler(None)


async def test_close_cancels_the_fetch_and_its_waiters_see_a_closed_client() -> None:
    server = FakeServer(ok("t"))
    server.release = asyncio.Event()
    tokens = manager(server)
    waiter = asyncio.create_task(tokens.get())
    await asyncio.sleep(0)
    await tokens.close()
    with pytest.raises(ClientClosedError):
        await waiter
    with pytest.raises(ClientClosedError):
        await tokens.get()


async def test_invalidate_drops_only_the_token_it_is_given() -> None:
    server = FakeServer(ok("t1"), ok("t2"))
    tokens = manager(server)
    t1 = await tokens.get()
    tokens.invalidate(t1)
    t2 = await tokens.get()
    assert t2.value == "t2"
    tokens.invalidate(t1)  # a stale 401: a newer token is cached already
    assert await tokens.get() is t2
    assert len(server.calls) == 2


# --- Failures -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403])
async def test_refusal_is_an_authentication_error_naming_the_url(status: int) -> None:
    # A server echoing the request must not make the secret part of the error.
    server = FakeServer((status, {"message": f"bad client_secret {SECRET}", "echo": SECRET}))
    with pytest.raises(AuthenticationError) as info:
        await manager(server).get()
    error = info.value
    assert error.status == status
    assert URL_ in str(error)
    assert str(status) in str(error)
    assert SECRET not in repr(error) + repr(error.args) + repr(vars(error))


async def test_other_statuses_keep_their_class() -> None:
    with pytest.raises(NotFoundError, match="applications/token failed with 404"):
        await manager(FakeServer((404, b"Object not found."))).get()
    with pytest.raises(ServerError, match="failed with 500"):
        await manager(FakeServer((500, {"message": "boom"}))).get()


async def test_transient_failures_are_retried() -> None:
    sleeps = SleepRecorder()
    server = FakeServer((503, b"unavailable"), (429, b"slow down"), ok("t"))
    assert (await manager(server, sleep=sleeps).get()).value == "t"
    assert len(server.calls) == 3
    assert len(sleeps.delays) == 2


async def test_transient_failures_past_the_budget_say_the_request_was_not_sent() -> None:
    dropped = ApiConnectionError("reset", operation=f"POST {URL_}", maybe_processed=True)
    server = FakeServer(dropped)
    with pytest.raises(ApiConnectionError) as info:
        await manager(server, retry=RetryConfig(attempts=2, initial_backoff=0.01)).get()
    # The token request may have been processed; the request that needed it was not sent,
    # so even a sync may be tried again.
    assert info.value.maybe_processed is False
    assert "no access token" in str(info.value)
    assert isinstance(info.value.__cause__, ApiConnectionError)
    assert len(server.calls) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"<html>not json</html>",
        b"",
        b"[1, 2]",
        b'{"token": "t"}',
        b'{"access_token": ""}',
        b'{"access_token": 42}',
        b'{"access_token": "two words"}',
        b'{"access_token": "line\\nbreak"}',
        b'{"access_token": "caf\\u00e9"}',
    ],
)
async def test_malformed_answer_is_a_decode_error_naming_the_endpoint(body: bytes) -> None:
    with pytest.raises(ResponseDecodeError) as info:
        await manager(FakeServer((200, body))).get()
    assert str(info.value).startswith(f"POST {URL_}: the token endpoint's 200 answer")
    assert info.value.__cause__ is None  # orjson's error keeps the whole document


def test_reprs_hide_secret_and_token() -> None:
    credentials = ClientCredentials("app-id", SECRET, PUBLIC_URL)
    token = AccessToken("tok-CANARY", T0 + 60, T0 + 45)
    assert SECRET not in repr(credentials)
    assert "app-id" in repr(credentials)
    assert "tok-CANARY" not in repr(token)
    tokens = manager(FakeServer(ok("t")))
    tokens._token = token
    assert "tok-CANARY" not in repr(tokens)
    assert SECRET not in repr(tokens)
