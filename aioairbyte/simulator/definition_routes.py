"""Source and destination definitions and their specifications.

The family's tables, joined by :mod:`~aioairbyte.simulator.routes`: ``ROUTES`` (served by both
profiles, minus the paths a modern server removed), ``REQUEST_SCHEMAS`` (their 0.40 request
schemas; the modern profile uses them modernized), ``MODERN_ROUTES`` and
``MODERN_REQUEST_SCHEMAS`` (what only the modern profile serves, or serves differently).

The handlers follow ``SourceDefinitionsHandler``, ``DestinationDefinitionsHandler`` and
``ConnectorDefinitionSpecificationHandler``; the records are
:class:`~aioairbyte.simulator.connectors.Definitions`. Both kinds share one handler each,
made for the kind by :func:`_routes`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from .backend import Backend
from .connectors import DESTINATION, SOURCE, Definitions, modern_destination, modern_source
from .errors import ApiError
from .operations import NO_CONTENT, Handler, Route
from .validation import BOOLEAN, RESOURCE_REQUIREMENTS, STRING, UUID, Arr, Enum, Obj, Spec

__all__ = ["MODERN_REQUEST_SCHEMAS", "MODERN_ROUTES", "REQUEST_SCHEMAS", "ROUTES"]

_ID_KEY = {SOURCE: "sourceDefinitionId", DESTINATION: "destinationDefinitionId"}
_BODY_KEY = {SOURCE: "sourceDefinition", DESTINATION: "destinationDefinition"}
_LIST_KEY = {SOURCE: "sourceDefinitions", DESTINATION: "destinationDefinitions"}
_TITLE = {SOURCE: "Source", DESTINATION: "Destination"}
_SCOPE_TYPE = Enum(("workspace", "organization"))
_ID_NOT_FOUND = "io.airbyte.commons.server.errors.IdNotFoundKnownException"


def _cannot_use(definition_id: str) -> ApiError:
    """``getSourceDefinitionForWorkspace``: ``IdNotFoundKnownException`` (a known one: the
    2.x body keeps its message)."""
    message = "Cannot find the requested definition with given id for this workspace"
    return ApiError(
        404,
        {
            "message": message,
            "exceptionClassName": _ID_NOT_FOUND,
            "exceptionStack": [
                f"{_ID_NOT_FOUND}: {message}",
                "io.airbyte.commons.server.handlers.SourceDefinitionsHandler"
                ".getSourceDefinitionForWorkspace(SourceDefinitionsHandler.kt:262)",
            ],
            "id": definition_id,
        },
        known=True,
    )


def _unprocessable(message: str) -> ApiError:
    """A 422 ``UnprocessableEntityProblem`` (2.x ``resolveWorkspaceId``)."""
    return ApiError(
        422,
        {
            "message": message,
            "exceptionClassName": "io.airbyte.api.problems.throwable.generated"
            ".UnprocessableEntityProblem",
            "exceptionStack": [],
            "validationErrors": [],
        },
    )


class _Kind:
    """The handlers of one kind of definition (``"source"`` or ``"destination"``)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.id_key = _ID_KEY[kind]

    def shaped(self, b: Backend, read: dict[str, Any]) -> dict[str, Any]:
        """The read as the profile answers it: 2.x fields, no normalization on modern."""
        if not b.config.modern:
            return read
        custom = read[self.id_key] in b.family(Definitions).custom
        shape = modern_source if self.kind == SOURCE else modern_destination
        return shape(read, custom=custom)

    def listed(self, b: Backend, reads: list[dict[str, Any]]) -> dict[str, Any]:
        return {_LIST_KEY[self.kind]: [self.shaped(b, read) for read in reads]}

    def list(self, b: Backend, _: dict[str, Any]) -> Any:
        # listSourceDefinitions: every definition of the instance but the deleted ones.
        return self.listed(b, b.family(Definitions).all(self.kind))

    def list_latest(self, b: Backend, _: dict[str, Any]) -> Any:
        # The server reads the remote registry; the simulator's registry is its seeded
        # catalogue, as published (no custom definitions, none deleted).
        definitions = b.family(Definitions)
        return self.listed(
            b,
            [
                read
                for read in definitions.all(self.kind, include_tombstone=True)
                if read[self.id_key] in definitions.public
            ],
        )

    def list_for_workspace(self, b: Backend, body: dict[str, Any]) -> Any:
        definitions = b.family(Definitions)
        workspace_id = body["workspaceId"]
        if not b.config.modern:
            # 0.40 lists public and granted definitions without reading the workspace.
            return self.listed(b, definitions.for_workspace(self.kind, workspace_id))
        b.store.workspace(workspace_id)  # getStandardWorkspaceNoSecrets: 404 if unknown
        if body.get("filterByUsed"):
            # listSourceDefinitionsUsedByWorkspace: those of the workspace's actors.
            used = {
                actor[self.id_key]
                for actor in (
                    b.store.sources_in(workspace_id)
                    if self.kind == SOURCE
                    else b.store.destinations_in(workspace_id)
                )
            }
            reads = [read for read in definitions.all(self.kind) if read[self.id_key] in used]
            return self.listed(b, reads)
        return self.listed(b, definitions.for_workspace(self.kind, workspace_id))

    def list_private(self, b: Backend, body: dict[str, Any]) -> Any:
        grantable = b.family(Definitions).grantable(self.kind, body["workspaceId"])
        return {
            _LIST_KEY[self.kind]: [
                {_BODY_KEY[self.kind]: self.shaped(b, read), "granted": granted}
                for read, granted in grantable
            ]
        }

    def get(self, b: Backend, body: dict[str, Any]) -> Any:
        # getSourceDefinition(id, includeTombstone = true)
        return self.shaped(b, b.family(Definitions).read(self.kind, body[self.id_key]))

    def get_for_workspace(self, b: Backend, body: dict[str, Any]) -> Any:
        definitions = b.family(Definitions)
        definition_id = body[self.id_key]
        if not definitions.usable_by(definition_id, body["workspaceId"]):
            raise _cannot_use(definition_id)
        return self.shaped(b, definitions.read(self.kind, definition_id))

    def create_custom(self, b: Backend, body: dict[str, Any]) -> Any:
        # The controller maps a legacy workspaceId to a workspace scope; the handler needs a
        # workspace to run the image's spec in (resolveWorkspaceId).
        workspace_id = body.get("workspaceId")
        scope: tuple[str, str]
        if workspace_id is not None:
            scope = ("workspace", workspace_id)
        elif body.get("scopeType") == "workspace" and "scopeId" in body:
            workspace_id = body["scopeId"]
            scope = ("workspace", workspace_id)
        else:
            title = _TITLE[self.kind].lower()
            raise _unprocessable(
                f"Cannot determine workspace ID for custom {title} definition creation: {body}"
            )
        b.store.workspace(workspace_id)
        read = b.family(Definitions).create_custom(self.kind, body[_BODY_KEY[self.kind]], scope)
        return self.shaped(b, read)

    def update(self, b: Backend, body: dict[str, Any]) -> Any:
        definitions = b.family(Definitions)
        if "dockerImageTag" not in body:
            # 0.40 destinations: the document's typo leaves the tag unchecked; the server
            # keeps the default version when none is given.
            body = {
                **body,
                "dockerImageTag": definitions.read(self.kind, body[self.id_key])["dockerImageTag"],
            }
        return self.shaped(b, definitions.update(self.kind, body[self.id_key], body))

    def delete(self, b: Backend, body: dict[str, Any]) -> Any:
        b.family(Definitions).delete(self.kind, body[self.id_key])
        return NO_CONTENT

    def _scope(self, b: Backend, body: dict[str, Any]) -> tuple[str, tuple[str, str]]:
        if not b.config.modern:
            b.store.workspace(body["workspaceId"])  # the grant's foreign key
            return body[self.id_key], ("workspace", body["workspaceId"])
        if body["scopeType"] == "workspace":
            b.store.workspace(body["scopeId"])
        return body["actorDefinitionId"], (body["scopeType"], body["scopeId"])

    def grant(self, b: Backend, body: dict[str, Any]) -> Any:
        definition_id, scope = self._scope(b, body)
        read = b.family(Definitions).grant(self.kind, definition_id, scope)
        return {_BODY_KEY[self.kind]: self.shaped(b, read), "granted": True}

    def revoke(self, b: Backend, body: dict[str, Any]) -> Any:
        if b.config.modern:
            definition_id, scope = body["actorDefinitionId"], (body["scopeType"], body["scopeId"])
        else:
            definition_id, scope = body[self.id_key], ("workspace", body["workspaceId"])
        b.family(Definitions).revoke(definition_id, scope)
        return NO_CONTENT

    def specification(self, b: Backend, body: dict[str, Any]) -> Any:
        # ConnectorDefinitionSpecificationHandler.getSourceDefinitionSpecification: the stored
        # spec, with a mock get_spec job; 2.x reads the workspace's organization first.
        definitions = b.family(Definitions)
        spec = definitions.specification(self.kind, body[self.id_key])
        if b.config.modern:
            b.store.workspace(body["workspaceId"])
        clock = b.config.clock
        now = int((clock.time() if clock is not None else time.time()) * 1000)
        answer: dict[str, Any] = {
            self.id_key: definitions.read(self.kind, body[self.id_key])[self.id_key],
            "documentationUrl": spec["documentationUrl"],
            "connectionSpecification": spec["connectionSpecification"],
            "jobInfo": _spec_job(now),
        }
        if "advancedAuth" in spec:
            answer["advancedAuth"] = spec["advancedAuth"]
            if b.config.modern:
                # No instance-wide OAuth parameters are configured for the connector.
                answer["advancedAuthGlobalCredentialsAvailable"] = False
        if self.kind == DESTINATION:
            modes = list(spec.get("supported_destination_sync_modes", ()))
            if b.config.modern and {"overwrite", "append_dedup"} <= set(modes):
                modes.append("overwrite_dedup")  # getFinalDestinationSyncModes, refreshes
            answer["supportedDestinationSyncModes"] = modes
        return answer


