from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import ExtractionError
from bot.models import Article, Comment, FeedEntry
from bot.poll import Poller, interleave_by_host
from bot.revisit import Round
from bot.sources.base import Source, ThreadUnchanged
from bot.store import Store
from bot.topics import Topic
from config.settings import SourceSettings


def test_jobs_alternate_between_hosts_keeping_each_hosts_order() -> None:
    urls = [f"https://a.example/{i}" for i in range(4)] + [
        "https://b.example/1",
        "https://b.example/2",
        "https://c.example/1",
    ]
    assert interleave_by_host(urls, lambda u: u) == [
        "https://a.example/0",
        "https://b.example/1",
        "https://c.example/1",
        "https://a.example/1",
        "https://b.example/2",
        "https://a.example/2",
        "https://a.example/3",
    ]
    assert interleave_by_host([], lambda u: u) == []


# -- storing what a cycle read ---------------------------------------------------------


class Shelf(Source):
    """A source whose feed and pages are articles held in memory: the Poller's side of a
    source, without the network (sources have their own tests against local servers)."""

    kind = "shelf"

    def __init__(self, articles: list[Article]) -> None:
        super().__init__(
            SourceSettings(name="shelf", kind="hackernews"),
            http=None,  # type: ignore[arg-type]  # never used: nothing is fetched
        )
        self.articles = {a.url: a for a in articles}
        self.reads: list[str] = []
        self.forgotten: list[str] = []
        self.unreadable: set[str] = set()
        #: Threads that answer a revalidation with "unchanged" (a 304).
        self.unchanged: set[str] = set()

    def forget(self, entry: FeedEntry) -> None:
        self.forgotten.append(entry.url)

    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        return [FeedEntry(url=a.url, title=a.title) for a in self.articles.values()]

    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
        await asyncio.sleep(0)
        self.reads.append(entry.url)
        if entry.url in self.unreadable:
            raise ExtractionError(entry.url, "the page announces 5 comments but none were found")
        if revalidate and entry.url in self.unchanged:
            raise ThreadUnchanged(entry.url)
        return self.articles[entry.url]


def _story(n: int, *, up: int = 3) -> Article:
    comments = tuple(
        Comment(id=f"{n}-{i}", author=f"r{i}", text=f"Tariff take {i}", score=up, up=up, down=0)
        for i in range(5)
    )
    return Article(
        url=f"https://shelf.example/tariff-story-{n}",
        title=f"Tariff story {n}",
        published=None,
        body=("A tariff story.",),
        comments=comments,
        comment_count=len(comments),
        source="shelf",
    )


async def _poller(store: Store, articles: list[Article]) -> Poller:
    async def topics() -> list[Topic]:
        return [Topic("tariffs", ("tariff",))]

    return Poller(store, {"shelf": Shelf(articles)}, topics, max_new_articles=1000)


async def test_a_cycle_stores_every_article_it_read_in_batches() -> None:
    store = await Store.open("sqlite+aiosqlite://")
    try:
        articles = [_story(n) for n in range(120)]  # more than one batch
        report = await (await _poller(store, articles)).run_once()
        assert (report.new_articles, report.new_comments) == (120, 600)
        for article in articles:
            stored = await store.get_article(article.url)
            assert stored is not None and len(stored.comments) == 5
            [state] = [s for s in await store.fetch_states() if s.url == article.url]
            assert state.failures == 0 and state.last_success is not None
    finally:
        await store.close()


async def test_an_article_the_store_refuses_costs_only_itself() -> None:
    store = await Store.open("sqlite+aiosqlite://")
    try:
        articles = [_story(n) for n in range(10)]
        articles[4] = _story(4, up=2**70)  # no database integer holds this vote count
        poller = await _poller(store, articles)
        report = await poller.run_once()
        refused = articles[4].url
        assert list(report.errors) == [refused]
        shelf = poller.sources["shelf"]
        assert isinstance(shelf, Shelf) and shelf.forgotten == [refused]  # no 304 next time
        assert report.errors[refused].startswith(f"could not store article {refused}")
        assert report.new_articles == 9
        stored = [a.url for a in articles if await store.get_article(a.url) is not None]
        assert stored == [a.url for n, a in enumerate(articles) if n != 4]
        [state] = [s for s in await store.fetch_states() if s.url == refused]
        assert state.failures == 1 and state.last_error == report.errors[refused]
    finally:
        await store.close()


async def test_a_thread_that_could_not_be_read_is_read_whole_next_time() -> None:
    store = await Store.open("sqlite+aiosqlite://")
    try:
        stories = [_story(1), _story(2)]
        poller = await _poller(store, stories)
        shelf = poller.sources["shelf"]
        assert isinstance(shelf, Shelf)
        shelf.unreadable.add(stories[1].url)
        report = await poller.run_once()
        assert list(report.errors) == [stories[1].url]
        assert shelf.forgotten == [stories[1].url]
    finally:
        await store.close()


