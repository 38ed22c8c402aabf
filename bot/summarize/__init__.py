"""Summarizing a discussion: what readers say, in their own words.

Every summarizer (extractive here, an LLM elsewhere) must produce quotes that pass
:func:`quote_is_faithful`: a quote is the commenter's own words, attributed to the right
author with the right votes. A quote may start or end with "…" to show where it was cut; the
words between are a verbatim (whitespace-normalized) part of the comment.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Comment, Discussion, Quote
from bot.text import ELLIPSIS, normalize_ws

__all__ = ["discussion_is_faithful", "quote_is_faithful", "quote_words"]


def quote_words(text: str) -> str:
    """A quote's words without the "…" cut markers at its ends, whitespace-normalized."""
    words = normalize_ws(text)
    if words.startswith(ELLIPSIS):
        words = words[len(ELLIPSIS) :].lstrip()
    if words.endswith(ELLIPSIS):
        words = words[: -len(ELLIPSIS)].rstrip()
    return words


def quote_is_faithful(quote: Quote, comments: Sequence[Comment]) -> bool:
    """True when ``quote`` is verbatim from the comment it names, with its author and votes."""
    words = quote_words(quote.text)
    if not words:
        return False
    for comment in comments:
        if comment.id != quote.comment_id:
            continue
        return (
            comment.author == quote.author
            and (comment.score, comment.up, comment.down) == (quote.score, quote.up, quote.down)
            and words in normalize_ws(comment.text)
        )
    return False


def discussion_is_faithful(discussion: Discussion, comments: Sequence[Comment]) -> bool:
    """Every viewpoint quote is faithful and every listed comment is one of ``comments``."""
    known = {c.id: c for c in comments}
    listed = [*discussion.top_comments]
    if discussion.controversial is not None:
        listed.append(discussion.controversial)
    return all(
        quote_is_faithful(v.quote, comments) and all(cid in known for cid in v.comment_ids)
        for v in discussion.viewpoints
    ) and all(known.get(c.id) == c for c in listed)
