"""Operations, attempts, OAuth and the jobs' normalization status against a mocked server: path
and method, exact body, decoded answer (types down the tree), an error answer, argument checks
before any request, secrets out of reprs, and the models against the documents."""

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
OP = "6c1b4a52-58c5-4d1e-9d3b-2f1e0a7c9b10"
SHEETS = "71607ba1-c0ac-4799-8049-7f4b90dd50f7"
SNOWFLAKE = "424892c4-daac-4491-b35d-c6688ba547ba"
SOURCE = f.SOURCE_ID
DESTINATION = f.DESTINATION_ID
ALL = ("0.40", "1.0", "2.0", "2026-08")
MODERN = ("1.0", "2.0", "2026-08")
REDIRECT = "https://app.example/cb"
DBT_URL = "https://cloud.getdbt.com/api/v2/accounts/12/jobs/34/run/"


def url(path: str) -> URL:
    return URL(f"{BASE_URL}/v1/{path}")


WEBHOOK = m.OperatorConfiguration(
    operator_type=m.OperatorType.WEBHOOK,
    webhook=m.OperatorWebhook(
        webhook_type=m.OperatorWebhookWebhookType.DBT_CLOUD,
        dbt_cloud=m.OperatorWebhookDbtCloud(account_id=12, job_id=34),
    ),
)
WEBHOOK_BODY = {
    "operatorType": "webhook",
    "webhook": {"webhookType": "dbtCloud", "dbtCloud": {"accountId": 12, "jobId": 34}},
}
DBT = m.OperatorConfiguration(
    operator_type=m.OperatorType.DBT,
    dbt=m.OperatorDbt(git_repo_url="https://github.com/acme/dbt.git", dbt_arguments="run"),
)


def operation_read(name: str = "dbt cloud") -> dict[str, Any]:
    return {
        "workspaceId": W,
        "operationId": OP,
        "name": name,
        "operatorConfiguration": {
            "operatorType": "webhook",
            "webhook": {
                "webhookType": "dbtCloud",
                "dbtCloud": {"accountId": 12, "jobId": 34},
                "executionUrl": DBT_URL,
                "executionBody": '{"cause": "airbyte"}',
            },
        },
    }


def attempt_info() -> dict[str, Any]:
    return {
        "attempt": {"id": 1, "status": "succeeded", "createdAt": 1, "updatedAt": 2, "endedAt": 2},
        "logType": "structured",
        "logs": {
            "events": [
                {"timestamp": 1000, "message": "done", "level": "info", "logSource": "platform"}
            ],
            "version": "1",
        },
    }


STATS = m.AttemptStats(records_emitted=10, bytes_emitted=100, records_committed=9)
STREAM_STATS = m.AttemptStreamStats(stream_name="users", stream_namespace="public", stats=STATS)
STATS_BODY = {"recordsEmitted": 10, "bytesEmitted": 100, "recordsCommitted": 9}
SYNC_CONFIG = m.AttemptSyncConfig(
    source_configuration={"password": "hunter2-CANARY"},
    destination_configuration={"token": "tok-CANARY"},
)
APP = {"client_id": "app-id", "client_secret": "secret-CANARY"}
CREDENTIALS = {"refresh_token": "rt-CANARY", "client_id": "**********"}
OK = {"succeeded": True}

