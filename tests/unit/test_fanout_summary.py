"""What a fan-out's ``summary`` prints: plain status names, as the README shows."""

from __future__ import annotations

import uuid

from aioairbyte.fanout import BulkResult, ConnectionOutcome, OutcomeStatus


def _bulk(*statuses: OutcomeStatus) -> BulkResult:
    return BulkResult([ConnectionOutcome(connection_id=uuid.uuid4(), status=s) for s in statuses])


def test_summary_prints_as_plain_names_and_is_keyed_by_the_members() -> None:
    bulk = _bulk(*[OutcomeStatus.SUCCEEDED] * 4, OutcomeStatus.FAILED, OutcomeStatus.TIMED_OUT)

    assert str(bulk.summary) == (
        "{'succeeded': 4, 'failed': 1, 'cancelled': 0, 'timed_out': 1, 'error': 0}"
    )
    assert bulk.summary[OutcomeStatus.SUCCEEDED] == 4
    assert bulk.summary["failed"] == 1  # a StrEnum: its string is the same key
    assert list(bulk.summary) == list(OutcomeStatus)


def test_outcome_status_prints_as_its_value() -> None:
    assert repr(OutcomeStatus.TIMED_OUT) == "'timed_out'"
    assert str(OutcomeStatus.TIMED_OUT) == "timed_out"
    assert f"{OutcomeStatus.ERROR}" == "error"
    assert OutcomeStatus("failed") is OutcomeStatus.FAILED
    assert [OutcomeStatus.SUCCEEDED] == ["succeeded"]
