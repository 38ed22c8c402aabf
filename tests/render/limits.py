"""Discord's hard limits, checked independently of the renderer's own bookkeeping."""

from __future__ import annotations

import re
from typing import Any

import discord

MENTION = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def strings(embed: dict[str, Any]) -> list[str]:
    out = [embed.get("title", ""), embed.get("description", "")]
    for f in embed.get("fields", []):
        out += [f["name"], f["value"]]
    out += [embed.get("footer", {}).get("text", ""), embed.get("author", {}).get("name", "")]
    return out


def assert_within_discord_limits(messages: list[list[dict[str, Any]]]) -> None:
    assert messages, "nothing to post"
    for message in messages:
        assert 1 <= len(message) <= 10
        total = 0
        for embed in message:
            assert utf16(embed.get("title", "")) <= 256
            assert utf16(embed.get("description", "")) <= 4096
            fields = embed.get("fields", [])
            assert len(fields) <= 25
            for f in fields:
                assert 1 <= utf16(f["name"]) <= 256
                assert 1 <= utf16(f["value"]) <= 1024
            assert utf16(embed.get("footer", {}).get("text", "")) <= 2048
            assert utf16(embed.get("author", {}).get("name", "")) <= 256
            size = sum(utf16(s) for s in strings(embed))
            # discord.py's own count agrees.
            assert len(discord.Embed.from_dict(embed)) <= size
            total += size
            for text in strings(embed):
                assert MENTION.search(text) is None, text
        assert total <= 6000
