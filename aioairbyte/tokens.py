"""Access tokens for :class:`~aioairbyte.ClientCredentials`: fetched, cached, renewed.

Airbyte's application tokens are short-lived JWTs (15 minutes by default, deployments set their
own). The :class:`TokenManager` keeps one token per client and renews it ahead of its expiry,
read from the JWT's ``exp`` claim (the payload only: no signature check, as in Airbyte's own
``AccessTokenInterceptor``), else from ``expires_in``, else a conservative default. Concurrent
requests that need a token share a single token request (single flight); a 401 drops the token
it was sent with, and the next request fetches a fresh one.

The HTTP exchange is the transport's (its session, timeouts, bound on connections, no
redirects); this module builds the token request, retries it and reads its answer.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs
import orjson
from yarl import URL

from ._aio import Sleep
from .auth import ClientCredentials
from .endpoints import Endpoint
from .errors import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    ClientClosedError,
    ResponseDecodeError,
    error_from_response,
)
from .retries import RetryConfig, RetryLog, is_transient, send

__all__ = [
    "DEFAULT_TOKEN_LIFETIME",
    "RENEW_BEFORE",
    "AccessToken",
    "TokenManager",
    "jwt_expiry",
    "renewal_time",
]

logger = logging.getLogger("aioairbyte")

#: Assumed lifetime (seconds) of a token whose answer says nothing of its expiry.
DEFAULT_TOKEN_LIFETIME = 60.0
#: A token is renewed this many seconds before it expires, or a quarter of its lifetime before
#: when it lives less than four times that (a 2 s token is renewed 0.5 s before its ``exp``).
RENEW_BEFORE = 30.0

#: ``(url, body, headers, operation) -> (status, headers, body)``: one HTTP POST, by the
#: transport, raising :class:`~aioairbyte.ApiConnectionError` when there is no answer.
Post = Callable[
    [URL, bytes, Mapping[str, str], str], Awaitable[tuple[int, Mapping[str, str], bytes]]
]


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (epoch seconds) of a JWT, or ``None`` when it has none or is no JWT.

    Only the payload segment is decoded (base64url JSON); the signature is not checked: the
    server does that, and the client only needs to know when to renew.
    """
    parts = token.split(".")
    if len(parts) != 3:  # a JWS; an encrypted JWT (5 parts) has no readable payload
        return None
    segment = parts[1]
    try:
        claims = orjson.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError:  # not ASCII, not base64 (binascii.Error), not JSON
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    try:
        value = float(exp)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def renewal_time(issued_at: float, expires_at: float) -> float:
    """When a token valid from ``issued_at`` to ``expires_at`` should be replaced."""
    lifetime = expires_at - issued_at
    return expires_at - min(RENEW_BEFORE, lifetime / 4)


@attrs.frozen(repr=False, eq=False)
class AccessToken:
    """One issued token. Compared by identity: a 401 drops the cached token only if it is
    the very one the request was sent with. Its repr never shows the token."""

    value: str
    #: When the server stops accepting it (epoch seconds, ``time.time()``).
    expires_at: float
    #: When the client replaces it (epoch seconds).
    renew_at: float

    @property
    def header(self) -> str:
        """The ``Authorization`` header value."""
        return f"Bearer {self.value}"

    def __repr__(self) -> str:
        return f"AccessToken(value='***', expires_at={self.expires_at}, renew_at={self.renew_at})"


def _usable(value: str) -> bool:
    # It goes into a header: printable ASCII without spaces (a JWT is base64url and dots).
    return bool(value) and value.isascii() and value.isprintable() and " " not in value


