"""All four kinds of source in one config: one poll, one digest, the same story merged.

Japan Today (its own page and comments), a plain RSS feed, Reddit and Hacker News each run as
a local fake; the real Runtime polls them all and builds the tariffs digest.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.render import render_markdown
from bot.runtime import Runtime
from config.settings import load_settings
from tests.fakes.hackernews import FakeAlgolia
from tests.fakes.hackernews import load_fixture as hn_fixture
from tests.fakes.newssite import JST, NewsSite, RssItem, render_rss, sample_tariff_article
from tests.fakes.reddit import FakeReddit
from tests.fakes.reddit import load_fixture as reddit_fixture

STORY_ID = 44470001


def retarget_reddit(article_url: str, now: float) -> tuple[dict[str, Any], list[Any]]:
    """The fixture search listing and thread, about the fake site's copy of the story."""
    search = copy.deepcopy(reddit_fixture("search_worldnews.json"))
    thread = copy.deepcopy(reddit_fixture("thread_1lsq7x2.json"))
    children = search["data"]["children"]
    search["data"]["children"] = [c for c in children if c["data"]["id"] == "1lsq7x2"]
    for listing in (search, thread[0]):
        for child in listing["data"]["children"]:
            if child["data"]["id"] == "1lsq7x2":
                child["data"]["url"] = child["data"]["url_overridden_by_dest"] = article_url
            child["data"]["created_utc"] = now - 3600
    return search, thread


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[NewsSite, NewsSite, FakeReddit, FakeAlgolia]]:
    async with (
        NewsSite() as japan,
        NewsSite() as other,
        FakeReddit() as reddit,
        FakeAlgolia() as hn,
    ):
        yield japan, other, reddit, hn


async def test_four_sources_make_one_digest_that_merges_the_same_story(
    tmp_path: Path, fakes: tuple[NewsSite, NewsSite, FakeReddit, FakeAlgolia]
) -> None:
    japan, other, reddit, hn = fakes
    now = time.time()
    article = sample_tariff_article()
    article.published = datetime.now(JST) - timedelta(hours=3)
    article_url = japan.add_article(article)
    japan.publish_feed("/feed")

    # A plain feed on another host: one story of its own, and the Japan Today story again.
    other_story = other.add_page("/uk-deal", "<p>The UK and US signed a trade deal.</p>")
    other_url = other_story.replace("127.0.0.1", "localhost")
    other.add_feed(
        "/rss.xml",
        render_rss(
            [
                RssItem("US and UK sign trade deal framework", other_url, datetime.now(UTC)),
                RssItem(article.title, article_url, datetime.now(UTC)),
            ]
        ),
    )

    search, thread = retarget_reddit(article_url, now)
    reddit.searches["worldnews"] = search
    reddit.threads["1lsq7x2"] = thread
    reddit.more_things = reddit_fixture("morechildren_1lsq7x2.json")

    story = hn_fixture(f"item_{STORY_ID}.json")
    story["url"] = article_url
    hit = {
        "objectID": str(STORY_ID),
        "title": story["title"],
        "url": article_url,
        "author": story["author"],
        "created_at": datetime.fromtimestamp(now - 1800, UTC).isoformat(),
        "created_at_i": int(now - 1800),
        "num_comments": 3,
        "points": 312,
        "story_text": None,
        "_tags": ["story", f"author_{story['author']}", f"story_{STORY_ID}"],
    }
    hn.hits = [hit]
    hn.items[STORY_ID] = story

    config = tmp_path / "all.toml"
    config.write_text(
        f"""
[http]
retries = 0
[[sources]]
name = "japantoday"
kind = "japantoday"
feeds = [{json.dumps(japan.url_for("/feed"))}]
[[sources]]
name = "wire"
kind = "rss"
feeds = [{json.dumps(other.url_for("/rss.xml").replace("127.0.0.1", "localhost"))}]
[[sources]]
name = "reddit"
kind = "reddit"
subreddits = ["worldnews"]
query = "tariff"
base_url = {json.dumps(reddit.base_url)}
[[sources]]
name = "hn"
kind = "hackernews"
query = "tariff"
base_url = {json.dumps(hn.base_url)}
[[topics]]
name = "tariffs"
include = ["tariffs?", "trade deal"]
[security]
allow_private_addresses = true
"""
    )
    settings = load_settings(config, environ={"DIGESTBOT_DATA_DIR": str(tmp_path)})
    async with Runtime(settings) as runtime:
        report = await runtime.poll_once()
        assert report.errors == {}
        digest = await runtime.digests.for_topic("tariffs")

    titles = [e.article.title for e in digest.entries]
    assert titles.count(article.title) == 1, titles
    assert "US and UK sign trade deal framework" in titles
    merged = next(e for e in digest.entries if e.article.title == article.title)
    assert merged.article.source == "japantoday"  # the article's own page leads
    assert merged.article.comment_count == 5
    others = {a.source: a for a, _ in merged.other_discussions}
    assert set(others) == {"reddit", "hn"}
    assert others["reddit"].discussion_url is not None
    assert "/r/worldnews/comments/1lsq7x2/" in others["reddit"].discussion_url
    assert others["hn"].discussion_url == f"https://news.ycombinator.com/item?id={STORY_ID}"
    assert others["hn"].comments and all(c.score is None for c in others["hn"].comments)

    text = render_markdown(digest)
    assert "news.ycombinator.com/item?id=44470001" in text
    assert "Hacker News publishes no comment scores" in text
    # The Japan Today page was fetched with its comments, once, and never via the RSS feed.
    assert len(japan.requests_for(article.path)) == 1
