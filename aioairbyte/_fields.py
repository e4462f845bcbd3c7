"""What the converter and its compiler both need to know of a model's fields: their wire
names, which annotations are free-form JSON, lists or attempt logs, and which models had another
JSON shape in earlier documents."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
from cattrs.cols import is_sequence

from .models._base import WIRE_NAME, OpenStrEnum
from .models.catalog import StreamTransformUpdateStream
from .models.logs import LogEvents, LogRead

__all__ = [
    "EARLIER_SHAPES",
    "LOGS",
    "is_json_object",
    "is_list",
    "is_logs",
    "is_open_enum",
    "optional_of",
    "structure_json_object",
    "wire_name",
]


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of an attrs field: its declared wire name, else its camelCase name."""
    declared = field.metadata.get(WIRE_NAME)
    return declared if declared is not None else _camel(field.name)


def structure_json_object(value: Any, _: type) -> dict[str, Any]:
    # Free-form JSON (jsonSchema, connectionConfiguration, state blobs) is kept as parsed:
    # its keys are data, never renamed, and copying it would cost time for nothing.
    if type(value) is dict:
        return value
    raise TypeError(f"expected a JSON object, got {type(value).__name__}")


def is_json_object(tp: Any) -> bool:
    return bool(tp == dict[str, Any])


def _update_stream_from_list(value: Any) -> Any:
    # 0.40 sends StreamTransform.updateStream as the bare list of its field transforms.
    if type(value) is list:
        return {"fieldTransforms": value, "streamAttributeTransforms": []}
    return value


#: Models whose JSON had another shape in earlier documents: the function turns that shape into
#: the current one before the model's own rules apply (and such models are never inlined).
EARLIER_SHAPES: dict[type[Any], Callable[[Any], Any]] = {
    StreamTransformUpdateStream: _update_stream_from_list,
}
LOGS: Any = LogRead | LogEvents


def is_logs(tp: Any) -> bool:
    return bool(tp == LOGS or tp == LOGS | None)


def is_list(tp: Any) -> bool:
    return is_sequence(tp) and getattr(tp, "__origin__", None) is list


def optional_of(tp: Any) -> Any:
    """``X`` for ``X | None`` (or ``Optional[X]``), else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def is_open_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, OpenStrEnum)
