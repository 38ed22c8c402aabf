"""Reading a long thread's alike comment blocks by replaying the walk of one of them.

Walking a block node by node (:func:`bot.extract.walk.walk_block`) costs tens of microseconds
in Python, and a thread's blocks share their markup: only the texts and a few attribute values
(ids, links) differ. So the first block of each shape is walked with a trace and becomes a
:class:`BlockTemplate`:

* a regular expression of the block's serialized HTML in which every tag is literal, every text
  node a non-empty run and every id-like attribute value (``id``, ``href``, ``data-*``...) a
  group. A block it matches has the same elements with the same classes, styles and roles, and
  text nodes in the same places, provided it also has as many text nodes (two adjacent text
  nodes serialize as one run, so they are counted);
* the walk's paragraphs as lists of text-node numbers, and every decision the walk took on a
  text (a time? an author's name? a small vote widget? a profile link?) with its outcome;
* where the vote element sits, and what the vote widget's extent was decided on.

A matching block is read by replaying: its texts come from one ``text()`` call, each decision
is taken again on them by the very functions the walk uses, and must come out the same, else
the block is walked. A replayed block therefore gives exactly what walking it gives. Templates
are kept for the life of the process (a site's pages share their markup), at most
:data:`CAPACITY` of them; a shape is learnt only once a page shows it twice.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeAlias

from bot.extract.blocks import WIDGET_LEVELS, vote_widget, widens
from bot.extract.dom import collapse, is_parent_link
from bot.extract.replyto import PARENT_ATTRIBUTES
from bot.extract.walk import (
    EV_AUTHOR,
    EV_FLUSH,
    EV_HREF,
    EV_SPACE,
    EV_TEXT,
    EV_TIME,
    EV_VOTE,
    TIME_ATTRIBUTES,
    TOOLTIP_ATTRIBUTES,
    Clock,
    Para,
    TraceEvent,
    Walk,
    is_profile_link,
    is_small_widget,
    may_be_mislabelled,
    take_author,
    walk_block,
)

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from bot.extract.blocks import CommentBlock

log = logging.getLogger(__name__)

#: Templates kept per process, the oldest dropped first.
CAPACITY = 256
#: Templates one page may add.
LEARN_PER_PAGE = 32
#: Templates are learnt on pages with at least this many blocks they could read (learning
#: costs more than it saves on a short thread; its templates still serve short threads).
MIN_BLOCKS = 32
#: Blocks larger than this (serialized) are always walked.
MAX_HTML = 50_000

OP_PARA1, OP_PARA, OP_EMPTY, OP_HREF, OP_AUTHOR, OP_TIME, OP_VOTE = range(7)
Op = tuple[Any, ...]
#: Where an element's texts are among its block's: no text, one text node, or several.
Reader: TypeAlias = "int | itemgetter[Any] | None"

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.DOTALL)
#: Attributes whose values differ from block to block; the walk reads none but ``href``.
_VARYING = re.compile(r' (id|name|href|src|srcset|alt|parentid|parent-id|data-[^\s="]*)="([^"]*)"')
_FIXED_DATA = frozenset((*TIME_ATTRIBUTES, "data-type", *TOOLTIP_ATTRIBUTES))
#: Elements whose text is serialized unescaped: a ``<`` inside would look like markup.
_RAW_TEXT = frozenset(
    ("script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript")
)
_SEPARATOR = "\x00"
_TIME_ATTRIBUTES = (*TIME_ATTRIBUTES, "title", *TOOLTIP_ATTRIBUTES)
#: Templates kept for one number of tags, the oldest dropped first.
_PER_BUCKET = 8


@dataclass(frozen=True, slots=True, eq=False)
class BlockTemplate:
    """How to read a block of one shape without walking it (see the module doc)."""

    source: str  # the regular expression, also the template's identity
    pattern: re.Pattern[str]
    tags: int  # the ``<`` in the serialization: a cheap first test
    texts: int  # text nodes
    site_path: tuple[int, ...]  # sibling numbers from the vote element up to the block
    vote_slots: tuple[int, int]  # text nodes of the vote element
    widget_slots: tuple[tuple[int, int], ...]  # text nodes of each element above it, up
    widget_level: int  # how many of those the vote widget took
    program: Program
    identity: tuple[Any, ...]  # all of the above in comparable values: equal templates alike
    refs: bool = False  # whether its blocks name a parent post (:mod:`bot.extract.replyto`)


@dataclass(frozen=True, slots=True)
class Program:
    """A traced walk's ops (see :func:`_ops`) grouped for a fast replay.

    Ops that decide on the block's texts alone are taken first, in any order: a block failing
    one of them is walked whichever it fails first. Only times and names share the walk's state
    (the first time found counts), so they keep the walk's order.
    """

    blank: Reader  # every text node that must be whitespace (``OP_EMPTY``), at once
    checks: tuple[Op, ...]  # ``OP_HREF`` and ``OP_VOTE``
    paras: tuple[tuple[int | itemgetter[Any], int, int], ...]  # texts, quote, serial
    decisions: tuple[Op, ...]  # ``OP_TIME`` and ``OP_AUTHOR``, in the walk's order
    headings: tuple[int, ...]  # the serials of paragraphs read from a heading element

    @classmethod
    def of(cls, ops: list[Op], headings: tuple[int, ...]) -> Program:
        blank: list[int] = []
        checks: list[Op] = []
        paras: list[tuple[int | itemgetter[Any], int, int]] = []
        decisions: list[Op] = []
        for op in ops:
            code = op[0]
            if code in (OP_PARA1, OP_PARA):
                paras.append(op[1:4])
            elif code == OP_EMPTY:
                blank.extend(op[2])
            elif code in (OP_HREF, OP_VOTE):
                checks.append(op)
            else:
                decisions.append(op)
        return cls(_reader(blank), tuple(checks), tuple(paras), tuple(decisions), headings)


def sibling_path(node: LexborNode, stop_key: int, limit: int = 32) -> tuple[int, ...] | None:
    """Each element's number among its parent's children (text nodes count), from ``node`` up
    to the element whose key is ``stop_key``; ``None`` if that is not an ancestor."""
    path: list[int] = []
    current: LexborNode | None = node
    while current is not None and current.mem_id != stop_key:
        if len(path) >= limit:
            return None
        index = 0
        sibling = current.prev
        while sibling is not None:
            index += 1
            sibling = sibling.prev
        path.append(index)
        current = current.parent
    return tuple(path) if current is not None else None


def _split_texts(node: LexborNode) -> list[str]:
    return node.text(deep=True, separator=_SEPARATOR).split(_SEPARATOR)


def _unescape(value: str) -> str:
    return html_lib.unescape(value) if "&" in value else value


def _joined(texts: list[str], reader: Reader, separator: str) -> str:
    if reader is None:
        return ""
    if isinstance(reader, int):
        return texts[reader]
    return separator.join(reader(texts))


def replay(
    template: BlockTemplate, texts: list[str], values: tuple[str | Any, ...], clock: Clock
) -> Walk | None:
    """The walk of a block matching ``template`` (``texts``: its text nodes followed by one
    space, ``values``: the pattern's groups), or ``None`` when a text decides differently."""
    program = template.program
    blank = program.blank
    if blank is not None and _joined(texts, blank, "").strip():
        return None
    for op in program.checks:
        if op[0] == OP_HREF:
            group = op[1]
            href = _unescape(values[group] or "") if group is not None else ""
            if (bool(href) and is_profile_link(href)) != op[2]:
                return None
        elif is_small_widget(_joined(texts, op[1], "")) != op[2]:  # OP_VOTE
            return None
    paras: list[Para] = []
    for slots, quote, serial in program.paras:
        text = collapse(texts[slots] if isinstance(slots, int) else "".join(slots(texts)))
        if not text:
            return None
        paras.append(Para(text, quote, serial))
    out = Walk(paras, headings=program.headings)
    for op in program.decisions:
        if op[0] == OP_AUTHOR:
            _, reader, rank, outcome, serial = op
            if take_author(out, _joined(texts, reader, " "), rank, clock, serial) != outcome:
                return None
        else:  # OP_TIME
            _, attrs, from_attributes, found, reader, serial = op
            if out.posted is not None:
                return None
            moment = clock.attribute_time(attrs) if attrs is not None else None
            if (moment is not None) != from_attributes:
                return None
            if moment is None:
                moment = clock.text(_joined(texts, reader, " "))
            elif attrs is not None and may_be_mislabelled(attrs):
                moment = clock.as_shown(moment, attrs, _joined(texts, reader, " "))
            if (moment is not None) != found:
                return None
            if moment is not None:
                out.posted, out.posted_serial = moment, serial
    return out


class _BlockIndex:
    """The template block's text nodes and elements in document order."""

    def __init__(self, root: LexborNode) -> None:
        self.texts: list[str] = []
        self.slot: dict[int, int] = {}
        self.ordinal: dict[int, int] = {root.mem_id: 0}
        self.elements: list[LexborNode] = [root]
        self.ranges: dict[int, tuple[int, int]] = {}
        self.comments = 0
        self.ok = self._visit(root, 0)
        self.ranges[root.mem_id] = (0, len(self.texts))

    def _visit(self, node: LexborNode, depth: int) -> bool:
        if depth > 64 or node.tag in _RAW_TEXT:
            return False
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if not text or _SEPARATOR in text:
                    return False
                self.slot[child.mem_id] = len(self.texts)
                self.texts.append(text)
            elif tag == "-comment":
                self.comments += 1
            elif not tag or tag[0] == "-":
                return False
            else:
                key = child.mem_id
                self.ordinal[key] = len(self.elements)
                self.elements.append(child)
                start = len(self.texts)
                if not self._visit(child, depth + 1):
                    return False
                self.ranges[key] = (start, len(self.texts))
        return True


def _pattern(markup: str, index: _BlockIndex) -> tuple[str, dict[tuple[int, str], int]] | None:
    """The regular expression of a block's markup and, per (element number, attribute name),
    the group holding that attribute's value."""
    parts: list[str] = []
    groups: dict[tuple[int, str], int] = {}
    elements = texts = comments = position = 0
    for token in _TOKEN.finditer(markup):
        if token.start() != position:
            return None
        position = token.end()
        value = token.group()
        if value[0] != "<":
            parts.append("[^<]+")
            texts += 1
        elif value.startswith("<!--"):
            if "<" in value[4:] or ">" in value[4:-3]:
                return None
            parts.append(re.escape(value))
            comments += 1
        elif value.startswith("</"):
            parts.append(re.escape(value))
        else:
            start = 0
            for attribute in _VARYING.finditer(value):
                name = attribute.group(1)
                if name in _FIXED_DATA:
                    continue
                parts.append(re.escape(value[start : attribute.start(2)]))
                parts.append('([^"]*)')
                groups[(elements, name)] = len(groups)
                start = attribute.end(2)
            parts.append(re.escape(value[start:]))
            elements += 1
    if (position, elements, texts, comments) != (
        len(markup),
        len(index.elements),
        len(index.texts),
        index.comments,
    ):
        return None
    return "".join(parts), groups


def _reader(slots: Sequence[int]) -> Reader:
    """How to get some text nodes' texts out of a block's texts: one index, or a getter."""
    if not slots:
        return None
    return slots[0] if len(slots) == 1 else itemgetter(*slots)


def _ops(
    trace: list[TraceEvent], index: _BlockIndex, groups: dict[tuple[int, str], int]
) -> tuple[list[Op], list[Op]]:
    """The replay program of a traced walk, and the same in comparable values (text-node
    numbers where the program has getters)."""
    ops: list[Op] = []
    specs: list[Op] = []
    items: list[int] = []
    space = len(index.texts)  # replay appends one space to the block's texts
    serial = 0

    def add(op: Op, slots: Sequence[int]) -> None:
        ops.append(op)
        specs.append((*op[:1], tuple(slots), *(p for p in op[1:] if not callable(p))))

    for event in trace:
        code = event[0]
        if code == EV_TEXT:
            items.append(index.slot[event[1]])
        elif code == EV_SPACE:
            items.append(space)
        elif code == EV_FLUSH:
            para: Para | None = event[1]
            texts = [item for item in items if item != space]
            if para is not None and len(items) == 1:
                add((OP_PARA1, items[0], para.quote, para.serial), items)
            elif para is not None:
                add((OP_PARA, itemgetter(*items), para.quote, para.serial), items)
            elif texts:
                add((OP_EMPTY, _reader(texts), tuple(texts)), texts)
            items = []
            serial += 1
        elif code == EV_TIME:
            _, key, attrs, from_attributes, found = event
            if not any(attrs.get(name) for name in _TIME_ATTRIBUTES):
                attrs = None  # nothing but the text can give the time
            slots = range(*index.ranges[key])
            if attrs is not None or slots:  # else: no time, whatever the block
                add((OP_TIME, attrs, from_attributes, found, _reader(slots), serial), slots)
        elif code == EV_AUTHOR:
            _, key, rank, outcome = event
            slots = range(*index.ranges[key])
            if slots:  # else: no name, whatever the block
                add((OP_AUTHOR, _reader(slots), rank, outcome, serial), slots)
        elif code == EV_VOTE:
            slots = range(*index.ranges[event[1]])
            if slots:  # else: small, whatever the block
                add((OP_VOTE, _reader(slots), event[2]), slots)
        elif code == EV_HREF:
            group = groups.get((index.ordinal[event[1]], "href"))
            add((OP_HREF, group, event[2]), ())
    return ops, specs


def learn(
    block: LexborNode,
    markup: str,
    vote: LexborNode,
    widget: LexborNode,
    trace: list[TraceEvent],
    walk: Walk,
    clock: Clock,
) -> BlockTemplate | None:
    """A template from a block walked with ``trace`` (giving ``walk``), ``None`` when the
    block cannot be one (unusual markup) or replaying it would not give the same walk."""
    if len(markup) > MAX_HTML or vote.mem_id == block.mem_id or walk.verbatim:
        return None  # (a block keeping its line breaks: where they fall is no markup's)
    index = _BlockIndex(block)
    if not index.ok or not index.texts or _split_texts(block) != index.texts:
        return None
    built = _pattern(markup, index)
    site_path = sibling_path(vote, block.mem_id)
    if built is None or site_path is None:
        return None
    source, groups = built
    pattern = re.compile(source)
    match = pattern.fullmatch(markup)
    if match is None:
        return None
    for (ordinal, name), group in groups.items():  # the groups hold what the tree holds
        if _unescape(match.group(group + 1)) != (
            index.elements[ordinal].attributes.get(name) or ""
        ):
            return None
    widget_slots: list[tuple[int, int]] = []
    element = vote.parent
    while element is not None and element.mem_id != block.mem_id:
        if len(widget_slots) == WIDGET_LEVELS:
            break
        widget_slots.append(index.ranges[element.mem_id])
        element = element.parent
    level = 0
    ancestor: LexborNode | None = vote
    while ancestor is not None and ancestor.mem_id != widget.mem_id:
        ancestor = ancestor.parent
        level += 1
    if ancestor is None:
        return None
    ops, specs = _ops(trace, index, groups)
    vote_slots = index.ranges[vote.mem_id]
    template = BlockTemplate(
        source=source,
        pattern=pattern,
        tags=markup.count("<"),
        texts=len(index.texts),
        site_path=site_path,
        vote_slots=vote_slots,
        widget_slots=tuple(widget_slots),
        widget_level=level,
        program=Program.of(ops, walk.headings),  # (where headings are, the markup says)
        identity=(source, site_path, vote_slots, tuple(widget_slots), level, tuple(specs)),
        refs=any(name in PARENT_ATTRIBUTES for _, name in groups)
        or any(is_parent_link(element.attributes) for element in index.elements),
    )
    if _widget_level(template, index.texts) != level:
        return None
    if replay(template, [*index.texts, " "], match.groups(), clock) != walk:
        log.debug("a block's replayed walk differs from its walk; not a template")
        return None
    return template


def _widget_level(template: BlockTemplate, texts: list[str]) -> int:
    start, end = template.vote_slots
    vote_text = "".join(texts[start:end])
    level = 0
    for start, end in template.widget_slots:
        if not widens(vote_text, " ".join(texts[start:end])):
            break
        level += 1
    return level


class TemplateBook:
    """The templates learnt so far, by the number of tags of their blocks."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._by_tags: dict[int, tuple[BlockTemplate, ...]] = {}
        self._order: deque[BlockTemplate] = deque()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[BlockTemplate]:
        return iter(tuple(self._order))

    def candidates(self, tags: int) -> tuple[BlockTemplate, ...]:
        return self._by_tags.get(tags, ())

    def add(self, template: BlockTemplate) -> bool:
        """Keep ``template`` (unless an equal one is kept already); ``True`` when added."""
        with self._lock:
            bucket = self._by_tags.get(template.tags, ())
            if any(t.identity == template.identity for t in bucket):
                return False
            if len(bucket) >= _PER_BUCKET:
                self._forget(bucket[0])
                bucket = self._by_tags.get(template.tags, ())
            self._by_tags[template.tags] = (*bucket, template)
            self._order.append(template)
            while len(self._order) > self.capacity:
                self._forget(self._order[0])
            return True

    def _forget(self, template: BlockTemplate) -> None:
        self._order.remove(template)
        kept = tuple(t for t in self._by_tags[template.tags] if t is not template)
        if kept:
            self._by_tags[template.tags] = kept
        else:
            del self._by_tags[template.tags]

    def clear(self) -> None:
        with self._lock:
            self._by_tags.clear()
            self._order.clear()


#: The process's templates.
BOOK = TemplateBook()


class TemplateReader:
    """Walks for the comment blocks of one page, replayed from templates where one fits."""

    def __init__(self, clock: Clock, book: TemplateBook | None = None) -> None:
        self.clock = clock
        self.book = book if book is not None else BOOK
        self.learn_left = LEARN_PER_PAGE
        #: Whether this page may add templates (it has enough blocks alike to be worth it).
        self.learning = False
        self.missed_tags: set[int] = set()
        #: Per number of tags, the template that read the last block: tried first, since a
        #: failed match costs nearly as much as a successful one (the blocks of a shape differ
        #: late, in their vote widget's classes) and neighbouring blocks are often alike.
        self.last_fit: dict[int, BlockTemplate] = {}
        self.replayed = self.walked = self.learnt = 0
        #: Whether the last block was replayed by a template whose blocks name no parent post.
        self.replayed_plain = False

    def walk(self, block: CommentBlock, skip: set[int]) -> Walk:
        """The walk of a leaf block whose only skipped element inside is its own vote widget
        (not in ``skip``: it is worked out here, and only when the block is really walked)."""
        node = block.node
        site = block.site
        assert site is not None
        self.replayed_plain = False
        if not self.learning and not self.book:
            self.walked += 1
            return self._walk(block, site.element, skip, None)
        markup = node.html or ""
        tags = markup.count("<")
        texts: list[str] | None = None
        site_path: tuple[int, ...] | None = None
        candidates = self.book.candidates(tags)
        last = self.last_fit.get(tags)
        if last is not None and candidates and candidates[0] is not last:
            candidates = (last, *(t for t in candidates if t is not last))
        for template in candidates:
            match = template.pattern.fullmatch(markup)
            if match is None:
                continue
            if texts is None:
                texts = _split_texts(node)
                texts.append(" ")
                site_path = sibling_path(site.element, block.key)
            if (
                len(texts) != template.texts + 1
                or site_path != template.site_path
                or _widget_level(template, texts) != template.widget_level
            ):
                continue
            walk = replay(template, texts, match.groups(), self.clock)
            if walk is not None:
                self.replayed += 1
                self.replayed_plain = not template.refs
                self.last_fit[tags] = template
                return walk
        self.walked += 1
        learn_now = (
            self.learning
            and self.learn_left > 0
            and tags in self.missed_tags  # a shape is learnt when it shows up again
            and len(markup) <= MAX_HTML
            and (self.learnt < 4 or self.replayed >= self.learnt)  # while templates pay off
        )
        self.missed_tags.add(tags)
        return self._walk(block, site.element, skip, markup if learn_now else None)

    def _walk(
        self, block: CommentBlock, vote: LexborNode, skip: set[int], markup: str | None
    ) -> Walk:
        """Walk the block (its vote widget skipped); with ``markup``, learn a template too."""
        node = block.node
        widget = vote_widget(vote, block.key)
        added = widget.mem_id not in skip
        skip.add(widget.mem_id)
        trace: list[TraceEvent] | None = [] if markup is not None else None
        try:
            walk = walk_block(node, skip=skip, clock=self.clock, trace=trace)
        finally:
            if added:
                skip.discard(widget.mem_id)
        if markup is not None and trace is not None:
            self.learn_left -= 1
            template = learn(node, markup, vote, widget, trace, walk, self.clock)
            if template is not None and self.book.add(template):
                self.learnt += 1
        return walk
