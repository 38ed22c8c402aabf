"""DigestService on a real store: digests per window, and each thread summarized once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest_service import DigestService, ExtractiveSummarizer
from bot.models import Article, Comment, Discussion
from bot.ranking import Sort
from bot.store import Store
from bot.summarize.extractive import summarize_discussion
from config.settings import DigestSettings

NOW = datetime.now(UTC).replace(microsecond=0)


def thread(slug: str, votes: Sequence[int]) -> Article:
    comments = tuple(
        Comment(
            id=str(n),
            author=f"reader{n}",
            text=f"Tariffs on {slug} hurt exporters, says reader {n}.",
            posted=NOW - timedelta(minutes=n),
            score=v,
            up=max(v, 0),
            down=max(-v, 0),
            position=n,
        )
        for n, v in enumerate(votes)
    )
    return Article(
        url=f"https://japantoday.com/category/business/{slug}",
        title=f"Tariffs on {slug}",
        published=NOW - timedelta(hours=1),
        body=(f"A story about tariffs on {slug}.",),
        comments=comments,
        comment_count=len(comments),
        source="japantoday",
    )


class CountingExtractive(ExtractiveSummarizer):
    """The real extractive summarizer, counting the threads it is asked to summarize."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def summarize(
        self,
        article: Article,
        comments: Sequence[Comment],
        *,
        sort: Sort = "best",
        top_n: int = 3,
        ranking_note: str = "",
    ) -> Discussion:
        self.calls.append(article.url)
        return await super().summarize(
            article, comments, sort=sort, top_n=top_n, ranking_note=ranking_note
        )


class FallingBackLlm:
    """A language-model summarizer whose endpoint is down: it answers with the extractive
    summary, as bot.summarize.llm does on any failure."""

    def __init__(self) -> None:
        self.calls = 0

    async def summarize(
        self,
        article: Article,
        comments: Sequence[Comment],
        *,
        sort: Sort = "best",
        top_n: int = 3,
        ranking_note: str = "",
    ) -> Discussion:
        self.calls += 1
        return summarize_discussion(comments, sort=sort, top_n=top_n, ranking_note=ranking_note)


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    opened = await Store.open("sqlite+aiosqlite://")
    for article in (thread("cars", [5, 3, -2]), thread("rice", [1, 9])):
        await opened.upsert_article(article, topics=["tariffs"], gist="", fetched_at=NOW)
    try:
        yield opened
    finally:
        await opened.close()


async def test_channels_with_different_windows_share_unchanged_summaries(store: Store) -> None:
    summarizer = CountingExtractive()
    service = DigestService(store, summarizer, DigestSettings())
    windows = [NOW - timedelta(hours=h) for h in (2, 3, 5, 8)]
    digests = [await service.for_topic("tariffs", active_since=since, now=NOW) for since in windows]
    assert sorted(summarizer.calls) == sorted(
        [
            "https://japantoday.com/category/business/cars",
            "https://japantoday.com/category/business/rice",
        ]
    )
    assert all(d.entries == digests[0].entries for d in digests)
    assert [c.author for c in digests[0].entries[0].discussion.top_comments]


async def test_a_new_vote_or_comment_is_summarized_afresh(store: Store) -> None:
    summarizer = CountingExtractive()
    service = DigestService(store, summarizer, DigestSettings())
    since = NOW - timedelta(hours=2)
    await service.for_topic("tariffs", active_since=since, now=NOW)
    cars = thread("cars", [5, 3, 40])  # reader2's comment went from -2 to +40
    await store.upsert_article(cars, topics=["tariffs"], gist="", fetched_at=NOW)
    changed = await service.for_topic("tariffs", active_since=since, now=NOW)
    assert summarizer.calls.count(cars.url) == 2
    assert len(summarizer.calls) == 3
    cars_entry = next(e for e in changed.entries if e.article.url == cars.url)
    assert cars_entry.discussion.top_comments[0].author == "reader2"
    # Asking with other options is another summary.
    await service.for_topic("tariffs", active_since=since, now=NOW, top_n=1)
    assert len(summarizer.calls) == 5


async def test_a_summarizer_that_fell_back_is_asked_again(store: Store) -> None:
    llm = FallingBackLlm()
    service = DigestService(store, llm, DigestSettings())
    since = NOW - timedelta(hours=2)
    await service.for_topic("tariffs", active_since=since, now=NOW)
    await service.for_topic("tariffs", active_since=since, now=NOW)
    assert llm.calls == 4  # two threads, twice: the language model gets another chance
