"""The client against the simulator's modern profile (Airbyte 1.x/2.x), over loopback HTTP.

Application tokens that expire many times during a fan-out, ``queued`` jobs under the server's
capacity, and the operations whose paths or shapes changed. Default client settings throughout:
what these tests assert is what a user of a modern server gets.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter

import pytest

from aioairbyte import (
    AirbyteClient,
    AuthenticationError,
    ClientCredentials,
    JobUpdate,
    UnsupportedOperationError,
)
from aioairbyte.fanout import OutcomeStatus
from aioairbyte.models import JobStatus
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL

APP = ("aioairbyte-test-client", "s3cret-CANARY-5b1e")


def modern(**options: object) -> SimulatorConfig:
    """A modern server requiring application tokens."""
    return SimulatorConfig(profile="modern", application=APP, **options)  # type: ignore[arg-type]


# 2 s tokens renewed 0.25-0.5 s ahead: a stalled event loop turns renewals into 401s. Under
# pytest-xdist this runs on the worker of the other CPU-timed tests, not beside them.
@pytest.mark.xdist_group("cpu-timed")
async def test_a_fan_out_outliving_many_tokens() -> None:
    """50 connections, 6 s jobs, 2 s tokens: one job each, every outcome right, tokens renewed
    ahead of expiry (at most run time / lifetime + 2 requests, at most one 401 per renewal).

    ``exp`` is whole seconds, truncated (``ApplicationServiceMicronautImpl``: ``epochSecond``),
    so a token of L seconds really lives between L - 1 and L: the bound counts L - 1."""
    lifetime = 2.0
    config = modern(token_lifetime=lifetime, attempt_duration=6.0, connections=50)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        opened = time.monotonic()
        ids = await client.connections.active_ids(sim.workspace_id)
        assert len(ids) == 50
        result = await client.sync_many(ids)
        elapsed = time.monotonic() - opened
        assert [o.status for o in result.outcomes] == [OutcomeStatus.SUCCEEDED] * 50
        assert all(o.result is not None and o.result.attempts_count == 1 for o in result.outcomes)
        assert {c: sim.stats.jobs_created[c] for c in ids} == dict.fromkeys(ids, 1)
        assert sim.unfinished_jobs() == []
        assert sim.stats.tokens_issued <= elapsed / (lifetime - 1) + 2, (sim.stats, elapsed)
        assert sim.stats.tokens_issued >= elapsed // lifetime  # it did renew, several times
        assert sim.stats.unauthorized <= sim.stats.tokens_issued - 1


async def test_tokens_revoked_mid_fan_out_are_renewed_once_and_requests_resent() -> None:
    """Every token stops working while 20 waits poll: each request that met a 401 is resent
    once with a fresh token (one token request for all), no sync is lost or doubled."""
    config = modern(attempt_duration=1.0, connections=20)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        ids = await client.connections.active_ids(sim.workspace_id)
        revoked = False

        def on_update(event: object) -> None:
            nonlocal revoked
            if isinstance(event, JobUpdate) and not revoked:
                revoked = True
                sim.expire_tokens()

        issued_before = sim.stats.tokens_issued
        result = await client.sync_many(ids, on_update=on_update, poll=FAST_POLL)
        assert revoked
        assert [o.status for o in result.outcomes] == [OutcomeStatus.SUCCEEDED] * 20
        assert {c: sim.stats.jobs_created[c] for c in ids} == dict.fromkeys(ids, 1)
        assert sim.stats.tokens_issued == issued_before + 1
        assert 1 <= sim.stats.unauthorized <= 20


async def test_wrong_secret_is_an_authentication_error_without_the_secret() -> None:
    async with (
        SimulatedAirbyte(config=modern()) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(APP[0], "wrong-CANARY-d00d")) as client,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await client.connections.list(sim.workspace_id)
    text = f"{caught.value} {caught.value!r} {caught.value.__cause__!r}"
    assert "applications/token" in text
    assert "wrong-CANARY-d00d" not in text
    assert sim.stats.requests_by_path["/api/v1/connections/list"] == 0


async def test_basic_auth_on_a_modern_server_is_refused_clearly() -> None:
    async with (
        SimulatedAirbyte(config=modern()) as sim,
        AirbyteClient(sim.url, auth=("airbyte", "password")) as client,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await client.connections.list(sim.workspace_id)
    assert caught.value.status == 401


async def test_no_security_needs_no_credentials() -> None:
    config = SimulatorConfig(profile="modern", attempt_duration=0.05, connections=2)
    async with SimulatedAirbyte(config=config) as sim, AirbyteClient(sim.url) as client:
        [workspace] = await client.workspaces.list()
        ids = await client.connections.active_ids(workspace.workspace_id)
        result = await client.sync_many(ids, poll=FAST_POLL)
    assert result.summary[OutcomeStatus.SUCCEEDED] == 2


@pytest.mark.parametrize("max_running", [None, 5, 20])
async def test_queued_jobs_under_the_server_capacity(max_running: int | None) -> None:
    """40 connections, room for 10 running jobs: every sync answers ``pending`` at once and
    waits its turn (``queued``); all succeed, with the client's own bound below or above the
    server's, and none is reported before the server ended it."""
    config = modern(max_running_jobs=10, attempt_duration=0.2, connections=40)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        ids = await client.connections.active_ids(sim.workspace_id)
        seen: Counter[str] = Counter()
        early: list[int] = []

        def on_update(event: object) -> None:
            if isinstance(event, JobUpdate):
                seen[event.status.value] += 1
                if event.status.is_terminal and sim.job_status(event.job_id) != "succeeded":
                    early.append(event.job_id)

        result = await client.sync_many(
            ids, on_update=on_update, poll=FAST_POLL, max_running=max_running
        )
        assert [o.status for o in result.outcomes] == [OutcomeStatus.SUCCEEDED] * 40
        assert early == []
        assert {c: sim.stats.jobs_created[c] for c in ids} == dict.fromkeys(ids, 1)
        assert sim.unfinished_jobs() == []
    if max_running is None or max_running > 10:
        assert seen["queued"] > 0  # some jobs did wait in the queue
    assert JobStatus("queued").is_known
    assert not JobStatus("queued").is_terminal


