"""Options a Discord client would never send, from a client that is not Discord's: each is
refused with one private message naming the option, and changes nothing."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import World
from tests.e2e.test_commands import TARIFF_PATH, private_error


async def unchecked(
    world: World, command: str, subcommand: str | None, options: dict[str, Any], *, admin: bool
) -> int:
    server = world.a
    user = server.admin if admin else server.member
    return await world.fake.inject_interaction(
        server.id, server.general.id, user.id, command, subcommand, options, unchecked=True
    )


async def test_numbers_outside_the_commands_ranges_are_refused(running: World) -> None:
    url = running.site.url_for(TARIFF_PATH)
    for command, subcommand, options, expected in [
        (
            "digest",
            "article",
            {"url": url, "count": 0},
            "`count` must be between 1 and 10 (not 0).",
        ),
        ("stats", None, {"days": 1000}, "`days` must be between 1 and 90 (not 1000)."),
        ("news", "latest", {"count": 26}, "`count` must be between 1 and 25 (not 26)."),
    ]:
        iid = await unchecked(running, command, subcommand, options, admin=False)
        assert await private_error(running, iid) == expected


async def test_a_choice_not_offered_is_refused(running: World) -> None:
    url = running.site.url_for(TARIFF_PATH)
    iid = await unchecked(
        running, "news", "comments", {"article": url, "sort": "loudest"}, admin=False
    )
    text = await private_error(running, iid)
    assert text.startswith("`sort` must be one of `best (most upvoted") and "`newest`" in text


async def test_a_voice_channel_is_no_place_for_digests(running: World) -> None:
    lounge = running.a.guild.add_voice_channel("Lounge")
    iid = await unchecked(running, "digest", "subscribe", {"channel": lounge.id}, admin=True)
    assert await private_error(running, iid) == (
        "`channel` must be a text, announcement or forum channel."
    )
    assert await running.running.runtime.store.subscriptions(running.a.id) == []


async def test_another_servers_channel_is_refused_and_left_alone(running: World) -> None:
    """Beta's admin naming Alpha's #news: no subscription, nothing posted there."""
    beta = running.b
    for subcommand, options in [
        ("subscribe", {"channel": running.a.news.id, "schedule": "daily 09:00"}),
        ("edit", {"channel": running.a.news.id, "max_articles": 1}),
        ("unsubscribe", {"channel": running.a.news.id}),
    ]:
        iid = await running.fake.inject_interaction(
            beta.id, beta.general.id, beta.admin.id, "digest", subcommand, options, unchecked=True
        )
        assert await private_error(running, iid) == (
            f"<#{running.a.news.id}> is not a channel of this server."
        )
    store = running.running.runtime.store
    assert await store.subscriptions(beta.id) == []
    assert await store.subscriptions(running.a.id) == []
