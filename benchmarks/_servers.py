"""Servers for the benchmarks, each in its own process (a helper module, not a benchmark).

A server in the client's process would bill its CPU and memory to the client, so the benchmarks
start one here: a fixed-answer aiohttp app (``fixed_server``) or the simulated Airbyte
(``simulator_process``). Both print ``... listening on URL`` once they accept requests and are
terminated on leaving the ``async with`` block, whatever happened inside it.

Run as a script, this module is the fixed-answer server::

    python benchmarks/_servers.py fixed /api/v1/connections/get BODY_FILE
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ServerProcess", "fixed_server", "process_cpu_seconds", "simulator_process"]

_START_TIMEOUT = 60.0  # seeding 10,000 simulated connections takes a while on a busy machine


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # The command name (field 2) may hold spaces: count fields after its ")".
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


@dataclass
class ServerProcess:
    """A running server: its base URL and process id."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU seconds the server process has used so far."""
        return process_cpu_seconds(self.pid)


@contextlib.asynccontextmanager
async def _serve(argv: Sequence[str]) -> AsyncIterator[ServerProcess]:
    proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), _START_TIMEOUT)).decode()
        if "listening on" not in line:
            raise RuntimeError(f"server did not start: {line!r}")
        yield ServerProcess(url=line.rsplit(" ", 1)[-1].strip(), pid=proc.pid)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


@contextlib.asynccontextmanager
async def simulator_process(*flags: str) -> AsyncIterator[ServerProcess]:
    """``python -m aioairbyte.simulator --port 0 FLAGS...``; yields its API root URL."""
    async with _serve([sys.executable, "-m", "aioairbyte.simulator", "--port", "0", *flags]) as s:
        yield s


@contextlib.asynccontextmanager
async def fixed_server(path: str, body: bytes) -> AsyncIterator[ServerProcess]:
    """A server answering every POST to ``path`` with ``200`` and ``body`` (JSON); yields the
    URL of the API root (``path`` minus its last two segments: ``/api`` for
    ``/api/v1/connections/get``)."""
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        async with _serve([sys.executable, __file__, "fixed", path, str(body_file)]) as server:
            root = path.rsplit("/", 3)[0]
            server.url = server.url.rstrip("/") + root
            yield server


async def _fixed_main(path: str, body: bytes) -> None:
    from aiohttp import web

    async def answer(request: web.Request) -> web.Response:
        await request.read()  # a real server reads the request before answering
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_post(path, answer)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    host, port = runner.addresses[0][:2]
    print(f"Fixed server listening on http://{host}:{port}", flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "fixed":
        sys.exit("usage: python benchmarks/_servers.py fixed PATH BODY_FILE")
    asyncio.run(_fixed_main(sys.argv[2], Path(sys.argv[3]).read_bytes()))
