"""Messages as the fake stores them, and the checks Discord applies before accepting one.

A request body (JSON, or multipart ``payload_json`` + ``files[n]``) becomes a
:class:`MessageDraft`; :func:`validate_draft` rejects what Discord rejects (empty messages,
content over 2000, embed limits, bad allowed_mentions) with its Invalid Form Body error tree;
:func:`apply_draft` writes the draft into a new or edited :class:`FakeMessage`, working out
who would actually be pinged.
"""

from __future__ import annotations

import mimetypes
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .errors import empty_message, field_error, invalid_form, too_large
from .models import User, iso_now, snowflakes

EPHEMERAL = 1 << 6
LOADING = 1 << 7
CROSSPOSTED = 1 << 0
SUPPRESS_EMBEDS = 1 << 2
HAS_THREAD = 1 << 5
SUPPRESS_NOTIFICATIONS = 1 << 12
SENDABLE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | EPHEMERAL

EMBED_TEXT_LIMITS = {"title": 256, "description": 4096}
EMBED_TOTAL_LIMIT = 6000
USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")


@dataclass
class UploadedFile:
    """A file part of a multipart request (``files[n]``)."""

    field: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class StoredAttachment:
    id: int
    filename: str
    content_type: str | None
    data: bytes
    url: str
    description: str | None = None

    def payload(self, *, ephemeral: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }
        if self.description is not None:
            data["description"] = self.description
        size = png_size(self.data)
        if size is not None:
            data["width"], data["height"] = size
        if ephemeral:
            data["ephemeral"] = True
        return data


@dataclass
class FakeMessage:
    """A message the bot posted (to a channel, or as an interaction response/followup)."""

    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[StoredAttachment] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    type: int = 0
    tts: bool = False
    pinged_user_ids: list[int] = field(default_factory=list)
    pinged_role_ids: list[int] = field(default_factory=list)
    pings_everyone: bool = False
    allowed_mentions: dict[str, Any] | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    message_reference: dict[str, Any] | None = None
    thread: dict[str, Any] | None = None
    timestamp: str = field(default_factory=iso_now)
    edited_timestamp: str | None = None
    edit_count: int = 0
    deleted: bool = False
    nonce: str | None = None
    #: The bot token of the request that created the message: with several processes (each
    #: with a token of its own, all the same bot) it says which process posted it.
    token: str | None = None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": self.content,
            "embeds": self.embeds,
            "attachments": [a.payload(ephemeral=self.ephemeral) for a in self.attachments],
            "components": self.components,
            "mentions": [{"id": str(uid)} for uid in self.pinged_user_ids],
            "mention_roles": [str(r) for r in self.pinged_role_ids],
            "mention_everyone": self.pings_everyone,
            "pinned": False,
            "tts": self.tts,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "flags": self.flags,
        }
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
        if self.thread is not None:
            data["thread"] = self.thread
        if self.nonce is not None:
            data["nonce"] = self.nonce
        return data


@dataclass
class MessageDraft:
    """What a create/edit request asked for: the JSON payload and the uploaded files."""

    payload: dict[str, Any]
    files: list[UploadedFile] = field(default_factory=list)
    token: str | None = None  # the bot token of the request (several processes, one bot)

    def has(self, key: str) -> bool:
        return key in self.payload


@dataclass
class MentionContext:
    """What the mention parser needs to know about the guild."""

    user_exists: Callable[[int], bool]
    role_exists: Callable[[int], bool]
    can_mention_everyone: bool


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _put(tree: dict[str, Any], path: list[str], leaf: dict[str, Any]) -> None:
    node = tree
    for key in path:
        node = node.setdefault(key, {})
    node.setdefault("_errors", []).extend(leaf["_errors"])


def _max_length(limit: int) -> dict[str, Any]:
    return field_error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _embed_errors(embed: dict[str, Any], tree: dict[str, Any], path: list[str]) -> int:
    """Record this embed's errors in ``tree``; return its character count toward 6000."""
    total = 0
    for key, limit in EMBED_TEXT_LIMITS.items():
        text = embed.get(key) or ""
        total += len(text)
        if len(text) > limit:
            _put(tree, [*path, key], _max_length(limit))
    for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = (embed.get(key) or {}).get(sub) or ""
        total += len(text)
        if len(text) > limit:
            _put(tree, [*path, key, sub], _max_length(limit))
    fields = embed.get("fields") or []
    if len(fields) > 25:
        _put(tree, [*path, "fields"], _max_length(25))
    for index, item in enumerate(fields):
        for key, limit in (("name", 256), ("value", 1024)):
            text = item.get(key)
            where = [*path, "fields", str(index), key]
            if not text:
                _put(tree, where, field_error("BASE_TYPE_REQUIRED", "This field is required"))
            elif len(text) > limit:
                _put(tree, where, _max_length(limit))
            total += len(text or "")
    url = embed.get("url")
    if url is not None and not re.match(r"https?://[^\s/]+", url):
        _put(tree, [*path, "url"], field_error("URL_TYPE_INVALID_URL", "Not a well formed URL."))
    color = embed.get("color")
    if color is not None and not 0 <= int(color) <= 0xFFFFFF:
        _put(tree, [*path, "color"], field_error("NUMBER_TYPE_MAX", "int value out of range"))
    return total


