"""Guild topics and subscriptions: per-guild, never visible to or changeable by another guild."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.store import GuildTopic, Store

GUILD_A = 1_100_000_000_000_000_001  # snowflakes need 64 bits
GUILD_B = 1_100_000_000_000_000_002
CHANNEL = 1_200_000_000_000_000_001
OTHER_CHANNEL = 1_200_000_000_000_000_002


async def test_guild_topics_are_isolated_per_guild(store: Store) -> None:
    a = await store.add_guild_topic(GUILD_A, "chips", ["semiconductor", "chip export"])
    await store.add_guild_topic(GUILD_B, "chips", ["potato chips"], ["recipe"])
    await store.add_guild_topic(GUILD_B, "autos", ["car tariff"])

    assert a == GuildTopic(GUILD_A, "chips", ("semiconductor", "chip export"), ())
    assert await store.guild_topics(GUILD_A) == [a]
    assert [t.name for t in await store.guild_topics(GUILD_B)] == ["autos", "chips"]
    assert [(t.guild_id, t.name) for t in await store.guild_topics()] == [
        (GUILD_A, "chips"),
        (GUILD_B, "autos"),
        (GUILD_B, "chips"),
    ]
    # Guild A cannot remove guild B's topic, even by the same name or B's other topic.
    assert await store.remove_guild_topic(GUILD_A, "autos") is False
    assert await store.remove_guild_topic(GUILD_A, "chips") is True
    assert await store.remove_guild_topic(GUILD_A, "chips") is False
    assert await store.guild_topics(GUILD_A) == []
    assert [t.include for t in await store.guild_topics(GUILD_B)] == [
        ("car tariff",),
        ("potato chips",),
    ]


async def test_adding_a_topic_again_replaces_its_keywords(store: Store) -> None:
    await store.add_guild_topic(GUILD_A, "chips", ["semiconductor"], ["snack"])
    replaced = await store.add_guild_topic(GUILD_A, "chips", ["wafer", "TSMC"])
    assert replaced == GuildTopic(GUILD_A, "chips", ("wafer", "TSMC"), ())
    assert await store.guild_topics(GUILD_A) == [replaced]


async def test_one_subscription_per_guild_channel_topic(store: Store) -> None:
    first = await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "daily 09:00", "Asia/Tokyo")
    again = await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "0 18 * * 1-5", "UTC")
    other_topic = await store.add_subscription(GUILD_A, CHANNEL, "chips", "daily 08:00", "UTC")

    assert again.id == first.id
    assert (again.schedule, again.timezone) == ("0 18 * * 1-5", "UTC")
    assert again.created_at == first.created_at
    assert first.created_at.tzinfo == UTC
    assert (first.guild_id, first.channel_id) == (GUILD_A, CHANNEL)
    assert [s.topic for s in await store.subscriptions(GUILD_A)] == ["chips", "tariffs"]
    assert await store.get_subscription(other_topic.id) == other_topic
    assert await store.get_subscription(999_999) is None


async def test_resubscribing_clears_broken(store: Store) -> None:
    sub = await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "daily 09:00", "UTC")
    assert await store.mark_subscription_broken(sub.id, "Missing Access (50001)") is True
    assert await store.mark_subscription_broken(sub.id, "Missing Access (50001)") is False
    broken = await store.get_subscription(sub.id)
    assert broken is not None and broken.broken == "Missing Access (50001)"

    fixed = await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "daily 09:00", "UTC")
    assert fixed.broken is None
    assert await store.mark_subscription_broken(sub.id, "again") is True
    assert await store.mark_subscription_broken(424242, "no such subscription") is False


async def test_remove_subscriptions_only_in_that_guild_and_channel(store: Store) -> None:
    await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "daily 09:00", "UTC")
    await store.add_subscription(GUILD_A, CHANNEL, "chips", "daily 09:00", "UTC")
    await store.add_subscription(GUILD_A, OTHER_CHANNEL, "tariffs", "daily 09:00", "UTC")
    await store.add_subscription(GUILD_B, CHANNEL, "tariffs", "daily 09:00", "UTC")

    assert await store.remove_subscriptions(GUILD_B, OTHER_CHANNEL) == 0
    assert await store.remove_subscriptions(GUILD_A, CHANNEL, "tariffs") == 1
    assert await store.remove_subscriptions(GUILD_A, CHANNEL, "tariffs") == 0
    assert await store.remove_subscriptions(GUILD_A, CHANNEL) == 1

    left = [(s.guild_id, s.channel_id, s.topic) for s in await store.subscriptions()]
    assert left == [(GUILD_A, OTHER_CHANNEL, "tariffs"), (GUILD_B, CHANNEL, "tariffs")]


async def test_set_last_digest(store: Store) -> None:
    sub = await store.add_subscription(GUILD_A, CHANNEL, "tariffs", "daily 09:00", "UTC")
    assert sub.last_digest_at is None
    nine_in_tokyo = datetime(2025, 7, 6, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    await store.set_last_digest(sub.id, nine_in_tokyo)
    stored = await store.get_subscription(sub.id)
    assert stored is not None
    assert stored.last_digest_at == datetime(2025, 7, 6, 0, 0, tzinfo=UTC)
    assert stored.last_digest_at.tzinfo == UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.set_last_digest(sub.id, datetime(2025, 7, 6, 9, 0))
