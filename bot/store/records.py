"""What the store hands back: immutable values, never ORM rows (no lazy loading surprises)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from bot.models import Article, Comment

DeliveryStatus = Literal["pending", "delivered", "failed"]
PostAs = Literal["channel", "threads"]
Style = Literal["embeds", "compact"]
POST_AS: tuple[PostAs, ...] = ("channel", "threads")
STYLES: tuple[Style, ...] = ("embeds", "compact")
#: Hours a posted digest is kept up to date unless the subscription says otherwise.
DEFAULT_LIVE_HOURS = 24


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
class ArticleWrite:
    """One article for :meth:`bot.store.Store.upsert_articles`: what ``upsert_article`` takes."""

    article: Article
    topics: Sequence[str]
    gist: str
    fetched_at: datetime
    fetched_from: str | None = None


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
    #: The role mentioned when a digest posts (None: nobody is pinged).
    role_id: int | None = None
    #: ``channel``: digests as messages; ``threads``: each article in its own thread (in a
    #: forum channel, its own post).
    post_as: PostAs = "channel"
    style: Style = "embeds"
    #: Hours after posting during which the digest is edited as its discussion moves (0: off).
    live_hours: int = DEFAULT_LIVE_HOURS
    #: Caps; None means the configuration's ``digest.max_articles`` / ``digest.min_comments``.
    max_articles: int | None = None
    min_comments: int | None = None
    #: Crosspost each message when the channel is an announcement channel.
    publish: bool = False
    #: Where failure and recovery notices for this server go (None: the system channel).
    admin_channel_id: int | None = None


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
    #: Per message: steps of a multi-step post already done (``thread_id``, ``published``)
    #: and what live updates compare (``articles``, ``fingerprint``). Empty before 0003.
    parts: tuple[dict[str, Any], ...] = ()

    def part(self, index: int) -> dict[str, Any]:
        """The recorded state of message ``index`` (an empty dict when none is recorded)."""
        return dict(self.parts[index]) if 0 <= index < len(self.parts) else {}

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
