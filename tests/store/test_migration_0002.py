"""Migration 0002 on a database made by 0001: deliveries learn their guild from their
subscription, existing articles and comments become searchable on PostgreSQL, and the
downgrade takes it all back out."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, insert, inspect, text

from bot.store import Store
from bot.store.engine import alembic_config, create_engine
from bot.store.schema import ArticleRow, CommentRow, DeliveryRow, SubscriptionRow
from tests.store.conftest import POSTGRES_URL, empty_postgres, file_url

T0 = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
GUILD = 1_100_000_000_000_000_001
CHANNEL = 1_200_000_000_000_000_001


@pytest.fixture(params=["file", *(["postgresql"] if POSTGRES_URL else [])])
async def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database brought to revision 0001, with a subscription, two deliveries and
    a commented article written the way 0001's schema had them."""
    if request.param == "postgresql":
        await empty_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = file_url(tmp_path / "old.sqlite3")
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: migrate(c, "upgrade", "0001"))
            await conn.execute(
                insert(SubscriptionRow.__table__).values(
                    id=7,
                    guild_id=GUILD,
                    channel_id=CHANNEL,
                    topic="tariffs",
                    schedule="daily 09:00",
                    timezone="UTC",
                    created_at=T0,
                )
            )
            for key, sub_id in (("of-sub", 7), ("no-sub", None)):
                await conn.execute(
                    insert(DeliveryRow.__table__).values(
                        subscription_id=sub_id,
                        channel_id=CHANNEL,
                        key=key,
                        messages=[{"content": key}],
                        sent_ids=[None],
                        status="pending",
                        attempts=0,
                        created_at=T0,
                    )
                )
            article_id = await conn.scalar(
                insert(ArticleRow.__table__)
                .values(
                    key="https://a.test/1",
                    url="https://a.test/1",
                    source="japantoday",
                    title="Lutnick meets Akazawa",
                    body=["Talks on tariffs resumed."],
                    gist="",
                    comment_count=1,
                    first_seen=T0,
                    last_fetched=T0,
                    last_activity=T0,
                )
                .returning(ArticleRow.id)
            )
            await conn.execute(
                insert(CommentRow.__table__).values(
                    article_id=article_id,
                    site_id="c1",
                    author="dan",
                    text="Rice farmers will pay for this.",
                    position=0,
                    replies=0,
                    first_seen=T0,
                    updated_at=T0,
                )
            )
    finally:
        await engine.dispose()
    yield url


def migrate(connection: Connection, direction: str, revision: str) -> None:
    config = alembic_config(connection)
    if direction == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def columns(connection: Connection, table: str) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns(table)}


async def test_upgrade_fills_in_guilds_and_indexes_old_rows(old_url: str) -> None:
    store = await Store.open(old_url)
    try:
        pending = await store.pending_deliveries()
        hits = await store.search("farmers")
        found = await store.search("tariffs")
    finally:
        await store.close()
    assert [(d.key, d.guild_id, d.claimed_by) for d in pending] == [
        ("of-sub", GUILD, None),
        ("no-sub", None, None),
    ]
    assert [(h.article_title, h.comment.id if h.comment else None) for h in hits] == [
        ("Lutnick meets Akazawa", "c1")
    ]
    assert [h.snippet for h in found] == ["Talks on tariffs resumed."]


async def test_downgrade_removes_what_0002_added_and_upgrading_again_works(
    old_url: str,
) -> None:
    store = await Store.open(old_url)
    await store.close()
    engine = create_engine(old_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: migrate(c, "downgrade", "0001"))
            deliveries = await conn.run_sync(lambda c: columns(c, "deliveries"))
            articles = await conn.run_sync(lambda c: columns(c, "articles"))
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
            configs = None
            if conn.dialect.name == "postgresql":
                configs = await conn.scalar(
                    text("SELECT count(*) FROM pg_ts_config WHERE cfgname = 'digestbot_english'")
                )
    finally:
        await engine.dispose()
    assert version == "0001"
    assert {"guild_id", "claimed_by", "claimed_until"} & deliveries == set()
    assert "search_vector" not in articles
    assert configs in (None, 0)

    store = await Store.open(old_url)
    try:
        assert [h.comment.id for h in await store.search("farmers") if h.comment] == ["c1"]
        assert [d.guild_id for d in await store.pending_deliveries()] == [GUILD, None]
    finally:
        await store.close()


async def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    """Several bot processes upgrading an empty database at once: one migrates, the others
    wait for it and find the schema current (none fails on a half-made schema)."""
    if POSTGRES_URL:
        await empty_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = file_url(tmp_path / "fresh.sqlite3")
    env = {**os.environ, "DATABASE_URL": url, "DIGESTBOT_DATA_DIR": str(tmp_path)}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "db",
            "upgrade",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = [(await p.communicate())[0].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    assert all("database is up to date" in out for out in outputs), outputs
    store = await Store.open(url, migrate=False)
    try:
        async with store.engine.connect() as conn:
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == "0003"  # head: 0003 came after this test was written
    finally:
        await store.close()
