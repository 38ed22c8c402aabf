"""The extractive summarizer on the seed page's 19 comments and on edge cases."""

from __future__ import annotations

import math
import random

from bot.models import Article, Comment
from bot.summarize import discussion_is_faithful, quote_is_faithful
from bot.summarize.extractive import MAX_QUOTE_CHARS, article_gist, summarize_discussion
from bot.text import normalize_ws
from tests.summarize.seed_thread import seed_article, seed_comments


def wilson(up: int, down: int, z: float = 1.28) -> float:
    """Written out here from the formula, independently of bot.ranking."""
    n = up + down
    if n == 0:
        return 0.0
    p = up / n
    return (p + z * z / (2 * n) - z * math.sqrt((p * (1 - p) + z * z / (4 * n)) / n)) / (
        1 + z * z / n
    )


def by_id(comments: list[Comment]) -> dict[str, Comment]:
    return {c.id: c for c in comments}


def test_seed_thread_is_the_page() -> None:
    comments = seed_comments()
    assert len(comments) == 19
    assert [(c.up, c.down) for c in comments[:5]] == [(2, 13), (3, 1), (7, 3), (8, 4), (6, 1)]
    # A reply's quoted paragraph is not part of its own words.
    assert comments[7].text.startswith("That goes both ways")
    assert comments[7].parent == "c07"


def test_top_comments_by_wilson_lower_bound() -> None:
    comments = seed_comments()
    expected = sorted(
        comments,
        key=lambda c: (-wilson(c.up or 0, c.down or 0), -(c.score or 0), -(c.up or 0), c.position),
    )[:3]
    discussion = summarize_discussion(comments, sort="best", top_n=3)
    assert [c.id for c in discussion.top_comments] == [c.id for c in expected]
    assert [c.id for c in discussion.top_comments] == ["c14", "c17", "c05"]
    # +6/−1 outranks +2/−0: more evidence beats a perfect but tiny record.
    ranked_ids = [c.id for c in summarize_discussion(comments, top_n=19).top_comments]
    assert ranked_ids.index("c05") < ranked_ids.index("c06")
    assert discussion.top_comments[2].text == "Maybe japan needs to do what Canada just did."


def test_top_comments_follow_the_requested_sort() -> None:
    top = summarize_discussion(seed_comments(), sort="top", top_n=2).top_comments
    # c03 and c04 both net +4: the one with more upvotes (c04, +8 / −4) first.
    assert [(c.id, c.score) for c in top] == [("c05", 5), ("c04", 4)]


def test_most_divisive_comment() -> None:
    comments = seed_comments()
    votes = {c.id: (c.up or 0, c.down or 0) for c in comments}
    # Reddit's controversy: (up + down) ** (smaller side / larger side), both sides needed.
    spread = {cid: (u + d) ** (min(u, d) / max(u, d)) for cid, (u, d) in votes.items() if u and d}
    by_hand = max(spread, key=spread.__getitem__)
    controversial = summarize_discussion(comments).controversial
    assert controversial is not None
    assert controversial.id == by_hand == "c04"
    assert controversial.text.startswith("Akazawa is in Washington but Lutnick can't be bothered")


def test_viewpoint_quotes_are_verbatim_and_rightly_attributed() -> None:
    comments = seed_comments()
    discussion = summarize_discussion(comments)
    assert discussion.viewpoints
    known = by_id(comments)
    for viewpoint in discussion.viewpoints:
        quote = viewpoint.quote
        source = known[quote.comment_id]
        assert quote.text in normalize_ws(source.text)
        assert (quote.author, quote.score, quote.up, quote.down) == (
            source.author,
            source.score,
            source.up,
            source.down,
        )
        assert quote.comment_id == viewpoint.comment_ids[0]  # the group's best-received
        assert quote_is_faithful(quote, comments)
        assert len(quote.text) <= MAX_QUOTE_CHARS
    assert discussion_is_faithful(discussion, comments)


def test_replies_group_with_the_point_they_answer() -> None:
    discussion = summarize_discussion(seed_comments())
    friend = next(v for v in discussion.viewpoints if "c07" in v.comment_ids)
    # dan's "America is not your friend" and the replies to it form one thread, quoted
    # through its best-received comment.
    assert set(friend.comment_ids) >= {"c07", "c08", "c18"}
    assert friend.quote.author == "OssanAmerica"
    assert (friend.quote.up, friend.quote.down) == (1, 1)
    assert friend.quote.text.startswith("America is very much Japan's friend.")
    canada = next(v for v in discussion.viewpoints if "c05" in v.comment_ids)
    assert "c12" in canada.comment_ids
    assert "Canada" in canada.key_phrases


def test_summary_states_counts_and_votes() -> None:
    summary = summarize_discussion(seed_comments()).summary
    assert summary.startswith("19 comments. ")
    assert "Readers cast 105 votes, 47% up." in summary
    assert (
        "The best-received comment by reader14 (+3 / −0): "
        "“I think it’s strange that people will reply to ChatGPT.”" in summary
    )
    assert "Readers split most over reader04's comment (+8 / −4)." in summary


