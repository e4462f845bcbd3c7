"""Discovered catalogs: the protocol catalog a source's discover stores, the API catalog it
answers (with the server's default stream configuration), catalog diffs against connections,
and the discover operations (the cache, the diff and the disabling of broken connections).
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from . import connector_runs
from .actors import SOURCE, Actors, json_hash
from .backend import Backend
from .connectors import Definitions, configuration_errors
from .errors import ApiError, conflict
from .workspaces import is_deleted

__all__ = [
    "api_catalog",
    "catalog_diff",
    "discover",
    "discover_configuration",
    "discover_source",
    "most_recent_catalog",
    "protocol_catalog",
    "write_discover_result",
]

_API_STREAM_KEYS = {
    "name": "name",
    "json_schema": "jsonSchema",
    "supported_sync_modes": "supportedSyncModes",
    "source_defined_cursor": "sourceDefinedCursor",
    "default_cursor_field": "defaultCursorField",
    "source_defined_primary_key": "sourceDefinedPrimaryKey",
    "namespace": "namespace",
}


def _default_config(stream: dict[str, Any], *, modern: bool, only: bool) -> dict[str, Any]:
    config: dict[str, Any] = {
        "aliasName": "".join(c if c.isalnum() else "_" for c in stream["name"]),
        "cursorField": stream.get("defaultCursorField", []),
        "destinationSyncMode": "append",
        "primaryKey": stream.get("sourceDefinedPrimaryKey", []),
    }
    if not modern:
        # 0.40 CatalogConverter.generateDefaultConfiguration: every stream selected, the first
        # supported sync mode.
        modes = stream.get("supportedSyncModes") or ["incremental"]
        config.update(syncMode=modes[0], selected=True, suggested=True)
        return config
    # CatalogConverter.generateDefaultConfiguration/configureDefaultSyncModesForNewStream: no
    # suggested streams, so only a lone stream is (pre)selected.
    cursor = bool(stream.get("sourceDefinedCursor"))
    key = bool(stream.get("sourceDefinedPrimaryKey"))
    if cursor and key:
        config.update(syncMode="incremental", destinationSyncMode="append_dedup")
    elif cursor and "full_refresh" not in stream.get("supportedSyncModes", []):
        config.update(syncMode="incremental", destinationSyncMode="append")
    else:
        config.update(syncMode="full_refresh", destinationSyncMode="overwrite")
    config.update(selected=only, suggested=only)
    return config


def api_catalog(catalog: dict[str, Any], *, modern: bool) -> dict[str, Any]:
    """The API's ``AirbyteCatalog`` of a protocol catalog (``CatalogConverter.toApi``)."""
    streams = catalog.get("streams") or []
    out = []
    for protocol in streams:
        stream = {
            api: copy.deepcopy(protocol[key])
            for key, api in _API_STREAM_KEYS.items()
            if key in protocol
        }
        stream.setdefault("sourceDefinedCursor", False)
        if modern and "is_resumable" in protocol:
            stream["isResumable"] = protocol["is_resumable"]
        out.append(
            {
                "stream": stream,
                "config": _default_config(stream, modern=modern, only=len(streams) == 1),
            }
        )
    return {"streams": out}


def protocol_catalog(catalog: dict[str, Any]) -> dict[str, Any]:
    """The protocol catalog of an API ``AirbyteCatalog`` (``CatalogConverter.toProtocol``)."""
    back = {api: key for key, api in _API_STREAM_KEYS.items()}
    streams = []
    for item in catalog.get("streams") or []:
        stream = item.get("stream") or {}
        streams.append({back[k]: copy.deepcopy(v) for k, v in stream.items() if k in back})
    return {"streams": streams}


# -- catalog diffs (ConnectionsHandler.getDiff, CatalogDiffHelpers) ------------------------------


def _descriptor(stream: dict[str, Any]) -> tuple[str, str | None]:
    return stream["name"], stream.get("namespace")


def _fields(stream: dict[str, Any]) -> dict[str, Any]:
    properties = (stream.get("jsonSchema") or {}).get("properties")
    return properties if isinstance(properties, dict) else {}


def _key_fields(config: dict[str, Any]) -> set[str]:
    """Top-level fields a selected stream's sync needs: its cursor and primary key."""
    if config.get("selected") is False:
        return set()
    keys = {path[0] for path in config.get("primaryKey") or () if path}
    cursor = config.get("cursorField") or []
    if cursor and config.get("syncMode") == "incremental":
        keys.add(cursor[0])
    return keys


