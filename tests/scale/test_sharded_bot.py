"""digestbot with shard options, in-process against the fake Discord and PostgreSQL: it is an
``AutoShardedBot`` connecting only its shards, leads alone (poll and resync jobs), stops
scheduling when it steps down, and lays out digests for channels of other processes' shards
by asking Discord what kind of channel they are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from discord.ext import commands

from bot.client import DigestBot, ShardedDigestBot, create_bot
from bot.subscriptions import job_id
from config.settings import load_settings
from tests.fakes.discord import FakeDiscord, Guild, make_guild
from tests.postgres import POSTGRES_URL, empty_postgres, needs_postgres

pytestmark = needs_postgres
CONFIG = """
[poll]
interval_minutes = 600

[[topics]]
name = "tariffs"
include = ["tariff"]

[discord]
sync_commands = "never"

[cluster]
leader_check_seconds = 0.2
"""


@dataclass
class Scene:
    fake: FakeDiscord
    bot: DigestBot
    mine: Guild
    other: Guild


@pytest.fixture
async def scene(tmp_path: Path) -> AsyncIterator[Scene]:
    await empty_postgres()
    mine, other = make_guild("Shard 0 server", shard=(0, 2)), make_guild("Shard 1", shard=(1, 2))
    other.add_forum_channel("discussions")
    other.add_announcement_channel("trade-news")
    config = tmp_path / "digestbot.toml"
    config.write_text(CONFIG, encoding="utf-8")
    async with FakeDiscord(guilds=[mine, other]) as fake:
        settings = load_settings(
            config,
            environ={
                "DATABASE_URL": POSTGRES_URL,
                "DISCORD_API_BASE": fake.api_url,
                "DISCORD_GATEWAY_URL": fake.gateway_url,
                "DIGESTBOT_DATA_DIR": str(tmp_path / "data"),
            },
        )
        bot = create_bot(settings, shard_ids=[0], shard_count=2, guild_ready_timeout=0.01)
        await fake.start_client(bot, "token-of-process-0")
        try:
            yield Scene(fake, bot, mine, other)
        finally:
            await bot.close()


def channel_id(guild: Guild, name: str) -> int:
    return next(c.id for c in guild.channels.values() if c.name == name)


async def test_shard_options_make_an_auto_sharded_bot_of_those_shards(scene: Scene) -> None:
    bot = scene.bot
    assert isinstance(bot, ShardedDigestBot) and isinstance(bot, commands.AutoShardedBot)
    assert (bot.shard_ids, bot.shard_count) == ([0], 2)
    assert set(scene.fake.gateway.live_sessions()) == {(0, 2)}
    assert [g.id for g in bot.guilds] == [scene.mine.id]
    assert bot.cluster is not None and bot.cluster.claims
    assert bot.cluster.describe() == "shards 0 of 2"


async def test_alone_it_leads_and_stops_scheduling_when_it_steps_down(scene: Scene) -> None:
    bot = scene.bot
    assert bot.cluster is not None and bot.cluster.is_leader
    assert bot.scheduler.get_job("poll") is not None
    assert bot.scheduler.get_job("resync") is not None
    sub = await bot.subscriptions.subscribe(
        scene.mine.id, channel_id(scene.mine, "general"), "tariffs", "daily 09:00"
    )
    assert bot.scheduler.get_job(job_id(sub.id)) is not None

    await bot.cluster.stop()
    assert not bot.cluster.is_leader
    assert [j.id for j in bot.scheduler.get_jobs()] == ["outbox"]
    other = await bot.subscriptions.subscribe(
        scene.mine.id, channel_id(scene.mine, "general"), "tariffs", "daily 10:00"
    )
    assert other.id == sub.id and bot.scheduler.get_job(job_id(sub.id)) is None


async def test_channels_of_other_shards_are_laid_out_by_their_kind(scene: Scene) -> None:
    bot = scene.bot
    forum = channel_id(scene.other, "discussions")
    news = channel_id(scene.other, "trade-news")
    assert bot.get_channel(forum) is None  # another shard's guild: not in this cache
    assert await bot.channel_kind(forum) == "forum"
    assert await bot.channel_kind(news) == "announcement"
    assert await bot.channel_kind(channel_id(scene.mine, "general")) == "text"
    assert await bot.channel_kind(1234) == "text"  # unknown: the poster will say so
