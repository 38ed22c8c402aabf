"""Comments given as structured data (schema.org JSON-LD), for threads the markup hides.

Forums and some news sites describe their discussion in a ``<script
type="application/ld+json">``: a ``DiscussionForumPosting`` (or an ``Article``,
``NewsArticle``, ``BlogPosting``, ``SocialMediaPosting``) whose ``comment`` holds
``Comment`` objects, each with its ``author``, ``datePublished``, ``text``, votes as
``upvoteCount`` / ``downvoteCount`` or as ``interactionStatistic`` counters (likes,
dislikes), and its replies in its own ``comment``. Search engines ask forums for this data.

It is read only when the markup gives no comment the extractor can find: a thread drawn by
JavaScript from the data, or a forum layout the block finder does not know (phpBB's). Where
both exist the markup wins: it is what readers see, and it carries what the data leaves out
(quotes, exact vote lines). The thread's own text then stands for the article's body where
the markup gave less of it (on a forum page the body finder may take a post's header).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.extract.comments import RawComment
from bot.extract.dom import collapse
from bot.extract.times import parse_iso
from bot.extract.votes import Votes
from bot.extract.walk import Para
from bot.text import html_to_text

#: Types whose ``comment`` list is a page's discussion.
THREAD_TYPES = frozenset(
    [
        "discussionforumposting",
        "socialmediaposting",
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "blogposting",
        "webpage",
        "posting",
    ]
)
MAX_COMMENTS = 10_000
MAX_DEPTH = 50
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_UP = ("likeaction", "agreeaction", "upvote")
_DOWN = ("dislikeaction", "disagreeaction", "downvote")


@dataclass(frozen=True)
class LinkedThread:
    """A discussion as a page's structured data gives it."""

    #: The opening post's or the article's text, by paragraph (empty when not given).
    body: tuple[str, ...]
    #: Its comments, replies after their parents and naming them.
    comments: list[RawComment]


def linked_thread(objects: Iterable[dict[str, Any]], *, tz: str = "UTC") -> LinkedThread | None:
    """The first thread in ``objects`` (JSON-LD objects) that has comments; times without an
    offset are read in ``tz``."""
    for thread in objects:
        if not _is_type(thread, THREAD_TYPES):
            continue
        comments: list[RawComment] = []
        _collect(thread.get("comment"), None, comments, set(), tz, 0)
        if comments:
            body = _text(thread.get("articleBody") or thread.get("text"))
            return LinkedThread(tuple(p for p in body.split("\n\n") if p.strip()), comments)
    return None


def _collect(
    value: Any,
    parent: str | None,
    out: list[RawComment],
    seen: set[str],
    tz: str,
    depth: int,
) -> None:
    if depth > MAX_DEPTH:
        return
    for item in _items(value):
        if len(out) >= MAX_COMMENTS:
            return
        raw = _comment(item, parent, len(out), tz)
        if raw is None:
            continue
        if raw.id in seen:
            raw.id = f"{raw.id}-{len(out) + 1}"
        seen.add(raw.id)
        out.append(raw)
        _collect(item.get("comment"), raw.id, out, seen, tz, depth + 1)


def _items(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, dict))


def _comment(item: dict[str, Any], parent: str | None, index: int, tz: str) -> RawComment | None:
    if item.get("@type") is not None and not _is_type(item, frozenset(["comment", "answer"])):
        return None
    text = _text(item.get("text") or item.get("articleBody") or item.get("description"))
    if not text:
        return None
    return RawComment(
        id=_identifier(item) or f"ld-{index + 1}",
        author=_author(item.get("author") or item.get("creator")),
        posted=parse_iso(_string(item.get("datePublished") or item.get("dateCreated")), tz=tz),
        votes=_votes(item),
        paragraphs=[Para(p) for p in text.split("\n\n") if p.strip()],
        parent=parent,
    )


def _is_type(item: dict[str, Any], types: frozenset[str]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].lower() in types for k in kinds)


def _string(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    return None


def _text(value: Any) -> str:
    """Paragraphs separated by a blank line, lines within one by a newline, as in the markup."""
    text = _string(value)
    if not text:
        return ""
    if "<" in text:
        return html_to_text(text).strip()
    paragraphs = (
        "\n".join(collapse(line) for line in part.splitlines() if line.strip())
        for part in _BLANK_LINE.split(html.unescape(text))
    )
    return "\n\n".join(p for p in paragraphs if p)


def _identifier(item: dict[str, Any]) -> str | None:
    for key in ("identifier", "@id", "url"):
        value = _string(item.get(key))
        if value:
            # "https://forum.example/t/123#post-7" → "post-7"; a bare id stays as it is
            return value.rsplit("#", 1)[-1] or value
    return None


def _author(value: Any) -> str:
    if isinstance(value, list):
        value = next(iter(value), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or value.get("identifier")
    return (_string(value) or "").strip()


def _votes(item: dict[str, Any]) -> Votes | None:
    up = _count(item.get("upvoteCount"))
    down = _count(item.get("downvoteCount"))
    for counter in _items(item.get("interactionStatistic")):
        kind = str(counter.get("interactionType") or "").lower()
        if isinstance(counter.get("interactionType"), dict):
            kind = str(counter["interactionType"].get("@type") or "").lower()
        number = _count(counter.get("userInteractionCount"))
        if number is None:
            continue
        if any(word in kind for word in _DOWN):
            down = number if down is None else down
        elif any(word in kind for word in _UP):
            up = number if up is None else up
    if up is None and down is None:
        return None
    return Votes(score=(up or 0) - (down or 0), up=up, down=down)


def _count(value: Any) -> int | None:
    text = _string(value)
    if text is None or not text.strip().isdigit():
        return None
    return int(text.strip())
