"""Alembic environment for digestbot.

Two ways in:

* programmatic (the store): ``config.attributes["connection"]`` holds an open synchronous
  connection (from ``AsyncConnection.run_sync``); migrations run inside its transaction;
* the ``alembic`` command: the database comes from ``DATABASE_URL`` (or ``sqlalchemy.url``
  in the ini file) and an async engine is created here; ``--sql`` renders offline SQL.
"""

from __future__ import annotations

import asyncio
import logging.config
import os

from alembic import context
from sqlalchemy import Connection

from bot.store.engine import create_engine, lock_migrations, sqlite_pragma, writer
from bot.store.schema import Base
from bot.store.search import include_in_autogenerate

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_in_autogenerate,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set DATABASE_URL (e.g. sqlite+aiosqlite:///data/digestbot.sqlite3)")
    return url


def run_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


def _run_in_transaction(connection: Connection) -> None:
    """One transaction for the whole command; SQLite's foreign keys off meanwhile (see
    ``bot.store.engine.upgrade_to_head``)."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        sqlite_pragma(connection, "foreign_keys = OFF")
    try:
        with connection.begin():
            lock_migrations(connection)
            _run_on(connection)
    finally:
        if sqlite:
            sqlite_pragma(connection, "foreign_keys = ON")


async def _run_online_async() -> None:
    engine = writer(create_engine(_database_url()))
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_in_transaction)
    finally:
        await engine.dispose()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    if config.config_file_name and config.attributes.get("configure_logger", True):
        logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)
    asyncio.run(_run_online_async())


if context.is_offline_mode():
    run_offline()
else:
    run_online()
