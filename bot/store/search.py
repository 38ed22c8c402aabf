"""Full-text search over article titles and bodies and comment authors and texts.

On SQLite the index is two FTS5 tables kept in sync by triggers (see the initial migration):
``articles_fts`` (title, body) and ``comments_fts`` (author, text, external content over
``comments``). User text never reaches FTS5's query syntax: :func:`fts_query` quotes every
word, so ``NEAR(``, ``AND``, ``*``, ``title:`` and stray quotes are searched as plain words.
On PostgreSQL the index is a generated ``search_vector`` column on each table with a GIN
index (migration 0002); :mod:`bot.store.search_pg` queries it the same way. Both take the
same words from a query (:func:`query_words`) and both want all of them, else any of them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.errors import SearchUnavailableError

#: Tables SQLite creates for FTS5 (virtual tables and their shadow tables): not ORM models.
SEARCH_TABLES = ("articles_fts", "comments_fts")
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")
#: PostgreSQL's generated full-text column and its indexes: not in the ORM models either.
SEARCH_COLUMN = "search_vector"
SEARCH_INDEXES = ("ix_articles_search_vector", "ix_comments_search_vector")
#: Words taken from a query at most: longer queries are cut (each word costs a lookup).
MAX_QUERY_WORDS = 12
SNIPPET_TOKENS = 24
ELLIPSIS = "…"

# A run of characters FTS5's unicode61 tokenizer keeps together (letters, digits, marks).
_WORD = re.compile(r"[^\W_]+(?:[\w'’.-]*[^\W_])?")


def include_in_autogenerate(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic filter: the full-text index (SQLite's FTS tables and their shadow tables,
    PostgreSQL's search columns and their indexes) is not part of the ORM models."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name == t + s for t in SEARCH_TABLES for s in _SHADOW_SUFFIXES)
    if type_ == "column":
        return name != SEARCH_COLUMN
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


def query_words(query: str) -> list[str]:
    """The words of a user's query, in order, without repeats (case-insensitive)."""
    seen: dict[str, str] = {}
    for match in _WORD.finditer(query):
        seen.setdefault(match.group().casefold(), match.group())
    return list(seen.values())[:MAX_QUERY_WORDS]


def fts_query(words: Sequence[str], *, any_word: bool = False) -> str:
    """An FTS5 MATCH expression where each word is a quoted string, never an operator.

    A word such as ``U.S.`` becomes the phrase "U.S." (FTS5 splits it into adjacent tokens).
    Words are combined with AND, or with OR when ``any_word``. Empty when there are no words.
    """
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    return (" OR " if any_word else " ").join(quoted)


@dataclass(frozen=True, slots=True)
class RawHit:
    """One index match before it is joined to its article: ids, BM25 score, snippet."""

    article_id: int
    comment_id: int | None
    score: float  # BM25 as FTS5 reports it: lower is better
    snippet: str


#: Matches ranked per table at most: the most recent ones (highest rowids) when more match.
#: BM25 costs a few microseconds per matching row, so ranking every comment that contains
#: a common word would take hundreds of milliseconds on a large store; recent discussion
#: is also what a news-bot user is looking for.
RANK_WINDOW = 2000


def _cutoff_sql(table: str) -> TextClause:
    """The rowid of the RANK_WINDOW-th newest match (no row when fewer match)."""
    return text(
        f"SELECT rowid FROM {table} WHERE {table} MATCH :query "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :window"
    )


def _ranked_sql(table: str, weights: str, snippets: str) -> TextClause:
    # An explicit bm25() sorted by SQLite costs half of FTS5's own ORDER BY rank here.
    return text(
        f"SELECT rowid, bm25({table}, {weights}) AS score, {snippets} FROM {table} "
        f"WHERE {table} MATCH :query AND rowid >= :cutoff ORDER BY score LIMIT :limit"
    )


def _snippet(table: str, column: int) -> str:
    return f"snippet({table}, {column}, '', '', '{ELLIPSIS}', {SNIPPET_TOKENS})"


_ARTICLES_CUTOFF = _cutoff_sql("articles_fts")
_ARTICLES_RANKED = _ranked_sql(
    "articles_fts", "5.0, 1.0", f"{_snippet('articles_fts', 1)}, {_snippet('articles_fts', 0)}"
)
_COMMENTS_CUTOFF = _cutoff_sql("comments_fts")
_COMMENTS_RANKED = _ranked_sql("comments_fts", "1.0, 1.0", _snippet("comments_fts", 1))
_ARTICLE_OF_COMMENTS = text("SELECT id, article_id FROM comments WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


async def find_hits(session: AsyncSession, query: str, *, limit: int) -> list[RawHit]:
    """The best ``limit`` matches for a user's query across articles and comments.

    All words must match; when that finds nothing and there are several words, any word may.
    """
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise SearchUnavailableError(f"full-text search is not available on {dialect}")
    words = query_words(query)
    if not words or limit <= 0:
        return []
    match: Callable[[AsyncSession, str, int], Awaitable[list[RawHit]]]
    if dialect == "sqlite":
        every, either = fts_query(words), fts_query(words, any_word=True)
        match = _match
    else:
        # Imported here: bot.store.search_pg builds on this module's RawHit and constants.
        from bot.store import search_pg

        every, either = await search_pg.tsqueries(session, words)
        match = search_pg.match
    hits = await match(session, every, limit) if every else []
    if not hits and len(words) > 1 and either and either != every:
        hits = await match(session, either, limit)
    return hits


async def _match(session: AsyncSession, match: str, limit: int) -> list[RawHit]:
    articles = await _ranked(session, _ARTICLES_CUTOFF, _ARTICLES_RANKED, match, limit)
    hits = [
        RawHit(int(rowid), None, float(rank), _one_line(body_snip or title_snip))
        for rowid, rank, body_snip, title_snip in articles
    ]
    comments = await _ranked(session, _COMMENTS_CUTOFF, _COMMENTS_RANKED, match, limit)
    if comments:
        ids = [int(row[0]) for row in comments]
        result = await session.execute(_ARTICLE_OF_COMMENTS, {"ids": ids})
        article_of = {int(cid): int(aid) for cid, aid in result}
        hits += [
            RawHit(article_of[int(rowid)], int(rowid), float(rank), _one_line(snip))
            for rowid, rank, snip in comments
            if int(rowid) in article_of
        ]
    hits.sort(key=lambda h: h.score)
    return hits[:limit]


async def _ranked(
    session: AsyncSession, cutoff_sql: TextClause, ranked_sql: TextClause, match: str, limit: int
) -> list[tuple[Any, ...]]:
    cutoff = await session.scalar(cutoff_sql, {"query": match, "window": RANK_WINDOW - 1})
    params = {"query": match, "cutoff": cutoff if cutoff is not None else 0, "limit": limit}
    return [tuple(row) for row in await session.execute(ranked_sql, params)]


def _one_line(snippet: str | None) -> str:
    return " ".join((snippet or "").split())
