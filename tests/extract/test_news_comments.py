"""News sites' and communities' comment sections in markups written from what each site serves
(their public templates, scrapers and userscripts), saved at 2025-07-09T03:00Z: Daily Mail,
derStandard, ZEIT ONLINE, heise, DEV, Habr, MetaFilter, 4chan, LiveJournal, Steam, Slickdeals,
kakaku.com, Daum, NetEase, Zhihu and Douban. Each page's ``<name>.expected.json`` holds its
comments as a careful reader reads them.

A ``<br>`` starts a paragraph here, where those readings keep a newline inside one: texts are
compared with paragraph breaks and line breaks alike.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.extract import extract_article, extract_article_slow
from bot.http import decode_text
from bot.models import Article, Comment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "voteless"
SAVED = datetime(2025, 7, 9, 3, tzinfo=UTC)
PAGES = {
    "dailymail": (
        "https://www.dailymail.co.uk/news/article-14876543/"
        "Trump-tariffs-Japan-South-Korea-letters-August-1.html",
        "Europe/London",
    ),
    "derstandard": (
        "https://www.derstandard.at/story/3000000277143/"
        "trump-verhaengt-ab-august-25-prozent-zoll-auf-waren-aus-japan-und-suedkorea",
        "Europe/Vienna",
    ),
    "zeit-online": (
        "https://www.zeit.de/wirtschaft/2025-07/donald-trump-zoelle-japan-suedkorea-25-prozent",
        "Europe/Berlin",
    ),
}


def _read(name: str, *, slow: bool = False) -> Article:
    url, tz = PAGES[name]
    html = decode_text((FIXTURES / f"{name}.html").read_bytes(), None, url=url)
    extract = extract_article_slow if slow else extract_article
    return extract(html, url, fetched_at=SAVED, source="test", site_tz=tz)


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.expected.json").read_text("utf-8"))
    return data


def _lines(text: str) -> str:
    return text.replace("\n\n", "\n")


def _row(comment: Comment) -> dict[str, Any]:
    posted = comment.posted.astimezone(UTC).isoformat() if comment.posted else None
    return {
        "id": comment.id,
        "author": comment.author,
        "posted": posted,
        "parent": comment.parent,
        "text": _lines(comment.text),
        "votes": (comment.score, comment.up, comment.down),
    }


def _wanted(post: dict[str, Any]) -> dict[str, Any]:
    posted = post["posted"] and datetime.fromisoformat(post["posted"]).astimezone(UTC).isoformat()
    return {
        "id": post["id"],
        "author": post["author"],
        "posted": posted,
        "parent": post["parent"],
        "text": _lines(post["text"]),
        "votes": (post["score"], post["up"], post["down"]),
    }


def test_daily_mail_comments_with_split_ratings_and_empty_counts() -> None:
    """Daily Mail: the down count before the up count in ``rating-button`` elements whose
    classes say "rating" before they say which way, a zero left out as an empty element (in
    one button, or in both: a comment nobody rated still is one), "Name, Town, Country, time"
    bylines, replies nested in ``div.replies`` beside the comment's body (both ``<div>``s). The
    article's byline, its "Published: … | Updated: …" line, captions and fact box are not its
    body, nor is the comment section that the page's ``article-text`` also holds."""
    article = _read("dailymail")
    expected = _expected("dailymail")
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]


def test_derstandard_postings_inside_a_declarative_shadow_root() -> None:
    """derStandard: the forum inside a ``<template shadowrootmode="open">`` (what a browser
    shows, and what a page saver keeps), each posting a ``<dst-posting data-postingid=…>``,
    its name in a user-menu ``<button>``, its ratings as ``<span class=pos>145</span><span
    class=neg>12</span>``, and the replies in a ``<section class="thread">`` after it, alike
    to the other threads: a thread holding one reply is not that reply."""
    article = _read("derstandard")
    expected = _expected("derstandard")
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]


def test_zeit_online_recommendations_and_replies_to_replies() -> None:
    """ZEIT ONLINE: the recommendations on a "⭐ 28" reaction button (hearts and the rest are
    not votes); a reply to a reply nested under the thread's first comment but linking to the
    one it answers (``<a class="parent__content" href="…#cid-66043712">Antwort auf #1.2 von
    …</a>``: its parent, and no words of its own); a moderator's note ("Gekürzt. …") is not the
    commenter's; the title is the ``<h1>``'s title part, without its kicker."""
    article = _read("zeit-online")
    expected = _expected("zeit-online")
    assert (article.title, list(article.body)) == (expected["title"], expected["body"])
    assert [_row(c) for c in article.comments] == [_wanted(p) for p in expected["posts"]]


def test_replaying_templates_gives_what_walking_gives() -> None:
    for name in PAGES:
        assert _read(name) == _read(name, slow=True), name
