from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Comment
from bot.ranking import most_controversial, rank_comments, wilson_lower_bound


def c(id: str, up: int, down: int, position: int = 0) -> Comment:
    return Comment(id=id, author=id, text=id, up=up, down=down, score=up - down, position=position)


def test_best_prefers_many_upvotes_over_few() -> None:
    ranked = rank_comments([c("few", 2, 0), c("many", 30, 2, 1)], "best")
    assert [x.id for x in ranked] == ["many", "few"]


def test_wilson_matches_reference_values() -> None:
    assert wilson_lower_bound(0, 0) == 0.0
    assert round(wilson_lower_bound(30, 2), 4) == 0.8587  # (0.9631 - 0.0605) / 1.0512
    assert round(wilson_lower_bound(2, 0), 4) == 0.5497


def test_best_ties_by_net_score_then_upvotes() -> None:
    a, b = c("a", 3, 0), c("b", 6, 0, 1)
    assert wilson_lower_bound(3, 0) < wilson_lower_bound(6, 0)
    x, y = c("x", 0, 0), c("y", 0, 0, 1)
    assert [r.id for r in rank_comments([x, y, b, a], "best")] == ["b", "a", "x", "y"]


def test_top_controversial_and_newest() -> None:
    comments = [
        c("liked", 8, 4, 0),
        c("split", 10, 9, 1),
        c("hated", 1, 13, 2),
        Comment(
            "new",
            "n",
            "t",
            posted=datetime(2026, 1, 2, tzinfo=UTC),
            up=1,
            down=0,
            score=1,
            position=3,
        ),
    ]
    assert [x.id for x in rank_comments(comments, "top")] == ["liked", "split", "new", "hated"]
    assert rank_comments(comments, "controversial")[0].id == "split"
    assert rank_comments(comments, "newest")[0].id == "new"
    assert most_controversial(comments) == comments[1]
    assert most_controversial([c("one-sided", 5, 0)]) is None


def test_without_votes_ranks_by_thread_position_and_replies() -> None:
    comments = [
        Comment("r1", "a", "t", parent="t1", position=1),
        Comment("t1", "a", "t", position=0, replies=1),
        Comment("t2", "a", "t", position=2, replies=5),
    ]
    assert [x.id for x in rank_comments(comments, "best")] == ["t2", "t1", "r1"]
