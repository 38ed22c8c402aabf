"""Subscription options and per-part delivery state (migration 0003)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, text

from bot.store import Store
from bot.store.engine import alembic_config, create_engine
from tests.store.conftest import T0, file_url

GUILD, OTHER = 1_100_000_000_000_000_001, 1_100_000_000_000_000_002
CHANNEL, ADMIN = 1_200_000_000_000_000_001, 1_200_000_000_000_000_009
ROLE = 1_300_000_000_000_000_001


async def test_a_new_subscription_has_the_default_options(store: Store) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "daily 09:00", "UTC")
    assert (sub.role_id, sub.post_as, sub.style, sub.live_hours) == (None, "channel", "embeds", 24)
    assert (sub.max_articles, sub.min_comments, sub.publish, sub.admin_channel_id) == (
        None, None, False, None,
    )  # fmt: skip


async def test_options_are_stored_and_kept_when_subscribing_again(store: Store) -> None:
    options = {
        "role_id": ROLE, "post_as": "threads", "style": "compact", "live_hours": 0,
        "max_articles": 5, "min_comments": 3, "publish": True, "admin_channel_id": ADMIN,
    }  # fmt: skip
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "daily 09:00", "UTC",
                                       options=options)  # fmt: skip
    again = await store.add_subscription(GUILD, CHANNEL, "tariffs", "hourly", "UTC",
                                         options={"style": "embeds"})  # fmt: skip
    [stored] = await store.subscriptions(GUILD)
    assert stored == again
    assert (stored.id, stored.schedule, stored.style) == (sub.id, "hourly", "embeds")
    assert (stored.role_id, stored.post_as, stored.live_hours, stored.max_articles) == (
        ROLE, "threads", 0, 5,
    )  # fmt: skip
    assert (stored.min_comments, stored.publish, stored.admin_channel_id) == (3, True, ADMIN)


async def test_update_changes_only_this_guilds_subscription_and_clears_broken(
    store: Store,
) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "daily 09:00", "UTC")
    assert await store.mark_subscription_broken(sub.id, "missing access")
    assert await store.update_subscription(OTHER, sub.id, {"role_id": ROLE}) is None
    updated = await store.update_subscription(GUILD, sub.id, {"role_id": ROLE, "max_articles": 2})
    assert updated is not None and updated.broken is None
    assert (updated.role_id, updated.max_articles, updated.schedule) == (ROLE, 2, "daily 09:00")
    cleared = await store.update_subscription(GUILD, sub.id, {"role_id": None})
    assert cleared is not None and cleared.role_id is None and cleared.max_articles == 2
    with pytest.raises(ValueError, match="unknown subscription options: colour"):
        await store.update_subscription(GUILD, sub.id, {"colour": "red"})
    with pytest.raises(ValueError, match="style must be one of"):
        await store.update_subscription(GUILD, sub.id, {"style": "fancy"})


async def test_admin_channels_per_guild(store: Store) -> None:
    await store.add_subscription(GUILD, CHANNEL, "tariffs", "hourly", "UTC",
                                 options={"admin_channel_id": ADMIN})  # fmt: skip
    await store.add_subscription(GUILD, CHANNEL + 1, "rice", "hourly", "UTC",
                                 options={"admin_channel_id": ADMIN})  # fmt: skip
    await store.add_subscription(OTHER, CHANNEL + 2, "tariffs", "hourly", "UTC")
    assert await store.admin_channels() == {GUILD: [ADMIN]}


async def test_part_state_is_merged_step_by_step(store: Store) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "hourly", "UTC")
    messages = [{"content": "one"}, {"content": "two"}]
    parts = [{"articles": [["https://a.test/1"]], "fingerprint": {"u": {"votes": 3}}}, {}]
    delivery = await store.enqueue_delivery(sub.id, CHANNEL, "k", messages, parts=parts, at=T0)
    assert delivery.part(0)["articles"] == [["https://a.test/1"]] and delivery.part(1) == {}
    await store.mark_sent(delivery.id, 0, 111)
    await store.update_part(delivery.id, 0, thread_id=111)
    updated = await store.update_part(delivery.id, 0, published=False)
    assert updated.part(0) == {
        "articles": [["https://a.test/1"]], "fingerprint": {"u": {"votes": 3}},
        "thread_id": 111, "published": False,
    }  # fmt: skip
    assert updated.part(5) == {}
    with pytest.raises(ValueError, match="2 part states for 1"):
        await store.enqueue_delivery(sub.id, CHANNEL, "bad", [{"content": "x"}], parts=[{}, {}])


async def test_delivered_since_lists_recent_subscription_deliveries(store: Store) -> None:
    sub = await store.add_subscription(GUILD, CHANNEL, "tariffs", "hourly", "UTC")
    old = await store.enqueue_delivery(sub.id, CHANNEL, "old", [{"content": "a"}], at=T0)
    new = await store.enqueue_delivery(sub.id, CHANNEL, "new", [{"content": "b"}], at=T0)
    await store.enqueue_delivery(None, CHANNEL, "adhoc", [{"content": "c"}], at=T0)
    await store.mark_delivered(old.id, at=T0)
    await store.mark_delivered(new.id, at=T0 + timedelta(hours=30))
    found = await store.delivered_since(T0 + timedelta(hours=6))
    assert [d.key for d in found] == ["new"]


async def test_upgrading_a_0002_database_gives_existing_subscriptions_the_defaults(
    tmp_path: Path,
) -> None:
    url = file_url(tmp_path / "old.sqlite3")
    engine = create_engine(url)

    def to(connection: Connection, revision: str) -> None:
        command.upgrade(alembic_config(connection), revision)

    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: to(c, "0002"))
            # As code of revision 0002 wrote it: none of the new columns named.
            await conn.execute(
                text(
                    "INSERT INTO subscriptions (id, guild_id, channel_id, topic, schedule, "
                    "timezone, created_at) VALUES (3, :g, :c, 'tariffs', 'hourly', 'UTC', "
                    "'2025-07-05 09:00:00.000000')"
                ).bindparams(g=GUILD, c=CHANNEL)
            )
    finally:
        await engine.dispose()
    store = await Store.open(url)
    try:
        [sub] = await store.subscriptions()
    finally:
        await store.close()
    assert (sub.id, sub.post_as, sub.style, sub.live_hours, sub.publish) == (
        3, "channel", "embeds", 24, False,
    )  # fmt: skip
    assert sub.role_id is None and sub.max_articles is None
