"""Subscriptions: who may make them, where digests go, and delivery that survives failures."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.discord_poster import DiscordPoster
from bot.store import Store, Subscription
from bot.subscriptions import job_id
from tests.e2e.harness import SUMO_TITLE, TARIFF_TITLE, World, channel_posts, eventually
from tests.fakes.discord import SEND_MESSAGES, Fault
from tests.fakes.discord.models import READ_MESSAGE_HISTORY
from tests.fakes.newssite import FakeComment

POST_MESSAGE = ("POST", "/channels/{channel_id}/messages")


async def subscribe(world: World, **options: str) -> Subscription:
    """Subscribe Alpha's #news; by default at a time of day 12 hours away, so the scheduler
    never fires (nor catches up a missed run) on its own during a test."""
    later = datetime.now(UTC) + timedelta(hours=12)
    options = {"schedule": f"daily {later:%H:%M}", "timezone": "UTC", **options}
    answer = await world.command("digest", "subscribe", {"channel": world.a.news.id, **options})
    assert answer.content.startswith("Subscribed"), answer.content
    [sub] = await world.running.runtime.store.subscriptions(world.a.id)
    return sub


def posts_to(world: World, channel_id: int) -> int:
    return sum(
        1
        for r in world.fake.requests_to(*POST_MESSAGE)
        if r.path == f"/channels/{channel_id}/messages"
    )


def article_titles(world: World, channel_id: int) -> list[list[str]]:
    """Per message in the channel, the titles of its article embeds (those linking somewhere)."""
    return [
        [e["title"] for e in m.embeds if "url" in e] for m in channel_posts(world.fake, channel_id)
    ]


async def test_subscribe_confirms_channel_topic_schedule_timezone_and_next_run(
    running: World,
) -> None:
    answer = await running.command(
        "digest", "subscribe",
        {"channel": running.a.news.id, "schedule": "daily 09:00", "timezone": "Asia/Tokyo"},
    )  # fmt: skip
    assert not answer.ephemeral
    match = re.fullmatch(
        rf"Subscribed <#{running.a.news.id}> to \*\*tariffs\*\* digests: `daily 09:00`, "
        r"timezone Asia/Tokyo\. Next digest: (\d{4}-\d\d-\d\d) 09:00 Asia/Tokyo \(<t:(\d+):R>\)\.",
        answer.content,
    )
    assert match, answer.content
    when = datetime.fromtimestamp(int(match.group(2)), UTC)
    assert (
        when.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%d %H:%M")
        == f"{match.group(1)} 09:00"
    )
    assert timedelta(0) < when - datetime.now(UTC) <= timedelta(hours=24)
    [sub] = await running.running.runtime.store.subscriptions(running.a.id)
    assert (sub.channel_id, sub.topic, sub.schedule, sub.timezone) == (
        running.a.news.id, "tariffs", "daily 09:00", "Asia/Tokyo",
    )  # fmt: skip
    listing = await running.command("digest", "subscriptions", user=running.a.member)
    assert listing.embeds[0]["description"].startswith(
        f"<#{running.a.news.id}> · **tariffs** · `daily 09:00` (Asia/Tokyo) · "
        f"next: {match.group(1)} 09:00"
    )


async def test_a_normal_member_cannot_subscribe(running: World) -> None:
    answer = await running.command(
        "digest", "subscribe", {"channel": running.a.news.id}, user=running.a.member
    )
    assert answer.ephemeral
    assert answer.content == "You need the Manage Server permission for this."
    assert await running.running.runtime.store.subscriptions(running.a.id) == []
    removed = await running.command("topic", "remove", {"name": "tariffs"}, user=running.a.member)
    assert removed.content == "You need the Manage Server permission for this."


async def test_bad_schedules_and_unpostable_channels_are_refused_privately(world: World) -> None:
    readonly = world.a.guild.add_text_channel("readonly")
    readonly.deny_bot(SEND_MESSAGES)
    amnesiac = world.a.guild.add_text_channel("no-history")
    amnesiac.deny_bot(READ_MESSAGE_HISTORY)
    await world.start_bot(poll=False)
    answer = await world.command(
        "digest", "subscribe", {"channel": world.a.news.id, "schedule": "every 5m"}
    )
    assert answer.ephemeral and answer.content == "'every' takes 1h–23h or 15m–59m"
    answer = await world.command("digest", "subscribe", {"channel": readonly.id})
    assert answer.ephemeral
    assert answer.content == (
        f"I can't post in <#{readonly.id}>: give me Send Messages, Embed Links there first."
    )  # without Send Messages, Discord also takes Embed Links away
    answer = await world.command("digest", "subscribe", {"channel": amnesiac.id})
    assert answer.content == (
        f"I can't post in <#{amnesiac.id}>: give me Read Message History there first."
    )
    assert await world.running.runtime.store.subscriptions(world.a.id) == []


async def test_a_server_cannot_unsubscribe_or_see_another_servers_subscription(
    running: World,
) -> None:
    sub = await subscribe(running)
    other = await running.command(
        "digest", "unsubscribe", {"channel": running.b.news.id}, server=running.b
    )
    assert other.ephemeral
    assert other.content == f"<#{running.b.news.id}> has no subscription in this server."
    listing = await running.command("digest", "subscriptions", server=running.b)
    assert listing.content.startswith("This server has no digest subscriptions.")
    # Even given the other server's channel id, the service only touches its own server's rows.
    assert await running.running.subscriptions.unsubscribe(running.b.id, running.a.news.id) == 0
    assert await running.running.runtime.store.subscriptions(running.a.id) == [sub]
    assert running.running.scheduler.get_job(job_id(sub.id)) is not None
    mine = await running.command("digest", "unsubscribe", {"channel": running.a.news.id})
    assert mine.content == f"Stopped 1 digest subscription in <#{running.a.news.id}>."
    assert running.running.scheduler.get_job(job_id(sub.id)) is None


async def test_a_run_posts_to_its_channel_only_first_post_small_then_only_new_discussion(
    running: World,
) -> None:
    sub = await subscribe(running)
    bot = running.running
    assert await bot.subscriptions.run(sub.id) is not None
    [first] = article_titles(running, running.a.news.id)
    assert len(first) == 2  # first_post_articles = 2 although 4 tariff articles are new
    assert SUMO_TITLE not in first
    for channel in (running.a.general, running.b.news, running.b.general):
        assert channel_posts(running.fake, channel.id) == []
    assert await bot.runtime.store.pending_deliveries() == []  # delivered

    # Nothing discussed since: an empty window posts nothing at all.
    before = posts_to(running, running.a.news.id)
    assert await bot.subscriptions.run(sub.id) is None
    assert posts_to(running, running.a.news.id) == before

    # A new comment on one article: the next digest is that article alone.
    running.site.articles["/category/politics/japan-tariff-negotiator-talks"].comments.append(
        FakeComment("newcomer", "The tariff deal still needs Diet approval.", 1, 0, running.now)
    )
    await bot.runtime.poll_once()
    await bot.subscriptions.run(sub.id)
    assert article_titles(running, running.a.news.id)[1:] == [[TARIFF_TITLE]]


async def test_an_empty_window_posts_nothing(running: World) -> None:
    await running.command("topic", "add", {"name": "golf", "keywords": "golf, birdie"})
    sub = await subscribe(running, topic="golf")
    assert await running.running.subscriptions.run(sub.id) is None
    assert running.fake.requests_to(*POST_MESSAGE) == []
    refreshed = await running.running.runtime.store.get_subscription(sub.id)
    assert refreshed is not None and refreshed.last_digest_at is not None


async def test_the_scheduler_fires_the_subscription_job(running: World) -> None:
    sub = await subscribe(running, schedule="0 9 * * *", timezone="Europe/Paris")
    scheduler = running.running.scheduler
    job = scheduler.get_job(job_id(sub.id))
    assert job is not None and job.next_run_time.astimezone(ZoneInfo("Europe/Paris")).hour == 9
    scheduler.modify_job(job.id, next_run_time=datetime.now(UTC))
    message = await running.fake.wait_for_message(running.a.news.id, timeout=5)
    assert len([e for e in message.embeds if "url" in e]) == 2
    next_time = scheduler.get_job(job.id).next_run_time  # back on its cron after firing
    assert next_time.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") == "09:00"


async def test_a_delivery_stored_before_a_crash_is_posted_once_after_restart(world: World) -> None:
    await world.start_bot()
    sub = await subscribe(world)
    await world.stop_bot()
    # The crash: the digest was written to the outbox, then the process died before posting.
    store = await Store.open(world.settings.database_url)
    try:
        message = {
            "embeds": [
                {"title": "Left behind", "url": "https://example.com/left", "description": "x"}
            ]
        }
        delivery = await store.enqueue_delivery(sub.id, world.a.news.id, "crash-test", [message])
    finally:
        await store.close()
    await world.start_bot(poll=False)
    posted = await world.fake.wait_for_message(world.a.news.id)
    assert posted.embeds[0]["title"] == "Left behind"
    store = world.running.runtime.store
    await eventually(lambda: _all_delivered(store), what="the delivery marked delivered")
    # It looked in the channel before posting: a crash could have come after the post.
    assert world.fake.requests_to("GET", "/channels/{channel_id}/messages")
    await world.stop_bot()
    await world.start_bot(poll=False)  # and once more: still nothing new
    assert len(world.fake.messages(world.a.news.id)) == 1
    assert posts_to(world, world.a.news.id) == 1
    assert delivery.key == "crash-test"


async def _all_delivered(store: Store) -> bool:
    return await store.pending_deliveries() == []


async def test_a_post_whose_answer_was_lost_is_not_posted_again(running: World) -> None:
    sub = await subscribe(running)
    bot = running.running
    running.fake.fail_next(
        "POST", f"/channels/{running.a.news.id}/messages", Fault.connection_lost()
    )
    delivery = await bot.subscriptions.run(sub.id)
    assert delivery is not None
    assert len(running.fake.messages(running.a.news.id)) == 1  # Discord did create it
    [pending] = await bot.runtime.store.pending_deliveries()
    assert pending.id == delivery.id and pending.sent_ids == [None]
    assert await bot.delivery.flush() == 1  # the outbox job's retry finds the message posted
    assert len(running.fake.messages(running.a.news.id)) == 1
    assert posts_to(running, running.a.news.id) == 1
    # And the nonce guard on its own: the same part sent twice is one message.
    poster = DiscordPoster(bot)
    message = {"embeds": [{"title": "Nonce test", "description": "once"}]}
    first = await poster.send(running.a.general.id, message, nonce="dg99.0")
    again = await poster.send(running.a.general.id, message, nonce="dg99.0")
    assert first == again
    assert len(channel_posts(running.fake, running.a.general.id)) == 1


async def test_losing_send_messages_breaks_the_subscription_with_one_notice(running: World) -> None:
    sub = await subscribe(running)
    bot = running.running
    running.a.news.deny_bot(SEND_MESSAGES)
    await bot.subscriptions.run(sub.id)
    broken = await bot.runtime.store.get_subscription(sub.id)
    assert broken is not None and broken.broken
    [notice] = channel_posts(running.fake, running.a.general.id)  # the system channel
    assert notice.content.startswith(
        f"digestbot could not post the tariffs digest to <#{running.a.news.id}>: "
        "missing access or permissions"
    )
    attempts = posts_to(running, running.a.news.id)
    assert await bot.subscriptions.run(sub.id) is None  # no retry loop
    assert await bot.delivery.flush() == 0
    assert posts_to(running, running.a.news.id) == attempts == 1
    assert len(channel_posts(running.fake, running.a.general.id)) == 1
    assert channel_posts(running.fake, running.b.general.id) == []


async def test_a_429_is_waited_out_and_the_digest_posted_once(running: World) -> None:
    sub = await subscribe(running)
    running.fake.fail_next(
        "POST", f"/channels/{running.a.news.id}/messages", Fault.rate_limited(0.4)
    )
    started = time.monotonic()
    await running.running.subscriptions.run(sub.id)
    waited = time.monotonic() - started
    assert len(running.fake.messages(running.a.news.id)) == 1
    statuses = [r.status for r in running.fake.requests_to(*POST_MESSAGE)]
    assert statuses == [429, 200]
    assert waited >= 0.4


async def test_a_store_busy_writing_elsewhere_defers_the_answer_instead_of_losing_it(
    running: World,
) -> None:
    """Another process (a second shard, `digestbot poll --once`) holds SQLite's write lock:
    /digest subscribe must still acknowledge the interaction within Discord's 3 seconds."""
    if running.settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite's single write lock; PostgreSQL writers do not queue on one lock")
    database = running.tmp / "data" / "digestbot.sqlite3"
    blocker = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        iid = await running.fake.inject_interaction(
            running.a.id, running.a.general.id, running.a.admin.id, "digest", "subscribe",
            {"channel": running.a.news.id, "schedule": "daily 09:00", "timezone": "UTC"},
        )  # fmt: skip
        record = running.fake.interaction(iid)
        await running.fake.wait_for(lambda: record.callback_type, what="the acknowledgement")
        assert record.callback_type == 5  # deferred: the write is still waiting
        await asyncio.sleep(1.0)
        blocker.execute("COMMIT")
    finally:
        blocker.close()
    answer = await running.fake.interaction_response(iid, timeout=10)
    assert answer.deferred and not answer.ephemeral
    assert answer.content.startswith(f"Subscribed <#{running.a.news.id}> to **tariffs**")
    assert len(await running.running.runtime.store.subscriptions(running.a.id)) == 1


