"""Pages that cannot give a thread say so, naming the URL; an empty thread is only real when
the page announces none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ExtractionError
from bot.extract import extract_article

URL = "https://japantoday.com/category/politics/some-article"
NOW = datetime(2025, 7, 6, 12, 0, tzinfo=UTC)

REDESIGNED = """<html><head><title>Tariff talks stall - Japan Today</title></head><body>
<h1>Tariff talks stall</h1><div class="article-body"><p>Talks stalled again on Friday.</p></div>
<h2>5 Comments</h2>
<div class="c"><b>dan</b><p>First.</p><div class="k"><i class="u"></i>3<i class="d"></i></div></div>
<div class="c"><b>ken</b><p>Second.</p><div class="k"><i class="u"></i>1<i class="d"></i></div></div>
</body></html>"""  # noqa: E501


def test_announced_comments_that_cannot_be_found() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(REDESIGNED, URL + "?comment-order=popular", fetched_at=NOW)
    message = str(caught.value)
    assert URL in message
    assert "the page announces 5 comments but none were found" in message
    assert "[sources.selectors]" in message


def test_no_comments_announced_and_none_found() -> None:
    html = """<html><head><title>Quiet news - Japan Today</title></head><body>
    <h1>Quiet news</h1><div class="article-body"><p>Nothing happened today in Chiba.</p></div>
    <h2>0 Comments</h2><p>Login to comment</p></body></html>"""
    article = extract_article(html, URL, fetched_at=NOW)
    assert article.comments == ()
    assert article.comment_count == 0
    assert article.title == "Quiet news"
    assert article.body == ("Nothing happened today in Chiba.",)


def test_no_announcement_counts_what_was_found() -> None:
    html = """<html><body><h1>Plain</h1><p>Body text that is long enough.</p>
    <div class="cs">
    <div class="c"><a href="/user/a">a</a><p>One.</p><span>1 ( +1 / -0 )</span></div>
    <div class="c"><a href="/user/b">b</a><p>Two.</p><span>-1 ( +0 / -1 )</span></div></div>
    </body></html>"""
    article = extract_article(html, URL, fetched_at=NOW)
    assert [(c.author, c.text, c.score) for c in article.comments] == [
        ("a", "One.", 1),
        ("b", "Two.", -1),
    ]
    assert article.comment_count == 2


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("", "the document is empty"),
        ("   \n\t ", "the document is empty"),
        ('{"title": "not a page"}', "the document is JSON, not HTML"),
        ("%PDF-1.7 binary stuff", "the document is a PDF, not HTML"),
        ("just some plain text, no markup at all", "the document has no HTML markup"),
        ("GIF89a\x00\x01\x00\x00", "the document is binary data, not HTML"),
        (
            '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
            "the document is an RSS/Atom feed, not an HTML page",
        ),
        (
            "<html><head></head><body></body></html>",
            "the page has no title, no text and no comments",
        ),
    ],
)
def test_not_an_html_page(document: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(document, URL, fetched_at=NOW)
    assert str(caught.value) == f"could not extract {URL}: {reason}"


def test_bytes_instead_of_text() -> None:
    with pytest.raises(ExtractionError, match="expected HTML text, got bytes"):
        extract_article(b"<html></html>", URL, fetched_at=NOW)  # type: ignore[arg-type]


def test_a_canonical_link_urllib_cannot_parse_is_ignored() -> None:
    html = (
        '<html><head><title>T</title><link rel="canonical" href="https://[x/a">'
        "</head><body><h1>Title</h1><p>Body text of the article.</p></body></html>"
    )
    article = extract_article(html, "https://example.com/a?utm_source=x", fetched_at=NOW)
    assert article.url == "https://example.com/a"
