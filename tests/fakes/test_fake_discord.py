"""The fake Discord against the real, unmodified discord.py client.

A small ``commands.Bot`` defined here (not digestbot's) logs in, syncs its commands, answers
injected slash commands and posts messages; each test asserts what the fake recorded.
"""

from __future__ import annotations

import asyncio
import io
import struct
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fakes.discord import (
    EPHEMERAL,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    CommandNotPermitted,
    FakeDiscord,
    Fault,
    Guild,
    Member,
    make_guild,
)

TOPICS = ["tariffs", "trade war", "taxes"]


def png_bytes(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@dataclass
class Probe:
    """What the test bot noticed: errors from commands, resumes, and a gate to hold commands."""

    errors: list[Exception] = field(default_factory=list)
    resumed: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event = field(default_factory=asyncio.Event)


class QuickBot(commands.Bot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before a re-IDENTIFY (Discord's limit); no need locally."""


def make_bot(probe: Probe) -> commands.Bot:
    bot = QuickBot(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        guild_ready_timeout=0.01,
    )
    digest = app_commands.Group(name="digest", description="Digests of reader discussions")

    @digest.command(name="now", description="The newest digest on a topic")
    async def now(interaction: discord.Interaction, topic: str = "tariffs") -> None:
        embed = discord.Embed(title=f"{topic} digest", description="3 articles, 41 comments")
        await interaction.response.send_message(f"Digest: {topic}", embed=embed)

    @now.autocomplete("topic")
    async def topic_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if t.startswith(current)]

    @digest.command(name="later", description="A digest that takes a while")
    async def later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.edit_original_response(
            content="Deferred digest ready", embed=discord.Embed(title="Late digest")
        )

    @digest.command(name="twice", description="An answer and a followup")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first part")
        await interaction.followup.send("second part")

    @digest.command(name="private", description="Only for you")
    async def private(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("only you can see this", ephemeral=True)

    @digest.command(name="quiet", description="Deferred, ephemeral, answered by a followup")
    async def quiet(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.followup.send("quiet result")
        await interaction.followup.send("and a separate note")

    @digest.command(name="held", description="Defers, then waits for the test")
    async def held(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        await probe.gate.wait()
        await interaction.edit_original_response(content="too late")

    @digest.command(name="slow", description="Answers after the 3-second window")
    async def slow(interaction: discord.Interaction) -> None:
        await probe.gate.wait()
        await interaction.response.send_message("too slow")

    @digest.command(name="chart", description="A PNG chart, sent after a defer")
    async def chart(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        image = discord.File(io.BytesIO(png_bytes(4, 3)), filename="stats.png")
        await interaction.followup.send("Votes over time", file=image)

    @digest.command(name="form", description="Asks for a new topic in a modal")
    async def form(interaction: discord.Interaction) -> None:
        modal = discord.ui.Modal(title="New topic", custom_id="topic-form")
        modal.add_item(discord.ui.TextInput(label="Keywords", custom_id="keywords"))
        await interaction.response.send_modal(modal)

    bot.tree.add_command(digest)

    @bot.tree.command(name="subscribe", description="Post digests to a channel")
    @app_commands.default_permissions(manage_guild=True)
    async def subscribe(interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await interaction.response.send_message(f"Subscribed #{channel.name} ({channel.id})")

    @bot.tree.error
    async def on_app_command_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        probe.errors.append(error)

    @bot.event
    async def on_resumed() -> None:
        probe.resumed.set()

    return bot


@dataclass
class Scene:
    fake: FakeDiscord
    bot: commands.Bot
    probe: Probe
    guild: Guild
    general: Channel
    news: Channel
    forum: Channel
    admin: Member
    reader: Member


def make_scene_guild() -> tuple[Guild, Channel, Channel, Channel, Member, Member]:
    guild = make_guild("Tariff Watchers", text_channels=("general",))
    general = next(iter(guild.channels.values()))
    news = guild.add_announcement_channel("trade-news", topic="Announcements")
    forum = guild.add_forum_channel("discussions")
    admin = guild.add_member("mod", manage_guild=True)
    reader = guild.add_member("reader")
    return guild, general, news, forum, admin, reader


async def start_scene(fake: FakeDiscord, guild: Guild, *parts: object) -> Scene:
    probe = Probe()
    bot = make_bot(probe)
    await fake.start_client(bot, token="x")
    await bot.tree.sync()
    return Scene(fake, bot, probe, guild, *parts)  # type: ignore[arg-type]


@pytest.fixture
async def scene() -> AsyncIterator[Scene]:
    guild, general, news, forum, admin, reader = make_scene_guild()
    async with FakeDiscord(guilds=[guild]) as fake:
        started = await start_scene(fake, guild, general, news, forum, admin, reader)
        yield started
    assert started.probe.errors == []  # every command ran to the end without an error


# -- login, READY, sync ------------------------------------------------------------------------


async def test_login_ready_and_guild_available(scene: Scene) -> None:
    fake, bot = scene.fake, scene.bot
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id
    guild = bot.get_guild(scene.guild.id)
    assert guild is not None and not guild.unavailable
    assert guild.name == "Tariff Watchers" and guild.owner_id == scene.guild.owner_id
    news = guild.get_channel(scene.news.id)
    forum = guild.get_channel(scene.forum.id)
    assert isinstance(news, discord.TextChannel) and news.is_news()
    assert isinstance(forum, discord.ForumChannel)
    assert guild.me.guild_permissions.send_messages
    assert [r.method + " " + r.path for r in fake.requests[:2]] == [
        "GET /users/@me",
        "GET /oauth2/applications/@me",
    ]
    connection = fake.gateway.connections[0]
    assert connection.query["compress"] == "zlib-stream"
    assert connection.identify is not None and connection.identify["token"] == "x"
    assert all(r.headers["Authorization"] == "Bot x" for r in fake.requests_to("GET", "/users/@me"))


async def test_tree_sync_global_and_guild_lands_in_fake(scene: Scene) -> None:
    fake, bot = scene.fake, scene.bot
    global_commands = {c["name"]: c for c in fake.commands()}
    assert sorted(global_commands) == ["digest", "subscribe"]
    subcommands = [o["name"] for o in global_commands["digest"]["options"]]
    assert subcommands == [
        "now",
        "later",
        "twice",
        "private",
        "quiet",
        "held",
        "slow",
        "chart",
        "form",
    ]
    assert global_commands["subscribe"]["default_member_permissions"] == "32"

    target = discord.Object(id=scene.guild.id)
    bot.tree.copy_global_to(guild=target)
    synced = await bot.tree.sync(guild=target)
    assert {c.name for c in synced} == {"digest", "subscribe"}
    assert {c["name"] for c in fake.commands(scene.guild.id)} == {"digest", "subscribe"}
    assert all(c["guild_id"] == str(scene.guild.id) for c in fake.commands(scene.guild.id))

    with pytest.raises(discord.HTTPException) as refused:
        bad = {"name": "Bad Name", "description": "x" * 101, "type": 1}
        await bot.http.bulk_upsert_global_commands(fake.application_id, [bad])
    assert refused.value.code == 50035 and "Command name is invalid" in refused.value.text
    assert len(fake.commands()) == 2  # a refused overwrite changes nothing

    bot.tree.remove_command("subscribe")
    again = await bot.tree.sync()
    assert [c.name for c in again] == ["digest"]
    assert again[0].id == int(global_commands["digest"]["id"])  # ids survive an overwrite
    assert [c["name"] for c in fake.commands()] == ["digest"]


# -- interactions --------------------------------------------------------------------------


async def test_slash_command_answered_immediately(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "now", {"topic": "tariffs"}
    )
    answer = await fake.interaction_response(iid)
    assert answer.callback_type == 4 and not answer.deferred
    assert answer.content == "Digest: tariffs"
    assert [e["title"] for e in answer.embeds] == ["tariffs digest"]
    assert not answer.ephemeral
    callback = fake.requests_to("POST", "/interactions/{interaction_id}/{token}/callback")[0]
    assert callback.query == {"with_response": "1"}
    assert [m.content for m in fake.messages(scene.general.id)] == ["Digest: tariffs"]


async def test_deferred_command_answered_by_editing_original(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "later"
    )
    answer = await fake.interaction_response(iid)
    assert answer.callback_type == 5 and answer.deferred
    assert answer.content == "Deferred digest ready"
    assert [e["title"] for e in answer.embeds] == ["Late digest"]
    edits = fake.requests_to("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}")
    assert [r.path.rsplit("/", 1)[1] for r in edits] == ["@original"]


async def test_followup_after_an_answer(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "twice"
    )
    answer = await fake.interaction_response(iid)
    followups = await fake.wait_for_followups(iid, 1)
    assert answer.content == "first part"
    assert [m.content for m in followups] == ["second part"]
    assert [m.content for m in fake.messages(scene.general.id)] == ["first part", "second part"]


async def test_ephemeral_answer_has_flag_64_and_stays_out_of_the_channel(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "private"
    )
    answer = await fake.interaction_response(iid)
    assert answer.flags & EPHEMERAL == 64 and answer.ephemeral
    assert answer.content == "only you can see this"
    assert fake.messages(scene.general.id) == []


async def test_first_followup_fills_an_ephemeral_defer(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "quiet"
    )
    answer = await fake.interaction_response(iid)
    followups = await fake.wait_for_followups(iid, 1)
    assert answer.deferred and answer.ephemeral and answer.content == "quiet result"
    assert [(m.content, m.ephemeral) for m in followups] == [("and a separate note", False)]


async def test_autocomplete_is_answered_with_choices(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_autocomplete(
        scene.guild.id,
        scene.general.id,
        scene.reader.id,
        "digest",
        "now",
        {"topic": "ta"},
        focused="topic",
    )
    answer = await fake.interaction_response(iid)
    assert answer.callback_type == 8
    assert answer.choices == [
        {"name": "tariffs", "value": "tariffs"},
        {"name": "taxes", "value": "taxes"},
    ]


async def test_png_sent_as_the_answer_to_a_deferred_command(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "chart"
    )
    answer = await fake.interaction_response(iid)
    assert answer.deferred and answer.content == "Votes over time"
    assert [(a.filename, a.data) for a in answer.attachments] == [("stats.png", png_bytes(4, 3))]
    assert answer.message is not None and answer.message.attachments[0].content_type == "image/png"
    assert fake.interaction(iid).followups == []  # the followup filled in the deferred answer


async def test_commands_can_be_registered_without_a_sync() -> None:
    guild, general, _, _, _, reader = make_scene_guild()
    async with FakeDiscord(guilds=[guild]) as fake:
        bot = make_bot(Probe())
        await fake.start_client(bot)
        fake.register_tree(bot.tree)
        iid = await fake.inject_interaction(guild.id, general.id, reader.id, "digest", "now")
        assert (await fake.interaction_response(iid)).content == "Digest: tariffs"
    assert fake.requests_to("PUT", "/applications/{application_id}/commands") == []


async def test_modal_answer_is_recorded(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "form"
    )
    answer = await fake.interaction_response(iid)
    assert answer.callback_type == 9 and answer.modal is not None
    assert (answer.modal["title"], answer.modal["custom_id"]) == ("New topic", "topic-form")


async def test_channel_option_resolves_and_default_permissions_gate(scene: Scene) -> None:
    fake = scene.fake
    iid = await fake.inject_interaction(
        scene.guild.id,
        scene.general.id,
        scene.admin.id,
        "subscribe",
        options={"channel": scene.news},
    )
    payload = fake.interaction(iid).payload
    assert payload["data"]["resolved"]["channels"][str(scene.news.id)]["name"] == "trade-news"
    assert int(payload["member"]["permissions"]) & 0x20
    answer = await fake.interaction_response(iid)
    assert answer.content == f"Subscribed #trade-news ({scene.news.id})"
    with pytest.raises(CommandNotPermitted, match="subscribe"):
        await fake.inject_interaction(
            scene.guild.id, scene.general.id, scene.reader.id, "subscribe", options={"channel": 1}
        )
    with pytest.raises(ValueError, match="requires option 'channel'"):
        await fake.inject_interaction(scene.guild.id, scene.general.id, scene.admin.id, "subscribe")


async def test_hundred_interactions_at_once_are_all_answered(scene: Scene) -> None:
    fake = scene.fake
    topics = [f"topic{i}" for i in range(100)]
    ids = await asyncio.gather(
        *(
            fake.inject_interaction(
                scene.guild.id, scene.general.id, scene.reader.id, "digest", "now", {"topic": t}
            )
            for t in topics
        )
    )
    answers = await asyncio.gather(*(fake.interaction_response(i, timeout=10) for i in ids))
    assert [a.content for a in answers] == [f"Digest: {t}" for t in topics]
    assert len(set(ids)) == 100


async def test_expired_token_and_late_callback_reach_the_bot_as_errors() -> None:
    guild, general, news, forum, admin, reader = make_scene_guild()
    async with FakeDiscord(guilds=[guild]) as fake:
        scene = await start_scene(fake, guild, general, news, forum, admin, reader)
        held = await fake.inject_interaction(guild.id, general.id, reader.id, "digest", "held")
        slow = await fake.inject_interaction(guild.id, general.id, reader.id, "digest", "slow")
        await fake.wait_for(lambda: fake.interaction(held).callback_type == 5)
        fake.expire_interaction(held)
        fake.desk.callback_deadline = 0.1  # Discord's is 3 s; "slow" is now past it
        await asyncio.sleep(0.15)
        scene.probe.gate.set()
        await fake.wait_for(lambda: len(scene.probe.errors) == 2)
    codes = sorted(e.original.code for e in scene.probe.errors)  # type: ignore[attr-defined]
    assert codes == [10015, 10062]  # Unknown Webhook, Unknown interaction
    assert fake.interaction(slow).callback_type is None


# -- channel messages ----------------------------------------------------------------------


async def test_message_with_embeds_and_png_attachment(scene: Scene) -> None:
    fake = scene.fake
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    png = png_bytes(3, 2)
    embeds = [
        discord.Embed(title="Tariff talks", description="Readers split"),
        discord.Embed(title="Votes"),
    ]
    sent = await channel.send(
        "Daily digest", embeds=embeds, file=discord.File(io.BytesIO(png), filename="votes.png")
    )
    stored = fake.messages(scene.general.id)
    assert [m.id for m in stored] == [sent.id]
    assert stored[0].content == "Daily digest"
    assert [e["title"] for e in stored[0].embeds] == ["Tariff talks", "Votes"]
    assert [(a.filename, a.data) for a in stored[0].attachments] == [("votes.png", png)]
    assert (sent.attachments[0].width, sent.attachments[0].height) == (3, 2)
    assert await sent.attachments[0].read() == png
    request = fake.requests_to("POST", "/channels/{channel_id}/messages")[0]
    assert [f.field for f in request.files] == ["files[0]"]
    assert request.json["attachments"] == [{"id": 0, "filename": "votes.png"}]

    edited = await sent.edit(content="Daily digest (updated)", attachments=[])
    assert edited.content == "Daily digest (updated)" and edited.attachments == []
    assert fake.messages(scene.general.id)[0].edit_count == 1


async def test_allowed_mentions_decide_who_is_pinged(scene: Scene) -> None:
    fake = scene.fake
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    text = f"<@{scene.reader.id}> says @everyone should read this"
    embed = discord.Embed(description=f"<@{scene.admin.id}>")
    await channel.send(text, embed=embed)
    await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    pinging, silent = fake.messages(scene.general.id)
    assert (pinging.pinged_user_ids, pinging.pings_everyone) == ([scene.reader.id], False)
    assert (silent.pinged_user_ids, silent.pings_everyone) == ([], False)


async def test_limits_and_permissions_are_enforced_like_discord(scene: Scene) -> None:
    fake, bot = scene.fake, scene.bot
    general = bot.get_channel(scene.general.id)
    assert isinstance(general, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as too_long:
        await general.send(embed=discord.Embed(title="x" * 257))
    assert (too_long.value.status, too_long.value.code) == (400, 50035)
    with pytest.raises(discord.HTTPException) as empty:
        await bot.http.send_message(scene.general.id, params=_params({}))
    assert empty.value.code == 50006

    scene.general.deny_bot(SEND_MESSAGES)
    with pytest.raises(discord.Forbidden) as denied:
        await general.send("hello")
    assert denied.value.code == 50013
    scene.general.deny_bot(VIEW_CHANNEL)
    with pytest.raises(discord.Forbidden) as hidden:
        await general.send("hello")
    assert hidden.value.code == 50001
    with pytest.raises(discord.NotFound) as unknown:
        await bot.get_partial_messageable(12345678901234567).send("hello")
    assert unknown.value.code == 10003
    assert fake.messages(scene.general.id) == []


def _params(payload: dict[str, object]) -> discord.http.MultipartParameters:
    return discord.http.MultipartParameters(payload=payload, multipart=None, files=None)


async def test_threads_forum_posts_and_crossposts(scene: Scene) -> None:
    fake, bot = scene.fake, scene.bot
    news = bot.get_channel(scene.news.id)
    forum = bot.get_channel(scene.forum.id)
    assert isinstance(news, discord.TextChannel) and isinstance(forum, discord.ForumChannel)
    announcement = await news.send("Tariff deal reached")
    await announcement.publish()
    assert fake.messages(scene.news.id)[0].flags & 1  # CROSSPOSTED
    thread = await announcement.create_thread(name="Discuss the deal")
    assert thread.id == announcement.id and thread.parent_id == scene.news.id
    post = await forum.create_thread(name="Weekly tariff digest", content="Top comments inside")
    assert post.thread.parent_id == scene.forum.id
    assert [m.content for m in fake.messages(post.thread.id)] == ["Top comments inside"]
    assert post.message.id == post.thread.id


# -- faults --------------------------------------------------------------------------------


async def test_rate_limit_429_is_waited_out(scene: Scene) -> None:
    fake = scene.fake
    fake.fail_next("POST", "/channels/{channel_id}/messages", Fault.rate_limited(0.3))
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    started = time.monotonic()
    await channel.send("after the rate limit")
    elapsed = time.monotonic() - started
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert elapsed >= 0.3
    assert [r.status for r in posts] == [429, 200]
    assert [m.content for m in fake.messages(scene.general.id)] == ["after the rate limit"]


async def test_global_rate_limit_is_waited_out(scene: Scene) -> None:
    fake = scene.fake
    fake.fail_next("POST", "/channels/*/messages", Fault.rate_limited(0.2, is_global=True))
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    started = time.monotonic()
    await channel.send("after the global limit")
    assert time.monotonic() - started >= 0.2
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert [r.status for r in posts] == [429, 200]


async def test_server_error_is_retried(scene: Scene) -> None:
    fake = scene.fake
    fake.fail_next("POST", "/channels/{channel_id}/messages", Fault.server_error(500))
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("after the outage")
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert [r.status for r in posts] == [500, 200]
    assert len(fake.messages(scene.general.id)) == 1


async def test_bucket_headers_make_discord_py_wait_instead_of_hitting_429(scene: Scene) -> None:
    fake = scene.fake
    fake.rate_limiter.set_policy("POST /channels/{channel_id}/messages", limit=2, window=0.3)
    channel = scene.bot.get_channel(scene.general.id)
    assert isinstance(channel, discord.TextChannel)
    started = time.monotonic()
    for text in ("one", "two", "three"):
        await channel.send(text)
    assert time.monotonic() - started >= 0.25
    posts = fake.requests_to("POST", "/channels/{channel_id}/messages")
    assert [r.status for r in posts] == [200, 200, 200]


async def test_fetch_routes_return_what_discord_py_parses(scene: Scene) -> None:
    bot = scene.bot
    guild = await bot.fetch_guild(scene.guild.id, with_counts=True)
    assert guild.name == "Tariff Watchers" and guild.approximate_member_count == 4
    forum = await bot.fetch_channel(scene.forum.id)
    assert isinstance(forum, discord.ForumChannel) and forum.name == "discussions"
    member = await guild.fetch_member(scene.reader.id)
    assert member.name == "reader"
    roles = {r.name for r in await guild.fetch_roles()}
    assert roles == {"@everyone", "Server Manager", "digestbot"}
    names = [c.name for c in await guild.fetch_channels()]
    assert names == ["general", "trade-news", "discussions"]
    with pytest.raises(discord.NotFound) as missing:
        await guild.fetch_member(12345678901234567)
    assert missing.value.code == 10007


async def test_unknown_route_is_a_recorded_404(scene: Scene) -> None:
    with pytest.raises(discord.NotFound):
        await scene.bot.http.request(discord.http.Route("GET", "/no/such/route"))
    last = scene.fake.requests[-1]
    assert (last.path, last.route, last.status) == ("/no/such/route", None, 404)
    url = f"{scene.fake.base_url}/api/v9/users/@me"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 404
        assert await response.json() == {"message": "404: Not Found", "code": 0}
    assert scene.fake.requests[-1].path == "/api/v9/users/@me"


async def test_bad_token_fails_login() -> None:
    guild, *_ = make_scene_guild()
    async with FakeDiscord(guilds=[guild], valid_tokens={"right-token"}) as fake:
        bot = make_bot(Probe())
        with pytest.raises(RuntimeError) as failed:
            await fake.start_client(bot, token="wrong-token")
        assert isinstance(failed.value.__cause__, discord.LoginFailure)
    assert fake.requests[0].status == 401


# -- gateway -------------------------------------------------------------------------------


async def test_reconnect_resumes_the_same_session(scene: Scene) -> None:
    fake = scene.fake
    session = await fake.wait_for_session()
    await fake.send_reconnect()
    await asyncio.wait_for(scene.probe.resumed.wait(), timeout=5)
    last = fake.gateway.connections[-1]
    assert last.path == "/resume/"
    assert last.resume is not None and last.resume["session_id"] == session
    assert last.identify is None and len(fake.gateway.connections) == 2
    scene.probe.resumed.clear()
    await fake.send_invalid_session(resumable=True)
    await asyncio.wait_for(scene.probe.resumed.wait(), timeout=5)
    assert fake.gateway.connections[-1].resume["session_id"] == session  # type: ignore[index]
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "now", {"topic": "after"}
    )
    assert (await fake.interaction_response(iid)).content == "Digest: after"


async def test_events_missed_during_an_outage_are_replayed_on_resume(scene: Scene) -> None:
    fake = scene.fake
    session = await fake.wait_for_session()
    fake.hold_gateway()
    await fake.drop_gateway(4000)
    await fake.wait_for(lambda: fake.gateway.sessions[session].connection is None)
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "now", {"topic": "queued"}
    )
    missed_seq = fake.gateway.sessions[session].seq
    fake.release_gateway()
    assert (await fake.interaction_response(iid)).content == "Digest: queued"
    resume = fake.gateway.connections[-1].resume
    assert resume is not None and resume["session_id"] == session
    assert resume["seq"] < missed_seq  # the interaction came by replay


async def test_invalid_session_makes_the_client_identify_again(scene: Scene) -> None:
    fake = scene.fake
    first = await fake.wait_for_session()
    await fake.send_invalid_session(resumable=False)
    second = await fake.wait_for(
        lambda: fake.gateway.current.id if fake.gateway.current.id != first else None  # type: ignore[union-attr]
    )
    assert fake.gateway.connections[-1].identify is not None
    await fake.wait_for(lambda: scene.bot.is_ready() and fake.gateway.current.connection)  # type: ignore[union-attr]
    assert second != first
    iid = await fake.inject_interaction(
        scene.guild.id, scene.general.id, scene.reader.id, "digest", "now", {"topic": "fresh"}
    )
    assert (await fake.interaction_response(iid)).content == "Digest: fresh"


async def test_a_payload_the_client_cannot_parse_is_surfaced() -> None:
    guild, *_ = make_scene_guild()
    fake = FakeDiscord(guilds=[guild])
    await fake.start()
    await fake.start_client(make_bot(Probe()))
    await fake.gateway.dispatch("INTERACTION_CREATE", {"id": "1", "type": 2})
    with pytest.raises(RuntimeError, match="client crashed: KeyError"):
        await fake.wait_for(lambda: None, timeout=2)
    await fake.close()  # already reported: closing does not raise it again


async def test_an_unseen_client_crash_is_raised_on_exit() -> None:
    guild, *_ = make_scene_guild()
    with pytest.raises(RuntimeError, match="client crashed: KeyError"):
        async with FakeDiscord(guilds=[guild]) as fake:
            await fake.start_client(make_bot(Probe()))
            await fake.gateway.dispatch("INTERACTION_CREATE", {"id": "1", "type": 2})
            await asyncio.sleep(0.1)
