"""The block of a lone vote line: a page with one comment has no repeated siblings to compare.

Without alike blocks, :mod:`bot.extract.blocks` cannot tell where a comment ends, so the block
is grown upward from the vote line instead. An ancestor joins the block while it holds no
other vote line (a sidebar's "hot comments" may show some), no page headline or count heading
("1 Comments"), and brings no new content once the block already has some (an avatar, a
"Reply" link or a byline may join; another text, a "Load more comments" button after the
comment, the article's body may not). The top of what
grows may be a chain of wrappers around one element (the comment list holding its only
comment): from that chain the element marked as one comment is taken, else the lowest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.extract.dom import collapse, hint_of, is_content
from bot.extract.walk import Clock, walk_block

if TYPE_CHECKING:
    from collections.abc import Callable

    from selectolax.lexbor import LexborNode

_MAX_UP = 16
_TOP = frozenset(("body", "html", "-document"))
#: The longest text read as a count heading ("Reader comments (12)").
_LABEL_MAX = 80
#: A line added before the text that may be the commenter's name (unmarked byline).
_BYLINE_MAX = 60
#: Tags that are one item of a list of comments by what they are.
_ITEM_TAGS = frozenset(("li", "article"))


@dataclass(slots=True)
class _Reading:
    """What a walk of one candidate finds besides the vote widget."""

    author: bool
    texts: list[str]


def lone_block(
    element: LexborNode,
    *,
    clock: Clock,
    other_votes: set[int],
    widget_of: Callable[[LexborNode, int], LexborNode],
    is_count_label: Callable[[str], bool],
) -> LexborNode | None:
    """The comment block around the page's only vote element, or ``None`` when no ancestor
    holds an author or text besides the votes.

    ``other_votes`` holds the keys of every element holding another vote element (those are
    not grown into); ``widget_of(vote, block_key)`` is the vote widget to leave out of a walk;
    ``is_count_label(text)`` tells a heading announcing a thread ("1 Comment").
    """

    def read(node: LexborNode) -> _Reading:
        skip = {widget_of(element, node.mem_id).mem_id}
        walk = walk_block(node, skip=skip, clock=clock)
        texts = [para.text for para in walk.paras if is_content(collapse(para.text))]
        return _Reading(walk.author is not None, texts)

    grown: list[LexborNode] = []
    reading: _Reading | None = None
    node = element.parent
    for _ in range(_MAX_UP):
        if node is None or node.tag in _TOP or node.mem_id in other_votes:
            break
        if _is_container(node, is_count_label):
            break
        current = read(node)
        has_evidence = reading is not None and (reading.texts or reading.author)
        if has_evidence and reading is not None and not _adds_nothing(reading, current):
            break
        grown.append(node)
        reading = current
        node = node.parent
    if not grown or reading is None or not reading.texts:
        return None
    return _pick_from_wrappers(grown)


def _is_container(node: LexborNode, is_count_label: Callable[[str], bool]) -> bool:
    """The page (its headline) or the comments section (an element announcing the thread,
    "1 Comments", of any tag) is not one comment."""
    if node.css_first("h1") is not None:
        return True
    checked: set[int] = set()
    for text in node.traverse(include_text=True, skip_empty=True):
        if text.tag != "-text" or not (text.text_content or "").strip():
            continue
        parent = text.parent
        if parent is None or parent.mem_id in checked:
            continue
        checked.add(parent.mem_id)
        label = parent.text(deep=True, separator=" ")
        if len(label) <= _LABEL_MAX and is_count_label(collapse(label)):
            return True
    return False


def _adds_nothing(inner: _Reading, outer: _Reading) -> bool:
    """Whether ``outer`` (an ancestor's reading) brings no content beyond ``inner``: the same
    texts, at most with an author found, or with a byline line before the text when ``inner``
    had no author."""
    if outer.texts == inner.texts:
        return True
    if inner.author or not inner.texts:
        return False
    extra = len(outer.texts) - len(inner.texts)
    return extra == 1 and outer.texts[1:] == inner.texts and len(outer.texts[0]) <= _BYLINE_MAX


def _pick_from_wrappers(grown: list[LexborNode]) -> LexborNode:
    """From the top run of wrappers (each the only element of the next), the lowest element
    that says it is one comment (a ``comment`` class, an id, a list item), else the lowest."""
    start = len(grown) - 1
    while start > 0:
        only = _only_element_child(grown[start])
        if only is None or only.mem_id != grown[start - 1].mem_id:
            break
        start -= 1
    run = grown[start:]
    for node in run:
        if _marked_as_comment(node):
            return node
    return run[0]


def _only_element_child(node: LexborNode) -> LexborNode | None:
    only: LexborNode | None = None
    child = node.child
    while child is not None:
        tag = child.tag or "-"
        if tag[0].isalpha():
            if only is not None:
                return None
            only = child
        elif tag == "-text" and (child.text_content or "").strip():
            return None
        child = child.next
    return only


def _marked_as_comment(node: LexborNode) -> bool:
    attrs = node.attributes
    hint = hint_of(attrs)
    if "comment" in hint and "comments" not in hint and "list" not in hint:
        return True
    return bool((attrs.get("id") or "").strip()) or node.tag in _ITEM_TAGS
