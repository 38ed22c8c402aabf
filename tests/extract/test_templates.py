"""Replaying alike comment blocks from a template gives exactly what walking each block gives.

Every comparison here is between the fast path (templates learnt and replayed) and the slow
path (``templates=False``: every block walked), on the same page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from bot.extract import extract_article, extract_article_slow, read_page, template
from bot.extract.comments import CommentReader, RawComment
from bot.extract.template import BOOK, TemplateBook, sibling_path
from tests.extract.big_thread import japantoday_thread_html
from tests.extract.varied_thread import VARIATIONS, varied_thread_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "japantoday"
URL = "https://japantoday.com/category/politics/thread"
NOW = datetime(2025, 6, 29, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def empty_book() -> Iterator[None]:
    """Each test starts with no template learnt (they are kept for the process otherwise)."""
    BOOK.clear()
    yield
    BOOK.clear()


def _read(html: str, *, templates: bool) -> tuple[list[RawComment], CommentReader]:
    tree = LexborHTMLParser(html, scripting=True)
    tree.strip_tags(["script", "style", "noscript", "template"])
    reader = CommentReader(now=NOW, tz="Asia/Tokyo", templates=templates)
    assert tree.body is not None
    return reader.read(tree.body), reader


def _same_page(html: str) -> None:
    fast = read_page(html, URL, fetched_at=NOW)
    slow = read_page(html, URL, fetched_at=NOW, templates=False)
    assert fast == slow


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.rglob("*.html")))
def test_fixtures_read_alike_both_ways_twice(name: str) -> None:
    html = next(FIXTURES.rglob(name)).read_text(encoding="utf-8")
    slow = extract_article_slow(html, URL, fetched_at=NOW)
    assert extract_article(html, URL, fetched_at=NOW) == slow
    assert extract_article(html, URL, fetched_at=NOW) == slow  # templates learnt by now


def test_a_short_thread_learns_nothing_but_uses_what_is_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = (FIXTURES / "tariff-talks.html").read_text(encoding="utf-8")
    _, reader = _read(html, templates=True)
    assert reader.templates is not None
    assert (reader.templates.learnt, reader.templates.replayed) == (0, 0)
    monkeypatch.setattr(template, "MIN_BLOCKS", 8)
    _read(html, templates=True)  # as if a long thread of the same site had been read
    monkeypatch.undo()
    _, reader = _read(html, templates=True)
    assert reader.templates is not None
    assert (reader.templates.learnt, reader.templates.replayed) == (0, 16)


def test_the_real_page_is_replayed_once_its_shapes_are_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(template, "MIN_BLOCKS", 8)
    html = (FIXTURES / "tariff-talks.html").read_text(encoding="utf-8")
    slow, _ = _read(html, templates=False)
    _read(html, templates=True)  # learns the shapes that repeat
    fast, reader = _read(html, templates=True)
    assert fast == slow
    assert reader.templates is not None
    # 16 of the 19 comments have a shape seen twice (same paragraphs, quote or not)
    assert (reader.templates.replayed, reader.templates.walked) == (16, 3)


def test_a_thousand_alike_blocks_are_replayed() -> None:
    html = japantoday_thread_html(1000)
    fast, reader = _read(html, templates=True)
    slow, _ = _read(html, templates=False)
    assert fast == slow
    assert reader.templates is not None
    # two shapes (plain, quoting reply), each learnt on its second block
    assert (reader.templates.learnt, reader.templates.walked) == (2, 4)
    assert reader.templates.replayed == 996
    again, reader = _read(html, templates=True)
    assert again == slow
    assert reader.templates is not None and reader.templates.replayed == 1000


@pytest.mark.parametrize(
    "variations",
    [
        ("wrapper",),
        ("no_author",),
        ("author_span",),
        ("glued_author",),
        ("long_author",),
        ("quote", "quote_header"),
        ("attribution",),
        ("bad_time",),
        ("time_element",),
        ("hidden",),
        ("script",),
        ("comment_node",),
        ("long_footer",),
        ("nested_reply",),
        ("no_id",),
        ("anchor_id",),
        ("empty_paragraph", "br"),
        ("vote_wrapper",),
        ("user_link_in_text", "inline", "entity", "nbsp"),
    ],
)
def test_an_odd_block_in_a_long_thread(variations: tuple[str, ...]) -> None:
    html = varied_thread_html(7, 600, rate=0.0, odd={500: variations})
    fast = extract_article(html, URL, fetched_at=NOW)
    assert fast == extract_article_slow(html, URL, fetched_at=NOW)
    assert len(fast.comments) == 600 + ("nested_reply" in variations)


def test_an_odd_block_reads_as_its_markup_says() -> None:
    html = varied_thread_html(3, 600, rate=0.0, odd={500: ("no_author",), 510: ("bad_time",)})
    comments = {c.id: c for c in extract_article(html, URL, fetched_at=NOW).comments}
    assert comments["comment-500"].author == ""
    assert comments["comment-499"].author != "" and comments["comment-501"].author != ""
    assert comments["comment-510"].posted is None
    assert comments["comment-509"].posted is not None


def test_a_text_that_decides_otherwise_is_walked() -> None:
    # same markup as its neighbours, but this link is no profile link and this time is no time
    block = (
        '<div class="c" id="c{i}"><a class="u" href="{href}">{name}</a> '
        '<span class="time">{when}</span>'
        '<div class="t"><p>Comment {i} on the tariffs.</p></div>'
        '<div class="v">{i} ( +{i} / -0 )</div></div>'
    )
    name = "the Ken Watanabe fan club"  # a name only when a profile link says so
    blocks = [
        block.format(i=i, href="/member/ken", name=name, when="Today 06:39 pm JST")
        for i in range(40)
    ]
    blocks[30] = block.format(i=30, href="/about", name=name, when="Today 06:39 pm JST")
    blocks[31] = block.format(i=31, href="/member/ken", name=name, when="at lunch")
    html = "<html><body><h1>T</h1><div>" + "".join(blocks) + "</div></body></html>"
    fast, reader = _read(html, templates=True)
    slow, _ = _read(html, templates=False)
    assert fast == slow
    assert (fast[30].author, fast[31].posted) == ("", None)
    assert fast[29].author == name and fast[32].posted is not None
    assert reader.templates is not None and reader.templates.walked >= 4


def test_two_text_nodes_side_by_side_are_not_one() -> None:
    # a script inside a name leaves "da" and "n" once scripts are dropped: "da n", not "dan"
    block = (
        '<div class="c" id="c{i}"><a class="user" href="/member/x">{name}</a>'
        "<p>Comment {i} on the tariffs.</p><span>{i} ( +{i} / -0 )</span></div>"
    )
    names = ["dan"] * 40
    names[25] = "da<script>var a = 1;</script>n"
    html = (
        "<html><body><h1>T</h1><div>"
        + "".join(block.format(i=i, name=name) for i, name in enumerate(names))
        + "</div></body></html>"
    )
    slow = extract_article_slow(html, URL, fetched_at=NOW)
    fast = extract_article(html, URL, fetched_at=NOW)
    assert fast == slow
    assert fast.comments[25].author == "da n"


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("<pre>", "</pre>"), ('<div class="t" style="white-space: pre-wrap">', "</div>")],
)
def test_line_breaks_kept_by_the_markup_are_paragraphs_and_never_replayed(
    opening: str, closing: str
) -> None:
    """A ``<pre>``'s (Medium's responses) or a ``white-space: pre-wrap`` element's (Bluesky's
    posts) line breaks show: each line is a paragraph. Blocks alike in markup may break their
    lines differently, so such blocks are walked, never replayed from a template."""
    block = (
        '<div class="c" id="c{i}"><a class="user" href="/member/x">dan</a> '
        '<span class="time">Today 06:39 pm JST</span>'
        + opening
        + "{text}"
        + closing
        + '<span class="v">{i} ( +{i} / -0 )</span></div>'
    )
    texts = [f"Comment {i} on the tariffs." for i in range(40)]
    texts[5] = "First line of comment 5.\nSecond line.\n\nA new paragraph."
    texts[20] = "Comment 20, one line,\nthen another."
    html = (
        "<html><body><h1>T</h1><div>"
        + "".join(block.format(i=i, text=text) for i, text in enumerate(texts))
        + "</div></body></html>"
    )
    fast = extract_article(html, URL, fetched_at=NOW)
    assert fast == extract_article_slow(html, URL, fetched_at=NOW)
    assert fast.comments[5].text == "First line of comment 5.\n\nSecond line.\n\nA new paragraph."
    assert fast.comments[20].text == "Comment 20, one line,\n\nthen another."
    assert fast.comments[21].text == "Comment 21 on the tariffs."


def test_sibling_path() -> None:
    tree = LexborHTMLParser("<div id=a> <p>x</p><!-- c --><b><i id=i></i></b></div>")
    block, inner = tree.css_first("#a"), tree.css_first("#i")
    assert block is not None and inner is not None
    assert sibling_path(inner, block.mem_id) == (0, 3)
    assert sibling_path(block, inner.mem_id) is None


def _uniform_thread(paragraphs: int, count: int = 40) -> str:
    """``count`` blocks of one shape: ``paragraphs`` paragraphs each."""
    text = "".join(f"<p>Paragraph {k} of comment {{i}}.</p>" for k in range(paragraphs))
    block = (
        '<div class="c" id="c{i}"><a href="/member/ken">ken</a><div class="t">' + text + "</div>"
        '<span class="v">{i} ( +{i} / -0 )</span></div>'
    )
    return (
        "<html><body><h1>T</h1><div>"
        + "".join(block.format(i=i) for i in range(count))
        + "</div></body></html>"
    )


def test_the_book_keeps_the_newest_templates() -> None:
    book = TemplateBook(capacity=3)

    def read(html: str) -> int:
        tree = LexborHTMLParser(html)
        assert tree.body is not None
        reader = CommentReader(now=NOW, tz="Asia/Tokyo")
        assert reader.templates is not None
        reader.templates.book = book
        reader.read(tree.body)
        return reader.templates.replayed

    for paragraphs in range(1, 6):
        assert read(_uniform_thread(paragraphs)) == 38  # the first two blocks are walked
    assert len(book) == 3
    assert read(_uniform_thread(5)) == 40  # still known
    assert read(_uniform_thread(1)) == 38  # forgotten, learnt again


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(8, 90),
    rate=st.sampled_from([0.0, 0.02, 0.1, 0.3]),
    odd=st.dictionaries(
        st.integers(0, 89),
        st.lists(st.sampled_from(VARIATIONS), min_size=1, max_size=4).map(tuple),
        max_size=4,
    ),
)
def test_generated_threads_read_alike_both_ways(
    seed: int, count: int, rate: float, odd: dict[int, tuple[str, ...]]
) -> None:
    template.MIN_BLOCKS, kept = 8, template.MIN_BLOCKS  # learn on short pages too
    html = varied_thread_html(seed, count, rate=rate, odd=odd)
    try:
        _same_page(html)
        _same_page(html)  # again, with this page's templates learnt
    finally:
        template.MIN_BLOCKS = kept
