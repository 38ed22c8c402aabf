"""`/digest …`: digests on demand, and subscriptions that post them on a schedule."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, cast
from zoneinfo import ZoneInfo, available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserInputError
from bot.render.parts import ChannelKind
from bot.schedule import DEFAULT_SCHEDULE, next_run
from bot.store import Subscription
from bot.store.records import DEFAULT_LIVE_HOURS
from cogs.common import (
    MAX_CHOICES,
    NO_PINGS,
    NoticeChannel,
    PostableChannel,
    answer,
    display_topic,
    in_a_server,
    in_time,
    manage_server_only,
    send_digest,
    topic_autocomplete,
)

if TYPE_CHECKING:
    from bot.client import DigestBot

SCHEDULE_EXAMPLES = ("daily 09:00", "weekdays 08:30", "weekly mon 09:00", "every 6h", "0 9 * * 1-5")
# Reading history lets delivery check, after a crash, whether a digest was already posted.
NEEDED_TO_POST = ("view_channel", "send_messages", "embed_links", "read_message_history")
NEEDED_FOR_THREADS = ("create_public_threads", "send_messages_in_threads")
#: What ``/digest edit reset:`` can put back to its default.
RESETTABLE = {
    "role ping": "role_id",
    "admin channel": "admin_channel_id",
    "max articles": "max_articles",
    "min comments": "min_comments",
}
OPTION_HELP = {
    "role": "A role to mention when a digest posts (only that role is pinged)",
    "post_as": "channel: digests as messages; threads: each article in its own thread",
    "style": "embeds (rich cards) or compact (plain text lines)",
    "live_hours": "Hours after posting to keep editing the digest as votes move (0: off)",
    "max_articles": "Most articles shown in full; the rest are linked as 'more' (1–25)",
    "min_comments": "Leave out articles with fewer comments than this",
    "publish": "In an announcement channel, publish each digest to following servers",
    "admin_channel": "Where to tell this server's admins about failures and recoveries",
}
_ZONES = sorted(available_timezones())


async def schedule_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    typed = current.strip()
    options = [typed] if typed and typed not in SCHEDULE_EXAMPLES else []
    options += [s for s in SCHEDULE_EXAMPLES if typed.lower() in s]
    return [app_commands.Choice(name=s[:100], value=s[:100]) for s in options[:MAX_CHOICES]]


async def timezone_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    typed = current.strip().lower().replace(" ", "_")
    starting = [z for z in _ZONES if z.lower().startswith(typed)]
    containing = [z for z in _ZONES if typed in z.lower() and z not in starting]
    return [app_commands.Choice(name=z, value=z) for z in [*starting, *containing][:MAX_CHOICES]]


def when(moment: datetime | None, tz: str) -> str:
    """A time in the subscription's timezone plus a Discord timestamp readers see locally."""
    if moment is None:
        return "not scheduled"
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%Y-%m-%d %H:%M} {tz} (<t:{int(moment.timestamp())}:R>)"


def kind_of(channel: app_commands.AppCommandChannel) -> ChannelKind:
    if channel.type == discord.ChannelType.forum:
        return "forum"
    if channel.type == discord.ChannelType.news:
        return "announcement"
    return "text"


def option_changes(
    *,
    role: discord.Role | None = None,
    post_as: str | None = None,
    style: str | None = None,
    live_hours: int | None = None,
    max_articles: int | None = None,
    min_comments: int | None = None,
    publish: bool | None = None,
    admin_channel: app_commands.AppCommandChannel | None = None,
) -> dict[str, Any]:
    """The options a command was given, by their stored names (left-out ones stay as they are)."""
    given = {
        "role_id": role.id if role is not None else None,
        "post_as": post_as,
        "style": style,
        "live_hours": live_hours,
        "max_articles": max_articles,
        "min_comments": min_comments,
        "publish": publish,
        "admin_channel_id": admin_channel.id if admin_channel is not None else None,
    }
    return {k: v for k, v in given.items() if v is not None}


