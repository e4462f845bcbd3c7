"""Operations, attempts, OAuth and the jobs' normalization status, end to end: the client
against the simulator (0.40 and modern profiles) over loopback HTTP."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from aioairbyte import (
    AirbyteClient,
    ClientCredentials,
    NotFoundError,
    ServerError,
    UnsupportedOperationError,
)
from aioairbyte.models import (
    AttemptStats,
    AttemptStreamStats,
    AttemptSyncConfig,
    CheckOperationReadStatus,
    ConnectionUpdate,
    LogEvents,
    LogRead,
    OperationCreate,
    OperationUpdate,
    OperatorConfiguration,
    OperatorDbt,
    OperatorNormalization,
    OperatorNormalizationOption,
    OperatorType,
    OperatorWebhook,
    OperatorWebhookDbtCloud,
    OperatorWebhookWebhookType,
)
from aioairbyte.simulator import SimulatedAirbyte, SimulatorConfig

from .conftest import FAST_POLL, FAST_RETRY

COVERED: set[str] = {
    "operations.check",
    "operations.create",
    "operations.get",
    "operations.list",
    "operations.update",
    "operations.delete",
    "attempts.save_stats",
    "attempts.save_sync_config",
    "attempts.set_workflow_in_attempt",
    "attempts.get_for_job",
    "jobs.get_normalization_status",
    "source_oauth.get_consent_url",
    "source_oauth.complete_oauth",
    "source_oauth.set_instancewide_params",
    "destination_oauth.get_consent_url",
    "destination_oauth.complete_oauth",
    "destination_oauth.set_instancewide_params",
}

APP = ("platform-client", "platform-secret")
WEBHOOK = OperatorConfiguration(
    operator_type=OperatorType.WEBHOOK,
    webhook=OperatorWebhook(
        webhook_type=OperatorWebhookWebhookType.DBT_CLOUD,
        dbt_cloud=OperatorWebhookDbtCloud(account_id=12, job_id=34),
    ),
)
NORMALIZATION = OperatorConfiguration(
    operator_type=OperatorType.NORMALIZATION,
    normalization=OperatorNormalization(option=OperatorNormalizationOption.BASIC),
)


@contextlib.asynccontextmanager
async def serve(profile: str) -> AsyncIterator[tuple[SimulatedAirbyte, AirbyteClient]]:
    """A simulator of ``profile`` (the modern one with application tokens) and its client."""
    if profile == "modern":
        config = SimulatorConfig(profile="modern", application=APP, attempt_duration=0.05)
        auth: Any = ClientCredentials(*APP)
    else:
        config = SimulatorConfig(attempt_duration=0.05)
        auth = None
    async with (
        SimulatedAirbyte(config=config) as sim,
        AirbyteClient(sim.url, auth=auth, retry=FAST_RETRY) as client,
    ):
        yield sim, client


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_operations_lifecycle(profile: str) -> None:
    async with serve(profile) as (sim, client):
        modern = profile == "modern"
        checked = await client.operations.check(WEBHOOK)
        assert checked.status is CheckOperationReadStatus.SUCCEEDED
        assert checked.succeeded
        bare_webhook = OperatorConfiguration(operator_type=OperatorType.WEBHOOK)
        bare = await client.operations.check(bare_webhook)
        assert bare.status is CheckOperationReadStatus.FAILED
        assert bare.message == ("Failed requirement." if modern else None)

        webhook = await client.operations.create(
            OperationCreate(
                workspace_id=sim.workspace_id, name="dbt cloud", operator_configuration=WEBHOOK
            )
        )
        assert webhook.workspace_id == sim.workspace_id
        hook = webhook.operator_configuration.webhook
        assert hook is not None
        assert hook.dbt_cloud == OperatorWebhookDbtCloud(account_id=12, job_id=34)
        assert hook.execution_url == "https://cloud.getdbt.com/api/v2/accounts/12/jobs/34/run/"

        # A normalization operator: 0.40 keeps its configuration, 2.x only its type.
        normalization = await client.operations.create(
            OperationCreate(
                workspace_id=sim.workspace_id,
                name="normalize",
                operator_configuration=NORMALIZATION,
            )
        )
        config = normalization.operator_configuration
        assert config.operator_type is OperatorType.NORMALIZATION
        assert config.normalization == (None if modern else NORMALIZATION.normalization)

        cid = sim.add_connection()
        ids = [webhook.operation_id, normalization.operation_id]
        await client.connections.update(ConnectionUpdate(connection_id=cid, operation_ids=ids))
        listed = await client.operations.list(cid)
        assert [o.operation_id for o in listed] == ids

        renamed = await client.operations.update(
            OperationUpdate(
                operation_id=normalization.operation_id,
                name="dbt",
                operator_configuration=OperatorConfiguration(
                    operator_type=OperatorType.DBT,
                    dbt=OperatorDbt(git_repo_url="https://github.com/acme/dbt.git"),
                ),
            )
        )
        assert renamed.name == "dbt"
        assert renamed.operator_configuration.operator_type is OperatorType.DBT
        assert (renamed.operator_configuration.dbt is None) is modern
        assert (await client.operations.get(normalization.operation_id)).name == "dbt"

        await client.operations.delete(webhook.operation_id)
        await client.operations.delete(uuid.uuid4())  # an unknown id deletes nothing
        assert [o.operation_id for o in await client.operations.list(cid)] == ids[1:]
        connection = await client.connections.get(cid)
        assert connection.operation_ids == ids[1:]  # the delete detached it
        assert (await client.operations.get(webhook.operation_id)).name == "dbt cloud"  # soft
        with pytest.raises(NotFoundError):
            await client.operations.get(uuid.uuid4())


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_attempt_bookkeeping_shows_in_the_job(profile: str) -> None:
    async with serve(profile) as (sim, client):
        modern = profile == "modern"
        cid = sim.add_connection()
        result = await client.connections.sync_and_wait(cid, poll=FAST_POLL, timeout=10)
        job_id = result.job.id
        stats = AttemptStats(records_emitted=7, bytes_emitted=700, records_committed=7)
        streams = [AttemptStreamStats(stream_name="users", stream_namespace="public", stats=stats)]
        saved = await client.attempts.save_stats(
            job_id, 0, stats, stream_stats=streams, connection_id=cid if modern else None
        )
        assert saved.succeeded
        info = await client.jobs.get(job_id)
        attempt = info.attempts[0].attempt
        assert attempt.total_stats == stats
        assert attempt.stream_stats == streams
        assert attempt.records_synced == 7
        with pytest.raises(ServerError):  # no such attempt: the stats name nothing
            await client.attempts.save_stats(job_id, 5, stats)

        config = AttemptSyncConfig(
            source_configuration={"password": "hunter2"}, destination_configuration={}
        )
        assert (await client.attempts.save_sync_config(job_id, 0, config)).succeeded
        assert (await client.attempts.save_sync_config(job_id + 99, 0, config)).succeeded

        if modern:
            with pytest.raises(UnsupportedOperationError):
                await client.attempts.set_workflow_in_attempt(job_id, 0, "sync_1")
            with pytest.raises(UnsupportedOperationError):
                await client.jobs.get_normalization_status(job_id)
            one = await client.attempts.get_for_job(job_id, 0)
            assert isinstance(one.logs, LogEvents)
            assert one.lines
            assert one.attempt.total_stats == stats
            with pytest.raises(NotFoundError):
                await client.attempts.get_for_job(job_id, 3)
        else:
            assert (await client.attempts.set_workflow_in_attempt(job_id, 0, "sync_1")).succeeded
            statuses = await client.jobs.get_normalization_status(job_id)
            assert [(s.attempt_number, s.records_committed) for s in statuses] == [(0, 7)]
            assert await client.jobs.get_normalization_status(job_id + 99) == []
            with pytest.raises(UnsupportedOperationError):
                await client.attempts.get_for_job(job_id, 0)
            assert isinstance(info.attempts[0].logs, LogRead)


SHEETS = "71607ba1-c0ac-4799-8049-7f4b90dd50f7"  # a source with OAuth (Google)
POSTGRES = "decd338e-5647-4c0b-adf4-da0e75f5a750"  # a source without
SNOWFLAKE = "424892c4-daac-4491-b35d-c6688ba547ba"  # a destination with OAuth (its own host)
OAUTH_APP = {"client_id": "app-id", "client_secret": "app-CANARY-secret"}


@pytest.mark.parametrize("profile", ["0.40", "modern"])
async def test_oauth_flows(profile: str) -> None:
    async with serve(profile) as (sim, client):
        modern = profile == "modern"
        ws = sim.workspace_id
        redirect = "https://app.example/oauth/callback"
        with pytest.raises(ServerError) as missing:  # no client_id yet
            await client.source_oauth.get_consent_url(SHEETS, ws, redirect)
        assert "CANARY" not in str(missing.value)
        await client.source_oauth.set_instancewide_params(SHEETS, OAUTH_APP)
        url = await client.source_oauth.get_consent_url(SHEETS, ws, redirect)
        assert url.startswith("https://accounts.google.com/o/oauth2/v2/auth?client_id=app-id&")
        assert "redirect_uri=https%3A%2F%2Fapp.example%2Foauth%2Fcallback" in url

        done = await client.source_oauth.complete_oauth(SHEETS, ws, {"code": "abc"})
        assert done.request_succeeded is True
        assert done.auth_payload is not None
        assert set(done.auth_payload) == {"refresh_token", "client_id", "client_secret"}
        assert done.auth_payload["client_secret"] == "**********"
        assert "refresh" not in repr(done)
        denied = await client.source_oauth.complete_oauth(SHEETS, ws, {"error": "access_denied"})
        assert denied.request_succeeded is False
        assert denied.request_error == "access_denied"
        with pytest.raises(ServerError):  # no code
            await client.source_oauth.complete_oauth(SHEETS, ws, {})
        with pytest.raises(ServerError):  # Postgres has no OAuth flow
            await client.source_oauth.get_consent_url(POSTGRES, ws, redirect)
        with pytest.raises(NotFoundError):
            await client.source_oauth.get_consent_url(uuid.uuid4(), ws, redirect)
        if modern:
            coordinate = await client.source_oauth.complete_oauth(
                SHEETS, ws, {"code": "abc"}, return_secret_coordinate=True
            )
            assert coordinate.auth_payload is not None
            assert coordinate.auth_payload["secretId"].startswith("airbyte_oauth_workspace_")

        await client.destination_oauth.set_instancewide_params(SNOWFLAKE, OAUTH_APP)
        url = await client.destination_oauth.get_consent_url(
            SNOWFLAKE,
            ws,
            redirect,
            oauth_input_configuration={"host": "acme.snowflakecomputing.com"},
        )
        assert url.startswith(
            "https://acme.snowflakecomputing.com/oauth/authorize?client_id=app-id"
        )
        tokens = await client.destination_oauth.complete_oauth(SNOWFLAKE, ws, {"code": "xyz"})
        assert tokens.auth_payload is not None
        assert {"access_token", "refresh_token"} <= set(tokens.auth_payload)
