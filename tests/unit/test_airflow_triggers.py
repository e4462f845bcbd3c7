"""The triggers' ``serialize()`` (what Airflow stores and rebuilds them from) and their checks."""

from __future__ import annotations

import importlib
import json
import time
from typing import Any

import pytest

from aioairbyte import InvalidArgumentError
from aioairbyte.airflow.triggers import AirbyteJobsTrigger, AirbyteJobTrigger

A = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"
B = "3a8d5e1f-2c4b-4e97-8a60-b7f2c9d1e053"


def rebuild(trigger: Any) -> Any:
    """What the triggerer does: import the class path, call it with the (JSON) kwargs."""
    path, kwargs = trigger.serialize()
    module, _, name = path.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    return cls(**json.loads(json.dumps(kwargs)))


def test_job_trigger_round_trip() -> None:
    deadline = time.time() + 600
    trigger = AirbyteJobTrigger(
        conn_id="airbyte_prod",
        job_id=42,
        connection_id=A.upper(),
        job_type="reset_connection",
        owned=True,
        deadline=deadline,
        cancel_on_timeout=False,
    )
    path, kwargs = trigger.serialize()
    assert path == "aioairbyte.airflow.triggers.AirbyteJobTrigger"
    assert kwargs == {
        "conn_id": "airbyte_prod",
        "job_id": 42,
        "connection_id": A,  # normalised
        "job_type": "reset_connection",
        "owned": True,
        "deadline": deadline,
        "cancel_on_timeout": False,
    }
    again = rebuild(trigger)
    assert type(again) is AirbyteJobTrigger
    assert again.serialize() == trigger.serialize()


def test_job_trigger_defaults() -> None:
    _, kwargs = AirbyteJobTrigger(conn_id="c", job_id=0).serialize()
    assert kwargs == {
        "conn_id": "c",
        "job_id": 0,
        "connection_id": None,
        "job_type": "sync",
        "owned": False,
        "deadline": None,
        "cancel_on_timeout": True,
    }


def test_jobs_trigger_round_trip_keeps_order() -> None:
    jobs = [
        {"job_id": 9, "connection_id": B, "job_type": "sync", "owned": True},
        {"job_id": 3, "connection_id": A, "job_type": "clear", "owned": False},
    ]
    trigger = AirbyteJobsTrigger(conn_id="c", jobs=jobs, deadline=1_900_000_000)
    path, kwargs = trigger.serialize()
    assert path == "aioairbyte.airflow.triggers.AirbyteJobsTrigger"
    assert kwargs["jobs"] == jobs
    assert kwargs["deadline"] == 1_900_000_000.0
    assert isinstance(kwargs["deadline"], float)
    again = rebuild(trigger)
    assert type(again) is AirbyteJobsTrigger
    assert again.serialize() == trigger.serialize()
    # The kwargs are copies: changing them does not change the trigger.
    kwargs["jobs"][0]["owned"] = False
    assert trigger.jobs[0]["owned"] is True


def test_jobs_trigger_fills_spec_defaults() -> None:
    trigger = AirbyteJobsTrigger(conn_id="c", jobs=[{"job_id": 5}])
    assert trigger.jobs == [
        {"job_id": 5, "connection_id": None, "job_type": "sync", "owned": False}
    ]


def test_deadline_is_wall_clock() -> None:
    """Epoch seconds hold across serialization and hosts (a loop's clock would not)."""
    before = time.time()
    trigger = AirbyteJobTrigger(conn_id="c", job_id=1, deadline=before + 30)
    _, kwargs = rebuild(trigger).serialize()
    assert before + 29 < kwargs["deadline"] < time.time() + 31


@pytest.mark.parametrize(
    "kwargs",
    [
        {"job_id": -1},
        {"job_id": "42"},
        {"job_id": True},
        {"job_id": 4.0},
        {"job_id": None},
        {"job_id": 1, "deadline": "tomorrow"},
        {"job_id": 1, "deadline": True},
    ],
    ids=repr,
)
def test_job_trigger_refuses_bad_kwargs(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError):
        AirbyteJobTrigger(conn_id="c", **kwargs)


def test_job_trigger_refuses_a_bad_connection_id() -> None:
    with pytest.raises(InvalidArgumentError, match="connection_id must be a UUID"):
        AirbyteJobTrigger(conn_id="c", job_id=1, connection_id="not-a-uuid")


def test_job_trigger_keeps_a_job_type_it_does_not_know() -> None:
    """A newer server's job type (the client's enums are open) is followed, not refused."""
    trigger = AirbyteJobTrigger(conn_id="c", job_id=1, job_type="future_kind")
    assert rebuild(trigger).spec["job_type"] == "future_kind"


@pytest.mark.parametrize("jobs", [[], None, {"job_id": 1}, [{"job_id": 1}, "x"], [{"id": 1}]])
def test_jobs_trigger_refuses_bad_jobs(jobs: object) -> None:
    with pytest.raises(InvalidArgumentError):
        AirbyteJobsTrigger(conn_id="c", jobs=jobs)  # type: ignore[arg-type]
