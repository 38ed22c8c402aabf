"""What every part of the store shares: the engine, transactions, and the write queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, Self, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.store.engine import create_engine, is_memory, parse_database_url, upgrade_to_head, writer

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Attempts of a write that lost an insert race to another writer (PostgreSQL).
CONFLICT_RETRIES = 3
#: Items per ``IN (...)`` list: well under SQLite's and asyncpg's bind-parameter limits.
CHUNK = 500


def aware(value: datetime, name: str) -> datetime:
    """``value`` in UTC; a naive datetime is refused (its zone is unknown)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")
    return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StoreBase:
    """Owns the engine; hands out read and write transactions.

    SQLite has one writer at a time, so our own writers queue on an asyncio lock rather than
    on SQLite's busy timeout (which still covers other processes). An in-memory database is
    a single connection, so there reads queue too.
    """

    def __init__(self, engine: AsyncEngine, *, memory: bool = False) -> None:
        self.engine = engine
        self._reader = async_sessionmaker(engine, expire_on_commit=False)
        self._writer = async_sessionmaker(writer(engine), expire_on_commit=False)
        self._write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        self._read_lock = self._write_lock if memory else None

    @classmethod
    async def open(cls, database_url: str, *, migrate: bool = True) -> Self:
        """Connect (creating an SQLite file's directory) and, unless ``migrate`` is false,
        bring the schema up to date with the Alembic migrations."""
        engine = create_engine(database_url)
        store = cls(engine, memory=is_memory(parse_database_url(database_url)))
        if migrate:
            try:
                await store.upgrade()
            except BaseException:
                await engine.dispose()
                raise
        return store

    async def upgrade(self) -> None:
        """Alembic ``upgrade head`` (a no-op when the schema is current)."""
        async with self._lock(self._write_lock), writer(self.engine).connect() as connection:
            await connection.run_sync(upgrade_to_head)

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def _retry_on_conflict(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run a write transaction again when a concurrent writer inserted the same unique
        key first. Only PostgreSQL needs this: SQLite writers are serialized, so there an
        IntegrityError is a real constraint violation and is raised at once."""
        for tries in range(1, CONFLICT_RETRIES + 1):
            try:
                return await attempt()
            except IntegrityError:
                if self.engine.dialect.name == "sqlite" or tries == CONFLICT_RETRIES:
                    raise
                log.debug("write conflict, retrying (%d/%d)", tries, CONFLICT_RETRIES)
        raise AssertionError("unreachable")

    @staticmethod
    def _lock(lock: asyncio.Lock | None) -> AbstractAsyncContextManager[Any]:
        return lock if lock is not None else nullcontext()

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncSession]:
        """A read transaction: one consistent snapshot."""
        async with self._lock(self._read_lock), self._reader() as session, session.begin():
            yield session

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        async with self._lock(self._write_lock), self._writer() as session, session.begin():
            yield session
