"""Retries: what is retried, how often, how long it waits, and what is never resent."""

from __future__ import annotations

import asyncio
import logging
import uuid

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitError,
    RetryConfig,
    ServerError,
)
from aioairbyte.errors import InvalidArgumentError
from tests.conftest import BASE_URL, SleepRecorder

CID = uuid.UUID("9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11")
HEALTH = f"{BASE_URL}/v1/health"
JOB_INFO = {
    "job": {
        "id": 7,
        "configType": "sync",
        "configId": str(CID),
        "createdAt": 1,
        "updatedAt": 1,
        "status": "running",
    },
    "attempts": [],
}


def _requests(mocked: aioresponses, method: str, url: str) -> int:
    return len(mocked.requests.get((method, URL(url)), []))


# A failure to inject: (kwargs for aioresponses, the exception a caller sees when it persists)
TRANSIENT = {
    "503": ({"status": 503, "body": "unavailable"}, ServerError),
    "502": ({"status": 502, "body": "bad gateway"}, ServerError),
    "504": ({"status": 504, "body": "gateway timeout"}, ServerError),
    "429": ({"status": 429, "body": "slow down"}, RateLimitError),
    "reset": ({"exception": aiohttp.ServerDisconnectedError()}, ApiConnectionError),
    "timeout": ({"exception": TimeoutError()}, ApiTimeoutError),
    "refused": (
        {"exception": aiohttp.ClientConnectorError(None, OSError(111, "Connection refused"))},  # type: ignore[arg-type]
        ApiConnectionError,
    ),
}


@pytest.mark.parametrize("kind", sorted(TRANSIENT))
@pytest.mark.parametrize("failures", [0, 1, 2, 3])
async def test_idempotent_read_retried_until_success(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, kind: str, failures: int
) -> None:
    fault, _ = TRANSIENT[kind]
    for _ in range(failures):
        mocked.get(HEALTH, **fault)
    mocked.get(HEALTH, payload={"available": True})
    result = await client.health.check()
    assert result.available is True
    assert _requests(mocked, "GET", HEALTH) == failures + 1
    assert len(sleeps.delays) == failures


@pytest.mark.parametrize("kind", sorted(TRANSIENT))
async def test_gives_up_after_attempts_with_typed_error(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, kind: str
) -> None:
    fault, exc_type = TRANSIENT[kind]
    for _ in range(4):
        mocked.get(HEALTH, **fault)
    with pytest.raises(exc_type) as info:
        await client.health.check()
    assert "GET /v1/health" in str(info.value)
    assert _requests(mocked, "GET", HEALTH) == 4
    assert len(sleeps.delays) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500])
async def test_client_errors_and_500_not_retried(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, status: int
) -> None:
    mocked.get(HEALTH, status=status, payload={"message": "no"})
    with pytest.raises(ApiError) as info:
        await client.health.check()
    assert info.value.status == status
    assert _requests(mocked, "GET", HEALTH) == 1
    assert sleeps.delays == []


def test_backoff_grows_and_is_capped() -> None:
    # Full jitter: each wait is uniform in [0, min(max, initial * 2**n)].
    from tenacity import RetryCallState

    from aioairbyte.endpoints import Endpoint
    from aioairbyte.retries import RetryLog

    config = RetryConfig(attempts=10, initial_backoff=0.5, max_backoff=4)
    controller = config.controller(
        Endpoint("/v1/x", idempotent=True), asyncio.sleep, RetryLog(), started=0.0
    )
    for attempt in range(1, 9):
        state = RetryCallState(controller, fn=None, args=(), kwargs={})
        state.attempt_number = attempt
        state.set_exception((ServerError, ServerError("x", status=503, operation="o"), None))
        waits = [controller.wait(state) for _ in range(200)]
        cap = min(4.0, 0.5 * 2 ** (attempt - 1))
        assert all(0 <= w <= cap for w in waits)
        assert max(waits) > cap / 2  # jitter spreads over the range, it is not a constant


