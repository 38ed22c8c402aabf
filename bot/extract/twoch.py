"""Threads whose posts are a header over a body, side by side, no element holding both.

Japan's anonymous boards and the blogs that repost them share one way of showing a post: a
header ``1：名無しさん：2025/07/08(火) 10:15:32 ID:K8dfe2Qw0`` (number, name, date with its
weekday, poster id), and the body in the element after it, not inside it: a ``<dt>`` and its
``<dd>`` (old 2channel, Shitaraba), a ``div.t_h`` and its ``div.t_b`` (livedoor "matome"
blogs). The block finder looks for one element per comment, so these are read here, from the
headers' own pattern. Replies start with ">>N": post N is their parent.

Other boards pair their rows the same way without that pattern: Nairaland's table of posts is
a row "Re: title by NAME: 12:29pm On Oct 30" over a row of the words. Those are found by their
shape (:func:`paired_posts`): siblings alternating between two kinds, the first of each pair
giving a name and a time and no words, the second words and no time.

Looked for only when the page gave few comments otherwise (a matome blog's own reader
comments do not count against its thread), never on a long thread already read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.extract.comments import RawComment, block_id, stable_id
from bot.extract.dom import first_class, is_content, node_text
from bot.extract.header import settle_header
from bot.extract.replyto import take_reply_number
from bot.extract.votes import read_net_score
from bot.extract.walk import walk_block

if TYPE_CHECKING:
    from datetime import datetime

    from selectolax.lexbor import LexborNode

    from bot.extract.walk import Clock

#: The date of a header: "2025/07/08(火) 10:15:32.41".
_DATE = r"\d{4}/\d{1,2}/\d{1,2}\s*[(（][^)）\d]{1,3}[)）]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?"
_DATE_TEXT = re.compile(_DATE)
_HEADER = re.compile(
    rf"\s*(?P<number>\d{{1,5}})\s*[:：]\s*(?P<name>.*?)\s*[:：]?\s*(?P<date>{_DATE})"
    r"(?:\s*ID\s*[:：]\s*\S+)?.{0,40}",
    re.DOTALL,
)
#: Text nodes looked at for a header's date, at most.
_MAX_TEXTS = 200_000
#: How far above a date's text node its header element may be.
_HEADER_LEVELS = 4


def twoch_posts(root: LexborNode, clock: Clock, keys: set[int]) -> list[RawComment]:
    """The posts of every header/body pair under ``root``, in page order (at least two); the
    ``mem_id`` of each pair's two elements is added to ``keys``."""

    headers: list[tuple[LexborNode, re.Match[str]]] = []
    seen: set[int] = set()
    for count, node in enumerate(root.traverse(include_text=True, skip_empty=True)):
        if count > _MAX_TEXTS:
            break
        text = node.text_content if node.is_text_node else None
        if not text or len(text) > 120 or _DATE_TEXT.search(text) is None:
            continue
        found = _header_of(node)
        if found is not None and found[0].mem_id not in seen:
            seen.add(found[0].mem_id)
            headers.append(found)
    posts: list[RawComment] = []
    numbers: set[str] = set()
    pair_keys: set[int] = set()
    for header, match in headers:
        body = _body_after(header)
        if body is None:
            continue
        moment = clock.text(match.group("date"))
        walk = walk_block(body, skip=frozenset(), clock=clock, find_meta=False)
        paras = [para for para in walk.paras if para.text]
        answered = take_reply_number(paras)
        parent = answered if answered in numbers else None
        number = match.group("number")
        if not paras or number in numbers:
            continue
        numbers.add(number)
        name = collapse_name(match.group("name"))
        posts.append(RawComment(number, name, moment, None, paras, parent))
        pair_keys.update((header.mem_id, body.mem_id))
    if len(posts) < 2:
        return []
    keys.update(pair_keys)
    return posts


def collapse_name(name: str) -> str:
    """The poster's name as the header shows it, without the marks around it."""
    return " ".join(name.split()).strip(" :：")


def _header_of(text_node: LexborNode) -> tuple[LexborNode, re.Match[str]] | None:
    """The element a header's date sits in whose whole text is a header, with the match."""
    element = text_node.parent
    for _ in range(_HEADER_LEVELS):
        if element is None:
            return None
        text = node_text(element)
        if len(text) > 200:
            return None
        match = _HEADER.fullmatch(text)
        if match is not None:
            return element, match
        element = element.parent
    return None


