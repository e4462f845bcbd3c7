"""Schema discovery: a source's discovered catalog, as the server answers and stores it."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .catalog import AirbyteCatalog, CatalogDiff
from .connections import ConnectionStatus
from .synchronous import SynchronousJobRead

__all__ = [
    "WorkloadPriority",
    "SourceDiscoverSchemaRequestBody",
    "SourceDiscoverSchemaRead",
    "ActorCatalogWithUpdatedAt",
    "SourceDiscoverSchemaWriteRequestBody",
    "DiscoverCatalogResult",
]


class WorkloadPriority(OpenStrEnum):
    """How soon the platform runs a connector job (1.0 and later)."""

    HIGH = "high"
    DEFAULT = "default"


@model
class SourceDiscoverSchemaRequestBody:
    """A request to discover a source's schema.

    ``disable_cache``: run the connector even if a catalog was discovered for the same
    configuration and connector version. ``connection_id``: diff the discovered catalog against
    that connection's (the answer's ``catalog_diff``, ``breaking_change``,
    ``connection_status``). ``notify_schema_change`` is read by 0.40 and 1.x servers only;
    ``priority`` is 1.0 and later.
    """

    source_id: UUID
    connection_id: UUID | None = None
    disable_cache: bool | None = wire("disable_cache")
    notify_schema_change: bool | None = None
    priority: WorkloadPriority | None = None


@model
class SourceDiscoverSchemaRead:
    """The outcome of a discover: the catalog (absent when the run failed) and the job.

    ``catalog_id`` names the stored actor catalog. A catalog answered from the cache comes with
    a job that did not run (``created_at`` and ``ended_at`` 0). With a ``connection_id`` in the
    request: the difference from that connection's catalog and whether it breaks it; a 2.x
    server then answers no ``job_info``, though the documents require it
    (``ConnectionsHandler.diffCatalogAndConditionallyDisable`` builds a new read without it).
    """

    job_info: SynchronousJobRead | None = None
    catalog: AirbyteCatalog | None = None
    catalog_id: UUID | None = None
    catalog_diff: CatalogDiff | None = None
    breaking_change: bool | None = None
    connection_status: ConnectionStatus | None = None

    @property
    def succeeded(self) -> bool:
        """Whether the discover ran (or was cached) and gave a catalog."""
        ran = self.job_info is None or self.job_info.succeeded
        return ran and self.catalog is not None


@model
class ActorCatalogWithUpdatedAt:
    """A source's most recently discovered catalog and when it was (epoch seconds).

    ``catalog`` is the stored catalog of the Airbyte protocol, as free-form JSON: its keys are
    the protocol's snake_case (``json_schema``, ``supported_sync_modes``), not the API's. Both
    fields are absent when the source has no catalog.
    """

    updated_at: int | None = None
    catalog: dict[str, Any] | None = None


@model
class SourceDiscoverSchemaWriteRequestBody:
    """A discovered catalog to store for a source (what the platform's workers send)."""

    catalog: AirbyteCatalog
    source_id: UUID | None = None
    connector_version: str | None = None
    configuration_hash: str | None = None


@model
class DiscoverCatalogResult:
    """The id of a stored actor catalog."""

    catalog_id: UUID
