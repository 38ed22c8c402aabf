"""What operators and server admins see: failure and recovery notices where they asked for
them, live updates of posted digests, /healthz and /metrics, and delivery log lines."""

from __future__ import annotations

import io
import json
import logging
import re
import socket
from collections.abc import Iterator

import aiohttp
import pytest

from bot.logs import JsonLines
from config.settings import DiscordSettings, OpsSettings
from tests.e2e.harness import TARIFF_TITLE, World, channel_posts, eventually
from tests.e2e.test_options import TARIFF_PATH, add_tagged_forum, not_first, subscribe
from tests.fakes.discord import SEND_MESSAGES, Fault
from tests.fakes.newssite import FakeComment
from tests.fakes.newssite import Fault as SiteFault


def configure(world: World, **sections: object) -> None:
    """Replace whole settings sections (``discord=DiscordSettings(...)``) before start."""
    file = world.settings.file.model_copy(update=sections)
    world.settings = world.settings.model_copy(update={"file": file})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_lost_permissions_and_recovery_are_told_in_the_admin_channel(world: World) -> None:
    admin = world.a.guild.add_text_channel("bot-admin")
    await world.start_bot()
    sub = await subscribe(world, world.a.news.id, admin_channel=admin.id)
    overwrite = world.a.news.deny_bot(SEND_MESSAGES)
    await world.running.subscriptions.run(sub.id)
    [notice] = channel_posts(world.fake, admin.id)
    assert notice.content.startswith(
        f"digestbot could not post the tariffs digest to <#{world.a.news.id}>: "
        "missing access or permissions"
    )
    assert channel_posts(world.fake, world.a.general.id) == []  # not the system channel

    world.a.news.overwrites.remove(overwrite)
    answer = await world.command("digest", "edit", {"channel": world.a.news.id, "max_articles": 5})
    assert answer.content.startswith("Updated the **tariffs** digest"), answer.content
    recovered = channel_posts(world.fake, admin.id)[-1]
    assert recovered.content == (
        f"Posting works again: the tariffs digest goes to <#{world.a.news.id}> "
        f"on its schedule (`{sub.schedule}`)."
    )
    assert len(channel_posts(world.fake, admin.id)) == 2
    fixed = await world.running.runtime.store.get_subscription(sub.id)
    assert fixed is not None and fixed.broken is None and fixed.max_articles == 5


async def test_a_failing_source_is_reported_to_the_operator_and_admin_channels(
    world: World,
) -> None:
    operator = world.b.guild.add_text_channel("ops")
    admin = world.a.guild.add_text_channel("bot-admin")
    configure(world, discord=DiscordSettings(admin_channel_id=operator.id, failure_threshold=1))
    await world.start_bot(poll=False)
    await subscribe(world, world.a.news.id, admin_channel=admin.id)
    world.site.set_fault("/feed", SiteFault.http_status(500))
    await world.running.poll_job()
    for channel in (operator, admin):
        [notice] = channel_posts(world.fake, channel.id)
        assert "japantoday" in notice.content and "500" in notice.content, notice.content
    assert channel_posts(world.fake, world.b.general.id) == []  # Beta set no admin channel

    world.site.clear_fault("/feed")
    await world.running.poll_job()
    for channel in (operator, admin):
        first, recovery = channel_posts(world.fake, channel.id)
        assert "japantoday" in recovery.content and recovery.content != first.content


