"""The initial schema: fetch state, articles and comments, guild topics, subscriptions,
the delivery outbox, and (on SQLite) the FTS5 full-text index with its sync triggers.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.types import Id, Json, Snowflake, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tokenizer: Porter stemming ("tariff" finds "tariffs") over Unicode words, accents folded.
TOKENIZE = "porter unicode61 remove_diacritics 2"
BODY_TEXT = "(SELECT group_concat(value, char(10)) FROM json_each({row}.body))"

SQLITE_SEARCH_UP = [
    # Articles: a standalone FTS table (the body is a JSON list of paragraphs, indexed as text).
    f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = '{TOKENIZE}')",
    f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body)
        VALUES (new.id, new.title, {BODY_TEXT.format(row="new")});
    END""",
    f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
        INSERT INTO articles_fts(rowid, title, body)
        VALUES (new.id, new.title, {BODY_TEXT.format(row="new")});
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END""",
    # Comments: an external-content FTS table over comments(author, text); rowid = comments.id.
    "CREATE VIRTUAL TABLE comments_fts USING fts5(author, text, content = 'comments', "
    f"content_rowid = 'id', tokenize = '{TOKENIZE}')",
    """CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
        INSERT INTO comments_fts(rowid, author, text) VALUES (new.id, new.author, new.text);
    END""",
    """CREATE TRIGGER comments_fts_update AFTER UPDATE OF author, text ON comments BEGIN
        INSERT INTO comments_fts(comments_fts, rowid, author, text)
        VALUES ('delete', old.id, old.author, old.text);
        INSERT INTO comments_fts(rowid, author, text) VALUES (new.id, new.author, new.text);
    END""",
    """CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
        INSERT INTO comments_fts(comments_fts, rowid, author, text)
        VALUES ('delete', old.id, old.author, old.text);
    END""",
]

SQLITE_SEARCH_DOWN = [
    "DROP TRIGGER IF EXISTS comments_fts_delete",
    "DROP TRIGGER IF EXISTS comments_fts_update",
    "DROP TRIGGER IF EXISTS comments_fts_insert",
    "DROP TABLE IF EXISTS comments_fts",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
]


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_success", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("url", name="pk_fetch_state"),
    )
    op.create_index("ix_fetch_state_source", "fetch_state", ["source"])

    op.create_table(
        "articles",
        sa.Column("id", Id, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("discussion_url", sa.Text(), nullable=True),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", UTCDateTime(), nullable=True),
        sa.Column("body", Json(), nullable=False),
        sa.Column("gist", sa.Text(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("last_fetched", UTCDateTime(), nullable=False),
        sa.Column("last_activity", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("key", name="uq_articles_key"),
    )
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_first_seen", "articles", ["first_seen"])
    op.create_index("ix_articles_last_activity", "articles", ["last_activity"])

    op.create_table(
        "article_topics",
        sa.Column("article_id", Id, nullable=False),
        sa.Column("topic", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_topics_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "topic", name="pk_article_topics"),
    )
    op.create_index("ix_article_topics_topic", "article_topics", ["topic"])

    op.create_table(
        "comments",
        sa.Column("id", Id, nullable=False),
        sa.Column("article_id", Id, nullable=False),
        sa.Column("site_id", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("posted", UTCDateTime(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("up", sa.Integer(), nullable=True),
        sa.Column("down", sa.Integer(), nullable=True),
        sa.Column("parent_site_id", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_comments_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.UniqueConstraint("article_id", "site_id", name="uq_comments_article_id_site_id"),
    )

    op.create_table(
        "guild_topics",
        sa.Column("id", Id, nullable=False),
        sa.Column("guild_id", Snowflake(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("include", Json(), nullable=False),
        sa.Column("exclude", Json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guild_topics"),
        sa.UniqueConstraint("guild_id", "name", name="uq_guild_topics_guild_id_name"),
    )

    op.create_table(
        "subscriptions",
        sa.Column("id", Id, nullable=False),
        sa.Column("guild_id", Snowflake(), nullable=False),
        sa.Column("channel_id", Snowflake(), nullable=False),
        sa.Column("topic", sa.String(128), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_digest_at", UTCDateTime(), nullable=True),
        sa.Column("broken", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint(
            "guild_id", "channel_id", "topic", name="uq_subscriptions_guild_id_channel_id_topic"
        ),
    )

    op.create_table(
        "deliveries",
        sa.Column("id", Id, nullable=False),
        sa.Column("subscription_id", Id, nullable=True),
        sa.Column("channel_id", Snowflake(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("messages", Json(), nullable=False),
        sa.Column("sent_ids", Json(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name="fk_deliveries_subscription_id_subscriptions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("key", name="uq_deliveries_key"),
    )
    op.create_index("ix_deliveries_subscription_id", "deliveries", ["subscription_id"])
    op.create_index("ix_deliveries_status_created_at", "deliveries", ["status", "created_at"])

    if op.get_context().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for statement in SQLITE_SEARCH_DOWN:
            op.execute(statement)
    for table in (
        "deliveries",
        "subscriptions",
        "guild_topics",
        "comments",
        "article_topics",
        "articles",
        "fetch_state",
    ):
        op.drop_table(table)
