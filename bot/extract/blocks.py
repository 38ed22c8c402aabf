"""The structural comment finder: from vote elements to the comment blocks that hold them.

A comment section is a list of repeated blocks. Starting from each vote element, we climb to
the lowest ancestor that has siblings of the same kind (same tag and first class) that also
contain votes: that ancestor is one comment. Replies nested inside their parent are the same
kind of block, so a reply that is an only child is recognised by the kind learnt from the
others. Nothing here depends on class names meaning anything: hashed ``css-1x9abc`` classes
work as well as ``comment``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.extract.dom import HEADING_TAGS, ChromeCheck, collapse, first_class, is_content, within
from bot.extract.lone import lone_block
from bot.extract.walk import Clock

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from bot.extract.votes import VoteSite

_MAX_UP = 16
#: How many elements above the vote element the widget may reach.
WIDGET_LEVELS = 4
_SAMPLE = 40
_TOP = frozenset(("body", "html", "-document"))
Signature = tuple[str, str]


@dataclass(slots=True)
class CommentBlock:
    node: LexborNode
    site: VoteSite | None
    parent_key: int | None = None
    key: int = field(init=False)  # the node's ``mem_id``

    def __post_init__(self) -> None:
        self.key = self.node.mem_id


def _signature(node: LexborNode) -> Signature:
    return node.tag or "", first_class(node.attributes)


@dataclass(slots=True)
class _Siblings:
    """What the vote-holding children of one parent look like."""

    signatures: Counter[Signature]
    tags: Counter[str]
    total: int


class _Finder:
    def __init__(self, sites: list[VoteSite]) -> None:
        self.sites = sites
        self.holds_votes: Counter[int] = Counter()
        self.parents: dict[int, _Siblings] = {}
        for site in sites:
            node: LexborNode | None = site.element
            for _ in range(_MAX_UP):
                if node is None or node.tag in _TOP:
                    break
                self.holds_votes[node.mem_id] += 1
                node = node.parent

    def siblings(self, parent: LexborNode) -> _Siblings:
        key = parent.mem_id
        info = self.parents.get(key)
        if info is None:
            signatures: Counter[Signature] = Counter()
            tags: Counter[str] = Counter()
            for child in parent.iter():
                if child.mem_id in self.holds_votes:
                    signature = _signature(child)
                    signatures[signature] += 1
                    tags[signature[0]] += 1
            info = _Siblings(signatures, tags, sum(tags.values()))
            self.parents[key] = info
        return info

    def repeated_ancestor(self, site: VoteSite) -> tuple[LexborNode, int, bool] | None:
        """The lowest ancestor of the vote element with vote-holding siblings of its kind, its
        depth, and whether the kind was told by the tag alone (siblings alike in tag, not in
        class: weaker evidence)."""
        node = site.element.parent
        depth = 1
        while node is not None and depth <= _MAX_UP and node.tag not in _TOP:
            parent = node.parent
            if parent is None:
                return None
            info = self.siblings(parent)
            signature = _signature(node)
            if info.signatures[signature] >= 2:
                return node, depth, False
            if (
                info.tags[signature[0]] >= 2
                and info.tags[signature[0]] == info.total
                and not _only_the_widget(node, site)
            ):
                return node, depth, True
            node = parent
            depth += 1
        return None

    @staticmethod
    def lowest_of_kind(
        site: VoteSite, kinds: dict[Signature, int], shallowest: int
    ) -> LexborNode | None:
        """The lowest ancestor that is one of the learnt block kinds, at its usual depth or more
        (``shallowest``: the least of those depths, below which no kind is looked at)."""
        node = site.element.parent
        depth = 1
        while node is not None and depth <= _MAX_UP:
            tag = node.tag
            if tag in _TOP:
                return None
            if depth >= shallowest:
                min_depth = kinds.get((tag or "", first_class(node.attributes)))
                if min_depth is not None and depth >= min_depth:
                    return node
            node = node.parent
            depth += 1
        return None


def _only_the_widget(node: LexborNode, site: VoteSite) -> bool:
    """Whether ``node`` shows nothing but its vote widget (NetEase wraps its tool bar in a
    ``<div>`` beside the quoted posts' ``<div>``): a wrapper, not a comment."""
    return len(node.text(deep=True).strip()) <= len(site.element.text(deep=True).strip())


def _lone_site(sites: list[VoteSite], chrome: ChromeCheck) -> int | None:
    """The index of the page's only vote outside page chrome, if there is one such vote."""
    if len(sites) == 1:
        return 0
    outside = [index for index, site in enumerate(sites) if not chrome(site.element.parent)]
    return outside[0] if len(outside) == 1 else None


def _single_block(sites: list[VoteSite], index: int, clock: Clock | None) -> LexborNode | None:
    """A lone comment: grown upward from its vote line (see :mod:`bot.extract.lone`)."""
    # imported here: voteless imports this module
    from bot.extract.voteless import read_count_label

    others: set[int] = set()
    for position, site in enumerate(sites):
        node = site.element if position != index else None
        while node is not None and node.mem_id not in others:
            others.add(node.mem_id)
            node = node.parent
    return lone_block(
        sites[index].element,
        clock=clock or Clock(datetime.now(UTC), "UTC"),
        other_votes=others,
        widget_of=vote_widget,
        is_count_label=lambda text: read_count_label(text) is not None,
    )


def find_comment_blocks(
    sites: list[VoteSite], *, chrome: ChromeCheck | None = None, clock: Clock | None = None
) -> list[CommentBlock]:
    """One block per comment, in page order, each with the key of the block it is nested in.

    The kinds of block are learnt from the first votes (a sample is enough: a thread's blocks
    are alike); every other vote's block is then its lowest ancestor of a learnt kind. Votes
    that fit no learnt kind get the full treatment. A page's only vote (besides votes in page
    chrome) has nothing to compare with: its block is grown from it, reading with ``clock``.
    """
    if not sites:
        return []
    chrome = chrome or ChromeCheck()
    sample = sites[:_SAMPLE]
    finder = _Finder(sample)
    chosen: list[LexborNode | None] = [None] * len(sites)
    kinds: dict[Signature, int] = {}
    #: Kinds told by their class too. A block told by its tag alone may be wrong: a lone
    #: reply's list beside its parent's vote widget, or a comment's body beside its replies'
    #: list, are the only vote-holders of their parent, and both ``<div>``s.
    classed: dict[Signature, int] = {}
    by_tag: list[int] = []
    for index, site in enumerate(sample):
        found = finder.repeated_ancestor(site)
        if found is not None:
            node, depth, weak = found
            chosen[index] = node
            signature = _signature(node)
            kinds[signature] = min(depth, kinds.get(signature, depth))
            if weak:
                by_tag.append(index)
            else:
                classed[signature] = min(depth, classed.get(signature, depth))
    owners = Counter(node.mem_id for node in chosen if node is not None)
    if by_tag and classed:
        _prefer_classed_kinds(sample, chosen, by_tag, finder, classed, owners, kinds)
    shallowest = min(kinds.values(), default=0)
    if kinds:
        _prefer_lower_kinds(sample, chosen, finder, kinds, shallowest, owners)
    for index, site in enumerate(sites):
        current = chosen[index]
        if current is not None and owners[current.mem_id] == 1:
            continue
        if kinds:
            chosen[index] = finder.lowest_of_kind(site, kinds, shallowest)
    missing = [index for index, node in enumerate(chosen) if node is None]
    if missing and len(sites) > len(sample):
        everything = _Finder(sites)
        for index in missing:
            found = everything.repeated_ancestor(sites[index])
            chosen[index] = found[0] if found is not None else None
    lone = _lone_site(sites, chrome) if None in chosen else None
    if lone is not None and chosen[lone] is None:
        chosen[lone] = _single_block(sites, lone, clock)
    blocks: list[CommentBlock] = []
    taken: set[int] = set()
    chosen_keys = {node.mem_id for node in chosen if node is not None}
    for site, block_node in zip(sites, chosen, strict=True):
        if block_node is None:
            continue
        key = block_node.mem_id
        if key in taken or (
            chrome(block_node.parent) and not _reply_in_thread(block_node, chosen_keys, chrome)
        ):
            continue
        taken.add(key)
        blocks.append(CommentBlock(block_node, site))
    link_nesting(blocks)
    return blocks


def _reply_in_thread(node: LexborNode, chosen: set[int], chrome: ChromeCheck) -> bool:
    """Whether a block the chrome check refuses is a reply inside a comment that is no chrome:
    the chrome check's words are page furniture's, but a comment may wear one ("talkbackItem
    recommended": an editors' pick on Ynet, whose replies are inside it)."""
    element = node.parent
    for _ in range(_MAX_UP * 2):
        if element is None or element.tag in _TOP:
            return False
        if element.mem_id in chosen:
            return not chrome(element.parent)
        element = element.parent
    return False


def _prefer_classed_kinds(
    sample: list[VoteSite],
    chosen: list[LexborNode | None],
    by_tag: list[int],
    finder: _Finder,
    classed: dict[Signature, int],
    owners: Counter[int],
    kinds: dict[Signature, int],
) -> None:
    """A block told by its tag alone yields to its vote's nearest ancestor of a kind told by
    its class too, above or below it, when no other vote chose that one. The kinds it was
    told by are then forgotten (unless told by class elsewhere): the other votes' blocks are
    looked for among the kinds that held."""
    shallowest = min(classed.values())
    replaced: set[Signature] = set()
    for index in by_tag:
        current = chosen[index]
        if current is None or owners[current.mem_id] != 1:
            continue
        better = finder.lowest_of_kind(sample[index], classed, shallowest)
        if better is None or better.mem_id == current.mem_id or better.mem_id in owners:
            continue
        chosen[index] = better
        owners[better.mem_id] += 1
        del owners[current.mem_id]
        replaced.add(_signature(current))
    for signature in replaced - classed.keys():
        del kinds[signature]


def _prefer_lower_kinds(
    sample: list[VoteSite],
    chosen: list[LexborNode | None],
    finder: _Finder,
    kinds: dict[Signature, int],
    shallowest: int,
    owners: Counter[int],
) -> None:
    """A block that holds, around its vote, an element of a learnt kind is a list of replies
    holding one (derStandard's ``<section class="thread">`` after its parent posting, alike to
    the other threads around it), or a deleted comment's element holding its only reply
    (Toyo Keizai): that element is the comment."""
    for index, site in enumerate(sample):
        current = chosen[index]
        if current is None or owners[current.mem_id] != 1:
            continue
        lower = finder.lowest_of_kind(site, kinds, shallowest)
        if (
            lower is not None
            and lower.mem_id != current.mem_id
            and lower.mem_id not in owners
            and within(lower, current.mem_id)
        ):
            chosen[index] = lower
            owners[lower.mem_id] += 1
            del owners[current.mem_id]


def link_nesting(blocks: list[CommentBlock]) -> None:
    """Set each block's ``parent_key`` and put parents before their replies (page order).

    A reply sits inside its parent's block, or inside the element that holds its parent's
    block and nothing else of the thread's (``<article><div class=body>…</div><div
    class=replies><article>…`` : the block is the body, the article its container).
    """
    keys = {block.key for block in blocks}
    containers = _sole_containers(blocks)
    memo: dict[int, int | None] = {}
    owners: dict[int, int | None] = {}
    nested = False
    for block in blocks:
        path: list[int] = []
        node = block.node.parent
        if node is not None and containers.get(node.mem_id) == block.key:
            node = node.parent  # its own container: what is inside it is its own
        found: int | None = None
        while node is not None and node.tag not in _TOP:
            key = node.mem_id
            if key in memo:
                found = memo[key]
                break
            path.append(key)
            if key in keys:
                found = key
                break
            if key in containers:
                found = containers[key]
                break
            node = node.parent
        for key in path:
            memo[key] = found if key not in keys else key
        if found is None:
            found = _reply_list_owner(block.node, keys, containers, owners)
        block.parent_key = found
        nested = nested or found is not None
    if nested:
        _sort_in_page_order(blocks, containers)


def _reply_list_owner(
    node: LexborNode, keys: set[int], containers: dict[int, int], known: dict[int, int | None]
) -> int | None:
    """The block whose replies ``node`` is among when they follow it in a list of their own:
    Drupal's ``<article id="comment-412">…</article><div class="indented"><article …>``.
    Only the two elements above ``node`` are asked, and only when they are no blocks (the
    answer for the element above is kept in ``known``: a thread's blocks share it)."""
    parent = node.parent
    if parent is None:
        return None
    key = parent.mem_id
    if key not in known:
        known[key] = _list_owner(parent, keys, containers)
    return known[key]


def _list_owner(
    element: LexborNode | None, keys: set[int], containers: dict[int, int]
) -> int | None:
    for _ in range(2):
        if element is None or element.tag in _TOP or element.mem_id in keys:
            return None
        previous = element.prev
        while previous is not None and (previous.tag or "-")[0] == "-":
            previous = previous.prev
        if previous is not None:
            if _signature(previous) == _signature(element):
                return None  # one of a flat list's items, each wrapping a block
            if _headed(element, keys, containers):
                return None  # a section of its own ("その他の回答（7件）" after the best answer)
            owner = previous.mem_id
            if owner in keys:
                return owner
            if owner in containers:
                return containers[owner]
            return None
        element = element.parent
    return None


def _headed(element: LexborNode, keys: set[int], containers: dict[int, int]) -> bool:
    """Whether ``element`` opens with a heading (or a header holding one) that is no block's."""
    first = element.child
    while first is not None and (first.tag or "-")[0] == "-":
        first = first.next
    if first is None or first.mem_id in keys or first.mem_id in containers:
        return False
    return first.tag in HEADING_TAGS or (
        first.tag in ("div", "header") and first.css_first("h1, h2, h3, h4, h5, h6") is not None
    )


def _sole_containers(blocks: list[CommentBlock]) -> dict[int, int]:
    """Parent elements, not blocks themselves, holding exactly one block among their
    children: container → block."""
    keys = {block.key for block in blocks}
    held: dict[int, list[int]] = {}
    for block in blocks:
        parent = block.node.parent
        if parent is not None and parent.tag not in _TOP and parent.mem_id not in keys:
            held.setdefault(parent.mem_id, []).append(block.key)
    return {container: keys[0] for container, keys in held.items() if len(keys) == 1}


def _sort_in_page_order(blocks: list[CommentBlock], containers: dict[int, int]) -> None:
    roots = []
    for block in blocks:
        if block.parent_key is None:
            parent = block.node.parent
            owned = parent is not None and containers.get(parent.mem_id) == block.key
            roots.append(parent if owned and parent is not None else block.node)
    keys = {block.key for block in blocks}
    order: dict[int, int] = {}
    for root in roots:
        for node in root.traverse():
            key = node.mem_id
            if key in keys and key not in order:
                order[key] = len(order)
    # a reply in a list of its own after its parent (no root holds it) follows the parent
    places: dict[int, tuple[int, int, int]] = {}
    for index, block in enumerate(blocks):
        if block.key in order:
            places[block.key] = (order[block.key], 0, 0)
        else:
            owner = places.get(block.parent_key) if block.parent_key is not None else None
            places[block.key] = (owner[0], 1, index) if owner else (len(order), 1, index)
    blocks.sort(key=lambda block: places[block.key])


def vote_widget(vote: LexborNode, block_key: int) -> LexborNode:
    """The vote element with what surrounds it inside the block and is not text: buttons,
    "Reply · Report" links. Skipping it whole keeps the walk short."""
    widget = vote
    vote_text = vote.text(deep=True)
    for _ in range(WIDGET_LEVELS):
        parent = widget.parent
        if parent is None or parent.mem_id == block_key:
            break
        if not widens(vote_text, parent.text(deep=True, separator=" ")):
            break
        widget = parent
    return widget


_extra_is_content: dict[str, bool] = {}


def widens(vote_text: str, text: str) -> bool:
    """Whether an element whose text is ``text`` around the vote line ``vote_text`` still
    belongs to the vote widget: no more than 40 more characters, and none of them content."""
    if len(text) - len(vote_text) > 40:
        return False
    extra = text.replace(vote_text, " ", 1)
    content = _extra_is_content.get(extra)
    if content is None:
        content = is_content(collapse(extra))
        if len(_extra_is_content) >= 4096:
            _extra_is_content.clear()
        _extra_is_content[extra] = content
    return not content
