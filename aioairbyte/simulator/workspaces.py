"""Workspaces as the real server keeps them: created, patched, renamed, looked up, soft-deleted.

Records live in ``b.store.workspaces`` (API-shaped dicts, as the seeded one); what the store's
dict does not say (which workspaces are tombstoned, the RNG of slug suffixes) is the family
state :class:`Workspaces`. Answers follow ``WorkspacesHandler`` (0.40.32 Java and the 2.x
Kotlin one) and the converters behind it:

- 0.40 reads (``WorkspacesHandler.buildWorkspaceRead``) carry neither ``firstCompletedSync``
  nor ``feedbackDone`` (the store keeps them), 2.x reads (``WorkspaceConverter.domainToApiModel``)
  neither, but an organization, a dataplane group, ``tombstone`` and ``notificationSettings``
  patched with their defaults (``patchNotificationSettingsWithDefaultValue``);
- the slug is the slugified name, suffixed with ``-`` and 8 random letters while taken (deleted
  workspaces included; ``generateUniqueSlug``): a duplicate name is allowed;
- deleted workspaces answer 404 to ``get`` (2.x: unless ``includeTombstone``), to lookups and
  updates, and leave every listing.
"""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

from .backend import Backend
from .errors import ApiError, not_found
from .shapes import DEFAULT_DATAPLANE_GROUP_ID, DEFAULT_ORGANIZATION_ID

__all__ = [
    "READ_FIELDS",
    "Workspaces",
    "internal_error",
    "is_deleted",
    "render",
    "slugify",
    "workspace",
]

#: Fields of a 0.40 ``WorkspaceRead`` as ``buildWorkspaceRead`` fills them.
READ_FIELDS = (
    "workspaceId",
    "customerId",
    "email",
    "name",
    "slug",
    "initialSetupComplete",
    "displaySetupWizard",
    "anonymousDataCollection",
    "news",
    "securityUpdates",
    "notifications",
    "defaultGeography",
    "webhookConfigs",
)
#: What 2.x reads carry besides the 0.40 fields (``defaultGeography`` excepted).
_MODERN_FIELDS = ("organizationId", "dataplaneGroupId", "notificationSettings", "tombstone")
_FLAGS = ("anonymousDataCollection", "news", "securityUpdates", "displaySetupWizard")
# NotificationSettings kinds and their default (patchNotificationSettingsWithDefaultValue):
# an email item, except success, which notifies nothing. The server also adds
# sendOnConnectionSyncQueued (nothing), a kind the 2.0.0 document does not have: left out.
_SETTINGS = (
    "sendOnSuccess",
    "sendOnFailure",
    "sendOnSyncDisabled",
    "sendOnSyncDisabledWarning",
    "sendOnConnectionUpdate",
    "sendOnConnectionUpdateActionRequired",
    "sendOnBreakingChangeWarning",
    "sendOnBreakingChangeSyncsDisabled",
)
_QUIET = ("sendOnSuccess",)
# WorkspacesHandler.patchNotifications: NotificationsConfig key -> NotificationSettings key.
_CONFIG_KINDS = {
    "success": "sendOnSuccess",
    "failure": "sendOnFailure",
    "connectionUpdate": "sendOnConnectionUpdate",
    "connectionUpdateActionRequired": "sendOnConnectionUpdateActionRequired",
    "syncDisabled": "sendOnSyncDisabled",
    "syncDisabledWarning": "sendOnSyncDisabledWarning",
}
_MAX_SLUG_ATTEMPTS = 10
# Slug.kt's replacements (German, Nordic, Turkish, Polish); NFKD then drops other accents.
# Cyrillic and Greek letters, which the server transliterates, are dropped here.
_REPLACEMENTS = str.maketrans(
    {
        "Ä": "Ae",
        "ä": "ae",
        "Ö": "Oe",
        "ö": "oe",
        "Ü": "Ue",
        "ü": "ue",
        "ß": "ss",
        "å": "aa",
        "Å": "Aa",
        "æ": "ae",
        "Æ": "Ae",
        "ø": "oe",
        "Ø": "Oe",
        "Ğ": "g",
        "ğ": "g",
        "İ": "i",
        "\u0131": "i",
        "Ş": "s",
        "ş": "s",
        "Ł": "L",
        "ł": "l",
    }
)
_SEPARATORS = re.compile(r"[\W\s+]+", re.ASCII)


