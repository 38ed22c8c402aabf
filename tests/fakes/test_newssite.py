"""The fake news site itself: its pages must look like Japan Today's to the code under test."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiohttp

from bot.sources.feeds import parse_feed
from bot.text import html_to_text
from tests.fakes.newssite import (
    JST,
    FakeArticle,
    FakeComment,
    Fault,
    NewsSite,
    RssItem,
    render_japantoday_page,
    render_rss,
    sample_tariff_article,
    time_label,
)

NOW = datetime(2025, 7, 6, 21, 0, tzinfo=JST)


def visible_lines(html: str) -> list[str]:
    return [line for line in html_to_text(html).split("\n") if line]


def test_page_reads_like_the_seed_page() -> None:
    lines = visible_lines(render_japantoday_page(sample_tariff_article(), now=NOW))
    assert "Japan tariff negotiator in Washington holds talks twice with Lutnick" in lines
    assert lines.count("5 Comments") == 2  # in the header and above the thread
    assert "Login to comment" in lines
    start = lines.index("Login to comment") + 1
    assert lines[start : start + 4] == [
        "ken Today 06:00 pm JST",
        "Maybe japan needs to do what Canada just did.",
        "5 ( +6 / -1 )",
        "sakura Today 06:09 pm JST",
    ]
    # A reply's quote header glues the quoted user's name to the time, as on the real site.
    assert "danToday 06:39 pm JST" in lines
    assert "-1 ( +0 / -1 )" in lines


def test_popular_order_sorts_by_net_votes() -> None:
    page = render_japantoday_page(sample_tariff_article(), comment_order="popular", now=NOW)
    votes = [line for line in visible_lines(page) if line.endswith(")") and "( +" in line]
    assert votes == [
        "5 ( +6 / -1 )",
        "3 ( +4 / -1 )",
        "0 ( +1 / -1 )",
        "-1 ( +0 / -1 )",
        "-3 ( +1 / -4 )",
    ]


def test_time_labels() -> None:
    assert time_label(datetime(2025, 7, 6, 9, 39, tzinfo=JST), NOW) == "Today 09:39 am JST"
    assert time_label(datetime(2025, 7, 5, 23, 5, tzinfo=JST), NOW) == "Yesterday 11:05 pm JST"
    assert time_label(datetime(2025, 7, 1, 12, 0, tzinfo=JST), NOW) == "Jul. 1 12:00 pm JST"
    assert time_label(datetime(2025, 5, 3, 0, 30, tzinfo=JST), NOW) == "May 3 12:30 am JST"
    assert (
        time_label(datetime(2024, 12, 31, 13, 0, tzinfo=JST), NOW) == "Dec. 31, 2024 01:00 pm JST"
    )


def test_announced_count_can_differ_from_the_comments_shown() -> None:
    article = FakeArticle(
        "/a", "Title", ["Body."], [FakeComment("x", "hi", 1, 0)], comment_count=40
    )
    assert "40 Comments" in visible_lines(render_japantoday_page(article, now=NOW))


def test_rendered_rss_is_a_feed_our_parser_reads() -> None:
    published = datetime(2025, 7, 6, 6, 15, tzinfo=JST)
    xml = render_rss(
        [
            RssItem(
                "Tariffs & trade",
                "https://jt.example/a",
                published,
                "<p>Gist ]]> here</p>",
                comment_count=3,
            )
        ]
    )
    (entry,) = parse_feed(xml.encode(), "https://jt.example/feed")
    assert (entry.title, entry.url, entry.published, entry.summary, entry.comment_count) == (
        "Tariffs & trade",
        "https://jt.example/a",
        published,
        "Gist ]]> here",
        3,
    )


async def test_site_logs_requests_applies_faults_for_n_requests_and_reflects_edits() -> None:
    async with NewsSite(now=NOW) as site, aiohttp.ClientSession() as session:
        article = sample_tariff_article()
        url = site.add_article(article)
        site.set_fault(article.path, Fault.http_status(503, retry_after="2"), times=1)
        async with session.get(url) as first:
            assert (first.status, first.headers["Retry-After"]) == (503, "2")
        async with session.get(url, params={"comment-order": "popular"}) as second:
            assert second.status == 200
            etag = second.headers["ETag"]
        async with session.get(
            url, params={"comment-order": "popular"}, headers={"If-None-Match": etag}
        ) as third:
            assert third.status == 304
        article.comments.append(FakeComment("new", "Late comment.", 2, 0, NOW - timedelta(hours=1)))
        async with session.get(
            url, params={"comment-order": "popular"}, headers={"If-None-Match": etag}
        ) as fourth:
            assert fourth.status == 200
            assert "Late comment." in await fourth.text()
    assert [(r.path, r.query) for r in site.requests] == [
        (article.path, {}),
        (article.path, {"comment-order": "popular"}),
        (article.path, {"comment-order": "popular"}),
        (article.path, {"comment-order": "popular"}),
    ]