async def test_live_updates_edit_the_digest_when_the_discussion_moves(running: World) -> None:
    sub = await subscribe(running, running.a.news.id, max_articles=25)
    await not_first(running, sub)
    await running.running.subscriptions.run(sub.id)
    [posted] = channel_posts(running.fake, running.a.news.id)
    bot = running.running

    await bot.poll_job()  # nothing changed: no edit
    assert posted.edit_count == 0

    thread = running.site.articles[TARIFF_PATH].comments
    thread.append(FakeComment("newvoice", "Exporters will reroute through Vietnam.", 1, 0,
                              running.now))  # fmt: skip
    await bot.poll_job()  # a new comment that is not a top comment, one vote: no edit
    assert posted.edit_count == 0

    thread.append(FakeComment("insider", "The deal caps auto tariffs at 15 percent.", 80, 3,
                              running.now))  # fmt: skip
    await bot.poll_job()
    assert posted.edit_count == 1
    embed = next(e for e in posted.embeds if e.get("title") == TARIFF_TITLE)
    top = next(f for f in embed["fields"] if f["name"] == "Top comments")
    assert top["value"].startswith("1. “The deal caps auto tariffs at 15 percent.” — insider")
    await bot.poll_job()  # once per change, not once per poll
    assert posted.edit_count == 1

    off = await running.command("digest", "edit", {"channel": running.a.news.id, "live_hours": 0})
    assert "no live updates" in off.content
    thread.append(FakeComment("latecomer", "Tariffs on rice stay.", 200, 0, running.now))
    await bot.poll_job()
    assert posted.edit_count == 1


@pytest.mark.parametrize(
    ("how", "code"),
    [
        pytest.param("archived", 50083, id="post-archived-50083"),
        pytest.param("message-deleted", 10008, id="message-deleted-10008"),
        pytest.param("post-deleted", 10003, id="post-deleted-10003"),
    ],
)
async def test_a_post_that_can_no_longer_be_edited_stops_only_its_own_live_updates(
    world: World, caplog: pytest.LogCaptureFixture, how: str, code: int
) -> None:
    """Forum posts archive themselves after a while (as little as an hour): the edit of an
    archived post was refused at every poll for the next 24 hours, and the posts after it
    in the same digest were never updated again."""
    caplog.set_level(logging.WARNING, logger="bot.live")
    forum, _ = add_tagged_forum(world, "trade-talk", [])
    await world.start_bot()
    sub = await subscribe(world, forum.id, max_articles=2)
    await not_first(world, sub)
    delivery = await world.running.subscriptions.run(sub.id)
    assert delivery is not None
    by_title = {a.title: a for a in world.site.articles.values()}
    posts = [t for t in world.a.guild.threads() if t.parent_id == forum.id and t.name in by_title]
    assert len(posts) == 2
    lost, kept = sorted(posts, key=lambda t: t.id)
    if how == "archived":
        await world.fake.archive_thread(lost.id)
    elif how == "message-deleted":
        await world.fake.delete_message(lost.id, lost.id)
    else:
        await world.fake.delete_channel(lost.id)
    edits = ("PATCH", "/channels/{channel_id}/messages/{message_id}")

    def edits_of(post_id: int) -> list[int | None]:
        return [
            r.status for r in world.fake.requests_to(*edits) if r.path.split("/")[2] == str(post_id)
        ]

    for votes in (80, 160, 320):  # a new top comment on both articles at every poll
        for post in posts:
            by_title[post.name].comments.append(
                FakeComment(f"voter{votes}", f"Tariffs moved again ({votes}).", votes, 0, world.now)
            )
        await world.running.poll_job()
    assert edits_of(lost.id) == [400 if code == 50083 else 404]  # tried once, never again
    assert edits_of(kept.id) == [200, 200, 200]
    [starter] = world.fake.messages(kept.id)
    assert starter.edit_count == 3
    stopped = [r.getMessage() for r in caplog.records if "stopped" in r.getMessage()]
    assert stopped == [
        f"live updates of message {lost.id} of delivery {delivery.id} stopped: "
        + {
            50083: "Discord refused the edit: Thread is archived",
            10008: "the message no longer exists",
            10003: "the channel no longer exists",
        }[code]
    ]
    assert [r for r in caplog.records if "failed" in r.getMessage()] == []