def validate_draft(draft: MessageDraft, *, creating: bool, attachment_size_limit: int) -> None:
    """Raise the ApiError Discord would answer this create/edit request with, if any."""
    payload = draft.payload
    for upload in draft.files:
        if len(upload.data) > attachment_size_limit:
            raise too_large()
    tree: dict[str, Any] = {}
    content = payload.get("content") or ""
    if len(content) > 2000:
        _put(tree, ["content"], _max_length(2000))
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        _put(tree, ["embeds"], _max_length(10))
    total = sum(_embed_errors(e, tree, ["embeds", str(i)]) for i, e in enumerate(embeds))
    if total > EMBED_TOTAL_LIMIT:
        _put(
            tree,
            ["embeds"],
            field_error("MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"),
        )
    allowed = payload.get("allowed_mentions") or {}
    for kind in ("users", "roles"):
        if kind in (allowed.get("parse") or []) and allowed.get(kind):
            message = f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.'
            _put(
                tree,
                ["allowed_mentions"],
                field_error("MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", message),
            )
    if tree:
        raise invalid_form(tree)
    if creating and not (
        content or embeds or draft.files or payload.get("components") or payload.get("sticker_ids")
    ):
        raise empty_message()


def detected_content_type(filename: str, data: bytes, declared: str | None) -> str | None:
    """Discord works the type out from the bytes and name, not the client's declaration."""
    if png_size(data) is not None:
        return "image/png"
    guessed, _ = mimetypes.guess_type(filename)
    if guessed is not None:
        return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed
    return None if declared == "application/octet-stream" else declared


def _attachment_url(cdn_base: str, channel_id: int, attachment_id: int, filename: str) -> str:
    return f"{cdn_base}/attachments/{channel_id}/{attachment_id}/{quote(filename)}"


def _new_attachments(
    draft: MessageDraft, cdn_base: str, channel_id: int
) -> tuple[list[StoredAttachment], set[int]]:
    """Attachments for the uploaded files, plus the ids of existing attachments to keep."""
    described = {str(a.get("id")): a for a in draft.payload.get("attachments") or []}
    keep: set[int] = set()
    for key in described:
        if key.isdigit() and int(key) >= 1 << 22:
            keep.add(int(key))
    stored = []
    for index, upload in enumerate(draft.files):
        meta = described.get(str(index), {})
        filename = meta.get("filename") or upload.filename
        attachment_id = snowflakes.next()
        stored.append(
            StoredAttachment(
                id=attachment_id,
                filename=filename,
                content_type=detected_content_type(filename, upload.data, upload.content_type),
                data=upload.data,
                url=_attachment_url(cdn_base, channel_id, attachment_id, filename),
                description=meta.get("description"),
            )
        )
    return stored, keep


def _pings(
    content: str, allowed: dict[str, Any] | None, ctx: MentionContext
) -> tuple[list[int], list[int], bool]:
    parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse") or [])
    listed_users = {int(u) for u in (allowed or {}).get("users") or []}
    listed_roles = {int(r) for r in (allowed or {}).get("roles") or []}
    users = []
    for match in USER_MENTION.finditer(content):
        uid = int(match.group(1))
        if ctx.user_exists(uid) and ("users" in parse or uid in listed_users) and uid not in users:
            users.append(uid)
    roles = []
    for match in ROLE_MENTION.finditer(content):
        rid = int(match.group(1))
        if ctx.role_exists(rid) and ("roles" in parse or rid in listed_roles) and rid not in roles:
            roles.append(rid)
    everyone = (
        "everyone" in parse
        and ctx.can_mention_everyone
        and ("@everyone" in content or "@here" in content)
    )
    return users, roles, everyone


def apply_draft(
    message: FakeMessage,
    draft: MessageDraft,
    *,
    cdn_base: str,
    mentions: MentionContext,
    editing: bool,
) -> None:
    """Write the draft into ``message`` (a fresh one, or an edit keeping what was not sent)."""
    payload = draft.payload
    if "content" in payload:
        message.content = payload["content"] or ""
    if "embeds" in payload:
        message.embeds = [{"type": "rich", **e} for e in payload["embeds"] or []]
    if "components" in payload:
        message.components = payload["components"] or []
    if "flags" in payload and payload["flags"] is not None:
        allowed_flags = SUPPRESS_EMBEDS if editing else SENDABLE_FLAGS
        kept = message.flags & ~allowed_flags
        message.flags = kept | (int(payload["flags"]) & allowed_flags)
    if not editing:
        message.tts = bool(payload.get("tts", False))
        reference = payload.get("message_reference")
        if reference:
            message.message_reference = {
                "type": 0,
                "channel_id": str(message.channel_id),
                **{k: str(v) for k, v in reference.items() if k.endswith("_id")},
            }
            message.type = 19
    new, keep = _new_attachments(draft, cdn_base, message.channel_id)
    if "attachments" in payload:
        message.attachments = [a for a in message.attachments if a.id in keep] + new
    else:
        message.attachments = [*message.attachments, *new]
    if "allowed_mentions" in payload or not editing:
        message.allowed_mentions = payload.get("allowed_mentions")
    users, roles, everyone = _pings(message.content, message.allowed_mentions, mentions)
    message.pinged_user_ids, message.pinged_role_ids, message.pings_everyone = (
        users,
        roles,
        everyone,
    )
    if editing:
        message.edited_timestamp = iso_now()
        message.edit_count += 1
