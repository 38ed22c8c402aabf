"""Subscriptions: a channel gets a topic's digest on its own schedule, exactly once per run.

Each subscription has an APScheduler job built from the store at start. A run digests the
topic's articles discussed since the channel's last digest, stores the posts in the outbox
under a key derived from that window (so a re-run after a crash finds the same row instead
of making a second), moves the window, then delivers.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.catalog import TopicCatalog
from bot.delivery import DeliveryService
from bot.digest_service import DigestService
from bot.errors import UserInputError
from bot.render import render_embeds
from bot.schedule import DEFAULT_SCHEDULE, parse_schedule, timezone
from bot.store import Delivery, Store, Subscription
from config.settings import DigestSettings

log = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS_PER_GUILD = 50
#: Digest runs caught up at once after downtime.
MAX_CONCURRENT_RUNS = 16


def job_id(sub_id: int) -> str:
    return f"subscription:{sub_id}"


class SubscriptionService:
    def __init__(
        self,
        store: Store,
        catalog: TopicCatalog,
        digests: DigestService,
        delivery: DeliveryService,
        settings: DigestSettings,
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.digests = digests
        self.delivery = delivery
        self.settings = settings
        self.scheduler = scheduler

    async def subscribe(
        self,
        guild_id: int,
        channel_id: int,
        topic: str | None = None,
        schedule: str | None = None,
        tz: str | None = None,
    ) -> Subscription:
        """Validate everything first, then store and schedule; errors name the bad argument."""
        resolved = await self.catalog.resolve(guild_id, topic)
        topic_name = resolved.name.split(":", 1)[-1]
        schedule = " ".join((schedule or DEFAULT_SCHEDULE).split())
        tz = (tz or self.settings.timezone).strip()
        timezone(tz)
        parse_schedule(schedule, tz)
        existing = await self.store.subscriptions(guild_id)
        if len(existing) >= MAX_SUBSCRIPTIONS_PER_GUILD and not any(
            s.channel_id == channel_id and s.topic == topic_name for s in existing
        ):
            raise UserInputError(
                f"a server can have at most {MAX_SUBSCRIPTIONS_PER_GUILD} subscriptions"
            )
        sub = await self.store.add_subscription(guild_id, channel_id, topic_name, schedule, tz)
        self._schedule(sub)
        return sub

    async def unsubscribe(self, guild_id: int, channel_id: int, topic: str | None = None) -> int:
        subs = [
            s
            for s in await self.store.subscriptions(guild_id)
            if s.channel_id == channel_id and (topic is None or s.topic == topic.strip().lower())
        ]
        removed = await self.store.remove_subscriptions(
            guild_id, channel_id, topic.strip().lower() if topic else None
        )
        for sub in subs:
            self._unschedule(sub.id)
        return removed

    async def start(self, *, now: datetime | None = None) -> int:
        """Rebuild every job from the store; run once now those that missed a run while down.

        The missed runs go :data:`MAX_CONCURRENT_RUNS` at a time (their posts share
        :class:`DeliveryService`'s bound on requests in flight). A run that fails is logged
        and the others still run; the first failure is raised once they are all done.
        """
        now = now or datetime.now(UTC)
        missed = []
        for sub in await self.store.subscriptions():
            if sub.broken:
                continue
            self._schedule(sub)
            if self._missed_run(sub, now):
                missed.append(sub)
        gate = asyncio.Semaphore(MAX_CONCURRENT_RUNS)

        async def catch_up(sub: Subscription) -> None:
            async with gate:
                await self.run(sub.id, now=now)

        outcomes = await asyncio.gather(*(catch_up(s) for s in missed), return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        for sub, outcome in zip(missed, outcomes, strict=True):
            if isinstance(outcome, Exception):
                log.error("subscription %s: catch-up run failed: %s", sub.id, outcome)
        if failures:
            raise failures[0]
        return len(missed)

    def _missed_run(self, sub: Subscription, now: datetime) -> bool:
        """True when a run was due since the last digest (after downtime: one run, coalesced)."""
        since = sub.last_digest_at or sub.created_at
        try:
            trigger = parse_schedule(sub.schedule, sub.timezone)
        except UserInputError:
            return False
        fire = trigger.get_next_fire_time(None, since + timedelta(seconds=1))
        return fire is not None and fire <= now

    def _schedule(self, sub: Subscription) -> None:
        if self.scheduler is None:
            return
        try:
            trigger = parse_schedule(sub.schedule, sub.timezone)
        except UserInputError as exc:
            log.warning("subscription %s has a bad schedule %r: %s", sub.id, sub.schedule, exc)
            return
        self.scheduler.add_job(
            self._run_job,
            trigger,
            args=[sub.id],
            id=job_id(sub.id),
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    def _unschedule(self, sub_id: int) -> None:
        if self.scheduler is not None and self.scheduler.get_job(job_id(sub_id)):
            self.scheduler.remove_job(job_id(sub_id))

    def next_run_time(self, sub_id: int) -> datetime | None:
        if self.scheduler is None:
            return None
        job = self.scheduler.get_job(job_id(sub_id))
        when: datetime | None = getattr(job, "next_run_time", None) if job else None
        return when

    async def _run_job(self, sub_id: int) -> None:
        try:
            await self.run(sub_id)
        except Exception:
            log.exception(
                "subscription %s: digest run failed", sub_id, extra={"subscription_id": sub_id}
            )

    async def run(self, sub_id: int, *, now: datetime | None = None) -> Delivery | None:
        """Digest and post one subscription's window; an empty window posts nothing."""
        now = now or datetime.now(UTC)
        sub = await self.store.get_subscription(sub_id)
        if sub is None or sub.broken:
            return None
        try:
            topic = await self.catalog.resolve(sub.guild_id, sub.topic)
        except UserInputError as exc:
            log.warning("subscription %s: %s", sub.id, exc)
            return None
        first = sub.last_digest_at is None
        since = sub.last_digest_at or (now - timedelta(hours=self.settings.window_hours))
        digest = await self.digests.for_topic(
            topic.name,
            topic_name=sub.topic,
            active_since=since,
            max_articles=self.settings.first_post_articles if first else None,
            now=now,
        )
        delivery: Delivery | None = None
        if digest.entries:
            messages: list[dict[str, Any]] = [
                {"embeds": embeds} for embeds in render_embeds(digest)
            ]
            key = f"sub:{sub.id}:{since.isoformat()}"
            delivery = await self.store.enqueue_delivery(sub.id, sub.channel_id, key, messages)
        await self.store.set_last_digest(sub.id, now)
        if delivery is not None and delivery.status == "pending":
            # A row made before this run began is left over from a run that crashed: it may
            # have posted some parts already, so the delivery looks before it sends.
            await self.delivery.deliver(delivery, fresh=delivery.created_at >= now)
        return delivery
