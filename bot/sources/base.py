"""What every source offers: discover articles, read one article's discussion.

A source is a thin adapter: it asks :class:`bot.http.HttpClient` for bytes and hands them to
its site module's pure parse functions. Adding a site is one module under ``bot/sources/``
plus a ``[[sources]]`` entry in the config (see README, "Adding a source").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from bot.models import Article, FeedEntry

if TYPE_CHECKING:
    from bot.http import HttpClient
    from config.settings import SourceSettings


class Source(ABC):
    """One configured source (a ``[[sources]]`` entry) bound to the shared HTTP client."""

    kind: ClassVar[str]
    supports_comments: ClassVar[bool] = True
    has_votes: ClassVar[bool] = True
    #: Said in a digest when this source's comments are ranked by something other than votes.
    ranking_note: ClassVar[str] = ""

    def __init__(self, settings: SourceSettings, http: HttpClient) -> None:
        self.settings = settings
        self.http = http

    @property
    def name(self) -> str:
        return self.settings.name

    @abstractmethod
    async def discover(self) -> list[FeedEntry]:
        """New or changed items since the last call (conditional GET: nothing when unchanged)."""

    @abstractmethod
    async def fetch_article(self, entry: FeedEntry, *, fetched_at: datetime) -> Article:
        """The article behind ``entry`` with its whole comment thread."""

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
