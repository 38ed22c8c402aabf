"""Nothing invented: every quote in any discussion is the commenter's own words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import Comment, Quote
from bot.summarize import discussion_is_faithful, quote_is_faithful, quote_words
from bot.summarize.extractive import summarize_discussion
from bot.text import normalize_ws

WORDS = [
    "tariffs",
    "tariff",
    "Japan",
    "Japan's",
    "cars",
    "U.S.",
    "Lutnick",
    "deal",
    "trade",
    "war",
    "prices",
    "rise",
    "the",
    "is",
    "not",
    "good",
    "bad",
    "27.5%",
    "Canada",
    "steel",
    "Mr.",
    "https://example.com/a_b",
    "@everyone",
    "…",
    "...",
    "?",
    "!",
    ".",
    ",",
    "\n",
    "\n\n",
    "—",
    "“quoted”",
    "non-tariff",
    "e.g.",
    "😀",
    "\u200d",
    "¡Hola!",
]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join),
    st.text(max_size=400),
)


@st.composite
def threads(draw: st.DrawFn) -> list[Comment]:
    n = draw(st.integers(min_value=0, max_value=25))
    comments: list[Comment] = []
    for i in range(n):
        voted = draw(st.booleans())
        up = draw(st.integers(0, 60)) if voted else None
        down = draw(st.integers(0, 60)) if voted else None
        parent = draw(st.sampled_from([None, *[c.id for c in comments]]))
        comments.append(
            Comment(
                id=f"c{i}",
                author=draw(st.sampled_from(["dan", "", "@here", "Ossan America"])),
                text=draw(texts),
                score=(up - down) if up is not None and down is not None else None,
                up=up,
                down=down,
                parent=parent,
                position=draw(st.integers(0, 5)),
            )
        )
    return comments


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(threads(), st.sampled_from(["best", "top", "controversial", "newest"]))
def test_every_quote_is_a_substring_of_its_comment(comments: list[Comment], sort: str) -> None:
    discussion = summarize_discussion(comments, sort=sort, top_n=3)  # type: ignore[arg-type]
    known = {c.id: c for c in comments}
    for viewpoint in discussion.viewpoints:
        quote = viewpoint.quote
        assert quote_words(quote.text) in normalize_ws(known[quote.comment_id].text)
        assert quote_is_faithful(quote, comments)
        assert len(viewpoint.comment_ids) >= 2
    assert discussion_is_faithful(discussion, comments)
    assert len(discussion.top_comments) == min(3, len(comments))


def _comment() -> Comment:
    return Comment(
        id="c1", author="dan", text="America is not\nyour friend,  Japan.", score=-3, up=1, down=4
    )


def test_faithful_quote_allows_cut_marks_and_whitespace_differences() -> None:
    comments = [_comment()]
    for text in ("America is not your friend", "…not your friend, Japan.", "your friend…"):
        assert quote_is_faithful(Quote("c1", "dan", text, -3, 1, 4), comments), text


def test_unfaithful_quotes_are_caught() -> None:
    comments = [_comment()]
    assert not quote_is_faithful(Quote("c1", "dan", "America is your friend", -3, 1, 4), comments)
    assert not quote_is_faithful(Quote("c1", "OssanAmerica", "America", -3, 1, 4), comments)
    assert not quote_is_faithful(Quote("c1", "dan", "America", 5, 6, 1), comments)
    assert not quote_is_faithful(Quote("c2", "dan", "America", -3, 1, 4), comments)
    assert not quote_is_faithful(Quote("c1", "dan", " … ", -3, 1, 4), comments)
