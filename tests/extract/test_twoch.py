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
