"""What a connector's ``check`` and ``discover`` do in the simulated deployment.

A check fails the way the real connector fails when a secret (or any ``password``) is
``wrong`` (its authentication error) or a host ends in ``.invalid`` (RFC 2606: it never
resolves; its connection error), and succeeds otherwise. A discover fails the same way, or
finds streams derived from the configuration: a Postgres source the tables of each schema in
``schemas``, Stripe its API streams, Faker its three streams, File and Google Sheets one stream
each, any other (custom) connector the ``streams`` its configuration names. Catalogs come out
in the protocol's shape (snake_case, as the server stores them) and convert to the API's with
the server's default stream configuration.

Answers carry a ``SynchronousJobRead`` as ``JobConverter.getSynchronousJobRead`` builds it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from . import seed

__all__ = [
    "ConnectorFailure",
    "check",
    "discover",
    "job_read",
    "log_lines",
]

WRONG = "wrong"
"""The secret (or ``password``) value a check refuses."""
UNREACHABLE = ".invalid"
"""A host with this suffix never resolves."""

# Names of secrets in a configuration whose specification marks none (custom connectors).
_SECRET_NAMES = frozenset(
    {"password", "api_key", "api_token", "access_token", "token", "client_secret", "secret_key"}
)
_HOST_KEYS = ("host", "tunnel_host", "url", "endpoint", "base_url", "hostname")
_TIMESTAMP = {"type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"}
_INTEGER = {"type": "integer"}
_STRING = {"type": "string"}


class ConnectorFailure(Exception):
    """The connector could not connect: ``message`` is what it reported."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)
    elif isinstance(value, str):
        yield path, value


