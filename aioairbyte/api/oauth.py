"""``client.source_oauth`` and ``client.destination_oauth``: OAuth consent and completion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from .._args import uuid_arg
from ..converter import decode
from ..endpoints import Endpoint
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..models import (
    CompleteDestinationOAuthRequest,
    CompleteOAuthResponse,
    CompleteSourceOauthRequest,
    DestinationOauthConsentRequest,
    OAuthConsentRead,
    SetInstancewideDestinationOauthParamsRequestBody,
    SetInstancewideSourceOauthParamsRequestBody,
    SourceOauthConsentRequest,
)
from ._base import Resource

__all__ = ["DestinationOAuth", "SourceOAuth"]

# A consent URL is a read (each answer has a fresh state; asking twice is harmless); a code can
# be exchanged once only, so a completion is never resent; parameters are replaced whole.
SOURCE_CONSENT = Endpoint("/v1/source_oauths/get_consent_url", idempotent=True)
SOURCE_COMPLETE = Endpoint("/v1/source_oauths/complete_oauth", idempotent=False)
SOURCE_PARAMS = Endpoint("/v1/source_oauths/oauth_params/create", idempotent=True)
DESTINATION_CONSENT = Endpoint("/v1/destination_oauths/get_consent_url", idempotent=True)
DESTINATION_COMPLETE = Endpoint("/v1/destination_oauths/complete_oauth", idempotent=False)
DESTINATION_PARAMS = Endpoint("/v1/destination_oauths/oauth_params/create", idempotent=True)

_RESPONSE_KEYS = ("request_succeeded", "request_error")


def _text_arg(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(f"{name} must not be empty")
    return value


def _object_arg(value: object, name: str) -> dict[str, Any]:
    """A JSON object with ``str`` keys (values are never echoed: they may be secrets)."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidArgumentTypeError(
            f"{name} must be a mapping with str keys, got {type(value).__name__}"
        )
    return dict(value)


def _optional_object_arg(value: object, name: str) -> dict[str, Any] | None:
    return None if value is None else _object_arg(value, name)


def _completion(answer: Any, operation: str) -> CompleteOAuthResponse:
    """The answer of a completion as :class:`CompleteOAuthResponse`, from either shape.

    1.0 and later answer ``{request_succeeded, request_error, auth_payload}``; 0.40 answers the
    credentials alone, or ``{request_succeeded: false, request_error}`` for a refused consent
    (read as ``OAuthHelper.mapToCompleteOAuthResponse`` reads a flow's output).
    """
    if isinstance(answer, dict) and "auth_payload" in answer:
        return decode(answer, CompleteOAuthResponse, operation=operation)
    fields = decode(answer, dict[str, Any], operation=operation)
    error = fields.get("request_error")
    return CompleteOAuthResponse(
        request_succeeded=fields.get("request_succeeded", True) is True,
        request_error=None if error is None else str(error),
        auth_payload={k: v for k, v in fields.items() if k not in _RESPONSE_KEYS},
    )


