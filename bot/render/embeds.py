"""Digests as Discord embeds, within every Discord limit.

One embed per article. An embed is first built generously; when it would break a limit it is
rebuilt at tighter levels (shorter quotes, fewer viewpoints) until it fits, so an article is
trimmed, never dropped. Embeds are then packed into messages of at most 10 embeds and 6,000
characters. Every string that came from a site or a reader goes through :func:`bot.text.clean`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from bot.models import Comment, Digest, DigestEntry, Viewpoint
from bot.ranking import SORTS, Sort, has_votes, rank_comments
from bot.text import (
    ELLIPSIS,
    clean,
    discord_len,
    masked_link,
    normalize_ws,
    truncate,
    vote_label,
)

log = logging.getLogger(__name__)

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
COLOR = 0xD35400

Embed = dict[str, Any]


@dataclass(frozen=True)
class _Level:
    """How much room each part of an article's embed gets."""

    title: int
    description: int
    name: int
    value: int
    excerpt: int  # one comment's words in "Top comments" / "Most divisive"
    viewpoints: int
    footer: int


# Generous first; the last level fits 6,000 characters whatever the input.
_LEVELS = (
    _Level(TITLE_LIMIT, 1500, FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT, 300, 21, 300),
    _Level(TITLE_LIMIT, 900, 200, 700, 200, 8, 200),
    _Level(TITLE_LIMIT, 600, 150, 450, 140, 5, 150),
    _Level(200, 400, 120, 300, 100, 3, 120),
    _Level(150, 300, 100, 200, 80, 2, 100),
)


def embed_length(embed: Embed) -> int:
    """Characters Discord counts toward 6,000: title, description, field names and values,
    footer text and author name."""
    parts = [embed.get("title", ""), embed.get("description", "")]
    for f in embed.get("fields", ()):
        parts += [f.get("name", ""), f.get("value", "")]
    parts += [embed.get("footer", {}).get("text", ""), embed.get("author", {}).get("name", "")]
    return sum(discord_len(p) for p in parts)


def render_embeds(digest: Digest) -> list[list[Embed]]:
    """The messages to post for ``digest``: each a list of embed dicts within Discord limits."""
    embeds = [entry_embed(entry, topic=digest.topic) for entry in digest.entries]
    if digest.more:
        embeds.append(_more_embed(digest))
    if not embeds:
        embeds.append(
            {
                "title": f"No new discussions on {_user(digest.topic, 200)}",
                "description": "No articles with reader discussion were found for this digest.",
                "color": COLOR,
                "timestamp": digest.generated_at.isoformat(),
            }
        )
    return pack_messages(embeds)


def pack_messages(embeds: Iterable[Embed]) -> list[list[Embed]]:
    """Embeds in order, grouped into messages of ≤ 10 embeds and ≤ 6,000 characters."""
    messages: list[list[Embed]] = []
    current: list[Embed] = []
    used = 0
    for embed in embeds:
        size = embed_length(embed)
        if current and (len(current) == EMBEDS_PER_MESSAGE or used + size > EMBED_TOTAL_LIMIT):
            messages.append(current)
            current, used = [], 0
        current.append(embed)
        used += size
    if current:
        messages.append(current)
    return messages


def entry_embed(entry: DigestEntry, *, topic: str = "") -> Embed:
    """One article's embed, at the most generous level that fits Discord's limits."""
    for level in _LEVELS:
        embed = _entry_embed(entry, topic, level)
        if embed_length(embed) <= EMBED_TOTAL_LIMIT:
            return embed
        log.debug("embed for %s too long (%d); trimming", entry.article.url, embed_length(embed))
    return embed  # the last level always fits (see _LEVELS)


def _entry_embed(entry: DigestEntry, topic: str, level: _Level) -> Embed:
    article, discussion = entry.article, entry.discussion
    embed: Embed = {
        "title": _user(article.title, level.title) or "(untitled)",
        "description": _description(entry, level.description),
        "color": COLOR,
    }
    if _is_web_url(article.url):
        embed["url"] = article.url
    if article.published is not None:
        embed["timestamp"] = article.published.isoformat()
    fields = [_field("What readers say", _user(discussion.summary, level.value), level)]
    fixed = 1 + bool(discussion.top_comments) + bool(discussion.controversial)
    fixed += bool(entry.other_discussions)
    room = min(level.viewpoints, FIELD_COUNT_LIMIT - fixed)
    fields += [_viewpoint_field(v, level) for v in discussion.viewpoints[:room]]
    if discussion.top_comments:
        fields.append(_top_comments_field(discussion.top_comments, level))
    if discussion.controversial is not None:
        value = _comment_line(discussion.controversial, level.value, level.excerpt)
        fields.append(_field("Most divisive", value, level))
    if entry.other_discussions:
        fields.append(_field("Also discussed", _others(entry, level), level))
    embed["fields"] = fields
    footer = f"{topic} digest" if topic else "digest"
    notes = [discussion.ranking_note, *(d.ranking_note for _, d in entry.other_discussions)]
    for note in dict.fromkeys(n for n in notes if n):
        footer += f" · {note}"
    embed["footer"] = {"text": _user(footer, level.footer)}
    return embed


def _description(entry: DigestEntry, limit: int) -> str:
    article = entry.article
    stats = [_count(max(article.comment_count, len(article.comments)), "comment")]
    if has_votes(article.comments):
        stats.append(_count(entry.votes, "vote"))
    if article.source:
        stats.append(_user(article.source, 100))
    if article.published is not None:
        stats.append(f"published <t:{int(article.published.timestamp())}:R>")
    stats_line = truncate(" · ".join(stats), limit)
    room = limit - discord_len(stats_line) - 2
    gist = _user(entry.gist, room) if room > 0 else ""
    return f"{gist}\n\n{stats_line}" if gist else stats_line


