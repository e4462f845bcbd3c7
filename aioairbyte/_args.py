"""Argument checks shared by the API families: bad input fails before any request is sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeAlias, TypeVar
from uuid import UUID

from .errors import InvalidArgumentError, InvalidArgumentTypeError
from .models.catalog import StreamDescriptor
from .models.connections import ConnectionStream, RefreshMode

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


def unique_uuid_list_arg(values: object, name: str) -> list[UUID]:
    """As :func:`uuid_list_arg`, refusing an id given twice (in any spelling)."""
    ids = uuid_list_arg(values, name)
    seen: set[UUID] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise InvalidArgumentError(f"{name}[{i}] repeats {value}")
        seen.add(value)
    return ids


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


#: What names a stream of a connection: its name (no namespace), ``(name, namespace)``, or a
#: :class:`~aioairbyte.models.ConnectionStream` or :class:`~aioairbyte.models.StreamDescriptor`.
StreamLike: TypeAlias = str | tuple[str, str | None] | ConnectionStream | StreamDescriptor


def _stream_arg(value: object, name: str) -> ConnectionStream:
    if isinstance(value, ConnectionStream):
        stream, namespace = value.stream_name, value.stream_namespace
    elif isinstance(value, StreamDescriptor):
        stream, namespace = value.name, value.namespace
    elif isinstance(value, str):
        stream, namespace = value, None
    elif isinstance(value, tuple) and len(value) == 2:
        stream, namespace = value
    else:
        raise InvalidArgumentTypeError(
            f"{name} must be a stream name, a (name, namespace) tuple, a ConnectionStream or a "
            f"StreamDescriptor, got {type(value).__name__}"
        )
    if not isinstance(stream, str) or not (namespace is None or isinstance(namespace, str)):
        raise InvalidArgumentTypeError(
            f"{name}: a stream name must be a str and its namespace a str or None"
        )
    if not stream:
        raise InvalidArgumentError(f"{name}: a stream name must not be empty")
    return ConnectionStream(stream_name=stream, stream_namespace=namespace)


def _streams(values: object, name: str) -> list[ConnectionStream]:
    if isinstance(values, str | bytes | ConnectionStream | StreamDescriptor) or not (
        isinstance(values, Iterable)
    ):
        raise InvalidArgumentTypeError(
            f"{name} must be an iterable of streams (names, (name, namespace) tuples, "
            f"ConnectionStream or StreamDescriptor), got {type(values).__name__}"
        )
    if isinstance(values, tuple) and len(values) == 2 and all(isinstance(v, str) for v in values):
        raise InvalidArgumentTypeError(
            f"{name}: a tuple of two names is ambiguous; pass a list: [(name, namespace)] for "
            "one stream in a namespace, [name, name] for two streams"
        )
    out: list[ConnectionStream] = []
    seen: set[ConnectionStream] = set()
    for i, value in enumerate(values):
        stream = _stream_arg(value, f"{name}[{i}]")
        if stream in seen:
            shown = stream.stream_name
            if stream.stream_namespace is not None:
                shown = f"{stream.stream_namespace}.{shown}"
            raise InvalidArgumentError(f"{name}[{i}] repeats the stream {shown!r}")
        seen.add(stream)
        out.append(stream)
    return out


def streams_arg(values: object, name: str = "streams") -> list[ConnectionStream]:
    """Streams of a connection from a non-empty iterable of :data:`StreamLike` items.

    A bare name means a stream without a namespace; a stream named twice is refused.
    """
    out = _streams(values, name)
    if not out:
        raise InvalidArgumentError(f"{name} must name at least one stream")
    return out


def optional_streams_arg(values: object, name: str = "streams") -> list[ConnectionStream] | None:
    """As :func:`streams_arg`, except that ``None`` or an empty iterable give ``None`` (every
    stream, where the operation reads it so)."""
    if values is None:
        return None
    return _streams(values, name) or None


def aware_datetime_arg(value: object, name: str) -> datetime | None:
    """``value`` if it is ``None`` or a timezone-aware :class:`datetime.datetime`.

    A naive datetime is refused: which instant it means depends on a zone the server would
    have to guess (it reads UTC).
    """
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise InvalidArgumentTypeError(
            f"{name} must be a datetime.datetime or None, got {type(value).__name__}"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidArgumentError(
            f"{name} must be timezone-aware (e.g. datetime.now(UTC)), got naive {value.isoformat()}"
        )
    return value


_REFRESH_MODES = {"truncate": RefreshMode.TRUNCATE, "merge": RefreshMode.MERGE}


def refresh_mode_arg(value: object, name: str = "mode") -> RefreshMode:
    """A refresh mode: ``"truncate"`` or ``"merge"`` in any case, or a known
    :class:`~aioairbyte.models.RefreshMode`."""
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(
            f"{name} must be 'truncate', 'merge' or a RefreshMode, got {type(value).__name__}"
        )
    mode = _REFRESH_MODES.get(value.lower())
    if mode is None:
        raise InvalidArgumentError(f"{name} must be 'truncate' or 'merge', got {value!r}")
    return mode