def _spec_job(now_millis: int) -> dict[str, Any]:
    """``JobConverter.getSynchronousJobRead`` of the mock ``GET_SPEC`` job."""
    return {
        "id": str(uuid.uuid4()),
        "configType": "get_spec",
        "createdAt": now_millis,
        "endedAt": now_millis,
        "succeeded": True,
        "logs": {"logLines": []},
    }


def _post(operation_id: str, schema: str | None, handler: Handler) -> Route:
    return Route("POST", operation_id, schema, handler)


def _routes(kind: str, scoped: bool) -> dict[str, Route]:
    k = _Kind(kind)
    title = _TITLE[kind]
    base = f"/api/v1/{kind}_definitions"
    grant_schema = "ActorDefinitionIdWithScope" if scoped else f"{title}DefinitionIdWithWorkspaceId"
    grant_id = f"grant{title}Definition" if scoped else f"grant{title}DefinitionToWorkspace"
    revoke_id = f"revoke{title}Definition" if scoped else f"revoke{title}DefinitionFromWorkspace"
    list_schema = "WorkspaceIdActorDefinitionRequestBody" if scoped else "WorkspaceIdRequestBody"
    by_id = f"{title}DefinitionIdRequestBody"
    with_workspace = f"{title}DefinitionIdWithWorkspaceId"
    table: dict[str, tuple[str, str | None, Callable[[Backend, dict[str, Any]], Any]]] = {
        "list": (f"list{title}Definitions", None, k.list),
        "list_latest": (f"listLatest{title}Definitions", None, k.list_latest),
        "list_for_workspace": (
            f"list{title}DefinitionsForWorkspace",
            list_schema,
            k.list_for_workspace,
        ),
        "list_private": (
            f"listPrivate{title}Definitions",
            "WorkspaceIdRequestBody",
            k.list_private,
        ),
        "get": (f"get{title}Definition", by_id, k.get),
        "get_for_workspace": (
            f"get{title}DefinitionForWorkspace",
            with_workspace,
            k.get_for_workspace,
        ),
        "create_custom": (
            f"createCustom{title}Definition",
            f"Custom{title}DefinitionCreate",
            k.create_custom,
        ),
        "update": (f"update{title}Definition", f"{title}DefinitionUpdate", k.update),
        "delete": (f"delete{title}Definition", by_id, k.delete),
        "grant_definition": (grant_id, grant_schema, k.grant),
        "revoke_definition": (revoke_id, grant_schema, k.revoke),
    }
    routes = {f"{base}/{name}": _post(*entry) for name, entry in table.items()}
    routes[f"/api/v1/{kind}_definition_specifications/get"] = _post(
        f"get{title}DefinitionSpecification", with_workspace, k.specification
    )
    return routes


