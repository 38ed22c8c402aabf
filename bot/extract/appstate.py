"""Comments in a page's application state: threads a script draws from data in the page.

Sites built with Next.js, Nuxt or a Redux store ship the data they render as JSON in the page
(``<script id="__NEXT_DATA__" type="application/json">``, ``window.__INITIAL_STATE__ = {…}``)
and draw the comments with JavaScript, so the saved markup holds none. The data has no
standard shape, but a comment is recognisable in any of them: an object with words of its own
(``body``, ``text``, ``content``...) and an author or a time (``user``, ``createdAt``...),
usually with an id, a parent or a list of replies, and a score or likes.

The list holding the most such objects is the thread; replies are followed into their
``replies``/``children`` lists. Read only when neither the markup nor the JSON-LD gives a
comment (:mod:`bot.extract.linked`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from bot.extract.comments import RawComment
from bot.extract.linked import LinkedThread
from bot.extract.times import parse_iso, parse_posted
from bot.extract.votes import Votes
from bot.extract.walk import Para
from bot.text import html_to_text

#: Scripts whose text is read: JSON data blocks, and inline scripts assigning a state.
STATE_MARKERS = ("__INITIAL_STATE__", "__PRELOADED_STATE__", "__APOLLO_STATE__", "__NUXT__")
_ASSIGNMENT = re.compile(r"(?:window\.)?(?:__[A-Z_]+__)\s*=\s*")
#: Scripts longer than this are not parsed (a page's state is rarely over a few MB).
MAX_SCRIPT = 8_000_000
#: JSON values visited at most, over all of a page's scripts.
MAX_NODES = 300_000
MAX_COMMENTS = 10_000
MAX_DEPTH = 60

_TEXT_KEYS = (
    "body",
    "text",
    "content",
    "comment",
    "message",
    "bodyhtml",
    "contenthtml",
    "commenttext",
    "commentbody",
    "plaintext",
    "html",
)
_AUTHOR_KEYS = (
    "author",
    "user",
    "username",
    "authorname",
    "displayname",
    "nickname",
    "creator",
    "poster",
    "by",
)
_NAME_KEYS = ("displayname", "name", "username", "nickname", "login", "screenname", "handle")
_TIME_KEYS = (
    "createdat",
    "created",
    "createdutc",
    "createdtime",
    "createtime",
    "datecreated",
    "dateposted",
    "datepublished",
    "postedat",
    "publishedat",
    "date",
    "timestamp",
    "time",
    "posted",
)
_ID_KEYS = ("id", "commentid", "uuid", "key")
_TITLE_KEYS = ("title", "headline", "slug")
#: Words of the keys under which a page's state keeps its discussion.
_THREAD_WORD = re.compile(
    r"comment|repl|thread|discussion|response|message|conversation|posts", re.IGNORECASE
)
_PARENT_KEYS = ("parentid", "parentcommentid", "replytoid", "inreplyto", "replyto", "parent")
_REPLY_KEYS = ("replies", "children", "comments", "responses", "childcomments", "subcomments")
_SCORE_KEYS = ("score", "points", "netvotes", "votes")
_UP_KEYS = ("upvotes", "ups", "likes", "likecount", "likescount", "upcount", "agree")
_DOWN_KEYS = ("downvotes", "downs", "dislikes", "dislikecount", "downcount", "disagree")


def state_texts(script_type: str | None, text: str) -> str | None:
    """The JSON of a script worth reading for a state (``None`` for any other script)."""
    kind = (script_type or "").strip().lower()
    if kind == "application/json":
        return text if len(text) <= MAX_SCRIPT else None
    if kind not in ("", "text/javascript", "application/javascript", "module"):
        return None
    if len(text) > MAX_SCRIPT or not any(marker in text for marker in STATE_MARKERS):
        return None
    match = _ASSIGNMENT.search(text)
    return text[match.end() :].strip().rstrip(";").strip() if match is not None else None


def state_thread(sources: Iterable[str], *, now: datetime, tz: str = "UTC") -> LinkedThread | None:
    """The thread in the JSON ``sources`` (see the module doc), or ``None``."""
    budget = [MAX_NODES]
    best: list[dict[str, Any]] = []
    for source in sources:
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue
        found = _largest_thread(data, budget, 0)
        if len(found) > len(best):
            best = found
    if not best:
        return None
    comments: list[RawComment] = []
    named: dict[int, str] = {}
    _collect(best, None, comments, named, now, tz, 0)
    seen: set[str] = set()
    for position, comment in enumerate(comments):  # ids are the data's; keep them unique
        if comment.id in seen:
            comment.id = f"{comment.id}-{position + 1}"
        seen.add(comment.id)
    ids = seen
    for position, parent in named.items():  # a parent named by id, wherever it is listed
        if parent in ids and parent != comments[position].id:
            comments[position].parent = parent
    return LinkedThread((), comments) if comments else None


def _keys(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` by lowercased keys without ``_`` and ``-`` (``created_at`` → ``createdat``)."""
    return {key.lower().replace("_", "").replace("-", ""): value for key, value in item.items()}


