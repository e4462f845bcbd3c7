"""The Airbyte Configuration API document as a test oracle (a plain helper, not a test module).

``validate(schema_name, instance)`` checks a body against ``components/schemas/<name>`` with
``jsonschema`` (Draft 4, which OpenAPI 3.0 schemas follow), after converting OpenAPI's
``nullable`` and patching the loaded copy for the document's known defects (see
``../shared/spec/README.md``); the file itself is never changed.

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
    "SPEC_PATH",
    "load_spec",
    "operation",
    "request_schema_name",
    "response_schema_name",
    "schema",
    "validate",
]

SPEC_PATH = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "spec" / "airbyte-config-api.yaml"
)
_BASE_URI = "urn:airbyte-config-api"
_REF_PREFIX = "#/components/schemas/"


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as stream:
        document: dict[str, Any] = yaml.load(
            stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    return document


def load_spec() -> dict[str, Any]:
    """Return the parsed OpenAPI document as published (a shared object: do not mutate it)."""
    if not SPEC_PATH.is_file():
        reason = f"the Airbyte Configuration API spec is missing: {SPEC_PATH.resolve()}"
        if os.environ.get("AIOAIRBYTE_REQUIRE_SPEC") == "1":
            pytest.fail(f"{reason} (required because AIOAIRBYTE_REQUIRE_SPEC=1)")
        pytest.skip(reason)
    return _load(SPEC_PATH)


def _patched_schemas() -> dict[str, Any]:
    """``components/schemas`` with the document's known defects patched."""
    schemas: dict[str, Any] = copy.deepcopy(load_spec()["components"]["schemas"])
    # The property (and every real payload) is jsonSchema; "json_schema" is a typo.
    stream = schemas["AirbyteStream"]
    stream["required"] = ["jsonSchema" if r == "json_schema" else r for r in stream["required"]]
    update = schemas["DestinationDefinitionUpdate"]
    update["required"] = [
        "dockerImageTag" if r == "dockerImageag" else r for r in update["required"]
    ]
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
def _validator(name: str, strict: bool) -> jsonschema.Draft4Validator:
    components = {"schemas": _to_json_schema(_patched_schemas(), strict=strict)}
    resource = DRAFT4.create_resource({"components": components})
    registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
    if name not in components["schemas"]:
        raise KeyError(f"no schema {name!r} in the spec")
    return jsonschema.Draft4Validator(
        {"$ref": f"{_BASE_URI}{_REF_PREFIX}{name}"},
        registry=registry,
        format_checker=jsonschema.FormatChecker(),
    )


def validate(schema_name: str, instance: Any, *, strict: bool = False) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``instance`` matches the named schema.

    ``strict=True`` also rejects properties the schema does not declare (on every object
    schema that lists properties), to catch misspelt or invented fields.
    """
    load_spec()
    _validator(schema_name, strict).validate(instance)


def schema(name: str) -> dict[str, Any]:
    """Return a component schema, patched for the known defects (not converted)."""
    return dict(_patched_schemas()[name])


def operation(path: str, method: str = "post") -> dict[str, Any]:
    """Return the operation object of a path such as ``/api/v1/jobs/get`` or ``/v1/jobs/get``."""
    key = path.removeprefix("/api")
    result: dict[str, Any] = load_spec()["paths"][key][method.lower()]
    return result


def _ref_name(node: dict[str, Any]) -> str:
    ref: str = node["content"]["application/json"]["schema"]["$ref"]
    return ref.removeprefix(_REF_PREFIX)


def request_schema_name(path: str) -> str | None:
    """Name of the request body schema of a POST path, or ``None`` when it has no body."""
    body = operation(path).get("requestBody")
    return None if body is None else _ref_name(body)


def response_schema_name(path: str, status: str = "200", method: str = "post") -> str | None:
    """Name of the response body schema of an operation for ``status`` (``None``: no body)."""
    responses = load_spec()["components"].get("responses", {})
    response = operation(path, method)["responses"][status]
    if "$ref" in response:
        response = responses[response["$ref"].rsplit("/", 1)[-1]]
    return _ref_name(response) if "content" in response else None
