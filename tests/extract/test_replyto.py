"""Replies whose markup names, in an attribute, the post they answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from selectolax.lexbor import LexborHTMLParser

from bot.extract import extract_article, extract_article_slow
from bot.extract.replyto import BlockNames, parent_reference, reply_number
from bot.extract.template import BOOK

URL = "https://forum.example/topic/88/steel"
NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def empty_book() -> Iterator[None]:
    BOOK.clear()
    yield
    BOOK.clear()


def _post(pid: int, name: str, words: str, parent: int | None = None, votes: int = 0) -> str:
    box = (
        f"<div class='post-parent btn' data-parent-pid='{parent}'><a href='/user/x'>x</a>"
        f"<div class='text-muted'><p>an excerpt of post {parent}</p></div></div>"
        if parent is not None
        else ""
    )
    return (
        f"<li class='comment' data-pid='{pid}'><a id='{pid - 5000}'></a>{box}"
        f"<a class='author' href='/user/{name}'>{name}</a>"
        f"<time datetime='2026-11-2{pid % 7}T0{pid % 9}:00:00Z'>Nov 2{pid % 7}</time>"
        f"<div class='content'><p>{words}</p></div>"
        f"<div class='votes'>{votes} ( +{votes + 1} / -1 )</div></li>"
    )


def _page(posts: list[str]) -> str:
    return (
        "<html><head><title>Steel tariffs: who pays?</title></head><body>"
        "<h1>Steel tariffs: who pays?</h1><ol class='comment-list'>"
        + "".join(posts)
        + "</ol></body></html>"
    )


def test_a_reply_box_naming_the_parent_post_gives_the_parent() -> None:
    """NodeBB: the "in reply to" box holds ``data-parent-pid``, the parent's ``data-pid``."""
    html = _page(
        [
            _post(5021, "tig", "Our mill raised prices twice."),
            _post(5022, "margo", "Your mill prices against the import price."),
            _post(5023, "dee", "Check whether the contract is indexed to CRU."),
            _post(5024, "ben", "Ours is fixed-price and they still add a surcharge.", 5023),
        ]
    )
    article = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    assert [(c.id, c.parent) for c in article.comments] == [
        ("5021", None),
        ("5022", None),
        ("5023", None),
        ("5024", "5023"),
    ]
    assert article.comments[3].text == "Ours is fixed-price and they still add a surcharge."


def test_replayed_blocks_follow_their_references_like_walked_ones() -> None:
    """A long thread read from templates gives the parents walking every block gives."""
    posts = [
        _post(
            5001 + n,
            f"user{n % 7}",
            f"Point number {n} about the steel safeguard and its quota.",
            parent=5001 + n // 2 if n % 3 == 2 else None,
            votes=n % 5,
        )
        for n in range(80)
    ]
    html = _page(posts)
    slow = extract_article_slow(html, URL, fetched_at=NOW, site_tz="UTC")
    fast = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    assert any(kept.refs for kept in BOOK)  # replies replayed from their own template
    assert fast == slow
    parents = {c.id: c.parent for c in fast.comments}
    assert parents["5006"] == "5003"  # post 5006 answers 5003
    assert parents["5003"] == "5002"
    assert parents["5004"] is None


def test_a_reference_naming_no_other_post_is_no_parent() -> None:
    html = _page(
        [
            _post(5021, "tig", "Our mill raised prices twice."),
            _post(5022, "margo", "A reply to a post on another page.", 4999),
            _post(5023, "dee", "A reply to itself, somehow.", 5023),
        ]
    )
    article = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    assert [c.parent for c in article.comments] == [None, None, None]


def test_names_are_exact_values_or_one_post_number() -> None:
    tree = LexborHTMLParser(
        "<div id='post-12' thingid='t1_abc'></div><div data-pid='13'></div>"
        "<div id='2025-07-08'></div><div data-id='p14'></div><div data-id='14'></div>"
    )
    assert tree.body is not None
    blocks = list(tree.body.iter())
    names = BlockNames(blocks, ["a", "b", "c", "d", "e"])
    assert names.find("t1_abc", asker=9) == 0
    assert names.find("12", asker=9) == 0  # "post-12"
    assert names.find("#post-12", asker=9) == 0
    assert names.find("post_13", asker=9) == 1
    assert names.find("2025", asker=9) is None  # a date is not a post's number
    assert names.find("14", asker=9) == 4  # exactly
    assert names.find("post-14", asker=9) is None  # two posts are number 14
    assert names.find("t1_zzz", asker=9) is None
    assert names.find("12", asker=0) is None  # not its own parent


def test_a_reference_inside_a_nested_reply_is_that_replys() -> None:
    tree = LexborHTMLParser(
        "<div class='c'><p>top</p><div class='c' parentid='t1_top'><p>reply</p></div></div>"
    )
    assert tree.body is not None
    top = tree.body.css_first("div.c")
    assert top is not None
    nested = tree.body.css_first("div.c div.c")
    assert nested is not None
    assert parent_reference(top, {top.mem_id, nested.mem_id}) is None
    assert parent_reference(top, {top.mem_id}) == "t1_top"
    assert parent_reference(nested, {top.mem_id, nested.mem_id}) == "t1_top"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (">>12 so true", ("12", "so true")),
        (">>12", ("12", "")),
        ("＞＞7 マジか", ("7", "マジか")),
        (">>21 元自動車部品工さん", ("21", "")),
        (">>21 元自動車部品工さんの言う通り", ("21", "元自動車部品工さんの言う通り")),
        (">> 3\nok", ("3", "ok")),
        (">>4 >>7 thanks", ("4", "thanks")),  # the first of those it answers
        (">>4 > a quote", ("4", "> a quote")),
        (">>12abc", None),
        (">>> a quote", None),
        ("so true >>12", None),
    ],
)
def test_a_reply_by_number(text: str, reply: tuple[str, str] | None) -> None:
    assert reply_number(text) == reply


