"""The aioresponses/aiohttp 3.14 shim (tests/_aioresponses_compat.py) and when it can go."""

from __future__ import annotations

from importlib.metadata import version

import aiohttp
import pytest
from aioresponses import aioresponses

from tests import _aioresponses_compat

URL = "http://compat.test/api/v1/health"


@pytest.mark.parametrize(
    "size", [0, 100, 2**17 + 1, 2**20], ids=["empty", "small", "past-high-water", "1MiB"]
)
async def test_aioresponses_builds_responses_on_this_aiohttp(size: int) -> None:
    body = b"x" * size
    async with aiohttp.ClientSession() as session:
        with aioresponses() as mocked:
            mocked.get(URL, status=200, body=body, headers={"X-Test": "1"})
            async with session.get(URL) as response:
                assert response.status == 200
                assert response.headers["X-Test"] == "1"
                assert await response.read() == body


def test_the_shim_is_still_needed() -> None:
    """Skips, with a reminder in pytest's summary, once aioresponses handles this aiohttp."""
    needed = [
        name
        for name, check in [
            ("stream_writer", _aioresponses_compat.stream_writer_needed),
            ("flow_control", _aioresponses_compat.flow_control_needed),
        ]
        if check()
    ]
    if not needed:
        pytest.skip(
            f"aiohttp {aiohttp.__version__} with aioresponses {version('aioresponses')} needs "
            "no shim: once the newest aiohttp does not either, delete "
            "tests/_aioresponses_compat.py and its import in tests/conftest.py"
        )
    assert _aioresponses_compat.install() == needed
