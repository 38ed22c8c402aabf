"""The delivery outbox: a digest is recorded before it is posted, each message id after.

After a crash or restart, :meth:`OutboxStore.pending_deliveries` lists what is not done and
``Delivery.next_part`` says which message to post next, so nothing is lost or posted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.base import StoreBase, aware, utcnow
from bot.store.errors import StoreError
from bot.store.records import Delivery, DeliveryStatus
from bot.store.schema import DeliveryRow


class OutboxStore(StoreBase):
    async def enqueue_delivery(
        self,
        sub_id: int | None,
        channel_id: int,
        key: str,
        messages: list[dict[str, Any]],
        *,
        at: datetime | None = None,
    ) -> Delivery:
        """Record messages to post to a channel. ``key`` names the delivery (say, the
        subscription and the digest's time): enqueueing a key again returns the existing
        delivery unchanged, whatever its state."""
        if not messages:
            raise ValueError(f"delivery {key!r} has no messages")
        created = aware(at, "at") if at is not None else utcnow()
        try:
            async with self._write() as s:
                existing = await s.scalar(select(DeliveryRow).where(DeliveryRow.key == key))
                if existing is not None:
                    return _delivery(existing)
                row = DeliveryRow(
                    subscription_id=sub_id,
                    channel_id=channel_id,
                    key=key,
                    messages=list(messages),
                    sent_ids=[None] * len(messages),
                    status="pending",
                    attempts=0,
                    created_at=created,
                )
                s.add(row)
                await s.flush()
                return _delivery(row)
        except IntegrityError as exc:
            # Either another writer enqueued the same key first, or sub_id does not exist.
            async with self._read() as s:
                existing = await s.scalar(select(DeliveryRow).where(DeliveryRow.key == key))
            if existing is None:
                raise StoreError(f"could not enqueue delivery {key!r}: {exc.orig}") from exc
            return _delivery(existing)

    async def pending_deliveries(self, channel_ids: Iterable[int] | None = None) -> list[Delivery]:
        """Deliveries not yet done (status 'pending'), oldest first."""
        stmt = (
            select(DeliveryRow)
            .where(DeliveryRow.status == "pending")
            .order_by(DeliveryRow.created_at, DeliveryRow.id)
        )
        if channel_ids is not None:
            stmt = stmt.where(DeliveryRow.channel_id.in_(list(channel_ids)))
        async with self._read() as s:
            return [_delivery(row) for row in await s.scalars(stmt)]

    async def get_delivery(self, delivery_id: int) -> Delivery | None:
        async with self._read() as s:
            row = await s.get(DeliveryRow, delivery_id)
            return _delivery(row) if row is not None else None

    async def mark_sent(self, delivery_id: int, part: int, message_id: int) -> Delivery:
        """Record that message ``part`` (0-based) of a delivery was posted as ``message_id``."""
        async with self._write() as s:
            row = await _get(s, delivery_id)
            if not 0 <= part < len(row.sent_ids):
                raise StoreError(
                    f"delivery {delivery_id} has {len(row.sent_ids)} messages, no part {part}"
                )
            sent = list(row.sent_ids)
            sent[part] = message_id
            row.sent_ids = sent
            await s.flush()
            return _delivery(row)

    async def mark_delivered(self, delivery_id: int, *, at: datetime | None = None) -> Delivery:
        async with self._write() as s:
            row = await _get(s, delivery_id)
            row.status, row.error = "delivered", None
            row.delivered_at = aware(at, "at") if at is not None else utcnow()
            await s.flush()
            return _delivery(row)

    async def mark_failed(self, delivery_id: int, error: str, *, permanent: bool) -> Delivery:
        """Count a failed attempt; a permanent failure (no access, channel gone) ends it."""
        async with self._write() as s:
            row = await _get(s, delivery_id)
            row.attempts += 1
            row.error = error or "unknown error"
            if permanent:
                row.status = "failed"
            await s.flush()
            return _delivery(row)


async def _get(s: AsyncSession, delivery_id: int) -> DeliveryRow:
    """The delivery's row, locked for this transaction (FOR UPDATE on PostgreSQL)."""
    row = await s.get(DeliveryRow, delivery_id, with_for_update=True)
    if row is None:
        raise StoreError(f"no delivery with id {delivery_id}")
    return row


def _delivery(row: DeliveryRow) -> Delivery:
    status = cast(DeliveryStatus, row.status)
    return Delivery(
        id=row.id,
        subscription_id=row.subscription_id,
        channel_id=row.channel_id,
        key=row.key,
        messages=list(row.messages),
        sent_ids=list(row.sent_ids),
        status=status,
        attempts=row.attempts,
        error=row.error,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
    )
