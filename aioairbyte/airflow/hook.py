"""The ``aioairbyte`` Airflow connection type: where the Airbyte API is and how to log in.

A connection (``AIRFLOW_CONN_AIRBYTE_DEFAULT``, the UI, or a secrets backend) maps to client
settings like this:

- **URL**: ``host`` as a full URL (``http://airbyte:8000/api``), or a bare host name with
  ``schema`` ``http``/``https`` (default ``http``), ``port``, and the extra ``path`` (default
  ``/api``).
- **Auth**: the extra ``auth_type`` is ``client_credentials`` (an application's client id and
  secret, exchanged for tokens: Airbyte 1.x/2.x), ``basic`` (a proxy's user and password: 0.40
  deployments), ``token`` (a bearer token you manage) or ``none``. Without it: ``login`` and
  ``password`` mean ``client_credentials``, ``password`` alone ``token``, nothing ``none``. The
  extras ``client_id``/``client_secret`` may stand in for ``login``/``password``, and
  ``token_url`` says where tokens are issued.
- **Extras** ``timeout`` (seconds per request) and ``headers`` (a JSON object).

Connections of the official provider's ``airbyte`` type work too, when their host is the
Airbyte server rather than its public API.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs
from airflow.sdk import BaseHook, Connection

from .._args import headers_arg
from ..auth import Auth, BasicAuth, BearerAuth, ClientCredentials
from ..client import AirbyteClient
from ..errors import InvalidArgumentError
from ..transport import _split_base_url, coerce_timeout

__all__ = ["AUTH_TYPES", "AirbyteHook", "ClientSettings", "client_settings"]

#: :meth:`ClientSettings.key`: url, auth, sorted headers, timeout.
SettingsKey = tuple[str, Auth | None, tuple[tuple[str, str], ...], float | None]

#: The values of the extra ``auth_type``.
AUTH_TYPES = ("client_credentials", "basic", "token", "none")


def _url_repr(url: str) -> str:
    """``url`` without the password a full URL host may carry."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return repr(url)
        user = parts.username or ""
        return repr(parts._replace(netloc=f"{user}:***@{parts.netloc.rpartition('@')[2]}").geturl())
    except ValueError:
        return "'***'"


@attrs.frozen
class ClientSettings:
    """What an :class:`~aioairbyte.AirbyteClient` is made with (the auth's repr hides secrets)."""

    url: str = attrs.field(repr=_url_repr)
    auth: Auth | None
    # Header values may be API keys: the repr shows only the names.
    headers: dict[str, str] = attrs.field(
        factory=dict, repr=lambda headers: repr(dict.fromkeys(headers, "***"))
    )
    timeout: float | None = None

    def client(self) -> AirbyteClient:
        """A new client with these settings (use it with ``async with``)."""
        return AirbyteClient(
            self.url, auth=self.auth, headers=self.headers or None, timeout=self.timeout
        )

    def key(self) -> SettingsKey:
        """What tells settings apart, secrets included (a hashable value, not a hash: two
        settings never share a client by a collision)."""
        return (self.url, self.auth, tuple(sorted(self.headers.items())), self.timeout)


def _extras(conn: Connection) -> dict[str, Any]:
    # Parsed here, strictly: Airflow's extra_dejson logs bad JSON and returns {}, which would
    # quietly drop the auth_type or token_url a user set.
    if not conn.extra:
        return {}
    try:
        extras = json.loads(conn.extra)
    except (TypeError, ValueError):  # TypeError: an extra set in code as a dict
        extras = None
    if not isinstance(extras, dict):
        raise InvalidArgumentError(f"connection {conn.conn_id!r}: extra must be a JSON object")
    return extras


def _url(conn: Connection, extras: Mapping[str, Any]) -> str:
    host = (conn.host or "").strip()
    if not host:
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r} has no host: set it to the Airbyte API root,"
            " such as http://airbyte:8000/api"
        )
    if "://" in host:
        if conn.port is not None:
            parts = urlsplit(host)
            try:
                has_port = parts.port is not None
            except ValueError:  # not a number: refused by the client's check of the URL
                has_port = True
            if not has_port:
                host = parts._replace(netloc=f"{parts.netloc}:{conn.port}").geturl()
        return host
    scheme = (conn.schema or "http").lower()
    if scheme not in ("http", "https"):
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r}: schema must be http or https, got {scheme!r}"
        )
    path = str(extras.get("path", "/api"))
    port = f":{conn.port}" if conn.port is not None else ""
    return f"{scheme}://{host}{port}/{path.strip('/')}".rstrip("/")