def samples(text: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            found[name] = float(value)
    return found


async def test_healthz_and_metrics_follow_polls_digests_and_commands(world: World) -> None:
    configure(world, ops=OpsSettings(port=free_port()))
    bot = await world.start_bot(poll=False)
    base = f"http://127.0.0.1:{bot.ops_port}"

    async def started_polling() -> bool:  # the scheduler polls once at start
        return bot.metrics.polls.value() >= 1

    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as reply:
            assert reply.status == 200
            health = await reply.json()
        assert health["status"] == "ok" and health["gateway_connected"] is True
        assert health["guilds"] == 2
        assert isinstance(health["latency_seconds"], float)

        await eventually(started_polling, what="the start-up poll")
        async with http.get(f"{base}/metrics") as reply:
            assert reply.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            before = samples(await reply.text())
        assert before["digestbot_guilds"] == 2
        assert before["digestbot_polls_total"] == 1
        assert before["digestbot_digests_posted_total"] == 0
        assert 'digestbot_fetch_errors_total{source="japantoday"}' not in before

        world.site.set_fault("/feed", SiteFault.http_status(500))
        await bot.poll_job()
        sub = await subscribe(world, world.a.news.id)
        await bot.subscriptions.run(sub.id)
        await eventually(
            lambda: _scraped(http, base, "digestbot_interaction_latency_seconds_count", 1),
            what="the command's response time observed",
        )
        async with http.get(f"{base}/metrics") as reply:
            after = samples(await reply.text())
        async with http.get(f"{base}/healthz") as reply:
            assert (await reply.json())["last_poll"] is not None

    assert after["digestbot_polls_total"] == 2
    assert after['digestbot_fetch_errors_total{source="japantoday"}'] == 1
    assert after["digestbot_digests_posted_total"] == 1
    assert after["digestbot_delivery_lag_seconds_count"] == 1
    assert after['digestbot_delivery_lag_seconds_bucket{le="+Inf"}'] == 1
    assert after["digestbot_interaction_latency_seconds_count"] == 1
    assert 0 < after["digestbot_interaction_latency_seconds_sum"] < 3


async def _scraped(http: aiohttp.ClientSession, base: str, name: str, at_least: float) -> bool:
    async with http.get(f"{base}/metrics") as reply:
        return samples(await reply.text()).get(name, 0) >= at_least


async def test_healthz_is_503_while_the_gateway_is_down(world: World) -> None:
    configure(world, ops=OpsSettings(port=free_port()))
    bot = await world.start_bot(poll=False)
    url = f"http://127.0.0.1:{bot.ops_port}/healthz"
    world.fake.hold_gateway()
    await world.fake.drop_gateway(4000)
    async with aiohttp.ClientSession() as http:

        async def down() -> bool:
            async with http.get(url) as reply:
                return reply.status == 503 and (await reply.json())["gateway_connected"] is False

        await eventually(down, what="healthz to report the outage")
        world.fake.release_gateway()

        async def up() -> bool:
            async with http.get(url) as reply:
                return reply.status == 200

        await eventually(up, what="healthz to recover")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """JSON lines from bot.delivery, as LOG_FORMAT=json writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("bot.delivery")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


async def test_every_delivery_log_line_names_guild_channel_and_subscription(
    running: World, json_log: io.StringIO
) -> None:
    sub = await subscribe(running, running.a.news.id)
    running.fake.fail_next(
        "POST", f"/channels/{running.a.news.id}/messages", Fault.connection_lost()
    )
    await running.running.subscriptions.run(sub.id)  # posted, but the answer was lost
    await running.running.delivery.flush()  # finds it posted
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert [re.sub(r"\d+", "N", line["message"]).split(":")[0] for line in lines] == [
        "delivery N to channel N failed, will retry",
        "delivered sub",
    ]
    for line in lines:
        assert line["guild_id"] == running.a.id
        assert line["channel_id"] == running.a.news.id
        assert line["subscription_id"] == sub.id
        assert isinstance(line["delivery_id"], int)
