"""The poll cycle: discover new articles, read their discussions, refresh recent ones, store.

One cycle asks every source once, fetches every article URL once (however many topics or
guilds follow it), and stores what it read. Feeds and recent threads answered before are
asked when the revisit schedule finds them due (:mod:`bot.revisit`): every cycle while they
change, less often once they have gone quiet. A failing source or page is recorded and logged
and never stops the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import zip_longest
from typing import Any, TypeVar
from urllib.parse import urlsplit

from bot.errors import DigestbotError
from bot.models import Article, FeedEntry
from bot.revisit import Revisits, Round
from bot.sources.base import Source, ThreadUnchanged
from bot.store import ArticleWrite, FetchState, Store, StoreError, UpsertResult
from bot.summarize.extractive import article_gist
from bot.topics import Topic, matching_topics

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Called as progress(done, total, what) while articles are read.
Progress = Callable[[int, int, str], None]
#: Sends an operator notice (a source failing or recovering).
Notify = Callable[[str], Awaitable[None]]

MAX_BACKOFF = timedelta(hours=6)
#: At most this many articles are stored per transaction (what arrived while the last
#: batch was written); a transaction holds the single SQLite writer this long.
MAX_STORE_BATCH = 50


def health_key(source: str) -> str:
    """The fetch-state row that counts a source's consecutive failed cycles."""
    return f"source:{source}"


def backoff(failures: int, interval: timedelta, *, jitter: float) -> timedelta:
    """How long a source that failed ``failures`` cycles in a row is left alone.

    Doubles per failure from one poll interval, capped at six hours; ``jitter`` in [0, 1)
    shortens it by up to a quarter so that sources failing together do not retry together.
    """
    if failures <= 1:
        return timedelta(0)
    wait = min(interval * 2 ** (failures - 1), MAX_BACKOFF)
    return wait * (1 - 0.25 * jitter)


@dataclass
class PollReport:
    """What one cycle did: counts for the console and the operator, errors by URL."""

    discovered: int = 0
    fetched: int = 0
    new_articles: int = 0
    new_comments: int = 0
    changed_comments: int = 0
    #: Threads re-read that the site reported unchanged (304): nothing downloaded or stored.
    unchanged: int = 0
    #: Feeds and threads not asked: quiet for long enough to wait (see bot.revisit).
    not_due: int = 0
    skipped: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    backing_off: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.discovered} discovered",
            f"{self.fetched} read",
            f"{self.new_articles} new articles",
            f"{self.new_comments} new comments",
            f"{self.changed_comments} comments with new votes",
        ]
        if self.unchanged:
            parts.insert(2, f"{self.unchanged} unchanged")
        if self.not_due:
            parts.insert(2, f"{self.not_due} not due yet")
        if self.errors:
            parts.append(f"{len(self.errors)} errors")
        if self.backing_off:
            parts.append("backing off: " + ", ".join(self.backing_off))
        return ", ".join(parts)


@dataclass
class _Outcome:
    """How one source fared in one cycle: failed discovery, or every page read failed."""

    discovery_failed: bool = False
    reads: int = 0
    failures: int = 0
    first_error: str | None = None

    def fail(self, error: str, *, discovery: bool = False) -> None:
        self.discovery_failed |= discovery
        self.failures += 1
        self.first_error = self.first_error or error

    @property
    def ok(self) -> bool:
        return not self.discovery_failed and (self.reads > 0 or self.failures == 0)


@dataclass(frozen=True)
class _Job:
    source: Source
    entry: FeedEntry
    is_new: bool


