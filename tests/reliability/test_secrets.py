"""Credentials never leak: not into logs, error messages, reprs, chained causes, results or the CLI.

Whole flows run with a canary password and a canary bearer token, given as ``auth=`` and inside
the URL (``http://user:canary@host/api``), and with client credentials (a canary client secret,
canary tokens issued for it: refused, renewed after 401s, retried, malformed), with every
logger at DEBUG (aioairbyte, aiohttp's, asyncio, root), through successes, retries (503, 429),
401s, 500s, connection errors, timeouts, decode errors, a malformed status line (aiohttp then
keeps the request's headers on its error) and redirects. Searched for: the canary itself, the
``Authorization`` header value, and the base64 form basic auth puts on the wire (as much a
secret as the password).

Searched in: captured log text (messages, arguments, tracebacks), ``str``/``repr``/``args`` of
every exception along its ``__cause__``/``__context__`` chain and its formatted traceback, the
reprs of the client, its transport, auth and config objects, and of the results. The command
line runs in subprocesses against the simulator, with DEBUG logging, succeeding and failing.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import orjson
import pytest
import pytest_asyncio
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import (
    AirbyteClient,
    AirbyteError,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BasicAuth,
    BearerAuth,
    BulkSyncError,
    ClientCredentials,
    NotFoundError,
    NotStartedError,
    PollPolicy,
    ResponseDecodeError,
    ResponseValidationError,
    RetryConfig,
    ServerError,
)
from aioairbyte.simulator import Faults, SimulatedAirbyte, SimulatorConfig
from tests import fixtures as f
from tests.conftest import BASE_URL, SleepRecorder

PASSWORD = "canary-pw-7f3a9"
TOKEN = "canary-tok-b81c"
USER = "airbyte"


def _forms(user: str, secret: str) -> list[str]:
    basic = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return [secret, basic, f"Basic {basic}", f"Bearer {secret}"]


CLIENT_SECRET = "canary-cs-4d2e"
#: Tokens issued for the client secret: JWTs whose signature carries a canary.
ISSUED = [
    ".".join(
        [
            base64.urlsafe_b64encode(b'{"alg":"HS256"}').rstrip(b"=").decode(),
            base64.urlsafe_b64encode(f'{{"sub":"app","exp":{4_000_000_000 + n}}}'.encode())
            .rstrip(b"=")
            .decode(),
            f"canary-sig-{n}f3a",
        ]
    )
    for n in range(8)
]

#: Every form in which a credential could show: plain, and as it goes on the wire.
SECRETS = [
    *_forms(USER, PASSWORD),
    *_forms(USER, TOKEN),
    CLIENT_SECRET,
    "canary-sig-",  # any issued token, whole or cut
    *ISSUED,
]

# Enough attempts that the simulator's injected 503s (10% of requests) never exhaust them.
FAST_RETRY = RetryConfig(attempts=6, total_timeout=10, initial_backoff=0.01, max_backoff=0.02)
FAST_POLL = PollPolicy(first=0.01, backoff=1.5, max_interval=0.05, jitter=0)
AIOHTTP_LOGGERS = ["aiohttp.client", "aiohttp.access", "aiohttp.server", "aiohttp.web"]


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"credential found in {where}: ...{secret[:6]}..."


def exception_texts(error: BaseException) -> str:
    """Everything an exception can show: each link of its chain, its args, its traceback."""
    parts: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        parts += [str(exc), repr(exc), repr(exc.args)]
        parts += [repr(v) for v in vars(exc).values()] if hasattr(exc, "__dict__") else []
        todo += [e for e in (exc.__cause__, exc.__context__) if e is not None]
        if isinstance(exc, BaseExceptionGroup):
            todo += list(exc.exceptions)
    parts += traceback.format_exception(error)
    return "\n".join(parts)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger of interest at DEBUG; after the test, the captured text must be clean."""
    caplog.set_level(logging.DEBUG)
    for name in ["aioairbyte", "asyncio", *AIOHTTP_LOGGERS]:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog
    # The test's own records: by teardown, caplog.text and caplog.records hold only teardown's.
    records = [r for when in ("setup", "call") for r in caplog.get_records(when)]
    assert records, "nothing was logged: the check would be vacuous"
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    text = "\n".join(formatter.format(r) + repr(r.args) + repr(r.msg) for r in records)
    assert_clean(text, "logs")


