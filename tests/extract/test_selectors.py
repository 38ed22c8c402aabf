"""Configured CSS selectors ([sources.selectors]) fix markups the structural finder gets wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ExtractionError
from bot.extract import extract_article
from config.settings import Selectors

URL = "https://news.example/story"
NOW = datetime(2025, 7, 6, 12, 0, tzinfo=UTC)  # 21:00 JST

# Each comment opens with a "replying to" link to another user's profile and signs off with
# the real author in an unmarked span: the structural guess takes the linked user as author.
MISLEADING = """<html><head><title>Ferry fares rise</title></head><body>
<h1>Ferry fares rise</h1><div class="body"><p>Fares on the Seto Inland Sea routes rise in August.</p></div>
<div class="thread">
  <div class="cm" id="m1"><p class="re">replying to <a href="/user/bob">bob</a></p>
    <div class="msg"><p>Fuel costs doubled, so did the fares.</p></div><span class="sig">carol</span>
    <div class="v">3 ( +4 / -1 )</div></div>
  <div class="cm" id="m2"><p class="re">replying to <a href="/user/carol">carol</a></p>
    <div class="msg"><p>They did not double.</p><p>Look at the 2022 numbers.</p></div><span class="sig">dave</span>
    <div class="v">-2 ( +1 / -3 )</div></div>
</div></body></html>"""  # noqa: E501


def test_structural_guess_without_selectors_is_wrong_here() -> None:
    article = extract_article(MISLEADING, URL, fetched_at=NOW)
    assert [c.author for c in article.comments] == ["bob", "carol"]


def test_author_and_text_selectors_fix_it() -> None:
    selectors = Selectors(author=".sig", text=".msg")
    article = extract_article(MISLEADING, URL, fetched_at=NOW, selectors=selectors)
    assert [(c.id, c.author, c.text, c.score, c.up, c.down) for c in article.comments] == [
        ("m1", "carol", "Fuel costs doubled, so did the fares.", 3, 4, 1),
        ("m2", "dave", "They did not double.\n\nLook at the 2022 numbers.", -2, 1, 3),
    ]


# No vote lines at all: nothing for the structural finder to start from.
NO_VOTES = """<html><head><title>Library hours</title></head><body><h1>Library hours</h1>
<p class="lead">The city library will open on Mondays from September.</p>
<h3>2 Comments</h3>
<div class="entry" data-key="e-1"><span class="who">mika</span><span class="when">Today 06:39 pm JST</span>
  <div class="said"><p>Finally!</p></div><span class="pts">+5</span></div>
<div class="entry" data-key="e-2"><span class="who">jun</span><span class="when">Today 07:02 pm JST</span>
  <div class="said"><p>Now open it on Sunday evenings.</p></div><span class="pts">+2</span></div>
</body></html>"""  # noqa: E501


def test_comment_selector_reads_a_vote_less_thread() -> None:
    with pytest.raises(ExtractionError, match="announces 2 comments but none were found"):
        extract_article(NO_VOTES, URL, fetched_at=NOW)
    selectors = Selectors(comment="div.entry", author=".who", posted=".when", text=".said")
    article = extract_article(NO_VOTES, URL, fetched_at=NOW, selectors=selectors)
    assert [(c.author, c.text, c.posted, c.score) for c in article.comments] == [
        ("mika", "Finally!", datetime(2025, 7, 6, 9, 39, tzinfo=UTC), None),
        ("jun", "Now open it on Sunday evenings.", datetime(2025, 7, 6, 10, 2, tzinfo=UTC), None),
    ]
    assert article.comment_count == 2


def test_votes_selector_points_at_the_votes() -> None:
    html = NO_VOTES.replace('<span class="pts">+5</span>', '<span class="pts">5 ( +6 / -1 )</span>')
    html = html.replace('<span class="pts">+2</span>', '<span class="pts">2 ( +2 / -0 )</span>')
    article = extract_article(html, URL, fetched_at=NOW, selectors=Selectors(votes=".pts"))
    assert [(c.author, c.score, c.up, c.down) for c in article.comments] == [
        ("mika", 5, 6, 1),
        ("jun", 2, 2, 0),
    ]


def test_title_and_body_selectors() -> None:
    selectors = Selectors(comment="div.entry", title="h3", body="p.lead")
    article = extract_article(NO_VOTES, URL, fetched_at=NOW, selectors=selectors)
    assert article.title == "2 Comments"
    assert article.body == ("The city library will open on Mondays from September.",)


def test_invalid_selector_is_named() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(NO_VOTES, URL, fetched_at=NOW, selectors=Selectors(comment="div[[["))
    assert URL in str(caught.value)
    assert "comment = 'div[[['" in str(caught.value)
