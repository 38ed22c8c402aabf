"""What the store hands back: immutable values, never ORM rows (no lazy loading surprises)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from bot.models import Comment

DeliveryStatus = Literal["pending", "delivered", "failed"]


@dataclass(frozen=True, slots=True)
class FetchState:
    """A fetched URL's conditional-GET validators and its failure record."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    failures: int
    last_success: datetime | None
    last_error: str | None
    last_attempt: datetime | None


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What storing an article changed: whether it is new, how many comments are new or changed."""

    article_id: int
    created: bool
    new_comments: int
    changed_comments: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text match: an article (``comment`` is None) or one of its comments.

    ``rank`` is a relevance score, higher is better (negated BM25 on SQLite, ``ts_rank`` on
    PostgreSQL: compare ranks of one search, not across backends). ``snippet`` is plain text
    around the matched words, with ``…`` where it was cut; it carries no markup.
    """

    article_url: str
    article_title: str
    comment: Comment | None
    snippet: str
    rank: float
    discussion_url: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class GuildTopic:
    """A topic a guild added for itself."""

    guild_id: int
    name: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's digest of a topic on a schedule; ``broken`` says why posting stopped working."""

    id: int
    guild_id: int
    channel_id: int
    topic: str
    schedule: str
    timezone: str
    created_at: datetime
    last_digest_at: datetime | None
    broken: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """An outbox entry: the messages to post and, per message, the id it got once posted."""

    id: int
    subscription_id: int | None
    channel_id: int
    key: str
    messages: list[dict[str, Any]]
    sent_ids: list[int | None]
    status: DeliveryStatus
    attempts: int
    error: str | None
    created_at: datetime
    delivered_at: datetime | None = None
    #: The channel's guild (None for a channel outside any guild, or an old row without one).
    guild_id: int | None = None
    #: The process that claimed the delivery last and when that claim lapses.
    claimed_by: str | None = None
    claimed_until: datetime | None = None

    @property
    def next_part(self) -> int | None:
        """Index of the first message not posted yet (None when every part is posted)."""
        return next((i for i, sent in enumerate(self.sent_ids) if sent is None), None)


@dataclass(frozen=True, slots=True)
class DailyStats:
    """One UTC day of a topic: articles published, comments posted, votes on those comments."""

    day: date
    articles: int
    comments: int
    votes: int
