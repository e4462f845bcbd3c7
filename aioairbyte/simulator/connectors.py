"""Connector definitions and their specifications: the records of one deployment, and the
server's JSON-schema validation and secret masking of actor configurations.

:class:`Definitions` (``b.family(Definitions)``) holds the seeded definitions of
:mod:`~aioairbyte.simulator.seed` with their specifications
(:mod:`~aioairbyte.simulator.connector_specs`), the custom definitions created since, the
workspace and organization grants, and the tombstones of deleted definitions. Reads come out
in the 0.40 shape; :func:`modern_source` / :func:`modern_destination` give the 2.x one.

:func:`configuration_errors` is the server's ``JsonSchemaValidator.validate`` (networknt
json-schema-validator) over the subset of JSON schema the connector specifications use, with
its messages; :func:`invalid_configuration` is the 422 ``ApiHelper.execute`` answers with them.
:func:`mask_secrets` is ``JsonSecretsProcessor.prepareSecretsForOutput``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

from . import seed
from .backend import Backend
from .connector_specs import DESTINATION_SPECIFICATIONS, SOURCE_SPECIFICATIONS
from .errors import ApiError, not_found
from .shapes import DEFAULT_ORGANIZATION_ID

__all__ = [
    "ACTOR_DELETERS",
    "SECRET_MASK",
    "Definitions",
    "configuration_errors",
    "invalid_configuration",
    "mask_secrets",
    "modern_destination",
    "modern_source",
]

SECRET_MASK = "**********"
"""What the server shows in place of every ``airbyte_secret`` value."""

SOURCE = "source"
DESTINATION = "destination"
_NOT_FOUND_TYPE = {
    SOURCE: "STANDARD_SOURCE_DEFINITION",
    DESTINATION: "STANDARD_DESTINATION_DEFINITION",
}
_ID_KEY = {SOURCE: "sourceDefinitionId", DESTINATION: "destinationDefinitionId"}
#: A workspace scope or an organization scope, as ``(scopeType, scopeId)``.
Scope = tuple[str, str]

ACTOR_DELETERS: dict[str, Callable[[Backend, dict[str, Any]], None]] = {}
"""How to soft-delete a source (key ``"source"``) or destination (``"destination"``) when its
definition is deleted: the actors family registers its own delete here
(``SourceDefinitionsHandler.deleteSourceDefinition`` deletes every source of the definition
through ``SourceHandler.deleteSource``). Without one, :meth:`Definitions.delete` deletes the
actor's connections and drops the actor from the store."""

_GENERIC_SPECIFICATION: dict[str, Any] = {
    "documentationUrl": "https://docs.airbyte.com/integrations",
    "connectionSpecification": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": [],
        "properties": {},
        "additionalProperties": True,
    },
}
_MODERN_GONE = ("normalizationConfig", "supportsDbt")