def _clients(url: str = BASE_URL, **kwargs: Any) -> list[tuple[str, AirbyteClient]]:
    """The same server reached with each way of giving credentials."""
    with_url = url.replace("://", f"://{USER}:{PASSWORD}@", 1)
    return [
        ("auth-tuple", AirbyteClient(url, auth=(USER, PASSWORD), **kwargs)),
        ("basic-auth", AirbyteClient(url, auth=BasicAuth(USER, PASSWORD), **kwargs)),
        ("bearer", AirbyteClient(url, auth=BearerAuth(TOKEN), **kwargs)),
        ("in-url", AirbyteClient(with_url, **kwargs)),
    ]


def _assert_objects_clean(client: AirbyteClient, *results: Any) -> None:
    transport = client.transport
    for obj in (client, transport, transport.auth, transport.retry, transport.timeout, *results):
        assert_clean(repr(obj), f"repr of {type(obj).__name__}")
        assert_clean(str(obj), f"str of {type(obj).__name__}")
    assert_clean(client.base_url, "base_url")


# --- Mocked transport: every kind of failure -----------------------------------------------------

GET = BASE_URL + "/v1/connections/get"
SYNC = BASE_URL + "/v1/connections/sync"
JOBS_GET = BASE_URL + "/v1/jobs/get"
HEALTH = BASE_URL + "/v1/health"
WORKSPACES = BASE_URL + "/v1/workspaces/list"


@pytest.mark.parametrize("mode", ["auth-tuple", "basic-auth", "bearer", "in-url"])
async def test_failures_and_retries_never_show_credentials(
    mode: str, logs: pytest.LogCaptureFixture, sleeps: SleepRecorder
) -> None:
    client = dict(_clients(retry=RetryConfig(attempts=3)))[mode]
    client.transport._sleep = sleeps
    errors: list[BaseException] = []
    results: list[Any] = []

    async def expect(error_type: type[AirbyteError], call: Any) -> None:
        with pytest.raises(error_type) as info:
            await call
        errors.append(info.value)

    with aioresponses() as mocked:
        # 503 twice then an answer: two WARNING lines about retries, then DEBUG lines.
        mocked.post(GET, status=503, body="<html><title>503</title></html>")
        mocked.post(GET, status=429, headers={"Retry-After": "0"}, body="slow down")
        mocked.post(GET, payload=f.connection_read())
        results.append(await client.connections.get(f.CONNECTION_ID))
        # The nginx 401 page.
        mocked.post(
            WORKSPACES, status=401, body="<html><title>401 Authorization Required</title></html>"
        )
        await expect(AuthenticationError, client.workspaces.list())
        # A 500 that is not retried, and 503s until the attempts run out.
        mocked.post(JOBS_GET, status=500, payload={"message": "boom", "exceptionClassName": "X"})
        await expect(ServerError, client.jobs.get(1))
        mocked.post(JOBS_GET, status=503, body="unavailable", repeat=True)
        await expect(ServerError, client.jobs.get(1))
        mocked.clear()
        # No answer at all: refused, dropped, timed out (connect and read).
        key = ConnectionKey("airbyte.test", 80, False, True, None, None, None)
        refused = aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))
        mocked.post(GET, exception=refused, repeat=True)
        await expect(ApiConnectionError, client.connections.get(f.CONNECTION_ID))
        mocked.clear()
        mocked.post(SYNC, exception=aiohttp.ServerDisconnectedError())
        await expect(ApiConnectionError, client.connections.sync(f.CONNECTION_ID))
        mocked.post(SYNC, exception=aiohttp.ConnectionTimeoutError())
        mocked.post(SYNC, exception=TimeoutError())
        await expect(ApiTimeoutError, client.connections.sync(f.CONNECTION_ID))
        # Success statuses with answers that do not decode.
        mocked.post(GET, body=b"{ not json", content_type="text/html")
        await expect(ResponseDecodeError, client.connections.get(f.CONNECTION_ID))
        mocked.post(GET, payload={"connectionId": "nope"})
        await expect(ResponseValidationError, client.connections.get(f.CONNECTION_ID))
        mocked.post(GET, status=404, body="Object not found.")
        await expect(NotFoundError, client.connections.get(f.CONNECTION_ID))
    with aioresponses() as mocked:
        # A redirect to another host is refused, not followed with the credentials.
        mocked.post(GET, status=302, headers={"Location": "http://evil.test/steal"})
        mocked.get("http://evil.test/steal", body="gotcha")
        await expect(ApiError, client.connections.get(f.CONNECTION_ID))
        assert list(mocked.requests) == [("POST", URL(GET))]  # evil.test never asked
        assert len(mocked.requests[("POST", URL(GET))]) == 1
        # Sent, really, with the credentials (the test would be vacuous otherwise).
        sent = mocked.requests[("POST", URL(GET))][0].kwargs["headers"]["Authorization"]
        assert sent in SECRETS
    await client.close()

    assert len(errors) == 10
    assert sum("retrying" in r.getMessage() for r in logs.records) >= 4  # retries were logged
    assert any(r.levelno == logging.DEBUG for r in logs.records)
    for error in errors:
        assert_clean(exception_texts(error), f"{type(error).__name__}")
    _assert_objects_clean(client, *results)


