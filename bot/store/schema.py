"""The ORM models: digestbot's tables as SQLAlchemy sees them.

The Alembic migrations in ``bot/store/migrations`` create the real schema; a test checks that
these models and the migrated database agree. The full-text index exists only in the
migrations (SQLite's FTS5 virtual tables, PostgreSQL's generated ``search_vector`` columns),
because the ORM never reads or writes it: see ``bot.store.search``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.store.types import Id, Json, Snowflake, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class FetchStateRow(Base):
    """One fetched URL (a feed, a page, a discovery key): validators and failure tracking."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_success: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ArticleRow(Base):
    """One discussion thread about an article.

    ``key`` is the thread's URL (``discussion_url`` or else ``url``) and is unique: the same
    news article discussed on its own page, on Reddit and on Hacker News is three rows with
    the same ``url``, each with its own comments.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    discussion_url: Mapped[str | None] = mapped_column(Text)
    guid: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    body: Mapped[list[str]] = mapped_column(Json)
    gist: Mapped[str] = mapped_column(Text, default="")
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_fetched: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ArticleTopicRow(Base):
    __tablename__ = "article_topics"

    article_id: Mapped[int] = mapped_column(
        Id, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)


class CommentRow(Base):
    """One reader comment; ``site_id`` is the site's own id, unique within its thread."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("article_id", "site_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    article_id: Mapped[int] = mapped_column(Id, ForeignKey("articles.id", ondelete="CASCADE"))
    site_id: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    posted: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[int | None] = mapped_column(Integer)
    up: Mapped[int | None] = mapped_column(Integer)
    down: Mapped[int | None] = mapped_column(Integer)
    parent_site_id: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GuildTopicRow(Base):
    __tablename__ = "guild_topics"
    __table_args__ = (UniqueConstraint("guild_id", "name"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    name: Mapped[str] = mapped_column(String(128))
    include: Mapped[list[str]] = mapped_column(Json)
    exclude: Mapped[list[str]] = mapped_column(Json)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("guild_id", "channel_id", "topic"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    topic: Mapped[str] = mapped_column(String(128))
    schedule: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    broken: Mapped[str | None] = mapped_column(Text)
    # Options (migration 0003); see bot.subscriptions.SubscriptionOptions.
    role_id: Mapped[int | None] = mapped_column(Snowflake)
    # Server defaults only: a row written without them (older code, tests of older
    # migrations) gets them from the database; GuildStore sets them on the rows it makes.
    post_as: Mapped[str] = mapped_column(String(16), server_default="channel")
    style: Mapped[str] = mapped_column(String(16), server_default="embeds")
    live_hours: Mapped[int] = mapped_column(Integer, server_default="24")
    max_articles: Mapped[int | None] = mapped_column(Integer)
    min_comments: Mapped[int | None] = mapped_column(Integer)
    publish: Mapped[bool] = mapped_column(Boolean, server_default=false())
    admin_channel_id: Mapped[int | None] = mapped_column(Snowflake)


class DeliveryRow(Base):
    """The outbox: what will be posted, recorded before posting; message ids after."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    subscription_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("subscriptions.id", ondelete="SET NULL"), index=True
    )
    channel_id: Mapped[int] = mapped_column(Snowflake)
    key: Mapped[str] = mapped_column(Text, unique=True)
    messages: Mapped[list[Any]] = mapped_column(Json)
    sent_ids: Mapped[list[Any]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The guild the channel is in: which shard's process posts it (None: shard 0's).
    guild_id: Mapped[int | None] = mapped_column(Snowflake)
    #: The process holding the delivery (see ``OutboxStore.claim_deliveries``) and until when.
    claimed_by: Mapped[str | None] = mapped_column(Text)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Per message: the steps of a multi-step post done so far and the discussion's
    #: fingerprint when it was last rendered (live updates). None on rows before 0003.
    parts: Mapped[list[Any] | None] = mapped_column(Json)
