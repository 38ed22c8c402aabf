"""`/stats`: a chart of a topic's articles, comments and votes per day."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.charts import stats_chart
from cogs.common import NO_PINGS, display_topic, topic_autocomplete

if TYPE_CHECKING:
    from bot.client import DigestBot


class StatsCog(commands.Cog):
    def __init__(self, bot: DigestBot) -> None:
        self.bot = bot

    @app_commands.command(name="stats")
    @app_commands.describe(
        topic="Which topic (default: the first configured one)", days="How many days back (1–90)"
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def stats(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        days: app_commands.Range[int, 1, 90] = 14,
    ) -> None:
        """A chart (PNG) of articles, comments and votes over time"""
        runtime = self.bot.runtime
        resolved = await runtime.catalog.resolve(interaction.guild_id, topic)
        await interaction.response.defer(thinking=True)
        name = display_topic(resolved.name)
        rows = await runtime.store.daily_stats(resolved.name, days=days, now=datetime.now(UTC))
        title = f"{name}: the last {days} day{'s' if days != 1 else ''}"
        # Drawing takes a few hundred milliseconds: off the event loop, which keeps answering.
        png = await asyncio.to_thread(stats_chart, rows, title)
        filename = f"stats-{name}-{days}d.png"
        totals = (
            f"{sum(r.articles for r in rows):,} articles, {sum(r.comments for r in rows):,} "
            f"comments, {sum(r.votes for r in rows):,} votes"
        )
        embed = discord.Embed(title=f"Stats for {name}", description=f"Last {days} days: {totals}.")
        embed.set_image(url=f"attachment://{filename}")
        await interaction.followup.send(
            embed=embed,
            file=discord.File(io.BytesIO(png), filename=filename),
            allowed_mentions=NO_PINGS,
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(StatsCog(cast("DigestBot", bot)))
