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
    "NotificationItem",
    "NotificationSettings",
    "Limit",
    "WorkspaceLimits",
    "WorkspaceRead",
    "WorkspaceReadList",
]


@model
class WorkspaceIdRequestBody:
    """A request naming one workspace (``include_tombstone``: deleted ones too; 1.0 and later)."""

    workspace_id: UUID
    include_tombstone: bool | None = None


class NotificationType(OpenStrEnum):
    """A notification channel."""

    SLACK = "slack"
    CUSTOMERIO = "customerio"


@model
class SlackNotificationConfiguration:
    """Where Slack notifications go: an incoming-webhook URL."""

    webhook: str


@model
class Notification:
    """A workspace notification: a channel and the events it is sent on."""

    notification_type: NotificationType
    send_on_success: bool
    send_on_failure: bool
    slack_configuration: SlackNotificationConfiguration | None = None
    customerio_configuration: dict[str, Any] | None = None


@model
class WebhookConfigRead:
    """A workspace's webhook configuration, without its secrets (e.g. the auth token)."""

    id: UUID
    name: str | None = None
    custom_dbt_host: str | None = None


@model
class NotificationItem:
    """The channels one kind of event is notified on (1.0 and later)."""

    notification_type: list[NotificationType] | None = None
    slack_configuration: SlackNotificationConfiguration | None = None
    customerio_configuration: dict[str, Any] | None = None


@model
class NotificationSettings:
    """A workspace's notifications per kind of event (1.0 and later)."""

    send_on_success: NotificationItem | None = None
    send_on_failure: NotificationItem | None = None
    send_on_sync_disabled: NotificationItem | None = None
    send_on_sync_disabled_warning: NotificationItem | None = None
    send_on_connection_update: NotificationItem | None = None
    send_on_connection_update_action_required: NotificationItem | None = None
    send_on_breaking_change_warning: NotificationItem | None = None
    send_on_breaking_change_syncs_disabled: NotificationItem | None = None
    send_on_connection_sync_queued: NotificationItem | None = None


@model
class Limit:
    """A usage limit: how much is used, and the maximum."""

    current: int
    max: int


@model
class WorkspaceLimits:
    """A workspace's limits on sources, destinations and active connections (2.0 and later)."""

    sources: Limit
    destinations: Limit
    active_connections: Limit


@model
class WorkspaceRead:
    """A workspace.

    ``default_geography`` comes from servers before 2.0 (``dataplane_group_id`` from 2.0);
    ``organization_id`` and the fields after it, from 1.x/2.x servers (which always send
    ``organization_id``).
    """

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
    organization_id: UUID | None = None
    notification_settings: NotificationSettings | None = None
    tombstone: bool | None = None
    dataplane_group_id: UUID | None = None
    workspace_limits: WorkspaceLimits | None = None


@model
class WorkspaceReadList:
    """A list of workspaces."""

    workspaces: list[WorkspaceRead]
