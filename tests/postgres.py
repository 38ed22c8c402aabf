"""The PostgreSQL database the tests may use: DIGESTBOT_TEST_POSTGRES_URL (``.ci/run`` starts
one). Tests that need it are skipped without it; each starts from an empty public schema."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

#: e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/digestbot_test; empty: SQLite only.
POSTGRES_URL = os.environ.get("DIGESTBOT_TEST_POSTGRES_URL", "")

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="needs PostgreSQL: set DIGESTBOT_TEST_POSTGRES_URL (.ci/run starts one)",
)


async def empty_postgres(url: str = POSTGRES_URL) -> None:
    """Drop everything in the database's public schema (its tables, types and data)."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
