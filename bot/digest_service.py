"""Builds digests: picks a topic's articles from the store, summarizes each discussion.

Summarizing is the only step that may call out (an optional LLM endpoint); everything else is
the pure functions of :mod:`bot.summarize`, :mod:`bot.digest` and :mod:`bot.ranking`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.digest import build_digest, group_same_story, make_entry
from bot.models import Article, Comment, Digest, Discussion
from bot.ranking import Sort
from bot.store import Store
from bot.summarize.extractive import summarize_discussion
from config.settings import DigestSettings

log = logging.getLogger(__name__)


class Summarizer(Protocol):
    async def summarize(
        self,
        article: Article,
        comments: Sequence[Comment],
        *,
        sort: Sort = "best",
        top_n: int = 3,
        ranking_note: str = "",
    ) -> Discussion: ...


class ExtractiveSummarizer:
    """The default: deterministic, offline, quotes only what commenters wrote."""

    async def summarize(
        self,
        article: Article,
        comments: Sequence[Comment],
        *,
        sort: Sort = "best",
        top_n: int = 3,
        ranking_note: str = "",
    ) -> Discussion:
        return summarize_discussion(comments, sort=sort, top_n=top_n, ranking_note=ranking_note)


class DigestService:
    """Digests of stored articles (by topic and activity window) or of given articles."""

    def __init__(
        self,
        store: Store,
        summarizer: Summarizer,
        settings: DigestSettings,
        ranking_notes: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store
        self.summarizer = summarizer
        self.settings = settings
        self.ranking_notes = dict(ranking_notes or {})

    async def for_topic(
        self,
        topic_key: str,
        *,
        topic_name: str | None = None,
        active_since: datetime | None = None,
        max_articles: int | None = None,
        sort: Sort | None = None,
        top_n: int | None = None,
        now: datetime | None = None,
        min_comments: int | None = None,
    ) -> Digest:
        """The digest of a topic's articles discussed since ``active_since`` (default: window).

        ``max_articles`` and ``min_comments`` override the configuration's caps."""
        now = now or datetime.now(UTC)
        since = active_since or now - timedelta(hours=self.settings.window_hours)
        limit = max_articles or self.settings.max_articles
        # Fetch more than shown so that merged stories and the "more" list have material.
        articles = await self.store.articles_for_topic(
            topic_key, active_since=since, limit=limit * 3
        )
        return await self.for_articles(
            articles,
            topic=topic_name or topic_key,
            max_articles=limit,
            sort=sort,
            top_n=top_n,
            now=now,
            min_comments=min_comments,
        )

    async def for_articles(
        self,
        articles: Sequence[Article],
        *,
        topic: str = "",
        max_articles: int | None = None,
        sort: Sort | None = None,
        top_n: int | None = None,
        now: datetime | None = None,
        min_comments: int | None = None,
    ) -> Digest:
        sort = sort or self.settings.sort
        top_n = self.settings.top_comments if top_n is None else top_n
        groups = group_same_story(articles)
        summaries = await asyncio.gather(
            *(self._summarize(article, sort, top_n) for group in groups for article in group)
        )
        flat = iter(summaries)
        entries = [make_entry([(article, next(flat)) for article in group]) for group in groups]
        return build_digest(
            topic,
            entries,
            now=now or datetime.now(UTC),
            max_articles=max_articles or self.settings.max_articles,
            min_comments=self.settings.min_comments if min_comments is None else min_comments,
        )

    async def _summarize(self, article: Article, sort: Sort, top_n: int) -> Discussion:
        note = self.ranking_notes.get(article.source, "")
        return await self.summarizer.summarize(
            article, article.comments, sort=sort, top_n=top_n, ranking_note=note
        )
