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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING

from bot.extract.times import parse_posted, split_byline
from bot.models import Comment

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.extract.comments import RawComment

ARTICLE = -1
_KEY_STRIP = " \"“”'‘’`.,!?…:;-–—()[]«»「」>"
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
_ASCII_NON_WORD = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+")
_WROTE = re.compile(
    r"(?:(?:quote|quoting|originally posted by|in reply to)\s*:?\s*)?(?P<name>\S.{0,40}?)\s+"
    # ("posted:" with its colon: Something Awful's "Brisketeer posted:" over a quote)
    r"(?:(?:wrote|said|says|writes)\s*:?|posted\s*:)\s*",
    re.IGNORECASE,
)
#: "wrote" in the other languages quotes are headed in, with the time after it or before
#: the name: "Quellcodeleser schrieb am 07.07.2025 20:41:", "Le 08 juillet 2025 à 10:15:32
#: Pseudo a écrit :", "Ana escribió:", "Kuba napisał:", "Иван написал(а):".
_WROTE_VERBS = (
    *("schrieb", "schreef", "a écrit", "escribió", "escreveu", "ha scritto"),
    *("napisał", "napisala", "написал", "wrote"),
)
_VERB = (
    r"(?:schrieb|schreef|a\s+écrit|escribió|escreveu|ha\s+scritto|napisał\w?|написал\S{0,4}"
    r"|wrote)"
)
_WROTE_ABROAD = re.compile(
    rf"(?:(?:le|am|on)\s+(?P<before>.{{4,40}}),?\s+)?(?P<name>\S.{{0,40}}?)\s+{_VERB}"
    r"(?:\s+(?:am|on|le|el|em|il|op)\s+(?P<after>.{4,40}?))?\s*:?\s*"
    # "Am 07.07.2025 schrieb Quellcodeleser:"
    rf"|(?:am|on|le)\s+(?P<first>.{{4,40}}?),?\s+{_VERB}\s+(?P<named>\S.{{0,40}}?)\s*:?\s*",
    re.IGNORECASE,
)
_SAID_IN = re.compile(r"@?(?P<name>\S{1,40}) said in .{1,200}:", re.IGNORECASE | re.DOTALL)
_QUOTE_FROM = re.compile(
    r"(?:quote from|quoting|originally posted by)\s*:?\s*(?P<name>\S.{0,40}?)\s*:?", re.IGNORECASE
)
_ATTRIBUTION = re.compile(
    r"(?P<quote>.{12,}?)\s*(?:\.{3,}|…+)\s*[-–—~]?\s*(?P<name>[^\s.…][^.…]{0,40})"
)
_AT_NAME = re.compile(r"@\S{1,40}")
_HANDLE_SAID = re.compile(r"[^\s:]{2,40}:")
_QUOTE_OPENERS = ('"', "“", "'", "‘", "「", "«", ">")
_EPOCH = datetime.min.replace(tzinfo=UTC)
#: Passages looked for in every comment before the page's words are indexed.
_SCANS_BEFORE_INDEX = 8


def _key(text: str) -> str:
    """Exact-match key: a quote is pasted, so only the ends (quote marks, stops) may differ."""
    return text.strip(_KEY_STRIP)


def _norm(text: str) -> str:
    """Lowercase words separated by single spaces: punctuation and ``_`` are not words."""
    if text.isascii():  # the same, several times faster
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    return _NON_WORD.sub(" ", text.lower()).strip()


