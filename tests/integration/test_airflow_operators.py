"""The operators in-process against the simulator: a fake task context, no Airflow DB.

``execute`` is what a worker runs: blocking, with its own event loop, so it runs in a thread
here while the simulator serves on the test's loop. The Airflow connection comes from
``AIRFLOW_CONN_AIRBYTE_DEFAULT`` (see test_airflow_triggers); the task state store is a dict.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import UUID

import pytest
import pytest_asyncio
from airflow.sdk.exceptions import TaskDeferred

from aioairbyte import AirbyteClient, ClientCredentials, waiting
from aioairbyte.airflow.ledger import LEDGER_KEY
from aioairbyte.airflow.operators import (
    AirbyteSyncManyOperator,
    AirbyteSyncOperator,
    _AirbyteJobsOperator,
)
from aioairbyte.airflow.outcomes import AirbyteJobError
from aioairbyte.airflow.triggers import AirbyteJobsTrigger, AirbyteJobTrigger
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL, FAST_RETRY

APP = ("airflow-app", "cs-CANARY-airflow-ops-8d1e")
SYNC = "/api/v1/connections/sync"


class FakeStore:
    """``context["task_state_store"]``: get/set over a dict (shared by a task's tries)."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = json.loads(json.dumps(value))  # kept as JSON, as Airflow keeps it


class FakeTI:
    def __init__(self) -> None:
        self.xcom: dict[str, Any] = {}

    def xcom_push(self, key: str, value: Any) -> None:
        self.xcom[key] = value


def context(store: FakeStore | None = None) -> dict[str, Any]:
    return {"task_state_store": store or FakeStore(), "ti": FakeTI()}


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waiting, "PollPolicy", lambda: FAST_POLL)


@pytest_asyncio.fixture
async def airbyte(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SimulatedAirbyte]:
    config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.2)
    async with SimulatedAirbyte(config=config) as simulator:
        monkeypatch.setenv(
            "AIRFLOW_CONN_AIRBYTE_DEFAULT",
            json.dumps(
                {"conn_type": "aioairbyte", "host": simulator.url, "login": APP[0],
                 "password": APP[1]}
            ),
        )  # fmt: skip
        yield simulator


