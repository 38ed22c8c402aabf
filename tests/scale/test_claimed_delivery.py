"""Posting from an outbox several processes share, against the fake Discord and PostgreSQL:
a process posts only its own shards' deliveries, hands back what it could not post, and a
delivery whose claim lapsed mid-way is finished by the process that took it over, with no
message posted twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest

from bot.cluster import Cluster
from bot.delivery import DeliveryService
from bot.discord_poster import DiscordPoster
from bot.store import Store
from tests.fakes.discord import SEND_MESSAGES, FakeDiscord, Guild, make_guild
from tests.fakes.discord.models import Channel
from tests.postgres import POSTGRES_URL, empty_postgres, needs_postgres

pytestmark = needs_postgres


def parts(n: int, topic: str = "tariffs") -> list[dict[str, object]]:
    return [
        {"embeds": [{"title": f"{topic} digest, part {i + 1}", "url": f"https://example.com/{i}"}]}
        for i in range(n)
    ]


@dataclass
class Scene:
    store: Store
    fake: FakeDiscord
    client: discord.Client
    guilds: list[Guild]

    def channel(self, shard: int) -> Channel:
        return next(iter(self.guilds[shard].channels.values()))

    def service(self, owner: str, shard: int, lease: float = 60.0) -> DeliveryService:
        cluster = Cluster(
            self.store, POSTGRES_URL, shard_ids=[shard], shard_count=2, owner=owner,
            lease_seconds=lease,
        )  # fmt: skip
        return DeliveryService(self.store, DiscordPoster(self.client), cluster=cluster)

    async def enqueue(self, key: str, shard: int, messages: list[dict[str, object]]) -> int:
        delivery = await self.store.enqueue_delivery(
            None, self.channel(shard).id, key, messages, guild_id=self.guilds[shard].id
        )
        return delivery.id

    def titles(self, shard: int) -> list[str]:
        return [m.embeds[0]["title"] for m in self.fake.messages(self.channel(shard).id)]


@pytest.fixture
async def scene() -> AsyncIterator[Scene]:
    await empty_postgres()
    guilds = [make_guild(f"Shard {s} server", shard=(s, 2)) for s in range(2)]
    store = await Store.open(POSTGRES_URL)
    try:
        async with FakeDiscord(guilds=guilds) as fake:
            client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.01)
            await fake.start_client(client)
            yield Scene(store, fake, client, guilds)
    finally:
        await store.close()


async def test_a_process_posts_only_its_own_shards_deliveries(scene: Scene) -> None:
    mine = await scene.enqueue("mine", 0, parts(2))
    theirs = await scene.enqueue("theirs", 1, parts(1, "rice"))
    service = scene.service("p0", shard=0)

    assert await service.flush() == 1
    assert scene.titles(0) == ["tariffs digest, part 1", "tariffs digest, part 2"]
    assert scene.titles(1) == []
    done, waiting = await scene.store.get_delivery(mine), await scene.store.get_delivery(theirs)
    assert done is not None and done.status == "delivered" and done.claimed_by == "p0"
    assert waiting is not None and waiting.status == "pending" and waiting.claimed_by is None
    assert service.cluster is not None and service.cluster.held == frozenset()

    assert await scene.service("p1", shard=1).flush() == 1
    assert scene.titles(1) == ["rice digest, part 1"]


async def test_a_delivery_that_cannot_be_posted_is_given_up_not_held(scene: Scene) -> None:
    delivery_id = await scene.enqueue("digest", 0, parts(1))
    scene.channel(0).deny_bot(SEND_MESSAGES)  # 50013 Missing Permissions: for good
    service = scene.service("p0", shard=0)
    assert await service.flush() == 0
    failed = await scene.store.get_delivery(delivery_id)
    assert failed is not None and failed.status == "failed"
    assert service.cluster is not None and service.cluster.held == frozenset()


async def test_a_lapsed_claim_is_finished_by_the_process_that_took_it_over(
    scene: Scene,
) -> None:
    delivery_id = await scene.enqueue("long", 0, parts(3))
    channel = scene.channel(0)
    # Each post takes 0.6 s, longer than the slow process's 0.3 s lease.
    scene.fake.delay_route("POST", f"/channels/{channel.id}/messages", 0.6)
    slow = scene.service("slow", shard=0, lease=0.3)
    successor = scene.service("successor", shard=0)

    slow_flush = asyncio.create_task(slow.flush())
    await asyncio.sleep(0.4)  # the lease lapsed while part 1 is still being posted
    taken = await successor.flush()
    slowed = await slow_flush

    assert (slowed, taken) == (0, 1)  # the slow process stopped after its part
    delivery = await scene.store.get_delivery(delivery_id)
    assert delivery is not None and delivery.status == "delivered"
    assert delivery.claimed_by == "successor"
    assert scene.titles(0) == [f"tariffs digest, part {i}" for i in (1, 2, 3)]
    assert [m.id for m in scene.fake.messages(channel.id)] == delivery.sent_ids