def slugify(name: str) -> str:
    """The server's slug of a name (``io.airbyte.commons.server.slug.slugify``)."""
    if not name.strip():
        return ""
    text = unicodedata.normalize("NFKD", name.strip().translate(_REPLACEMENTS))
    text = text.encode("ascii", "ignore").decode()
    text = _SEPARATORS.sub("-", text)
    return re.sub(r"^-|-$", "", text).lower()


def internal_error(message: str, exception_class: str) -> ApiError:
    """500 for an exception no handler maps (the server's uncaught-exception answer)."""
    short = exception_class.rsplit(".", 1)[-1]
    return ApiError(
        500,
        {
            "message": f"Internal Server Error: {message}",
            "exceptionClassName": exception_class,
            "exceptionStack": [
                f"{exception_class}: {message}",
                f"io.airbyte.commons.server.handlers.WorkspacesHandler({short})",
                "io.airbyte.server.apis.ApiHelper.execute(ApiHelper.java:28)",
                "java.base/java.lang.Thread.run(Thread.java:1589)",
            ],
        },
    )


class Workspaces:
    """The family state: tombstones and the RNG of slug suffixes."""

    def __init__(self, b: Backend) -> None:
        self._b = b
        self.deleted: set[str] = set()
        """Ids of the deleted (tombstoned) workspaces."""
        # Its own RNG: suffixes never shift the ids the store draws.
        self._rng = random.Random(f"{b.config.seed}:slugs")

    def unique_slug(self, name: str) -> str:
        """``generateUniqueSlug``: the slug of ``name``, suffixed while some workspace (a
        deleted one too, or the one being renamed) holds it."""
        proposed = slugify(name)
        taken = {workspace["slug"] for workspace in self._b.store.workspaces.values()}
        slug = proposed
        attempts = 0
        while slug in taken:
            suffix = "".join(
                self._rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                for _ in range(8)
            )
            slug = f"{proposed}-{suffix}"
            attempts += 1
            if attempts > _MAX_SLUG_ATTEMPTS:
                raise internal_error(
                    f"could not generate a valid slug after {_MAX_SLUG_ATTEMPTS} tries.",
                    "io.airbyte.commons.server.errors.InternalServerKnownException",
                )
        return slug


def is_deleted(b: Backend, workspace_id: str) -> bool:
    """Whether a workspace was deleted (for the other families' checks)."""
    return workspace_id.lower() in b.family(Workspaces).deleted


def workspace(b: Backend, workspace_id: str, *, include_tombstone: bool = False) -> dict[str, Any]:
    """A stored workspace, or the 404 of ``getStandardWorkspaceNoSecrets`` (deleted ones too,
    unless ``include_tombstone``)."""
    stored = b.store.workspace(workspace_id)
    if not include_tombstone and is_deleted(b, stored["workspaceId"]):
        raise not_found("STANDARD_WORKSPACE", workspace_id)
    return stored


def render(b: Backend, stored: dict[str, Any]) -> dict[str, Any]:
    """The ``WorkspaceRead`` of a stored workspace, in the profile's shape."""
    if not b.config.modern:
        return {key: stored[key] for key in READ_FIELDS if key in stored}
    out = {key: stored[key] for key in READ_FIELDS if key in stored and key != "defaultGeography"}
    out["webhookConfigs"] = stored.get("modernWebhookConfigs", stored.get("webhookConfigs", []))
    out.update(
        organizationId=stored.get("organizationId", DEFAULT_ORGANIZATION_ID),
        dataplaneGroupId=stored.get("dataplaneGroupId", DEFAULT_DATAPLANE_GROUP_ID),
        notificationSettings=with_defaults(stored.get("notificationSettings")),
        tombstone=is_deleted(b, stored["workspaceId"]),
    )
    return out


def listed(b: Backend) -> list[dict[str, Any]]:
    """The stored workspaces that are not deleted, in creation order."""
    deleted = b.family(Workspaces).deleted
    return [w for w in b.store.workspaces.values() if w["workspaceId"] not in deleted]


