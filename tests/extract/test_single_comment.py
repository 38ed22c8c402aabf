"""A page with one comment: no repeated blocks to compare, the comment must still come whole."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from bot.extract import extract_article
from bot.models import Comment
from tests.fakes.newssite import FakeArticle, FakeComment, render_japantoday_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "japantoday"
FETCHED = datetime(2025, 7, 7, 1, 0, tzinfo=UTC)  # Jul 7, 10:00 JST


def _facts(comment: Comment) -> tuple[object, ...]:
    return (
        comment.id,
        comment.author,
        comment.text,
        comment.posted,
        comment.score,
        comment.up,
        comment.down,
    )


def _keep_first_comment(html: str, block: str, counts: list[tuple[str, str]]) -> str:
    """The page with every comment block (CSS ``block``) but the first removed, and its
    announced counts rewritten (``counts``: each (old, new) must be on the page)."""
    tree = LexborHTMLParser(html)
    nodes = tree.css(block)
    assert len(nodes) >= 2, block
    for node in nodes[1:]:
        node.decompose()
    cut = tree.html or ""
    for old, new in counts:
        assert old in cut, old
        cut = cut.replace(old, new)
    return cut


# (file, the comment block's selector, announced counts to rewrite)
CASES = [
    ("markups/hashed-classes.html", "div.css-7kq2p1", [("3</span> Comments", "1</span> Comments")]),
    (
        "markups/microdata.html",
        "article[itemprop=comment]",
        [('"commentCount" content="4"', '"commentCount" content="1"')],
    ),
    ("markups/split-votes.html", "li.cmt", [("Reader comments (3)", "Reader comments (1)")]),
    ("markups/table-forum.html", "tr[id^=post-]", [("4 comments", "1 comment")]),
    ("markups/threaded.html", "li.post", [("<h2>6 comments", "<h2>1 comment")]),
    (
        "tariff-talks.html",
        "div.comment",
        [
            ("19</span> Comments", "1</span> Comments"),
            ("19 Comments", "1 Comment"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "block", "counts"), CASES, ids=[case[0] for case in CASES])
def test_one_comment_cut_from_a_markup_reads_as_on_the_full_page(
    name: str, block: str, counts: list[tuple[str, str]]
) -> None:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    url = "https://news.example.jp/a"
    full = extract_article(html, url, fetched_at=FETCHED, source="test")
    single = extract_article(
        _keep_first_comment(html, block, counts), url, fetched_at=FETCHED, source="test"
    )
    assert len(single.comments) == 1
    assert single.comment_count == 1
    [comment] = single.comments
    assert _facts(comment) == _facts(full.comments[0])
    assert comment.author and comment.text
    assert comment.parent is None


def _fake_page(comments: list[FakeComment]) -> str:
    article = FakeArticle(
        path="/x",
        title="Steel tariffs squeeze carmakers",
        body=["New tariffs on steel raised costs."],
        comments=comments,
    )
    return render_japantoday_page(article)


def test_the_only_comment_of_a_rendered_page_keeps_its_id_author_and_text() -> None:
    html = _fake_page([FakeComment("ito", "Prices will rise for everyone.", 9, 2)])
    [comment] = extract_article(html, "http://x/x", fetched_at=FETCHED).comments
    assert (comment.id, comment.author, comment.text) == (
        "comment-100001",
        "ito",
        "Prices will rise for everyone.",
    )
    assert (comment.score, comment.up, comment.down) == (7, 9, 2)


def test_the_only_comment_equals_the_first_of_two() -> None:
    first = FakeComment("ito", "Prices will rise for everyone.", 9, 2)
    alone = extract_article(_fake_page([first]), "http://x/x", fetched_at=FETCHED).comments
    pair = extract_article(
        _fake_page([first, FakeComment("sato", "Carmakers will pass it on.", 1, 4)]),
        "http://x/x",
        fetched_at=FETCHED,
    ).comments
    assert [_facts(c) for c in alone] == [_facts(pair[0])]


_LIST_PAGE = """<html><body>
<h1>Rice prices jump again</h1>
<p>The average price of a bag of rice rose for the third week in a row.</p>
<div class="thread">
  <h3>Reader comments (1)</h3>
  <div class="items">
    <div class="x1">
      <div class="x2"><a class="x3" href="/u/hanako">hanako</a></div>
      <div class="x4"><div class="x5">Rice at 4,000 yen for 5kg is absurd.</div></div>
      <div class="x6"><span>7</span> <span>( +9 / -2 )</span></div>
    </div>
    <div class="x7"><a href="?page=2">Show older comments from readers of this story</a></div>
    <form class="x8"><textarea></textarea><button>Post a reply</button></form>
  </div>
</div>
</body></html>"""


def test_a_lone_comment_among_non_comment_siblings_stops_at_its_own_element() -> None:
    [comment] = extract_article(_LIST_PAGE, "https://b.example/t", fetched_at=FETCHED).comments
    assert (comment.author, comment.text) == ("hanako", "Rice at 4,000 yen for 5kg is absurd.")
    assert (comment.score, comment.up, comment.down) == (7, 9, 2)


_WRAPPED_PAGE = """<html><body><div><div><div><div>
  <div><a href="/members/kenji"><b>kenji</b></a></div>
  <div><p>Weekday evenings have no queues at all.</p></div>
  <div>3 ( +4 / -1 )</div>
</div></div></div></div></body></html>"""


def test_a_lone_comment_in_a_chain_of_wrappers_up_to_body() -> None:
    [comment] = extract_article(_WRAPPED_PAGE, "https://b.example/t", fetched_at=FETCHED).comments
    assert (comment.author, comment.text) == ("kenji", "Weekday evenings have no queues at all.")
    assert (comment.score, comment.up, comment.down) == (3, 4, 1)
