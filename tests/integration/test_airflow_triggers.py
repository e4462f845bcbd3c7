"""The Airflow triggers against the simulator (modern profile, client credentials) over HTTP.

No Airflow metadata DB: the triggers find their Airflow connection through
``AIRFLOW_CONN_AIRBYTE_DEFAULT`` (``aget_connection`` reads the environment), as a triggerer
would through its secrets backends. Triggers run on the test's event loop, as on a triggerer's.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
import pytest_asyncio

from aioairbyte import AirbyteClient, ClientCredentials, waiting
from aioairbyte.airflow.clients import open_clients
from aioairbyte.airflow.hook import ClientSettings
from aioairbyte.airflow.triggers import AirbyteJobsTrigger, AirbyteJobTrigger
from aioairbyte.simulator import Outcome, SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL, FAST_RETRY

CONN_ID = "airbyte_default"
APP = ("airflow-app", "cs-CANARY-airflow-51c0")
SYNC = "/api/v1/connections/sync"
TOKEN = "/api/v1/applications/token"


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's default poll schedule (the triggers pass none) polls every 10-50 ms."""
    monkeypatch.setattr(waiting, "PollPolicy", lambda: FAST_POLL)


@pytest_asyncio.fixture
async def airbyte(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SimulatedAirbyte]:
    """A modern simulator needing an application's credentials, named by the Airflow
    connection ``airbyte_default``."""
    config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.2)
    async with SimulatedAirbyte(config=config) as simulator:
        monkeypatch.setenv(
            "AIRFLOW_CONN_AIRBYTE_DEFAULT",
            json.dumps(
                {
                    "conn_type": "aioairbyte",
                    "host": simulator.url,
                    "login": APP[0],
                    "password": APP[1],
                }
            ),
        )
        yield simulator


@pytest_asyncio.fixture
async def client(airbyte: SimulatedAirbyte) -> AsyncIterator[AirbyteClient]:
    """The test's own client (starting and cancelling jobs as another party would)."""
    async with AirbyteClient(airbyte.url, auth=ClientCredentials(*APP), retry=FAST_RETRY) as c:
        yield c


@pytest.fixture
def made_clients(monkeypatch: pytest.MonkeyPatch) -> list[AirbyteClient]:
    """Every client made from Airflow connection settings (the shared ones included)."""
    made: list[AirbyteClient] = []
    original = ClientSettings.client

    def client(self: ClientSettings) -> AirbyteClient:
        made.append(original(self))
        return made[-1]

    monkeypatch.setattr(ClientSettings, "client", client)
    return made


async def fire(trigger: AirbyteJobTrigger | AirbyteJobsTrigger) -> dict[str, Any]:
    """Run a trigger to its end; it fires exactly one event."""
    events = [event async for event in trigger.run()]
    assert len(events) == 1
    payload: dict[str, Any] = events[0].payload
    assert json.loads(json.dumps(payload)) == payload  # what Airflow stores
    return payload


def rebuild(trigger: AirbyteJobTrigger) -> AirbyteJobTrigger:
    """The trigger as a triggerer (this one, or another after a failover) makes it again."""
    path, kwargs = trigger.serialize()
    assert path == "aioairbyte.airflow.triggers.AirbyteJobTrigger"
    return AirbyteJobTrigger(**json.loads(json.dumps(kwargs)))


async def start(client: AirbyteClient, cid: UUID) -> int:
    return (await client.connections.sync(cid)).job.id


def job_trigger(cid: UUID, job_id: int, **kwargs: Any) -> AirbyteJobTrigger:
    kwargs.setdefault("owned", True)
    return AirbyteJobTrigger(conn_id=CONN_ID, job_id=job_id, connection_id=str(cid), **kwargs)


# -- how a job ended ------------------------------------------------------------------------


async def test_succeeded_job(airbyte: SimulatedAirbyte, client: AirbyteClient) -> None:
    cid = airbyte.add_connection()
    job_id = await start(client, cid)

    event = await fire(job_trigger(cid, job_id))

    [served] = airbyte.jobs_for(cid)
    [attempt] = served["attempts"]
    assert event["status"] == "succeeded"
    assert event["job_status"] == "succeeded"
    assert event["job_id"] == job_id
    assert event["connection_id"] == str(cid)
    assert event["owned"] is True
    assert event["attempts"] == 1
    assert event["records_synced"] == attempt["recordsSynced"] > 0
    assert event["bytes_synced"] == attempt["bytesSynced"] > 0
    assert event["failure_reasons"] == []
    assert open_clients() == 0


