"""``aioairbyte demo``: a bulk sync against the embedded simulated Airbyte, with live progress.

The simulator is started in-process on a free loopback port and seeded with connections whose
outcomes are planned: most succeed, some succeed only on a retried attempt, some fail after every
retry, some fail at once with a configuration error, and one hangs until the bulk sync's deadline
cancels it. The run succeeds (exit 0) when every connection ended as planned.

By default the simulator plays a modern Airbyte (1.x/2.x): the client logs in with application
credentials, exchanged for short-lived tokens it renews as they expire. ``--profile 0.40``
plays the 2023 server instead.
"""

from __future__ import annotations

import argparse
import random
import secrets
import time
from uuid import UUID

from .auth import ClientCredentials
from .cli.bulk import report
from .cli.output import Output, ProgressView
from .client import AirbyteClient
from .fanout import OutcomeStatus
from .simulator import Outcome, Profile, SimulatedAirbyte, SimulatorConfig

__all__ = ["plan_outcomes", "run_demo"]

# What each planned simulator outcome must end as in the bulk sync's report.
EXPECTED: dict[Outcome, OutcomeStatus] = {
    Outcome.SUCCEED: OutcomeStatus.SUCCEEDED,
    Outcome.FAIL_THEN_SUCCEED: OutcomeStatus.SUCCEEDED,
    Outcome.FAIL: OutcomeStatus.FAILED,
    Outcome.CONFIG_ERROR: OutcomeStatus.FAILED,
    Outcome.HANG: OutcomeStatus.TIMED_OUT,
}

_SOURCES = ["postgres", "mysql", "stripe", "hubspot", "salesforce", "github"]
_DESTINATIONS = ["bigquery", "snowflake", "s3", "redshift"]
#: The simulated application's client id (its secret is drawn per run and never shown).
DEMO_CLIENT_ID = "aioairbyte-demo"


def plan_outcomes(count: int, seed: int) -> list[Outcome]:
    """A shuffled mix: ~1/12 succeed on retry, ~1/18 fail, ~1/18 config errors, one hang."""
    if count < 1:
        raise ValueError("the demo needs at least one connection")
    special = [Outcome.HANG]
    special += [Outcome.FAIL_THEN_SUCCEED] * max(1, count // 12)
    special += [Outcome.FAIL] * max(1, count // 18)
    special += [Outcome.CONFIG_ERROR] * max(1, count // 18)
    special = special[: max(1, count - 1)] if count > 1 else special[:1]
    plan = special + [Outcome.SUCCEED] * (count - len(special))
    random.Random(seed).shuffle(plan)
    return plan


async def run_demo(args: argparse.Namespace, out: Output) -> int:
    """Start the simulator, seed it, bulk-sync everything, report, and check the plan held.

    The report goes to stdout as for ``sync`` (JSON with ``--json``); what the demo says about
    itself goes to stderr. Exit 0 when every connection ended as planned, else 1.
    """
    plan = plan_outcomes(args.connections, args.seed)
    modern = args.profile == Profile.MODERN
    credentials = ClientCredentials(DEMO_CLIENT_ID, secrets.token_urlsafe(24)) if modern else None
    config = SimulatorConfig(
        seed=args.seed,
        attempt_duration=args.attempt_duration,
        jitter=0.3,
        profile=args.profile,
        application=(credentials.client_id, credentials.client_secret) if credentials else None,
        token_lifetime=args.token_lifetime if modern else 900.0,
    )
    async with SimulatedAirbyte(config=config) as sim:
        rng = random.Random(args.seed)
        planned: dict[UUID, Outcome] = {}
        for index, outcome in enumerate(plan, start=1):
            name = f"{rng.choice(_SOURCES)}-to-{rng.choice(_DESTINATIONS)}-{index:02d}"
            planned[sim.add_connection(name, outcome=outcome)] = outcome
        if not out.json:
            server = "Airbyte 1.x/2.x" if modern else "Airbyte 0.40"
            out.err.print(
                f"Simulated {server} at [bold]{sim.url}[/] with {len(plan)} connections"
                f" (attempts of ~{args.attempt_duration:g}s, bulk-sync deadline {args.timeout:g}s)"
            )
            if modern:
                out.err.print(
                    f"Logging in as application [bold]{DEMO_CLIENT_ID}[/] (tokens live"
                    f" {args.token_lifetime:g}s). Against your Airbyte: `abctl local credentials`"
                    " prints the client id and secret; then\n  AIRBYTE_CLIENT_ID=<client id>"
                    " AIRBYTE_CLIENT_SECRET=<client secret> aioairbyte sync --all"
                    " --url http://localhost:8000/api"
                )
        async with AirbyteClient(sim.url, auth=credentials) as client:
            ids = await client.connections.active_ids(sim.workspace_id)
            names: dict[UUID, str | None] = {
                c.connection_id: c.name for c in await client.connections.list(sim.workspace_id)
            }
            started = time.perf_counter()
            with ProgressView(out, len(ids), "sync") as view:
                result = await client.sync_many(
                    ids, timeout=args.timeout, on_update=view, progress=view.wants_progress
                )
            elapsed = time.perf_counter() - started
        report(result, names, out)
        mismatches = [
            o for o in result.outcomes if EXPECTED[planned[o.connection_id]] is not o.status
        ]
        leftover = sim.unfinished_jobs()
    if not out.json:
        out.err.print(
            f"bulk sync of {len(ids)} connections took {elapsed:.1f}s;"
            f" unfinished jobs left on the server: {len(leftover)}"
        )
        if modern:
            out.err.print(
                f"tokens issued: {sim.stats.tokens_issued}; requests refused for an expired"
                f" token (then renewed and resent): {sim.stats.unauthorized}"
            )
        if mismatches or leftover:
            out.err.print(f"[red]{len(mismatches)} outcome(s) differ from the plan[/]")
        else:
            out.err.print("[green]every connection ended as planned[/]")
    return 0 if not mismatches and not leftover else 1
