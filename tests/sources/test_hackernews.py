"""HackerNewsSource end to end: the real HttpClient against a local hn.algolia.com."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.errors import ExtractionError, FetchError
from bot.http import HttpClient
from bot.models import FeedEntry
from bot.ranking import rank_comments
from bot.sources.hackernews import HackerNewsSource, html_to_text, story_id_of
from config.settings import HttpSettings, SourceSettings
from tests.fakes.hackernews import FakeAlgolia, load_fixture

NOW = datetime(2025, 7, 6, 0, 0, tzinfo=UTC)
T0 = datetime(2025, 7, 5, 7, 20, tzinfo=UTC)
JT_URL = (
    "https://japantoday.com/category/politics/"
    "japan-tariff-negotiator-in-washington-holds-talks-twice-with-lutnick"
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeAlgolia]:
    async with FakeAlgolia() as server:
        server.hits = load_fixture("search_by_date.json")["hits"]
        for story_id in (44470001, 44469500):
            server.items[story_id] = load_fixture(f"item_{story_id}.json")
        yield server


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(HttpSettings(retries=1, backoff_seconds=0.01)) as client:
        yield client


def source(fake: FakeAlgolia, http: HttpClient, query: str = "tariffs") -> HackerNewsSource:
    settings = SourceSettings.model_validate(
        {"name": "hn", "kind": "hackernews", "query": query, "base_url": fake.base_url}
    )
    return HackerNewsSource(settings, http, clock=lambda: NOW)


async def test_discovery_finds_recent_stories_with_their_hn_pages(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    entries = await source(fake, http).discover()

    # The nine-day-old story is outside the 48-hour window.
    assert [e.guid for e in entries] == ["hn:44470001", "hn:44469500", "hn:44468000"]
    assert entries[0] == FeedEntry(
        url=JT_URL,
        title="Japan's tariff negotiator holds two calls with Lutnick",
        published=T0,
        guid="hn:44470001",
        summary="",
        discussion_url="https://news.ycombinator.com/item?id=44470001",
        comment_count=6,
    )
    ask = entries[1]
    # An Ask HN has no link: its HN page is the article.
    assert ask.url == ask.discussion_url == "https://news.ycombinator.com/item?id=44469500"
    assert ask.summary == (
        "We build sensors in Shenzhen.\n\n"
        "Our bill of materials went up 23% & lead times doubled. What are you doing about it?"
    )
    [request] = fake.requests
    assert request.path == "/api/v1/search_by_date"
    assert request.query == {
        "query": "tariffs",
        "tags": "story",
        "hitsPerPage": "50",
        "numericFilters": f"created_at_i>{int(NOW.timestamp()) - 48 * 3600}",
    }


async def test_a_story_becomes_an_article_with_plain_text_comments_in_thread_order(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    hn = source(fake, http)
    [entry, *_] = await hn.discover()

    article = await hn.fetch_article(entry, fetched_at=NOW)

    assert fake.requests[-1].path == "/api/v1/items/44470001"
    assert article.url == JT_URL
    assert article.discussion_url == "https://news.ycombinator.com/item?id=44470001"
    assert article.title == "Japan's tariff negotiator holds two calls with Lutnick"
    assert article.source == "hn"
    assert article.guid == "hn:44470001"
    assert article.published == T0
    assert article.body == ()
    assert [(c.id, c.author, c.parent, c.position, c.replies) for c in article.comments] == [
        ("44470101", "tptacek_fan", None, 0, 2),
        ("44470102", "econ_phd", "44470101", 1, 1),
        ("44470103", "tptacek_fan", "44470102", 2, 0),
        # 44470104 was deleted: its reply now hangs under the deleted comment's parent.
        ("44470105", "lurker42", "44470101", 3, 0),
        ("44470106", "rustacean", None, 4, 0),
        # 44470107 is dead (no text) and has no replies: gone.
    ]
    assert article.comment_count == 5
    assert all(c.score is None and c.up is None and c.down is None for c in article.comments)
    assert article.comments[0].posted == datetime(2025, 7, 5, 7, 25, tzinfo=UTC)
    texts = [c.text for c in article.comments]
    assert texts[0] == (
        "The 27.5% auto tariff is the only number that matters here.\n\n"
        "Everything else is theater & press releases."
    )
    # HN shortens long links in the text; the full URL is kept.
    assert texts[1] == (
        "Not quite. The 232 steel tariffs feed straight into Japanese car costs:\n\n"
        "https://www.trade.gov/country-commercial-guides/japan-trade-barriers"
    )
    assert texts[2] == "Fair point, I'd missed the input side."
    assert texts[3] == 'Quoting the parent: "tariffs are taxes" > tariffs are policy.'
    assert texts[4] == (
        "Back-of-envelope for a $30k car:\n\n"
        "  base      30000\n  tariff    x 0.275\n  = 8250\n\n"
        "That lands on the buyer, not on Tokyo."
    )


async def test_without_votes_the_ranking_follows_the_thread(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    hn = source(fake, http)
    article = await hn.fetch_article(
        FeedEntry(url="https://news.ycombinator.com/item?id=44470001", title=""), fetched_at=NOW
    )

    ranked = rank_comments(article.comments, "best")

    assert [c.id for c in ranked] == ["44470101", "44470106", "44470102", "44470103", "44470105"]
    assert hn.has_votes is False
    assert "no comment scores" in hn.ranking_note


async def test_an_ask_hn_story_keeps_its_text_as_the_body(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    entry = FeedEntry(
        url="https://news.ycombinator.com/item?id=44469500", title="", guid="hn:44469500"
    )

    article = await source(fake, http).fetch_article(entry, fetched_at=NOW)

    assert article.url == "https://news.ycombinator.com/item?id=44469500"
    assert article.body == (
        "We build sensors in Shenzhen.",
        "Our bill of materials went up 23% & lead times doubled. What are you doing about it?",
    )
    assert [(c.author, c.text) for c in article.comments] == [
        ("pcb_guy", "Moved final assembly to Penang. Took 9 months.")
    ]


async def test_a_missing_story_is_an_error_naming_the_url(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    entry = FeedEntry(url="https://example.com/x", title="", guid="hn:1")

    with pytest.raises(FetchError) as caught:
        await source(fake, http).fetch_article(entry, fetched_at=NOW)

    assert caught.value.status == 404
    assert f"{fake.base_url}/api/v1/items/1" in str(caught.value)


async def test_a_comment_id_is_not_a_story(fake: FakeAlgolia, http: HttpClient) -> None:
    fake.items[44470103] = {"id": 44470103, "type": "comment", "children": []}
    entry = FeedEntry(url="https://news.ycombinator.com/item?id=44470103", title="")

    with pytest.raises(ExtractionError, match="is a comment, not a story"):
        await source(fake, http).fetch_article(entry, fetched_at=NOW)


async def test_an_entry_without_an_hn_id_is_refused_without_a_request(
    fake: FakeAlgolia, http: HttpClient
) -> None:
    with pytest.raises(ExtractionError, match="not a Hacker News story"):
        await source(fake, http).fetch_article(
            FeedEntry(url="https://japantoday.com/x", title=""), fetched_at=NOW
        )
    assert fake.requests == []


@pytest.mark.parametrize(
    ("entry", "story_id"),
    [
        (FeedEntry(url="https://x.org/", title="", guid="hn:123"), "123"),
        (FeedEntry(url="https://news.ycombinator.com/item?id=456", title=""), "456"),
        (
            FeedEntry(
                url="https://x.org/",
                title="",
                discussion_url="https://news.ycombinator.com/item?id=7",
            ),
            "7",
        ),
        (FeedEntry(url="https://news.ycombinator.com/user?id=pg", title=""), None),
        (FeedEntry(url="https://x.org/", title="", guid="reddit:t3_abc"), None),
    ],
)
def test_story_id_of(entry: FeedEntry, story_id: str | None) -> None:
    assert story_id_of(entry) == story_id


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("plain &amp; simple", "plain & simple"),
        ("one<p>two<p>three", "one\n\ntwo\n\nthree"),
        ("<p>wrapped</p><p>paragraphs</p>", "wrapped\n\nparagraphs"),
        ("a  lot\n of   space", "a lot of space"),
        ('see <a href="https://a.org/x">the docs</a>.', "see the docs."),
        (
            "<i>emphasis</i> and <b>bold</b> &#x2F; &#x27;quoted&#x27;",
            "emphasis and bold / 'quoted'",
        ),
        ("code:<pre><code>if x:\n    y()\n</code></pre>after", "code:\n\nif x:\n    y()\n\nafter"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text
