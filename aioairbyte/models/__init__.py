"""Typed models of the Airbyte Configuration API, one module per API family.

Every model is a frozen, keyword-only attrs class named as in the OpenAPI document, with
snake_case attributes. Optional fields default to ``None``, which means *absent*: the encoder
never sends them, so a patch-style update carries only what the caller set.
"""

from ._base import OpenStrEnum, from_epoch_millis, from_epoch_seconds
from .catalog import *  # noqa: F403
from .catalog import __all__ as _catalog
from .common import *  # noqa: F403
from .common import __all__ as _common
from .connections import *  # noqa: F403
from .connections import __all__ as _connections
from .definitions import *  # noqa: F403
from .definitions import __all__ as _definitions
from .destinations import *  # noqa: F403
from .destinations import __all__ as _destinations
from .instance import *  # noqa: F403
from .instance import __all__ as _instance
from .jobs import *  # noqa: F403
from .jobs import __all__ as _jobs
from .operations import *  # noqa: F403
from .operations import __all__ as _operations
from .sources import *  # noqa: F403
from .sources import __all__ as _sources
from .state import *  # noqa: F403
from .state import __all__ as _state
from .web_backend import *  # noqa: F403
from .web_backend import __all__ as _web_backend
from .workspaces import *  # noqa: F403
from .workspaces import __all__ as _workspaces

__all__ = [
    "OpenStrEnum",
    "from_epoch_millis",
    "from_epoch_seconds",
    *_catalog,
    *_common,
    *_connections,
    *_definitions,
    *_destinations,
    *_instance,
    *_jobs,
    *_operations,
    *_sources,
    *_state,
    *_web_backend,
    *_workspaces,
]
