"""Sources and destinations (actors): records, validation, secrets, soft deletes and checks.

The store keeps each actor as the API shows it (``SourceRead``/``DestinationRead``, secrets
masked), so that every answer that embeds one (web-backend reads...) stays masked. The family
state :class:`Actors` keeps what the real server keeps in its secret store and catalog tables:
the configurations with their secrets, creation times, and the discovered actor catalogs.
"""

from __future__ import annotations

import copy
import hashlib
import time
from typing import Any

import attrs
import orjson

from . import connector_runs
from .backend import Backend
from .connectors import (
    ACTOR_DELETERS,
    SECRET_MASK,
    Definitions,
    configuration_errors,
    invalid_configuration,
    mask_secrets,
)
from .errors import ApiError
from .store import _matches

__all__ = [
    "DESTINATION",
    "SOURCE",
    "ActorCatalog",
    "Actors",
    "Kind",
    "delete_destination",
    "delete_source",
]


@attrs.frozen
class Kind:
    """Sources or destinations: the keys and tables that differ between the two."""

    name: str
    id_key: str
    definition_key: str
    definition_name_key: str

    def table(self, b: Backend) -> dict[str, dict[str, Any]]:
        """The store's records of this kind."""
        return b.store.sources if self.name == "source" else b.store.destinations

    def deleted(self, b: Backend) -> set[str]:
        """The ids of the deleted actors of this kind."""
        return b.store.deleted_sources if self.name == "source" else b.store.deleted_destinations

    def get(self, b: Backend, actor_id: str) -> dict[str, Any]:
        """A stored actor, deleted ones included, or the server's 404."""
        return b.store.source(actor_id) if self.name == "source" else b.store.destination(actor_id)


SOURCE = Kind("source", "sourceId", "sourceDefinitionId", "sourceName")
DESTINATION = Kind("destination", "destinationId", "destinationDefinitionId", "destinationName")


@attrs.define
class ActorCatalog:
    """An actor catalog (``ACTOR_CATALOG`` with its latest fetch event)."""

    id: str
    catalog: dict[str, Any]
    """The protocol catalog (``AirbyteCatalog`` of the Airbyte protocol: snake_case keys)."""
    updated_at: int
    """Epoch seconds of the latest fetch event."""
    connector_version: str | None = None
    configuration_hash: str | None = None


