"""A digest as the outbox posts it: messages ("parts") with the state live updates need.

A subscription's options decide the layout: ``embeds`` or ``compact`` style, all in the
channel or one thread (forum post) per article, a role mentioned in the first message,
crossposting in announcement channels. Each part records which articles it shows and a
fingerprint of their discussion (top comments, votes), so a later poll can tell whether the
discussion moved enough to edit the message, and rebuild just those articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.digest import entry_comment_count
from bot.models import Digest, DigestEntry
from bot.render.compact import CONTENT_LIMIT, compact_block, more_block, pack_text
from bot.render.embeds import EMBED_TOTAL_LIMIT, embed_length, entry_embed, render_embeds
from bot.text import discord_len, normalize_ws, strip_invisible

Message = dict[str, Any]
Style = Literal["embeds", "compact"]
#: Where the parts go: a text channel, an announcement channel, a forum channel.
ChannelKind = Literal["text", "announcement", "forum"]

THREAD_NAME_LIMIT = 100
#: Votes must move by at least this many, and by at least :data:`VOTE_SHARE` of the
#: previous total, for a live update (a quiet article's 3 → 5 votes is not news).
VOTE_MOVE = 10
VOTE_SHARE = 0.2


@dataclass(frozen=True)
class Layout:
    """How one subscription's digests are posted."""

    style: Style = "embeds"
    threads: bool = False
    kind: ChannelKind = "text"
    role_id: int | None = None
    publish: bool = False
    topic: str = ""

    @property
    def one_per_article(self) -> bool:
        return self.threads or self.kind == "forum"


@dataclass(frozen=True)
class Part:
    message: Message
    state: dict[str, Any] = field(default_factory=dict)


def fingerprint(entry: DigestEntry) -> dict[str, Any]:
    """What a reader of the posted digest would notice changing: the top comments shown,
    the votes and the comment count."""
    votes = entry.votes + sum(
        (c.up or 0) + (c.down or 0) for other, _ in entry.other_discussions for c in other.comments
    )
    return {
        "top": [c.id for c in entry.discussion.top_comments],
        "votes": votes,
        "comments": entry_comment_count(entry),
    }


def materially_changed(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """True when a new comment made the top comments, or the votes moved by at least
    :data:`VOTE_MOVE` and at least :data:`VOTE_SHARE` of what they were."""
    if old is None:
        return False  # nothing recorded to compare with: leave the message alone
    if [c for c in new.get("top", []) if c not in old.get("top", [])]:
        return True
    before, after = int(old.get("votes", 0)), int(new.get("votes", 0))
    moved = abs(after - before)
    return moved >= VOTE_MOVE and moved >= VOTE_SHARE * before


def entry_urls(entry: DigestEntry) -> list[str]:
    """The threads an entry shows (its own first): enough to read them again later."""
    return [entry.article.discussion_url or entry.article.url] + [
        a.discussion_url or a.url for a, _ in entry.other_discussions
    ]


def thread_name(title: str) -> str:
    """A thread or forum post name: the title on one line, at most 100 characters."""
    name = normalize_ws(strip_invisible(title)) or "Discussion"
    return name if len(name) <= THREAD_NAME_LIMIT else name[: THREAD_NAME_LIMIT - 1] + "…"


def mention(role_id: int | None) -> str:
    return f"<@&{role_id}>" if role_id else ""


def digest_parts(digest: Digest, layout: Layout) -> list[Part]:
    """The messages to post for ``digest`` under ``layout``, each with its starting state."""
    parts = _per_article(digest, layout) if layout.one_per_article else _in_channel(digest, layout)
    if layout.role_id and parts:
        first = parts[0].message
        first["ping_role"] = layout.role_id
        if layout.style == "embeds":
            first["content"] = mention(layout.role_id)
    if layout.publish and layout.kind == "announcement":
        for part in parts:
            part.message["publish"] = True
    return parts


def _state(entries: Sequence[DigestEntry], style: Style) -> dict[str, Any]:
    state: dict[str, Any] = {
        "articles": [entry_urls(e) for e in entries],
        "fingerprint": {e.article.url: fingerprint(e) for e in entries},
    }
    if style == "compact":
        state["blocks"] = {e.article.url: compact_block(e) for e in entries}
    return state


def _in_channel(digest: Digest, layout: Layout) -> list[Part]:
    if layout.style == "compact":
        blocks = [compact_block(e) for e in digest.entries]
        more = more_block(digest.topic, digest.more)
        contents = pack_text([*blocks, *([more] if more else [])], prefix=mention(layout.role_id))
        return [
            Part(
                {"content": text}, _state([e for e in digest.entries if _shows(text, e)], "compact")
            )
            for text in contents
        ]
    parts = []
    for embeds in render_embeds(digest):
        urls = {e.get("url") for e in embeds}
        shown = [e for e in digest.entries if e.article.url in urls]
        parts.append(Part({"embeds": embeds}, _state(shown, "embeds")))
    return parts


def _shows(text: str, entry: DigestEntry) -> bool:
    return compact_block(entry) in text


def _per_article(digest: Digest, layout: Layout) -> list[Part]:
    parts = []
    for entry in digest.entries:
        if layout.style == "compact":
            message: Message = {"content": compact_block(entry)}
            if layout.role_id:
                message["content"] = f"{mention(layout.role_id)}\n\n{message['content']}"
        else:
            message = {"embeds": [entry_embed(entry, topic=digest.topic)]}
        message["thread"] = {"name": thread_name(entry.article.title), "tags": [layout.topic]}
        parts.append(Part(message, _state([entry], layout.style)))
        layout = replace(layout, role_id=None)  # only the first message pings
    if digest.more:
        more_embed = render_embeds(Digest(digest.topic, (), digest.generated_at, digest.more))
        message = (
            {"content": more_block(digest.topic, digest.more)}
            if layout.style == "compact"
            else {"embeds": more_embed[0]}
        )
        if layout.kind == "forum":
            message["thread"] = {
                "name": thread_name(f"More on {digest.topic}"),
                "tags": [layout.topic],
            }
        parts.append(Part(message, {"articles": [], "fingerprint": {}}))
    return parts


def refreshed_message(
    message: Message, state: Mapping[str, Any], entries: Sequence[DigestEntry], topic: str
) -> Message | None:
    """``message`` with the given entries' parts rebuilt (embeds matched by URL, compact
    blocks by the text recorded when posted); None when it would no longer fit Discord's
    limits or shows none of them."""
    if message.get("embeds"):
        fresh = {e.article.url: entry_embed(e, topic=topic) for e in entries}
        if not fresh.keys() & {str(old.get("url")) for old in message["embeds"]}:
            return None
        embeds = [fresh.get(str(old.get("url")), old) for old in message["embeds"]]
        if sum(embed_length(e) for e in embeds) > EMBED_TOTAL_LIMIT:
            return None
        return {**message, "embeds": embeds}
    content = str(message.get("content") or "")
    blocks = state.get("blocks") or {}
    changed = False
    for entry in entries:
        old = blocks.get(entry.article.url)
        if old and old in content:
            content = content.replace(old, compact_block(entry), 1)
            changed = True
    if not changed or discord_len(content) > CONTENT_LIMIT:
        return None
    return {**message, "content": content}