async def test_a_queued_job_times_out_and_is_cancelled() -> None:
    """A job still queued at the deadline is cancelled and reported with its id."""
    config = modern(max_running_jobs=1, attempt_duration=60.0, connections=2)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        ids = await client.connections.active_ids(sim.workspace_id)
        result = await client.sync_many(ids, timeout=1.0, poll=FAST_POLL)
        assert [o.status for o in result.outcomes] == [OutcomeStatus.TIMED_OUT] * 2
        assert all(o.job_id is not None for o in result.outcomes)
        assert sim.unfinished_jobs() == []


async def test_a_slow_sync_answer_is_not_mistaken_for_a_lost_one() -> None:
    """The real server answers ``connections/sync`` once the workflow started (seconds): with
    the default timeouts the answer is awaited, and exactly one job is made."""
    config = modern(sync_start_delay=1.5, attempt_duration=0.1, connections=1)
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        [cid] = await client.connections.active_ids(sim.workspace_id)
        outcome = await client.connections.sync_and_wait(cid, poll=FAST_POLL)
        assert outcome.status is JobStatus.SUCCEEDED
        assert sim.stats.jobs_created[cid] == 1


async def test_removed_operations_raise_a_typed_error_naming_them() -> None:
    async with (
        SimulatedAirbyte(config=modern()) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        with pytest.raises(UnsupportedOperationError) as caught:
            await client.web_backend.list_geographies()
    assert "/v1/web_backend/geographies/list" in str(caught.value)


async def test_workspaces_list_learns_the_modern_path_once() -> None:
    async with (
        SimulatedAirbyte(config=modern()) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        for _ in range(3):
            [workspace] = await client.workspaces.list()
            assert workspace.workspace_id == sim.workspace_id
        assert workspace.organization_id is not None
        assert sim.stats.requests_by_path["/api/v1/workspaces/list"] == 1
        assert sim.stats.requests_by_path["/api/v1/instance_configuration"] == 1
        assert sim.stats.requests_by_path["/api/v1/workspaces/list_by_user_id"] == 3


async def test_an_unknown_job_on_a_modern_server_ends_the_wait_at_once() -> None:
    async with (
        SimulatedAirbyte(config=modern()) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        started = time.monotonic()
        with pytest.raises(Exception) as caught:  # noqa: PT011 - the type is asserted below
            await client.jobs.wait(987654, poll=FAST_POLL)
        assert time.monotonic() - started < 2
    error = caught.value
    assert getattr(error, "status", None) == 500
    assert "unknown job id" in str(error)
    assert getattr(error, "error_id", None)
    assert uuid.UUID(str(error.error_id))  # type: ignore[attr-defined]
    del sim


@pytest.mark.parametrize("outcome", [Outcome.FAIL, Outcome.CONFIG_ERROR])
async def test_failures_decode_in_the_modern_shape(outcome: Outcome) -> None:
    async with (
        SimulatedAirbyte(config=modern(attempt_duration=0.05)) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        cid = sim.add_connection("failing", outcome=outcome)
        result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, raise_on_failure=False)
        assert result.status is JobStatus.FAILED
        assert result.failure_reasons
        info = await client.jobs.get(result.job_id)
        assert info.attempts
        assert all(a.attempt.failure_summary is not None for a in info.attempts)


async def test_a_running_sync_conflicts_in_the_modern_shape_and_is_attached_to() -> None:
    """2.x answers a second sync of a running job 409 ``{message, errorId}``: still recognised
    as "already running", so ``sync_and_wait`` attaches to the job instead of failing."""
    from aioairbyte import ConflictError

    async with (
        SimulatedAirbyte(config=modern(attempt_duration=0.3)) as sim,
        AirbyteClient(sim.url, auth=ClientCredentials(*APP)) as client,
    ):
        cid = sim.add_connection("busy")
        first = await client.connections.sync(cid)
        with pytest.raises(ConflictError) as caught:
            await client.connections.sync(cid)
        assert caught.value.sync_already_running
        assert caught.value.error_id is not None
        attached = await client.connections.sync_and_wait(cid, poll=FAST_POLL)
        assert attached.job_id == first.job.id
        assert attached.status is JobStatus.SUCCEEDED
        assert sim.stats.jobs_created[cid] == 1


async def test_the_public_token_endpoint_works_too() -> None:
    """``token_url`` may name the public API's endpoint (OAuth-style, ``expires_in``)."""
    async with SimulatedAirbyte(config=modern(attempt_duration=0.05)) as sim:
        public = sim.url.removesuffix("/api") + "/api/public/v1/applications/token"
        auth = ClientCredentials(*APP, token_url=public)
        async with AirbyteClient(sim.url, auth=auth) as client:
            cid = sim.add_connection("via-public")
            result = await client.connections.sync_and_wait(cid, poll=FAST_POLL)
        assert result.status is JobStatus.SUCCEEDED
        assert sim.stats.requests_by_path["/api/public/v1/applications/token"] == 1
        assert sim.stats.requests_by_path["/api/v1/applications/token"] == 0