@pytest_asyncio.fixture
async def client(airbyte: SimulatedAirbyte) -> AsyncIterator[AirbyteClient]:
    async with AirbyteClient(airbyte.url, auth=ClientCredentials(*APP), retry=FAST_RETRY) as c:
        yield c


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run a blocking operator method in a thread; its result, or what it raised."""

    def call() -> Any:
        try:
            return function(*args)
        except BaseException as exc:  # TaskDeferred and CancelledError are BaseExceptions
            return exc

    return await asyncio.to_thread(call)


async def defer(op: _AirbyteJobsOperator, ctx: dict[str, Any]) -> TaskDeferred:
    deferred = await in_thread(op.execute, ctx)
    assert isinstance(deferred, TaskDeferred), deferred
    assert deferred.method_name == "execute_complete"
    return deferred


async def fire(trigger: Any) -> dict[str, Any]:
    events = [event async for event in trigger.run()]
    assert len(events) == 1
    payload: dict[str, Any] = events[0].payload
    return payload


def sync_op(cid: UUID, **kwargs: Any) -> AirbyteSyncOperator:
    return AirbyteSyncOperator(task_id="sync", connection_id=str(cid), **kwargs)


def ledger_entry(store: FakeStore, cid: UUID) -> dict[str, Any]:
    entry: dict[str, Any] = store.data[LEDGER_KEY]["connections"][str(cid)]
    return entry


# -- blocking mode --------------------------------------------------------------------------


async def test_blocking_execute_returns_the_outcome(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection()
    store = FakeStore()

    outcome = await in_thread(sync_op(cid, deferrable=False).execute, context(store))

    [served] = airbyte.jobs_for(cid)
    assert outcome["status"] == "succeeded"
    assert outcome["job_id"] == served["job"]["id"]
    assert outcome["owned"] is True
    assert outcome["records_synced"] == served["attempts"][-1]["recordsSynced"]
    # Heard: the job is the new baseline, nothing left to follow.
    assert ledger_entry(store, cid) == {
        "baseline": outcome["job_id"],
        "job_id": None,
        "owned": False,
        "job_type": "sync",
    }


async def test_blocking_execute_raises_for_a_failed_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(outcome=Outcome.CONFIG_ERROR, attempt_duration=0.05)
    ctx = context()

    error = await in_thread(sync_op(cid, deferrable=False).execute, ctx)

    assert isinstance(error, AirbyteJobError)
    [outcome] = error.outcomes
    assert outcome["status"] == "failed"
    assert outcome["failure_reasons"][0]["type"] == "config_error"
    assert ctx["ti"].xcom["outcomes"] == error.outcomes


async def test_blocking_timeout_cancels_the_owned_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)

    error = await in_thread(sync_op(cid, deferrable=False, timeout=0.5).execute, context())

    assert isinstance(error, AirbyteJobError)
    [outcome] = error.outcomes
    assert outcome["status"] == "timed_out"
    assert outcome["cancelled"] is True
    assert airbyte.job_status(outcome["job_id"]) == "cancelled"


async def test_on_kill_in_blocking_mode_cancels_the_owned_job(
    airbyte: SimulatedAirbyte,
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    op = sync_op(cid, deferrable=False, timeout=10)  # without the kill: timed out, not hung
    store = FakeStore()
    running = asyncio.create_task(in_thread(op.execute, context(store)))
    # Once the job is noted (the trigger answered), the task is waiting for it.
    await airbyte.stats.wait_until(lambda s: s.jobs_created[cid] == 1)
    await airbyte.stats.wait_until(
        lambda s: (
            s.requests_by_path["/api/v1/connections/status"] > 0
            or s.requests_by_path["/api/v1/jobs/get_light"] > 0
        )
    )

    op.on_kill()  # as Airflow's SIGTERM handler calls it, from another thread here
    error = await running

    assert isinstance(error, asyncio.CancelledError)
    [served] = airbyte.jobs_for(cid)
    assert airbyte.job_status(served["job"]["id"]) == "cancelled"
    assert op._task is None


# -- deferrable mode ------------------------------------------------------------------------


async def test_deferrable_execute_defers_then_completes(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection()
    store = FakeStore()
    op = sync_op(cid, timeout=60)

    deferred = await defer(op, context(store))

    trigger = deferred.trigger
    assert isinstance(trigger, AirbyteJobTrigger)
    [served] = airbyte.jobs_for(cid)
    job_id = served["job"]["id"]
    assert trigger.spec == {
        "job_id": job_id,
        "connection_id": str(cid),
        "job_type": "sync",
        "owned": True,
    }
    assert trigger.deadline is not None
    assert deferred.timeout is not None  # the backstop, after the trigger's own deadline
    assert ledger_entry(store, cid)["job_id"] == job_id

    event = await fire(trigger)
    outcome = op.execute_complete(context(store), event, **deferred.kwargs)

    assert outcome["status"] == "succeeded"
    assert outcome["job_id"] == job_id
    assert ledger_entry(store, cid) == {
        "baseline": job_id,
        "job_id": None,
        "owned": False,
        "job_type": "sync",
    }


async def test_execute_complete_raises_for_a_failed_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(outcome=Outcome.FAIL, attempt_duration=0.05)
    store = FakeStore()
    op = sync_op(cid)
    deferred = await defer(op, context(store))
    event = await fire(deferred.trigger)
    ctx = context(store)

    with pytest.raises(AirbyteJobError) as caught:
        op.execute_complete(ctx, event, **deferred.kwargs)

    assert "failed after 3 attempt(s)" in str(caught.value)
    assert ctx["ti"].xcom["outcomes"] == [event]
    assert ledger_entry(store, cid)["job_id"] is None  # heard: a retry syncs again


async def test_retry_after_a_crash_follows_the_same_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    store = FakeStore()
    first = await defer(sync_op(cid), context(store))

    # The worker died before the deferral was recorded: a new try, a new operator instance.
    second = await defer(sync_op(cid), context(store))

    assert second.trigger.spec == first.trigger.spec
    assert second.trigger.spec["owned"] is True
    assert len(airbyte.jobs_for(cid)) == 1
    assert airbyte.stats.requests_by_path[SYNC] == 1
    await first.trigger.on_kill()


async def test_retry_adopts_a_job_whose_trigger_answer_was_lost(
    airbyte: SimulatedAirbyte,
) -> None:
    """A crash between the trigger and the second save: the ledger has only the baseline."""
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    store = FakeStore()
    first = await defer(sync_op(cid), context(store))
    entry = ledger_entry(store, cid)
    store.data[LEDGER_KEY]["connections"][str(cid)] = {
        "baseline": entry["baseline"],
        "job_id": None,
        "owned": False,
        "job_type": "sync",
    }

    second = await defer(sync_op(cid), context(store))

    assert second.trigger.spec == first.trigger.spec  # adopted, owned
    assert ledger_entry(store, cid)["job_id"] == first.trigger.spec["job_id"]
    assert len(airbyte.jobs_for(cid)) == 1
    assert airbyte.stats.requests_by_path[SYNC] == 1
    await first.trigger.on_kill()


async def test_rerun_after_completion_starts_a_new_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(attempt_duration=0.05)
    store = FakeStore()
    op = sync_op(cid)
    deferred = await defer(op, context(store))
    op.execute_complete(context(store), await fire(deferred.trigger), **deferred.kwargs)

    again = await defer(sync_op(cid), context(store))  # cleared and re-run, same store

    assert again.trigger.spec["job_id"] > deferred.trigger.spec["job_id"]
    assert len(airbyte.jobs_for(cid)) == 2


async def test_attaches_to_a_running_sync_without_owning_it(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    theirs = (await client.connections.sync(cid)).job.id

    deferred = await defer(sync_op(cid), context())

    assert deferred.trigger.spec["job_id"] == theirs
    assert deferred.trigger.spec["owned"] is False
    assert len(airbyte.jobs_for(cid)) == 1
    # Neither the trigger's kill nor the operator's cancels another run's job.
    await deferred.trigger.on_kill()
    assert airbyte.job_status(theirs) == "running"
    await client.jobs.cancel(theirs)


async def test_if_running_error_fails_instead_of_attaching(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    theirs = (await client.connections.sync(cid)).job.id
    ctx = context()

    error = await in_thread(sync_op(cid, if_running="error").execute, ctx)

    assert isinstance(error, AirbyteJobError)
    [outcome] = error.outcomes
    assert outcome["status"] == "error"
    assert outcome["message"].startswith("not started: ")
    assert len(airbyte.jobs_for(cid)) == 1
    assert airbyte.job_status(theirs) == "running"
    await client.jobs.cancel(theirs)


async def test_on_kill_after_deferring_cancels_the_owned_job(airbyte: SimulatedAirbyte) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    op = sync_op(cid)
    deferred = await defer(op, context())

    await in_thread(op.on_kill)

    assert airbyte.job_status(deferred.trigger.spec["job_id"]) == "cancelled"


async def test_failed_deferral_cancels_the_owned_job_and_raises(
    airbyte: SimulatedAirbyte,
) -> None:
    """Airflow's deferral timeout (the backstop) resumes with ``__fail__``: cancel, then fail."""
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    store = FakeStore()
    deferred = await defer(sync_op(cid), context(store))
    job_id = deferred.trigger.spec["job_id"]

    raised = await in_thread(
        sync_op(cid).resume_execution,
        "__fail__",
        {"error": "Trigger/execution timeout"},
        context(store),
    )

    assert isinstance(raised, Exception)
    assert "timeout" in str(raised).lower()
    assert airbyte.job_status(job_id) == "cancelled"
    # Cancelled and reported: a retry starts afresh.
    assert ledger_entry(store, cid)["job_id"] is None


