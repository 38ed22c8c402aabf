"""RssSource against the fake news site: discovery by conditional GET, articles from entries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import FeedError, FetchError
from bot.http import HttpClient
from bot.models import Article, FeedEntry
from bot.sources.rss import RssSource
from config.settings import HttpSettings, SourceSettings
from tests.fakes.newssite import JST, FakeArticle, Fault, NewsSite, sample_tariff_article

NOW = datetime(2025, 7, 6, 12, 0, tzinfo=UTC)


def politics(path: str, title: str, hours_ago: int) -> FakeArticle:
    return FakeArticle(
        path=path,
        title=title,
        body=[f"{title}: the first paragraph.", "A second paragraph."],
        published=datetime(2025, 7, 6, 12, 0, tzinfo=JST) - timedelta(hours=hours_ago),
    )


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(HttpSettings(retries=1, backoff_seconds=0)) as client:
        yield client


def source(http: HttpClient, *feeds: str) -> RssSource:
    settings = SourceSettings.model_validate({"name": "kyodo", "kind": "rss", "feeds": list(feeds)})
    return RssSource(settings, http)


async def test_discover_lists_feed_entries_newest_first(site: NewsSite, http: HttpClient) -> None:
    site.add_article(politics("/category/politics/older", "Older talks", 8))
    site.add_article(sample_tariff_article())
    rss = source(http, site.publish_feed("/feed"))
    entries = await rss.discover()
    assert [(e.title, e.url, e.published) for e in entries] == [
        (
            "Japan tariff negotiator in Washington holds talks twice with Lutnick",
            site.url_for("/category/politics/japan-tariff-negotiator-talks"),
            datetime(2025, 7, 5, 21, 15, tzinfo=UTC),
        ),
        (
            "Older talks",
            site.url_for("/category/politics/older"),
            datetime(2025, 7, 5, 19, 0, tzinfo=UTC),  # 04:00 JST
        ),
    ]
    assert entries[0].summary.startswith("Japan's top tariff negotiator, Ryosei Akazawa")


async def test_unchanged_feed_gives_nothing_and_costs_a_304(
    site: NewsSite, http: HttpClient
) -> None:
    site.add_article(politics("/category/politics/a", "First story", 2))
    rss = source(http, site.publish_feed("/feed"))
    assert [e.title for e in await rss.discover()] == ["First story"]
    assert await rss.discover() == []
    second = site.requests_for("/feed")[1]
    assert "If-None-Match" in second.headers
    assert http.stats.not_modified == 1

    site.add_article(politics("/category/politics/b", "Second story", 1))
    assert [e.title for e in await rss.discover()] == ["Second story", "First story"]


async def test_an_article_shared_by_two_feeds_is_listed_once(
    site: NewsSite, http: HttpClient
) -> None:
    site.add_article(politics("/category/politics/shared", "Shared story", 1))
    site.add_article(politics("/category/politics/only-main", "Main only", 3))
    main = site.publish_feed("/feed")
    category = site.publish_feed("/category/politics/feed", category="politics", limit=1)
    entries = await source(http, main, category).discover()
    assert [e.title for e in entries] == ["Shared story", "Main only"]


async def test_one_broken_feed_does_not_hide_the_others(site: NewsSite, http: HttpClient) -> None:
    site.add_article(politics("/category/politics/a", "Still here", 1))
    good = site.publish_feed("/feed")
    broken = site.add_page("/not-a-feed", "<!DOCTYPE html><html><body>Oops</body></html>")
    entries = await source(http, broken, good).discover()
    assert [e.title for e in entries] == ["Still here"]


async def test_a_feed_without_a_declaration_is_read_in_the_servers_charset(
    site: NewsSite, http: HttpClient
) -> None:
    xml = (
        "<rss version='2.0'><channel><title>経済</title><item><title>対日関税25%、8月1日から"
        f"</title><link>{site.url_for('/a/1')}</link></item></channel></rss>"
    )
    sjis = "text/xml; charset=Shift_JIS"
    feed = site.add_feed("/sjis.rss", xml.encode("cp932"), content_type=sjis)
    (entry,) = await source(http, feed).discover()
    assert entry.title == "対日関税25%、8月1日から"


async def test_every_feed_failing_raises_the_first_error(site: NewsSite, http: HttpClient) -> None:
    broken = site.add_page("/not-a-feed", "<!DOCTYPE html><html><body>Oops</body></html>")
    gone = site.url_for("/gone")
    with pytest.raises(FeedError) as caught:
        await source(http, broken, gone).discover()
    assert (caught.value.url, caught.value.reason) == (broken, "an HTML page, not a feed")

    site.set_fault("/feed", Fault.http_status(503))
    site.publish_feed("/feed")
    with pytest.raises(FetchError) as failed:
        await source(http, site.url_for("/feed")).discover()
    assert failed.value.status == 503


async def test_fetch_article_is_built_from_the_entry_without_fetching(
    site: NewsSite, http: HttpClient
) -> None:
    entry = FeedEntry(
        url="https://kyodo.example/tariffs",
        title="Tariff talks",
        published=NOW,
        guid="kyodo-1",
        summary="First paragraph.\n\nSecond paragraph.\nSame paragraph, new line.",
        comment_count=5,
    )
    rss = source(http, site.url_for("/feed"))
    article = await rss.fetch_article(entry, fetched_at=NOW)
    assert article == Article(
        url="https://kyodo.example/tariffs",
        title="Tariff talks",
        published=NOW,
        body=("First paragraph.", "Second paragraph.\nSame paragraph, new line."),
        comments=(),
        comment_count=0,
        source="kyodo",
        guid="kyodo-1",
    )
    assert site.requests == []
    assert (rss.kind, rss.supports_comments) == ("rss", False)
