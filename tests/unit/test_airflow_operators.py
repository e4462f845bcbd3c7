"""The operators' argument checks: at construction, or at ``execute`` for templated values."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from aioairbyte import InvalidArgumentError
from aioairbyte.airflow.operators import (
    AirbyteSyncManyOperator,
    AirbyteSyncOperator,
    _rendered_list,
)
from aioairbyte.models import ConnectionStream

A = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"
B = "3a8d5e1f-2c4b-4e97-8a60-b7f2c9d1e053"


def sync(**kwargs: Any) -> AirbyteSyncOperator:
    kwargs.setdefault("connection_id", A)
    return AirbyteSyncOperator(task_id="sync", **kwargs)


def many(**kwargs: Any) -> AirbyteSyncManyOperator:
    kwargs.setdefault("connection_ids", [A, B])
    return AirbyteSyncManyOperator(task_id="many", **kwargs)


def test_defaults() -> None:
    op = sync(connection_id=f"  {A.upper()} ")
    assert op.connection_id == A
    assert op.airbyte_conn_id == "airbyte_default"
    assert op.job_type == "sync"
    assert op.deferrable is True
    assert op.timeout is None
    assert op.if_running == "attach"
    assert op.cancel_on_timeout is True
    assert op.concurrency == 50
    assert op.streams is None
    assert set(op.template_fields) == {"connection_id", "airbyte_conn_id"}
    assert set(many().template_fields) == {"connection_ids", "airbyte_conn_id"}


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"job_type": "resync"}, "job_type must be one of sync, reset, clear, refresh"),
        ({"if_running": "queue"}, "if_running must be 'attach' or 'error'"),
        ({"streams": ["users"]}, "streams narrow a reset, clear or refresh, not a sync"),
        ({"concurrency": 0}, "concurrency must be an int >= 1"),
        ({"concurrency": True}, "concurrency must be an int >= 1"),
        ({"concurrency": 2.5}, "concurrency must be an int >= 1"),
        ({"timeout": 0}, "timeout must be > 0 seconds"),
        ({"timeout": -5}, "timeout must be > 0 seconds"),
        ({"timeout": timedelta(0)}, "timeout must be > 0 seconds"),
        ({"timeout": "60"}, "timeout must be > 0 seconds"),
        ({"connection_id": "orders"}, "connection id must be a UUID, got 'orders'"),
        ({"connection_id": ""}, "connection id must be a UUID"),
    ],
)
def test_sync_refuses_at_construction(kwargs: dict[str, Any], says: str) -> None:
    with pytest.raises(InvalidArgumentError, match=says.replace("(", r"\(")):
        sync(**kwargs)


def test_timeout_and_streams() -> None:
    assert sync(timeout=timedelta(minutes=2)).timeout == 120.0
    assert sync(timeout=90).timeout == 90.0
    op = sync(job_type="reset", streams=["users", ("orders", "public")])
    assert op.streams == [
        ConnectionStream(stream_name="users"),
        ConnectionStream(stream_name="orders", stream_namespace="public"),
    ]


def test_budget_is_timeout_else_execution_timeout() -> None:
    assert sync()._budget() is None
    # A little under execution_timeout (a tenth, at most 5 s): the wait cancels and reports
    # before Airflow's signal interrupts the task.
    assert sync(execution_timeout=timedelta(seconds=40))._budget() == 36.0
    assert sync(execution_timeout=timedelta(hours=1))._budget() == 3595.0
    assert sync(timeout=5, execution_timeout=timedelta(seconds=40))._budget() == 5.0


@pytest.mark.parametrize(
    ("ids", "says"),
    [
        ([], "connection_ids is empty"),
        ("", "connection_ids is empty"),
        ([A, A.upper()], "connection_ids names a connection twice"),
        ([A, "orders"], "connection id must be a UUID, got 'orders'"),
        (42, "connection_ids must be a list of connection ids"),
        ({A: 1}, "connection_ids must be a list of connection ids"),
        ("[not json, nor python", "connection_ids must be a list of connection ids"),
    ],
)
def test_many_refuses_at_construction(ids: object, says: str) -> None:
    with pytest.raises(InvalidArgumentError, match=says):
        many(connection_ids=ids)


@pytest.mark.parametrize(
    "ids",
    [
        [A, B],
        (A, B),
        f'["{A}", "{B}"]',  # a template rendered as JSON
        f"['{A}', '{B}']",  # ... as a Python list's repr
        f"{A},{B}",
        f" {A} ,  {B}\n",
        f"{A} {B}",
    ],
    ids=["list", "tuple", "json", "repr", "comma", "comma-space", "space"],
)
def test_many_accepts_lists_and_rendered_lists(ids: object) -> None:
    assert many(connection_ids=ids)._connection_ids() == [A, B]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f'["{A}"]', [A]),
        (f"['{A}', '{B}']", [A, B]),
        (f"{A}, {B}", [A, B]),
        (f"{A}\t{B}", [A, B]),
        ("", []),
        ("  ,  ", []),
        ("[1, 2", None),
    ],
)
def test_rendered_list(text: str, value: object) -> None:
    assert _rendered_list(text) == value


class _NoStore:
    def get(self, key: str, default: Any = None) -> Any:
        raise AssertionError("execute must refuse before reading the ledger")


def test_templated_connection_id_is_accepted_then_checked_at_execute() -> None:
    op = sync(connection_id="{{ params.connection }}")
    assert op.connection_id == "{{ params.connection }}"
    op.connection_id = A  # as rendered
    assert op._connection_ids() == [A]
    op.connection_id = "orders"  # rendered to something that is not an id
    with pytest.raises(InvalidArgumentError, match="connection id must be a UUID"):
        op.execute({"task_state_store": _NoStore()})  # type: ignore[arg-type]


def test_templated_connection_ids_are_accepted_then_checked_at_execute() -> None:
    op = many(connection_ids="{{ ti.xcom_pull('ids') }}")
    op.connection_ids = f"['{A}', '{A}']"
    with pytest.raises(InvalidArgumentError, match="twice"):
        op.execute({"task_state_store": _NoStore()})  # type: ignore[arg-type]