class Actors:
    """The family state of one deployment: what the store's masked records do not hold."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self.configurations: dict[str, dict[str, Any]] = {}
        """Actor id -> its configuration with the secrets (absent: the stored one is it, as
        for the seeded actors, whose masked secrets stand for right ones)."""
        self.created_at: dict[str, int] = {}
        """Actor id -> epoch seconds of its creation (absent: created with the deployment)."""
        self.fetches: dict[str, list[ActorCatalog]] = {}
        """Source id -> the actor catalogs fetched for it, the most recent last."""
        self.catalogs: dict[str, ActorCatalog] = {}
        """Catalog id -> actor catalog; one per distinct catalog (``catalogHash``)."""
        self._by_hash: dict[str, str] = {}

    def configuration(self, kind: Kind, actor: dict[str, Any]) -> dict[str, Any]:
        """The configuration of a stored actor, secrets included."""
        stored = self.configurations.get(actor[kind.id_key])
        return stored if stored is not None else actor["connectionConfiguration"]

    def write_catalog(
        self,
        catalog: dict[str, Any],
        source_id: str | None,
        connector_version: str | None,
        configuration_hash: str | None,
    ) -> ActorCatalog:
        """``CatalogServiceJooqImpl.writeActorCatalogWithFetchEvent``: the same catalog (by
        hash) is stored once; a fetch event ties it to the source for the version and hash."""
        digest = json_hash(catalog)
        now = int(time.time())
        catalog_id = self._by_hash.get(digest)
        if catalog_id is None:
            catalog_id = self._by_hash[digest] = self._b.store.new_id()
            self.catalogs[catalog_id] = ActorCatalog(catalog_id, copy.deepcopy(catalog), now)
        stored = self.catalogs[catalog_id]
        fetched = attrs.evolve(
            stored,
            updated_at=now,
            connector_version=connector_version,
            configuration_hash=configuration_hash,
        )
        if source_id is not None:
            self.fetches.setdefault(source_id, []).append(fetched)
        return fetched

    def cached(self, source_id: str, version: str, configuration_hash: str) -> ActorCatalog | None:
        """``getActorCatalog``: the catalog fetched for the source with that connector version
        and configuration hash, if any."""
        for fetched in reversed(self.fetches.get(source_id, ())):
            if (fetched.connector_version, fetched.configuration_hash) == (
                version,
                configuration_hash,
            ):
                return fetched
        return None


def json_hash(value: dict[str, Any]) -> str:
    """The md5 of a serialized JSON value: the key of the discover cache (a configuration's)
    and of the stored catalogs (a catalog's)."""
    return hashlib.md5(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()


# -- reads ------------------------------------------------------------------------------------


def read(b: Backend, kind: Kind, actor: dict[str, Any]) -> dict[str, Any]:
    """``SourceRead``/``DestinationRead`` of a stored actor for the profile (2.x: ``createdAt``,
    the actor's creation time)."""
    if not b.config.modern:
        return actor
    body = b.shapes.actor(actor)
    created = b.family(Actors).created_at.get(actor[kind.id_key])
    if created is not None:
        body["createdAt"] = created
    return body


def listed(b: Backend, kind: Kind, workspace_id: str) -> list[dict[str, Any]]:
    """The workspace's actors, deleted ones excluded, read for the profile."""
    actors = b.store.sources_in if kind is SOURCE else b.store.destinations_in
    return [read(b, kind, actor) for actor in actors(workspace_id)]


def search(b: Backend, kind: Kind, query: dict[str, Any]) -> list[dict[str, Any]]:
    """``searchSources``: every actor of any workspace, deleted ones excluded, whose read
    matches every field of ``query`` (``MatchSearchHandler.matchSearch``)."""
    deleted = kind.deleted(b)
    return [
        read(b, kind, actor)
        for actor_id, actor in kind.table(b).items()
        if actor_id not in deleted and _matches(actor, query)
    ]


# -- writes -----------------------------------------------------------------------------------


def _specification(b: Backend, kind: Kind, definition_id: str) -> dict[str, Any]:
    """The definition's ``connectionSpecification`` (the definition's 404 if unknown)."""
    spec = b.family(Definitions).specification(kind.name, definition_id)
    schema: dict[str, Any] = spec.get("connectionSpecification") or {}
    return schema


def validate(b: Backend, schema: dict[str, Any], configuration: dict[str, Any]) -> None:
    """``JsonSchemaValidator.ensure``: the server's 422 when the configuration does not fulfil
    the specification, its messages also listed per field in ``validationErrors`` (what the
    document's 422 schema declares)."""
    errors = configuration_errors(schema, configuration, modern=b.config.modern)
    if not errors:
        return
    error: ApiError = invalid_configuration(errors, schema)
    error.body["validationErrors"] = [_problem(message) for message in errors]
    raise error


def _problem(message: str) -> dict[str, Any]:
    path, _, text = message.partition(": ")
    return {"propertyPath": path, "message": text or message}


def copy_secrets(schema: Any, stored: Any, update: Any) -> Any:
    """``JsonSecretsProcessor.copySecrets``: the update, with each ``airbyte_secret`` it sends
    masked (``**********``) taken from the stored configuration."""
    if not isinstance(schema, dict) or not isinstance(update, dict):
        return copy.deepcopy(update)
    old = stored if isinstance(stored, dict) else {}
    schemas = [schema, *[s for s in schema.get("oneOf") or () if isinstance(s, dict)]]
    out: dict[str, Any] = {}
    for name, value in update.items():
        props = [s["properties"][name] for s in schemas if name in (s.get("properties") or {})]
        secret = any(isinstance(p, dict) and p.get("airbyte_secret") is True for p in props)
        if secret and value == SECRET_MASK and name in old:
            out[name] = copy.deepcopy(old[name])
        elif props:
            out[name] = copy_secrets(props[0], old.get(name), value)
        else:
            out[name] = copy.deepcopy(value)
    return out


def _store(
    b: Backend,
    kind: Kind,
    actor_id: str,
    fields: dict[str, Any],
    configuration: dict[str, Any],
    schema: dict[str, Any],
) -> dict[str, Any]:
    definition = b.family(Definitions).read(kind.name, fields[kind.definition_key])
    record = {
        kind.definition_key: definition[kind.definition_key],
        kind.id_key: actor_id,
        "workspaceId": fields["workspaceId"],
        "connectionConfiguration": mask_secrets(schema, configuration),
        "name": fields["name"],
        kind.definition_name_key: definition["name"],
    }
    if "icon" in definition:
        record["icon"] = definition["icon"]
    kind.table(b)[actor_id] = record
    b.family(Actors).configurations[actor_id] = copy.deepcopy(configuration)
    return record


def create(b: Backend, kind: Kind, body: dict[str, Any]) -> dict[str, Any]:
    """``SourceHandler.createSource``: the definition (404), the configuration (422), the
    workspace (404), then a new actor; returns its stored record (secrets masked)."""
    schema = _specification(b, kind, body[kind.definition_key])
    configuration = body["connectionConfiguration"]
    validate(b, schema, configuration)
    workspace = b.store.workspace(body["workspaceId"])
    actor_id = b.store.new_id()
    fields = {**body, "workspaceId": workspace["workspaceId"]}
    record = _store(b, kind, actor_id, fields, configuration, schema)
    b.family(Actors).created_at[actor_id] = int(time.time())
    return record


def updated_configuration(
    b: Backend, kind: Kind, body: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``ConfigurationUpdate.source``: the stored actor (404), its specification and the new
    configuration with the masked secrets copied from the stored one."""
    actor = kind.get(b, body[kind.id_key])
    schema = _specification(b, kind, actor[kind.definition_key])
    stored = b.family(Actors).configuration(kind, actor)
    return actor, schema, copy_secrets(schema, stored, body["connectionConfiguration"])


def update(b: Backend, kind: Kind, body: dict[str, Any]) -> dict[str, Any]:
    """``SourceHandler.updateSource``: a new name and configuration (validated, 422), masked
    secrets kept; a deleted actor stays deleted."""
    actor, schema, configuration = updated_configuration(b, kind, body)
    validate(b, schema, configuration)
    fields = {**actor, "name": body["name"]}
    return _store(b, kind, actor[kind.id_key], fields, configuration, schema)


def clone(b: Backend, kind: Kind, actor_id: str, changes: dict[str, Any] | None) -> dict[str, Any]:
    """``SourceHandler.cloneSource`` (0.40, 1.x): a new actor named ``<name> (Copy)`` with the
    same configuration, secrets included, unless ``changes`` give a name or a configuration
    (taken as given, validated)."""
    actor = kind.get(b, actor_id)
    configuration = b.family(Actors).configuration(kind, actor)
    body = {
        kind.definition_key: actor[kind.definition_key],
        "workspaceId": actor["workspaceId"],
        "name": f"{actor['name']} (Copy)",
        "connectionConfiguration": configuration,
    }
    changes = changes or {}
    if changes.get("name") is not None:
        body["name"] = changes["name"]
    if changes.get("connectionConfiguration") is not None:
        body["connectionConfiguration"] = changes["connectionConfiguration"]
    return create(b, kind, body)


def delete(b: Backend, kind: Kind, actor_id: str) -> None:
    """Soft-delete an actor: :func:`delete_source` or :func:`delete_destination`."""
    if kind is SOURCE:
        delete_source(b, actor_id)
    else:
        delete_destination(b, actor_id)


def delete_source(b: Backend, source_id: str) -> None:
    """Delete a source (``SourceHandler.deleteSource``): its connections first, then a tombstone.

    The source is still found by id (``getSourceConnection`` does not filter tombstones) but is
    listed and searched nowhere. A 2.x server voids its configuration
    (``SourceServiceJooqImpl.tombstoneSource``) and deletes its secrets; 0.40 kept it. Deleting
    a deleted source is harmless. Raises the server's 404 for an unknown id.
    """
    _delete(b, SOURCE, source_id)


def delete_destination(b: Backend, destination_id: str) -> None:
    """Delete a destination (``DestinationHandler.deleteDestination``), as :func:`delete_source`
    deletes a source: its connections, then a tombstone."""
    _delete(b, DESTINATION, destination_id)


def _delete(b: Backend, kind: Kind, actor_id: str) -> None:
    actor = kind.get(b, actor_id)
    actor_id = actor[kind.id_key]
    for record in list(b.store.connections.values()):
        if record.data[kind.id_key] == actor_id and not record.deleted:
            b.delete_connection(record)
    kind.deleted(b).add(actor_id)
    if b.config.modern:
        # tombstoneSource/tombstoneDestination write a null configuration; the documents
        # require an object, so reads of the deleted actor show an empty one.
        actor["connectionConfiguration"] = {}
        b.family(Actors).configurations.pop(actor_id, None)


# Deleting a definition deletes its actors through here (SourceDefinitionsHandler).
ACTOR_DELETERS[SOURCE.name] = lambda b, actor: delete_source(b, actor[SOURCE.id_key])
ACTOR_DELETERS[DESTINATION.name] = lambda b, actor: delete_destination(b, actor[DESTINATION.id_key])


# -- connector jobs ---------------------------------------------------------------------------


def check(b: Backend, kind: Kind, definition_id: str, configuration: dict[str, Any]) -> Any:
    """``CheckConnectionRead`` of the connector's check with ``configuration``
    (``SchedulerHandler.reportConnectionStatus``): the job ran (``succeeded``), the connector
    said ``status`` and, when it failed, its ``message``."""
    definitions = b.family(Definitions)
    definition = definitions.read(kind.name, definition_id)
    spec = definitions.specification(kind.name, definition_id)
    errors = configuration_errors(
        spec.get("connectionSpecification") or {}, configuration, modern=b.config.modern
    )
    status, message = connector_runs.check(definition, spec, configuration, errors)
    outcome = "Check succeeded" if message is None else f"Check failed: {message}"
    job = connector_runs.job_read(
        f"check_connection_{kind.name}",
        definition[kind.definition_key],
        succeeded=True,
        lines=connector_runs.log_lines(definition, "check", outcome),
        modern=b.config.modern,
    )
    return {"status": status, "message": message, "jobInfo": job}


def check_actor(b: Backend, kind: Kind, actor_id: str) -> Any:
    """``checkSourceConnectionFromSourceId``: the check of a stored actor's configuration."""
    actor = kind.get(b, actor_id)
    configuration = b.family(Actors).configuration(kind, actor)
    return check(b, kind, actor[kind.definition_key], configuration)


def check_for_update(b: Backend, kind: Kind, body: dict[str, Any]) -> Any:
    """``checkSourceConnectionFromSourceIdForUpdate``: the given configuration is validated as
    sent (422), then the check runs with it, masked secrets taken from the stored one."""
    actor, schema, configuration = updated_configuration(b, kind, body)
    validate(b, schema, body["connectionConfiguration"])
    return check(b, kind, actor[kind.definition_key], configuration)
