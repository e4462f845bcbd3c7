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
  ``updateStream`` array is read as the 1.0+ object (see ``_EARLIER_SHAPES``).
- Strict about types: JSON ``"12"`` is not an ``int`` and ``"false"`` is not a ``bool``. A
  response that does not fit its model raises :class:`~aioairbyte.errors.ResponseValidationError`
  naming the operation and every wire path that failed.

Decoding runs a fast converter first; only when it fails is the document decoded again with
cattrs' detailed validation, to name the failing paths. Valid responses never pay for that. The
fast converter compiles each model into one function (see ``_Compiler``) applying the same rules;
like free-form JSON, lists of strings (``cursorField``, ``primaryKey``) are checked and then kept
as they are, not copied, in both directions.
"""

from __future__ import annotations

import itertools
import linecache
import types
import typing
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
from .models.catalog import StreamTransformUpdateStream
from .models.logs import LogEvents, LogRead

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


def _update_stream_from_list(value: Any) -> Any:
    # 0.40 sends StreamTransform.updateStream as the bare list of its field transforms.
    if type(value) is list:
        return {"fieldTransforms": value, "streamAttributeTransforms": []}
    return value


#: Models whose JSON had another shape in earlier documents: the function turns that shape into
#: the current one before the model's own rules apply (and such models are never inlined).
_EARLIER_SHAPES: dict[type[Any], Callable[[Any], Any]] = {
    StreamTransformUpdateStream: _update_stream_from_list,
}
_LOGS: Any = LogRead | LogEvents


def _is_logs(tp: Any) -> bool:
    return bool(tp == _LOGS or tp == _LOGS | None)


def _is_list(tp: Any) -> bool:
    return is_sequence(tp) and getattr(tp, "__origin__", None) is list


# --- Compiled model hooks (the fast converter) ---------------------------------------------------
# cattrs' generated functions call one hook per field, and every optional field (most of them)
# pays a dispatch on each call (`Converter._structure_optional`). A catalog-sized response holds
# tens of thousands of small objects, so the fast converter compiles each model into a single
# function whose common cases are inlined: `v if type(v) is str else hook(v, str)`. Whenever the
# inline test fails, the registered hook decides, so it either accepts the value (an int for a
# float, a tuple for a list) or raises exactly as before: the rules stay the hooks', only the
# common case is cheaper. The explainer keeps cattrs' own (detailed) functions.


def _optional_of(tp: Any) -> Any:
    """``X`` for ``X | None`` (or ``Optional[X]``), else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


def _is_open_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, OpenStrEnum)


def _compilable(cl: type[Any]) -> bool:
    """Whether every field is one the compiler handles: in ``__init__``, required or ``None``."""
    return all(
        f.init and (f.default is attrs.NOTHING or f.default is None) for f in attrs.fields(cl)
    )


def _slot_setters(cl: type[Any]) -> list[Callable[[Any, Any], None]] | None:
    """The slot setters of ``cl``'s fields in order, when filling the slots is all its
    ``__init__`` does (attrs-generated, slotted, no validators, converters or init hooks);
    ``None`` otherwise, and then the compiled function calls ``__init__``."""
    init = getattr(cl.__init__, "__code__", None)
    if init is None or not init.co_filename.startswith("<attrs generated"):
        return None
    if hasattr(cl, "__attrs_pre_init__") or hasattr(cl, "__attrs_post_init__"):
        return None
    fields = attrs.fields(cl)
    if any(f.validator is not None or f.converter is not None or not f.init for f in fields):
        return None
    slots = {slot for k in cl.__mro__ for slot in k.__dict__.get("__slots__", ())}
    if slots - {"__weakref__"} != {f.name for f in fields}:
        return None  # an instance dict or another slot (attrs' cached hash) to initialise
    setters = []
    for f in fields:
        slot = next(k.__dict__[f.name] for k in cl.__mro__ if f.name in k.__dict__)
        if type(slot) is not types.MemberDescriptorType:
            return None
        setters.append(slot.__set__)
    return setters


