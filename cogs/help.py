"""`/help`: what the bot does, its commands, and how to set it up in a server."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.ext import commands

from cogs.common import NO_PINGS

if TYPE_CHECKING:
    from bot.client import DigestBot

ABOUT = (
    "I follow the news on a topic (tariffs and trade by default), read the reader comments "
    "under each article, pick what readers voted up and summarize the discussion in their own "
    "words. Subscribed channels get a digest on a schedule; the commands below look things up "
    "on demand."
)
COMMANDS = (
    ("/digest now [topic]", "the digest of the newest discussions on a topic"),
    ("/digest article url [count]", "the digest of one article's discussion (sites I follow)"),
    (
        "/digest subscribe channel [topic] [schedule] [timezone]",
        "post digests there on a schedule ¹",
    ),
    ("/digest unsubscribe channel [topic]", "stop them ¹"),
    ("/digest subscriptions", "this server's subscriptions"),
    ("/news latest [topic] [count]", "the newest matching articles"),
    ("/news search query [count]", "search stored articles and comments"),
    (
        "/news comments article [sort] [count]",
        "an article's comments: best, top, controversial or newest",
    ),
    ("/topic add name keywords [exclude] · /topic remove name", "this server's own topics ¹"),
    ("/topic list", "every topic you can use"),
    ("/stats [topic] [days]", "a chart of articles, comments and votes per day"),
)
SETUP = (
    "1. Someone with **Manage Server** runs `/digest subscribe channel:#news` "
    "(optionally `topic:`, `schedule:daily 09:00` or a cron string, `timezone:Europe/Paris`).\n"
    "2. I need **View Channel**, **Send Messages**, **Embed Links** and **Read Message "
    "History** in that channel (**Attach Files** for `/stats`).\n"
    "3. The first digest comes at the next scheduled time, with the few most discussed articles."
)


def help_embed() -> discord.Embed:
    embed = discord.Embed(title="digestbot", description=ABOUT, color=0x2B6CB0)
    embed.add_field(
        name="Commands", value="\n".join(f"`{c}` — {what}" for c, what in COMMANDS), inline=False
    )
    embed.add_field(name="Setting up", value=SETUP, inline=False)
    embed.set_footer(text="¹ needs the Manage Server permission")
    return embed


class HelpCog(commands.Cog):
    def __init__(self, bot: DigestBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What the bot does and how to set it up"""
        await interaction.response.send_message(
            embed=help_embed(), ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(HelpCog(cast("DigestBot", bot)))