async def test_retry_after_seconds_is_honoured_and_capped(
    mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    async with AirbyteClient(BASE_URL, retry=RetryConfig(attempts=3, max_retry_after=10)) as c:
        c.transport._sleep = sleeps
        mocked.get(HEALTH, status=429, headers={"Retry-After": "3"})
        mocked.get(HEALTH, status=503, headers={"Retry-After": "3600"})
        mocked.get(HEALTH, payload={"available": True})
        assert (await c.health.check()).available
    assert sleeps.delays == [3.0, 10.0]


async def test_total_timeout_stops_before_a_wait_that_would_exceed_it(
    mocked: aioresponses, sleeps: SleepRecorder
) -> None:
    async with AirbyteClient(
        BASE_URL, retry=RetryConfig(attempts=10, total_timeout=5, max_retry_after=60)
    ) as c:
        c.transport._sleep = sleeps
        mocked.get(HEALTH, status=503, headers={"Retry-After": "30"})
        with pytest.raises(ServerError):
            await c.health.check()
    assert sleeps.delays == []
    assert _requests(mocked, "GET", HEALTH) == 1


async def test_no_retries_policy(mocked: aioresponses, sleeps: SleepRecorder) -> None:
    async with AirbyteClient(BASE_URL, retry=RetryConfig(attempts=1)) as c:
        c.transport._sleep = sleeps
        mocked.get(HEALTH, status=503)
        with pytest.raises(ServerError):
            await c.health.check()
    assert sleeps.delays == []


# --- non-idempotent operations: sync, reset, create -------------------------------------------

SYNC = f"{BASE_URL}/v1/connections/sync"
RESET = f"{BASE_URL}/v1/connections/reset"


@pytest.mark.parametrize("url", [SYNC, RESET])
@pytest.mark.parametrize(
    "fault",
    [
        {"exception": aiohttp.ServerDisconnectedError()},
        {"exception": TimeoutError()},
        {"exception": aiohttp.ClientPayloadError("truncated")},
        {"status": 500},
        {"status": 502},
        {"status": 504},
    ],
    ids=["dropped", "timeout", "payload", "500", "502", "504"],
)
async def test_trigger_not_resent_after_ambiguous_failure(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, url: str, fault: dict
) -> None:
    mocked.post(url, **fault)
    mocked.post(url, payload=JOB_INFO)  # would be consumed by a (forbidden) resend
    method = client.connections.sync if url == SYNC else client.connections.reset
    with pytest.raises((ApiConnectionError, ServerError)) as info:
        await method(CID)
    assert _requests(mocked, "POST", url) == 1
    assert sleeps.delays == []
    if isinstance(info.value, ApiConnectionError):
        assert info.value.maybe_processed is True


@pytest.mark.parametrize(
    "exc",
    [
        aiohttp.ClientConnectorError(None, OSError(111, "Connection refused")),  # type: ignore[arg-type]
        aiohttp.ClientConnectorDNSError(None, OSError(-2, "Name or service not known")),  # type: ignore[arg-type]
    ],
    ids=["refused", "dns"],
)
async def test_trigger_resent_when_request_never_left(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, exc: Exception
) -> None:
    mocked.post(SYNC, exception=exc)
    mocked.post(SYNC, payload=JOB_INFO)
    job = await client.connections.sync(CID)
    assert job.job.id == 7
    assert _requests(mocked, "POST", SYNC) == 2
    assert len(sleeps.delays) == 1


@pytest.mark.parametrize("url", [SYNC, RESET])
@pytest.mark.parametrize(
    "fault",
    [{"status": 503}, {"status": 429, "headers": {"Retry-After": "1"}}],
    ids=["proxy-503", "429"],
)
async def test_trigger_resent_when_refused(
    client: AirbyteClient, mocked: aioresponses, sleeps: SleepRecorder, url: str, fault: dict
) -> None:
    # A 429 and the proxy's 503 are refusals: the server did nothing, a resend is safe.
    mocked.post(url, **fault)
    mocked.post(url, payload=JOB_INFO)
    method = client.connections.sync if url == SYNC else client.connections.reset
    assert (await method(CID)).job.id == 7
    assert _requests(mocked, "POST", url) == 2
    assert len(sleeps.delays) == 1


async def test_connect_failure_is_marked_not_processed(
    client: AirbyteClient, mocked: aioresponses
) -> None:
    for _ in range(4):
        mocked.post(SYNC, exception=aiohttp.ClientConnectorError(None, OSError(111, "refused")))  # type: ignore[arg-type]
    with pytest.raises(ApiConnectionError) as info:
        await client.connections.sync(CID)
    assert info.value.maybe_processed is False
    assert "POST /v1/connections/sync" in str(info.value)


async def test_conflict_on_sync_not_retried(client: AirbyteClient, mocked: aioresponses) -> None:
    mocked.post(SYNC, status=409, payload={"message": f"A sync is already running for: {CID}"})
    with pytest.raises(ConflictError) as info:
        await client.connections.sync(CID)
    assert info.value.sync_already_running
    assert _requests(mocked, "POST", SYNC) == 1


async def test_cancel_is_retried(client: AirbyteClient, mocked: aioresponses) -> None:
    url = f"{BASE_URL}/v1/jobs/cancel"
    mocked.post(url, exception=aiohttp.ServerDisconnectedError())
    mocked.post(url, status=503)
    mocked.post(url, payload=JOB_INFO)
    assert (await client.jobs.cancel(7)).job.id == 7
    assert _requests(mocked, "POST", url) == 3


async def test_not_found_is_not_retried(client: AirbyteClient, mocked: aioresponses) -> None:
    url = f"{BASE_URL}/v1/connections/get"
    mocked.post(url, status=404, body="Object not found.")
    with pytest.raises(NotFoundError):
        await client.connections.get(CID)
    assert _requests(mocked, "POST", url) == 1


async def test_each_retry_is_logged_without_secrets(
    mocked: aioresponses, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aioairbyte")
    async with AirbyteClient(BASE_URL, auth=("airbyte", "s3cr3t-canary")) as c:
        c.transport._sleep = sleeps
        mocked.get(HEALTH, status=503)
        mocked.get(HEALTH, exception=aiohttp.ServerDisconnectedError())
        mocked.get(HEALTH, payload={"available": True})
        await c.health.check()
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying GET /v1/health")]
    assert len(retries) == 2
    assert "attempt 1 of 5" in retries[0].getMessage()
    # It succeeded on a retry: nothing to warn about.
    assert {r.levelno for r in retries} == {logging.DEBUG}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "s3cr3t-canary" not in caplog.text


@pytest.mark.parametrize("level", [logging.DEBUG, logging.WARNING])
async def test_retries_exhausted_are_one_warning_line(
    mocked: aioresponses,
    sleeps: SleepRecorder,
    caplog: pytest.LogCaptureFixture,
    level: int,
) -> None:
    """An unreachable server: the retries are DEBUG lines, then one WARNING says the call gave
    up (how many attempts, how long, why) before the error is raised."""
    caplog.set_level(level, logger="aioairbyte")
    async with AirbyteClient(BASE_URL, auth=("airbyte", "s3cr3t-canary")) as c:
        c.transport._sleep = sleeps
        refused = aiohttp.ClientConnectorError(None, OSError(111, "refused"))  # type: ignore[arg-type]
        mocked.get(HEALTH, exception=refused, repeat=True)
        with pytest.raises(ApiConnectionError) as caught:
            await c.health.check()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    [line] = [r.getMessage() for r in warnings]
    assert line.startswith("gave up on GET /v1/health after 5 attempts over ")
    assert line.endswith(f"s: {caught.value}")
    retries = [r for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == (4 if level == logging.DEBUG else 0)
    assert {r.levelno for r in retries} <= {logging.DEBUG}
    assert "s3cr3t-canary" not in caplog.text


async def test_a_definite_error_after_retries_is_not_a_give_up(
    mocked: aioresponses, sleeps: SleepRecorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aioairbyte")
    async with AirbyteClient(BASE_URL) as c:
        c.transport._sleep = sleeps
        mocked.get(HEALTH, status=503)
        mocked.get(HEALTH, status=401, body="")
        with pytest.raises(AuthenticationError):
            await c.health.check()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"attempts": 0},
        {"attempts": True},
        {"attempts": 1.5},
        {"total_timeout": 0},
        {"initial_backoff": -1},
        {"max_backoff": "1"},
        {"max_retry_after": 0},
    ],
)
def test_retry_config_rejects_bad_values(kwargs: dict) -> None:
    with pytest.raises(InvalidArgumentError):
        RetryConfig(**kwargs)