def _secret_paths(schema: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Paths of the ``airbyte_secret`` fields of a specification (every ``oneOf`` branch)."""
    if not isinstance(schema, dict):
        return
    if schema.get("airbyte_secret") is True:
        yield path
    for name, item in (schema.get("properties") or {}).items():
        yield from _secret_paths(item, (*path, name))
    for branch in schema.get("oneOf") or ():
        yield from _secret_paths(branch, path)
    if isinstance(schema.get("items"), dict):
        yield from _secret_paths(schema["items"], path)


def _problem(specification: dict[str, Any], configuration: dict[str, Any]) -> str | None:
    """``"auth"``, ``"host:<host>"`` or ``None``: what keeps the connector from connecting."""
    secrets = set(_secret_paths(specification.get("connectionSpecification") or {}))
    for path, value in _strings(configuration):
        if value == WRONG and (path in secrets or (path and path[-1] in _SECRET_NAMES)):
            return "auth"
    for path, value in _strings(configuration):
        if path and path[-1] in _HOST_KEYS:
            host = value.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
            if host.endswith(UNREACHABLE):
                return f"host:{host}"
    return None


def _message(repository: str, problem: str, configuration: dict[str, Any]) -> str:
    """The failure message the real connector reports (never a secret)."""
    auth = problem == "auth"
    host = problem.partition(":")[2]
    user = configuration.get("username", "airbyte")
    if repository.endswith("-postgres"):
        if auth:
            failed = f'password authentication failed for user "{user}"'
            return f"State code: 28P01; Message: FATAL: {failed}"
        return "State code: 08001; Message: The connection attempt failed."
    if repository.endswith("-snowflake"):
        detail = (
            "Incorrect username or password was specified."
            if auth
            else "JDBC driver encountered communication error. Message: Exception encountered "
            f"for HTTP request: {host}: Name or service not known."
        )
        return f"Could not connect with provided configuration. {detail}"
    if repository.endswith("-bigquery"):
        return (
            "Could not connect with provided configuration. Error reading credentials from "
            "stream, 'type' field not specified."
        )
    if repository.endswith("source-stripe"):
        return (
            "Unable to connect to stream charges - Request to https://api.stripe.com/v1/charges "
            "failed with status code 401 and error message Invalid API Key provided"
        )
    if repository.endswith("source-google-sheets"):
        return (
            "Access to the spreadsheet expired or was revoked. Re-authenticate to restore access."
        )
    if auth:
        return "Could not connect with provided configuration. Error: authentication failed"
    return (
        "Could not connect with provided configuration. Error: "
        f"java.net.UnknownHostException: {host}: Name or service not known"
    )


def _failure(
    definition: dict[str, Any],
    specification: dict[str, Any],
    configuration: dict[str, Any],
    errors: list[str],
    step: str,
) -> str | None:
    if errors:
        # The connector validates its configuration against its own spec first.
        joined = ", ".join(errors)
        return f"Verification error(s) occurred for {step}. Errors: [{joined}] "
    problem = _problem(specification, configuration)
    if problem is None:
        return None
    return _message(definition["dockerRepository"], problem, configuration)


def check(
    definition: dict[str, Any],
    specification: dict[str, Any],
    configuration: dict[str, Any],
    errors: Sequence[str] = (),
) -> tuple[str, str | None]:
    """``(status, message)`` of the connector's check: ``("succeeded", None)`` or
    ``("failed", <the connector's message>)``. ``errors``: the configuration's validation
    messages, which the connector reports first."""
    message = _failure(definition, specification, configuration, list(errors), "CHECK")
    return ("succeeded", None) if message is None else ("failed", message)


def _stream(
    name: str,
    properties: dict[str, Any],
    *,
    namespace: str | None = None,
    cursor: str | None = None,
    incremental: bool = True,
    primary_key: str | None = "id",
) -> dict[str, Any]:
    stream: dict[str, Any] = {
        "name": name,
        "json_schema": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": properties,
        },
        "supported_sync_modes": ["full_refresh", "incremental"]
        if incremental
        else ["full_refresh"],
        "source_defined_cursor": cursor is not None,
        "default_cursor_field": [cursor] if cursor is not None else [],
        "source_defined_primary_key": [[primary_key]] if primary_key else [],
        "is_resumable": True,
    }
    if namespace is not None:
        stream["namespace"] = namespace
    return stream


_STRIPE = ("balance_transactions", "charges", "customers", "invoices", "refunds", "subscriptions")
_FAKER: list[tuple[str, dict[str, Any]]] = [
    (
        "users",
        {
            "id": _INTEGER,
            "name": _STRING,
            "email": _STRING,
            "age": _INTEGER,
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
        },
    ),
    (
        "products",
        {
            "id": _INTEGER,
            "make": _STRING,
            "model": _STRING,
            "price": {"type": "number"},
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
        },
    ),
    (
        "purchases",
        {
            "id": _INTEGER,
            "user_id": _INTEGER,
            "product_id": _INTEGER,
            "purchased_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
        },
    ),
]


def _custom_names(configuration: dict[str, Any], fallback: str) -> list[str]:
    named = configuration.get("streams") or configuration.get("tables")
    names: list[str] = []
    if isinstance(named, list):
        for item in named:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name and name not in names:
                names.append(name)
    return names or [fallback]


def _streams(definition: dict[str, Any], configuration: dict[str, Any]) -> list[dict[str, Any]]:
    repository = definition["dockerRepository"]
    if repository == "airbyte/source-postgres":
        # The tables of each schema (source-postgres discovers schemas ["public"] by default).
        schemas = configuration.get("schemas") or ["public"]
        postgres = [
            _stream(name, dict(properties), namespace=schema)
            for schema in dict.fromkeys(s for s in schemas if isinstance(s, str))
            for name, properties in seed._STREAMS
        ]
        for stream in postgres:
            stream["source_defined_cursor"] = False  # the user picks the cursor
        return postgres
    if repository == "airbyte/source-stripe":
        properties = {"id": _STRING, "object": _STRING, "created": _INTEGER, "updated": _INTEGER}
        return [_stream(name, dict(properties), cursor="updated") for name in _STRIPE]
    if repository == "airbyte/source-faker":
        return [_stream(name, dict(props), cursor="updated_at") for name, props in _FAKER]
    if repository == "airbyte/source-file":
        name = str(configuration.get("dataset_name") or "file")
        columns = {"id": {"type": ["string", "null"]}, "value": {"type": ["string", "null"]}}
        return [_stream(name, columns, incremental=False, primary_key=None)]
    if repository == "airbyte/source-google-sheets":
        sheet = {"id": {"type": ["string", "null"]}, "value": {"type": ["string", "null"]}}
        return [_stream("Sheet1", sheet, incremental=False, primary_key=None)]
    fallback = "records"
    properties = {"id": _STRING, "data": {"type": "object"}, "updated_at": _TIMESTAMP}
    return [
        _stream(name, dict(properties), cursor="updated_at")
        for name in _custom_names(configuration, fallback)
    ]


def discover(
    definition: dict[str, Any],
    specification: dict[str, Any],
    configuration: dict[str, Any],
    errors: Sequence[str] = (),
) -> dict[str, Any]:
    """The protocol ``AirbyteCatalog`` the connector discovers, or :class:`ConnectorFailure`."""
    message = _failure(definition, specification, configuration, list(errors), "DISCOVER")
    if message is not None:
        raise ConnectorFailure(message)
    return {"streams": _streams(definition, configuration)}


def job_read(
    config_type: str,
    definition_id: str,
    *,
    succeeded: bool,
    lines: list[str],
    modern: bool,
    failure: str | None = None,
) -> dict[str, Any]:
    """A ``SynchronousJobRead`` of a connector job that ran just now.

    ``configId`` is ``Optional[<definition id>]``, as the server writes it: the metadata's
    ``Optional`` is put through ``toString`` (``JobConverter.getSynchronousJobRead``), and the
    id is the connector definition's (``DefaultSynchronousSchedulerClient.execute``).
    """
    ended = int(time.time() * 1000)
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "configType": config_type,
        "configId": f"Optional[{definition_id}]",
        "createdAt": ended - 1000 - 37 * len(lines),
        "endedAt": ended,
        "succeeded": succeeded,
        "connectorConfigurationUpdated": False,
        "logs": {"logLines": lines},
    }
    if modern:
        body["logType"] = "formatted"
        if failure is not None:
            body["failureReason"] = {
                "failureOrigin": "source" if "source" in config_type else "destination",
                "failureType": "config_error",
                "externalMessage": failure,
                "internalMessage": failure,
                "timestamp": ended,
            }
    return body


def log_lines(definition: dict[str, Any], step: str, outcome: str) -> list[str]:
    """A connector job's log (``YYYY-mm-dd HH:MM:SS LEVEL text`` lines)."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    image = f"{definition['dockerRepository']}:{definition['dockerImageTag']}"
    origin = "destination" if "destination" in definition["dockerRepository"] else "source"
    return [
        f"{stamp} INFO Executing worker wrapper. Airbyte version: {seed.AIRBYTE_VERSION}",
        f"{stamp} INFO Checking if {image} exists...",
        f"{stamp} INFO {image} was found locally.",
        f"{stamp} INFO Creating docker container = {step} with resources",
        f"{stamp} INFO {origin} > Starting {step}",
        f"{stamp} INFO {origin} > {outcome}",
        f"{stamp} INFO Completed integration: {image}",
    ]
