"""The instance configuration of a 1.x/2.x server (``GET /v1/instance_configuration``).

0.40 servers do not have the operation. It names the default user (whose workspaces
``workspaces.list()`` lists on servers without ``/v1/workspaces/list``), the edition, the
version and the auth mode.
"""

from uuid import UUID

from ._base import OpenStrEnum, model

__all__ = [
    "AuthConfiguration",
    "AuthMode",
    "Edition",
    "InstanceConfigurationResponse",
    "LicenseStatus",
    "TrackingStrategy",
    "ListWorkspacesByUserRequestBody",
]


class AuthMode(OpenStrEnum):
    """How the server authenticates requests."""

    NONE = "none"
    SIMPLE = "simple"
    OIDC = "oidc"


class Edition(OpenStrEnum):
    """The Airbyte edition the server runs."""

    COMMUNITY = "community"
    PRO = "pro"
    ENTERPRISE = "enterprise"
    TRIAL = "trial"


class LicenseStatus(OpenStrEnum):
    """The state of an enterprise license."""

    PRO = "pro"
    INVALID = "invalid"
    EXCEEDED = "exceeded"
    EXPIRED = "expired"


class TrackingStrategy(OpenStrEnum):
    """Where the server sends its usage tracking."""

    LOGGING = "logging"
    SEGMENT = "segment"


@model
class AuthConfiguration:
    """The server's auth mode (``simple``: application tokens; ``none``: no credentials)."""

    mode: AuthMode
    client_id: str | None = None
    default_realm: str | None = None
    authorization_server_url: str | None = None
    audience: str | None = None
    extra_scopes: str | None = None


@model
class InstanceConfigurationResponse:
    """What the server says of itself: edition, version, auth and its defaults.

    Required here where every document that has it requires it (1.0.0 to 2026-08), except
    ``default_workspace_id``: the documents require it, the server never sends it
    (``InstanceConfigurationHandler``), and ``license_status``, absent without a license.
    """

    edition: Edition
    version: str
    auth: AuthConfiguration
    airbyte_url: str
    initial_setup_complete: bool
    default_user_id: UUID
    default_organization_id: UUID
    default_organization_email: str
    tracking_strategy: TrackingStrategy
    default_workspace_id: UUID | None = None
    license_status: LicenseStatus | None = None
    license_expiration_date: int | None = None


@model
class ListWorkspacesByUserRequestBody:
    """Body of ``/v1/workspaces/list_by_user_id``: an instance admin's lists every workspace."""

    user_id: UUID
    name_contains: str | None = None