# --- A real socket: aiohttp's own errors carry the request headers --------------------------------


@pytest_asyncio.fixture
async def broken_server() -> AsyncIterator[str]:
    """Answers every request with a malformed status line (aiohttp: ClientResponseError)."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(b"HTTP/1.1 abc\r\n\r\n")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api"
    for writer in writers:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_aiohttp_errors_chained_to_ours_are_redacted(
    broken_server: str, logs: pytest.LogCaptureFixture
) -> None:
    for mode, client in _clients(
        broken_server, retry=RetryConfig(attempts=2, initial_backoff=0.01)
    ):
        async with client:
            with pytest.raises(ApiConnectionError) as info:
                await client.health.check()
        cause = info.value.__cause__
        # The cause is kept (errors are chained), and it is aiohttp's error with request_info.
        assert isinstance(cause, aiohttp.ClientResponseError), mode
        assert cause.request_info.headers["Authorization"] == "***"
        assert_clean(exception_texts(info.value), f"the chain of {mode}")


# --- Client credentials: the secret and the tokens issued for it ----------------------------------

TOKEN_URL = BASE_URL + "/v1/applications/token"


def _token_answer(n: int) -> dict[str, Any]:
    return {"access_token": ISSUED[n], "token_type": "Bearer", "expires_in": 900}


async def test_client_credentials_never_show_the_secret_or_tokens(
    logs: pytest.LogCaptureFixture, sleeps: SleepRecorder
) -> None:
    credentials = ClientCredentials("app-id", CLIENT_SECRET)
    client = AirbyteClient(BASE_URL, auth=credentials, retry=RetryConfig(attempts=3))
    client.transport._sleep = sleeps
    tokens = client.transport.tokens
    assert tokens is not None
    errors: list[BaseException] = []
    results: list[Any] = []

    async def expect(error_type: type[AirbyteError], call: Any) -> None:
        with pytest.raises(error_type) as info:
            await call
        errors.append(info.value)

    key = ConnectionKey("airbyte.test", 80, False, True, None, None, None)
    refused = aiohttp.ClientConnectorError(key, OSError(111, "Connection refused"))
    with aioresponses() as mocked:
        # The token request retried (503, then dropped), then issued; the request succeeds.
        mocked.post(TOKEN_URL, status=503, body="<html><title>503</title></html>")
        mocked.post(TOKEN_URL, exception=aiohttp.ServerDisconnectedError())
        mocked.post(TOKEN_URL, payload=_token_answer(0))
        mocked.post(GET, payload=f.connection_read())
        results.append(await client.connections.get(f.CONNECTION_ID))
        # A 401: renewed, resent; then 401 twice: AuthenticationError.
        mocked.post(GET, status=401)
        mocked.post(TOKEN_URL, payload=_token_answer(1))
        mocked.post(GET, payload=f.connection_read())
        results.append(await client.connections.get(f.CONNECTION_ID))
        mocked.post(WORKSPACES, status=401, repeat=2)
        mocked.post(TOKEN_URL, payload=_token_answer(2))
        await expect(AuthenticationError, client.workspaces.list())
        # A sync refused with 401, renewed, resent once.
        mocked.post(SYNC, status=401)
        mocked.post(TOKEN_URL, payload=_token_answer(3))
        mocked.post(SYNC, payload=f.job_info_read())
        results.append(await client.connections.sync(f.CONNECTION_ID))
        # Refused credentials, the server echoing the secret back.
        mocked.post(JOBS_GET, status=401)
        mocked.post(
            TOKEN_URL,
            status=400,
            payload={"message": f"Invalid client id or token {CLIENT_SECRET}", "x": CLIENT_SECRET},
        )
        await expect(AuthenticationError, client.jobs.get(1))
        mocked.post(TOKEN_URL, status=403, body=f"forbidden: {CLIENT_SECRET}")
        await expect(AuthenticationError, client.jobs.get(1))
        # Answers that do not decode, quoting a token.
        mocked.post(TOKEN_URL, body=f"access_token={ISSUED[4]}".encode(), content_type="text/plain")
        await expect(ResponseDecodeError, client.jobs.get(1))
        mocked.post(TOKEN_URL, body=f'{{"access_token": "{ISSUED[5]}"'.encode())  # cut short
        await expect(ResponseDecodeError, client.jobs.get(1))
        mocked.post(TOKEN_URL, payload={"access_token": 42, "echo": ISSUED[6]})
        await expect(ResponseDecodeError, client.jobs.get(1))
        mocked.post(TOKEN_URL, payload={"access_token": f"{ISSUED[7]}\nX-Evil: 1"})
        await expect(ResponseDecodeError, client.jobs.get(1))
        # No answer from the token endpoint: refused, timed out.
        mocked.post(TOKEN_URL, exception=refused, repeat=True)
        await expect(ApiConnectionError, client.jobs.get(1))
        mocked.clear()
        mocked.post(TOKEN_URL, exception=TimeoutError(), repeat=True)
        await expect(ApiConnectionError, client.connections.sync(f.CONNECTION_ID))
        mocked.clear()
        # Sent, really, with the secret and the tokens (the test would be vacuous otherwise).
        sent = [call.kwargs for (method, url), calls in mocked.requests.items() for call in calls]
    assert any(CLIENT_SECRET.encode() in (kw.get("data") or b"") for kw in sent)
    await client.close()
    assert tokens.fetches >= 6
    assert sum("retrying" in r.getMessage() for r in logs.records) >= 2
    assert any(r.levelno == logging.DEBUG for r in logs.records)
    assert len(errors) == 9
    for error in errors:
        assert_clean(exception_texts(error), f"{type(error).__name__}")
    _assert_objects_clean(client, *results)
    for obj in (tokens, tokens.cached, credentials):
        assert_clean(repr(obj), f"repr of {type(obj).__name__}")


async def test_client_credentials_tokens_were_on_the_wire(mocked: aioresponses) -> None:
    # The canaries above are real: the token request carries the secret, requests the token.
    mocked.post(TOKEN_URL, payload=_token_answer(0))
    mocked.get(HEALTH, payload={"available": True})
    async with AirbyteClient(BASE_URL, auth=ClientCredentials("app-id", CLIENT_SECRET)) as c:
        await c.health.check()
    (token_call,) = mocked.requests[("POST", URL(TOKEN_URL))]
    assert CLIENT_SECRET.encode() in token_call.kwargs["data"]
    (call,) = mocked.requests[("GET", URL(HEALTH))]
    assert call.kwargs["headers"]["Authorization"] == f"Bearer {ISSUED[0]}"


@pytest_asyncio.fixture
async def token_then_broken_server() -> AsyncIterator[str]:
    """Issues a canary token, then answers every other request with a malformed status line."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            if b"/applications/token" in head.split(b"\r\n", 1)[0]:
                body = orjson.dumps(_token_answer(0))
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
            else:
                writer.write(b"HTTP/1.1 abc\r\n\r\n")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api"
    for writer in writers:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_aiohttp_errors_with_an_issued_token_are_redacted(
    token_then_broken_server: str, broken_server: str, logs: pytest.LogCaptureFixture
) -> None:
    retry = RetryConfig(attempts=2, initial_backoff=0.01)
    credentials = ClientCredentials("app-id", CLIENT_SECRET)
    async with AirbyteClient(token_then_broken_server, auth=credentials, retry=retry) as client:
        with pytest.raises(ApiConnectionError) as info:
            await client.health.check()
    cause = info.value.__cause__
    assert isinstance(cause, aiohttp.ClientResponseError)
    assert cause.request_info.headers["Authorization"] == "***"
    assert_clean(exception_texts(info.value), "the chain of a request with an issued token")
    # The token request itself failing so: no Authorization to mask, and no body in the error.
    credentials = ClientCredentials("app-id", CLIENT_SECRET, token_url=broken_server + "/token")
    async with AirbyteClient(token_then_broken_server, auth=credentials, retry=retry) as client:
        with pytest.raises(ApiConnectionError) as info:
            await client.health.check()
    assert_clean(exception_texts(info.value), "the chain of a failed token request")


