"""A base URL without ``/api``: the first request, whatever it is, says where the API usually is.

Against the simulator over loopback (its router answers an unknown path with Airbyte's plain
``Object not found.``, auth or not), for a GET (``health``) and a POST.
"""

from __future__ import annotations

import pytest

from aioairbyte import AirbyteClient, UnsupportedOperationError
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

HINT = "base_url does not point at the API (it usually ends in /api)"


@pytest.mark.parametrize("auth", [None, ("airbyte", "password")], ids=["no-auth", "basic-auth"])
async def test_a_base_url_without_api_is_hinted_at_the_first_request(
    auth: tuple[str, str] | None,
) -> None:
    async with SimulatedAirbyte(config=SimulatorConfig(auth=auth)) as sim:
        root = sim.url.removesuffix("/api")
        assert root != sim.url
        for call in ("health", "jobs"):
            async with AirbyteClient(root, auth=auth) as client:
                request = client.health.check() if call == "health" else client.jobs.get_light(1)
                with pytest.raises(UnsupportedOperationError) as caught:
                    await request
            error = caught.value
            assert error.status == 404
            assert error.body == "Object not found."
            assert HINT in str(error)
        # Sent once each, never retried: a 404 is definite.
        paths = sim.stats.requests_by_path
        assert (paths["/v1/health"], paths["/v1/jobs/get_light"]) == (1, 1)
