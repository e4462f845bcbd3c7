"""Server profiles: which Airbyte the simulator imitates, and where modern behaviours come from.

``Profile.V0_40`` (the default) is the 2023 server 0.40.32 the project started from, unchanged.
``Profile.MODERN`` is Airbyte 1.x/2.x (the ``airbyte-config-api-2.0.0.yaml`` document, with
shapes chosen to validate against the 2026-08 one too). Each modern behaviour follows a
statement of ``../shared/spec/MODERN.md`` or a file of ``airbytehq/airbyte-platform``:

- **Application tokens** (``tokens.py``): ``POST /api/v1/applications/token`` takes JSON
  ``{client_id, client_secret}`` and answers ``{access_token}``
  (``airbyte-server/.../apis/controllers/ApplicationsController.kt``); the public
  ``POST /api/public/v1/applications/token`` takes JSON or a form, with the field ``grant-type``
  (its wire name; ``grant_type`` is accepted too, the documents require that name) and answers
  ``{access_token, token_type: "Bearer", expires_in}``
  (``airbyte-server/.../apis/publicapi/controllers/ApplicationsController.kt``,
  ``PublicApiGeneratedModelWireFormatTest.kt``). Wrong credentials: 400
  ``Invalid client id or token`` (``ApplicationServiceMicronautImpl.getToken``, MODERN.md).
- **JWT claims** ``iss: "airbyte"``, ``aud: "airbyte-server"``, ``sub`` the default user id
  ``00000000-0000-0000-0000-000000000000``, ``roles`` the instance-admin roles, ``exp``
  (``ApplicationServiceMicronautImpl.getToken``, ``AuthRole.getInstanceAdminRoles``,
  ``AirbyteConfig.kt`` ``DEFAULT_AUTH_TOKEN_ISSUER``); default lifetime 15 minutes
  (``airbyte-server/src/main/resources/application.yml``). The simulator adds ``iat``.
- **401 with an empty body** for a missing, malformed, badly signed or expired bearer token, and
  for Basic credentials (Micronaut's default; MODERN.md "Authentication"). Without an
  application, security is ``NONE`` (``AuthConfigs.kt``; MODERN.md).
- **Removed endpoints** answer 404 ``Object not found.`` like an unknown route (MODERN.md
  "Removed"). What lists workspaces instead: ``/v1/workspaces/list_by_user_id`` (the default
  user is an instance admin and sees every workspace: ``WorkspacesHandler.listWorkspacesByUser``)
  with the user from the anonymous ``GET /v1/instance_configuration``
  (``InstanceConfigurationHandler``: no ``defaultWorkspaceId``, although documented), and
  ``/v1/workspaces/list_paginated``, which lists only the ids it is given
  (``WorkspaceServiceJooqImpl.listStandardWorkspacesPaginated``).
- **Error bodies** ``{"errorId"}`` for 400/404/422/500 (``IdNotFoundExceptionHandler.kt``,
  ``InvalidInputExceptionHandler.kt``, ``InvalidJsonExceptionHandler.kt``,
  ``UncaughtExceptionHandler.kt``), ``{"message", "errorId"}`` for known exceptions such as the
  409 ``A sync is already running for: <id>`` (``KnownExceptionHandler.kt``,
  ``KnownException.infoFromThrowable``, ``TemporalClient.startNewManualSyncAndWaitForJobId``).
- **Payloads** of the 2.0.0 document (MODERN.md "Schemas that changed", ``shapes.py``):
  ``WorkspaceRead.organizationId``, ``createdAt`` on sources and destinations, no
  ``geography``, web-backend reads with actor definition versions and ``tags``, attempt logs
  as structured ``LogEvents`` with ``logType: structured``, definitions without
  ``normalizationConfig``/``supportsDbt``.
- **Queued jobs** (``capacity.py``): with ``max_running_jobs``, ``connections/sync`` answers at
  once with a ``pending`` job without attempts, which then becomes ``queued`` or ``running``; a
  second sync of a pending or queued job answers that job, of a running one 409
  (``SchedulerHandler.submitManualSyncToWorker``,
  ``TemporalClient.startNewManualSyncAndWaitForJobId``,
  ``airbyte-config/config-models/.../JobStatus.kt``: ``QUEUED`` may go to ``RUNNING`` or
  ``CANCELLED``; terminal statuses are ``FAILED``, ``SUCCEEDED``, ``CANCELLED``). Without a
  limit, ``connections/sync`` waits ``sync_start_delay`` before answering, as the server waits
  for the workflow to start (``SchedulerHandler.submitManualSyncToWorker``, MODERN.md "Jobs").
  So do the other routes that start a job (clear, stream resets, a refresh that started one:
  ``TemporalClient.resetConnection`` and ``startNewManualSync`` poll until it exists).

The job operations of ``modern_job_routes.py`` (answers computed in ``job_views.py``); the
0.40 table never has them, so they are unknown routes there:

- **Clear** ``connections/clear`` is a reset: ``ConnectionApiController.clearConnection`` calls
  ``SchedulerHandler.resetConnection``, a ``reset_connection`` job of every stream of the
  catalog (``ConnectionServiceJooqImpl.getAllStreamsForConnection``); like ``connections/reset``
  it cancels the running job (``ConnectionManagerWorkflowImpl.resetConnection``) and refuses a
  deleted connection with 409. ``connections/clear/stream`` and ``connections/reset/stream``
  reset the streams given, every stream for an empty list, and check none against the catalog:
  a stream it does not have is in the job as given
  (``SchedulerHandler.submitResetConnectionStreamsToWorker``). A succeeded reset drops the
  state of its streams only.
- **Refresh** ``connections/refresh`` (``StreamRefreshesHandler.createRefreshesForConnection``):
  ``{}`` when the destination's version does not support refreshes
  (``ActorDefinitionVersion.supportsRefreshes``; ``SimulatedAirbyte.set_refresh_support``);
  else the streams (all of them when none are given) are recorded, skipping those already
  waiting (``StreamRefreshesRepository.saveStreamsToRefresh``), and a manual sync starts. While a
  job runs, or for a deleted connection, ``TemporalClient.startNewManualSync`` starts nothing
  (a ``ManualOperationResult`` without job id) and the answer is ``{}``
  (``ConnectionApiController.refreshConnectionStream``: ``JobReadResponse().job(null)``). The
  next job created with refreshes waiting is a ``refresh`` job of them, which consumes them
  (``SchedulerHandler.createJob``, ``DefaultJobCreator.createRefreshConnection``); deleting the
  connection drops them (``ConnectionsHandler.deleteConnection``). Under a capacity limit a job
  waiting for a slot is answered at once (the server waits until it runs, then answers it).
- **Statuses** ``connections/status`` (``ConnectionsHandler.getConnectionStatuses``): per id, the
  ten newest replication jobs (``maxJobLookback``, ``Job.REPLICATION_TYPES``); ``activeJob`` is
  the newest if not terminal (``JobStatus.NON_TERMINAL_STATUSES``); ``lastSyncJobCreatedAt`` from
  the newest sync or refresh job of any age (``DefaultJobPersistence.getLastSyncJob``);
  ``connectionSyncStatus`` running, queued, pending (another unfinished status), failed
  (breaking change or config error), paused, incomplete (cancelled), pending (no finished job,
  or a reset last), incomplete (failed), synced. One unknown id is a 404 for the whole request
  (``buildConnectionRead``).
- **Progress** ``connections/sync_progress`` (``JobHistoryHandler.getConnectionSyncProgress``):
  the job of ``DefaultJobPersistence.getRunningJobForConnection`` (pending, queued, running or
  incomplete), its streams per config type (a refresh: the others as ``sync``, then the refreshed
  ones as ``refresh``), stats aggregated over attempts (``StatsAggregationHelper``: incremental
  streams add up, full-refresh ones count their last attempt). Without such a job, and for an
  unknown connection, ``{connectionId, streams: []}`` without the required ``configType``.
- **Jobs without logs** ``jobs/get_without_logs``: attempts without ``logs`` or ``logType``
  (``JobHistoryHandler.getJobInfoWithoutLogsStatic``,
  ``JobConverter.getAttemptInfoWithoutLogsRead``); an unknown id is the 500 of ``jobs/get``.
  It and the job lists hydrate ``aggregatedStats`` and ``streamAggregatedStats``
  (``HydrateAggregatedStats`` is on by default, ``FlagDefinitions.kt``).
- **Job lists** ``jobs/list`` (``JobHistoryHandler.listJobsFor``): ``configId`` optional;
  ``statuses`` (empty: all) and inclusive time bounds
  (``Specifications.jobWithAssociatedAttempts``); the order of ``orderByField`` only with an
  ``orderByMethod``, else newest first, and page number ``rowOffset / pageSize``
  (``JobServiceDataImpl.buildPageable``); ``totalJobCount`` counts the filtered jobs
  (``DefaultJobPersistence.getJobCount``); ``includingJobId`` ignores the filters
  (``listJobsIncludingId``). ``jobs/list_for_workspaces``
  (``JobHistoryHandler.listJobsForWorkspaces``): jobs whose connection's source is in
  ``workspaceIds`` (``IN ()`` for none), the same filters, a field ordering descending unless
  ``ASC`` (``DefaultJobPersistence.getJobOrderBy``), a plain row offset, and ``totalJobCount``
  the size of the page.
"""

from __future__ import annotations

import enum

__all__ = ["Profile"]


class Profile(enum.StrEnum):
    """Which Airbyte server the simulator imitates."""

    V0_40 = "0.40"
    """Airbyte 0.40.32 (2023): Basic auth through the proxy, the 2023 shapes and errors."""
    MODERN = "modern"
    """Airbyte 1.x/2.x: application tokens, ``queued`` jobs, 2.0.0 shapes and error bodies."""
