"""Destinations."""

from typing import Any
from uuid import UUID

from ._base import model

__all__ = [
    "DestinationRead",
    "DestinationSnippetRead",
    "DestinationReadList",
    "DestinationIdRequestBody",
]


@model
class DestinationRead:
    """``DestinationRead`` schema of the Airbyte Config API."""

    destination_definition_id: UUID
    destination_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any]
    name: str
    destination_name: str
    icon: str | None = None


@model
class DestinationSnippetRead:
    """``DestinationSnippetRead`` schema of the Airbyte Config API."""

    destination_id: UUID
    name: str
    destination_definition_id: UUID
    destination_name: str
    icon: str | None = None


@model
class DestinationReadList:
    """``DestinationReadList`` schema of the Airbyte Config API."""

    destinations: list[DestinationRead]


@model
class DestinationIdRequestBody:
    """``DestinationIdRequestBody`` schema of the Airbyte Config API."""

    destination_id: UUID
