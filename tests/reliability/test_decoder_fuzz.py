"""Fuzzing the decoder: any JSON, and any damage to a valid answer, ends in a model or in
``ResponseValidationError``; any bytes end in a model or in ``ResponseDecodeError``.

The models fuzzed are every class reachable from what the API families decode (found by reading
the ``self._call(endpoint, body, Model)`` calls of ``aioairbyte/api``, then following field
types), so a new endpoint or field is fuzzed without editing this file. Valid instances already
round-trip in ``tests/unit/test_converter.py`` (for every model class); here they are the seeds
that get damaged: a key dropped, a value nulled, replaced by JSON of another type, or wrapped in
a list. Dropping or nulling has an exact oracle, computed from the field types along the path:
refused naming that wire path when the field is required (or not nullable), decoded to the same
value with ``None`` there otherwise.

Bounded for CI: few examples per class, a derandomized (fixed) sequence, no deadline.
"""

from __future__ import annotations

import ast
import copy
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from aioresponses import aioresponses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aioairbyte.api
from aioairbyte import AirbyteClient, ResponseDecodeError, ResponseValidationError, RetryConfig
from aioairbyte import models as m
from aioairbyte.converter import decode, encode, wire_name
from aioairbyte.models import OpenStrEnum
from tests.conftest import BASE_URL
from tests.strategies import JSON, MODEL_CLASSES, model_strategy

OP = "x/y"

FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- What is fuzzed: response models and everything reachable from them --------------------------


def _response_types() -> list[type[Any]]:
    """The third argument of every ``self._call(...)`` in the API families."""
    found: set[type[Any]] = set()
    for source in Path(aioairbyte.api.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "_call"
                and len(node.args) == 3
                and isinstance(node.args[2], ast.Name)
                and hasattr(m, node.args[2].id)  # not a helper's parameter (``response``)
            ):
                found.add(getattr(m, node.args[2].id))
    return sorted(found, key=lambda cls: cls.__name__)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (types.UnionType, typing.Union)


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    """``(T, nullable)``: ``None`` taken out of a union (``T`` stays a union when more than one
    member is left, such as an attempt's ``LogRead | LogEvents``), else ``(tp, False)``."""
    if _is_union(tp):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        assert args, tp
        nullable = len(args) < len(typing.get_args(tp))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), nullable  # noqa: UP007
    return tp, False


def _reachable(roots: list[type[Any]]) -> list[type[Any]]:
    seen: set[type[Any]] = set()
    todo = list(roots)
    while todo:
        tp, _ = _strip_optional(todo.pop())
        if _is_union(tp):  # several members: each is decoded, so each is reachable
            todo.extend(typing.get_args(tp))
            continue
        if typing.get_origin(tp) is list:
            todo.append(typing.get_args(tp)[0])
            continue
        if not isinstance(tp, type) or tp in seen:
            continue
        if attrs.has(tp):
            seen.add(tp)
            todo.extend(typing.get_type_hints(tp).values())
        elif issubclass(tp, OpenStrEnum):
            seen.add(tp)
    return sorted(seen, key=lambda cls: cls.__name__)


RESPONSES = _response_types()
REACHABLE = _reachable(RESPONSES)
REACHABLE_MODELS = [cls for cls in REACHABLE if attrs.has(cls)]


def test_discovery_found_the_responses() -> None:
    # Guards the AST scan itself: if it found nothing, every fuzz test below would be vacuous.
    names = {cls.__name__ for cls in RESPONSES}
    assert {"ConnectionRead", "JobInfoRead", "HealthCheckRead", "ConnectionStateType"} <= names
    assert len(RESPONSES) >= 20
    assert m.AttemptFailureReason in REACHABLE
    assert m.JobStatus in REACHABLE
    # Round trips of valid instances are tested, for every model class, in test_converter.py.
    assert set(REACHABLE_MODELS) <= set(MODEL_CLASSES)


# --- The property ------------------------------------------------------------------------------


def decode_checked(data: Any, cls: type[Any]) -> Any:
    """Decode; return the model, or the ``ResponseValidationError``. Anything else fails."""
    error: ResponseValidationError | None = None
    try:
        value = decode(data, cls, operation=OP)
    except ResponseValidationError as exc:
        error = exc
    if error is not None:
        assert type(error) is ResponseValidationError
        assert error.operation == OP
        assert str(error).startswith(f"{OP}: response does not match the model: ")
        assert error.problems
        # Every problem names a wire path: the fast and the explaining decoder agree.
        assert all(" @ $" in problem for problem in error.problems), error.problems
        return error
    assert isinstance(value, cls)
    # Whatever decoded is a proper value: it encodes, and decodes back to itself.
    assert decode(encode(value), cls, operation=OP) == value
    return value


