"""Subscription options and live-update state.

* ``subscriptions`` gets what server admins set per subscription: the role to ping
  (``role_id``), how digests are laid out (``post_as``: ``channel`` or ``threads``; ``style``:
  ``embeds`` or ``compact``), how long posted digests are edited as the discussion moves
  (``live_hours``, 0 = never), caps (``max_articles``, ``min_comments``: NULL = the
  configuration's), crossposting in announcement channels (``publish``) and the channel for
  failure notices (``admin_channel_id``). Existing rows get the defaults.
* ``deliveries`` gets ``parts``: per posted message, what a multi-step post did (the thread
  it opened, whether it was published) and the fingerprint of the discussion it showed, so a
  live update edits only what changed and a resumed delivery repeats no step.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-27
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.types import Json, Snowflake

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _option_columns() -> tuple[sa.Column[object], ...]:
    """The new subscription columns (fresh objects: a Column belongs to one table)."""
    return (
        sa.Column("role_id", Snowflake(), nullable=True),
        sa.Column("post_as", sa.String(16), nullable=False, server_default="channel"),
        sa.Column("style", sa.String(16), nullable=False, server_default="embeds"),
        sa.Column("live_hours", sa.Integer(), nullable=False, server_default="24"),
        sa.Column("max_articles", sa.Integer(), nullable=True),
        sa.Column("min_comments", sa.Integer(), nullable=True),
        sa.Column("publish", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("admin_channel_id", Snowflake(), nullable=True),
    )


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (a constant default fills existing rows), so the
    # offline SQL script needs no table reflection.
    for column in _option_columns():
        op.add_column("subscriptions", column)
    op.add_column("deliveries", sa.Column("parts", Json(), nullable=True))


def _drop_column(table: str, column: str) -> None:
    """ALTER TABLE … DROP COLUMN, which SQLite has since 3.35. Older SQLite rebuilds the
    table (batch mode); foreign keys are off during migrations, so no ON DELETE fires."""
    if op.get_context().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("deliveries", "parts")
    for column in reversed(_option_columns()):
        _drop_column("subscriptions", column.name)
