"""OAuth consent and completion (``/v1/source_oauths/...``, ``/v1/destination_oauths/...``), as
``OAuthHandler`` and the flows of ``airbyte-oauth`` (``BaseOAuth2Flow``) do them.

- A definition without an OAuth flow (no ``advancedAuth`` in its specification here; in the
  server, no flow for its image) fails: ``OAuthImplementationFactory.create`` throws, a 500.
  An unknown definition is the definitions' 404.
- The flow needs the instance-wide ``client_id`` and ``client_secret`` (``oauth_params/create``):
  without them, a 500 ``Undefined parameter 'client_id' necessary for the OAuth Flow.``.
- The consent URL is the provider's: Google's for Google Sheets, ``https://<host>/oauth/authorize``
  for Snowflake (``host`` from the OAuth inputs, or from the stored actor's configuration when
  ``sourceId``/``destinationId`` is given), with ``client_id``, ``redirect_uri``, ``state``.
- ``complete_oauth`` exchanges the query parameters' ``code`` for credentials (made up from the
  code, one per property of the spec's ``completeOAuthOutputSpecification``; the server output's
  ``client_id``/``client_secret`` masked). ``error=access_denied`` answers
  ``request_succeeded: false``; no ``code`` is a 500. 0.40 answers the credentials alone, 2.x
  ``{request_succeeded, auth_payload}`` (or a ``secretId`` with ``returnSecretCoordinate``).
- ``oauth_params/create`` replaces a definition's parameters and answers 200 with an empty body,
  as the real server's ``void`` controller method does.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from .backend import Backend
from .connectors import SECRET_MASK, Definitions
from .errors import ApiError
from .operations import Handler, Route
from .platform_operations import internal_error
from .validation import ANY, BOOLEAN, OBJECT, STRING, UUID, Obj, Spec

__all__ = ["MODERN_REQUEST_SCHEMAS", "REQUEST_SCHEMAS", "ROUTES", "OAuthState"]

SOURCE = "source"
DESTINATION = "destination"
_GOOGLE_SCOPE = (
    "https://www.googleapis.com/auth/spreadsheets.readonly "
    "https://www.googleapis.com/auth/drive.readonly"
)
_FRAMES = [
    "io.airbyte.oauth.BaseOAuth2Flow.getSourceConsentUrl(BaseOAuth2Flow.kt:112)",
    "io.airbyte.commons.server.handlers.OAuthHandler.getSourceOAuthConsent(OAuthHandler.kt:185)",
    "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
]


class OAuthState:
    """Instance-wide OAuth parameters per definition, and the consents handed out."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self.params: dict[str, dict[str, Any]] = {}
        """``params`` of ``oauth_params/create`` by definition id (secrets: never rendered)."""
        self._states = itertools.count(1)

    # -- what a flow needs ------------------------------------------------------------------

    def _definition(self, kind: str, definition_id: str) -> tuple[str, dict[str, Any]]:
        """The definition's id and ``advancedAuth``; 404 if unknown, 500 without a flow."""
        definitions = self._b.family(Definitions)
        read = definitions.read(kind, definition_id)
        spec = definitions.specification(kind, definition_id)
        auth = spec.get("advancedAuth")
        if auth is None:
            raise internal_error(
                f"Requested OAuth implementation for {read['dockerRepository']}, but it is not "
                "included in the oauth mapping.",
                "java.lang.IllegalStateException",
                _FRAMES,
            )
        return read[f"{kind}DefinitionId"], auth

    def _param(self, definition_id: str, name: str) -> str:
        """``BaseOAuthFlow.getConfigValueUnsafe`` of the instance-wide parameters."""
        value = self.params.get(definition_id, {}).get(name)
        if value is None:
            raise internal_error(
                f"Undefined parameter '{name}' necessary for the OAuth Flow.",
                "java.lang.IllegalArgumentException",
                _FRAMES,
            )
        return str(value)

    def _inputs(self, kind: str, body: dict[str, Any], auth: dict[str, Any]) -> dict[str, Any]:
        """The OAuth inputs: the request's, masked ones filled from the stored actor's
        configuration (``getOAuthInputConfigurationForConsent``), over the parameters."""
        given = body.get("oAuthInputConfiguration")
        inputs = dict(given) if isinstance(given, dict) else {}
        actor_id = body.get(f"{kind}Id")
        if actor_id is not None:
            actor = (self._b.store.source if kind == SOURCE else self._b.store.destination)(
                actor_id
            )
            user_input = auth["oauthConfigSpecification"].get(
                "oauthUserInputFromConnectorConfigSpecification", {}
            )
            stored = {}
            for key, prop in (user_input.get("properties") or {}).items():
                value: Any = actor["connectionConfiguration"]
                for step in prop.get("path_in_connector_config", [key]):
                    value = value.get(step) if isinstance(value, dict) else None
                if value is not None:
                    stored[key] = value
            inputs = {
                key: stored[key] if value == SECRET_MASK else value
                for key, value in inputs.items()
                if value != SECRET_MASK or key in stored
            }
        definition_id = body[f"{kind}DefinitionId"].lower()
        return {**self.params.get(definition_id, {}), **inputs}

    # -- the operations -----------------------------------------------------------------------

    def consent_url(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """``OAuthConsentRead``: the provider's consent screen for this definition."""
        definition_id, auth = self._definition(kind, body[f"{kind}DefinitionId"])
        inputs = self._inputs(kind, body, auth)
        client_id = self._param(definition_id, "client_id")
        state = hashlib.sha256(f"{definition_id}:{next(self._states)}".encode()).hexdigest()
        state = "".join(chr(ord("a") + int(c, 16) % 26) for c in state[:7])  # randomAlpha(7)
        query = {
            "client_id": client_id,
            "redirect_uri": body["redirectUrl"],
            "response_type": "code",
        }
        repository = self._b.family(Definitions).read(kind, definition_id)["dockerRepository"]
        if "google" in repository:  # GoogleOAuthFlow.formatConsentUrl
            query.update(
                scope=_GOOGLE_SCOPE,
                access_type="offline",
                state=state,
                include_granted_scopes="true",
                prompt="consent",
            )
            base = "https://accounts.google.com/o/oauth2/v2/auth"
        else:  # SnowflakeOAuthFlow: the account's own authorization server
            query["state"] = state
            base = f"https://{inputs.get('host', '')}/oauth/authorize"
        return {"consentUrl": f"{base}?{urlencode(query)}"}

    def complete(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """The credentials for the redirect's ``code`` (``BaseOAuth2Flow.completeSourceOAuth``)."""
        definition_id, auth = self._definition(kind, body[f"{kind}DefinitionId"])
        self._inputs(kind, body, auth)  # a sourceId/destinationId must exist
        query = body.get("queryParams") or {}
        modern = self._b.config.modern
        if query.get("error") == "access_denied":
            result: dict[str, Any] = {"request_succeeded": False, "request_error": "access_denied"}
            return _response(result) if modern else result
        self._param(definition_id, "client_id")
        self._param(definition_id, "client_secret")
        code = query.get("code")
        if not isinstance(code, str):
            raise internal_error(
                "Undefined 'code' from consent redirected url.", "java.io.IOException", _FRAMES
            )
        specification = auth["oauthConfigSpecification"]
        output = specification.get("completeOAuthOutputSpecification", {}).get("properties", {})
        digest = hashlib.sha256(f"{definition_id}:{code}".encode()).hexdigest()
        credentials: dict[str, Any] = {key: f"{key.split('_')[0]}-{digest[:24]}" for key in output}
        server = specification.get("completeOAuthServerOutputSpecification", {})
        for key in server.get("properties", {}):
            if key in self.params.get(definition_id, {}):
                credentials[key] = SECRET_MASK  # the server never echoes its own secrets
        if not modern:
            return credentials
        if body.get("returnSecretCoordinate"):
            workspace = body["workspaceId"]
            coordinate = f"airbyte_oauth_workspace_{workspace}_secret_{self._b.store.new_id()}_v1"
            return _response({"secretId": coordinate})
        return _response(credentials)

    def set_params(self, kind: str, body: dict[str, Any]) -> None:
        """Replace a definition's instance-wide OAuth parameters."""
        definition_id = body[f"{kind}DefinitionId"]
        try:
            self._b.family(Definitions).read(kind, definition_id)
        except ApiError:
            # No lookup first: the row's foreign key to the definition fails (a 500).
            raise internal_error(
                'ERROR: insert or update on table "actor_oauth_parameter" violates foreign key '
                'constraint "actor_oauth_parameter_actor_definition_id_fkey"',
                "org.jooq.exception.DataAccessException",
                _FRAMES,
            ) from None
        self.params[definition_id.lower()] = dict(body["params"])


def _response(result: dict[str, Any]) -> dict[str, Any]:
    """``OAuthHelper.mapToCompleteOAuthResponse``: the 2.x ``CompleteOAuthResponse``."""
    response: dict[str, Any] = {"request_succeeded": result.get("request_succeeded", True)}
    if "request_error" in result:
        response["request_error"] = result["request_error"]
    response["auth_payload"] = {
        k: v for k, v in result.items() if k not in ("request_succeeded", "request_error")
    }
    return response


# -- routes -----------------------------------------------------------------------------------


def _handler(kind: str, action: str) -> Handler:
    def handle(b: Backend, body: dict[str, Any]) -> Any:
        state = b.family(OAuthState)
        if action == "consent":
            return state.consent_url(kind, body)
        if action == "complete":
            return state.complete(kind, body)
        state.set_params(kind, body)
        return web.Response(status=200)

    return handle


def _consent(kind: str) -> Obj:
    props: dict[str, Spec] = {
        f"{kind}DefinitionId": UUID,
        "workspaceId": UUID,
        "redirectUrl": STRING,
        "oAuthInputConfiguration": ANY,
        f"{kind}Id": UUID,
    }
    return Obj(
        props=props, required=frozenset({f"{kind}DefinitionId", "workspaceId", "redirectUrl"})
    )


def _complete(kind: str, *, modern: bool = False) -> Obj:
    props: dict[str, Spec] = {
        f"{kind}DefinitionId": UUID,
        "workspaceId": UUID,
        "redirectUrl": STRING,
        "queryParams": OBJECT,
        "oAuthInputConfiguration": ANY,
        f"{kind}Id": UUID,
    }
    if modern:
        props["returnSecretCoordinate"] = BOOLEAN
    return Obj(props=props, required=frozenset({f"{kind}DefinitionId", "workspaceId"}))


def _params(kind: str) -> Obj:
    return Obj(
        props={f"{kind}DefinitionId": UUID, "params": OBJECT},
        required=frozenset({f"{kind}DefinitionId", "params"}),
    )


REQUEST_SCHEMAS: dict[str, Obj] = {
    "SourceOauthConsentRequest": _consent(SOURCE),
    "DestinationOauthConsentRequest": _consent(DESTINATION),
    "CompleteSourceOauthRequest": _complete(SOURCE),
    "CompleteDestinationOAuthRequest": _complete(DESTINATION),
    "SetInstancewideSourceOauthParamsRequestBody": _params(SOURCE),
    "SetInstancewideDestinationOauthParamsRequestBody": _params(DESTINATION),
}
MODERN_REQUEST_SCHEMAS: dict[str, Obj] = {
    # 1.0 added returnSecretCoordinate to the source's completion only.
    "CompleteSourceOauthRequest": _complete(SOURCE, modern=True),
}
ROUTES: dict[str, Route] = {
    "/api/v1/source_oauths/oauth_params/create": Route(
        "POST",
        "setInstancewideSourceOauthParams",
        "SetInstancewideSourceOauthParamsRequestBody",
        _handler(SOURCE, "params"),
    ),
    "/api/v1/source_oauths/get_consent_url": Route(
        "POST", "getSourceOAuthConsent", "SourceOauthConsentRequest", _handler(SOURCE, "consent")
    ),
    "/api/v1/source_oauths/complete_oauth": Route(
        "POST", "completeSourceOAuth", "CompleteSourceOauthRequest", _handler(SOURCE, "complete")
    ),
    "/api/v1/destination_oauths/get_consent_url": Route(
        "POST",
        "getDestinationOAuthConsent",
        "DestinationOauthConsentRequest",
        _handler(DESTINATION, "consent"),
    ),
    "/api/v1/destination_oauths/complete_oauth": Route(
        "POST",
        "completeDestinationOAuth",
        "CompleteDestinationOAuthRequest",
        _handler(DESTINATION, "complete"),
    ),
    "/api/v1/destination_oauths/oauth_params/create": Route(
        "POST",
        "setInstancewideDestinationOauthParams",
        "SetInstancewideDestinationOauthParamsRequestBody",
        _handler(DESTINATION, "params"),
    ),
}