def _wire_keys(cls: type[Any]) -> list[str]:
    return [wire_name(a) for a in attrs.fields(cls)] if attrs.has(cls) else []


#: One JSON value of every kind, and the awkward ones: every field of every model gets each.
CORPUS: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63 - 1,
    -(2**63),
    1.5,
    1e308,
    "",
    "x",
    "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11",
    "running",
    "\u2603\x00",
    [],
    [None],
    [[]],
    ["x", 1],
    {},
    {"": None},
    {"id": 1, "name": "x"},
    [{}],
]


@pytest.mark.parametrize("cls", REACHABLE, ids=lambda c: c.__name__)
def test_every_field_with_every_kind_of_json(cls: type[Any]) -> None:
    for value in CORPUS:
        decode_checked(value, cls)  # the whole document
        for key in _wire_keys(cls):  # one field at a time, and all fields at once
            decode_checked({key: value}, cls)
        decode_checked(dict.fromkeys(_wire_keys(cls), value), cls)


def _shaped(cls: type[Any]) -> st.SearchStrategy[Any]:
    """JSON objects using the model's own keys (with arbitrary values), so that field hooks run,
    not just the "expected a JSON object" check."""
    keys = [*_wire_keys(cls), "unknownField"]
    return st.dictionaries(st.sampled_from(keys), JSON, max_size=len(keys))


@st.composite
def any_json_for_a_class(draw: st.DrawFn) -> tuple[type[Any], Any]:
    cls = draw(st.sampled_from(REACHABLE))
    return cls, draw(JSON | _shaped(cls) if attrs.has(cls) else JSON | st.text(max_size=5))


@settings(FUZZ, max_examples=200)
@given(case=any_json_for_a_class())
def test_any_json_decodes_or_is_a_validation_error(case: tuple[type[Any], Any]) -> None:
    cls, value = case
    decode_checked(value, cls)


# --- Damaged valid answers -----------------------------------------------------------------------

Path_ = tuple[str | int, ...]
FREE = object()  # free-form JSON: anything goes inside it


def _paths(doc: Any, prefix: Path_ = ()) -> list[Path_]:
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            out += _paths(value, (*prefix, index))
    return out


def _declared(cls: type[Any], path: Path_) -> tuple[Any, bool, bool]:
    """What the model declares at ``path``: ``(type, nullable, required)``, FREE in free JSON."""
    tp: Any = cls
    nullable, required = False, True
    for step in path:
        tp, _ = _strip_optional(tp)
        if tp == dict[str, Any] or tp is Any:  # a JSON object, or any JSON value
            return FREE, True, False
        if _is_union(tp):
            # Models told apart by their keys (LogRead | LogEvents): the one holding this step.
            (tp,) = [a for a in typing.get_args(tp) if step in _wire_keys(a)]
        if typing.get_origin(tp) is list:
            tp, nullable, required = typing.get_args(tp)[0], False, True
        else:
            assert attrs.has(tp), (cls, path)
            field = next(a for a in attrs.fields(tp) if wire_name(a) == step)
            tp = typing.get_type_hints(tp)[field.name]
            required = field.default is attrs.NOTHING
            nullable = False
    tp, optional = _strip_optional(tp)
    return tp, nullable or optional, required


def _apply(doc: Any, path: Path_, how: str, replacement: Any) -> Any:
    if not path:
        return {"drop": None, "null": None, "replace": replacement, "wrap": [doc]}[how]
    doc = copy.deepcopy(doc)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if how == "drop":
        del parent[key]
    elif how == "null":
        parent[key] = None
    elif how == "replace":
        parent[key] = replacement
    else:
        parent[key] = [parent[key]]
    return doc


def _other_type(value: Any) -> st.SearchStrategy[Any]:
    """JSON of a different JSON type than ``value`` (bool and int count as different)."""
    return JSON.filter(lambda new: type(new) is not type(value))


