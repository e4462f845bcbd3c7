"""The Airbyte Configuration API document as a test oracle (a plain helper, not a test module).

``validate(schema_name, instance)`` checks a body against ``components/schemas/<name>`` with
``jsonschema`` (Draft 4, which OpenAPI 3.0 schemas follow), after converting OpenAPI's
``nullable`` and patching the loaded copy for the document's known defects (see
``../shared/spec/README.md`` and ``MODERN.md``); the files themselves are never changed.

Every helper takes ``document=``: one of :data:`DOCUMENTS` (``"0.40"``, the 2023 document the
project started from and the default; ``"1.0"``, ``"2.0"``, ``"2026-08"``, the later servers').

When the document is missing (it lives beside the checkout, in ``../shared/spec``), the
calling test is skipped, or fails when ``AIOAIRBYTE_REQUIRE_SPEC=1`` (as CI sets it).
Call these helpers from tests or fixtures, not at import time.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT4

__all__ = [
    "DOCUMENTS",
    "KNOWN_DEFECTS",
    "MODERN",
    "OLD",
    "SPEC_DIR",
    "SPEC_PATH",
    "defects",
    "document_path",
    "has_operation",
    "load_spec",
    "operation",
    "request_schema_name",
    "response_schema_name",
    "schema",
    "validate",
]

SPEC_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "spec"
SPEC_PATH = SPEC_DIR / "airbyte-config-api.yaml"
OLD = "0.40"
#: The documents of the servers people run today, oldest first.
MODERN = ("1.0", "2.0", "2026-08")
#: Every document, oldest first, by the name the helpers take.
DOCUMENTS = (OLD, *MODERN)
_FILES = {
    "1.0": "airbyte-config-api-1.0.0.yaml",
    "2.0": "airbyte-config-api-2.0.0.yaml",
    "2026-08": "airbyte-config-api-2026-08.yaml",
}
#: Required names that are not properties of their schema, per document: typos are mapped to
#: the property the server sends, the rest dropped (the server never sends them). A test checks
#: the table against the documents, so a new document's defects are noticed, not absorbed.
KNOWN_DEFECTS: dict[str, dict[tuple[str, str], str | None]] = {
    OLD: {
        ("AirbyteStream", "json_schema"): "jsonSchema",
        ("DestinationDefinitionUpdate", "dockerImageag"): "dockerImageTag",
    },
}
_MODERN_COMMON: dict[tuple[str, str], str | None] = {
    ("AirbyteStream", "json_schema"): "jsonSchema",
    ("ConnectionEvent", "created_at"): "createdAt",
    ("ConnectionEventWithDetails", "created_at"): "createdAt",
    ("SaveStreamAttemptMetadataRequestBody", "stats"): None,
    ("NotificationWebhookConfigValidationRequestBody", "NotificationTrigger"): None,
    ("ApplicationTokenRequestWithGrant", "grant_type"): "grant-type",
}
KNOWN_DEFECTS["1.0"] = {
    **_MODERN_COMMON,
    ("DestinationDefinitionUpdate", "dockerImageag"): "dockerImageTag",
}
KNOWN_DEFECTS["2.0"] = KNOWN_DEFECTS["2026-08"] = {
    **_MODERN_COMMON,
    ("ConnectorRolloutManualRolloutResponse", "data"): None,
    ("ConnectorRolloutManualFinalizeResponse", "data"): None,
    ("CreateDeclarativeSourceDefinitionRequest", "workspaceId"): None,
}


def document_path(document: str = OLD) -> Path:
    """The file of a document (``SPEC_PATH`` for the 2023 one)."""
    if document == OLD:
        return SPEC_PATH
    return SPEC_DIR / _FILES[document]


_BASE_URI = "urn:airbyte-config-api"
_REF_PREFIX = "#/components/schemas/"


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as stream:
        document: dict[str, Any] = yaml.load(
            stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    return document


def load_spec(document: str = OLD) -> dict[str, Any]:
    """Return a parsed OpenAPI document as published (a shared object: do not mutate it)."""
    path = document_path(document)
    if not path.is_file():
        reason = f"the Airbyte Configuration API spec is missing: {path.resolve()}"
        if os.environ.get("AIOAIRBYTE_REQUIRE_SPEC") == "1":
            pytest.fail(f"{reason} (required because AIOAIRBYTE_REQUIRE_SPEC=1)")
        pytest.skip(reason)
    return _load(path)


def defects(document: str = OLD) -> set[tuple[str, str]]:
    """The (schema, name) pairs a document requires without declaring the property."""
    found = set()
    for name, node in load_spec(document)["components"]["schemas"].items():
        properties = node.get("properties") if isinstance(node, dict) else None
        if isinstance(properties, dict):
            found |= {(name, r) for r in node.get("required", ()) if r not in properties}
    return found


@functools.cache
def _patched_schemas(document: str = OLD) -> dict[str, Any]:
    """``components/schemas`` with the document's known defects patched."""
    schemas: dict[str, Any] = copy.deepcopy(load_spec(document)["components"]["schemas"])
    for (name, required), replacement in KNOWN_DEFECTS[document].items():
        node = schemas[name]
        names = [replacement if r == required else r for r in node["required"]]
        node["required"] = [r for r in names if r is not None]
    # The real 404 body has no "id": NotFoundKnownExceptionInfo only declares it (optional).
    return schemas


