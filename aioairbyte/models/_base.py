"""Building blocks shared by every model: the ``model`` decorator, open enums and wire names.

Models only declare fields. How a field is named on the wire and whether it is sent at all is
decided once, in :mod:`aioairbyte.converter`, from what is declared here.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, TypeVar, dataclass_transform

import attrs

__all__ = [
    "WIRE_NAME",
    "OpenStrEnum",
    "model",
    "wire",
    "secret",
    "from_epoch_seconds",
    "from_epoch_millis",
]

#: Metadata key holding a field's JSON name when it is not the camelCase of the attribute name.
WIRE_NAME = "aioairbyte.wire_name"

_C = TypeVar("_C", bound=type)


def secret(*, default: Any = attrs.NOTHING) -> Any:
    """A field that may hold secrets (a connector configuration with its password, OAuth
    credentials): kept out of the model's repr, so that logging a request never shows them."""
    return attrs.field(default=default, repr=False)


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(attrs.field, secret)
)
def model(cls: _C) -> _C:
    """Declare an API model: a frozen, slotted, keyword-only attrs class.

    Frozen because a decoded response is a value; use :func:`attrs.evolve` to derive a changed copy.
    """
    return attrs.frozen(kw_only=True)(cls)


def wire(name: str) -> Any:
    """A field whose JSON name is ``name`` rather than the camelCase of its attribute name.

    The spec spells a few keys in snake_case (``cpu_limit``, ``shared_state``); this keeps the
    attribute snake_case while the wire keeps the spec's spelling. Such fields are optional.
    """
    return attrs.field(default=None, metadata={WIRE_NAME: name})


class OpenStrEnum(enum.StrEnum):
    """A string enum that accepts values it does not know.

    Airbyte adds enum values over time (``JobStatus.queued`` arrived later, and clients that
    rejected it broke pipelines). An unknown value decodes to a pseudo-member of the same enum
    type that keeps the server's string in ``.value`` and answers ``is_known`` with ``False``.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value is one the client was built with."""
        return self._value_ in type(self)._value2member_map_


def from_epoch_seconds(value: int) -> datetime:
    """An aware UTC datetime from epoch seconds (``createdAt``, ``updatedAt``, ``endedAt``)."""
    return datetime.fromtimestamp(value, tz=UTC)


def from_epoch_millis(value: int) -> datetime:
    """An aware UTC datetime from epoch milliseconds (a failure's ``timestamp``)."""
    return datetime.fromtimestamp(value / 1000, tz=UTC)