def _field_transforms(
    old: dict[str, Any], new: dict[str, Any], keys: set[str]
) -> list[dict[str, Any]]:
    before, after = _fields(old), _fields(new)
    transforms: list[dict[str, Any]] = []
    for name in after.keys() - before.keys():
        transforms.append(
            {
                "transformType": "add_field",
                "fieldName": [name],
                "breaking": False,
                "addField": {"schema": after[name]},
            }
        )
    for name in before.keys() - after.keys():
        transforms.append(
            {
                "transformType": "remove_field",
                "fieldName": [name],
                "breaking": name in keys,
                "removeField": {"schema": before[name]},
            }
        )
    for name in before.keys() & after.keys():
        if before[name] != after[name]:
            transforms.append(
                {
                    "transformType": "update_field_schema",
                    "fieldName": [name],
                    "breaking": name in keys,
                    "updateFieldSchema": {"oldSchema": before[name], "newSchema": after[name]},
                }
            )
    return sorted(transforms, key=lambda t: (t["transformType"], t["fieldName"]))


def catalog_diff(
    current: dict[str, Any], discovered: dict[str, Any], *, modern: bool
) -> tuple[dict[str, Any], bool]:
    """The ``CatalogDiff`` from a connection's catalog to a discovered one, and whether it
    breaks the connection (a removed or changed cursor or primary key field of a selected
    stream; a removed stream is not breaking). 0.40 sends ``updateStream`` as the bare list of
    field transforms, 1.x/2.x as ``{fieldTransforms, streamAttributeTransforms}``."""
    old = {_descriptor(i["stream"]): i for i in current.get("streams") or () if i.get("stream")}
    new = {_descriptor(i["stream"]): i for i in discovered.get("streams") or () if i.get("stream")}
    transforms: list[dict[str, Any]] = []

    def descriptor(key: tuple[str, str | None]) -> dict[str, str]:
        return {"name": key[0]} if key[1] is None else {"name": key[0], "namespace": key[1]}

    for key in sorted(new.keys() - old.keys(), key=str):
        transforms.append({"transformType": "add_stream", "streamDescriptor": descriptor(key)})
    for key in sorted(old.keys() - new.keys(), key=str):
        transforms.append({"transformType": "remove_stream", "streamDescriptor": descriptor(key)})
    breaking = False
    for key in sorted(old.keys() & new.keys(), key=str):
        keys = _key_fields(old[key].get("config") or {})
        fields = _field_transforms(old[key]["stream"], new[key]["stream"], keys)
        if not fields:
            continue
        breaking = breaking or any(t["breaking"] for t in fields)
        update: Any = (
            {"fieldTransforms": fields, "streamAttributeTransforms": []} if modern else fields
        )
        transforms.append(
            {
                "transformType": "update_stream",
                "streamDescriptor": descriptor(key),
                "updateStream": update,
            }
        )
    return {"transforms": transforms}, breaking


# -- discover operations --------------------------------------------------------------------


def discover(
    b: Backend, definition_id: str, configuration: dict[str, Any], source_id: str | None
) -> dict[str, Any]:
    """``SourceDiscoverSchemaRead`` of a discover run now (``retrieveDiscoveredSchema``): the
    catalog is stored (for the source, if any: its newest actor catalog) and answered with
    its id; a failed run answers only the job."""
    definitions = b.family(Definitions)
    definition = definitions.source(definition_id)
    spec = definitions.source_specification(definition_id)
    schema = spec.get("connectionSpecification") or {}
    errors = configuration_errors(schema, configuration, modern=b.config.modern)
    modern = b.config.modern
    definition_key = definition[SOURCE.definition_key]
    try:
        catalog = connector_runs.discover(definition, spec, configuration, errors)
    except connector_runs.ConnectorFailure as failure:
        lines = connector_runs.log_lines(definition, "discover", f"Discover failed: {failure}")
        job = connector_runs.job_read(
            "discover_schema",
            definition_key,
            succeeded=False,
            lines=lines,
            modern=modern,
            failure=failure.message,
        )
        return {"jobInfo": job}
    found = f"Discovered {len(catalog['streams'])} streams"
    stored = b.family(Actors).write_catalog(
        catalog, source_id, definition["dockerImageTag"], json_hash(configuration)
    )
    return {
        "catalog": api_catalog(stored.catalog, modern=modern),
        "catalogId": stored.id,
        "jobInfo": connector_runs.job_read(
            "discover_schema",
            definition_key,
            succeeded=True,
            lines=connector_runs.log_lines(definition, "discover", found),
            modern=modern,
        ),
    }


