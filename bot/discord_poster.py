"""Posting to Discord for the outbox: discord.py errors mapped to retry-or-give-up.

Besides plain messages: a part with ``thread`` becomes, in a forum channel, a forum post (the
thread and its first message in one request, tagged with the forum's tags named like the
topic) and, elsewhere, a message with a thread opened on it; ``ping_role`` lets exactly that
role be mentioned; ``publish`` crossposts in an announcement channel.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import aiohttp
import discord

from bot.delivery import (
    MISSING_PERMISSIONS,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    Message,
    PermanentDeliveryError,
    TransientDeliveryError,
)

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
#: Discord's error code when a message already has a thread, or was already crossposted.
THREAD_ALREADY_CREATED = 160004
ALREADY_CROSSPOSTED = 40033


def embeds_of(message: Message) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in message.get("embeds", [])]


def mentions_for(message: Message) -> discord.AllowedMentions:
    """Nobody, or only the subscription's role: never users, @everyone or other roles."""
    role = message.get("ping_role")
    if not role:
        return NO_PINGS
    return discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(int(role))], replied_user=False
    )


def _refused(exc: discord.Forbidden | discord.NotFound) -> PermanentDeliveryError:
    """A 403 or 404 as the permanent failure it is, with Discord's code (a compatible server
    may give none: a 403 is then taken for missing permissions, a 404 for a channel gone)."""
    if isinstance(exc, discord.Forbidden):
        reason = f"missing access or permissions ({exc.text or exc.status})"
        return PermanentDeliveryError(reason, code=exc.code or MISSING_PERMISSIONS)
    if exc.code == UNKNOWN_MESSAGE:
        return PermanentDeliveryError("the message no longer exists", code=UNKNOWN_MESSAGE)
    return PermanentDeliveryError("the channel no longer exists", code=exc.code or UNKNOWN_CHANNEL)


def network_problem(exc: BaseException, waited: float) -> str:
    """What a network failure was, for logs and the outbox: a timeout (whose text is empty)
    says how long it waited."""
    if isinstance(exc, TimeoutError):
        seconds = f"{waited:.0f}" if waited >= 10 else f"{waited:.1f}"
        return f"timed out after {seconds} s"
    return str(exc) or type(exc).__name__


@asynccontextmanager
async def _mapped_errors(what: str) -> AsyncIterator[None]:
    """discord.py and network errors as the outbox's permanent or transient failures."""
    started = time.monotonic()
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as exc:
        raise _refused(exc) from exc
    except discord.HTTPException as exc:
        if 400 <= exc.status < 500 and exc.status != 429:
            raise PermanentDeliveryError(
                f"Discord refused {what}: {exc.text or exc.status}", code=exc.code or None
            ) from exc
        raise TransientDeliveryError(f"Discord error {exc.status}: {exc.text}") from exc
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        waited = time.monotonic() - started
        raise TransientDeliveryError(f"network error: {network_problem(exc, waited)}") from exc