class Definitions:
    """The source and destination definitions of one simulated deployment."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self._reads: dict[str, dict[str, dict[str, Any]]] = {
            SOURCE: copy.deepcopy(seed.SOURCE_DEFINITIONS),
            DESTINATION: copy.deepcopy(seed.DESTINATION_DEFINITIONS),
        }
        self._specs: dict[str, dict[str, Any]] = copy.deepcopy(
            {**SOURCE_SPECIFICATIONS, **DESTINATION_SPECIFICATIONS}
        )
        self.public: set[str] = set(seed.SOURCE_DEFINITIONS) | set(seed.DESTINATION_DEFINITIONS)
        """Ids of the public (registry) definitions: every workspace can use them."""
        self.custom: set[str] = set()
        """Ids of the custom definitions (``create_custom``)."""
        self.tombstoned: set[str] = set()
        """Ids of the deleted definitions: gone from the lists, still readable by id."""
        self.grants: dict[str, set[Scope]] = {}
        """Scopes each definition is granted to (``actor_definition_workspace_grant``)."""

    # -- the interface the actors use ---------------------------------------------------------

    def source(self, definition_id: str) -> dict[str, Any]:
        """``SourceDefinitionRead`` (0.40 shape), deleted ones included; else the server's 404."""
        return self.read(SOURCE, definition_id)

    def destination(self, definition_id: str) -> dict[str, Any]:
        """``DestinationDefinitionRead`` (0.40 shape), deleted ones included; else the 404."""
        return self.read(DESTINATION, definition_id)

    def source_specification(self, definition_id: str) -> dict[str, Any]:
        """The ``ConnectorSpecification`` of a source definition (404 if unknown)."""
        return self._specs[self.read(SOURCE, definition_id)["sourceDefinitionId"]]

    def destination_specification(self, definition_id: str) -> dict[str, Any]:
        """The ``ConnectorSpecification`` of a destination definition (404 if unknown)."""
        return self._specs[self.read(DESTINATION, definition_id)["destinationDefinitionId"]]

    # -- records ------------------------------------------------------------------------------

    def read(self, kind: str, definition_id: str) -> dict[str, Any]:
        """The read of a ``kind`` (``"source"``/``"destination"``) definition, or the 404."""
        found = self._reads[kind].get(definition_id.lower())
        if found is None:
            raise not_found(_NOT_FOUND_TYPE[kind], definition_id)
        return found

    def specification(self, kind: str, definition_id: str) -> dict[str, Any]:
        """The ``ConnectorSpecification`` of a definition (404 if unknown)."""
        return self._specs[self.read(kind, definition_id)[_ID_KEY[kind]]]

    def all(self, kind: str, *, include_tombstone: bool = False) -> list[dict[str, Any]]:
        """Every definition of a kind, in creation order (deleted ones only if asked)."""
        return [
            read
            for definition_id, read in self._reads[kind].items()
            if include_tombstone or definition_id not in self.tombstoned
        ]

    def scopes_of(self, workspace_id: str) -> set[Scope]:
        """The scopes a workspace reaches: itself and, on the modern profile, its organization."""
        scopes = {("workspace", workspace_id.lower())}
        if self._b.config.modern:
            scopes.add(("organization", DEFAULT_ORGANIZATION_ID))
        return scopes

    def usable_by(self, definition_id: str, workspace_id: str) -> bool:
        """``workspaceCanUseDefinition``: public, or granted to the workspace (or its org)."""
        definition_id = definition_id.lower()
        if definition_id in self.public:
            return True
        return bool(self.grants.get(definition_id, set()) & self.scopes_of(workspace_id))

    def for_workspace(self, kind: str, workspace_id: str) -> list[dict[str, Any]]:
        """``listAllowedSourceDefinitions``: public ones, then those granted, none deleted."""
        return [read for read in self.all(kind) if read[_ID_KEY[kind]] in self.public] + [
            read
            for read in self.all(kind)
            if read[_ID_KEY[kind]] not in self.public
            and self.usable_by(read[_ID_KEY[kind]], workspace_id)
        ]

    def grantable(self, kind: str, workspace_id: str) -> list[tuple[dict[str, Any], bool]]:
        """``listGrantableSourceDefinitions``: non-public, non-custom, not deleted, and whether
        each is granted to the workspace."""
        return [
            (read, self.usable_by(read[_ID_KEY[kind]], workspace_id))
            for read in self.all(kind)
            if read[_ID_KEY[kind]] not in self.public | self.custom
        ]

    def create_custom(self, kind: str, create: dict[str, Any], scope: Scope) -> dict[str, Any]:
        """``createCustomSourceDefinition``: a new private, custom definition granted to
        ``scope``. Its specification is the seeded one of the same image, if any (the server
        runs the image's ``spec``), else an open one."""
        definition_id = self._b.store.new_id()
        read: dict[str, Any] = {
            _ID_KEY[kind]: definition_id,
            "name": create["name"],
            "dockerRepository": create["dockerRepository"],
            "dockerImageTag": create["dockerImageTag"],
            "documentationUrl": create["documentationUrl"],
            "protocolVersion": "0.2.0",
            "releaseStage": "custom",
        }
        for key in ("icon", "resourceRequirements"):
            if key in create:
                read[key] = create[key]
        if kind == SOURCE:
            read["sourceType"] = "custom"
        else:
            read["supportsDbt"] = False
            read["normalizationConfig"] = {"supported": False}
        self._specs[definition_id] = copy.deepcopy(self._image_specification(kind, create))
        self._reads[kind][definition_id] = read
        self.custom.add(definition_id)
        self.grants[definition_id] = {scope}
        return read

    def _image_specification(self, kind: str, create: dict[str, Any]) -> dict[str, Any]:
        for read in self._reads[kind].values():
            if read["dockerRepository"] == create["dockerRepository"]:
                return self._specs[read[_ID_KEY[kind]]]
        return _GENERIC_SPECIFICATION

    def update(self, kind: str, definition_id: str, update: dict[str, Any]) -> dict[str, Any]:
        """``updateSourceDefinition``: a new default image tag, resource requirements, and a new
        name for a custom definition only (``buildSourceDefinitionUpdate``)."""
        read = self.read(kind, definition_id)
        read["dockerImageTag"] = update["dockerImageTag"]
        if "resourceRequirements" in update:
            read["resourceRequirements"] = update["resourceRequirements"]
        if "name" in update and read[_ID_KEY[kind]] in self.custom:
            read["name"] = update["name"]
        return read

    def delete(self, kind: str, definition_id: str) -> None:
        """``deleteSourceDefinition``: soft-delete every actor of the definition (and so their
        connections), then tombstone the definition."""
        definition_id = self.read(kind, definition_id)[_ID_KEY[kind]]
        for actor in list(self._actors(kind, definition_id)):
            deleter = ACTOR_DELETERS.get(kind)
            if deleter is not None:
                deleter(self._b, actor)
            else:
                self._drop_actor(kind, actor)
        self.tombstoned.add(definition_id)

    def _actors(self, kind: str, definition_id: str) -> Iterator[dict[str, Any]]:
        actors = self._b.store.sources if kind == SOURCE else self._b.store.destinations
        for actor in actors.values():
            if actor[_ID_KEY[kind]] == definition_id:
                yield actor

    def _drop_actor(self, kind: str, actor: dict[str, Any]) -> None:
        actor_key = "sourceId" if kind == SOURCE else "destinationId"
        for record in list(self._b.store.connections.values()):
            if record.data[actor_key] == actor[actor_key] and not record.deleted:
                self._b.delete_connection(record)
        actors = self._b.store.sources if kind == SOURCE else self._b.store.destinations
        actors.pop(actor[actor_key], None)

    def grant(self, kind: str, definition_id: str, scope: Scope) -> dict[str, Any]:
        """``grantSourceDefinitionToWorkspaceOrOrganization``: 404 for an unknown definition,
        otherwise the grant is written (again, harmlessly) and the read answered."""
        read = self.read(kind, definition_id)
        self.grants.setdefault(read[_ID_KEY[kind]], set()).add(scope)
        return read

    def revoke(self, definition_id: str, scope: Scope) -> None:
        """``deleteActorDefinitionWorkspaceGrant``: a plain delete, so an unknown definition
        or a grant that does not exist is no error."""
        self.grants.get(definition_id.lower(), set()).discard(scope)


