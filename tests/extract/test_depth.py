"""Threading flat comment rows by the depth each one gives itself."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from bot.extract.depth import indent_depths, parents_by_depth, reply_class_depths, row_depth


def _row(html: str) -> object:
    node = LexborHTMLParser(f"<table>{html}</table>").css_first("#row")
    assert node is not None
    return node


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ('<tr id="row"><td class="ind" indent="2"><img width="80"></td><td>text</td></tr>', 2),
        ('<tr id="row" aria-level="3"><td>text</td></tr>', 3),
        ('<tr id="row" data-depth="1"><td>text</td></tr>', 1),
        ('<tr id="row" class="comment depth-4"><td>text</td></tr>', 4),
        ('<tr id="row" class="comment comment-level-2"><td>text</td></tr>', 2),
        ('<tr id="row" data-level="0"><td>text</td></tr>', 0),
        # A rank badge inside the comment is not its depth; neither is a number-less class.
        ('<tr id="row"><td><span class="level-5" data-level="5">Veteran</span></td></tr>', None),
        ('<tr id="row" class="depth"><td>text</td></tr>', None),
        ('<tr id="row" data-depth="deep"><td>text</td></tr>', None),
    ],
)
def test_a_row_gives_its_depth_by_attribute_or_class(html: str, depth: int | None) -> None:
    assert row_depth(_row(html)) == depth  # type: ignore[arg-type]


def test_each_row_replies_to_the_nearest_row_one_level_up() -> None:
    assert parents_by_depth([0, 1, 2, 1, 2, 2, 0, 1]) == [None, 0, 1, 0, 3, 3, None, 6]
    assert parents_by_depth([1, 2, 3, 1]) == [None, 0, 1, None]  # levels counted from 1


@pytest.mark.parametrize(
    "depths",
    [
        [0, 0, 0],  # all at the top: nothing to thread
        [1, 0, 1],  # the first row below the top
        [0, 2, 1],  # a reply skipping a level
        [0, None, 1],  # a row without a depth
        [],
    ],
)
def test_depths_that_do_not_read_like_a_thread_give_no_parents(depths: list[int | None]) -> None:
    assert parents_by_depth(depths) is None


def test_rows_indented_by_their_style_give_depths() -> None:
    """Golem.de's forum: a flat list whose rows say nothing of their depth but their inline
    indentation; the distinct widths are the levels, the least the top."""
    rows = LexborHTMLParser(
        '<ol><li style="padding-left: 0px">a</li><li style="padding-left: 20px">b</li>'
        '<li style="padding-left:40px">c</li><li>d</li><li style="padding-left: 20px">e</li></ol>'
    ).css("li")
    assert indent_depths(rows) == [0, 1, 2, 0, 1]
    assert parents_by_depth([0, 1, 2, 0, 1]) == [None, 0, 1, None, 3]


def test_rows_all_alike_or_first_indented_give_no_depths() -> None:
    alike = LexborHTMLParser(
        '<li style="margin-left: 10px">a</li><li style="margin-left: 10px">b</li>'
    )
    first = LexborHTMLParser('<li style="padding-left: 20px">a</li><li>b</li>')
    assert indent_depths(alike.css("li")) is None
    assert indent_depths(first.css("li")) is None


def test_rows_marked_as_replies_by_class_sit_one_level_down() -> None:
    """Clien: "comment_row" rows, a reply's "comment_row re"; the first row is no reply."""
    rows = LexborHTMLParser(
        '<div class="row">a</div><div class="row re">b</div><div class="row re by-author">c</div>'
        '<div class="row">d</div>'
    ).css("div")
    assert reply_class_depths(rows) == [0, 1, 1, 0]
    assert reply_class_depths(rows[1:]) is None
