"""Schemas shared across API families: health and the error bodies."""

from ._base import OpenStrEnum, model

__all__ = [
    "Geography",
    "InvalidInputProperty",
    "InvalidInputExceptionInfo",
    "NotFoundKnownExceptionInfo",
    "HealthCheckRead",
]


class Geography(OpenStrEnum):
    """``Geography`` values of the Airbyte Config API."""

    AUTO = "auto"
    US = "us"
    EU = "eu"


@model
class InvalidInputProperty:
    """``InvalidInputProperty`` schema of the Airbyte Config API."""

    property_path: str
    invalid_value: str | None = None
    message: str | None = None


@model
class InvalidInputExceptionInfo:
    """``InvalidInputExceptionInfo`` schema of the Airbyte Config API."""

    message: str
    validation_errors: list[InvalidInputProperty]
    exception_class_name: str | None = None
    exception_stack: list[str] | None = None


@model
class NotFoundKnownExceptionInfo:
    """``NotFoundKnownExceptionInfo`` schema of the Airbyte Config API."""

    message: str
    id: str | None = None
    exception_class_name: str | None = None
    exception_stack: list[str] | None = None
    root_cause_exception_class_name: str | None = None
    root_cause_exception_stack: list[str] | None = None


@model
class HealthCheckRead:
    """``HealthCheckRead`` schema of the Airbyte Config API."""

    available: bool
