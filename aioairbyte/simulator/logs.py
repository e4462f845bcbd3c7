"""Attempt log lines that read like the Airbyte worker's, generated on demand (never stored)."""

from __future__ import annotations

import itertools
import time

__all__ = ["attempt_log_lines"]

_HEADER = [
    "INFO i.a.w.t.TemporalAttemptExecution(get):138 - Docker volume job log path: "
    "/tmp/workspace/{job}/{attempt}/logs.log",
    "INFO i.a.w.t.TemporalAttemptExecution(get):143 - Executing worker wrapper. "
    "Airbyte version: 0.50.33",
    "INFO i.a.w.g.DefaultReplicationWorker(run):124 - start sync worker. job id: {job} "
    "attempt id: {attempt}",
    "INFO i.a.w.g.DefaultReplicationWorker(run):140 - connection id: {connection}",
]
_SYNC_PROGRESS = [
    "source > INFO i.a.i.s.r.AbstractDbSource(lambda$read$1):173 - Reading stream {stream}",
    "INFO i.a.w.i.s.DefaultSyncStatsTracker(updateStats):57 - Records read: {read}",
    "destination > INFO i.a.i.d.b.BufferedStreamConsumer(flush):198 - Flushing buffer of "
    "stream {stream}",
]
_RESET_PROGRESS = [
    "INFO i.a.w.g.DefaultReplicationWorker(run):180 - Resetting stream {stream}",
    "destination > INFO i.a.i.d.s.StagingConsumerFactory(onStart):135 - Truncating table "
    "_airbyte_raw_{stream}",
]
_ENDINGS = {
    "succeeded": "INFO i.a.w.g.DefaultReplicationWorker(run):250 - sync summary: "
    '{{"status":"completed","recordsSynced":{records}}}',
    "system_error": "ERROR i.a.w.g.DefaultReplicationWorker(run):196 - Sync worker failed. "
    "io.airbyte.workers.internal.exception.SourceException: Source process exited with "
    "non-zero exit code 1",
    "config_error": "ERROR i.a.w.i.DefaultAirbyteSource(close):120 - Source error: "
    'FATAL: password authentication failed for user "airbyte"',
    "manual_cancellation": "INFO i.a.w.t.TemporalAttemptExecution(lambda$getCancellationChecker"
    "$5):213 - Running sync worker cancellation...",
}


def attempt_log_lines(
    *,
    count: int,
    job_id: int,
    attempt_no: int,
    connection_id: str,
    config_type: str,
    streams: list[str],
    started: float,
    ended: float,
    status: str,
    failure: str | None,
    records: int,
) -> list[str]:
    """Return exactly ``count`` log lines for an attempt, ending with its outcome if finished."""
    if count <= 0:
        return []
    progress = _RESET_PROGRESS if config_type == "reset_connection" else _SYNC_PROGRESS
    names = streams or ["_airbyte_state"]
    finished = status != "running"
    templates = list(
        itertools.islice(
            itertools.chain(_HEADER, itertools.cycle(progress)), count - 1 if finished else count
        )
    )
    if finished:
        templates.append(_ENDINGS[failure or "succeeded"])
    step = (ended - started) / count
    lines = []
    for index, template in enumerate(templates):
        # Progress lines come in blocks, one block per stream in turn.
        block = max(0, index - len(_HEADER)) // len(progress)
        text = template.format(
            job=job_id,
            attempt=attempt_no,
            connection=connection_id,
            records=records,
            read=records * (index + 1) // len(templates),
            stream=names[block % len(names)],
        )
        lines.append(f"{_timestamp(started + index * step)} {text}")
    return lines


def _timestamp(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))
