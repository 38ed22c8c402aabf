"""Per-guild state: the topics a guild added and its channels' digest subscriptions.

Every lookup that changes something is scoped by guild id: one guild can never see, change
or remove another guild's topics or subscriptions through these methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, select, update

from bot.store.base import StoreBase, aware, utcnow
from bot.store.records import (
    DEFAULT_LIVE_HOURS,
    POST_AS,
    STYLES,
    GuildTopic,
    PostAs,
    Style,
    Subscription,
)
from bot.store.schema import GuildTopicRow, SubscriptionRow


class GuildStore(StoreBase):
    # -- guild topics -------------------------------------------------------------------

    async def add_guild_topic(
        self, guild_id: int, name: str, include: Sequence[str], exclude: Sequence[str] = ()
    ) -> GuildTopic:
        """Add a topic to a guild; a topic of that name in that guild is replaced."""

        async def attempt() -> GuildTopic:
            async with self._write() as s:
                stmt = select(GuildTopicRow).where(
                    GuildTopicRow.guild_id == guild_id, GuildTopicRow.name == name
                )
                row = await s.scalar(stmt.with_for_update())
                if row is None:
                    row = GuildTopicRow(guild_id=guild_id, name=name)
                    s.add(row)
                row.include, row.exclude = list(include), list(exclude)
                await s.flush()
                return _guild_topic(row)

        return await self._retry_on_conflict(attempt)

    async def remove_guild_topic(self, guild_id: int, name: str) -> bool:
        """Remove one of this guild's topics; False when the guild has none of that name."""
        async with self._write() as s:
            result = await s.execute(
                delete(GuildTopicRow).where(
                    GuildTopicRow.guild_id == guild_id, GuildTopicRow.name == name
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def guild_topics(self, guild_id: int | None = None) -> list[GuildTopic]:
        """One guild's topics by name, or every guild's (None) by guild then name."""
        stmt = select(GuildTopicRow).order_by(GuildTopicRow.guild_id, GuildTopicRow.name)
        if guild_id is not None:
            stmt = stmt.where(GuildTopicRow.guild_id == guild_id)
        async with self._read() as s:
            return [_guild_topic(row) for row in await s.scalars(stmt)]

    # -- subscriptions ------------------------------------------------------------------

    async def add_subscription(
        self,
        guild_id: int,
        channel_id: int,
        topic: str,
        schedule: str,
        timezone: str,
        *,
        options: Mapping[str, Any] | None = None,
    ) -> Subscription:
        """Subscribe a channel to a topic. Subscribing again updates the schedule and time
        zone and clears ``broken`` (the admin fixed the channel); ``created_at`` stays.

        ``options`` sets subscription options by name (see :data:`OPTION_COLUMNS`); options
        not named keep their stored value (their default on a new subscription)."""
        changes = _checked_options(options or {})

        async def attempt() -> Subscription:
            async with self._write() as s:
                stmt = select(SubscriptionRow).where(
                    SubscriptionRow.guild_id == guild_id,
                    SubscriptionRow.channel_id == channel_id,
                    SubscriptionRow.topic == topic,
                )
                row = await s.scalar(stmt.with_for_update())
                if row is None:
                    row = SubscriptionRow(
                        guild_id=guild_id,
                        channel_id=channel_id,
                        topic=topic,
                        created_at=utcnow(),
                        post_as="channel",
                        style="embeds",
                        live_hours=DEFAULT_LIVE_HOURS,
                        publish=False,
                    )
                    s.add(row)
                row.schedule, row.timezone, row.broken = schedule, timezone, None
                for name, value in changes.items():
                    setattr(row, name, value)
                await s.flush()
                return _subscription(row)

        return await self._retry_on_conflict(attempt)

    async def update_subscription(
        self, guild_id: int, sub_id: int, changes: Mapping[str, Any]
    ) -> Subscription | None:
        """Change a subscription's schedule, time zone or options (see :data:`OPTION_COLUMNS`)
        and clear ``broken`` (an admin looked at it: posting is tried again). Only this
        guild's subscription is touched; None when it has no subscription ``sub_id``."""
        checked = _checked_options(changes)
        async with self._write() as s:
            stmt = select(SubscriptionRow).where(
                SubscriptionRow.id == sub_id, SubscriptionRow.guild_id == guild_id
            )
            row = await s.scalar(stmt.with_for_update())
            if row is None:
                return None
            for name, value in checked.items():
                setattr(row, name, value)
            row.broken = None
            await s.flush()
            return _subscription(row)

    async def admin_channels(self) -> dict[int, list[int]]:
        """Per guild, the admin channels its subscriptions name (each once, in id order)."""
        stmt = (
            select(SubscriptionRow.guild_id, SubscriptionRow.admin_channel_id)
            .where(SubscriptionRow.admin_channel_id.is_not(None))
            .distinct()
            .order_by(SubscriptionRow.guild_id, SubscriptionRow.admin_channel_id)
        )
        found: dict[int, list[int]] = {}
        async with self._read() as s:
            for guild_id, channel_id in await s.execute(stmt):
                if channel_id is not None:
                    found.setdefault(int(guild_id), []).append(int(channel_id))
        return found

    async def remove_subscriptions(
        self, guild_id: int, channel_id: int, topic: str | None = None
    ) -> int:
        """Remove a channel's subscription to ``topic`` (or all of them); how many went."""
        stmt = delete(SubscriptionRow).where(
            SubscriptionRow.guild_id == guild_id, SubscriptionRow.channel_id == channel_id
        )
        if topic is not None:
            stmt = stmt.where(SubscriptionRow.topic == topic)
        async with self._write() as s:
            return int((await s.execute(stmt)).rowcount)  # type: ignore[attr-defined]

    async def subscriptions(self, guild_id: int | None = None) -> list[Subscription]:
        """One guild's subscriptions, or all (None), by guild, channel and topic."""
        stmt = select(SubscriptionRow).order_by(
            SubscriptionRow.guild_id, SubscriptionRow.channel_id, SubscriptionRow.topic
        )
        if guild_id is not None:
            stmt = stmt.where(SubscriptionRow.guild_id == guild_id)
        async with self._read() as s:
            return [_subscription(row) for row in await s.scalars(stmt)]

    async def get_subscription(self, sub_id: int) -> Subscription | None:
        async with self._read() as s:
            row = await s.get(SubscriptionRow, sub_id)
            return _subscription(row) if row is not None else None

    async def mark_subscription_broken(self, sub_id: int, reason: str) -> bool:
        """Mark a subscription as unable to post; True only the first time (notify once)."""
        stmt = (
            update(SubscriptionRow)
            .where(SubscriptionRow.id == sub_id, SubscriptionRow.broken.is_(None))
            .values(broken=reason or "unknown reason")
        )
        async with self._write() as s:
            return bool((await s.execute(stmt)).rowcount)  # type: ignore[attr-defined]

    async def stop_subscriptions(self, guild_id: int, reason: str) -> list[Subscription]:
        """Mark every working subscription of a guild as stopped for ``reason`` (kept, as
        every stopped one); those it stopped."""
        return await self._restate(guild_id, SubscriptionRow.broken.is_(None), reason)

    async def resume_subscriptions(self, guild_id: int, reason: str) -> list[Subscription]:
        """Clear the stop of a guild's subscriptions stopped for ``reason`` (not those stopped
        for another); those it resumed."""
        return await self._restate(guild_id, SubscriptionRow.broken == reason, None)

    async def _restate(
        self, guild_id: int, which: ColumnElement[bool], broken: str | None
    ) -> list[Subscription]:
        async with self._write() as s:
            stmt = select(SubscriptionRow).where(SubscriptionRow.guild_id == guild_id, which)
            rows = list(await s.scalars(stmt.with_for_update()))
            for row in rows:
                row.broken = broken
            await s.flush()
            return [_subscription(row) for row in rows]

    async def set_last_digest(self, sub_id: int, at: datetime) -> None:
        stmt = (
            update(SubscriptionRow)
            .where(SubscriptionRow.id == sub_id)
            .values(last_digest_at=aware(at, "at"))
        )
        async with self._write() as s:
            await s.execute(stmt)


#: Subscription options a caller may set, with the check each value must pass.
OPTION_COLUMNS = (
    "schedule",
    "timezone",
    "role_id",
    "post_as",
    "style",
    "live_hours",
    "max_articles",
    "min_comments",
    "publish",
    "admin_channel_id",
)


def _checked_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` as column values; a name that is not an option is a programming error."""
    unknown = sorted(set(options) - set(OPTION_COLUMNS))
    if unknown:
        raise ValueError(f"unknown subscription options: {', '.join(unknown)}")
    checked = dict(options)
    if checked.get("post_as", "channel") not in POST_AS:
        raise ValueError(f"post_as must be one of {POST_AS}, not {checked['post_as']!r}")
    if checked.get("style", "embeds") not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {checked['style']!r}")
    for name in ("live_hours", "max_articles", "min_comments"):
        value = checked.get(name)
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more, not {value}")
    if checked.get("live_hours", 0) is None:
        raise ValueError("live_hours must be a number of hours (0: off)")
    return checked


def _guild_topic(row: GuildTopicRow) -> GuildTopic:
    return GuildTopic(
        guild_id=row.guild_id, name=row.name, include=tuple(row.include), exclude=tuple(row.exclude)
    )


def _subscription(row: SubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id,
        guild_id=row.guild_id,
        channel_id=row.channel_id,
        topic=row.topic,
        schedule=row.schedule,
        timezone=row.timezone,
        created_at=row.created_at,
        last_digest_at=row.last_digest_at,
        broken=row.broken,
        role_id=row.role_id,
        post_as=cast(PostAs, row.post_as or "channel"),
        style=cast(Style, row.style or "embeds"),
        live_hours=DEFAULT_LIVE_HOURS if row.live_hours is None else row.live_hours,
        max_articles=row.max_articles,
        min_comments=row.min_comments,
        publish=bool(row.publish),
        admin_channel_id=row.admin_channel_id,
    )