class _Compiler:
    """Writes the structure and unstructure functions of attrs models for one converter.

    - Scalars become inline expressions with the hook as fallback (see above).
    - Lists become ``for`` loops in the function body: a comprehension would cost a function
      frame per list, and a catalog holds several short lists per stream. Lists whose JSON form
      is themselves (``list[str]``, ``list[list[str]]``) are checked and kept, not copied.
    - Nested models are written into their parent's function rather than called: a call per
      object is a good part of the cost once the checks are inline.
    - Structuring fills the slots directly when that is all ``__init__`` would do; unstructuring
      builds the dict in one display when every optional field is set.
    """

    def __init__(self, conv: Converter) -> None:
        self._conv = conv
        self._structuring: set[type[Any]] = set()
        self._unstructuring: set[type[Any]] = set()

    def _structure_hook(self, tp: Any) -> Callable[[Any, Any], Any]:
        """The converter's structure hook for ``tp``, looked up on first call when ``tp`` may
        lead back to a model being compiled (a model that contains itself)."""
        if not self._may_recurse(tp, self._structuring):
            return self._conv.get_structure_hook(tp)
        conv = self._conv

        def structure_later(value: Any, t: Any) -> Any:
            return conv.get_structure_hook(tp)(value, t)

        return structure_later

    def _unstructure_hook(self, tp: Any) -> Callable[[Any], Any]:
        """As :meth:`_structure_hook`, for unstructuring."""
        if not self._may_recurse(tp, self._unstructuring):
            return self._conv.get_unstructure_hook(tp)
        conv = self._conv

        def unstructure_later(value: Any) -> Any:
            return conv.get_unstructure_hook(tp)(value)

        return unstructure_later

    @staticmethod
    def _may_recurse(tp: Any, compiling: set[type[Any]]) -> bool:
        # Leaves (str, UUID, enums, free-form JSON) never do; a container of models might.
        if attrs.has(tp):
            return tp in compiling
        return bool(compiling) and bool(typing.get_args(tp)) and not _is_json_object(tp)

    # Structure: JSON-ready data -> model ------------------------------------------------------

    def structure_fn(self, cl: type[Any]) -> Callable[[Any, Any], Any]:
        """The compiled structure function of the attrs class ``cl``."""
        ns: dict[str, Any] = {"_not_object": _structure_json_object}
        lines = ["def structure(o, _=None):"]
        self._emit_instance(cl, "o", lines, "    ", ns, _namer())
        lines.append("    return o")
        return _compile(lines, ns, "structure", cl)  # type: ignore[no-any-return]

    def _emit_instance(
        self,
        cl: type[Any],
        var: str,
        lines: list[str],
        indent: str,
        ns: dict[str, Any],
        fresh: Callable[[str], str],
    ) -> None:
        """Statements replacing the JSON object named ``var`` by an instance of ``cl``."""
        attrs.resolve_types(cl)
        fields = attrs.fields(cl)
        values = [fresh("v") for _ in fields]
        lines += [f"{indent}if type({var}) is not dict:", f"{indent}    _not_object({var}, None)"]
        self._structuring.add(cl)
        try:
            for value, field in zip(values, fields, strict=True):
                key = wire_name(field)
                inner = _optional_of(field.type)
                if field.default is attrs.NOTHING:
                    lines.append(f"{indent}{value} = {var}[{key!r}]")
                    self._emit_structure(field.type, value, lines, indent, ns, fresh)
                elif inner is not None:
                    # Absent and null both mean None, the default.
                    lines.append(f"{indent}{value} = {var}.get({key!r})")
                    lines.append(f"{indent}if {value} is not None:")
                    self._emit_structure(inner, value, lines, indent + "    ", ns, fresh)
                else:  # defaults to None, yet null is not a value of its type
                    lines.append(f"{indent}{value} = None")
                    lines.append(f"{indent}if {key!r} in {var}:")
                    lines.append(f"{indent}    {value} = {var}[{key!r}]")
                    self._emit_structure(field.type, value, lines, indent + "    ", ns, fresh)
        finally:
            self._structuring.discard(cl)
        setters = _slot_setters(cl)
        if setters is None:
            kwargs = ", ".join(f"{f.alias}={v}" for v, f in zip(values, fields, strict=True))
            lines.append(f"{indent}{var} = {_ref(ns, cl)}({kwargs})")
            return
        # What attrs' __init__ does for these classes, less its per-call overhead.
        lines.append(f"{indent}{var} = {_ref(ns, object.__new__)}({_ref(ns, cl)})")
        for value, set_ in zip(values, setters, strict=True):
            lines.append(f"{indent}{_ref(ns, set_)}({var}, {value})")

    def _emit_structure(
        self,
        tp: Any,
        var: str,
        lines: list[str],
        indent: str,
        ns: dict[str, Any],
        fresh: Callable[[str], str],
    ) -> None:
        """Statements replacing the value named ``var`` by its structured ``tp``."""
        expr = self._structure_expr(tp, var, ns)
        if expr is not None:
            lines.append(f"{indent}{var} = {expr}")
            return
        inner = _optional_of(tp)
        if inner is not None:
            lines.append(f"{indent}if {var} is not None:")
            self._emit_structure(inner, var, lines, indent + "    ", ns, fresh)
            return
        if attrs.has(tp):
            self._emit_instance(tp, var, lines, indent, ns, fresh)
            return
        hook, t = _ref(ns, self._structure_hook(tp)), _ref(ns, tp)
        item = fresh("x")
        fallback = f"{hook}({var}, {t})"
        if _emit_list_check(tp, var, lines, indent, fallback, item, fresh("x"), ns, enums=False):
            return
        # Other lists are converted item by item.
        acc = fresh("l")
        lines += [
            f"{indent}if type({var}) is list:",
            f"{indent}    {acc} = []",
            f"{indent}    for {item} in {var}:",
        ]
        self._emit_structure(tp.__args__[0], item, lines, indent + "        ", ns, fresh)
        lines += [
            f"{indent}        {acc}.append({item})",
            f"{indent}    {var} = {acc}",
            f"{indent}else:",
            f"{indent}    {var} = {hook}({var}, {t})",
        ]

    def _structure_expr(self, tp: Any, var: str, ns: dict[str, Any]) -> str | None:
        """An expression structuring the value named ``var`` as ``tp``; ``None`` for a type
        that needs statements (a list or an inlined model, possibly optional)."""
        inner = _optional_of(tp)
        if inner is not None:
            expr = self._structure_expr(inner, var, ns)
            return None if expr is None else f"(None if {var} is None else {expr})"
        if _is_list(tp) or self._inlined(tp, self._structuring):
            return None
        if attrs.has(tp):
            return f"{_ref(ns, self._structure_hook(tp))}({var}, None)"
        hook, t = _ref(ns, self._structure_hook(tp)), _ref(ns, tp)
        fallback = f"{hook}({var}, {t})"
        if tp in (str, int, bool):
            return f"({var} if type({var}) is {t} else {fallback})"
        if tp is UUID:
            return f"({t}({var}) if type({var}) is str else {fallback})"
        if _is_open_enum(tp):
            members = _ref(ns, tp._value2member_map_)
            return (
                f"({members}[{var}] if type({var}) is str and {var} in {members} else {fallback})"
            )
        if _is_json_object(tp):
            return f"({var} if type({var}) is dict else {fallback})"
        return fallback

    @staticmethod
    def _inlined(tp: Any, compiling: set[type[Any]]) -> bool:
        """Whether a field of model type ``tp`` is compiled into its parent's function: yes,
        unless ``tp`` is being compiled already (a model that contains itself)."""
        return (
            attrs.has(tp) and _compilable(tp) and tp not in compiling and tp not in _EARLIER_SHAPES
        )

    # Unstructure: model -> JSON-ready data ----------------------------------------------------

    def unstructure_fn(self, cl: type[Any]) -> Callable[[Any], dict[str, Any]]:
        """The compiled unstructure function of ``cl``: ``None`` fields are left out, the
        others keep the order of the fields."""
        attrs.resolve_types(cl)
        ns: dict[str, Any] = {}
        lines = ["def unstructure(i):"]
        self._emit_dict(cl, "i", lines, "    ", ns, _namer())
        lines.append("    return i")
        return _compile(lines, ns, "unstructure", cl)  # type: ignore[no-any-return]

    def _emit_dict(
        self,
        cl: type[Any],
        var: str,
        lines: list[str],
        indent: str,
        ns: dict[str, Any],
        fresh: Callable[[str], str],
    ) -> None:
        """Statements replacing the instance of ``cl`` named ``var`` by its dict. When every
        optional field is set (the common case in catalogs), the dict is built in one display;
        otherwise key by key."""
        attrs.resolve_types(cl)
        entries: list[tuple[str, str, str | None]] = []  # key, expression, var if optional
        self._unstructuring.add(cl)
        try:
            for field in attrs.fields(cl):
                value, key = fresh("v"), wire_name(field)
                lines.append(f"{indent}{value} = {var}.{field.name}")
                optional = field.default is not attrs.NOTHING
                inner = _optional_of(field.type) if optional else None
                tp = field.type if inner is None else inner
                expr = self._unstructure_expr(tp, value, ns)
                if expr is None:  # a list or a model: converted in place by statements, first
                    if optional:
                        lines.append(f"{indent}if {value} is not None:")
                    deeper = indent + "    " if optional else indent
                    self._emit_unstructure(tp, value, lines, deeper, ns, fresh)
                    expr = value
                entries.append((key, expr, value if optional else None))
        finally:
            self._unstructuring.discard(cl)
        everything = f"{{{', '.join(f'{key!r}: {expr}' for key, expr, _ in entries)}}}"
        optionals = [optional_var for _, _, optional_var in entries if optional_var is not None]
        if not optionals:
            lines.append(f"{indent}{var} = {everything}")
            return
        res = fresh("res")
        all_set = " and ".join(f"{optional_var} is not None" for optional_var in optionals)
        lines += [f"{indent}if {all_set}:", f"{indent}    {var} = {everything}", f"{indent}else:"]
        lines.append(f"{indent}    {res} = {{}}")
        for key, expr, optional_var in entries:
            if optional_var is None:
                lines.append(f"{indent}    {res}[{key!r}] = {expr}")
            else:
                lines += [
                    f"{indent}    if {optional_var} is not None:",
                    f"{indent}        {res}[{key!r}] = {expr}",
                ]
        lines.append(f"{indent}    {var} = {res}")

    def _emit_unstructure(
        self,
        tp: Any,
        var: str,
        lines: list[str],
        indent: str,
        ns: dict[str, Any],
        fresh: Callable[[str], str],
    ) -> None:
        """Statements replacing the value named ``var`` (declared ``tp``) by its JSON form."""
        expr = self._unstructure_expr(tp, var, ns)
        if expr is not None:
            lines.append(f"{indent}{var} = {expr}")
            return
        inner = _optional_of(tp)
        if inner is not None:
            lines.append(f"{indent}if {var} is not None:")
            self._emit_unstructure(inner, var, lines, indent + "    ", ns, fresh)
            return
        if attrs.has(tp):
            self._emit_dict(tp, var, lines, indent, ns, fresh)
            return
        hook = _ref(ns, self._unstructure_hook(tp))
        item = fresh("x")
        fallback = f"{hook}({var})"
        if _emit_list_check(tp, var, lines, indent, fallback, item, fresh("x"), ns, enums=True):
            return
        acc = fresh("l")
        lines += [
            f"{indent}if type({var}) is list:",
            f"{indent}    {acc} = []",
            f"{indent}    for {item} in {var}:",
        ]
        self._emit_unstructure(tp.__args__[0], item, lines, indent + "        ", ns, fresh)
        lines += [
            f"{indent}        {acc}.append({item})",
            f"{indent}    {var} = {acc}",
            f"{indent}else:",  # a tuple is accepted; anything else raises
            f"{indent}    {var} = {hook}({var})",
        ]

    def _unstructure_expr(self, tp: Any, var: str, ns: dict[str, Any]) -> str | None:
        """An expression unstructuring the value named ``var``, declared as ``tp``; ``None``
        for a type that needs statements (a list or an inlined model, possibly optional)."""
        inner = _optional_of(tp)
        if inner is not None:
            expr = self._unstructure_expr(inner, var, ns)
            return None if expr is None else f"(None if {var} is None else {expr})"
        if _is_list(tp):
            return None
        if self._inlined(tp, self._unstructuring):
            return None
        hook = f"{_ref(ns, self._unstructure_hook(tp))}({var})"
        if attrs.has(tp):
            return hook
        t = _ref(ns, tp)
        if tp in (str, int, bool, float):
            return f"({var} if type({var}) is {t} else {hook})"
        if _is_json_object(tp):
            return f"({var} if type({var}) is dict else {hook})"
        if tp is UUID:
            return f"(str({var}) if type({var}) is {t} else {hook})"
        if _is_open_enum(tp):
            # A member is a str whose characters are its value: JSON encoders write it as is.
            return f"({var} if type({var}) is {t} else {hook})"
        return hook


