"""Builds digests: picks a topic's articles from the store, summarizes each discussion.

Summarizing is the only step that may call out (an optional LLM endpoint); everything else is
the pure functions of :mod:`bot.summarize`, :mod:`bot.digest` and :mod:`bot.ranking`.

A topic's current digest (what `/digest now` shows) costs some 100 ms of CPU on the event
loop, and a busy server asks for the same one many times a minute: it is built once and
shared for :data:`RECENT_DIGEST_SECONDS`, or until :meth:`DigestService.forget` says a poll
changed the store. Calls that arrive while it is being built wait for that one build.

Each discussion's summary is also remembered (see :class:`Shared`): when a thousand
channels subscribed to one topic fall due together, each digest covers its own window, but
the threads in them are the same, and summarizing them is most of the cost.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from bot.digest import build_digest, group_same_story, make_entry
from bot.models import Article, Comment, Digest, Discussion
from bot.ranking import Sort
from bot.store import Store
from bot.summarize.extractive import summarize_discussion
from config.settings import DigestSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long a topic's current digest is shared between callers (unless a poll came first).
RECENT_DIGEST_SECONDS = 60.0
#: Current digests kept (one per topic and options asked for).
RECENT_DIGESTS = 256
#: Summaries remembered; a digest has at most a few dozen threads.
MEMO_SIZE = 512


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


def comments_fingerprint(comments: Sequence[Comment]) -> bytes:
    """A digest of everything a summary reads from the comments: any new comment, edit or
    vote changes it."""
    h = hashlib.blake2b(digest_size=16)
    for c in comments:
        fields = (c.id, c.author, c.text, c.posted, c.score, c.up, c.down, c.parent)
        h.update(repr((*fields, c.position, c.replies)).encode("utf-8", "surrogatepass"))
    return h.digest()


class Shared(Generic[T]):
    """Results by key, each computed once and shared: callers that ask while it is being
    computed wait for that one computation, later callers get it as long as it is kept.

    At most ``size`` results are kept (the least recently used go first), each for at most
    ``max_age`` seconds when given; a failure, or a result ``keep`` refuses, is not kept.
    """

    def __init__(self, size: int, max_age: float | None = None) -> None:
        self.size, self.max_age = size, max_age
        self._entries: OrderedDict[tuple[object, ...], tuple[float, asyncio.Future[T]]] = (
            OrderedDict()
        )

    async def get(
        self,
        key: tuple[object, ...],
        make: Callable[[], Coroutine[Any, Any, T]],
        *,
        keep: Callable[[T], bool] = lambda _: True,
    ) -> T:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is None or (self.max_age is not None and now - entry[0] >= self.max_age):
            entry = self._entries[key] = (now, asyncio.ensure_future(make()))
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        try:
            # Shielded: a caller that gives up does not cancel what the others await.
            result = await asyncio.shield(entry[1])
        except Exception:
            self._drop(key, entry)
            raise
        if not keep(result):
            self._drop(key, entry)
        return result

    def clear(self) -> None:
        self._entries.clear()

    def _drop(self, key: tuple[object, ...], entry: tuple[float, asyncio.Future[T]]) -> None:
        if self._entries.get(key) is entry:
            del self._entries[key]


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
        self._recent: Shared[Digest] = Shared(RECENT_DIGESTS, max_age=RECENT_DIGEST_SECONDS)
        self._summaries: Shared[Discussion] = Shared(MEMO_SIZE)

    def forget(self) -> None:
        """The store changed (a poll stored what it read): build current digests afresh."""
        self._recent.clear()

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

        ``max_articles`` and ``min_comments`` override the configuration's caps. Without
        ``active_since`` and ``now`` it is the topic's current digest, which is shared (see
        the module's docstring)."""

        def build() -> Coroutine[Any, Any, Digest]:
            return self._build(
                topic_key,
                topic_name=topic_name,
                active_since=active_since,
                max_articles=max_articles,
                sort=sort,
                top_n=top_n,
                now=now,
                min_comments=min_comments,
            )

        if active_since is None and now is None:
            return await self._recent.get(
                (topic_key, topic_name, max_articles, sort, top_n, min_comments), build
            )
        return await build()

    async def _build(
        self,
        topic_key: str,
        *,
        topic_name: str | None,
        active_since: datetime | None,
        max_articles: int | None,
        sort: Sort | None,
        top_n: int | None,
        now: datetime | None,
        min_comments: int | None,
    ) -> Digest:
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

        def make() -> Coroutine[Any, Any, Discussion]:
            return self.summarizer.summarize(
                article, article.comments, sort=sort, top_n=top_n, ranking_note=note
            )

        fingerprint = comments_fingerprint(article.comments)
        key = (
            article.discussion_url or article.url,
            article.title,
            hash(article.body),
            sort,
            top_n,
            note,
            fingerprint,
        )
        return await self._summaries.get(key, make, keep=self._keep)

    def _keep(self, discussion: Discussion) -> bool:
        # A summarizer that fell back (an LLM that timed out) should be asked again next time.
        wanted = "extractive" if isinstance(self.summarizer, ExtractiveSummarizer) else "llm"
        return discussion.summarizer == wanted
