"""Opening the database: the async engine, SQLite's connection settings, and migrations.

SQLite specifics live here and nowhere else outside the full-text code:

* every connection gets WAL journaling (readers never block the writer), enforced foreign
  keys and a busy timeout (another process writing makes us wait, not fail);
* SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN``, so that SELECTs, DDL and
  savepoints are really inside the transaction (see SQLAlchemy's "SQLite transactions"
  notes); write transactions use ``BEGIN IMMEDIATE`` so two writers queue on the busy
  timeout instead of deadlocking when both try to upgrade a read lock;
* an in-memory database is one shared connection (``StaticPool``): the store serializes
  access to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.errors import ConfigError
from bot.store.errors import MigrationError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
#: Execution option naming the statement that opens a transaction on SQLite.
BEGIN_OPTION = "digestbot_sqlite_begin"
#: PostgreSQL advisory lock key serializing migrations: the first 8 bytes of
#: sha256("digestbot:migrations"), as a signed 64-bit number.
MIGRATION_LOCK = int.from_bytes(
    hashlib.sha256(b"digestbot:migrations").digest()[:8], "big", signed=True
)


def parse_database_url(database_url: str) -> URL:
    """The URL, checked: an async driver we support. Raises ConfigError naming the problem."""
    try:
        url = make_url(database_url)
    except ArgumentError as exc:
        raise ConfigError("DATABASE_URL", "", f"not a database URL: {database_url!r}") from exc
    if url.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise ConfigError(
            "DATABASE_URL",
            "",
            f"unsupported driver {url.drivername!r}: use sqlite+aiosqlite:///path "
            "or postgresql+asyncpg://user@host/db",
        )
    return url


def is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_engine(database_url: str) -> AsyncEngine:
    """An async engine for the URL; creates an SQLite file's parent directory."""
    url = parse_database_url(database_url)
    kwargs: dict[str, Any] = {
        "json_serializer": lambda obj: json.dumps(obj, ensure_ascii=False),
    }
    if url.get_backend_name() == "sqlite":
        if is_memory(url):
            kwargs["poolclass"] = StaticPool
        elif url.database and not url.query.get("uri"):
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get(BEGIN_OPTION, "BEGIN"))


def writer(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool), but its transactions take SQLite's write lock up front."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{BEGIN_OPTION: "BEGIN IMMEDIATE"})


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our packaged migrations (no alembic.ini needed)."""
    config = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Alembic ``upgrade head`` in one transaction (run via ``AsyncConnection.run_sync``).

    On SQLite, foreign keys are off while migrating: Alembic's batch mode recreates a table
    to alter it, and dropping ``articles`` with foreign keys on would cascade to its
    comments. Before committing, ``PRAGMA foreign_key_check`` must find nothing broken.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        sqlite_pragma(connection, "foreign_keys = OFF")  # only works outside a transaction
    try:
        with connection.begin():
            lock_migrations(connection)
            current, head = current_revision(connection), head_revision()
            if current == head:
                log.debug("database schema is current (%s)", head)
                return
            log.info("upgrading database schema from %s to %s", current or "empty", head)
            command.upgrade(alembic_config(connection), "head")
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(
                        f"migration to {head} left {len(broken)} rows with broken foreign keys "
                        f"(first: {tuple(broken[0])}); nothing was changed"
                    )
    finally:
        if sqlite:
            sqlite_pragma(connection, "foreign_keys = ON")


def lock_migrations(connection: Connection) -> None:
    """Make concurrent migrations take turns, inside the migration's transaction.

    Several bot processes starting at once against one PostgreSQL database each migrate on
    start: without this, two of them create the same table and one fails. With it, the
    others wait until the first commits, then find the schema current. (SQLite's
    ``BEGIN IMMEDIATE`` already serializes writers.)
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def sqlite_pragma(connection: Connection, pragma: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()
