"""Reply threading from depth marks, for threads laid out as flat rows.

Most comment sections nest a reply inside (or right after, in a list of) its parent, and
:mod:`bot.extract.blocks` reads the parent from the tree. Some lay every comment out as a row
of one flat list and say how deep it sits instead: Hacker News (``<td class="ind"
indent="2">``), ARIA tree views (``aria-level="3"``), and comment widgets with a
``data-depth`` attribute or a ``depth-2`` / ``level-2`` class on the row, or a class beside
itself numbered (LiveJournal's ``b-tree-twig b-tree-twig-2``), or only an inline indentation
(Golem.de's ``style="padding-left: 40px"``). In page order, a
comment's parent is then the nearest comment before it that sits one level higher.

Depth marks are trusted only when they read like a thread: the first comment is at the top
level, and no comment is more than one level deeper than the one before it (a reply cannot
skip a level). A page whose marks break that rule keeps its comments unthreaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

#: Attributes that carry a depth on the row or on any element inside it.
DEPTH_ATTRIBUTES = ("indent", "aria-level", "data-depth")
#: On the row element itself only: a ``level`` class or attribute inside a comment is as
#: likely a badge of its author's rank.
ROW_DEPTH_ATTRIBUTES = (*DEPTH_ATTRIBUTES, "data-level", "depth", "level")
_INSIDE = ",".join(f"[{name}]" for name in DEPTH_ATTRIBUTES)
_DEPTH_CLASS = re.compile(r"^(?:[a-z]+[-_])*(?:depth|level|indent)(?:[-_]|--)?(\d{1,2})$")
_NUMBERED_CLASS = re.compile(r"^(.+?)(?:[-_]|--)(\d{1,2})$")


def row_depth(row: LexborNode) -> int | None:
    """The depth a comment row gives itself, or None."""
    attributes = row.attributes
    for name in ROW_DEPTH_ATTRIBUTES:
        depth = _number(attributes.get(name))
        if depth is not None:
            return depth
    tokens = (attributes.get("class") or "").split()
    for token in tokens:
        match = _DEPTH_CLASS.match(token.lower())
        if match:
            return int(match.group(1))
    for token in tokens:  # LiveJournal's "b-tree-twig b-tree-twig-2": a class and its level
        match = _NUMBERED_CLASS.match(token)
        if match and match.group(1) in tokens:
            return int(match.group(2))
    inside = row.css_first(_INSIDE)
    if inside is None:
        return _level_label(row)
    found = inside.attributes
    return next((d for n in DEPTH_ATTRIBUTES if (d := _number(found.get(n))) is not None), None)


#: A row's depth told in words among its first texts, for screen readers (Reddit's of 2019:
#: ``<span class="s1dqr9jy-0">level 2</span>`` before the name).
LEVEL_LABEL = re.compile(r"level (\d{1,2})", re.IGNORECASE)
_LABEL_TEXTS = 8


def _level_label(row: LexborNode) -> int | None:
    seen = 0
    for node in row.traverse(include_text=True):
        if node.tag != "-text":
            continue
        text = (node.text_content or "").strip()
        if not text:
            continue
        match = LEVEL_LABEL.fullmatch(text)
        if match is not None:
            return int(match.group(1))
        seen += 1
        if seen >= _LABEL_TEXTS:
            return None
    return None


_INDENT = re.compile(r"(?:padding|margin)-left\s*:\s*(\d{1,4})(?:\.\d+)?(px|em|rem)?", re.I)


def indent_depths(rows: Sequence[LexborNode]) -> list[int | None] | None:
    """Each row's depth from its inline indentation (Golem.de's forum: ``style="padding-left:
    40px"``), the distinct widths ranked from the least; None unless some rows are indented
    and none is less than the first. A row without the style sits at no indentation."""
    widths = []
    for row in rows:
        match = _INDENT.search(row.attributes.get("style") or "")
        widths.append(int(match.group(1)) if match else 0)
    if not widths or max(widths) == widths[0] or min(widths) != widths[0]:
        return None
    rank = {width: level for level, width in enumerate(sorted(set(widths)))}
    return [rank[width] for width in widths]


#: A transparent image whose width indents a row: Hacker News's older ``<td class="ind"><img
#: src="s.gif" width="40">``.
_SPACER = "[class~=ind] > img[width], [class*=indent] > img[width], img[src*=spacer][width]"


def spacer_width(row: LexborNode) -> int | None:
    """The width of the spacer image indenting a row, or None if it has none."""
    spacer = row.css_first(_SPACER)
    if spacer is None:
        return None
    width = (spacer.attributes.get("width") or "").strip()
    return int(width) if width.isdigit() else None


def spacer_depths(rows: Sequence[LexborNode]) -> list[int | None] | None:
    """Each row's depth from its spacer image's width, the distinct widths ranked from the
    least (0, 40, 80 pixels: levels 0, 1, 2); None unless every row has one."""
    widths = [width for row in rows if (width := spacer_width(row)) is not None]
    if not widths or len(widths) != len(rows):
        return None
    rank = {width: level for level, width in enumerate(sorted(set(widths)))}
    return [rank[width] for width in widths]


#: Classes that mark a row as a reply in a flat list (Clien's "comment_row re").
_REPLY_ROW = frozenset(
    (
        *("re", "reply", "is-reply", "child", "comment-reply", "comment--reply"),
        *("indented", "comment--indented"),  # (ZEIT ONLINE's replies, each after its parent)
    )
)


def reply_class_depths(rows: Sequence[LexborNode]) -> list[int | None] | None:
    """Depth 1 for the rows a class marks as replies, 0 for the others, when the first row
    is no reply and some are: a flat list where each reply follows its parent."""
    marks = [_marked_reply(row) for row in rows]
    if not marks or marks[0] or not any(marks):
        return None
    return [1 if mark else 0 for mark in marks]


def marks_replies(rows: Sequence[LexborNode]) -> bool:
    """Whether a class marks any of ``rows`` as a reply."""
    return any(_marked_reply(row) for row in rows)


def _marked_reply(row: LexborNode) -> bool:
    if "-" in (row.tag or ""):  # a component's element around the row it draws (24ur's
        inner = row.child  # <onl-comment> around its <div class="comment comment--reply">)
        while inner is not None and inner.is_text_node:
            inner = inner.next
        row = inner if inner is not None else row
    css_class = row.attributes.get("class") or ""
    # (most classes hold no "re" or "child": not split)
    return (
        "re" in css_class or "child" in css_class or "indent" in css_class
    ) and not _REPLY_ROW.isdisjoint(css_class.split())


def parents_by_depth(depths: Sequence[int | None]) -> list[int | None] | None:
    """For each row, the index of its parent row (None at the top level), or None when the
    depths do not read like a thread (a row without one, a first row below the top, a jump of
    more than one level)."""
    if not depths or any(d is None for d in depths):
        return None
    levels = [d for d in depths if d is not None]
    top = min(levels)
    if levels[0] != top or max(levels) == top:
        return None
    parents: list[int | None] = []
    open_rows: list[int] = []  # the row last seen at each depth from the top, in order
    for index, depth in enumerate(levels):
        level = depth - top
        if level > len(open_rows):
            return None
        del open_rows[level:]
        parents.append(open_rows[-1] if open_rows else None)
        open_rows.append(index)
    return parents


def _number(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 2:
        return None
    return int(value)