def discover_source(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``discoverSchemaForSourceFromSourceId``: the catalog discovered before for the same
    configuration and connector version (a job that did not run), unless ``disable_cache``;
    otherwise a discover, diffed against ``connectionId``'s catalog when one is given."""
    actor = SOURCE.get(b, body["sourceId"])
    source_id = actor[SOURCE.id_key]
    _refuse_deleted_workspace(b, actor["workspaceId"])
    state = b.family(Actors)
    configuration = state.configuration(SOURCE, actor)
    definition = b.family(Definitions).source(actor[SOURCE.definition_key])
    version, hashed = definition["dockerImageTag"], json_hash(configuration)
    cached = None if body.get("disable_cache") else state.cached(source_id, version, hashed)
    if cached is not None:
        job: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "configType": "discover_schema",
            "configId": "NoConfiguration",
            "createdAt": 0,
            "endedAt": 0,
            "succeeded": True,
            "logs": {"logLines": []},
        }
        if b.config.modern:
            job["logType"] = "formatted"
        catalog = api_catalog(cached.catalog, modern=b.config.modern)
        return {"catalog": catalog, "jobInfo": job, "catalogId": cached.id}
    answer = discover(b, actor[SOURCE.definition_key], configuration, source_id)
    connection_id = body.get("connectionId")
    if connection_id is None or "catalogId" not in answer:
        return answer
    return _diff(b, answer, connection_id, source_id)


def _diff(b: Backend, answer: dict[str, Any], connection_id: str, source_id: str) -> dict[str, Any]:
    """Diff the discovered catalog against connections' catalogs, flag breaking changes and
    disable where the server does.

    2.x (``ConnectionsHandler.diffCatalogAndConditionallyDisable``): the given connection only,
    disabled by a breaking change; the answer has no ``jobInfo`` (the server builds a new read
    without it). 0.40 (``generateCatalogDiffsAndDisableConnectionsIfNeeded``): every
    connection of the source, disabled by a breaking change or, for those whose preference is
    ``disable``, by any change; the answer is the discover's with the given one's diff.
    """
    modern = b.config.modern
    target = b.store.connection(connection_id)
    records = (
        [target]
        if modern
        else [r for r in b.store.connections.values() if r.data["sourceId"] == source_id]
    )
    for record in records:
        if record.deleted:
            continue
        diff, breaking = catalog_diff(
            record.data.get("syncCatalog") or {"streams": []}, answer["catalog"], modern=modern
        )
        record.data["breakingChange"] = breaking
        preference = record.data.get("nonBreakingChangesPreference")
        if breaking or (not modern and preference == "disable" and diff["transforms"]):
            record.data["status"] = "inactive"
        if record is target:
            answer = {
                **answer,
                "catalogDiff": diff,
                "breakingChange": breaking,
                "connectionStatus": record.data["status"],
            }
    if modern:
        answer.pop("jobInfo", None)
    return answer


def discover_configuration(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``discoverSchemaForSourceFromSourceCreate``: the workspace (404), the definition (404),
    then a discover of the configuration; the catalog is stored for no source."""
    _refuse_deleted_workspace(b, b.store.workspace(body["workspaceId"])["workspaceId"])
    return discover(b, body["sourceDefinitionId"], body["connectionConfiguration"], None)


def _refuse_deleted_workspace(b: Backend, workspace_id: str) -> None:
    """2.x ``SchedulerHandler.discover``: a ``NotFoundException`` for a deleted workspace."""
    if b.config.modern and is_deleted(b, workspace_id):
        message = "Cannot run discover on tombstoned workspace"
        body = {
            "message": message,
            "exceptionClassName": "io.airbyte.commons.server.errors.NotFoundException",
        }
        raise ApiError(404, body, known=True)


def most_recent_catalog(b: Backend, source_id: str) -> dict[str, Any]:
    """``ActorCatalogWithUpdatedAt``: the newest fetch's catalog (protocol JSON) and time, or
    ``{}`` (no 404: the server only queries the fetch events of that id)."""
    fetches = b.family(Actors).fetches.get(source_id.lower())
    if not fetches:
        return {}
    return {"updatedAt": fetches[-1].updated_at, "catalog": fetches[-1].catalog}


def write_discover_result(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``SourceHandler.writeDiscoverCatalogResult``: the catalog stored (once per distinct
    catalog) with a fetch event for the source. An unknown source breaks the fetch event's
    foreign key: the server's 409 for a failed database access."""
    source_id = body.get("sourceId")
    if source_id is not None:
        if source_id.lower() not in b.store.sources:
            raise conflict("Failed to access database. Check the server logs for more information")
        source_id = source_id.lower()
    catalog = protocol_catalog(body["catalog"])
    stored = b.family(Actors).write_catalog(
        catalog, source_id, body.get("connectorVersion"), body.get("configurationHash")
    )
    return {"catalogId": stored.id}
