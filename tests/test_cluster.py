"""The cluster: on SQLite one process leads and posts everything; on PostgreSQL one process
leads at a time, each claims only its own shards' deliveries, and a dead process's claims
are taken over by the next process on its shards once their lease lapses.

The PostgreSQL cases need DIGESTBOT_TEST_POSTGRES_URL (as the store tests do); each uses a
leader lock name of its own.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.cluster import Cluster, check_shards, default_owner
from bot.errors import ConfigError
from bot.store import Store
from tests.postgres import POSTGRES_URL, empty_postgres, needs_postgres

INTERVAL = 0.2
LEASE = 0.6
CHANNEL = 1_200_000_000_000_000_001
MESSAGES = [{"content": "Tariffs digest"}]


def guild_on_shard(shard: int, count: int, n: int = 0) -> int:
    """A realistic guild id (a snowflake from 2024) that Discord routes to ``shard``."""
    base = 1_250_000_000_000_000_000 >> 22
    return ((base - base % count + shard + count * n) << 22) | 0b10101


class Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []

    def elected(self) -> None:
        self.events.append("elected")

    async def deposed(self) -> None:
        self.events.append("deposed")


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[tuple[Store, str]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'digestbot.sqlite3'}"
    store = await Store.open(url)
    try:
        yield store, url
    finally:
        await store.close()


@pytest.fixture
async def pg_store() -> AsyncIterator[Store]:
    await empty_postgres()
    store = await Store.open(POSTGRES_URL)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def make_cluster(
    pg_store: Store,
) -> AsyncIterator[Callable[..., Cluster]]:
    """Clusters on the PostgreSQL store, sharing one lock name; stopped at the end."""
    lock = f"test:{uuid.uuid4()}"
    made: list[Cluster] = []

    def make(**options: object) -> Cluster:
        options.setdefault("leader_interval", INTERVAL)
        options.setdefault("leader_timeout", 2.0)
        options.setdefault("lease_seconds", LEASE)
        cluster = Cluster(pg_store, POSTGRES_URL, lock_name=lock, **options)  # type: ignore[arg-type]
        made.append(cluster)
        return cluster

    yield make
    for cluster in made:
        await cluster.stop()


async def enqueue(store: Store, key: str, guild_id: int) -> int:
    delivery = await store.enqueue_delivery(None, CHANNEL, key, MESSAGES, guild_id=guild_id)
    return delivery.id


async def eventually(probe: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while not probe():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


# -- shards and SQLite ------------------------------------------------------------------


def test_shard_options_come_both_or_neither_and_in_range() -> None:
    check_shards(None, None)
    check_shards([0, 2], 4)
    with pytest.raises(ConfigError, match="give both or neither"):
        check_shards([0], None)
    with pytest.raises(ConfigError, match="give both or neither"):
        check_shards(None, 4)
    with pytest.raises(ConfigError, match=r"--shard-ids: each id must be in 0\.\.3"):
        check_shards([1, 4], 4)
    with pytest.raises(ConfigError, match="--shard-count: must be at least 1"):
        check_shards([0], 0)


def test_default_owner_names_host_and_process() -> None:
    assert default_owner().endswith(f":{os.getpid()}")


async def test_sqlite_without_shards_always_leads_and_serves_every_guild(
    sqlite_store: tuple[Store, str],
) -> None:
    store, url = sqlite_store
    recorder = Recorder()
    cluster = Cluster(store, url)
    await cluster.start(recorder.elected, recorder.deposed)
    try:
        assert cluster.is_leader
        assert recorder.events == ["elected"]
        assert not cluster.claims  # one process: deliveries are sent without leases
        assert cluster.describe() == "every shard"
        assert all(cluster.serves(guild_on_shard(s, 7)) for s in range(7))
        assert cluster.serves(None)
    finally:
        await cluster.stop()
    assert recorder.events == ["elected", "deposed"]
    assert not cluster.is_leader


async def test_sqlite_refuses_to_serve_only_some_shards(sqlite_store: tuple[Store, str]) -> None:
    store, url = sqlite_store
    with pytest.raises(ConfigError, match="with SQLite one process serves every shard"):
        Cluster(store, url, shard_ids=[0, 1], shard_count=4)
    every = Cluster(store, url, shard_ids=[3, 1, 0, 2], shard_count=4)
    assert every.shard_ids == (0, 1, 2, 3)
    assert every.describe() == "shards 0,1,2,3 of 4"


async def test_sqlite_claims_every_pending_delivery(sqlite_store: tuple[Store, str]) -> None:
    store, url = sqlite_store
    ids = [await enqueue(store, f"k{s}", guild_on_shard(s, 3)) for s in range(3)]
    cluster = Cluster(store, url, owner="solo")
    claimed = await cluster.claim(10)
    assert [d.id for d in claimed] == ids
    assert {d.claimed_by for d in claimed} == {"solo"}
    assert cluster.held == frozenset(ids)
    assert await cluster.claim(10) == []  # held: not handed out twice
    await store.mark_delivered(ids[0])
    cluster.finished(ids[0])
    assert await cluster.release(ids[1])
    assert cluster.held == frozenset({ids[2]})
    assert [d.id for d in await cluster.claim(10)] == [ids[1]]


async def test_a_process_serves_only_its_own_shards(sqlite_store: tuple[Store, str]) -> None:
    store, url = sqlite_store
    cluster = Cluster(store, url, shard_ids=[0, 1, 2], shard_count=3)
    assert [cluster.serves(guild_on_shard(s, 3)) for s in range(3)] == [True, True, True]
    with pytest.raises(ValueError, match="lease_seconds"):
        Cluster(store, url, lease_seconds=0)


# -- several processes on PostgreSQL --------------------------------------------------


@needs_postgres
async def test_one_process_leads_and_another_takes_over_when_it_stops(
    make_cluster: Callable[..., Cluster],
) -> None:
    first_events, second_events = Recorder(), Recorder()
    first = make_cluster(shard_ids=[0], shard_count=2, owner="first")
    second = make_cluster(shard_ids=[1], shard_count=2, owner="second")
    await first.start(first_events.elected, first_events.deposed)
    await second.start(second_events.elected, second_events.deposed)
    assert first.is_leader and not second.is_leader
    assert first.claims and second.claims
    await asyncio.sleep(3 * INTERVAL)
    assert (first_events.events, second_events.events) == (["elected"], [])

    await first.stop()
    assert first_events.events == ["elected", "deposed"]
    await eventually(lambda: second.is_leader, timeout=10 * INTERVAL)
    assert second_events.events == ["elected"]


@needs_postgres
async def test_each_process_claims_only_its_shards_deliveries(
    pg_store: Store, make_cluster: Callable[..., Cluster]
) -> None:
    ids = {s: await enqueue(pg_store, f"k{s}", guild_on_shard(s, 3)) for s in range(3)}
    low = make_cluster(shard_ids=[0, 2], shard_count=3, owner="low")
    high = make_cluster(shard_ids=[1], shard_count=3, owner="high")
    assert [low.serves(guild_on_shard(s, 3)) for s in range(3)] == [True, False, True]
    assert [high.serves(guild_on_shard(s, 3)) for s in range(3)] == [False, True, False]

    claimed_low, claimed_high = await asyncio.gather(low.claim(10), high.claim(10))
    assert sorted(d.id for d in claimed_low) == [ids[0], ids[2]]
    assert [d.id for d in claimed_high] == [ids[1]]
    assert await low.claim(10) == [] and await high.claim(10) == []
    stored = await pg_store.get_delivery(ids[1])
    assert stored is not None and stored.claimed_by == "high"


@needs_postgres
async def test_a_dead_process_claim_is_taken_over_when_its_lease_lapses(
    pg_store: Store, make_cluster: Callable[..., Cluster]
) -> None:
    delivery_id = await enqueue(pg_store, "digest", guild_on_shard(1, 2))
    dead = make_cluster(shard_ids=[1], shard_count=2, owner="dead")
    assert [d.id for d in await dead.claim(5)] == [delivery_id]
    # The process is killed: nothing releases the claim. Its restart has a new owner name.
    restarted = make_cluster(shard_ids=[1], shard_count=2, owner="restarted")
    assert await restarted.claim(5) == []  # the lease still runs
    await asyncio.sleep(LEASE + 0.1)
    taken = await restarted.claim(5)
    assert [(d.id, d.claimed_by) for d in taken] == [(delivery_id, "restarted")]
    assert not await dead.renew(delivery_id)  # a late survivor learns it lost the delivery
    assert dead.held == frozenset()
    assert await restarted.renew(delivery_id)


@needs_postgres
async def test_stopping_hands_held_claims_back_at_once(
    pg_store: Store, make_cluster: Callable[..., Cluster]
) -> None:
    delivery_id = await enqueue(pg_store, "digest", guild_on_shard(0, 2))
    leaving = make_cluster(shard_ids=[0], shard_count=2, owner="leaving", lease_seconds=60)
    await leaving.start()
    assert [d.id for d in await leaving.claim(5)] == [delivery_id]
    await leaving.stop()
    successor = make_cluster(shard_ids=[0], shard_count=2, owner="successor", lease_seconds=60)
    assert [d.id for d in await successor.claim(5)] == [delivery_id]  # no 60 s wait


@needs_postgres
async def test_claims_never_overlap_under_contention(
    pg_store: Store, make_cluster: Callable[..., Cluster]
) -> None:
    ids = [await enqueue(pg_store, f"k{n}", guild_on_shard(0, 1, n)) for n in range(40)]
    workers = [
        make_cluster(shard_ids=[0], shard_count=1, owner=f"w{i}", lease_seconds=60)
        for i in range(4)
    ]
    taken: list[list[int]] = [[] for _ in workers]

    async def drain(index: int) -> None:
        while batch := await workers[index].claim(3):
            taken[index].extend(d.id for d in batch)

    await asyncio.gather(*(drain(i) for i in range(len(workers))))
    every = [i for ids_ in taken for i in ids_]
    assert sorted(every) == ids  # each delivery claimed by exactly one worker
