"""aioairbyte on Airflow 3.3+: a connection type, deferrable operators and triggers.

``pip install 'aioairbyte[airflow]'``. :class:`AirbyteSyncOperator` syncs (resets, clears) one
connection and :class:`AirbyteSyncManyOperator` many; both trigger safely on the worker, note
their jobs in the task state store before and after, and defer to :class:`AirbyteJobTrigger` /
:class:`AirbyteJobsTrigger`, which await the jobs on the triggerer's event loop. See the README's
"Airflow" section for what holds on retries, kills and timeouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "AirbyteHook",
    "AirbyteJobError",
    "AirbyteJobTrigger",
    "AirbyteJobsTrigger",
    "AirbyteSyncManyOperator",
    "AirbyteSyncOperator",
]

if TYPE_CHECKING:
    from .hook import AirbyteHook
    from .operators import AirbyteSyncManyOperator, AirbyteSyncOperator
    from .outcomes import AirbyteJobError
    from .triggers import AirbyteJobsTrigger, AirbyteJobTrigger

# Importing Airflow is slow and configures logging: load a module only when its name is used.
_HOMES = {
    "AirbyteHook": "hook",
    "AirbyteJobError": "outcomes",
    "AirbyteJobTrigger": "triggers",
    "AirbyteJobsTrigger": "triggers",
    "AirbyteSyncManyOperator": "operators",
    "AirbyteSyncOperator": "operators",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
