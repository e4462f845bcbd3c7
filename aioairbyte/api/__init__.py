"""The API families, one module each: the namespaces hung on :class:`~aioairbyte.AirbyteClient`."""

from .connections import Connections
from .destinations import Destinations
from .health import Health
from .jobs import Jobs
from .sources import Sources
from .state import State
from .web_backend import WebBackend
from .workspaces import Workspaces

__all__ = [
    "Connections",
    "Destinations",
    "Health",
    "Jobs",
    "Sources",
    "State",
    "WebBackend",
    "Workspaces",
]
