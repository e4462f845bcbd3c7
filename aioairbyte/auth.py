"""Credentials: HTTP basic (Airbyte OSS's proxy, ``airbyte``/``password`` by default), bearer,
and application client credentials exchanged for short-lived tokens (:mod:`aioairbyte.tokens`).

Secrets live only in these objects and in the ``Authorization`` header; reprs redact them.
"""

from __future__ import annotations

import base64
from typing import TypeAlias
from urllib.parse import urlsplit

import attrs

from .errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["Auth", "AuthLike", "BasicAuth", "BearerAuth", "ClientCredentials", "coerce_auth"]


# Checked when built, never echoing the value (it may be the secret): a non-str would be sent as
# its repr ("Bearer None"), CR/LF/NUL in a token would split the header (aiohttp then raises an
# untyped error at the first request), and a colon in a basic username shifts the split.
def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(
            f"{attribute.name} must be a str, got {type(value).__name__}"
        )


def _username(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(instance, attribute, value)
    if ":" in str(value):
        raise InvalidArgumentError("a basic auth username cannot contain ':'")


def _token(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(instance, attribute, value)
    if not value or any(ch in str(value) for ch in "\r\n\x00"):
        raise InvalidArgumentError("a bearer token must be non-empty, without CR, LF or NUL")


def _nonempty(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _text(instance, attribute, value)
    if not value:
        raise InvalidArgumentError(f"{attribute.name} must be non-empty")


def _token_url(_: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(
            f"token_url must be a str or None, got {type(value).__name__}"
        )
    # Never echoed: a URL may carry credentials. Credentials, a query or a fragment are refused
    # because the URL names the token endpoint in log lines and error messages.
    try:
        parts = urlsplit(value)
        host = parts.hostname
        _ = parts.port  # ValueError when not a number in range
        if host is not None:
            host.encode("idna")  # an empty or overlong label would fail only when resolved
        ok = (
            parts.scheme in ("http", "https")
            and bool(host)
            and parts.username is None
            and not parts.query
            and not parts.fragment
            and not any(ch.isspace() or not ch.isprintable() for ch in value)
        )
    except ValueError:  # UnicodeError included; its message may quote the URL
        ok = False
    if not ok:
        raise InvalidArgumentError(
            "token_url must be an http(s) URL without credentials, query or fragment, such as"
            " http://localhost:8000/api/v1/applications/token"
        )


@attrs.frozen(repr=False)
class BasicAuth:
    """HTTP basic credentials."""

    username: str = attrs.field(validator=_username)
    password: str = attrs.field(validator=_text)

    def header(self) -> str:
        """The ``Authorization`` header value."""
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password='***')"


@attrs.frozen(repr=False)
class BearerAuth:
    """A bearer token (an Airbyte application token, or a token issued by a proxy)."""

    token: str = attrs.field(validator=_token)

    def header(self) -> str:
        """The ``Authorization`` header value."""
        return f"Bearer {self.token}"

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"


@attrs.frozen(repr=False)
class ClientCredentials:
    """An Airbyte application's client id and secret (``abctl local credentials``), exchanged
    for short-lived bearer tokens.

    The client requests a token when it first needs one, caches it, and requests the next one
    shortly before the token expires (by its JWT ``exp``) or after a 401, which is then resent
    once; concurrent requests share one token request. ``token_url`` defaults to
    ``{base_url}/v1/applications/token`` (JSON ``client_id`` and ``client_secret``); a URL
    whose path has a ``public`` segment, such as ``http://host/api/public/v1/applications/token``,
    is the public API's endpoint and also gets ``grant_type: client_credentials``. A refused
    token request (400, 401, 403) raises :class:`~aioairbyte.AuthenticationError`.
    """

    client_id: str = attrs.field(validator=_nonempty)
    client_secret: str = attrs.field(validator=_nonempty)
    token_url: str | None = attrs.field(default=None, validator=_token_url)

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret='***',"
            f" token_url={self.token_url!r})"
        )


Auth: TypeAlias = BasicAuth | BearerAuth | ClientCredentials
#: What :class:`~aioairbyte.AirbyteClient` accepts as ``auth``: a tuple means basic auth.
AuthLike: TypeAlias = BasicAuth | BearerAuth | ClientCredentials | tuple[str, str] | None


def coerce_auth(auth: AuthLike) -> Auth | None:
    """Normalise the ``auth`` argument; a ``(username, password)`` tuple means basic auth."""
    if auth is None or isinstance(auth, BasicAuth | BearerAuth | ClientCredentials):
        return auth
    if isinstance(auth, tuple) and len(auth) == 2 and all(isinstance(part, str) for part in auth):
        return BasicAuth(auth[0], auth[1])
    # Say what was wrong without echoing the value: it may hold a secret.
    raise InvalidArgumentTypeError(
        "auth must be BasicAuth, BearerAuth, ClientCredentials, a (username, password) tuple of"
        " strings, or None;"
        f" got {type(auth).__name__}"
    )
