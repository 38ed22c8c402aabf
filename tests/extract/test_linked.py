"""Comments from a page's structured data (JSON-LD) when its markup shows none."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.extract import extract_article
from bot.extract.linked import linked_thread

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "voteless"
FETCHED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FORUM = "https://forum.metalwork.example/viewtopic.php?t=4411"


def _page(data: object, markup: str = "<p>The talks resumed.</p>") -> str:
    return (
        '<html><head><title>Trade talks</title><script type="application/ld+json">'
        f"{json.dumps(data)}</script></head><body><h1>Trade talks</h1>{markup}</body></html>"
    )


def test_a_forum_layout_the_block_finder_does_not_know_is_read_from_its_data() -> None:
    """A phpBB topic: its posts are not found in the markup, but its DiscussionForumPosting
    gives every reply, with likes, up and down votes, and a reply to a reply."""
    html = (FIXTURES / "phpbb-linked-data.html").read_text(encoding="utf-8")
    article = extract_article(html, FORUM, fetched_at=FETCHED, site_tz="UTC")
    assert article.title == "Steel tariffs and small fabricators"
    assert article.body == (
        "Our supplier raised coil prices 18% after the new steel tariffs. How are other small "
        "shops handling quotes that were signed before the increase?",
    )
    assert [
        (c.id, c.author, c.posted, c.score, c.up, c.down, c.parent) for c in article.comments
    ] == [
        ("p90211", "tig_welder", datetime(2026, 11, 20, 9, 2, tzinfo=UTC), 14, 14, None, None),
        ("p90215", "shopowner", datetime(2026, 11, 20, 9, 40, tzinfo=UTC), 2, 2, None, "p90211"),
        ("p90230", "coil_trader", datetime(2026, 11, 20, 11, 15, tzinfo=UTC), 5, 9, 4, None),
    ]
    assert article.comments[0].text == (
        "We added a material surcharge clause to every quote after the 2018 tariffs.\n"
        "Customers grumbled but signed."
    )
    assert article.comments[0].replies == 1


def test_comments_the_markup_shows_win_over_the_data() -> None:
    html = (FIXTURES / "net-points.html").read_text(encoding="utf-8")
    data = {
        "@type": "DiscussionForumPosting",
        "comment": [{"@type": "Comment", "text": "Only in the data.", "author": "ghost"}],
    }
    with_data = html.replace("</head>", f'<script type="application/ld+json">{json.dumps(data)}'
                             "</script></head>")  # fmt: skip
    url = "https://forum.example/r/trade/comments/aa/talks"
    read = extract_article(with_data, url, fetched_at=FETCHED, site_tz="UTC")
    assert read == extract_article(html, url, fetched_at=FETCHED, site_tz="UTC")
    assert "ghost" not in {c.author for c in read.comments}


def test_a_news_article_in_a_graph_with_comments_and_a_shorter_markup_body() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Harbor News"},
            {
                "@type": ["NewsArticle"],
                "headline": "Trade talks",
                "articleBody": "The talks resumed.\n\nBoth sides brought new offers on autos.",
                "comment": {
                    "@type": "Comment",
                    "@id": "https://harbor.example/talks#c-1",
                    "text": "About time.",
                    "author": [{"@type": "Person", "name": "port_worker"}],
                    "dateCreated": "2026-11-25T10:00:00",
                    "interactionStatistic": {
                        "interactionType": "https://schema.org/DislikeAction",
                        "userInteractionCount": "3",
                    },
                },
            },
        ],
    }
    article = extract_article(
        _page(data), "https://harbor.example/talks", fetched_at=FETCHED, site_tz="Asia/Tokyo"
    )
    assert article.body == ("The talks resumed.", "Both sides brought new offers on autos.")
    [comment] = article.comments
    assert (comment.id, comment.author, comment.text) == ("c-1", "port_worker", "About time.")
    assert comment.posted == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # read in the site's zone
    assert (comment.score, comment.up, comment.down) == (-3, None, 3)


def test_data_without_a_thread_of_comments_gives_none() -> None:
    objects: list[dict[str, Any]] = [
        {"@type": "Comment", "text": "A comment on its own is no thread."},
        {"@type": "Organization", "comment": [{"@type": "Comment", "text": "Not a page."}]},
        {"@type": "DiscussionForumPosting", "comment": [{"@type": "Comment", "text": "  "}]},
        {"@type": "DiscussionForumPosting", "comment": [{"@type": "Person", "text": "Hi"}]},
    ]
    assert linked_thread(objects) is None


def test_ids_repeated_in_the_data_are_kept_apart() -> None:
    thread = linked_thread(
        [
            {
                "@type": "SocialMediaPosting",
                "comment": [
                    {"identifier": 7, "text": "First."},
                    {"identifier": 7, "text": "Second."},
                    {"text": "Third, without an id."},
                ],
            }
        ]
    )
    assert thread is not None
    assert [c.id for c in thread.comments] == ["7", "7-2", "ld-3"]
