"""Feeds as sites really publish them, and documents that only pretend to be feeds."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import FeedError
from bot.models import FeedEntry
from bot.sources.feeds import clean_link, parse_date, parse_feed
from bot.text import html_to_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
JT = "https://japantoday.com/category/politics/japan-tariff-negotiator-in-washington-holds-talks-twice-with-lutnick"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss2_items_with_html_summaries_relative_links_and_duplicates() -> None:
    entries = parse_feed(read("rss2_japantoday.xml"), "https://japantoday.com/feed")
    assert entries == [
        FeedEntry(
            url=JT,  # utm_ parameters dropped
            title="Japan tariff negotiator in Washington holds talks twice with Lutnick",
            published=datetime(2025, 7, 5, 21, 15, tzinfo=UTC),
            guid=JT,
            summary=(
                "Japan's top tariff negotiator, Ryosei Akazawa, spoke with U.S. Commerce Secretary"
                " Howard Lutnick by phone twice on Saturday, an official said.\n\n"
                "Akazawa, who has extended his stay in Washington, spoke to Lutnick for about 15"
                " minutes in the morning."
            ),
            comment_count=19,
        ),
        FeedEntry(
            url="https://japantoday.com/category/business/toyota-honda-weigh-us-price-increases",
            title="Toyota & Honda weigh U.S. price increases",
            published=datetime(2025, 7, 5, 13, 40, tzinfo=UTC),  # 22:40 JST
            guid="jt-business-2025-07-05-001",
            summary="Carmakers weigh raising prices as 27.5% tariffs bite.",
        ),
        FeedEntry(
            url="https://japantoday.com/category/national/guid-only-item",
            title="Only a permalink guid; no title.",
            published=datetime(2025, 7, 4, 9, 30, tzinfo=UTC),
            guid="https://japantoday.com/category/national/guid-only-item",
            summary="Only a permalink guid; no title.\nSecond line.\n\nSecond paragraph.",
        ),
    ]


def test_atom_entries_use_the_alternate_link_xml_base_and_thread_counts() -> None:
    entries = parse_feed(read("atom.xml"), "https://trade.example.org/feed.atom")
    assert entries == [
        FeedEntry(
            url="https://trade.example.org/news/eu-countermeasures",
            title="EU readies countermeasures on steel tariffs",
            published=datetime(2025, 7, 6, 6, 30, tzinfo=UTC),
            guid="tag:trade.example.org,2025:1001",
            summary="Brussels prepared a list of U.S. goods.\n\nTalks continue.",
            comment_count=42,
        ),
        FeedEntry(
            url="https://trade.example.org/archive/2025/section-232-review",
            title="Section 232 review explained",
            published=datetime(2025, 7, 5, 16, 0, tzinfo=UTC),  # no <published>: <updated>
            guid="https://trade.example.org/archive/2025/section-232-review",
            summary="What the review covers.\n\nAnd what it does not.",
            comment_count=7,
        ),
    ]


def test_rss1_rdf_in_latin1() -> None:
    entries = parse_feed(read("rdf.xml"), "https://zeitung.example.de/rss")
    assert [(e.url, e.title, e.published, e.guid, e.summary) for e in entries] == [
        (
            "https://zeitung.example.de/zoelle-1",
            "Zölle: Brüssel prüft Gegenmaßnahmen",
            datetime(2025, 7, 6, 9, 0, tzinfo=UTC),
            "https://zeitung.example.de/zoelle-1",
            "Die EU prüft Gegenzölle auf US-Waren.",
        ),
        (
            "https://zeitung.example.de/zoelle-2",
            "Handelsstreit belastet Exporteure",
            datetime(2025, 7, 5, 0, 0, tzinfo=UTC),
            "https://zeitung.example.de/zoelle-2",
            "",
        ),
    ]


def test_rss091_with_its_public_doctype_is_read() -> None:
    (entry,) = parse_feed(read("rss091_doctype.xml"), "http://oldschool.example.com/rss")
    assert (entry.url, entry.title, entry.summary, entry.published) == (
        "http://oldschool.example.com/tariff-talks-resume.html",
        "Tariff talks resume",
        "Negotiators meet again.",
        None,
    )


def test_html_entities_that_xml_does_not_define_are_understood() -> None:
    (entry,) = parse_feed(read("html_entities.xml"), "https://sloppy.example.com/feed")
    assert entry.title == "Minister’s trade deal — what’s in it & what isn't"
    assert entry.url == "https://sloppy.example.com/trade-deal"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("html_page.html", "an HTML page, not a feed"),
        ("malformed.xml", "not well-formed XML (mismatched tag: line 8, column 4)"),
        ("empty.xml", "the document is empty"),
        ("sitemap.xml", "not a feed: the root element is <urlset>, not rss, RDF or feed"),
        ("billion_laughs.xml", "the document declares XML entities, which are refused"),
        ("external_entity.xml", "the document declares XML entities, which are refused"),
    ],
)
def test_documents_that_are_not_feeds_say_what_they_are(name: str, reason: str) -> None:
    url = f"https://example.org/{name}"
    with pytest.raises(FeedError) as caught:
        parse_feed(read(name), url)
    assert (caught.value.url, caught.value.reason) == (url, reason)


def test_billion_laughs_fails_fast() -> None:
    started = time.monotonic()
    with pytest.raises(FeedError):
        parse_feed(read("billion_laughs.xml"), "https://example.org/lol")
    assert time.monotonic() - started < 5  # does not hang


def _rss(title: str, declaration: str) -> str:
    return (
        f"{declaration}<rss version='2.0'><channel><title>{title}</title>"
        f"<item><title>{title}</title><link>https://example.org/1</link></item>"
        "</channel></rss>"
    )


@pytest.mark.parametrize(
    ("encoding", "title"),
    [
        ("shift_jis", "日米関税交渉、８月１日期限"),
        ("euc-jp", "日米関税交渉、８月１日期限"),
        ("gb2312", "特朗普宣布对日韩征收25%关税"),
        ("euc-kr", "트럼프, 한국에 25% 관세 서한"),
        ("big5", "川普對日韓課徵25%關稅"),
        ("windows-1251", "Трамп ввёл пошлины 25%"),
    ],
)
def test_feeds_in_the_encoding_their_declaration_names(encoding: str, title: str) -> None:
    # expat reads only UTF-8, UTF-16 and single-byte encodings itself.
    body = _rss(title, f'<?xml version="1.0" encoding="{encoding}"?>').encode(encoding)
    (entry,) = parse_feed(body, "https://example.org/feed")
    assert entry.title == title


def test_an_undeclared_encoding_is_taken_from_the_http_charset() -> None:
    body = _rss("対日関税25%", "").encode("cp932")
    (entry,) = parse_feed(body, "https://example.org/feed", "text/xml; charset=Shift_JIS")
    assert entry.title == "対日関税25%"


def test_the_documents_own_label_wins_over_a_servers_blanket_charset() -> None:
    body = _rss("関税", '<?xml version="1.0" encoding="EUC-JP"?>').encode("euc-jp")
    (entry,) = parse_feed(body, "https://example.org/feed", "application/xml; charset=utf-8")
    assert entry.title == "関税"


def test_utf8_mislabelled_latin1_by_the_server_is_read_as_utf8() -> None:
    body = _rss("Zölle für Stahl", "").encode("utf-8")
    (entry,) = parse_feed(body, "https://example.org/feed", "text/xml; charset=ISO-8859-1")
    assert entry.title == "Zölle für Stahl"


def test_bytes_no_label_decodes_are_shown_as_replacement_characters() -> None:
    body = _rss("Zoll", "<?xml version='1.0' encoding='utf-8'?>").encode()
    body = body.replace(b"Zoll</title><link", b"Zo\xffll</title><link")
    (entry,) = parse_feed(body, "https://example.org/feed")
    assert entry.title == "Zo\ufffdll"


ADVERTISEMENTS = [
    "Sign up here.",
    "PR: 無料ホワイトペーパー",
    "【PR】関税対策セミナー",
    "[Sponsored] Hedge",
    "Sponsored: Trade",
]


@pytest.mark.parametrize("title", ADVERTISEMENTS)
def test_advertisements_among_the_items_are_not_entries(title: str) -> None:
    xml = (
        "<rss version='2.0'><channel><title>News</title>"
        f"<item><title>{title}</title><link>https://ad.example.org/1</link></item>"
        "<item><title>PRESS: tariffs rise</title><link>https://example.org/2</link></item>"
        "</channel></rss>"
    )
    entries = parse_feed(xml.encode(), "https://example.org/feed")
    assert [e.title for e in entries] == ["PRESS: tariffs rise"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"items": [', "not well-formed JSON"),
        (b'{"items": []}', "JSON that is not a JSON Feed (no jsonfeed.org version)"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "a JSON Feed without an items list"),
    ],
)
def test_json_that_is_no_json_feed_says_so(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=re.escape(reason)):
        parse_feed(body, "https://example.org/feed.json")


def test_json_feed_items_with_numeric_ids_and_external_urls() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1",
        "items": [
            {"id": 7, "external_url": "https://example.org/a?utm_source=x", "content_text": "Hi"},
            {"id": "no-link", "title": "Skipped: nowhere to read it"},
        ],
    }
    (entry,) = parse_feed(json.dumps(feed).encode(), "https://example.org/feed.json")
    assert (entry.guid, entry.url, entry.title) == ("7", "https://example.org/a", "Hi")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", datetime(2025, 7, 8, 7, 30, tzinfo=UTC)),  # 16:30 in Seoul
        ("ja-JP", datetime(2025, 7, 8, 7, 30, tzinfo=UTC)),
        ("en-us", datetime(2025, 7, 8, 16, 30, tzinfo=UTC)),  # spoken in many zones: UTC
        (None, datetime(2025, 7, 8, 16, 30, tzinfo=UTC)),
    ],
)
def test_dates_without_a_zone_are_in_the_feed_languages_zone(
    language: str | None, expected: datetime
) -> None:
    tag = f"<language>{language}</language>" if language else ""
    xml = (
        f"<rss version='2.0'><channel><title>t</title>{tag}<item><title>a</title>"
        "<link>https://example.org/1</link><pubDate>2025-07-08 16:30:00.0</pubDate></item>"
        "</channel></rss>"
    )
    (entry,) = parse_feed(xml.encode(), "https://example.org/feed")
    assert entry.published == expected


def test_an_undated_page_in_go_s_zero_time_is_no_entry() -> None:
    xml = (
        "<rss version='2.0'><channel><title>t</title>"
        "<item><title>About</title><link>https://example.org/about/</link>"
        "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>"
        "<item><title>Tariffs</title><link>https://example.org/t/</link>"
        "<pubDate>Tue, 08 Jul 2025 10:00:00 +0900</pubDate></item></channel></rss>"
    )
    assert [e.title for e in parse_feed(xml.encode(), "https://example.org/index.xml")] == [
        "Tariffs"
    ]


def test_xhtml_page_is_an_html_page_not_a_feed() -> None:
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'
    with pytest.raises(FeedError, match="an HTML page, not a feed"):
        parse_feed(page, "https://example.org/")


def test_feed_with_no_items_is_empty_not_an_error() -> None:
    xml = b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert parse_feed(xml, "https://example.org/feed") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sun, 06 Jul 2025 06:15:00 +0900", datetime(2025, 7, 5, 21, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 GMT", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 EST", datetime(2025, 7, 6, 11, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 JST", datetime(2025, 7, 5, 21, 15, tzinfo=UTC)),
        ("6 Jul 2025 06:15 -0000", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("2025-07-06T06:15:00Z", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("2025-07-06T06:15:00.250+09:00", datetime(2025, 7, 5, 21, 15, 0, 250000, tzinfo=UTC)),
        ("2025-07-06T06:15:00+0900", datetime(2025, 7, 5, 21, 15, tzinfo=UTC)),
        ("2025-07-06 06:15:00", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("2025-07-06", datetime(2025, 7, 6, tzinfo=UTC)),
        ("2025/07/06 06:15:00", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("2025/7/6 6:15", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 +09:00", datetime(2025, 7, 5, 21, 15, tzinfo=UTC)),
        ("Sun Jul 06 2025 06:15:00 GMT+0900 (JST)", datetime(2025, 7, 5, 21, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 +0000 (UTC)", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("Sun, 06 Jul 2025 06:15:00 MESZ", datetime(2025, 7, 6, 4, 15, tzinfo=UTC)),
        ("2025年7月6日(日) 06:15", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),  # (no zone: UTC)
        ("2025년 7월 6일 06:15", datetime(2025, 7, 6, 6, 15, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_become_aware_utc(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("link", "base", "expected"),
    [
        ("/a/b?id=3", "https://site.example/feed", "https://site.example/a/b?id=3"),
        (
            "story.html",
            "https://site.example/news/feed.xml",
            "https://site.example/news/story.html",
        ),
        (
            "https://site.example/x?utm_source=rss&id=1&fbclid=abc#comments",
            "https://other.example/",
            "https://site.example/x?id=1",
        ),
        ("https://site.example", "https://site.example/", "https://site.example/"),
        ("javascript:alert(1)", "https://site.example/", None),
        ("mailto:editor@site.example", "https://site.example/", None),
        ("   ", "https://site.example/", None),
    ],
)
def test_links_are_absolute_http_without_tracking(
    link: str, base: str, expected: str | None
) -> None:
    assert clean_link(link, base) == expected


def test_html_to_text_keeps_paragraphs_and_drops_markup() -> None:
    fragment = (
        "<div><h2>Tariffs&nbsp;explained</h2><p>First   <b>bold</b>\n line.</p>"
        "<style>p{}</style><ul><li>one</li><li>two</li></ul>A<br>B</div>"
    )
    assert html_to_text(fragment) == "Tariffs explained\n\nFirst bold line.\n\none\n\ntwo\n\nA\nB"
    assert html_to_text("AT&amp;T &lt;rocks&gt;") == "AT&T <rocks>"
    assert html_to_text("Tariffs < 10% and > 5%") == "Tariffs < 10% and > 5%"
