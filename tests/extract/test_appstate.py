"""Threads a script draws from the application state a page carries (Next.js, a Redux store)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.extract import extract_article

URL = "https://news.example/tariffs"
NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)

COMMENTS: dict[str, Any] = {
    "items": [
        {
            "id": "c1",
            "user": {"displayName": "Kenji", "id": 5},
            "body": "<p>Tariffs raise prices.</p><p>Importers pay first.</p>",
            "createdAt": "2025-07-08T01:00:00Z",
            "likeCount": 12,
            "replies": [
                {
                    "id": "c2",
                    "user": {"displayName": "Ana"},
                    "body": "Not always.",
                    "createdAt": 1751940000000,
                    "likeCount": 3,
                    "replies": [],
                }
            ],
        },
        {
            "id": "c3",
            "author": "Bo",
            "text": "Quotas matter more.",
            "created_at": "3 hours ago",
            "score": -2,
            "parent_id": "c2",
        },
    ]
}


def _page(head: str, thread: str = "") -> str:
    return (
        f"<html><head><title>Tariffs - News</title>{head}</head><body><article><h1>Tariffs</h1>"
        "<p>The article text is here, long enough to be the body of the page.</p></article>"
        f"<div id='comments'>{thread}</div></body></html>"
    )


def _rows(html: str) -> list[tuple[Any, ...]]:
    article = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    return [(c.id, c.author, c.posted, c.parent, c.score, c.text) for c in article.comments]


EXPECTED = [
    (
        "c1",
        "Kenji",
        datetime(2025, 7, 8, 1, tzinfo=UTC),
        None,
        12,
        "Tariffs raise prices.\n\nImporters pay first.",
    ),
    ("c2", "Ana", datetime(2025, 7, 8, 2, tzinfo=UTC), "c1", 3, "Not always."),
    ("c3", "Bo", datetime(2026, 11, 26, 6, tzinfo=UTC), "c2", -2, "Quotas matter more."),
]


def test_a_thread_in_next_js_data() -> None:
    """Replies nested or naming their parent by id, HTML or plain words, ISO, epoch and "ago"
    times, likes or a score: the comments a script would draw."""
    state = {"props": {"pageProps": {"article": {"title": "Tariffs"}, "comments": COMMENTS}}}
    head = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state)}</script>"
    assert _rows(_page(head)) == EXPECTED


def test_a_thread_in_a_state_assigned_by_a_script() -> None:
    state = {"article": {"id": 7}, "discussion": COMMENTS}
    head = f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};</script>"
    assert _rows(_page(head)) == EXPECTED


def test_comments_in_the_markup_win_over_the_state() -> None:
    state = {"props": {"comments": COMMENTS}}
    head = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state)}</script>"
    thread = (
        "<ol class='comment-list'><li id='m1' class='comment'><b class='fn'>Mia</b> "
        "<time datetime='2025-07-05T08:00:00Z'>July 5</time><div class='comment-content'>"
        "<p>Quotas are tariffs by another name.</p></div></li></ol>"
    )
    assert [row[0] for row in _rows(_page(head, thread))] == ["m1"]


def test_articles_and_lists_outside_a_discussion_are_no_comments() -> None:
    """Related articles have words, an author and a date too, but a title; a list under a key
    that names no discussion is not looked at."""
    related = [
        {"title": "Steel quotas", "body": "Brussels acts.", "author": "Ed", "date": "2025-07-01"},
        {"title": "Rice imports", "body": "Prices rise.", "author": "Ai", "date": "2025-07-02"},
    ]
    notes = [{"text": "Subscribe for more.", "author": "Desk", "date": "2025-07-01"}] * 2
    state = {"relatedComments": related, "footerNotes": notes}
    head = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state)}</script>"
    assert _rows(_page(head)) == []


def test_a_broken_state_is_no_thread_and_no_error() -> None:
    head = "<script id='__NEXT_DATA__' type='application/json'>{\"comments\": [</script>"
    assert _rows(_page(head)) == []
