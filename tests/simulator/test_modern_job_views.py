"""Read operations of the modern profile: connection statuses, sync progress, filtered job lists.

``ModernApi`` checks every answer against the 2.0.0 and 2026-08 documents (sync progress
without a running job has no ``configType``, a tolerated difference: see ``modern_api.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from aioairbyte.simulator import ManualClock, Outcome, SimulatorConfig
from aioairbyte.simulator.jobs import JobEngine

from .conftest import ATTEMPT
from .modern_api import APPLICATION, ModernApi, assert_error_body, open_modern

T0 = 1_700_000_000
UNKNOWN = "00000000-0000-0000-0000-00000000abcd"


def _config(clock: ManualClock, **options: Any) -> SimulatorConfig:
    return SimulatorConfig(
        profile="modern",
        application=APPLICATION,
        clock=clock,
        attempt_duration=ATTEMPT,
        log_lines=3,
        **options,
    )


async def _statuses(api: ModernApi, *cids: object) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = await api.ok(
        "connections/status", {"connectionIds": [str(c) for c in cids]}
    )
    assert [a["connectionId"] for a in answer] == [str(c) for c in cids]
    return answer


async def _progress(api: ModernApi, cid: object) -> dict[str, Any]:
    body: dict[str, Any] = await api.ok("connections/sync_progress", {"connectionId": str(cid)})
    return body


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat()


# -- connection statuses ----------------------------------------------------------------------


async def test_connection_status_precedence() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        fresh = sim.add_connection()
        running = sim.add_connection(outcome=Outcome.HANG)
        synced = sim.add_connection()
        failing = sim.add_connection(outcome=Outcome.FAIL)
        config = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
        cancelled = sim.add_connection(outcome=Outcome.HANG)
        paused = sim.add_connection()
        reset = sim.add_connection()
        breaking = sim.add_connection()
        cron = {"cron": {"cronExpression": "0 0 * * * ?", "cronTimeZone": "UTC"}}
        await api.ok(
            "connections/update",
            {"connectionId": str(fresh), "scheduleType": "cron", "scheduleData": cron},
        )
        for cid in (running, synced, failing, config, paused, reset):
            await api.sync(cid)
        await api.ok("jobs/cancel", {"id": (await api.sync(cancelled))["job"]["id"]})
        await api.ok("connections/update", {"connectionId": str(breaking), "breakingChange": True})
        clock.advance(3 * ATTEMPT + 1)
        await api.ok("connections/update", {"connectionId": str(paused), "status": "inactive"})
        reset_id = (await api.reset(reset))["job"]["id"]
        await api.job(reset_id)  # starts now
        clock.advance(ATTEMPT + 1)
        ids = (fresh, running, synced, failing, config, cancelled, paused, reset, breaking)
        answer = dict(zip(ids, await _statuses(api, *ids), strict=True))
        assert {cid: a["connectionSyncStatus"] for cid, a in answer.items()} == {
            fresh: "pending",
            running: "running",
            synced: "synced",
            failing: "incomplete",
            config: "failed",
            cancelled: "incomplete",
            paused: "paused",
            reset: "pending",  # the last job was a reset
            breaking: "failed",
        }
        assert answer[fresh] == {
            "connectionId": str(fresh),
            "connectionSyncStatus": "pending",
            "scheduleData": cron,
        }
        active = answer[running]["activeJob"]
        assert (active["status"], active["configType"]) == ("running", "sync")
        assert answer[running]["lastSyncJobCreatedAt"] == T0
        assert "lastSyncJobId" not in answer[running]
        done = answer[synced]
        assert (done["lastSuccessfulSync"], done["lastSyncAttemptNumber"]) == (T0 + ATTEMPT, 0)
        assert done["lastSyncJobId"] == sim.jobs_for(synced)[0]["job"]["id"]
        assert "failureReason" not in done
        failed = answer[failing]
        assert (failed["lastSyncAttemptNumber"], failed["failureReason"]["failureType"]) == (
            2,
            "system_error",
        )
        assert "lastSuccessfulSync" not in failed
        assert answer[config]["failureReason"]["failureType"] == "config_error"
        assert "lastSyncJobId" not in answer[cancelled]
        # A succeeded reset is the last successful job; the last sync job is the sync.
        assert answer[reset]["lastSuccessfulSync"] == T0 + 3 * ATTEMPT + 1 + ATTEMPT
        assert answer[reset]["lastSyncJobId"] == reset_id
        assert answer[reset]["lastSyncJobCreatedAt"] == T0
        assert await _statuses(api) == []


async def test_an_unknown_connection_makes_the_whole_request_a_404() -> None:
    async with open_modern(_config(ManualClock())) as (sim, api):
        cid = str(sim.add_connection())
        reply = await api.post("connections/status", {"connectionIds": [cid, UNKNOWN, cid]})
        assert reply.status == 404
        assert_error_body(reply)


async def test_status_of_waiting_and_retrying_jobs_is_queued_or_pending() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1)) as (sim, api):
        a, b = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED), sim.add_connection()
        await api.sync(a)
        await api.sync(b)
        assert [s["connectionSyncStatus"] for s in await _statuses(api, a, b)] == ["pending"] * 2
        clock.advance(1)
        first, second = await _statuses(api, a, b)
        assert (first["connectionSyncStatus"], second["connectionSyncStatus"]) == (
            "running",
            "queued",
        )
        assert second["activeJob"]["status"] == "queued"
        # At the instant its first attempt failed, a's job is incomplete: the connection pends.
        clock.advance(ATTEMPT - 1)
        [retrying] = await _statuses(api, a)
        assert retrying["activeJob"]["status"] == "incomplete"
        assert retrying["connectionSyncStatus"] == "pending"


async def test_status_looks_at_the_ten_newest_jobs() -> None:
    """``maxJobLookback``: a success older than the ten newest replication jobs is not seen."""
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        await api.sync(cid)
        clock.advance(ATTEMPT)
        sim.set_outcome(cid, Outcome.HANG)
        for n in range(10):
            clock.advance(1)
            await api.ok("jobs/cancel", {"id": (await api.sync(cid))["job"]["id"]})
            [status] = await _statuses(api, cid)
            assert ("lastSuccessfulSync" in status) is (n < 9)
        assert status["connectionSyncStatus"] == "incomplete"
        assert status["lastSyncJobCreatedAt"] == T0 + ATTEMPT + 10


async def test_status_reads_only_the_jobs_of_the_connections_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, connections=300)) as (sim, api):
        cids = [sim.add_connection() for _ in range(100)]
        for cid in cids[::2]:
            await api.sync(cid)
        clock.advance(ATTEMPT)

        def everything(*_: object) -> None:
            raise AssertionError("a connection status must not scan every job")

        monkeypatch.setattr(JobEngine, "all_jobs", everything)
        monkeypatch.setattr(JobEngine, "unfinished", everything)
        answer = await _statuses(api, *cids)
        assert [a["connectionSyncStatus"] for a in answer[:2]] == ["synced", "pending"]


# -- sync progress ----------------------------------------------------------------------------


def _emitted(body: dict[str, Any]) -> list[int]:
    return [s["recordsEmitted"] for s in body["streams"]]


async def test_sync_progress_grows_and_agrees_with_the_attempt_stats() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        job_id = (await api.sync(cid))["job"]["id"]
        clock.advance(2)
        early = await _progress(api, cid)
        attempt = (await api.job(job_id))["attempts"][0]["attempt"]
        assert (early["jobId"], early["syncStartedAt"], early["configType"]) == (job_id, T0, "sync")
        assert [
            (s["streamName"], s["streamNamespace"], s["configType"]) for s in early["streams"]
        ] == [
            ("users", "public", "sync"),
            ("orders", "public", "sync"),
        ]
        assert _emitted(early) == [s["stats"]["recordsEmitted"] for s in attempt["streamStats"]]
        assert (
            early["recordsEmitted"]
            == attempt["totalStats"]["recordsEmitted"]
            == sum(_emitted(early))
        )
        assert early["bytesEmitted"] == 512 * early["recordsEmitted"]
        assert early["recordsCommitted"] == 0  # committed at the end
        clock.advance(ATTEMPT - 3)
        late = await _progress(api, cid)
        assert all(b > a > 0 for a, b in zip(_emitted(early), _emitted(late), strict=True))
        clock.advance(1)
        final = (await api.ok("jobs/get_without_logs", {"id": job_id}))["job"]["aggregatedStats"]
        assert final["recordsCommitted"] == final["recordsEmitted"] > late["recordsEmitted"]
        # Nothing runs: the connection and no streams, without configType (as the server).
        assert await _progress(api, cid) == {"connectionId": str(cid), "streams": []}
        assert await _progress(api, UNKNOWN) == {"connectionId": UNKNOWN, "streams": []}


async def test_sync_progress_adds_up_the_attempts() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        job_id = (await api.sync(cid))["job"]["id"]
        clock.advance(ATTEMPT + 4)
        progress = await _progress(api, cid)
        attempts = [a["attempt"] for a in (await api.job(job_id))["attempts"]]
        assert [a["status"] for a in attempts] == ["failed", "running"]
        per_attempt = [[s["stats"]["recordsEmitted"] for s in a["streamStats"]] for a in attempts]
        assert _emitted(progress) == [x + y for x, y in zip(*per_attempt, strict=True)]


async def test_sync_progress_of_refresh_reset_and_queued_jobs() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1)) as (sim, api):
        refreshed, cleared, waiting = (sim.add_connection(outcome=Outcome.HANG) for _ in range(3))
        body = {
            "refreshMode": "Merge",
            "streams": [{"streamName": "users", "streamNamespace": "public"}],
        }
        await api.ok("connections/refresh", {"connectionId": str(refreshed), **body})
        await api.ok("connections/clear", {"connectionId": str(cleared)})
        await api.sync(waiting)
        clock.advance(1)
        progress = await _progress(api, refreshed)
        assert progress["configType"] == "refresh"
        # Streams per config type in JobConfigType order: the synced ones, then the refreshed.
        assert [(s["streamName"], s["configType"]) for s in progress["streams"]] == [
            ("orders", "sync"),
            ("users", "refresh"),
        ]
        await api.ok("jobs/cancel", {"id": progress["jobId"]})
        clock.advance(1)
        progress = await _progress(api, cleared)
        assert progress["configType"] == "reset_connection"
        assert [
            (s["streamName"], s["configType"], s["recordsEmitted"]) for s in progress["streams"]
        ] == [
            ("users", "reset_connection", 0),
            ("orders", "reset_connection", 0),
        ]
        # A queued job has no attempt, so no stats: zero totals, streams without counts.
        queued = await _progress(api, waiting)
        assert (queued["recordsEmitted"], queued["configType"]) == (0, "sync")
        assert [set(s) for s in queued["streams"]] == [
            {"streamName", "streamNamespace", "configType"}
        ] * 2


# -- job lists --------------------------------------------------------------------------------


async def _four_jobs(sim: Any, api: ModernApi, clock: ManualClock) -> tuple[Any, ...]:
    """Jobs 1-4: created T0, T0+20, T0+25, T0+65; updated T0+10, T0+50, T0+25, T0+65."""
    a, b = sim.add_connection(), sim.add_connection(outcome=Outcome.FAIL)
    c = sim.add_connection(outcome=Outcome.HANG)
    await api.sync(a)
    clock.advance(20)
    await api.sync(b)
    clock.advance(5)
    await api.sync(c)
    clock.advance(40)
    await api.sync(a)
    return a, b, c


def _ids(listed: dict[str, Any]) -> list[int]:
    return [j["job"]["id"] for j in listed["jobs"]]


async def test_jobs_list_filters_and_orders() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        a, _, _ = await _four_jobs(sim, api, clock)
        syncs: dict[str, Any] = {"configTypes": ["sync"]}

        async def ids(**body: Any) -> tuple[list[int], int]:
            listed = await api.ok("jobs/list", {**syncs, **body})
            return _ids(listed), listed["totalJobCount"]

        assert await ids() == ([4, 3, 2, 1], 4)
        assert await ids(statuses=["running"]) == ([4, 3], 2)
        assert await ids(statuses=[]) == ([4, 3, 2, 1], 4)
        assert await ids(configId=str(a)) == ([4, 1], 2)
        # Time bounds are inclusive.
        assert await ids(createdAtStart=_iso(T0 + 20), createdAtEnd=_iso(T0 + 25)) == ([3, 2], 2)
        assert await ids(updatedAtStart=_iso(T0 + 26)) == ([4, 2], 2)
        assert await ids(updatedAtEnd="2023-11-14T22:13:45Z") == ([3, 1], 2)  # T0 + 25, Z
        assert await ids(orderByField="updatedAt", orderByMethod="ASC") == ([1, 3, 2, 4], 4)
        assert await ids(orderByField="updatedAt", orderByMethod="DESC") == ([4, 2, 3, 1], 4)
        assert await ids(orderByField="createdAt", orderByMethod="ASC") == ([1, 2, 3, 4], 4)
        # A field without a method is the default order (JobServiceDataImpl.buildPageable).
        assert await ids(orderByField="updatedAt") == ([4, 3, 2, 1], 4)
        # The page is number rowOffset // pageSize: an offset inside a page starts it.
        assert await ids(pagination={"pageSize": 3, "rowOffset": 2}) == ([4, 3, 2], 4)
        assert await ids(pagination={"pageSize": 3, "rowOffset": 3}) == ([1], 4)
        assert await ids(includingJobId=2, pagination={"pageSize": 2}, statuses=["running"]) == (
            [4, 3, 2, 1],
            2,
        )
        for bad in ("yesterday", "2023-11-14T22:13:20"):  # no offset: not an OffsetDateTime
            reply = await api.post("jobs/list", {**syncs, "createdAtStart": bad})
            assert reply.status == 400, bad
            assert_error_body(reply)


async def test_jobs_list_for_workspaces() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        await _four_jobs(sim, api, clock)
        body: dict[str, Any] = {"configTypes": ["sync"], "workspaceIds": [str(sim.workspace_id)]}

        async def ids(**extra: Any) -> tuple[list[int], int]:
            listed = await api.ok("jobs/list_for_workspaces", {**body, **extra})
            return _ids(listed), listed["totalJobCount"]

        assert await ids() == ([4, 3, 2, 1], 4)
        # totalJobCount is the size of the page (JobHistoryHandler.listJobsForWorkspaces).
        assert await ids(pagination={"pageSize": 2}) == ([4, 3], 2)
        assert await ids(pagination={"pageSize": 2, "rowOffset": 1}) == ([3, 2], 2)
        assert await ids(statuses=["failed", "succeeded"]) == ([2, 1], 2)
        assert await ids(createdAtStart=_iso(T0 + 21)) == ([4, 3], 2)
        # A field orders descending unless ASC (DefaultJobPersistence.getJobOrderBy).
        assert await ids(orderByField="updatedAt") == ([4, 2, 3, 1], 4)
        assert await ids(orderByField="updatedAt", orderByMethod="ASC") == ([1, 3, 2, 4], 4)
        assert await ids(workspaceIds=[]) == ([], 0)  # IN (): nothing
        assert await ids(workspaceIds=[UNKNOWN]) == ([], 0)
        del body["workspaceIds"]
        assert await ids() == ([], 0)
        reply = await api.post("jobs/list_for_workspaces", {"workspaceIds": []})
        assert reply.status == 400  # configTypes is required
