"""Workspaces and their notifications."""

from typing import Any
from uuid import UUID

from ._base import OpenStrEnum, model, secret
from .common import Geography

__all__ = [
    "WorkspaceIdRequestBody",
    "SlugRequestBody",
    "WorkspaceGiveFeedback",
    "WorkspaceUpdateName",
    "WebhookConfigWrite",
    "EmailNotificationConfig",
    "WebhookNotificationConfig",
    "NotificationConfig",
    "NotificationsConfig",
    "WorkspaceCreate",
    "WorkspaceUpdate",
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
    """Where Slack notifications go: an incoming-webhook URL.

    Anyone holding the URL can post to the channel: it stays out of the repr."""

    webhook: str = secret()


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


@model
class SlugRequestBody:
    """A request naming a workspace by its slug."""

    slug: str


@model
class WorkspaceGiveFeedback:
    """A request marking a workspace's feedback as given."""

    workspace_id: UUID


@model
class WorkspaceUpdateName:
    """A workspace's new name (the server derives a new slug from it)."""

    workspace_id: UUID
    name: str


@model
class WebhookConfigWrite:
    """A webhook configuration to store (``auth_token`` is a secret: kept out of the repr)."""

    name: str | None = None
    auth_token: str | None = secret(default=None)
    validation_url: str | None = None
    custom_dbt_host: str | None = None


@model
class EmailNotificationConfig:
    """Whether an event is notified by email (2.0 and later)."""

    enabled: bool | None = None


@model
class WebhookNotificationConfig:
    """Whether an event is notified to a (Slack) webhook, and its URL (2.0 and later).

    The URL lets anyone post to the channel: it stays out of the repr."""

    enabled: bool | None = None
    url: str | None = secret(default=None)


@model
class NotificationConfig:
    """How one kind of event is notified (2.0 and later)."""

    email: EmailNotificationConfig | None = None
    webhook: WebhookNotificationConfig | None = None


@model
class NotificationsConfig:
    """A patch of a workspace's notifications per kind of event (2.0 and later): the kinds
    given are merged into the workspace's ``notification_settings``."""

    failure: NotificationConfig | None = None
    success: NotificationConfig | None = None
    connection_update: NotificationConfig | None = None
    connection_update_action_required: NotificationConfig | None = None
    sync_disabled: NotificationConfig | None = None
    sync_disabled_warning: NotificationConfig | None = None


@model
class WorkspaceCreate:
    """A new workspace.

    ``organization_id`` is required by 1.x/2.x servers (a Community deployment has one
    organization, its ``default_organization_id``) and unknown to 0.40; ``default_geography``
    is for servers before 2.0, ``dataplane_group_id`` for 2.0 and later.
    """

    name: str
    email: str | None = None
    anonymous_data_collection: bool | None = None
    news: bool | None = None
    security_updates: bool | None = None
    notifications: list[Notification] | None = None
    notification_settings: NotificationSettings | None = None
    display_setup_wizard: bool | None = None
    default_geography: Geography | None = None
    dataplane_group_id: UUID | None = None
    webhook_configs: list[WebhookConfigWrite] | None = None
    organization_id: UUID | None = None


@model
class WorkspaceUpdate:
    """A patch of a workspace: fields left ``None`` stay as they are.

    ``name`` (2.0 and later; it changes the slug too), ``notification_settings`` (1.0 and
    later; replaces them), ``notifications_config`` (2.0 and later; merged into them) and
    ``dataplane_group_id`` (2.0) are for later servers; ``default_geography`` for servers
    before 2.0. ``webhook_configs`` replaces the workspace's webhooks (an empty list removes
    them); ``notifications`` replaces its notifications (an empty list clears them on 0.40,
    1.x/2.x servers ignore an empty list).
    """

    workspace_id: UUID
    name: str | None = None
    email: str | None = None
    initial_setup_complete: bool | None = None
    display_setup_wizard: bool | None = None
    anonymous_data_collection: bool | None = None
    news: bool | None = None
    security_updates: bool | None = None
    notifications: list[Notification] | None = None
    notification_settings: NotificationSettings | None = None
    notifications_config: NotificationsConfig | None = None
    default_geography: Geography | None = None
    dataplane_group_id: UUID | None = None
    webhook_configs: list[WebhookConfigWrite] | None = None
