"""A small aiohttp.web service that runs Airbyte syncs in the background: one shared client.

    AIRBYTE_URL=http://localhost:8000/api AIRBYTE_CLIENT_ID=... AIRBYTE_CLIENT_SECRET=... \\
        python examples/service.py [PORT]

    POST   /syncs               {"connection_ids": [...]} or {"workspace_id": "..."} -> 202 {"id"}
    GET    /syncs/{id}          the outcomes so far (the CLI's --json fields) and "done"
    GET    /syncs/{id}/events   Server-Sent Events: every update, replayed then live, then "end"
    DELETE /syncs/{id}          cancel the bulk: the jobs it started are cancelled
    GET    /health              the service's and Airbyte's health (503 when Airbyte is down)

Lifecycle: ONE ``AirbyteClient`` per process, created on startup and closed on shutdown
(``cleanup_ctx``), never per request. A bulk runs in a background task owned by the app, not in
the request that started it. On shutdown every running bulk is cancelled and awaited (the
library cancels the jobs it started) before the client closes. A client that disconnects from
an event stream cancels nothing.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import orjson
from aiohttp import web

from aioairbyte import AirbyteClient, BasicAuth, BearerAuth, ClientCredentials, PollPolicy
from aioairbyte.cli.exits import error_json
from aioairbyte.cli.output import result_json
from aioairbyte.client import DEFAULT_BASE_URL
from aioairbyte.fanout import ConnectionOutcome, FanOutEvent
from aioairbyte.results import JobUpdate

ClientFactory = Callable[[], AirbyteClient]
CLIENT: web.AppKey[AirbyteClient] = web.AppKey("client", AirbyteClient)
BULKS: web.AppKey[dict[str, Bulk]] = web.AppKey("bulks", dict)
#: Finished bulks kept for GET and late subscribers; the oldest finished ones go beyond this.
KEEP_FINISHED = 1000
POLL: web.AppKey[PollPolicy | None] = web.AppKey("poll", object)  # type: ignore[arg-type]


def client_from_env() -> AirbyteClient:
    """The client the environment describes, as the CLI reads it (AIRBYTE_URL, AIRBYTE_TOKEN,
    AIRBYTE_CLIENT_ID/SECRET, AIRBYTE_USERNAME/PASSWORD); AIRBYTE_MAX_CONNECTIONS bounds the
    requests in flight across every bulk of the process."""
    env = os.environ.get
    auth: BasicAuth | BearerAuth | ClientCredentials | None = None
    if env("AIRBYTE_TOKEN"):
        auth = BearerAuth(env("AIRBYTE_TOKEN", ""))
    elif env("AIRBYTE_CLIENT_ID") and env("AIRBYTE_CLIENT_SECRET"):
        auth = ClientCredentials(
            env("AIRBYTE_CLIENT_ID", ""),
            env("AIRBYTE_CLIENT_SECRET", ""),
            token_url=env("AIRBYTE_TOKEN_URL") or None,
        )
    elif env("AIRBYTE_USERNAME") or env("AIRBYTE_PASSWORD"):
        auth = BasicAuth(env("AIRBYTE_USERNAME") or "airbyte", env("AIRBYTE_PASSWORD", ""))
    url = env("AIRBYTE_URL") or DEFAULT_BASE_URL
    return AirbyteClient(url, auth=auth, max_connections=int(env("AIRBYTE_MAX_CONNECTIONS", "20")))


def event_json(event: FanOutEvent) -> dict[str, Any]:
    """A fan-out event as JSON: a job update, or a connection's outcome (the CLI's fields)."""
    if isinstance(event, JobUpdate):
        return {
            "type": "job_update",
            "job_id": event.job_id,
            "connection_id": str(event.connection_id) if event.connection_id else None,
            "status": event.status.value,
            "attempt": event.attempt,
        }
    return {"type": "outcome", **outcome_json(event, None)}


def outcome_json(outcome: ConnectionOutcome, name: str | None) -> dict[str, Any]:
    return {
        "connection_id": str(outcome.connection_id),
        "name": name,
        "status": outcome.status.value,
        "job_id": outcome.job_id,
        "result": result_json(outcome.result),
        "error": None if outcome.error is None else error_json(outcome.error),
    }


@attrs.define
class Bulk:
    """One ``POST /syncs``: its events so far (for late subscribers) and its task."""

    id: str
    names: dict[uuid.UUID, str | None] = attrs.Factory(dict)
    events: list[dict[str, Any]] = attrs.Factory(list)
    outcomes: list[dict[str, Any]] = attrs.Factory(list)
    state: str = "running"  # then "finished", "cancelled" or "error"
    error: dict[str, Any] | None = None
    task: asyncio.Task[None] | None = None
    # Set and replaced on every change: subscribers wait on the one they saw.
    changed: asyncio.Event = attrs.Factory(asyncio.Event)

    @property
    def done(self) -> bool:
        return self.state != "running"

    def record(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        self.changed.set()
        self.changed = asyncio.Event()

    def on_update(self, event: FanOutEvent) -> None:
        if isinstance(event, ConnectionOutcome):
            self.outcomes.append(outcome_json(event, self.names.get(event.connection_id)))
        self.record(event_json(event))

    def view(self) -> dict[str, Any]:
        links = {"self": f"/syncs/{self.id}", "events": f"/syncs/{self.id}/events"}
        return {"id": self.id, "state": self.state, "done": self.done, "error": self.error,
                "outcomes": self.outcomes, "links": links}  # fmt: skip


async def run_bulk(
    client: AirbyteClient, bulk: Bulk, ids: list[uuid.UUID] | None, workspace: uuid.UUID | None,
    poll: PollPolicy | None,
) -> None:  # fmt: skip
    """The bulk's background task: select the connections, sync them all, record the end."""
    try:
        if workspace is not None:  # a workspace's active connections; their names come free
            listed = await client.connections.list(workspace)
            bulk.names = {c.connection_id: c.name for c in listed if c.status.value == "active"}
            ids = list(bulk.names)
        if ids:
            await client.sync_many(ids, on_update=bulk.on_update, poll=poll)
        bulk.state = "finished"
    except asyncio.CancelledError:
        # sync_many has cancelled the jobs it started (shielded) before re-raising.
        bulk.state = "cancelled"
        raise
    except Exception as exc:  # e.g. Airbyte unreachable while listing the workspace
        bulk.state, bulk.error = "error", error_json(exc)
    finally:
        bulk.record({"type": "end", "state": bulk.state})


