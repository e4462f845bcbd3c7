"""The compiled model hooks against cattrs' own: the same answers on valid and invalid input.

The fast converter compiles each model into one function (see ``aioairbyte.converter``); a
reference converter with the same hooks but cattrs' generated functions is the oracle. On random
valid data and on random type errors planted anywhere in it, both must accept or reject alike,
and agree on the result when they accept.
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs
import pytest
from cattrs import Converter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aioairbyte import models as m
from aioairbyte.converter import _configure, converter, decode, encode
from aioairbyte.errors import ResponseValidationError
from aioairbyte.models._base import model
from tests.strategies import MODEL_CLASSES, model_strategy

REFERENCE = _configure(Converter(detailed_validation=False), compiled=False)

#: Values of the wrong type for most fields (and of the right type for some, which is fine:
#: then both must accept them alike).
WRONG: list[Any] = [
    "12",
    12,
    1.5,
    True,
    None,
    [],
    {},
    ["x"],
    [1],
    [[1]],
    [None],
    "not-a-uuid",
    str(uuid.UUID(int=7)),
    "running",
    ("a", "b"),
    uuid.UUID(int=7),
    m.JobStatus.RUNNING,
]
DELETE = object()


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every position inside parsed JSON (a dict key or a list index), depth first."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += _paths(inner, (*path, index))
    return out


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if not rest and new is DELETE:
            del copy[head]
        else:
            copy[head] = _replaced(value[head], rest, new)
        return copy
    copy_list = list(value)
    copy_list[head] = _replaced(value[head], rest, None if new is DELETE else new)
    return copy_list


def _outcome(fn: Any, *args: Any) -> tuple[bool, Any]:
    try:
        return True, fn(*args)
    except Exception:
        return False, None


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_structure_agrees_with_cattrs_on_planted_errors(
    cls: type[Any], data: st.DataObject
) -> None:
    wire = REFERENCE.unstructure(data.draw(model_strategy(cls)))
    assert converter.structure(wire, cls) == REFERENCE.structure(wire, cls)
    paths = _paths(wire)
    if paths:
        path = data.draw(st.sampled_from(paths))
        wire = _replaced(wire, path, data.draw(st.sampled_from([*WRONG, DELETE])))
    else:
        wire = data.draw(st.sampled_from(WRONG))
    fast, reference = (
        _outcome(converter.structure, wire, cls),
        _outcome(REFERENCE.structure, wire, cls),
    )
    assert fast == reference


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_unstructure_agrees_with_cattrs_on_planted_errors(
    cls: type[Any], data: st.DataObject
) -> None:
    value = data.draw(model_strategy(cls))
    assert encode(value) == REFERENCE.unstructure(value)
    fields = attrs.fields(cls)
    if not fields:
        return
    field = data.draw(st.sampled_from(fields))
    # Bypasses the (absent) validators, as a caller who ignores the type hints would.
    bad = attrs.evolve(value, **{field.alias: data.draw(st.sampled_from(WRONG))})
    fast, reference = _outcome(converter.unstructure, bad), _outcome(REFERENCE.unstructure, bad)
    assert fast == reference


def test_compiled_functions_are_in_use() -> None:
    # The benchmarks measure the compiled path; a fallback to cattrs would go unnoticed.
    hook = converter.get_structure_hook(m.AirbyteStreamConfiguration)
    assert hook.__code__.co_filename.startswith("<aioairbyte structure")
    hook = converter.get_unstructure_hook(m.ConnectionUpdate)
    assert hook.__code__.co_filename.startswith("<aioairbyte unstructure")


def test_decoded_models_equal_constructed_ones() -> None:
    # Structuring fills the slots directly; the result must be the one __init__ would build.
    config = converter.structure(
        {"syncMode": "incremental", "destinationSyncMode": "append", "cursorField": ["u"]},
        m.AirbyteStreamConfiguration,
    )
    built = m.AirbyteStreamConfiguration(
        sync_mode=m.SyncMode.INCREMENTAL,
        destination_sync_mode=m.DestinationSyncMode.APPEND,
        cursor_field=["u"],
    )
    assert config == built
    assert repr(config) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.selected = True  # type: ignore[misc]


@model
class _Node:
    """A model that contains itself (the API has none yet; the compiler must still cope)."""

    name: str
    children: list[_Node] | None = None
    parent: _Node | None = None


def test_a_model_that_contains_itself() -> None:
    attrs.resolve_types(_Node, globals())
    wire = {"name": "a", "children": [{"name": "b", "children": []}], "parent": {"name": "p"}}
    node = converter.structure(wire, _Node)
    assert node == REFERENCE.structure(wire, _Node)
    assert node.children == [_Node(name="b", children=[])]
    assert encode(node) == wire
    with pytest.raises(ResponseValidationError) as info:
        decode({"name": "a", "children": [{"name": 1}]}, _Node, operation="GET /x")
    assert info.value.problems == ["expected a string, got int @ $.children[0].name"]
