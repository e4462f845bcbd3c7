"""The README's command synopsis follows the parser: every command, every flag of each (beyond
the connection and output options every command takes), and no flag the command lacks."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from aioairbyte.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
COMMON = {"-h", "--help", "--json", "-v", "--verbose", "--url", "--client-id", "--client-secret",
          "--token-url", "--username", "--password", "--token"}  # fmt: skip


def _synopsis() -> list[str]:
    text = README.read_text()
    section = text[text.index("\n## Command line\n") :]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the Command line section opens with a bash block"
    return [line for line in block[1].splitlines() if line.startswith("aioairbyte ")]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(_commands(sub, (*path, name)) or {(*path, name): sub})
    return found


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {
        flag
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for flag in action.option_strings
        if flag.startswith("--") and flag not in COMMON
    }


def test_the_readme_lists_every_command_and_flag() -> None:
    commands = _commands(build_parser())
    listed: dict[tuple[str, ...], str] = {}
    for line in _synopsis():
        words = line.split()[1:]
        path = tuple(w for w in words[:2] if re.fullmatch(r"[a-z]+", w))
        listed[path] = line
    assert set(listed) == set(commands)
    for path, line in listed.items():
        shown = set(re.findall(r"--[a-z][a-z-]*", line))
        assert shown == _flags(commands[path]), (path, line)
