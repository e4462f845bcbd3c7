"""The job engine over HTTP: sync, reset, cancel, outcomes, listing, state (behaviours 5-11, 15)."""

from __future__ import annotations

from typing import Any

import pytest

from aioairbyte.simulator import ManualClock, Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import ATTEMPT, Api, open_api

T0 = 1_700_000_000


def statuses(info: dict[str, Any]) -> tuple[str, list[str]]:
    return info["job"]["status"], [a["attempt"]["status"] for a in info["attempts"]]


async def test_sync_answers_running_job_with_first_attempt(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection("c1")
    info = await api.sync(cid)
    job = info["job"]
    assert job["status"] == "running"
    assert job["configType"] == "sync"
    assert job["configId"] == str(cid)
    assert job["createdAt"] == job["updatedAt"] == job["startedAt"] == T0
    assert "resetConfig" not in job
    [attempt] = info["attempts"]
    assert attempt["attempt"]["id"] == 0
    assert attempt["attempt"]["status"] == "running"
    assert "endedAt" not in attempt["attempt"]
    assert "failureSummary" not in attempt["attempt"]
    assert sim.stats.jobs_created[cid] == 1


async def test_sync_conflicts_while_a_job_is_unfinished(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL)
    await api.sync(cid)
    conflict = await api.post("connections/sync", {"connectionId": str(cid)})
    assert conflict.status == 409
    assert conflict.body == {
        "message": f"A sync is already running for: {cid}",
        "exceptionClassName": "io.airbyte.commons.server.errors.ValueConflictKnownException",
        "exceptionStack": conflict.body["exceptionStack"],
    }
    clock.advance(ATTEMPT)  # exactly at the end of attempt 0: the job is incomplete
    assert (await api.job(1))["job"]["status"] == "incomplete"
    assert (await api.post("connections/sync", {"connectionId": str(cid)})).status == 409
    clock.advance(3 * ATTEMPT)  # all attempts failed
    assert (await api.job(1))["job"]["status"] == "failed"
    assert (await api.sync(cid))["job"]["id"] == 2
    assert sim.stats.jobs_created[cid] == 2


async def test_sync_conflicts_with_a_pending_reset(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    await api.reset(cid)
    assert (await api.post("connections/sync", {"connectionId": str(cid)})).status == 409


async def test_sync_of_a_deleted_connection_conflicts(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    assert (await api.post("connections/delete", {"connectionId": str(cid)})).status == 204
    for operation in ("connections/sync", "connections/reset"):
        reply = await api.post(operation, {"connectionId": str(cid)})
        assert reply.status == 409
        assert "deleted" in reply.body["message"]
        assert reply.body["exceptionClassName"].endswith("ValueConflictKnownException")
    assert sim.stats.jobs_created[cid] == 0


async def test_reset_cancels_the_running_sync_and_queues_a_pending_reset(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    await api.sync(cid)
    clock.advance(5)
    reset = await api.reset(cid)
    assert reset["job"]["status"] == "pending"
    assert reset["job"]["configType"] == "reset_connection"
    assert reset["attempts"] == []
    assert "startedAt" not in reset["job"]
    assert reset["job"]["resetConfig"] == {
        "streamsToReset": [
            {"name": "users", "namespace": "public"},
            {"name": "orders", "namespace": "public"},
        ]
    }
    cancelled = await api.job(1)
    assert statuses(cancelled) == ("cancelled", ["failed"])
    attempt = cancelled["attempts"][0]["attempt"]
    assert attempt["endedAt"] == T0 + 5
    [failure] = attempt["failureSummary"]["failures"]
    assert failure["failureType"] == "manual_cancellation"
    assert failure["timestamp"] == (T0 + 5) * 1000
    # The first attempt of the reset starts at the next observation.
    started = await api.job(2)
    assert statuses(started) == ("running", ["running"])
    assert started["job"]["startedAt"] == T0 + 5
    assert sim.stats.jobs_created[cid] == 2


async def test_reset_never_conflicts(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    first = await api.reset(cid)
    second = await api.reset(cid)
    assert first["job"]["id"] != second["job"]["id"]
    # The second reset observed the first one (starting its attempt), then cancelled it.
    assert statuses(await api.job(first["job"]["id"])) == ("cancelled", ["failed"])
    assert sim.unfinished_jobs() == [second["job"]["id"]]


async def test_succeed_outcome(sim: SimulatedAirbyte, api: Api, clock: ManualClock) -> None:
    cid = sim.add_connection(outcome=Outcome.SUCCEED)
    job_id = (await api.sync(cid))["job"]["id"]
    clock.advance(ATTEMPT - 0.5)
    assert statuses(await api.job(job_id)) == ("running", ["running"])
    clock.advance(0.5)
    info = await api.job(job_id)
    assert statuses(info) == ("succeeded", ["succeeded"])
    attempt = info["attempts"][0]["attempt"]
    assert attempt["endedAt"] == attempt["updatedAt"] == T0 + ATTEMPT
    assert attempt["recordsSynced"] > 0
    assert attempt["recordsSynced"] == attempt["totalStats"]["recordsCommitted"]
    assert attempt["bytesSynced"] == attempt["totalStats"]["bytesEmitted"]
    assert [s["streamName"] for s in attempt["streamStats"]] == ["users", "orders"]
    assert (
        sum(s["stats"]["recordsEmitted"] for s in attempt["streamStats"])
        == (attempt["totalStats"]["recordsEmitted"])
    )
    assert "failureSummary" not in attempt
    assert info["job"]["updatedAt"] == T0 + ATTEMPT


async def test_fail_outcome_retries_then_fails(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL)
    job_id = (await api.sync(cid))["job"]["id"]
    seen = []
    # An attempt ends exactly at a multiple of ATTEMPT: incomplete at that instant, then the
    # next attempt is visible just after (binary-exact steps keep float times exact).
    for step in (ATTEMPT, 0.5, ATTEMPT - 0.5, 0.5, ATTEMPT - 0.5, 100.0):
        clock.advance(step)
        seen.append(statuses(await api.job(job_id)))
    assert seen == [
        ("incomplete", ["failed"]),
        ("running", ["failed", "running"]),
        ("incomplete", ["failed", "failed"]),
        ("running", ["failed", "failed", "running"]),
        ("failed", ["failed", "failed", "failed"]),
        ("failed", ["failed", "failed", "failed"]),
    ]
    info = await api.job(job_id)
    assert [a["attempt"]["id"] for a in info["attempts"]] == [0, 1, 2]
    for index, entry in enumerate(info["attempts"]):
        attempt = entry["attempt"]
        # Attempt n+1 starts exactly when attempt n ends.
        assert attempt["createdAt"] == int(T0 + index * ATTEMPT)
        assert attempt["endedAt"] == int(T0 + (index + 1) * ATTEMPT)
        summary = attempt["failureSummary"]
        assert summary["partialSuccess"] is False
        [failure] = summary["failures"]
        assert failure["failureType"] == "system_error"
        assert failure["failureOrigin"] == "source"
        assert failure["retryable"] is True
        assert failure["externalMessage"]
        assert failure["internalMessage"]
        assert failure["timestamp"] == attempt["endedAt"] * 1000
    assert sim.unfinished_jobs() == []


async def test_fail_then_succeed_outcome(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await api.sync(cid))["job"]["id"]
    seen = [statuses(await api.job(job_id))]
    for step in (ATTEMPT, 0.5, ATTEMPT):
        clock.advance(step)
        seen.append(statuses(await api.job(job_id)))
    assert seen == [
        ("running", ["running"]),
        ("incomplete", ["failed"]),
        ("running", ["failed", "running"]),
        ("succeeded", ["failed", "succeeded"]),
    ]
    assert sim.job_status(job_id) == "succeeded"


async def test_config_error_outcome_is_not_retried(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
    job_id = (await api.sync(cid))["job"]["id"]
    clock.advance(ATTEMPT)
    info = await api.job(job_id)
    assert statuses(info) == ("failed", ["failed"])
    [failure] = info["attempts"][0]["attempt"]["failureSummary"]["failures"]
    assert failure["failureType"] == "config_error"
    assert failure["retryable"] is False
    clock.advance(100 * ATTEMPT)
    assert statuses(await api.job(job_id)) == ("failed", ["failed"])


async def test_hang_outcome_runs_until_cancelled(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.HANG)
    job_id = (await api.sync(cid))["job"]["id"]
    clock.advance(1e6)
    info = await api.job(job_id)
    assert statuses(info) == ("running", ["running"])
    assert info["attempts"][0]["attempt"]["totalStats"]["recordsEmitted"] > 0
    assert sim.unfinished_jobs() == [job_id]
    cancelled = await api.ok("jobs/cancel", {"id": job_id})
    assert statuses(cancelled) == ("cancelled", ["failed"])
    assert sim.unfinished_jobs() == []


async def test_max_attempts_is_configurable(clock: ManualClock) -> None:
    config = SimulatorConfig(clock=clock, attempt_duration=1.0, max_attempts=5)
    async with open_api(config) as (sim, api):
        job_id = (await api.sync(sim.add_connection(outcome=Outcome.FAIL)))["job"]["id"]
        clock.advance(4.5)
        assert statuses(await api.job(job_id))[1] == ["failed"] * 4 + ["running"]
        clock.advance(1)
        assert statuses(await api.job(job_id)) == ("failed", ["failed"] * 5)


async def test_set_outcome_applies_to_the_next_job(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection()
    first = (await api.sync(cid))["job"]["id"]
    sim.set_outcome(cid, Outcome.HANG)
    clock.advance(ATTEMPT)
    assert sim.job_status(first) == "succeeded"
    second = (await api.sync(cid))["job"]["id"]
    clock.advance(100 * ATTEMPT)
    assert sim.job_status(second) == "running"


async def test_per_connection_attempt_duration(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    fast = sim.add_connection(attempt_duration=1.0)
    slow = sim.add_connection()
    fast_job = (await api.sync(fast))["job"]["id"]
    slow_job = (await api.sync(slow))["job"]["id"]
    clock.advance(1.0)
    assert [sim.job_status(fast_job), sim.job_status(slow_job)] == ["succeeded", "running"]


async def test_cancel_cancels_the_unfinished_job_of_the_connection(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection()
    done = (await api.sync(cid))["job"]["id"]
    clock.advance(ATTEMPT)
    sim.set_outcome(cid, Outcome.HANG)
    running = (await api.sync(cid))["job"]["id"]
    # Cancelling the finished job cancels the running one and answers the requested job.
    answer = await api.ok("jobs/cancel", {"id": done})
    assert answer["job"]["id"] == done
    assert statuses(answer) == ("succeeded", ["succeeded"])
    assert sim.job_status(running) == "cancelled"
    # Cancelling a finished job with nothing running answers it unchanged.
    again = await api.ok("jobs/cancel", {"id": running})
    assert statuses(again) == ("cancelled", ["failed"])
    assert again == await api.job(running)


async def test_cancel_a_pending_reset(sim: SimulatedAirbyte, api: Api) -> None:
    cid = sim.add_connection()
    job_id = (await api.reset(cid))["job"]["id"]
    # The cancel observes the reset first, which starts its attempt, then cancels it.
    cancelled = await api.ok("jobs/cancel", {"id": job_id})
    assert statuses(cancelled) == ("cancelled", ["failed"])
    failure = cancelled["attempts"][0]["attempt"]["failureSummary"]["failures"][0]
    assert failure["failureType"] == "manual_cancellation"


@pytest.mark.parametrize(
    "operation", ["jobs/get", "jobs/get_light", "jobs/cancel", "jobs/get_debug_info"]
)
async def test_unknown_job_id_answers_500(api: Api, operation: str) -> None:
    reply = await api.post(operation, {"id": 4242})
    assert reply.status == 500
    assert reply.body["message"] == "Internal Server Error: Could not find job with id: 4242"
    assert reply.body["exceptionClassName"] == "java.lang.RuntimeException"
    assert set(reply.body) == {"message", "exceptionClassName", "exceptionStack"}


async def test_jobs_get_has_logs_and_get_light_has_none(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await api.sync(cid))["job"]["id"]
    clock.advance(2 * ATTEMPT + 1)
    info = await api.job(job_id)
    assert len(info["attempts"]) == 2
    for entry in info["attempts"]:
        lines = entry["logs"]["logLines"]
        assert len(lines) == 5  # log_lines of the sim fixture
        assert all(isinstance(line, str) and line for line in lines)
    assert "Sync worker failed" in info["attempts"][0]["logs"]["logLines"][-1]
    assert "sync summary" in info["attempts"][1]["logs"]["logLines"][-1]
    light = await api.ok("jobs/get_light", {"id": job_id})
    assert light == {"job": info["job"]}


async def test_log_lines_are_configurable(clock: ManualClock) -> None:
    for count in (0, 50):
        async with open_api(SimulatorConfig(clock=clock, log_lines=count)) as (sim, api):
            info = await api.sync(sim.add_connection())
            assert len(info["attempts"][0]["logs"]["logLines"]) == count


async def test_jobs_list_pages_newest_first_without_logs(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection()
    for _ in range(5):
        await api.sync(cid)
        clock.advance(ATTEMPT)
    await api.reset(cid)  # job 6, pending
    request = {"configTypes": ["sync"], "configId": str(cid)}
    everything = await api.ok("jobs/list", request)
    assert everything["totalJobCount"] == 5
    assert [j["job"]["id"] for j in everything["jobs"]] == [5, 4, 3, 2, 1]
    for entry in everything["jobs"]:
        assert set(entry) == {"job", "attempts"}
        assert "logs" not in entry["attempts"][0]
        assert entry["attempts"][0]["status"] == "succeeded"
    page = await api.ok("jobs/list", {**request, "pagination": {"pageSize": 2, "rowOffset": 2}})
    assert [j["job"]["id"] for j in page["jobs"]] == [3, 2]
    assert page["totalJobCount"] == 5
    last = await api.ok("jobs/list", {**request, "pagination": {"pageSize": 2, "rowOffset": 4}})
    assert [j["job"]["id"] for j in last["jobs"]] == [1]
    beyond = await api.ok("jobs/list", {**request, "pagination": {"pageSize": 2, "rowOffset": 9}})
    assert beyond == {"jobs": [], "totalJobCount": 5}
    both = await api.ok(
        "jobs/list", {"configTypes": ["sync", "reset_connection"], "configId": str(cid)}
    )
    assert [j["job"]["id"] for j in both["jobs"]] == [6, 5, 4, 3, 2, 1]
    resets = await api.ok("jobs/list", {"configTypes": ["reset_connection"], "configId": str(cid)})
    assert resets["totalJobCount"] == 1
    including = await api.ok(
        "jobs/list", {**request, "includingJobId": 2, "pagination": {"pageSize": 2}}
    )
    assert [j["job"]["id"] for j in including["jobs"]] == [5, 4, 3, 2]
    missing = await api.ok("jobs/list", {**request, "includingJobId": 6})
    assert missing == {"jobs": [], "totalJobCount": 5}
    other = await api.ok("jobs/list", {"configTypes": ["sync"], "configId": "no-such-connection"})
    assert other == {"jobs": [], "totalJobCount": 0}


async def test_jobs_list_default_page_size_is_200(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(attempt_duration=0.001)
    for _ in range(201):
        await api.sync(cid)
        clock.advance(0.01)
    listed = await api.ok("jobs/list", {"configTypes": ["sync"], "configId": str(cid)})
    assert len(listed["jobs"]) == 200
    assert listed["totalJobCount"] == 201
    assert listed["jobs"][0]["job"]["id"] == 201


async def test_jobs_list_requires_config_types_and_config_id(api: Api) -> None:
    reply = await api.post("jobs/list", {"configId": "x"})
    assert reply.status == 400
    assert [e["propertyPath"] for e in reply.body["validationErrors"]] == [
        "listJobsFor.jobListRequestBody.configTypes"
    ]
    reply = await api.post("jobs/list", {"configTypes": ["sync"]})
    assert reply.status == 400


async def test_get_last_replication_job(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection()
    assert await api.ok("jobs/get_last_replication_job", {"connectionId": str(cid)}) == {}
    await api.sync(cid)
    clock.advance(ATTEMPT)
    await api.reset(cid)
    last = await api.ok("jobs/get_last_replication_job", {"connectionId": str(cid)})
    assert last["job"]["id"] == 1
    assert last["job"]["configType"] == "sync"
    assert set(last) == {"job"}


async def test_get_debug_info(sim: SimulatedAirbyte, api: Api, clock: ManualClock) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await api.sync(cid))["job"]["id"]
    debug = await api.ok("jobs/get_debug_info", {"id": job_id})
    assert debug["workflowState"] == {"running": True}
    assert debug["job"]["airbyteVersion"]
    assert debug["job"]["sourceDefinition"]["name"] == "Postgres"
    assert debug["job"]["destinationDefinition"]["name"] == "BigQuery"
    assert debug["job"]["status"] == "running"
    clock.advance(2 * ATTEMPT)
    debug = await api.ok("jobs/get_debug_info", {"id": job_id})
    assert debug["workflowState"] == {"running": False}
    assert [a["attempt"]["status"] for a in debug["attempts"]] == ["failed", "succeeded"]
    assert all(a["logs"]["logLines"] for a in debug["attempts"])


async def test_state_follows_syncs_and_resets(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection()
    body = {"connectionId": str(cid)}
    assert await api.ok("state/get", body) == {"connectionId": str(cid), "stateType": "not_set"}
    assert await api.ok("web_backend/state/get_type", body) == "not_set"
    await api.sync(cid)
    clock.advance(ATTEMPT)
    state = await api.ok("state/get", body)  # observing the state advances the job
    assert state["stateType"] == "stream"
    assert [s["streamDescriptor"] for s in state["streamState"]] == [
        {"name": "users", "namespace": "public"},
        {"name": "orders", "namespace": "public"},
    ]
    assert state["streamState"][0]["streamState"]["cursor"] == "2023-11-14T22:13:30Z"
    assert await api.ok("web_backend/state/get_type", body) == "stream"
    await api.reset(cid)
    clock.advance(1)
    await api.job(2)  # starts the reset's attempt
    clock.advance(ATTEMPT)
    assert (await api.ok("state/get", body))["stateType"] == "not_set"


async def test_failed_sync_leaves_state_unset(
    sim: SimulatedAirbyte, api: Api, clock: ManualClock
) -> None:
    cid = sim.add_connection(outcome=Outcome.CONFIG_ERROR)
    await api.sync(cid)
    clock.advance(ATTEMPT)
    assert (await api.ok("state/get", {"connectionId": str(cid)}))["stateType"] == "not_set"


async def test_reset_attempts_have_no_records(clock: ManualClock) -> None:
    async with open_api(SimulatorConfig(clock=clock, attempt_duration=ATTEMPT)) as (sim, api):
        job_id = (await api.reset(sim.add_connection()))["job"]["id"]
        await api.job(job_id)
        clock.advance(ATTEMPT)
        info = await api.job(job_id)
        assert statuses(info) == ("succeeded", ["succeeded"])
        assert info["attempts"][0]["attempt"]["recordsSynced"] == 0
        logs = "\n".join(info["attempts"][0]["logs"]["logLines"])
        assert "Resetting stream users" in logs


async def attempt_ends(seed: int) -> list[int]:
    """End times of the three attempts of a failing job, 1000 s ±20% each."""
    clock = ManualClock()
    config = SimulatorConfig(clock=clock, seed=seed, attempt_duration=1000.0, jitter=0.2)
    async with open_api(config) as (sim, api):
        job_id = (await api.sync(sim.add_connection(outcome=Outcome.FAIL)))["job"]["id"]
        clock.advance(10_000)
        return [a["attempt"]["endedAt"] for a in (await api.job(job_id))["attempts"]]


async def test_jitter_is_seeded() -> None:
    first, again, other = await attempt_ends(1), await attempt_ends(1), await attempt_ends(2)
    assert first == again
    assert first != other
    previous = T0
    for end in first:
        assert 800 <= end - previous <= 1200
        previous = end


async def test_inspection_helpers(sim: SimulatedAirbyte, api: Api, clock: ManualClock) -> None:
    cid = sim.add_connection(outcome=Outcome.FAIL_THEN_SUCCEED)
    job_id = (await api.sync(cid))["job"]["id"]
    assert sim.unfinished_jobs() == [job_id]
    assert sim.job_status(job_id) == "running"
    clock.advance(2 * ATTEMPT)
    assert sim.unfinished_jobs() == []
    [record] = sim.jobs_for(cid)
    assert record["job"]["status"] == "succeeded"
    assert [a["id"] for a in record["attempts"]] == [0, 1]
    with pytest.raises(KeyError):
        sim.job_status(999)
