"""Operators that sync, reset or clear Airbyte connections and wait for their jobs.

:class:`AirbyteSyncOperator` does one connection, :class:`AirbyteSyncManyOperator` many. Each
starts its jobs on the worker (:mod:`.starting`: noted in the task state store before and
after, so a retry after a crash follows the job its earlier try started), then defers to a
trigger that awaits them on the triggerer, or, with ``deferrable=False``, awaits them in the
task itself. The task succeeds when every job succeeded and fails with
:class:`~aioairbyte.airflow.AirbyteJobError` (the failure reasons, the outcomes) otherwise.

Deadlines: ``timeout`` (seconds or a ``timedelta``; by default a little under the task's
``execution_timeout``) bounds each try from its start. When it passes, owned jobs are cancelled
and the try fails. Airflow does not apply ``execution_timeout`` while a task is deferred, so the
trigger carries the deadline itself; the deferral's own timeout, a little later, is a backstop
that also cancels owned jobs. ``on_kill`` cancels them too.
"""

from __future__ import annotations

import ast
import asyncio
import json
import logging
import re
import time
from collections.abc import Coroutine, Sequence
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

from airflow.sdk import BaseOperator, Context
from airflow.triggers.base import BaseTrigger

from .._aio import CLEANUP_LIMIT, shielded
from .._args import streams_arg
from ..client import AirbyteClient
from ..errors import AirbyteError, InvalidArgumentError, NotStartedError
from ..triggers import CONFIG_TYPE, IfRunning, Kind
from .hook import AirbyteHook
from .ledger import JobLedger
from .outcomes import AirbyteJobError, describe, error_outcome, job_outcome, raise_for_outcomes
from .starting import Started, plan_jobs, start_jobs
from .triggers import AirbyteJobsTrigger, AirbyteJobTrigger, JobSpec, await_outcomes, cancel_specs

__all__ = ["AirbyteSyncManyOperator", "AirbyteSyncOperator"]

logger = logging.getLogger("aioairbyte")

T = TypeVar("T")

#: How long after the trigger's own deadline Airflow's deferral timeout fires: time for the
#: trigger to cancel owned jobs and report, so that the backstop only acts if it could not.
DEFERRAL_GRACE = CLEANUP_LIMIT + 30.0
#: How much sooner than ``execution_timeout`` the operator's own deadline falls (at most a
#: tenth of it).
EXECUTION_TIMEOUT_MARGIN = 5.0
_KINDS: tuple[Kind, ...] = ("sync", "reset", "clear", "refresh")
_TRIGGER_FAIL = "__fail__"  # airflow.sdk.bases.operator.TRIGGER_FAIL_REPR


def _templated(value: object) -> bool:
    return isinstance(value, str) and "{{" in value


def _connection_id(value: object) -> str:
    try:
        return str(UUID(str(value).strip()))
    except ValueError:
        raise InvalidArgumentError(f"connection id must be a UUID, got {value!r}") from None


def _seconds(value: float | timedelta | None, name: str) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        raise InvalidArgumentError(f"{name} must be > 0 seconds or a timedelta, got {value!r}")
    return float(seconds)


def _rendered_list(text: str) -> object:
    """A list a template rendered as text (without ``render_template_as_native_obj``): its
    JSON or Python repr, or ids separated by commas or spaces."""
    text = text.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            try:
                return ast.literal_eval(text)
            except (ValueError, SyntaxError):
                return None
    return [part for part in re.split(r"[\s,]+", text) if part]


def _not_started(connection_id: str, kind: Kind, exc: AirbyteError) -> dict[str, Any]:
    """The outcome of a connection whose job could not be started."""
    result = exc.result if isinstance(exc, NotStartedError) else None
    if result is not None:  # a lost request's job, found (and cancelled) by the cleanup
        outcome = job_outcome(result, connection_id=connection_id, owned=True, status="error")
    else:
        outcome = error_outcome(
            exc,
            job_id=None,
            connection_id=connection_id,
            job_type=CONFIG_TYPE[kind].value,
            owned=False,
        )
    outcome["message"] = f"not started: {type(exc).__name__}: {exc}"
    return outcome


