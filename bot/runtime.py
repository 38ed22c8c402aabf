"""One object holding the shared resources: created once, closed once.

The CLI, the console scheduler and the Discord bot all use a :class:`Runtime`: the one HTTP
client (one aiohttp session), the store, the configured sources and the services on top.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from bot.catalog import TopicCatalog
from bot.digest_service import DigestService, ExtractiveSummarizer, Summarizer
from bot.errors import BlockedURLError
from bot.http import HttpClient, Response
from bot.models import Article, FeedEntry
from bot.page_reader import PageReader
from bot.poll import Notify, Poller, PollReport, Progress
from bot.sources.base import Source
from bot.sources.registry import build_source, build_sources
from bot.store import Store
from config.settings import Settings, SourceSettings

log = logging.getLogger(__name__)


_startup_heap_frozen = False


def freeze_startup_heap() -> None:
    """Hide what start-up made (modules, classes, settings) from the garbage collector, once.

    A full collection walks every container object alive; right after start-up that is some
    200,000 objects that live as long as the process, and walking them held the event loop
    for 100 ms or more in the middle of polls and slash commands. Frozen, they are skipped:
    full collections only look at what came since. Garbage already present is collected first.
    """
    global _startup_heap_frozen
    if _startup_heap_frozen:
        return
    _startup_heap_frozen = True
    gc.collect()
    gc.freeze()
    log.debug(
        "froze %d start-up objects out of the garbage collector's walks", gc.get_freeze_count()
    )


class GuardedHttp:
    """The shared client, but every request is treated as a user-supplied URL.

    A source bound to this fetches only from ``allowed_hosts`` and public addresses, with
    every redirect hop re-checked, without the source having to know.
    """

    def __init__(self, http: HttpClient, allowed_hosts: Collection[str]) -> None:
        self._http = http
        self._allowed = set(allowed_hosts)
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    async def get(self, url: str, **kwargs: Any) -> Response:
        # What a user asked for is not what the poll stored: its validators must not make a
        # later refresh of the same thread look unchanged.
        kwargs.pop("conditional", None)
        kwargs.pop("remember", None)
        kwargs["user_supplied"] = True
        kwargs["allowed_hosts"] = self._allowed
        return await self._http.get(url, **kwargs)

    async def post_json(self, url: str, payload: Any, **kwargs: Any) -> Response:
        raise BlockedURLError(url, "posting is not allowed for user-supplied URLs")


class Runtime:
    """Settings plus everything built from them; use as ``async with Runtime(settings)``."""

    def __init__(self, settings: Settings, *, summarizer: Summarizer | None = None) -> None:
        self.settings = settings
        self.http = HttpClient(
            settings.file.http,
            allow_private_addresses=settings.file.security.allow_private_addresses,
        )
        self._summarizer = summarizer
        self.pages = PageReader(settings.file.poll.page_workers())
        self.store: Store
        #: Where operator notices go (a source failing or recovering); the Discord bot points
        #: it at the admin channel, console mode prints them.
        self.notices: Notify | None = None
        self.sources: dict[str, Source] = {}
        self.catalog: TopicCatalog
        self.poller: Poller
        self.digests: DigestService

    async def __aenter__(self) -> Runtime:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def open(self) -> None:
        await self.http.__aenter__()
        try:
            self.store = await Store.open(self.settings.database_url)
        except BaseException:
            await self.http.__aexit__(None, None, None)
            raise
        self.http.validators.update(await self.store.load_validators())
        self.sources = build_sources(self.settings, self.http, self.pages)
        self.catalog = TopicCatalog(self.store, self.settings.file.topics)
        poll_settings = self.settings.file.poll
        await self.catalog.match_configured(
            since=datetime.now(UTC) - timedelta(hours=poll_settings.refresh_hours)
        )
        poll = self.settings.file.poll
        self.poller = Poller(
            self.store,
            self.sources,
            self.catalog.all_topics,
            refresh_hours=poll.refresh_hours,
            max_new_articles=poll.max_new_articles,
            concurrency=self.settings.file.http.total_concurrency,
            interval=timedelta(minutes=poll.interval_minutes),
            max_revisit=timedelta(minutes=poll.interval_minutes) * poll.max_revisit_cycles,
            failure_threshold=self.settings.file.discord.failure_threshold,
            notify=self._notify,
        )
        self.digests = DigestService(
            self.store,
            self._summarizer or self._default_summarizer(),
            self.settings.file.digest,
            ranking_notes={name: src.ranking_note for name, src in self.sources.items()},
        )
        freeze_startup_heap()

    async def _notify(self, text: str) -> None:
        if self.notices is not None:
            await self.notices(text)

    def _default_summarizer(self) -> Summarizer:
        env = self.settings.env
        if self.settings.llm_enabled and env.digestbot_llm_base_url and env.digestbot_llm_model:
            from bot.summarize.llm import LlmSummarizer

            log.info("summarizing with the LLM endpoint %s", env.digestbot_llm_base_url)
            llm: Summarizer = LlmSummarizer(
                self.http,
                base_url=env.digestbot_llm_base_url,
                model=env.digestbot_llm_model,
                api_key=env.digestbot_llm_api_key,
                settings=self.settings.file.llm,
            )
            return llm
        return ExtractiveSummarizer()

    async def close(self) -> None:
        self.pages.close()
        store = getattr(self, "store", None)
        if store is not None:
            await store.close()
        await self.http.__aexit__(None, None, None)

    async def poll_once(
        self,
        *,
        progress: Progress | None = None,
        everything: bool = False,
        now: datetime | None = None,
    ) -> PollReport:
        """One poll cycle: what the revisit schedule finds due, or ``everything``."""
        try:
            report = await self.poller.run_once(progress=progress, everything=everything, now=now)
        finally:
            self.digests.forget()  # what it stored (even half way) is in the next digests
        await self.store.save_validators(self.http.validators)
        return report

    def source_for_url(self, url: str) -> Source | None:
        return next((s for s in self.sources.values() if s.owns_url(url)), None)

    def allowed_hosts(self) -> set[str]:
        return {h for s in self.sources.values() for h in s.hosts()}

    def user_url_source(self, url: str) -> Source:
        """The configured source a link a Discord user gave belongs to; a refusal naming the
        allowed sites when none does (asked before a command defers: no waiting for that)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BlockedURLError(url, "only http(s) links to a news site are accepted")
        source = self.source_for_url(url)
        if source is None:
            hosts = ", ".join(sorted(h for h in self.allowed_hosts() if not h.startswith("www.")))
            raise BlockedURLError(url, f"only links to these sites are allowed: {hosts}")
        return source

    async def fetch_user_url(self, url: str, *, now: datetime | None = None) -> Article:
        """Fetch an article a Discord user named: only from configured sources' hosts."""
        source = self.user_url_source(url)
        guarded = build_source(
            source.settings,
            GuardedHttp(self.http, source.hosts()),  # type: ignore[arg-type]
            self.pages,
        )
        return await guarded.fetch_article(
            FeedEntry(url=url.strip(), title=""), fetched_at=now or datetime.now(UTC)
        )

    async def fetch_operator_url(self, url: str, *, now: datetime | None = None) -> Article:
        """Fetch an article the operator named on the command line (trusted: any host)."""
        source = self.source_for_url(url) or build_source(
            _adhoc_settings(url), self.http, self.pages
        )
        return await source.fetch_article(
            FeedEntry(url=url, title=""), fetched_at=now or datetime.now(UTC)
        )


def _adhoc_settings(url: str) -> SourceSettings:
    """A page from a site that is not configured: read it with the structural extractor, its
    comment times in the zone the page says it is from."""
    host = (urlsplit(url).hostname or "web").lower()
    name = "".join(ch if ch.isalnum() else "-" for ch in host)[:32].strip("-") or "web"
    data: Mapping[str, Any] = {
        "name": name,
        "kind": "japantoday",
        "feeds": [url],
        "timezone": "page",
    }
    return SourceSettings.model_validate(data)
