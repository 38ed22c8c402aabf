"""Claiming deliveries: each bot process posts only its own shards' deliveries, two processes
never hold the same delivery, and a dead process's deliveries are taken over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Delivery, Store
from bot.store.outbox import shard_of

T0 = datetime(2025, 7, 6, 9, 0, tzinfo=UTC)
CHANNEL = 1_200_000_000_000_000_001
MESSAGES = [{"content": "Tariffs digest"}]
LEASE = 60.0


def guild_on_shard(shard: int, count: int = 4, n: int = 0) -> int:
    """A realistic guild id (a snowflake from 2024) that Discord routes to ``shard``."""
    base = 1_250_000_000_000_000_000 >> 22
    timestamp = base - base % count + shard + count * n
    return (timestamp << 22) | 0b10101


@pytest.fixture
async def second(store: Store) -> AsyncIterator[Store]:
    """Another process's store on the same database (the same store for an in-memory
    database, which only one process can open: then two tasks of one process compete)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        yield store
        return
    other = await Store.open(url.render_as_string(hide_password=False), migrate=False)
    try:
        yield other
    finally:
        await other.close()


async def enqueue(store: Store, key: str, guild_id: int | None, minutes: int = 0) -> Delivery:
    return await store.enqueue_delivery(
        None, CHANNEL, key, MESSAGES, at=T0 + timedelta(minutes=minutes), guild_id=guild_id
    )


def test_shard_of_is_discords_formula() -> None:
    # 81384788765712384 >> 22 == 19403645698: ms from 2015 to the guild's creation.
    assert [shard_of(81384788765712384, n) for n in (1, 2, 4, 10)] == [0, 0, 2, 8]
    assert [shard_of(guild_on_shard(s, 4), 4) for s in range(4)] == [0, 1, 2, 3]
    assert [shard_of(guild_on_shard(3, 4, n), 4) for n in range(3)] == [3, 3, 3]
    assert shard_of(None, 16) == 0  # no guild: shard 0, where direct messages go
    with pytest.raises(ValueError, match="at least 1"):
        shard_of(1, 0)


async def test_enqueue_records_the_guild_from_the_subscription(store: Store) -> None:
    guild = guild_on_shard(2)
    sub = await store.add_subscription(guild, CHANNEL, "tariffs", "daily 09:00", "UTC")
    from_sub = await store.enqueue_delivery(sub.id, CHANNEL, "a", MESSAGES)
    given = await store.enqueue_delivery(None, CHANNEL, "b", MESSAGES, guild_id=guild + 1)
    none = await store.enqueue_delivery(None, CHANNEL, "c", MESSAGES)
    assert (from_sub.guild_id, given.guild_id, none.guild_id) == (guild, guild + 1, None)
    assert (from_sub.claimed_by, from_sub.claimed_until) == (None, None)
    assert [d.guild_id for d in await store.pending_deliveries()] == [guild, guild + 1, None]


async def test_a_process_claims_only_its_own_shards(store: Store) -> None:
    for shard in range(4):
        await enqueue(store, f"shard{shard}", guild_on_shard(shard), minutes=shard)
    await enqueue(store, "no-guild", None, minutes=9)

    odd = await store.claim_deliveries(
        owner="p1", shard_ids=[1, 3], shard_count=4, limit=10, lease_seconds=LEASE, now=T0
    )
    first = await store.claim_deliveries(
        owner="p0", shard_ids={0}, shard_count=4, limit=10, lease_seconds=LEASE, now=T0
    )
    rest = await store.claim_deliveries(
        owner="all", shard_ids=None, shard_count=None, limit=10, lease_seconds=LEASE, now=T0
    )
    assert [d.key for d in odd] == ["shard1", "shard3"]
    assert [d.key for d in first] == ["shard0", "no-guild"]
    assert [d.key for d in rest] == ["shard2"]
    assert {d.claimed_by for d in odd} == {"p1"}
    assert odd[0].claimed_until == T0 + timedelta(seconds=LEASE)
    stored = await store.get_delivery(odd[0].id)
    assert stored is not None and (stored.claimed_by, stored.claimed_until) == (
        "p1",
        T0 + timedelta(seconds=LEASE),
    )


async def test_one_process_for_all_shards_takes_every_guild(store: Store) -> None:
    for shard in range(3):
        await enqueue(store, f"s{shard}", guild_on_shard(shard, 3), minutes=shard)
    every = await store.claim_deliveries(
        owner="p", shard_ids=[0, 1, 2], shard_count=3, limit=10, lease_seconds=LEASE, now=T0
    )
    assert [d.key for d in every] == ["s0", "s1", "s2"]


async def test_claims_oldest_first_up_to_the_limit(store: Store) -> None:
    for minutes, key in ((5, "late"), (0, "early"), (2, "middle")):
        await enqueue(store, key, guild_on_shard(0), minutes=minutes)
    claim = dict(shard_ids=None, shard_count=None, lease_seconds=LEASE, now=T0)
    assert [d.key for d in await store.claim_deliveries(owner="a", limit=2, **claim)] == [
        "early",
        "middle",
    ]
    assert [d.key for d in await store.claim_deliveries(owner="a", limit=2, **claim)] == ["late"]
    assert await store.claim_deliveries(owner="a", limit=2, **claim) == []
    assert await store.claim_deliveries(owner="a", limit=0, **claim) == []


