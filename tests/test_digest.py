"""Assembling digests: one entry per story, the busiest discussion first, limits honoured."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.digest import build_digest, group_same_story, make_entry, same_title, story_url_key
from bot.models import Article, Comment, DigestEntry, Discussion

NOW = datetime(2025, 7, 5, 12, tzinfo=UTC)
TITLE = "Japan tariff negotiator in Washington holds talks twice with Lutnick"
JT_URL = "https://japantoday.com/category/politics/japan-tariff-negotiator-in-washington"


def article(
    url: str, title: str, comments: int = 0, source: str = "japantoday", **kw: object
) -> Article:
    return Article(url=url, title=title, comment_count=comments, source=source, **kw)  # type: ignore[arg-type]


def test_story_url_key_ignores_tracking_scheme_www_and_trailing_slash() -> None:
    assert story_url_key(
        "https://www.japantoday.com/a/b/?utm_source=x&comment-order=popular#c"
    ) == ("japantoday.com/a/b")
    assert story_url_key("http://japantoday.com/a/b?id=3&fbclid=z") == "japantoday.com/a/b?id=3"


def test_same_url_across_sources_merges_with_the_articles_own_page_first() -> None:
    jt = article(JT_URL, TITLE, 19)
    reddit = article(
        JT_URL + "/?utm_source=reddit",
        "Japan's negotiator talks to Lutnick again",
        42,
        source="reddit",
        discussion_url="https://www.reddit.com/r/japan/comments/abc/x/",
    )
    other = article("https://japantoday.com/category/business/rice", "Rice prices hit a record", 3)
    groups = group_same_story([jt, other, reddit])
    # The publisher's page leads even though the Reddit thread is busier.
    assert groups == [[jt, reddit], [other]]
    second_thread = article(
        JT_URL, TITLE, 60, source="hn", discussion_url="https://news.ycombinator.com/item?id=1"
    )
    # Among threads elsewhere, the busiest comes first.
    assert group_same_story([second_thread, reddit]) == [[second_thread, reddit]]


def test_near_identical_titles_merge() -> None:
    a = article("https://japantoday.com/a", TITLE, 5)
    b = article("https://www.reuters.com/b", TITLE + " - Reuters", 7, source="reuters")
    c = article("https://news.ycombinator.com/item?id=1", TITLE.lower() + "!", 2, source="hn")
    assert group_same_story([a, b, c]) == [[b, a, c]]
    assert same_title("Trump's tariffs: what we know", "Trump tariffs: What we know")


def test_different_stories_stay_apart() -> None:
    a = article("https://japantoday.com/a", TITLE, 5)
    b = article(
        "https://japantoday.com/b",
        "Japan tariff negotiator in Washington meets Bessent after Lutnick calls",
        5,
    )
    c = article("https://example.com/live1", "Live updates", 1)
    d = article("https://example.com/live2", "Live updates", 1)
    assert group_same_story([a, b, c, d]) == [[a], [b], [c], [d]]


def test_ties_keep_input_order_and_groups_keep_first_appearance() -> None:
    x1 = article("https://a.example/x", "Steel levies rise again in Europe", 4)
    y = article("https://a.example/y", "Rice imports stall at the border", 9)
    x2 = article("https://b.example/x", "Steel levies rise again in Europe", 4, source="b")
    assert group_same_story([x1, y, x2]) == [[x1, x2], [y]]


def entry(url: str, comments: int, *, others: int = 0) -> DigestEntry:
    main = article(url, f"Story {url}", comments, body=("Tariffs rose on Monday.",))
    extra = tuple(
        (article(f"{url}/o{i}", f"Story {url}", others), Discussion(summary="x"))
        for i in range(1 if others else 0)
    )
    return DigestEntry(
        article=main, gist="g", discussion=Discussion(summary="s"), other_discussions=extra
    )


def test_make_entry_main_first_others_listed_and_gist_from_a_body() -> None:
    reddit = article("https://reddit.com/r/x/1", TITLE, 42, source="reddit")
    jt = article(JT_URL, TITLE, 19, body=("Photo: AP", "Tariffs rose on Monday. Orders fell."))
    d1, d2 = Discussion(summary="one"), Discussion(summary="two")
    made = make_entry([(reddit, d1), (jt, d2)])
    assert made.article is reddit
    assert made.discussion is d1
    assert made.other_discussions == ((jt, d2),)
    assert made.gist == "Tariffs rose on Monday. Orders fell."
    with pytest.raises(ValueError, match="at least one"):
        make_entry([])


def test_build_digest_moves_the_overflow_to_more() -> None:
    entries = [entry(f"https://a.example/{i}", 10 - i) for i in range(12)]
    digest = build_digest("tariffs", entries, now=NOW, max_articles=10)
    assert [e.article.url for e in digest.entries] == [f"https://a.example/{i}" for i in range(10)]
    assert [a.url for a in digest.more] == ["https://a.example/10", "https://a.example/11"]
    assert (digest.topic, digest.generated_at) == ("tariffs", NOW)


def test_build_digest_drops_quiet_discussions_counting_every_source() -> None:
    quiet = entry("https://a.example/quiet", 1)
    busy = entry("https://a.example/busy", 5)
    spread = entry("https://a.example/spread", 2, others=3)  # 2 here + 3 elsewhere
    digest = build_digest("tariffs", [quiet, busy, spread], now=NOW, min_comments=5)
    assert [e.article.url for e in digest.entries] == [busy.article.url, spread.article.url]
    assert digest.more == ()


def test_comment_count_falls_back_to_comments_present() -> None:
    comments = tuple(Comment(id=str(i), author="a", text="t") for i in range(3))
    e = DigestEntry(
        article=Article(url="https://a.example/1", title="T", comments=comments),
        gist="",
        discussion=Discussion(summary=""),
    )
    assert build_digest("t", [e], now=NOW, min_comments=3).entries == (e,)
    with pytest.raises(ValueError, match="max_articles"):
        build_digest("t", [e], now=NOW, max_articles=-1)
