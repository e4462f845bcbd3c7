"""OAuth: consent URLs, completing a flow, instance-wide OAuth parameters.

Client ids, client secrets and the credentials a completed flow returns are secrets: the fields
holding them stay out of the models' reprs.
"""

from typing import Any
from uuid import UUID

import attrs

from ._base import WIRE_NAME, model, secret, wire

__all__ = [
    "SourceOauthConsentRequest",
    "DestinationOauthConsentRequest",
    "OAuthConsentRead",
    "CompleteSourceOauthRequest",
    "CompleteDestinationOAuthRequest",
    "CompleteOAuthResponse",
    "SetInstancewideSourceOauthParamsRequestBody",
    "SetInstancewideDestinationOauthParamsRequestBody",
]


@model
class SourceOauthConsentRequest:
    """A request for the consent URL of a source connector's OAuth flow.

    ``o_auth_input_configuration``: the user's OAuth inputs (``oAuthInputConfiguration``);
    ``source_id``: an existing source whose stored inputs fill the masked ones.
    ``requested_scopes`` and ``requested_optional_scopes``: 2026 servers.
    """

    source_definition_id: UUID
    workspace_id: UUID
    redirect_url: str
    o_auth_input_configuration: dict[str, Any] | None = secret(default=None)
    source_id: UUID | None = None
    requested_scopes: list[str] | None = None
    requested_optional_scopes: list[str] | None = None


@model
class DestinationOauthConsentRequest:
    """A request for the consent URL of a destination connector's OAuth flow."""

    destination_definition_id: UUID
    workspace_id: UUID
    redirect_url: str
    o_auth_input_configuration: dict[str, Any] | None = secret(default=None)
    destination_id: UUID | None = None


@model
class OAuthConsentRead:
    """Where to send the user to grant consent."""

    consent_url: str


@model
class CompleteSourceOauthRequest:
    """The end of a source's OAuth flow: the redirect's query parameters (its ``code``).

    ``return_secret_coordinate`` (1.0 and later): answer a reference to the stored tokens
    instead of the tokens.
    """

    source_definition_id: UUID
    workspace_id: UUID
    redirect_url: str | None = None
    query_params: dict[str, Any] | None = secret(default=None)
    o_auth_input_configuration: dict[str, Any] | None = secret(default=None)
    return_secret_coordinate: bool | None = None
    source_id: UUID | None = None
    requested_scopes: list[str] | None = None
    requested_optional_scopes: list[str] | None = None


@model
class CompleteDestinationOAuthRequest:
    """The end of a destination's OAuth flow: the redirect's query parameters (its ``code``)."""

    destination_definition_id: UUID
    workspace_id: UUID
    redirect_url: str | None = None
    query_params: dict[str, Any] | None = secret(default=None)
    o_auth_input_configuration: dict[str, Any] | None = secret(default=None)
    destination_id: UUID | None = None


@model
class CompleteOAuthResponse:
    """What a completed OAuth flow gives: the credentials to put in the connector's configuration.

    1.0 and later answer ``{request_succeeded, request_error, auth_payload}``; 0.40 servers answer
    the credentials alone, which the client puts in ``auth_payload`` (``request_succeeded``
    true). ``auth_payload`` holds secrets (tokens), never shown in the repr.
    """

    request_succeeded: bool | None = wire("request_succeeded")
    request_error: str | None = wire("request_error")
    auth_payload: dict[str, Any] | None = attrs.field(
        default=None, repr=False, metadata={WIRE_NAME: "auth_payload"}
    )


@model
class SetInstancewideSourceOauthParamsRequestBody:
    """The OAuth parameters (client id, client secret...) of a source definition, for all."""

    source_definition_id: UUID
    params: dict[str, Any] = secret()


@model
class SetInstancewideDestinationOauthParamsRequestBody:
    """The OAuth parameters of a destination definition, for every workspace."""

    destination_definition_id: UUID
    params: dict[str, Any] = secret()
