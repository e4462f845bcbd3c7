"""Fixtures of the simulator tests: a simulator on a manual clock and a checking HTTP helper.

Every answer that goes through :class:`Api` is checked against the spec (when the spec file
is present): 200 bodies against the operation's response schema in strict mode (no
undeclared fields), error bodies against the error schema of their status, and no ``null``
anywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import attrs
import orjson
import pytest
import pytest_asyncio

from aioairbyte.simulator import ManualClock, SimulatedAirbyte, SimulatorConfig
from aioairbyte.simulator.pytest_plugin import (  # noqa: F401
    airbyte_simulator,
    airbyte_simulator_config,
)
from tests import spec

ATTEMPT = 10.0
"""Attempt duration of the ``sim`` fixture, in (manual) seconds."""

ERROR_SCHEMAS = {
    400: "InvalidInputExceptionInfo",  # the real server's bean-validation answer
    404: "NotFoundKnownExceptionInfo",
    409: "KnownExceptionInfo",
    422: "InvalidInputExceptionInfo",
    500: "KnownExceptionInfo",
}


def assert_no_nulls(value: Any, where: str = "$") -> None:
    """Fail if a ``null`` appears anywhere in a JSON value."""
    assert value is not None, f"null at {where}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert_no_nulls(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_no_nulls(item, f"{where}[{index}]")


@attrs.frozen
class Reply:
    """An answer: status, parsed JSON (or text), content type and headers."""

    status: int
    body: Any
    content_type: str
    headers: dict[str, str]


class Api:
    """Talks to the simulator over HTTP and checks every JSON answer against the spec."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url
        self.checked: set[str] = set()
        """Paths whose 200 (or 204) answers were validated against the spec."""

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        """POST ``body`` as JSON to ``/api/v1/<path>``."""
        data = b"" if body is None else orjson.dumps(body)
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return await self.request("POST", path, data=data, headers=headers, **kwargs)

    async def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        """Send a request to ``/api/v1/<path>`` and check the answer."""
        async with self.session.request(method, f"{self.url}/v1/{path}", **kwargs) as response:
            raw = await response.read()
            reply = Reply(
                status=response.status,
                body=orjson.loads(raw)
                if response.content_type == "application/json"
                else raw.decode(),
                content_type=response.content_type,
                headers=dict(response.headers),
            )
        self._check(method, path, reply)
        return reply

    async def ok(self, path: str, body: Any = None) -> Any:
        """POST and return the body of a 200 answer."""
        reply = await self.post(path, body)
        assert reply.status == 200, reply
        return reply.body

    async def sync(self, connection_id: object) -> Any:
        """Start a sync; return its ``JobInfoRead``."""
        return await self.ok("connections/sync", {"connectionId": str(connection_id)})

    async def reset(self, connection_id: object) -> Any:
        """Start a reset; return its ``JobInfoRead``."""
        return await self.ok("connections/reset", {"connectionId": str(connection_id)})

    async def job(self, job_id: int) -> Any:
        """``jobs/get`` of a job."""
        return await self.ok("jobs/get", {"id": job_id})

    def _check(self, method: str, path: str, reply: Reply) -> None:
        if reply.content_type == "application/json":
            assert_no_nulls(reply.body)
        if not spec.SPEC_PATH.is_file():
            return  # test_contract.py reports the missing spec
        if reply.status == 200:
            name = spec.response_schema_name(f"/v1/{path}", method=method)
            assert name is not None
            spec.validate(name, reply.body, strict=True)
            self.checked.add(f"/api/v1/{path}")
        elif reply.status == 204:
            assert reply.body == ""
            assert spec.response_schema_name(f"/v1/{path}", "204", method=method) is None
            self.checked.add(f"/api/v1/{path}")
        elif reply.status in ERROR_SCHEMAS and reply.content_type == "application/json":
            spec.validate(ERROR_SCHEMAS[reply.status], reply.body, strict=True)


@contextlib.asynccontextmanager
async def open_api(config: SimulatorConfig) -> AsyncIterator[tuple[SimulatedAirbyte, Api]]:
    """Start a simulator with ``config`` and an :class:`Api` bound to it."""
    async with SimulatedAirbyte(config=config) as simulator, aiohttp.ClientSession() as session:
        yield simulator, Api(session, simulator.url)


@pytest.fixture
def clock() -> ManualClock:
    """The manual clock driving the ``sim`` fixture."""
    return ManualClock()


@pytest.fixture
def sim_config(clock: ManualClock) -> SimulatorConfig:
    """Configuration of ``sim``: manual clock, 10 s attempts, 5 log lines per attempt."""
    return SimulatorConfig(clock=clock, attempt_duration=ATTEMPT, log_lines=5)


@pytest_asyncio.fixture
async def sim(sim_config: SimulatorConfig) -> AsyncIterator[SimulatedAirbyte]:
    """A started simulator."""
    async with SimulatedAirbyte(config=sim_config) as simulator:
        yield simulator


@pytest_asyncio.fixture
async def api(sim: SimulatedAirbyte) -> AsyncIterator[Api]:
    """An HTTP helper bound to ``sim``."""
    async with aiohttp.ClientSession() as session:
        yield Api(session, sim.url)
