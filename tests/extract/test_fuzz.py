"""Whatever a server sends, extraction answers with an Article or an ExtractionError."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import ExtractionError
from bot.extract import extract_article
from bot.models import Article

SEED_PAGE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "japantoday" / "tariff-talks.html"
).read_text(encoding="utf-8")
NOW = datetime(2025, 6, 29, 14, 30, tzinfo=UTC)
URL = "https://japantoday.com/category/politics/fuzz"

TAGS = ["div", "p", "span", "a", "blockquote", "time", "table", "tr", "td", "br", "ul", "li", "b"]
ATTRS = [
    "",
    ' class="comment"',
    ' class="vote-count"',
    ' class="quote-header"',
    ' class="author"',
    ' itemscope itemtype="https://schema.org/Comment"',
    ' itemprop="upvoteCount" content="3"',
    ' datetime="2025-07-06T08:15:00+09:00"',
    ' href="/member/x"',
    ' id="comment-1"',
    ' style="display:none"',
]
TEXTS = [
    "-11 ( +2 / -13 )",
    "19 Comments",
    "danToday  06:39 pm JST",
    "America is not your friend Japan .",
    "Yesterday 11:02 am JST",
    "+7",
    "-3",
    "Reply",
    "........Peter Neil",
    "“quoted”",
    "&amp; &#0; &#x110000;",
    "\x00",
]

fragment = st.recursive(
    st.sampled_from(TEXTS) | st.text(max_size=20),
    lambda inner: st.builds(
        lambda tag, attrs, children, close: (
            f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if close else "")
        ),
        st.sampled_from(TAGS),
        st.sampled_from(ATTRS),
        st.lists(inner, max_size=5),
        st.booleans(),
    ),
    max_leaves=40,
)


def _extract_safely(html: str) -> Article | None:
    try:
        return extract_article(html, URL, fetched_at=NOW)
    except ExtractionError as exc:
        assert URL in str(exc)
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fragment, max_size=8))
def test_random_markup(fragments: list[str]) -> None:
    article = _extract_safely("<html><body>" + "".join(fragments) + "</body></html>")
    if article is not None:
        assert all(c.position == i for i, c in enumerate(article.comments))
        assert len({c.id for c in article.comments}) == len(article.comments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SEED_PAGE)),
            st.integers(0, 400),
            st.sampled_from(["", "<", ">", "</div>", "<div>", "<blockquote>", "( +", "\x00", "é"]),
        ),
        max_size=12,
    )
)
def test_mutated_japan_today_page(edits: list[tuple[int, int, str]]) -> None:
    page = SEED_PAGE
    for start, length, insert in edits:
        page = page[:start] + insert + page[start + length :]
    article = _extract_safely(page)
    if article is not None:
        assert all(
            c.parent is None or c.parent in {d.id for d in article.comments}
            for c in article.comments
        )


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text(text: str) -> None:
    _extract_safely(text)


def test_deeply_nested_markup() -> None:
    html = "<div>" * 20000 + "deep 1 ( +1 / -0 )" + "</div>" * 20000
    _extract_safely(html)
