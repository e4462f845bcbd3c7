"""Check the models of ``aioairbyte.models`` against every OpenAPI document they must decode.

The tolerant model set is meant to be a mechanical function of the documents (0.40, 1.0, 2.0,
2026-08, as ``tests/spec.py`` loads them, known defects patched). For every attrs model whose
schema is in at least one document, and every open enum, this reports:

- a field the model requires although some document that has the schema does not require it
  (or does not have it): a server of that version would fail to decode;
- a property every document that has the schema requires, missing from the model or optional
  in it (the model would be looser than every server);
- a field whose wire name is a property of no document (a misspelling, or a dropped rename);
- a field whose kind (string, uuid, date-time, integer, number, boolean, JSON object, list of
  ..., a named model or enum) differs from the newest document that has the property (a
  date-time may be a ``datetime`` or a ``str`` kept as sent);
- an enum value some document lists that the enum lacks.

Models that are not schemas of any document are listed as unchecked. Run from the repository
root: ``python tools/model_drift.py`` prints the report and exits 1 on drift, 2 when the
documents are missing (``../shared/spec``).
"""

from __future__ import annotations

import sys
import types
import typing
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aioairbyte import models  # noqa: E402
from aioairbyte.converter import wire_name  # noqa: E402
from aioairbyte.models import OpenStrEnum  # noqa: E402
from tests import spec  # noqa: E402

#: Models named after the newest document whose schema an older document names differently.
ALIASES: dict[str, tuple[str, ...]] = {
    "FailureReason": ("FailureReason", "AttemptFailureReason"),
    "FailureOrigin": ("FailureOrigin", "AttemptFailureOrigin"),
    "FailureType": ("FailureType", "AttemptFailureType"),
    "ScopedResourceRequirements": (
        "ScopedResourceRequirements",
        "ActorDefinitionResourceRequirements",
    ),
}
#: Models of inline schemas: (parent schema, property). A document has the model's schema where
#: that property is an object with properties (``updateStream`` is an array in 0.40).
INLINE: dict[str, tuple[str, str]] = {
    "ConnectionScheduleDataBasicSchedule": ("ConnectionScheduleData", "basicSchedule"),
    "ConnectionScheduleDataCron": ("ConnectionScheduleData", "cron"),
    "OperatorWebhookDbtCloud": ("OperatorWebhook", "dbtCloud"),
    "StreamTransformUpdateStream": ("StreamTransform", "updateStream"),
}
#: Properties every document requires that the real server does not send (the server wins, see
#: ``../shared/spec/README.md``): optional in the model, with the source that shows it.
SERVER_WINS: dict[tuple[str, str], str] = {
    # InstanceConfigurationHandler.instanceConfiguration never sets it.
    ("InstanceConfigurationResponse", "defaultWorkspaceId"): "InstanceConfigurationHandler.kt",
    # JobHistoryHandler.getConnectionSyncProgressInternal answers {connectionId, streams: []}
    # when no job runs.
    ("ConnectionSyncProgressRead", "configType"): "JobHistoryHandler.kt",
    # NotificationsApiController.tryNotificationConfig answers NotificationRead() ({}) on 1.x/2.x.
    ("NotificationRead", "status"): "NotificationsApiController.kt",
    # ConnectionsHandler.diffCatalogAndConditionallyDisable answers a discover with a
    # connectionId without jobInfo (2.x).
    ("SourceDiscoverSchemaRead", "jobInfo"): "ConnectionsHandler.kt",
}
_SCALARS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _schema(name: str, document: str) -> dict[str, Any] | None:
    try:
        return spec.schema(name, document)
    except KeyError:
        return None


def schema_of(model_name: str, document: str) -> dict[str, Any] | None:
    """The schema a model follows in one document, or ``None`` when the document lacks it."""
    if model_name in INLINE:
        parent, prop = INLINE[model_name]
        node = (_schema(parent, document) or {}).get("properties", {}).get(prop)
        return node if isinstance(node, dict) and node.get("properties") else None
    for name in ALIASES.get(model_name, (model_name,)):
        found = _schema(name, document)
        if found is not None:
            return found
    return None