Call = Callable[[AirbyteClient], Awaitable[Any]]
#: (path, call, exact body sent, answer (None: 204), check of the decoded result)
CASES: list[tuple[str, Call, Any, Any, Callable[[Any], bool]]] = [
    (
        "operations/check",
        lambda c: c.operations.check(WEBHOOK),
        WEBHOOK_BODY,
        {"status": "failed", "message": "Failed requirement."},
        lambda r: r.status is m.CheckOperationReadStatus.FAILED and not r.succeeded,
    ),
    (
        "operations/create",
        lambda c: c.operations.create(
            m.OperationCreate(
                workspace_id=uuid.UUID(W), name="dbt cloud", operator_configuration=WEBHOOK
            )
        ),
        {"workspaceId": W, "name": "dbt cloud", "operatorConfiguration": WEBHOOK_BODY},
        operation_read(),
        lambda r: (
            r.operation_id == uuid.UUID(OP)
            and r.operator_configuration.webhook.execution_url == DBT_URL
            and r.operator_configuration.webhook.webhook_type
            is m.OperatorWebhookWebhookType.DBT_CLOUD
        ),
    ),
    (
        "operations/get",
        lambda c: c.operations.get(OP),
        {"operationId": OP},
        operation_read(),
        lambda r: r.operator_configuration.operator_type is m.OperatorType.WEBHOOK,
    ),
    (
        "operations/list",
        lambda c: c.operations.list(uuid.UUID(C)),
        {"connectionId": C},
        {"operations": [operation_read()]},
        lambda r: [o.name for o in r] == ["dbt cloud"],
    ),
    (
        "operations/update",
        lambda c: c.operations.update(
            m.OperationUpdate(
                operation_id=uuid.UUID(OP), name="renamed", operator_configuration=DBT
            )
        ),
        {
            "operationId": OP,
            "name": "renamed",
            "operatorConfiguration": {
                "operatorType": "dbt",
                "dbt": {"gitRepoUrl": "https://github.com/acme/dbt.git", "dbtArguments": "run"},
            },
        },
        operation_read("renamed"),
        lambda r: r.name == "renamed",
    ),
    (
        "operations/delete",
        lambda c: c.operations.delete(OP),
        {"operationId": OP},
        None,
        lambda r: r is None,
    ),
    (
        "attempt/save_stats",
        lambda c: c.attempts.save_stats(7, 0, STATS, stream_stats=[STREAM_STATS], connection_id=C),
        {
            "jobId": 7,
            "attemptNumber": 0,
            "stats": STATS_BODY,
            "streamStats": [
                {"streamName": "users", "streamNamespace": "public", "stats": STATS_BODY}
            ],
            "connectionId": C,
        },
        OK,
        lambda r: r.succeeded is True,
    ),
    (
        "attempt/save_stats",
        lambda c: c.attempts.save_stats(7, 1, STATS),
        {"jobId": 7, "attemptNumber": 1, "stats": STATS_BODY, "streamStats": []},
        {"succeeded": False},
        lambda r: r.succeeded is False,
    ),
    (
        "attempt/save_sync_config",
        lambda c: c.attempts.save_sync_config(7, 0, SYNC_CONFIG),
        {
            "jobId": 7,
            "attemptNumber": 0,
            "syncConfig": {
                "sourceConfiguration": {"password": "hunter2-CANARY"},
                "destinationConfiguration": {"token": "tok-CANARY"},
            },
        },
        OK,
        lambda r: r.succeeded,
    ),
    (
        "attempt/set_workflow_in_attempt",
        lambda c: c.attempts.set_workflow_in_attempt(7, 0, "sync_7", processing_task_queue="SYNC"),
        {"jobId": 7, "attemptNumber": 0, "workflowId": "sync_7", "processingTaskQueue": "SYNC"},
        OK,
        lambda r: r.succeeded,
    ),
    (
        "attempt/get_for_job",
        lambda c: c.attempts.get_for_job(7, 1),
        {"jobId": 7, "attemptNumber": 1},
        attempt_info(),
        lambda r: (
            isinstance(r.logs, m.LogEvents)
            and r.log_type is m.LogFormatType.STRUCTURED
            and r.lines == ["1970-01-01 00:00:01 INFO done"]
        ),
    ),
    (
        "jobs/get_normalization_status",
        lambda c: c.jobs.get_normalization_status(7),
        {"id": 7},
        {
            "attemptNormalizationStatuses": [
                {
                    "attemptNumber": 0,
                    "hasRecordsCommitted": True,
                    "recordsCommitted": 9,
                    "hasNormalizationFailed": False,
                }
            ]
        },
        lambda r: [(s.attempt_number, s.records_committed) for s in r] == [(0, 9)],
    ),
    (
        "jobs/get_normalization_status",
        lambda c: c.jobs.get_normalization_status(8),
        {"id": 8},
        {},
        lambda r: r == [],
    ),
    (
        "source_oauths/get_consent_url",
        lambda c: c.source_oauth.get_consent_url(
            SHEETS, W, REDIRECT, oauth_input_configuration={"subdomain": "acme"}, source_id=SOURCE
        ),
        {
            "sourceDefinitionId": SHEETS,
            "workspaceId": W,
            "redirectUrl": REDIRECT,
            "oAuthInputConfiguration": {"subdomain": "acme"},
            "sourceId": SOURCE,
        },
        {"consentUrl": "https://accounts.google.com/o/oauth2/v2/auth?client_id=app-id"},
        lambda r: r == "https://accounts.google.com/o/oauth2/v2/auth?client_id=app-id",
    ),
    (
        "source_oauths/complete_oauth",
        lambda c: c.source_oauth.complete_oauth(
            SHEETS, W, {"code": "c0de"}, redirect_url=REDIRECT, return_secret_coordinate=False
        ),
        {
            "sourceDefinitionId": SHEETS,
            "workspaceId": W,
            "redirectUrl": REDIRECT,
            "queryParams": {"code": "c0de"},
            "returnSecretCoordinate": False,
        },
        {"request_succeeded": True, "auth_payload": CREDENTIALS},
        lambda r: r.request_succeeded is True and r.auth_payload == CREDENTIALS,
    ),
    (
        "source_oauths/complete_oauth",  # a 0.40 server answers the credentials alone
        lambda c: c.source_oauth.complete_oauth(SHEETS, W, {"code": "c0de"}),
        {"sourceDefinitionId": SHEETS, "workspaceId": W, "queryParams": {"code": "c0de"}},
        CREDENTIALS,
        lambda r: r.request_succeeded is True and r.auth_payload == CREDENTIALS,
    ),
    (
        "source_oauths/complete_oauth",  # 0.40, consent refused
        lambda c: c.source_oauth.complete_oauth(SHEETS, W, {"error": "access_denied"}),
        {"sourceDefinitionId": SHEETS, "workspaceId": W, "queryParams": {"error": "access_denied"}},
        {"request_succeeded": False, "request_error": "access_denied"},
        lambda r: (
            (r.request_succeeded, r.request_error, r.auth_payload) == (False, "access_denied", {})
        ),
    ),
    (
        "source_oauths/oauth_params/create",
        lambda c: c.source_oauth.set_instancewide_params(SHEETS, APP),
        {"sourceDefinitionId": SHEETS, "params": APP},
        "",
        lambda r: r is None,
    ),
    (
        "destination_oauths/get_consent_url",
        lambda c: c.destination_oauth.get_consent_url(
            SNOWFLAKE, W, REDIRECT, destination_id=uuid.UUID(DESTINATION)
        ),
        {
            "destinationDefinitionId": SNOWFLAKE,
            "workspaceId": W,
            "redirectUrl": REDIRECT,
            "destinationId": DESTINATION,
        },
        {"consentUrl": "https://acme.snowflakecomputing.com/oauth/authorize?client_id=app-id"},
        lambda r: r.startswith("https://acme.snowflakecomputing.com/"),
    ),
    (
        "destination_oauths/complete_oauth",
        lambda c: c.destination_oauth.complete_oauth(
            SNOWFLAKE, W, {"code": "z"}, oauth_input_configuration={"host": "acme"}
        ),
        {
            "destinationDefinitionId": SNOWFLAKE,
            "workspaceId": W,
            "queryParams": {"code": "z"},
            "oAuthInputConfiguration": {"host": "acme"},
        },
        {"request_succeeded": True, "auth_payload": {"access_token": "at"}},
        lambda r: r.auth_payload == {"access_token": "at"},
    ),
    (
        "destination_oauths/oauth_params/create",
        lambda c: c.destination_oauth.set_instancewide_params(SNOWFLAKE, APP),
        {"destinationDefinitionId": SNOWFLAKE, "params": APP},
        None,
        lambda r: r is None,
    ),
]