# --- Real HTTP: whole flows against the simulator ------------------------------------------------


async def test_whole_flows_against_the_simulator(logs: pytest.LogCaptureFixture) -> None:
    config = SimulatorConfig(auth=(USER, PASSWORD), attempt_duration=0.05, connections=3, seed=3)
    async with SimulatedAirbyte(config=config) as sim:
        # Some 503s on every path: the retries are logged at WARNING, with their errors.
        sim.faults = Faults(rate_503=0.1, seed=11)
        results: list[Any] = []
        for mode, client in _clients(sim.url, retry=FAST_RETRY):
            if mode == "bearer":
                continue  # the simulator's proxy takes basic auth only (below: its 401)
            async with client:
                assert (await client.health.check()).available
                workspace = (await client.workspaces.list())[0]
                ids = await client.connections.active_ids(workspace.workspace_id)
                result = await client.connections.sync_and_wait(ids[0], poll=FAST_POLL)
                bulk = await client.sync_many(ids[1:], poll=FAST_POLL, timeout=10)
                assert bulk.ok, bulk.summary
                results += [workspace, result, bulk, bulk.summary, *bulk.outcomes]
                results.append(await client.jobs.get(result.job_id))
                results.append(await client.state.get(ids[0]))
                _assert_objects_clean(client, *results)
        assert sim.stats.faults_injected, "no fault was injected: the retries went untested"
        sim.faults = Faults()

        errors: list[BaseException] = []
        wrong = [
            AirbyteClient(sim.url, auth=BearerAuth(TOKEN), retry=FAST_RETRY),
            AirbyteClient(sim.url, auth=(USER, PASSWORD + "-wrong"), retry=FAST_RETRY),
            AirbyteClient(sim.url.replace("://", f"://nobody:{PASSWORD}@"), retry=FAST_RETRY),
        ]
        for client in wrong:
            async with client:
                with pytest.raises(AuthenticationError) as info:
                    await client.connections.sync_and_wait(ids[0], poll=FAST_POLL)
                errors.append(info.value)
                _assert_objects_clean(client)
        # Nobody listens any more: connection refused, resent until the deadline.
        url = sim.url
    async with AirbyteClient(url, auth=(USER, PASSWORD), retry=FAST_RETRY) as client:
        with pytest.raises(BulkSyncError) as refused:
            await client.sync_many(ids, raise_on_failure=True, poll=FAST_POLL, timeout=0.5)
        errors.append(refused.value)
        assert all(isinstance(e, NotStartedError) for e in refused.value.exceptions)
        with pytest.raises(ApiConnectionError) as info:
            await client.health.check()  # a single call: retried, then raised
        errors.append(info.value)
    for error in errors:
        assert_clean(exception_texts(error), type(error).__name__)
    assert_clean(repr(results), "results")


