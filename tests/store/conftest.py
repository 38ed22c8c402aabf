"""Stores on real databases (an SQLite file under tmp_path, SQLite in memory, PostgreSQL when
DIGESTBOT_TEST_POSTGRES_URL names one), and article builders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.models import Article, Comment
from bot.store import Store
from tests.postgres import POSTGRES_URL, empty_postgres

T0 = datetime(2025, 7, 5, 9, 0, tzinfo=UTC)
ARTICLE_URL = "https://japantoday.com/category/politics/japan-tariff-negotiator-in-washington"


def file_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


BACKENDS = ["file", "memory", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(params=BACKENDS)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A migrated store: on an SQLite file, in memory, and on PostgreSQL when configured."""
    if request.param == "postgresql":
        await empty_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    elif request.param == "file":
        url = file_url(tmp_path / "db" / "digestbot.sqlite3")
    else:
        url = "sqlite+aiosqlite://"
    opened = await Store.open(url)
    try:
        yield opened
    finally:
        await opened.close()


def comment(
    cid: str,
    text: str,
    *,
    author: str = "reader",
    up: int | None = 0,
    down: int | None = 0,
    position: int = 0,
    posted: datetime | None = None,
    parent: str | None = None,
) -> Comment:
    score = None if up is None or down is None else up - down
    return Comment(
        id=cid,
        author=author,
        text=text,
        posted=posted,
        score=score,
        up=up,
        down=down,
        parent=parent,
        position=position,
    )


def article(
    url: str = ARTICLE_URL,
    *,
    title: str = "Japan tariff negotiator in Washington holds talks twice with Lutnick",
    comments: tuple[Comment, ...] = (),
    body: tuple[str, ...] = ("Japan's top tariff negotiator spoke with Howard Lutnick twice.",),
    published: datetime | None = T0,
    source: str = "japantoday",
    discussion_url: str | None = None,
) -> Article:
    return Article(
        url=url,
        title=title,
        published=published,
        body=body,
        comments=comments,
        comment_count=len(comments),
        source=source,
        guid=url,
        discussion_url=discussion_url,
    )


def thread(n: int, *, prefix: str = "c") -> tuple[Comment, ...]:
    """``n`` distinct comments in page order, comment i with i upvotes and 1 downvote."""
    return tuple(
        comment(f"{prefix}{i}", f"comment number {i} about rice", up=i, down=1, position=i)
        for i in range(n)
    )
