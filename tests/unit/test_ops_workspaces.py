"""Workspaces, state writes, notifications, logs and the OpenAPI document against a mocked
server: path and method, exact body, decoded answer (types down the tree), an error answer,
argument checks before any request, and the models against the documents."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from aioairbyte import AirbyteClient
from aioairbyte import models as m
from aioairbyte.converter import decode, encode
from aioairbyte.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    ServerError,
    UnsupportedOperationError,
)
from tests import fixtures as f
from tests import spec
from tests.conftest import BASE_URL
from tests.unit.test_operations import assert_types

W = f.WORKSPACE_ID
C = f.CONNECTION_ID
ORG = "00000000-0000-0000-0000-000000000000"
HOOK = "https://hooks.slack.com/services/T000/B000/XXXXXXXX"
ALL = ("0.40", "1.0", "2.0", "2026-08")


def url(path: str) -> URL:
    return URL(f"{BASE_URL}/v1/{path}")


def modern_workspace() -> dict[str, Any]:
    read = {k: v for k, v in f.workspace_read().items() if k != "defaultGeography"}
    return {**read, "organizationId": ORG, "tombstone": False}


def state_body() -> dict[str, Any]:
    return {
        "connectionId": C,
        "stateType": "global",
        "globalState": {
            "shared_state": {"lsn": 42},
            "streamStates": [{"streamDescriptor": {"name": "users"}, "streamState": {"c": 1}}],
        },
    }


def state_model() -> m.ConnectionState:
    return decode(state_body(), m.ConnectionState, operation="test")


SLACK = m.Notification(
    notification_type=m.NotificationType.SLACK,
    send_on_success=False,
    send_on_failure=True,
    slack_configuration=m.SlackNotificationConfiguration(webhook=HOOK),
)
CREATE = m.WorkspaceCreate(
    name="Data Team",
    email="data@acme.example",
    news=True,
    webhook_configs=[m.WebhookConfigWrite(name="dbt", auth_token="tok-123")],
)
UPDATE = m.WorkspaceUpdate(workspace_id=uuid.UUID(W), news=False, initial_setup_complete=True)

Call = Callable[[AirbyteClient], Awaitable[Any]]
#: (method, path, call, exact body sent, answer, check of the decoded result)
CASES: list[tuple[str, Call, Any, Any, Callable[[Any], None]]] = [
    (
        "workspaces/create",
        lambda c: c.workspaces.create(CREATE),
        {
            "name": "Data Team",
            "email": "data@acme.example",
            "news": True,
            "webhookConfigs": [{"name": "dbt", "authToken": "tok-123"}],
        },
        f.workspace_read(),
        lambda r: r.slug == "acme" and isinstance(r, m.WorkspaceRead),
    ),
    (
        "workspaces/update",
        lambda c: c.workspaces.update(UPDATE),
        {"workspaceId": W, "news": False, "initialSetupComplete": True},
        modern_workspace(),
        lambda r: r.organization_id == uuid.UUID(ORG) and r.tombstone is False,
    ),
    (
        "workspaces/update_name",
        lambda c: c.workspaces.update_name(W, "Acme"),
        {"workspaceId": W, "name": "Acme"},
        f.workspace_read(),
        lambda r: r.name == "Acme",
    ),
    (
        "workspaces/delete",
        lambda c: c.workspaces.delete(uuid.UUID(W)),
        {"workspaceId": W},
        None,
        lambda r: r is None,
    ),
    (
        "workspaces/get_by_slug",
        lambda c: c.workspaces.get_by_slug("acme"),
        {"slug": "acme"},
        f.workspace_read(),
        lambda r: r.workspace_id == uuid.UUID(W),
    ),
    (
        "workspaces/get_by_connection_id",
        lambda c: c.workspaces.get_by_connection_id(C),
        {"connectionId": C},
        f.workspace_read(),
        lambda r: r.notifications[0].notification_type is m.NotificationType.SLACK,
    ),
    (
        "workspaces/tag_feedback_status_as_done",
        lambda c: c.workspaces.mark_feedback_done(W),
        {"workspaceId": W},
        None,
        lambda r: r is None,
    ),
    (
        "state/create_or_update",
        lambda c: c.state.create_or_update(state_model()),
        {"connectionId": C, "connectionState": state_body()},
        state_body(),
        lambda r: (
            r.global_state.shared_state == {"lsn": 42}
            and r.state_type is m.ConnectionStateType.GLOBAL
        ),
    ),
    (
        "notifications/try",
        lambda c: c.notifications.send_test(SLACK),
        {
            "notificationType": "slack",
            "sendOnSuccess": False,
            "sendOnFailure": True,
            "slackConfiguration": {"webhook": HOOK},
        },
        {"status": "failed", "message": "Failed to deliver notification (404): no_service"},
        lambda r: r.status is m.NotificationReadStatus.FAILED and not r.succeeded,
    ),
    (
        "notifications/try_webhook",
        lambda c: c.notifications.send_test_to_webhook(HOOK, "sync_failure"),
        {"slackConfiguration": {"webhook": HOOK}, "notificationTrigger": "sync_failure"},
        {"status": "succeeded"},
        lambda r: r.succeeded,
    ),
]


def _answer(mocked: aioresponses, path: str, answer: Any, method: str = "POST") -> None:
    if answer is None:
        mocked.add(url(path), method, status=204)
    else:
        mocked.add(url(path), method, payload=answer)


@pytest.mark.parametrize(
    ("path", "call", "body", "answer", "check"), CASES, ids=[c[0] for c in CASES]
)
async def test_operation(
    mocked: aioresponses,
    client: AirbyteClient,
    path: str,
    call: Call,
    body: Any,
    answer: Any,
    check: Callable[[Any], bool],
) -> None:
    _answer(mocked, path, answer)
    result = await call(client)
    calls = mocked.requests[("POST", url(path))]
    assert [json.loads(c.kwargs["data"]) for c in calls] == [body]
    assert list(mocked.requests) == [("POST", url(path))]
    assert check(result)
    assert_types(result)


async def test_modern_answer_to_try_is_empty(mocked: aioresponses, client: AirbyteClient) -> None:
    mocked.post(url("notifications/try"), payload={})
    read = await client.notifications.send_test(SLACK)
    assert (read.status, read.message, read.succeeded) == (None, None, False)


async def test_logs_get(mocked: aioresponses, client: AirbyteClient) -> None:
    text = "2023-01-01 10:00:00 INFO i.a.s.ServerApp(main):290 - Starting server...\n"
    mocked.post(url("logs/get"), body=text.encode(), content_type="text/plain")
    assert await client.logs.get(m.LogType.SERVER) == text
    mocked.post(url("logs/get"), body=b"scheduler\n", content_type="text/plain")
    assert await client.logs.get("scheduler") == "scheduler\n"
    sent = [json.loads(c.kwargs["data"]) for c in mocked.requests[("POST", url("logs/get"))]]
    assert sent == [{"logType": "server"}, {"logType": "scheduler"}]


async def test_openapi_get(mocked: aioresponses, client: AirbyteClient) -> None:
    mocked.get(url("openapi"), body=b"openapi: 3.0.0\n", content_type="text/plain")
    assert await client.openapi.get() == "openapi: 3.0.0\n"
    (call,) = mocked.requests[("GET", url("openapi"))]
    assert call.kwargs["data"] is None


async def test_errors(mocked: aioresponses, client: AirbyteClient) -> None:
    missing = {"message": "Could not find configuration for STANDARD_WORKSPACE: acme."}
    mocked.post(url("workspaces/get_by_slug"), status=404, payload=missing)
    with pytest.raises(NotFoundError):
        await client.workspaces.get_by_slug("acme")
    migration = {"message": "Internal Server Error: Unexpected type migration"}
    mocked.post(url("state/create_or_update"), status=500, payload=migration, repeat=True)
    with pytest.raises(ServerError):
        await client.state.create_or_update(state_model())
    # A 2.x server has no /v1/logs/get: its unknown-route 404.
    mocked.post(url("logs/get"), status=404, body="Object not found.", content_type="text/plain")
    with pytest.raises(UnsupportedOperationError):
        await client.logs.get("server")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.workspaces.create({"name": "x"}), InvalidArgumentTypeError),
        (lambda c: c.workspaces.update(CREATE), InvalidArgumentTypeError),
        (lambda c: c.workspaces.update_name("nope", "x"), InvalidArgumentError),
        (lambda c: c.workspaces.update_name(W, 3), InvalidArgumentTypeError),
        (lambda c: c.workspaces.delete(42), InvalidArgumentTypeError),
        (lambda c: c.workspaces.get_by_slug(None), InvalidArgumentTypeError),
        (lambda c: c.workspaces.get_by_connection_id("x"), InvalidArgumentError),
        (lambda c: c.workspaces.mark_feedback_done("x"), InvalidArgumentError),
        (lambda c: c.state.create_or_update(state_body()), InvalidArgumentTypeError),
        (
            lambda c: c.notifications.send_test({"notificationType": "slack"}),
            InvalidArgumentTypeError,
        ),
        (
            lambda c: c.notifications.send_test_to_webhook(b"x", "sync_success"),
            InvalidArgumentTypeError,
        ),
        (lambda c: c.notifications.send_test_to_webhook(HOOK, "sync_done"), InvalidArgumentError),
        (lambda c: c.logs.get("worker"), InvalidArgumentError),
    ],
)
async def test_bad_arguments_send_nothing(
    mocked: aioresponses, client: AirbyteClient, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await call(client)
    assert mocked.requests == {}


def test_secrets_stay_out_of_reprs() -> None:
    assert "tok-123" not in repr(CREATE)
    assert HOOK not in repr(SLACK)
    config = m.WebhookNotificationConfig(enabled=True, url=HOOK)
    assert HOOK not in repr(m.NotificationsConfig(failure=m.NotificationConfig(webhook=config)))


# --- contract: request models encode to valid bodies, answers decode ------------------------

REQUESTS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("WorkspaceCreate", CREATE, ("0.40",)),
    (
        "WorkspaceCreate",
        m.WorkspaceCreate(
            name="x",
            organization_id=uuid.UUID(ORG),
            notification_settings=m.NotificationSettings(
                send_on_failure=m.NotificationItem(notification_type=[m.NotificationType.SLACK])
            ),
        ),
        ("1.0", "2.0", "2026-08"),
    ),
    ("WorkspaceUpdate", UPDATE, ALL),
    (
        "WorkspaceUpdate",
        m.WorkspaceUpdate(
            workspace_id=uuid.UUID(W),
            name="y",
            notifications_config=m.NotificationsConfig(
                success=m.NotificationConfig(email=m.EmailNotificationConfig(enabled=True))
            ),
        ),
        ("2.0", "2026-08"),
    ),
    ("WorkspaceUpdateName", m.WorkspaceUpdateName(workspace_id=uuid.UUID(W), name="n"), ALL),
    ("SlugRequestBody", m.SlugRequestBody(slug="acme"), ALL),
    ("WorkspaceGiveFeedback", m.WorkspaceGiveFeedback(workspace_id=uuid.UUID(W)), ALL),
    (
        "ConnectionStateCreateOrUpdate",
        m.ConnectionStateCreateOrUpdate(connection_id=uuid.UUID(C), connection_state=state_model()),
        ALL,
    ),
    ("Notification", SLACK, ALL),
    ("LogsRequestBody", m.LogsRequestBody(log_type=m.LogType.SCHEDULER), ("0.40",)),
    (
        "NotificationWebhookConfigValidationRequestBody",
        m.NotificationWebhookConfigValidationRequestBody(
            slack_configuration=m.SlackNotificationConfiguration(webhook=HOOK),
            notification_trigger=m.NotificationTrigger.SYNC_SUCCESS,
        ),
        ("1.0", "2.0", "2026-08"),
    ),
]


@pytest.mark.parametrize(("name", "model", "documents"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_request_models_fit_the_documents(
    name: str, model: Any, documents: tuple[str, ...]
) -> None:
    for document in documents:
        spec.validate(name, encode(model), strict=True, document=document)


@pytest.mark.parametrize(
    ("name", "body", "cls", "documents"),
    [
        ("WorkspaceRead", f.workspace_read(), m.WorkspaceRead, ("0.40",)),
        ("WorkspaceRead", modern_workspace(), m.WorkspaceRead, ("1.0",)),
        ("ConnectionState", state_body(), m.ConnectionState, ALL),
        ("NotificationRead", {"status": "succeeded"}, m.NotificationRead, ALL),
        ("NotificationRead", {"status": "failed", "message": "x"}, m.NotificationRead, ALL),
    ],
)
def test_answers_fit_and_decode(
    name: str, body: Any, cls: type, documents: tuple[str, ...]
) -> None:
    for document in documents:
        spec.validate(name, body, strict=True, document=document)
    assert_types(decode(body, cls, operation="test"))
