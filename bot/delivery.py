"""Delivery through an outbox: record what will be posted, post it, record the message id.

A crash can fall between posting a message and recording its id. Two guards keep that from
producing a duplicate on restart: every part is sent with a deterministic nonce, which Discord
enforces (a repeat within minutes returns the first message), and a delivery resumed after a
restart first looks in the channel for a message of ours with the same content.

A part may take several steps: post the message, open a thread on it, crosspost it (a forum
post is one step: the thread and its first message are made together). Each step done is
recorded in the delivery's part state before the next begins, so a resumed delivery repeats
none of them; opening a thread on a message that already has one is taken as done.

Many deliveries run at once (a thousand channels subscribed to one topic fire together), but
at most :data:`MAX_CONCURRENT_SENDS` requests are in flight to Discord. Discord limits a bot
to about 50 requests a second: a few requests in flight keep posting at that rate, while a
thousand at once all meet 429 answers and use up discord.py's five attempts each.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.errors import DigestbotError
from bot.store import Delivery, Store

if TYPE_CHECKING:
    from bot.cluster import Cluster
    from bot.metrics import BotMetrics

log = logging.getLogger(__name__)

Message = dict[str, Any]
#: Requests to Discord in flight at once, over every delivery.
MAX_CONCURRENT_SENDS = 8
#: Deliveries claimed at once by a process sharing the outbox (see :mod:`bot.cluster`).
CLAIM_BATCH = 50


class PermanentDeliveryError(DigestbotError):
    """The channel is gone or the bot may not post there: retrying will not help.

    ``code`` is Discord's JSON error code when Discord gave one: it decides what the admins
    are advised to do (:func:`advice_for`)."""

    def __init__(self, reason: str, *, code: int | None = None) -> None:
        super().__init__(reason)
        self.code = code


#: Discord's JSON error codes of permanent failures that need their own advice.
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013
NOT_A_TEXT_CHANNEL = 50008
WRONG_CHANNEL_TYPE = 50024
TAG_REQUIRED = 40067
THREAD_ARCHIVED = 50083
#: The reason a subscription is stopped when Discord says its channel was deleted.
CHANNEL_DELETED = "the channel was deleted"

_ADVICE = {
    UNKNOWN_CHANNEL: "The channel is gone: to keep getting this digest, subscribe another "
    "channel with /digest subscribe.",
    NOT_A_TEXT_CHANNEL: "That channel can no longer take these posts: subscribe another "
    "channel with /digest subscribe.",
    TAG_REQUIRED: "The forum requires a tag on every post and has none the bot may apply: add "
    "a tag anyone may use (best named like the topic) or stop requiring tags, then run "
    "/digest subscribe again for that channel.",
    THREAD_ARCHIVED: "The thread is archived: unarchive it, then run /digest subscribe again "
    "for that channel.",
}
_ADVICE[WRONG_CHANNEL_TYPE] = _ADVICE[NOT_A_TEXT_CHANNEL]
PERMISSION_ADVICE = (
    "Give the bot View Channel, Send Messages and Embed Links there, then run "
    "/digest subscribe (or /digest edit) again for that channel."
)
OTHER_ADVICE = "Check the channel, then run /digest subscribe again for it."


def advice_for(code: int | None) -> str:
    """What a server's admins can do about a subscription stopped by Discord's error ``code``
    (None: a failure Discord gave no code for)."""
    if code in (MISSING_ACCESS, MISSING_PERMISSIONS):
        return PERMISSION_ADVICE
    return _ADVICE.get(code or 0, OTHER_ADVICE)


def broken_notice(topic: str, channel_id: int, reason: str, code: int | None) -> str:
    """The notice to a server's admins when a digest could not be posted for good."""
    return (
        f"digestbot could not post the {topic} digest to <#{channel_id}>: {reason}. "
        f"{advice_for(code)}"
    )


def deleted_notice(topic: str, channel_id: int) -> str:
    """The notice when Discord says a subscribed channel was deleted."""
    return (
        f"digestbot stopped the {topic} digest to <#{channel_id}>: {CHANNEL_DELETED}. "
        f"{advice_for(UNKNOWN_CHANNEL)}"
    )


class TransientDeliveryError(DigestbotError):
    """Discord or the network failed this time: the delivery stays pending and is retried."""


