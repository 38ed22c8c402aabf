"""Ranking comments: top, best (Wilson lower bound), controversial, newest."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Literal

from bot.models import Comment

Sort = Literal["best", "top", "controversial", "newest"]
SORTS: tuple[Sort, ...] = ("best", "top", "controversial", "newest")
Z = 1.28  # 80% confidence, as Reddit's "best"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def wilson_lower_bound(up: int, down: int, z: float = Z) -> float:
    """Lower bound of the Wilson score interval for the share of upvotes."""
    n = up + down
    if n <= 0:
        return 0.0
    p = up / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt((p * (1 - p) + z * z / (4 * n)) / n)
    return (centre - spread) / (1 + z * z / n)


def controversy(up: int, down: int) -> float:
    """Many votes on both sides: magnitude ** balance (Reddit's formula); 0 if one-sided."""
    if up <= 0 or down <= 0:
        return 0.0
    magnitude = up + down
    balance = down / up if up > down else up / down
    return float(magnitude**balance)


def _votes(c: Comment) -> tuple[int, int, int]:
    up = c.up or 0
    down = c.down or 0
    score = c.score if c.score is not None else up - down
    return score, up, down


def _thread_key(c: Comment) -> tuple[float, ...]:
    """Without votes (Hacker News), top-level and much-replied comments first, then page order."""
    return (0 if c.parent is None else 1, -c.replies, c.position)


def sort_key(sort: Sort) -> Callable[[Comment], tuple[float, ...]]:
    def best(c: Comment) -> tuple[float, ...]:
        score, up, down = _votes(c)
        return (-wilson_lower_bound(up, down), -score, -up, c.position)

    def top(c: Comment) -> tuple[float, ...]:
        score, up, _ = _votes(c)
        return (-score, -up, c.position)

    def controversial(c: Comment) -> tuple[float, ...]:
        _, up, down = _votes(c)
        return (-controversy(up, down), -(up + down), c.position)

    def newest(c: Comment) -> tuple[float, ...]:
        when = (c.posted or _EPOCH).timestamp()
        return (-when, -c.position)

    return {"best": best, "top": top, "controversial": controversial, "newest": newest}[sort]


def has_votes(comments: Iterable[Comment]) -> bool:
    return any(c.up is not None or c.score is not None for c in comments)


def rank_comments(comments: Iterable[Comment], sort: Sort = "best") -> list[Comment]:
    """Comments ordered by ``sort``; where no comment has votes, by thread position instead."""
    items = list(comments)
    if sort != "newest" and not has_votes(items):
        return sorted(items, key=_thread_key)
    return sorted(items, key=sort_key(sort))


def most_controversial(comments: Iterable[Comment]) -> Comment | None:
    """The most divisive comment, or None when no comment has votes on both sides."""
    ranked = rank_comments(comments, "controversial")
    if not ranked or controversy(ranked[0].up or 0, ranked[0].down or 0) == 0:
        return None
    return ranked[0]
