"""Typed models of the Airbyte Configuration API, one module per API family.

Every model is a frozen, keyword-only attrs class named as in the OpenAPI document, with
snake_case attributes. Optional fields default to ``None``, which means *absent*: the encoder
never sends them, so a patch-style update carries only what the caller set.

The models decode the answers of every server from 0.40.32 to the 2026-08 document: a field is
required only where every document that has its schema requires it, fields later servers added
are optional, and fields later servers dropped (``geography``, normalization) are optional too.
``tools/model_drift.py`` checks that against the documents. A few models carry the newest
document's name, with the 0.40 name kept as an alias (not in ``__all__``):
``AttemptFailureReason``/``AttemptFailureOrigin``/``AttemptFailureType`` are
:class:`FailureReason`/:class:`FailureOrigin`/:class:`FailureType`, and
``ActorDefinitionResourceRequirements`` is :class:`ScopedResourceRequirements`.
"""

from ._base import OpenStrEnum, from_epoch_millis, from_epoch_seconds
from .actors import *  # noqa: F403
from .actors import __all__ as _actors
from .attempts import *  # noqa: F403
from .attempts import __all__ as _attempts
from .catalog import *  # noqa: F403
from .catalog import __all__ as _catalog
from .common import *  # noqa: F403
from .common import __all__ as _common
from .connections import *  # noqa: F403
from .connections import __all__ as _connections
from .definitions import *  # noqa: F403
from .definitions import ActorDefinitionResourceRequirements as ActorDefinitionResourceRequirements
from .definitions import __all__ as _definitions
from .destinations import *  # noqa: F403
from .destinations import __all__ as _destinations
from .discover import *  # noqa: F403
from .discover import __all__ as _discover
from .instance import *  # noqa: F403
from .instance import __all__ as _instance
from .jobs import *  # noqa: F403
from .jobs import AttemptFailureOrigin as AttemptFailureOrigin
from .jobs import AttemptFailureReason as AttemptFailureReason
from .jobs import AttemptFailureType as AttemptFailureType
from .jobs import __all__ as _jobs
from .logs import *  # noqa: F403
from .logs import __all__ as _logs
from .notifications import *  # noqa: F403
from .notifications import __all__ as _notifications
from .oauth import *  # noqa: F403
from .oauth import __all__ as _oauth
from .operations import *  # noqa: F403
from .operations import __all__ as _operations
from .sources import *  # noqa: F403
from .sources import __all__ as _sources
from .specifications import *  # noqa: F403
from .specifications import __all__ as _specifications
from .state import *  # noqa: F403
from .state import __all__ as _state
from .status import *  # noqa: F403
from .status import __all__ as _status
from .synchronous import *  # noqa: F403
from .synchronous import __all__ as _synchronous
from .web_backend import *  # noqa: F403
from .web_backend import __all__ as _web_backend
from .workspaces import *  # noqa: F403
from .workspaces import __all__ as _workspaces

__all__ = [
    "OpenStrEnum",
    "from_epoch_millis",
    "from_epoch_seconds",
    *_actors,
    *_attempts,
    *_catalog,
    *_common,
    *_connections,
    *_definitions,
    *_destinations,
    *_discover,
    *_instance,
    *_jobs,
    *_logs,
    *_notifications,
    *_oauth,
    *_operations,
    *_sources,
    *_specifications,
    *_state,
    *_status,
    *_synchronous,
    *_web_backend,
    *_workspaces,
]
