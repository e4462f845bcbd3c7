"""Sources and destinations (actors): their unmasked configurations, catalogs and deletion.

The store keeps each actor as the API shows it (``SourceRead``/``DestinationRead``, secrets
masked), so that every answer that embeds one (web-backend reads...) stays masked. The family
state :class:`Actors` keeps what the real server keeps in its secret store and catalog tables:
the configurations with their secrets, creation times, and the discovered actor catalogs.
"""

from __future__ import annotations

from typing import Any

import attrs

from .backend import Backend

__all__ = ["Actors", "ActorCatalog", "delete_destination", "delete_source"]


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
        self.catalogs: dict[str, list[ActorCatalog]] = {}
        """Source id -> its actor catalogs, the most recently fetched last."""
        self.catalogs_by_id: dict[str, ActorCatalog] = {}

    def configuration(self, actor: dict[str, Any], id_key: str) -> dict[str, Any]:
        """The configuration of a stored actor, secrets included."""
        actor_id = actor[id_key]
        stored = self.configurations.get(actor_id)
        return stored if stored is not None else actor["connectionConfiguration"]


def delete_source(b: Backend, source_id: str) -> None:
    """Delete a source (``SourceHandler.deleteSource``): its connections first, then a tombstone.

    The source is still found by id (``getSourceConnection`` does not filter tombstones) but is
    listed and searched nowhere. A 2.x server voids its configuration
    (``SourceServiceJooqImpl.tombstoneSource``) and deletes its secrets; 0.40 kept it. Deleting
    a deleted source is harmless. Raises the server's 404 for an unknown id.
    """
    source = b.store.source(source_id)
    actor_id = source["sourceId"]
    for record in list(b.store.connections.values()):
        if record.data["sourceId"] == actor_id and not record.deleted:
            b.delete_connection(record)
    b.store.deleted_sources.add(actor_id)
    _void(b, source, actor_id)


def delete_destination(b: Backend, destination_id: str) -> None:
    """Delete a destination (``DestinationHandler.deleteDestination``), as :func:`delete_source`
    deletes a source: its connections, then a tombstone."""
    destination = b.store.destination(destination_id)
    actor_id = destination["destinationId"]
    for record in list(b.store.connections.values()):
        if record.data["destinationId"] == actor_id and not record.deleted:
            b.delete_connection(record)
    b.store.deleted_destinations.add(actor_id)
    _void(b, destination, actor_id)


def _void(b: Backend, actor: dict[str, Any], actor_id: str) -> None:
    if b.config.modern:
        # tombstoneSource/tombstoneDestination write a null configuration; the documents
        # require an object, so reads of the deleted actor show an empty one.
        actor["connectionConfiguration"] = {}
        b.family(Actors).configurations.pop(actor_id, None)
