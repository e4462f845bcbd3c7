"""Attempt logs: formatted text lines (every server) or structured events (2.0 and later)."""

from datetime import datetime

from ._base import OpenStrEnum, from_epoch_millis, model

__all__ = [
    "LogType",
    "LogsRequestBody",
    "LogRead",
    "LogFormatType",
    "LogLevel",
    "LogSource",
    "LogCaller",
    "LogEvent",
    "LogEvents",
]


class LogType(OpenStrEnum):
    """Which server log ``/v1/logs/get`` answers (0.40; removed in 2.0)."""

    SERVER = "server"
    SCHEDULER = "scheduler"


@model
class LogsRequestBody:
    """A request for a server log (0.40)."""

    log_type: LogType


@model
class LogRead:
    """An attempt's log as formatted text lines (every server; ``log_type`` ``formatted``)."""

    log_lines: list[str]

    @property
    def lines(self) -> list[str]:
        """The log's text lines (``log_lines``)."""
        return self.log_lines


class LogFormatType(OpenStrEnum):
    """Which shape an attempt's ``logs`` has: formatted lines or structured events (2.0)."""

    FORMATTED = "formatted"
    STRUCTURED = "structured"


class LogLevel(OpenStrEnum):
    """The level of a structured log event."""

    DEBUG = "debug"
    ERROR = "error"
    INFO = "info"
    TRACE = "trace"
    WARN = "warn"


class LogSource(OpenStrEnum):
    """The component that wrote a structured log event."""

    DESTINATION = "destination"
    SOURCE = "source"
    PLATFORM = "platform"
    REPLICATION_ORCHESTRATOR = "replication-orchestrator"


@model
class LogCaller:
    """Where in the code a structured log event was written."""

    class_name: str | None = None
    method_name: str | None = None
    line_number: int | None = None
    thread_name: str | None = None


@model
class LogEvent:
    """One structured log event; ``timestamp`` is epoch **milliseconds**."""

    timestamp: int
    message: str
    level: LogLevel
    log_source: LogSource
    caller: LogCaller | None = None
    stack_trace: str | None = None

    @property
    def timestamp_datetime(self) -> datetime:
        """``timestamp`` (epoch milliseconds) as an aware UTC datetime."""
        return from_epoch_millis(self.timestamp)

    @property
    def lines(self) -> list[str]:
        """The event as text: ``<UTC time> <LEVEL> <message>``, then its stack trace's lines."""
        when = self.timestamp_datetime.strftime("%Y-%m-%d %H:%M:%S")
        head = f"{when} {self.level.value.upper()} {self.message}"
        return [head] if not self.stack_trace else [head, *self.stack_trace.splitlines()]


@model
class LogEvents:
    """An attempt's log as structured events (2.0 and later; ``log_type`` ``structured``)."""

    events: list[LogEvent]
    version: str | None = None

    @property
    def lines(self) -> list[str]:
        """The events as text lines, in order (see :attr:`LogEvent.lines`)."""
        return [line for event in self.events for line in event.lines]
