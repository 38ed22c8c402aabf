"""The fake's state and the rules Discord applies to channel messages and threads.

``World`` owns the guilds, the bot, the registered commands and every message posted. Its
operations check what Discord checks (the channel exists, the bot can see it and send there,
the body is a valid message) and tell the gateway what happened (MESSAGE_CREATE, THREAD_CREATE,
...) through ``sink``. Anything waiting on a change uses :meth:`World.wait_until`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from . import errors
from .commands import CommandStore
from .messages import (
    CROSSPOSTED,
    HAS_THREAD,
    FakeMessage,
    MentionContext,
    MessageDraft,
    apply_draft,
    validate_draft,
)
from .models import (
    ATTACH_FILES,
    CREATE_PUBLIC_THREADS,
    GUILD_ANNOUNCEMENT,
    GUILD_FORUM,
    GUILD_TEXT,
    MENTION_EVERYONE,
    REQUIRE_TAG,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    Channel,
    Guild,
    User,
    snowflakes,
)

log = logging.getLogger(__name__)

NONCE_WINDOW = 5 * 60.0  # seconds Discord remembers an enforced nonce
GUILDS_INTENT = 1 << 0
GUILD_MESSAGES_INTENT = 1 << 9
T = TypeVar("T")
EventSink = Callable[[str, dict[str, Any], int], Awaitable[bool]]


class World:
    """Everything the fake Discord knows; REST handlers and the gateway act through it."""

    def __init__(
        self,
        guilds: Iterable[Guild],
        *,
        bot: User,
        application_id: int,
        bot_permissions: int,
        attachment_size_limit: int,
    ) -> None:
        self.bot = bot
        self.application_id = application_id
        self.attachment_size_limit = attachment_size_limit
        self.guilds: dict[int, Guild] = {}
        self.commands = CommandStore(application_id)
        self.messages: dict[int, list[FakeMessage]] = {}
        self.cdn_base = ""
        self.sink: EventSink | None = None
        #: What GET /gateway/bot answers as ``shards``.
        self.recommended_shards = 1
        #: A compatible server's way, not Discord's: RESUMED sent with ``d: null``.
        self.resumed_without_data = False
        self._bot_permissions = bot_permissions
        self._waiters: set[asyncio.Future[None]] = set()
        # (channel id, nonce) -> (message, monotonic time): Discord's enforce_nonce memory.
        self._nonces: dict[tuple[int, str], tuple[FakeMessage, float]] = {}
        for guild in guilds:
            self.add_guild(guild)

    # -- change notification -------------------------------------------------------------

    def notify(self) -> None:
        """Wake everything blocked in :meth:`wait_until`; call after every state change."""
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_until(
        self,
        probe: Callable[[], T | None],
        *,
        timeout: float,  # noqa: ASYNC109 - the wait budget is the API
        what: str,
        check: Callable[[], None] | None = None,
    ) -> T:
        """Return ``probe()`` once it is not None; ``check`` may raise to stop waiting early."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if check is not None:
                check()
            found = probe()
            if found is not None:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fake Discord: gave up after {timeout}s waiting for {what}")
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, timeout=min(remaining, 0.25))
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(waiter)

    async def emit(self, event: str, data: dict[str, Any], intent: int = GUILDS_INTENT) -> None:
        if self.sink is not None:
            await self.sink(event, data, intent)

    # -- guilds and channels ---------------------------------------------------------------

    def add_guild(self, guild: Guild) -> Guild:
        guild.attach_bot(self.bot, self._bot_permissions)
        self.guilds[guild.id] = guild
        return guild

    def guild(self, guild_id: int) -> Guild:
        try:
            return self.guilds[guild_id]
        except KeyError:
            raise errors.unknown_guild() from None

    def find_channel(self, channel_id: int) -> tuple[Guild, Channel]:
        for guild in self.guilds.values():
            channel = guild.channels.get(channel_id)
            if channel is not None:
                return guild, channel
        raise errors.unknown_channel()

    def visible_channel(self, channel_id: int) -> tuple[Guild, Channel, int]:
        """The channel and the bot's permissions there; Missing Access if it cannot see it."""
        guild, channel = self.find_channel(channel_id)
        permissions = guild.permissions_for(self.bot.id, channel)
        if not permissions & VIEW_CHANNEL:
            raise errors.missing_access()
        return guild, channel, permissions

    def mention_context(self, guild: Guild | None, permissions: int) -> MentionContext:
        return MentionContext(
            user_exists=lambda uid: guild is not None and uid in guild.members,
            role_exists=lambda rid: guild is not None and rid in guild.roles,
            can_mention_everyone=bool(permissions & MENTION_EVERYONE),
        )

    async def remove_bot(self, guild_id: int) -> None:
        """The guild removes the bot (kick, or the guild deleted): GUILD_DELETE without
        ``unavailable``; its channels answer the bot 403 (50001) from then on."""
        guild = self.guild(guild_id)
        guild.detach_bot()
        self.notify()
        await self.emit("GUILD_DELETE", {"id": str(guild_id)}, GUILDS_INTENT)

    async def add_bot(self, guild_id: int) -> None:
        """The guild adds the bot (again): GUILD_CREATE, without ``unavailable`` as for a join."""
        guild = self.guild(guild_id)
        guild.attach_bot(self.bot, self._bot_permissions)
        self.notify()
        data = guild.payload(include_members=False)
        del data["unavailable"]
        await self.emit("GUILD_CREATE", data, GUILDS_INTENT)

    async def outage(self, guild_id: int) -> None:
        """The guild becomes unavailable (a Discord outage): GUILD_DELETE ``unavailable: true``."""
        await self.emit("GUILD_DELETE", {"id": str(guild_id), "unavailable": True}, GUILDS_INTENT)

    async def outage_over(self, guild_id: int) -> None:
        """The guild is available again: GUILD_CREATE with ``unavailable: false``."""
        data = self.guild(guild_id).payload(include_members=False)
        await self.emit("GUILD_CREATE", data, GUILDS_INTENT)

    async def delete_channel(self, channel_id: int) -> Channel:
        """Delete a channel (and its threads) or a thread, as an admin would: CHANNEL_DELETE
        (THREAD_DELETE for a thread) follows."""
        guild, channel = self.find_channel(channel_id)
        for thread in [c for c in guild.channels.values() if c.parent_id == channel_id]:
            del guild.channels[thread.id]
        del guild.channels[channel_id]
        self.notify()
        if channel.is_thread:
            gone = {"id": str(channel.id), "guild_id": str(guild.id), "type": channel.type}
            gone["parent_id"] = str(channel.parent_id)
            await self.emit("THREAD_DELETE", gone, GUILDS_INTENT)
        else:
            await self.emit("CHANNEL_DELETE", channel.payload(self.bot.id), GUILDS_INTENT)
        return channel

    async def archive_thread(self, thread_id: int) -> Channel:
        """Archive a thread (as Discord does after its auto_archive_duration): THREAD_UPDATE."""
        _, thread = self.find_channel(thread_id)
        if not thread.is_thread:
            raise ValueError(f"channel {thread_id} is not a thread")
        thread.archived = True
        self.notify()
        await self.emit("THREAD_UPDATE", thread.payload(self.bot.id), GUILDS_INTENT)
        return thread

    # -- messages --------------------------------------------------------------------------

    def channel_messages(self, channel_id: int) -> list[FakeMessage]:
        return [m for m in self.messages.get(channel_id, []) if not m.deleted]

    def find_message(self, channel_id: int, message_id: int) -> FakeMessage:
        for message in self.messages.get(channel_id, []):
            if message.id == message_id and not message.deleted:
                return message
        raise errors.unknown_message()

    def _event_payload(self, message: FakeMessage) -> dict[str, Any]:
        data = message.payload()
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            member = self.guilds[message.guild_id].members.get(message.author.id)
            if member is not None:
                data["member"] = member.payload(with_user=False)
        return data

    async def publish(self, message: FakeMessage) -> None:
        """Store a visible message in its channel's history and announce it on the gateway."""
        self.messages.setdefault(message.channel_id, []).append(message)
        if message.guild_id is not None:
            _, channel = self.find_channel(message.channel_id)
            channel.last_message_id = message.id
            if channel.is_thread:
                channel.message_count += 1
        self.notify()
        await self.emit("MESSAGE_CREATE", self._event_payload(message), GUILD_MESSAGES_INTENT)

    async def announce_edit(self, message: FakeMessage) -> None:
        self.notify()
        if not message.ephemeral:
            await self.emit("MESSAGE_UPDATE", self._event_payload(message), GUILD_MESSAGES_INTENT)

    async def announce_delete(self, message: FakeMessage) -> None:
        message.deleted = True
        self.notify()
        if not message.ephemeral:
            data = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            await self.emit("MESSAGE_DELETE", data, GUILD_MESSAGES_INTENT)

    def draft_message(
        self, guild: Guild, channel: Channel, draft: MessageDraft, permissions: int
    ) -> FakeMessage:
        validate_draft(draft, creating=True, attachment_size_limit=self.attachment_size_limit)
        message = FakeMessage(snowflakes.next(), channel.id, guild.id, self.bot)
        message.token = draft.token
        apply_draft(
            message,
            draft,
            cdn_base=self.cdn_base,
            mentions=self.mention_context(guild, permissions),
            editing=False,
        )
        return message

    async def create_message(self, channel_id: int, draft: MessageDraft) -> FakeMessage:
        guild, channel, permissions = self.visible_channel(channel_id)
        if channel.type not in (GUILD_TEXT, GUILD_ANNOUNCEMENT) and not channel.is_thread:
            raise errors.non_text_channel()
        needed = SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES
        if not permissions & needed:
            raise errors.missing_permissions()
        if draft.files and not permissions & ATTACH_FILES:
            raise errors.missing_permissions()
        nonce = draft.payload.get("nonce")
        nonce = None if nonce is None else str(nonce)
        if nonce is not None and draft.payload.get("enforce_nonce"):
            # Discord: the same nonce from the same author within a few minutes returns the
            # message created the first time instead of creating another.
            earlier = self._nonces.get((channel_id, nonce))
            if earlier is not None and time.monotonic() - earlier[1] < NONCE_WINDOW:
                return earlier[0]
        message = self.draft_message(guild, channel, draft, permissions)
        message.nonce = nonce
        if nonce is not None:
            self._nonces[(channel_id, nonce)] = (message, time.monotonic())
        if channel.is_thread and channel.archived:
            channel.archived = False
        await self.publish(message)
        return message

    async def edit_message(
        self, channel_id: int, message_id: int, draft: MessageDraft
    ) -> FakeMessage:
        guild, channel, permissions = self.visible_channel(channel_id)
        message = self.find_message(channel_id, message_id)
        if message.author.id != self.bot.id:
            raise errors.not_own_message()
        if channel.is_thread and channel.archived:
            raise errors.thread_archived()
        validate_draft(draft, creating=False, attachment_size_limit=self.attachment_size_limit)
        apply_draft(
            message,
            draft,
            cdn_base=self.cdn_base,
            mentions=self.mention_context(guild, permissions),
            editing=True,
        )
        await self.announce_edit(message)
        return message

    async def delete_message(self, channel_id: int, message_id: int) -> None:
        self.visible_channel(channel_id)
        await self.announce_delete(self.find_message(channel_id, message_id))

    async def crosspost(self, channel_id: int, message_id: int) -> FakeMessage:
        _, channel, _ = self.visible_channel(channel_id)
        if channel.type != GUILD_ANNOUNCEMENT:
            raise errors.wrong_channel_type()
        message = self.find_message(channel_id, message_id)
        if message.flags & CROSSPOSTED:
            raise errors.already_crossposted()
        message.flags |= CROSSPOSTED
        await self.announce_edit(message)
        return message

    def history(
        self, channel_id: int, *, limit: int, before: int | None, after: int | None
    ) -> list[FakeMessage]:
        self.visible_channel(channel_id)
        found = [
            m
            for m in self.channel_messages(channel_id)
            if (before is None or m.id < before) and (after is None or m.id > after)
        ]
        if after is not None and before is None:
            return found[:limit][::-1]
        return found[::-1][:limit]

    # -- threads ---------------------------------------------------------------------------

    async def _open_thread(
        self, guild: Guild, parent: Channel, payload: dict[str, Any], *, thread_id: int | None
    ) -> Channel:
        name = str(payload.get("name") or "")
        if not 1 <= len(name) <= 100:
            raise errors.invalid_form(
                {"name": errors.field_error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100")}
            )
        if parent.flags & REQUIRE_TAG and not payload.get("applied_tags"):
            raise errors.tag_required()
        thread_type = int(payload.get("type") or (10 if parent.type == GUILD_ANNOUNCEMENT else 11))
        thread = Channel(
            thread_id or snowflakes.next(),
            guild.id,
            name,
            thread_type,
            parent_id=parent.id,
            owner_id=self.bot.id,
            auto_archive_duration=int(payload.get("auto_archive_duration") or 1440),
            applied_tags=[int(t) for t in payload.get("applied_tags") or []],
        )
        guild.channels[thread.id] = thread
        self.notify()
        event = {**thread.payload(self.bot.id), "newly_created": True}
        await self.emit("THREAD_CREATE", event, GUILDS_INTENT)
        return thread

    async def create_thread(
        self, channel_id: int, draft: MessageDraft
    ) -> tuple[Channel, FakeMessage | None]:
        """POST /channels/{id}/threads: a forum post (with its first message) or a bare thread."""
        guild, parent, permissions = self.visible_channel(channel_id)
        if parent.type == GUILD_FORUM:
            if not permissions & SEND_MESSAGES:
                raise errors.missing_permissions()
            starter = MessageDraft(dict(draft.payload.get("message") or {}), draft.files)
            message = self.draft_message(guild, parent, starter, permissions)
            thread = await self._open_thread(guild, parent, draft.payload, thread_id=message.id)
            message.channel_id = thread.id
            await self.publish(message)
            return thread, message
        if parent.type not in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            raise errors.wrong_channel_type()
        if not permissions & CREATE_PUBLIC_THREADS:
            raise errors.missing_permissions()
        return await self._open_thread(guild, parent, draft.payload, thread_id=None), None

    async def create_thread_from_message(
        self, channel_id: int, message_id: int, payload: dict[str, Any]
    ) -> Channel:
        guild, parent, permissions = self.visible_channel(channel_id)
        if parent.type not in (GUILD_TEXT, GUILD_ANNOUNCEMENT):
            raise errors.wrong_channel_type()
        if not permissions & CREATE_PUBLIC_THREADS:
            raise errors.missing_permissions()
        message = self.find_message(channel_id, message_id)
        thread = await self._open_thread(guild, parent, payload, thread_id=message.id)
        message.flags |= HAS_THREAD
        message.thread = thread.payload(self.bot.id)
        return thread
