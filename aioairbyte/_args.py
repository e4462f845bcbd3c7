"""Argument checks shared by the API families: bad input fails before any request is sent."""

from __future__ import annotations

from collections.abc import Mapping
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


def callback_arg(value: T, name: str) -> T:
    """``value`` if it is ``None`` or callable (a function or a coroutine function).

    Checked up front: a callback that cannot be called would otherwise fail only once a job
    has been started, leaving it running.
    """
    if value is not None and not callable(value):
        raise InvalidArgumentTypeError(
            f"{name} must be a function or None, got {type(value).__name__}"
        )
    return value


def optional_instance_arg(value: T | None, cls: type[T], name: str) -> T | None:
    """``value`` if it is ``None`` or an instance of ``cls``."""
    if value is not None and not isinstance(value, cls):
        raise InvalidArgumentTypeError(
            f"{name} must be a {cls.__name__} or None, got {type(value).__name__}"
        )
    return value


def choice_arg(value: T, choices: tuple[str, ...], name: str) -> T:
    """``value`` if it is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidArgumentError(f"{name} must be one of {allowed}, got {value!r}")
    return value


_HEADER_FORBIDDEN = frozenset("\r\n\x00")


def headers_arg(headers: object) -> dict[str, str]:
    """Extra request headers: a mapping of non-empty ``str`` names to ``str`` values.

    Refused here rather than by aiohttp when sending (untyped errors, after the client was
    built): CR, LF and NUL would split the header. Values are never echoed: they may be secrets.
    """
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise InvalidArgumentTypeError(
            f"headers must be a mapping of str to str, got {type(headers).__name__}"
        )
    out: dict[str, str] = {}
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidArgumentTypeError("headers must map str names to str values")
        if not key or _HEADER_FORBIDDEN.intersection(key) or ":" in key:
            raise InvalidArgumentError(f"invalid header name {key!r}")
        if _HEADER_FORBIDDEN.intersection(value):
            raise InvalidArgumentError(f"header {key} holds CR, LF or NUL")
        out[key] = value
    return out
