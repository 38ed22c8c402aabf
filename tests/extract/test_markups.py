"""Markups the extractor was not written for: it finds threads by structure, not by class names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.extract import extract_article
from bot.models import Article, Comment

MARKUPS = Path(__file__).resolve().parents[1] / "fixtures" / "japantoday" / "markups"


def _extract(name: str, url: str, fetched_at: datetime) -> Article:
    html = (MARKUPS / name).read_text(encoding="utf-8")
    return extract_article(html, url, fetched_at=fetched_at, source="test")


def _rows(comments: tuple[Comment, ...]) -> list[tuple[object, ...]]:
    return [(c.author, c.score, c.up, c.down, c.parent, c.text.split("\n\n")) for c in comments]


def test_table_layout_forum() -> None:
    fetched = datetime(2025, 7, 7, 1, 0, tzinfo=UTC)  # Jul 7, 10:00 JST
    article = _extract(
        "table-forum.html", "https://board.example.jp/t/rice?utm_campaign=x", fetched
    )
    assert article.url == "https://board.example.jp/t/rice"
    assert article.title == "Rice prices jump again"
    assert article.comment_count == 4
    assert article.body == (
        "The average price of a 5-kilogram bag of rice rose for the third week in a row, the "
        "farm ministry said on Friday.",
        "Officials said stockpile releases had not yet reached most supermarkets in western Japan.",
    )
    assert [c.id for c in article.comments] == ["post-501", "post-502", "post-503", "post-504"]
    assert _rows(article.comments) == [
        (
            "hanako",
            7,
            9,
            2,
            None,
            [
                "Rice at 4,000 yen for 5kg is absurd.",
                "The reserve release did nothing for prices here in Kobe.",
            ],
        ),
        (
            "ojisan_77",
            -2,
            3,
            5,
            "post-501",
            [
                "Not if you compare it with what farmers are paid per hour.",
                "Pay more or there will be no farmers left.",
            ],
        ),
        ("midori", 0, 0, 0, None, ["Switched to bread and pasta months ago."]),
        (
            "kenta.s",
            12,
            14,
            2,
            None,
            [
                "Imports from California would fix this in a month.",
                "Politically impossible, of course.",
            ],
        ),
    ]
    assert [c.posted for c in article.comments] == [
        datetime(2025, 7, 5, 12, 15, tzinfo=UTC),
        datetime(2025, 7, 6, 13, 2, tzinfo=UTC),
        datetime(2025, 7, 6, 22, 30, tzinfo=UTC),
        datetime(2025, 7, 6, 23, 5, tzinfo=UTC),
    ]


def test_hashed_class_names_and_no_ids() -> None:
    fetched = datetime(2025, 7, 8, 1, 0, tzinfo=UTC)  # Jul 8, 10:00 JST
    article = _extract("hashed-classes.html", "https://kinki.example/expo", fetched)
    assert article.title == "Osaka expo visitor numbers pass 10 million"
    assert article.comment_count == 3
    kenji, sakura, anon = article.comments
    assert _rows(article.comments) == [
        (
            "kenji_t",
            12,
            15,
            3,
            None,
            [
                "The queues for the popular pavilions are still three hours long.",
                "Book the reservation slots two months ahead or forget it.",
            ],
        ),
        (
            "SakuraMochi",
            -1,
            4,
            5,
            kenji.id,
            ["Not on weekday evenings. We walked into the Italy pavilion at 7 pm."],
        ),
        (
            "anon_4821",
            8,
            8,
            0,
            None,
            ["Ten million sounds like a lot until you remember the target was 28 million."],
        ),
    ]
    assert kenji.posted == datetime(2025, 7, 5, 23, 15, tzinfo=UTC)
    assert sakura.posted == datetime(2025, 7, 7, 14, 2, tzinfo=UTC)
    assert anon.posted == datetime(2025, 7, 7, 22, 0, tzinfo=UTC)
    # no ids on the page: stable hashes, the same on every read
    again = _extract("hashed-classes.html", "https://kinki.example/expo", fetched)
    assert [c.id for c in again.comments] == [kenji.id, sakura.id, anon.id]
    assert len({kenji.id, sakura.id, anon.id}) == 3 and kenji.id.startswith("h")


def test_schema_org_microdata() -> None:
    fetched = datetime(2025, 7, 6, 6, 0, tzinfo=UTC)
    article = _extract("microdata.html", "https://railwatch.example/tsuruga#top", fetched)
    assert article.url == "https://railwatch.example/tsuruga"
    assert article.title == "Shinkansen extension to Tsuruga delayed again"
    assert article.published == datetime(2025, 7, 5, 1, 0, tzinfo=UTC)
    assert article.comment_count == 4
    assert [(c.id, c.posted) for c in article.comments] == [
        ("c-11", datetime(2025, 7, 6, 0, 15, tzinfo=UTC)),
        ("c-12", datetime(2025, 7, 6, 1, 2, tzinfo=UTC)),
        ("c-13", datetime(2025, 7, 6, 2, 40, tzinfo=UTC)),
        ("c-14", datetime(2025, 7, 6, 3, 5, tzinfo=UTC)),
    ]
    assert _rows(article.comments) == [
        (
            "Mariko S.",
            17,
            21,
            4,
            None,
            [
                "Another two years of changing trains in Tsuruga.",
                "At least the station soba is good.",
            ],
        ),
        (
            "rail_fan_88",
            5,
            6,
            1,
            "c-11",
            ["The soba stand moved to the new concourse, same taste."],
        ),
        ("Hokuriku Taro", 28, 30, 2, None, ["Forty percent over budget and nobody resigns."]),
        ("Mariko S.", -6, 3, 9, "c-13", ["Costs rose everywhere. Steel alone went up by half."]),
    ]


def test_separate_up_and_down_elements() -> None:
    fetched = datetime(2025, 7, 7, 3, 0, tzinfo=UTC)
    article = _extract("split-votes.html", "https://tokyodaily.example/wage", fetched)
    assert article.title == "Minimum wage to rise by record 63 yen"
    assert article.comment_count == 3
    assert [c.id for c in article.comments] == ["9001", "9002", "9003"]
    assert _rows(article.comments) == [
        ("Taro Y.", 4, 7, 3, None, ["Good. Nobody can live on 1,000 yen an hour in Tokyo."]),
        (
            "shop owner",
            7,
            12,
            5,
            "9001",
            ["Then the government should cut our social insurance costs too."],
        ),
        ("yuki", 2, 2, 0, None, ["Prices went up more than 63 yen this year."]),
    ]
    assert article.comments[0].posted == datetime(2025, 7, 6, 11, 15, tzinfo=UTC)


def test_threaded_replies_nested_in_their_parents() -> None:
    fetched = datetime(2025, 7, 7, 6, 0, tzinfo=UTC)
    article = _extract(
        "threaded.html", "https://example.jp/news/heat-stroke-warnings?ref=top", fetched
    )
    assert article.url == "https://example.jp/news/heat-stroke-warnings"
    assert article.comment_count == 6
    assert [(c.id, c.author, c.score, c.up, c.down, c.parent) for c in article.comments] == [
        ("p1", "alpha", 10, 12, 2, None),
        ("p2", "bravo", 6, 7, 1, "p1"),
        ("p3", "charlie", 3, 3, 0, "p2"),
        ("p4", "delta", 9, 9, 0, "p1"),
        ("p5", "echo", -1, 4, 5, None),
        ("p6", "foxtrot", 2, 2, 0, "p5"),
    ]
    texts = {c.id: c.text.split("\n\n") for c in article.comments}
    assert texts["p1"] == ["Stay inside between noon and 4 pm, and drink before you are thirsty."]
    assert texts["p3"] == [
        "Our site stops at 2 pm when it passes 35 degrees.",
        "The company pays the lost hours.",
    ]
    assert texts["p6"] == ["Kumagaya holds the record, 41.1 in 2018."]
    assert {c.id: c.replies for c in article.comments} == {
        "p1": 2,
        "p2": 1,
        "p3": 0,
        "p4": 0,
        "p5": 1,
        "p6": 0,
    }
    assert article.comments[2].posted == datetime(2025, 7, 7, 1, 45, tzinfo=UTC)
