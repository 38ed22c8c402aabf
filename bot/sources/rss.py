"""Any site's RSS/Atom feeds as a source of articles (without comments).

The article is built from the feed entry alone — title, link, date, summary — so following a
feed costs one conditional GET per feed and cycle, and nothing when the feed is unchanged.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.errors import FeedError, FetchError
from bot.models import Article, FeedEntry
from bot.sources.base import Source
from bot.sources.feeds import parse_feed

log = logging.getLogger(__name__)


class RssSource(Source):
    """A ``kind = "rss"`` source: every URL in ``feeds`` is an RSS or Atom feed."""

    kind = "rss"
    supports_comments = False
    has_votes = False

    async def discover(self) -> list[FeedEntry]:
        """Entries of every feed that changed since the last call, first occurrence wins.

        A feed that fails is logged and skipped while the others still count; when every
        feed fails, the first error is raised so the failure reaches the operator.
        """
        entries: list[FeedEntry] = []
        seen: set[str] = set()
        errors: list[FetchError | FeedError] = []
        for feed in self.settings.feeds:
            url = str(feed)
            try:
                response = await self.http.get(url, conditional=True)
                if response.not_modified:
                    log.debug("%s: feed %s unchanged", self.name, url)
                    continue
                found = parse_feed(response.body, response.url)
            except (FetchError, FeedError) as exc:
                log.warning("%s: %s", self.name, exc)
                errors.append(exc)
                continue
            for entry in found:
                keys = {entry.url, entry.guid or entry.url}
                if keys & seen:
                    continue
                seen |= keys
                entries.append(entry)
        if errors and len(errors) == len(self.settings.feeds):
            raise errors[0]
        return entries

    async def fetch_article(self, entry: FeedEntry, *, fetched_at: datetime) -> Article:
        """The article as the feed describes it: no page fetch, no comments."""
        paragraphs = tuple(p.strip() for p in entry.summary.split("\n\n") if p.strip())
        return Article(
            url=entry.url,
            title=entry.title,
            published=entry.published,
            body=paragraphs,
            comments=(),
            comment_count=0,
            source=self.name,
            guid=entry.guid,
        )