def _exact_leaf(tp: Any, ns: dict[str, Any], *, enums: bool) -> str | None:
    """The one class a valid ``tp`` value has, for the types whose JSON form is the value
    itself: ``str``, ``int``, ``bool``, free-form objects, and (when encoding, ``enums``) open
    enums, whose members are strs of their value; else ``None``."""
    if tp is str or tp is int or tp is bool:
        return tp.__name__
    if enums and _is_open_enum(tp):
        return _ref(ns, tp)
    return "dict" if _is_json_object(tp) else None


def _emit_list_check(
    tp: Any,
    var: str,
    lines: list[str],
    indent: str,
    fallback: str,
    item: str,
    sub: str,
    ns: dict[str, Any],
    *,
    enums: bool,
) -> bool:
    """For ``list[leaf]`` and ``list[list[leaf]]`` (``cursorField``, ``primaryKey``): statements
    that keep the list as it is once every item is checked, since its JSON form is itself (no
    copy, no appends). On the first item that is not exactly right, or a value that is not a
    list, ``fallback`` (the registered hook) handles the whole value: it raises, or converts
    what the hook accepts. Returns ``False`` (nothing written) for any other list type."""
    element = tp.__args__[0]
    leaf = _exact_leaf(element, ns, enums=enums)
    inner = _exact_leaf(element.__args__[0], ns, enums=enums) if _is_list(element) else None
    if leaf is None and inner is None:
        return False
    lines += [f"{indent}if type({var}) is list:", f"{indent}    for {item} in {var}:"]
    if leaf is not None:
        lines.append(f"{indent}        if type({item}) is not {leaf}:")
        failed = indent + " " * 12
    else:  # the items are lists of leaves: check each, move on to the next when all fit
        lines += [
            f"{indent}        if type({item}) is list:",
            f"{indent}            for {sub} in {item}:",
            f"{indent}                if type({sub}) is not {inner}:",
            f"{indent}                    break",
            f"{indent}            else:",
            f"{indent}                continue",
        ]
        failed = indent + " " * 8
    lines += [
        f"{failed}{var} = {fallback}",
        f"{failed}break",
        f"{indent}else:",
        f"{indent}    {var} = {fallback}",
    ]
    return True


