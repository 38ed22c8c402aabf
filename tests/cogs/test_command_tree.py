"""Every cog loads, and the slash commands are the ones PRODUCT.md names, with their options."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import COGS, DigestBot
from config.settings import load_settings


@pytest.fixture
async def payload(tmp_path: Path) -> AsyncIterator[dict[str, dict[str, Any]]]:
    settings = load_settings(environ={"DIGESTBOT_DATA_DIR": str(tmp_path)})
    bot = DigestBot(settings, sync_only=True)
    async with bot:
        for extension in COGS:
            await bot.load_extension(extension)
        yield {c["name"]: c for c in bot.command_payload()}


def _leaves(command: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in command["options"] if o["type"] == 1}


def _options(command: dict[str, Any]) -> list[tuple[str, int, bool]]:
    return [(o["name"], o["type"], o.get("required", False)) for o in command["options"]]


STRING, INTEGER, BOOLEAN, CHANNEL, ROLE = 3, 4, 5, 7, 8
#: The subscription options /digest subscribe and /digest edit share.
SUBSCRIPTION_OPTIONS = [
    ("role", ROLE, False),
    ("post_as", STRING, False),
    ("style", STRING, False),
    ("live_hours", INTEGER, False),
    ("max_articles", INTEGER, False),
    ("min_comments", INTEGER, False),
    ("publish", BOOLEAN, False),
    ("admin_channel", CHANNEL, False),
]


async def test_the_public_command_names(payload: dict[str, dict[str, Any]]) -> None:
    assert sorted(payload) == ["digest", "help", "news", "stats", "topic"]
    assert list(_leaves(payload["digest"])) == [
        "now",
        "article",
        "subscribe",
        "edit",
        "unsubscribe",
        "subscriptions",
    ]
    assert list(_leaves(payload["news"])) == ["latest", "search", "comments"]
    assert list(_leaves(payload["topic"])) == ["add", "remove", "list"]


async def test_every_command_and_option_is_described(payload: dict[str, dict[str, Any]]) -> None:
    def walk(node: dict[str, Any]) -> None:
        assert 1 <= len(node["description"]) <= 100, node["name"]
        assert node["description"] != "…", node["name"]
        for child in node.get("options", []):
            walk(child)

    for command in payload.values():
        walk(command)


async def test_digest_options(payload: dict[str, dict[str, Any]]) -> None:
    digest = _leaves(payload["digest"])
    assert _options(digest["now"]) == [("topic", STRING, False)]
    assert _options(digest["article"]) == [("url", STRING, True), ("count", INTEGER, False)]
    count = digest["article"]["options"][1]
    assert (count["min_value"], count["max_value"]) == (1, 10)
    assert _options(digest["subscribe"]) == [
        ("channel", CHANNEL, True),
        ("topic", STRING, False),
        ("schedule", STRING, False),
        ("timezone", STRING, False),
        *SUBSCRIPTION_OPTIONS,
    ]
    assert _options(digest["edit"]) == [
        ("channel", CHANNEL, True),
        ("topic", STRING, False),
        ("schedule", STRING, False),
        ("timezone", STRING, False),
        *SUBSCRIPTION_OPTIONS,
        ("reset", STRING, False),
    ]
    # text, announcement, forum; notices go to text or announcement channels
    assert digest["subscribe"]["options"][0]["channel_types"] == [0, 5, 15]
    assert digest["edit"]["options"][-2]["channel_types"] == [0, 5]
    post_as = digest["subscribe"]["options"][5]
    assert [c["value"] for c in post_as["choices"]] == ["channel", "threads"]
    assert _options(digest["unsubscribe"]) == [("channel", CHANNEL, True), ("topic", STRING, False)]
    assert payload["digest"]["dm_permission"] is False
    assert digest["now"]["options"][0]["autocomplete"] is True


async def test_news_options(payload: dict[str, dict[str, Any]]) -> None:
    news = _leaves(payload["news"])
    assert _options(news["latest"]) == [("topic", STRING, False), ("count", INTEGER, False)]
    assert _options(news["search"]) == [("query", STRING, True), ("count", INTEGER, False)]
    assert _options(news["comments"]) == [
        ("article", STRING, True),
        ("sort", STRING, False),
        ("count", INTEGER, False),
    ]
    sort = news["comments"]["options"][1]
    assert [c["value"] for c in sort["choices"]] == ["best", "top", "controversial", "newest"]
    assert news["search"]["options"][0]["max_length"] == 200
    assert (
        news["latest"]["options"][1]["min_value"],
        news["latest"]["options"][1]["max_value"],
    ) == (1, 25)


async def test_topic_stats_help_options(payload: dict[str, dict[str, Any]]) -> None:
    topic = _leaves(payload["topic"])
    assert _options(topic["add"]) == [
        ("name", STRING, True),
        ("keywords", STRING, True),
        ("exclude", STRING, False),
    ]
    assert _options(topic["remove"]) == [("name", STRING, True)]
    assert _options(topic["list"]) == []
    assert payload["topic"]["dm_permission"] is False
    assert _options(payload["stats"]) == [("topic", STRING, False), ("days", INTEGER, False)]
    assert _options(payload["help"]) == []


async def test_manage_server_commands_check_at_run_time(tmp_path: Path) -> None:
    settings = load_settings(environ={"DIGESTBOT_DATA_DIR": str(tmp_path)})
    bot = DigestBot(settings, sync_only=True)
    async with bot:
        for extension in COGS:
            await bot.load_extension(extension)
        guarded = {
            c.qualified_name
            for c in bot.tree.walk_commands()
            if any(
                "has_permissions" in getattr(check, "__qualname__", "")
                for check in getattr(c, "checks", [])
            )
        }
    assert guarded == {
        "digest subscribe",
        "digest edit",
        "digest unsubscribe",
        "topic add",
        "topic remove",
    }
