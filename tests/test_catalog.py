"""TopicCatalog on a real store: a server's topics are validated, and take effect at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.catalog import REMATCH_WINDOW, TopicCatalog
from bot.errors import UserInputError
from bot.models import Article
from bot.runtime import Runtime
from bot.store import Store
from config.settings import TopicSettings, load_settings

GUILD, OTHER_GUILD = 111, 222


def story(slug: str, title: str, body: str) -> Article:
    return Article(
        url=f"https://japantoday.com/category/news/{slug}",
        title=title,
        published=None,
        body=(body,),
        comments=(),
        comment_count=0,
        source="japantoday",
    )


SEMICONDUCTORS = story("chips", "Export controls on chips tighten", "Semiconductor makers react.")
RICE = story("rice", "Rice prices climb again", "Farmers blame the weather, not semiconductors.")
SUMO = story("sumo", "Yokozuna wins the basho", "A sumo story.")


@pytest.fixture
async def catalog() -> AsyncIterator[TopicCatalog]:
    store = await Store.open("sqlite+aiosqlite://")
    now = datetime.now(UTC)
    for article in (SEMICONDUCTORS, RICE, SUMO):
        await store.upsert_article(article, topics=[], gist="", fetched_at=now)
    try:
        yield TopicCatalog(store, [TopicSettings(name="tariffs", include=["tariffs?"])])
    finally:
        await store.close()


async def urls(catalog: TopicCatalog, topic: str) -> set[str]:
    return {a.url for a in await catalog.store.latest_articles(topic, limit=10)}


async def test_a_new_topic_matches_articles_already_stored(catalog: TopicCatalog) -> None:
    topic, matched = await catalog.add(GUILD, "chips", "semiconductors?, chips")
    assert (topic.name, matched) == (f"{GUILD}:chips", 2)
    assert await urls(catalog, topic.name) == {SEMICONDUCTORS.url, RICE.url}
    # Another guild's topic of the same name is its own.
    assert await urls(catalog, f"{OTHER_GUILD}:chips") == set()


async def test_changing_a_topic_unlinks_what_it_no_longer_matches(catalog: TopicCatalog) -> None:
    await catalog.add(GUILD, "chips", "semiconductors?, chips")
    topic, matched = await catalog.add(GUILD, "chips", "semiconductors?", exclude="rice")
    assert matched == 1
    assert await urls(catalog, topic.name) == {SEMICONDUCTORS.url}


async def test_articles_older_than_the_window_are_left_alone(catalog: TopicCatalog) -> None:
    old = story("old-chips", "Chips then", "Semiconductors long ago.")
    long_ago = datetime.now(UTC) - REMATCH_WINDOW - timedelta(days=1)
    await catalog.store.upsert_article(old, topics=[], gist="", fetched_at=long_ago)
    topic, _ = await catalog.add(GUILD, "chips", "semiconductors?")
    assert old.url not in await urls(catalog, topic.name)


async def test_a_refused_topic_changes_nothing(catalog: TopicCatalog) -> None:
    await catalog.add(GUILD, "chips", "chips")
    with pytest.raises(UserInputError, match="repeats a group that repeats inside"):
        await catalog.add(GUILD, "chips", "(a+)+b")
    [kept] = await catalog.store.guild_topics(GUILD)
    assert kept.include == ("chips",)
    assert await urls(catalog, f"{GUILD}:chips") == {SEMICONDUCTORS.url}


async def test_configured_topics_are_matched_again_against_recent_articles(
    catalog: TopicCatalog,
) -> None:
    """A topic added to (or widened in) the configuration finds the articles stored before."""
    widened = TopicCatalog(
        catalog.store, [TopicSettings(name="tariffs", include=["tariffs?", "export controls"])]
    )
    await widened.match_configured(since=datetime.now(UTC) - timedelta(hours=48))
    assert await urls(widened, "tariffs") == {SEMICONDUCTORS.url}


async def test_a_runtime_opening_matches_its_configured_topics(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'digestbot.sqlite3'}"
    store = await Store.open(database)
    await store.upsert_article(RICE, topics=[], gist="", fetched_at=datetime.now(UTC))
    await store.close()
    config = tmp_path / "digestbot.toml"
    config.write_text(
        '[[topics]]\nname = "rice"\ninclude = ["rice"]\n\n'
        '[[sources]]\nname = "feed"\nkind = "rss"\nfeeds = ["https://news.example/feed"]\n',
        encoding="utf-8",
    )
    settings = load_settings(config, environ={"DATABASE_URL": database})
    async with Runtime(settings) as runtime:
        assert await runtime.store.article_topics(RICE.url) == {"rice"}
