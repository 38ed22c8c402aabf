"""The delivery outbox: a digest is recorded before it is posted, each message id after.

After a crash or restart, :meth:`OutboxStore.pending_deliveries` lists what is not done and
``Delivery.next_part`` says which message to post next, so nothing is lost or posted twice.

With several bot processes (one per group of Discord shards), each process takes the
deliveries of its own shards' guilds with :meth:`OutboxStore.claim_deliveries`: a claim is a
lease, so two processes never hold one delivery at once, and a delivery held by a process
that died is taken over when its lease lapses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Integer, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.base import StoreBase, aware, utcnow
from bot.store.errors import StoreError
from bot.store.records import Delivery, DeliveryStatus
from bot.store.schema import DeliveryRow, SubscriptionRow

#: A snowflake's timestamp bits: Discord routes guild ``g`` to shard ``(g >> 22) % count``.
SNOWFLAKE_TIMESTAMP_SHIFT = 22


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard that receives a guild's events, as Discord computes it. A delivery without
    a guild (a direct message, or a row older than the guild column) is shard 0's, where
    Discord sends direct messages."""
    if shard_count < 1:
        raise ValueError(f"shard_count must be at least 1, got {shard_count}")
    return ((guild_id or 0) >> SNOWFLAKE_TIMESTAMP_SHIFT) % shard_count


def _check_shards(shard_ids: Collection[int] | None, shard_count: int | None) -> None:
    if shard_ids is None:
        return
    if shard_count is None or shard_count < 1:
        raise ValueError(f"shard_ids {sorted(shard_ids)} need a shard_count of at least 1")
    outside = sorted(i for i in shard_ids if not 0 <= i < shard_count)
    if outside:
        raise ValueError(f"shard ids {outside} are outside 0..{shard_count - 1}")


def _on_shards(shard_ids: Collection[int], shard_count: int) -> ColumnElement[bool]:
    """SQL for :func:`shard_of` of a delivery's guild being one of ``shard_ids``."""
    guild = func.coalesce(DeliveryRow.guild_id, 0)
    shard = guild.op(">>")(literal(SNOWFLAKE_TIMESTAMP_SHIFT, Integer())) % shard_count
    return cast(ColumnElement[bool], shard.in_(sorted(set(shard_ids))))