class Poster(Protocol):
    """Where messages go (Discord, or the console). Raises the two errors above."""

    async def send(self, channel_id: int, message: Message, *, nonce: str) -> int: ...

    async def find_sent(self, channel_id: int, message: Message, *, after: datetime) -> int | None:
        """The id of a message of ours with this content posted after ``after``, if any."""
        ...

    async def notify_admins(
        self, guild_id: int, text: str, *, admin_channel_id: int | None = None
    ) -> None:
        """Tell a server's admins: in ``admin_channel_id`` when given and usable, else in
        a channel Discord's admins read (the system channel)."""
        ...


class ThreadingPoster(Poster, Protocol):
    """A poster that can also open threads, crosspost and edit (the Discord one)."""

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int: ...

    async def publish(self, channel_id: int, message_id: int) -> bool:
        """Crosspost a message of an announcement channel; False when Discord refused."""
        ...

    async def edit(self, channel_id: int, message_id: int, message: Message) -> None: ...


def nonce_for(delivery_id: int, part: int) -> str:
    """At most 25 characters, the same on every attempt of the same part."""
    return f"dg{delivery_id}.{part}"[:25]


class DeliveryService:
    """Sends outbox rows; safe to call again on the same row at any time."""

    def __init__(
        self,
        store: Store,
        poster: Poster,
        *,
        max_concurrent_sends: int = MAX_CONCURRENT_SENDS,
        metrics: BotMetrics | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.store = store
        self.poster = poster
        self.metrics = metrics
        #: With a shared database: :meth:`flush` claims this process's shards' deliveries.
        self.cluster = cluster
        self._sending = asyncio.Semaphore(max_concurrent_sends)
        #: The deliveries a task of this process is posting now.
        self._in_progress: set[int] = set()

    async def deliver(
        self,
        delivery: Delivery,
        *,
        fresh: bool = False,
        keep: Callable[[], Awaitable[bool]] | None = None,
    ) -> bool:
        """Post every unsent part; True when the whole delivery is done.

        ``fresh`` says this process enqueued the row just now, so no earlier attempt can have
        posted any part; otherwise each unsent part is first looked for in the channel.
        ``keep`` (a claimed delivery: renew the claim) runs before every part after the
        first; when it says False the delivery is another process's now, and this stops.
        A delivery another task of this process is posting is left to it (False): a flush
        that comes while a digest waits out a 429 must not post it a second time.
        """
        if delivery.id in self._in_progress:
            return False
        self._in_progress.add(delivery.id)
        try:
            return await self._deliver(delivery, fresh=fresh, keep=keep)
        finally:
            self._in_progress.discard(delivery.id)

    async def _deliver(
        self,
        delivery: Delivery,
        *,
        fresh: bool,
        keep: Callable[[], Awaitable[bool]] | None,
    ) -> bool:
        sent = list(delivery.sent_ids) + [None] * (len(delivery.messages) - len(delivery.sent_ids))
        context = log_context(delivery)
        for part, message in enumerate(delivery.messages):
            if part and keep is not None and not await keep():
                log.warning(
                    "delivery %s: the claim lapsed and another process took it",
                    delivery.id,
                    extra=context,
                )
                return False
            try:
                message_id = sent[part]
                if message_id is None:
                    message_id = await self._post(delivery, part, message, fresh=fresh)
                    delivery = await self.store.mark_sent(delivery.id, part, message_id)
                    sent[part] = message_id
                delivery = await self._finish_part(delivery, part, message, message_id)
            except PermanentDeliveryError as exc:
                await self.store.mark_failed(delivery.id, str(exc), permanent=True)
                log.warning(
                    "delivery %s to channel %s failed for good: %s",
                    delivery.id,
                    delivery.channel_id,
                    exc,
                    extra=context,
                )
                await self._broken(delivery, exc)
                return False
            except TransientDeliveryError as exc:
                log.warning(
                    "delivery %s to channel %s failed, will retry: %s",
                    delivery.id,
                    delivery.channel_id,
                    exc,
                    extra=context,
                )
                await self.store.mark_failed(delivery.id, str(exc), permanent=False)
                return False
        done = await self.store.mark_delivered(delivery.id)
        if self.metrics is not None:
            self.metrics.digests_posted.inc()
            lag = (done.delivered_at or datetime.now(UTC)) - delivery.created_at
            self.metrics.delivery_lag.observe(max(lag.total_seconds(), 0.0))
        log.info(
            "delivered %s (%d messages) to channel %s",
            delivery.key,
            len(delivery.messages),
            delivery.channel_id,
            extra=context,
        )
        return True

    async def _post(self, delivery: Delivery, part: int, message: Message, *, fresh: bool) -> int:
        """Post one part (looking first whether an earlier attempt already did): its id."""
        async with self._sending:
            message_id = None
            if not fresh:
                message_id = await self.poster.find_sent(
                    delivery.channel_id, message, after=delivery.created_at
                )
            if message_id is None:
                message_id = await self.poster.send(
                    delivery.channel_id, message, nonce=nonce_for(delivery.id, part)
                )
            return message_id

    async def _finish_part(
        self, delivery: Delivery, part: int, message: Message, message_id: int
    ) -> Delivery:
        """The steps after posting: a thread on the message, crossposting. Each recorded."""
        state = delivery.part(part)
        thread = message.get("thread")
        if thread and "thread_id" not in state:
            poster = _threading(self.poster)
            async with self._sending:
                thread_id = await poster.open_thread(
                    delivery.channel_id, message_id, str(thread.get("name") or "Discussion")
                )
            delivery = await self.store.update_part(delivery.id, part, thread_id=thread_id)
        if message.get("publish") and "published" not in state:
            async with self._sending:
                published = await _threading(self.poster).publish(delivery.channel_id, message_id)
            delivery = await self.store.update_part(delivery.id, part, published=published)
        return delivery

    async def flush(self, channel_ids: Iterable[int] | None = None) -> int:
        """Retry every pending delivery (after a restart, or after a transient failure).

        Channels are served concurrently (sends bounded as always), each channel's
        deliveries one after another, oldest first. With a shared database (several
        processes), only this process's shards' deliveries, each claimed first.
        """
        if self.cluster is not None and self.cluster.claims:
            return await self._flush_claimed(self.cluster, channel_ids)
        return await self._send_all(await self.store.pending_deliveries(channel_ids))

    async def _send_all(self, deliveries: list[Delivery], cluster: Cluster | None = None) -> int:
        by_channel: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in deliveries:
            by_channel[delivery.channel_id].append(delivery)

        async def one(delivery: Delivery) -> bool:
            if cluster is None:
                return await self.deliver(delivery)
            done = False
            try:
                done = await self.deliver(delivery, keep=lambda: cluster.renew(delivery.id))
            finally:
                if done:
                    cluster.finished(delivery.id)
                else:  # hand it back: the next flush retries without waiting for the lease
                    await cluster.release(delivery.id)
            return done

        async def in_order(deliveries: list[Delivery]) -> int:
            return sum([int(await one(delivery)) for delivery in deliveries])

        return sum(await asyncio.gather(*(in_order(d) for d in by_channel.values())))

    async def _flush_claimed(self, cluster: Cluster, channel_ids: Iterable[int] | None) -> int:
        """Claim and send batch after batch until none of this process's shards' deliveries
        is left, or one did not go out (Discord in trouble: the next flush retries)."""
        wanted = None if channel_ids is None else set(channel_ids)
        sent = 0
        while True:
            batch = await cluster.claim(CLAIM_BATCH)
            full = len(batch) == CLAIM_BATCH
            if wanted is not None:
                for delivery in batch:
                    if delivery.channel_id not in wanted:
                        await cluster.release(delivery.id)
                batch = [d for d in batch if d.channel_id in wanted]
            done = await self._send_all(batch, cluster)
            sent += done
            if wanted is not None or not full or done < len(batch):
                return sent

    async def _broken(self, delivery: Delivery, error: PermanentDeliveryError) -> None:
        if delivery.subscription_id is None:
            return
        sub = await self.store.get_subscription(delivery.subscription_id)
        if sub is None:
            return
        reason = str(error)
        if await self.store.mark_subscription_broken(sub.id, reason):
            log.warning(
                "subscription %s is broken: %s",
                sub.id,
                reason,
                extra={
                    "subscription_id": sub.id,
                    "guild_id": sub.guild_id,
                    "channel_id": sub.channel_id,
                },
            )
            await self.poster.notify_admins(
                sub.guild_id,
                broken_notice(sub.topic, sub.channel_id, reason, error.code),
                admin_channel_id=sub.admin_channel_id,
            )


def log_context(delivery: Delivery) -> dict[str, Any]:
    """What every delivery (and live-update) log line carries, for filtering JSON logs by
    server or channel."""
    return {
        "delivery_id": delivery.id,
        "guild_id": delivery.guild_id,
        "channel_id": delivery.channel_id,
        "subscription_id": delivery.subscription_id,
    }


def _threading(poster: Poster) -> ThreadingPoster:
    if not all(hasattr(poster, m) for m in ("open_thread", "publish", "edit")):
        raise PermanentDeliveryError("this poster cannot open threads or crosspost")
    return poster  # type: ignore[return-value]