class Poller:
    """Runs poll cycles over the configured sources into the store."""

    def __init__(
        self,
        store: Store,
        sources: dict[str, Source],
        topics: Callable[[], Awaitable[Sequence[Topic]]],
        *,
        refresh_hours: float = 48,
        max_new_articles: int = 100,
        concurrency: int = 16,
        interval: timedelta = timedelta(minutes=10),
        max_revisit: timedelta = timedelta(minutes=60),
        failure_threshold: int = 3,
        notify: Notify | None = None,
    ) -> None:
        self.store = store
        self.sources = sources
        self.topics = topics
        self.refresh_hours = refresh_hours
        self.max_new_articles = max_new_articles
        self.concurrency = concurrency
        self.interval = interval
        self.revisits = Revisits(interval, max_revisit)
        self.failure_threshold = failure_threshold
        self.notify = notify
        self._lock = asyncio.Lock()

    async def run_once(
        self,
        *,
        now: datetime | None = None,
        progress: Progress | None = None,
        everything: bool = False,
    ) -> PollReport:
        """One discovery and refresh cycle. Cycles never overlap: a second caller waits.

        Feeds and recent threads are asked when the revisit schedule finds them due
        (:mod:`bot.revisit`); with ``everything``, all of them are.
        """
        async with self._lock:
            schedule = Round(self.revisits, now or datetime.now(UTC), everything=everything)
            return await self._cycle(schedule, progress)

    async def _cycle(self, schedule: Round, progress: Progress | None) -> PollReport:
        now = schedule.now
        report = PollReport()
        topics = list(await self.topics())
        health = {s.url: s for s in await self.store.fetch_states() if s.url.startswith("source:")}
        active = [s for s in self.sources.values() if not self._resting(s, health, now)]
        report.backing_off = [s.name for s in self.sources.values() if s not in active]
        outcomes = {s.name: _Outcome() for s in active}
        discovered = await asyncio.gather(
            *(self._discover(src, report, outcomes[src.name], schedule) for src in active)
        )
        jobs: dict[str, _Job] = {}
        for source, entries in zip(active, discovered, strict=True):
            if not source.supports_comments:
                # A site that has its own comment-reading source is read there, with its
                # discussion; a plain feed listing the same URL must not claim it first.
                entries = [e for e in entries if not self._owned_by_comment_source(e.url)]
            report.discovered += len(entries)
            # A thread is known by its own URL: a Reddit post about a stored Japan Today
            # article is a second discussion of the same story, not a duplicate.
            known = await self.store.known_urls(self._job_key(e) for e in entries)
            fresh = [e for e in entries if self._job_key(e) not in known][: self.max_new_articles]
            for entry in fresh:
                jobs.setdefault(self._job_key(entry), _Job(source, entry, is_new=True))
        # Only threads some topic follows: an article no topic matches was stored without its
        # thread, and re-reading it every cycle would cost its site a page for nothing.
        for stored in await self.store.articles_to_refresh(
            since=now - timedelta(hours=self.refresh_hours), on_topic=True
        ):
            owner = self.sources.get(stored.source)
            if owner is None or not owner.supports_comments or owner.name not in outcomes:
                continue
            key = stored.discussion_url or stored.url
            if key in jobs or not schedule.due(key):
                continue
            entry = FeedEntry(
                url=stored.url,
                title=stored.title,
                published=stored.published,
                guid=stored.guid,
                discussion_url=stored.discussion_url,
            )
            jobs.setdefault(self._job_key(entry), _Job(owner, entry, is_new=False))

        total = len(jobs)
        done = 0
        semaphore = asyncio.Semaphore(self.concurrency)

        # Readers run concurrently and hand what they read to this task, which stores it:
        # whatever arrived while the previous batch was being written goes in one transaction.
        arrived: asyncio.Queue[tuple[_Job, Article | BaseException | None]] = asyncio.Queue()

        async def read(job: _Job) -> None:
            try:
                async with semaphore:
                    article = await self._fetch(job, report, outcomes[job.source.name], schedule)
            except BaseException as exc:
                arrived.put_nowait((job, exc))
                raise
            nonlocal done
            done += 1
            if progress:
                progress(done, total, job.entry.title or job.entry.url)
            arrived.put_nowait((job, article))

        readers = [
            asyncio.ensure_future(read(j))
            for j in interleave_by_host(jobs.values(), self._job_key_of)
        ]
        try:
            waiting = len(readers)
            while waiting:
                batch = [await arrived.get()]
                while len(batch) < MAX_STORE_BATCH and not arrived.empty():
                    batch.append(arrived.get_nowait())
                waiting -= len(batch)
                failed = next((r for _, r in batch if isinstance(r, BaseException)), None)
                fetched = [(j, r) for j, r in batch if isinstance(r, Article)]
                await self._store(fetched, topics, report, schedule)
                if failed is not None:
                    raise failed
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
        for name, outcome in outcomes.items():
            await self._record_health(name, outcome, health.get(health_key(name)), now)
        report.not_due = schedule.not_due
        log.info("poll cycle: %s", report.summary())
        return report

    def _resting(self, source: Source, health: dict[str, FetchState], now: datetime) -> bool:
        state = health.get(health_key(source.name))
        if state is None or not state.failures or state.last_attempt is None:
            return False
        wait = backoff(state.failures, self.interval, jitter=random.random())
        # Leave a little slack so a wait of exactly one interval never skips a cycle.
        return now - state.last_attempt < wait - self.interval / 10

    async def _record_health(
        self, name: str, outcome: _Outcome, before: FetchState | None, now: datetime
    ) -> None:
        state = await self.store.record_fetch(
            health_key(name), source=name, ok=outcome.ok, error=outcome.first_error, at=now
        )
        previous = before.failures if before else 0
        if not outcome.ok and state.failures == self.failure_threshold:
            await self._notify(
                f"⚠️ source **{name}** has failed {state.failures} polls in a row: "
                f"{outcome.first_error}"
            )
        elif outcome.ok and previous >= self.failure_threshold:
            await self._notify(f"✅ source **{name}** works again after {previous} failed polls.")

    async def _notify(self, text: str) -> None:
        log.warning("%s", text)
        if self.notify is not None:
            try:
                await self.notify(text)
            except Exception:
                log.exception("could not send the notice")

    def _owned_by_comment_source(self, url: str) -> bool:
        return any(s.supports_comments and s.owns_url(url) for s in self.sources.values())

    @staticmethod
    def _job_key_of(job: _Job) -> str:
        return job.entry.discussion_url or job.entry.url

    @staticmethod
    def _job_key(entry: FeedEntry) -> str:
        return entry.discussion_url or entry.url

    async def _discover(
        self, source: Source, report: PollReport, outcome: _Outcome, schedule: Round
    ) -> list[FeedEntry]:
        try:
            return await source.discover(schedule)
        except DigestbotError as exc:
            report.errors[health_key(source.name)] = str(exc)
            outcome.fail(str(exc), discovery=True)
            log.warning("source %s: discovery failed: %s", source.name, exc)
            return []

    async def _fetch(
        self, job: _Job, report: PollReport, outcome: _Outcome, schedule: Round
    ) -> Article | None:
        url = self._job_key_of(job)
        now = schedule.now
        try:
            article = await job.source.fetch_article(
                job.entry, fetched_at=now, revalidate=not job.is_new
            )
        except ThreadUnchanged:
            schedule.unchanged(url)
            outcome.reads += 1
            report.unchanged += 1
            return None
        except DigestbotError as exc:
            job.source.forget(job.entry)  # a page it could not read must be read whole again
            report.errors[url] = str(exc)
            outcome.fail(str(exc))
            log.warning("source %s: %s", job.source.name, exc)
            await self.store.record_fetch(
                url, source=job.source.name, ok=False, error=str(exc), at=now
            )
            return None
        outcome.reads += 1
        report.fetched += 1
        return article

    async def _store(
        self,
        fetched: Sequence[tuple[_Job, Article]],
        topics: Iterable[Topic],
        report: PollReport,
        schedule: Round,
    ) -> None:
        """Store what readers brought, in one transaction; when that fails, one by one, so
        that an article the store refuses costs only itself (reported like a page that could
        not be read). Then tell the schedule what each thread showed."""
        now = schedule.now
        writes: list[ArticleWrite] = []
        for job, article in fetched:
            matched = matching_topics(topics, article.title, article.body or (job.entry.summary,))
            if job.is_new and not matched:
                # Remember it was seen (so it is not read again next cycle) without its thread,
                # and that what was read cannot tell a later read the thread is unchanged:
                # a topic that matches it later finds it due, to be read whole.
                article = _without_comments(article)
                job.source.forget(job.entry)
                report.skipped += 1
            gist = article_gist(article)
            writes.append(ArticleWrite(article, matched, gist, now, job.source.name))
        results: list[UpsertResult | None] | None = None
        if len(writes) > 1:
            with contextlib.suppress(StoreError):  # then each alone, below
                results = list(await self.store.upsert_articles(writes))
        if results is None:
            results = [await self._store_alone(write, report, now) for write in writes]
        for (job, article), write, result in zip(fetched, writes, results, strict=True):
            key = self._job_key_of(job)
            # What could not be stored, or was stored without its thread, stays due: only
            # a thread the store holds as read may wait.
            if result is None:
                job.source.forget(job.entry)  # else a 304 would keep the older thread stored
                continue
            newest = newest_date(article)
            if job.is_new and not write.topics:
                pass
            elif not job.is_new and (result.new_comments or result.changed_comments):
                schedule.changed(key, now)
            elif job.is_new or newest is not None:
                schedule.changed(key, newest)
            else:  # read again, the same, and no date: as good as a 304
                schedule.unchanged(key)
            report.new_articles += int(result.created and bool(write.topics))
            report.new_comments += result.new_comments
            report.changed_comments += result.changed_comments

    async def _store_alone(
        self, write: ArticleWrite, report: PollReport, now: datetime
    ) -> UpsertResult | None:
        try:
            [result] = await self.store.upsert_articles([write])
        except StoreError as exc:
            url = write.article.discussion_url or write.article.url
            report.errors[url] = str(exc)
            log.error("source %s: %s", write.fetched_from, exc)
            await self.store.record_fetch(
                url, source=write.fetched_from or "", ok=False, error=str(exc), at=now
            )
            return None
        return result


def interleave_by_host(items: Iterable[T], url_of: Callable[[T], str]) -> list[T]:
    """Items in round-robin order of their URLs' hosts, each host's own order kept.

    The cycle's semaphore admits jobs in this order; listed source by source, the first
    slots would all go to one host, which its per-host limit then serializes while every
    other host waits.
    """
    by_host: dict[str, list[T]] = {}
    for item in items:
        by_host.setdefault(urlsplit(url_of(item)).hostname or "", []).append(item)
    rows = zip_longest(*by_host.values(), fillvalue=_GAP)
    return [item for row in rows for item in row if item is not _GAP]


_GAP: Any = object()


def newest_date(article: Article) -> datetime | None:
    """The newest date a thread gives: its newest comment's, or the article's own."""
    dates = [c.posted for c in article.comments if c.posted is not None]
    if article.published is not None:
        dates.append(article.published)
    return max(dates, default=None)


def _without_comments(article: Article) -> Article:
    return replace(article, comments=())