class SourceOAuth(Resource):
    """OAuth flows of source connectors (``/v1/source_oauths/...``).

    The flow: :meth:`set_instancewide_params` once (the OAuth app's ``client_id`` and
    ``client_secret``), :meth:`get_consent_url` to send the user to the provider,
    :meth:`complete_oauth` with the query parameters the provider redirected back with.
    A definition whose connector has no OAuth flow makes the server fail (a 500).
    """

    async def get_consent_url(
        self,
        source_definition_id: UUID | str,
        workspace_id: UUID | str,
        redirect_url: str,
        *,
        oauth_input_configuration: Mapping[str, Any] | None = None,
        source_id: UUID | str | None = None,
    ) -> str:
        """The URL of the provider's consent screen, which redirects to ``redirect_url``.

        ``oauth_input_configuration``: the user's OAuth inputs (a host, a subdomain...);
        ``source_id``: an existing source whose stored inputs replace masked ones.
        """
        body = SourceOauthConsentRequest(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id"),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            redirect_url=_text_arg(redirect_url, "redirect_url"),
            o_auth_input_configuration=_optional_object_arg(
                oauth_input_configuration, "oauth_input_configuration"
            ),
            source_id=None if source_id is None else uuid_arg(source_id, "source_id"),
        )
        return (await self._call(SOURCE_CONSENT, body, OAuthConsentRead)).consent_url

    async def complete_oauth(
        self,
        source_definition_id: UUID | str,
        workspace_id: UUID | str,
        query_params: Mapping[str, Any],
        *,
        redirect_url: str | None = None,
        oauth_input_configuration: Mapping[str, Any] | None = None,
        source_id: UUID | str | None = None,
        return_secret_coordinate: bool | None = None,
    ) -> CompleteOAuthResponse:
        """Exchange the redirect's query parameters (its ``code``) for credentials.

        ``auth_payload`` holds what goes into the source's configuration (secrets: the
        server masks its own client id and secret). A refused consent
        (``error=access_denied``) answers ``request_succeeded`` false. Never resent: a code
        is good once. ``return_secret_coordinate`` (1.0 and later): a reference to the stored
        tokens (``secretId``) instead of the tokens.
        """
        if return_secret_coordinate is not None and not isinstance(return_secret_coordinate, bool):
            raise InvalidArgumentTypeError("return_secret_coordinate must be a bool or None")
        body = CompleteSourceOauthRequest(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id"),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            redirect_url=None if redirect_url is None else _text_arg(redirect_url, "redirect_url"),
            query_params=_object_arg(query_params, "query_params"),
            o_auth_input_configuration=_optional_object_arg(
                oauth_input_configuration, "oauth_input_configuration"
            ),
            source_id=None if source_id is None else uuid_arg(source_id, "source_id"),
            return_secret_coordinate=return_secret_coordinate,
        )
        answer = await self._call(SOURCE_COMPLETE, body, dict[str, Any])
        return _completion(answer, str(SOURCE_COMPLETE))

    async def set_instancewide_params(
        self, source_definition_id: UUID | str, params: Mapping[str, Any]
    ) -> None:
        """Set the OAuth parameters (``client_id``, ``client_secret``...) every workspace's
        flows of this source definition use, replacing earlier ones. Needs an instance admin
        on 2.x servers."""
        body = SetInstancewideSourceOauthParamsRequestBody(
            source_definition_id=uuid_arg(source_definition_id, "source_definition_id"),
            params=_object_arg(params, "params"),
        )
        await self._call_raw(SOURCE_PARAMS, body)  # 200 with an empty body


class DestinationOAuth(Resource):
    """OAuth flows of destination connectors (``/v1/destination_oauths/...``), as
    :class:`SourceOAuth` for sources."""

    async def get_consent_url(
        self,
        destination_definition_id: UUID | str,
        workspace_id: UUID | str,
        redirect_url: str,
        *,
        oauth_input_configuration: Mapping[str, Any] | None = None,
        destination_id: UUID | str | None = None,
    ) -> str:
        """The URL of the provider's consent screen, which redirects to ``redirect_url``
        (``destination_id``: an existing destination whose stored inputs replace masked ones)."""
        body = DestinationOauthConsentRequest(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            ),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            redirect_url=_text_arg(redirect_url, "redirect_url"),
            o_auth_input_configuration=_optional_object_arg(
                oauth_input_configuration, "oauth_input_configuration"
            ),
            destination_id=None
            if destination_id is None
            else uuid_arg(destination_id, "destination_id"),
        )
        return (await self._call(DESTINATION_CONSENT, body, OAuthConsentRead)).consent_url

    async def complete_oauth(
        self,
        destination_definition_id: UUID | str,
        workspace_id: UUID | str,
        query_params: Mapping[str, Any],
        *,
        redirect_url: str | None = None,
        oauth_input_configuration: Mapping[str, Any] | None = None,
        destination_id: UUID | str | None = None,
    ) -> CompleteOAuthResponse:
        """Exchange the redirect's query parameters (its ``code``) for credentials, as
        :meth:`SourceOAuth.complete_oauth` (never resent)."""
        body = CompleteDestinationOAuthRequest(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            ),
            workspace_id=uuid_arg(workspace_id, "workspace_id"),
            redirect_url=None if redirect_url is None else _text_arg(redirect_url, "redirect_url"),
            query_params=_object_arg(query_params, "query_params"),
            o_auth_input_configuration=_optional_object_arg(
                oauth_input_configuration, "oauth_input_configuration"
            ),
            destination_id=None
            if destination_id is None
            else uuid_arg(destination_id, "destination_id"),
        )
        answer = await self._call(DESTINATION_COMPLETE, body, dict[str, Any])
        return _completion(answer, str(DESTINATION_COMPLETE))

    async def set_instancewide_params(
        self, destination_definition_id: UUID | str, params: Mapping[str, Any]
    ) -> None:
        """Set the OAuth parameters every workspace's flows of this destination definition
        use, replacing earlier ones (an instance admin on 2.x servers)."""
        body = SetInstancewideDestinationOauthParamsRequestBody(
            destination_definition_id=uuid_arg(
                destination_definition_id, "destination_definition_id"
            ),
            params=_object_arg(params, "params"),
        )
        await self._call_raw(DESTINATION_PARAMS, body)  # 200 with an empty body