def _first_words(text: str, count: int) -> str:
    """``" ".join(_norm(text).split()[:count])``, without normalizing all of a long text."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split()[:count])
    return " ".join(word.group() for word in islice(_WORD.finditer(text.lower()), count))


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
    if " said in " in low and low[-1:] == ":" and (said := _SAID_IN.fullmatch(text)):
        return said.group("name"), None  # NodeBB's "@MK said in <the topic's title>:"
    if low.rstrip(" :").endswith(("wrote", "said", "says", "writes")) or low.endswith("posted:"):
        match = _WROTE.fullmatch(text)
    elif low.startswith(("quote", "quoting", "originally", "in reply")):
        match = _QUOTE_FROM.fullmatch(text)
    elif low[-1:] == ":" and any(verb in low for verb in _WROTE_VERBS):
        dated = _WROTE_ABROAD.fullmatch(text)
        if dated is None:
            return None
        name = dated.group("name") or dated.group("named") or ""
        return name.strip(), dated.group("before") or dated.group("after") or dated.group("first")
    else:
        return None
    return (match.group("name").strip(), None) if match is not None else None


#: A quote's label ("Quote:", "Zitat:", "Citation :", "Цитата:").
_QUOTE_LABEL = re.compile(
    r"(?:quote|zitat|citation|cita|citazione|citação|cytat|citaat|цитата|引用)\s*:?",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Segment:
    kind: str  # "own" | "quote" | "header"
    texts: list[str]
    name: str | None = None
    when: str | None = None


def _segments(raw: RawComment) -> list[_Segment]:
    paras = raw.paragraphs
    if len(paras) == 1 and not paras[0].quote:  # most comments: one paragraph, no quote
        return [_Segment("own", [paras[0].text])]
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
        text = para.text
        # quote_header() answers None for long lines: most paragraphs are not even asked
        header = quote_header(text) if index + 1 < len(paras) and len(text) <= 100 else None
        if (
            header is None
            and text[:1] == "@"
            and index + 1 < len(paras)
            and paras[index + 1].quote
            and _AT_NAME.fullmatch(text)
        ):
            header = (text[1:], None)  # "@name" over a quote of theirs (Mumsnet's): no words
        elif (
            header is None
            and text[-1:] == ":"
            and index + 1 < len(paras)
            and paras[index + 1].quote
            and _HANDLE_SAID.fullmatch(text)
        ):
            header = (text[:-1], None)  # "dkwalton:" over a quote of theirs (Boing Boing's)
        if header is not None and header[0]:
            segments.append(_Segment("header", [], header[0], header[1]))
        elif (
            len(text) <= 12 and index + 1 < len(paras) and _QUOTE_LABEL.fullmatch(text) is not None
        ):
            # a quote's label alone over the passage quoted, its poster unnamed (vBulletin's
            # "Quote:" box): the passage is none of the reply's words
            segments.append(_Segment("header", []))
        else:
            segments.append(_Segment("own", [text]))
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
    _words: dict[str, list[int]] | None = None
    _scans: int = 0

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
                        start = _first_words(sentence, 4)
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
        return [o for o in self._containing(needle, texts) if o != asker]

    def _containing(self, needle: str, texts: dict[int, str]) -> list[int]:
        """Every text (in ``texts`` order) that contains ``needle``.

        A page with many quotes nobody wrote (edited away) would scan every comment for each:
        after a few scans, only the texts holding the rarest of the needle's inner words (whole
        words in any text that contains it) are looked at.
        """
        words = needle.split(" ")
        self._scans += 1
        if len(words) < 3 or self._scans <= _SCANS_BEFORE_INDEX:
            return [o for o, haystack in texts.items() if needle in haystack]
        if self._words is None:
            self._words = {}
            for owner, haystack in texts.items():
                for word in set(haystack.split(" ")):
                    self._words.setdefault(word, []).append(owner)
        rarest: list[int] | None = None
        for word in words[1:-1]:
            owners = self._words.get(word)
            if owners is None:
                return []
            if rarest is None or len(owners) < len(rarest):
                rarest = owners
        return [o for o in rarest or () if needle in texts[o]]

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
        self,
        holders: list[int],
        reply_index: int,
        name: str | None,
        *,
        implicit: bool = False,
        marked: bool = True,
    ) -> int | None:
        """The comment (or ``ARTICLE``) a quote comes from: the named author's first, else the
        article, else the oldest. A plain paragraph (``implicit``) only counts as a quote of an
        older comment, so that the original of a repeated paragraph keeps it; and, not
        ``marked`` as a quote (">", quotation marks, "X said:"), not of the writer's own
        comment: their phrase again (a blogger's "Tak for din søde hilsen" in reply after
        reply)."""
        reply = self.comments[reply_index]
        own = implicit and not marked and bool(reply.author)
        if len(holders) == 1:  # the usual case, answered without the lists below
            holder = holders[0]
            if holder == reply_index:
                return None
            if implicit and holder != ARTICLE and not self._older(holder, reply):
                return None
            if own and holder != ARTICLE and self.comments[holder].author == reply.author:
                return None
            return holder
        holders = [
            h
            for h in holders
            if h != reply_index
            and not (own and h != ARTICLE and self.comments[h].author == reply.author)
        ]
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
    texts: list[str] = []
    parents: list[str | None] = []
    no_targets: list[int] = []
    for position, (raw, segments) in enumerate(zip(raws, segmented, strict=True)):
        if len(segments) == 1 and segments[0].kind == "own":
            # a lone paragraph of one's own is kept (_own_words looks for quotes only
            # among two or more)
            kept, targets = segments[0].texts, no_targets
        else:
            kept, targets = _own_words(position, raw, segments, len(own[position]), index)
        parent = raw.parent
        if parent is None:
            parent = next((raws[t].id for t in targets if t != ARTICLE), None)
        texts.append("\n\n".join(kept))
        parents.append(parent)
    replies: dict[str, int] = {}
    for parent in parents:
        if parent is not None:
            replies[parent] = replies.get(parent, 0) + 1
    comments: list[Comment] = []
    for raw, text, parent in zip(raws, texts, parents, strict=True):
        votes = raw.votes
        comments.append(
            Comment(
                raw.id,
                raw.author,
                text,
                # (to the second, as pages show a time: Launchpad's and NodeBB's stamps carry
                # fractions no reader sees)
                raw.posted.replace(microsecond=0) if raw.posted else None,
                votes.score if votes else None,
                votes.up if votes else None,
                votes.down if votes else None,
                parent,
                raw.position,
                replies.get(raw.id, 0),
            )
        )
    return comments


#: A line showing only a date or a clock: "24 janvier 2017", "12h37", "2025-07-08 09:12".
_TIME_LINE = re.compile(
    r"\d{1,2}\.?\s+\w+\.?,?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s*[h:]\s*\d\d(?:\s*[ap]\.?m\.?)?"
    r"|\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?",
    re.IGNORECASE,
)


def _own_words(
    position: int, raw: RawComment, segments: list[_Segment], own_left: int, index: _Index
) -> tuple[list[str], list[int]]:
    """The paragraphs that are the commenter's own (of ``own_left`` candidates), and what
    each quote was found in."""
    kept: list[str] = []
    targets: list[int] = []
    unfound: list[str] = []  # marked quotes of nothing on the page
    exact = index.exact
    # lines of only a date or clock, held until what follows tells whether they head a
    # passage quoted from another comment (its time, pasted with it: "24 janvier 2017",
    # "12h37", then the words: La Presse's blog) or are words
    held: list[str] = []
    cursor = 0
    while cursor < len(segments):
        segment = segments[cursor]
        cursor += 1
        if segment.kind == "quote":
            target = _find(segment.texts, segment.name, segment.when, position, raw, index)
            if target is not None:
                targets.append(target)
                held.clear()
            elif segment.name is None:
                unfound.extend(segment.texts)
            continue
        if segment.kind == "header":
            taken = 0
            first: int | None = None
            while cursor < len(segments) and segments[cursor].kind == "own" and own_left > 1:
                holders = index.holders(segments[cursor].texts[0], loose=True, asker=position)
                target = index.choose(holders, position, segment.name) if holders else None
                # (a later line goes on the quote only from the comment its first came from:
                # one found in a later reply is this comment's own, quoted there)
                if taken and target != first:
                    break
                if target is None:
                    target = _find([], segment.name, segment.when, position, raw, index)
                if target is not None:
                    targets.append(target)
                if not taken:
                    first = target
                taken += 1
                own_left -= 1
                cursor += 1
                if target is None:
                    break
            continue
        text = segment.texts[0]
        # (a quote in a script without spaces is told by its mark: ">α7 IVはタイ工場で…")
        if own_left > 1 and (text.count(" ") >= 3 or text[:1] in ">＞"):
            passage, name = _split_attribution(text)
            if name is not None or text.startswith(_QUOTE_OPENERS):
                holders = index.holders(passage, loose=True, asker=position)
            else:  # index.holders(passage, loose=False, ...), the common case, inlined
                owners = exact.get(_key(passage))
                holders = [o for o in owners if o != position] if owners else []
            marked = name is not None or text.startswith(_QUOTE_OPENERS)
            target = (
                index.choose(holders, position, name, implicit=True, marked=marked)
                if holders
                else None
            )
            if target is not None:
                targets.append(target)
                own_left -= 1
                held.clear()
                continue
        if (
            len(text) <= 24
            and (text[:1].isdigit() or text[-1:].isdigit())
            and _TIME_LINE.fullmatch(text) is not None
        ):
            held.append(text)
            continue
        if held:
            kept.extend(held)
            held.clear()
        kept.append(text)
    if held:
        kept.extend(held)
    if not kept and not targets:
        # a post of nothing but lines marked as quotes of nothing here: its own words in the
        # quote style (4chan's greentext, ">be me")
        kept = unfound
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
            chosen = index.choose(holders, position, name)
            if (
                name
                and when
                and chosen is not None
                and chosen != ARTICLE
                and _name_key(index.comments[chosen].author) != _name_key(name)
            ):
                # words of another inside the quote (a quote within the quote): the header's
                # name and time tell the post quoted, when they tell one
                return index.by_name_and_time(name, when) or chosen
            return chosen
    for text in texts:  # "Gubbo: Toyota builds …": the name of the one quoted first (Fark)
        named, colon, passage = text.partition(": ")
        if colon and passage and len(named) <= 40:
            holders = index.holders(passage, loose=True, asker=position)
            if holders:
                return index.choose(holders, position, name or named)
    for text in texts:  # a quote box's parts run together: "<short> <all> 展开收起 <name>"
        for part in text.split(" ") if " " in text and not text.isascii() else ():
            holders = index.holders(part, loose=False, asker=position) if len(part) >= 12 else []
            if holders:
                return index.choose(holders, position, name)
    if name and when:
        return index.by_name_and_time(name, when)
    return None
