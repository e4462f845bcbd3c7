"""``client_settings``: how an Airflow connection becomes a client's URL, auth, headers, timeout.

Every refused connection raises :class:`InvalidArgumentError` naming the connection and never
its secrets (canaries below); reprs hide secrets too.
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import jsonschema
import pytest
from airflow.sdk import Connection

from aioairbyte import InvalidArgumentError
from aioairbyte.airflow.hook import AirbyteHook, ClientSettings, client_settings
from aioairbyte.airflow.provider import get_provider_info
from aioairbyte.auth import BasicAuth, BearerAuth, ClientCredentials

CONN_ID = "airbyte_canary_conn"
SECRET = "pw-CANARY-7f3e91"
HEADER_SECRET = "hdr-CANARY-22b0c4"


def conn(**kwargs: Any) -> Connection:
    extra = kwargs.pop("extra", None)
    if isinstance(extra, dict):
        extra = json.dumps(extra)
    return Connection(conn_id=CONN_ID, conn_type="aioairbyte", extra=extra, **kwargs)


# -- URL ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"host": "http://airbyte:8000/api"}, "http://airbyte:8000/api"),
        ({"host": "  https://airbyte.example.com/api  "}, "https://airbyte.example.com/api"),
        # A full URL without a port takes the connection's port; one with a port keeps its own.
        ({"host": "http://airbyte/api", "port": 8001}, "http://airbyte:8001/api"),
        ({"host": "http://airbyte:8000/api", "port": 8001}, "http://airbyte:8000/api"),
        # A bare host: schema, port and the extra path around it.
        ({"host": "airbyte"}, "http://airbyte/api"),
        ({"host": "airbyte", "port": 8000}, "http://airbyte:8000/api"),
        ({"host": "airbyte", "schema": "HTTPS", "port": 443}, "https://airbyte:443/api"),
        (
            {"host": "airbyte", "port": 8000, "extra": {"path": "/proxy/api/"}},
            "http://airbyte:8000/proxy/api",
        ),
        ({"host": "airbyte", "extra": {"path": ""}}, "http://airbyte"),
    ],
)
def test_url(fields: dict[str, Any], url: str) -> None:
    assert client_settings(conn(**fields)).url == url


def test_uri_form_connection() -> None:
    """``AIRFLOW_CONN_X='aioairbyte://id:secret@host:port?...'``: the bare host route."""
    c = Connection(
        conn_id=CONN_ID,
        uri=f"aioairbyte://app-id:{SECRET}@airbyte:8000/https?token_url=https%3A%2F%2Fidp%2Ftoken",
    )
    settings = client_settings(c)
    assert settings.url == "https://airbyte:8000/api"
    assert settings.auth == ClientCredentials("app-id", SECRET, token_url="https://idp/token")


# -- auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "auth"),
    [
        # Defaults: login and password, password alone, nothing.
        ({"login": "app", "password": SECRET}, ClientCredentials("app", SECRET)),
        ({"password": SECRET}, BearerAuth(SECRET)),
        ({}, None),
        # Each auth_type.
        (
            {"login": "app", "password": SECRET, "extra": {"auth_type": "client_credentials"}},
            ClientCredentials("app", SECRET),
        ),
        (
            {"login": "airbyte", "password": SECRET, "extra": {"auth_type": "basic"}},
            BasicAuth("airbyte", SECRET),
        ),
        (
            {"login": "ignored", "password": SECRET, "extra": {"auth_type": "token"}},
            BearerAuth(SECRET),
        ),
        ({"login": "app", "password": SECRET, "extra": {"auth_type": "none"}}, None),
        # The extras client_id/client_secret stand in for (and win over) login/password.
        (
            {"extra": {"client_id": "app", "client_secret": SECRET}},
            ClientCredentials("app", SECRET),
        ),
        (
            {"login": "other", "password": "other-pw", "extra": {"client_id": "app"}},
            ClientCredentials("app", "other-pw"),
        ),
        (
            {
                "login": "app",
                "password": SECRET,
                "extra": {"token_url": "https://airbyte/api/public/v1/applications/token"},
            },
            ClientCredentials(
                "app", SECRET, token_url="https://airbyte/api/public/v1/applications/token"
            ),
        ),
    ],
)
def test_auth(fields: dict[str, Any], auth: object) -> None:
    settings = client_settings(conn(host="http://airbyte/api", **fields))
    assert settings.auth == auth


# -- headers and timeout --------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"X-Api-Key": HEADER_SECRET}, json.dumps({"X-Api-Key": HEADER_SECRET})],
    ids=["object", "json-string"],
)
def test_headers(headers: object) -> None:
    settings = client_settings(conn(host="airbyte", extra={"headers": headers}))
    assert settings.headers == {"X-Api-Key": HEADER_SECRET}


def test_no_headers_no_timeout() -> None:
    settings = client_settings(conn(host="airbyte"))
    assert settings.headers == {}
    assert settings.timeout is None


@pytest.mark.parametrize(("value", "seconds"), [(30, 30.0), ("2.5", 2.5), ("", None)])
def test_timeout(value: object, seconds: float | None) -> None:
    assert client_settings(conn(host="airbyte", extra={"timeout": value})).timeout == seconds


def test_settings_make_a_working_client_config() -> None:
    settings = client_settings(
        conn(
            host="http://airbyte:8000/api",
            password=SECRET,
            extra={"headers": {"X-Team": "data"}, "timeout": 12},
        )
    )
    client = settings.client()
    transport = client.transport
    assert transport.base_url == "http://airbyte:8000/api"
    assert transport.auth == BearerAuth(SECRET)
    assert transport.timeout.total == 12
    assert transport._headers["X-Team"] == "data"


def test_key_tells_rotated_secrets_apart() -> None:
    a = client_settings(conn(host="airbyte", login="app", password=SECRET))
    b = client_settings(conn(host="airbyte", login="app", password=SECRET + "-rotated"))
    same = client_settings(conn(host="airbyte", login="app", password=SECRET))
    assert a.key() == same.key()
    assert a.key() != b.key()


# -- refused connections ---------------------------------------------------------------------

BAD = [
    pytest.param({}, "has no host", id="no-host"),
    pytest.param({"host": "   "}, "has no host", id="blank-host"),
    pytest.param({"host": "airbyte", "schema": "ftp"}, "schema must be http or https", id="ftp"),
    pytest.param({"host": "airbyte", "extra": "[1, 2]"}, "extra must be a JSON object", id="list"),
    pytest.param(
        {"host": "airbyte", "password": SECRET, "extra": {"auth_type": "oauth"}},
        "auth_type must be one of",
        id="auth-type",
    ),
    pytest.param(
        {"host": "airbyte", "login": "app", "extra": {"auth_type": "token"}},
        "needs the token as password",
        id="token-without-password",
    ),
    pytest.param(
        {"host": "airbyte", "password": SECRET, "extra": {"auth_type": "client_credentials"}},
        "needs a client id and secret",
        id="cc-without-login",
    ),
    pytest.param(
        {"host": "airbyte", "login": "u", "extra": {"auth_type": "basic"}},
        "needs a user and password",
        id="basic-without-password",
    ),
    pytest.param(
        {"host": "airbyte", "login": "a:b", "password": SECRET, "extra": {"auth_type": "basic"}},
        "cannot contain ':'",
        id="basic-user-colon",
    ),
    pytest.param(
        {"host": "airbyte", "password": SECRET + "\r\nX: y"},
        "bearer token",
        id="token-crlf",
    ),
    pytest.param(
        {
            "host": "airbyte",
            "login": "app",
            "password": SECRET,
            "extra": {"token_url": f"https://u:{SECRET}@idp/token"},
        },
        "token_url must be",
        id="token-url-credentials",
    ),
    pytest.param(
        {"host": "airbyte", "extra": {"headers": [HEADER_SECRET]}},
        "headers must be an object of strings",
        id="headers-list",
    ),
    pytest.param(
        {"host": "airbyte", "extra": {"headers": {"X-Api-Key": 7}}},
        "headers must be an object of strings",
        id="headers-int",
    ),
    pytest.param(
        {"host": "airbyte", "extra": {"headers": "{not json " + HEADER_SECRET}},
        "headers must be an object of strings",
        id="headers-bad-json",
    ),
    pytest.param(
        {"host": "airbyte", "extra": {"headers": {"X-Api-Key": HEADER_SECRET + "\r\nX: y"}}},
        "CR, LF or NUL",
        id="headers-crlf",
    ),
    pytest.param({"host": "airbyte", "extra": {"timeout": 0}}, "timeout must be", id="zero"),
    pytest.param({"host": "airbyte", "extra": {"timeout": -3}}, "timeout must be", id="negative"),
    pytest.param({"host": "airbyte", "extra": {"timeout": "abc"}}, "timeout must be", id="text"),
    pytest.param({"host": "airbyte", "extra": {"timeout": "nan"}}, "timeout must be", id="nan"),
    pytest.param({"host": "airbyte", "extra": {"timeout": "inf"}}, "timeout must be", id="inf"),
    pytest.param({"host": "http:///api", "password": SECRET}, "base_url", id="url-no-host"),
    pytest.param(
        {"host": f"http://user:{SECRET}@airbyte:notaport/api", "port": 80},
        "base_url",
        id="url-bad-port",
    ),
]


@pytest.mark.parametrize(("fields", "says"), BAD)
def test_refused_names_the_connection_never_the_secret(fields: dict[str, Any], says: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        client_settings(conn(**fields))
    message = str(caught.value)
    assert says in message
    assert repr(CONN_ID) in message
    assert SECRET not in message
    assert HEADER_SECRET not in message
    # Nor in the chained exceptions a traceback would print.
    cause = caught.value.__cause__ or caught.value.__context__
    while cause is not None:
        assert SECRET not in str(cause)
        cause = cause.__cause__ or cause.__context__


def test_extra_that_airflow_cannot_parse_is_refused() -> None:
    """An ``extra`` that is not JSON text (a dict set in code) fails inside Airflow's
    ``extra_dejson``: refused by name, not with Airflow's TypeError."""
    c = Connection(conn_id=CONN_ID, conn_type="aioairbyte", host="airbyte")
    c.extra = {"auth_type": "basic"}  # type: ignore[assignment]
    with pytest.raises(InvalidArgumentError, match=CONN_ID):
        client_settings(c)


