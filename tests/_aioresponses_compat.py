"""A bridge between aioresponses 0.7.x and aiohttp 3.14; delete it once aioresponses catches up.

aioresponses 0.7.9, the newest release, meets two changes of aiohttp 3.14:

1. ``ClientResponse`` takes a new required keyword argument, ``stream_writer`` (the response
   reads the number of bytes sent from it). aioresponses builds its fake responses without it,
   so every mocked request fails with ``TypeError: ClientResponse.__init__() missing 1 required
   keyword-only argument: 'stream_writer'``. aioresponses builds each response from the
   module-level name ``aioresponses.core.ClientResponse`` (unless a test passes its own
   ``response_class``, which none of ours do); the shim replaces that name with a subclass that
   supplies a stand-in writer, as for a request whose body was fully sent (nothing was: the
   request never left the process).
2. Flow control: a body over twice the stream's limit (128 KiB) makes the response stream
   pause its protocol, and 3.14's ``pause_reading`` asserts the protocol has a parser, which
   aioresponses' bare ``ResponseHandler`` has not, so a large mocked body raises a bare
   ``AssertionError``. aioresponses feeds the whole body at once and there is no transport to
   hold, so the shim gives its streams a protocol whose pause and resume do nothing.

Real responses never go through aioresponses' builder, so the library under test is untouched.
Each part installs itself only while it is needed (checked against the installed aiohttp and
aioresponses, not their versions): on aiohttp < 3.14, or once aioresponses handles both,
:func:`install` does nothing and this file can go, with its import in ``tests/conftest.py``.
"""

from __future__ import annotations

import inspect
from typing import Any
from unittest import mock

import aiohttp
import aioresponses.core
from aiohttp.client_proto import ResponseHandler

_ORIGINAL_STREAM_READER_FACTORY = aioresponses.core.stream_reader_factory


class _SentWriter:
    """Stands in for the request's stream writer: the (empty) request was fully sent."""

    output_size = 0


class _MockedResponse(aiohttp.ClientResponse):
    """``ClientResponse`` for aioresponses' builder, which does not pass ``stream_writer``."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", _SentWriter())
        super().__init__(method, url, **kwargs)


class _HeldProtocol(ResponseHandler):
    """The protocol of a mocked body: the body is all in memory, there is nothing to pause."""

    def pause_reading(self) -> None:
        pass

    def resume_reading(self, resume_parser: bool = True) -> None:
        pass


def _stream_reader_factory(loop: Any = None) -> aiohttp.StreamReader:
    """aioresponses' ``stream_reader_factory`` (same limit), on a :class:`_HeldProtocol`."""
    return aiohttp.StreamReader(_HeldProtocol(loop=loop), limit=2**16, loop=loop)


def stream_writer_needed() -> bool:
    """Whether aiohttp requires ``stream_writer`` and aioresponses does not pass it."""
    required = inspect.signature(aiohttp.ClientResponse.__init__).parameters.get("stream_writer")
    if required is None or required.default is not inspect.Parameter.empty:
        return False
    builder = inspect.getsource(aioresponses.core.RequestMatch._build_response)
    return "stream_writer" not in builder


def flow_control_needed() -> bool:
    """Whether aioresponses' own stream fails on a body over its high-water mark."""
    stream = _ORIGINAL_STREAM_READER_FACTORY(mock.Mock())
    try:
        stream.feed_data(b" " * (2**17 + 1))
    except AssertionError:
        return True
    return False


def install() -> list[str]:
    """Install the parts of the shim that are needed; return their names."""
    installed = []
    if stream_writer_needed():
        aioresponses.core.ClientResponse = _MockedResponse  # type: ignore[misc]
        installed.append("stream_writer")
    if flow_control_needed():
        aioresponses.core.stream_reader_factory = _stream_reader_factory
        installed.append("flow_control")
    return installed
