"""Daily statistics for /stats: articles, comments and votes of a topic per UTC day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.store import DailyStats, Store
from tests.store.conftest import article, comment

DAY1 = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


async def test_daily_stats_counts_per_day_with_empty_days(store: Store) -> None:
    day = timedelta(days=1)
    # Day 1: one article with two comments (5+1 and 2+2 votes), one the next day (0+3).
    await store.upsert_article(
        article(
            "https://a.test/1",
            published=DAY1,
            comments=(
                comment("1", "a", up=5, down=1, posted=DAY1),
                comment("2", "b", up=2, down=2, posted=DAY1 + timedelta(hours=11, minutes=59)),
                comment("3", "c", up=0, down=3, posted=DAY1 + timedelta(hours=12)),
            ),
        ),
        topics=["tariffs"],
        gist="",
        fetched_at=DAY1 + 2 * day,
    )
    # Day 3: an undated article first seen then, its undated HN-style comment without votes.
    await store.upsert_article(
        article(
            "https://a.test/2",
            published=None,
            comments=(comment("x", "no votes here", up=None, down=None),),
        ),
        topics=["tariffs"],
        gist="",
        fetched_at=DAY1 + 2 * day,
    )
    # Another topic's article does not count.
    await store.upsert_article(
        article(
            "https://a.test/3", published=DAY1, comments=(comment("y", "z", up=9, posted=DAY1),)
        ),
        topics=["weather"],
        gist="",
        fetched_at=DAY1,
    )

    stats = await store.daily_stats("tariffs", days=4, now=DAY1 + 3 * day)

    assert stats == [
        DailyStats(date(2025, 7, 1), articles=1, comments=2, votes=10),
        DailyStats(date(2025, 7, 2), articles=0, comments=1, votes=3),
        DailyStats(date(2025, 7, 3), articles=1, comments=1, votes=0),
        DailyStats(date(2025, 7, 4), articles=0, comments=0, votes=0),
    ]
    assert await store.daily_stats("tariffs", days=1, now=DAY1 + 2 * day) == [
        DailyStats(date(2025, 7, 3), 1, 1, 0)
    ]
    assert await store.daily_stats("nothing", days=2, now=DAY1) == [
        DailyStats(date(2025, 6, 30), 0, 0, 0),
        DailyStats(date(2025, 7, 1), 0, 0, 0),
    ]


async def test_daily_stats_needs_a_day(store: Store) -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        await store.daily_stats("tariffs", days=0, now=DAY1)