def describe_options(sub: Subscription) -> str:
    """The options that differ from the defaults, for confirmations and the listing."""
    notes = []
    if sub.role_id:
        notes.append(f"pings <@&{sub.role_id}>")
    if sub.post_as == "threads":
        notes.append("a thread per article")
    if sub.style == "compact":
        notes.append("compact")
    if sub.live_hours != DEFAULT_LIVE_HOURS:
        notes.append(f"live updates {sub.live_hours} h" if sub.live_hours else "no live updates")
    if sub.max_articles is not None:
        notes.append(f"at most {sub.max_articles} articles")
    if sub.min_comments:
        notes.append(f"articles with {sub.min_comments}+ comments")
    if sub.publish:
        notes.append("published")
    if sub.admin_channel_id:
        notes.append(f"notices in <#{sub.admin_channel_id}>")
    return ", ".join(notes)


@app_commands.guild_only()
@app_commands.allowed_installs(guilds=True, users=False)
class DigestCog(commands.GroupCog, group_name="digest"):
    """Digests of the reader discussion around the news"""

    def __init__(self, bot: DigestBot) -> None:
        self.bot = bot
        super().__init__()

    def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return in_a_server(interaction)

    def _next_run(self, sub: Subscription) -> datetime | None:
        scheduled = self.bot.subscriptions.next_run_time(sub.id)
        if scheduled is not None:
            return scheduled
        try:
            return next_run(sub.schedule, sub.timezone, datetime.now(UTC))
        except UserInputError:
            return None

    @app_commands.command(name="now")
    @app_commands.describe(topic="Which topic (default: the first configured one)")
    @app_commands.autocomplete(topic=topic_autocomplete)
    async def now(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        """The digest of the newest discussions on a topic"""
        runtime = self.bot.runtime
        # Resolved before deferring when the store is quick: a bad topic gets a private answer.
        resolved = await in_time(interaction, runtime.catalog.resolve(interaction.guild_id, topic))
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True)
        name = display_topic(resolved.name)
        digest = await runtime.digests.for_topic(resolved.name, topic_name=name)
        hours = runtime.settings.file.digest.window_hours
        await send_digest(
            interaction,
            digest,
            empty=f"No articles on **{name}** were discussed in the last {hours:g} hours.",
        )

    @app_commands.command(name="article")
    @app_commands.describe(
        url="Link to the article (only sites the bot follows)",
        count="How many top comments to show (1–10)",
    )
    @app_commands.checks.cooldown(3, 60.0, key=lambda i: (i.guild_id, i.user.id))
    async def article(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2000],
        count: app_commands.Range[int, 1, 10] | None = None,
    ) -> None:
        """The digest of one article's discussion (allowed sites only)"""
        runtime = self.bot.runtime
        runtime.user_url_source(url)  # (a site not followed: told at once, privately)
        await interaction.response.defer(thinking=True)
        fetched = await runtime.fetch_user_url(url)
        digest = await runtime.digests.for_articles([fetched], max_articles=1, top_n=count)
        await send_digest(interaction, digest, empty="That article has nothing to digest.")

    @app_commands.command(name="subscribe")
    @app_commands.describe(
        channel="Where to post the digests (a text, announcement or forum channel)",
        topic="Which topic (default: the first configured one)",
        schedule="When: 'daily 09:00', 'weekdays 08:30', 'every 6h' or a cron string",
        timezone="IANA timezone for the schedule, e.g. Europe/Paris",
        **OPTION_HELP,
    )
    @app_commands.autocomplete(
        topic=topic_autocomplete, schedule=schedule_autocomplete, timezone=timezone_autocomplete
    )
    @manage_server_only()
    async def subscribe(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[app_commands.AppCommandChannel, PostableChannel],
        topic: str | None = None,
        schedule: app_commands.Range[str, 1, 100] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        post_as: Literal["channel", "threads"] | None = None,
        style: Literal["embeds", "compact"] | None = None,
        live_hours: app_commands.Range[int, 0, 168] | None = None,
        max_articles: app_commands.Range[int, 1, 25] | None = None,
        min_comments: app_commands.Range[int, 0, 100000] | None = None,
        publish: bool | None = None,
        admin_channel: app_commands.Transform[app_commands.AppCommandChannel, NoticeChannel]
        | None = None,
    ) -> None:
        """Post digests of a topic to a channel on a schedule"""
        guild_id = _guild_id(interaction)
        options = option_changes(
            role=role,
            post_as=post_as,
            style=style,
            live_hours=live_hours,
            max_articles=max_articles,
            min_comments=min_comments,
            publish=publish,
            admin_channel=admin_channel,
        )
        threads = post_as == "threads" or kind_of(channel) == "forum"
        self._check_can_post(interaction, channel, threads=threads)
        sub = await in_time(
            interaction,
            self.bot.subscriptions.subscribe(
                guild_id,
                channel.id,
                topic,
                schedule or DEFAULT_SCHEDULE,
                timezone,
                options=options,
                kind=kind_of(channel),
            ),
        )
        text = (
            f"Subscribed <#{sub.channel_id}> to **{sub.topic}** digests: `{sub.schedule}`, "
            f"timezone {sub.timezone}. Next digest: {when(self._next_run(sub), sub.timezone)}."
        )
        await answer(
            interaction,
            text + self._options_note(interaction, sub, channel),
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="edit")
    @app_commands.describe(
        channel="The subscribed channel",
        topic="Which of its subscriptions (needed when it has several)",
        schedule="A new schedule: 'daily 09:00', 'every 6h' or a cron string",
        timezone="A new IANA timezone for the schedule",
        reset="Put one option back to its default",
        **OPTION_HELP,
    )
    @app_commands.autocomplete(
        topic=topic_autocomplete, schedule=schedule_autocomplete, timezone=timezone_autocomplete
    )
    @manage_server_only()
    async def edit(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[app_commands.AppCommandChannel, PostableChannel],
        topic: str | None = None,
        schedule: app_commands.Range[str, 1, 100] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        post_as: Literal["channel", "threads"] | None = None,
        style: Literal["embeds", "compact"] | None = None,
        live_hours: app_commands.Range[int, 0, 168] | None = None,
        max_articles: app_commands.Range[int, 1, 25] | None = None,
        min_comments: app_commands.Range[int, 0, 100000] | None = None,
        publish: bool | None = None,
        admin_channel: app_commands.Transform[app_commands.AppCommandChannel, NoticeChannel]
        | None = None,
        reset: Literal["role ping", "admin channel", "max articles", "min comments"] | None = None,
    ) -> None:
        """Change a subscription's schedule or options without re-creating it"""
        changes = option_changes(
            role=role,
            post_as=post_as,
            style=style,
            live_hours=live_hours,
            max_articles=max_articles,
            min_comments=min_comments,
            publish=publish,
            admin_channel=admin_channel,
        )
        if schedule is not None:
            changes["schedule"] = schedule
        if timezone is not None:
            changes["timezone"] = timezone
        if reset is not None:
            column = RESETTABLE[reset]
            if column in changes:
                raise UserInputError(f"reset:{reset} and a new value for it cannot go together.")
            changes[column] = None
        if not changes:
            raise UserInputError("Nothing to change: give a new schedule, timezone or option.")
        threads = post_as == "threads" or kind_of(channel) == "forum"
        self._check_can_post(interaction, channel, threads=threads)
        sub = await in_time(
            interaction,
            self.bot.subscriptions.edit(
                _guild_id(interaction), channel.id, topic, changes, kind=kind_of(channel)
            ),
        )
        text = (
            f"Updated the **{sub.topic}** digest in <#{sub.channel_id}>: `{sub.schedule}`, "
            f"timezone {sub.timezone}. Next digest: {when(self._next_run(sub), sub.timezone)}."
        )
        await answer(
            interaction,
            text + self._options_note(interaction, sub, channel),
            allowed_mentions=NO_PINGS,
        )

    def _options_note(
        self,
        interaction: discord.Interaction,
        sub: Subscription,
        channel: app_commands.AppCommandChannel,
    ) -> str:
        note = describe_options(sub)
        text = f" Options: {note}." if note else ""
        guild = interaction.guild
        role = guild.get_role(sub.role_id) if guild is not None and sub.role_id else None
        cached = channel.resolve()
        me = guild.me if guild is not None else None
        silent = (
            role is not None
            and not role.mentionable
            and cached is not None
            and me is not None
            and not cached.permissions_for(me).mention_everyone
        )
        if silent and role is not None:
            text += (
                f" Note: <@&{role.id}> is not mentionable and I lack Mention All Roles "
                "there, so Discord will not ping it."
            )
        if sub.publish and kind_of(channel) != "announcement":
            text += " Note: publishing only applies in announcement channels."
        return text

    def _check_can_post(
        self,
        interaction: discord.Interaction,
        channel: app_commands.AppCommandChannel,
        *,
        threads: bool = False,
    ) -> None:
        """Refuse a channel the bot could not post in, rather than fail at the first digest."""
        guild = interaction.guild
        cached = channel.resolve()
        me = guild.me if guild is not None else None
        if cached is None or me is None:
            return  # nothing to check against; delivery will report a problem once
        perms = cached.permissions_for(me)
        needed: tuple[str, ...] = NEEDED_TO_POST
        if threads and kind_of(channel) != "forum":
            needed += NEEDED_FOR_THREADS
        missing = [p for p in needed if not getattr(perms, p)]
        if missing:
            names = ", ".join(p.replace("_", " ").title() for p in missing)
            raise UserInputError(f"I can't post in <#{channel.id}>: give me {names} there first.")

    @app_commands.command(name="unsubscribe")
    @app_commands.describe(
        channel="The channel to stop posting to", topic="Only this topic's digests"
    )
    @app_commands.autocomplete(topic=topic_autocomplete)
    @manage_server_only()
    async def unsubscribe(
        self,
        interaction: discord.Interaction,
        channel: app_commands.Transform[app_commands.AppCommandChannel, PostableChannel],
        topic: str | None = None,
    ) -> None:
        """Stop posting digests to a channel"""
        removed = await in_time(
            interaction,
            self.bot.subscriptions.unsubscribe(_guild_id(interaction), channel.id, topic),
        )
        if not removed:
            what = f" to **{display_topic(topic)}**" if topic else ""
            raise UserInputError(f"<#{channel.id}> has no subscription{what} in this server.")
        plural = "s" if removed != 1 else ""
        await answer(
            interaction,
            f"Stopped {removed} digest subscription{plural} in <#{channel.id}>.",
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="subscriptions")
    async def subscriptions(self, interaction: discord.Interaction) -> None:
        """This server's digest subscriptions"""
        subs = await in_time(
            interaction, self.bot.runtime.store.subscriptions(_guild_id(interaction))
        )
        if not subs:
            await answer(
                interaction,
                "This server has no digest subscriptions. Someone with Manage Server can add "
                "one with `/digest subscribe`.",
                allowed_mentions=NO_PINGS,
            )
            return
        lines = []
        for sub in sorted(subs, key=lambda s: (s.channel_id, s.topic)):
            line = f"<#{sub.channel_id}> · **{sub.topic}** · `{sub.schedule}` ({sub.timezone})"
            if sub.broken:
                line += f" · **stopped**: {sub.broken[:200]}"
            else:
                line += f" · next: {when(self._next_run(sub), sub.timezone)}"
            options = describe_options(sub)
            if options:
                line += f" · {options}"
            lines.append(line)
        embed = discord.Embed(title="Digest subscriptions", description="\n".join(lines)[:4000])
        await answer(interaction, embed=embed, allowed_mentions=NO_PINGS)


def _guild_id(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(DigestCog(cast("DigestBot", bot)))
