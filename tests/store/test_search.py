"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): finds articles and comments,
ranks them, and never lets user text become query syntax."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import delete, text

from bot.store import Store
from bot.store.schema import ArticleRow
from bot.store.search import fts_query, query_words
from bot.store.search_pg import _ARTICLES, _COMMENTS, HEADLINE_OPTIONS, snippet
from tests.store.conftest import ARTICLE_URL, T0, article, comment

COMMENTS = (
    comment("1", "We're not even talking about Japan's non-tariff barriers yet.", author="Fighto!"),
    comment(
        "2", "Akazawa is in Washington but Lutnick can't be bothered to meet him.", author="dan"
    ),
    comment("3", "Maybe japan needs to do what Canada just did.", author="Ego"),
    comment("4", "Let's hope he does better than Nippon Steel.", author="TokyoJoe"),
    comment("5", "Tariffs, tariffs, tariffs: tariffs on cars hurt everyone.", author="mark"),
    comment("6", "Café owners in Kyōto say prices rose. 関税は困る", author="Süzuki"),
)


@pytest.fixture
async def filled(store: Store) -> Store:
    await store.upsert_article(
        article(comments=COMMENTS), topics=["tariffs"], gist="", fetched_at=T0
    )
    await store.upsert_article(
        article(
            "https://japantoday.com/category/business/rice-prices",
            title="Rice prices keep rising",
            body=("The price of rice in Tokyo supermarkets rose again in June.",),
            comments=(comment("r1", "Rice is expensive because of the JA cartel.", author="dan"),),
        ),
        topics=["rice"],
        gist="",
        fetched_at=T0,
    )
    return store


async def test_finds_comments_with_their_article(filled: Store) -> None:
    hits = await filled.search("Nippon Steel")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.article_url == ARTICLE_URL
    assert hit.comment is not None and hit.comment.id == "4" and hit.comment.author == "TokyoJoe"
    assert hit.snippet == "Let's hope he does better than Nippon Steel."
    assert hit.source == "japantoday"


async def test_finds_articles_by_title_and_body(filled: Store) -> None:
    by_title = await filled.search("rising")
    by_body = await filled.search("supermarkets")
    assert [(h.article_title, h.comment) for h in by_title] == [("Rice prices keep rising", None)]
    assert [(h.article_url, h.comment) for h in by_body] == [
        ("https://japantoday.com/category/business/rice-prices", None)
    ]
    assert by_body[0].snippet == "The price of rice in Tokyo supermarkets rose again in June."


async def test_stemming_finds_other_forms_of_a_word(filled: Store) -> None:
    texts = {h.comment.id for h in await filled.search("tariff") if h.comment is not None}
    assert texts == {"1", "5"}


async def test_more_matches_rank_higher(filled: Store) -> None:
    hits = [h for h in await filled.search("tariffs") if h.comment is not None]
    assert hits[0].comment is not None and hits[0].comment.id == "5"
    assert hits[0].rank > hits[1].rank


async def test_all_words_must_match_else_any_word(filled: Store) -> None:
    both = await filled.search("rice cartel")
    assert [h.comment.id if h.comment else None for h in both] == ["r1"]
    # No document has both words: fall back to any of them.
    either = await filled.search("cartel Canada")
    assert {h.comment.id for h in either if h.comment} == {"r1", "3"}


async def test_author_names_are_searchable(filled: Store) -> None:
    hits = await filled.search("TokyoJoe")
    assert [h.comment.id for h in hits if h.comment] == ["4"]


async def test_limit_caps_hits(filled: Store) -> None:
    assert len(await filled.search("japan", limit=2)) == 2
    assert len(await filled.search("japan", limit=10)) == 3  # two comments and the article


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "NEAR(",
        "NEAR(japan canada, 2)",
        "*",
        "japan*",
        "title:foo",
        "title : Rice",
        "AND OR NOT",
        "japan AND",
        "- ^ + ( ) { } : ,",
        "col:japan OR",
        "\x00",
        "🙂",
        # PostgreSQL's tsquery syntax
        "japan & !canada",
        "japan:*",
        "japan:AB",
        "<->",
        "japan <2> canada",
        "!!",
        "(japan | ",
        "'japan",
        "\\",
        "&|!():*<>",
    ],
)
async def test_fts_syntax_in_user_text_is_harmless(filled: Store, query: str) -> None:
    hits = await filled.search(query)  # must not raise
    for hit in hits:
        assert hit.article_url


async def test_operators_are_searched_as_words(filled: Store) -> None:
    # "NOT" is a word here, not an operator: nothing says "not"... except comment 1.
    hits = await filled.search("NOT japan")
    assert [h.comment.id for h in hits if h.comment] == ["1"]
    # A column filter is two words, "title" and "rice", which no document has together.
    assert [h.comment for h in await filled.search("title:Rice")] != []  # OR fallback
    assert {h.article_title for h in await filled.search("title:Rice")} >= {
        "Rice prices keep rising"
    }
    # The prefix star is dropped: "japa*" is the word "japa", which nothing contains.
    assert await filled.search("japa*") == []
    assert await filled.search("japa:*") == []
    # "!" is no negation: only comment 3 has both words.
    assert [h.comment.id for h in await filled.search("japan & !canada") if h.comment] == ["3"]


