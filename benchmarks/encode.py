"""Encode: 1,000 ``ConnectionUpdate`` request bodies with 50-stream catalogs, models to bytes.

Each body replaces a connection's catalog (50 streams whose ``jsonSchema`` has 13-33 columns,
some nested; see ``_payloads.py``) and sets its schedule, status and operations, built
deterministically.

- ``orjson.dumps`` (the floor): serialising the wire dicts (plain JSON values), prebuilt.
- ``aioairbyte``: what the client does to build a request body: ``encode(model)`` (in
  ``Resource._call``: camelCase keys, absent fields omitted, strict type checks, UUIDs and enums
  to strings, free-form ``jsonSchema`` passed through) then ``orjson.dumps`` (in
  ``Transport.request``), which is ``converter.dumps(model)``.

Target: aioairbyte at most 1.5x the floor. Before timing, every body's bytes are checked to be
identical to the floor's, so the floor serialises exactly what the client would send.

    python benchmarks/encode.py            # 1,000 bodies x 50 streams, 7 runs of each
    python benchmarks/encode.py --quick    # 20 bodies, 1 run
"""

from __future__ import annotations

import enum
import random
from typing import Any

import orjson
from _harness import Series, interleaved, parse_args, report
from _payloads import connection_update

from aioairbyte.converter import decode, dumps, encode
from aioairbyte.models import ConnectionUpdate

STREAMS = 50
COLUMNS = (10, 30)


def plain(value: Any) -> Any:
    """The encoder's output with its enum members turned into plain strs, in place where that
    is safe (its dicts are its own; its lists may be the model's, so those are replaced). The
    free-form objects stay the model's own, as in what the client sends: same memory, same work
    for ``orjson`` but the enums."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, enum.Enum):
                value[key] = item.value
            elif isinstance(item, list) and any(isinstance(x, enum.Enum) for x in item):
                value[key] = [x.value if isinstance(x, enum.Enum) else x for x in item]
            else:
                plain(item)
    elif isinstance(value, list):
        for item in value:
            plain(item)
    return value


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], repeat=7)
    count = 20 if args.quick else 1000
    rng = random.Random(11)
    bodies = [
        connection_update(rng, index, streams=STREAMS, columns=COLUMNS) for index in range(count)
    ]
    # The models a caller would hold (decoded here only because it is the shortest way to build
    # them from the dicts), and the dicts the encoder makes of them, prebuilt for the floor with
    # plain strs where the encoder leaves enum members (orjson writes them alike).
    models = [decode(body, ConnectionUpdate, operation="setup") for body in bodies]
    prebuilt = [plain(encode(model)) for model in models]
    assert prebuilt == bodies
    del bodies
    sizes = [len(orjson.dumps(body)) for body in prebuilt]
    for model, body in zip(models, prebuilt, strict=True):
        assert dumps(model) == orjson.dumps(body)

    def floor() -> list[bytes]:
        return [orjson.dumps(body) for body in prebuilt]

    def ours() -> list[bytes]:
        return [dumps(model) for model in models]

    def check(result: Any) -> None:
        assert len(result) == count
        assert [len(b) for b in result] == sizes

    check(floor())
    check(ours())
    samples = interleaved({"orjson.dumps": floor, "aioairbyte": ours}, repeat=args.repeat)
    series = [Series(name, "s", values) for name, values in samples.items()]
    by_name = {s.name: s for s in series}
    total = sum(sizes)
    report(
        f"Encode: {count:,} ConnectionUpdate bodies x {STREAMS} streams",
        series,
        baseline="orjson.dumps",
        notes={
            "bytes sent": f"{total:,} ({total / 1e6:.1f} MB, {total // count:,} per body)",
            "streams encoded": f"{count * STREAMS:,}",
            "aioairbyte per body (ms)": by_name["aioairbyte"].median / count * 1000,
        },
        targets={
            "aioairbyte <= 1.5x orjson.dumps": (
                by_name["aioairbyte"].median <= 1.5 * by_name["orjson.dumps"].median
            ),
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
