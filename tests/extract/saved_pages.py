"""The saved pages of ``tests/fixtures/voteless/`` and their readings, for the tests that
compare the two (``test_forums.py``, ``test_news_comments.py``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.extract import extract_article, extract_article_slow
from bot.http import decode_text
from bot.models import Article, Comment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "voteless"


def read_saved(
    name: str, url: str, *, fetched_at: datetime, tz: str, slow: bool = False
) -> Article:
    """The page ``<name>.html`` extracted as if fetched from ``url`` (decoded as the fetcher
    decodes a page: by its ``<meta>`` charset, Shift_JIS or EUC-JP included)."""
    html = decode_text((FIXTURES / f"{name}.html").read_bytes(), None, url=url)
    extract = extract_article_slow if slow else extract_article
    return extract(html, url, fetched_at=fetched_at, source="test", site_tz=tz)


def expected(name: str) -> dict[str, Any]:
    """``<name>.expected.json``: the page as a careful reader reads it."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    return data


def comment_row(comment: Comment) -> dict[str, Any]:
    posted = comment.posted.astimezone(UTC).isoformat() if comment.posted else None
    return {
        "id": comment.id,
        "author": comment.author,
        "posted": posted,
        "parent": comment.parent,
        "text": comment.text,
    }
