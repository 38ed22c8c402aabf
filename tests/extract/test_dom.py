"""The DOM helpers: their shortcuts give what their plain definitions give."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from bot.extract.dom import (
    ChromeCheck,
    about_the_poster,
    collapse,
    first_class,
    follows,
    is_content,
    open_shadow_roots,
    select,
)

#: Every character ``str.split()`` splits on, and a few that look alike but are not spaces.
_SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_ALPHABET = _SPACES + "\u200b\u00ad\ufeffab.\u00e9\u65e5"


def test_collapse_keeps_a_text_that_is_already_collapsed() -> None:
    text = "Honda is moving production, and everyone knows it."
    assert collapse(text) is text
    assert collapse("") == ""


def test_collapse_collapses_every_kind_of_space() -> None:
    assert collapse("  a\n\n b\u00a0c\t\u3000d ") == "a b c d"
    for space in _SPACES:
        assert collapse(f"a{space}b") == ("a\u3000b" if space == "\u3000" else "a b")
        assert collapse(f"{space}a") == "a"


def test_collapse_keeps_the_ideographic_space_between_a_headlines_parts() -> None:
    headline = "トランプ氏、日本に25%関税を通告\u30008月1日から\u3000自動車は分野別25%を維持"
    assert collapse(f"\u3000{headline}\n") == headline
    assert collapse("通告\u3000\u3000\n8月") == "通告 8月"  # a run with other spaces: one space


def _collapsed(text: str) -> str:
    """The plain definition: each run of spaces becomes one space, but a run of ideographic
    spaces alone stays; then the ends are stripped."""
    runs = re.sub(r"\s+", lambda run: run.group() if set(run.group()) == {"\u3000"} else " ", text)
    return runs.strip()


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_collapse_is_its_plain_definition(text: str) -> None:
    assert collapse(text) == _collapsed(text)
    if "\u3000" not in text:
        assert collapse(text) == " ".join(text.split())


_ORDERED = (
    '<div id="a"><p id="a1">x</p><div id="a2"><p id="a21">y</p></div></div>'
    '<section id="b"><p id="b1">z</p></section>'
)


@pytest.mark.parametrize(
    ("node", "other", "expected"),
    [
        ("b", "a", True),  # a later sibling
        ("b1", "a21", True),  # inside a later sibling
        ("a21", "a1", True),
        ("a", "b", False),  # before
        ("a1", "a21", False),
        ("a21", "a", False),  # inside: neither follows
        ("a", "a21", False),
        ("a", "a", False),
    ],
)
def test_follows_is_document_order_outside_each_other(
    node: str, other: str, expected: bool
) -> None:
    tree = LexborHTMLParser(_ORDERED)
    first, second = tree.css_first(f"#{node}"), tree.css_first(f"#{other}")
    assert first is not None and second is not None
    assert follows(first, second) is expected


@pytest.mark.parametrize(
    ("html", "chrome"),
    [
        ("<div class='sidebar'><p id='x'>Trending</p></div>", True),
        ("<div class='widget_recent'><p id='x'>Popular</p></div>", True),
        ("<aside><p id='x'>Elsewhere</p></aside>", True),
        # GitHub's page body: a layout that has a sidebar, at its end (a BEM modifier)
        ("<div class='Layout Layout--sidebarPosition-end'><p id='x'>A comment</p></div>", False),
        # new Reddit's <main class="... right-sidebar-xs">: the main content, beside a sidebar
        (
            "<div class='page'><main class='right-sidebar-xs'><p id='x'>A comment</p></main></div>",
            False,
        ),
        ("<main><div class='sidebar'><p id='x'>Rules</p></div></main>", True),
    ],
)
def test_page_chrome(html: str, chrome: bool) -> None:
    node = LexborHTMLParser(f"<html><body>{html}</body></html>").css_first("#x")
    assert ChromeCheck()(node) is chrome


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Log in to reply", False),
        ("Sign in to comment.", False),
        ("Register", False),
        ("ログインして返信コメントを書く", False),
        ("登录后回复", False),
        ("Reply · Report · Share", False),
        ("1件の返信", False),  # "1 reply", a count and its word in one
        ("20コメント", False),
        ("3条回复", False),
        ("Ver 2 respuestas más", False),  # (Spanish: see 2 more replies)
        ("Lihat 2 balasan", False),  # (Indonesian: see 2 replies)
        ("Zobraziť ďalšie reakcie (2)", False),  # (Slovak: show more replies)
        ("Reagovat #", False),  # (Czech: reply, and a permalink)
        ("查看全部4条评论", False),  # (Chinese: see all 4 comments, written together)
        ("亮了(486)", False),  # (Hupu's likes)
        ("Lv.5", False),  # (a poster's level)
        ("‑37", False),  # (a score, its minus a non-breaking hyphen)
        ("Citera", False),  # (Swedish: quote)
        ("这是4条新闻", True),
        ("3件の関税", True),
        ("Ver para creer.", True),
        ("Log in to the customs portal first.", True),
        ("Quotas are tariffs.", True),
    ],
)
def test_what_is_content(text: str, content: bool) -> None:
    assert is_content(text) is content


def test_declarative_shadow_roots_are_opened_and_other_templates_kept() -> None:
    html = (
        '<x-forum><template shadowrootmode="open"><p>shown</p>'
        "<template><p>inert</p></template><p>after</p></template></x-forum>"
        '<template id="t"><p>kept</p></template>'
    )
    assert open_shadow_roots(html) == (
        '<x-forum><div data-shadow-root=""><p>shown</p>'
        "<template><p>inert</p></template><p>after</p></div></x-forum>"
        '<template id="t"><p>kept</p></template>'
    )
    assert open_shadow_roots("<p>no shadow</p>") == "<p>no shadow</p>"


@pytest.mark.parametrize(
    ("classes", "kind"),
    [
        ("coral coral-comment CommentContainer-root", "coral-comment"),  # a vendor's name first
        ("comment comment--reply js-comment", "comment"),  # a modifier
        ("comment comment-level-2 js-comment", "comment"),  # a level
        ("contribution contribution-deleted", "contribution"),  # two classes only
        ("gig-comment gig-comment-depth0 x", "gig-comment"),
        ("", ""),
    ],
)
def test_the_kind_an_elements_classes_name(classes: str, kind: str) -> None:
    assert first_class({"class": classes}) == kind


@pytest.mark.parametrize(
    ("css_class", "poster"),
    [
        ("postprofile", True),  # (phpBB's)
        ("user_info", True),
        ("message-userExtras", True),  # (XenForo's column: "Reaction score 6,954")
        ("message-userDetails", True),
        ("user-content", False),  # (the words)
        ("user-status", False),  # (VnExpress's likes and reply link)
        ("message-body", False),
    ],
)
def test_what_tells_about_the_poster(css_class: str, poster: bool) -> None:
    assert about_the_poster(css_class) is poster


def test_a_typed_smiley_is_content_but_a_bar_is_not() -> None:
    assert is_content(":-)") and is_content(";)")
    assert not is_content("|") and not is_content("—")


def test_a_class_parted_by_line_breaks_names_its_first_word() -> None:
    """Lobsters writes ``class="comment\n  "``: the first class is "comment", not "comment\n"
    (which no selector built from it could say)."""
    assert first_class({"class": "comment\n  "}) == "comment"
    assert first_class({"class": "light_odd row_reply"}) == "row_reply"  # a stripe first


def test_rows_shaded_in_turn_are_of_one_kind() -> None:
    """Every other comment shaded "alt" (WordPress), or "windowbg" and "windowbg2" (SMF):
    one kind of row, whatever the shade."""
    assert first_class({"class": "alt"}) == first_class({}) == ""
    assert first_class({"class": "windowbg2"}) == first_class({"class": "windowbg"})
    assert first_class({"class": "level2"}) == "level2"  # (a number that says something)


def test_a_themes_short_scope_class_first_is_not_the_kind() -> None:
    """dogdrip's skin puts "ed" first on every element: "ed comment-item" is a comment item;
    an atomic stylesheet's short classes stay as they are (Medium's "ab q")."""
    assert first_class({"class": "ed comment-item clearfix"}) == "comment-item"
    assert first_class({"class": "ab q"}) == "ab"


def test_a_selector_built_from_the_page_that_lexbor_refuses_selects_nothing() -> None:
    root = LexborHTMLParser('<div class="a">x</div>').body
    assert root is not None
    assert select(root, 'div[class~="comment\n"]') == []
    assert [node.tag for node in select(root, 'div[class~="a"]')] == ["div"]
