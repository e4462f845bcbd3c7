"""The API families, one module each: the namespaces hung on :class:`~aioairbyte.AirbyteClient`."""

from .attempts import Attempts
from .connections import Connections
from .destination_definitions import DestinationDefinitions
from .destinations import Destinations
from .health import Health
from .instance import Instance
from .jobs import Jobs
from .logs import Logs
from .notifications import Notifications
from .oauth import DestinationOAuth, SourceOAuth
from .openapi import OpenApi
from .operations import Operations
from .scheduler import Scheduler
from .source_definitions import SourceDefinitions
from .sources import Sources
from .state import State
from .web_backend import WebBackend
from .workspaces import Workspaces

__all__ = [
    "Attempts",
    "Connections",
    "DestinationDefinitions",
    "DestinationOAuth",
    "Destinations",
    "Health",
    "Instance",
    "Jobs",
    "Logs",
    "Notifications",
    "OpenApi",
    "Operations",
    "Scheduler",
    "SourceDefinitions",
    "SourceOAuth",
    "Sources",
    "State",
    "WebBackend",
    "Workspaces",
]
