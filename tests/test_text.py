"""Untrusted text: no pings, no invisible tricks, no disguised links, cuts that stay in limits."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.text import (
    ZWSP,
    discord_len,
    escape_markdown,
    masked_link,
    neutralize_mentions,
    normalize_ws,
    truncate,
    vote_label,
)

# What Discord would turn into a ping or a mention, and the characters used to hide one.
MENTION = re.compile(r"@(?:everyone|here)|<@[!&]?\d+>|<#\d+>|</[^<>:]+:\d+>", re.IGNORECASE)
INVISIBLE = re.compile("[\u200c-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def test_everyone_and_here_no_longer_ping() -> None:
    assert (
        neutralize_mentions("hey @everyone and @here!") == f"hey @{ZWSP}everyone and @{ZWSP}here!"
    )


def test_user_role_channel_and_command_mentions_are_defused() -> None:
    text = "<@123> <@!456> <@&789> <#1011> </digest now:1213>"
    assert neutralize_mentions(text) == (
        f"<{ZWSP}@123> <{ZWSP}@!456> <{ZWSP}@&789> <{ZWSP}#1011> <{ZWSP}/digest now:1213>"
    )


def test_invisible_characters_cannot_assemble_a_mention() -> None:
    # A zero-width joiner inside "everyone" and a bidi override are removed before defusing.
    assert neutralize_mentions("@every\u200done \u202eevil") == f"@{ZWSP}everyone evil"
    assert neutralize_mentions("<\u200d@\u200b123>") == f"<{ZWSP}@123>"


def test_masked_link_shows_where_it_goes() -> None:
    text = "see [https://bank.example](https://evil.example/phish) now"
    assert neutralize_mentions(text) == "see https://bank.example (https://evil.example/phish) now"
    assert neutralize_mentions("[[a](https://x.example)](https://y.example)") == (
        "a (https://x.example) (https://y.example)"
    )


@given(
    st.lists(
        st.sampled_from(
            [*"@<>&!#/:[]() 0123456789", "everyone", "here", "\u200d", "\u200b", "\u202e"]
        ),
        max_size=40,
    ).map("".join)
)
def test_no_mention_or_invisible_trick_survives(text: str) -> None:
    safe = neutralize_mentions(text)
    assert MENTION.search(safe) is None
    assert INVISIBLE.search(safe) is None


def test_escape_markdown_keeps_text_readable_and_urls_intact() -> None:
    assert escape_markdown("**bold** _it_ ~~s~~ `c` ||spoiler||") == (
        r"\*\*bold\*\* \_it\_ \~\~s\~\~ \`c\` \|\|spoiler\|\|"
    )
    assert escape_markdown("see https://x.example/a_b_c?q=*") == "see https://x.example/a_b_c?q=*"
    assert escape_markdown("> quoted\n# big\n-# small\n- item") == (
        "\\> quoted\n\\# big\n\\-# small\n\\- item"
    )


def test_normalize_ws_collapses_every_kind_of_space() -> None:
    assert normalize_ws("  a\n\n b\u00a0c\t\u3000d ") == "a b c d"


def test_truncate_cuts_at_a_word_and_marks_the_cut() -> None:
    assert truncate("The quick brown fox jumps", 12) == "The quick…"
    assert truncate("short", 12) == "short"
    assert truncate("anything", 0) == ""


def test_truncate_appends_more_link_within_the_limit() -> None:
    text = "word " * 100
    cut = truncate(text, 120, link="https://japantoday.com/a (b)")
    assert cut.endswith("… [more](https://japantoday.com/a%20%28b%29)")
    assert len(cut) <= 120
    assert cut.startswith("word word")


def test_truncate_hard_cuts_a_single_huge_word() -> None:
    cut = truncate("x" * 10_000, 100)
    assert cut == "x" * 99 + "…"


def test_truncate_counts_astral_characters_as_discord_does() -> None:
    cut = truncate("😀" * 10, 7)
    assert cut == "😀😀😀…"
    assert discord_len(cut) == 7


def test_truncate_never_leaves_a_dangling_escape() -> None:
    cut = truncate(escape_markdown("a" * 8 + "*" * 10), 10)
    assert cut == "aaaaaaaa…"


@given(st.text(max_size=300), st.integers(min_value=1, max_value=120))
def test_truncate_always_within_limit(text: str, limit: int) -> None:
    cut = truncate(text, limit, link="https://example.com/x")
    assert discord_len(cut) <= limit
    if discord_len(text) <= limit:
        assert cut == text


def test_masked_link_escapes_its_label() -> None:
    assert masked_link("[evil](https://x) @everyone", "https://a.example/b c") == (
        f"[evil (https://x) @{ZWSP}everyone](https://a.example/b%20c)"
    )


def test_vote_label() -> None:
    assert vote_label(5, 6, 1) == "+6 / −1"
    assert vote_label(12, None, None) == "12 points"
    assert vote_label(1, None, None) == "1 point"
    assert vote_label(None, None, None) == ""