async def test_a_delivery_being_posted_is_not_posted_again_by_another_task(
    running: World,
) -> None:
    """The outbox's flush runs on its own schedule: coming while a digest's first post waits
    out a 429, it finds the delivery still pending, and must leave it to the task posting it
    (Discord's enforce_nonce would hide a second post; a compatible server need not)."""
    bot = running.running
    delivery = await bot.runtime.store.enqueue_delivery(
        None, running.a.news.id, "twice", [{"content": "Tariff digest"}]
    )
    running.fake.fail_next(
        "POST", f"/channels/{running.a.news.id}/messages", Fault.rate_limited(0.5)
    )
    first = asyncio.create_task(bot.delivery.deliver(delivery, fresh=True))
    await running.fake.wait_for(
        lambda: running.fake.requests_to(*POST_MESSAGE) or None, what="the first post (a 429)"
    )
    assert await bot.delivery.deliver(delivery) is False  # (left to the task posting it)
    assert await first is True
    statuses = [r.status for r in running.fake.requests_to(*POST_MESSAGE)]
    assert statuses == [429, 200]
    # nor looked for in the channel, as a delivery a crash interrupted would be
    assert running.fake.requests_to("GET", "/channels/{channel_id}/messages") == []


async def test_a_server_that_removes_the_bot_keeps_its_subscriptions_stopped_until_it_is_back(
    running: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.subscriptions")
    sub = await subscribe(running)
    bot, fake, a = running.running, running.fake, running.a
    later = datetime.now(UTC) + timedelta(hours=12)
    beta = await running.command(
        "digest", "subscribe", {"channel": running.b.news.id, "schedule": f"daily {later:%H:%M}"},
        server=running.b,
    )  # fmt: skip
    assert beta.content.startswith("Subscribed")

    await fake.remove_bot(a.id)

    async def stopped() -> Subscription | None:
        found = await bot.runtime.store.get_subscription(sub.id)
        return found if found is not None and found.broken else None

    gone = await eventually(stopped, what="the subscription stopped")
    assert gone.broken == "the bot was removed from this server"
    assert bot.scheduler.get_job(job_id(sub.id)) is None
    assert f"the bot was removed from server {a.id}: its 1 subscriptions are stopped and kept" in (
        caplog.text
    )
    assert await bot.subscriptions.run(sub.id) is None
    assert posts_to(running, a.news.id) == 0  # nothing tried in a server the bot is not in
    [other] = await bot.runtime.store.subscriptions(running.b.id)
    assert other.broken is None

    await fake.add_bot(a.id)  # the server invites the bot again

    async def resumed() -> Subscription | None:
        found = await bot.runtime.store.get_subscription(sub.id)
        return found if found is not None and found.broken is None else None

    back = await eventually(resumed, what="the subscription resumed")
    assert back.schedule == sub.schedule and back.created_at == sub.created_at
    notice = await fake.wait_for_message(
        a.general.id, predicate=lambda m: m.interaction_metadata is None
    )
    assert bot.scheduler.get_job(job_id(sub.id)) is not None
    assert len(channel_posts(fake, a.general.id)) == 1
    assert notice.content == (
        f"Posting works again: the tariffs digest goes to <#{a.news.id}> "
        f"on its schedule (`{sub.schedule}`)."
    )
    delivery = await bot.subscriptions.run(sub.id)
    assert delivery is not None and len(channel_posts(fake, a.news.id)) == len(delivery.messages)


async def test_a_server_in_an_outage_keeps_its_subscriptions_as_they_are(running: World) -> None:
    """GUILD_DELETE with ``unavailable: true`` is Discord's outage, not the bot's removal."""
    sub = await subscribe(running)
    bot, fake, a = running.running, running.fake, running.a
    await fake.guild_outage(a.id)
    await fake.wait_for(lambda: bot.get_guild(a.id).unavailable, what="the server unavailable")
    await fake.guild_outage_over(a.id)
    await fake.wait_for(lambda: not bot.get_guild(a.id).unavailable, what="the server back")
    await asyncio.sleep(0.1)  # (on_guild_available's work done)
    kept = await bot.runtime.store.get_subscription(sub.id)
    assert kept is not None and kept.broken is None
    assert bot.scheduler.get_job(job_id(sub.id)) is not None
    assert channel_posts(fake, a.general.id) == []  # no notice either way


async def test_a_server_that_added_the_bot_back_while_it_was_down_resumes_at_start_up(
    world: World,
) -> None:
    await world.start_bot()
    sub = await subscribe(world)
    store = world.running.runtime.store
    await world.fake.remove_bot(world.a.id)

    async def broken() -> str | None:
        found = await store.get_subscription(sub.id)
        return found.broken if found is not None else None

    assert await eventually(broken) == "the bot was removed from this server"
    await world.stop_bot()
    await world.fake.add_bot(world.a.id)
    bot = await world.start_bot(poll=False)

    async def working() -> bool:
        found = await bot.runtime.store.get_subscription(sub.id)
        scheduled = bot.scheduler.get_job(job_id(sub.id)) is not None
        return found is not None and found.broken is None and scheduled

    await eventually(working, what="the subscription resumed at start-up")