async def test_failed_job_carries_the_failure_reasons(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.FAIL, attempt_duration=0.05)
    job_id = await start(client, cid)

    event = await fire(job_trigger(cid, job_id))

    assert event["status"] == "failed"
    assert event["attempts"] == airbyte.config.max_attempts == 3
    [reason] = event["failure_reasons"]
    assert reason["origin"] == "source"
    assert reason["type"] == "system_error"
    assert reason["retryable"] is True
    assert reason["message"]


async def test_job_cancelled_by_someone_else_is_cancelled_never_success(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)
    polls = airbyte.stats.requests_by_path["/api/v1/connections/status"]
    waiting_trigger = asyncio.create_task(fire(job_trigger(cid, job_id)))
    # Cancel once the trigger has polled the job at least once.
    await airbyte.stats.wait_until(
        lambda s: (
            s.requests_by_path["/api/v1/connections/status"] > polls
            or s.requests_by_path["/api/v1/jobs/get_light"] > 0
        )
    )

    await client.jobs.cancel(job_id)
    event = await waiting_trigger

    assert event["status"] == "cancelled"
    assert event["cancelled"] is True
    assert airbyte.job_status(job_id) == "cancelled"


# -- idempotence ----------------------------------------------------------------------------


async def test_rebuilt_trigger_follows_the_same_job_and_never_syncs(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(attempt_duration=0.3)
    job_id = await start(client, cid)
    trigger = job_trigger(cid, job_id)

    # The triggerer stops (a restart, a failover) mid-wait: the trigger task is cancelled.
    first = asyncio.create_task(fire(trigger))
    await airbyte.stats.wait_until(lambda s: s.tokens_issued >= 2)  # the trigger's own token
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert airbyte.job_status(job_id) == "running"  # cleanup does not cancel: only moved

    # Another triggerer makes it again from its serialized form, and again after the end.
    event = await fire(rebuild(trigger))
    again = await fire(rebuild(rebuild(trigger)))

    assert event["status"] == again["status"] == "succeeded"
    assert event["job_id"] == again["job_id"] == job_id
    assert len(airbyte.jobs_for(cid)) == 1
    assert airbyte.stats.requests_by_path[SYNC] == 1  # the test's own
    assert open_clients() == 0


# -- deadlines ------------------------------------------------------------------------------


async def test_deadline_cancels_an_owned_job(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)

    began = time.monotonic()
    event = await fire(job_trigger(cid, job_id, deadline=time.time() + 0.3))

    assert time.monotonic() - began < 5
    assert event["status"] == "timed_out"
    assert event["cancelled"] is True
    assert event["job_id"] == job_id
    assert "did not end within" in event["message"]
    assert airbyte.job_status(job_id) == "cancelled"


async def test_deadline_already_passed_still_looks_and_cancels(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    """A trigger rebuilt after its deadline (a triggerer down meanwhile): one look, a cancel."""
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)

    event = await fire(job_trigger(cid, job_id, deadline=time.time() - 60))

    assert event["status"] == "timed_out", event
    assert event["cancelled"] is True, (event["message"], airbyte.job_status(job_id))
    assert event["job_status"] in ("running", "cancelled")
    assert airbyte.job_status(job_id) == "cancelled"


async def test_deadline_already_passed_on_an_ended_job_reports_it(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(attempt_duration=0.05)
    job_id = await start(client, cid)
    await client.jobs.wait(job_id, timeout=5)

    event = await fire(job_trigger(cid, job_id, deadline=time.time() - 60))

    assert event["status"] == "succeeded"


async def test_deadline_leaves_an_attached_job_running(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)

    event = await fire(job_trigger(cid, job_id, owned=False, deadline=time.time() + 0.2))

    assert event["status"] == "timed_out"
    assert event["owned"] is False
    assert event["cancelled"] is False
    assert airbyte.job_status(job_id) == "running"
    await client.jobs.cancel(job_id)


async def test_deadline_without_cancel_on_timeout(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)

    event = await fire(
        job_trigger(cid, job_id, deadline=time.time() + 0.2, cancel_on_timeout=False)
    )

    assert event["status"] == "timed_out"
    assert event["cancelled"] is False
    assert airbyte.job_status(job_id) == "running"
    await client.jobs.cancel(job_id)


# -- on_kill --------------------------------------------------------------------------------


async def test_on_kill_cancels_an_owned_job(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)

    await job_trigger(cid, job_id).on_kill()

    assert airbyte.job_status(job_id) == "cancelled"
    assert open_clients() == 0


async def test_on_kill_leaves_an_attached_job_alone(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)
    cancels = airbyte.stats.requests_by_path["/api/v1/jobs/cancel"]

    await job_trigger(cid, job_id, owned=False).on_kill()

    assert airbyte.job_status(job_id) == "running"
    assert airbyte.stats.requests_by_path["/api/v1/jobs/cancel"] == cancels
    await client.jobs.cancel(job_id)


async def test_on_kill_of_the_jobs_trigger_cancels_only_owned_jobs(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    mine, theirs = (airbyte.add_connection(outcome=Outcome.HANG) for _ in range(2))
    my_job, their_job = await start(client, mine), await start(client, theirs)
    trigger = AirbyteJobsTrigger(
        conn_id=CONN_ID,
        jobs=[
            {"job_id": my_job, "connection_id": str(mine), "owned": True},
            {"job_id": their_job, "connection_id": str(theirs), "owned": False},
        ],
    )

    await trigger.on_kill()

    assert airbyte.job_status(my_job) == "cancelled"
    assert airbyte.job_status(their_job) == "running"
    await client.jobs.cancel(their_job)


# -- the shared client ----------------------------------------------------------------------


async def test_triggers_on_one_loop_share_one_client(
    airbyte: SimulatedAirbyte, client: AirbyteClient, made_clients: list[AirbyteClient]
) -> None:
    cids = [airbyte.add_connection() for _ in range(6)]
    jobs = [await start(client, cid) for cid in cids]
    tokens = airbyte.stats.tokens_issued

    events = await asyncio.gather(
        *(fire(job_trigger(cid, job_id)) for cid, job_id in zip(cids, jobs, strict=True))
    )

    assert [e["status"] for e in events] == ["succeeded"] * 6
    assert [e["job_id"] for e in events] == jobs
    assert len(made_clients) == 1
    assert airbyte.stats.tokens_issued == tokens + 1  # one token for all of them
    assert made_clients[0].transport.closed
    assert open_clients() == 0


async def test_a_trigger_cancelled_mid_wait_closes_the_client(
    airbyte: SimulatedAirbyte, client: AirbyteClient, made_clients: list[AirbyteClient]
) -> None:
    cid = airbyte.add_connection(outcome=Outcome.HANG)
    job_id = await start(client, cid)
    tokens = airbyte.stats.tokens_issued
    task = asyncio.create_task(fire(job_trigger(cid, job_id)))
    await airbyte.stats.wait_until(lambda s: s.tokens_issued > tokens)
    assert open_clients() == 1

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert open_clients() == 0
    [shared] = made_clients
    assert shared.transport.closed
    assert airbyte.job_status(job_id) == "running"  # cancelling the trigger is not a kill
    await client.jobs.cancel(job_id)


async def test_a_new_client_after_the_last_user_left(
    airbyte: SimulatedAirbyte, client: AirbyteClient, made_clients: list[AirbyteClient]
) -> None:
    cid = airbyte.add_connection(attempt_duration=0.05)
    job_id = await start(client, cid)

    await fire(job_trigger(cid, job_id))
    await fire(job_trigger(cid, job_id))

    assert len(made_clients) == 2
    assert all(c.transport.closed for c in made_clients)


# -- many jobs in one trigger ---------------------------------------------------------------


async def test_jobs_trigger_reports_mixed_outcomes_in_input_order(
    airbyte: SimulatedAirbyte, client: AirbyteClient
) -> None:
    hang = airbyte.add_connection(outcome=Outcome.HANG)
    fail = airbyte.add_connection(outcome=Outcome.CONFIG_ERROR, attempt_duration=0.05)
    ok = airbyte.add_connection(attempt_duration=0.05)
    order = [hang, fail, ok]
    jobs = {cid: await start(client, cid) for cid in order}
    trigger = AirbyteJobsTrigger(
        conn_id=CONN_ID,
        jobs=[{"job_id": jobs[cid], "connection_id": str(cid), "owned": True} for cid in order],
        deadline=time.time() + 0.6,
    )
    _, kwargs = trigger.serialize()

    event = await fire(AirbyteJobsTrigger(**json.loads(json.dumps(kwargs))))

    outcomes = event["outcomes"]
    assert [o["connection_id"] for o in outcomes] == [str(cid) for cid in order]
    assert [o["job_id"] for o in outcomes] == [jobs[cid] for cid in order]
    assert [o["status"] for o in outcomes] == ["timed_out", "failed", "succeeded"]
    assert outcomes[0]["cancelled"] is True
    assert outcomes[1]["failure_reasons"][0]["type"] == "config_error"
    assert airbyte.job_status(jobs[hang]) == "cancelled"
    assert open_clients() == 0