def modern_source(read: dict[str, Any], *, custom: bool) -> dict[str, Any]:
    """The 2.x ``SourceDefinitionRead`` of a 0.40 one (``buildSourceDefinitionRead``)."""
    return {**read, **_modern_fields(read, custom=custom)}


def modern_destination(read: dict[str, Any], *, custom: bool) -> dict[str, Any]:
    """The 2.x ``DestinationDefinitionRead``: no normalization or dbt, the 2.x fields."""
    body = {key: value for key, value in read.items() if key not in _MODERN_GONE}
    return {**body, **_modern_fields(read, custom=custom), "supportsDataActivation": False}


def _modern_fields(read: dict[str, Any], *, custom: bool) -> dict[str, Any]:
    return {
        "custom": custom,
        "enterprise": False,
        "supportLevel": "none" if custom else "certified",
        "language": "java" if read["dockerRepository"].endswith("postgres") else "python",
    }


# -- configuration validation (networknt json-schema-validator) ------------------------------

_TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


def configuration_errors(
    connection_specification: dict[str, Any],
    configuration: dict[str, Any],
    *,
    modern: bool = False,
) -> list[str]:
    """The server's validation messages for ``configuration``; ``[]`` when it is valid.

    The subset of JSON schema connector specifications use: ``type``, ``required``,
    ``properties``, ``additionalProperties: false``, ``enum``, ``const``, ``oneOf``, ``items``,
    ``minimum``/``maximum``. Messages are networknt's (``JsonSchemaValidator.validate``): the
    0.40 server's library says ``$.host: is missing but it is required``, a 1.x/2.x server's
    (``modern``) ``$: required property 'host' not found``. Every failed ``oneOf`` branch adds
    its own messages, as networknt's do. Duplicates are dropped (the server returns a set).
    """
    found: list[str] = []
    _check(connection_specification, configuration, "$", found, modern)
    return list(dict.fromkeys(found))


def invalid_configuration(errors: list[str], connection_specification: dict[str, Any]) -> ApiError:
    """The 422 of a configuration that does not fulfil its specification.

    ``JsonSchemaValidator.ensure`` throws a ``JsonValidationException`` that ``ApiHelper.execute``
    turns into a ``BadObjectSchemaKnownException`` (a known exception: the 2.x body keeps the
    message). ``validationErrors`` is empty: the document's 422 schema requires it.
    """
    detail = (
        "json schema validation failed when comparing the data to the json schema. \n"
        f"Errors: {', '.join(errors)} \n"
        f"Schema: \n{json.dumps(connection_specification, indent=2)}"
    )
    message = f"The provided configuration does not fulfill the specification. Errors: {detail}"
    return ApiError(
        422,
        {
            "message": message,
            "exceptionClassName": "io.airbyte.commons.server.errors.BadObjectSchemaKnownException",
            "exceptionStack": [
                f"io.airbyte.commons.server.errors.BadObjectSchemaKnownException: {message}",
                "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.kt:40)",
            ],
            "validationErrors": [],
        },
        known=True,
    )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "unknown"


