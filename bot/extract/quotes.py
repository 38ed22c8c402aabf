"""Replies and quotes: telling a commenter's own words from the passages they quote.

On Japan Today a reply starts with paragraphs of the comment it answers, sometimes in a
``<blockquote>``, sometimes after a header that glues the quoted user's name to the time
(``danToday  06:39 pm JST``), sometimes as plain paragraphs, or with a trailing
``........Peter Neil``. Quoted passages are removed from the reply's text; the comment whose own
words contain the passage becomes the reply's ``parent`` (the named user's comment first). A
passage of the article itself gives no parent. Plain paragraphs count as quotes only when they
repeat another comment or the article exactly; explicitly marked ones are always removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.extract.times import parse_posted, split_byline
from bot.models import Comment

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.extract.comments import RawComment

ARTICLE = -1
_KEY_STRIP = " \"“”'‘’`.,!?…:;-–—()[]«»「」>"
_NON_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+")
_WROTE = re.compile(
    r"(?:(?:quote|quoting|originally posted by|in reply to)\s*:?\s*)?(?P<name>\S.{0,40}?)\s+"
    r"(?:wrote|said|says|writes)\s*:?\s*",
    re.IGNORECASE,
)
_QUOTE_FROM = re.compile(
    r"(?:quote from|quoting|originally posted by)\s*:?\s*(?P<name>\S.{0,40}?)\s*:?", re.IGNORECASE
)
_ATTRIBUTION = re.compile(
    r"(?P<quote>.{12,}?)\s*(?:\.{3,}|…+)\s*[-–—~]?\s*(?P<name>[^\s.…][^.…]{0,40})"
)
_QUOTE_OPENERS = ('"', "“", "'", "‘", "「", "«", ">")
_EPOCH = datetime.min.replace(tzinfo=UTC)


def _key(text: str) -> str:
    """Exact-match key: a quote is pasted, so only the ends (quote marks, stops) may differ."""
    return text.strip(_KEY_STRIP)


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def _name_key(name: str) -> str:
    return "".join(name.lower().split())


def quote_header(text: str) -> tuple[str, str | None] | None:
    """``"danToday 06:39 pm JST"`` → ``("dan", "Today 06:39 pm JST")``; ``"dan wrote:"`` →
    ``("dan", None)``; a line that introduces no quote → ``None``."""
    if len(text) > 100:
        return None
    byline = split_byline(text)
    if byline is not None:
        return byline
    low = text.lower()
    if low.rstrip(" :").endswith(("wrote", "said", "says", "writes")):
        match = _WROTE.fullmatch(text)
    elif low.startswith(("quote", "quoting", "originally", "in reply")):
        match = _QUOTE_FROM.fullmatch(text)
    else:
        return None
    return (match.group("name").strip(), None) if match is not None else None


@dataclass(slots=True)
class _Segment:
    kind: str  # "own" | "quote" | "header"
    texts: list[str]
    name: str | None = None
    when: str | None = None


def _segments(raw: RawComment) -> list[_Segment]:
    paras = raw.paragraphs
    segments: list[_Segment] = []
    index = 0
    while index < len(paras):
        para = paras[index]
        if para.quote:
            texts = []
            while index < len(paras) and paras[index].quote == para.quote:
                texts.append(paras[index].text)
                index += 1
            header = quote_header(texts[0])
            name, when = header if header else (None, None)
            if header:
                texts = texts[1:]
            if not texts:
                segments.append(_Segment("header", [], name or None, when))
                continue
            if segments and segments[-1].kind == "header" and not name:
                previous = segments.pop()
                name, when = previous.name, previous.when
            segments.append(_Segment("quote", texts, name or None, when))
            continue
        header = quote_header(para.text) if index + 1 < len(paras) else None
        if header is not None and header[0]:
            segments.append(_Segment("header", [], header[0], header[1]))
        else:
            segments.append(_Segment("own", [para.text]))
        index += 1
    return segments


@dataclass(slots=True)
class _Index:
    """Where each passage of own text (and of the article) can be found."""

    comments: Sequence[RawComment]
    own: list[list[str]]
    article: list[str]
    now: datetime | None = None
    tz: str = "Asia/Tokyo"
    exact: dict[str, list[int]] = field(default_factory=dict)
    _texts: dict[int, str] | None = None
    _starts: dict[str, list[int]] | None = None

    def __post_init__(self) -> None:
        for owner, texts in enumerate(self.own):
            for text in texts:
                self.exact.setdefault(_key(text), []).append(owner)
        for text in self.article:
            self.exact.setdefault(_key(text), []).append(ARTICLE)

    def _all_texts(self) -> dict[int, str]:
        if self._texts is None:
            self._texts = {owner: _norm(" ".join(texts)) for owner, texts in enumerate(self.own)}
            self._texts[ARTICLE] = _norm(" ".join(self.article))
        return self._texts

    def _sentence_starts(self) -> dict[str, list[int]]:
        if self._starts is None:
            self._starts = {}
            sources = [*enumerate(self.own), (ARTICLE, self.article)]
            for owner, texts in sources:
                for text in texts:
                    for sentence in _SENTENCE_END.split(text):
                        start = " ".join(_norm(sentence).split()[:4])
                        if start:
                            owners = self._starts.setdefault(start, [])
                            if not owners or owners[-1] != owner:
                                owners.append(owner)
        return self._starts

    def holders(self, text: str, *, loose: bool, asker: int) -> list[int]:
        """Comments (or ``ARTICLE``) other than ``asker`` whose own words contain ``text``.

        Exact paragraphs always; with ``loose``, also a passage starting at a sentence and,
        failing that, any passage of at least a few words.
        """
        found = [o for o in self.exact.get(_key(text), ()) if o != asker]
        if found or not loose:
            return found
        needle = _norm(text)
        if len(needle) < 12:
            return []
        texts = self._all_texts()
        start = " ".join(needle.split()[:4])
        found = [
            o for o in self._sentence_starts().get(start, ()) if o != asker and needle in texts[o]
        ]
        if found:
            return found
        return [o for o, haystack in texts.items() if o != asker and needle in haystack]

    def by_name_and_time(self, name: str, when: str) -> int | None:
        if self.now is None:
            return None
        moment = parse_posted(when, now=self.now, tz=self.tz)
        if moment is None:
            return None
        wanted = _name_key(name)
        matches = [
            index
            for index, comment in enumerate(self.comments)
            if comment.posted == moment and _name_key(comment.author) == wanted
        ]
        return matches[0] if len(matches) == 1 else None

    def choose(
        self, holders: list[int], reply_index: int, name: str | None, *, implicit: bool = False
    ) -> int | None:
        """The comment (or ``ARTICLE``) a quote comes from: the named author's first, else the
        article, else the oldest. A plain paragraph (``implicit``) only counts as a quote of an
        older comment, so that the original of a repeated paragraph keeps it."""
        reply = self.comments[reply_index]
        holders = [h for h in holders if h != reply_index]
        older = [h for h in holders if h == ARTICLE or self._older(h, reply)]
        holders = older if (older or implicit) else holders
        if not holders:
            return None
        if name:
            wanted = _name_key(name)
            named = [
                h for h in holders if h != ARTICLE and _name_key(self.comments[h].author) == wanted
            ]
            if named:
                return min(named, key=self._age)
        if ARTICLE in holders:
            return ARTICLE
        return min(holders, key=self._age)

    def _older(self, index: int, reply: RawComment) -> bool:
        comment = self.comments[index]
        if comment.posted is not None and reply.posted is not None:
            return comment.posted <= reply.posted
        return comment.position < reply.position

    def _age(self, index: int) -> tuple[datetime, int]:
        """Sort key: posted time (unknown: oldest possible), then page position."""
        comment = self.comments[index]
        return comment.posted or _EPOCH, comment.position


def _split_attribution(text: str) -> tuple[str, str | None]:
    if "..." not in text and "…" not in text:
        return text, None
    match = _ATTRIBUTION.fullmatch(text)
    if match is None or len(match.group("name").split()) > 4:
        return text, None
    return match.group("quote"), match.group("name").strip()


def resolve_comments(
    raws: Sequence[RawComment],
    article: Sequence[str] = (),
    *,
    now: datetime | None = None,
    tz: str = "Asia/Tokyo",
) -> list[Comment]:
    """Own text and parent for every comment.

    ``article`` is the article's paragraphs; ``now`` (the fetch time) and ``tz`` read the times
    in quote headers, which can name the quoted comment when its text was edited.
    """
    segmented = [_segments(raw) for raw in raws]
    own = [[s.texts[0] for s in segments if s.kind == "own"] for segments in segmented]
    index = _Index(raws, own, list(article), now=now, tz=tz)
    comments: list[Comment] = []
    for position, (raw, segments) in enumerate(zip(raws, segmented, strict=True)):
        kept, targets = _own_words(position, raw, segments, index)
        parent = raw.parent
        if parent is None:
            parent = next((raws[t].id for t in targets if t != ARTICLE), None)
        votes = raw.votes
        comments.append(
            Comment(
                id=raw.id,
                author=raw.author,
                text="\n\n".join(kept),
                posted=raw.posted,
                score=votes.score if votes else None,
                up=votes.up if votes else None,
                down=votes.down if votes else None,
                parent=parent,
                position=raw.position,
            )
        )
    replies: dict[str, int] = {}
    for comment in comments:
        if comment.parent is not None:
            replies[comment.parent] = replies.get(comment.parent, 0) + 1
    if replies:
        comments = [replace(c, replies=replies[c.id]) if c.id in replies else c for c in comments]
    return comments


def _own_words(
    position: int, raw: RawComment, segments: list[_Segment], index: _Index
) -> tuple[list[str], list[int]]:
    """The paragraphs that are the commenter's own, and what each quote was found in."""
    kept: list[str] = []
    targets: list[int] = []
    own_left = sum(1 for s in segments if s.kind == "own")
    cursor = 0
    while cursor < len(segments):
        segment = segments[cursor]
        cursor += 1
        if segment.kind == "quote":
            target = _find(segment.texts, segment.name, segment.when, position, raw, index)
            if target is not None:
                targets.append(target)
            continue
        if segment.kind == "header":
            taken = 0
            while cursor < len(segments) and segments[cursor].kind == "own" and own_left > 1:
                holders = index.holders(segments[cursor].texts[0], loose=True, asker=position)
                target = index.choose(holders, position, segment.name) if holders else None
                if target is None and taken:
                    break
                if target is None:
                    target = _find([], segment.name, segment.when, position, raw, index)
                if target is not None:
                    targets.append(target)
                taken += 1
                own_left -= 1
                cursor += 1
                if target is None:
                    break
            continue
        text = segment.texts[0]
        if own_left > 1 and text.count(" ") >= 3:
            passage, name = _split_attribution(text)
            loose = name is not None or text.startswith(_QUOTE_OPENERS)
            holders = index.holders(passage, loose=loose, asker=position)
            target = index.choose(holders, position, name, implicit=True) if holders else None
            if target is not None:
                targets.append(target)
                own_left -= 1
                continue
        kept.append(text)
    return kept, targets


def _find(
    texts: list[str],
    name: str | None,
    when: str | None,
    position: int,
    raw: RawComment,
    index: _Index,
) -> int | None:
    for text in texts:
        holders = index.holders(text, loose=True, asker=position)
        if holders:
            return index.choose(holders, position, name)
    if name and when:
        return index.by_name_and_time(name, when)
    return None
