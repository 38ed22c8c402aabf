"""Discord misbehaving: rate limits, server errors, lost gateways, vanished channels, expired
interactions. The real bot (unmodified discord.py) against the fake Discord.

What must hold every time: nothing is posted twice, nothing is lost (a failed part is posted
by a later flush), a permanent failure is reported once and never retried in a loop, and the
bot keeps answering commands.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.store import Delivery, Subscription
from bot.subscriptions import job_id
from tests.e2e.harness import (
    World,
    channel_posts,
    eventually,
    skip_identify_wait,
    time_out_discord_requests,
)
from tests.fakes.discord import SEND_MESSAGES, VIEW_CHANNEL, Fault

POST_MESSAGE = ("POST", "/channels/{channel_id}/messages")
HISTORY = ("GET", "/channels/{channel_id}/messages")
FOLLOWUP = ("POST", "/webhooks/{application_id}/{token}")
CALLBACK = ("POST", "/interactions/{interaction_id}/{token}/callback")
TARIFF_PATH = "/category/politics/japan-tariff-negotiator-talks"


async def subscribe(world: World) -> Subscription:
    """Subscribe Alpha's #news at a time 12 hours away: runs happen only when a test says."""
    later = datetime.now(UTC) + timedelta(hours=12)
    answer = await world.command(
        "digest",
        "subscribe",
        {"channel": world.a.news.id, "schedule": f"daily {later:%H:%M}", "timezone": "UTC"},
    )
    assert answer.content.startswith("Subscribed"), answer.content
    [sub] = await world.running.runtime.store.subscriptions(world.a.id)
    return sub


def posts_to(world: World, channel_id: int) -> list[int | None]:
    """Status of every attempt to post in the channel, in order."""
    return [
        r.status
        for r in world.fake.requests_to(*POST_MESSAGE)
        if r.path == f"/channels/{channel_id}/messages"
    ]


def titles(messages: list[dict[str, Any]]) -> list[list[str]]:
    return [[e.get("title", "") for e in m["embeds"]] for m in messages]


async def assert_posted_exactly_once(world: World, delivery: Delivery) -> None:
    """Every part of the delivery is in #news once, in order, and the outbox says delivered."""
    posted = channel_posts(world.fake, world.a.news.id)
    assert [[e.get("title", "") for e in m.embeds] for m in posted] == titles(delivery.messages)
    done = await world.running.runtime.store.get_delivery(delivery.id)
    assert done is not None and done.status == "delivered"
    assert done.sent_ids == [m.id for m in posted]
    assert await world.running.runtime.store.pending_deliveries() == []


async def fire(world: World, job: str) -> None:
    """Make the scheduler run a job now (as its trigger would) and wait until it has run."""
    scheduler = world.running.scheduler
    before = scheduler.get_job(job).next_run_time
    scheduler.modify_job(job, next_run_time=datetime.now(UTC))

    async def rescheduled() -> bool:
        current = scheduler.get_job(job)
        return current is not None and current.next_run_time >= before

    await eventually(rescheduled, what=f"the {job} job to run")
    await asyncio.sleep(0.2)  # the job's coroutine finishes its last awaits


# -- rate limits and server errors -----------------------------------------------------------


@pytest.mark.parametrize("is_global", [False, True], ids=["route-429", "global-429"])
async def test_a_429_is_waited_out_and_every_part_is_posted_once(
    running: World, is_global: bool
) -> None:
    sub = await subscribe(running)
    news = running.a.news.id
    running.fake.fail_next(
        "POST", f"/channels/{news}/messages", Fault.rate_limited(0.5, is_global=is_global), after=1
    )
    started = time.monotonic()
    delivery = await running.running.subscriptions.run(sub.id)
    waited = time.monotonic() - started
    assert delivery is not None and len(delivery.messages) >= 3, "the digest should be long"
    parts = len(delivery.messages)
    assert posts_to(running, news) == [200, 429] + [200] * (parts - 1)
    assert waited >= 0.5
    await assert_posted_exactly_once(running, delivery)


@pytest.mark.parametrize("status", [500, 502])
async def test_a_500_or_502_is_retried_and_nothing_is_posted_twice(
    running: World, status: int
) -> None:
    sub = await subscribe(running)
    news = running.a.news.id
    running.fake.fail_next(
        "POST", f"/channels/{news}/messages", Fault.server_error(status), after=1
    )
    delivery = await running.running.subscriptions.run(sub.id)
    assert delivery is not None
    parts = len(delivery.messages)
    assert posts_to(running, news) == [200, status] + [200] * (parts - 1)
    await assert_posted_exactly_once(running, delivery)