def test_deterministic_across_runs_and_input_order() -> None:
    comments = seed_comments()
    first = summarize_discussion(comments)
    assert summarize_discussion(comments) == first
    rng = random.Random(2025)
    for _ in range(5):
        shuffled = comments[:]
        rng.shuffle(shuffled)
        assert summarize_discussion(shuffled) == first


def test_no_comments() -> None:
    discussion = summarize_discussion([], ranking_note="n/a")
    assert discussion.summary == "No comments yet."
    assert (discussion.viewpoints, discussion.top_comments, discussion.controversial) == (
        (),
        (),
        None,
    )
    assert discussion.ranking_note == "n/a"


def test_thread_without_votes_uses_thread_order_and_keeps_the_note() -> None:
    comments = [
        Comment(id=f"h{i}", author=f"u{i}", text=f"Point number {i} about tariffs.", position=i)
        for i in range(5)
    ]
    note = "Hacker News publishes no scores: ranked by position in the thread"
    discussion = summarize_discussion(comments, top_n=2, ranking_note=note)
    assert [c.id for c in discussion.top_comments] == ["h0", "h1"]
    assert discussion.controversial is None
    assert discussion.ranking_note == note
    assert "votes" not in discussion.summary
    assert discussion.summary.startswith("5 comments from 5 readers") is False
    assert discussion.summary.startswith("5 comments.")


def test_a_wall_of_text_is_quoted_in_part_and_marked() -> None:
    wall = " ".join(["tariffs hurt exporters and consumers alike"] * 300)  # no full stop at all
    comments = [
        Comment(id="a", author="x", text=wall, score=9, up=10, down=1, position=0),
        Comment(id="b", author="y", text=wall[:500], score=2, up=3, down=1, position=1),
    ]
    quote = summarize_discussion(comments).viewpoints[0].quote
    assert quote.text.endswith("…")
    assert len(quote.text) <= MAX_QUOTE_CHARS
    assert quote.text.startswith("tariffs hurt exporters")
    assert quote_is_faithful(quote, comments)


def test_two_thousand_comments_are_fast() -> None:
    rng = random.Random(7)
    words = " ".join(c.text for c in seed_comments()).split()
    comments = []
    for i in range(2000):
        n = rng.randint(5, 120)
        start = rng.randrange(len(words) - n)
        up, down = rng.randint(0, 50), rng.randint(0, 30)
        parent = f"c{rng.randrange(i)}" if i and rng.random() < 0.4 else None
        comments.append(
            Comment(
                id=f"c{i}",
                author=f"user{i % 700}",
                text=" ".join(words[start : start + n]),
                score=up - down,
                up=up,
                down=down,
                position=i,
                parent=parent,
            )
        )
    # Speed is measured by bench/ against a baseline, not asserted here.
    discussion = summarize_discussion(comments)
    assert discussion_is_faithful(discussion, comments)
    assert sum(len(v.comment_ids) for v in discussion.viewpoints) > 100


def test_gist_is_the_lead_not_the_photo_caption() -> None:
    assert article_gist(seed_article()) == (
        "Japan's top tariff negotiator, Ryosei Akazawa, spoke with U.S. Commerce Secretary "
        "Howard Lutnick by phone twice on Saturday, an official said, as they try to iron out "
        "some of the most difficult issues in pursuit of a deal that will be beneficial to both "
        "countries."
    )


def _article(*body: str) -> Article:
    return Article(url="https://example.com/a", title="T", body=body)


def test_gist_takes_two_short_sentences_and_skips_credits() -> None:
    article = _article(
        "Photo: AP",
        "TOKYO",
        "Tariffs rose on Monday. Exporters in Japan said orders fell by a third. More later.",
    )
    assert article_gist(article) == (
        "Tariffs rose on Monday. Exporters in Japan said orders fell by a third."
    )


def test_gist_of_a_long_sentence_is_cut_and_marked() -> None:
    sentence = "The ministry said " + "that the levy " * 60 + "would stay."
    gist = article_gist(_article(sentence), max_chars=120)
    assert gist.endswith("…")
    assert len(gist) <= 120
    assert sentence.startswith(gist[:-1])


def test_gist_of_no_body_is_empty() -> None:
    assert article_gist(_article()) == ""
    assert article_gist(_article("© KYODO")) == ""


def test_unrelated_comments_make_no_viewpoints() -> None:
    comments = [
        Comment(id="1", author="a", text="Steel quotas protect mills.", up=9, down=0, score=9),
        Comment(id="2", author="b", text="Rice imports deserve scrutiny.", up=1, down=0, score=1),
    ]
    discussion = summarize_discussion(comments)
    assert discussion.viewpoints == ()
    assert discussion.summary == (
        "2 comments. Readers cast 10 votes, 100% up. "
        "The best-received comment by a (+9 / −0): “Steel quotas protect mills.”"
    )