def _answer(mocked: aioresponses, path: str, answer: Any) -> None:
    if answer is None:
        mocked.post(url(path), status=204)
    elif answer == "":  # the real server's 200 without a body
        mocked.post(url(path), status=200, body=b"")
    else:
        mocked.post(url(path), payload=answer)


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


async def test_errors(mocked: aioresponses, client: AirbyteClient) -> None:
    missing = {"message": "Could not find configuration for STANDARD_SYNC_OPERATION: x."}
    mocked.post(url("operations/get"), status=404, payload=missing)
    with pytest.raises(NotFoundError):
        await client.operations.get(OP)
    undefined = {"message": "Internal Server Error: Undefined parameter 'client_id'"}
    mocked.post(url("source_oauths/get_consent_url"), status=500, payload=undefined, repeat=True)
    with pytest.raises(ServerError):
        await client.source_oauth.get_consent_url(SHEETS, W, REDIRECT)
    # Removed from 2.x / added in 1.0: the unknown-route 404 is a typed error.
    for path, call in (
        ("attempt/set_workflow_in_attempt", client.attempts.set_workflow_in_attempt(1, 0, "w")),
        ("jobs/get_normalization_status", client.jobs.get_normalization_status(1)),
        ("attempt/get_for_job", client.attempts.get_for_job(1, 0)),
    ):
        mocked.post(url(path), status=404, body="Object not found.", content_type="text/plain")
        with pytest.raises(UnsupportedOperationError):
            await call
    mocked.post(url("attempt/get_for_job"), status=404, payload={"errorId": str(uuid.uuid4())})
    with pytest.raises(NotFoundError) as caught:
        await client.attempts.get_for_job(1, 9)
    assert type(caught.value) is NotFoundError