def with_defaults(settings: dict[str, Any] | None) -> dict[str, Any]:
    """``patchNotificationSettingsWithDefaultValue`` (a new dict)."""
    out = {key: dict(value) for key, value in (settings or {}).items()}
    for key in _SETTINGS:
        if key not in out:
            out[key] = {"notificationType": [] if key in _QUIET else ["customerio"]}
        out[key].setdefault("notificationType", [])
    return out


def _webhooks(b: Backend, writes: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """``WorkspaceWebhookConfigsConverter``: a fresh id per config; reads never show the token.
    Answers the 0.40 reads (``id``, ``name``) and the 2.x ones (with ``customDbtHost``)."""
    old, modern = [], []
    for write in writes:
        read = {"id": b.store.new_id(), "name": write.get("name")}
        old.append({k: v for k, v in read.items() if v is not None})
        host = write.get("customDbtHost")
        modern.append({**old[-1], **({"customDbtHost": host} if host is not None else {})})
    return old, modern


def _check_dataplane_group(body: dict[str, Any]) -> None:
    group = body.get("dataplaneGroupId")
    # validateDataplaneGroupAssignment: a default group, or one the organization owns (none).
    if group is not None and group != DEFAULT_DATAPLANE_GROUP_ID:
        raise not_found("DATAPLANE_GROUP", group)


def create(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``WorkspacesHandler.createWorkspace``: defaults, a unique slug, fresh ids."""
    state = b.family(Workspaces)
    if b.config.modern:
        if body["organizationId"] != DEFAULT_ORGANIZATION_ID:
            # The workspace row's foreign key: a Community deployment has one organization.
            raise internal_error(
                'insert or update on table "workspace" violates foreign key constraint '
                '"workspace_organization_id_fkey"',
                "org.jooq.exception.DataAccessException",
            )
        _check_dataplane_group(body)
    workspace_id = b.store.new_id()
    stored: dict[str, Any] = {
        "workspaceId": workspace_id,
        "customerId": b.store.new_id(),
        "name": body["name"],
        "slug": state.unique_slug(body["name"]),
        "initialSetupComplete": False,
        **{flag: bool(body.get(flag, False)) for flag in _FLAGS},
        "notifications": list(body.get("notifications") or []),
        "firstCompletedSync": False,
        "feedbackDone": False,
    }
    if body.get("email"):
        stored["email"] = body["email"]
    old, modern = _webhooks(b, body.get("webhookConfigs") or [])
    stored["webhookConfigs"], stored["modernWebhookConfigs"] = old, modern
    if b.config.modern:
        stored["organizationId"] = body["organizationId"]
        stored["dataplaneGroupId"] = body.get("dataplaneGroupId", DEFAULT_DATAPLANE_GROUP_ID)
        stored["notificationSettings"] = _validated(with_defaults(body.get("notificationSettings")))
    else:
        stored["defaultGeography"] = body.get("defaultGeography", "auto")
    b.store.workspaces[workspace_id] = stored
    return render(b, stored)


def update(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``WorkspacesHandler.updateWorkspace``: a patch (``applyPatchToStandardWorkspace``)."""
    stored = workspace(b, body["workspaceId"])
    modern = b.config.modern
    for flag in (*_FLAGS, "initialSetupComplete"):
        if body.get(flag) is not None:
            stored[flag] = body[flag]
    if body.get("email", "").strip():
        stored["email"] = body["email"]
    notifications = body.get("notifications")
    # 0.40 replaces them with any list; 2.x only with a non-empty one.
    if notifications is not None and (notifications or not modern):
        stored["notifications"] = list(notifications)
    if modern:
        _check_dataplane_group(body)
        settings = stored.get("notificationSettings")
        if body.get("notificationSettings") is not None:
            settings = body["notificationSettings"]
        elif body.get("notificationsConfig") is not None:
            settings = _patch_settings(settings, body["notificationsConfig"])
        stored["notificationSettings"] = _validated(with_defaults(settings))
        if body.get("dataplaneGroupId") is not None:
            stored["dataplaneGroupId"] = body["dataplaneGroupId"]
        if body.get("name") is not None:
            stored["slug"] = b.family(Workspaces).unique_slug(body["name"])
            stored["name"] = body["name"]
    elif body.get("defaultGeography") is not None:
        stored["defaultGeography"] = body["defaultGeography"]
    if body.get("webhookConfigs") is not None:
        stored["webhookConfigs"], stored["modernWebhookConfigs"] = _webhooks(
            b, body["webhookConfigs"]
        )
    return render(b, stored)


def _patch_settings(settings: dict[str, Any] | None, config: dict[str, Any]) -> dict[str, Any]:
    """``WorkspacesHandler.patchNotifications``: merge a ``NotificationsConfig``."""
    out = with_defaults(settings)
    for key, kind in _CONFIG_KINDS.items():
        patch = config.get(key) or {}
        email, webhook = patch.get("email"), patch.get("webhook")
        if email is None and webhook is None:
            continue
        item = out[kind]
        types = list(item.get("notificationType", []))
        for channel, given in (("customerio", email), ("slack", webhook)):
            enabled = (given or {}).get("enabled")
            if enabled is True and channel not in types:
                types.append(channel)
            elif enabled is False and channel in types:
                types.remove(channel)
        item["notificationType"] = types
        if webhook is not None and webhook.get("url") is not None:
            item["slackConfiguration"] = {"webhook": webhook["url"]}
    return out


def _validated(settings: dict[str, Any]) -> dict[str, Any]:
    """``validateWorkspace``: an item notifying Slack needs a webhook URL (a 400 problem)."""
    for kind, item in settings.items():
        if "slack" in item.get("notificationType", []) and not (
            (item.get("slackConfiguration") or {}).get("webhook", "").strip()
        ):
            name = kind.removeprefix("sendOn")
            raise ApiError(
                400,
                {
                    "message": f"The '{name[0].lower()}{name[1:]}' notification is enabled but "
                    "is missing a URL."
                },
                known=True,
            )
    return settings


def update_name(b: Backend, body: dict[str, Any]) -> dict[str, Any]:
    """``WorkspacesHandler.updateWorkspaceName``: a new name and a new unique slug."""
    stored = workspace(b, body["workspaceId"])
    stored["slug"] = b.family(Workspaces).unique_slug(body["name"])
    stored["name"] = body["name"]
    return render(b, stored)


def by_slug(b: Backend, slug: str) -> dict[str, Any]:
    """``getWorkspaceBySlug(slug, false)``: 404 for no (or a deleted) workspace."""
    for stored in listed(b):
        if stored["slug"] == slug:
            return stored
    raise not_found("STANDARD_WORKSPACE", slug)


def by_connection(b: Backend, connection_id: str) -> dict[str, Any]:
    """``getStandardWorkspaceFromConnection(id, false)``: the workspace of the connection's
    source. 0.40 wraps the ``ConfigNotFoundException`` of an unknown connection (or a deleted
    workspace) in a ``RuntimeException``: a 500, where 2.x answers 404."""
    try:
        record = b.store.connection(connection_id)
        source = b.store.source(record.data["sourceId"])
        return workspace(b, source["workspaceId"])
    except ApiError as error:
        if b.config.modern or error.status != 404:
            raise
        found = re.search(r"for (\w+): ([^ ]+)\.$", error.body["message"])
        kind, ident = found.groups() if found else ("STANDARD_SYNC", connection_id)
        raise internal_error(
            f"io.airbyte.config.persistence.ConfigNotFoundException: config type: {kind} "
            f"id: {ident}",
            "java.lang.RuntimeException",
        ) from None


def delete(b: Backend, workspace_id: str) -> None:
    """``WorkspacesHandler.deleteWorkspace``: its connections, destinations and sources are
    deleted (soft deletes), then the workspace gets its tombstone."""
    from .actors import delete_destination, delete_source  # the sources family's helpers

    stored = workspace(b, workspace_id)
    wid = stored["workspaceId"]
    for record in b.store.connections_in(wid, include_deleted=False):
        b.delete_connection(record)
    for destination in b.store.destinations_in(wid):
        delete_destination(b, destination["destinationId"])
    for source in b.store.sources_in(wid):
        delete_source(b, source["sourceId"])
    b.family(Workspaces).deleted.add(wid)


def feedback_done(b: Backend, workspace_id: str) -> None:
    """``WorkspaceService.setFeedback``: an UPDATE by id, whatever the workspace's state; an
    unknown id updates nothing (204 all the same, as the real server)."""
    stored = b.store.workspaces.get(workspace_id.lower())
    if stored is not None:
        stored["feedbackDone"] = True
