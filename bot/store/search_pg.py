"""Full-text search on PostgreSQL, over the generated ``search_vector`` columns of migration 0002.

User text never becomes tsquery syntax. Each word of the query (``query_words``) goes to
``phraseto_tsquery`` as a bound parameter; that function reads words only, so ``&``, ``|``,
``!``, ``<->``, ``:*`` and quotes in it are punctuation. The phrases come back as PostgreSQL
renders them and are joined with ``&`` (all words) or ``|`` (any word): the only operators in
the final query are ours. A word such as ``U.S.`` or ``anti-dumping`` stays one phrase,
as in the SQLite index.

Ranking is ``ts_rank`` with a title match worth five times a body, author or comment match
(SQLite's BM25 weights), over the most recent :data:`RANK_WINDOW` matches of each table.
Snippets are ``ts_headline`` fragments, cut to plain text with ``…`` where the text goes on.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.search import ELLIPSIS, RANK_WINDOW, SNIPPET_TOKENS, RawHit

#: The text search configuration of migration 0002 (English stems, no stop words, no accents).
CONFIG = "digestbot_english"
#: ts_rank weights for D, C, B, A: titles are A, every other text D.
WEIGHTS = "{0.2, 0.2, 0.4, 1.0}"
HEADLINE_OPTIONS = (
    f'StartSel="", StopSel="", MaxWords={SNIPPET_TOKENS}, MinWords={SNIPPET_TOKENS // 2}, '
    'MaxFragments=1, FragmentDelimiter=" "'
)

_PHRASES = text(
    f"SELECT phraseto_tsquery('{CONFIG}'::regconfig, word)::text "
    "FROM unnest(CAST(:words AS text[])) WITH ORDINALITY AS query(word, n) ORDER BY n"
)


def _ranked_sql(table: str, document: str, columns: str) -> str:
    """The ``limit`` best of the most recent ``window`` rows of ``table`` matching ``:query``,
    best first: id, rank, the document a snippet is cut from, and its headline."""
    return f"""
        WITH q AS (SELECT CAST(:query AS tsquery) AS q),
        recent AS (
            SELECT t.id, t.search_vector FROM {table} AS t, q
            WHERE t.search_vector @@ q.q ORDER BY t.id DESC LIMIT :window
        ),
        best AS (
            SELECT recent.id, ts_rank('{WEIGHTS}', recent.search_vector, q.q) AS rank
            FROM recent, q ORDER BY rank DESC, recent.id DESC LIMIT :limit
        )
        SELECT best.id, best.rank, {columns}, doc.document,
            ts_headline('{CONFIG}'::regconfig, doc.document, q.q, :options) AS headline
        FROM best JOIN {table} AS t ON t.id = best.id CROSS JOIN q,
            LATERAL (SELECT {document} AS document) AS doc
        ORDER BY best.rank DESC, best.id DESC
    """


#: An article's snippet comes from its body, or from its title when it has no body.
_BODY = (
    "coalesce(nullif((SELECT string_agg(p.value, E'\\n') "
    "FROM json_array_elements_text(t.body) AS p), ''), t.title)"
)
_ARTICLES = text(_ranked_sql("articles", _BODY, "NULL AS article_id"))
_COMMENTS = text(_ranked_sql("comments", "t.text", "t.article_id"))


async def tsqueries(session: AsyncSession, words: Sequence[str]) -> tuple[str, str]:
    """tsquery texts matching all of ``words`` and any of them ("" when no word has a
    searchable token, say ``²``)."""
    rendered = await session.scalars(_PHRASES, {"words": list(words)})
    phrases = [f"({phrase})" for phrase in rendered if phrase]
    return " & ".join(phrases), " | ".join(phrases)


async def match(session: AsyncSession, query: str, limit: int) -> list[RawHit]:
    """The best ``limit`` article and comment matches of a tsquery (lower score is better,
    as with SQLite's BM25)."""
    params = {"query": query, "window": RANK_WINDOW, "limit": limit, "options": HEADLINE_OPTIONS}
    hits = [
        RawHit(int(row.id), None, -float(row.rank), snippet(row.document, row.headline))
        for row in await session.execute(_ARTICLES, params)
    ]
    hits += [
        RawHit(
            int(row.article_id), int(row.id), -float(row.rank), snippet(row.document, row.headline)
        )
        for row in await session.execute(_COMMENTS, params)
    ]
    hits.sort(key=lambda h: h.score)
    return hits[:limit]


def snippet(document: str, headline: str) -> str:
    """One line of plain text: the whole document when it is short, else the headline with
    ``…`` on each side where the document goes on (as SQLite's ``snippet()`` marks it)."""
    whole = " ".join(document.split())
    if len(whole.split()) <= SNIPPET_TOKENS:
        return whole
    part = " ".join(headline.split())
    start = whole.find(part)
    if not part or start < 0:
        return part
    before = ELLIPSIS if start > 0 else ""
    after = ELLIPSIS if start + len(part) < len(whole) else ""
    return before + part + after
