"""Japan Today: URL helpers, comment pagination, and the source against the fake news site."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import ExtractionError, FetchError
from bot.http import HttpClient
from bot.models import FeedEntry
from bot.revisit import Revisits, Round
from bot.sources.base import ThreadUnchanged
from bot.sources.japantoday import JapanTodaySource, comments_url, next_comment_page
from config.settings import HttpSettings, SourceSettings
from tests.fakes.newssite import FakeComment, NewsSite, sample_tariff_article

NOW = datetime(2025, 7, 6, 14, 0, tzinfo=UTC)  # 23:00 JST
ARTICLE = "https://japantoday.com/category/politics/talks"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (ARTICLE, ARTICLE + "?comment-order=popular"),
        (ARTICLE + "#comments", ARTICLE + "?comment-order=popular"),
        (ARTICLE + "?comment-order=latest", ARTICLE + "?comment-order=popular"),
        (ARTICLE + "?comment-page=2", ARTICLE + "?comment-page=2&comment-order=popular"),
    ],
)
def test_comments_url(url: str, expected: str) -> None:
    assert comments_url(url) == expected


def _comments_area(links: str) -> str:
    return (
        "<html><body><nav><a href='/category/politics/next-story'>Next</a></nav>"
        "<article><p>Body.</p><a href='/category/politics/other' rel='next'>Next article</a>"
        f"</article><section id='comments'><div class='comment'>x</div>{links}</section>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (
            _comments_area("<a href='?comment-page=2'>2</a> <a href='?comment-page=3'>3</a>"),
            ARTICLE + "?comment-order=popular",
            ARTICLE + "?comment-page=2&comment-order=popular",
        ),
        (
            _comments_area("<a href='?comment-page=1'>1</a> <a href='?comment-page=3'>3</a>"),
            ARTICLE + "?comment-page=2&comment-order=popular",
            ARTICLE + "?comment-page=3&comment-order=popular",
        ),
        (
            _comments_area(
                "<div class='pager'><a href='/category/politics/talks/page/2'>Next ›</a></div>"
            ),
            ARTICLE,
            ARTICLE + "/page/2?comment-order=popular",
        ),
        (
            _comments_area("<a rel='next' href='/category/politics/talks?cp=2'>More</a>"),
            ARTICLE,
            ARTICLE + "?cp=2&comment-order=popular",
        ),
        (
            "<html><head><link rel='next' href='/category/politics/talks/comment-page-2/'></head>"
            "<body><p>x</p></body></html>",
            ARTICLE,
            ARTICLE + "/comment-page-2/?comment-order=popular",
        ),
        # only other articles' "Next" links: no more comments
        (_comments_area(""), ARTICLE, None),
        # a link back to this very page is not a next page
        (_comments_area("<a href='?comment-page=1'>1</a>"), ARTICLE, None),
        # another site's pagination is never followed
        (
            _comments_area("<a href='https://evil.example/talks?comment-page=2'>2</a>"),
            ARTICLE,
            None,
        ),
    ],
)
def test_next_comment_page(html: str, url: str, expected: str | None) -> None:
    assert next_comment_page(html, url) == expected


# -- the source against the fake site -------------------------------------------------------


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite(now=NOW) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(HttpSettings(retries=1, backoff_seconds=0)) as client:
        yield client


def make_source(http: HttpClient, *feeds: str, max_comments: int = 2000) -> JapanTodaySource:
    settings = SourceSettings.model_validate(
        {
            "name": "japantoday",
            "kind": "japantoday",
            "feeds": list(feeds),
            "max_comments": max_comments,
        }
    )
    return JapanTodaySource(settings, http)


async def test_discover_then_nothing_when_feeds_unchanged(site: NewsSite, http: HttpClient) -> None:
    site.add_article(sample_tariff_article())
    politics = site.publish_feed("/category/politics/feed", category="politics")
    everything = site.publish_feed("/feed")
    source = make_source(http, everything, politics)
    entries = await source.discover()
    assert [e.url for e in entries] == [
        site.url_for("/category/politics/japan-tariff-negotiator-talks")
    ]
    assert await source.discover() == []
    assert [r.headers.get("If-None-Match") is not None for r in site.requests_for("/feed")] == [
        False,
        True,
    ]


async def test_discover_asks_only_the_feeds_the_schedule_finds_due(
    site: NewsSite, http: HttpClient
) -> None:
    interval = timedelta(minutes=10)
    revisits = Revisits(interval, interval * 6)
    site.add_article(sample_tariff_article())  # published 7 h 45 min before NOW
    politics = site.publish_feed("/category/politics/feed", category="politics")
    missing = site.url_for("/missing-feed")
    source = make_source(http, politics, missing)
    assert len(await source.discover(Round(revisits, NOW))) == 1
    # The feed answered with an entry hours old: it waits six cycles. The failing one is due.
    later = Round(revisits, NOW + interval)
    assert await source.discover(later) == [] and later.not_due == 1
    assert len(site.requests_for("/category/politics/feed")) == 1
    assert len(site.requests_for("/missing-feed")) == 2
    await source.discover(Round(revisits, NOW + interval * 6))
    assert len(site.requests_for("/category/politics/feed")) == 2


async def test_discover_raises_when_every_feed_fails(site: NewsSite, http: HttpClient) -> None:
    source = make_source(http, site.url_for("/missing-feed"))
    with pytest.raises(FetchError):
        await source.discover()


async def test_fetch_article_reads_the_popular_thread(site: NewsSite, http: HttpClient) -> None:
    url = site.add_article(sample_tariff_article())
    source = make_source(http, site.publish_feed("/feed"))
    entry = FeedEntry(url=url, title="from the feed", guid="jt-123")
    article = await source.fetch_article(entry, fetched_at=NOW)
    assert site.requests_for("/category/politics/japan-tariff-negotiator-talks")[0].query == {
        "comment-order": "popular"
    }
    assert article.url == url
    assert article.source == "japantoday" and article.guid == "jt-123"
    assert article.title == "Japan tariff negotiator in Washington holds talks twice with Lutnick"
    assert article.published == datetime(2025, 7, 5, 21, 15, tzinfo=UTC)
    assert article.comment_count == 5
    rows = [(c.author, c.score, c.up, c.down) for c in article.comments]
    assert rows == [  # popular order: net votes, then upvotes
        ("ken", 5, 6, 1),
        ("Peter Neil", 3, 4, 1),
        ("dan", 0, 1, 1),
        ("OssanAmerica", -1, 0, 1),
        ("sakura", -3, 1, 4),
    ]
    by_author = {c.author: c for c in article.comments}
    assert by_author["dan"].parent == by_author["sakura"].id
    assert by_author["dan"].text == (
        "America is very much Japan's friend.\n\n"
        "It's the idiot in the White House who is not anybody's friend."
    )
    assert by_author["OssanAmerica"].parent == by_author["dan"].id
    assert by_author["OssanAmerica"].posted == datetime(2025, 7, 6, 11, 25, tzinfo=UTC)


def _thread_page(site: NewsSite, page: int, ids: range, next_path: str | None) -> str:
    blocks = "".join(
        f'<div class="comment" id="c{i}"><a href="/member/u{i}">u{i}</a>'
        f'<span class="date">Today 0{i % 9 + 1}:00 pm JST</span><p>Comment {i} on the talks.</p>'
        f'<div class="votes">{i} ( +{i + 1} / -1 )</div></div>'
        for i in ids
    )
    pager = (
        f'<div class="comments-pager"><a href="{next_path}">Next ›</a></div>' if next_path else ""
    )
    return (
        "<html><head><title>Long thread - Japan Today</title></head><body><h1>Long thread</h1>"
        '<div class="article-body"><p>Talks went on for a long time.</p></div>'
        f'<section id="comments"><h2>7 Comments</h2><div class="list">{blocks}</div>{pager}'
        "</section></body></html>"
    )


async def test_fetch_article_follows_comment_pages(site: NewsSite, http: HttpClient) -> None:
    base = "/category/politics/long-thread"
    url = site.add_page(base, _thread_page(site, 1, range(0, 3), base + "/comment-page-2"))
    site.add_page(
        base + "/comment-page-2", _thread_page(site, 2, range(2, 5), base + "/comment-page-3")
    )
    site.add_page(base + "/comment-page-3", _thread_page(site, 3, range(5, 7), None))
    source = make_source(http, site.publish_feed("/feed"))
    article = await source.fetch_article(FeedEntry(url=url, title="t"), fetched_at=NOW)
    assert [c.id for c in article.comments] == ["c0", "c1", "c2", "c3", "c4", "c5", "c6"]
    assert [c.position for c in article.comments] == list(range(7))
    assert article.comments[6].score == 6 and article.comment_count == 7
    for path in (base + "/comment-page-2", base + "/comment-page-3"):
        assert site.requests_for(path)[0].query == {"comment-order": "popular"}


async def test_a_thread_read_before_is_downloaded_again_only_when_it_changed(
    site: NewsSite, http: HttpClient
) -> None:
    tariff = sample_tariff_article()
    url = site.add_article(tariff)
    path = "/category/politics/japan-tariff-negotiator-talks"
    source = make_source(http, site.publish_feed("/feed"))
    entry = FeedEntry(url=url, title="t")
    await source.fetch_article(entry, fetched_at=NOW)
    with pytest.raises(ThreadUnchanged):
        await source.fetch_article(entry, fetched_at=NOW, revalidate=True)
    assert [r.headers.get("If-None-Match") is not None for r in site.requests_for(path)] == [
        False,
        True,
    ]
    tariff.comments.append(FakeComment("newcomer", "Tariffs hurt consumers on both sides.", 2, 0))
    article = await source.fetch_article(entry, fetched_at=NOW, revalidate=True)
    assert "newcomer" in {c.author for c in article.comments}


async def test_a_thread_of_several_pages_is_read_whole_when_revalidated(
    site: NewsSite, http: HttpClient
) -> None:
    """Its first page being unchanged says nothing of the last, where new comments go."""
    base = "/category/politics/long-thread"
    url = site.add_page(base, _thread_page(site, 1, range(0, 3), base + "/comment-page-2"))
    site.add_page(base + "/comment-page-2", _thread_page(site, 2, range(3, 5), None))
    source = make_source(http, site.publish_feed("/feed"))
    entry = FeedEntry(url=url, title="t")
    await source.fetch_article(entry, fetched_at=NOW)
    again = await source.fetch_article(entry, fetched_at=NOW, revalidate=True)
    assert len(again.comments) == 5
    assert [r.headers.get("If-None-Match") for r in site.requests_for(base)] == [None, None]


async def test_pagination_loops_and_page_limit(site: NewsSite, http: HttpClient) -> None:
    base = "/category/politics/loop"
    url = site.add_page(base, _thread_page(site, 1, range(0, 2), base + "/comment-page-2"))
    site.add_page(base + "/comment-page-2", _thread_page(site, 2, range(2, 4), base))
    source = make_source(http, site.publish_feed("/feed"), max_comments=3)
    article = await source.fetch_article(FeedEntry(url=url, title="t"), fetched_at=NOW)
    assert [c.id for c in article.comments] == ["c0", "c1", "c2"]
    assert len(site.requests_for(base)) == 1


async def test_a_page_whose_markup_changed_is_an_error(site: NewsSite, http: HttpClient) -> None:
    url = site.add_page(
        "/category/politics/redesign",
        "<html><body><h1>T</h1><p>Some body text here.</p><h2>4 Comments</h2>"
        "<div class='x'>comments are now loaded by JavaScript</div></body></html>",
    )
    source = make_source(http, site.publish_feed("/feed"))
    with pytest.raises(ExtractionError) as caught:
        await source.fetch_article(FeedEntry(url=url, title="t"), fetched_at=NOW)
    assert "announces 4 comments but none were found" in str(caught.value)
    assert "/category/politics/redesign" in str(caught.value)


def _local_times_page(lang: str) -> str:
    blocks = "".join(
        f'<div class="comment" id="c{i}"><a href="/member/u{i}">u{i}</a>'
        f'<span class="date">8 Luglio 2025 | 2{i}.15</span><p>Commento {i} sui dazi.</p>'
        f'<div class="votes">{i} ( +{i + 1} / -1 )</div></div>'
        for i in range(3)
    )
    return (
        f'<html lang="{lang}"><head><title>Dazi</title><meta property="article:published_time"'
        ' content="2025-07-08T07:55:00+02:00"></head><body><h1>Dazi</h1>'
        '<div class="article-body"><p>Le lettere sono arrivate.</p></div>'
        f'<section id="comments"><h2>3 Comments</h2>{blocks}</section></body></html>'
    )


@pytest.mark.parametrize(
    ("timezone", "posted"),
    [
        (None, datetime(2025, 7, 8, 11, 15, tzinfo=UTC)),  # Japan Today's, Tokyo's
        ("page", datetime(2025, 7, 8, 18, 15, tzinfo=UTC)),  # the page's: Rome's
        ("America/New_York", datetime(2025, 7, 9, 0, 15, tzinfo=UTC)),
    ],
)
async def test_comment_times_are_read_in_the_sources_zone(
    site: NewsSite, http: HttpClient, timezone: str | None, posted: datetime
) -> None:
    """A time that names no zone is the site's: Tokyo's for a Japan Today source, the
    configured one, or ``timezone = "page"``, what the page says of where it is from (as for
    a page of a site that is not configured)."""
    url = site.add_page("/dazi", _local_times_page("it"))
    data = {"name": "corriere", "kind": "japantoday", "feeds": [url], "timezone": timezone}
    source = JapanTodaySource(SourceSettings.model_validate(data), http)
    article = await source.fetch_article(FeedEntry(url=url, title="t"), fetched_at=NOW)
    assert [c.posted for c in article.comments] == [posted + timedelta(hours=i) for i in range(3)]
