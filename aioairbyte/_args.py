"""Argument checks shared by the API families: bad input fails before any request is sent."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from .errors import InvalidArgumentError, InvalidArgumentTypeError

T = TypeVar("T")

_INT64_MAX = 2**63 - 1  # the spec's JobId is int64


def uuid_arg(value: object, name: str) -> UUID:
    """``value`` as a UUID: a :class:`uuid.UUID` or its string form."""
    if isinstance(value, UUID):
        return value
    if isinstance(value, str):
        try:
            return UUID(value)
        except ValueError:
            raise InvalidArgumentError(f"{name} must be a UUID, got {value!r}") from None
    raise InvalidArgumentTypeError(f"{name} must be a UUID or str, got {type(value).__name__}")


def uuid_list_arg(values: object, name: str) -> list[UUID]:
    """A list of UUIDs from any iterable of UUIDs or strings (not a bare string)."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidArgumentTypeError(f"{name} must be an iterable of UUIDs")
    return [uuid_arg(v, f"{name}[{i}]") for i, v in enumerate(values)]


def job_id_arg(value: object, name: str = "job_id") -> int:
    """A job id: a non-negative int (``bool`` is not an int here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not 0 <= value <= _INT64_MAX:
        raise InvalidArgumentError(f"{name} must be between 0 and 2**63 - 1, got {value}")
    return value


def model_arg(value: Any, cls: type[T], name: str) -> T:
    """``value`` if it is an instance of the model ``cls``."""
    if not isinstance(value, cls):
        raise InvalidArgumentTypeError(
            f"{name} must be a {cls.__name__}, got {type(value).__name__}"
        )
    return value


def positive_int_arg(value: object, name: str) -> int:
    """A strictly positive int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise InvalidArgumentError(f"{name} must be >= 1, got {value}")
    return value
