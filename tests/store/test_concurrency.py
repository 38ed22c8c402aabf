"""Concurrent writers: tasks of one bot, and two processes' stores on one file, never lose
writes or fail with "database is locked"."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.store import Store
from tests.store.conftest import T0, article, comment, file_url


async def test_concurrent_tasks_upsert_without_losing_anything(store: Store) -> None:
    async def one(i: int) -> None:
        a = article(f"https://a.test/{i % 5}", comments=(comment(f"c{i}", f"text {i}"),))
        await store.upsert_article(a, topics=["tariffs"], gist="", fetched_at=T0)
        await store.record_fetch(a.url, source="jt", ok=False, error="x", at=T0)

    async def reader() -> int:
        seen = 0
        for _ in range(10):
            seen = max(seen, len(await store.articles_for_topic("tariffs")))
            await asyncio.sleep(0)
        return seen

    _, most_seen = await asyncio.gather(asyncio.gather(*(one(i) for i in range(40))), reader())

    assert most_seen <= 5
    articles = await store.articles_for_topic("tariffs")
    assert sorted(len(a.comments) for a in articles) == [8, 8, 8, 8, 8]
    assert sorted(s.failures for s in await store.fetch_states("jt")) == [8, 8, 8, 8, 8]


async def test_two_stores_on_one_file_queue_their_writes(tmp_path: Path) -> None:
    url = file_url(tmp_path / "shared.sqlite3")
    bot, cli = await Store.open(url), await Store.open(url)  # say, `run` and `poll --once`
    try:

        async def writes(store: Store, prefix: str) -> None:
            for i in range(15):
                a = article(
                    "https://a.test/shared",
                    comments=(comment(f"{prefix}{i}", f"comment {prefix}{i}", up=i),),
                )
                await store.upsert_article(
                    a, topics=["tariffs"], gist="", fetched_at=T0 + timedelta(minutes=i)
                )

        await asyncio.gather(writes(bot, "bot"), writes(cli, "cli"))

        stored = await bot.get_article("https://a.test/shared")
        assert stored is not None and len(stored.comments) == 30
        assert len(await cli.search("comment")) == 10
    finally:
        await bot.close()
        await cli.close()
