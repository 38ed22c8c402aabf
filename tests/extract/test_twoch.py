"""2channel-style threads: a header line over each post's body, side by side."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.extract import extract_article

URL = "https://bbs.example.jp/test/read.cgi/news/1751937332/"
NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


def _page(thread: str) -> str:
    return (
        "<html><head><title>【関税】日本に25%</title></head><body><h1>【関税】日本に25%</h1>"
        f"{thread}</body></html>"
    )


def _rows(html: str) -> list[tuple[str, str, datetime | None, str | None, str]]:
    article = extract_article(html, URL, fetched_at=NOW, site_tz="Asia/Tokyo")
    return [(c.id, c.author, c.posted, c.parent, c.text) for c in article.comments]


@pytest.mark.parametrize(
    "header",
    [
        "{n}：<b>名無しさん</b>：2025/07/08(火) 10:1{n}:32 ID:K8dfe2Qw0",
        "{n} ：<a href='mailto:sage'><b>名無しさん</b></a>：2025/07/08(火) 10:1{n}:32.41 ID:Ab",
        "{n}: <span>名無しさん</span> <span>2025/07/08(火) 10:1{n}:32.41 ID:x9LpR2aa0</span>",
        "{n}：名無しさん：2025/07/08(火) 10:1{n}:32",
    ],
)
def test_dt_dd_pairs_in_every_header_form(header: str) -> None:
    posts = [
        (1, "スレ立てました"),
        (2, ">>1 乙"),
        (3, "関税の話は<br>明日まで"),
    ]
    thread = "<dl class='thread'>" + "".join(
        f"<dt>{header.format(n=n)}</dt><dd> {words} <br><br></dd>" for n, words in posts
    )
    rows = _rows(_page(thread + "</dl>"))
    assert [(row[0], row[1], row[3], row[4]) for row in rows] == [
        ("1", "名無しさん", None, "スレ立てました"),
        ("2", "名無しさん", "1", "乙"),
        ("3", "名無しさん", None, "関税の話は\n\n明日まで"),
    ]
    assert rows[0][2] == datetime(2025, 7, 8, 1, 11, 32, tzinfo=UTC)


def test_one_header_is_no_thread() -> None:
    thread = "<div class='t_h'>1: 名無し 2025/07/08(火) 10:15:32.41</div><div>本文です</div>"
    assert _rows(_page(thread)) == []


def _paired_page(rows: str) -> str:
    return (
        "<html><head><title>Tariff talks - Politics - Forum</title></head><body>"
        "<p><a href='/'>Forum</a> / <a href='/politics'>Politics</a> / "
        "<a href='/1973856/tariff-talks'>Tariff talks</a> (139 Views)</p>"
        f"<table summary='posts'>{rows}</table>"
        "<p><b><a href='/'>Forum</a></b> - Copyright &copy; 2005 - 2014 Someone. All rights"
        " reserved.</p></body></html>"
    )


_PAIRED = (
    "<tr><td class='bold l pu'><a name='{n}'></a><a href='/1973856/tariff-talks#{n}'>Re: Tariff"
    " talks</a> by <a href='/{name}' class=user>{name}</a>: <span class=s><b>{clock}</b> On"
    " <b>Jul 8</b></span>"
    "<tr><td id='pb{n}' class='l pd w'><div class=narrow>{words}</div>{likes}"
)


def test_header_rows_over_body_rows_are_posts() -> None:
    """Nairaland's table: a row naming the poster and the time over a row of the words, no
    element holding both; "N Likes" under the words."""
    rows = "".join(
        _PAIRED.format(n=n, name=name, clock=clock, words=words, likes=likes)
        for n, name, clock, words, likes in [
            ("101", "ade", "11:50am", "Duties on steel again.", "<p class=s><b>4 Likes</b>"),
            ("102", "obi", "12:29pm", "Waiting for the elders.<br><br>Any news?", ""),
            ("103", "tobi", "3:17pm", "They never learn.", "<p class=s><b>1 Like</b>"),
        ]
    )
    html = _paired_page(rows)
    url = "https://forum.example.ng/1973856/tariff-talks"
    article = extract_article(html, url, fetched_at=NOW, site_tz="Africa/Lagos")
    assert [(c.id, c.author, c.posted, c.text, c.score) for c in article.comments] == [
        ("101", "ade", datetime(2026, 7, 8, 10, 50, tzinfo=UTC), "Duties on steel again.", 4),
        (
            "102",
            "obi",
            datetime(2026, 7, 8, 11, 29, tzinfo=UTC),
            "Waiting for the elders.\n\nAny news?",
            None,
        ),
        ("103", "tobi", datetime(2026, 7, 8, 14, 17, tzinfo=UTC), "They never learn.", 1),
    ]
    # the breadcrumb's link to the page gives the title; it and the copyright are no story
    assert (article.title, article.body) == ("Tariff talks", ())


def test_rows_of_one_kind_are_not_paired() -> None:
    """Rows that do not alternate between a header and a body (a table of links and dates)
    are no posts."""
    rows = "".join(
        f"<tr><td><a href='/t/{n}'>Topic {n}</a> by <a href='/u{n}' class=user>u{n}</a>:"
        f" 1{n}:00pm On Jul 8</td></tr>"
        for n in range(6)
    )
    url = "https://forum.example.ng/1973856/tariff-talks"
    article = extract_article(_paired_page(rows), url, fetched_at=NOW, site_tz="Africa/Lagos")
    assert article.comments == ()