# -- many connections -----------------------------------------------------------------------


async def test_many_defers_to_one_trigger_and_reports_in_order(
    airbyte: SimulatedAirbyte,
) -> None:
    ok = airbyte.add_connection(attempt_duration=0.05)
    bad = airbyte.add_connection(outcome=Outcome.CONFIG_ERROR, attempt_duration=0.05)
    ok2 = airbyte.add_connection(attempt_duration=0.05)
    ids = [str(bad), str(ok), str(ok2)]
    store = FakeStore()
    op = AirbyteSyncManyOperator(task_id="many", connection_ids=ids, concurrency=2)

    deferred = await defer(op, context(store))
    assert isinstance(deferred.trigger, AirbyteJobsTrigger)
    assert [spec["connection_id"] for spec in deferred.trigger.jobs] == ids
    event = await fire(deferred.trigger)
    ctx = context(store)
    with pytest.raises(AirbyteJobError) as caught:
        op.execute_complete(ctx, event, **deferred.kwargs)

    outcomes = caught.value.outcomes
    assert [o["connection_id"] for o in outcomes] == ids
    assert [o["status"] for o in outcomes] == ["failed", "succeeded", "succeeded"]
    assert str(caught.value).startswith("1 of 3 jobs did not succeed")
    assert ctx["ti"].xcom["outcomes"] == outcomes


async def test_many_blocking_returns_outcomes_and_summary(airbyte: SimulatedAirbyte) -> None:
    ids = [str(airbyte.add_connection(attempt_duration=0.05)) for _ in range(3)]
    op = AirbyteSyncManyOperator(task_id="many", connection_ids=ids, deferrable=False)

    result = await in_thread(op.execute, context())

    assert [o["connection_id"] for o in result["outcomes"]] == ids
    assert result["summary"] == {"succeeded": 3}
