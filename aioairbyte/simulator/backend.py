"""The simulated deployment: the store and the job engine, and the rules that tie them.

Handlers call this with validated bodies; it returns plain dicts in API shape or raises
:class:`ApiError`. It knows nothing about HTTP.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from . import seed
from .clock import Clock
from .config import Outcome, SimulatorConfig
from .errors import conflict, job_not_found
from .jobs import Job, JobEngine
from .shapes import Shapes
from .stats import Stats
from .store import ConnectionRecord, Store

F = TypeVar("F")

__all__ = ["Backend"]

# ConnectionRead fields that WebBackendConnectionRead also has (it lacks breakingChange).
_WEB_BACKEND_FIELDS = (
    "connectionId",
    "name",
    "namespaceDefinition",
    "namespaceFormat",
    "prefix",
    "sourceId",
    "destinationId",
    "syncCatalog",
    "schedule",
    "scheduleType",
    "scheduleData",
    "status",
    "operationIds",
    "resourceRequirements",
    "geography",
    "notifySchemaChanges",
    "nonBreakingChangesPreference",
)


class Backend:
    """Workspaces, connections and jobs of one simulated Airbyte deployment."""

    def __init__(self, config: SimulatorConfig, clock: Clock, stats: Stats) -> None:
        self.config = config
        self.store = Store(config.seed)
        self.engine = JobEngine(config, clock, stats, self._job_finished)
        self.refresh_unsupported: set[str] = set()
        """Ids of the destinations whose definition version does not support refreshes."""
        self.shapes = Shapes(created_at=clock.time(), refresh_unsupported=self.refresh_unsupported)
        """Reshapes answers for the modern profile (seeded actors were created now)."""
        self._families: dict[Callable[[Backend], Any], Any] = {}
        for _ in range(config.connections):
            self.add_connection()

    def family(self, kind: Callable[[Backend], F]) -> F:
        """The state of one API family of the Configuration API (definitions, operations...):
        ``kind(self)``, made at first use and kept for the deployment's life, so that each
        family's module keeps its own records beside the store."""
        state = self._families.get(kind)
        if state is None:
            state = self._families[kind] = kind(self)
        return cast(F, state)

    # -- connections -----------------------------------------------------------------------

    def add_connection(
        self,
        name: str | None = None,
        *,
        outcome: Outcome | None = None,
        attempt_duration: float | None = None,
    ) -> ConnectionRecord:
        """Create an active manual connection between the first seeded source and destination."""
        if attempt_duration is not None and attempt_duration <= 0:
            raise ValueError(f"attempt_duration must be positive, got {attempt_duration}")
        workspace_id = self.store.default_workspace_id
        return self.store.create_connection(
            {
                "name": name or f"connection-{len(self.store.connections) + 1:03d}",
                "sourceId": self.store.sources_in(workspace_id)[0]["sourceId"],
                "destinationId": self.store.destinations_in(workspace_id)[0]["destinationId"],
                "status": "active",
                "namespaceDefinition": "source",
                "namespaceFormat": "${SOURCE_NAMESPACE}",
                "prefix": "",
                "scheduleType": "manual",
                "syncCatalog": seed.DEFAULT_CATALOG,
            },
            outcome=outcome or self.config.default_outcome,
            attempt_duration=attempt_duration,
        )

    def delete_connection(self, record: ConnectionRecord) -> None:
        """Soft-delete: the connection becomes ``deprecated`` and its running job is cancelled.

        Its pending stream refreshes go too (``ConnectionsHandler.deleteConnection``).
        """
        record.data["status"] = "deprecated"
        record.refreshes.clear()
        active = self.engine.active_job(record.id)
        if active is not None:
            self.engine.cancel(active)

    def sync(self, record: ConnectionRecord) -> dict[str, Any]:
        """Start a sync job (``JobInfoRead``), or 409 if deleted or a job is unfinished.

        Under a capacity limit, a job still ``pending`` or ``queued`` is answered again instead
        (``TemporalClient.startNewManualSyncAndWaitForJobId``): no duplicate, no 409.
        """
        self._refuse_if_deleted(record)
        active = self.engine.active_job(record.id)
        if active is not None:
            if self.engine.limited and active.status in ("pending", "queued"):
                return self.engine.job_info(active)
            raise conflict(f"A sync is already running for: {record.id}")
        return self.engine.job_info(self._new_sync(record))

    def _new_sync(self, record: ConnectionRecord) -> Job:
        # SchedulerHandler.createJob: with stream refreshes pending, the job is a refresh of
        # them (DefaultJobCreator.createRefreshConnection consumes them); otherwise a sync.
        if not record.refreshes:
            return self.engine.create(record, "sync")
        refreshed = tuple(descriptor for descriptor, _ in record.refreshes)
        record.refreshes.clear()
        return self.engine.create(record, "refresh", refreshed=refreshed)

    def reset(
        self, record: ConnectionRecord, streams: tuple[dict[str, str], ...] | None = None
    ) -> dict[str, Any]:
        """Cancel the unfinished job, if any, and queue a reset job (``JobInfoRead``).

        ``streams`` (descriptors) resets only those; ``None`` or none resets every selected
        stream (``SchedulerHandler.submitResetConnectionStreamsToWorker``). Streams are not
        checked against the catalog: the server resets whatever it is given.
        """
        self._refuse_if_deleted(record)
        active = self.engine.active_job(record.id)
        if active is not None:
            self.engine.cancel(active)
        job = self.engine.create(record, "reset_connection", streams=streams or None)
        return self.engine.job_info(job)

    def refresh(
        self, record: ConnectionRecord, mode: str, streams: tuple[dict[str, str], ...]
    ) -> dict[str, Any]:
        """``JobReadResponse`` of ``connections/refresh``: ``{}`` when no job was started.

        ``StreamRefreshesHandler.createRefreshesForConnection``: nothing without refresh support
        in the destination; otherwise the streams (all selected ones when none are given) are
        recorded for the next job, then a manual sync starts, which is a refresh of them.
        ``TemporalClient.startNewManualSync`` starts nothing while a job runs (or for a deleted
        connection) and the answer is ``{}``, the refreshes staying recorded for the next sync.
        Under a capacity limit a job still waiting for a slot is answered (it was created
        before, as the sync it is; the refreshes wait for the job after it).
        """
        if record.data["destinationId"] in self.refresh_unsupported:
            return {}
        pending = {_descriptor_key(descriptor) for descriptor, _ in record.refreshes}
        for descriptor in streams or record.streams:
            # saveStreamsToRefresh: a stream already waiting for a refresh is not added again.
            if _descriptor_key(descriptor) not in pending:
                pending.add(_descriptor_key(descriptor))
                record.refreshes.append((descriptor, mode))
        if record.deleted:
            return {}
        active = self.engine.active_job(record.id)
        if active is None:
            return {"job": self.engine.job_read(self._new_sync(record))}
        if self.engine.limited and active.status in ("pending", "queued"):
            return {"job": self.engine.job_read(active)}
        return {}

    @staticmethod
    def _refuse_if_deleted(record: ConnectionRecord) -> None:
        if record.deleted:
            raise conflict(
                f"Unable to start a manual operation on connection {record.id}: the connection "
                "is deleted and its workflow was deleted."
            )

    def connection_state(self, record: ConnectionRecord) -> dict[str, Any]:
        """``ConnectionState`` after advancing the connection's jobs."""
        self.engine.active_job(record.id)
        if record.state is None:
            return {"connectionId": record.id, "stateType": "not_set"}
        return {"connectionId": record.id, "stateType": "stream", "streamState": record.state}

    def _job_finished(self, job: Job) -> None:
        # A succeeded sync leaves a stream state behind; a succeeded reset clears its streams'.
        record = self.store.connections.get(job.connection_id)
        if record is None or job.status != "succeeded":
            return
        if job.config_type == "reset_connection":
            reset = {_descriptor_key(stream) for stream in job.streams}
            kept = [
                entry
                for entry in record.state or ()
                if _descriptor_key(entry["streamDescriptor"]) not in reset
            ]
            record.state = kept or None
            return
        cursor = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(job.updated))
        record.state = [seed.stream_state(stream, cursor, job.id) for stream in job.streams]

    # -- web backend -----------------------------------------------------------------------

    def _latest(self, record: ConnectionRecord) -> tuple[Job | None, bool]:
        jobs = self.engine.jobs_of(record.id)
        return (jobs[-1] if jobs else None), self.engine.active_job(record.id) is not None

    def web_backend_read(self, record: ConnectionRecord, *, refreshed: bool) -> dict[str, Any]:
        """``WebBackendConnectionRead``."""
        data = record.data
        body = {key: data[key] for key in _WEB_BACKEND_FIELDS if key in data}
        latest, syncing = self._latest(record)
        body.update(
            source=self.store.sources[data["sourceId"]],
            destination=self.store.destinations[data["destinationId"]],
            operations=[],
            isSyncing=syncing,
            schemaChange="breaking" if data.get("breakingChange") else "no_change",
        )
        if latest is not None:
            body["latestSyncJobCreatedAt"] = int(latest.created)
            body["latestSyncJobStatus"] = latest.status
        if refreshed:
            body["catalogDiff"] = {"transforms": []}
        return body

    def list_item(self, record: ConnectionRecord) -> dict[str, Any]:
        """``WebBackendConnectionListItem``."""
        data = record.data
        source = self.store.sources[data["sourceId"]]
        destination = self.store.destinations[data["destinationId"]]
        latest, syncing = self._latest(record)
        item: dict[str, Any] = {
            "connectionId": record.id,
            "name": data["name"],
            "scheduleType": data.get("scheduleType"),
            "scheduleData": data.get("scheduleData"),
            "status": data["status"],
            "source": {
                key: source[key] for key in ("sourceId", "name", "sourceDefinitionId", "sourceName")
            },
            "destination": {
                key: destination[key]
                for key in ("destinationId", "name", "destinationDefinitionId", "destinationName")
            },
            "isSyncing": syncing,
            "schemaChange": "breaking" if data.get("breakingChange") else "no_change",
        }
        if latest is not None:
            item["latestSyncJobCreatedAt"] = int(latest.created)
            item["latestSyncJobStatus"] = latest.status
        return item

    # -- jobs ------------------------------------------------------------------------------

    def job(self, job_id: int) -> Job:
        """A job advanced to now, or the server's 500 for an unknown id."""
        job = self.engine.get(job_id)
        if job is None:
            raise job_not_found(job_id)
        return job

    def cancel_job(self, job: Job) -> None:
        """Cancel whatever job is unfinished on ``job``'s connection (maybe another one)."""
        active = self.engine.active_job(job.connection_id)
        if active is not None:
            self.engine.cancel(active)

    def list_jobs(self, request: dict[str, Any]) -> dict[str, Any]:
        """``JobReadList``: newest first, paginated, without logs.

        ``configId`` is optional under the modern profile (all jobs), which also filters by
        ``statuses``.
        """
        types = set(request["configTypes"])
        statuses = set(request.get("statuses") or ())
        config_id = request.get("configId")
        candidates = (
            self.engine.all_jobs() if config_id is None else self.engine.jobs_of(config_id.lower())
        )
        jobs = [
            job
            for job in reversed(candidates)
            if job.config_type in types and (not statuses or job.status in statuses)
        ]
        pagination = request.get("pagination") or {}
        page_size = max(0, pagination.get("pageSize", 200))
        offset = max(0, pagination.get("rowOffset", 0))
        including = request.get("includingJobId")
        if including is not None:
            # The pages needed to include that job, from the start; none if it is not there.
            index = next((i for i, job in enumerate(jobs) if job.id == including), None)
            if index is None or page_size == 0:
                page: list[Job] = []
            else:
                page = jobs[: (index // page_size + 1) * page_size]
        else:
            page = jobs[offset : offset + page_size]
        return {
            "jobs": [self.engine.job_with_attempts(job) for job in page],
            "totalJobCount": len(jobs),
        }

    def last_replication_job(self, record: ConnectionRecord) -> dict[str, Any]:
        """``JobOptionalRead``: the newest sync (or refresh) job, or ``{}``."""
        for job in reversed(self.engine.jobs_of(record.id)):
            if job.config_type in ("sync", "refresh"):
                return {"job": self.engine.job_read(job)}
        return {}

    def debug_info(self, job: Job) -> dict[str, Any]:
        """``JobDebugInfoRead``."""
        info = self.engine.job_info(job)
        record = self.store.connections[job.connection_id]
        source = self.store.sources[record.data["sourceId"]]
        destination = self.store.destinations[record.data["destinationId"]]
        debug = {key: info["job"][key] for key in ("id", "configType", "configId", "status")}
        debug.update(
            airbyteVersion=seed.AIRBYTE_VERSION,
            sourceDefinition=seed.SOURCE_DEFINITIONS[source["sourceDefinitionId"]],
            destinationDefinition=seed.DESTINATION_DEFINITIONS[
                destination["destinationDefinitionId"]
            ],
        )
        return {
            "job": debug,
            "attempts": info["attempts"],
            "workflowState": {"running": not job.finished},
        }


def _descriptor_key(descriptor: dict[str, Any]) -> tuple[str, str | None]:
    """A stream descriptor as a hashable (name, namespace)."""
    return descriptor["name"], descriptor.get("namespace")
