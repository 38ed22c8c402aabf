"""The delivery outbox: idempotent on its key, resumable after a restart, never posted twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.store import Store, StoreError
from tests.store.conftest import file_url

GUILD = 1_100_000_000_000_000_001
CHANNEL = 1_200_000_000_000_000_001
OTHER = 1_200_000_000_000_000_002
MESSAGE_ID = 1_300_000_000_000_000_001
T0 = datetime(2025, 7, 6, 0, 0, tzinfo=UTC)

MESSAGES = [
    {"embeds": [{"title": "Tariffs — part 1", "description": "…"}]},
    {"embeds": [{"title": "Tariffs — part 2", "description": "…"}]},
    {"embeds": [{"title": "Tariffs — part 3", "description": "…"}]},
]


async def test_enqueue_is_idempotent_on_key(store: Store) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "daily 09:00", "UTC")
    first = await store.enqueue_delivery(sub.id, CHANNEL, "sub1:2025-07-06T09:00", MESSAGES)
    again = await store.enqueue_delivery(sub.id, CHANNEL, "sub1:2025-07-06T09:00", MESSAGES[:1])

    assert again == first
    assert first.messages == MESSAGES
    assert first.sent_ids == [None, None, None]
    assert (first.status, first.attempts, first.error, first.next_part) == ("pending", 0, None, 0)
    assert first.created_at.tzinfo == UTC
    assert await store.pending_deliveries() == [first]


async def test_mark_sent_records_each_part_so_a_restart_resumes(tmp_path: Path) -> None:
    url = file_url(tmp_path / "outbox.sqlite3")
    store = await Store.open(url)
    delivery = await store.enqueue_delivery(None, CHANNEL, "now:1", MESSAGES)
    await store.mark_sent(delivery.id, 0, MESSAGE_ID)
    await store.mark_sent(delivery.id, 1, MESSAGE_ID + 1)
    await store.close()  # the bot crashes before part 3

    store = await Store.open(url)
    try:
        (pending,) = await store.pending_deliveries()
        assert pending.sent_ids == [MESSAGE_ID, MESSAGE_ID + 1, None]
        assert pending.next_part == 2
        await store.mark_sent(pending.id, 2, MESSAGE_ID + 2)
        done = await store.mark_delivered(pending.id)
        assert done.status == "delivered" and done.next_part is None
        assert done.delivered_at is not None
        assert await store.pending_deliveries() == []
        # Enqueueing the same digest again does not bring it back.
        again = await store.enqueue_delivery(None, CHANNEL, "now:1", MESSAGES)
        assert again.status == "delivered"
        assert await store.pending_deliveries() == []
    finally:
        await store.close()


async def test_pending_oldest_first_and_by_channel(store: Store) -> None:
    late = await store.enqueue_delivery(
        None, CHANNEL, "b", MESSAGES[:1], at=T0 + timedelta(hours=1)
    )
    early = await store.enqueue_delivery(None, OTHER, "a", MESSAGES[:1], at=T0)
    done = await store.enqueue_delivery(
        None, CHANNEL, "c", MESSAGES[:1], at=T0 - timedelta(hours=1)
    )
    await store.mark_delivered(done.id)

    assert [d.key for d in await store.pending_deliveries()] == ["a", "b"]
    assert [d.id for d in await store.pending_deliveries([CHANNEL])] == [late.id]
    assert [d.id for d in await store.pending_deliveries(iter([OTHER, CHANNEL]))] == [
        early.id,
        late.id,
    ]
    assert await store.pending_deliveries([]) == []


async def test_failures_count_attempts_and_permanent_ones_stop(store: Store) -> None:
    d = await store.enqueue_delivery(None, CHANNEL, "k", MESSAGES)
    once = await store.mark_failed(d.id, "503 Service Unavailable", permanent=False)
    assert (once.status, once.attempts, once.error) == ("pending", 1, "503 Service Unavailable")
    assert [p.id for p in await store.pending_deliveries()] == [d.id]

    final = await store.mark_failed(d.id, "403 Missing Access", permanent=True)
    assert (final.status, final.attempts, final.error) == ("failed", 2, "403 Missing Access")
    assert await store.pending_deliveries() == []


async def test_bad_parts_and_unknown_deliveries_are_clear_errors(store: Store) -> None:
    d = await store.enqueue_delivery(None, CHANNEL, "k", MESSAGES[:2])
    with pytest.raises(StoreError, match="has 2 messages, no part 2"):
        await store.mark_sent(d.id, 2, MESSAGE_ID)
    with pytest.raises(StoreError, match="no delivery with id 9999"):
        await store.mark_delivered(9999)
    with pytest.raises(ValueError, match="no messages"):
        await store.enqueue_delivery(None, CHANNEL, "empty", [])
    with pytest.raises(StoreError, match="could not enqueue delivery 'orphan'"):
        await store.enqueue_delivery(424242, CHANNEL, "orphan", MESSAGES)


async def test_removing_the_subscription_keeps_its_deliveries(store: Store) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "daily 09:00", "UTC")
    d = await store.enqueue_delivery(sub.id, CHANNEL, "k", MESSAGES)
    await store.remove_subscriptions(GUILD, CHANNEL)
    (pending,) = await store.pending_deliveries()
    assert pending.id == d.id and pending.subscription_id is None
