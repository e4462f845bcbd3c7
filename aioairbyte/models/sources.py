"""Sources."""

from typing import Any
from uuid import UUID

from ._base import model

__all__ = ["SourceRead", "SourceSnippetRead", "SourceReadList", "SourceIdRequestBody"]


@model
class SourceRead:
    """``SourceRead`` schema of the Airbyte Config API."""

    source_definition_id: UUID
    source_id: UUID
    workspace_id: UUID
    connection_configuration: dict[str, Any]
    name: str
    source_name: str
    icon: str | None = None


@model
class SourceSnippetRead:
    """``SourceSnippetRead`` schema of the Airbyte Config API."""

    source_id: UUID
    name: str
    source_definition_id: UUID
    source_name: str
    icon: str | None = None


@model
class SourceReadList:
    """``SourceReadList`` schema of the Airbyte Config API."""

    sources: list[SourceRead]


@model
class SourceIdRequestBody:
    """``SourceIdRequestBody`` schema of the Airbyte Config API."""

    source_id: UUID
