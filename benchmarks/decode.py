"""Decode: a 2,000-connection ``/v1/connections/list`` response, bytes to models.

The payload is a ``ConnectionReadList`` of 2,000 connections, each with a 20-stream catalog whose
``jsonSchema`` has 13-33 columns (10-30 plus ``id`` and two timestamps; some nested objects and
arrays of objects), built deterministically (see ``_payloads.py``) with every required field of
the spec. The web backend's list (``WebBackendConnectionReadList``) was the first candidate, but
its items (``WebBackendConnectionListItem``) carry no catalog, so a catalog there would be an
unknown key that every decoder skips; ``ConnectionReadList`` is the list response that does
carry catalogs. The body is about 75 MB: with real column lists a stream's schema alone is about
1 KB. Leaner schemas make the ratio harder (the floor shrinks, the models do not): with 3-5
columns per stream (32 MB) aioairbyte still holds both targets, with less margin.

- ``orjson.loads`` (the floor): parsing alone, no models.
- ``aioairbyte``: what the client does with a response body: ``orjson.loads``, then
  ``converter.decode(data, ConnectionReadList, operation=...)`` (strict types, open enums,
  free-form ``jsonSchema`` kept as parsed).
- ``pydantic``: the same payload into equivalent pydantic v2 models (camelCase aliases, UUIDs,
  the same enums, ``jsonSchema`` as ``dict[str, Any]``, strict mode, frozen) with
  ``model_validate_json(bytes)``, pydantic's fastest path (its own parser, no ``orjson``).

Everything is timed twice: as a real process runs (the cyclic garbage collector on, which
traverses the growing results and inflates the floor most), then with the collector paused (the
work alone). Targets, in both: aioairbyte at most 2.0x the floor, and faster than pydantic.
Both decoders' results are checked (count and spot fields) so neither can be measuring a no-op.

    python benchmarks/decode.py            # 2,000 connections x 20 streams, 5 runs of each
    python benchmarks/decode.py --quick    # 20 connections, 1 run
"""

from __future__ import annotations

import gc
from typing import Any
from uuid import UUID

import orjson
from _harness import Series, interleaved, parse_args, report
from _payloads import connection_read_list
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from aioairbyte.api.connections import LIST
from aioairbyte.converter import decode
from aioairbyte.models import (
    ConnectionReadList,
    ConnectionScheduleTimeUnit,
    ConnectionScheduleType,
    ConnectionStatus,
    DestinationSyncMode,
    Geography,
    NamespaceDefinitionType,
    NonBreakingChangesPreference,
    SyncMode,
)

STREAMS = 20
COLUMNS = (10, 30)
OPERATION = str(LIST)  # POST /v1/connections/list, as the client names it in errors


# --- The pydantic peer: the same models, declared the pydantic way ------------------------------
# The enums are aioairbyte's own (str enums), so both decoders produce the same member objects.


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, strict=True, frozen=True, extra="ignore")


class PSelectedFieldInfo(_Model):
    field_path: list[str] | None = None


class PAirbyteStream(_Model):
    name: str
    json_schema: dict[str, Any]
    supported_sync_modes: list[SyncMode] | None = None
    source_defined_cursor: bool | None = None
    default_cursor_field: list[str] | None = None
    source_defined_primary_key: list[list[str]] | None = None
    namespace: str | None = None


class PAirbyteStreamConfiguration(_Model):
    sync_mode: SyncMode
    destination_sync_mode: DestinationSyncMode
    cursor_field: list[str] | None = None
    primary_key: list[list[str]] | None = None
    alias_name: str | None = None
    selected: bool | None = None
    suggested: bool | None = None
    field_selection_enabled: bool | None = None
    selected_fields: list[PSelectedFieldInfo] | None = None


class PAirbyteStreamAndConfiguration(_Model):
    stream: PAirbyteStream | None = None
    config: PAirbyteStreamConfiguration | None = None


class PAirbyteCatalog(_Model):
    streams: list[PAirbyteStreamAndConfiguration]


class PConnectionSchedule(_Model):
    units: int
    time_unit: ConnectionScheduleTimeUnit


class PBasicSchedule(_Model):
    time_unit: ConnectionScheduleTimeUnit
    units: int


class PCron(_Model):
    cron_expression: str
    cron_time_zone: str


class PConnectionScheduleData(_Model):
    basic_schedule: PBasicSchedule | None = None
    cron: PCron | None = None


class PResourceRequirements(_Model):
    # The spec spells these four in snake_case on the wire.
    cpu_request: str | None = Field(default=None, alias="cpu_request")
    cpu_limit: str | None = Field(default=None, alias="cpu_limit")
    memory_request: str | None = Field(default=None, alias="memory_request")
    memory_limit: str | None = Field(default=None, alias="memory_limit")


