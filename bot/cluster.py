"""This process's place among the bot's processes: its shards, whether it leads, its claims.

A large bot runs as several processes on one PostgreSQL database, each connecting some of
the bot's Discord shards (``digestbot run --shard-ids 0,1 --shard-count 4``). Two kinds of
work must then be shared out:

* **the schedule** (polling the sources, running the subscriptions) happens once, in the
  process that leads (:class:`bot.leader.Leadership`: a PostgreSQL advisory lock). The bot
  starts those jobs when this process is elected and stops them when it is deposed;
* **posting** happens in the process that holds the guild's shard: a digest is written to
  the outbox by the leader, then claimed (``SELECT … FOR UPDATE SKIP LOCKED``, for a lease)
  and posted by the process serving ``(guild_id >> 22) % shard_count``. A claim whose
  process died lapses with its lease, and the shard's next process takes it over.

On SQLite only one process may use the database, so it always leads and posts everything
itself, as a single process always has (:attr:`Cluster.claims` is False: no leases).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Collection

from bot.errors import ConfigError
from bot.leader import SCHEDULER_LOCK, Callback, Leadership
from bot.store import Delivery, Store
from bot.store.engine import parse_database_url
from bot.store.outbox import shard_of

log = logging.getLogger(__name__)

#: How long a claimed delivery stays this process's without being renewed.
DEFAULT_LEASE_SECONDS = 60.0


def default_owner() -> str:
    """A name for this process's claims, unique among the bot's processes: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def check_shards(shard_ids: Collection[int] | None, shard_count: int | None) -> None:
    """Raise ConfigError unless the shard options are both absent or a valid pair."""
    if shard_ids is None and shard_count is None:
        return
    if shard_ids is None or shard_count is None:
        raise ConfigError("command line", "--shard-ids/--shard-count", "give both or neither")
    if shard_count < 1:
        raise ConfigError("command line", "--shard-count", "must be at least 1")
    if not shard_ids or any(not 0 <= i < shard_count for i in shard_ids):
        raise ConfigError("command line", "--shard-ids", f"each id must be in 0..{shard_count - 1}")


class Cluster:
    """Leadership and delivery claims for one bot process.

    ``start(on_elected, on_deposed)`` competes for leadership (the callbacks start and stop
    the scheduled jobs); :meth:`claim` takes this process's shards' pending deliveries;
    :meth:`stop` gives up the claims still held and the leadership.
    """

    def __init__(
        self,
        store: Store,
        database_url: str,
        *,
        shard_ids: Collection[int] | None = None,
        shard_count: int | None = None,
        owner: str | None = None,
        leader_interval: float = 5.0,
        leader_timeout: float = 10.0,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        lock_name: str = SCHEDULER_LOCK,
    ) -> None:
        check_shards(shard_ids, shard_count)
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        shared = parse_database_url(database_url).get_backend_name() == "postgresql"
        ids = None if shard_ids is None else tuple(sorted(set(shard_ids)))
        if (
            not shared
            and ids is not None
            and shard_count is not None
            and ids != tuple(range(shard_count))
        ):
            raise ConfigError(
                "command line",
                "--shard-ids",
                f"with SQLite one process serves every shard: give 0..{shard_count - 1} "
                "or share a PostgreSQL database (DATABASE_URL) between the processes",
            )
        self.store = store
        self.shard_ids = ids
        self.shard_count = shard_count
        self.owner = owner or default_owner()
        self.lease_seconds = lease_seconds
        self.shared = shared
        self._leadership = Leadership(
            database_url, name=lock_name, interval=leader_interval, timeout=leader_timeout
        )
        self._held: set[int] = set()

    @property
    def claims(self) -> bool:
        """Whether deliveries are claimed before they are posted: the database is shared,
        so another process may be posting from the same outbox."""
        return self.shared

    @property
    def is_leader(self) -> bool:
        return self._leadership.is_leader

    @property
    def held(self) -> frozenset[int]:
        """Ids of the deliveries this process has claimed and not yet finished or released."""
        return frozenset(self._held)

    def describe(self) -> str:
        """``shards 0,1 of 4`` or ``every shard``, for logs."""
        if self.shard_ids is None:
            return "every shard"
        return f"shards {','.join(map(str, self.shard_ids))} of {self.shard_count}"

    def serves(self, guild_id: int | None) -> bool:
        """Whether this process holds the shard of ``guild_id`` (None: direct messages, on
        shard 0), so that it is the one to post there."""
        if self.shard_ids is None or self.shard_count is None:
            return True
        return shard_of(guild_id, self.shard_count) in self.shard_ids

    async def start(
        self, on_elected: Callback | None = None, on_deposed: Callback | None = None
    ) -> None:
        """Compete for leadership; ``on_elected`` / ``on_deposed`` run at each change (on
        SQLite: elected at once, for good). Returns with :attr:`is_leader` meaningful."""
        self._leadership.on_elected = on_elected
        self._leadership.on_deposed = on_deposed
        log.info("serving %s as %s", self.describe(), self.owner)
        await self._leadership.start()

    async def stop(self) -> None:
        """Release the claims still held (their deliveries go back to the outbox at once
        rather than when the lease lapses), then step down (``on_deposed`` runs)."""
        for delivery_id in sorted(self._held):
            with contextlib.suppress(Exception):
                await self.release(delivery_id)
        await self._leadership.stop()

    async def claim(self, limit: int) -> list[Delivery]:
        """Up to ``limit`` pending deliveries of this process's shards, oldest first, now
        held by this process for :attr:`lease_seconds`."""
        deliveries = await self.store.claim_deliveries(
            owner=self.owner,
            shard_ids=self.shard_ids,
            shard_count=self.shard_count,
            limit=limit,
            lease_seconds=self.lease_seconds,
        )
        self._held.update(d.id for d in deliveries)
        return deliveries

    async def renew(self, delivery_id: int) -> bool:
        """Extend the lease on a delivery being posted; False when this process no longer
        holds it (its lease lapsed and another claim took it): stop posting it then."""
        kept = await self.store.renew_claim(
            delivery_id, owner=self.owner, lease_seconds=self.lease_seconds
        )
        if not kept:
            self._held.discard(delivery_id)
        return kept

    async def release(self, delivery_id: int) -> bool:
        """Hand a delivery back to the outbox (after a failed attempt, or at shutdown)."""
        self._held.discard(delivery_id)
        return await self.store.release_claim(delivery_id, owner=self.owner)

    def finished(self, delivery_id: int) -> None:
        """A held delivery is done (delivered, or failed for good): nothing to release."""
        self._held.discard(delivery_id)