def _to_json_schema(node: Any, *, strict: bool) -> Any:
    """Convert OpenAPI 3.0 schema objects to Draft 4 (``nullable``; ``default: null``)."""
    if isinstance(node, list):
        return [_to_json_schema(item, strict=strict) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _to_json_schema(value, strict=strict) for key, value in node.items()}
    if "default" in out and out["default"] is None and not out.get("nullable"):
        del out["default"]  # e.g. namespaceFormat: `default: null` on a non-nullable string
    if out.pop("nullable", False) is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if "$ref" in out:
            out = {"anyOf": [{"$ref": out.pop("$ref")}, {"type": "null"}], **out}
    if strict and isinstance(out.get("properties"), dict) and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


@functools.cache
def _validator(name: str, strict: bool, document: str) -> jsonschema.Draft4Validator:
    components = {"schemas": _to_json_schema(_patched_schemas(document), strict=strict)}
    resource = DRAFT4.create_resource({"components": components})
    registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
    if name not in components["schemas"]:
        raise KeyError(f"no schema {name!r} in the {document} document")
    return jsonschema.Draft4Validator(
        {"$ref": f"{_BASE_URI}{_REF_PREFIX}{name}"},
        registry=registry,
        format_checker=jsonschema.FormatChecker(),
    )


def validate(schema_name: str, instance: Any, *, strict: bool = False, document: str = OLD) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``instance`` matches the named schema.

    ``strict=True`` also rejects properties the schema does not declare (on every object
    schema that lists properties), to catch misspelt or invented fields.
    """
    load_spec(document)
    _validator(schema_name, strict, document).validate(instance)


def schema(name: str, document: str = OLD) -> dict[str, Any]:
    """Return a component schema, patched for the known defects (not converted)."""
    return dict(_patched_schemas(document)[name])


def has_operation(path: str, method: str = "post", document: str = OLD) -> bool:
    """Whether a document has the operation (``/v1/workspaces/list`` is gone from 2.0)."""
    key = path.removeprefix("/api")
    return method.lower() in load_spec(document)["paths"].get(key, {})


def operation(path: str, method: str = "post", document: str = OLD) -> dict[str, Any]:
    """Return the operation object of a path such as ``/api/v1/jobs/get`` or ``/v1/jobs/get``."""
    key = path.removeprefix("/api")
    result: dict[str, Any] = load_spec(document)["paths"][key][method.lower()]
    return result


def _ref_name(node: dict[str, Any]) -> str:
    ref: str = node["content"]["application/json"]["schema"]["$ref"]
    return ref.removeprefix(_REF_PREFIX)


def request_schema_name(path: str, document: str = OLD) -> str | None:
    """Name of the request body schema of a POST path, or ``None`` when it has no body."""
    body = operation(path, document=document).get("requestBody")
    return None if body is None else _ref_name(body)


def response_schema_name(
    path: str, status: str = "200", method: str = "post", document: str = OLD
) -> str | None:
    """Name of the response body schema of an operation for ``status`` (``None``: no body)."""
    responses = load_spec(document)["components"].get("responses", {})
    response = operation(path, method, document)["responses"][status]
    if "$ref" in response:
        response = responses[response["$ref"].rsplit("/", 1)[-1]]
    return _ref_name(response) if "content" in response else None
