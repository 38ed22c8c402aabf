"""Threads in the 2channel style: a header line over each post's body, side by side.

Japan's anonymous boards and the blogs that repost them share one way of showing a post: a
header ``1：名無しさん：2025/07/08(火) 10:15:32 ID:K8dfe2Qw0`` (number, name, date with its
weekday, poster id), and the body in the element after it, not inside it: a ``<dt>`` and its
``<dd>`` (old 2channel, Shitaraba), a ``div.t_h`` and its ``div.t_b`` (livedoor "matome"
blogs). The block finder looks for one element per comment, so these are read here, from the
headers' own pattern. Replies start with ">>N": post N is their parent.

Looked for only when the page gave few comments otherwise (a matome blog's own reader
comments do not count against its thread), never on a long thread already read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.extract.comments import RawComment
from bot.extract.dom import node_text
from bot.extract.replyto import take_reply_number
from bot.extract.walk import walk_block

if TYPE_CHECKING:
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
