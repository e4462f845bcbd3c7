"""Application tokens of the modern profile: HS256 JWTs, the two token endpoints, the 401s.

The JWT is built by hand (hmac, base64, orjson) so the simulator needs no JWT library. The
key is random per :class:`TokenIssuer`; :meth:`TokenIssuer.expire_all` replaces it, which
makes every token issued so far fail its signature check, as an expired token would.
See :mod:`aioairbyte.simulator.profiles` for the server sources these answers follow.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
import urllib.parse
import uuid
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .stats import Stats

__all__ = [
    "ANONYMOUS_PATHS",
    "PUBLIC_TOKEN_PATH",
    "TOKEN_PATH",
    "TokenIssuer",
    "token_middleware",
]

TOKEN_PATH = "/api/v1/applications/token"
PUBLIC_TOKEN_PATH = "/api/public/v1/applications/token"
# The real server marks these @Secured(IS_ANONYMOUS): the token endpoints, the health check and
# the instance configuration (InstanceConfigurationApiController).
ANONYMOUS_PATHS = frozenset(
    {TOKEN_PATH, PUBLIC_TOKEN_PATH, "/api/v1/health", "/api/v1/instance_configuration"}
)

_ISSUER = "airbyte"  # AirbyteConfig.kt DEFAULT_AUTH_TOKEN_ISSUER
_AUDIENCE = "airbyte-server"
_DEFAULT_USER_ID = "00000000-0000-0000-0000-000000000000"
# AuthRole.getInstanceAdminRoles(): instance, organization and workspace admin roles and below.
_INSTANCE_ADMIN_ROLES = (
    "AUTHENTICATED_USER",
    "READER",
    "EDITOR",
    "ADMIN",
    "ORGANIZATION_MEMBER",
    "ORGANIZATION_READER",
    "ORGANIZATION_RUNNER",
    "ORGANIZATION_EDITOR",
    "ORGANIZATION_ADMIN",
    "WORKSPACE_READER",
    "WORKSPACE_RUNNER",
    "WORKSPACE_SOURCE_EDITOR",
    "WORKSPACE_DESTINATION_EDITOR",
    "WORKSPACE_EDITOR",
    "WORKSPACE_ADMIN",
    "DATAPLANE",
)
_HEADER = {"alg": "HS256", "typ": "JWT"}


def _now() -> float:
    """Wall-clock time of token expiry (a seam tests may patch): clients compare ``exp`` with
    their wall clock, so the job clock (maybe a ManualClock) must not drive it."""
    return time.time()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenIssuer:
    """Issues and verifies the tokens of one application."""

    def __init__(self, application: tuple[str, str], lifetime: float, stats: Stats) -> None:
        self._client_id, self._client_secret = application
        self.lifetime = lifetime
        self._stats = stats
        self._key = secrets.token_bytes(32)

    def expire_all(self) -> None:
        """Make every token issued so far invalid (a new signing key)."""
        self._key = secrets.token_bytes(32)

    def credentials_match(self, client_id: str, client_secret: str) -> bool:
        """Whether the pair is the application's (compared in constant time)."""
        return hmac.compare_digest(client_id.encode(), self._client_id.encode()) & (
            hmac.compare_digest(client_secret.encode(), self._client_secret.encode())
        )

    def issue(self) -> str:
        """A new signed token expiring ``lifetime`` seconds from now (wall clock)."""
        now = _now()
        claims = {
            "iss": _ISSUER,
            "aud": _AUDIENCE,
            "sub": _DEFAULT_USER_ID,
            "roles": list(_INSTANCE_ADMIN_ROLES),
            "iat": int(now),
            "exp": int(now + self.lifetime),
        }
        signing_input = f"{_b64(orjson.dumps(_HEADER))}.{_b64(orjson.dumps(claims))}"
        self._stats.tokens_issued += 1
        return f"{signing_input}.{_b64(self._sign(signing_input))}"

    def valid(self, token: str) -> bool:
        """Whether ``token`` is well formed, signed with the current key and not expired."""
        parts = token.split(".")
        if len(parts) != 3:
            return False
        try:
            header = orjson.loads(_unb64(parts[0]))
            claims = orjson.loads(_unb64(parts[1]))
            signature = _unb64(parts[2])
        except (binascii.Error, ValueError, orjson.JSONDecodeError):
            return False
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            return False
        if not hmac.compare_digest(signature, self._sign(f"{parts[0]}.{parts[1]}")):
            return False
        exp = claims.get("exp") if isinstance(claims, dict) else None
        return isinstance(exp, int) and _now() < exp

    def _sign(self, signing_input: str) -> bytes:
        return hmac.new(self._key, signing_input.encode(), hashlib.sha256).digest()


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(body), content_type="application/json")


def _error_id() -> dict[str, str]:
    return {"errorId": str(uuid.uuid4())}


async def _token_fields(request: web.Request, *, form_allowed: bool) -> dict[str, Any] | None:
    """The request's fields (JSON, or a form on the public path); ``None`` if unparsable."""
    raw = await request.read()
    if form_allowed and request.content_type == "application/x-www-form-urlencoded":
        return dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace")))
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


async def _answer_token(request: web.Request, issuer: TokenIssuer, *, public: bool) -> web.Response:
    if request.method != "POST":
        message = (
            f"Method [{request.method}] not allowed for URI [{request.path}]. "
            "Allowed methods: [POST]"
        )
        return _json(405, {"message": message})
    fields = await _token_fields(request, form_allowed=public)
    if fields is None:
        return _json(422, _error_id())  # InvalidJsonExceptionHandler
    client_id, client_secret = fields.get("client_id"), fields.get("client_secret")
    if not isinstance(client_id, str) or not isinstance(client_secret, str):
        return _json(400, _error_id())  # bean validation of the required fields
    if public:
        # The wire name is "grant-type" (the documents require "grant_type"; both are read).
        grant = fields.get("grant-type", fields.get("grant_type"))
        if grant is not None and grant != "client_credentials":
            return _json(400, _error_id())  # not a value of the GrantType enum
    if not issuer.credentials_match(client_id, client_secret):
        return _json(400, {"message": "Invalid client id or token", **_error_id()})
    token = issuer.issue()
    if not public:
        return _json(200, {"access_token": token})
    return _json(
        200, {"access_token": token, "token_type": "Bearer", "expires_in": int(issuer.lifetime)}
    )


def _bearer(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def token_middleware(issuer: TokenIssuer, stats: Stats) -> Middleware:
    """Answer the token endpoints, and 401 (empty body) on other paths without a valid token."""

    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in (TOKEN_PATH, PUBLIC_TOKEN_PATH):
            response = await _answer_token(
                request, issuer, public=request.path == PUBLIC_TOKEN_PATH
            )
            stats.token_requests += 1
            stats.changed()
            return response
        if request.path not in ANONYMOUS_PATHS:
            token = _bearer(request.headers.get("Authorization", ""))
            if token is None or not issuer.valid(token):
                stats.unauthorized += 1
                stats.changed()
                return web.Response(status=401)
        return await handler(request)

    return authenticate
