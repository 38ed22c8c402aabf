"""What every source offers: discover articles, read one article's discussion.

A source is a thin adapter: it asks :class:`bot.http.HttpClient` for bytes and hands them to
its site module's pure parse functions. Adding a site is one module under ``bot/sources/``
plus a ``[[sources]]`` entry in the config (see README, "Adding a source").
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from bot.errors import FeedError, FetchError
from bot.models import Article, FeedEntry
from bot.revisit import Round
from bot.sources.feeds import parse_feed

log = logging.getLogger(__name__)


class ThreadUnchanged(Exception):
    """A thread read before is, the site says, unchanged (HTTP 304): nothing to store."""


if TYPE_CHECKING:
    from bot.http import HttpClient
    from bot.page_reader import PageReader
    from config.settings import SourceSettings


class Source(ABC):
    """One configured source (a ``[[sources]]`` entry) bound to the shared HTTP client."""

    kind: ClassVar[str]
    supports_comments: ClassVar[bool] = True
    has_votes: ClassVar[bool] = True
    #: Said in a digest when this source's comments are ranked by something other than votes.
    ranking_note: ClassVar[str] = ""

    def __init__(
        self, settings: SourceSettings, http: HttpClient, pages: PageReader | None = None
    ) -> None:
        from bot.page_reader import PageReader

        self.settings = settings
        self.http = http
        self.pages = pages or PageReader()

    @property
    def name(self) -> str:
        return self.settings.name

    @abstractmethod
    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        """New or changed items since the last call (conditional GET: nothing when unchanged).

        ``schedule``: a source that reads feeds asks only the feeds it finds due, and tells it
        what each answer showed; one that asks an API listing asks it every time.
        """

    @abstractmethod
    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
        """The article behind ``entry`` with its whole comment thread.

        ``revalidate``: the thread was read before; a source that can ask the site whether it
        changed since (conditional GET) raises :class:`ThreadUnchanged` when it did not.
        """

    def forget(self, entry: FeedEntry) -> None:
        """Forget what would let ``revalidate`` find ``entry``'s thread unchanged: what was
        read of it could not be stored, so the next read must be a whole one. A source that
        never revalidates has nothing to forget."""
        return None

    async def read_feeds(self, schedule: Round | None = None) -> list[FeedEntry]:
        """Entries of every configured feed (every due one, with ``schedule``) that changed
        since the last call.

        Conditional GET: an unchanged feed (304) adds nothing. The first occurrence of an
        entry (by link or guid) wins across feeds. A failing feed is logged and skipped while
        the others still count; when every feed fails, the first error is raised so that the
        failure reaches the operator.
        """
        feeds = [str(f) for f in self.settings.feeds]
        if schedule is not None:
            feeds = [f for f in feeds if schedule.due(f)]
        results = await asyncio.gather(*(self._read_feed(f, schedule) for f in feeds))
        entries: list[FeedEntry] = []
        seen: set[str] = set()
        errors = [r for r in results if isinstance(r, (FetchError, FeedError))]
        for found in results:
            if isinstance(found, (FetchError, FeedError)):
                continue
            for entry in found:
                keys = {entry.url, entry.guid or entry.url}
                if keys & seen:
                    continue
                seen |= keys
                entries.append(entry)
        if errors and len(errors) == len(self.settings.feeds):  # a feed left for later is fine
            raise errors[0]
        return entries

    async def _read_feed(
        self, url: str, schedule: Round | None
    ) -> list[FeedEntry] | FetchError | FeedError:
        """One feed's entries (none when unchanged), or the error that stopped it."""
        try:
            response = await self.http.get(url, conditional=True)
            if response.not_modified:
                log.debug("%s: feed %s unchanged", self.name, url)
                if schedule is not None:
                    schedule.unchanged(url)
                return []
            entries = parse_feed(response.body, response.url, response.headers.get("Content-Type"))
        except (FetchError, FeedError) as exc:
            log.warning("%s: %s", self.name, exc)
            return exc
        if schedule is not None:
            dates = [e.published for e in entries if e.published is not None]
            schedule.changed(url, max(dates, default=None))
        return entries

    def hosts(self) -> set[str]:
        """Hosts this source fetches from: a user-supplied URL must belong to one of them."""
        hosts = {urlsplit(str(u)).hostname or "" for u in self.settings.feeds}
        if self.settings.base_url:
            hosts.add(urlsplit(str(self.settings.base_url)).hostname or "")
        hosts.discard("")
        return hosts | {h.removeprefix("www.") for h in hosts} | {"www." + h for h in hosts}

    def owns_url(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self.hosts()