class OutboxStore(StoreBase):
    async def enqueue_delivery(
        self,
        sub_id: int | None,
        channel_id: int,
        key: str,
        messages: list[dict[str, Any]],
        *,
        at: datetime | None = None,
        guild_id: int | None = None,
        parts: list[dict[str, Any]] | None = None,
    ) -> Delivery:
        """Record messages to post to a channel. ``key`` names the delivery (say, the
        subscription and the digest's time): enqueueing a key again returns the existing
        delivery unchanged, whatever its state.

        ``guild_id`` is the channel's guild (it decides which shard's process posts it);
        when not given it is the subscription's guild. ``parts`` is the starting state of
        each message (see ``Delivery.parts``), one dict per message.
        """
        if not messages:
            raise ValueError(f"delivery {key!r} has no messages")
        if parts is not None and len(parts) != len(messages):
            raise ValueError(f"delivery {key!r}: {len(parts)} part states for {len(messages)}")
        created = aware(at, "at") if at is not None else utcnow()
        try:
            async with self._write() as s:
                existing = await s.scalar(select(DeliveryRow).where(DeliveryRow.key == key))
                if existing is not None:
                    return _delivery(existing)
                if guild_id is None and sub_id is not None:
                    guild_id = await s.scalar(
                        select(SubscriptionRow.guild_id).where(SubscriptionRow.id == sub_id)
                    )
                row = DeliveryRow(
                    subscription_id=sub_id,
                    guild_id=guild_id,
                    channel_id=channel_id,
                    key=key,
                    messages=list(messages),
                    sent_ids=[None] * len(messages),
                    parts=[dict(p) for p in parts] if parts is not None else None,
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

    async def update_part(self, delivery_id: int, part: int, **fields: Any) -> Delivery:
        """Merge ``fields`` into the recorded state of message ``part`` (a step of a
        multi-step post done, a new fingerprint after a live update)."""
        async with self._write() as s:
            row = await _get(s, delivery_id)
            if not 0 <= part < len(row.sent_ids):
                raise StoreError(
                    f"delivery {delivery_id} has {len(row.sent_ids)} messages, no part {part}"
                )
            states = [dict(p) for p in (row.parts or [])]
            states += [{} for _ in range(len(row.sent_ids) - len(states))]
            states[part] = {**states[part], **fields}
            row.parts = states
            await s.flush()
            return _delivery(row)

    async def latest_delivery_for(self, sub_id: int) -> Delivery | None:
        """The subscription's most recently created delivery, if it has any."""
        stmt = (
            select(DeliveryRow)
            .where(DeliveryRow.subscription_id == sub_id)
            .order_by(DeliveryRow.created_at.desc(), DeliveryRow.id.desc())
            .limit(1)
        )
        async with self._read() as s:
            row = await s.scalar(stmt)
            return _delivery(row) if row is not None else None

    async def delivered_since(self, since: datetime) -> list[Delivery]:
        """Subscription deliveries completed at or after ``since``, oldest first."""
        stmt = (
            select(DeliveryRow)
            .where(
                DeliveryRow.status == "delivered",
                DeliveryRow.subscription_id.is_not(None),
                DeliveryRow.delivered_at >= aware(since, "since"),
            )
            .order_by(DeliveryRow.delivered_at, DeliveryRow.id)
        )
        async with self._read() as s:
            return [_delivery(row) for row in await s.scalars(stmt)]

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

    # -- claims (several processes) -------------------------------------------------------

    async def claim_deliveries(
        self,
        *,
        owner: str,
        shard_ids: Collection[int] | None,
        shard_count: int | None,
        limit: int,
        lease_seconds: float,
        now: datetime | None = None,
    ) -> list[Delivery]:
        """Take up to ``limit`` pending deliveries, oldest first, for ``owner`` (a name unique
        to this process, say host and pid) until ``lease_seconds`` from ``now``.

        Only deliveries whose guild is on one of ``shard_ids`` (of ``shard_count``; see
        :func:`shard_of`) are taken; ``shard_ids=None`` takes every shard's. A delivery is
        free when no one holds it or its claim has lapsed, whoever held it: an owner's own
        live claims are not handed out again, so two tasks of one process cannot both post
        one delivery either. On PostgreSQL, rows another process is claiming at this very
        moment are skipped (``FOR UPDATE SKIP LOCKED``) rather than waited for; on SQLite
        the write transaction (``BEGIN IMMEDIATE``) already makes claims take turns.
        """
        if not owner:
            raise ValueError("a claim needs a non-empty owner")
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        _check_shards(shard_ids, shard_count)
        if limit < 1 or (shard_ids is not None and not shard_ids):
            return []
        at = aware(now, "now") if now is not None else utcnow()
        stmt = (
            select(DeliveryRow)
            .where(
                DeliveryRow.status == "pending",
                or_(DeliveryRow.claimed_until.is_(None), DeliveryRow.claimed_until <= at),
            )
            .order_by(DeliveryRow.created_at, DeliveryRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if shard_ids is not None:
            assert shard_count is not None  # checked above
            stmt = stmt.where(_on_shards(shard_ids, shard_count))
        async with self._write() as s:
            rows = list(await s.scalars(stmt))
            for row in rows:
                row.claimed_by = owner
                row.claimed_until = at + timedelta(seconds=lease_seconds)
            await s.flush()
            return [_delivery(row) for row in rows]

    async def renew_claim(
        self,
        delivery_id: int,
        *,
        owner: str,
        lease_seconds: float,
        now: datetime | None = None,
    ) -> bool:
        """Extend ``owner``'s claim on a pending delivery (a long delivery outlasting its
        lease); False when the delivery is done or another process holds it now."""
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        at = aware(now, "now") if now is not None else utcnow()
        async with self._write() as s:
            row = await _get(s, delivery_id)
            if row.status != "pending" or row.claimed_by != owner:
                return False
            row.claimed_until = at + timedelta(seconds=lease_seconds)
            return True

    async def release_claim(self, delivery_id: int, *, owner: str) -> bool:
        """Give up ``owner``'s claim (after a failed attempt, or when shutting down) so
        another claim may take the delivery at once; False when ``owner`` did not hold it."""
        async with self._write() as s:
            row = await _get(s, delivery_id)
            if row.claimed_by != owner or row.claimed_until is None:
                return False
            row.claimed_until = None
            return True


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
        guild_id=row.guild_id,
        claimed_by=row.claimed_by,
        claimed_until=row.claimed_until,
        parts=tuple(dict(p) for p in (row.parts or ())),
    )