def test_what_is_safe_to_repeat() -> None:
    """A code is good once: a completion and a create are never resent; the rest may be."""
    from aioairbyte.api import attempts, oauth, operations

    assert not oauth.SOURCE_COMPLETE.idempotent
    assert not oauth.DESTINATION_COMPLETE.idempotent
    assert not operations.CREATE.idempotent
    repeatable = [
        operations.CHECK,
        operations.GET,
        operations.LIST,
        operations.UPDATE,
        operations.DELETE,
        attempts.SAVE_STATS,
        attempts.SAVE_SYNC_CONFIG,
        attempts.SET_WORKFLOW_IN_ATTEMPT,
        attempts.GET_FOR_JOB,
        oauth.SOURCE_CONSENT,
        oauth.SOURCE_PARAMS,
        oauth.DESTINATION_CONSENT,
        oauth.DESTINATION_PARAMS,
    ]
    assert all(endpoint.idempotent for endpoint in repeatable)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.operations.check(WEBHOOK_BODY), InvalidArgumentTypeError),
        (lambda c: c.operations.create({"name": "x"}), InvalidArgumentTypeError),
        (lambda c: c.operations.get("nope"), InvalidArgumentError),
        (lambda c: c.operations.list(12), InvalidArgumentTypeError),
        (lambda c: c.operations.update(WEBHOOK), InvalidArgumentTypeError),
        (lambda c: c.operations.delete("nope"), InvalidArgumentError),
        (lambda c: c.attempts.save_stats(-1, 0, STATS), InvalidArgumentError),
        (lambda c: c.attempts.save_stats(1, True, STATS), InvalidArgumentTypeError),
        (lambda c: c.attempts.save_stats(1, 0, STATS_BODY), InvalidArgumentTypeError),
        (lambda c: c.attempts.save_stats(1, 0, STATS, stream_stats=[{}]), InvalidArgumentTypeError),
        (lambda c: c.attempts.save_stats(1, 0, STATS, connection_id="x"), InvalidArgumentError),
        (lambda c: c.attempts.save_sync_config(1, 2**31, SYNC_CONFIG), InvalidArgumentError),
        (lambda c: c.attempts.save_sync_config(1, 0, {}), InvalidArgumentTypeError),
        (lambda c: c.attempts.set_workflow_in_attempt(1, 0, ""), InvalidArgumentError),
        (lambda c: c.attempts.set_workflow_in_attempt(1, 0, 5), InvalidArgumentTypeError),
        (
            lambda c: c.attempts.set_workflow_in_attempt(1, 0, "w", processing_task_queue=1),
            InvalidArgumentTypeError,
        ),
        (lambda c: c.attempts.get_for_job("7", 0), InvalidArgumentTypeError),
        (lambda c: c.jobs.get_normalization_status(None), InvalidArgumentTypeError),
        (lambda c: c.source_oauth.get_consent_url("x", W, REDIRECT), InvalidArgumentError),
        (lambda c: c.source_oauth.get_consent_url(SHEETS, W, ""), InvalidArgumentError),
        (
            lambda c: c.source_oauth.get_consent_url(
                SHEETS, W, REDIRECT, oauth_input_configuration=[1]
            ),
            InvalidArgumentTypeError,
        ),
        (lambda c: c.source_oauth.complete_oauth(SHEETS, W, "code=1"), InvalidArgumentTypeError),
        (
            lambda c: c.source_oauth.complete_oauth(SHEETS, W, {}, return_secret_coordinate="yes"),
            InvalidArgumentTypeError,
        ),
        (lambda c: c.source_oauth.set_instancewide_params(SHEETS, None), InvalidArgumentTypeError),
        (
            lambda c: c.destination_oauth.get_consent_url(SNOWFLAKE, 1, REDIRECT),
            InvalidArgumentTypeError,
        ),
        (
            lambda c: c.destination_oauth.complete_oauth(SNOWFLAKE, W, {1: 2}),
            InvalidArgumentTypeError,
        ),
        (
            lambda c: c.destination_oauth.set_instancewide_params("nope", APP),
            InvalidArgumentError,
        ),
    ],
)
async def test_bad_arguments_send_nothing(
    mocked: aioresponses, client: AirbyteClient, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await call(client)
    assert mocked.requests == {}


def test_secrets_stay_out_of_reprs() -> None:
    shown = [
        repr(SYNC_CONFIG),
        repr(
            m.SaveAttemptSyncConfigRequestBody(job_id=1, attempt_number=0, sync_config=SYNC_CONFIG)
        ),
        repr(
            m.SetInstancewideSourceOauthParamsRequestBody(
                source_definition_id=uuid.UUID(SHEETS), params=APP
            )
        ),
        repr(
            m.SetInstancewideDestinationOauthParamsRequestBody(
                destination_definition_id=uuid.UUID(SNOWFLAKE), params=APP
            )
        ),
        repr(
            decode(
                {"request_succeeded": True, "auth_payload": CREDENTIALS},
                m.CompleteOAuthResponse,
                operation="t",
            )
        ),
        repr(
            m.CompleteSourceOauthRequest(
                source_definition_id=uuid.UUID(SHEETS),
                workspace_id=uuid.UUID(W),
                query_params={"code": "code-CANARY"},
                o_auth_input_configuration=APP,
            )
        ),
        repr(
            m.SourceOauthConsentRequest(
                source_definition_id=uuid.UUID(SHEETS),
                workspace_id=uuid.UUID(W),
                redirect_url=REDIRECT,
                o_auth_input_configuration=APP,
            )
        ),
    ]
    for text in shown:
        assert "CANARY" not in text, text


# --- contract: request models encode to valid bodies, answers decode ------------------------

_OP_CREATE = m.OperationCreate(workspace_id=uuid.UUID(W), name="x", operator_configuration=WEBHOOK)
REQUESTS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("OperatorConfiguration", WEBHOOK, ALL),
    ("OperatorConfiguration", DBT, ("0.40",)),
    ("OperationCreate", _OP_CREATE, ALL),
    (
        "OperationUpdate",
        m.OperationUpdate(operation_id=uuid.UUID(OP), name="x", operator_configuration=WEBHOOK),
        ALL,
    ),
    ("OperationIdRequestBody", m.OperationIdRequestBody(operation_id=uuid.UUID(OP)), ALL),
    (
        "SaveStatsRequestBody",
        m.SaveStatsRequestBody(
            job_id=1, attempt_number=0, stats=STATS, stream_stats=[STREAM_STATS]
        ),
        ALL,
    ),
    (
        "SaveStatsRequestBody",
        m.SaveStatsRequestBody(job_id=1, attempt_number=0, stats=STATS, connection_id=uuid.UUID(C)),
        MODERN,
    ),
    (
        "SaveAttemptSyncConfigRequestBody",
        m.SaveAttemptSyncConfigRequestBody(job_id=1, attempt_number=0, sync_config=SYNC_CONFIG),
        ALL,
    ),
    (
        "SetWorkflowInAttemptRequestBody",
        m.SetWorkflowInAttemptRequestBody(job_id=1, attempt_number=0, workflow_id="w"),
        ("0.40", "1.0"),
    ),
    (
        "GetAttemptStatsRequestBody",
        m.GetAttemptStatsRequestBody(job_id=1, attempt_number=0),
        MODERN,
    ),
    (
        "SourceOauthConsentRequest",
        m.SourceOauthConsentRequest(
            source_definition_id=uuid.UUID(SHEETS),
            workspace_id=uuid.UUID(W),
            redirect_url=REDIRECT,
            o_auth_input_configuration={"host": "h"},
            source_id=uuid.UUID(SOURCE),
        ),
        ALL,
    ),
    (
        "SourceOauthConsentRequest",
        m.SourceOauthConsentRequest(
            source_definition_id=uuid.UUID(SHEETS),
            workspace_id=uuid.UUID(W),
            redirect_url=REDIRECT,
            requested_scopes=["read"],
            requested_optional_scopes=["write"],
        ),
        ("2026-08",),
    ),
    (
        "DestinationOauthConsentRequest",
        m.DestinationOauthConsentRequest(
            destination_definition_id=uuid.UUID(SNOWFLAKE),
            workspace_id=uuid.UUID(W),
            redirect_url=REDIRECT,
            destination_id=uuid.UUID(DESTINATION),
        ),
        ALL,
    ),
    (
        "CompleteSourceOauthRequest",
        m.CompleteSourceOauthRequest(
            source_definition_id=uuid.UUID(SHEETS),
            workspace_id=uuid.UUID(W),
            redirect_url=REDIRECT,
            query_params={"code": "c"},
            source_id=uuid.UUID(SOURCE),
        ),
        ALL,
    ),
    (
        "CompleteSourceOauthRequest",
        m.CompleteSourceOauthRequest(
            source_definition_id=uuid.UUID(SHEETS),
            workspace_id=uuid.UUID(W),
            return_secret_coordinate=True,
        ),
        MODERN,
    ),
    (
        "CompleteDestinationOAuthRequest",
        m.CompleteDestinationOAuthRequest(
            destination_definition_id=uuid.UUID(SNOWFLAKE),
            workspace_id=uuid.UUID(W),
            query_params={"code": "c"},
            o_auth_input_configuration={"host": "h"},
        ),
        ALL,
    ),
    (
        "SetInstancewideSourceOauthParamsRequestBody",
        m.SetInstancewideSourceOauthParamsRequestBody(
            source_definition_id=uuid.UUID(SHEETS), params=APP
        ),
        ALL,
    ),
    (
        "SetInstancewideDestinationOauthParamsRequestBody",
        m.SetInstancewideDestinationOauthParamsRequestBody(
            destination_definition_id=uuid.UUID(SNOWFLAKE), params=APP
        ),
        ALL,
    ),
]


