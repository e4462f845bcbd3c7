"""``SimulatedAirbyte``: the simulated server as an async context manager."""

from __future__ import annotations

import uuid
from types import TracebackType
from typing import Any

from aiohttp import web

from .app import make_app
from .backend import Backend
from .clock import RealClock
from .config import Faults, Outcome, SimulatorConfig
from .faults import FaultInjector
from .stats import Stats
from .tokens import TokenIssuer

__all__ = ["SimulatedAirbyte"]

# Handlers never block, so in-flight requests (e.g. sleeping on injected latency) get little
# time to finish when the server stops.
_SHUTDOWN_TIMEOUT = 1.0


class SimulatedAirbyte:
    """An in-memory Airbyte OSS server speaking the Configuration API over HTTP.

    >>> async with SimulatedAirbyte(config=SimulatorConfig(connections=2)) as sim:  # doctest: +SKIP
    ...     sim.url  # "http://127.0.0.1:PORT/api"

    The default workspace holds two sources and two destinations; ``config.connections``
    connections are seeded between the first source and destination. Jobs progress with
    ``config.clock`` (the wall clock by default) and are evaluated lazily when observed.
    """

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.clock = self.config.clock or RealClock()
        self.stats = Stats()
        self._backend = Backend(self.config, self.clock, self.stats)
        self._injector = FaultInjector(self.config.faults, self.stats)
        application = self.config.application if self.config.modern else None
        self._tokens = (
            None
            if application is None
            else TokenIssuer(application, self.config.token_lifetime, self.stats)
        )
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind and start serving (``async with`` does this)."""
        if self._runner is not None:
            raise RuntimeError("the simulator is already started")
        app = make_app(self._backend, self.stats, self._injector, self._tokens)
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=_SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.config.host, self.config.port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._url = f"http://{_url_host(host)}:{port}/api"

    async def close(self) -> None:
        """Stop serving and release the socket (idempotent)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> SimulatedAirbyte:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # -- what tests read and steer -----------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL of the API, e.g. ``http://127.0.0.1:8000/api`` (once started)."""
        if self._url is None:
            raise RuntimeError("the simulator is not started")
        return self._url

    @property
    def workspace_id(self) -> uuid.UUID:
        """Id of the seeded default workspace."""
        return uuid.UUID(self._backend.store.default_workspace_id)

    @property
    def faults(self) -> Faults:
        """Faults in force; assign new ones at any time (e.g. to open an outage window)."""
        return self._injector.faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        self._injector.faults = faults

    def add_connection(
        self,
        name: str | None = None,
        *,
        outcome: Outcome | None = None,
        attempt_duration: float | None = None,
    ) -> uuid.UUID:
        """Add an active connection in the default workspace, with a two-stream catalog.

        It links the first seeded source (Postgres) and destination (BigQuery). ``outcome``
        defaults to ``config.default_outcome``, ``attempt_duration`` to the configured one.
        """
        record = self._backend.add_connection(
            name, outcome=outcome, attempt_duration=attempt_duration
        )
        return uuid.UUID(record.id)

    def set_outcome(self, connection_id: uuid.UUID | str, outcome: Outcome) -> None:
        """Set the outcome of the connection's next jobs (a running job keeps its own)."""
        self._backend.store.connection(str(connection_id)).outcome = outcome

    def set_refresh_support(self, destination_id: uuid.UUID | str, supported: bool) -> None:
        """Say whether a destination supports refreshes (modern profile; all do at start).

        It is the ``supportsRefreshes`` of the destination's definition version, as
        ``destinationActorDefinitionVersion`` in web-backend reads shows it. Without it,
        ``connections/refresh`` of a connection to that destination records nothing, starts
        nothing and answers ``{}`` (``StreamRefreshesHandler.createRefreshesForConnection``).
        Refreshes recorded before the switch still make the next job a refresh. The id is a
        connection's ``destinationId`` (``connections/get``); ``KeyError`` for an unknown one.
        """
        key = str(destination_id).lower()
        if key not in self._backend.store.destinations:
            raise KeyError(destination_id)
        if supported:
            self._backend.refresh_unsupported.discard(key)
        else:
            self._backend.refresh_unsupported.add(key)

    def unfinished_jobs(self) -> list[int]:
        """Ids of the jobs not in a terminal status, after advancing every job to now."""
        return [job.id for job in self._backend.engine.unfinished()]

    def jobs_for(self, connection_id: uuid.UUID | str) -> list[dict[str, Any]]:
        """The connection's jobs, oldest first, as ``JobWithAttemptsRead`` dicts (advanced)."""
        engine = self._backend.engine
        return [engine.job_with_attempts(job) for job in engine.jobs_of(str(connection_id))]

    def expire_tokens(self) -> None:
        """Make every token issued so far invalid: its next use answers 401 (modern profile).

        For tests of token renewal; a no-op without an application (security ``NONE``).
        """
        if self._tokens is not None:
            self._tokens.expire_all()

    def job_status(self, job_id: int) -> str:
        """Current status of a job (``KeyError`` if unknown)."""
        job = self._backend.engine.get(job_id)
        if job is None:
            raise KeyError(job_id)
        return job.status


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
