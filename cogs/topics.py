"""`/topic …`: a server's own topics, beside the configured ones."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.catalog import REMATCH_WINDOW
from bot.text import clean, truncate
from cogs.common import NO_PINGS, answer, in_a_server, in_time, manage_server_only

if TYPE_CHECKING:
    from bot.client import DigestBot
    from bot.store.records import GuildTopic, Subscription
    from bot.topics import Topic


def _terms(terms: tuple[str, ...]) -> str:
    return ", ".join(f"`{t.replace('`', 'ʹ')}`" for t in terms)


class TopicCog(commands.Cog):
    topic = app_commands.Group(
        name="topic",
        description="This server's topics",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )

    def __init__(self, bot: DigestBot) -> None:
        self.bot = bot

    def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return in_a_server(interaction)

    async def _own_topic_names(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        topics = await self.bot.runtime.store.guild_topics(interaction.guild_id)
        typed = current.strip().lower()
        names = sorted(t.name for t in topics if typed in t.name)
        return [app_commands.Choice(name=n, value=n) for n in names[:25]]

    @topic.command(name="add")
    @app_commands.describe(
        name="Short name: lowercase letters, digits, - or _",
        keywords="Words or phrases, separated by commas (regular expressions allowed)",
        exclude="Leave out articles mentioning any of these (comma-separated)",
    )
    @manage_server_only()
    async def add(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 32],
        keywords: app_commands.Range[str, 1, 1500],
        exclude: app_commands.Range[str, 0, 1500] = "",
    ) -> None:
        """Add a topic (or change one) for this server"""
        guild_id = cast(int, interaction.guild_id)
        topic, matched = await in_time(
            interaction, self.bot.runtime.catalog.add(guild_id, name, keywords, exclude)
        )
        shown = topic.name.split(":", 1)[-1]
        text = f"Topic **{shown}** saved: matches {_terms(topic.include)}"
        if topic.exclude:
            text += f"; leaves out {_terms(topic.exclude)}"
        days = REMATCH_WINDOW.days
        plural = "" if matched == 1 else "s"
        text += (
            f". {matched} article{plural} stored in the last {days} days match it, and new ones "
            f"are matched at every poll; use it with `/digest subscribe topic:{shown}` or "
            f"`/news latest topic:{shown}`."
        )
        await answer(interaction, truncate(text, 2000), allowed_mentions=NO_PINGS)

    @topic.command(name="remove")
    @app_commands.describe(name="The topic to remove")
    @manage_server_only()
    async def remove(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 32]
    ) -> None:
        """Remove one of this server's topics"""
        guild_id = cast(int, interaction.guild_id)
        wanted = name.strip().lower()

        async def remove_and_find_subscriptions() -> list[Subscription]:
            await self.bot.runtime.catalog.remove(guild_id, name)
            return await self.bot.runtime.store.subscriptions(guild_id)

        subscriptions = await in_time(interaction, remove_and_find_subscriptions())
        text = f"Topic **{clean(wanted)}** removed."
        still = [s for s in subscriptions if s.topic == wanted]
        if still:
            channels = ", ".join(f"<#{s.channel_id}>" for s in still)
            text += (
                f" Subscriptions in {channels} still name it and post nothing until you add it "
                "again or `/digest unsubscribe` them."
            )
        await answer(interaction, text, allowed_mentions=NO_PINGS)

    @remove.autocomplete("name")
    async def _remove_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._own_topic_names(interaction, current)

    @topic.command(name="list")
    async def list_topics(self, interaction: discord.Interaction) -> None:
        """This server's topics and the configured ones"""
        guild_id = cast(int, interaction.guild_id)
        runtime = self.bot.runtime

        async def lookup() -> tuple[list[GuildTopic], list[tuple[str, Topic]]]:
            return await runtime.store.guild_topics(guild_id), await runtime.catalog.for_guild(
                guild_id
            )

        guild_topics, every_topic = await in_time(interaction, lookup())
        own = {g.name for g in guild_topics}
        embed = discord.Embed(title="Topics")
        topics = every_topic[:25]
        room = min(1024, 5500 // max(len(topics), 1) - 40)  # 6000 across a whole embed
        for shown, topic in topics:
            origin = "this server" if shown in own else "configured"
            value = f"matches {_terms(topic.include)}"
            if topic.exclude:
                value += f"; leaves out {_terms(topic.exclude)}"
            embed.add_field(name=f"{shown} ({origin})", value=truncate(value, room), inline=False)
        if not embed.fields:
            embed.description = "No topics yet: add one with `/topic add`."
        await answer(interaction, embed=embed, allowed_mentions=NO_PINGS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(TopicCog(cast("DigestBot", bot)))
