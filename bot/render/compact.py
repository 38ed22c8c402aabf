"""Digests as plain-text lines (the ``compact`` style): per article its linked title, the
comment and vote counts and the top quote, packed into messages of at most 2,000 characters.

Every string a site or reader wrote goes through :func:`bot.text.clean` (no pings, no masked
links, no stray markdown); links are ours, in angle brackets so Discord shows no preview.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.digest import entry_comment_count
from bot.models import Article, Digest, DigestEntry
from bot.ranking import has_votes
from bot.text import clean, discord_len, normalize_ws, safe_url, truncate, vote_label

CONTENT_LIMIT = 2000
TITLE_CHARS = 200
QUOTE_CHARS = 280


def _plain(text: str, limit: int) -> str:
    return truncate(clean(normalize_ws(text[: 4 * limit + 64])), limit)


def _link(title: str, url: str) -> str:
    label = _plain(title, TITLE_CHARS) or "(untitled)"
    if url.startswith(("https://", "http://")) and " " not in url and len(url) <= 1500:
        return f"[{label}](<{safe_url(url)}>)"
    return label


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def compact_block(entry: DigestEntry) -> str:
    """One article: ``**[title](<url>)** · 12 comments · 80 votes`` and its top quote."""
    article = entry.article
    stats = [_count(entry_comment_count(entry), "comment")]
    if has_votes(article.comments):
        stats.append(_count(entry.votes, "vote"))
    if article.source:
        stats.append(_plain(article.source, 60))
    lines = [f"**{_link(article.title, article.url)}** · {' · '.join(stats)}"]
    top = entry.discussion.top_comments[0] if entry.discussion.top_comments else None
    if top is not None:
        who = _plain(top.author, 60) or "anonymous"
        votes = vote_label(top.score, top.up, top.down)
        attribution = f"— {who}" + (f" ({votes})" if votes else "")
        lines.append(f"> “{_plain(top.text, QUOTE_CHARS)}” {attribution}")
    return "\n".join(lines)


MORE_CHARS = 1800


def more_block(topic: str, more: Sequence[Article]) -> str:
    """The "more" list as one block: a heading, one line per article not shown in full,
    and ``…and N more`` where the block would pass :data:`MORE_CHARS`."""
    if not more:
        return ""
    lines = [f"**More on {_plain(topic, 100) or 'this topic'}**"]
    used = discord_len(lines[0])
    for index, article in enumerate(more):
        count = max(article.comment_count, len(article.comments))
        line = f"• {_link(article.title, article.url)} · {_count(count, 'comment')}"
        left = len(more) - index
        if used + discord_len(line) + 1 + len(f"\n…and {left} more") > MORE_CHARS:
            lines.append(f"…and {left} more")
            break
        lines.append(line)
        used += discord_len(line) + 1
    return "\n".join(lines)


def pack_text(blocks: Sequence[str], *, prefix: str = "", limit: int = CONTENT_LIMIT) -> list[str]:
    """Blocks in order, joined by blank lines, into messages of at most ``limit`` characters;
    ``prefix`` (a role mention) opens the first. A block longer than a message is cut."""
    messages: list[str] = []
    current = prefix
    for block in blocks:
        room = limit - discord_len(prefix) - 2 if not messages else limit
        block = truncate(block, max(room, 1))
        joined = f"{current}\n\n{block}" if current else block
        if discord_len(joined) <= limit:
            current = joined
            continue
        messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages


def render_compact(digest: Digest, *, prefix: str = "") -> list[str]:
    """The whole digest in compact style: the message contents to post, in order."""
    blocks = [compact_block(e) for e in digest.entries]
    more = more_block(digest.topic, digest.more)
    if more:
        blocks.append(more)
    if not blocks:
        blocks = [f"No new discussions on {_plain(digest.topic, 100)}."]
    return pack_text(blocks, prefix=prefix)
