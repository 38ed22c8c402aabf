"""A thousand-comment page is read completely and exactly (its speed is bench/'s business)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.extract import extract_article
from tests.extract.big_thread import japantoday_thread_html, votes_of

NOW = datetime(2025, 6, 29, 14, 30, tzinfo=UTC)


def test_thousand_comments() -> None:
    html = japantoday_thread_html(1000)
    article = extract_article(html, "https://japantoday.com/x", fetched_at=NOW)
    comments = article.comments
    assert len(comments) == 1000 and article.comment_count == 1000
    first, last = comments[0], comments[-1]
    assert (first.id, first.author, first.score, first.up, first.down) == (
        "comment-0",
        "dan",
        0,
        0,
        0,
    )
    up, down = votes_of(999)
    assert (last.id, last.score, last.up, last.down) == ("comment-999", up - down, up, down)
    assert [c.position for c in comments] == list(range(1000))
    assert all(
        (c.score, c.up, c.down) == (votes_of(i)[0] - votes_of(i)[1], *votes_of(i))
        for i, c in enumerate(comments)
    )
    replies = [c for c in comments if c.parent is not None]
    assert [c.id for c in replies] == [f"comment-{i}" for i in range(9, 1000, 10)]
    assert all(c.parent == f"comment-{int(c.id.split('-')[1]) - 1}" for c in replies)
    assert comments[9].text == (
        "Comment number 9 says tariffs hurt both economies.\n\n"
        "Second paragraph of comment 9, with a few more words in it."
    )
