"""The console's Markdown and the JSON of ``digest --json``."""

from __future__ import annotations

import json

from bot.digest import build_digest, make_entry
from bot.models import Article, Digest
from bot.render import render_embeds, render_json, render_markdown
from bot.summarize.extractive import summarize_discussion
from tests.render.limits import MENTION
from tests.render.test_embeds import NOW, hostile_entry, seed_digest
from tests.summarize.seed_thread import URL


def test_markdown_of_the_seed_digest() -> None:
    text = render_markdown(seed_digest())
    lines = text.splitlines()
    assert lines[0] == "# Tariffs digest — 2025-07-05 12:00 UTC"
    assert (
        f"## [Japan tariff negotiator in Washington holds talks twice with Lutnick](<{URL}>)"
        in lines
    )
    assert "*19 comments · 105 votes · japantoday · published 2025-07-05 06:00 UTC*" in lines
    assert lines.index("**Viewpoints**") < lines.index("**Top comments**")
    assert (
        "1. “I think it’s strange that people will reply to ChatGPT.” — reader14 (+3 / −0)" in lines
    )
    assert (
        "**Most divisive:** “Akazawa is in Washington but Lutnick can't be bothered to meet him "
        "face to face. The arrogance is astounding.” — reader04 (+8 / −4)" in lines
    )
    assert any(
        line.startswith("- **") and line.endswith("— OssanAmerica (+1 / −1)") for line in lines
    )
    assert text.endswith("---\n")


def test_markdown_of_hostile_input_never_pings_nor_hides_links() -> None:
    digest = build_digest("tariffs", [hostile_entry(1)], now=NOW)
    text = render_markdown(digest)
    assert MENTION.search(text) is None
    assert "[japantoday.com](https://evil.example" not in text
    assert "\u200d" not in text


def test_markdown_lists_more_and_says_when_empty() -> None:
    more = (Article(url="https://a.example/1", title="Rice [prices]", comment_count=1),)
    text = render_markdown(Digest(topic="tariffs", entries=(), generated_at=NOW, more=more))
    assert "- [Rice \\[prices\\]](<https://a.example/1>) · 1 comment" in text.splitlines()
    empty = render_markdown(Digest(topic="tariffs", entries=(), generated_at=NOW))
    assert "No articles with reader discussion were found for this digest." in empty


def test_json_shape_and_round_trip() -> None:
    article = Article(url="https://a.example/quiet", title="Quiet story", comment_count=0)
    digest = build_digest(
        "tariffs",
        [*seed_digest().entries, make_entry([(article, summarize_discussion([]))])],
        now=NOW,
        max_articles=1,
    )
    data = render_json(digest)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert list(data) == ["topic", "generated_at", "articles", "more", "embeds"]
    assert (data["topic"], data["generated_at"]) == ("tariffs", "2025-07-05T12:00:00+00:00")
    (entry,) = data["articles"]
    assert {"url", "title", "gist", "comment_count", "discussion", "comments"} <= set(entry)
    assert (entry["url"], entry["comment_count"], len(entry["comments"])) == (URL, 19, 19)
    assert entry["gist"].startswith("Japan's top tariff negotiator")
    discussion = entry["discussion"]
    assert {"summary", "viewpoints", "top_comments", "controversial"} <= set(discussion)
    assert [c["id"] for c in discussion["top_comments"]] == ["c14", "c17", "c05"]
    assert discussion["controversial"]["id"] == "c04"
    for viewpoint in discussion["viewpoints"]:
        assert {"label", "key_phrases", "quote", "comment_ids", "size"} <= set(viewpoint)
        assert {"comment_id", "author", "text", "score", "up", "down"} <= set(viewpoint["quote"])
    assert set(entry["comments"][0]) == {
        "id",
        "author",
        "posted",
        "text",
        "score",
        "up",
        "down",
        "parent",
    }
    assert data["more"] == [
        {
            "url": "https://a.example/quiet",
            "title": "Quiet story",
            "source": "",
            "published": None,
            "comment_count": 0,
        }
    ]
    assert data["embeds"] == render_embeds(digest)
    assert data["embeds"][0][-1]["title"] == "More on tariffs"
