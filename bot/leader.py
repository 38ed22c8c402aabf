"""Which of several bot processes leads: the one that runs the schedule (polling, digests).

Every process serves its own Discord shards, but scheduled work must happen once. On
PostgreSQL the leader is the process holding a session-level advisory lock
(``pg_try_advisory_lock``) on a connection of its own, kept for the life of the process:

* the lock goes with the session, so a process that dies, or whose connection drops, or
  whose backend is terminated, stops leading, and the server frees the lock at once;
* every ``interval`` seconds each process checks in: a follower tries to take the lock, the
  leader confirms it still holds it (``pg_locks``). A check that fails or takes longer than
  ``timeout`` counts as lost: the leader steps down and reconnects, then competes again;
* the server is asked to probe the leader's TCP connection (keepalives), so a leader whose
  host vanished without closing the connection loses the lock within about half a minute
  rather than the operating system's default of hours.

Between a leader losing its connection and noticing it, up to ``interval`` seconds pass in
which a new leader may already run: jobs must stay safe to run twice (the delivery outbox
is). The connection must reach PostgreSQL directly or through a session-pooling proxy: a
transaction-pooling PgBouncer cannot hold a session lock.

On SQLite a single process owns the database by design, so it always leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Self

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.store.engine import parse_database_url

log = logging.getLogger(__name__)

#: The lock the scheduler's leader holds.
SCHEDULER_LOCK = "digestbot:scheduler"
#: Server-side TCP keepalives on the leader's connection: probe after 10 s of silence, every
#: 5 s, give up after 3 unanswered probes.
KEEPALIVES = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}

Callback = Callable[[], Awaitable[None] | None]

_TRY_LOCK = text("SELECT pg_try_advisory_lock(:key)")
_UNLOCK = text("SELECT pg_advisory_unlock(:key)")
# A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low), objsubid 1.
_HOLDS_LOCK = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND pid = pg_backend_pid() AND classid = CAST(:high AS oid) "
    "AND objid = CAST(:low AS oid) AND objsubid = 1"
)


def advisory_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a lock name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Leadership:
    """Leader election among processes sharing one database.

    ``async with Leadership(url, on_elected=start, on_deposed=stop) as leadership:`` — or
    :meth:`start` and :meth:`stop`. :attr:`is_leader` says whether this process leads now;
    :meth:`wait_elected` and :meth:`wait_deposed` wait for a change. Callbacks run in the
    election loop, in order (elected, deposed, elected...): they should start or stop work,
    not do it. A callback that raises is logged; the election goes on.
    """

    def __init__(
        self,
        database_url: str | URL,
        *,
        name: str = SCHEDULER_LOCK,
        interval: float = 5.0,
        timeout: float = 10.0,
        on_elected: Callback | None = None,
        on_deposed: Callback | None = None,
    ) -> None:
        if interval <= 0 or timeout <= 0:
            raise ValueError(f"interval and timeout must be positive, got {interval}, {timeout}")
        if isinstance(database_url, URL):
            database_url = database_url.render_as_string(hide_password=False)
        url = parse_database_url(database_url)
        self.name = name
        self.key = advisory_key(name)
        self.interval = interval
        self.timeout = timeout
        self.on_elected = on_elected
        self.on_deposed = on_deposed
        self._engine: AsyncEngine | None = None
        if url.get_backend_name() == "postgresql":
            self._engine = create_async_engine(url, poolclass=NullPool)
        self._connection: AsyncConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = False
        self._leader = False
        self._elected = asyncio.Event()
        self._deposed = asyncio.Event()
        self._deposed.set()
        self._unreachable = False

    @property
    def is_leader(self) -> bool:
        return self._leader

    async def wait_elected(self) -> None:
        await self._elected.wait()

    async def wait_deposed(self) -> None:
        await self._deposed.wait()

    async def start(self) -> None:
        """Compete once now (so :attr:`is_leader` is meaningful on return), then keep
        competing in the background."""
        if self._started:
            return
        self._started = True
        if self._engine is None:
            log.info("SQLite: this process is the only one, so it leads")
            await self._become(True, "")
            return
        await self._check()
        self._task = asyncio.create_task(self._loop(), name=f"leadership {self.name}")

    async def stop(self) -> None:
        """Stop competing; a leader releases the lock (another process takes over)."""
        if not self._started:
            return
        self._started = False
        task, self._task = self._task, None
        if task is not None:
            # Python 3.11's wait_for can swallow a cancellation that lands as its query
            # completes; the loop then also sees _started is false and ends by itself.
            while not task.done():
                task.cancel()
                await asyncio.wait({task}, timeout=self.interval + self.timeout)
        if self._connection is not None and self._leader:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    self._connection.execute(_UNLOCK, {"key": self.key}), self.timeout
                )
        await self._disconnect()
        await self._become(False, "")
        if self._engine is not None:
            await self._engine.dispose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # -- the election loop ----------------------------------------------------------------

    async def _loop(self) -> None:
        while self._started:
            await asyncio.sleep(self.interval)
            if self._started:
                await self._check()

    async def _check(self) -> None:
        """One round: acquire the lock, or confirm it is still ours."""
        try:
            leads = await asyncio.wait_for(self._acquire_or_confirm(), self.timeout)
        except Exception as exc:  # TimeoutError included
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if not self._unreachable:
                log.warning("leader election: database unreachable (%s); retrying", reason)
            self._unreachable = True
            await self._disconnect()
            await self._become(False, f"lost the database connection ({reason})")
            return
        if self._unreachable:
            log.info("leader election: database reachable again")
            self._unreachable = False
        await self._become(leads, "the lock is no longer held by this session")

    async def _acquire_or_confirm(self) -> bool:
        if self._connection is None:
            self._connection = await self._connect()
        if self._leader:
            high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
            held = await self._connection.scalar(_HOLDS_LOCK, {"high": high, "low": low})
            return bool(held)
        return bool(await self._connection.scalar(_TRY_LOCK, {"key": self.key}))

    async def _connect(self) -> AsyncConnection:
        assert self._engine is not None
        connection = await self._engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for setting, value in KEEPALIVES.items():
                await connection.execute(text(f"SET {setting} = {int(value)}"))
        except BaseException:
            await connection.close()
            raise
        return connection

    async def _disconnect(self) -> None:
        """Drop the connection (a session lock goes with it), even a dead or hung one."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(connection.invalidate(), self.timeout)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(connection.close(), self.timeout)

    async def _become(self, leader: bool, reason: str) -> None:
        if leader == self._leader:
            return
        self._leader = leader
        if leader:
            self._deposed.clear()
            self._elected.set()
            if self._engine is not None:
                log.info("this process is now the leader (%s)", self.name)
        else:
            self._elected.clear()
            self._deposed.set()
            if reason:
                log.warning("this process is no longer the leader (%s): %s", self.name, reason)
            else:
                log.info("this process stepped down as the leader (%s)", self.name)
        await self._call(self.on_elected if leader else self.on_deposed)

    async def _call(self, callback: Callback | None) -> None:
        if callback is None:
            return
        try:
            result = callback()
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("leadership callback %r failed", callback)
