"""Delivery through an outbox: record what will be posted, post it, record the message id.

A crash can fall between posting a message and recording its id. Two guards keep that from
producing a duplicate on restart: every part is sent with a deterministic nonce, which Discord
enforces (a repeat within minutes returns the first message), and a delivery resumed after a
restart first looks in the channel for a message of ours with the same content.

Many deliveries run at once (a thousand channels subscribed to one topic fire together), but
at most :data:`MAX_CONCURRENT_SENDS` requests are in flight to Discord. Discord limits a bot
to about 50 requests a second: a few requests in flight keep posting at that rate, while a
thousand at once all meet 429 answers and use up discord.py's five attempts each.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from bot.errors import DigestbotError
from bot.store import Delivery, Store

log = logging.getLogger(__name__)

Message = dict[str, Any]
#: Requests to Discord in flight at once, over every delivery.
MAX_CONCURRENT_SENDS = 8


class PermanentDeliveryError(DigestbotError):
    """The channel is gone or the bot may not post there: retrying will not help."""


class TransientDeliveryError(DigestbotError):
    """Discord or the network failed this time: the delivery stays pending and is retried."""


class Poster(Protocol):
    """Where messages go (Discord, or the console). Raises the two errors above."""

    async def send(self, channel_id: int, message: Message, *, nonce: str) -> int: ...

    async def find_sent(self, channel_id: int, message: Message, *, after: datetime) -> int | None:
        """The id of a message of ours with this content posted after ``after``, if any."""
        ...

    async def notify_admins(self, guild_id: int, text: str) -> None: ...


def nonce_for(delivery_id: int, part: int) -> str:
    """At most 25 characters, the same on every attempt of the same part."""
    return f"dg{delivery_id}.{part}"[:25]


class DeliveryService:
    """Sends outbox rows; safe to call again on the same row at any time."""

    def __init__(
        self, store: Store, poster: Poster, *, max_concurrent_sends: int = MAX_CONCURRENT_SENDS
    ) -> None:
        self.store = store
        self.poster = poster
        self._sending = asyncio.Semaphore(max_concurrent_sends)

    async def deliver(self, delivery: Delivery, *, fresh: bool = False) -> bool:
        """Post every unsent part; True when the whole delivery is done.

        ``fresh`` says this process enqueued the row just now, so no earlier attempt can have
        posted any part; otherwise each unsent part is first looked for in the channel.
        """
        sent = list(delivery.sent_ids) + [None] * (len(delivery.messages) - len(delivery.sent_ids))
        for part, message in enumerate(delivery.messages):
            if sent[part] is not None:
                continue
            try:
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
            except PermanentDeliveryError as exc:
                await self.store.mark_failed(delivery.id, str(exc), permanent=True)
                await self._broken(delivery, str(exc))
                return False
            except TransientDeliveryError as exc:
                log.warning(
                    "delivery %s to channel %s failed, will retry: %s",
                    delivery.id,
                    delivery.channel_id,
                    exc,
                    extra={"delivery_id": delivery.id, "channel_id": delivery.channel_id},
                )
                await self.store.mark_failed(delivery.id, str(exc), permanent=False)
                return False
            await self.store.mark_sent(delivery.id, part, message_id)
            sent[part] = message_id
        await self.store.mark_delivered(delivery.id)
        log.info(
            "delivered %s (%d messages) to channel %s",
            delivery.key,
            len(delivery.messages),
            delivery.channel_id,
            extra={
                "delivery_id": delivery.id,
                "channel_id": delivery.channel_id,
                "subscription_id": delivery.subscription_id,
            },
        )
        return True

    async def flush(self, channel_ids: Iterable[int] | None = None) -> int:
        """Retry every pending delivery (after a restart, or after a transient failure).

        Channels are served concurrently (sends bounded as always), each channel's
        deliveries one after another, oldest first.
        """
        by_channel: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in await self.store.pending_deliveries(channel_ids):
            by_channel[delivery.channel_id].append(delivery)

        async def in_order(deliveries: list[Delivery]) -> int:
            return sum([int(await self.deliver(delivery)) for delivery in deliveries])

        return sum(await asyncio.gather(*(in_order(d) for d in by_channel.values())))

    async def _broken(self, delivery: Delivery, reason: str) -> None:
        if delivery.subscription_id is None:
            return
        sub = await self.store.get_subscription(delivery.subscription_id)
        if sub is None:
            return
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
                f"digestbot could not post the {sub.topic} digest to <#{sub.channel_id}>: "
                f"{reason}. "
                "Give the bot View Channel, Send Messages and Embed Links there, then run "
                "/digest subscribe again for that channel.",
            )
