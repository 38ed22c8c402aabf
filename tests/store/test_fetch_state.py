"""Fetch state: conditional-GET validators survive restarts; failures are counted and reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import FetchState, Store

FEED = "https://japantoday.com/feed"
T0 = datetime(2025, 7, 6, 0, 0, tzinfo=UTC)


async def test_failures_count_up_and_reset_on_success(store: Store) -> None:
    ok = await store.record_fetch(FEED, source="japantoday", ok=True, etag='W/"1"', at=T0)
    assert ok == FetchState(FEED, "japantoday", 'W/"1"', None, 0, T0, None, T0)

    for i in range(1, 4):
        failed = await store.record_fetch(
            FEED, source="japantoday", ok=False, error="timeout", at=T0 + timedelta(minutes=i)
        )
        assert failed.failures == i
    assert failed.last_error == "timeout"
    assert failed.last_success == T0
    assert failed.last_attempt == T0 + timedelta(minutes=3)
    assert failed.etag == 'W/"1"'  # a failure does not forget the validators

    back = await store.record_fetch(FEED, source="japantoday", ok=True, at=T0 + timedelta(hours=1))
    assert (back.failures, back.last_error, back.last_success) == (0, None, T0 + timedelta(hours=1))
    assert back.etag == 'W/"1"'  # a 304 repeats no validator: the stored one stays


async def test_first_fetch_can_fail(store: Store) -> None:
    failed = await store.record_fetch(FEED, source="japantoday", ok=False, error="DNS", at=T0)
    assert failed == FetchState(FEED, "japantoday", None, None, 1, None, "DNS", T0)


async def test_validators_load_and_save(store: Store) -> None:
    await store.record_fetch(
        FEED, source="japantoday", ok=True, etag='"a"', last_modified="Sat, 05 Jul 2025", at=T0
    )
    await store.record_fetch("https://x.test/no-validators", source="rss", ok=True, at=T0)
    assert await store.load_validators() == {FEED: ('"a"', "Sat, 05 Jul 2025")}

    changed = await store.save_validators(
        {FEED: ('"b"', "Sun, 06 Jul 2025"), "https://new.test/feed": (None, "Mon, 07 Jul 2025")}
    )
    assert changed == 2
    assert await store.save_validators({FEED: ('"b"', "Sun, 06 Jul 2025")}) == 0
    assert await store.load_validators() == {
        FEED: ('"b"', "Sun, 06 Jul 2025"),
        "https://new.test/feed": (None, "Mon, 07 Jul 2025"),
    }


async def test_fetch_states_by_source(store: Store) -> None:
    await store.record_fetch("https://b.test/", source="rss", ok=True, at=T0)
    await store.record_fetch("https://a.test/", source="rss", ok=False, error="500", at=T0)
    await store.record_fetch(FEED, source="japantoday", ok=True, at=T0)
    assert [s.url for s in await store.fetch_states("rss")] == [
        "https://a.test/",
        "https://b.test/",
    ]
    assert len(await store.fetch_states()) == 3
    assert await store.fetch_states("reddit") == []