async def cancel_bulks(app: web.Application) -> None:
    """Cancel every running bulk and wait until its owned jobs are cancelled."""
    tasks = [b.task for b in app[BULKS].values() if b.task is not None and not b.task.done()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def forget_old_bulks(bulks: dict[str, Bulk]) -> None:
    """Keep a long-running service's memory bounded: running bulks stay, and the newest
    ``KEEP_FINISHED`` finished ones (dicts keep insertion order: the first are the oldest)."""
    finished = [key for key, bulk in bulks.items() if bulk.done]
    for key in finished[: max(0, len(finished) - KEEP_FINISHED + 1)]:
        del bulks[key]


def bad_request(message: str) -> web.Response:
    return web.json_response({"error": {"type": "BadRequest", "message": message}}, status=400)


def parse_request(body: Any) -> tuple[list[uuid.UUID] | None, uuid.UUID | None]:
    """``(connection_ids, workspace_id)``, exactly one given; ``ValueError`` says what is wrong."""
    if not isinstance(body, dict) or ("connection_ids" in body) == ("workspace_id" in body):
        raise ValueError('give a JSON object with "connection_ids" or "workspace_id", not both')
    if "workspace_id" in body:
        if not isinstance(body["workspace_id"], str):
            raise ValueError("workspace_id must be a UUID string")
        return None, uuid.UUID(body["workspace_id"])
    raw = body["connection_ids"]
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise ValueError("connection_ids must be a non-empty list of UUID strings")
    ids = [uuid.UUID(v) for v in raw]
    if len(set(ids)) != len(ids):
        raise ValueError("connection_ids must not repeat a connection")
    return ids, None


async def post_sync(request: web.Request) -> web.Response:
    try:
        ids, workspace = parse_request(await request.json(loads=orjson.loads))
    except ValueError as exc:  # bad JSON (orjson's error is one) or a bad field
        return bad_request(str(exc))
    app = request.app
    bulk = Bulk(id=uuid.uuid4().hex)
    forget_old_bulks(app[BULKS])
    app[BULKS][bulk.id] = bulk
    # Owned by the app, not by this request: it outlives the request, until done or shutdown.
    bulk.task = asyncio.create_task(run_bulk(app[CLIENT], bulk, ids, workspace, app[POLL]))
    return web.json_response({"id": bulk.id, "links": bulk.view()["links"]}, status=202)


def find(request: web.Request) -> Bulk:
    bulk = request.app[BULKS].get(request.match_info["id"])
    if bulk is None:
        raise web.HTTPNotFound(
            text='{"error": {"type": "NotFound", "message": "no such bulk"}}',
            content_type="application/json",
        )
    return bulk


async def get_sync(request: web.Request) -> web.Response:
    return web.json_response(find(request).view())


async def delete_sync(request: web.Request) -> web.Response:
    bulk = find(request)
    if bulk.task is not None and not bulk.task.done():
        bulk.task.cancel()
        # Answer once the jobs are cancelled on the server (asyncio.wait never raises).
        await asyncio.wait([bulk.task])
    return web.json_response(bulk.view())


async def sync_events(request: web.Request) -> web.StreamResponse:
    """Every event of the bulk, from the first (a late subscriber catches up), then ``end``."""
    bulk = find(request)
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    sent = 0
    try:
        while True:
            changed = bulk.changed  # taken before reading: no change can slip in between
            for event in bulk.events[sent:]:
                kind = "end" if event["type"] == "end" else "message"
                await response.write(
                    b"event: %s\ndata: %s\n\n" % (kind.encode(), orjson.dumps(event))
                )
                sent += 1
                if kind == "end":
                    return response
            await changed.wait()
    except ConnectionResetError:  # the subscriber left: the bulk goes on regardless
        return response


async def health(request: web.Request) -> web.Response:
    try:
        airbyte = (await request.app[CLIENT].health.check()).available
    except Exception as exc:  # unreachable, refusing, ...
        return web.json_response({"service": "ok", "airbyte": error_json(exc)}, status=503)
    return web.json_response(
        {"service": "ok", "airbyte": {"available": airbyte}}, status=200 if airbyte else 503
    )


def make_app(
    client_factory: ClientFactory | None = None, *, poll: PollPolicy | None = None
) -> web.Application:
    """The service; ``client_factory`` makes its one client (default: from the environment)."""
    app = web.Application()
    app[BULKS] = {}
    app[POLL] = poll

    async def client_ctx(app: web.Application) -> AsyncIterator[None]:
        app[CLIENT] = (client_factory or client_from_env)()
        yield
        await cancel_bulks(app)  # again: a bulk started while shutting down
        await app[CLIENT].close()

    app.cleanup_ctx.append(client_ctx)
    # on_shutdown runs before aiohttp waits for open requests: ending the bulks there ends
    # their event streams too, so that shutdown does not wait for them.
    app.on_shutdown.append(cancel_bulks)
    app.router.add_post("/syncs", post_sync)
    app.router.add_get("/syncs/{id}", get_sync)
    app.router.add_delete("/syncs/{id}", delete_sync)
    app.router.add_get("/syncs/{id}/events", sync_events)
    app.router.add_get("/health", health)
    return app


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
    web.run_app(make_app(), port=port)  # SIGTERM/SIGINT: graceful shutdown as above


if __name__ == "__main__":
    main()
