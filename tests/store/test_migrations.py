"""Alembic migrations are the schema's source of truth; the ORM models must agree with them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event, text

from bot.errors import ConfigError
from bot.store import Store
from bot.store.engine import alembic_config, head_revision
from bot.store.schema import Base
from bot.store.search import include_in_autogenerate
from tests.store.conftest import T0, article, file_url, thread


def schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"include_name": include_in_autogenerate, "compare_type": True}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_orm_models(store: Store) -> None:
    async with store.engine.connect() as conn:
        assert await conn.run_sync(schema_diff) == []


async def test_schema_comparison_notices_a_difference(store: Store) -> None:
    async with store.engine.begin() as conn:
        await conn.execute(text("DROP INDEX ix_articles_last_activity"))
        diff = await conn.run_sync(schema_diff)
    assert [(d[0], d[1].name) for d in diff] == [("add_index", "ix_articles_last_activity")]


async def test_reopening_a_current_database_runs_no_ddl(tmp_path: Path) -> None:
    url = file_url(tmp_path / "db.sqlite3")
    first = await Store.open(url)
    await first.upsert_article(article(comments=thread(2)), topics=["t"], gist="", fetched_at=T0)
    await first.close()

    again = await Store.open(url, migrate=False)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(again.engine.sync_engine, "before_cursor_execute", record)
    try:
        await again.upgrade()
        async with again.engine.connect() as conn:
            version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
        stored = await again.get_article(article().url)
    finally:
        await again.close()

    assert version == head_revision() == "0003"
    ddl = [s for s in statements if s.lstrip().split()[0].upper() in ("CREATE", "ALTER", "DROP")]
    assert ddl == []
    assert stored is not None and len(stored.comments) == 2


def test_alembic_command_line_configuration_upgrades_and_downgrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", file_url(path))
    config = alembic_config()
    config.attributes["configure_logger"] = False

    command.upgrade(config, "head")
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"articles", "comments", "comments_fts", "deliveries", "alembic_version"} <= tables
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)

    command.downgrade(config, "base")
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"alembic_version"}


def test_offline_sql_renders_the_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///unused.sqlite3")
    config = alembic_config()
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE comments" in sql
    assert "CREATE VIRTUAL TABLE comments_fts USING fts5" in sql
    assert "CREATE TRIGGER comments_fts_update" in sql


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    store = await Store.open(file_url(tmp_path / "pragmas.sqlite3"))
    try:
        async with store.engine.connect() as conn:
            pragmas = [
                await conn.scalar(text(f"PRAGMA {name}"))
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            ]
    finally:
        await store.close()
    assert pragmas == ["wal", 1, 30000]


async def test_open_creates_the_database_directory(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nested" / "digestbot.sqlite3"
    store = await Store.open(file_url(path))
    await store.close()
    assert path.is_file()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite:///x.sqlite3", "unsupported driver 'sqlite'"),
        ("mysql+aiomysql://u@h/db", "unsupported driver 'mysql+aiomysql'"),
        ("not a url", "not a database URL"),
    ],
)
async def test_bad_database_url_is_a_config_error(url: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(problem)):
        await Store.open(url)


def test_migration_files_are_packaged() -> None:
    import tomllib

    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    patterns = tomllib.loads(pyproject.read_text())["tool"]["setuptools"]["package-data"]["bot"]
    package = Path(__file__).parents[2] / "bot"
    migrations = package / "store" / "migrations"
    needed = [
        migrations / "env.py",
        migrations / "alembic.ini",
        migrations / "script.py.mako",
        *sorted((migrations / "versions").glob("*.py")),
    ]
    for path in needed:
        relative = path.relative_to(package)
        assert any(relative.match(p) for p in patterns), f"{relative} is not in package-data"
