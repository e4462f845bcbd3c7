"""The HTTP transport: one aiohttp session, auth, timeouts, a bound on connections, retries.

Everything that touches the network goes through :meth:`Transport.request`, which sends JSON,
maps failures to the :mod:`aioairbyte.errors` tree and retries what is safe to retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import aiohttp
import attrs
import orjson
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ._aio import Sleep
from ._args import headers_arg
from .auth import Auth, AuthLike, BasicAuth, BearerAuth, ClientCredentials, coerce_auth
from .endpoints import Endpoint
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    ClientClosedError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ResponseDecodeError,
    error_from_response,
)
from .retries import RetryConfig, RetryLog, RetryPolicy, send
from .tokens import AccessToken, TokenManager

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "ServerTraits", "Transport"]

logger = logging.getLogger("aioairbyte")

#: Per-request timeouts: a slow connect fails fast, a slow answer gets a minute.
DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=60, connect=10)
USER_AGENT = "aioairbyte/0.1"
#: Responses larger than this are refused rather than buffered (a hostile or broken server).
DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024

_UNGATED = contextlib.nullcontext()


def _split_base_url(base_url: str) -> tuple[str, BasicAuth | None]:
    """Validate ``base_url`` and lift credentials out of it (``http://user:pass@host``)."""
    if not isinstance(base_url, str):
        raise InvalidArgumentTypeError(f"base_url must be a string, got {type(base_url).__name__}")
    parts = urlsplit("")
    try:
        parts = urlsplit(base_url)
        host, port = parts.hostname, parts.port  # port: ValueError when not a number in range
        if host is not None:
            # An empty or overlong label would fail only when resolved, as a bare UnicodeError.
            host.encode("idna")
    except ValueError:  # UnicodeError included
        # Refused below, outside this block: the error's message may quote the credentials, and
        # must not even become the context of ours.
        host, port = None, None
    if (
        parts.scheme not in ("http", "https")
        or not host
        or any(ch.isspace() or not ch.isprintable() for ch in host)
    ):
        raise InvalidArgumentError(
            "base_url must be an http(s) URL such as http://localhost:8000/api"
        )
    auth = None
    if parts.username is not None:
        auth = BasicAuth(unquote(parts.username), unquote(parts.password or ""))
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return clean, auth


def coerce_timeout(timeout: float | aiohttp.ClientTimeout | None) -> aiohttp.ClientTimeout:
    """A checked ``aiohttp.ClientTimeout`` from seconds (``None``: the default)."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, aiohttp.ClientTimeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgumentTypeError(
            f"timeout must be seconds or aiohttp.ClientTimeout, got {type(timeout).__name__}"
        )
    if not 0 < timeout < math.inf:  # NaN fails too; aiohttp cannot schedule an infinite one
        raise InvalidArgumentError(f"timeout must be finite and > 0 seconds, got {timeout!r}")
    return aiohttp.ClientTimeout(total=timeout, connect=min(timeout, DEFAULT_TIMEOUT.connect or 10))


def _redact_request_info(exc: aiohttp.ClientError) -> None:
    """Mask the ``Authorization`` header in an aiohttp error about to be chained to ours.

    A ``ClientResponseError`` (e.g. a malformed status line) keeps the request's headers in
    ``request_info`` and ``args``, and its repr shows them: the credentials would leak through
    ``repr(error.__cause__)`` and any traceback that prints it.
    """
    if isinstance(exc, aiohttp.ClientResponseError) and "Authorization" in exc.request_info.headers:
        headers = CIMultiDict(exc.request_info.headers)
        headers["Authorization"] = "***"
        exc.request_info = exc.request_info._replace(headers=CIMultiDictProxy(headers))
        exc.args = (exc.request_info, *exc.args[1:])


@attrs.define
class ServerTraits:
    """What this client learnt of its server, once, and remembers (shared by every namespace
    and every copy of one)."""

    connection_status: bool | None = None
    """Whether the server has ``/v1/connections/status`` (1.x, 2.x); ``None`` until known."""


class Transport:
    """Sends requests for one client. Owns its session unless the caller passed one in."""

    def __init__(
        self,
        base_url: str,
        *,
        auth: AuthLike = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
        max_connections: int = 100,
        retry: RetryConfig | None = None,
        session: aiohttp.ClientSession | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Sleep | None = None,
    ) -> None:
        self.base_url, url_auth = _split_base_url(base_url)
        self.auth: Auth | None = coerce_auth(auth) or url_auth
        if isinstance(max_connections, bool) or not isinstance(max_connections, int):
            raise InvalidArgumentTypeError("max_connections must be an int")
        if max_connections < 1:
            raise InvalidArgumentError(f"max_connections must be >= 1, got {max_connections}")
        if retry is not None and not isinstance(retry, RetryConfig):
            raise InvalidArgumentTypeError("retry must be a RetryConfig or None")
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise InvalidArgumentTypeError("session must be an aiohttp.ClientSession or None")
        self.timeout = coerce_timeout(timeout)
        self.max_connections = max_connections
        self.retry = retry or RetryConfig()
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int):
            raise InvalidArgumentTypeError("max_response_bytes must be an int")
        if max_response_bytes < 1:
            raise InvalidArgumentError(f"max_response_bytes must be >= 1, got {max_response_bytes}")
        self.max_response_bytes = max_response_bytes
        self._sleep: Sleep = sleep or asyncio.sleep
        #: Where retries are logged (a wait's retries are rate-limited per operation).
        self.retry_log = RetryLog()
        self._headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **headers_arg(headers),
        }
        #: Client credentials' token cache (``tokens.fetches`` counts token fetches), else None.
        self.tokens: TokenManager | None = None
        self._bearer_headers: tuple[AccessToken, dict[str, str]] | None = None
        if isinstance(self.auth, ClientCredentials):
            # The token replaces any Authorization header given in ``headers``.
            self._headers = {k: v for k, v in self._headers.items() if k.lower() != "authorization"}
            self.tokens = TokenManager(
                self.auth,
                self.auth.token_url or self.base_url + "/v1/applications/token",
                post=self._exchange,
                headers=self._headers,
                retry=self.retry,
                sleep=self.sleep,
                retry_log=self.retry_log,
            )
        elif self.auth is not None:
            self._headers["Authorization"] = self.auth.header()
        self._session = session
        self._owns_session = session is None
        # Requests beyond max_connections wait here, before aiohttp builds them: a request queued
        # inside aiohttp holds ~7 KB (request object, headers, timer, frames) and its connect
        # timeout runs while it waits for a free connection. A caller's session keeps its own
        # connector's limit and queue.
        self._gate: asyncio.Semaphore | None = (
            asyncio.Semaphore(max_connections) if session is None else None
        )
        # Per endpoint: the parsed URL and the operation name, built once rather than per request.
        self._targets: dict[Endpoint, tuple[URL, str]] = {}
        self._closed = False
        #: What this client learnt of its server (see :class:`ServerTraits`).
        self.traits = ServerTraits()

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r}, auth={self.auth!r})"

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ClientClosedError("this AirbyteClient is closed")
        if self._session is None:
            # Created lazily so that the client can be constructed outside a running loop.
            connector = aiohttp.TCPConnector(
                limit=self.max_connections, limit_per_host=self.max_connections
            )
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def sleep(self, seconds: float) -> None:
        """The one way this client waits: between retries, resends and polls (a test may pass
        its own ``sleep`` to the transport to make waiting instant)."""
        await self._sleep(seconds)

    async def close(self) -> None:
        """Close the session if this transport created it. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        if self.tokens is not None:
            await self.tokens.close()
        if self._owns_session and self._session is not None:
            await self._session.close()

    async def request(
        self,
        endpoint: Endpoint,
        payload: Any = None,
        *,
        retry: RetryPolicy | None = None,
        gate: asyncio.Semaphore | None = None,
        timeout: aiohttp.ClientTimeout | None = None,
        raw: bool = False,
    ) -> Any:
        """Send ``payload`` (JSON-ready objects) to ``endpoint``; return the parsed JSON answer.

        Returns ``None`` for a 204. Retries under ``retry`` (default: the client's
        :class:`~aioairbyte.RetryConfig`) and the endpoint's idempotency; raises an
        :class:`~aioairbyte.errors.AirbyteError` otherwise. ``gate`` (a fan-out's bound on
        requests in flight) is held by each attempt, not across a retry's wait. ``timeout``
        replaces the client's for this request (a connector check or discover runs for
        minutes); with ``raw`` a success answers its body as bytes, unparsed.
        """
        try:
            # A right-sized copy: orjson (3.12 on) returns bytes whose buffer is never shrunk,
            # 4 KiB at the least, and the body lives as long as the request, queued or retried.
            data = None if payload is None else bytes(memoryview(orjson.dumps(payload)))
        except TypeError as exc:  # e.g. a set or an int beyond 64 bits in free-form JSON
            raise InvalidArgumentError(f"{endpoint}: request body is not JSON: {exc}") from exc

        async def attempt() -> Any:
            if gate is None:
                return await self._send_once(endpoint, data, timeout, raw)
            async with gate:
                return await self._send_once(endpoint, data, timeout, raw)

        return await send(attempt, endpoint, retry or self.retry, self._sleep, self.retry_log)

    async def _send_once(
        self,
        endpoint: Endpoint,
        data: bytes | None,
        timeout: aiohttp.ClientTimeout | None = None,
        raw: bool = False,
    ) -> Any:
        target = self._targets.get(endpoint)
        if target is None:
            target = self._targets[endpoint] = (URL(self.base_url + endpoint.path), str(endpoint))
        url, operation = target
        if self.tokens is None:
            answer = await self._exchange(
                url, data, self._headers, operation, endpoint.method, timeout
            )
            return self._answer(*answer, operation, raw=raw)
        # The token before the gate: a token request takes a slot of its own, and requests
        # holding every slot while they wait for a token would never get one.
        method = endpoint.method
        token = await self.tokens.get()
        answer = await self._exchange(url, data, self._bearer(token), operation, method, timeout)
        if answer[0] == 401:
            # Refused before anything was done (the token expired early, was revoked, the
            # server's key changed): one resend with a fresh token is safe, even for a sync.
            # Within this one attempt, so that the retry budgets see a single attempt.
            self.tokens.invalidate(token)
            token = await self.tokens.get()
            answer = await self._exchange(
                url, data, self._bearer(token), operation, method, timeout
            )
        return self._answer(*answer, operation, raw=raw)

    def _bearer(self, token: AccessToken) -> dict[str, str]:
        """The request headers with ``token``, built once per token."""
        if self._bearer_headers is None or self._bearer_headers[0] is not token:
            self._bearer_headers = (token, {**self._headers, "Authorization": token.header})
        return self._bearer_headers[1]

    async def _exchange(
        self,
        url: URL,
        data: bytes | None,
        headers: Mapping[str, str],
        operation: str,
        method: str = "POST",
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> tuple[int, CIMultiDictProxy[str], bytes]:
        """One HTTP exchange under the gate: status, headers and body, or our error."""
        session = self._get_session()
        try:
            async with self._gate or _UNGATED:
                started = time.perf_counter()
                async with session.request(
                    method,
                    url,
                    data=data,
                    headers=headers,
                    timeout=timeout or self.timeout,
                    # Never follow redirects: the API does not use them, and following one could
                    # carry the Authorization header (or the token request's secret) elsewhere.
                    allow_redirects=False,
                ) as response:
                    status = response.status
                    body = await self._read_body(response, operation)
                    response_headers = response.headers
        except aiohttp.ConnectionTimeoutError as exc:
            raise ApiTimeoutError(
                f"timed out connecting to {self._where(url)}",
                operation=operation,
                maybe_processed=False,
            ) from exc
        except TimeoutError as exc:
            raise ApiTimeoutError(
                "timed out waiting for the response", operation=operation, maybe_processed=True
            ) from exc
        except aiohttp.ClientConnectorError as exc:
            raise ApiConnectionError(
                f"cannot connect to {self._where(url)}: {exc.os_error.strerror or exc.os_error}",
                operation=operation,
                maybe_processed=False,
            ) from exc
        except aiohttp.ClientError as exc:
            _redact_request_info(exc)
            raise ApiConnectionError(
                f"connection failed after the request was sent ({type(exc).__name__})",
                operation=operation,
                maybe_processed=True,
            ) from exc
        if logger.isEnabledFor(logging.DEBUG):
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug("%s -> %d in %.1f ms", operation, status, elapsed_ms)
        return status, response_headers, body

    def _where(self, url: URL) -> str:
        """The server named in a connection error: the API root, or the token endpoint's host."""
        return self.base_url if str(url).startswith(self.base_url) else str(url.origin())

    def _answer(
        self,
        status: int,
        headers: CIMultiDictProxy[str],
        body: bytes,
        operation: str,
        *,
        raw: bool = False,
    ) -> Any:
        """The parsed JSON of a success (its bytes with ``raw``), or the error for any other
        status."""
        if status == 204:
            return None
        if raw and 200 <= status < 300:
            return body
        if 200 <= status < 300:
            if not body:
                raise ResponseDecodeError(
                    f"empty {status} response where JSON was expected",
                    operation=operation,
                    status=status,
                )
            try:
                return orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                raise ResponseDecodeError(
                    f"malformed JSON in {status} response ({exc}); body starts {body[:80]!r}",
                    operation=operation,
                    status=status,
                ) from exc
        if 300 <= status < 400:
            location = headers.get("Location", "?")
            raise ApiError(
                f"redirect to {location} not followed; point base_url at the final URL",
                status=status,
                operation=operation,
            )
        raise error_from_response(
            operation=operation,
            status=status,
            headers=headers,
            body=body,
            credentials=self._credentials if status == 401 else None,
        )

    @property
    def _credentials(self) -> str:
        """What the API requests carry, as a 401 names it: ``""`` when nothing (no secret)."""
        if isinstance(self.auth, BasicAuth):
            return "Basic auth"
        if isinstance(self.auth, BearerAuth):
            return "a bearer token"
        if isinstance(self.auth, ClientCredentials):
            return "a token issued for the client credentials"
        if any(name.lower() == "authorization" for name in self._headers):
            return "the Authorization header given in headers"
        return ""

    async def _read_body(self, response: aiohttp.ClientResponse, operation: str) -> bytes:
        limit = self.max_response_bytes
        if response.content_length is not None:
            if response.content_length > limit:
                raise ResponseDecodeError(
                    f"response of {response.content_length} bytes exceeds"
                    f" max_response_bytes={limit}",
                    operation=operation,
                    status=response.status,
                )
            return await response.read()
        # No length announced (chunked): read in pieces so a runaway body is cut off early.
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(1 << 16):
            size += len(chunk)
            if size > limit:
                raise ResponseDecodeError(
                    f"response exceeds max_response_bytes={limit}",
                    operation=operation,
                    status=response.status,
                )
            chunks.append(chunk)
        return b"".join(chunks)
