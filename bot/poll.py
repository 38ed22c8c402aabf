"""The poll cycle: discover new articles, read their discussions, refresh recent ones, store.

One cycle asks every source once, fetches every article URL once (however many topics or
guilds follow it), and stores what it read. A failing source or page is recorded and logged
and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.errors import DigestbotError
from bot.models import Article, FeedEntry
from bot.sources.base import Source
from bot.store import Store
from bot.summarize.extractive import article_gist
from bot.topics import Topic, matching_topics

log = logging.getLogger(__name__)

#: Called as progress(done, total, what) while articles are read.
Progress = Callable[[int, int, str], None]


@dataclass
class PollReport:
    """What one cycle did: counts for the console and the operator, errors by URL."""

    discovered: int = 0
    fetched: int = 0
    new_articles: int = 0
    new_comments: int = 0
    changed_comments: int = 0
    skipped: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [
            f"{self.discovered} discovered",
            f"{self.fetched} read",
            f"{self.new_articles} new articles",
            f"{self.new_comments} new comments",
            f"{self.changed_comments} comments with new votes",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} errors")
        return ", ".join(parts)


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
    ) -> None:
        self.store = store
        self.sources = sources
        self.topics = topics
        self.refresh_hours = refresh_hours
        self.max_new_articles = max_new_articles
        self.concurrency = concurrency
        self._lock = asyncio.Lock()

    async def run_once(
        self, *, now: datetime | None = None, progress: Progress | None = None
    ) -> PollReport:
        """One discovery and refresh cycle. Cycles never overlap: a second caller waits."""
        async with self._lock:
            return await self._cycle(now or datetime.now(UTC), progress)

    async def _cycle(self, now: datetime, progress: Progress | None) -> PollReport:
        report = PollReport()
        topics = list(await self.topics())
        discovered = await asyncio.gather(
            *(self._discover(src, report, now) for src in self.sources.values())
        )
        jobs: dict[str, _Job] = {}
        for source, entries in zip(self.sources.values(), discovered, strict=True):
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
        for stored in await self.store.articles_to_refresh(
            since=now - timedelta(hours=self.refresh_hours)
        ):
            owner = self.sources.get(stored.source)
            if owner is None or not owner.supports_comments:
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

        async def read(job: _Job) -> tuple[_Job, Article | None]:
            async with semaphore:
                article = await self._fetch(job, report, now)
            nonlocal done
            done += 1
            if progress:
                progress(done, total, job.entry.title or job.entry.url)
            return job, article

        for coro in asyncio.as_completed([read(j) for j in jobs.values()]):
            job, fetched = await coro
            if fetched is not None:
                await self._store(fetched, job, topics, report, now)
        log.info("poll cycle: %s", report.summary())
        return report

    def _owned_by_comment_source(self, url: str) -> bool:
        return any(s.supports_comments and s.owns_url(url) for s in self.sources.values())

    @staticmethod
    def _job_key(entry: FeedEntry) -> str:
        return entry.discussion_url or entry.url

    async def _discover(self, source: Source, report: PollReport, now: datetime) -> list[FeedEntry]:
        key = f"discover:{source.name}"
        try:
            entries = await source.discover()
        except DigestbotError as exc:
            report.errors[key] = str(exc)
            log.warning("source %s: discovery failed: %s", source.name, exc)
            await self.store.record_fetch(key, source=source.name, ok=False, error=str(exc), at=now)
            return []
        await self.store.record_fetch(key, source=source.name, ok=True, at=now)
        return entries

    async def _fetch(self, job: _Job, report: PollReport, now: datetime) -> Article | None:
        url = job.entry.discussion_url or job.entry.url
        try:
            article = await job.source.fetch_article(job.entry, fetched_at=now)
        except DigestbotError as exc:
            report.errors[url] = str(exc)
            log.warning("source %s: %s", job.source.name, exc)
            await self.store.record_fetch(
                url, source=job.source.name, ok=False, error=str(exc), at=now
            )
            return None
        report.fetched += 1
        return article

    async def _store(
        self,
        article: Article,
        job: _Job,
        topics: Iterable[Topic],
        report: PollReport,
        now: datetime,
    ) -> None:
        matched = matching_topics(topics, article.title, article.body or (job.entry.summary,))
        if job.is_new and not matched:
            # Remember it was seen (so it is not read again next cycle) without its thread.
            article = _without_comments(article)
            report.skipped += 1
        result = await self.store.upsert_article(
            article, topics=matched, gist=article_gist(article), fetched_at=now
        )
        await self.store.record_fetch(
            article.discussion_url or article.url, source=job.source.name, ok=True, at=now
        )
        report.new_articles += int(result.created and bool(matched))
        report.new_comments += result.new_comments
        report.changed_comments += result.changed_comments


def _without_comments(article: Article) -> Article:
    return replace(article, comments=())