def _text(value: Any) -> str:
    """A JSON value as networknt prints it inside its messages (strings unquoted)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, separators=(",", ":"))


def _check(schema: Any, value: Any, path: str, found: list[str], modern: bool) -> None:
    if not isinstance(schema, dict):
        return
    expected = schema.get("type")
    if (isinstance(expected, str) and expected in _TYPES) or isinstance(expected, list):
        kinds = [expected] if isinstance(expected, str) else list(expected)
        actual = _json_type(value)
        if actual not in kinds and not (actual == "integer" and "number" in kinds):
            wanted = kinds[0] if len(kinds) == 1 else f"[{', '.join(kinds)}]"
            found.append(f"{path}: {actual} found, {wanted} expected")
            return
    if "enum" in schema and value not in schema["enum"]:
        values = ", ".join(_text(item) for item in schema["enum"])
        found.append(f"{path}: does not have a value in the enumeration [{values}]")
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: must be a constant value {_text(schema['const'])}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: must have a minimum value of {_text(schema['minimum'])}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: must have a maximum value of {_text(schema['maximum'])}")
    if isinstance(value, dict):
        _check_object(schema, value, path, found, modern)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            _check(schema["items"], item, f"{path}[{index}]", found, modern)
    if isinstance(schema.get("oneOf"), list):
        _check_one_of(schema["oneOf"], value, path, found, modern)


def _check_object(
    schema: dict[str, Any], value: dict[str, Any], path: str, found: list[str], modern: bool
) -> None:
    for name in schema.get("required", ()):
        if name not in value:
            found.append(
                f"{path}: required property '{name}' not found"
                if modern
                else f"{path}.{name}: is missing but it is required"
            )
    properties = schema.get("properties") or {}
    for name, item in value.items():
        if name in properties:
            _check(properties[name], item, f"{path}.{name}", found, modern)
        elif schema.get("additionalProperties") is False:
            found.append(
                f"{path}: property '{name}' is not defined in the schema and the schema does not "
                "allow additional properties"
                if modern
                else f"{path}.{name}: is not defined in the schema and the schema does not allow "
                "additional properties"
            )


def _check_one_of(
    branches: list[Any], value: Any, path: str, found: list[str], modern: bool
) -> None:
    failures: list[list[str]] = []
    for branch in branches:
        errors: list[str] = []
        _check(branch, value, path, errors, modern)
        failures.append(errors)
    valid = sum(1 for errors in failures if not errors)
    if valid == 1:
        return
    verb = "must" if modern else "should"
    found.append(f"{path}: {verb} be valid to one and only one schema, but {valid} are valid")
    for errors in failures:
        found.extend(errors)


# -- secrets ---------------------------------------------------------------------------------


def mask_secrets(
    connection_specification: dict[str, Any], configuration: dict[str, Any]
) -> dict[str, Any]:
    """A copy of ``configuration`` with every ``airbyte_secret`` value shown as ``**********``.

    ``JsonSecretsProcessor.prepareSecretsForOutput``: the secret fields of every ``oneOf``
    branch count (whichever branch the configuration took), and so do array items.
    """
    masked = _mask(connection_specification, configuration)
    return masked if isinstance(masked, dict) else dict(configuration)


def _mask(schema: Any, value: Any) -> Any:
    if not isinstance(schema, dict):
        return copy.deepcopy(value)
    if schema.get("airbyte_secret") is True:
        return SECRET_MASK
    if isinstance(value, dict):
        schemas = [schema, *[b for b in schema.get("oneOf") or () if isinstance(b, dict)]]
        out: dict[str, Any] = {}
        for name, item in value.items():
            props = [s["properties"][name] for s in schemas if name in (s.get("properties") or {})]
            secret = any(isinstance(p, dict) and p.get("airbyte_secret") is True for p in props)
            if secret:
                out[name] = SECRET_MASK
            elif props:
                out[name] = _mask(props[0], item)
            else:
                out[name] = copy.deepcopy(item)
        return out
    if isinstance(value, list):
        return [_mask(schema.get("items"), item) for item in value]
    return copy.deepcopy(value)