class PConnectionRead(_Model):
    connection_id: UUID
    name: str
    source_id: UUID
    destination_id: UUID
    sync_catalog: PAirbyteCatalog
    status: ConnectionStatus
    breaking_change: bool
    namespace_definition: NamespaceDefinitionType | None = None
    namespace_format: str | None = None
    prefix: str | None = None
    operation_ids: list[UUID] | None = None
    schedule: PConnectionSchedule | None = None
    schedule_type: ConnectionScheduleType | None = None
    schedule_data: PConnectionScheduleData | None = None
    resource_requirements: PResourceRequirements | None = None
    source_catalog_id: UUID | None = None
    geography: Geography | None = None
    notify_schema_changes: bool | None = None
    non_breaking_changes_preference: NonBreakingChangesPreference | None = None


class PConnectionReadList(_Model):
    connections: list[PConnectionRead]


# --- Checks: each decoder produced the whole, right thing ----------------------------------------


def _check(result: Any, expected: dict[str, Any]) -> None:
    """Count and spot fields of a decoded list (either decoder's) against the source dicts."""
    wanted = expected["connections"]
    assert len(result.connections) == len(wanted)
    for index in (0, len(wanted) // 2, -1):
        got, want = result.connections[index], wanted[index]
        assert got.connection_id == UUID(want["connectionId"])
        assert got.status is ConnectionStatus(want["status"])
        streams = got.sync_catalog.streams
        assert len(streams) == len(want["syncCatalog"]["streams"])
        last, want_last = streams[-1], want["syncCatalog"]["streams"][-1]
        assert last.stream.name == want_last["stream"]["name"]
        assert last.stream.json_schema == want_last["stream"]["jsonSchema"]
        assert last.config.sync_mode is SyncMode(want_last["config"]["syncMode"])
        assert last.config.primary_key == want_last["config"]["primaryKey"]
        assert last.config.selected is want_last["config"]["selected"]


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], repeat=5)
    connections = 20 if args.quick else 2000
    payload = connection_read_list(connections, streams=STREAMS, columns=COLUMNS)
    body = orjson.dumps(payload)

    def floor() -> Any:
        return orjson.loads(body)

    def ours() -> ConnectionReadList:
        return decode(orjson.loads(body), ConnectionReadList, operation=OPERATION)

    def peer() -> PConnectionReadList:
        return PConnectionReadList.model_validate_json(body)

    _check(ours(), payload)
    _check(peer(), payload)
    assert orjson.loads(body) == payload
    del payload  # only the bytes stay alive while timing

    subjects = {"orjson.loads": floor, "aioairbyte": ours, "pydantic": peer}
    collected = interleaved(subjects, repeat=args.repeat)
    # The same again with the cyclic collector paused: with it on, every decoder's allocations
    # trigger collections that traverse the growing result, which inflates the floor most.
    gc.disable()
    try:
        paused = interleaved(subjects, repeat=args.repeat, warmup=0)
    finally:
        gc.enable()

    title = f"Decode: ConnectionReadList, {connections:,} connections x {STREAMS} streams"
    on = {name: Series(name, "s", values) for name, values in collected.items()}
    off = {name: Series(name, "s", values) for name, values in paused.items()}

    def ratio(series: dict[str, Series], name: str) -> float:
        return series[name].median / series["orjson.loads"].median

    report(
        f"{title} (collector paused)",
        list(off.values()),
        baseline="orjson.loads",
        json_path=args.json,
    )
    report(
        f"{title} (collector on, as in a real process)",
        list(on.values()),
        baseline="orjson.loads",
        notes={
            "payload": f"{len(body):,} bytes ({len(body) / 1e6:.1f} MB)",
            "streams decoded": f"{connections * STREAMS:,}",
            "aioairbyte MB/s (collector on / paused)": (
                f"{len(body) / 1e6 / on['aioairbyte'].median:.1f}"
                f" / {len(body) / 1e6 / off['aioairbyte'].median:.1f}"
            ),
            "pydantic MB/s (collector on / paused)": (
                f"{len(body) / 1e6 / on['pydantic'].median:.1f}"
                f" / {len(body) / 1e6 / off['pydantic'].median:.1f}"
            ),
            "x orjson.loads, collector paused (aioairbyte / pydantic)": (
                f"{ratio(off, 'aioairbyte'):.2f} / {ratio(off, 'pydantic'):.2f}"
            ),
        },
        targets={
            "aioairbyte <= 2.0x orjson.loads (collector on)": ratio(on, "aioairbyte") <= 2.0,
            "aioairbyte <= 2.0x orjson.loads (collector paused)": ratio(off, "aioairbyte") <= 2.0,
            "aioairbyte faster than pydantic (collector on)": (
                on["aioairbyte"].median < on["pydantic"].median
            ),
            "aioairbyte faster than pydantic (collector paused)": (
                off["aioairbyte"].median < off["pydantic"].median
            ),
        },
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
