"""Credentials: HTTP basic (Airbyte OSS's proxy, ``airbyte``/``password`` by default) and bearer.

Secrets live only in these objects and in the ``Authorization`` header; reprs redact them.
"""

from __future__ import annotations

import base64
from typing import TypeAlias

import attrs

from .errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = ["Auth", "AuthLike", "BasicAuth", "BearerAuth", "coerce_auth"]


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


Auth: TypeAlias = BasicAuth | BearerAuth
#: What :class:`~aioairbyte.AirbyteClient` accepts as ``auth``: a tuple means basic auth.
AuthLike: TypeAlias = BasicAuth | BearerAuth | tuple[str, str] | None


def coerce_auth(auth: AuthLike) -> Auth | None:
    """Normalise the ``auth`` argument; a ``(username, password)`` tuple means basic auth."""
    if auth is None or isinstance(auth, BasicAuth | BearerAuth):
        return auth
    if isinstance(auth, tuple) and len(auth) == 2 and all(isinstance(part, str) for part in auth):
        return BasicAuth(auth[0], auth[1])
    # Say what was wrong without echoing the value: it may hold a secret.
    raise InvalidArgumentTypeError(
        "auth must be BasicAuth, BearerAuth, a (username, password) tuple of strings, or None;"
        f" got {type(auth).__name__}"
    )
