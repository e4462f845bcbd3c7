"""Schemas shared across API families: health and the error bodies."""

from uuid import UUID

from ._base import OpenStrEnum, model

__all__ = [
    "Geography",
    "InvalidInputProperty",
    "InvalidInputExceptionInfo",
    "NotFoundKnownExceptionInfo",
    "HealthCheckRead",
]


class Geography(OpenStrEnum):
    """Where a connection's data is processed (servers before 2.0; 2.0 has dataplane groups)."""

    AUTO = "auto"
    US = "us"
    EU = "eu"


@model
class InvalidInputProperty:
    """One invalid property of a request: its path, value and what is wrong with it."""

    property_path: str
    invalid_value: str | None = None
    message: str | None = None


@model
class InvalidInputExceptionInfo:
    """The 0.40-style body of a 400/422: a message and the invalid properties."""

    message: str
    validation_errors: list[InvalidInputProperty]
    exception_class_name: str | None = None
    exception_stack: list[str] | None = None


@model
class NotFoundKnownExceptionInfo:
    """The body of a 404. Servers from 2.0 may send only ``error_id`` (no ``message``)."""

    message: str | None = None
    id: str | None = None
    exception_class_name: str | None = None
    exception_stack: list[str] | None = None
    root_cause_exception_class_name: str | None = None
    root_cause_exception_stack: list[str] | None = None
    error_id: UUID | None = None


@model
class HealthCheckRead:
    """The answer of ``/v1/health``."""

    available: bool
