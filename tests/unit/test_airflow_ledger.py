"""``JobLedger``: what a task noted about its jobs, over a dict-backed task state store."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from aioairbyte.airflow.ledger import LEDGER_KEY, Entry, JobLedger

A = "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11"
B = "3a8d5e1f-2c4b-4e97-8a60-b7f2c9d1e053"


class FakeStore:
    """``context["task_state_store"]``: get/set over a dict, counting writes."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = dict(data or {})
        self.writes = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.writes += 1
        self.data[key] = value


def test_empty_store_empty_ledger() -> None:
    ledger = JobLedger(FakeStore())
    assert ledger.entries == {}
    assert ledger.durable


def test_round_trip() -> None:
    store = FakeStore()
    ledger = JobLedger(store)
    ledger.entries[A] = Entry(baseline=10, job_id=11, owned=True, job_type="sync")
    ledger.entries[B] = Entry(baseline=4, job_type="reset_connection")
    ledger.save()
    assert store.writes == 1
    assert store.data[LEDGER_KEY] == {
        "connections": {
            A: {"baseline": 10, "job_id": 11, "owned": True, "job_type": "sync"},
            B: {"baseline": 4, "job_id": None, "owned": False, "job_type": "reset_connection"},
        }
    }
    again = JobLedger(store)
    assert again.entries == ledger.entries


def test_no_store_lives_in_memory_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="aioairbyte"):
        ledger = JobLedger(None)
    assert not ledger.durable
    assert "no task state store" in caplog.text
    ledger.entries[A] = Entry(baseline=1, job_id=2, owned=True)
    ledger.save()  # nowhere to write: no error
    ledger.heard([{"status": "succeeded", "connection_id": A, "job_id": 2}])
    assert ledger.entries[A] == Entry(baseline=2)


@pytest.mark.parametrize(
    "raw", ["garbage", ["list"], {"connections": "nope"}, {"other": {}}], ids=repr
)
def test_unreadable_ledger_is_ignored_with_a_warning(
    raw: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="aioairbyte"):
        ledger = JobLedger(FakeStore({LEDGER_KEY: raw}))
    assert ledger.entries == {}
    assert f"ignoring an unreadable {LEDGER_KEY}" in caplog.text


@pytest.mark.parametrize(
    "value",
    [
        "x",
        {},
        {"baseline": "10"},
        {"baseline": True},
        {"baseline": 1.5},
        {"baseline": 10, "job_id": "11"},
        {"baseline": 10, "job_id": False},
    ],
    ids=repr,
)
def test_unreadable_entries_are_ignored_the_others_kept(
    value: object, caplog: pytest.LogCaptureFixture
) -> None:
    store = FakeStore(
        {LEDGER_KEY: {"connections": {A: value, B: {"baseline": 3, "job_id": 4, "owned": True}}}}
    )
    with caplog.at_level(logging.WARNING, logger="aioairbyte"):
        ledger = JobLedger(store)
    assert ledger.entries == {B: Entry(baseline=3, job_id=4, owned=True)}
    assert f"unreadable ledger entry for connection {A}" in caplog.text


def test_entry_defaults_when_fields_are_missing() -> None:
    ledger = JobLedger(FakeStore({LEDGER_KEY: {"connections": {A: {"baseline": 0}}}}))
    assert ledger.entries[A] == Entry(baseline=0, job_id=None, owned=False, job_type="sync")


@pytest.mark.parametrize("status", ["succeeded", "failed", "cancelled", "timed_out"])
def test_heard_makes_the_job_the_new_baseline(status: str) -> None:
    store = FakeStore()
    ledger = JobLedger(store)
    ledger.entries[A] = Entry(baseline=10, job_id=15, owned=True, job_type="reset_connection")
    ledger.entries[B] = Entry(baseline=20, job_id=21, owned=False)
    ledger.save()
    ledger.heard([{"status": status, "connection_id": A, "job_id": 15}])
    assert ledger.entries[A] == Entry(baseline=15, job_type="reset_connection")
    assert ledger.entries[B] == Entry(baseline=20, job_id=21, owned=False)  # not heard
    assert JobLedger(store).entries == ledger.entries  # saved
    assert store.writes == 2


def test_heard_error_keeps_the_job_to_follow_again() -> None:
    store = FakeStore()
    ledger = JobLedger(store)
    ledger.entries[A] = Entry(baseline=10, job_id=15, owned=True)
    ledger.save()
    ledger.heard([{"status": "error", "connection_id": A, "job_id": 15}])
    assert ledger.entries[A] == Entry(baseline=10, job_id=15, owned=True)
    assert store.writes == 1  # nothing changed, nothing written


def test_heard_a_job_never_noted_becomes_the_baseline() -> None:
    """A trigger cut off by its deadline: its cleanup found and cancelled the job a lost
    request started, which the ledger never noted. A retry must not adopt it."""
    store = FakeStore()
    ledger = JobLedger(store)
    ledger.entries[A] = Entry(baseline=10)
    ledger.heard([{"status": "error", "connection_id": A, "job_id": 12}])
    assert ledger.entries[A] == Entry(baseline=12)
    assert JobLedger(store).entries == ledger.entries


def test_heard_ignores_other_jobs_and_connections() -> None:
    store = FakeStore()
    ledger = JobLedger(store)
    ledger.entries[A] = Entry(baseline=10, job_id=15, owned=True)
    ledger.heard(
        [
            {"status": "succeeded", "connection_id": A, "job_id": 14},  # not the noted job
            {"status": "succeeded", "connection_id": B, "job_id": 30},  # not in the ledger
            {"status": "succeeded", "connection_id": A, "job_id": "15"},  # not an id
            {"status": "succeeded", "job_id": 15},  # no connection
        ]
    )
    assert ledger.entries == {A: Entry(baseline=10, job_id=15, owned=True)}
    assert store.writes == 0


def test_baseline_never_goes_back() -> None:
    ledger = JobLedger(FakeStore())
    ledger.entries[A] = Entry(baseline=50, job_id=15, owned=True)
    ledger.heard([{"status": "succeeded", "connection_id": A, "job_id": 15}])
    assert ledger.entries[A].baseline == 50
