"""The fake Discord's sharding, against the real discord.py ``AutoShardedBot``: each shard's
session gets only its own guilds and their events, several processes' sessions (each with a
token of its own) share one fake, and every request says which token made it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
from discord.ext import commands

from tests.fakes.discord import FakeDiscord, Guild, make_guild

COUNT = 3


class ShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s between IDENTIFYs (Discord's limit); no need locally."""


def make_bot(**options: object) -> commands.AutoShardedBot:
    bot = ShardedBot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        guild_ready_timeout=0.01,
        **options,  # type: ignore[arg-type]
    )

    @bot.tree.command(name="whoami", description="Which shard answers")
    async def whoami(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"shard {interaction.guild and interaction.guild.shard_id}"
        )

    return bot


@pytest.fixture
def guilds() -> list[Guild]:
    return [make_guild(f"Server on shard {i}", shard=(i, COUNT)) for i in range(COUNT)]


@pytest.fixture
async def fake(guilds: list[Guild]) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(guilds=guilds, valid_tokens={"token-a", "token-b"}) as server:
        server.point_discord_py_here()
        yield server


async def start(bot: commands.AutoShardedBot, token: str) -> asyncio.Task[None]:
    task = asyncio.create_task(bot.start(token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    assert ready in done, "the sharded bot did not become ready"
    return task


async def stop(*bots: commands.AutoShardedBot) -> None:
    for bot in bots:
        await bot.close()


def test_guild_ids_land_on_the_shard_asked_for(guilds: list[Guild]) -> None:
    assert [(g.id >> 22) % COUNT for g in guilds] == [0, 1, 2]
    assert len({g.id for g in guilds}) == COUNT


async def test_two_processes_each_get_only_their_shards_guilds(
    fake: FakeDiscord, guilds: list[Guild]
) -> None:
    first = make_bot(shard_ids=[0, 2], shard_count=COUNT)
    second = make_bot(shard_ids=[1], shard_count=COUNT)
    try:
        await start(first, "token-a")
        await start(second, "token-b")
        sessions = await fake.wait_for_shards([(0, COUNT), (1, COUNT), (2, COUNT)])

        assert sorted(g.id for g in first.guilds) == [guilds[0].id, guilds[2].id]
        assert [g.id for g in second.guilds] == [guilds[1].id]
        live = fake.gateway.live_sessions()
        assert {shard: s.token for shard, s in live.items()} == {
            (0, COUNT): "token-a",
            (1, COUNT): "token-b",
            (2, COUNT): "token-a",
        }
        assert len(set(sessions.values())) == COUNT
        identified = sorted(
            (c.shard, c.token) for c in fake.gateway.connections if c.identify is not None
        )
        assert identified == [
            ((0, COUNT), "token-a"),
            ((1, COUNT), "token-b"),
            ((2, COUNT), "token-a"),
        ]
        assert fake.gateway.session_for(guilds[1].id) is live[(1, COUNT)]
        assert fake.gateway.session_for(None) is live[(0, COUNT)]  # direct messages
    finally:
        await stop(first, second)


async def test_an_interaction_reaches_the_shard_of_its_guild(
    fake: FakeDiscord, guilds: list[Guild]
) -> None:
    first = make_bot(shard_ids=[0, 2], shard_count=COUNT)
    second = make_bot(shard_ids=[1], shard_count=COUNT)
    try:
        await start(first, "token-a")
        await start(second, "token-b")
        fake.register_tree(first.tree)
        for index, guild in enumerate(guilds):
            channel = next(iter(guild.channels.values()))
            iid = await fake.inject_interaction(guild.id, channel.id, guild.owner_id, "whoami")
            answer = await fake.interaction_response(iid)
            assert answer.content == f"shard {index}"
            callback = fake.interaction(iid)
            assert callback.callback_type == 4
    finally:
        await stop(first, second)


async def test_messages_record_the_token_that_posted_them(
    fake: FakeDiscord, guilds: list[Guild]
) -> None:
    first = make_bot(shard_ids=[0, 2], shard_count=COUNT)
    second = make_bot(shard_ids=[1], shard_count=COUNT)
    try:
        await start(first, "token-a")
        await start(second, "token-b")
        channel_a = next(iter(guilds[0].channels.values()))
        channel_b = next(iter(guilds[1].channels.values()))
        await first.http.send_message(channel_a.id, params=_content("from a"))
        await second.http.send_message(channel_b.id, params=_content("from b"))

        assert [(m.content, m.token) for m in fake.messages(channel_a.id)] == [
            ("from a", "token-a")
        ]
        assert [(m.content, m.token) for m in fake.messages(channel_b.id)] == [
            ("from b", "token-b")
        ]
        posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
        assert [(r.path, r.token) for r in posts] == [
            (f"/channels/{channel_a.id}/messages", "token-a"),
            (f"/channels/{channel_b.id}/messages", "token-b"),
        ]
    finally:
        await stop(first, second)


def _content(text: str) -> discord.http.MultipartParameters:
    return discord.http.handle_message_parameters(content=text)


async def test_an_unsharded_bot_connects_the_recommended_shard_count(guilds: list[Guild]) -> None:
    async with FakeDiscord(guilds=guilds, recommended_shards=2) as fake:
        fake.point_discord_py_here()
        bot = make_bot()
        try:
            await start(bot, "any-token")
            await fake.wait_for_shards([(0, 2), (1, 2)])
            assert bot.shard_count == 2
            assert sorted(g.id for g in bot.guilds) == sorted(g.id for g in guilds)
            by_shard = {g.id: g.shard_id for g in bot.guilds}
            assert by_shard == {g.id: (g.id >> 22) % 2 for g in guilds}
        finally:
            await stop(bot)


async def test_a_session_reconnecting_on_one_shard_leaves_the_others_alone(
    fake: FakeDiscord, guilds: list[Guild]
) -> None:
    bot = make_bot(shard_ids=[0, 1, 2], shard_count=COUNT)
    try:
        await start(bot, "token-a")
        before = await fake.wait_for_shards([(i, COUNT) for i in range(COUNT)])
        connections = len(fake.gateway.connections)
        await fake.drop_gateway(4000, shard_id=1)
        await fake.wait_for(
            lambda: any(c.resume for c in fake.gateway.connections[connections:]),
            what="shard 1 resuming",
        )
        after = await fake.wait_for_shards([(i, COUNT) for i in range(COUNT)])
        assert after == before  # resumed, not re-identified: the same sessions
        resumed = [c for c in fake.gateway.connections[connections:] if c.resume]
        assert [c.resume["session_id"] for c in resumed] == [before[(1, COUNT)]]  # type: ignore[index]
    finally:
        await stop(bot)


async def test_a_bad_shard_in_identify_is_closed_with_4010(fake: FakeDiscord) -> None:
    for shard in ([3, 3], [0, 0], [-1, 2], "0,1"):
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{fake.gateway_url}?v=10&encoding=json") as ws,
        ):
            hello = await ws.receive_json(timeout=5)
            assert hello["op"] == 10
            identify = {"token": "token-a", "intents": 1, "properties": {}, "shard": shard}
            await ws.send_str(json.dumps({"op": 2, "d": identify}))
            closing = await ws.receive(timeout=5)
            assert closing.type is aiohttp.WSMsgType.CLOSE, shard
            assert ws.close_code == 4010, shard