class _AirbyteJobsOperator(BaseOperator):
    """What both operators share: start jobs durably, then defer or wait."""

    def __init__(
        self,
        *,
        airbyte_conn_id: str = AirbyteHook.default_conn_name,
        job_type: Kind = "sync",
        streams: Sequence[str] | None = None,
        deferrable: bool = True,
        timeout: float | timedelta | None = None,
        if_running: IfRunning = "attach",
        cancel_on_timeout: bool = True,
        concurrency: int = 50,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if job_type not in _KINDS:
            raise InvalidArgumentError(
                f"job_type must be one of {', '.join(_KINDS)}, got {job_type!r}"
            )
        if if_running not in ("attach", "error"):
            raise InvalidArgumentError(
                f"if_running must be 'attach' or 'error', got {if_running!r}"
            )
        if streams is not None and job_type == "sync":
            raise InvalidArgumentError("streams narrow a reset, clear or refresh, not a sync")
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidArgumentError(f"concurrency must be an int >= 1, got {concurrency!r}")
        self.airbyte_conn_id = airbyte_conn_id
        self.job_type: Kind = job_type
        self.streams = None if streams is None else streams_arg(streams)
        self.deferrable = bool(deferrable)
        self.timeout = _seconds(timeout, "timeout")
        self.if_running: IfRunning = if_running
        self.cancel_on_timeout = bool(cancel_on_timeout)
        self.concurrency = concurrency
        self._specs: list[JobSpec] = []
        self._task: asyncio.Task[Any] | None = None

    # -- what the two operators differ in ----------------------------------------------------

    def _connection_ids(self) -> list[str]:
        raise NotImplementedError

    def _result(self, outcomes: list[dict[str, Any]]) -> Any:
        raise NotImplementedError

    def _trigger(self, deadline: float | None) -> BaseTrigger:
        """The trigger that follows ``self._specs``."""
        return AirbyteJobsTrigger(
            conn_id=self.airbyte_conn_id,
            jobs=self._specs,
            deadline=deadline,
            cancel_on_timeout=self.cancel_on_timeout,
        )

    # -- running -----------------------------------------------------------------------------

    def _budget(self) -> float | None:
        if self.timeout is not None:
            return self.timeout
        if self.execution_timeout is not None:
            # A little under it: Airflow's own timeout interrupts the task (a signal) at that
            # moment, and the wait should have cancelled the jobs and reported by then.
            seconds = self.execution_timeout.total_seconds()
            return seconds - min(EXECUTION_TIMEOUT_MARGIN, seconds / 10)
        return None

    def _run(self, runner: asyncio.Runner, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the task's loop, remembering its task for :meth:`on_kill`."""

        async def main() -> T:
            self._task = asyncio.current_task()
            return await coro

        return runner.run(main())

    def _close(self, runner: asyncio.Runner, client: AirbyteClient) -> None:
        """After the work, or an interruption of it (a task timeout raises from a signal
        handler): let an interrupted wait cancel its owned jobs, then close the client."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            runner.run(asyncio.wait([task]))
        runner.run(client.close())

    def execute(self, context: Context) -> Any:
        """Start (or find) the jobs, then defer to the trigger or wait for them here."""
        connection_ids = self._connection_ids()
        budget = self._budget()
        deadline = None if budget is None else time.time() + budget
        ledger = JobLedger(context.get("task_state_store"))
        client = AirbyteHook(self.airbyte_conn_id).client()
        with asyncio.Runner() as runner:
            try:
                plan = self._run(
                    runner,
                    plan_jobs(
                        client, connection_ids, self.job_type, ledger, concurrency=self.concurrency
                    ),
                )
                ledger.save()  # the baselines, before any trigger is sent
                started = self._run(
                    runner,
                    start_jobs(
                        client,
                        plan,
                        self.job_type,
                        ledger,
                        if_running=self.if_running,
                        streams=self.streams,
                        deadline=deadline,
                        concurrency=self.concurrency,
                    ),
                )
                ledger.save()  # the jobs the triggers named
                jobs: dict[str, Started] = dict(plan.found)
                not_started: dict[str, dict[str, Any]] = {}
                for connection_id, value in started.items():
                    if isinstance(value, Started):
                        jobs[connection_id] = value
                    else:
                        not_started[connection_id] = _not_started(
                            connection_id, self.job_type, value
                        )
                for job in jobs.values():
                    logger.info(
                        "%s job %d on connection %s (%s)",
                        job.job_type,
                        job.job_id,
                        job.connection_id,
                        job.how,
                    )
                self._specs = [jobs[cid].spec() for cid in connection_ids if cid in jobs]
                if not self._specs:
                    return self._finish(context, ledger, connection_ids, [], not_started)
                if not self.deferrable:
                    outcomes = self._run(runner, self._follow(client, deadline))
                    return self._finish(context, ledger, connection_ids, outcomes, not_started)
            finally:
                self._close(runner, client)
        self._defer(connection_ids, deadline, not_started)

    async def _follow(self, client: AirbyteClient, deadline: float | None) -> list[dict[str, Any]]:
        """Wait for every job here (``deferrable=False``); a kill cancels the owned ones."""
        try:
            return await await_outcomes(
                client, self._specs, deadline=deadline, cancel_on_timeout=self.cancel_on_timeout
            )
        except asyncio.CancelledError:
            await shielded(cancel_specs(client, self._specs))
            raise

    def _defer(
        self,
        connection_ids: list[str],
        deadline: float | None,
        not_started: dict[str, dict[str, Any]],
    ) -> None:
        trigger = self._trigger(deadline)
        backstop = None
        if deadline is not None:
            backstop = timedelta(seconds=max(deadline - time.time(), 0.0) + DEFERRAL_GRACE)
        self.defer(
            trigger=trigger,
            method_name="execute_complete",
            kwargs={"connection_ids": connection_ids, "not_started": not_started},
            timeout=backstop,
        )

    def execute_complete(
        self,
        context: Context,
        event: dict[str, Any],
        connection_ids: list[str] | None = None,
        not_started: dict[str, dict[str, Any]] | None = None,
    ) -> Any:
        """Resume from the trigger: note the jobs as heard, then succeed or raise."""
        outcomes = event.get("outcomes", [event])
        ledger = JobLedger(context.get("task_state_store"))
        ids = connection_ids or [str(o.get("connection_id")) for o in outcomes]
        return self._finish(context, ledger, ids, outcomes, not_started or {})

    def _finish(
        self,
        context: Context,
        ledger: JobLedger,
        connection_ids: list[str],
        outcomes: list[dict[str, Any]],
        not_started: dict[str, dict[str, Any]],
    ) -> Any:
        ledger.heard([*outcomes, *not_started.values()])
        by_id = {str(o.get("connection_id")): o for o in outcomes}
        by_id.update(not_started)
        ordered = [by_id[cid] for cid in connection_ids if cid in by_id]
        for outcome in ordered:
            logger.info("%s", _line(outcome))
        try:
            raise_for_outcomes(ordered)
        except AirbyteJobError:
            context["ti"].xcom_push(key="outcomes", value=ordered)
            raise
        return self._result(ordered)

    def resume_execution(
        self, next_method: str, next_kwargs: dict[str, Any] | None, context: Context
    ) -> Any:
        """Resume from deferral; when Airflow failed the deferral (its timeout passed before
        the trigger reported), cancel the owned jobs first."""
        if next_method == _TRIGGER_FAIL:
            ledger = JobLedger(context.get("task_state_store"))
            specs = [
                {
                    "job_id": e.job_id,
                    "connection_id": cid,
                    "job_type": e.job_type,
                    "owned": e.owned,
                }
                for cid, e in ledger.entries.items()
                if e.job_id is not None
            ]
            if self._cancel_now(specs):
                # Reported (with the deferral's error) and cancelled: a retry starts afresh.
                ledger.heard([{**spec, "status": "cancelled"} for spec in specs if spec["owned"]])
        return super().resume_execution(next_method, next_kwargs, context)

    def on_kill(self) -> None:
        """Cancel the jobs this try owns: through the running wait when there is one (its
        cancellation cancels them), else directly."""
        task = self._task
        if task is not None and not task.done():
            task.get_loop().call_soon_threadsafe(task.cancel)
            return
        self._cancel_now(self._specs)

    def _cancel_now(self, specs: list[JobSpec]) -> bool:
        """Cancel the owned jobs among ``specs`` on a loop of its own; whether that worked."""
        if not any(spec["owned"] for spec in specs):
            return True

        async def cancel(client: AirbyteClient) -> list[int]:
            async with client:
                return await cancel_specs(client, specs)

        try:
            # The connection is looked up (a blocking call) before the loop starts.
            if asyncio.run(cancel(AirbyteHook(self.airbyte_conn_id).client())):
                return False
        except Exception as exc:  # on_kill must not raise; say which jobs may still run
            ids = ", ".join(str(spec["job_id"]) for spec in specs if spec["owned"])
            logger.error("could not cancel job(s) %s: %s", ids, exc)
            return False
        return True


def _line(outcome: dict[str, Any]) -> str:
    figures = ""
    if outcome.get("records_synced") is not None:
        figures = f" ({outcome['records_synced']} records, {outcome.get('bytes_synced')} bytes)"
    return describe(outcome) + figures


class AirbyteSyncOperator(_AirbyteJobsOperator):
    """Sync (or ``job_type="reset"``/``"clear"``/``"refresh"``) one Airbyte connection and
    wait for its job; the task's XCom is the job's outcome (a dict: ``status``, ``job_id``,
    ``attempts``, ``records_synced``, ``bytes_synced``, ``failure_reasons``, ...).

    ``deferrable`` (the default) waits on the triggerer; ``False`` waits in the task.
    ``if_running="attach"`` follows a job already running on the connection (not cancelled
    on timeout: it is not this task's), ``"error"`` fails instead. ``streams`` narrows a
    reset, clear or refresh (1.x, 2.x).
    """

    template_fields: Sequence[str] = ("connection_id", "airbyte_conn_id")

    def __init__(self, *, connection_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not _templated(connection_id):
            connection_id = _connection_id(connection_id)
        self.connection_id = connection_id

    def _connection_ids(self) -> list[str]:
        return [_connection_id(self.connection_id)]

    def _result(self, outcomes: list[dict[str, Any]]) -> Any:
        return outcomes[0]

    def _trigger(self, deadline: float | None) -> BaseTrigger:
        (spec,) = self._specs
        return AirbyteJobTrigger(
            conn_id=self.airbyte_conn_id,
            **spec,
            deadline=deadline,
            cancel_on_timeout=self.cancel_on_timeout,
        )


class AirbyteSyncManyOperator(_AirbyteJobsOperator):
    """Sync (reset, clear) many connections in one task and wait for every job in one
    trigger; the XCom is ``{"outcomes": [...], "summary": {status: count}}`` in input order.

    The triggers are sent ``concurrency`` at a time, with the guarantees of
    :class:`AirbyteSyncOperator` for each connection. The task fails if any job did not
    succeed; the outcomes are then in the XCom ``outcomes``.
    """

    template_fields: Sequence[str] = ("connection_ids", "airbyte_conn_id")

    def __init__(self, *, connection_ids: Sequence[str] | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not _templated(connection_ids):
            self._check(connection_ids)
        self.connection_ids = connection_ids

    @staticmethod
    def _check(values: object) -> list[str]:
        if isinstance(values, str):
            values = _rendered_list(values)
        if not isinstance(values, Sequence) or isinstance(values, str):
            raise InvalidArgumentError("connection_ids must be a list of connection ids")
        ids = [_connection_id(value) for value in values]
        if not ids:
            raise InvalidArgumentError("connection_ids is empty")
        if len(set(ids)) != len(ids):
            raise InvalidArgumentError("connection_ids names a connection twice")
        return ids

    def _connection_ids(self) -> list[str]:
        return self._check(self.connection_ids)

    def _result(self, outcomes: list[dict[str, Any]]) -> Any:
        summary: dict[str, int] = {}
        for outcome in outcomes:
            summary[outcome["status"]] = summary.get(outcome["status"], 0) + 1
        return {"outcomes": outcomes, "summary": summary}
