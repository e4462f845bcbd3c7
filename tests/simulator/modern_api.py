"""A checking HTTP helper for the modern profile (a plain helper, not a test module).

:class:`ModernApi` sends the bearer token it holds and checks every answer against the 2.0.0
and 2026-08 documents, strictly, the way ``conftest.Api`` checks 0.40 answers against the
2023 one. Where the two documents cannot both hold, the simulator follows 2.0.0 and the check
tolerates exactly these differences (:data:`TOLERATED`):

- ``queued`` is a ``JobStatus`` of 2026-08 only (2.0.0 lists no such value);
- 2026-08 requires ``onDemandEnabled`` on web-backend reads, a field 2.0.0 does not declare;
- the server's instance configuration has no ``defaultWorkspaceId`` and, without a license, no
  ``licenseStatus``, which both documents require (``InstanceConfigurationHandler``);
- ``connections/sync_progress`` without an unfinished job answers ``{connectionId, streams: []}``
  without the ``configType`` both documents require
  (``JobHistoryHandler.getConnectionSyncProgressInternal``).

Error bodies follow the server, not the documents (whose error schemas require ``message``):
``{"errorId"}``, or ``{"message", "errorId"}`` for known exceptions; a 401 has an empty body.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import jsonschema
import orjson

from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig
from tests import spec

from .conftest import Api, Reply, assert_no_nulls

MODERN_DOCUMENTS = ("2.0", "2026-08")
TOKEN = "applications/token"
PUBLIC_TOKEN = "/public/v1/applications/token"
APPLICATION = ("sim-client", "sim-secret")


_NOT_SENT = frozenset(
    {"'defaultWorkspaceId' is a required property", "'licenseStatus' is a required property"}
)


def _no_progress(error: jsonschema.ValidationError) -> bool:
    """The answer of sync_progress without a running job: no configType (nor jobId)."""
    body = error.instance
    return (
        error.validator == "required"
        and error.message == "'configType' is a required property"
        and isinstance(body, dict)
        and body.get("streams") == []
        and set(body) == {"connectionId", "streams"}
    )


def _tolerated(document: str, error: jsonschema.ValidationError) -> bool:
    if document == "2.0" and error.validator == "enum" and error.instance == "queued":
        return True
    if error.validator == "required" and error.message in _NOT_SENT:
        return True
    if _no_progress(error):
        return True
    return (
        document == "2026-08"
        and error.validator == "required"
        and error.message == "'onDemandEnabled' is a required property"
    )


TOLERATED = _tolerated
"""Whether a validation error is one of the known differences between the documents."""


def validate_modern(name_of: Any, body: Any) -> None:
    """Validate ``body`` against both modern documents; ``name_of(document)`` names the schema."""
    for document in MODERN_DOCUMENTS:
        spec.load_spec(document)
        validator = spec._validator(name_of(document), True, document)
        errors = [e for e in validator.iter_errors(body) if not _tolerated(document, e)]
        assert not errors, (document, [e.message for e in errors])


def assert_error_body(reply: Reply, *, message: str | None = None) -> None:
    """A 2.x error body: a fresh ``errorId``, and ``message`` for known exceptions only."""
    assert reply.content_type == "application/json", reply
    expected = {"errorId"} if message is None else {"message", "errorId"}
    assert set(reply.body) == expected, reply.body
    uuid.UUID(reply.body["errorId"])
    if message is not None:
        assert reply.body["message"] == message
        spec.validate("KnownExceptionInfo", reply.body, strict=True, document="2.0")


class ModernApi(Api):
    """:class:`Api` for the modern profile: bearer token, checks against 2.0.0 and 2026-08."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        super().__init__(session, url)
        self.token: str | None = None
        """Sent as ``Authorization: Bearer`` when set."""

    async def login(self, application: tuple[str, str] = APPLICATION) -> str:
        """Get a token from ``/api/v1/applications/token`` and use it from now on."""
        reply = await self.post(
            TOKEN, {"client_id": application[0], "client_secret": application[1]}
        )
        assert reply.status == 200, reply
        self.token = reply.body["access_token"]
        return self.token

    async def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        """Send to ``/api/v1/<path>``, or to ``/api<path>`` for a path starting with ``/``."""
        headers = dict(kwargs.pop("headers", {}))
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        url = f"{self.url}{path}" if path.startswith("/") else f"{self.url}/v1/{path}"
        async with self.session.request(method, url, headers=headers, **kwargs) as response:
            raw = await response.read()
            json = response.content_type == "application/json"
            reply = Reply(
                status=response.status,
                body=orjson.loads(raw) if json else raw.decode(),
                content_type=response.content_type,
                headers=dict(response.headers),
            )
        self._check(method, path, reply)
        return reply

    def _check(self, method: str, path: str, reply: Reply) -> None:
        if reply.content_type == "application/json":
            assert_no_nulls(reply.body)
        key = path if path.startswith("/") else f"/v1/{path}"
        if reply.status == 200:
            for document in MODERN_DOCUMENTS:
                assert spec.has_operation(key, method, document), (key, document)
            validate_modern(
                lambda d: spec.response_schema_name(key, method=method, document=d), reply.body
            )
            self.checked.add(f"/api{key}")
        elif reply.status == 204:
            assert reply.body == ""
            for document in MODERN_DOCUMENTS:
                assert spec.response_schema_name(key, "204", method, document) is None
            self.checked.add(f"/api{key}")
        elif reply.status == 401:
            assert reply.body == "", reply
        elif reply.status in (400, 404, 409, 422, 500) and reply.content_type == "application/json":
            # Known exceptions (a 400's validation, a 409, a 404 IdNotFoundKnownException, a 422
            # BadObjectSchemaKnownException) carry their message; others only the errorId.
            assert_error_body(reply, message=reply.body.get("message"))


@contextlib.asynccontextmanager
async def open_modern(
    config: SimulatorConfig, *, login: bool = True
) -> AsyncIterator[tuple[SimulatedAirbyte, ModernApi]]:
    """Start a modern simulator and a :class:`ModernApi` (logged in if it has an application)."""
    async with SimulatedAirbyte(config=config) as simulator, aiohttp.ClientSession() as session:
        api = ModernApi(session, simulator.url)
        if login and config.application is not None:
            await api.login(config.application)
        yield simulator, api
