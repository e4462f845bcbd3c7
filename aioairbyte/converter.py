"""The one converter between API models and JSON, configured once.

- Keys: attributes are snake_case, the wire is camelCase (or the spelling a field declares with
  :func:`aioairbyte.models._base.wire`). Renames come from hook factories over every attrs
  class, never from per-class code.
- Absent is not null: optional fields default to ``None`` and are omitted when encoding
  (``omit_if_default``), so a patch-style update sends only what the caller set.
- Forward compatible: unknown response keys are ignored, unknown enum values decode to
  pseudo-members (see :class:`~aioairbyte.models.OpenStrEnum`).
- Every server's shapes: an attempt's ``logs`` is :class:`~aioairbyte.models.LogRead` or
  :class:`~aioairbyte.models.LogEvents`, picked by its keys (``events`` or not); a 0.40
  ``updateStream`` array is read as the 1.0+ object (see ``EARLIER_SHAPES``).
- Times a request filters on (``createdAtStart``...) are aware :class:`~datetime.datetime`
  values, sent as ISO 8601 date-times in UTC (``2024-05-01T12:00:00Z``); a naive datetime is
  refused (its zone would be a guess). Times the server answers stay epoch seconds.
- Strict about types: JSON ``"12"`` is not an ``int`` and ``"false"`` is not a ``bool``. A
  response that does not fit its model raises :class:`~aioairbyte.errors.ResponseValidationError`
  naming the operation and every wire path that failed.

Decoding runs a fast converter first; only when it fails is the document decoded again with
cattrs' detailed validation, to name the failing paths. Valid responses never pay for that. The
fast converter compiles each model into one function (:mod:`aioairbyte._compiled`) applying the
same rules; like free-form JSON, lists of strings (``cursorField``, ``primaryKey``) are checked
and then kept as they are, not copied, in both directions.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs
import orjson
from cattrs import Converter
from cattrs.cols import list_structure_factory
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._compiled import Compiler, compilable
from ._fields import (
    EARLIER_SHAPES,
    is_json_object,
    is_list,
    is_logs,
    structure_json_object,
    wire_name,
)
from .errors import InvalidArgumentError, ResponseValidationError
from .models._base import OpenStrEnum
from .models.logs import LogEvents, LogRead

__all__ = ["converter", "decode", "dumps", "encode", "wire_name"]

T = TypeVar("T")


# Strict primitive hooks: cattrs' defaults call int()/str()/bool(), which would turn "12" into 12
# and "false" into True; a server that sends the wrong type must be reported, not guessed at.
def _structure_str(value: Any, _: type) -> str:
    if type(value) is str:
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: type) -> int:
    if type(value) is int:
        return value
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _structure_float(value: Any, _: type) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_bool(value: Any, _: type) -> bool:
    if type(value) is bool:
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _structure_enum(value: Any, cls: type[OpenStrEnum]) -> OpenStrEnum:
    # Unknown strings become pseudo-members (forward compatibility); non-strings are errors,
    # except the class's own members (what ``encode`` leaves in place).
    if type(value) is str or type(value) is cls:
        return cls(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _unstructure_enum(value: Any) -> str:
    # A plain string is accepted in an enum field, so callers may write status="inactive".
    if isinstance(value, OpenStrEnum):
        return value._value_
    if isinstance(value, str):
        return value
    raise TypeError(f"expected an enum member or string, got {type(value).__name__}")


# Strict encoding of primitives: a wrong type in a request model must fail before sending,
# not reach the server as something else ("24" for an int, "abc" iterated into a list).
def _unstructure_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _unstructure_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _unstructure_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _unstructure_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _unstructure_json_object(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected a JSON object (dict), got {type(value).__name__}")


def _structure_uuid(value: Any, _: type) -> UUID:
    if type(value) is str:
        return UUID(value)
    raise TypeError(f"expected a UUID string, got {type(value).__name__}")


def _unstructure_uuid(value: Any) -> str:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, str):
        return str(UUID(value))  # a valid UUID string is accepted; anything else raises
    raise TypeError(f"expected a UUID, got {type(value).__name__}")


def _structure_datetime(value: Any, _: type) -> datetime:
    # ISO 8601 with an offset (or Z); a time without a zone is refused, as when encoding.
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"expected a date-time with a time zone, got {value!r}")
    return parsed


def _unstructure_datetime(value: Any) -> str:
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {value.isoformat()}")
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _from_earlier_shape(
    cl: type[Any], hook: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """``hook``, reading the earlier shape of ``cl`` first when it had one."""
    upgrade = EARLIER_SHAPES.get(cl)
    if upgrade is None:
        return hook
    return lambda value, t: hook(upgrade(value), t)


def _configure(conv: Converter, *, compiled: bool) -> Converter:
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    # Registered on the base class so that it wins over the str hook for every enum (they are
    # str subclasses, and cattrs dispatches on the most specific class).
    conv.register_structure_hook(OpenStrEnum, _structure_enum)
    conv.register_unstructure_hook(OpenStrEnum, _unstructure_enum)
    conv.register_structure_hook(UUID, _structure_uuid)
    conv.register_unstructure_hook(UUID, _unstructure_uuid)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_structure_hook_func(is_json_object, structure_json_object)
    conv.register_unstructure_hook_func(is_json_object, _unstructure_json_object)
    conv.register_unstructure_hook(str, _unstructure_str)
    conv.register_unstructure_hook(int, _unstructure_int)
    conv.register_unstructure_hook(float, _unstructure_float)
    conv.register_unstructure_hook(bool, _unstructure_bool)

    def list_factory(tp: Any, c: Converter) -> Callable[[Any, Any], list[Any]]:
        # cattrs would accept any iterable (a string becomes a list of characters).
        base = list_structure_factory(tp, c)

        def structure_list(value: Any, t: Any) -> list[Any]:
            if type(value) is not list:
                raise TypeError(f"expected a list, got {type(value).__name__}")
            result: list[Any] = base(value, t)
            return result

        return structure_list

    conv.register_structure_hook_factory(is_list, list_factory)

    def list_unstructure_factory(tp: Any, c: Converter) -> Callable[[Any], list[Any]]:
        element = c.get_unstructure_hook(tp.__args__[0])

        def unstructure_list(value: Any) -> list[Any]:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return [element(item) for item in value]

        return unstructure_list

    conv.register_unstructure_hook_factory(is_list, list_unstructure_factory)

    def logs_factory(tp: Any, c: Converter) -> Callable[[Any, Any], Any]:
        nullable = type(None) in typing.get_args(tp)

        def structure_logs(value: Any, _: Any) -> Any:
            # The keys tell the shapes apart; an object with neither fits neither, and both
            # explanations are given (``logType`` is the parent's, and the keys are the truth).
            if value is None and nullable:
                return None
            if type(value) is not dict:
                raise TypeError(f"expected a JSON object, got {type(value).__name__}")
            if "events" in value or "logLines" in value:
                return c.structure(value, LogEvents if "events" in value else LogRead)
            errors = []
            for cls in (LogRead, LogEvents):
                try:
                    return c.structure(value, cls)
                except Exception as exc:  # both fail: each explains why
                    errors.append(exc)
            raise ClassValidationError("neither LogRead nor LogEvents", errors, LogRead)

        return structure_logs

    def unstructure_logs(value: Any) -> Any:
        if value is None or type(value) is LogRead or type(value) is LogEvents:
            return None if value is None else conv.unstructure(value, type(value))
        raise TypeError(f"expected LogRead or LogEvents, got {type(value).__name__}")

    conv.register_structure_hook_factory(is_logs, logs_factory)
    conv.register_unstructure_hook_func(is_logs, unstructure_logs)

    def structure_factory(cl: type[Any], c: Converter) -> Callable[[Any, Any], Any]:
        renames = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cl)}
        hook = make_dict_structure_fn(cl, c, _cattrs_forbid_extra_keys=False, **renames)  # type: ignore[arg-type]

        def structure_object(value: Any, t: Any) -> Any:
            if type(value) is not dict:
                raise TypeError(f"expected a JSON object, got {type(value).__name__}")
            return hook(value, t)

        return _from_earlier_shape(cl, structure_object)

    def unstructure_factory(cl: type[Any], c: Converter) -> Callable[[Any], dict[str, Any]]:
        renames = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cl)}
        return make_dict_unstructure_fn(cl, c, _cattrs_omit_if_default=True, **renames)  # type: ignore[arg-type]

    if compiled:
        compiler = Compiler(conv)

        def compiled_structure_factory(cl: type[Any], c: Converter) -> Callable[[Any, Any], Any]:
            if compilable(cl):
                return _from_earlier_shape(cl, compiler.structure_fn(cl))
            return structure_factory(cl, c)

        def compiled_unstructure_factory(
            cl: type[Any], c: Converter
        ) -> Callable[[Any], dict[str, Any]]:
            if compilable(cl):
                return compiler.unstructure_fn(cl)
            return unstructure_factory(cl, c)

        conv.register_structure_hook_factory(attrs.has, compiled_structure_factory)
        conv.register_unstructure_hook_factory(attrs.has, compiled_unstructure_factory)
    else:
        conv.register_structure_hook_factory(attrs.has, structure_factory)
        conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


#: The converter every request and response goes through.
converter: Converter = _configure(Converter(detailed_validation=False), compiled=True)

# Same configuration with cattrs' detailed validation: used only to explain a failed decode.
_explainer: Converter = _configure(Converter(detailed_validation=True), compiled=False)


def encode(obj: Any) -> Any:
    """Unstructure a model (or a list of them) into JSON-ready Python objects.

    Raises :class:`~aioairbyte.errors.InvalidArgumentError` when a field holds a value of the
    wrong type (for example a UUID field holding a string that is not a UUID).
    """
    try:
        return converter.unstructure(obj)
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidArgumentError(f"cannot encode {type(obj).__name__}: {exc}") from exc


def dumps(obj: Any) -> bytes:
    """Encode a model to JSON bytes."""
    return orjson.dumps(encode(obj))


def decode(data: Any, cls: type[T], *, operation: str) -> T:
    """Structure parsed JSON into ``cls``.

    Raises :class:`~aioairbyte.errors.ResponseValidationError` naming ``operation`` and the
    wire path of every field that does not fit.
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs raises assorted built-in errors in fast mode
        problems = explain(data, cls)
        raise ResponseValidationError(operation=operation, problems=problems) from exc


def explain(data: Any, cls: type[Any]) -> list[str]:
    """Why ``data`` does not decode into ``cls``: ``"<message> @ $.wire.path"`` strings."""
    try:
        _explainer.structure(data, cls)
    except Exception as exc:
        return _describe(exc, "$")
    return ["does not match the model"]  # pragma: no cover - fast and detailed disagree


def _describe(exc: BaseException, path: str) -> list[str]:
    if isinstance(exc, ClassValidationError):
        names = {f.name: wire_name(f) for f in attrs.fields(exc.cl)} if attrs.has(exc.cl) else {}
        with_notes, without = exc.group_exceptions()
        out: list[str] = []
        for sub, note in with_notes:
            out += _describe(sub, f"{path}.{names.get(note.name, note.name)}")
        for sub in without:
            out += _describe(sub, path)
        return out
    if isinstance(exc, IterableValidationError):
        items, rest = exc.group_exceptions()
        out = []
        for sub, inote in items:
            out += _describe(sub, f"{path}[{inote.index}]")
        for sub in rest:
            out += _describe(sub, path)
        return out
    if isinstance(exc, KeyError):
        return [f"required field missing @ {path}"]
    return [f"{exc} @ {path}"]
