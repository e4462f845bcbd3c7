"""Simulated Airbyte servers in subprocesses for the command-line tests, and a way to run the
command in-process and capture both streams."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from aioairbyte import AirbyteClient
from aioairbyte.cli import main

T = TypeVar("T")

#: Port 9 (discard) on loopback: nothing listens, connections are refused at once.
UNREACHABLE = "http://127.0.0.1:9/api"


def start(*extra: str) -> tuple[subprocess.Popen[str], str]:
    """A simulator subprocess (``python -m aioairbyte.simulator``) and its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "aioairbyte.simulator", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the server is ready
    assert line.startswith("Simulated Airbyte listening on "), line
    return proc, line.rsplit(" ", 1)[1].strip()


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)
    assert proc.stdout is not None
    proc.stdout.close()


def with_client(url: str, use: Callable[[AirbyteClient], Awaitable[T]], **kwargs: Any) -> T:
    """Run ``use(client)`` against ``url`` (set-up outside the command under test)."""

    async def run() -> T:
        async with AirbyteClient(url, **kwargs) as client:
            return await use(client)

    return asyncio.run(run())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``aioairbyte ARGV``: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
