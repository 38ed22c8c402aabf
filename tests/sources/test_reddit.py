"""RedditSource end to end: the real HttpClient against a local Reddit speaking its JSON API."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.errors import ExtractionError, FeedError, FetchError
from bot.http import HttpClient
from bot.models import FeedEntry
from bot.sources.reddit import RedditCredentials, RedditSource, thread_path
from config.settings import HttpSettings, SourceSettings
from tests.fakes.reddit import FakeReddit, load_fixture

POST_ID = "1lsq7x2"
JT_URL = (
    "https://japantoday.com/category/politics/"
    "japan-tariff-negotiator-in-washington-holds-talks-twice-with-lutnick"
)
THREAD_URL = (
    "https://www.reddit.com/r/worldnews/comments/1lsq7x2/"
    "japan_tariff_negotiator_in_washington_holds_talks/"
)
NOW = datetime(2025, 7, 6, tzinfo=UTC)
T0 = datetime(2025, 7, 5, 7, 20, tzinfo=UTC)

# (id, author, parent, score, up, replies) in thread order, after every `more` is loaded.
FULL_THREAD = [
    ("n1a0001", "kyoto_trader", None, 152, 152, 2),
    ("n1a0002", "salaryman_88", "n1a0001", 41, 41, 1),
    ("n1a0003", "kyoto_trader", "n1a0002", 12, 12, 0),
    ("n1a0005", "tokyo_economist", "n1a0001", 9, 9, 0),  # its parent was deleted
    ("n1a0006", "dan_in_osaka", None, -7, 0, 0),
    ("n1a0008", "just_arrived_here", None, None, None, 0),  # score hidden
    ("n1a0009", "steel_worker_oh", None, 77, 77, 1),
    ("n1a0010", "pittsburgh_mill", "n1a0009", 20, 20, 0),
    ("n1a0011", "nagoya_parts", None, 33, 33, 1),
    ("n1a0013", "detroit_dave", "n1a0011", 8, 8, 0),
    ("n1a0014", "ricefarmer", None, 15, 15, 0),  # its parent was deleted
]


def settings(fake: FakeReddit, **overrides: object) -> SourceSettings:
    values: dict[str, object] = {
        "name": "reddit-news",
        "kind": "reddit",
        "subreddits": ["worldnews"],
        "query": "tariffs",
        "base_url": fake.base_url,
    }
    values.update(overrides)
    return SourceSettings.model_validate(values)


@pytest.fixture
async def fake() -> AsyncIterator[FakeReddit]:
    async with FakeReddit() as server:
        server.searches["worldnews"] = load_fixture("search_worldnews.json")
        server.new["economics"] = load_fixture("new_economics.json")
        server.threads[POST_ID] = load_fixture(f"thread_{POST_ID}.json")
        server.more_things = load_fixture(f"morechildren_{POST_ID}.json")
        yield server


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with HttpClient(HttpSettings(retries=2, backoff_seconds=0.01)) as client:
        yield client


def source(fake: FakeReddit, http: HttpClient, **overrides: object) -> RedditSource:
    return RedditSource(settings(fake, **overrides), http, credentials=None)


def shape(comments: object) -> list[tuple[object, ...]]:
    return [(c.id, c.author, c.parent, c.score, c.up, c.replies) for c in comments]  # type: ignore[attr-defined]


async def test_discovery_searches_each_subreddit_for_the_query(
    fake: FakeReddit, http: HttpClient
) -> None:
    entries = await source(fake, http).discover()

    assert [e.guid for e in entries] == ["reddit:t3_1lsq7x2", "reddit:t3_1lsp0aa"]
    first = entries[0]
    assert first == FeedEntry(
        url=JT_URL,
        title="Japan tariff negotiator in Washington holds talks twice with Lutnick",
        published=T0,
        guid="reddit:t3_1lsq7x2",
        summary="",
        discussion_url=THREAD_URL,
        comment_count=14,
    )
    assert entries[1].url == (
        "https://www.reuters.com/world/europe/eu-readies-countermeasures-us-tariff-deadline-nears-2025-07-05/"
    )
    [request] = fake.requests
    assert request.path == "/r/worldnews/search.json"
    assert request.query == {
        "q": "tariffs",
        "restrict_sr": "1",
        "sort": "new",
        "t": "week",
        "limit": "100",
        "raw_json": "1",
    }
    assert "digestbot" in request.headers["User-Agent"]


async def test_without_a_query_the_new_listing_is_read_and_self_posts_link_to_the_thread(
    fake: FakeReddit, http: HttpClient
) -> None:
    entries = await source(fake, http, subreddits=["economics"], query="").discover()

    assert fake.paths() == ["/r/economics/new.json"]
    assert [e.title for e in entries] == [
        "How are the new tariffs affecting small importers? Share your numbers",
        "Weekly discussion thread",
    ]
    self_post = entries[0]
    permalink = "https://www.reddit.com/r/economics/comments/1lsn3bb/how_are_the_new_tariffs_affecting_small/"
    assert self_post.url == permalink
    assert self_post.discussion_url == permalink
    assert self_post.summary.startswith("I run a small shop importing ceramics from Japan & Korea.")
    assert self_post.published == datetime(2025, 7, 5, 4, 50, tzinfo=UTC)


async def test_a_thread_becomes_the_linked_article_with_every_comment_in_order(
    fake: FakeReddit, http: HttpClient
) -> None:
    reddit = source(fake, http)
    [entry, _] = await reddit.discover()

    article = await reddit.fetch_article(entry, fetched_at=NOW)

    assert article.url == JT_URL  # merges with Japan Today's own copy of the story
    assert article.discussion_url == THREAD_URL
    assert article.title == "Japan tariff negotiator in Washington holds talks twice with Lutnick"
    assert article.source == "reddit-news"
    assert article.guid == "reddit:t3_1lsq7x2"
    assert article.published == T0
    assert article.body == ()
    assert article.comment_count == 14  # as Reddit announces it, deleted ones included
    assert shape(article.comments) == FULL_THREAD
    assert [c.position for c in article.comments] == list(range(11))
    assert all(c.down is None for c in article.comments)
    first = article.comments[0]
    assert (
        first.text == "Two calls of 15 and 20 minutes is not a negotiation, it's a status update."
    )
    assert first.posted == datetime(2025, 7, 5, 7, 30, tzinfo=UTC)
    # Markdown comes as written: raw_json=1 means no &amp; / &gt; escapes.
    assert article.comments[4].text == (
        "> Japan will start doing sucking teeth gesture\n\n"
        "That's a stereotype & you know it. <Not> an argument."
    )

    thread_request = fake.requests[1]
    assert (
        thread_request.path
        == "/r/worldnews/comments/1lsq7x2/japan_tariff_negotiator_in_washington_holds_talks.json"
    )
    assert thread_request.query == {"sort": "top", "limit": "500", "raw_json": "1"}
    more = [r.query for r in fake.requests if r.path == "/api/morechildren.json"]
    assert [(q["link_id"], q["api_type"], q["children"]) for q in more] == [
        ("t3_1lsq7x2", "json", "n1a0009,n1a0011,n1a0012"),
        ("t3_1lsq7x2", "json", "n1a0013"),
    ]


async def test_a_refresh_entry_with_only_the_thread_url_reads_the_same_thread(
    fake: FakeReddit, http: HttpClient
) -> None:
    entry = FeedEntry(url=JT_URL, title="", discussion_url=THREAD_URL, guid="reddit:t3_1lsq7x2")

    article = await source(fake, http).fetch_article(entry, fetched_at=NOW)

    assert shape(article.comments) == FULL_THREAD


async def test_more_stubs_are_loaded_in_batches_of_at_most_the_batch_size(
    fake: FakeReddit, http: HttpClient
) -> None:
    reddit = source(fake, http)
    reddit.more_batch = 2
    entry = FeedEntry(url=JT_URL, title="", discussion_url=THREAD_URL)

    article = await reddit.fetch_article(entry, fetched_at=NOW)

    more = [r.query["children"] for r in fake.requests if r.path == "/api/morechildren.json"]
    assert more == ["n1a0009,n1a0011", "n1a0012", "n1a0013"]
    assert shape(article.comments) == FULL_THREAD


async def test_more_expansion_stops_at_the_call_budget(fake: FakeReddit, http: HttpClient) -> None:
    reddit = source(fake, http)
    reddit.max_more_calls = 1
    entry = FeedEntry(url=JT_URL, title="", discussion_url=THREAD_URL)

    article = await reddit.fetch_article(entry, fetched_at=NOW)

    assert len(fake.paths("/api/morechildren")) == 1
    ids = [c.id for c in article.comments]
    assert "n1a0013" not in ids  # behind the second-level stub
    assert ids[-1] == "n1a0014"
    assert len(ids) == 10


async def test_more_expansion_stops_at_the_comment_budget(
    fake: FakeReddit, http: HttpClient
) -> None:
    reddit = source(fake, http, max_comments=5)
    entry = FeedEntry(url=JT_URL, title="", discussion_url=THREAD_URL)

    article = await reddit.fetch_article(entry, fetched_at=NOW)

    assert fake.paths("/api/morechildren") == []
    assert [c.id for c in article.comments] == [
        "n1a0001",
        "n1a0002",
        "n1a0003",
        "n1a0005",
        "n1a0006",
    ]


async def test_an_exhausted_rate_limit_waits_for_the_reset_before_the_next_request(
    fake: FakeReddit, http: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rate_limits = [(0.0, 0.4)]  # the discovery answer uses up the window
    reddit = source(fake, http)
    [entry, _] = await reddit.discover()

    caplog.set_level(logging.INFO, logger="bot.sources.reddit")
    started = time.monotonic()
    await reddit.fetch_article(entry, fetched_at=NOW)
    elapsed = time.monotonic() - started

    assert elapsed >= 0.35
    assert any("rate limit used up" in r.getMessage() for r in caplog.records)


async def test_a_long_rate_limit_reset_is_capped_and_logged(
    fake: FakeReddit, http: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rate_limits = [(0.0, 600.0)]
    reddit = source(fake, http)
    reddit.max_rate_limit_sleep = 0.2
    [entry, _] = await reddit.discover()

    started = time.monotonic()
    await reddit.fetch_article(entry, fetched_at=NOW)
    elapsed = time.monotonic() - started

    assert 0.15 <= elapsed < 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("resets in 600 s" in w and "waiting only 0.2 s" in w for w in warnings)


async def test_a_429_is_retried_and_then_succeeds(fake: FakeReddit, http: HttpClient) -> None:
    fake.too_many_requests = 1

    entries = await source(fake, http).discover()

    assert len(entries) == 2
    assert fake.paths() == ["/r/worldnews/search.json", "/r/worldnews/search.json"]


async def test_an_unavailable_reddit_is_an_error_naming_the_url(
    fake: FakeReddit, http: HttpClient
) -> None:
    fake.unavailable = True

    with pytest.raises(FetchError) as caught:
        await source(fake, http).discover()

    assert caught.value.status == 503
    assert f"{fake.base_url}/r/worldnews/search.json" in str(caught.value)
    assert len(fake.requests) == 3  # the first try and two retries


async def test_an_unknown_subreddit_is_an_error(fake: FakeReddit, http: HttpClient) -> None:
    with pytest.raises(FetchError) as caught:
        await source(fake, http, subreddits=["nosuchsub"]).discover()
    assert caught.value.status == 404


async def test_an_answer_that_is_not_a_listing_is_a_feed_error(
    fake: FakeReddit, http: HttpClient
) -> None:
    fake.searches["worldnews"] = {"kind": "t5", "data": {"display_name": "worldnews"}}

    with pytest.raises(FeedError) as caught:
        await source(fake, http).discover()

    assert "/r/worldnews/search.json" in str(caught.value)
    assert "Listing" in str(caught.value)


async def test_oauth_fetches_one_token_and_sends_it_with_every_request(
    fake: FakeReddit, http: HttpClient
) -> None:
    fake.client = ("app-id", "app-secret")
    fake.require_token = True
    reddit = RedditSource(
        settings(fake, token_url=f"{fake.base_url}/api/v1/access_token"),
        http,
        credentials=RedditCredentials("app-id", "app-secret"),
    )

    [entry, _] = await reddit.discover()
    article = await reddit.fetch_article(entry, fetched_at=NOW)

    assert shape(article.comments) == FULL_THREAD
    [token_request] = [r for r in fake.requests if r.path == "/api/v1/access_token"]
    assert token_request.form == {"grant_type": "client_credentials"}
    api = [r for r in fake.requests if r.path != "/api/v1/access_token"]
    assert len(api) == 4
    assert {r.headers["Authorization"] for r in api} == {f"Bearer {fake.tokens[0]}"}


async def test_an_expired_token_is_renewed(fake: FakeReddit, http: HttpClient) -> None:
    fake.client = ("app-id", "app-secret")
    fake.require_token = True
    fake.token_lifetime = 1  # renewed after half its life
    reddit = RedditSource(
        settings(fake, token_url=f"{fake.base_url}/api/v1/access_token"),
        http,
        credentials=RedditCredentials("app-id", "app-secret"),
    )

    await reddit.discover()
    await asyncio.sleep(0.6)
    await reddit.discover()

    assert len(fake.tokens) == 2
    searches = [r for r in fake.requests if r.path.endswith("search.json")]
    assert [r.headers["Authorization"] for r in searches] == [f"Bearer {t}" for t in fake.tokens]


async def test_wrong_credentials_are_an_error_naming_the_token_url(
    fake: FakeReddit, http: HttpClient
) -> None:
    fake.client = ("app-id", "app-secret")
    token_url = f"{fake.base_url}/api/v1/access_token"
    reddit = RedditSource(
        settings(fake, token_url=token_url), http, credentials=RedditCredentials("app-id", "nope")
    )

    with pytest.raises(FetchError) as caught:
        await reddit.discover()

    assert caught.value.status == 401
    assert token_url in str(caught.value)
    assert "nope" not in str(caught.value)


async def test_a_url_that_is_not_a_reddit_thread_is_refused(
    fake: FakeReddit, http: HttpClient
) -> None:
    entry = FeedEntry(url="https://japantoday.com/category/politics/x", title="x")

    with pytest.raises(ExtractionError, match="not a Reddit thread URL"):
        await source(fake, http).fetch_article(entry, fetched_at=NOW)
    assert fake.requests == []


def test_credentials_come_from_the_environment_and_never_show_the_secret() -> None:
    creds = RedditCredentials.from_environ(
        {"DIGESTBOT_REDDIT_CLIENT_ID": "abc", "DIGESTBOT_REDDIT_CLIENT_SECRET": "s3cret"}
    )
    assert creds == RedditCredentials("abc", "s3cret")
    assert "s3cret" not in repr(creds)
    assert RedditCredentials.from_environ({"DIGESTBOT_REDDIT_CLIENT_ID": "abc"}) is None


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (
            THREAD_URL,
            "/r/worldnews/comments/1lsq7x2/japan_tariff_negotiator_in_washington_holds_talks",
        ),
        (
            "https://old.reddit.com/r/Economics/comments/1abc9z/x/?sort=top",
            "/r/Economics/comments/1abc9z/x",
        ),
        ("https://redd.it/1lsq7x2", "/comments/1lsq7x2"),
        ("https://www.reddit.com/r/worldnews/", None),
        ("https://example.com/r/x/comments/1abc/y/", None),
        (None, None),
    ],
)
def test_thread_path(url: str | None, path: str | None) -> None:
    assert thread_path(url) == path
