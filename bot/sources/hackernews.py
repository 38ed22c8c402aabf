"""Hacker News, through the Algolia search API (hn.algolia.com).

Discovery searches stories by date (``/api/v1/search_by_date``) created within a look-back
window; a thread is one ``/api/v1/items/{id}`` call, which returns the whole comment tree.
Hacker News publishes no comment scores, so comments carry no votes: they are ranked by
their place in the thread and the replies they drew. Comment text arrives as HTML and is
turned into plain paragraphs here.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from bot.errors import ExtractionError, FeedError
from bot.models import Article, Comment, FeedEntry
from bot.revisit import Round
from bot.sources.base import Source

if TYPE_CHECKING:
    from bot.http import HttpClient
    from bot.page_reader import PageReader
    from config.settings import SourceSettings

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://hn.algolia.com"
ITEM_URL = "https://news.ycombinator.com/item?id={id}"
HN_HOSTS = frozenset({"news.ycombinator.com"})


class HackerNewsSource(Source):
    kind = "hackernews"
    has_votes = False
    ranking_note = "Hacker News publishes no comment scores: ranked by thread position and replies."

    #: Stories per discovery call (Algolia allows up to 1000).
    hits_per_page: int = 50

    def __init__(
        self,
        settings: SourceSettings,
        http: HttpClient,
        pages: PageReader | None = None,
        *,
        lookback_hours: float = 48,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(settings, http, pages)
        self.base_url = str(settings.base_url or DEFAULT_BASE_URL).rstrip("/")
        self.lookback = timedelta(hours=lookback_hours)
        self._now = clock or (lambda: datetime.now(UTC))

    def hosts(self) -> set[str]:
        return super().hosts() | HN_HOSTS

    async def discover(self, schedule: Round | None = None) -> list[FeedEntry]:
        """Stories matching the query created within the look-back window, newest first."""
        since = int((self._now() - self.lookback).timestamp())
        url = f"{self.base_url}/api/v1/search_by_date"
        params = {
            "query": self.settings.query,
            "tags": "story",
            "hitsPerPage": str(self.hits_per_page),
            "numericFilters": f"created_at_i>{since}",
        }
        response = await self.http.get(url, params=params)
        try:
            return parse_search(response.json())
        except ValueError as exc:
            raise FeedError(url, str(exc)) from exc

    async def fetch_article(
        self, entry: FeedEntry, *, fetched_at: datetime, revalidate: bool = False
    ) -> Article:
        story_id = story_id_of(entry)
        if story_id is None:
            raise ExtractionError(entry.discussion_url or entry.url, "not a Hacker News story")
        url = f"{self.base_url}/api/v1/items/{story_id}"
        response = await self.http.get(url)
        try:
            return article_from_item(response.json(), source=self.name)
        except ValueError as exc:
            raise ExtractionError(url, str(exc)) from exc


def story_id_of(entry: FeedEntry) -> str | None:
    """The story id from an entry's guid (``hn:123``) or a news.ycombinator.com item URL."""
    if entry.guid and entry.guid.startswith("hn:") and entry.guid[3:].isdigit():
        return entry.guid[3:]
    for url in (entry.discussion_url, entry.url):
        parts = urlsplit(url or "")
        if (parts.hostname or "").lower() in HN_HOSTS and parts.path == "/item":
            ids = parse_qs(parts.query).get("id", [])
            if ids and ids[0].isdigit():
                return ids[0]
    return None


# -- pure parsing: Algolia JSON → values ------------------------------------------------


def parse_search(payload: Any) -> list[FeedEntry]:
    """A ``search_by_date`` answer's story hits as feed entries."""
    hits = payload.get("hits") if isinstance(payload, dict) else None
    if not isinstance(hits, list):
        raise ValueError("expected an Algolia search answer with a list of hits")
    entries = []
    for hit in hits:
        if not isinstance(hit, dict) or not str(hit.get("objectID") or "").isdigit():
            continue
        title = str(hit.get("title") or "").strip()
        if not title:
            continue
        story_id = str(hit["objectID"])
        discussion = ITEM_URL.format(id=story_id)
        entries.append(
            FeedEntry(
                url=_story_url(hit.get("url"), discussion),
                title=title,
                published=_posted(hit),
                guid=f"hn:{story_id}",
                summary=html_to_text(hit.get("story_text") or ""),
                discussion_url=discussion,
                comment_count=_int(hit.get("num_comments")),
            )
        )
    return entries


