"""Posting to Discord for the outbox: discord.py errors mapped to retry-or-give-up."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import aiohttp
import discord

from bot.delivery import Message, PermanentDeliveryError, TransientDeliveryError

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


def embeds_of(message: Message) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in message.get("embeds", [])]


class DiscordPoster:
    """Sends outbox messages with a REST-only channel handle (works before the cache fills)."""

    def __init__(self, bot: discord.Client) -> None:
        self.bot = bot

    async def send(self, channel_id: int, message: Message, *, nonce: str) -> int:
        channel = self.bot.get_partial_messageable(channel_id)
        try:
            sent = await channel.send(
                content=message.get("content") or None,
                embeds=embeds_of(message),
                nonce=nonce,
                allowed_mentions=NO_PINGS,
            )
        except discord.Forbidden as exc:
            raise PermanentDeliveryError(
                f"missing access or permissions ({exc.text or exc.status})"
            ) from exc
        except discord.NotFound as exc:
            raise PermanentDeliveryError("the channel no longer exists") from exc
        except discord.HTTPException as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                raise PermanentDeliveryError(
                    f"Discord refused the message: {exc.text or exc.status}"
                ) from exc
            raise TransientDeliveryError(f"Discord error {exc.status}: {exc.text}") from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TransientDeliveryError(f"network error: {exc}") from exc
        return sent.id

    async def find_sent(self, channel_id: int, message: Message, *, after: datetime) -> int | None:
        """A message of ours after ``after`` whose first embed has the same title and URL."""
        me = self.bot.user
        embeds = message.get("embeds") or []
        if me is None or not embeds:
            return None
        want = (embeds[0].get("title"), embeds[0].get("url"))
        channel = self.bot.get_partial_messageable(channel_id)
        try:
            async for old in channel.history(limit=50, after=after):
                mine = old.author.id == me.id and old.embeds
                if mine and (old.embeds[0].title, old.embeds[0].url) == want:
                    return old.id
        except discord.Forbidden as exc:
            raise PermanentDeliveryError(
                f"missing access or permissions ({exc.text or exc.status})"
            ) from exc
        except discord.NotFound as exc:
            raise PermanentDeliveryError("the channel no longer exists") from exc
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TransientDeliveryError(f"could not read channel history: {exc}") from exc
        return None

    async def notify_admins(self, guild_id: int, text: str) -> None:
        """Tell a server's admins once: the system channel, else the first channel we may use."""
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            log.warning("cannot notify guild %s: not in cache", guild_id)
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
                    await channel.send(text, allowed_mentions=NO_PINGS)
                    return
                except discord.HTTPException:
                    continue
        log.warning("cannot notify guild %s: no channel where the bot may post", guild_id)
