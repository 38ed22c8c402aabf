"""Subscriptions: a channel gets a topic's digest on its own schedule, exactly once per run.

Each subscription has an APScheduler job built from the store at start. A run digests the
topic's articles discussed since the channel's last digest, stores the posts in the outbox
under a key derived from that window (so a re-run after a crash finds the same row instead
of making a second), moves the window, then delivers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.catalog import TopicCatalog
from bot.delivery import CHANNEL_DELETED, DeliveryService, deleted_notice
from bot.digest_service import DigestService
from bot.errors import UserInputError
from bot.render.parts import ChannelKind, Layout, digest_parts
from bot.schedule import DEFAULT_SCHEDULE, parse_schedule, timezone
from bot.store import Delivery, Store, Subscription
from bot.store.records import POST_AS, STYLES
from config.settings import DigestSettings

if TYPE_CHECKING:
    from bot.cluster import Cluster

log = logging.getLogger(__name__)

MAX_SUBSCRIPTIONS_PER_GUILD = 50
#: Digest runs caught up at once after downtime.
MAX_CONCURRENT_RUNS = 16
#: Longest live-update window: a week.
MAX_LIVE_HOURS = 168
MAX_ARTICLES = 25
MAX_MIN_COMMENTS = 100_000
#: The options ``/digest subscribe`` and ``/digest edit`` set, beside schedule and timezone.
OPTION_NAMES = (
    "role_id",
    "post_as",
    "style",
    "live_hours",
    "max_articles",
    "min_comments",
    "publish",
    "admin_channel_id",
)


def check_options(options: Mapping[str, Any], *, kind: ChannelKind | None = None) -> dict[str, Any]:
    """Subscription options as stored; a bad value is a UserInputError naming the option.

    In a forum channel every digest is forum posts, so ``post_as`` is ``threads`` there.
    """
    checked = dict(options)
    unknown = sorted(set(checked) - set(OPTION_NAMES))
    if unknown:
        raise UserInputError(f"unknown subscription option {unknown[0]!r}")
    if "post_as" in checked and checked["post_as"] not in POST_AS:
        raise UserInputError(f"post_as is one of {', '.join(POST_AS)}")
    if "style" in checked and checked["style"] not in STYLES:
        raise UserInputError(f"style is one of {', '.join(STYLES)}")
    limits = {
        "live_hours": (0, MAX_LIVE_HOURS),
        "max_articles": (1, MAX_ARTICLES),
        "min_comments": (0, MAX_MIN_COMMENTS),
    }
    for name, (low, high) in limits.items():
        value = checked.get(name)
        if value is not None and not low <= int(value) <= high:
            raise UserInputError(f"{name} must be between {low} and {high}, not {value}")
    if kind == "forum":
        if checked.get("post_as") == "channel":
            raise UserInputError(
                "a forum channel takes one post per article: use post_as:threads there"
            )
        checked["post_as"] = "threads"
    return checked


JOB_PREFIX = "subscription:"
#: Why a server's subscriptions are stopped while the bot is not in it.
GUILD_LEFT = "the bot was removed from this server"


def job_id(sub_id: int) -> str:
    return f"{JOB_PREFIX}{sub_id}"


async def _text_channel(_channel_id: int) -> ChannelKind:
    return "text"


class SubscriptionService:
    def __init__(
        self,
        store: Store,
        catalog: TopicCatalog,
        digests: DigestService,
        delivery: DeliveryService,
        settings: DigestSettings,
        scheduler: AsyncIOScheduler | None = None,
        channel_kind: Callable[[int], Awaitable[ChannelKind]] | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.digests = digests
        self.delivery = delivery
        self.settings = settings
        self.scheduler = scheduler
        #: What kind of channel an id is, when the digest is laid out (default: text).
        self.channel_kind = channel_kind or _text_channel
        #: With several processes: only the leader schedules runs; each posts its own shards'.
        self.cluster = cluster

    @property
    def leading(self) -> bool:
        """Whether this process runs the schedules (with one process: always)."""
        return self.cluster is None or self.cluster.is_leader

    async def subscribe(
        self,
        guild_id: int,
        channel_id: int,
        topic: str | None = None,
        schedule: str | None = None,
        tz: str | None = None,
        *,
        options: Mapping[str, Any] | None = None,
        kind: ChannelKind | None = None,
    ) -> Subscription:
        """Validate everything first, then store and schedule; errors name the bad argument.

        ``options`` (see :data:`OPTION_NAMES`) not given keep their stored value on a
        re-subscription. Re-subscribing a broken subscription fixes it, and its server's
        admins are told that posting works again."""
        checked = check_options(options or {}, kind=kind)
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
        before = next(
            (s for s in existing if s.channel_id == channel_id and s.topic == topic_name), None
        )
        sub = await self.store.add_subscription(
            guild_id, channel_id, topic_name, schedule, tz, options=checked
        )
        self._schedule(sub)
        if before is not None and before.broken:
            await self._recovered(sub)
        return sub

    async def edit(
        self,
        guild_id: int,
        channel_id: int,
        topic: str | None,
        changes: Mapping[str, Any],
        *,
        kind: ChannelKind | None = None,
    ) -> Subscription:
        """Change an existing subscription's schedule, timezone or options in place (its
        window and history stay). ``topic`` may be left out when the channel has one
        subscription. Editing a broken subscription tries posting again."""
        wanted = dict(changes)
        schedule = wanted.pop("schedule", None)
        tz = wanted.pop("timezone", None)
        checked = check_options(wanted, kind=kind)
        in_channel = [
            s for s in await self.store.subscriptions(guild_id) if s.channel_id == channel_id
        ]
        if topic is not None:
            name = topic.strip().lower()
            in_channel = [s for s in in_channel if s.topic == name]
        if not in_channel:
            what = f" to **{topic.strip().lower()}**" if topic else ""
            raise UserInputError(f"<#{channel_id}> has no subscription{what} in this server.")
        if len(in_channel) > 1:
            topics = ", ".join(s.topic for s in in_channel)
            raise UserInputError(
                f"<#{channel_id}> has several subscriptions ({topics}): name the topic."
            )
        before = in_channel[0]
        if schedule is not None or tz is not None:
            schedule = " ".join((schedule or before.schedule).split())
            tz = (tz or before.timezone).strip()
            timezone(tz)
            parse_schedule(schedule, tz)
            checked.update(schedule=schedule, timezone=tz)
        sub = await self.store.update_subscription(guild_id, before.id, checked)
        if sub is None:  # removed meanwhile
            raise UserInputError(f"<#{channel_id}> has no subscription in this server.")
        self._schedule(sub)
        if before.broken:
            await self._recovered(sub)
        return sub

    async def _recovered(self, sub: Subscription) -> None:
        await self.delivery.poster.notify_admins(
            sub.guild_id,
            f"Posting works again: the {sub.topic} digest goes to <#{sub.channel_id}> "
            f"on its schedule (`{sub.schedule}`).",
            admin_channel_id=sub.admin_channel_id,
        )

    async def channel_deleted(self, guild_id: int, channel_id: int) -> int:
        """Discord says a channel was deleted: stop its subscriptions and tell the admins now,
        not at the next digest (a weekly one's may be days away). How many were stopped."""
        stopped = 0
        for sub in await self.store.subscriptions(guild_id):
            if sub.channel_id != channel_id or sub.broken:
                continue
            if not await self.store.mark_subscription_broken(sub.id, CHANNEL_DELETED):
                continue  # (stopped meanwhile, and its admins told)
            self._unschedule(sub.id)
            stopped += 1
            log.warning(
                "subscription %s is stopped: its channel %s was deleted",
                sub.id,
                channel_id,
                extra={"subscription_id": sub.id, "guild_id": guild_id, "channel_id": channel_id},
            )
            admin_channel = sub.admin_channel_id if sub.admin_channel_id != channel_id else None
            await self.delivery.poster.notify_admins(
                guild_id, deleted_notice(sub.topic, channel_id), admin_channel_id=admin_channel
            )
        return stopped

    async def guild_left(self, guild_id: int) -> list[Subscription]:
        """The bot was removed from a server: its subscriptions stop, and stay stored (the
        server may add the bot back). Nobody there can be told: the bot is gone."""
        stopped = await self.store.stop_subscriptions(guild_id, GUILD_LEFT)
        for sub in stopped:
            self._unschedule(sub.id)
        if stopped:
            log.warning(
                "the bot was removed from server %s: its %d subscriptions are stopped and kept; "
                "they resume if the bot is added back",
                guild_id,
                len(stopped),
                extra={"guild_id": guild_id},
            )
        return stopped

    async def guild_back(self, guild_id: int) -> list[Subscription]:
        """The bot is in a server (again): subscriptions stopped when it was removed resume,
        and the admins are told. Those stopped for another reason stay stopped."""
        if not any(s.broken == GUILD_LEFT for s in await self.store.subscriptions(guild_id)):
            return []  # (the usual case, checked without a write: every server at start-up)
        resumed = await self.store.resume_subscriptions(guild_id, GUILD_LEFT)
        for sub in resumed:
            self._schedule(sub)
        if resumed:
            log.info(
                "the bot is back in server %s: its %d stopped subscriptions resume",
                guild_id,
                len(resumed),
                extra={"guild_id": guild_id},
            )
        for sub in resumed:
            await self._recovered(sub)
        return resumed

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
        current: set[str] = set()
        before = self._job_ids()
        for sub in await self.store.subscriptions():
            if sub.broken:
                continue
            current.add(job_id(sub.id))
            self._schedule(sub)
            if self._missed_run(sub, now):
                missed.append(sub)
        # removed meanwhile, e.g. through another process; not one scheduled while the store
        # was read (a server's subscriptions resumed as it comes back at start-up)
        self.stop_jobs(keep=current | (self._job_ids() - before))
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

    def _job_ids(self) -> set[str]:
        if self.scheduler is None:
            return set()
        return {job.id for job in self.scheduler.get_jobs() if job.id.startswith(JOB_PREFIX)}

    def stop_jobs(self, keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Remove the subscriptions' jobs (but those in ``keep``): when this process stops
        leading, another one runs the schedules."""
        if self.scheduler is None:
            return
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id not in keep:
                self.scheduler.remove_job(job.id)

    def _schedule(self, sub: Subscription) -> None:
        if self.scheduler is None or not self.leading:
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

    async def _leftover(self, sub: Subscription) -> Delivery | None:
        """The digest of a run that crashed between storing it and moving the window: a
        delivery keyed by the current window's start (any delivery at all while the window
        has never moved, since every finished run moves it)."""
        latest = await self.store.latest_delivery_for(sub.id)
        if latest is None or not latest.key.startswith(f"sub:{sub.id}:"):
            return None
        if sub.last_digest_at is None:
            return latest
        return latest if latest.key == f"sub:{sub.id}:{sub.last_digest_at.isoformat()}" else None

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
        leftover = await self._leftover(sub)
        if leftover is not None:
            # A run stored this digest, then the process died before it moved the window:
            # that digest is this window's. Post it (if not yet) instead of making another.
            await self.store.set_last_digest(sub.id, leftover.created_at)
            if leftover.status == "pending":
                await self._post(sub, leftover)
            return leftover
        first = sub.last_digest_at is None
        since = sub.last_digest_at or (now - timedelta(hours=self.settings.window_hours))
        cap = sub.max_articles or self.settings.max_articles
        digest = await self.digests.for_topic(
            topic.name,
            topic_name=sub.topic,
            active_since=since,
            max_articles=min(cap, self.settings.first_post_articles) if first else cap,
            min_comments=sub.min_comments,
            now=now,
        )
        delivery: Delivery | None = None
        if digest.entries:
            layout = Layout(
                style=sub.style,
                threads=sub.post_as == "threads",
                kind=await self.channel_kind(sub.channel_id),
                role_id=sub.role_id,
                publish=sub.publish,
                topic=sub.topic,
            )
            parts = digest_parts(digest, layout)
            messages: list[dict[str, Any]] = [p.message for p in parts]
            key = f"sub:{sub.id}:{since.isoformat()}"
            delivery = await self.store.enqueue_delivery(
                sub.id,
                sub.channel_id,
                key,
                messages,
                parts=[p.state for p in parts],
                guild_id=sub.guild_id,
            )
        await self.store.set_last_digest(sub.id, now)
        if delivery is not None and delivery.status == "pending":
            # A row made before this run began is left over from a run that crashed: it may
            # have posted some parts already, so the delivery looks before it sends.
            await self._post(sub, delivery, fresh=delivery.created_at >= now)
        return delivery

    async def _post(self, sub: Subscription, delivery: Delivery, *, fresh: bool = False) -> None:
        """Post a stored digest. With several processes, the one holding the guild's shard
        posts it, claiming it first: here and now when that is this process, otherwise at
        that process's next outbox flush."""
        if self.cluster is None or not self.cluster.claims:
            await self.delivery.deliver(delivery, fresh=fresh)
        elif self.cluster.serves(sub.guild_id):
            await self.delivery.flush()
