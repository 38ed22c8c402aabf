"""What a user is told when a command fails (the Discord side is covered end to end)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.errors import BlockedURLError, FetchError, UserInputError
from cogs.errors import PERMISSION_MESSAGE, shown_safely, user_message


async def _now(interaction: discord.Interaction) -> None:
    """A command to blame."""


COMMAND: app_commands.Command[Any, ..., None] = app_commands.Command(
    name="now", description="A command to blame.", callback=_now
)


def test_our_errors_are_shown_as_written() -> None:
    assert (
        user_message(UserInputError("give some words to search for"))
        == "give some words to search for"
    )
    blocked = BlockedURLError(
        "http://10.0.0.1/x", "only links to these sites are allowed: japantoday.com"
    )
    assert user_message(blocked) == (
        "refusing to fetch http://10.0.0.1/x: only links to these sites are allowed: japantoday.com"
    )


def test_errors_wrapped_by_discord_py_are_unwrapped() -> None:
    wrapped = app_commands.CommandInvokeError(
        COMMAND, FetchError("https://japantoday.com/a", "HTTP 503")
    )
    assert user_message(wrapped) == "could not fetch https://japantoday.com/a: HTTP 503"


def test_permission_and_check_failures() -> None:
    assert user_message(app_commands.MissingPermissions(["manage_guild"])) == PERMISSION_MESSAGE
    assert user_message(app_commands.CheckFailure()) == PERMISSION_MESSAGE
    assert user_message(app_commands.NoPrivateMessage()) == "This command only works in a server."


def test_cooldown_names_the_wait() -> None:
    cooldown = app_commands.Cooldown(1, 60.0)
    assert user_message(app_commands.CommandOnCooldown(cooldown, 41.6)) == (
        "Slow down: try this again in 42 seconds."
    )


def test_bugs_get_no_details() -> None:
    assert user_message(KeyError("secret internals")) is None
    wrapped = app_commands.CommandInvokeError(COMMAND, RuntimeError("boom"))
    assert user_message(wrapped) is None


def test_quoted_user_text_cannot_mention_but_our_channel_links_stay() -> None:
    text = shown_safely(
        "unknown topic '@everyone <@&123456789012345678>' for <#987654321098765432>"
    )
    assert text == (
        "unknown topic '@\u200beveryone <\u200b@&123456789012345678>' for <#987654321098765432>"
    )


def test_a_command_the_bot_does_not_have_is_told_kindly_not_logged_as_a_bug() -> None:
    """Discord's command list can be older than the bot's until the next sync: a removed
    command, or one of another shape, is no bug of ours."""
    expected = "This command has changed or no longer exists here; try `/help`."
    assert user_message(app_commands.CommandNotFound("old", [])) == expected
    assert user_message(app_commands.CommandSignatureMismatch(COMMAND)) == expected
