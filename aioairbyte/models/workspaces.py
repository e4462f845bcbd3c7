"""Workspaces and their notifications."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model
from .common import Geography

__all__ = [
    "WorkspaceIdRequestBody",
    "NotificationType",
    "SlackNotificationConfiguration",
    "Notification",
    "WebhookConfigRead",
    "WorkspaceRead",
    "WorkspaceReadList",
]


@model
class WorkspaceIdRequestBody:
    """``WorkspaceIdRequestBody`` schema of the Airbyte Config API."""

    workspace_id: UUID


class NotificationType(OpenStrEnum):
    """``NotificationType`` values of the Airbyte Config API."""

    SLACK = "slack"
    CUSTOMERIO = "customerio"


@model
class SlackNotificationConfiguration:
    """``SlackNotificationConfiguration`` schema of the Airbyte Config API."""

    webhook: str


@model
class Notification:
    """``Notification`` schema of the Airbyte Config API."""

    notification_type: NotificationType
    send_on_success: bool
    send_on_failure: bool
    slack_configuration: SlackNotificationConfiguration | None = None
    customerio_configuration: dict[str, Any] | None = None


@model
class WebhookConfigRead:
    """the readable info for a webhook config; omits sensitive info e.g. auth token"""

    id: UUID
    name: str | None = None


@model
class WorkspaceRead:
    """``WorkspaceRead`` schema of the Airbyte Config API."""

    workspace_id: UUID
    customer_id: UUID
    name: str
    slug: str
    initial_setup_complete: bool
    email: str | None = None
    display_setup_wizard: bool | None = None
    anonymous_data_collection: bool | None = None
    news: bool | None = None
    security_updates: bool | None = None
    notifications: list[Notification] | None = None
    first_completed_sync: bool | None = None
    feedback_done: bool | None = None
    default_geography: Geography | None = None
    webhook_configs: list[WebhookConfigRead] | None = None


@model
class WorkspaceReadList:
    """``WorkspaceReadList`` schema of the Airbyte Config API."""

    workspaces: list[WorkspaceRead]
