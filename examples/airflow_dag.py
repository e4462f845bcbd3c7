"""Sync Airbyte connections from Airflow with aioairbyte: waits on the triggerer, retry-safe."""

from datetime import datetime, timedelta

from airflow.sdk import DAG

from aioairbyte.airflow import AirbyteSyncManyOperator, AirbyteSyncOperator

with DAG(
    dag_id="airbyte_syncs",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30)},
):
    # One connection: the task triggers its sync, frees its worker slot while the triggerer
    # waits, and fails with the server's failure reasons if the sync does not succeed. A
    # retry after a crash follows the job its first try started instead of starting another.
    orders = AirbyteSyncOperator(
        task_id="sync_orders",
        airbyte_conn_id="airbyte_default",
        connection_id="{{ var.value.orders_connection_id }}",
        execution_timeout=timedelta(hours=1),  # the sync is cancelled if it runs longer
    )
    # Many connections in one task: one trigger follows every job, one event reports them.
    warehouse = AirbyteSyncManyOperator(
        task_id="sync_warehouse",
        connection_ids="{{ var.json.warehouse_connection_ids }}",
        execution_timeout=timedelta(hours=2),
    )
    orders >> warehouse