_JOB_TYPE = Enum(
    (
        "get_spec",
        "check_connection",
        "discover_schema",
        "sync",
        "reset_connection",
        "connection_updater",
        "replicate",
    )
)
# ScopedResourceRequirements (0.40: ActorDefinitionResourceRequirements).
_RESOURCE_REQUIREMENTS = Obj(
    props={
        "default": RESOURCE_REQUIREMENTS,
        "jobSpecific": Arr(
            Obj(
                props={"jobType": _JOB_TYPE, "resourceRequirements": RESOURCE_REQUIREMENTS},
                required=frozenset({"jobType", "resourceRequirements"}),
            )
        ),
    }
)


def _create(title: str, modern: bool) -> Obj:
    definition = Obj(
        props={
            "name": STRING,
            "dockerRepository": STRING,
            "dockerImageTag": STRING,
            "documentationUrl": STRING,
            "icon": STRING,
            "resourceRequirements": _RESOURCE_REQUIREMENTS,
        },
        required=frozenset({"name", "dockerRepository", "dockerImageTag", "documentationUrl"}),
    )
    props: dict[str, Spec] = {"workspaceId": UUID, f"{title.lower()}Definition": definition}
    if not modern:
        return Obj(props=props, required=frozenset(props))
    props.update(scopeId=UUID, scopeType=_SCOPE_TYPE)
    return Obj(props=props, required=frozenset({f"{title.lower()}Definition"}))