class DiscordPoster:
    """Sends outbox messages with a REST-only channel handle (works before the cache fills)."""

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> Any:
        """The cached channel, else fetched; None when it cannot be looked up."""
        channel = self.bot.get_channel(channel_id)
        if channel is not None:
            return channel
        async with _mapped_errors("the channel lookup"):
            return await self.bot.fetch_channel(channel_id)

    async def send(self, channel_id: int, message: Message, *, nonce: str) -> int:
        if message.get("thread"):
            channel = await self._channel(channel_id)
            if isinstance(channel, discord.ForumChannel):
                return await self._forum_post(channel, message)
        channel = self.bot.get_partial_messageable(channel_id)
        async with _mapped_errors("the message"):
            sent = await channel.send(
                content=message.get("content") or None,
                embeds=embeds_of(message),
                nonce=nonce,
                allowed_mentions=mentions_for(message),
            )
        return sent.id

    async def _forum_post(self, forum: discord.ForumChannel, message: Message) -> int:
        """One forum post (its thread id is its first message's id)."""
        thread = message["thread"]
        wanted = {str(t).casefold() for t in thread.get("tags") or []}
        tags = [t for t in forum.available_tags if t.name.casefold() in wanted][:5]
        if not tags and forum.flags.require_tag:
            # a forum that takes no untagged post (Discord refuses it, 40067) and has no tag
            # named for the topic: the first tag anyone may apply
            tags = [t for t in forum.available_tags if not t.moderated][:1]
        async with _mapped_errors("the forum post"):
            made = await forum.create_thread(
                name=str(thread.get("name") or "Discussion")[:100],
                content=message.get("content") or None,
                embeds=embeds_of(message),
                applied_tags=tags,
                allowed_mentions=mentions_for(message),
            )
        return made.message.id

    async def find_sent(self, channel_id: int, message: Message, *, after: datetime) -> int | None:
        """A message of ours after ``after`` with the same first embed (title and URL), or the
        same text; in a forum, a post of ours with the same name."""
        me = self.bot.user
        if me is None:
            return None
        if message.get("thread"):
            channel = await self._channel(channel_id)
            if isinstance(channel, discord.ForumChannel):
                name = str(message["thread"].get("name") or "")
                for thread in channel.threads:
                    made = thread.created_at
                    if thread.owner_id == me.id and thread.name == name and made and made > after:
                        return thread.id
                return None
        embeds = message.get("embeds") or []
        want = (embeds[0].get("title"), embeds[0].get("url")) if embeds else None
        content = message.get("content") or ""
        channel = self.bot.get_partial_messageable(channel_id)
        started = time.monotonic()
        try:
            async for old in channel.history(limit=50, after=after):
                if old.author.id != me.id:
                    continue
                if want is not None and old.embeds:
                    if (old.embeds[0].title, old.embeds[0].url) == want:
                        return old.id
                elif want is None and content and old.content == content:
                    return old.id
        except (discord.Forbidden, discord.NotFound) as exc:
            raise _refused(exc) from exc
        except discord.HTTPException as exc:
            raise TransientDeliveryError(f"could not read channel history: {exc}") from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            problem = network_problem(exc, time.monotonic() - started)
            raise TransientDeliveryError(f"could not read channel history: {problem}") from exc
        return None

    async def open_thread(self, channel_id: int, message_id: int, name: str) -> int:
        """A public thread on message ``message_id`` (whose id the thread takes); a message
        that already has one (an earlier attempt made it) counts as done."""
        channel = await self._channel(channel_id)
        if isinstance(channel, discord.ForumChannel):
            return message_id  # a forum post is its own thread
        if not isinstance(channel, discord.TextChannel):
            raise PermanentDeliveryError(f"<#{channel_id}> cannot have threads")
        try:
            async with _mapped_errors("the thread"):
                thread = await channel.get_partial_message(message_id).create_thread(
                    name=name[:100] or "Discussion", auto_archive_duration=1440
                )
        except PermanentDeliveryError as exc:
            cause = exc.__cause__
            if isinstance(cause, discord.HTTPException) and cause.code == THREAD_ALREADY_CREATED:
                return message_id
            raise
        return thread.id

    async def publish(self, channel_id: int, message_id: int) -> bool:
        """Crosspost to the servers following this announcement channel. Refused (no
        Manage Messages, not an announcement channel) is logged, not an error: the digest
        is posted either way."""
        channel = self.bot.get_partial_messageable(channel_id)
        started = time.monotonic()
        try:
            await channel.get_partial_message(message_id).publish()
        except discord.HTTPException as exc:
            if exc.code == ALREADY_CROSSPOSTED:
                return True
            if isinstance(exc, discord.Forbidden) or 400 <= exc.status < 500:
                log.warning(
                    "could not publish message %s in channel %s: %s",
                    message_id,
                    channel_id,
                    exc.text or exc.status,
                    extra={"channel_id": channel_id},
                )
                return False
            raise TransientDeliveryError(f"Discord error {exc.status}: {exc.text}") from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            problem = network_problem(exc, time.monotonic() - started)
            raise TransientDeliveryError(f"network error: {problem}") from exc
        return True

    async def edit(self, channel_id: int, message_id: int, message: Message) -> None:
        """Replace a posted message's text and embeds (a forum post's first message lives in
        its thread, whose id is the message's)."""
        channel = await self._channel(channel_id)
        where = message_id if isinstance(channel, discord.ForumChannel) else channel_id
        partial = self.bot.get_partial_messageable(where).get_partial_message(message_id)
        async with _mapped_errors("the edit"):
            await partial.edit(
                content=message.get("content") or None,
                embeds=embeds_of(message),
                allowed_mentions=mentions_for(message),
            )

    async def notify_channel(self, channel_id: int, text: str) -> bool:
        """Post a notice to one channel; False (logged) when that fails."""
        try:
            await self.bot.get_partial_messageable(channel_id).send(
                text[:2000], allowed_mentions=NO_PINGS
            )
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as exc:
            log.warning(
                "could not post a notice to channel %s: %s",
                channel_id,
                exc,
                extra={"channel_id": channel_id},
            )
            return False
        return True

    async def notify_admins(
        self, guild_id: int, text: str, *, admin_channel_id: int | None = None
    ) -> None:
        """Tell a server's admins once: their admin channel when set and usable, else the
        system channel, else the first channel we may use."""
        if admin_channel_id and await self.notify_channel(admin_channel_id, text):
            return
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            log.warning(
                "cannot notify guild %s: not in cache", guild_id, extra={"guild_id": guild_id}
            )
            return
        me = guild.me
        candidates: list[Any] = [
            guild.system_channel,
            guild.public_updates_channel,
            *guild.text_channels,
        ]
        for channel in candidates:
            if channel is None or me is None:
                continue
            perms = channel.permissions_for(me)
            if perms.send_messages and perms.view_channel:
                try:
                    await channel.send(text[:2000], allowed_mentions=NO_PINGS)
                    return
                except discord.HTTPException:
                    continue
        log.warning(
            "cannot notify guild %s: no channel where the bot may post",
            guild_id,
            extra={"guild_id": guild_id},
        )
