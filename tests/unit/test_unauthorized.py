"""A 401 says whether the client sent no credentials or the server refused them, never the secret.

Both servers' 401s: 0.40's auth proxy answers an HTML page, 2.x an empty body.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from aioresponses import aioresponses

from aioairbyte import AirbyteClient, AuthenticationError, BearerAuth, ClientCredentials
from aioairbyte.errors import error_from_response
from tests.conftest import BASE_URL
from tests.unit.test_auth import jwt

HEALTH = f"{BASE_URL}/v1/health"
LIST = f"{BASE_URL}/v1/workspaces/list"
SECRET = "secret-CANARY-7f3a"
HTML_401 = "<html><head><title>401 Authorization Required</title></head></html>"
MISSING = "no credentials were given (pass auth=...)"

#: The two servers' 401 answers: (body, content type).
ANSWERS = {"0.40 HTML page": (HTML_401, "text/html"), "2.x empty body": ("", "application/json")}


@pytest.mark.parametrize("answer", list(ANSWERS), ids=list(ANSWERS))
@pytest.mark.parametrize(
    ("options", "hint"),
    [
        ({}, MISSING),
        ({"auth": ("airbyte", SECRET)}, "the server refused the credentials (Basic auth)"),
        ({"auth": BearerAuth(SECRET)}, "the server refused the credentials (a bearer token)"),
        (
            {"headers": {"authorization": f"Bearer {SECRET}"}},
            "the server refused the credentials (the Authorization header given in headers)",
        ),
    ],
    ids=["none", "basic", "bearer", "header"],
)
async def test_a_401_says_whether_credentials_were_missing_or_refused(
    options: dict[str, Any], hint: str, answer: str
) -> None:
    body, content_type = ANSWERS[answer]
    with aioresponses() as mocked:
        mocked.post(LIST, status=401, body=body, content_type=content_type)
        async with AirbyteClient(BASE_URL, **options) as client:
            with pytest.raises(AuthenticationError) as caught:
                await client.workspaces.list()

    error = caught.value
    assert error.hint == hint
    assert str(error).endswith(f"failed with 401: {error.message}; {hint}")
    assert error.message in ("401 Authorization Required", "Unauthorized")
    assert SECRET not in str(error)
    assert SECRET not in repr(error)


async def test_a_401_with_client_credentials_names_the_issued_token() -> None:
    creds = ClientCredentials("app-id", SECRET)
    token = jwt(time.time() + 900)
    with aioresponses() as mocked:
        mocked.post(f"{BASE_URL}/v1/applications/token", payload={"access_token": token})
        mocked.post(f"{BASE_URL}/v1/applications/token", payload={"access_token": token})
        mocked.post(LIST, status=401, body="")
        mocked.post(LIST, status=401, body="")  # the one resend with a fresh token
        async with AirbyteClient(BASE_URL, auth=creds) as client:
            with pytest.raises(AuthenticationError) as caught:
                await client.workspaces.list()

    assert caught.value.hint == (
        "the server refused the credentials (a token issued for the client credentials)"
    )
    for text in (str(caught.value), repr(caught.value)):
        assert SECRET not in text
        assert token not in text


def test_the_hint_is_added_only_to_a_401_and_only_when_asked() -> None:
    def error(status: int, credentials: str | None) -> Any:
        operation = "POST /v1/health"
        return error_from_response(
            operation=operation, status=status, headers={}, body=b"", credentials=credentials
        )

    assert error(401, None).hint is None  # e.g. the token endpoint's own refusals
    assert error(401, "").hint == MISSING
    assert error(403, "").hint is None
    assert str(error(403, "")) == "POST /v1/health failed with 403: Forbidden"