def test_a_reply_naming_an_earlier_commenter_answers_them() -> None:
    """ "> akane_kさん" opening a reply: akane_k's latest earlier comment is its parent; a
    line naming nobody who commented ("> bob") stays as it is."""
    html = _page(
        [
            _post(5021, "akane_k", "Is the car tariff added on top?"),
            _post(5022, "tig", "No, it is separate.</p><p>The letter says so."),
            _post(5023, "owner", "&gt; akane_kさん</p><p>It is not added, as tig says."),
            _post(5024, "dee", "&gt; bob</p><p>Where does the letter say that?"),
        ]
    )
    article = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    assert [(c.id, c.parent, c.text.split("\n\n")[0]) for c in article.comments] == [
        ("5021", None, "Is the car tariff added on top?"),
        ("5022", None, "No, it is separate."),
        ("5023", "5021", "It is not added, as tig says."),
        ("5024", None, "> bob"),
    ]


def _flat(pid: int, name: str, when: str, words: str) -> str:
    return (
        f"<li class='comment' id='c{pid}'><span class='author'>{name}</span>"
        f"<time datetime='{when}'>{when}</time><div class='content'>{words}</div>"
        "<a href='#' class='action'>Reply</a></li>"
    )


def test_a_line_naming_whom_a_reply_answers() -> None:
    """A flat thread, newest first: "In reply to: akane_k" under a reply makes akane_k's
    comment posted last before it the parent (shown after it here), and is no words; so is
    a link that goes nowhere ("See the discussion"). A line naming nobody who commented
    stays."""
    html = _page(
        [
            _flat(4, "dee", "2026-11-25T10:00:00Z", "<p>Mine too.</p><p>In reply to bob</p>"),
            _flat(
                3,
                "owner",
                "2026-11-25T09:00:00Z",
                "<p>It is not added.</p><p>In reply to: akane_k <a href='#'>See the"
                " discussion</a></p>",
            ),
            _flat(2, "akane_k", "2026-11-25T08:00:00Z", "<p>Is the car tariff added on top?</p>"),
            _flat(1, "akane_k", "2026-11-25T07:00:00Z", "<p>Tariffs again.</p>"),
        ]
    )
    article = extract_article(html, URL, fetched_at=NOW, site_tz="UTC")
    assert [(c.id, c.parent, c.text) for c in article.comments] == [
        ("c4", None, "Mine too.\n\nIn reply to bob"),
        ("c3", "c2", "It is not added."),
        ("c2", None, "Is the car tariff added on top?"),
        ("c1", None, "Tariffs again."),
    ]


def test_a_japanese_line_naming_whom_a_reply_answers() -> None:
    """NewsPicks' "返信先:石田 梓さん" (reply to, the name and an honorific) names the
    commenter answered, as "In reply to" does; the line is no words."""
    html = _page(
        [
            _flat(1, "石田 梓", "2025-07-08T05:05:00Z", "<p>物流側でも運賃が跳ねました。</p>"),
            _flat(2, "渡部 圭", "2025-07-08T05:30:00Z", "<p>市場は冷静です。</p>"),
            _flat(
                3,
                "山内 拓也",
                "2025-07-08T06:30:00Z",
                "<p>返信先:石田 梓さん</p><p>ありがとうございます。効果は一時的ですね。</p>",
            ),
        ]
    )
    article = extract_article(html, URL, fetched_at=NOW, site_tz="Asia/Tokyo")
    assert [(c.id, c.parent, c.text) for c in article.comments][2] == (
        "c3",
        "c1",
        "ありがとうございます。効果は一時的ですね。",
    )


def test_a_reply_naming_a_fellow_replier_answers_that_reply() -> None:
    """In a thread one level deep a reply answers another by naming its poster: "@Lan
    Phương …", or the name alone as Facebook tags it; a short name opening a sentence ("Al
    said…" from a replier called "Al") is no tag unless an "@" says so."""
    thread = "".join(
        f'<div class="comment" id="r{n}"><a class="author" href="/u/{n}">{name}</a>'
        f'<time datetime="2025-07-08T0{n}:00:00Z">July 8</time><p>{words}</p></div>'
        for n, name, words in (
            (2, "Lan Phương", "Doanh nghiệp làm ăn chân chính thì không sợ gì cả."),
            (3, "Al", "Steel is the real question for the carmakers here."),
            (4, "Minh Tuấn", "@Lan Phương Mong là vậy, nhưng định nghĩa còn chưa rõ."),
            (5, "Chen Wei-ting", "Al said it well, the steel rates matter more than this."),
            (6, "Jason", "@Al the steel rates are already at fifty percent, though."),
        )
    )
    html = (
        '<html><body><article><h1>Tariffs</h1><p>Story.</p></article><section id="comments">'
        '<div class="comment" id="c1"><a class="author" href="/u/1">Minh Tuấn</a>'
        '<time datetime="2025-07-08T01:00:00Z">July 8</time><p>Nhật, Hàn bị áp 25% rồi.</p>'
        f'<div class="replies">{thread}</div></div>'
        '<div class="comment" id="c7"><a class="author" href="/u/7">Peter</a>'
        '<time datetime="2025-07-08T07:00:00Z">July 8</time><p>Letters again, and again.</p>'
        "</div></section></body></html>"
    )
    article = extract_article(html, "https://x.example/t", fetched_at=NOW, site_tz="UTC")
    parents = {c.id: c.parent for c in article.comments}
    assert parents == {
        **{"c1": None, "r2": "c1", "r3": "c1", "r4": "r2", "r5": "c1", "r6": "r3", "c7": None}
    }
