"""Payloads of the modern profile: the 0.40 bodies reshaped to the 2.0.0 document.

Each function takes a body as the 0.40 handlers render it and returns the 2.x shape (a new
dict; stored records are never changed). The changes follow MODERN.md "Schemas that
changed": ``organizationId`` on workspaces, ``createdAt`` on sources and destinations, no
``geography``, actor definition versions and ``tags`` in the web-backend reads, attempt logs
as structured events, definitions without normalization or dbt.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Set
from typing import Any

from . import seed

__all__ = [
    "DEFAULT_DATAPLANE_GROUP_ID",
    "DEFAULT_ORGANIZATION_ID",
    "Shapes",
]

DEFAULT_ORGANIZATION_ID = "00000000-0000-0000-0000-000000000000"
"""The organization of every workspace of a Community deployment."""
DEFAULT_DATAPLANE_GROUP_ID = "00000000-0000-0000-0000-000000000001"
"""The dataplane group connections run in (``dataplaneGroupId`` replaced ``geography``)."""

_LOG_VERSION = "1"
_DEFINITION_GONE = ("normalizationConfig", "supportsDbt")


def _definition_version(definition: dict[str, Any], *, refreshes: bool = True) -> dict[str, Any]:
    """``ActorDefinitionVersionRead`` of a seeded definition."""
    return {
        "dockerRepository": definition["dockerRepository"],
        "dockerImageTag": definition["dockerImageTag"],
        "supportsRefreshes": refreshes,
        "isVersionOverrideApplied": False,
        "supportLevel": "certified",
        "supportState": "supported",
        "supportsFileTransfer": False,
        "supportsDataActivation": False,
    }


def _log_event(line: str) -> dict[str, Any]:
    """A ``LogEvent`` from a formatted line ``YYYY-mm-dd HH:MM:SS LEVEL text``."""
    stamp, message = line[:19], line[20:]
    seconds = calendar.timegm(time.strptime(stamp, "%Y-%m-%d %H:%M:%S"))
    for prefix, origin in (("source > ", "source"), ("destination > ", "destination")):
        if message.startswith(prefix):
            message, source = message.removeprefix(prefix), origin
            break
    else:
        source = "platform"
    level, _, text = message.partition(" ")
    return {
        "timestamp": seconds * 1000,
        "message": text,
        "level": level.lower() if level in ("INFO", "ERROR", "WARN", "DEBUG") else "info",
        "logSource": source,
    }


class Shapes:
    """Reshapes 0.40 bodies to 2.x; ``created_at`` is the creation time of seeded actors.

    ``refresh_unsupported`` (shared, not copied) holds the ids of the destinations whose
    definition version says ``supportsRefreshes: false``.
    """

    def __init__(self, created_at: float, refresh_unsupported: Set[str] = frozenset()) -> None:
        self._created_at = int(created_at)
        self._refresh_unsupported = refresh_unsupported

    def workspace(self, body: dict[str, Any]) -> dict[str, Any]:
        """``WorkspaceRead``: an organization and a dataplane group instead of a geography."""
        out = {key: value for key, value in body.items() if key != "defaultGeography"}
        out["organizationId"] = DEFAULT_ORGANIZATION_ID
        out["dataplaneGroupId"] = DEFAULT_DATAPLANE_GROUP_ID
        return out

    def actor(self, body: dict[str, Any]) -> dict[str, Any]:
        """``SourceRead`` or ``DestinationRead``: with ``createdAt`` (epoch seconds)."""
        return {**body, "createdAt": self._created_at}

    @staticmethod
    def connection(body: dict[str, Any], workspace_id: str) -> dict[str, Any]:
        """``ConnectionRead``: a dataplane group instead of a geography."""
        out = {key: value for key, value in body.items() if key != "geography"}
        out.setdefault("dataplaneGroupId", DEFAULT_DATAPLANE_GROUP_ID)
        out.setdefault("notifySchemaChangesByEmail", False)
        out.setdefault("workspaceId", workspace_id)
        return out

    def web_backend(self, body: dict[str, Any], connection: dict[str, Any]) -> dict[str, Any]:
        """``WebBackendConnectionRead`` of a connection (its stored ``ConnectionRead``)."""
        out = {key: value for key, value in body.items() if key != "geography"}
        out.update(self._versions(body["source"], body["destination"]))
        out.update(
            source=self.actor(body["source"]),
            destination=self.actor(body["destination"]),
            tags=connection.get("tags", []),
            notifySchemaChangesByEmail=connection.get("notifySchemaChangesByEmail", False),
            dataplaneGroupId=connection.get("dataplaneGroupId", DEFAULT_DATAPLANE_GROUP_ID),
        )
        for key in ("backfillPreference", "destinationCatalogId"):
            if key in connection:
                out[key] = connection[key]
        return out

    def list_item(
        self, body: dict[str, Any], connection: dict[str, Any], actors: tuple[Any, Any]
    ) -> dict[str, Any]:
        """``WebBackendConnectionListItem``, given the full source and destination."""
        return {**body, **self._versions(*actors), "tags": connection.get("tags", [])}

    def _versions(self, source: dict[str, Any], destination: dict[str, Any]) -> dict[str, Any]:
        return {
            "sourceActorDefinitionVersion": _definition_version(
                seed.SOURCE_DEFINITIONS[source["sourceDefinitionId"]]
            ),
            "destinationActorDefinitionVersion": _definition_version(
                seed.DESTINATION_DEFINITIONS[destination["destinationDefinitionId"]],
                refreshes=destination["destinationId"] not in self._refresh_unsupported,
            ),
        }

    @staticmethod
    def attempt_info(body: dict[str, Any]) -> dict[str, Any]:
        """``AttemptInfoRead``: logs as structured ``LogEvents`` (``logType: structured``)."""
        lines = body.get("logs", {}).get("logLines", [])
        return {
            "attempt": body["attempt"],
            "logType": "structured",
            "logs": {"events": [_log_event(line) for line in lines], "version": _LOG_VERSION},
        }

    def job_info(self, body: dict[str, Any]) -> dict[str, Any]:
        """``JobInfoRead``: its attempts with structured logs."""
        return {**body, "attempts": [self.attempt_info(a) for a in body["attempts"]]}

    def debug_info(self, body: dict[str, Any]) -> dict[str, Any]:
        """``JobDebugInfoRead``: definitions without normalization/dbt, structured logs."""
        job = dict(body["job"])
        for key in ("sourceDefinition", "destinationDefinition"):
            job[key] = {k: v for k, v in job[key].items() if k not in _DEFINITION_GONE}
        return {**self.job_info(body), "job": job}
