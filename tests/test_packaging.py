"""What a user installs: the dependencies the README lists, the test extra without pins that
keep CI off the newest aiohttp, and the pytest plugin's entry point."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return match[0].lower()


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_install_section_lists_every_dependency() -> None:
    install = _section("Install")
    listed = re.search(r"Dependencies: ([^.]+)\.", install)
    assert listed, install
    names = {_name(part.strip()) for part in listed[1].split(",")}
    assert names == {_name(r) for r in PROJECT["dependencies"]}


def test_the_test_extra_does_not_hold_back_aiohttp() -> None:
    """CI installs the test extra: it must get the aiohttp a plain install gets."""
    for requirement in PROJECT["optional-dependencies"]["test"]:
        assert _name(requirement) != "aiohttp", requirement
    (aiohttp,) = [r for r in PROJECT["dependencies"] if _name(r) == "aiohttp"]
    assert "<" not in aiohttp


def test_the_pytest_plugin_entry_point_names_the_plugin() -> None:
    assert PROJECT["entry-points"]["pytest11"] == {
        "aioairbyte": "aioairbyte.simulator.pytest_plugin"
    }
    # pytest-asyncio is optional for the plugin: neither a dependency nor imported at load.
    assert "pytest-asyncio" not in {_name(r) for r in PROJECT["dependencies"]}
    source = (ROOT / "aioairbyte" / "simulator" / "pytest_plugin.py").read_text()
    assert not re.search(r"^(import|from) pytest_asyncio", source, re.MULTILINE)


def test_the_airflow_extra_and_provider_entry_point() -> None:
    """``aioairbyte[airflow]`` brings an Airflow with the task state store, and Airflow finds the
    provider (its connection type) through the entry point, as installed."""
    from importlib.metadata import entry_points

    (airflow,) = PROJECT["optional-dependencies"]["airflow"]
    assert re.fullmatch(r"apache-airflow>=3\.3(\.\d+)?", airflow)
    assert "aioairbyte[airflow]" in PROJECT["optional-dependencies"]["test"]
    (found,) = [
        e for e in entry_points(group="apache_airflow_provider") if e.dist.name == "aioairbyte"
    ]
    info = found.load()()
    assert info["package-name"] == "aioairbyte"
    assert info["connection-types"] == [
        {
            "connection-type": "aioairbyte",
            "hook-class-name": "aioairbyte.airflow.hook.AirbyteHook",
            "hook-name": "Airbyte (aioairbyte)",
        }
    ]


def test_the_client_and_the_provider_info_do_not_import_airflow() -> None:
    """A plain install has no Airflow, and Airflow reads the provider info at every command."""
    import subprocess
    import sys

    code = (
        "import sys, aioairbyte, aioairbyte.airflow, aioairbyte.airflow.provider;"
        " sys.exit('airflow' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