@pytest.mark.parametrize("cls", RESPONSES, ids=lambda c: c.__name__)
@settings(FUZZ, max_examples=6)  # each example damages one valid answer in several ways
@given(data=st.data())
def test_damaged_answers_decode_or_are_validation_errors(
    cls: type[Any], data: st.DataObject
) -> None:
    original = data.draw(model_strategy(cls) if attrs.has(cls) else st.sampled_from(list(cls)))
    wire = encode(original)
    damages = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(_paths(wire)),
                st.sampled_from(["drop", "null", "replace", "wrap"]),
            ),
            min_size=1,
            max_size=8,
        ),
        label="damages",
    )
    for path, how in damages:
        if how == "drop" and (not path or isinstance(path[-1], int)):
            how = "null"  # a list without one of its items is still valid: nothing to learn
        old = wire
        for step in path:
            old = old[step]
        replacement = data.draw(_other_type(old)) if how == "replace" else None
        outcome = decode_checked(_apply(wire, path, how, replacement), cls)
        if how in ("drop", "null") and path:
            _check_oracle(cls, path, how, outcome)


def _check_oracle(cls: type[Any], path: Path_, how: str, outcome: Any) -> None:
    """Dropping or nulling a field: refused naming it when required / not nullable, else
    decoded with ``None`` in its place."""
    declared, nullable, required = _declared(cls, path)
    where = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path)
    if declared is FREE:
        assert not isinstance(outcome, ResponseValidationError)  # free-form JSON takes anything
    elif how == "drop" and required:
        assert isinstance(outcome, ResponseValidationError)
        assert f"required field missing @ {where}" in outcome.problems
    elif how == "null" and not nullable:
        assert isinstance(outcome, ResponseValidationError)
        assert any(p.endswith(f"got NoneType @ {where}") for p in outcome.problems)
    else:
        assert not isinstance(outcome, ResponseValidationError), outcome.problems
        target = outcome
        for step in path[:-1]:
            target = target[step] if isinstance(step, int) else _attr(target, step)
        assert _attr(target, str(path[-1])) is None


def _attr(model: Any, wire_key: str) -> Any:
    field = next(a for a in attrs.fields(type(model)) if wire_name(a) == wire_key)
    return getattr(model, field.name)


# --- Bytes: the transport's parsing, through a mocked server -------------------------------------

LIGHT_URL = BASE_URL + "/v1/jobs/get_light"
LIGHT_OP = "POST /v1/jobs/get_light"
VALID_LIGHT = orjson.dumps(
    {
        "job": {
            "id": 7,
            "configType": "sync",
            "configId": "9f1c3c3e-6a3f-4a4b-8f7e-0d7b0f9d2d11",
            "createdAt": 1700000000,
            "updatedAt": 1700000002,
            "status": "running",
        }
    }
)


def _parses(body: bytes) -> bool:
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return bool(body)


@st.composite
def damaged_bytes(draw: st.DrawFn) -> bytes:
    """Arbitrary bytes, or the valid answer cut, spliced or with a byte changed."""
    kind = draw(st.sampled_from(["arbitrary", "cut", "insert", "flip"]))
    if kind == "arbitrary":
        return draw(st.binary(max_size=64))
    at = draw(st.integers(0, len(VALID_LIGHT) - 1))
    if kind == "cut":
        return VALID_LIGHT[:at]
    byte = draw(st.binary(min_size=1, max_size=1))
    if kind == "insert":
        return VALID_LIGHT[:at] + byte + VALID_LIGHT[at:]
    return VALID_LIGHT[:at] + byte + VALID_LIGHT[at + 1 :]


@settings(FUZZ, max_examples=60)
@given(body=damaged_bytes(), content_type=st.sampled_from(["application/json", "text/html"]))
async def test_any_bytes_decode_or_are_decode_errors(body: bytes, content_type: str) -> None:
    error: ResponseDecodeError | None = None
    with aioresponses() as mocked:
        mocked.post(LIGHT_URL, body=body, content_type=content_type)
        async with AirbyteClient(BASE_URL, retry=RetryConfig(attempts=1)) as client:
            try:
                result = await client.jobs.get_light(7)
            except ResponseDecodeError as exc:
                error = exc
    if error is not None:
        assert type(error) in (ResponseDecodeError, ResponseValidationError)
        assert error.operation == LIGHT_OP
        assert str(error).startswith(f"{LIGHT_OP}: ")
        # The transport refuses exactly what does not parse; the decoder refuses the rest.
        if type(error) is ResponseDecodeError:
            assert error.status == 200
            assert not _parses(body)
        else:
            assert _parses(body)
        return
    # Decoded: the bytes were JSON that fits the model, and the model is what they say.
    assert isinstance(result, m.JobInfoLightRead)
    assert result == decode(orjson.loads(body), m.JobInfoLightRead, operation=LIGHT_OP)
