"""NewsService against a real (in-memory) store: what `/news` users get back and are refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.catalog import TopicCatalog
from bot.errors import UserInputError
from bot.models import Article, Comment
from bot.news import (
    MAX_QUERY_LENGTH,
    NewsService,
    RankedComments,
    comments_embed,
    latest_embed,
    search_embed,
    url_candidates,
)
from bot.store import Store
from bot.text import ZWSP, discord_len
from config.settings import TopicSettings

NOW = datetime(2025, 7, 7, 12, 0, tzinfo=UTC)
TARIFF_URL = "https://japantoday.com/category/politics/tariff-talks"
SUMO_URL = "https://japantoday.com/category/sports/sumo"
GUILD_A, GUILD_B = 111, 222


def _comment(cid: str, author: str, text: str, up: int, down: int, minutes: int) -> Comment:
    return Comment(
        id=cid,
        author=author,
        text=text,
        posted=NOW - timedelta(minutes=minutes),
        score=up - down,
        up=up,
        down=down,
        position=int(cid),
    )


TARIFF = Article(
    url=TARIFF_URL,
    title="Japan tariff negotiator holds talks with Lutnick",
    published=NOW - timedelta(hours=3),
    body=("Japan's top tariff negotiator spoke with the U.S. Commerce Secretary.",),
    comments=(
        _comment("1", "ken", "Small gains, two voters agree with me.", 2, 0, 50),
        _comment(
            "2", "sakura", "Reciprocal levies hurt carmakers in Aichi most of all.", 30, 2, 40
        ),
        _comment("3", "dan", "Nobody wins a trade war, @everyone knows it.", 5, 9, 30),
    ),
    comment_count=3,
    source="japantoday",
)
SUMO = Article(
    url=SUMO_URL,
    title="Yokozuna wins the Nagoya basho",
    published=NOW - timedelta(hours=1),
    body=("A sumo story without any trade policy in it.",),
    comments=(_comment("9", "rikishi", "What a bout.", 3, 0, 10),),
    comment_count=1,
    source="japantoday",
)


class RefusingFetcher:
    """Stands in for the network: these tests must never need to fetch."""

    async def __call__(self, url: str) -> Article:
        raise AssertionError(f"unexpected fetch of {url}")


@pytest.fixture
async def service() -> AsyncIterator[NewsService]:
    store = await Store.open("sqlite+aiosqlite://")
    catalog = TopicCatalog(store, [TopicSettings(name="tariffs", include=["tariff", "trade war"])])
    await store.upsert_article(TARIFF, topics=["tariffs"], gist="Talks.", fetched_at=NOW)
    await store.upsert_article(SUMO, topics=[], gist="Sumo.", fetched_at=NOW)
    await catalog.add(GUILD_A, "sumo", "sumo, yokozuna")
    await store.upsert_article(SUMO, topics=[f"{GUILD_A}:sumo"], gist="Sumo.", fetched_at=NOW)
    try:
        yield NewsService(store, catalog, RefusingFetcher())
    finally:
        await store.close()


async def test_latest_lists_only_the_topics_articles(service: NewsService) -> None:
    result = await service.latest(GUILD_A, None, 5)
    assert result.topic == "tariffs"
    assert [a.url for a in result.articles] == [TARIFF_URL]
    embed = latest_embed(result)
    assert embed["title"] == "Latest on tariffs"
    assert "Japan tariff negotiator holds talks with Lutnick" in embed["description"]
    assert TARIFF_URL in embed["description"]
    assert "Yokozuna" not in embed["description"]


async def test_a_guilds_own_topic_is_invisible_to_other_guilds(service: NewsService) -> None:
    own = await service.latest(GUILD_A, "sumo", 5)
    assert [a.url for a in own.articles] == [SUMO_URL]
    with pytest.raises(UserInputError, match="unknown topic 'sumo'; known topics: tariffs"):
        await service.latest(GUILD_B, "sumo", 5)


@pytest.mark.parametrize("count", [0, 26, -3])
async def test_latest_refuses_counts_out_of_range(service: NewsService, count: int) -> None:
    with pytest.raises(UserInputError, match=f"count must be between 1 and 25 \\(got {count}\\)"):
        await service.latest(GUILD_A, None, count)


async def test_search_finds_a_comments_words(service: NewsService) -> None:
    hits = await service.search("carmakers Aichi", 5)
    assert hits, "the comment's words should be found"
    assert hits[0].article_url == TARIFF_URL
    assert hits[0].comment is not None and hits[0].comment.author == "sakura"
    embed = search_embed("carmakers Aichi", hits)
    assert embed["title"] == "Search: carmakers Aichi"
    assert embed["fields"][0]["name"] == "Japan tariff negotiator holds talks with Lutnick"
    assert embed["fields"][0]["value"].startswith("**sakura** (+30 / −2): ")
    assert TARIFF_URL in embed["fields"][0]["value"]


async def test_search_with_no_match_says_so(service: NewsService) -> None:
    hits = await service.search("zeppelin", 5)
    assert hits == []
    assert search_embed("zeppelin", hits)["description"] == "Nothing stored matches those words."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("   ", "give some words to search for"),
        ("?!* -- ...", "the search needs at least one word"),
        (
            "tariff " * 40,
            f"the search is too long \\(279 characters; at most {MAX_QUERY_LENGTH}\\)",
        ),
    ],
)
async def test_search_refuses_bad_queries(service: NewsService, query: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        await service.search(query, 5)


async def test_comments_best_puts_30_2_before_2_0(service: NewsService) -> None:
    result = await service.comments(TARIFF_URL, "best", 3)
    assert [c.author for c in result.comments] == ["sakura", "ken", "dan"]
    assert result.total == 3
    embed = comments_embed(result)
    names = [f["name"] for f in embed["fields"]]
    assert names == ["1. sakura · +30 / −2", "2. ken · +2 / −0", "3. dan · +5 / −9"]
    assert embed["footer"]["text"] == "3 of 3 comments, sorted by best"
    assert embed["url"] == TARIFF_URL


async def test_comments_top_and_controversial_orders(service: NewsService) -> None:
    top = await service.comments(TARIFF_URL, "top", 2)
    assert [c.author for c in top.comments] == ["sakura", "ken"]
    controversial = await service.comments(TARIFF_URL, "controversial", 1)
    assert [c.author for c in controversial.comments] == ["dan"]


async def test_comment_text_cannot_ping(service: NewsService) -> None:
    embed = comments_embed(await service.comments(TARIFF_URL, "controversial", 1))
    value = embed["fields"][0]["value"]
    assert "@everyone" not in value
    assert f"@{ZWSP}everyone" in value


async def test_comments_finds_the_stored_article_from_a_pasted_link(service: NewsService) -> None:
    pasted = TARIFF_URL + "?comment-order=popular&utm_source=x#comment-2"
    result = await service.comments(pasted, "best", 1)
    assert result.article.url == TARIFF_URL


@pytest.mark.parametrize(
    ("url", "sort", "count", "message"),
    [
        ("", "best", 3, "give the link of an article"),
        ("japantoday.com/some-article", "best", 3, "is not a link"),
        ("ftp://japantoday.com/x", "best", 3, "is not a link"),
        ("https://japantoday.com/" + "a" * 2100, "best", 3, "that link is too long"),
        (
            TARIFF_URL,
            "loudest",
            3,
            "unknown sort 'loudest': use one of best, top, controversial, newest",
        ),
        (TARIFF_URL, "best", 11, "count must be between 1 and 10"),
    ],
)
async def test_comments_refuses_bad_arguments(
    service: NewsService, url: str, sort: str, count: int, message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        await service.comments(url, sort, count)


def test_url_candidates_strip_tracking_and_fragment() -> None:
    assert url_candidates("https://JapanToday.com/a/b/?comment-order=popular&id=3#c") == [
        "https://JapanToday.com/a/b/?comment-order=popular&id=3#c",
        "https://japantoday.com/a/b/?id=3",
        "https://japantoday.com/a/b?id=3",
    ]
    assert url_candidates("https://japantoday.com/a") == [
        "https://japantoday.com/a",
        "https://japantoday.com/a/",
    ]


def test_comments_embed_stays_within_discord_limits() -> None:
    long_text = "word " * 2000
    article = Article(
        url=TARIFF_URL,
        title="T" * 400,
        comments=tuple(_comment(str(i), "a" * 300, long_text, i, 0, i) for i in range(1, 11)),
        comment_count=10,
    )
    embed = comments_embed(RankedComments(article, "top", article.comments, 10))
    assert len(embed["title"]) <= 256
    assert len(embed["fields"]) == 10
    assert all(discord_len(f["name"]) <= 256 for f in embed["fields"])
    assert all(discord_len(f["value"]) <= 1024 for f in embed["fields"])
    total = (
        discord_len(embed["title"])
        + discord_len(embed["footer"]["text"])
        + sum(discord_len(f["name"]) + discord_len(f["value"]) for f in embed["fields"])
    )
    assert total <= 6000