async def test_dotted_and_hyphenated_words_are_found_whole(filled: Store) -> None:
    await filled.upsert_article(
        article(
            "https://japantoday.com/category/business/steel",
            title="Steel duties",
            body=("The U.S. set anti-dumping duties on steel from Japan.",),
            comments=(comment("s1", "Anti-dumping duties again? The U.S. never learns."),),
        ),
        topics=[],
        gist="",
        fetched_at=T0,
    )
    found = {
        (h.article_title, h.comment.id if h.comment else None) for h in await filled.search("U.S.")
    }
    assert found == {("Steel duties", None), ("Steel duties", "s1")}
    found = {h.comment.id if h.comment else None for h in await filled.search("anti-dumping")}
    assert found == {None, "s1"}
    assert await filled.search("dumping anti-") != []  # the parts are words too


async def test_snippet_of_a_long_text_is_cut_around_the_match(filled: Store) -> None:
    filler = " ".join(f"word{i}" for i in range(60))
    long_text = f"{filler} Nippon Steel wants U.S. Steel {filler}"
    await filled.upsert_article(
        article(comments=(*COMMENTS, comment("7", long_text))),
        topics=[],
        gist="",
        fetched_at=T0 + timedelta(hours=1),
    )
    hits = {h.comment.id: h.snippet for h in await filled.search("wants") if h.comment}
    cut = hits["7"]
    assert cut.startswith("…") and cut.endswith("…")
    assert "Nippon Steel wants U.S. Steel" in cut
    assert 12 <= len(cut.split()) <= 26
    assert cut.strip("…") in long_text


def test_postgres_snippets_mark_where_the_text_goes_on() -> None:
    words = " ".join(f"w{i}" for i in range(40))
    assert snippet("short text,\n on two lines.", "text, on two") == "short text, on two lines."
    assert snippet(words, "w0 w1 w2") == "w0 w1 w2…"
    assert snippet(words, "w37 w38 w39") == "…w37 w38 w39"
    assert snippet(words, "w10  w11\nw12") == "…w10 w11 w12…"


async def test_unicode_accents_and_non_latin_text(filled: Store) -> None:
    assert [h.comment.id for h in await filled.search("cafe") if h.comment] == ["6"]
    assert [h.comment.id for h in await filled.search("Kyoto") if h.comment] == ["6"]
    assert [h.comment.id for h in await filled.search("suzuki") if h.comment] == ["6"]
    assert [h.comment.id for h in await filled.search("関税は困る") if h.comment] == ["6"]


async def test_empty_and_punctuation_only_queries_find_nothing(filled: Store) -> None:
    for query in ("", "   ", "?!", '"""', "***", "___"):
        assert await filled.search(query) == []


async def test_index_follows_edits(filled: Store) -> None:
    edited = tuple(
        replace(c, text="I changed my mind about Canada") if c.id == "4" else c for c in COMMENTS
    )
    await filled.upsert_article(
        article(comments=edited), topics=[], gist="", fetched_at=T0 + timedelta(hours=1)
    )
    assert await filled.search("Nippon") == []
    assert {h.comment.id for h in await filled.search("Canada") if h.comment} == {"3", "4"}

    renamed = article(title="Lutnick and Akazawa reconvene", comments=edited)
    await filled.upsert_article(renamed, topics=[], gist="", fetched_at=T0 + timedelta(hours=2))
    assert [h.article_title for h in await filled.search("reconvene")] == [
        "Lutnick and Akazawa reconvene"
    ]
    assert await filled.search("holds") == []  # a word only the old title had


async def test_deleting_an_article_removes_it_and_its_comments_from_the_index(
    filled: Store,
) -> None:
    # The store has no delete yet; a future prune deletes rows and the triggers must follow.
    async with filled.engine.begin() as conn:
        await conn.execute(delete(ArticleRow).where(ArticleRow.key == ARTICLE_URL))
    assert await filled.search("Lutnick") == []
    assert await filled.search("Nippon Steel") == []
    assert [h.comment.id for h in await filled.search("cartel") if h.comment] == ["r1"]


def test_query_words_split_like_the_tokenizer() -> None:
    assert query_words('U.S. "tariffs" title:foo NEAR( x*') == [
        "U.S",
        "tariffs",
        "title",
        "foo",
        "NEAR",
        "x",
    ]
    assert query_words("Japan japan JAPAN") == ["Japan"]
    assert query_words("don't anti-dumping") == ["don't", "anti-dumping"]
    assert query_words("*** ___ ?") == []


def test_fts_query_quotes_every_word() -> None:
    assert fts_query(["NEAR", "AND", 'a"b']) == '"NEAR" "AND" "a""b"'
    assert fts_query(["x", "y"], any_word=True) == '"x" OR "y"'
    assert fts_query([]) == ""


async def test_postgres_search_queries_use_the_gin_indexes(filled: Store) -> None:
    if filled.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's tsvector index")
    params = {"query": "'japan'", "window": 2000, "limit": 10, "options": HEADLINE_OPTIONS}
    async with filled.engine.begin() as conn:
        await conn.execute(text("SET LOCAL enable_seqscan = off"))
        plans = {
            table: "\n".join(
                str(row[0]) for row in await conn.execute(text(f"EXPLAIN {sql.text}"), params)
            )
            for table, sql in (("articles", _ARTICLES), ("comments", _COMMENTS))
        }
    assert "ix_articles_search_vector" in plans["articles"]
    assert "ix_comments_search_vector" in plans["comments"]
