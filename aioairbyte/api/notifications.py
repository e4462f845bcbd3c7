"""``client.notifications``: trying a notification configuration."""

from __future__ import annotations

from .._args import choice_arg, model_arg
from ..endpoints import Endpoint
from ..errors import InvalidArgumentTypeError
from ..models import (
    Notification,
    NotificationRead,
    NotificationTrigger,
    NotificationWebhookConfigValidationRequestBody,
    SlackNotificationConfiguration,
)
from ._base import Resource

__all__ = ["Notifications"]

# A test message sent again is one more test message: harmless.
TRY = Endpoint("/v1/notifications/try", idempotent=True)
TRY_WEBHOOK = Endpoint("/v1/notifications/try_webhook", idempotent=True)

_TRIGGERS = tuple(trigger.value for trigger in NotificationTrigger)


class Notifications(Resource):
    """Operations on notifications (``/v1/notifications/...``)."""

    async def send_test(self, notification: Notification) -> NotificationRead:
        """Send test messages through a notification configuration (``/v1/notifications/try``).

        A 0.40 server posts a "sync failures" then a "sync successes" test message to the
        Slack webhook (each only if ``send_on_failure`` / ``send_on_success``): ``succeeded``
        if one was delivered, ``failed`` with the notifier's error otherwise (a URL that is
        not a URL answers 404; ``customerio`` answers 500, not implemented there). 1.x/2.x
        servers no longer send anything and answer ``{}`` (``status`` ``None``): use
        :meth:`send_test_to_webhook` there.
        """
        notification = model_arg(notification, Notification, "notification")
        return await self._call(TRY, notification, NotificationRead)

    async def send_test_to_webhook(
        self, webhook: str, trigger: NotificationTrigger | str
    ) -> NotificationRead:
        """Post the test message of one kind of event to a Slack webhook URL (1.0 and later,
        ``/v1/notifications/try_webhook``): ``succeeded``, or ``failed`` with the error.
        The URL is a secret: it never appears in reprs or error messages."""
        if not isinstance(webhook, str):
            raise InvalidArgumentTypeError(f"webhook must be a str, got {type(webhook).__name__}")
        body = NotificationWebhookConfigValidationRequestBody(
            slack_configuration=SlackNotificationConfiguration(webhook=webhook),
            notification_trigger=NotificationTrigger(choice_arg(trigger, _TRIGGERS, "trigger")),
        )
        return await self._call(TRY_WEBHOOK, body, NotificationRead)
