"""Feeds saved as their producers serve them (encodings, namespaces, dates, CDATA...), each read
as a careful reader would (``tests/fixtures/feeds/saved``: the README says what is real)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.models import FeedEntry
from bot.sources.feeds import clean_link, parse_feed

SAVED = Path(__file__).resolve().parent.parent / "fixtures" / "feeds" / "saved"
NAMES = sorted(path.name.removesuffix(".expected.json") for path in SAVED.glob("*.expected.json"))


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reading(entry: FeedEntry) -> dict[str, Any]:
    return {
        "url": entry.url,
        "title": _collapsed(entry.title),
        "published": entry.published,
        "guid": entry.guid,
        "comments_url": entry.discussion_url,
        "comment_count": entry.comment_count,
    }


def _answer(expected: dict[str, Any], ours: FeedEntry) -> dict[str, Any]:
    """The expected entry in our terms: links without fragments or tracking parameters (one
    article, however the feed links it); a discussion on the article's own page is none of
    its own; an item without a title shows its words' first line (``ours``, checked apart)."""
    url = clean_link(expected["url"], expected["url"])
    comments = expected["comments_url"] and clean_link(expected["comments_url"], url or "")
    published = expected["published"] and datetime.fromisoformat(expected["published"])
    return {
        "url": url,
        "title": _collapsed(expected["title"]) if expected["title"] is not None else ours.title,
        "published": published,
        "guid": expected["guid"],
        "comments_url": comments if comments != url else None,
        "comment_count": expected["comment_count"],
    }


@pytest.mark.parametrize("name", NAMES)
def test_saved_feed_reads_as_a_reader_would(name: str) -> None:
    expected = json.loads((SAVED / f"{name}.expected.json").read_text(encoding="utf-8"))
    body = SAVED / f"{name}.xml"
    if not body.exists():
        body = SAVED / f"{name}.json"  # (JSON Feed)
    entries = parse_feed(body.read_bytes(), expected["feed_url"], expected["content_type"])
    wanted = expected["entries"]
    assert len(entries) == len(wanted)
    assert [_reading(e) for e in entries] == [
        _answer(w, e) for w, e in zip(wanted, entries, strict=True)
    ]
    for entry, want in zip(entries, wanted, strict=True):
        start = want["summary_start"]
        assert _collapsed(entry.summary).startswith(_collapsed(start or "")) if start else True
        assert bool(entry.summary) == bool(start)
        if want["title"] is None:  # (Mastodon's posts, microposts: the words' first line)
            assert entry.title and _collapsed(entry.summary).startswith(entry.title.rstrip("…"))


def test_every_saved_feed_has_entries() -> None:
    assert len(NAMES) >= 20
