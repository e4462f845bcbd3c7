"""Workspaces, sources, destinations, connections and connection state, in memory.

Records are plain dicts in the API's (camelCase) shape, so rendering is mostly copying.
Ids are canonical lower-case UUID strings generated from the seeded RNG, so two simulators
with the same seed hand out the same ids.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

import attrs

from . import seed
from .config import Outcome
from .errors import not_found

__all__ = ["ConnectionRecord", "Store"]

# Fields a client may set on a connection (ConnectionCreate/ConnectionUpdate ∩ ConnectionRead).
WRITABLE_FIELDS = (
    "name",
    "namespaceDefinition",
    "namespaceFormat",
    "prefix",
    "operationIds",
    "syncCatalog",
    "schedule",
    "scheduleType",
    "scheduleData",
    "status",
    "resourceRequirements",
    "sourceCatalogId",
    "geography",
    "breakingChange",
    "notifySchemaChanges",
    "nonBreakingChangesPreference",
    # Fields of the modern profile (the 0.40 request schemas drop them before they get here).
    "dataplaneGroupId",
    "tags",
    "notifySchemaChangesByEmail",
    "backfillPreference",
    "destinationCatalogId",
)


@attrs.define
class ConnectionRecord:
    """A connection: its ``ConnectionRead`` fields plus simulator-only settings."""

    data: dict[str, Any]
    """The ``ConnectionRead`` body."""
    workspace_id: str
    outcome: Outcome
    """Outcome of the jobs created from now on."""
    attempt_duration: float | None
    """Attempt duration of this connection's jobs; ``None`` uses the configured default."""
    streams: tuple[dict[str, str], ...] = ()
    """Descriptors of the selected streams, shared by this connection's jobs."""
    state: list[dict[str, Any]] | None = None
    """``streamState`` list after a successful sync, ``None`` when not set."""
    full_refresh: frozenset[tuple[str, str | None]] = frozenset()
    """(name, namespace) of the selected streams synced in ``full_refresh`` mode."""
    refreshes: list[tuple[dict[str, str], str]] = attrs.Factory(list)
    """Stream refreshes waiting for the next job (``stream_refreshes``): descriptor and mode."""

    @property
    def id(self) -> str:
        """The connection id."""
        return str(self.data["connectionId"])

    @property
    def deleted(self) -> bool:
        """Whether the connection was deleted (status ``deprecated``)."""
        return bool(self.data["status"] == "deprecated")

    def set_catalog(self, catalog: dict[str, Any]) -> None:
        """Replace the catalog (a validated ``AirbyteCatalog``) and the job stream list."""
        self.data["syncCatalog"] = catalog
        selected = [
            item
            for item in catalog["streams"]
            if item.get("stream") and (item.get("config") or {}).get("selected") is not False
        ]
        self.streams = tuple(
            {key: item["stream"][key] for key in ("name", "namespace") if key in item["stream"]}
            for item in selected
        )
        self.full_refresh = frozenset(
            (item["stream"]["name"], item["stream"].get("namespace"))
            for item in selected
            if (item.get("config") or {}).get("syncMode") == "full_refresh"
        )


