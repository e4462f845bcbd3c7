"""Job operations of the modern profile: clear, stream-level clear and reset, refresh (and the
refresh support switch), jobs without logs; the 0.40 profile serving none of them.

``ModernApi`` checks every answer against the 2.0.0 and 2026-08 documents. Connection statuses,
sync progress and the job lists are in ``test_modern_job_views.py``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from aioairbyte.simulator import ManualClock, Outcome, SimulatorConfig
from aioairbyte.simulator.modern_job_routes import JOB_ROUTES

from .conftest import ATTEMPT, open_api
from .modern_api import APPLICATION, ModernApi, assert_error_body, open_modern

T0 = 1_700_000_000
USERS = {"name": "users", "namespace": "public"}
ORDERS = {"name": "orders", "namespace": "public"}
ALL_STREAMS = [USERS, ORDERS]


def _config(clock: ManualClock, **options: Any) -> SimulatorConfig:
    return SimulatorConfig(
        profile="modern",
        application=APPLICATION,
        clock=clock,
        attempt_duration=ATTEMPT,
        log_lines=3,
        **options,
    )


def _stream(name: str, namespace: str | None = "public") -> dict[str, str]:
    body = {"streamName": name}
    if namespace is not None:
        body["streamNamespace"] = namespace
    return body


async def _refresh(api: ModernApi, cid: object, mode: str = "Truncate", **extra: Any) -> Any:
    return await api.ok(
        "connections/refresh", {"connectionId": str(cid), "refreshMode": mode, **extra}
    )


async def _destination(api: ModernApi, cid: object) -> str:
    connection = await api.ok("connections/get", {"connectionId": str(cid)})
    return str(connection["destinationId"])


# -- clear and stream-level resets ---------------------------------------------------------------


async def test_clear_is_a_reset_of_every_stream() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection(outcome=Outcome.HANG)
        sync = await api.sync(cid)
        clock.advance(2)
        # Like connections/reset: the running sync is cancelled, no 409.
        info = await api.ok("connections/clear", {"connectionId": str(cid)})
        job = info["job"]
        assert (job["configType"], job["status"], info["attempts"]) == (
            "reset_connection",
            "pending",
            [],
        )
        assert job["resetConfig"] == {"streamsToReset": ALL_STREAMS}
        assert sim.job_status(sync["job"]["id"]) == "cancelled"
        assert (await api.job(job["id"]))["job"]["status"] == "running"
        reply = await api.post("connections/clear", {"connectionId": str(sim.workspace_id)})
        assert reply.status == 404
        assert_error_body(reply)
        assert (await api.post("connections/delete", {"connectionId": str(cid)})).status == 204
        reply = await api.post("connections/clear", {"connectionId": str(cid)})
        assert reply.status == 409
        assert "deleted" in reply.body["message"]


@pytest.mark.parametrize("path", ["connections/reset/stream", "connections/clear/stream"])
async def test_stream_level_reset_resets_only_those_streams(path: str) -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        await api.sync(cid)
        clock.advance(ATTEMPT)
        state = await api.ok("state/get", {"connectionId": str(cid)})
        assert len(state["streamState"]) == 2
        info = await api.ok(path, {"connectionId": str(cid), "streams": [_stream("users")]})
        assert info["job"]["configType"] == "reset_connection"
        assert info["job"]["resetConfig"] == {"streamsToReset": [USERS]}
        clock.advance(1)
        await api.job(info["job"]["id"])  # a reset starts at the next observation
        clock.advance(ATTEMPT)
        assert sim.job_status(info["job"]["id"]) == "succeeded"
        # Only that stream's state went; the other stays.
        state = await api.ok("state/get", {"connectionId": str(cid)})
        assert [s["streamDescriptor"] for s in state["streamState"]] == [ORDERS]
        # No streams: every stream of the catalog (submitResetConnectionStreamsToWorker).
        info = await api.ok(path, {"connectionId": str(cid), "streams": []})
        assert info["job"]["resetConfig"] == {"streamsToReset": ALL_STREAMS}


async def test_a_stream_outside_the_catalog_is_reset_as_given() -> None:
    """The server checks no stream against the catalog: the job lists what it was given."""
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        streams = [_stream("nope", None), _stream("orders")]
        info = await api.ok(
            "connections/clear/stream", {"connectionId": str(cid), "streams": streams}
        )
        assert info["job"]["resetConfig"] == {"streamsToReset": [{"name": "nope"}, ORDERS]}
        for body in (
            {"connectionId": str(cid)},
            {"connectionId": str(cid), "streams": [{"streamNamespace": "public"}]},
        ):
            reply = await api.post("connections/reset/stream", body)
            assert reply.status == 400, body
            assert_error_body(reply)


# -- refresh ----------------------------------------------------------------------------------


async def test_refresh_starts_a_refresh_job_of_the_streams() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        answer = await _refresh(api, cid)
        job = answer["job"]
        assert set(answer) == {"job"}
        assert (job["configType"], job["status"], job["startedAt"]) == ("refresh", "running", T0)
        assert job["refreshConfig"] == {"streamsToRefresh": ALL_STREAMS}
        assert (await api.job(job["id"]))["job"]["refreshConfig"] == job["refreshConfig"]
        clock.advance(ATTEMPT)
        info = await api.job(job["id"])
        assert info["job"]["status"] == "succeeded"
        assert info["attempts"][0]["attempt"]["recordsSynced"] > 0  # a refresh moves records
        # The job consumed the refreshes: the next sync is a sync.
        assert (await api.sync(cid))["job"]["configType"] == "sync"
        clock.advance(ATTEMPT)
        job = (await _refresh(api, cid, "Merge", streams=[_stream("users")]))["job"]
        assert job["refreshConfig"] == {"streamsToRefresh": [USERS]}


async def test_refresh_while_a_sync_runs_starts_nothing_and_the_next_sync_refreshes() -> None:
    """``TemporalClient.startNewManualSync`` fails while the workflow runs: no job, ``{}``;
    the recorded refreshes make the next job a refresh (``SchedulerHandler.createJob``)."""
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        sync = await api.sync(cid)
        clock.advance(1)
        assert await _refresh(api, cid, streams=[_stream("users")]) == {}
        # A stream already waiting for a refresh is not recorded twice.
        assert await _refresh(api, cid, "Merge") == {}
        assert sim.stats.jobs_created[cid] == 1
        assert sim.job_status(sync["job"]["id"]) == "running"
        clock.advance(ATTEMPT)
        nxt = await api.sync(cid)
        assert nxt["job"]["configType"] == "refresh"
        assert nxt["job"]["refreshConfig"] == {"streamsToRefresh": [USERS, ORDERS]}
        clock.advance(ATTEMPT)
        assert (await api.sync(cid))["job"]["configType"] == "sync"


async def test_refresh_needs_a_destination_that_supports_refreshes() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        destination = await _destination(api, cid)
        sim.set_refresh_support(destination, False)
        read = await api.ok("web_backend/connections/get", {"connectionId": str(cid)})
        assert read["destinationActorDefinitionVersion"]["supportsRefreshes"] is False
        assert await _refresh(api, cid) == {}
        assert sim.stats.jobs_created[cid] == 0
        sim.set_refresh_support(destination, True)
        # Nothing was recorded: a sync is a sync.
        assert (await api.sync(cid))["job"]["configType"] == "sync"
        read = await api.ok("web_backend/connections/get", {"connectionId": str(cid)})
        assert read["destinationActorDefinitionVersion"]["supportsRefreshes"] is True
        with pytest.raises(KeyError):
            sim.set_refresh_support(str(cid), False)


async def test_refresh_of_a_deleted_or_unknown_connection() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection()
        assert (await api.post("connections/delete", {"connectionId": str(cid)})).status == 204
        assert await _refresh(api, cid) == {}  # the workflow is deleted: no job
        assert sim.stats.jobs_created[cid] == 0
        body = {"connectionId": str(sim.workspace_id), "refreshMode": "Merge"}
        reply = await api.post("connections/refresh", body)
        assert reply.status == 404
        reply = await api.post("connections/refresh", {**body, "refreshMode": "merge"})
        assert reply.status == 400


async def test_refresh_and_clear_jobs_queue_under_capacity() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, max_running_jobs=1)) as (sim, api):
        a, b, c = sim.add_connection(), sim.add_connection(), sim.add_connection()
        first = (await api.sync(a))["job"]
        refresh = (await _refresh(api, b))["job"]
        clear = (await api.ok("connections/clear", {"connectionId": str(c)}))["job"]
        assert [j["status"] for j in (first, refresh, clear)] == ["pending"] * 3
        assert refresh["configType"] == "refresh"
        clock.advance(1)
        assert [sim.job_status(j["id"]) for j in (first, refresh, clear)] == [
            "running",
            "queued",
            "queued",
        ]
        # A refresh of a connection whose job waits for a slot answers that job.
        again = await _refresh(api, b, "Merge")
        assert (again["job"]["id"], again["job"]["status"]) == (refresh["id"], "queued")
        assert sim.stats.jobs_created[b] == 1
        clock.advance(ATTEMPT)
        started = await api.ok("jobs/get_light", {"id": refresh["id"]})
        assert (started["job"]["status"], started["job"]["startedAt"]) == ("running", T0 + ATTEMPT)
        clock.advance(ATTEMPT)
        assert sim.job_status(clear["id"]) == "running"


async def test_refresh_answers_once_its_workflow_started() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock, sync_start_delay=0.05)) as (sim, api):
        cid = sim.add_connection()
        loop = asyncio.get_running_loop()
        started = loop.time()
        job = (await _refresh(api, cid))["job"]
        assert loop.time() - started >= 0.05
        assert (job["configType"], job["status"]) == ("refresh", "running")
        started = loop.time()
        assert await _refresh(api, cid) == {}  # nothing started: answered at once
        assert loop.time() - started < 0.05


# -- jobs without logs ------------------------------------------------------------------------


async def test_get_without_logs_has_attempts_but_no_logs() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
        job_id = (await api.sync(cid))["job"]["id"]
        clock.advance(2 * ATTEMPT + 1)
        full = await api.job(job_id)
        bare = await api.ok("jobs/get_without_logs", {"id": job_id})
        assert [set(a) for a in bare["attempts"]] == [{"attempt"}, {"attempt"}]
        assert [a["attempt"] for a in bare["attempts"]] == [a["attempt"] for a in full["attempts"]]
        # The job is hydrated with its aggregated stats (getJobInfoWithoutLogsStatic).
        stats = bare["job"]["aggregatedStats"]
        last = full["attempts"][1]["attempt"]["totalStats"]
        assert stats["recordsCommitted"] == last["recordsCommitted"] > 0
        first = full["attempts"][0]["attempt"]["totalStats"]
        assert stats["recordsEmitted"] == first["recordsEmitted"] + last["recordsEmitted"]
        assert [s["streamName"] for s in bare["job"]["streamAggregatedStats"]] == [
            "users",
            "orders",
        ]
        reply = await api.post("jobs/get_without_logs", {"id": 999})
        assert reply.status == 500  # as jobs/get
        assert_error_body(reply)


# -- the 0.40 profile, and request counting ---------------------------------------------------


@pytest.mark.parametrize("path", sorted(set(JOB_ROUTES) - {"/api/v1/jobs/list"}))
async def test_the_0_40_profile_does_not_serve_them(path: str) -> None:
    async with open_api(SimulatorConfig()) as (sim, api):
        cid = sim.add_connection()
        reply = await api.post(path.removeprefix("/api/v1/"), {"connectionId": str(cid)})
        assert (reply.status, reply.body, reply.content_type) == (
            404,
            "Object not found.",
            "text/plain",
        )


async def test_the_0_40_jobs_list_ignores_the_modern_filters() -> None:
    clock = ManualClock()
    async with open_api(SimulatorConfig(clock=clock, attempt_duration=ATTEMPT)) as (sim, api):
        cid = sim.add_connection()
        await api.sync(cid)
        body = {
            "configTypes": ["sync"],
            "configId": str(cid),
            "statuses": ["failed"],
            "createdAtStart": "2999-01-01T00:00:00Z",
            "orderByField": "updatedAt",
        }
        assert (await api.ok("jobs/list", body))["totalJobCount"] == 1
        del body["configId"]  # still required by 0.40
        assert (await api.post("jobs/list", body)).status == 400


async def test_requests_to_the_new_paths_are_counted() -> None:
    clock = ManualClock()
    async with open_modern(_config(clock)) as (sim, api):
        cid = str(sim.add_connection())
        workspace = str(sim.workspace_id)
        bodies: dict[str, Any] = {
            "connections/clear": {"connectionId": cid},
            "connections/clear/stream": {"connectionId": cid, "streams": []},
            "connections/reset/stream": {"connectionId": cid, "streams": []},
            "connections/refresh": {"connectionId": cid, "refreshMode": "Merge"},
            "connections/status": {"connectionIds": [cid]},
            "connections/sync_progress": {"connectionId": cid},
            "jobs/get_without_logs": {"id": 1},
            "jobs/list": {"configTypes": ["sync"]},
            "jobs/list_for_workspaces": {"configTypes": ["sync"], "workspaceIds": [workspace]},
        }
        assert {f"/api/v1/{path}" for path in bodies} == set(JOB_ROUTES)
        sim.stats.reset()
        for path, body in bodies.items():
            await api.ok(path, body)
        assert {path: sim.stats.requests_by_path[path] for path in JOB_ROUTES} == dict.fromkeys(
            JOB_ROUTES, 1
        )