def _body_after(header: LexborNode) -> LexborNode | None:
    """The element right after ``header`` (text between them aside), when it holds words."""
    node = header.next
    while node is not None and (node.tag or "-")[0] == "-":
        if node.is_text_node and (node.text_content or "").strip():
            return None
        node = node.next
    if node is None or node.tag in ("br", "hr") or not node_text(node):
        return None
    return node


#: Pairs a thread of paired rows shows at the least.
_MIN_PAIRS = 2
#: The longest header: a name, a time, a subject and a few words around them.
_MAX_HEADER = 300
#: Elements looked at for pairs of rows, at most.
_MAX_ELEMENTS = 50_000


def paired_posts(root: LexborNode, clock: Clock, keys: set[int]) -> list[RawComment]:
    """The posts of the first run of header/body siblings under ``root`` (see the module doc),
    in page order; the ``mem_id`` of each pair's two elements is added to ``keys``."""

    for count, parent in enumerate(root.traverse()):
        if count > _MAX_ELEMENTS:
            break
        children = [child for child in parent.iter() if child.tag and child.tag[0] != "-"]
        if len(children) < 2 * _MIN_PAIRS:
            continue
        shapes = [_shape(child) for child in children]
        for start in range(len(children) - 2 * _MIN_PAIRS + 1):
            run = _alternating_run(shapes, start)
            if run < 2 * _MIN_PAIRS:
                continue
            posts = _read_pairs(children[start : start + run], clock)
            if len(posts) >= _MIN_PAIRS:
                for header, body, _ in posts:
                    keys.update((header.mem_id, body.mem_id))
                return [post for _, _, post in posts]
            break  # (one run a parent: the first, not its tail)
    return []


def _shape(node: LexborNode) -> tuple[str, str, str, str]:
    """What tells the two kinds of a paired row apart: its tag and class, and its first
    element's (a table's rows differ only by their cell's class)."""
    inner = node.child
    while inner is not None and (inner.tag or "-")[0] == "-":
        inner = inner.next
    return (
        node.tag or "",
        first_class(node.attributes),
        inner.tag or "" if inner is not None else "",
        first_class(inner.attributes) if inner is not None else "",
    )


def _alternating_run(shapes: list[tuple[str, str, str, str]], start: int) -> int:
    """How many siblings from ``start`` alternate between two different shapes."""
    first, second = shapes[start], shapes[start + 1]
    if first == second:
        return 0
    end = start
    while end < len(shapes) and shapes[end] == (first if (end - start) % 2 == 0 else second):
        end += 1
    return (end - start) // 2 * 2


def _read_pairs(
    run: list[LexborNode], clock: Clock
) -> list[tuple[LexborNode, LexborNode, RawComment]]:
    """Each pair's post, when every header gives a name and a time and every body words."""
    posts: list[tuple[LexborNode, LexborNode, RawComment]] = []
    for at in range(0, len(run), 2):
        header, body = run[at], run[at + 1]
        if len(node_text(header)) > _MAX_HEADER:
            return []
        author, posted, _ = settle_header(walk_block(header, skip=frozenset(), clock=clock), clock)
        if posted is None:
            posted = _time_in(header, clock)
        if not author or posted is None:
            return []
        walk = walk_block(body, skip=frozenset(), clock=clock)
        if walk.posted is not None:
            return []  # (a body with a time of its own is a post, not half of one)
        paras = [para for para in walk.paras if is_content(para.text)]
        if not paras:
            return []
        shown = read_net_score(body, set(), "\n".join(para.text for para in paras))
        comment_id = block_id(header) or block_id(body) or stable_id(author, posted, paras)
        votes = shown.votes if shown is not None else None
        posts.append((header, body, RawComment(comment_id, author, posted, votes, paras)))
    return posts


def _time_in(header: LexborNode, clock: Clock) -> datetime | None:
    """The time a header's own element shows ("<span class=s><b>12:29pm</b> On <b>Oct
    30</b></span>"), where no line of the walk reads as one."""
    for element in header.traverse():
        text = node_text(element)
        if len(text) <= 40 and (moment := clock.text(text)) is not None:
            return moment
    return None