def test_extra_that_is_not_json_is_refused_not_dropped() -> None:
    """Airflow's ``extra_dejson`` logs bad JSON and returns ``{}``: the settings would quietly
    lose the ``auth_type`` the user meant. Refused by name instead."""
    c = Connection(
        conn_id=CONN_ID, conn_type="aioairbyte", host="airbyte", extra='{"auth_type": "basic",'
    )
    with pytest.raises(InvalidArgumentError, match=f"{CONN_ID}.*extra must be a JSON object"):
        client_settings(c)


# -- reprs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"login": "app", "password": SECRET},
        {"password": SECRET},
        {"login": "airbyte", "password": SECRET, "extra": {"auth_type": "basic"}},
        {"host": f"http://airbyte:{SECRET}@airbyte:8000/api"},
        {"extra": {"headers": {"X-Api-Key": HEADER_SECRET}}},
    ],
)
def test_reprs_hide_secrets(fields: dict[str, Any]) -> None:
    fields.setdefault("host", "airbyte")
    settings = client_settings(conn(**fields))
    for text in (repr(settings), str(settings), repr(settings.auth), repr(settings.client())):
        assert SECRET not in text
        assert HEADER_SECRET not in text


def test_url_credentials_still_authenticate() -> None:
    """Credentials in a full URL are hidden from the repr, not lost: the client uses them."""
    settings = client_settings(conn(host=f"http://airbyte:{SECRET}@airbyte:8000/api"))
    transport = settings.client().transport
    assert transport.base_url == "http://airbyte:8000/api"
    assert transport.auth == BasicAuth("airbyte", SECRET)


