"""Connector specifications: what a definition's configuration must look like, and its OAuth."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, wire
from .catalog import DestinationSyncMode
from .synchronous import SynchronousJobRead

__all__ = [
    "AdvancedAuth",
    "AdvancedAuthAuthFlowType",
    "AuthSpecification",
    "AuthSpecificationAuthType",
    "DestinationAuthSpecification",
    "DestinationDefinitionSpecificationRead",
    "OAuth2Specification",
    "OAuthConfigSpecification",
    "SourceAuthSpecification",
    "SourceDefinitionSpecificationRead",
]


@model
class OAuth2Specification:
    """Where a connector's OAuth parameters sit in its configuration (0.40's legacy flow)."""

    root_object: list[Any]
    oauth_flow_init_parameters: list[list[str]]
    oauth_flow_output_parameters: list[list[str]]


class AuthSpecificationAuthType(OpenStrEnum):
    """The legacy OAuth flow of a connector."""

    OAUTH2_0 = "oauth2.0"


@model
class AuthSpecification:
    """A connector's legacy OAuth description (0.40 servers only; later ones use
    :class:`AdvancedAuth`)."""

    auth_type: AuthSpecificationAuthType | None = wire("auth_type")
    oauth2_specification: OAuth2Specification | None = None


#: The 0.40 document's names of :class:`AuthSpecification` in source and destination reads.
SourceAuthSpecification = AuthSpecification
DestinationAuthSpecification = AuthSpecification


@model
class OAuthConfigSpecification:
    """The JSON schemas of an OAuth flow: what the user enters (with their
    ``path_in_connector_config``), what the flow returns and merges into the configuration,
    and what the instance's OAuth app provides (client id and secret)."""

    oauth_user_input_from_connector_config_specification: dict[str, Any] | None = None
    complete_oauth_output_specification: dict[str, Any] | None = wire(
        "completeOAuthOutputSpecification"
    )
    complete_oauth_server_input_specification: dict[str, Any] | None = wire(
        "completeOAuthServerInputSpecification"
    )
    complete_oauth_server_output_specification: dict[str, Any] | None = wire(
        "completeOAuthServerOutputSpecification"
    )


class AdvancedAuthAuthFlowType(OpenStrEnum):
    """The OAuth version of a connector's flow."""

    OAUTH2_0 = "oauth2.0"
    OAUTH1_0 = "oauth1.0"


@model
class AdvancedAuth:
    """A connector's OAuth flow: applicable when the configuration's ``predicate_key`` path
    holds ``predicate_value`` (e.g. ``credentials.auth_type == "Client"``)."""

    auth_flow_type: AdvancedAuthAuthFlowType | None = None
    predicate_key: list[str] | None = None
    predicate_value: str | None = None
    oauth_config_specification: OAuthConfigSpecification | None = None


@model
class SourceDefinitionSpecificationRead:
    """A source definition's specification: the JSON schema its configurations must follow
    (``airbyte_secret`` marks the secret fields) and its OAuth flow, if any.

    ``auth_specification`` comes from 0.40 servers only; 2.x servers say in
    ``advanced_auth_global_credentials_available`` whether the instance has OAuth app
    credentials for the connector (only when it has an OAuth flow).
    """

    source_definition_id: UUID
    job_info: SynchronousJobRead
    documentation_url: str | None = None
    connection_specification: dict[str, Any] | None = None
    auth_specification: AuthSpecification | None = None
    advanced_auth: AdvancedAuth | None = None
    advanced_auth_global_credentials_available: bool | None = None


@model
class DestinationDefinitionSpecificationRead:
    """A destination definition's specification, its OAuth flow and the sync modes it
    supports (``overwrite_dedup`` from 1.x servers, for destinations that support refreshes)."""

    destination_definition_id: UUID
    job_info: SynchronousJobRead
    documentation_url: str | None = None
    connection_specification: dict[str, Any] | None = None
    auth_specification: AuthSpecification | None = None
    advanced_auth: AdvancedAuth | None = None
    advanced_auth_global_credentials_available: bool | None = None
    supported_destination_sync_modes: list[DestinationSyncMode] | None = None