def _largest_thread(
    value: Any, budget: list[int], depth: int, marked: bool = False
) -> list[dict[str, Any]]:
    """The list under ``value`` holding the most comment-like objects (half of it at least),
    under a key that says it holds a discussion (``marked``)."""
    budget[0] -= 1
    if budget[0] <= 0 or depth > MAX_DEPTH:
        return []
    best: list[dict[str, Any]] = []
    children: Iterable[tuple[bool, Any]]
    if isinstance(value, list):
        if marked:
            comments = [item for item in value if isinstance(item, dict) and _is_comment(item)]
            if comments and 2 * len(comments) >= len(value):
                best = comments
        children = ((marked, child) for child in value)
    elif isinstance(value, dict):
        children = (
            (marked or _THREAD_WORD.search(str(key)) is not None, child)
            for key, child in value.items()
        )
    else:
        return []
    for child_marked, child in children:
        if isinstance(child, (list, dict)):
            found = _largest_thread(child, budget, depth + 1, child_marked)
            if len(found) > len(best):
                best = found
    return best


def _is_comment(item: dict[str, Any]) -> bool:
    """Words, and an author or a time; no title (an article, a product, a video has one)."""
    keys = _keys(item)
    if any(key in keys for key in _TITLE_KEYS):
        return False
    return bool(_text_of(keys)) and (
        bool(_author_of(keys)) or any(keys.get(key) not in (None, "") for key in _TIME_KEYS)
    )


def _text_of(keys: dict[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = keys.get(key)
        if isinstance(value, dict):  # {"content": {"html": "<p>…</p>"}}
            value = next((v for k, v in _keys(value).items() if k in _TEXT_KEYS), None)
        if isinstance(value, str) and any(ch.isalnum() for ch in value):
            return html_to_text(value) if "<" in value else value.strip()
    return ""


def _author_of(keys: dict[str, Any]) -> str:
    for key in _AUTHOR_KEYS:
        value = keys.get(key)
        if isinstance(value, dict):
            names = _keys(value)
            value = next((names[k] for k in _NAME_KEYS if isinstance(names.get(k), str)), None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _time_of(keys: dict[str, Any], now: datetime, tz: str) -> datetime | None:
    for key in _TIME_KEYS:
        value = keys.get(key)
        if isinstance(value, bool) or value in (None, ""):
            continue
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            number = float(value)
            seconds = number / 1000 if number > 1e11 else number  # milliseconds or seconds
            try:
                return datetime.fromtimestamp(seconds, UTC)
            except (OverflowError, OSError, ValueError):
                continue
        if isinstance(value, str):
            moment = parse_iso(value, tz=tz) or parse_posted(value, now=now, tz=tz)
            if moment is not None:
                return moment
    return None


def _count(keys: dict[str, Any], names: tuple[str, ...]) -> int | None:
    for key in names:
        value = keys.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int) or (isinstance(value, str) and value.lstrip("-").isdigit()):
            return int(value)
        if isinstance(value, dict):  # {"likes": {"count": 3}}
            inner = _keys(value)
            for inner_key in ("count", "total", "value"):
                if isinstance(inner.get(inner_key), int) and not isinstance(inner[inner_key], bool):
                    return int(inner[inner_key])
    return None


def _votes_of(keys: dict[str, Any]) -> Votes | None:
    score, up, down = _count(keys, _SCORE_KEYS), _count(keys, _UP_KEYS), _count(keys, _DOWN_KEYS)
    if up is not None and down is not None:
        return Votes(up - down if score is None else score, up, down)
    if score is not None:
        return Votes(score, up, None)
    if up is not None:
        return Votes(up, up, None)
    return None


def _identifier(keys: dict[str, Any]) -> str | None:
    for key in _ID_KEYS:
        value = keys.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _parent_of(keys: dict[str, Any]) -> str | None:
    for key in _PARENT_KEYS:
        value = keys.get(key)
        if isinstance(value, dict):
            value = _identifier(_keys(value))
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _collect(
    items: list[dict[str, Any]],
    parent: str | None,
    out: list[RawComment],
    named: dict[int, str],
    now: datetime,
    tz: str,
    depth: int,
) -> None:
    """``items`` and their replies as comments, appended to ``out``; the parents they name by
    id (not by nesting) go to ``named``, by position in ``out``."""
    if depth > MAX_DEPTH:
        return
    for item in items:
        if len(out) >= MAX_COMMENTS:
            return
        keys = _keys(item)
        text = _text_of(keys)
        if not text:
            continue
        comment_id = _identifier(keys) or f"state-{len(out) + 1}"
        if parent is None and (named_parent := _parent_of(keys)) is not None:
            named[len(out)] = named_parent
        out.append(
            RawComment(
                id=comment_id,
                author=_author_of(keys),
                posted=_time_of(keys, now, tz),
                votes=_votes_of(keys),
                paragraphs=[Para(p.strip()) for p in text.split("\n\n") if p.strip()],
                parent=parent,
            )
        )
        for key in _REPLY_KEYS:
            replies = keys.get(key)
            if isinstance(replies, dict):  # {"replies": {"items": [...]}} and the like
                replies = next((v for v in replies.values() if isinstance(v, list)), None)
            if isinstance(replies, list):
                nested = [reply for reply in replies if isinstance(reply, dict)]
                _collect(nested, comment_id, out, named, now, tz, depth + 1)
                break