# --- The command line, in subprocesses ------------------------------------------------------------

# Runs the CLI's main several times in one process, with every logger at DEBUG on stderr. Its
# client keeps the default retries (logged at WARNING, with their errors), with short waits only.
DRIVER = """
import ast, logging, sys
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
import aioairbyte.cli.options
from aioairbyte import AirbyteClient, RetryConfig
from aioairbyte.cli import main

class QuickRetries(AirbyteClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, retry=RetryConfig(initial_backoff=0.01, max_backoff=0.02), **kwargs)

aioairbyte.cli.options.AirbyteClient = QuickRetries  # where the CLI builds its client
for argv in ast.literal_eval(sys.argv[1]):
    # -vv: the library's whole log (every request, retry and give-up) goes to stderr too.
    print("exit", main([*argv, "-vv"]), file=sys.stderr, flush=True)
"""


@pytest.fixture(scope="module")
def simulator_url() -> Iterator[str]:
    """A simulator in its own process, requiring the canary password (shared: it costs ~0.5 s)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aioairbyte.simulator",
            "--port",
            "0",
            "--connections",
            "2",
            "--attempt-duration",
            "0.05",
            "--auth",
            f"{USER}:{PASSWORD}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the server is ready
    assert line.startswith("Simulated Airbyte listening on "), line
    yield line.rsplit(" ", 1)[1].strip()
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_cli_never_prints_credentials(simulator_url: str) -> None:
    url = simulator_url
    with_creds = url.replace("://", f"://{USER}:{PASSWORD}@")
    runs = [
        ["health", "--url", url],  # credentials from the environment
        ["connections", "list", "--url", url],
        ["sync", "--all", "--url", url, "--timeout", "10"],  # live progress, summary table
        ["sync", "--all", "--url", url, "--no-wait", "--json"],
        ["health", "--url", with_creds, "--json"],  # credentials inside the URL
        ["health", "--url", url, "--password", PASSWORD + "-wrong"],  # 401
        ["health", "--url", url, "--token", TOKEN],  # bearer: the proxy says 401
        ["health", "--url", f"http://{USER}:{PASSWORD}@127.0.0.1:9/api"],  # refused
        ["health", "--url", f"http://{USER}:{PASSWORD}@127.0.0.1:bad/api"],  # bad URL
    ]
    env = {**os.environ, "AIRBYTE_USERNAME": USER, "AIRBYTE_PASSWORD": PASSWORD}
    env.pop("AIRBYTE_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, repr(runs)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    exits = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("exit ")]
    # Succeeded, then 401 twice and refused (3), and the bad URL is bad input (2).
    assert exits == [0, 0, 0, 0, 0, 3, 3, 3, 2], output
    assert "aioairbyte: DEBUG: GET /v1/health -> 200" in done.stderr  # the requests were logged
    assert "aioairbyte: DEBUG: retrying GET /v1/health" in done.stderr  # the refused retries
    assert "aioairbyte: WARNING: gave up on GET /v1/health" in done.stderr  # and the give-up
    assert "401" in output
    assert_clean(output, "CLI output")


def test_cli_entry_point_failing_auth(simulator_url: str) -> None:
    # The installed entry (python -m aioairbyte), credentials on the command line, refused.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "aioairbyte",
            "sync",
            "--all",
            "--url",
            simulator_url,
            "--username",
            USER,
            "--password",
            PASSWORD + "-wrong",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "401" in done.stderr
    assert_clean(done.stdout + done.stderr, "CLI output")
