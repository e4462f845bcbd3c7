"""``AirbyteClient``: the entry point, holding one transport and the API family namespaces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import TracebackType
from uuid import UUID

import aiohttp

from ._args import callback_arg, choice_arg, refresh_mode_arg, streams_arg
from .api.attempts import Attempts
from .api.destination_definitions import DestinationDefinitions
from .api.destinations import Destinations
from .api.health import Health
from .api.instance import Instance
from .api.logs import Logs
from .api.notifications import Notifications
from .api.oauth import DestinationOAuth, SourceOAuth
from .api.openapi import OpenApi
from .api.operations import Operations
from .api.scheduler import Scheduler
from .api.source_definitions import SourceDefinitions
from .api.sources import Sources
from .api.state import State
from .api.web_backend import WebBackend
from .api.workspaces import Workspaces
from .auth import AuthLike
from .errors import InvalidArgumentError
from .fanout import BulkResult, OnFanOutEvent, TriggerOutcome, run_many, trigger_many
from .models import RefreshMode
from .namespaces import Connections, Jobs, StreamsArg
from .retries import RetryConfig
from .schedule import PollPolicy
from .transport import DEFAULT_MAX_RESPONSE_BYTES, Transport
from .triggers import IfRunning, Kind

__all__ = ["DEFAULT_BASE_URL", "AirbyteClient"]

#: Where Airbyte OSS serves the Configuration API by default.
DEFAULT_BASE_URL = "http://localhost:8000/api"


class AirbyteClient:
    """An async client for the Airbyte Configuration API.

    ::

        async with AirbyteClient(url, auth=ClientCredentials(client_id, secret)) as client:
            job = await client.connections.sync(connection_id)

    One aiohttp session serves every request (created on first use, closed by :meth:`close`);
    pass ``session=`` to use your own, which the client then never closes.

    Args:
        base_url: the API root, e.g. ``http://localhost:8000/api``. Credentials in the URL
            (``http://user:pass@host/api``) become basic auth and are removed from the URL.
        auth: :class:`~aioairbyte.ClientCredentials` (an application's id and secret,
            exchanged for short-lived tokens: Airbyte 1.x/2.x), :class:`~aioairbyte.BasicAuth`
            or a ``(username, password)`` tuple (0.40 behind its proxy),
            :class:`~aioairbyte.BearerAuth` (a token you manage), or ``None``.
        headers: extra headers for every request.
        timeout: per-request timeout, in seconds or as an :class:`aiohttp.ClientTimeout`.
        max_connections: the most requests in flight at once (aiohttp's connector limit);
            further requests wait for a free connection.
        retry: the :class:`~aioairbyte.RetryConfig` of single calls (``RetryConfig(attempts=1)``
            disables their retries); waits retry until their own deadline, paced by its backoff.
        session: an existing :class:`aiohttp.ClientSession` to use instead of creating one.
        max_response_bytes: the largest response body accepted (512 MiB by default); a larger
            one raises :class:`~aioairbyte.ResponseDecodeError` without being read whole.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        auth: AuthLike = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | aiohttp.ClientTimeout | None = None,
        max_connections: int = 100,
        retry: RetryConfig | None = None,
        session: aiohttp.ClientSession | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._transport = Transport(
            base_url,
            auth=auth,
            headers=headers,
            timeout=timeout,
            max_connections=max_connections,
            retry=retry,
            session=session,
            max_response_bytes=max_response_bytes,
        )
        #: Jobs: get, get_light, cancel, list, iterate, get_last_replication_job, get_debug_info,
        #: and wait / watch.
        self.jobs = Jobs(self._transport)
        #: Connections: create, get, update, delete, list, list_all, search, sync, reset,
        #: clear, refresh, status, sync_progress, and sync_and_wait / reset_and_wait /
        #: clear_and_wait / refresh_and_wait.
        self.connections = Connections(self._transport, self.jobs)
        #: Connection state: get.
        self.state = State(self._transport)
        #: The web backend: connection views, state type, workspace state, geographies.
        self.web_backend = WebBackend(self._transport)
        #: Workspaces: list, get.
        self.workspaces = Workspaces(self._transport)
        #: Sources: list, get.
        self.sources = Sources(self._transport)
        #: Destinations: list, get.
        self.destinations = Destinations(self._transport)
        #: The health check.
        self.health = Health(self._transport)
        #: The instance configuration of a 1.x/2.x server: edition, version, auth mode.
        self.instance = Instance(self._transport)
        #: Source connector definitions and their specifications.
        self.source_definitions = SourceDefinitions(self._transport)
        #: Destination connector definitions and their specifications.
        self.destination_definitions = DestinationDefinitions(self._transport)
        #: Connection operations (normalization, dbt, webhooks): create, check, get, list,
        #: update, delete.
        self.operations = Operations(self._transport)
        #: Checks and schema discovery of a configuration not saved as a source/destination.
        self.scheduler = Scheduler(self._transport)
        #: OAuth consent and completion for source connectors.
        self.source_oauth = SourceOAuth(self._transport)
        #: OAuth consent and completion for destination connectors.
        self.destination_oauth = DestinationOAuth(self._transport)
        #: Attempts of a job (mostly the platform's own bookkeeping).
        self.attempts = Attempts(self._transport)
        #: Trying a notification configuration.
        self.notifications = Notifications(self._transport)
        #: Server and scheduler logs (0.40; later servers serve logs per attempt).
        self.logs = Logs(self._transport)
        #: The server's own OpenAPI document.
        self.openapi = OpenApi(self._transport)

    @property
    def base_url(self) -> str:
        """The API root requests go to (without any credentials)."""
        return self._transport.base_url

    @property
    def transport(self) -> Transport:
        """The transport: session, auth, timeouts, retries."""
        return self._transport

    async def sync_many(
        self,
        connection_ids: Iterable[UUID | str],
        *,
        concurrency: int = 50,
        max_running: int | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool = True,
        on_update: OnFanOutEvent | None = None,
        raise_on_failure: bool = False,
        progress: bool = False,
    ) -> BulkResult:
        """Sync every connection and wait for all of them; one outcome per connection.

        Each connection gets :meth:`~aioairbyte.api.connections.Connections.sync_and_wait`'s
        guarantees (no duplicate syncs, 409 attaches, owned jobs cancelled). ``concurrency``
        bounds the requests in flight; ``max_running`` optionally bounds the jobs running at
        once; ``timeout`` is one deadline for the whole fan-out, after which unfinished jobs
        it started are cancelled (``cancel_on_timeout``) and reported ``timed_out``.
        ``on_update`` hears every job status change and every final outcome, and with
        ``progress`` each running job's records and bytes (:class:`~aioairbyte.JobProgress`).
        On a 1.x/2.x server the running jobs are polled together, up to 100 per request.

        Returns a :class:`~aioairbyte.fanout.BulkResult` (outcomes in input order, ``summary``
        counts by status); with ``raise_on_failure`` raises a ``BulkSyncError``
        (an ``ExceptionGroup``) when any connection did not succeed. Cancelling the call
        cancels every job it started, then re-raises.

        Bad arguments raise :class:`~aioairbyte.errors.InvalidArgumentError` before any request,
        an empty or repeating ``connection_ids`` included (an empty list is almost always a
        selection that went wrong, not a request to do nothing).
        """
        return await self._many(
            connection_ids,
            "sync",
            concurrency=concurrency,
            max_running=max_running,
            timeout=timeout,
            poll=poll,
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def reset_many(
        self,
        connection_ids: Iterable[UUID | str],
        *,
        streams: StreamsArg = None,
        concurrency: int = 50,
        max_running: int | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = True,
        on_update: OnFanOutEvent | None = None,
        raise_on_failure: bool = False,
        progress: bool = False,
    ) -> BulkResult:
        """Reset every connection (or only ``streams`` of each: 1.x, 2.x) and wait for all of
        them; see :meth:`sync_many`."""
        return await self._many(
            connection_ids,
            "reset",
            streams=streams,
            concurrency=concurrency,
            max_running=max_running,
            timeout=timeout,
            poll=poll,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def clear_many(
        self,
        connection_ids: Iterable[UUID | str],
        *,
        streams: StreamsArg = None,
        concurrency: int = 50,
        max_running: int | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        cancel_on_timeout: bool = True,
        on_update: OnFanOutEvent | None = None,
        raise_on_failure: bool = False,
        progress: bool = False,
    ) -> BulkResult:
        """Clear every connection's data (or only ``streams``) and wait for all of the jobs
        (1.x, 2.x; each runs as a ``reset_connection`` job); see :meth:`sync_many`."""
        return await self._many(
            connection_ids,
            "clear",
            streams=streams,
            concurrency=concurrency,
            max_running=max_running,
            timeout=timeout,
            poll=poll,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def refresh_many(
        self,
        connection_ids: Iterable[UUID | str],
        *,
        streams: StreamsArg = None,
        mode: RefreshMode | str = "truncate",
        concurrency: int = 50,
        max_running: int | None = None,
        timeout: float | None = None,
        poll: PollPolicy | None = None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool = True,
        on_update: OnFanOutEvent | None = None,
        raise_on_failure: bool = False,
        progress: bool = False,
    ) -> BulkResult:
        """Refresh every connection's streams (all, or ``streams``; ``mode`` ``"truncate"`` or
        ``"merge"``) and wait for all of the jobs (1.x, 2.x); see :meth:`sync_many` and
        :meth:`~aioairbyte.namespaces.Connections.refresh_and_wait` (a connection whose
        destination cannot refresh ends ``error`` with a ``NoJobStartedError``)."""
        return await self._many(
            connection_ids,
            "refresh",
            streams=streams,
            mode=mode,
            concurrency=concurrency,
            max_running=max_running,
            timeout=timeout,
            poll=poll,
            if_running=if_running,
            cancel_on_timeout=cancel_on_timeout,
            on_update=on_update,
            raise_on_failure=raise_on_failure,
            progress=progress,
        )

    async def _many(
        self,
        connection_ids: Iterable[UUID | str],
        kind: Kind,
        *,
        streams: StreamsArg = None,
        mode: RefreshMode | str = RefreshMode.TRUNCATE,
        concurrency: int,
        max_running: int | None,
        timeout: float | None,
        poll: PollPolicy | None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool,
        on_update: OnFanOutEvent | None,
        raise_on_failure: bool,
        progress: bool,
    ) -> BulkResult:
        return await run_many(
            self.connections,
            self.jobs,
            connection_ids,
            kind,
            concurrency=concurrency,
            max_running=max_running,
            timeout=timeout,
            poll=poll,
            # Checked here, once: inside the fan-out a bad value would fail every connection
            # separately (or, for on_update, only after their jobs were started).
            if_running=choice_arg(if_running, ("attach", "error"), "if_running"),
            cancel_on_timeout=cancel_on_timeout,
            on_update=callback_arg(on_update, "on_update"),
            raise_on_failure=raise_on_failure,
            streams=None if streams is None else streams_arg(streams, "streams"),
            mode=refresh_mode_arg(mode),
            poller=self.jobs.poller,
            progress=progress,
        )

    async def trigger_many(
        self,
        connection_ids: Iterable[UUID | str],
        *,
        kind: Kind = "sync",
        streams: StreamsArg = None,
        mode: RefreshMode | str | None = None,
        concurrency: int = 50,
        timeout: float | None = None,
        if_running: IfRunning = "attach",
    ) -> list[TriggerOutcome]:
        """Start a sync (or ``kind="reset"``, ``"clear"``, ``"refresh"``, narrowed to
        ``streams``; a refresh's ``mode`` is ``"truncate"`` unless given) on every connection
        without waiting for the jobs.

        Each trigger is safe as in :meth:`sync_many` (409 attaches, no duplicate on an
        ambiguous failure, resent through transient failures until ``timeout``). Returns one
        :class:`~aioairbyte.fanout.TriggerOutcome` per connection, in input order: the job
        (``owned`` when this call started it) or the error. Follow the jobs with
        ``client.jobs.wait``.
        """
        kind = choice_arg(kind, ("sync", "reset", "clear", "refresh"), "kind")
        # Refused rather than dropped: a sync of every stream is not what was asked for.
        if streams is not None and kind == "sync":
            raise InvalidArgumentError("streams is for a reset, clear or refresh, not a sync")
        if mode is not None and kind != "refresh":
            raise InvalidArgumentError(f"mode is for a refresh, not a {kind}")
        return await trigger_many(
            self.connections,
            self.jobs,
            connection_ids,
            kind,
            concurrency=concurrency,
            timeout=timeout,
            if_running=choice_arg(if_running, ("attach", "error"), "if_running"),
            streams=None if streams is None else streams_arg(streams, "streams"),
            mode=refresh_mode_arg("truncate" if mode is None else mode),
        )

    async def close(self) -> None:
        """Close the session the client created (and stop the batched poll). Idempotent."""
        await self.jobs.poller.close()
        await self._transport.close()

    async def __aenter__(self) -> AirbyteClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"AirbyteClient(base_url={self.base_url!r}, auth={self._transport.auth!r})"
