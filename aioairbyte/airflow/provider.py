"""What Airflow's provider discovery reads (the ``apache_airflow_provider`` entry point).

Imported by every ``airflow`` command, so it imports nothing: the connection type is registered
by name and its hook loaded only when used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["get_provider_info"]


def get_provider_info() -> dict[str, Any]:
    """The provider's metadata: its connection type, hook, operators and triggers."""
    return {
        "package-name": "aioairbyte",
        "name": "aioairbyte",
        "description": "Airbyte syncs, resets and clears awaited on Airflow's triggerer.",
        "connection-types": [
            {
                "connection-type": "aioairbyte",
                "hook-class-name": "aioairbyte.airflow.hook.AirbyteHook",
                "hook-name": "Airbyte (aioairbyte)",
            }
        ],
        "hooks": [{"integration-name": "Airbyte", "python-modules": ["aioairbyte.airflow.hook"]}],
        "operators": [
            {"integration-name": "Airbyte", "python-modules": ["aioairbyte.airflow.operators"]}
        ],
        "triggers": [
            {"integration-name": "Airbyte", "python-modules": ["aioairbyte.airflow.triggers"]}
        ],
    }
