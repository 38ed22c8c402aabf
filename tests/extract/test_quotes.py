"""Replies: quoted passages are not the replier's words, and name the comment replied to."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.extract import extract_article

URL = "https://japantoday.com/category/national/x"
NOW = datetime(2025, 7, 6, 14, 0, tzinfo=UTC)  # 23:00 JST


def _page(*comments: tuple[str, str, str, str]) -> str:
    """(id, author, time label, inner html) → a Japan Today-like page."""
    blocks = "".join(
        f'<div class="comment" id="{cid}"><div class="meta"><a href="/member/{author}">{author}</a>'
        f' <span class="date">{when}</span></div><div class="comment-body">{inner}</div>'
        f'<div class="votes">1 ( +1 / -0 )</div></div>'
        for cid, author, when, inner in comments
    )
    return (
        "<html><head><title>T - Japan Today</title></head><body><h1>T</h1>"
        '<div class="article-body"><p>The ministry said exports fell for a third month.</p></div>'
        f'<h2>{len(comments)} Comments</h2><div class="list">{blocks}</div></body></html>'
    )


def test_the_named_author_wins_when_two_comments_say_the_same() -> None:
    html = _page(
        ("c1", "ken", "Today 06:00 pm JST", "<p>Exports will recover by autumn.</p>"),
        (
            "c2",
            "mai",
            "Today 06:30 pm JST",
            "<p>Exports will recover by autumn.</p><p>Mark my words.</p>",
        ),
        (
            "c3",
            "joe",
            "Today 07:00 pm JST",
            '<div class="quote-header">maiToday 06:30 pm JST</div>'
            "<p>Exports will recover by autumn.</p><p>Which autumn?</p>",
        ),
        (
            "c4",
            "amy",
            "Today 07:10 pm JST",
            "<blockquote><p>Exports will recover by autumn.</p></blockquote><p>Doubt it.</p>",
        ),
    )
    comments = extract_article(html, URL, fetched_at=NOW).comments
    assert [(c.id, c.parent, c.text) for c in comments] == [
        ("c1", None, "Exports will recover by autumn."),
        # repeating ken's words first, then her own: a quote of the older comment
        ("c2", "c1", "Mark my words."),
        ("c3", "c2", "Which autumn?"),
        # no name: the oldest comment with those words
        ("c4", "c1", "Doubt it."),
    ]


def test_a_quote_nobody_wrote_is_still_not_the_repliers_words() -> None:
    html = _page(
        ("c1", "ken", "Today 06:00 pm JST", "<p>Rates will stay low.</p>"),
        (
            "c2",
            "mai",
            "Today 06:30 pm JST",
            "<blockquote><p>A sentence that was edited away later.</p></blockquote>"
            "<p>Not true.</p>",
        ),
        (
            "c3",
            "joe",
            "Today 06:45 pm JST",
            '<div class="quote-header">ghostToday 01:00 pm JST</div>'
            "<p>Something nobody here wrote.</p><p>My answer.</p>",
        ),
    )
    comments = extract_article(html, URL, fetched_at=NOW).comments
    assert [(c.id, c.parent, c.text) for c in comments] == [
        ("c1", None, "Rates will stay low."),
        ("c2", None, "Not true."),
        ("c3", None, "My answer."),
    ]


def test_quote_header_names_a_comment_whose_text_was_edited() -> None:
    html = _page(
        ("c1", "ken", "Today 06:00 pm JST", "<p>Rates will stay low, trust me.</p>"),
        (
            "c2",
            "mai",
            "Today 06:30 pm JST",
            '<div class="quote-header">kenToday 06:00 pm JST</div>'
            "<p>Rates will stay low.</p><p>They rose last week.</p>",
        ),
    )
    comments = extract_article(html, URL, fetched_at=NOW).comments
    assert [(c.id, c.parent, c.text) for c in comments] == [
        ("c1", None, "Rates will stay low, trust me."),
        ("c2", "c1", "They rose last week."),
    ]


def test_repeating_a_whole_comment_and_nothing_else_keeps_the_text() -> None:
    html = _page(
        ("c1", "ken", "Today 06:00 pm JST", "<p>Exports will recover by autumn.</p>"),
        ("c2", "mai", "Today 06:30 pm JST", "<p>Exports will recover by autumn.</p>"),
    )
    comments = extract_article(html, URL, fetched_at=NOW).comments
    assert [(c.parent, c.text) for c in comments] == [
        (None, "Exports will recover by autumn."),
        (None, "Exports will recover by autumn."),
    ]


def test_reply_listed_before_the_comment_it_quotes() -> None:
    # ?comment-order=popular puts a well-voted reply above the comment it answers
    html = _page(
        (
            "c2",
            "mai",
            "Today 06:30 pm JST",
            "<p>Exports will recover by autumn.</p><p>Not with this yen.</p>",
        ),
        ("c1", "ken", "Today 06:00 pm JST", "<p>Exports will recover by autumn.</p>"),
    )
    comments = extract_article(html, URL, fetched_at=NOW).comments
    assert [(c.id, c.parent, c.text, c.position) for c in comments] == [
        ("c2", "c1", "Not with this yen.", 0),
        ("c1", None, "Exports will recover by autumn.", 1),
    ]


def test_quoting_the_article_gives_no_parent() -> None:
    html = _page(
        (
            "c1",
            "ken",
            "Today 06:00 pm JST",
            "<p>“The ministry said exports fell for a third month”</p><p>Fourth soon.</p>",
        ),
    )
    (comment,) = extract_article(html, URL, fetched_at=NOW).comments
    assert (comment.parent, comment.text) == (None, "Fourth soon.")


def test_a_handle_and_a_colon_over_a_quote_heads_it() -> None:
    """ "dkwalton:" over a blockquote (Boing Boing's) names whom the reply quotes: no words
    of the reply's; "Update:" over the reply's own words stays."""
    html = _page(
        ("c1", "dkwalton", "Today 06:00 pm JST", "<p>Only if it gets into the papers.</p>"),
        (
            "c2",
            "mai",
            "Today 06:30 pm JST",
            "<p><b>dkwalton</b>:</p><blockquote><p>Only if it gets into the papers.</p>"
            "</blockquote><p>It does get into the papers.</p><p>Update:</p><p>It did.</p>",
        ),
    )
    article = extract_article(html, URL, fetched_at=NOW)
    reply = article.comments[1]
    assert (reply.parent, reply.text) == (
        "c1",
        "It does get into the papers.\n\nUpdate:\n\nIt did.",
    )