# -- the hook and the provider ----------------------------------------------------------------


def test_hook_looks_the_connection_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_AIRBYTE_CANARY",
        json.dumps(
            {
                "conn_type": "aioairbyte",
                "host": "http://sim:9/api",
                "login": "a",
                "password": SECRET,
            }
        ),
    )
    settings = AirbyteHook("airbyte_canary").settings()
    assert settings == ClientSettings("http://sim:9/api", ClientCredentials("a", SECRET))


async def test_hook_looks_the_connection_up_without_blocking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_AIRBYTE_CANARY",
        json.dumps({"conn_type": "aioairbyte", "host": "sim", "port": 9, "password": SECRET}),
    )
    settings = await AirbyteHook("airbyte_canary").asettings()
    assert settings == ClientSettings("http://sim:9/api", BearerAuth(SECRET))


def test_ui_field_behaviour_is_json() -> None:
    behaviour = AirbyteHook.get_ui_field_behaviour()
    assert set(behaviour) == {"hidden_fields", "relabeling", "placeholders"}
    assert json.loads(behaviour["placeholders"]["extra"]) == {"auth_type": "client_credentials"}


def test_provider_info_matches_airflows_schema() -> None:
    schema = json.loads(
        importlib.resources.files("airflow").joinpath("provider_info.schema.json").read_text()
    )
    info = get_provider_info()
    jsonschema.validate(info, schema)
    [connection_type] = info["connection-types"]
    assert connection_type["connection-type"] == AirbyteHook.conn_type
    module, _, name = connection_type["hook-class-name"].rpartition(".")
    assert getattr(importlib.import_module(module), name) is AirbyteHook
    for section in ("hooks", "operators", "triggers"):
        for integration in info[section]:
            for path in integration["python-modules"]:
                importlib.import_module(path)
