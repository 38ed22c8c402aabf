"""The seed page (a real Japan Today article with 19 comments) as the site renders it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.extract import extract_article
from bot.models import Article

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "japantoday" / "tariff-talks.html"
ARTICLE_URL = (
    "https://japantoday.com/category/politics/"
    "japan-tariff-negotiator-in-washington-holds-talks-twice-with-lutnick"
)
FETCHED_AT = datetime(2025, 6, 29, 14, 30, tzinfo=UTC)  # 23:30 JST, the evening of the thread

# (id, author, JST time "HH:MM" on Jun 29, score, up, down, parent id or None)
EXPECTED = [
    ("comment-3478101", "TokyoTaro", "09:12", -11, 2, 13, None),
    ("comment-3478109", "Fighto!", "09:40", 2, 3, 1, None),
    ("comment-3478122", "Harry_Gatto", "10:05", 4, 7, 3, None),
    ("comment-3478130", "kurisupisu", "10:31", 4, 8, 4, None),
    ("comment-3478141", "Mr Kipling", "11:02", 5, 6, 1, None),
    ("comment-3478156", "Speed", "11:48", 2, 2, 0, None),
    ("comment-3478233", "dan", "18:39", -3, 1, 4, None),
    ("comment-3478240", "Hiro_in_Osaka", "18:51", -3, 1, 4, "comment-3478233"),
    ("comment-3478251", "wanderlust", "19:02", -5, 1, 6, None),
    ("comment-3478260", "Peter Neil", "19:10", 3, 4, 1, None),
    ("comment-3478268", "Blue Ocean", "19:21", 2, 3, 1, None),
    ("comment-3478275", "Reckless", "19:33", -5, 2, 7, None),
    ("comment-3478277", "Reckless", "19:35", -5, 0, 5, None),
    ("comment-3478283", "Yubaru", "19:40", 3, 3, 0, None),
    ("comment-3478290", "Blue Ocean", "19:52", -1, 0, 1, "comment-3478260"),
    ("comment-3478302", "Cricky", "20:03", -1, 2, 3, None),
    ("comment-3478311", "Aly", "20:11", 3, 3, 0, None),
    ("comment-3478320", "OssanAmerica", "20:25", 0, 1, 1, "comment-3478233"),
    ("comment-3478349", "wallace", "21:14", -1, 0, 1, "comment-3478320"),
]


@pytest.fixture(scope="module")
def article() -> Article:
    html = FIXTURE.read_text(encoding="utf-8")
    return extract_article(
        html,
        ARTICLE_URL + "?comment-order=popular&utm_source=rss&utm_medium=feed#comments",
        fetched_at=FETCHED_AT,
        source="japantoday",
    )


def test_article_fields(article: Article) -> None:
    assert article.url == ARTICLE_URL
    assert article.title == "Japan tariff negotiator in Washington holds talks twice with Lutnick"
    assert article.published == datetime(2025, 6, 28, 22, 35, tzinfo=UTC)
    assert article.comment_count == 19
    assert article.source == "japantoday"


def test_body_is_the_article_text_only(article: Article) -> None:
    assert len(article.body) == 8
    assert article.body[0].startswith("Japan's top tariff negotiator, Ryosei Akazawa, spoke with")
    assert article.body[-1] == (
        "The official said it remains unclear how long Akazawa will stay in the U.S. capital."
    )
    joined = " ".join(article.body)
    for chrome in ("Advertisement", "© KYODO", "GPlusMedia", "REUTERS", "Login", "Trending"):
        assert chrome not in joined


def test_every_comment_with_exact_votes_authors_times_and_parents(article: Article) -> None:
    got = [(c.id, c.author, c.posted, c.score, c.up, c.down, c.parent) for c in article.comments]
    expected = [
        (cid, author, _jst(clock), score, up, down, parent)
        for cid, author, clock, score, up, down, parent in EXPECTED
    ]
    assert got == expected
    assert [c.position for c in article.comments] == list(range(19))


def test_sidebar_hot_comments_are_not_comments(article: Article) -> None:
    texts = " ".join(c.text for c in article.comments)
    assert "BOJ" not in texts and "Naha" not in texts
    assert all(c.score != 22 for c in article.comments)


def test_plain_comment_paragraphs(article: Article) -> None:
    by_id = {c.id: c for c in article.comments}
    assert by_id["comment-3478101"].text.split("\n\n") == [
        "Any tariffs from the Japan side, that Japan really willing to give up? In exchange for "
        "leniency in tariffs for US product that enter in Japan? Japan will start doing sucking "
        "teeth gesture.",
        "We're not even talking about Japan's non-tariff barriers yet.",
        "https://www.trade.gov/country-commercial-guides/japan-trade-barriers",
    ]
    assert by_id["comment-3478268"].text.split("\n\n")[2] == (
        "As J working age population could continue to shrink."
    )
    assert by_id["comment-3478233"].text == "America is not your friend Japan ."
    assert len(by_id["comment-3478260"].text.split("\n\n")) == 6


def test_blockquote_reply_keeps_only_own_words(article: Article) -> None:
    reply = next(c for c in article.comments if c.id == "comment-3478240")
    assert reply.text == (
        "That goes both ways, but all jokes aside, Japan is a great ally, but everyone needs to "
        "pay their fair share and in the long term, Japan can always count on the U.S. being "
        "there, but I hope one day Japan grows powerful enough where it can semi-take care of "
        "itself across the spectrum and be less reliant on the U.S."
    )


def test_glued_quote_header_reply(article: Article) -> None:
    reply = next(c for c in article.comments if c.id == "comment-3478320")
    assert reply.text.split("\n\n") == [
        "America is very much Japan's friend.",
        "It's the idiot in the White House (whom the idiots voted in) who is not anybody's "
        "friend. Well maybe Putin.",
    ]
    assert "danToday" not in reply.text


def test_blockquote_with_glued_header_reply(article: Article) -> None:
    reply = next(c for c in article.comments if c.id == "comment-3478349")
    paragraphs = reply.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith('Will you provide some evidence of "the Putin link"?')
    assert paragraphs[1].endswith("when he goes to Washington.")
    assert "idiot" not in reply.text and "OssanAmerica" not in reply.text


def test_trailing_attribution_quote_names_its_author(article: Article) -> None:
    reply = next(c for c in article.comments if c.id == "comment-3478290")
    assert reply.text.split("\n\n") == [
        "Bottom line undeniable.",
        "Options.",
        "Business models could absorb some of the costs, areas of productivity could also be "
        "open to improvement.",
        "However, President Trump could well be intransigent, quite disappointing, it is not as "
        "if the Japan is trying to flog a defective product.",
        "I have just sold my driving licence threatening, Honda civic R, for close to the "
        "purchase price.",
    ]


def test_quoting_the_article_strips_the_quote_and_has_no_parent(article: Article) -> None:
    comment = next(c for c in article.comments if c.id == "comment-3478109")
    assert comment.parent is None
    assert comment.text == (
        "Two talks of 15 and 20 minutes? Yeah sure, that is really putting some time and effort "
        "to discuss the fate of the Japan and US trade. Might as well just write the deals on "
        "paper napkins at a fast food restaurant. Lol."
    )


def test_reply_counts(article: Article) -> None:
    replies = {c.id: c.replies for c in article.comments if c.replies}
    assert replies == {"comment-3478233": 2, "comment-3478260": 1, "comment-3478320": 1}


def _jst(clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(2025, 6, 29, hour - 9, minute, tzinfo=UTC)