async def test_a_503_leaves_the_rest_pending_and_the_next_flush_delivers_it_once(
    running: World,
) -> None:
    sub = await subscribe(running)
    bot, news = running.running, running.a.news.id
    running.fake.fail_next("POST", f"/channels/{news}/messages", Fault.server_error(503), after=1)
    delivery = await bot.subscriptions.run(sub.id)
    assert delivery is not None
    parts = len(delivery.messages)
    assert posts_to(running, news) == [200, 503]  # discord.py does not retry a 503
    [pending] = await bot.runtime.store.pending_deliveries()
    assert pending.id == delivery.id
    assert pending.sent_ids[0] is not None and pending.sent_ids[1:] == [None] * (parts - 1)
    assert pending.error is not None and "503" in pending.error
    assert len(channel_posts(running.fake, news)) == 1

    await fire(running, "outbox")  # the minutely outbox job
    await assert_posted_exactly_once(running, delivery)
    assert posts_to(running, news) == [200, 503] + [200] * (parts - 1)
    # The resumed delivery looked in the channel for part 2 before posting it (a crash could
    # have come between posting and recording the post).
    assert running.fake.requests_to(*HISTORY)
    for _ in range(3):  # later ticks find nothing to do
        await fire(running, "outbox")
    assert await bot.delivery.flush() == 0
    assert len(posts_to(running, news)) == parts + 1