def _viewpoint_field(viewpoint: Viewpoint, level: _Level) -> Embed:
    size = len(viewpoint.comment_ids)
    label = _user(viewpoint.label, level.name - 20) or "Another view"
    name = f"{label} · {_count(size, 'comment')}"
    quote = viewpoint.quote
    attribution = _attribution(quote.author, quote.score, quote.up, quote.down)
    room = level.value - discord_len(attribution) - 3
    words = _user(quote.text, max(room, 1))
    return _field(name, f"> {words}\n{attribution}", level)


def _top_comments_field(comments: Sequence[Comment], level: _Level) -> Embed:
    share = level.value // len(comments)
    lines = [
        _comment_line(c, share - 5, level.excerpt, prefix=f"{i}. ")
        for i, c in enumerate(comments, start=1)
    ]
    return _field("Top comments", "\n".join(lines), level)


def _comment_line(comment: Comment, limit: int, excerpt: int, *, prefix: str = "") -> str:
    """``1. “words…” — author (+6 / −1)`` within ``limit`` characters."""
    attribution = _attribution(comment.author, comment.score, comment.up, comment.down)
    room = min(excerpt, limit - discord_len(prefix + attribution) - 3)
    words = _user(comment.text, max(room, 1))
    return truncate(f"{prefix}“{words}” {attribution}", limit)


def _attribution(author: str, score: int | None, up: int | None, down: int | None) -> str:
    who = _user(author, 80) or "anonymous"
    votes = vote_label(score, up, down)
    return f"— {who} ({votes})" if votes else f"— {who}"


def _others(entry: DigestEntry, level: _Level) -> str:
    lines = []
    for article, discussion in entry.other_discussions:
        where = normalize_ws(article.source[:200]) or "elsewhere"
        url = article.discussion_url or article.url
        link = masked_link(where, url) if _is_web_url(url) else clean(where)
        line = f"{link} · {_count(max(article.comment_count, len(article.comments)), 'comment')}"
        if discussion.viewpoints:
            line += f" · main thread: “{_user(discussion.viewpoints[0].label, 100)}”"
        lines.append(truncate(line, level.value // max(len(entry.other_discussions), 1)))
    return "\n".join(lines)


def _more_embed(digest: Digest) -> Embed:
    lines: list[str] = []
    used = 0
    for index, article in enumerate(digest.more):
        title = truncate(normalize_ws(article.title) or article.url, 150)
        link = masked_link(title, article.url) if _is_web_url(article.url) else clean(title)
        count = max(article.comment_count, len(article.comments))
        line = f"• {link} · {_count(count, 'comment')}"
        left = len(digest.more) - index
        reserve = discord_len(f"\n…and {left} more")
        if used + discord_len(line) + 1 + reserve > DESCRIPTION_LIMIT:
            lines.append(f"…and {left} more")
            break
        lines.append(line)
        used += discord_len(line) + 1
    return {
        "title": f"More on {_user(digest.topic, 200)}",
        "description": "\n".join(lines),
        "color": COLOR,
    }


def render_comments_embed(title: str, url: str, comments: Sequence[Comment], *, sort: str) -> Embed:
    """An article's comments, ranked by ``sort`` (for ``/news comments``), as one embed."""
    ranked = rank_comments(comments, cast(Sort, sort)) if sort in SORTS else list(comments)
    shown = ranked[:FIELD_COUNT_LIMIT]
    embed: Embed = {
        "title": _user(title, TITLE_LIMIT) or "(untitled)",
        "color": COLOR,
    }
    if _is_web_url(url):
        embed["url"] = url
    footer = f"sorted by {sort}"
    if len(shown) < len(ranked):
        footer += f" · showing {len(shown)} of {len(ranked)}"
    embed["footer"] = {"text": _user(footer, FOOTER_LIMIT)}
    if not shown:
        embed["description"] = "No comments yet."
        return embed
    names = [_comment_name(i, c) for i, c in enumerate(shown, start=1)]
    fixed = embed_length(embed) + sum(discord_len(n) for n in names) + 100
    share = min(FIELD_VALUE_LIMIT, max((EMBED_TOTAL_LIMIT - fixed) // len(shown), 20))
    embed["fields"] = [
        {"name": name, "value": _user(c.text, share) or "(no text)"}
        for name, c in zip(names, shown, strict=True)
    ]
    return embed


def _comment_name(index: int, comment: Comment) -> str:
    who = _user(comment.author, 80) or "anonymous"
    votes = vote_label(comment.score, comment.up, comment.down)
    return f"{index}. {who}" + (f" · {votes}" if votes else "")


def _user(text: str, limit: int) -> str:
    """Untrusted text on one line, made safe (:func:`bot.text.clean`) and cut to ``limit``.

    Only a head of the text is cleaned: escaping at most doubles a character and nothing
    beyond ``4 × limit`` could be shown, so 10,000-character comments cost no more than short
    ones. A cut head is marked even if cleaning happened to shrink it below the limit.
    """
    head_size = 4 * max(limit, 0) + 64
    head = text[:head_size]
    safe = clean(normalize_ws(head))
    if len(text) > head_size and not safe.endswith(ELLIPSIS):
        safe += " " + ELLIPSIS
    return truncate(safe, limit)


def _field(name: str, value: str, level: _Level) -> Embed:
    return {
        "name": truncate(name, level.name) or "\u200b",
        "value": truncate(value, level.value) or "\u200b",
        "inline": False,
    }


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _is_web_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= 2048 and " " not in url
