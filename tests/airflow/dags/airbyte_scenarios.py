"""The scenarios tests/airflow/test_dags.py runs with ``airflow dags test``.

Each task's connection comes from the run's conf; the test set the connections up on the
simulator (a job already running, a failing one, a hanging one) and checks the outcome there.
"""

from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import DAG

from aioairbyte.airflow import AirbyteSyncManyOperator, AirbyteSyncOperator


class CrashAfterTrigger(AirbyteSyncOperator):
    """On its first try, dies after its sync was triggered and noted, before it defers: what a
    worker lost at that moment leaves behind. The retry must follow the same job."""

    def execute(self, context: Any) -> Any:
        self.first_try = context["ti"].try_number == 1
        return super().execute(context)

    def defer(self, **kwargs: Any) -> Any:
        if self.first_try:
            raise RuntimeError("simulated worker crash")
        return super().defer(**kwargs)


def conf(name: str) -> str:
    return "{{ dag_run.conf['" + name + "'] }}"


with DAG(
    dag_id="airbyte_scenarios",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    default_args={"trigger_rule": "all_done"},
):
    # First, while the job the test started is still running: the task attaches to it.
    attach = AirbyteSyncOperator(task_id="attach", connection_id=conf("attach"))
    others = [
        AirbyteSyncOperator(task_id="success", connection_id=conf("success")),
        AirbyteSyncOperator(task_id="failed", connection_id=conf("failed")),
        CrashAfterTrigger(
            task_id="crash_retry",
            connection_id=conf("crash_retry"),
            retries=1,
            retry_delay=timedelta(0),
        ),
        AirbyteSyncOperator(
            task_id="timeout",
            connection_id=conf("timeout"),
            execution_timeout=timedelta(seconds=2),
        ),
        AirbyteSyncOperator(
            task_id="blocking_timeout",
            connection_id=conf("blocking_timeout"),
            deferrable=False,
            execution_timeout=timedelta(seconds=2),
        ),
        AirbyteSyncManyOperator(task_id="many", connection_ids=conf("many")),
    ]
    attach >> others
