"""pytest plugin: the ``airbyte_simulator`` fixture, a started :class:`SimulatedAirbyte`.

Registered through the ``pytest11`` entry point ``aioairbyte``, or explicitly with
``-p aioairbyte.simulator.pytest_plugin``. Override the ``airbyte_simulator_config`` fixture
to change the configuration (a :class:`ManualClock`, faults, auth...), override
``airbyte_simulator_profile`` (or parametrize it) to pick a :class:`Profile`, or mark a test
to change some options of the configuration::

    @pytest.mark.airbyte_simulator(profile="modern", application=("id", "secret"))
    async def test_tokens(airbyte_simulator): ...

The plugin loads in any environment: installing aioairbyte must not break pytest for a project
that never uses the fixture. Only the fixture needs pytest-asyncio (0.24 or later, active, and
the test run by it: ``asyncio_mode = auto`` or ``@pytest.mark.asyncio``); without it, a test
that requests the fixture fails at set-up with a message saying so, and every other test runs
as before. The fixture runs in the function-scoped event loop (``loop_scope="function"``, the
loop of a test without a ``loop_scope``), whatever ``asyncio_default_fixture_loop_scope`` says.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import AsyncIterator, Callable, Generator
from typing import Any, NoReturn

import attrs
import pytest

from .config import SimulatorConfig
from .profiles import Profile
from .server import SimulatedAirbyte

__all__ = ["airbyte_simulator", "airbyte_simulator_config", "airbyte_simulator_profile"]

_MARKER = "airbyte_simulator"
_Decorator = Callable[[Callable[..., Any]], Any]
_NEEDS = (
    "the airbyte_simulator fixture is async and needs pytest-asyncio>=0.24 to run it "
    "(pip install pytest-asyncio)"
)


def _asyncio_fixture() -> tuple[_Decorator, str | None]:
    """The decorator of the async fixture, and why it cannot run (``None`` when it can).

    Without a usable pytest-asyncio this is plain ``pytest.fixture``: the fixture is never
    run then, :func:`pytest_fixture_setup` fails the test that asks for it first.
    """
    plain: _Decorator = pytest.fixture(name=_MARKER)
    try:
        import pytest_asyncio
    except ImportError:
        return plain, f"{_NEEDS}; pytest_asyncio cannot be imported"
    try:
        decorator: _Decorator = pytest_asyncio.fixture(loop_scope="function", name=_MARKER)
    except TypeError:  # pytest-asyncio < 0.24 has no loop_scope
        return plain, f"{_NEEDS}; the installed pytest-asyncio is older"
    return decorator, None


_fixture, _UNAVAILABLE = _asyncio_fixture()


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``airbyte_simulator`` marker."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(**options): SimulatorConfig options of the airbyte_simulator fixture "
        "(e.g. profile='modern', application=(client_id, client_secret))",
    )


def _why_not(request: pytest.FixtureRequest) -> str | None:
    """Why the ``airbyte_simulator`` fixture cannot run for this test (``None`` if it can)."""
    if _UNAVAILABLE is not None:
        return _UNAVAILABLE
    plugin = sys.modules.get("pytest_asyncio.plugin")
    if plugin is None or not request.config.pluginmanager.is_registered(plugin):
        return f"{_NEEDS}; pytest-asyncio is installed but not active (-p no:asyncio?)"
    function = getattr(request, "function", None)
    if not inspect.iscoroutinefunction(function):
        return (
            "the airbyte_simulator fixture serves from the test's event loop: "
            "use it in an async test (async def)"
        )
    mode = request.config.getoption("asyncio_mode", None) or request.config.getini("asyncio_mode")
    marker = request.node.get_closest_marker("asyncio")
    if str(mode) != "auto" and marker is None:
        return (
            "the airbyte_simulator fixture needs its test run by pytest-asyncio: "
            'mark the test @pytest.mark.asyncio, or set asyncio_mode = "auto"'
        )
    kwargs = marker.kwargs if marker is not None else {}
    scope = kwargs.get("loop_scope") or kwargs.get("scope")
    scope = scope or request.config.getini("asyncio_default_test_loop_scope") or "function"
    if scope != "function":
        return (
            "the airbyte_simulator fixture serves from the function-scoped event loop, and "
            f"this test runs in the {scope}-scoped one: give it loop_scope='function'"
        )
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    """Fail a test whose ``airbyte_simulator`` cannot run, saying what it needs.

    The outermost wrapper (before pytest-asyncio's), it swaps the fixture's function for one
    that fails, as pytest-asyncio swaps in its own: pytest then reports (and caches) the
    failure as that of any fixture.
    """
    if fixturedef.func is not _airbyte_simulator_function:
        return (yield)
    reason = _why_not(request)
    if reason is None:
        return (yield)

    def refuse(**_: object) -> NoReturn:
        pytest.fail(reason, pytrace=False)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fixturedef, "func", refuse)
        return (yield)


@pytest.fixture
def airbyte_simulator_profile() -> Profile:
    """Profile of the default ``airbyte_simulator_config``: ``Profile.V0_40``."""
    return Profile.V0_40


@pytest.fixture
def airbyte_simulator_config(airbyte_simulator_profile: Profile) -> SimulatorConfig:
    """Configuration of ``airbyte_simulator``: fast attempts (0.05 s) on the real clock."""
    return SimulatorConfig(attempt_duration=0.05, profile=airbyte_simulator_profile)


async def _airbyte_simulator_function(
    request: pytest.FixtureRequest, airbyte_simulator_config: SimulatorConfig
) -> AsyncIterator[SimulatedAirbyte]:
    """A started simulated Airbyte server, stopped after the test (needs pytest-asyncio).

    Options of an ``airbyte_simulator`` marker replace those of ``airbyte_simulator_config``
    (markers closer to the test win).
    """
    config = airbyte_simulator_config
    for marker in reversed(list(request.node.iter_markers(_MARKER))):
        config = attrs.evolve(config, **marker.kwargs)
    async with SimulatedAirbyte(config=config) as simulator:
        yield simulator


airbyte_simulator = _fixture(_airbyte_simulator_function)
