"""Notifications: trying a notification configuration."""

from ._base import OpenStrEnum, model
from .workspaces import SlackNotificationConfiguration

__all__ = [
    "NotificationReadStatus",
    "NotificationRead",
    "NotificationTrigger",
    "NotificationWebhookConfigValidationRequestBody",
]


class NotificationReadStatus(OpenStrEnum):
    """Whether a test notification was delivered."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"


@model
class NotificationRead:
    """The outcome of a test notification: ``status``, and the notifier's error ``message``.

    Every document requires ``status``, but a 1.x/2.x server answers ``{}`` to
    ``/v1/notifications/try`` (``NotificationsApiController.tryNotificationConfig``, deprecated
    there): ``status`` is then ``None``.
    """

    status: NotificationReadStatus | None = None
    message: str | None = None

    @property
    def succeeded(self) -> bool:
        """Whether the notification was delivered."""
        return self.status == NotificationReadStatus.SUCCEEDED


class NotificationTrigger(OpenStrEnum):
    """The kind of event a test notification stands for (1.0 and later)."""

    SYNC_SUCCESS = "sync_success"
    SYNC_FAILURE = "sync_failure"
    SYNC_DISABLED = "sync_disabled"
    SYNC_DISABLED_WARNING = "sync_disabled_warning"
    CONNECTION_UPDATE = "connection_update"
    CONNECTION_UPDATE_ACTION_REQUIRED = "connection_update_action_required"
    BREAKING_CHANGE_WARNING = "breaking_change_warning"
    BREAKING_CHANGE_SYNCS_DISABLED = "breaking_change_syncs_disabled"
    CONNECTION_SYNC_QUEUED = "connection_sync_queued"


@model
class NotificationWebhookConfigValidationRequestBody:
    """A Slack webhook to try with the message of one kind of event (1.0 and later)."""

    slack_configuration: SlackNotificationConfiguration
    notification_trigger: NotificationTrigger | None = None
