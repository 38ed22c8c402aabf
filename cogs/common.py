"""What several cogs share: topic autocomplete, the Manage Server gate, sending digests.

Nothing here knows SQL, HTML or ranking: it turns services' results into Discord calls.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord
from discord import app_commands

from bot.models import Digest
from bot.render import render_embeds
from cogs.errors import NotInThisServer

if TYPE_CHECKING:
    from bot.client import DigestBot

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
MAX_CHOICES = 25  # Discord's limit on autocomplete answers

T = TypeVar("T")

#: Work not done this soon is deferred ("thinking…") while it finishes: Discord drops an
#: interaction not acknowledged within 3 s, and a store busy with a poll can take that long.
#: Quicker work is answered in one response, so an idle bot shows no "thinking…" at all.
ACK_WITHIN = 0.1


def digest_bot(interaction: discord.Interaction) -> DigestBot:
    """The bot behind an interaction, typed (every interaction here reaches a DigestBot)."""
    return cast("DigestBot", interaction.client)


async def in_time(interaction: discord.Interaction, work: Awaitable[T]) -> T:
    """``work``'s result, deferring the interaction if it is not ready within ACK_WITHIN.

    In a burst of commands (the bot is ``crowded``) the interaction is deferred before the
    work starts: every command's work would hold up every other command's acknowledgement, and
    an interaction Discord sees unacknowledged for 3 s is lost.

    An error raised before the deferral is answered privately as usual; one raised after it
    replaces the "thinking…" placeholder (see cogs.errors). Follow with :func:`answer`.
    """
    if getattr(interaction.client, "crowded", False) and not interaction.response.is_done():
        try:
            await interaction.response.defer(thinking=True)
        except BaseException:
            if asyncio.iscoroutine(work):
                work.close()
            raise
        return await work
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=ACK_WITHIN)
    if not done and not interaction.response.is_done():
        try:
            await interaction.response.defer(thinking=True)
        except BaseException:
            task.cancel()
            raise
    return await task


async def answer(
    interaction: discord.Interaction, content: str | None = None, **kwargs: Any
) -> None:
    """Reply in the interaction's response, or in a followup when it was deferred."""
    if interaction.response.is_done():
        if content is not None:
            kwargs["content"] = content
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(content, **kwargs)


def in_a_server(interaction: discord.Interaction) -> bool:
    """The check of the commands that act on a server (``/digest``, ``/topic``), before any
    other: used in a server the bot is a member of, through the server's install of the app.

    In a DM they answer "This command only works in a server." (the Manage Server check said
    "You need the Manage Server permission", which no one can have in a DM). Through a user's
    own install, in a server the bot is not in, they refuse too: a subscription there would
    fail at its first digest with nobody to tell. Both are registered for servers and the
    server's install only; another client, or an app installed for users too before that was
    registered, may still send them."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    member = interaction.client.get_guild(interaction.guild_id) is not None
    user_install_only = interaction.is_user_integration() and not interaction.is_guild_integration()
    if not member or user_install_only:
        raise NotInThisServer()
    return True


def manage_server_only() -> Callable[[T], T]:
    """Manage Server: hinted to Discord and enforced when the command runs.

    Discord ignores ``default_permissions`` on subcommands (discord.py leaves it out of the
    payload), so the runtime check is what actually refuses a normal member.
    """

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(manage_guild=True)(func)
        func = app_commands.checks.has_permissions(manage_guild=True)(func)
        return func

    return decorator


async def topic_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The guild's own topics, then the configured ones, filtered by what was typed."""
    try:
        topics = await digest_bot(interaction).runtime.catalog.for_guild(interaction.guild_id)
    except Exception:
        log.exception("topic autocomplete failed", extra={"guild_id": interaction.guild_id})
        return []
    typed = current.strip().lower()
    names = [name for name, _ in topics]
    starting = [n for n in names if n.startswith(typed)]
    containing = [n for n in names if typed in n and n not in starting]
    return [app_commands.Choice(name=n, value=n) for n in [*starting, *containing][:MAX_CHOICES]]


def display_topic(stored_name: str) -> str:
    """A stored topic key (``"<guild id>:<name>"`` for a guild's own) as users type it."""
    return stored_name.split(":", 1)[-1]


def embeds_from(dicts: Sequence[dict[str, Any]]) -> list[discord.Embed]:
    return [discord.Embed.from_dict(d) for d in dicts]


async def send_digest(interaction: discord.Interaction, digest: Digest, *, empty: str) -> int:
    """Answer a deferred interaction with a digest: one followup per rendered message.

    ``empty`` is said instead when the digest has no articles. Returns the messages sent.
    """
    if not digest.entries:
        await interaction.followup.send(empty, allowed_mentions=NO_PINGS)
        return 1
    messages = render_embeds(digest)
    for embeds in messages:
        await interaction.followup.send(embeds=embeds_from(embeds), allowed_mentions=NO_PINGS)
    return len(messages)


class PostableChannel(app_commands.Transformer):
    """A text, announcement or forum channel, kept as Discord sent it (no cache needed).

    Subscribing checks the bot's permissions on the cached channel when it has one;
    unsubscribing works from the id alone, so a channel the cache lost can still be cleaned up.
    """

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.forum]

    async def transform(
        self, interaction: discord.Interaction, value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


class NoticeChannel(PostableChannel):
    """A text or announcement channel for the bot's notices to a server's admins."""

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]