def article_from_item(item: Any, *, source: str) -> Article:
    """An ``/api/v1/items/{id}`` story with its comment tree."""
    if not isinstance(item, dict) or item.get("id") is None:
        raise ValueError("expected an Algolia item with an id")
    if item.get("type") not in ("story", "poll", "job"):
        raise ValueError(f"item {item.get('id')} is a {item.get('type')}, not a story")
    story_id = str(item["id"])
    discussion = ITEM_URL.format(id=story_id)
    comments = comments_from_item(item)
    body = html_to_text(item.get("text") or "")
    return Article(
        url=_story_url(item.get("url"), discussion),
        title=str(item.get("title") or "").strip(),
        published=_posted(item),
        body=tuple(p for p in body.split("\n\n") if p),
        comments=tuple(comments),
        comment_count=len(comments),
        source=source,
        guid=f"hn:{story_id}",
        discussion_url=discussion,
    )


def comments_from_item(story: Mapping[str, Any]) -> list[Comment]:
    """The story's comments in depth-first order, text as plain paragraphs.

    Deleted and dead comments (no author or no text) are left out; their replies stay under
    the nearest comment still there (or at the top level).
    """
    out: list[Comment] = []
    stack: list[tuple[Any, str | None]] = [(c, None) for c in reversed(_children(story))]
    while stack:
        item, parent = stack.pop()
        if not isinstance(item, dict):
            continue
        text = html_to_text(item.get("text") or "")
        kept = item.get("author") and text and item.get("id") is not None
        if kept:
            out.append(
                Comment(
                    id=str(item["id"]),
                    author=str(item["author"]),
                    text=text,
                    posted=_posted(item),
                    parent=parent,
                    position=len(out),
                )
            )
        below = str(item["id"]) if kept else parent
        stack.extend((child, below) for child in reversed(_children(item)))
    replies = Counter(c.parent for c in out if c.parent is not None)
    return [replace(c, replies=replies[c.id]) for c in out]


class _HnHtml(HTMLParser):
    """Hacker News comment HTML → paragraphs: ``<p>`` separates paragraphs (it is never
    closed), ``<pre><code>`` keeps its lines, links become their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, bool]] = []  # (text, is preformatted)
        self._current: list[str] = []
        self._pre = 0
        self._link: tuple[str, list[str]] | None = None

    def _close_paragraph(self) -> None:
        text = "".join(self._current)
        self._current = []
        text = text.strip("\n") if self._pre else " ".join(text.split())
        if text.strip():
            self.paragraphs.append((text, bool(self._pre)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._close_paragraph()
        elif tag == "pre":
            self._close_paragraph()
            self._pre += 1
        elif tag == "br":
            self._current.append("\n")
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._pre:
            self._close_paragraph()
            self._pre -= 1
        elif tag == "a" and self._link is not None:
            href, parts = self._link
            self._link = None
            label = "".join(parts)
            # HN shortens long URLs in the link text ("https://example.com/a/very/lo...").
            if label.endswith("...") and href.startswith(label[:-3]):
                label = href
            self._current.append(label or href)

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)
        else:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._close_paragraph()


def html_to_text(html: str) -> str:
    """Plain text of HN's HTML: paragraphs separated by blank lines, entities unescaped."""
    if not html:
        return ""
    parser = _HnHtml()
    parser.feed(html)
    parser.close()
    return "\n\n".join(text for text, _ in parser.paragraphs)


def _children(item: Mapping[str, Any]) -> list[Any]:
    children = item.get("children")
    return children if isinstance(children, list) else []


def _story_url(url: Any, discussion: str) -> str:
    """The story's link, or its HN page for Ask HN / text posts."""
    text = str(url or "").strip()
    return text if re.match(r"https?://", text) else discussion


def _posted(item: Mapping[str, Any]) -> datetime | None:
    seconds = item.get("created_at_i")
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        return datetime.fromtimestamp(seconds, UTC)
    text = item.get("created_at")
    if isinstance(text, str):
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
