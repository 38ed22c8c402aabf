"""Japan Today: RSS feeds for discovery, article pages (comments by popularity) for threads.

Pure helpers (:func:`comments_url`, :func:`next_comment_page`, :func:`parse_jst_time`) plus
the thin :class:`JapanTodaySource` adapter that fetches with the shared HTTP client and hands
the HTML to :mod:`bot.extract`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from bot.errors import ExtractionError
from bot.extract import Page, assemble_article, find_next_page, parse_posted
from bot.models import Article, FeedEntry
from bot.revisit import Round
from bot.sources.base import Source, ThreadUnchanged

log = logging.getLogger(__name__)

SITE_TZ = "Asia/Tokyo"
#: A thread is read over at most this many pages of comments.
MAX_COMMENT_PAGES = 50


def comments_url(url: str) -> str:
    """The article URL that lists comments by popularity (``?comment-order=popular``)."""
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "comment-order"
    ]
    query.append(("comment-order", "popular"))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def next_comment_page(html: str, url: str) -> str | None:
    """The next page of the comment thread on this page (``rel=next``, "Next",
    ``?comment-page=N``, ``/page/N`` in the comments area), absolute, or ``None``."""
    try:
        tree = LexborHTMLParser(html)
    except Exception:  # a page the parser refuses has no next page
        return None
    root = tree.root or tree.body
    if root is None:
        return None
    found = find_next_page(root, url)
    return comments_url(found) if found is not None else None


def parse_jst_time(text: str, fetched_at: datetime) -> datetime | None:
    """A Japan Today comment time (``Today 06:39 pm JST``, ``Jul. 6  08:15 am JST``) as UTC."""
    return parse_posted(text, now=fetched_at, tz=SITE_TZ)


class JapanTodaySource(Source):
    """A ``kind = "japantoday"`` source: ``feeds`` are Japan Today RSS feeds."""

    kind = "japantoday"

    @property
    def site_tz(self) -> str | None:
        """The zone comment times are read in: the configured one, Tokyo's by default, or
        ``None`` (``timezone = "page"``) to read each page's own."""
        zone = self.settings.timezone or SITE_TZ
        return None if zone == "page" else zone

    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        return await self.read_feeds(schedule)

    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
        """The article with its whole thread, following comment pages (at most 50).

        The validators (ETag, Last-Modified) of a thread that fits on one page are remembered,
        so that ``revalidate`` asks the site whether it changed: a 304 raises
        :class:`ThreadUnchanged`. The first page of a longer thread says nothing about the
        pages after it, so such a thread is always read whole.
        """
        selectors = self.settings.selectors
        first_url = comments_url(entry.url)
        url: str | None = first_url
        visited: set[str] = set()
        pages: list[Page] = []
        collected = 0
        while url is not None and url not in visited and len(pages) < MAX_COMMENT_PAGES:
            visited.add(url)
            first = not pages
            response = await self.http.get(url, conditional=revalidate and first, remember=first)
            if response.not_modified and revalidate and first:
                raise ThreadUnchanged(url)
            try:
                page = await self.pages.read(
                    response.text(),
                    response.url,
                    fetched_at=fetched_at,
                    selectors=selectors,
                    site_tz=self.site_tz,
                )
            except ExtractionError:
                if not pages:
                    raise
                log.warning("%s: stopped reading comment pages at %s", self.name, url)
                break
            pages.append(page)
            collected += len(page.comments)
            if collected >= self.settings.max_comments:
                break
            url = comments_url(page.next_page) if page.next_page else None
        if len(pages) > 1:
            self.forget(entry)
        article = assemble_article(pages, source=self.name, max_comments=self.settings.max_comments)
        return replace(
            article,
            published=article.published or entry.published,
            guid=entry.guid,
        )

    def forget(self, entry: FeedEntry) -> None:
        self.http.validators.pop(comments_url(entry.url), None)
