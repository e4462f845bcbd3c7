"""Options of the simulated server: job outcomes, injected faults and the server config."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from .clock import Clock
from .profiles import Profile

__all__ = ["Faults", "Outcome", "Profile", "SimulatorConfig"]


class Outcome(enum.StrEnum):
    """How the jobs of a connection end.

    The outcome is captured when a job is created, so :meth:`SimulatedAirbyte.set_outcome`
    affects the next job, not the one already running. It applies to every job alike (sync,
    refresh, reset).
    """

    SUCCEED = "succeed"
    """Every job succeeds on its first attempt."""
    FAIL = "fail"
    """Every attempt fails with a retryable source ``system_error``; the job ends ``failed``."""
    FAIL_THEN_SUCCEED = "fail_then_succeed"
    """The first attempt fails retryably, the second one succeeds."""
    CONFIG_ERROR = "config_error"
    """The first attempt fails with a non-retryable ``config_error``; the job ends ``failed``."""
    HANG = "hang"
    """The attempt runs until the job is cancelled."""


def _rate(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be within [0, 1], got {value}")


def _application(
    _: object, attribute: attrs.Attribute[tuple[str, str] | None], value: tuple[str, str] | None
) -> None:
    if value is None:
        return
    if len(value) != 2 or not all(isinstance(part, str) and part for part in value):
        raise ValueError(f"{attribute.name} must be (client_id, client_secret), got {value!r}")


def _paths(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


@attrs.frozen(kw_only=True)
class Faults:
    """Transport faults injected in front of the simulated API.

    Each request draws one number from a RNG seeded with ``seed``: it is dropped before
    processing with probability ``drop_before``, answered 503 with probability ``rate_503``,
    answered 429 with probability ``rate_429`` (the three are exclusive and checked in that
    order). A request that was processed is then dropped without an answer with probability
    ``drop_after`` (a second draw). ``latency`` is added to every matching request.
    """

    rate_503: float = attrs.field(default=0.0, validator=_rate)
    """Probability of answering ``503 Service Unavailable`` without processing."""
    rate_429: float = attrs.field(default=0.0, validator=_rate)
    """Probability of answering ``429 Too Many Requests`` (with ``Retry-After``)."""
    retry_after: float = attrs.field(default=1.0, validator=attrs.validators.ge(0.0))
    """Seconds sent in the ``Retry-After`` header of 429 answers."""
    latency: float = attrs.field(default=0.0, validator=attrs.validators.ge(0.0))
    """Seconds of delay added to each matching request, after it was received in full and
    before it is processed: a client that gives up meanwhile does not stop the processing."""
    drop_before: float = attrs.field(default=0.0, validator=_rate)
    """Probability of closing the connection without processing or answering."""
    drop_after: float = attrs.field(default=0.0, validator=_rate)
    """Probability of processing the request, then closing the connection without answering."""
    paths: frozenset[str] | None = attrs.field(default=None, converter=_paths)
    """Request paths (``/api/v1/connections/sync``) subject to faults; ``None`` means all."""
    seed: int = 0
    """Seed of the RNG that decides which requests are faulted."""

    def applies_to(self, path: str) -> bool:
        """Tell whether requests to ``path`` are subject to these faults."""
        return self.paths is None or path in self.paths


@attrs.frozen(kw_only=True)
class SimulatorConfig:
    """Configuration of a :class:`SimulatedAirbyte`."""

    seed: int = 0
    """Seed for generated ids, attempt jitter and synthetic job statistics."""
    attempt_duration: float = attrs.field(default=1.0, validator=attrs.validators.gt(0.0))
    """Seconds an attempt runs before it ends (before jitter)."""
    jitter: float = attrs.field(
        default=0.0, validator=[attrs.validators.ge(0.0), attrs.validators.lt(1.0)]
    )
    """Relative spread of attempt durations: 0.1 draws each duration within ±10%."""
    max_attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    """Attempts a job makes before it is ``failed`` (retryable failures only)."""
    log_lines: int = attrs.field(default=20, validator=attrs.validators.ge(0))
    """Log lines per attempt returned by ``jobs/get``."""
    auth: tuple[str, str] | None = None
    """``(user, password)`` required as HTTP Basic credentials on every path, or ``None``
    (0.40 profile only: the proxy of an 0.40 deployment answers an HTML 401 without them)."""
    connections: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    """Connections seeded at start, named ``connection-001``, ``connection-002``..."""
    default_outcome: Outcome = Outcome.SUCCEED
    """Outcome of connections that were not given one."""
    faults: Faults = Faults()
    """Faults injected from the start; replaceable later through ``SimulatedAirbyte.faults``."""
    clock: Clock | None = None
    """Clock driving the jobs; ``None`` is the wall clock."""
    host: str = "127.0.0.1"
    """Interface to bind."""
    port: int = attrs.field(
        default=0, validator=[attrs.validators.ge(0), attrs.validators.le(65535)]
    )
    """Port to bind; 0 picks a free one."""
    profile: Profile = attrs.field(default=Profile.V0_40, converter=Profile)
    """Which server to imitate: ``"0.40"`` (the default) or ``"modern"`` (Airbyte 1.x/2.x,
    see :mod:`aioairbyte.simulator.profiles`). The options below apply to ``"modern"`` only."""
    application: tuple[str, str] | None = attrs.field(default=None, validator=_application)
    """``(client_id, client_secret)`` of the application that may get tokens (modern only).

    With one, every API path needs ``Authorization: Bearer <JWT>`` from
    ``/api/v1/applications/token`` or ``/api/public/v1/applications/token`` (security
    ``SIMPLE``); with ``None`` no credentials are needed at all (security ``NONE``)."""
    token_lifetime: float = attrs.field(default=900.0, validator=attrs.validators.gt(0.0))
    """Seconds a token is valid (modern only); ``exp`` is ``int(time.time() + lifetime)``, on the
    wall clock even when jobs run on a :class:`ManualClock`. The server's default is 15 minutes."""
    max_running_jobs: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    """Jobs (of any type) that may run at once server-wide, or ``None`` for no limit (modern
    only). With a limit, ``connections/sync`` answers at once with a ``pending`` job that then
    becomes ``queued`` or ``running``, in creation order as slots free."""
    sync_start_delay: float = attrs.field(default=0.0, validator=attrs.validators.ge(0.0))
    """Seconds ``connections/sync`` and ``connections/reset`` (and the clear, stream reset and
    refresh operations, when they start a job) wait (``asyncio.sleep``, wall time) before
    answering when there is no ``max_running_jobs`` (modern only), as the real server waits
    until the sync's workflow started."""

    def __attrs_post_init__(self) -> None:
        if self.profile is Profile.MODERN:
            if self.auth is not None:
                raise ValueError(
                    "auth (Basic) is an option of the 0.40 profile: modern servers refuse Basic "
                    "credentials; give application=(client_id, client_secret) instead"
                )
            return
        modern_only = {
            "application": self.application is not None,
            "max_running_jobs": self.max_running_jobs is not None,
            "sync_start_delay": self.sync_start_delay != 0.0,
        }
        for name, given in modern_only.items():
            if given:
                raise ValueError(f"{name} is an option of the modern profile (profile='modern')")

    @property
    def modern(self) -> bool:
        """Whether the modern profile is in force."""
        return self.profile is Profile.MODERN