class Store:
    """The configuration database of the simulated deployment."""

    def __init__(self, seed_value: int) -> None:
        self._rng = random.Random(seed_value)
        self.workspaces: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.destinations: dict[str, dict[str, Any]] = {}
        self.deleted_sources: set[str] = set()
        """Ids of the deleted (tombstoned) sources: still found by id, listed nowhere."""
        self.deleted_destinations: set[str] = set()
        """Ids of the deleted (tombstoned) destinations: still found by id, listed nowhere."""
        self.connections: dict[str, ConnectionRecord] = {}
        self.default_workspace_id = self._seed_workspace()

    def new_id(self) -> str:
        """Return a fresh random (seeded) UUID string."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _seed_workspace(self) -> str:
        workspace_id = self.new_id()
        self.workspaces[workspace_id] = {
            "workspaceId": workspace_id,
            "customerId": self.new_id(),
            "email": "data-team@example.com",
            "name": "Default Workspace",
            "slug": "default-workspace",
            "initialSetupComplete": True,
            "displaySetupWizard": False,
            "anonymousDataCollection": False,
            "news": False,
            "securityUpdates": False,
            "notifications": [],
            "firstCompletedSync": True,
            "feedbackDone": False,
            "defaultGeography": "auto",
            "webhookConfigs": [],
        }
        for name, definition_id, configuration in seed.SEEDED_SOURCES:
            source_id = self.new_id()
            self.sources[source_id] = {
                "sourceDefinitionId": definition_id,
                "sourceId": source_id,
                "workspaceId": workspace_id,
                "connectionConfiguration": configuration,
                "name": name,
                "sourceName": seed.SOURCE_DEFINITIONS[definition_id]["name"],
            }
        for name, definition_id, configuration in seed.SEEDED_DESTINATIONS:
            destination_id = self.new_id()
            self.destinations[destination_id] = {
                "destinationDefinitionId": definition_id,
                "destinationId": destination_id,
                "workspaceId": workspace_id,
                "connectionConfiguration": configuration,
                "name": name,
                "destinationName": seed.DESTINATION_DEFINITIONS[definition_id]["name"],
            }
        return workspace_id

    # -- lookups (404 like the real server for unknown ids) -------------------------------

    def workspace(self, workspace_id: str) -> dict[str, Any]:
        """Return a workspace or raise the server's 404."""
        try:
            return self.workspaces[workspace_id.lower()]
        except KeyError:
            raise not_found("STANDARD_WORKSPACE", workspace_id) from None

    def source(self, source_id: str) -> dict[str, Any]:
        """Return a source (deleted ones included, as ``getSourceConnection`` finds tombstoned
        actors) or raise the server's 404."""
        try:
            return self.sources[source_id.lower()]
        except KeyError:
            raise not_found("SOURCE_CONNECTION", source_id) from None

    def destination(self, destination_id: str) -> dict[str, Any]:
        """Return a destination (deleted ones included) or raise the server's 404."""
        try:
            return self.destinations[destination_id.lower()]
        except KeyError:
            raise not_found("DESTINATION_CONNECTION", destination_id) from None

    def connection(self, connection_id: str) -> ConnectionRecord:
        """Return a connection (deleted ones included) or raise the server's 404."""
        try:
            return self.connections[connection_id.lower()]
        except KeyError:
            raise not_found("STANDARD_SYNC", connection_id) from None

    def sources_in(self, workspace_id: str) -> list[dict[str, Any]]:
        """Sources of a workspace, deleted ones excluded (404 for an unknown workspace)."""
        workspace_id = self.workspace(workspace_id)["workspaceId"]
        return [
            s
            for s in self.sources.values()
            if s["workspaceId"] == workspace_id and s["sourceId"] not in self.deleted_sources
        ]

    def destinations_in(self, workspace_id: str) -> list[dict[str, Any]]:
        """Destinations of a workspace, deleted ones excluded (404 for an unknown workspace)."""
        workspace_id = self.workspace(workspace_id)["workspaceId"]
        return [
            d
            for d in self.destinations.values()
            if d["workspaceId"] == workspace_id
            and d["destinationId"] not in self.deleted_destinations
        ]

    def connections_in(self, workspace_id: str, *, include_deleted: bool) -> list[ConnectionRecord]:
        """Connections of a workspace in creation order (404 for an unknown workspace)."""
        workspace_id = self.workspace(workspace_id)["workspaceId"]
        return [
            c
            for c in self.connections.values()
            if c.workspace_id == workspace_id and (include_deleted or not c.deleted)
        ]

    # -- connections ----------------------------------------------------------------------

    def create_connection(
        self, fields: dict[str, Any], *, outcome: Outcome, attempt_duration: float | None
    ) -> ConnectionRecord:
        """Create a connection from a ``ConnectionCreate``-like body (validated)."""
        source = self.source(fields["sourceId"])
        destination = self.destination(fields["destinationId"])
        workspace = self.workspace(source["workspaceId"])
        connection_id = self.new_id()
        data: dict[str, Any] = {
            "connectionId": connection_id,
            # The real server names a connection created without a name "default".
            "name": "default",
            "namespaceDefinition": "source",
            "sourceId": source["sourceId"],
            "destinationId": destination["destinationId"],
            "operationIds": [],
            "status": fields["status"],
            "geography": workspace.get("defaultGeography", "auto"),
            "breakingChange": False,
            "notifySchemaChanges": False,
            "nonBreakingChangesPreference": "ignore",
        }
        record = ConnectionRecord(
            data=data,
            workspace_id=workspace["workspaceId"],
            outcome=outcome,
            attempt_duration=attempt_duration,
        )
        # Without a catalog the real server stores an empty one.
        record.set_catalog({"streams": []})
        self.update_connection(record, fields)
        self.connections[connection_id] = record
        return record

    def update_connection(self, record: ConnectionRecord, patch: dict[str, Any]) -> None:
        """Apply a patch: fields present and non-null replace, the others stay."""
        for key in WRITABLE_FIELDS:
            value = patch.get(key)
            if value is None:
                continue
            if key == "syncCatalog":
                record.set_catalog(value)
            else:
                record.data[key] = value
        _normalize_schedule(record.data, patch)

    def search(self, query: dict[str, Any]) -> list[ConnectionRecord]:
        """Non-deleted connections of any workspace matching every non-null query field."""
        found = []
        for record in self.connections.values():
            if record.deleted:
                continue
            if all(
                _matches(record.data.get(key), value)
                for key, value in query.items()
                if key not in ("source", "destination") and value is not None
            ):
                source_query = query.get("source")
                destination_query = query.get("destination")
                source = self.sources[record.data["sourceId"]]
                destination = self.destinations[record.data["destinationId"]]
                if (source_query is None or _matches(source, source_query)) and (
                    destination_query is None or _matches(destination, destination_query)
                ):
                    found.append(record)
        return found


def _matches(actual: Any, wanted: Any) -> bool:
    """Subset match: every non-null field of ``wanted`` equals (recursively) ``actual``'s."""
    if isinstance(wanted, dict):
        if not isinstance(actual, dict):
            return False
        return all(
            _matches(actual.get(key), value) for key, value in wanted.items() if value is not None
        )
    if isinstance(wanted, str) and isinstance(actual, str):
        return wanted.lower() == actual.lower() if _is_uuid(wanted) else wanted == actual
    return bool(actual == wanted)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _normalize_schedule(data: dict[str, Any], patch: dict[str, Any]) -> None:
    """Keep the legacy ``schedule`` and ``scheduleType``/``scheduleData`` consistent.

    Like the server: a legacy ``schedule`` alone means a basic schedule, no schedule at all
    means ``manual``, and a manual connection carries neither schedule nor schedule data.
    """
    if patch.get("scheduleType") is None and patch.get("schedule") is not None:
        data["scheduleType"] = "basic"
        data["scheduleData"] = {"basicSchedule": dict(patch["schedule"])}
    schedule_type = data.setdefault("scheduleType", "manual")
    if schedule_type == "manual":
        data.pop("schedule", None)
        data.pop("scheduleData", None)
    elif schedule_type == "basic":
        basic = (data.get("scheduleData") or {}).get("basicSchedule")
        if basic is not None:
            data["schedule"] = {"units": basic["units"], "timeUnit": basic["timeUnit"]}
    else:
        data.pop("schedule", None)