def _update(title: str, modern: bool) -> Obj:
    id_key = f"{title.lower()}DefinitionId"
    props: dict[str, Spec] = {
        id_key: UUID,
        "dockerImageTag": STRING,
        "resourceRequirements": _RESOURCE_REQUIREMENTS,
    }
    if not modern:
        # DestinationDefinitionUpdate.required names "dockerImageag" (the document's typo):
        # the 0.40 server never checked the destination's tag.
        required = {id_key} if title == "Destination" else {id_key, "dockerImageTag"}
        return Obj(props=props, required=frozenset(required))
    props.update(workspaceId=UUID, name=STRING)
    return Obj(props=props, required=frozenset({id_key, "dockerImageTag", "workspaceId"}))


def _schemas(modern: bool) -> dict[str, Obj]:
    table: dict[str, Obj] = {}
    for title in ("Source", "Destination"):
        id_key = f"{title.lower()}DefinitionId"
        table[f"{title}DefinitionIdRequestBody"] = Obj(
            props={id_key: UUID}, required=frozenset({id_key})
        )
        table[f"{title}DefinitionIdWithWorkspaceId"] = Obj(
            props={id_key: UUID, "workspaceId": UUID}, required=frozenset({id_key, "workspaceId"})
        )
        table[f"Custom{title}DefinitionCreate"] = _create(title, modern)
        table[f"{title}DefinitionUpdate"] = _update(title, modern)
    if modern:
        table["ActorDefinitionIdWithScope"] = Obj(
            props={"actorDefinitionId": UUID, "scopeId": UUID, "scopeType": _SCOPE_TYPE},
            required=frozenset({"actorDefinitionId", "scopeId", "scopeType"}),
        )
        table["WorkspaceIdActorDefinitionRequestBody"] = Obj(
            props={"workspaceId": UUID, "includeTombstone": BOOLEAN, "filterByUsed": BOOLEAN},
            required=frozenset({"workspaceId"}),
        )
    return table


ROUTES: dict[str, Route] = {**_routes(SOURCE, False), **_routes(DESTINATION, False)}
REQUEST_SCHEMAS: dict[str, Obj] = _schemas(modern=False)
MODERN_ROUTES: dict[str, Route] = {
    path: route
    for path, route in {**_routes(SOURCE, True), **_routes(DESTINATION, True)}.items()
    if path.endswith(("/list_for_workspace", "/grant_definition", "/revoke_definition"))
}
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = _schemas(modern=True)