@pytest.mark.parametrize(("name", "model", "documents"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_request_models_fit_the_documents(
    name: str, model: Any, documents: tuple[str, ...]
) -> None:
    for document in documents:
        spec.validate(name, encode(model), strict=True, document=document)


_NORMALIZATION = {
    "attemptNormalizationStatuses": [
        {
            "attemptNumber": 0,
            "hasRecordsCommitted": True,
            "recordsCommitted": 9,
            "hasNormalizationFailed": False,
        }
    ]
}


@pytest.mark.parametrize(
    ("name", "body", "cls", "documents"),
    [
        ("OperationRead", operation_read(), m.OperationRead, ALL),
        ("OperationReadList", {"operations": [operation_read()]}, m.OperationReadList, ALL),
        ("CheckOperationRead", {"status": "succeeded"}, m.CheckOperationRead, ALL),
        ("InternalOperationResult", OK, m.InternalOperationResult, ALL),
        ("AttemptInfoRead", attempt_info(), m.AttemptInfoRead, ("2.0", "2026-08")),
        (
            "AttemptNormalizationStatusReadList",
            _NORMALIZATION,
            m.AttemptNormalizationStatusReadList,
            ("0.40",),
        ),
        ("OAuthConsentRead", {"consentUrl": "https://x"}, m.OAuthConsentRead, ALL),
        (
            "CompleteOAuthResponse",
            {"request_succeeded": True, "auth_payload": CREDENTIALS},
            m.CompleteOAuthResponse,
            MODERN,
        ),
        (
            "CompleteOAuthResponse",
            {"request_succeeded": False, "request_error": "access_denied", "auth_payload": {}},
            m.CompleteOAuthResponse,
            MODERN,
        ),
    ],
)
def test_answers_fit_and_decode(
    name: str, body: Any, cls: type, documents: tuple[str, ...]
) -> None:
    for document in documents:
        spec.validate(name, body, strict=True, document=document)
    assert_types(decode(body, cls, operation="test"))
