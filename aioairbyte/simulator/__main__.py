"""Run the simulated Airbyte server: ``python -m aioairbyte.simulator --port 8000``.

``--profile modern`` imitates Airbyte 1.x/2.x: ``--client-id`` and ``--client-secret`` require
application tokens (without them no credentials are needed), ``--token-lifetime``,
``--max-running-jobs`` and ``--sync-start-delay`` set the options of the same names.

Prints ``Simulated Airbyte listening on http://HOST:PORT/api`` once it accepts requests and
serves until SIGINT or SIGTERM, then stops cleanly with exit status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from .config import Outcome, Profile, SimulatorConfig
from .server import SimulatedAirbyte


def _auth(value: str) -> tuple[str, str]:
    user, sep, password = value.partition(":")
    if not sep or not user:
        raise argparse.ArgumentTypeError("expected USER:PASS")
    return user, password


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m aioairbyte.simulator",
        description="Serve a simulated Airbyte Configuration API from memory.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind, 0 for any (8000)")
    parser.add_argument("--connections", type=int, default=0, help="connections to seed (0)")
    parser.add_argument("--auth", type=_auth, metavar="USER:PASS", help="require Basic auth")
    parser.add_argument(
        "--attempt-duration", type=float, default=1.0, metavar="S", help="seconds per attempt"
    )
    parser.add_argument("--jitter", type=float, default=0.0, metavar="F", help="e.g. 0.1 = ±10%%")
    parser.add_argument("--max-attempts", type=int, default=3, help="attempts per job (3)")
    parser.add_argument(
        "--outcome",
        type=Outcome,
        choices=list(Outcome),
        default=Outcome.SUCCEED,
        help="default job outcome (succeed)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and jitter (0)")
    parser.add_argument("--log-lines", type=int, default=20, help="log lines per attempt (20)")
    modern = parser.add_argument_group("modern profile (Airbyte 1.x/2.x)")
    modern.add_argument(
        "--profile", type=Profile, choices=list(Profile), default=Profile.V0_40, help="(0.40)"
    )
    modern.add_argument("--client-id", help="application client id (with --client-secret)")
    modern.add_argument("--client-secret", help="application client secret")
    modern.add_argument(
        "--token-lifetime", type=float, default=900.0, metavar="S", help="token seconds (900)"
    )
    modern.add_argument(
        "--max-running-jobs", type=int, metavar="N", help="server-wide running jobs (no limit)"
    )
    modern.add_argument(
        "--sync-start-delay", type=float, default=0.0, metavar="S", help="sync answer delay (0)"
    )
    return parser


async def _serve(config: SimulatorConfig) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with SimulatedAirbyte(config=config) as sim:
        print(f"Simulated Airbyte listening on {sim.url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until interrupted; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.client_id is None) != (args.client_secret is None):
        parser.error("--client-id and --client-secret go together")
    application = None if args.client_id is None else (args.client_id, args.client_secret)
    try:
        config = SimulatorConfig(
            host=args.host,
            port=args.port,
            connections=args.connections,
            auth=args.auth,
            attempt_duration=args.attempt_duration,
            jitter=args.jitter,
            max_attempts=args.max_attempts,
            default_outcome=args.outcome,
            seed=args.seed,
            log_lines=args.log_lines,
            profile=args.profile,
            application=application,
            token_lifetime=args.token_lifetime,
            max_running_jobs=args.max_running_jobs,
            sync_start_delay=args.sync_start_delay,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    asyncio.run(_serve(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
