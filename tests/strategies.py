"""Hypothesis strategies for every model, derived from the attrs field types."""

from __future__ import annotations

import types
import typing
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import attrs
from hypothesis import strategies as st

from aioairbyte import models
from aioairbyte.models import OpenStrEnum

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | INT64
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
JSON_OBJECT = st.dictionaries(st.text(max_size=8), JSON, max_size=4)
#: Aware datetimes (the converter refuses naive ones), in UTC or at a whole-minute offset.
AWARE_DATETIMES = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(9998, 12, 31),
    timezones=st.just(UTC)
    | st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)

MODEL_CLASSES: list[type[Any]] = sorted(
    (obj for name in models.__all__ if attrs.has(obj := getattr(models, name))),
    key=lambda cls: cls.__name__,
)
ENUM_CLASSES: list[type[OpenStrEnum]] = sorted(
    (
        obj
        for name in models.__all__
        if isinstance(obj := getattr(models, name), type)
        and issubclass(obj, OpenStrEnum)
        and obj is not OpenStrEnum
    ),
    key=lambda cls: cls.__name__,
)


def strategy_for(tp: Any) -> st.SearchStrategy[Any]:
    """A strategy producing valid values of the annotated type ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(strategy_for(arg) for arg in typing.get_args(tp)))
    if tp is type(None):
        return st.none()
    if tp is Any:  # free-form JSON (a list item of OAuth2Specification.root_object)
        return JSON
    if origin is list:
        return st.lists(strategy_for(typing.get_args(tp)[0]), max_size=3)
    if origin is dict:
        return JSON_OBJECT
    if isinstance(tp, type) and issubclass(tp, OpenStrEnum):
        # Known members, and values this client has never heard of.
        return st.sampled_from(list(tp)) | st.text(min_size=1, max_size=10).map(tp)
    if attrs.has(tp):
        return model_strategy(tp)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        UUID: st.uuids(),
        int: INT64,
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
        str: st.text(max_size=12),
        datetime: AWARE_DATETIMES,
    }
    return simple[tp]


def model_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of the model ``cls`` with every field drawn from its type."""
    hints = typing.get_type_hints(cls)
    return st.deferred(
        lambda: st.builds(cls, **{f.name: strategy_for(hints[f.name]) for f in attrs.fields(cls)})
    )
