"""The converter's compiled fast path: one structure and one unstructure function per model.

Kept apart from :mod:`aioairbyte.converter`, which configures the hooks whose rules these
functions inline (and which tests hold them to: ``tests/unit/test_converter_compiled.py``).
"""

from __future__ import annotations

import itertools
import linecache
import types
import typing
from collections.abc import Callable
from typing import Any
from uuid import UUID

import attrs
from cattrs import Converter

from ._fields import (
    EARLIER_SHAPES,
    is_json_object,
    is_list,
    is_open_enum,
    optional_of,
    structure_json_object,
    wire_name,
)

__all__ = ["Compiler", "compilable"]


# --- Compiled model hooks (the fast converter) ---------------------------------------------------
# cattrs' generated functions call one hook per field, and every optional field (most of them)
# pays a dispatch on each call (`Converter._structure_optional`). A catalog-sized response holds
# tens of thousands of small objects, so the fast converter compiles each model into a single
# function whose common cases are inlined: `v if type(v) is str else hook(v, str)`. Whenever the
# inline test fails, the registered hook decides, so it either accepts the value (an int for a
# float, a tuple for a list) or raises exactly as before: the rules stay the hooks', only the
# common case is cheaper. The explainer keeps cattrs' own (detailed) functions.


def compilable(cl: type[Any]) -> bool:
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


class Compiler:
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
        return bool(compiling) and bool(typing.get_args(tp)) and not is_json_object(tp)

    # Structure: JSON-ready data -> model ------------------------------------------------------

    def structure_fn(self, cl: type[Any]) -> Callable[[Any, Any], Any]:
        """The compiled structure function of the attrs class ``cl``."""
        ns: dict[str, Any] = {"_not_object": structure_json_object}
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
                inner = optional_of(field.type)
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
        inner = optional_of(tp)
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
        inner = optional_of(tp)
        if inner is not None:
            expr = self._structure_expr(inner, var, ns)
            return None if expr is None else f"(None if {var} is None else {expr})"
        if is_list(tp) or self._inlined(tp, self._structuring):
            return None
        if attrs.has(tp):
            return f"{_ref(ns, self._structure_hook(tp))}({var}, None)"
        hook, t = _ref(ns, self._structure_hook(tp)), _ref(ns, tp)
        fallback = f"{hook}({var}, {t})"
        if tp in (str, int, bool):
            return f"({var} if type({var}) is {t} else {fallback})"
        if tp is UUID:
            return f"({t}({var}) if type({var}) is str else {fallback})"
        if is_open_enum(tp):
            members = _ref(ns, tp._value2member_map_)
            return (
                f"({members}[{var}] if type({var}) is str and {var} in {members} else {fallback})"
            )
        if is_json_object(tp):
            return f"({var} if type({var}) is dict else {fallback})"
        return fallback

    @staticmethod
    def _inlined(tp: Any, compiling: set[type[Any]]) -> bool:
        """Whether a field of model type ``tp`` is compiled into its parent's function: yes,
        unless ``tp`` is being compiled already (a model that contains itself)."""
        return attrs.has(tp) and compilable(tp) and tp not in compiling and tp not in EARLIER_SHAPES

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
                inner = optional_of(field.type) if optional else None
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
        inner = optional_of(tp)
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
        inner = optional_of(tp)
        if inner is not None:
            expr = self._unstructure_expr(inner, var, ns)
            return None if expr is None else f"(None if {var} is None else {expr})"
        if is_list(tp):
            return None
        if self._inlined(tp, self._unstructuring):
            return None
        hook = f"{_ref(ns, self._unstructure_hook(tp))}({var})"
        if attrs.has(tp):
            return hook
        t = _ref(ns, tp)
        if tp in (str, int, bool, float):
            return f"({var} if type({var}) is {t} else {hook})"
        if is_json_object(tp):
            return f"({var} if type({var}) is dict else {hook})"
        if tp is UUID:
            return f"(str({var}) if type({var}) is {t} else {hook})"
        if is_open_enum(tp):
            # A member is a str whose characters are its value: JSON encoders write it as is.
            return f"({var} if type({var}) is {t} else {hook})"
        return hook


def _exact_leaf(tp: Any, ns: dict[str, Any], *, enums: bool) -> str | None:
    """The one class a valid ``tp`` value has, for the types whose JSON form is the value
    itself: ``str``, ``int``, ``bool``, free-form objects, and (when encoding, ``enums``) open
    enums, whose members are strs of their value; else ``None``."""
    if tp is str or tp is int or tp is bool:
        return tp.__name__
    if enums and is_open_enum(tp):
        return _ref(ns, tp)
    return "dict" if is_json_object(tp) else None


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
    inner = _exact_leaf(element.__args__[0], ns, enums=enums) if is_list(element) else None
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