async def test_a_post_that_times_out_says_so_and_the_next_flush_finds_it_posted(
    running: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord stores a post but its answer never comes: the wait ends in a timeout, whose
    text is empty ("network error: " said nothing), and the post must not be made twice."""
    caplog.set_level(logging.WARNING, logger="bot.delivery")
    sub = await subscribe(running)
    bot, news = running.running, running.a.news.id
    time_out_discord_requests(bot, 1.0)
    running.fake.delay_route("POST", f"/channels/{news}/messages", 2.0)
    delivery = await bot.subscriptions.run(sub.id)
    assert delivery is not None
    [pending] = await bot.runtime.store.pending_deliveries()
    assert pending.error == "network error: timed out after 1.0 s"
    [warning] = [r for r in caplog.records if "will retry" in r.getMessage()]
    assert warning.getMessage().endswith("failed, will retry: network error: timed out after 1.0 s")

    running.fake.delay_route("POST", f"/channels/{news}/messages", 0)
    await running.fake.wait_for_message(news)  # Discord carried the post out meanwhile
    await bot.delivery.flush()
    await assert_posted_exactly_once(running, delivery)
    assert len(posts_to(running, news)) == len(delivery.messages)


# -- channels that go away --------------------------------------------------------------------


async def _new_discussion(world: World) -> None:
    """A fresh comment, polled: the next run has something to post."""
    from tests.fakes.newssite import FakeComment

    world.site.articles[TARIFF_PATH].comments.append(
        FakeComment("latecomer", "The tariff cut is still not in writing.", 4, 0, world.now)
    )
    await world.running.runtime.poll_once()


#: What the admins are told to do, by cause: a permission to give, or a channel to replace.
GIVE_PERMISSIONS = (
    "Give the bot View Channel, Send Messages and Embed Links there, then run "
    "/digest subscribe (or /digest edit) again for that channel."
)
REPLACE_CHANNEL = (
    "The channel is gone: to keep getting this digest, subscribe another channel with "
    "/digest subscribe."
)
BREAKS = [
    pytest.param(
        "deleted", "the channel no longer exists", REPLACE_CHANNEL, id="channel-deleted-10003"
    ),
    pytest.param(
        "denied",
        "missing access or permissions (Missing Permissions)",
        GIVE_PERMISSIONS,
        id="send-messages-removed-50013",
    ),
    pytest.param(
        "hidden",
        "missing access or permissions (Missing Access)",
        GIVE_PERMISSIONS,
        id="view-channel-removed-50001",
    ),
    pytest.param(
        "mid-delivery",
        "missing access or permissions (Missing Permissions)",
        GIVE_PERMISSIONS,
        id="permissions-removed-mid-delivery-50013",
    ),
]


@pytest.mark.parametrize(("how", "reason", "advice"), BREAKS)
async def test_a_channel_lost_mid_schedule_breaks_the_subscription_once_without_retries(
    running: World, how: str, reason: str, advice: str
) -> None:
    sub = await subscribe(running)
    bot, news, general = running.running, running.a.news, running.a.general
    if how == "mid-delivery":
        running.fake.fail_next(
            "POST", f"/channels/{news.id}/messages", Fault.missing_permissions(), after=1
        )
        await bot.subscriptions.run(sub.id)
        assert len(channel_posts(running.fake, news.id)) == 1
    else:
        first = await bot.subscriptions.run(sub.id)
        assert first is not None
        await assert_posted_exactly_once(running, first)
        if how == "deleted":  # (without the CHANNEL_DELETE Discord sends: a missed event)
            del running.a.guild.channels[news.id]
        else:
            news.deny_bot(SEND_MESSAGES if how == "denied" else VIEW_CHANNEL)
        await _new_discussion(running)
        await bot.subscriptions.run(sub.id)

    broken = await bot.runtime.store.get_subscription(sub.id)
    assert broken is not None and broken.broken == reason
    [notice] = channel_posts(running.fake, general.id)  # the system channel, once
    assert notice.content == (
        f"digestbot could not post the tariffs digest to <#{news.id}>: {reason}. {advice}"
    )
    assert notice.pinged_user_ids == [] and not notice.pings_everyone
    attempts = len(posts_to(running, news.id))

    # Scheduler ticks and outbox flushes later: no retry loop, no second notice.
    for _ in range(3):
        assert await bot.subscriptions.run(sub.id) is None
        assert await bot.delivery.flush() == 0
    await fire(running, job_id(sub.id))
    await fire(running, "outbox")
    assert len(posts_to(running, news.id)) == attempts
    assert len(channel_posts(running.fake, general.id)) == 1
    assert channel_posts(running.fake, running.b.general.id) == []
    listing = await running.command("digest", "subscriptions")
    assert f"**stopped**: {reason}" in listing.embeds[0]["description"]


async def test_a_deleted_channel_stops_its_subscription_and_the_admins_are_told_at_once(
    running: World,
) -> None:
    """Discord sends CHANNEL_DELETE: the subscription stops then, not at its next digest
    (a week away for a weekly one), and nothing is sent to the channel that is gone."""
    bot, news, general = running.running, running.a.news, running.a.general
    later = datetime.now(UTC) + timedelta(hours=12)
    answer = await running.command(
        "digest",
        "subscribe",
        {"channel": news.id, "schedule": f"weekly mon {later:%H:%M}", "admin_channel": news.id},
    )
    assert answer.content.startswith("Subscribed"), answer.content
    [sub] = await bot.runtime.store.subscriptions(running.a.id)
    other = await subscribe_general_of_beta(running)

    await running.fake.delete_channel(news.id)
    notice = await running.fake.wait_for_message(
        general.id, predicate=lambda m: m.interaction_metadata is None
    )
    assert notice.content == (
        f"digestbot stopped the tariffs digest to <#{news.id}>: the channel was deleted. "
        f"{REPLACE_CHANNEL}"
    )
    stopped = await bot.runtime.store.get_subscription(sub.id)
    assert stopped is not None and stopped.broken == "the channel was deleted"
    assert bot.scheduler.get_job(job_id(sub.id)) is None
    assert await bot.subscriptions.run(sub.id) is None
    assert await bot.delivery.flush() == 0
    assert [r for r in running.fake.requests if str(news.id) in r.path] == []
    assert len(channel_posts(running.fake, general.id)) == 1
    listing = await running.command("digest", "subscriptions")
    assert "**stopped**: the channel was deleted" in listing.embeds[0]["description"]
    unaffected = await bot.runtime.store.get_subscription(other.id)
    assert unaffected is not None and unaffected.broken is None


async def subscribe_general_of_beta(world: World) -> Subscription:
    later = datetime.now(UTC) + timedelta(hours=12)
    answer = await world.command(
        "digest",
        "subscribe",
        {"channel": world.b.general.id, "schedule": f"daily {later:%H:%M}"},
        server=world.b,
    )
    assert answer.content.startswith("Subscribed"), answer.content
    [sub] = await world.running.runtime.store.subscriptions(world.b.id)
    return sub


# -- the gateway ------------------------------------------------------------------------------


async def test_gateway_reconnects_invalid_sessions_and_an_outage_lose_no_command(
    world: World,
) -> None:
    bot = await world.start_bot(prepare=skip_identify_wait)
    fake = world.fake
    gateway = fake.gateway

    async def still_answering(step: str) -> None:
        answer = await world.command("topic", "list", user=world.a.member)
        assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"], step

    async def new_connection(after: int, what: str) -> Any:
        return await fake.wait_for(
            lambda: next((c for c in gateway.connections[after:] if c.resume or c.identify), None),
            what=what,
        )

    first_session = await fake.wait_for_session()
    steps: list[tuple[str, Any]] = [
        ("RECONNECT (op 7)", fake.send_reconnect),
        ("INVALID_SESSION, resumable", lambda: fake.send_invalid_session(True)),
        ("socket dropped with 4000", lambda: fake.drop_gateway(4000)),
    ]
    for step, disrupt in steps:
        seen = len(gateway.connections)
        await disrupt()
        connection = await new_connection(seen, f"a RESUME after {step}")
        assert connection.resume is not None and connection.identify is None, step
        assert connection.resume["session_id"] == first_session, step
        await fake.wait_for_session()
        await still_answering(step)

    # Not resumable: a new session (IDENTIFY), at once because the test skipped the 5 s wait.
    seen = len(gateway.connections)
    await fake.send_invalid_session(False)
    connection = await new_connection(seen, "an IDENTIFY after a non-resumable INVALID_SESSION")
    assert connection.identify is not None
    second_session = await fake.wait_for_session()
    assert second_session != first_session
    await still_answering("after a new session")

    # An outage: the socket drops and Discord answers no new connection for a while. REST
    # still works (a digest is posted meanwhile); a command typed during the outage is
    # replayed on RESUME and answered within its 3 seconds.
    sub = await subscribe(world)
    seen = len(gateway.connections)
    fake.hold_gateway()
    await fake.drop_gateway(4000)

    def waiting() -> bool:
        session = gateway.current
        return len(gateway.connections) > seen and session is not None and not session.connection

    await fake.wait_for(waiting, what="the bot waiting for Discord to answer")
    delivery = await bot.subscriptions.run(sub.id)
    assert delivery is not None
    await assert_posted_exactly_once(world, delivery)
    typed = await fake.inject_interaction(world.a.id, world.a.general.id, world.a.member.id, "help")
    await asyncio.sleep(0.5)
    fake.release_gateway()
    answer = await fake.interaction_response(typed, timeout=5)
    assert answer.embeds[0]["title"] == "digestbot"
    record = fake.interaction(typed)
    [callback] = [r for r in fake.requests_to(*CALLBACK) if r.path.split("/")[2] == str(typed)]
    assert callback.status in (200, 204) and callback.at - record.created_at < 3.0
    await still_answering("after the outage")

    # No reconnect loop: exactly one new connection per disruption, two sessions in all.
    identifies = [c for c in gateway.connections if c.identify]
    resumes = [c for c in gateway.connections if c.resume]
    assert (len(identifies), len(resumes)) == (2, 4)
    assert len(gateway.connections) == 6
    assert not bot.is_closed()
    fake.check_client()
    assert len(channel_posts(fake, world.a.news.id)) == len(delivery.messages)


# -- interactions that expire ---------------------------------------------------------------


async def _wait_for_request(world: World, route: tuple[str, str], token: str) -> None:
    await world.fake.wait_for(
        lambda: any(token in r.path for r in world.fake.requests_to(*route)),
        what=f"a request to {route[1]}",
    )


@pytest.mark.parametrize(
    ("route", "command", "code"),
    [
        pytest.param(CALLBACK, ("topic", "list", {}), 10062, id="expired-before-callback-10062"),
        pytest.param(
            FOLLOWUP, ("news", "search", {"query": "tariff"}), 10015, id="expired-token-10015"
        ),
    ],
)
async def test_an_expired_interaction_is_logged_and_the_bot_keeps_answering(
    running: World,
    caplog: pytest.LogCaptureFixture,
    route: tuple[str, str],
    command: tuple[str, str, dict[str, Any]],
    code: int,
) -> None:
    caplog.set_level(logging.INFO)
    fake, a = running.fake, running.a
    fake.delay_route(route[0], route[1], 0.3)
    name, sub, options = command
    iid = await fake.inject_interaction(a.id, a.general.id, a.member.id, name, sub, options)
    record = fake.interaction(iid)
    await _wait_for_request(running, route, record.token)
    fake.expire_interaction(iid)  # the token dies while the bot's request is on its way
    # Others keep being answered meanwhile and after.
    fake.delay_route(route[0], route[1], 0)
    others = [
        await fake.inject_interaction(a.id, a.general.id, a.member.id, "topic", "list"),
        await fake.inject_interaction(
            a.id, a.general.id, a.member.id, "news", "latest", {"count": 2}
        ),
    ]
    for other in others:
        answer = await fake.interaction_response(other)
        assert answer.embeds, answer
    await fake.wait_for(
        lambda: any(
            "expired" in r.getMessage() and str(iid) in str(getattr(r, "interaction_id", ""))
            for r in caplog.records
        ),
        what="the expired interaction logged",
    )
    with_token = [r for r in fake.requests if record.token in r.path]
    # One try at the dead token, then nothing more: no retry, no error message attempt.
    assert with_token[-1].route == " ".join(route) and with_token[-1].status == 404
    assert [r.status for r in with_token].count(404) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    [warning] = [r for r in caplog.records if "expired" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert f"(Discord error {code})" in warning.getMessage()
    assert record.followups == [] and (record.callback_type is None) == (code == 10062)
    fake.check_client()
    assert not running.running.is_closed()