def _lifetime(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    return seconds if 0 < seconds < math.inf else None


def _clone(exc: BaseException) -> BaseException:
    """A copy of a shared fetch's error for one waiter: every waiter raising the one object
    would keep extending its traceback (a thousand waiters, a thousand tracebacks in one)."""
    copy = BaseException.__new__(type(exc))
    copy.args = exc.args
    copy.__dict__.update(vars(exc))
    copy.__cause__ = exc.__cause__
    copy.__suppress_context__ = True
    return copy


def _retrieve(task: asyncio.Future[Any]) -> None:
    # A fetch whose waiters were all cancelled still ends; its error must count as seen.
    if not task.cancelled():
        task.exception()


class TokenManager:
    """Fetches, caches and renews the access token of one client (see the module docstring).

    ``now`` is the wall clock (``time.time``; a test may pass its own): ``exp`` is epoch
    seconds. ``fetches`` counts token fetches (single flights), ``requests`` the token
    requests sent, retries included.
    """

    def __init__(
        self,
        credentials: ClientCredentials,
        token_url: str,
        *,
        post: Post,
        headers: Mapping[str, str],
        retry: RetryConfig,
        sleep: Sleep,
        retry_log: RetryLog,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.token_url = token_url
        self.now = now
        self.fetches = 0
        self.requests = 0
        self._secret = credentials.client_secret
        self._url = URL(token_url)
        self._endpoint = Endpoint(token_url, idempotent=True)  # asking again is harmless
        self._operation = str(self._endpoint)
        body: dict[str, str] = {
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        }
        # The public API's endpoint (OAuth-style) requires the grant type; the Configuration
        # API's takes exactly the id and secret.
        if "/public/" in urlsplit(token_url).path:
            body["grant_type"] = "client_credentials"
        self._body = orjson.dumps(body)
        # Never another Authorization header: the token request carries the secret in its body.
        self._headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
        self._post = post
        self._retry = retry
        self._sleep = sleep
        self._retry_log = retry_log
        self._token: AccessToken | None = None
        self._fetch: asyncio.Task[AccessToken] | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"TokenManager(token_url={self.token_url!r}, token={self._token!r})"

    @property
    def cached(self) -> AccessToken | None:
        """The cached token, if any (it may be due for renewal)."""
        return self._token

    async def get(self) -> AccessToken:
        """A token that is not due for renewal: the cached one, or a freshly fetched one.

        All callers that find no usable token await the same fetch; a caller's cancellation
        leaves it running for the others. When it fails, every caller waiting for it gets the
        error (a transient failure as an :class:`~aioairbyte.ApiConnectionError` saying that the
        request itself was not sent), and the next call tries again.
        """
        token = self._token
        if token is not None and self.now() < token.renew_at:
            return token
        fetch = self._fetch
        if fetch is None or fetch.done():  # done: it failed, or its token is due already
            if self._closed:
                raise ClientClosedError("this AirbyteClient is closed")
            fetch = self._fetch = asyncio.ensure_future(self._fetch_token())
            fetch.add_done_callback(_retrieve)
        await asyncio.wait((fetch,))  # never cancels the shared fetch, never raises its error
        if fetch.cancelled():  # only close() cancels it
            raise ClientClosedError("this AirbyteClient is closed")
        exc = fetch.exception()
        if exc is None:
            return fetch.result()
        if is_transient(exc):
            # Retried in the fetch already. To the request it is "not sent": even a sync may be
            # tried again, and a wait retries it until its deadline.
            assert isinstance(exc, ApiError | ApiConnectionError)
            reason = str(exc).removeprefix(f"{exc.operation}: ")
            raise ApiConnectionError(
                f"no access token, the request was not sent ({reason})",
                operation=self._operation,
                maybe_processed=False,
            ) from _clone(exc)
        raise _clone(exc)

    def invalidate(self, token: AccessToken) -> None:
        """Drop ``token`` (answered with 401) unless a newer one has replaced it already."""
        if self._token is token:
            self._token = None

    async def close(self) -> None:
        """Cancel a fetch in progress and wait for it to end."""
        self._closed = True
        fetch = self._fetch
        if fetch is not None and not fetch.done():
            fetch.cancel()
            await asyncio.wait((fetch,))

    async def _fetch_token(self) -> AccessToken:
        self.fetches += 1
        token = await send(self._attempt, self._endpoint, self._retry, self._sleep, self._retry_log)
        self._token = token
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "new access token from %s: expires in %.1fs, renewed in %.1fs",
                self.token_url,
                token.expires_at - self.now(),
                token.renew_at - self.now(),
            )
        return token

    async def _attempt(self) -> AccessToken:
        self.requests += 1
        sent_at = self.now()  # the lifetime counts from the request: the conservative end
        status, headers, body = await self._post(
            self._url, self._body, self._headers, self._operation
        )
        if 200 <= status < 300:
            return self._read(status, body, sent_at)
        if 300 <= status < 400:
            raise ApiError(
                "redirect not followed; point token_url at the final URL",
                status=status,
                operation=self._operation,
            )
        raise self._refusal(status, headers, body)

    def _refusal(self, status: int, headers: Mapping[str, str], body: bytes) -> ApiError:
        error = error_from_response(
            operation=self._operation, status=status, headers=headers, body=body
        )
        message, parsed = error.message, error.body
        # A server echoing the request would put the secret in the message and body.
        if self._secret in message:
            message = message.replace(self._secret, "***")
        if self._secret in repr(parsed):
            parsed = None
        # Wrong credentials: the Configuration API answers 400 "Invalid client id or token",
        # the public API 401 or 403.
        cls = AuthenticationError if status in (400, 401, 403) else type(error)
        return cls(
            message,
            status=status,
            operation=self._operation,
            body=parsed,
            exception_class_name=error.exception_class_name,
            retry_after=error.retry_after,
        )

    def _read(self, status: int, body: bytes, sent_at: float) -> AccessToken:
        try:
            answer = orjson.loads(body)
        except orjson.JSONDecodeError:
            # Not chained, and the body not quoted: either may hold a token.
            raise ResponseDecodeError(
                f"the token endpoint's {status} answer is not JSON",
                operation=self._operation,
                status=status,
            ) from None
        if not isinstance(answer, dict):
            answer = {}
        value = answer.get("access_token")
        if not isinstance(value, str) or not _usable(value):
            raise ResponseDecodeError(
                f"the token endpoint's {status} answer has no usable access_token",
                operation=self._operation,
                status=status,
            )
        expires_at = jwt_expiry(value)
        if expires_at is not None and expires_at <= sent_at:
            # Already expired by this clock: the clocks disagree. Trusting exp would fetch a
            # token for every request; the server will say 401 when it is really too old.
            logger.debug("the access token's exp is %.0fs past: clock skew?", sent_at - expires_at)
            expires_at = None
        if expires_at is None:
            lifetime = _lifetime(answer.get("expires_in")) or DEFAULT_TOKEN_LIFETIME
            expires_at = sent_at + lifetime
        return AccessToken(value, expires_at, renewal_time(sent_at, expires_at))
