"""Every slash-command failure ends as one short ephemeral message, never a crash.

Errors digestbot raises on purpose (:class:`bot.errors.DigestbotError`: a bad argument, a
refused URL, a page that could not be read) carry text written for users and are shown as is.
Anything else is a bug: it is logged with the command, guild and user ids, and the user gets
a generic message (an exception's text can hold internals, so it is never shown).
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.errors import DigestbotError
from bot.text import ZWSP, neutralize_mentions, truncate
from cogs.options import OptionOutOfBounds

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
PERMISSION_MESSAGE = "You need the Manage Server permission for this."
UNEXPECTED_MESSAGE = "Something went wrong; it has been logged."
MAX_MESSAGE = 1900


class NotInThisServer(app_commands.CheckFailure):
    """A command acting on a server, used where the bot is not a member (through a user's own
    install of the app): nothing it would post or keep there could work."""

    def __init__(self) -> None:
        super().__init__(
            "The bot is not a member of this server, so it can post nothing and keep nothing "
            "here: ask a server admin to add the bot to the server first."
        )


def _unwrap(error: BaseException) -> BaseException:
    """The error the command raised, without discord.py's wrapper."""
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    return error


def user_message(error: BaseException) -> str | None:
    """What to tell the user about ``error``; None when it is unexpected (a bug)."""
    error = _unwrap(error)
    if isinstance(error, DigestbotError | OptionOutOfBounds):
        return str(error) or "That did not work."
    if isinstance(error, app_commands.MissingPermissions):
        return PERMISSION_MESSAGE
    if isinstance(error, app_commands.BotMissingPermissions):
        missing = ", ".join(p.replace("_", " ").title() for p in error.missing_permissions)
        return f"I am missing permissions here: {missing}."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try this again in {max(1, round(error.retry_after))} seconds."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, NotInThisServer):
        return str(error)
    if isinstance(error, app_commands.CheckFailure):
        return PERMISSION_MESSAGE
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        # a command this bot does not have (any more), or of another shape: Discord's list
        # is older than the bot's, until the next sync
        return "This command has changed or no longer exists here; try `/help`."
    if isinstance(error, app_commands.TransformerError):
        return f"{error.value!s:.100} is not a valid {error.type.name} here."
    return None


#: Discord's answers once an interaction's token is dead: the 3-second window for the first
#: answer passed (Unknown Interaction), or the 15 minutes for followups (Unknown Webhook).
EXPIRED_INTERACTION_CODES = frozenset({10062, 10015})


def expired_interaction(error: BaseException) -> int | None:
    """Discord's error code when ``error`` says the interaction expired, else None."""
    error = _unwrap(error)
    if isinstance(error, discord.NotFound) and error.code in EXPIRED_INTERACTION_CODES:
        return int(error.code)
    return None


def shown_safely(text: str) -> str:
    """Error text may quote what a user typed: no mention in it survives, except channel
    links (``<#id>``, which never ping) that our own messages use to name a channel."""
    return neutralize_mentions(text).replace("<" + ZWSP + "#", "<#")


def _context(interaction: discord.Interaction) -> dict[str, object]:
    command = interaction.command
    return {
        "command": command.qualified_name if command is not None else None,
        "guild_id": interaction.guild_id,
        "channel_id": interaction.channel_id,
        "user_id": interaction.user.id if interaction.user else None,
        "interaction_id": interaction.id,
    }


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong (ephemeral), once; log what was not meant to happen."""
    context = _context(interaction)
    code = expired_interaction(error)
    if code is not None:
        # Nobody is left to tell: any answer would meet the same dead token.
        log.warning(
            "/%s expired before it was answered (Discord error %d); the user saw no answer",
            context["command"],
            code,
            extra=context,
        )
        return
    text = user_message(error)
    if text is None:
        original = _unwrap(error)
        log.error(
            "unexpected error in /%s (guild %s, channel %s, user %s)",
            context["command"],
            context["guild_id"],
            context["channel_id"],
            context["user_id"],
            exc_info=(type(original), original, original.__traceback__),
            extra=context,
        )
        text = UNEXPECTED_MESSAGE
    else:
        log.info("/%s refused: %s", context["command"], text, extra=context)
    text = truncate(shown_safely(text), MAX_MESSAGE)
    try:
        if interaction.response.is_done():
            await _drop_public_thinking(interaction)
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except (discord.HTTPException, discord.InteractionResponded) as exc:
        # The interaction expired or was answered meanwhile: nothing left to tell the user.
        log.warning("could not report an error to the user: %s", exc, extra=context)


async def _drop_public_thinking(interaction: discord.Interaction) -> None:
    """Delete a public "thinking…" placeholder so the error can be ephemeral.

    The first followup after a defer fills in the deferred message and keeps its visibility,
    so an error sent that way would be shown to the whole channel. Once the placeholder is
    gone, the followup is a message of its own, seen only by the user.
    """
    if interaction.response.type is not discord.InteractionResponseType.deferred_channel_message:
        return
    try:
        original = await interaction.original_response()
        if original.flags.loading and not original.flags.ephemeral:
            await interaction.delete_original_response()
    except discord.HTTPException as exc:
        log.info("could not replace the deferred response: %s", exc)