def spec_kind(node: dict[str, Any], document: str) -> str:
    """The kind of a schema node: ``string``, ``uuid``, ``date-time``, ``json``, ``list[...]``,
    a model name, ``enum <Name>`` (``enum`` when inline), ``object`` (an inline object with
    properties), or ``A | B`` for a ``oneOf``."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        target = _schema(name, document) or {}
        if "enum" in target:
            return f"enum {name}"
        if target.get("properties"):
            return name
        if target.get("type") == "object" or "oneOf" in target:
            return "json"  # free-form, or a union the models keep as JSON (mapper configs)
        return spec_kind(target, document)
    for key in ("oneOf", "anyOf"):
        if key in node:
            return " | ".join(sorted(spec_kind(option, document) for option in node[key]))
    if len(node.get("allOf", ())) == 1:
        return spec_kind(node["allOf"][0], document)
    if "enum" in node:
        return "enum"
    kind = node.get("type")
    if kind == "array":
        return f"list[{spec_kind(node.get('items', {}), document)}]"
    if kind == "object" or "properties" in node:
        return "object" if node.get("properties") else "json"
    if kind == "string" and node.get("format") in ("uuid", "date-time"):
        return str(node["format"])
    return _SCALARS.get(str(kind), "json")


def model_kind(tp: Any) -> str:
    """The kind of an annotation, in :func:`spec_kind`'s terms (``None`` is left out)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return " | ".join(sorted(model_kind(arg) for arg in options))
    if typing.get_origin(tp) is list:
        return f"list[{model_kind(typing.get_args(tp)[0])}]"
    if tp == dict[str, Any] or tp is Any:  # free-form JSON values
        return "json"
    if isinstance(tp, type) and issubclass(tp, OpenStrEnum):
        return f"enum {tp.__name__}"
    if attrs.has(tp):
        return "object" if tp.__name__ in INLINE else tp.__name__
    names = {
        str: "string",
        UUID: "uuid",
        int: "integer",
        float: "number",
        bool: "boolean",
        datetime: "date-time",
    }
    return names.get(tp, repr(tp))


def _kinds_agree(expected: str, actual: str) -> bool:
    if expected == actual:
        return True
    if expected == "date-time" and actual == "string":  # answers keep their times as sent
        return True
    if expected.startswith("list[") and actual.startswith("list["):
        return _kinds_agree(expected[5:-1], actual[5:-1])
    if expected == "enum":  # an inline enum: any enum class fits
        return actual.startswith("enum ")
    if expected == "object":  # an inline object: its model is named by the client
        return attrs.has(getattr(models, actual, None))
    return expected.removeprefix("enum ") in ALIASES.get(actual.removeprefix("enum "), ())


def model_drift(cls: type[Any]) -> list[str]:
    """The drift of one attrs model (empty when it is not a schema of any document)."""
    name = cls.__name__
    found = [(d, s) for d in spec.DOCUMENTS if (s := schema_of(name, d)) is not None]
    if not found:
        return []
    properties: dict[str, list[tuple[str, dict[str, Any], bool]]] = {}
    for document, schema in found:
        required = set(schema.get("required", ()))
        for key, node in schema.get("properties", {}).items():
            properties.setdefault(key, []).append((document, node, key in required))
    hints = typing.get_type_hints(cls)
    fields = {wire_name(f): f for f in attrs.fields(cls)}
    out = []
    for key, seen in properties.items():
        everywhere = len(seen) == len(found) and all(required for _, _, required in seen)
        field = fields.get(key)
        if field is None:
            if everywhere:
                out.append(f"{name}.{key}: required in every document, missing from the model")
            continue
        required_here = field.default is attrs.NOTHING
        if required_here and not everywhere:
            lax = [d for d, _ in found if d not in {d for d, _, r in seen if r}]
            out.append(f"{name}.{key}: required by the model, not by {', '.join(lax)}")
        elif everywhere and not required_here and (name, key) not in SERVER_WINS:
            out.append(f"{name}.{key}: required in every document, optional in the model")
        document, node, _ = seen[-1]
        expected, actual = spec_kind(node, document), model_kind(hints[field.name])
        if not _kinds_agree(expected, actual):
            out.append(f"{name}.{key}: the model has {actual}, the {document} document {expected}")
    for key in fields.keys() - properties.keys():
        out.append(f"{name}.{key}: no document has this property (wire-name mismatch?)")
    return out


def enum_drift(cls: type[OpenStrEnum]) -> list[str]:
    """Values an enum's schema lists in some document that the enum lacks."""
    listed: dict[str, str] = {}
    for document in spec.DOCUMENTS:
        schema = schema_of(cls.__name__, document) or {}
        for value in schema.get("enum", ()):
            listed.setdefault(str(value), document)
    known = {member.value for member in cls}
    return [
        f"{cls.__name__}: value {value!r} ({document} document) is not a member"
        for value, document in listed.items()
        if value not in known
    ]


def drift() -> tuple[list[str], list[str]]:
    """Every drift line, and the models that no document has (unchecked)."""
    problems: list[str] = []
    unchecked: list[str] = []
    for name in sorted(models.__all__):
        obj = getattr(models, name)
        if attrs.has(obj):
            if not any(schema_of(name, d) is not None for d in spec.DOCUMENTS):
                unchecked.append(name)
            problems += model_drift(obj)
        elif isinstance(obj, type) and issubclass(obj, OpenStrEnum) and obj is not OpenStrEnum:
            problems += enum_drift(obj)
    return problems, unchecked


def main() -> int:
    """Print the report; 1 on drift, 2 without the documents."""
    try:
        problems, unchecked = drift()
    except BaseException as exc:  # tests/spec.py skips (a pytest outcome) without the documents
        if type(exc).__name__ not in ("Skipped", "Failed"):
            raise
        print(f"cannot check: {exc}", file=sys.stderr)
        return 2
    for line in problems:
        print(line)
    if unchecked:
        print(f"unchecked (no document has their schema): {', '.join(unchecked)}")
    print(f"{len(problems)} drift(s) across {len(spec.DOCUMENTS)} documents")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
