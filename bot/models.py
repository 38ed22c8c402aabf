"""The data that flows through digestbot: sources → store → digest → delivery.

These are plain, immutable values. Parsers produce them, the store persists them, the
ranking/summarizing/rendering functions consume them. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment, as the site shows it.

    ``text`` holds only the commenter's own words: paragraphs a reply quotes from an earlier
    comment are not part of it (``parent`` names that comment instead). ``score``/``up``/
    ``down`` are ``None`` where the site publishes no votes (Hacker News). ``position`` is the
    comment's 0-based order on the page, which is the only ranking signal some sites give.
    """

    id: str
    author: str
    text: str
    posted: datetime | None = None
    score: int | None = None
    up: int | None = None
    down: int | None = None
    parent: str | None = None
    position: int = 0
    replies: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "posted": self.posted.isoformat() if self.posted else None,
            "text": self.text,
            "score": self.score,
            "up": self.up,
            "down": self.down,
            "parent": self.parent,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """An article page with its comment thread.

    ``url`` is canonical: no ``comment-order`` or tracking parameters, no fragment.
    ``comment_count`` is the number the page announces, or ``len(comments)`` when it announces
    none. ``source`` is the configured source's name; ``discussion_url`` is where the thread
    lives when that differs from the article (a Reddit post about a news article).
    """

    url: str
    title: str
    published: datetime | None = None
    body: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()
    comment_count: int = 0
    source: str = ""
    guid: str | None = None
    discussion_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "body": list(self.body),
            "comment_count": self.comment_count,
            "comments": [c.to_json() for c in self.comments],
        }


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An item found during discovery (an RSS item, a Reddit post, an HN story)."""

    url: str
    title: str
    published: datetime | None = None
    guid: str | None = None
    summary: str = ""
    discussion_url: str | None = None
    comment_count: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A commenter's own words, attributed: the only way text from readers enters a digest."""

    comment_id: str
    author: str
    text: str
    score: int | None = None
    up: int | None = None
    down: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "comment_id": self.comment_id,
            "author": self.author,
            "text": self.text,
            "score": self.score,
            "up": self.up,
            "down": self.down,
        }


@dataclass(frozen=True, slots=True)
class Viewpoint:
    """One line of argument in a discussion: a label, its key phrases, a representative quote."""

    label: str
    key_phrases: tuple[str, ...]
    quote: Quote
    comment_ids: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "key_phrases": list(self.key_phrases),
            "quote": self.quote.to_json(),
            "comment_ids": list(self.comment_ids),
            "size": len(self.comment_ids),
        }


@dataclass(frozen=True, slots=True)
class Discussion:
    """What readers say about one article."""

    summary: str
    viewpoints: tuple[Viewpoint, ...] = ()
    top_comments: tuple[Comment, ...] = ()
    controversial: Comment | None = None
    summarizer: str = "extractive"
    ranking_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "viewpoints": [v.to_json() for v in self.viewpoints],
            "top_comments": [c.to_json() for c in self.top_comments],
            "controversial": self.controversial.to_json() if self.controversial else None,
            "summarizer": self.summarizer,
        }


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One article in a digest, with the discussion (or discussions) about it.

    The same story found in several sources becomes one entry: ``discussions`` pairs each
    source's name and thread URL with its summarized discussion.
    """

    article: Article
    gist: str
    discussion: Discussion
    other_discussions: tuple[tuple[Article, Discussion], ...] = ()

    @property
    def votes(self) -> int:
        return sum((c.up or 0) + (c.down or 0) for c in self.article.comments)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.article.url,
            "title": self.article.title,
            "source": self.article.source,
            "published": self.article.published.isoformat() if self.article.published else None,
            "gist": self.gist,
            "comment_count": self.article.comment_count,
            "votes": self.votes,
            "discussion": self.discussion.to_json(),
            "comments": [c.to_json() for c in self.article.comments],
            "other_discussions": [
                {
                    "source": a.source,
                    "url": a.discussion_url or a.url,
                    "comment_count": a.comment_count,
                    "discussion": d.to_json(),
                }
                for a, d in self.other_discussions
            ],
        }


@dataclass(frozen=True, slots=True)
class Digest:
    """A digest of several articles' discussions on a topic."""

    topic: str
    entries: tuple[DigestEntry, ...]
    generated_at: datetime
    more: tuple[Article, ...] = field(default=())
