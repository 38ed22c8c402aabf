"""Rendering digests: Discord embeds, Markdown for the console, and JSON."""

from __future__ import annotations

from typing import Any

from bot.models import Digest
from bot.render.embeds import embed_length, pack_messages, render_comments_embed, render_embeds
from bot.render.markdown import render_markdown

__all__ = [
    "embed_length",
    "pack_messages",
    "render_comments_embed",
    "render_embeds",
    "render_json",
    "render_markdown",
]


def render_json(digest: Digest) -> dict[str, Any]:
    """The digest as JSON-ready data: its articles (as ``digest --json`` prints them), the
    "more" list, and the Discord messages that would be posted."""
    return {
        "topic": digest.topic,
        "generated_at": digest.generated_at.isoformat(),
        "articles": [entry.to_json() for entry in digest.entries],
        "more": [
            {
                "url": a.url,
                "title": a.title,
                "source": a.source,
                "published": a.published.isoformat() if a.published else None,
                "comment_count": a.comment_count,
            }
            for a in digest.more
        ],
        "embeds": render_embeds(digest),
    }