async def test_a_held_delivery_waits_for_its_lease_to_lapse(store: Store, second: Store) -> None:
    d = await enqueue(store, "k", guild_on_shard(1))
    claim = dict(shard_ids=[1], shard_count=4, limit=5, lease_seconds=LEASE)
    assert [x.id for x in await store.claim_deliveries(owner="A", now=T0, **claim)] == [d.id]
    # Nobody gets it while A's lease runs, not even another task of A.
    assert await second.claim_deliveries(owner="B", now=T0, **claim) == []
    assert await store.claim_deliveries(owner="A", now=T0 + timedelta(seconds=59), **claim) == []
    # A died: once its lease lapsed, B takes the delivery over, with what A recorded.
    await store.mark_sent(d.id, 0, 1_300_000_000_000_000_001)
    lapsed = T0 + timedelta(seconds=LEASE)
    (taken,) = await second.claim_deliveries(owner="B", now=lapsed, **claim)
    assert (taken.id, taken.claimed_by, taken.claimed_until) == (
        d.id,
        "B",
        lapsed + timedelta(seconds=LEASE),
    )
    assert taken.sent_ids == [1_300_000_000_000_000_001] and taken.next_part is None
    assert await store.claim_deliveries(owner="A", now=lapsed, **claim) == []


async def test_done_deliveries_are_never_claimed(store: Store) -> None:
    delivered = await enqueue(store, "delivered", None)
    failed = await enqueue(store, "failed", None)
    retry = await enqueue(store, "retry", None)
    await store.mark_delivered(delivered.id)
    await store.mark_failed(failed.id, "403 Missing Access", permanent=True)
    await store.mark_failed(retry.id, "503", permanent=False)
    claimed = await store.claim_deliveries(
        owner="p", shard_ids=None, shard_count=None, limit=10, lease_seconds=LEASE, now=T0
    )
    assert [d.key for d in claimed] == ["retry"]


async def test_renewing_and_releasing_a_claim(store: Store, second: Store) -> None:
    d = await enqueue(store, "k", None)
    claim = dict(shard_ids=None, shard_count=None, limit=5, lease_seconds=LEASE)
    await store.claim_deliveries(owner="A", now=T0, **claim)

    later = T0 + timedelta(seconds=50)
    assert await store.renew_claim(d.id, owner="A", lease_seconds=LEASE, now=later) is True
    assert await second.renew_claim(d.id, owner="B", lease_seconds=LEASE, now=later) is False
    # Renewed: still A's after the first lease would have lapsed.
    assert await second.claim_deliveries(owner="B", now=T0 + timedelta(seconds=70), **claim) == []

    assert await second.release_claim(d.id, owner="B") is False
    assert await store.release_claim(d.id, owner="A") is True
    assert await store.release_claim(d.id, owner="A") is False
    (taken,) = await second.claim_deliveries(owner="B", now=later, **claim)
    assert taken.claimed_by == "B"

    await second.mark_delivered(d.id)
    assert await second.renew_claim(d.id, owner="B", lease_seconds=LEASE, now=later) is False


async def test_bad_claims_are_clear_errors(store: Store) -> None:
    base = dict(owner="p", limit=1, lease_seconds=LEASE)
    with pytest.raises(ValueError, match=r"shard_ids \[0, 1\] need a shard_count"):
        await store.claim_deliveries(shard_ids=[1, 0], shard_count=None, **base)
    with pytest.raises(ValueError, match=r"shard ids \[4\] are outside 0..3"):
        await store.claim_deliveries(shard_ids=[0, 4], shard_count=4, **base)
    with pytest.raises(ValueError, match="lease_seconds must be positive"):
        await store.claim_deliveries(
            owner="p", shard_ids=None, shard_count=None, limit=1, lease_seconds=0
        )
    with pytest.raises(ValueError, match="non-empty owner"):
        await store.claim_deliveries(
            owner="", shard_ids=None, shard_count=None, limit=1, lease_seconds=LEASE
        )
    assert await store.claim_deliveries(shard_ids=[], shard_count=4, **base) == []


async def test_two_processes_claiming_at_once_never_share_a_delivery(
    store: Store, second: Store
) -> None:
    keys = [f"d{i:02}" for i in range(60)]
    for i, key in enumerate(keys):
        await enqueue(store, key, guild_on_shard(i % 2, 2, i), minutes=i)

    async def drain(s: Store, owner: str) -> list[str]:
        got: list[str] = []
        while batch := await s.claim_deliveries(
            owner=owner, shard_ids=None, shard_count=None, limit=3, lease_seconds=LEASE
        ):
            got += [d.key for d in batch]
            await asyncio.sleep(0)
        return got

    results = await asyncio.gather(*(drain(s, f"p{i}") for i, s in enumerate([store, second] * 2)))
    claimed = [key for got in results for key in got]
    assert sorted(claimed) == keys  # every delivery once, none twice
    assert sum(1 for got in results if got) >= 2, "the claimers really took turns"


async def test_postgres_skips_rows_another_claim_has_locked(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's")
    locked = await enqueue(store, "locked", None, minutes=0)
    free = await enqueue(store, "free", None, minutes=1)
    other = create_async_engine(store.engine.url)
    try:
        async with other.begin() as conn:  # another process, in the middle of its claim
            await conn.execute(
                text("SELECT id FROM deliveries WHERE id = :id FOR UPDATE"), {"id": locked.id}
            )
            claimed = await asyncio.wait_for(
                store.claim_deliveries(
                    owner="p", shard_ids=None, shard_count=None, limit=5, lease_seconds=LEASE
                ),
                timeout=5,
            )
    finally:
        await other.dispose()
    assert [d.id for d in claimed] == [free.id]