def _namer() -> Callable[[str], str]:
    """Fresh local names for one generated function (``v0``, ``x1``, ...): inlined models and
    nested loops must not reuse each other's variables."""
    counter = itertools.count()
    return lambda stem: f"{stem}{next(counter)}"


def _ref(ns: dict[str, Any], obj: Any) -> str:
    """The name of ``obj`` in the generated code's globals ``ns`` (added on first use)."""
    for name, value in ns.items():
        if value is obj:
            return name
    name = f"_g{len(ns)}"
    ns[name] = obj
    return name


def _compile(lines: list[str], ns: dict[str, Any], kind: str, cl: type[Any]) -> Any:
    source = "\n".join(lines) + "\n"
    # A distinct file name per function, kept in linecache: tracebacks and profilers show it.
    filename = f"<aioairbyte {kind} {cl.__module__}.{cl.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    fn = ns[kind]
    fn.__qualname__ = fn.__name__ = f"{kind}_{cl.__name__}"
    return fn


def _from_earlier_shape(
    cl: type[Any], hook: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """``hook``, reading the earlier shape of ``cl`` first when it had one."""
    upgrade = _EARLIER_SHAPES.get(cl)
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

    conv.register_structure_hook_factory(_is_logs, logs_factory)
    conv.register_unstructure_hook_func(_is_logs, unstructure_logs)

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
        compiler = _Compiler(conv)

        def compiled_structure_factory(cl: type[Any], c: Converter) -> Callable[[Any, Any], Any]:
            if _compilable(cl):
                return _from_earlier_shape(cl, compiler.structure_fn(cl))
            return structure_factory(cl, c)

        def compiled_unstructure_factory(
            cl: type[Any], c: Converter
        ) -> Callable[[Any], dict[str, Any]]:
            if _compilable(cl):
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
