"""The batched status poll (aioairbyte.polling.StatusPoller), on a fake connections family.

HTTP is not involved: the poller's decisions (which wait hears what, when rounds come, what is
learnt) are tested against a stand-in for ``client.connections`` whose ``status`` answers
from a table; the same code against the simulator over HTTP is in tests/integration.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from uuid import UUID

import pytest

from aioairbyte import polling
from aioairbyte.errors import ServerError, UnsupportedOperationError
from aioairbyte.models import (
    ConnectionStatusRead,
    ConnectionSyncProgressRead,
    ConnectionSyncStatus,
    JobConfigType,
    JobRead,
    JobStatus,
)
from aioairbyte.polling import Look, StatusPoller
from aioairbyte.schedule import PollPolicy
from aioairbyte.transport import ServerTraits

FAST = PollPolicy(first=0.01, backoff=1.0, max_interval=0.01, jitter=0.0)


def job(job_id: int, cid: UUID, status: str = "running", updated: int = 0) -> JobRead:
    return JobRead(
        id=job_id,
        config_type=JobConfigType.SYNC,
        config_id=str(cid),
        created_at=0,
        updated_at=updated,
        status=JobStatus(status),
    )


class FakeTransport:
    def __init__(self) -> None:
        self.traits = ServerTraits()
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)


class FakeConnections:
    """``status`` answers from ``active`` (connection -> its active job, or None)."""

    def __init__(self) -> None:
        self.transport = FakeTransport()
        self.active: dict[UUID, JobRead | None] = {}
        self.calls: list[list[UUID]] = []
        self.fail: Exception | None = None
        self.shape = "2.x"
        self.progress_calls = 0
        self._polled = asyncio.Event()

    async def polled(self, count: int) -> None:
        """Until ``status`` was called ``count`` times in all."""
        while len(self.calls) < count:
            self._polled.clear()
            await self._polled.wait()

    async def status(self, ids: list[UUID], *, chunk_size: int = 100) -> list[Any]:
        self.calls.append(list(ids))
        self._polled.set()
        if self.fail is not None:
            raise self.fail
        out = []
        for cid in ids:
            active = self.active.get(cid)
            if self.shape == "1.0":
                out.append(ConnectionStatusRead(connection_id=cid, is_running=active is not None))
            else:
                out.append(
                    ConnectionStatusRead(
                        connection_id=cid,
                        connection_sync_status=ConnectionSyncStatus.RUNNING
                        if active
                        else ConnectionSyncStatus.SYNCED,
                        active_job=active,
                    )
                )
        return out

    async def sync_progress(self, cid: UUID) -> ConnectionSyncProgressRead:
        self.progress_calls += 1
        active = self.active[cid]
        assert active is not None
        return ConnectionSyncProgressRead(
            connection_id=cid, job_id=active.id, streams=[], records_emitted=10
        )


def poller_on(fake: FakeConnections, chunk_size: int = 100) -> StatusPoller:
    return StatusPoller(fake, chunk_size=chunk_size)  # type: ignore[arg-type]


async def change(poller: StatusPoller, seen: JobRead, **kw: Any) -> Any:
    loop = asyncio.get_running_loop()
    return await asyncio.wait_for(
        poller.change(seen, since=loop.time(), policy=FAST, **kw), timeout=5
    )


async def test_one_request_reports_every_wait_and_tells_only_the_changed_one() -> None:
    fake = FakeConnections()
    a, b = uuid.uuid4(), uuid.uuid4()
    fake.active = {a: job(1, a), b: job(2, b)}
    poller = poller_on(fake)
    wait_a = asyncio.ensure_future(change(poller, job(1, a)))
    wait_b = asyncio.ensure_future(change(poller, job(2, b)))
    await fake.polled(1)
    assert sorted(map(str, fake.calls[0])) == sorted(map(str, [a, b]))
    fake.active[a] = job(1, a, "running", updated=5)  # a new attempt: updatedAt moved
    news = await wait_a
    assert isinstance(news, JobRead)
    assert news.updated_at == 5
    assert not wait_b.done()
    fake.active[b] = None  # b's job is no longer the active one: it ended
    assert await wait_b is Look.ENDED
    assert all(len(call) <= 2 for call in fake.calls)
    await poller.close()


async def test_a_newer_job_on_the_connection_means_ours_ended() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(8, cid)}
    poller = poller_on(fake)
    assert await change(poller, job(7, cid)) is Look.ENDED


async def test_long_lists_are_polled_in_chunks() -> None:
    fake = FakeConnections()
    ids = [uuid.uuid4() for _ in range(250)]
    fake.active = {cid: job(i, cid) for i, cid in enumerate(ids, 1)}
    poller = poller_on(fake)
    waits = [asyncio.ensure_future(change(poller, job(i, cid))) for i, cid in enumerate(ids, 1)]
    await fake.polled(3)
    assert [len(call) for call in fake.calls[:3]] == [100, 100, 50]
    fake.active = dict.fromkeys(ids)
    assert set(await asyncio.gather(*waits)) == {Look.ENDED}
    assert poller.rounds * 3 >= len(fake.calls) - 3


async def test_a_server_without_the_endpoint_is_learnt_once() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.fail = UnsupportedOperationError.__new__(UnsupportedOperationError)
    poller = poller_on(fake)
    assert await change(poller, job(1, cid)) is Look.UNSUPPORTED
    assert fake.transport.sleeps == []  # unknown yet: the probe comes at once, no pause
    assert fake.transport.traits.connection_status is False
    assert not poller.available
    calls = len(fake.calls)
    assert await change(poller, job(1, cid)) is Look.UNSUPPORTED
    assert len(fake.calls) == calls  # remembered: no request more


async def test_a_1_0_status_that_names_no_job_is_not_used() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    fake.shape = "1.0"
    poller = poller_on(fake)
    assert await change(poller, job(1, cid)) is Look.UNSUPPORTED
    assert fake.transport.traits.connection_status is False


async def test_a_failed_round_sends_its_waits_to_look_themselves() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    fake.fail = ServerError.__new__(ServerError)
    poller = poller_on(fake)
    assert await change(poller, job(1, cid)) is Look.YOURSELF
    assert fake.transport.traits.connection_status is None  # nothing learnt from a failure
    fake.fail = None
    fake.active[cid] = None
    assert await change(poller, job(1, cid)) is Look.ENDED
    assert fake.transport.traits.connection_status is True


async def test_rounds_are_paced_for_the_youngest_wait_or_sooner_while_cheap() -> None:
    fake = FakeConnections()
    fake.transport.traits.connection_status = True  # known: rounds keep the pace
    policy = PollPolicy(first=0.5, backoff=1.5, max_interval=10.0, jitter=0.0)
    loop = asyncio.get_running_loop()
    # One connection: a round is one request, cheap: every CHEAP_ROUND seconds.
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    poller = poller_on(fake)
    wait = asyncio.ensure_future(poller.change(job(1, cid), since=loop.time() - 4, policy=policy))
    await fake.polled(1)
    assert fake.transport.sleeps[0] == pytest.approx(polling.CHEAP_ROUND, abs=0.01)
    wait.cancel()
    await asyncio.gather(wait, return_exceptions=True)
    await poller.close()
    # 200 connections a request each: 5 s of rounds' cost; the policy asks sooner. Aged 4 s:
    # first + (backoff - 1) * age = 0.5 + 0.5 * 4 = 2.5 s.
    fake = FakeConnections()
    fake.transport.traits.connection_status = True
    ids = [uuid.uuid4() for _ in range(200)]
    fake.active = {c: job(i, c) for i, c in enumerate(ids, 1)}
    poller = poller_on(fake, chunk_size=1)
    since = loop.time() - 4
    waits = [
        asyncio.ensure_future(poller.change(job(i, c), since=since, policy=policy))
        for i, c in enumerate(ids, 1)
    ]
    await fake.polled(400)  # the second round: paced by the first one's count of requests
    assert fake.transport.sleeps[-1] == pytest.approx(2.5, abs=0.2)
    for w in waits:
        w.cancel()
    await asyncio.gather(*waits, return_exceptions=True)
    await poller.close()


async def test_a_cancelled_wait_leaves_nothing_behind() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    poller = poller_on(fake)
    wait = asyncio.ensure_future(change(poller, job(1, cid)))
    await fake.polled(1)
    wait.cancel()
    await asyncio.gather(wait, return_exceptions=True)
    assert poller._entries == {}
    task = poller._task
    if task is not None:
        await task  # the loop ends with its last wait
    assert poller._task is None


async def test_close_sends_the_waits_to_look_themselves() -> None:
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    poller = poller_on(fake)
    wait = asyncio.ensure_future(change(poller, job(1, cid)))
    await fake.polled(1)
    await poller.close()
    assert await wait is Look.YOURSELF
    assert await change(poller, job(1, cid)) is Look.YOURSELF  # closed: no new round


async def test_progress_is_read_only_when_asked_and_due(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polling, "PROGRESS_EVERY", 0.0)
    fake = FakeConnections()
    cid = uuid.uuid4()
    fake.active = {cid: job(1, cid)}
    poller = poller_on(fake)
    news = await change(poller, job(1, cid), progress=True)
    assert isinstance(news, ConnectionSyncProgressRead)
    assert news.records_emitted == 10
    assert fake.progress_calls == 1
    plain = asyncio.ensure_future(change(poller, job(1, cid)))
    await fake.polled(3)
    assert fake.progress_calls == 1  # nobody asked
    plain.cancel()
    await asyncio.gather(plain, return_exceptions=True)
    await poller.close()


def test_follows_only_connection_replication_jobs() -> None:
    cid = uuid.uuid4()
    assert StatusPoller.follows(job(1, cid))
    check = JobRead(
        id=2,
        config_type=JobConfigType.CHECK_CONNECTION_SOURCE,
        config_id="x",
        created_at=0,
        updated_at=0,
        status=JobStatus.RUNNING,
    )
    assert not StatusPoller.follows(check)