def _auth(conn: Connection, extras: Mapping[str, Any]) -> Auth | None:
    login = extras.get("client_id") or conn.login or None
    secret = extras.get("client_secret") or conn.password or None
    kind = extras.get("auth_type")
    if kind is None:
        kind = "client_credentials" if login and secret else "token" if secret else "none"
    if kind not in AUTH_TYPES:
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r}: auth_type must be one of {', '.join(AUTH_TYPES)},"
            f" got {kind!r}"
        )
    if kind == "none":
        return None
    if kind == "token":
        if not secret:
            raise InvalidArgumentError(
                f"connection {conn.conn_id!r}: auth_type token needs the token as password"
            )
        return BearerAuth(str(secret))
    if not (login and secret):
        what = "client id and secret" if kind == "client_credentials" else "user and password"
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r}: auth_type {kind} needs a {what} (login and password)"
        )
    if kind == "basic":
        return BasicAuth(str(login), str(secret))
    token_url = extras.get("token_url")
    return ClientCredentials(str(login), str(secret), token_url=token_url or None)


def _headers(conn: Connection, extras: Mapping[str, Any]) -> dict[str, str]:
    headers = extras.get("headers") or {}
    if isinstance(headers, str):
        try:
            headers = json.loads(headers)
        except ValueError:
            headers = None
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r}: extra headers must be an object of strings"
        )
    return headers


def _timeout(conn: Connection, extras: Mapping[str, Any]) -> float | None:
    value = extras.get("timeout")
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = 0.0
    if not seconds > 0:
        raise InvalidArgumentError(
            f"connection {conn.conn_id!r}: extra timeout must be a positive number of seconds"
        )
    return seconds


def client_settings(conn: Connection) -> ClientSettings:
    """The client settings an Airflow connection describes (see the module docstring).

    Raises :class:`~aioairbyte.InvalidArgumentError` naming the connection, never its secrets.
    """
    extras = _extras(conn)
    try:
        settings = ClientSettings(
            url=_url(conn, extras),
            auth=_auth(conn, extras),
            headers=_headers(conn, extras),
            timeout=_timeout(conn, extras),
        )
        # What the client would refuse only when a trigger makes it, refused here instead.
        _split_base_url(settings.url)
        headers_arg(settings.headers)
        coerce_timeout(settings.timeout)
    except InvalidArgumentError as exc:  # the auth's and the client's checks name no connection
        message = str(exc)
        if not message.startswith(f"connection {conn.conn_id!r}"):
            message = f"connection {conn.conn_id!r}: {message}"
        raise InvalidArgumentError(message) from None
    return settings


class AirbyteHook(BaseHook):
    """Makes :class:`~aioairbyte.AirbyteClient` s from an Airflow connection.

    ``client()`` looks the connection up the blocking way (on a worker), ``aclient()`` without
    blocking the event loop (in a trigger). Each returns a new client to use with
    ``async with``.
    """

    conn_name_attr = "airbyte_conn_id"
    default_conn_name = "airbyte_default"
    conn_type = "aioairbyte"
    hook_name = "Airbyte (aioairbyte)"

    def __init__(self, airbyte_conn_id: str = default_conn_name) -> None:
        super().__init__()
        self.airbyte_conn_id = airbyte_conn_id

    def settings(self) -> ClientSettings:
        """The connection's client settings (a blocking lookup)."""
        conn = self.get_connection(self.airbyte_conn_id)
        settings = client_settings(conn)
        conn.extra_dejson  # noqa: B018  # registers secret extras with Airflow's log masking
        return settings

    async def asettings(self) -> ClientSettings:
        """The connection's client settings, looked up without blocking the event loop."""
        conn = await self.aget_connection(self.airbyte_conn_id)
        settings = client_settings(conn)
        await conn.aextra_dejson()  # registers secret extras with Airflow's log masking
        return settings

    def client(self) -> AirbyteClient:
        """A new client for the connection (a blocking lookup)."""
        return self.settings().client()

    async def aclient(self) -> AirbyteClient:
        """A new client for the connection, looked up without blocking the event loop."""
        return (await self.asettings()).client()

    def get_conn(self) -> AirbyteClient:
        """Airflow's name for :meth:`client`."""
        return self.client()

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        """How the connection form labels its fields."""
        return {
            "hidden_fields": [],
            "relabeling": {
                "host": "Airbyte API URL",
                "login": "Client ID (or user)",
                "password": "Client secret (or password, or token)",
                "schema": "Scheme (http or https, when host is not a URL)",
            },
            "placeholders": {
                "host": "http://airbyte:8000/api",
                "extra": json.dumps({"auth_type": "client_credentials"}),
            },
        }
