"""Text features for the extractive summarizer: sentences, content words, phrases, TF-IDF.

Plain Python (dicts and Counters) so that thousands of comments take milliseconds. Every
function is deterministic: ties are broken by explicit keys, never by set or hash order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

from bot.text import normalize_ws

# A small English stopword list plus the filler of online comments ("lol", "really", "think").
STOPWORDS = frozenset(
    """
    a about above after again against all almost also although am among an and any anyway are
    aren't around as at be because been before being below between both but by can can't cannot
    could couldn't did didn't do does doesn't doing don't done down during each either else
    enough etc even ever every few for from further get gets getting go goes going gone got
    gotten had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
    herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's
    its itself just least less let let's like likely lol many may maybe me might mine more most
    much must mustn't my myself need needs neither never no nor not nothing now of off often oh
    ok okay on once one only or other others otherwise ought our ours ourselves out over own
    perhaps please pretty quite rather re really said same say says see seem seems shall shan't
    she she'd she'll she's should shouldn't since so some something still such sure than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've thing things think this those though through thus to too under until up
    upon us very via was wasn't way we we'd we'll we're we've well went were weren't what
    what's whatever when when's where where's whether which while who who's whom whose why
    why's will with within without won't would wouldn't yeah yes yet you you'd you'll you're
    you've your yours yourself yourselves
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*(?:\.\d+)?%?")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
# A sentence ends at . ! ? (or …) plus closing quotes/brackets, followed by whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st vs etc e.g i.e inc ltd co corp dept gov sen rep gen lt col mt
    no nos fig jan feb mar apr jun jul aug sep sept oct nov dec approx est u.s u.k u.n e.u
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Token:
    """A content word: ``key`` groups inflections (tariff/tariffs), ``surface`` is as written."""

    key: str
    surface: str
    start: int  # index of the word in the text's word sequence (stopwords included)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of ``text``, whitespace-normalized. ``" ".join`` of them equals
    ``normalize_ws(text)``, so spans over the joined text are verbatim comment words."""
    return [normalize_ws(p) for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def sentence_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``normalize_ws(text)`` and the (start, end) spans of its sentences.

    Line breaks always end a sentence; within a line a sentence ends at terminal punctuation
    followed by space, unless the word before it is an abbreviation or an initial ("U.S.").
    """
    joined_parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for para in paragraphs(text):
        if joined_parts:
            offset += 1
        start = 0
        for match in _SENTENCE_END.finditer(para):
            if _is_abbreviation(para, match.start()):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end() + 1
        if start < len(para):
            spans.append((offset + start, offset + len(para)))
        joined_parts.append(para)
        offset += len(para)
    joined = " ".join(joined_parts)
    return joined, [(s, e) for s, e in spans if joined[s:e].strip()]


def _is_abbreviation(para: str, dot_at: int) -> bool:
    if para[dot_at] != ".":
        return False
    word_start = para.rfind(" ", 0, dot_at) + 1
    word = para[word_start:dot_at].lower().lstrip("(\"'“‘")
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted abbreviations: "J." "U.S." "a.m."
    return (len(word) == 1 and word.isalpha()) or bool(re.fullmatch(r"(?:\w\.)+\w", word))


def _key(word: str) -> str:
    """A crude stem so that plurals and possessives group: tariffs→tariff, Japan's→japan."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def word_key(surface: str) -> str | None:
    """The grouping key of a word as written, or None for stopwords, numbers and 1 letter."""
    lower = surface.lower().replace("’", "'")
    if lower in STOPWORDS or len(lower) < 2 or lower.replace(".", "").isdigit():
        return None
    return _key(lower)


def _words(text: str) -> list[str]:
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    return _WORD.findall(text)


class _ChunkKeys(dict[str, tuple[str, ...]]):
    """Whitespace-separated chunk ("Japan's", "tariffs.") → its content-word keys, memoized.

    Words never span whitespace, so splitting first and looking chunks up gives the same keys
    as scanning the whole text, several times faster on long threads (chunks repeat).
    """

    limit = 1 << 17

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        keys = tuple(k for k in map(word_key, _WORD.findall(chunk)) if k is not None)
        if len(self) < self.limit:
            self[chunk] = keys
        return keys


_CHUNK_KEYS = _ChunkKeys()


def content_keys(text: str) -> list[str]:
    """The keys of the content words of ``text``, in order (the fast path for vectors)."""
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    return list(chain.from_iterable(map(_CHUNK_KEYS.__getitem__, text.split())))


def content_tokens(text: str) -> list[Token]:
    """The content words of ``text`` with how they were written and where (for phrases)."""
    tokens: list[Token] = []
    for index, surface in enumerate(_words(text)):
        key = word_key(surface)
        if key is not None:
            tokens.append(Token(key, surface, index))
    return tokens


def phrases(tokens: Sequence[Token]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(key, text as written) of each unigram and each bigram of adjacent content words."""
    for t in tokens:
        yield (t.key,), t.surface
    for a, b in pairwise(tokens):
        if b.start == a.start + 1 and a.key != b.key:
            yield (a.key, b.key), f"{a.surface} {b.surface}"


Vector = dict[str, float]


def tfidf_vector(keys: Iterable[str], idf: dict[str, float], *, top: int = 0) -> Vector:
    """Unit-length TF-IDF vector over ``keys``, with sublinear term frequency; with ``top``,
    only that many strongest keys (ties by key) are kept."""
    counts = Counter(keys)
    vector = {
        k: idf[k] if n == 1 else (1.0 + math.log(n)) * idf[k] for k, n in counts.items() if k in idf
    }
    if top and len(vector) > top:
        vector = strongest(vector, top)
    norm = math.sqrt(sum(w * w for w in vector.values()))
    if norm == 0:
        return {}
    return {k: w / norm for k, w in vector.items() if w > 0}


def strongest(vector: Vector, top: int) -> Vector:
    """The ``top`` heaviest entries (ties keep the vector's order, which follows the text)."""
    keys = sorted(vector, key=vector.__getitem__, reverse=True)[:top]
    return {k: vector[k] for k in keys}


def inverse_document_frequency(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed IDF of each key over documents (each document's keys counted once)."""
    df: Counter[str] = Counter()
    n = 0
    for keys in documents:
        n += 1
        df.update(set(keys))
    return {k: math.log((1 + n) / (1 + d)) + 1.0 for k, d in df.items()}
