"""`/news …`: the newest articles, full-text search, and an article's ranked comments."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.news import (
    NewsService,
    check_article_url,
    check_query,
    comments_embed,
    latest_embed,
    search_embed,
)
from cogs.common import NO_PINGS, answer, in_time, topic_autocomplete

if TYPE_CHECKING:
    from bot.client import DigestBot

SORT_CHOICES = [
    app_commands.Choice(name="best (most upvoted for its votes)", value="best"),
    app_commands.Choice(name="top (highest net score)", value="top"),
    app_commands.Choice(name="controversial (votes on both sides)", value="controversial"),
    app_commands.Choice(name="newest", value="newest"),
]


class NewsCog(commands.GroupCog, group_name="news"):
    """Look up stored news articles and their comments"""

    def __init__(self, bot: DigestBot) -> None:
        self.bot = bot
        self._news: NewsService | None = None
        super().__init__()

    @property
    def news(self) -> NewsService:
        # Built on first use: `digestbot sync` loads the cogs without opening the store.
        if self._news is None:
            runtime = self.bot.runtime
            self._news = NewsService(runtime.store, runtime.catalog, runtime.fetch_user_url)
        return self._news

    @app_commands.command(name="latest")
    @app_commands.describe(
        topic="Which topic (default: the first configured one)", count="How many (1–25)"
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def latest(
        self,
        interaction: discord.Interaction,
        topic: str | None = None,
        count: app_commands.Range[int, 1, 25] = 5,
    ) -> None:
        """Newest matching articles"""
        result = await in_time(interaction, self.news.latest(interaction.guild_id, topic, count))
        await answer(
            interaction,
            embed=discord.Embed.from_dict(latest_embed(result)),
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="search")
    @app_commands.describe(
        query="Words to look for in titles, articles and comments", count="How many results (1–25)"
    )
    async def search(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        count: app_commands.Range[int, 1, 25] = 5,
    ) -> None:
        """Full-text search over stored articles and comments"""
        check_query(query)  # a bad query is refused before the public "thinking…"
        await interaction.response.defer(thinking=True)
        hits = await self.news.search(query, count)
        await interaction.followup.send(
            embed=discord.Embed.from_dict(search_embed(query, hits)), allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="comments")
    @app_commands.describe(
        article="Link to the article",
        sort="How to rank the comments (default: best)",
        count="How many comments (1–10)",
    )
    @app_commands.choices(sort=SORT_CHOICES)
    @app_commands.checks.cooldown(5, 60.0, key=lambda i: (i.guild_id, i.user.id))
    async def comments(
        self,
        interaction: discord.Interaction,
        article: app_commands.Range[str, 1, 2000],
        sort: app_commands.Choice[str] | None = None,
        count: app_commands.Range[int, 1, 10] = 5,
    ) -> None:
        """An article's comments, ranked"""
        self.bot.runtime.user_url_source(check_article_url(article))  # (told at once)
        await interaction.response.defer(thinking=True)
        result = await self.news.comments(article, sort.value if sort else "best", count)
        await interaction.followup.send(
            embed=discord.Embed.from_dict(comments_embed(result)), allowed_mentions=NO_PINGS
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(NewsCog(cast("DigestBot", bot)))
