"""Any site's RSS/Atom feeds as a source of articles (without comments).

The article is built from the feed entry alone — title, link, date, summary — so following a
feed costs one conditional GET per feed and cycle, and nothing when the feed is unchanged.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.models import Article, FeedEntry
from bot.revisit import Round
from bot.sources.base import Source

log = logging.getLogger(__name__)


class RssSource(Source):
    """A ``kind = "rss"`` source: every URL in ``feeds`` is an RSS or Atom feed."""

    kind = "rss"
    supports_comments = False
    has_votes = False

    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        return await self.read_feeds(schedule)

    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
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