async def test_a_later_cycle_rereads_only_the_threads_a_topic_follows() -> None:
    store = await Store.open("sqlite+aiosqlite://")
    try:
        tariff = _story(1)
        sumo = replace(
            _story(2), title="Yokozuna wins the basho", body=("A sumo story.",), comments=()
        )
        poller = await _poller(store, [tariff, sumo])
        shelf = poller.sources["shelf"]
        assert isinstance(shelf, Shelf)
        first = await poller.run_once()
        assert (first.new_articles, first.skipped) == (1, 1)
        assert shelf.forgotten == [sumo.url]  # stored without its thread: no 304 for it later
        assert sorted(shelf.reads) == sorted([tariff.url, sumo.url])
        shelf.reads.clear()
        await poller.run_once(everything=True)
        assert shelf.reads == [tariff.url]  # the sumo story is known and follows no topic
    finally:
        await store.close()


# -- the revisit schedule --------------------------------------------------------------

T = datetime.now(UTC).replace(microsecond=0)
INTERVAL = timedelta(minutes=10)


def _dated(n: int, newest: datetime) -> Article:
    """A tariff story whose newest comment was posted at ``newest``."""
    story = _story(n)
    comments = tuple(
        replace(c, posted=newest - timedelta(minutes=3 * (4 - i)))
        for i, c in enumerate(story.comments)
    )
    return replace(story, comments=comments, published=newest - timedelta(hours=1))


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    opened = await Store.open("sqlite+aiosqlite://")
    try:
        yield opened
    finally:
        await opened.close()


async def _shelved(store: Store, articles: list[Article]) -> tuple[Poller, Shelf]:
    poller = await _poller(store, articles)
    shelf = poller.sources["shelf"]
    assert isinstance(shelf, Shelf)
    return poller, shelf


async def test_a_quiet_thread_waits_while_a_lively_one_is_asked_every_cycle(store: Store) -> None:
    lively, quiet = _dated(1, T - timedelta(minutes=2)), _dated(2, T - timedelta(hours=10))
    poller, shelf = await _shelved(store, [lively, quiet])
    shelf.unchanged = {lively.url, quiet.url}
    await poller.run_once(now=T)
    shelf.reads.clear()
    report = await poller.run_once(now=T + INTERVAL)
    assert shelf.reads == [lively.url]
    assert (report.unchanged, report.not_due) == (1, 1)
    assert "1 not due yet" in report.summary()
    for cycle in range(2, 6):
        await poller.run_once(now=T + INTERVAL * cycle)
    assert quiet.url not in shelf.reads
    # The lively one, answering "unchanged" every time, has gone quiet too.
    assert shelf.reads.count(lively.url) < 5
    await poller.run_once(now=T + INTERVAL * 6)  # six cycles at most
    assert shelf.reads.count(quiet.url) == 1


async def test_a_reread_that_finds_new_votes_puts_a_quiet_thread_on_every_cycle(
    store: Store,
) -> None:
    quiet = _dated(1, T - timedelta(hours=10))
    poller, shelf = await _shelved(store, [quiet])
    await poller.run_once(now=T)
    [first, *rest] = quiet.comments
    shelf.articles[quiet.url] = replace(quiet, comments=(replace(first, up=9), *rest))
    changed = await poller.run_once(now=T + INTERVAL * 6)
    assert changed.changed_comments == 1
    shelf.reads.clear()
    await poller.run_once(now=T + INTERVAL * 7)
    assert shelf.reads == [quiet.url]


async def test_a_thread_that_could_not_be_read_is_asked_again_next_cycle(store: Store) -> None:
    quiet = _dated(1, T - timedelta(hours=10))
    poller, shelf = await _shelved(store, [quiet])
    await poller.run_once(now=T)
    shelf.unreadable.add(quiet.url)
    failed = await poller.run_once(now=T + INTERVAL * 6)
    assert list(failed.errors) == [quiet.url]
    shelf.unreadable.clear()
    shelf.reads.clear()
    await poller.run_once(now=T + INTERVAL * 7)
    assert shelf.reads == [quiet.url]


async def test_an_article_stored_without_its_thread_is_due_when_a_topic_follows_it(
    store: Store,
) -> None:
    sumo = replace(_dated(1, T - timedelta(hours=10)), title="Yokozuna wins the basho")
    sumo = replace(sumo, body=("A sumo story.",))
    poller, shelf = await _shelved(store, [sumo])
    assert (await poller.run_once(now=T)).skipped == 1
    await store.set_topic_articles("tariffs", [sumo.url], among=[sumo.url])
    shelf.reads.clear()
    report = await poller.run_once(now=T + INTERVAL)
    assert shelf.reads == [sumo.url] and report.new_comments == 5


async def test_everything_asks_every_thread_however_soon(store: Store) -> None:
    quiet = _dated(1, T - timedelta(hours=10))
    poller, shelf = await _shelved(store, [quiet])
    await poller.run_once(now=T)
    shelf.reads.clear()
    assert (await poller.run_once(now=T + timedelta(seconds=1))).not_due == 1
    await poller.run_once(now=T + timedelta(seconds=2), everything=True)
    assert shelf.reads == [quiet.url]


async def test_a_thread_without_dates_read_again_unchanged_backs_off(store: Store) -> None:
    """No ETag and no dates: a re-read finding nothing new counts as "unchanged" (like a
    304), so the thread is not asked every cycle for ever."""
    undated = _story(1)  # no published date, no comment times
    poller, shelf = await _shelved(store, [undated])
    for cycle in range(12):
        await poller.run_once(now=T + INTERVAL * cycle)
    assert 1 < shelf.reads.count(undated.url) < 8
