"""On-demand news lookups for `/news`: latest articles, full-text search, ranked comments.

:class:`NewsService` validates what a user typed (every refusal is a
:class:`~bot.errors.UserInputError` saying what was wrong) and asks the store, the topic
catalog or, for an article the store does not have, the guarded fetcher. The ``*_embed``
functions turn the results into Discord embed dicts within Discord's limits; they are pure.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from bot.catalog import TopicCatalog
from bot.errors import UserInputError, shown_url
from bot.models import Article, Comment
from bot.ranking import SORTS, Sort, rank_comments
from bot.render import render_comments_embed
from bot.store import SearchHit, Store
from bot.text import clean, discord_len, masked_link, normalize_ws, truncate, vote_label

MAX_COUNT = 25
MAX_COMMENTS = 10
MAX_QUERY_LENGTH = 200
MAX_URL_LENGTH = 2000
EMBED_COLOUR = 0x2B6CB0
#: Room for everything in one embed: Discord allows 6000 characters, keep a margin.
EMBED_BUDGET = 5800
_HAS_WORD = re.compile(r"[^\W_]")
_TRACKING = re.compile(r"^(utm_[a-z]+|comment-order|fbclid|gclid)$", re.IGNORECASE)

FetchArticle = Callable[[str], Awaitable[Article]]


@dataclass(frozen=True, slots=True)
class LatestArticles:
    topic: str  # as users type it
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class RankedComments:
    article: Article
    sort: Sort
    comments: tuple[Comment, ...]  # the top ``count`` by ``sort``
    total: int  # comments the article has in all


def _check_count(count: int, most: int) -> int:
    if not 1 <= count <= most:
        raise UserInputError(f"count must be between 1 and {most} (got {count})")
    return count


def check_query(query: str) -> str:
    """A search query as the store gets it, or a UserInputError saying what is wrong with it."""
    text = normalize_ws(query)
    if not text:
        raise UserInputError("give some words to search for")
    if len(text) > MAX_QUERY_LENGTH:
        raise UserInputError(
            f"the search is too long ({len(text)} characters; at most {MAX_QUERY_LENGTH})"
        )
    if not _HAS_WORD.search(text):
        raise UserInputError("the search needs at least one word (letters or digits)")
    return text


def check_article_url(url: str) -> str:
    text = url.strip().strip("<>")
    if not text:
        raise UserInputError("give the link of an article")
    if len(text) > MAX_URL_LENGTH:
        raise UserInputError(f"that link is too long (at most {MAX_URL_LENGTH} characters)")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UserInputError(
            f"{shown_url(text, 100)!r} is not a link: give the article's http(s) URL"
        )
    return text


def url_candidates(url: str) -> list[str]:
    """Spellings under which the store may know an article: as given, then without the
    fragment, tracking parameters or ``comment-order``, then with the other trailing slash."""
    parts = urlsplit(url)
    query = "&".join(
        p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])
    )
    path = parts.path or "/"
    other = path.rstrip("/") if path.endswith("/") and path != "/" else path + "/"
    scheme, host = parts.scheme.lower(), parts.netloc.lower()
    spellings = [url, *(urlunsplit((scheme, host, p, query, "")) for p in (path, other))]
    return list(dict.fromkeys(spellings))


class NewsService:
    def __init__(self, store: Store, catalog: TopicCatalog, fetch_article: FetchArticle) -> None:
        self.store = store
        self.catalog = catalog
        self.fetch_article = fetch_article

    async def latest(self, guild_id: int | None, topic: str | None, count: int) -> LatestArticles:
        """The newest ``count`` articles of a topic the guild can see (its own or configured)."""
        _check_count(count, MAX_COUNT)
        resolved = await self.catalog.resolve(guild_id, topic)
        articles = await self.store.latest_articles(resolved.name, limit=count)
        return LatestArticles(resolved.name.split(":", 1)[-1], tuple(articles))

    async def search(self, query: str, count: int) -> list[SearchHit]:
        """Full-text matches over stored titles, bodies and comments, best first."""
        _check_count(count, MAX_COUNT)
        return await self.store.search(check_query(query), limit=count)

    async def comments(self, url: str, sort: str, count: int) -> RankedComments:
        """An article's comments ranked by ``sort``; fetched (allowed sites only) if not stored."""
        _check_count(count, MAX_COMMENTS)
        if sort not in SORTS:
            raise UserInputError(f"unknown sort {sort[:30]!r}: use one of {', '.join(SORTS)}")
        link = check_article_url(url)
        article: Article | None = None
        for candidate in url_candidates(link):
            article = await self.store.get_article(candidate)
            if article is not None:
                break
        if article is None:
            article = await self.fetch_article(link)
        ranked = rank_comments(article.comments, cast(Sort, sort))
        return RankedComments(
            article, cast(Sort, sort), tuple(ranked[:count]), len(article.comments)
        )


# -- embeds ---------------------------------------------------------------------------------


def _timestamp(article: Article) -> str:
    return f"<t:{int(article.published.timestamp())}:R>" if article.published else ""


def latest_embed(result: LatestArticles) -> dict[str, Any]:
    lines: list[str] = []
    used = 0
    for n, article in enumerate(result.articles, 1):
        details = " · ".join(
            x for x in (clean(article.source), _timestamp(article), _comments_label(article)) if x
        )
        line = f"{n}. {masked_link(truncate(article.title, 200), article.url)}"
        line += f"\n{details}" if details else ""
        if used + discord_len(line) + 1 > 4000:
            break
        lines.append(line)
        used += discord_len(line) + 1
    return {
        "title": truncate(f"Latest on {result.topic}", 256),
        "description": "\n".join(lines) or f"No articles on {result.topic} are stored yet.",
        "color": EMBED_COLOUR,
    }


def _comments_label(article: Article) -> str:
    n = article.comment_count
    return f"{n} comment{'s' if n != 1 else ''}" if n else ""


def search_embed(query: str, hits: Sequence[SearchHit]) -> dict[str, Any]:
    title = truncate(f"Search: {normalize_ws(query)}", 256)
    if not hits:
        return {
            "title": title,
            "description": "Nothing stored matches those words.",
            "color": EMBED_COLOUR,
        }
    fields: list[dict[str, Any]] = []
    budget = (EMBED_BUDGET - discord_len(title)) // len(hits)
    for hit in hits:
        name = truncate(
            clean(normalize_ws(hit.article_title)) or hit.article_url, min(256, budget // 3)
        )
        if hit.comment is not None:
            who = clean(normalize_ws(hit.comment.author)) or "someone"
            votes = vote_label(hit.comment.score, hit.comment.up, hit.comment.down)
            head = f"**{who}**" + (f" ({votes})" if votes else "") + ": "
        else:
            head = ""
        link = f"\n{masked_link('article', hit.discussion_url or hit.article_url)}"
        room = min(1024, budget - discord_len(name)) - discord_len(head) - discord_len(link)
        snippet = truncate(clean(normalize_ws(hit.snippet)), max(room, 0))
        fields.append({"name": name, "value": (head + snippet + link).strip(), "inline": False})
    return {"title": title, "color": EMBED_COLOUR, "fields": fields}


def comments_embed(result: RankedComments) -> dict[str, Any]:
    """The ranked comments as one embed, saying how many of the article's comments it shows."""
    article = result.article
    embed = render_comments_embed(
        article.title or article.url,
        article.discussion_url or article.url,
        result.comments,
        sort=result.sort,
    )
    if result.comments:
        embed["footer"] = {
            "text": f"{len(result.comments)} of {result.total} comments, sorted by {result.sort}"
        }
    return embed
