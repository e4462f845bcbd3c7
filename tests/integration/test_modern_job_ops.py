"""Modern job operations and batched polling, end to end: the client against the simulator's
modern profile (and the 0.40 one where they must be refused), over loopback HTTP.

Clear and refresh with the guarantees of sync (an ambiguous trigger never doubles a job, owned
jobs are cancelled), a refresh the server answers without a job, batched status polls in a
fan-out (and per-job polls on 0.40, learnt once), and live progress.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from aioairbyte import (
    AirbyteClient,
    JobProgress,
    JobTimeoutError,
    JobUpdate,
    NoJobStartedError,
    UnsupportedOperationError,
)
from aioairbyte.fanout import OutcomeStatus
from aioairbyte.models import JobConfigType, JobStatus
from aioairbyte.simulator import Faults, Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL, serve

API = "/api/v1"
STATUS = f"{API}/connections/status"
GET_LIGHT = f"{API}/jobs/get_light"
CLEAR = f"{API}/connections/clear"
REFRESH = f"{API}/connections/refresh"


def modern(**options: object) -> SimulatorConfig:
    options.setdefault("attempt_duration", 0.05)
    return SimulatorConfig(profile="modern", **options)  # type: ignore[arg-type]


async def test_clear_and_wait_runs_a_reset_job_of_the_given_streams() -> None:
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection()
        result = await client.connections.clear_and_wait(cid, poll=FAST_POLL, timeout=10)
        assert result.status is JobStatus.SUCCEEDED
        assert result.config_type is JobConfigType.RESET_CONNECTION  # the server's reset
        streams = await client.connections.clear_and_wait(
            cid, streams=[("users", "public")], poll=FAST_POLL, timeout=10
        )
        assert streams.job.reset_config is not None
        assert [(s.name, s.namespace) for s in streams.job.reset_config.streams_to_reset] == [
            ("users", "public")
        ]
        assert sim.stats.jobs_created[cid] == 2
        assert sim.stats.requests_by_path[CLEAR] == 1


async def test_reset_and_wait_of_some_streams() -> None:
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection()
        result = await client.connections.reset_and_wait(
            cid, streams=[("orders", "public")], poll=FAST_POLL, timeout=10
        )
        assert result.succeeded
        assert result.job.reset_config is not None
        assert [s.name for s in result.job.reset_config.streams_to_reset] == ["orders"]


async def test_refresh_and_wait_follows_the_refresh_job() -> None:
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection()
        result = await client.connections.refresh_and_wait(
            cid, streams=[("users", "public")], mode="merge", poll=FAST_POLL, timeout=10
        )
        assert result.succeeded
        assert result.config_type is JobConfigType.REFRESH
        assert result.job.refresh_config is not None
        assert [s.name for s in result.job.refresh_config.streams_to_refresh] == ["users"]
        assert result.attempts_count == 1


async def test_refresh_while_a_sync_runs_attaches_to_it_or_says_so() -> None:
    """The server answers ``{}`` and keeps the refresh for the next sync: the helper waits on
    the running job (not its own, so not cancelled), or raises with ``if_running="error"``."""
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection(attempt_duration=0.5)
        running = (await client.connections.sync(cid)).job
        with pytest.raises(NoJobStartedError) as info:
            await client.connections.refresh_and_wait(cid, if_running="error", timeout=10)
        assert info.value.running is not None
        assert info.value.running.id == running.id
        result = await client.connections.refresh_and_wait(cid, poll=FAST_POLL, timeout=10)
        assert result.job_id == running.id
        assert result.config_type is JobConfigType.SYNC
        assert result.succeeded
        # The refresh the server kept makes the connection's next job a refresh.
        after = (await client.connections.sync(cid)).job
        assert after.config_type is JobConfigType.REFRESH


async def test_refresh_on_a_destination_that_cannot_refresh_is_a_clear_error() -> None:
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection()
        destination = (await client.connections.get(cid)).destination_id
        sim.set_refresh_support(destination, False)
        with pytest.raises(NoJobStartedError, match="may not support refreshes"):
            await client.connections.refresh_and_wait(cid, timeout=10)
        assert sim.stats.jobs_created[cid] == 0
        bulk = await client.refresh_many([cid], timeout=10)
        assert bulk.outcomes[0].status is OutcomeStatus.ERROR
        assert isinstance(bulk.outcomes[0].error, NoJobStartedError)


@pytest.mark.parametrize(("kind", "path"), [("clear", CLEAR), ("refresh", REFRESH)])
async def test_an_answer_lost_after_the_job_started_adopts_it(kind: str, path: str) -> None:
    """No duplicate: the trigger's answer is lost after the server started the job; the job
    is found above the baseline and followed, not started again."""
    async with serve(modern()) as (sim, client):
        cid = sim.add_connection(attempt_duration=0.2)
        sim.faults = Faults(drop_after=1.0, paths={path})
        helper = (
            client.connections.clear_and_wait
            if kind == "clear"
            else client.connections.refresh_and_wait
        )
        result = await helper(cid, poll=FAST_POLL, timeout=10)
        assert result.succeeded
        assert sim.stats.jobs_created[cid] == 1
        assert sim.stats.requests_by_path[path] == 1
        expected = JobConfigType.REFRESH if kind == "refresh" else JobConfigType.RESET_CONNECTION
        assert result.config_type is expected


@pytest.mark.parametrize("kind", ["clear", "refresh"])
async def test_an_owned_clear_or_refresh_is_cancelled_at_the_deadline(kind: str) -> None:
    async with serve(modern(default_outcome=Outcome.HANG)) as (sim, client):
        cid = sim.add_connection()
        helper = (
            client.connections.clear_and_wait
            if kind == "clear"
            else client.connections.refresh_and_wait
        )
        with pytest.raises(JobTimeoutError) as info:
            await helper(cid, poll=FAST_POLL, timeout=0.5)
        assert info.value.cancelled
        assert info.value.result.status is JobStatus.CANCELLED
        assert sim.unfinished_jobs() == []


async def test_cancelling_a_refresh_fan_out_cancels_its_jobs() -> None:
    async with serve(modern(default_outcome=Outcome.HANG)) as (sim, client):
        ids = [sim.add_connection() for _ in range(5)]
        started = asyncio.Event()

        def on_update(event: object) -> None:
            if isinstance(event, JobUpdate) and len(sim.unfinished_jobs()) == 5:
                started.set()

        task = asyncio.ensure_future(client.refresh_many(ids, poll=FAST_POLL, on_update=on_update))
        await asyncio.wait_for(started.wait(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert sim.unfinished_jobs() == []
        assert all(sim.stats.jobs_created[c] == 1 for c in ids)


async def test_a_fan_out_polls_its_running_jobs_in_batches() -> None:
    """60 connections: the waits poll ``connections/status`` (a request per 100 connections
    per round), never ``jobs/get_light``; each job is triggered once and read once at its
    end: about 2 requests per job in all (the triggers' baselines are mostly free)."""
    async with serve(modern(attempt_duration=0.6)) as (sim, client):
        ids = [sim.add_connection() for _ in range(60)]
        sim.stats.reset()
        bulk = await client.sync_many(ids, timeout=20)
        assert bulk.summary[OutcomeStatus.SUCCEEDED] == 60
        requests = sim.stats.requests_by_path
        assert requests[GET_LIGHT] == 0
        assert requests[STATUS] >= 1
        assert requests[STATUS] == client.jobs.poller.requests
        total = sum(requests.values())
        assert total / 60 <= 3, requests
        assert client.transport.traits.connection_status is True
        assert all(o.result is not None and o.result.attempts_count == 1 for o in bulk.outcomes)


async def test_on_0_40_the_missing_batch_is_learnt_once_and_jobs_polled_alone() -> None:
    async with serve(SimulatorConfig(attempt_duration=0.2)) as (sim, client):
        ids = [sim.add_connection() for _ in range(20)]
        sim.stats.reset()
        bulk = await client.sync_many(ids, poll=FAST_POLL, timeout=20)
        assert bulk.summary[OutcomeStatus.SUCCEEDED] == 20
        assert sim.stats.requests_by_path[STATUS] == 1  # one 404, remembered
        assert sim.stats.requests_by_path[GET_LIGHT] >= 20
        assert client.transport.traits.connection_status is False
        with pytest.raises(UnsupportedOperationError):
            await client.connections.clear_and_wait(ids[0], timeout=5)


async def test_updates_under_batched_polls_carry_the_servers_attempt_count() -> None:
    # Attempts over a second: updatedAt (whole seconds) moves when the second one starts.
    async with serve(modern(attempt_duration=1.1)) as (sim, client):
        cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        updates: list[tuple[str, int]] = []
        result = await client.connections.sync_and_wait(
            cid,
            poll=FAST_POLL,
            timeout=20,
            on_update=lambda u: updates.append((u.status.value, u.attempt)),
        )
        assert result.attempts_count == 2
        assert updates[-1] == ("succeeded", 2)
        assert ("running", 2) in updates
        assert [a for _, a in updates] == sorted(a for _, a in updates)
        assert sim.stats.requests_by_path[GET_LIGHT] == 0


async def test_progress_reports_growing_records_of_the_running_job(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aioairbyte import polling

    monkeypatch.setattr(polling, "PROGRESS_EVERY", 0.1)
    async with serve(modern(attempt_duration=1.5)) as (sim, client):
        cid = sim.add_connection()
        seen: list[JobProgress] = []

        def on_update(event: object) -> None:
            if isinstance(event, JobProgress):
                seen.append(event)

        policy = FAST_POLL
        result = await client.connections.sync_and_wait(
            cid, poll=policy, timeout=20, on_update=on_update, progress=True
        )
        assert result.succeeded
        assert len(seen) >= 2
        assert all(p.job_id == result.job_id and p.connection_id == cid for p in seen)
        records = [p.records_emitted or 0 for p in seen]
        assert records == sorted(records)
        assert records[-1] > records[0]
        assert {s.stream_name for s in seen[-1].streams} == {"users", "orders"}
        assert result.records_synced is not None
        assert result.records_synced >= records[-1]


async def test_watch_with_progress_yields_progress_between_updates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aioairbyte import polling

    monkeypatch.setattr(polling, "PROGRESS_EVERY", 0.1)
    async with serve(modern(attempt_duration=1.0)) as (sim, client):
        cid = sim.add_connection()
        job = (await client.connections.sync(cid)).job
        kinds = Counter(
            [
                type(event).__name__
                async for event in client.jobs.watch(job.id, poll=FAST_POLL, progress=True)
            ]
        )
        assert kinds["JobProgress"] >= 1
        assert kinds["JobUpdate"] >= 2


async def test_clear_many_clears_each_connection_once() -> None:
    async with serve(modern()) as (sim, client):
        ids = [sim.add_connection() for _ in range(4)]
        bulk = await client.clear_many(ids, streams=["users", ("orders", "public")], timeout=20)
        assert bulk.summary[OutcomeStatus.SUCCEEDED] == 4
        for outcome in bulk.outcomes:
            assert outcome.result is not None
            assert outcome.result.config_type is JobConfigType.RESET_CONNECTION
            assert outcome.result.job.reset_config is not None
            names = {s.name for s in outcome.result.job.reset_config.streams_to_reset}
            assert names == {"users", "orders"}
        assert sim.stats.jobs_created == Counter(dict.fromkeys(ids, 1))
        assert sim.stats.requests_by_path[f"{API}/connections/clear/stream"] == 4


async def test_the_new_reads_are_unsupported_on_0_40(
    sim: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """On 0.40 (the default ``sim``) the modern reads are unsupported, named."""
    cid = sim.add_connection()
    with pytest.raises(UnsupportedOperationError, match="connections/status"):
        await client.connections.status([cid])
    with pytest.raises(UnsupportedOperationError, match="sync_progress"):
        await client.connections.sync_progress(cid)
