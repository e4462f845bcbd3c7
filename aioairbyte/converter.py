"""The one converter between API models and JSON, configured once.

- Keys: attributes are snake_case, the wire is camelCase (or the spelling a field declares with
  :func:`aioairbyte.models._base.wire`). Renames come from hook factories over every attrs
  class, never from per-class code.
- Absent is not null: optional fields default to ``None`` and are omitted when encoding
  (``omit_if_default``), so a patch-style update sends only what the caller set.
- Forward compatible: unknown response keys are ignored, unknown enum values decode to
  pseudo-members (see :class:`~aioairbyte.models.OpenStrEnum`).
- Strict about types: JSON ``"12"`` is not an ``int`` and ``"false"`` is not a ``bool``. A
  response that does not fit its model raises :class:`~aioairbyte.errors.ResponseValidationError`
  naming the operation and every wire path that failed.

Decoding runs a fast converter first; only when it fails is the document decoded again with
cattrs' detailed validation, to name the failing paths. Valid responses never pay for that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import attrs
import orjson
from cattrs import Converter
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .errors import InvalidArgumentError, ResponseValidationError
from .models._base import WIRE_NAME, OpenStrEnum

__all__ = ["converter", "decode", "dumps", "encode", "wire_name"]

T = TypeVar("T")


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of an attrs field: its declared wire name, else its camelCase name."""
    declared = field.metadata.get(WIRE_NAME)
    return declared if declared is not None else _camel(field.name)


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
    # Unknown strings become pseudo-members (forward compatibility); non-strings are errors.
    if type(value) is str:
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


def _structure_json_object(value: Any, _: type) -> dict[str, Any]:
    # Free-form JSON (jsonSchema, connectionConfiguration, state blobs) is kept as parsed:
    # its keys are data, never renamed, and copying it would cost time for nothing.
    if type(value) is dict:
        return value
    raise TypeError(f"expected a JSON object, got {type(value).__name__}")


def _unstructure_uuid(value: Any) -> str:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, str):
        return str(UUID(value))  # a valid UUID string is accepted; anything else raises
    raise TypeError(f"expected a UUID, got {type(value).__name__}")


def _is_json_object(tp: Any) -> bool:
    return bool(tp == dict[str, Any])


def _is_list(tp: Any) -> bool:
    return is_sequence(tp) and getattr(tp, "__origin__", None) is list


def _configure(conv: Converter) -> Converter:
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
    conv.register_structure_hook_func(_is_json_object, _structure_json_object)
    conv.register_unstructure_hook_func(_is_json_object, _unstructure_json_object)
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

    conv.register_structure_hook_factory(_is_list, list_factory)

    def list_unstructure_factory(tp: Any, c: Converter) -> Callable[[Any], list[Any]]:
        element = c.get_unstructure_hook(tp.__args__[0])

        def unstructure_list(value: Any) -> list[Any]:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return [element(item) for item in value]

        return unstructure_list

    conv.register_unstructure_hook_factory(_is_list, list_unstructure_factory)

    def structure_factory(cl: type[Any], c: Converter) -> Callable[[Any, Any], Any]:
        renames = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cl)}
        hook = make_dict_structure_fn(cl, c, _cattrs_forbid_extra_keys=False, **renames)  # type: ignore[arg-type]

        def structure_object(value: Any, t: Any) -> Any:
            if type(value) is not dict:
                raise TypeError(f"expected a JSON object, got {type(value).__name__}")
            return hook(value, t)

        return structure_object

    def unstructure_factory(cl: type[Any], c: Converter) -> Callable[[Any], dict[str, Any]]:
        renames = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cl)}
        return make_dict_unstructure_fn(cl, c, _cattrs_omit_if_default=True, **renames)  # type: ignore[arg-type]

    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


#: The converter every request and response goes through.
converter: Converter = _configure(Converter(detailed_validation=False))

# Same configuration with cattrs' detailed validation: used only to explain a failed decode.
_explainer: Converter = _configure(Converter(detailed_validation=True))


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
