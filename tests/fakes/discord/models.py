"""The world the fake Discord serves: users, guilds, roles, channels, members, permissions.

Everything here is plain data plus the functions that turn it into the JSON payloads Discord
sends (API v10 field names and types: snowflakes as strings, permissions as decimal strings).
Build guilds with :func:`make_guild` and its ``add_*`` methods before handing them to
``FakeDiscord``; the fake adds its bot user as a member (with a managed bot role) on start.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_AUDIT_LOG = 1 << 7
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
BOT_DEFAULT = EVERYONE_DEFAULT | MANAGE_MESSAGES | MANAGE_THREADS

# Channel types.
GUILD_TEXT = 0
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
ANNOUNCEMENT_THREAD = 10
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
GUILD_FORUM = 15
#: A forum's flag: every post must carry one of its tags.
REQUIRE_TAG = 1 << 4
THREAD_TYPES = frozenset({ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD})

OVERWRITE_ROLE = 0
OVERWRITE_MEMBER = 1


class SnowflakeFactory:
    """Time-based snowflakes like Discord's, so ``created_at`` of every object is now."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._last = 0

    def next(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            self._last = max(value, self._last + 1)
            return self._last

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A new snowflake that, as a guild id, is on shard ``shard_id`` of ``shard_count``
        (``(id >> 22) % shard_count == shard_id``): its timestamp is moved forward by at most
        ``shard_count`` milliseconds to land there."""
        if not 0 <= shard_id < shard_count:
            raise ValueError(f"shard {shard_id} is not in 0..{shard_count - 1}")
        with self._lock:
            ms = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, self._last >> 22)
            ms += (shard_id - ms) % shard_count
            value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
            if value <= self._last:
                value += shard_count << 22
            self._last = value
            return value


snowflakes = SnowflakeFactory()


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "avatar_decoration_data": None,
            "banner": None,
            "accent_color": None,
            "public_flags": 0,
            "primary_guild": None,
            "collectibles": None,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    bot_id: int | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "description": None,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


@dataclass
class Overwrite:
    """A channel permission overwrite; ``target_id=None`` with type member means the bot."""

    target_id: int | None
    type: int
    allow: int = 0
    deny: int = 0

    def resolved_target(self, bot_id: int | None) -> int | None:
        return bot_id if self.target_id is None else self.target_id


@dataclass
class Channel:
    id: int
    guild_id: int
    name: str
    type: int
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    nsfw: bool = False
    last_message_id: int | None = None
    # Threads only.
    owner_id: int | None = None
    archived: bool = False
    auto_archive_duration: int = 1440
    message_count: int = 0
    applied_tags: list[int] = field(default_factory=list)
    created_at: str = field(default_factory=iso_now)
    #: Channel flags (a forum's REQUIRE_TAG).
    flags: int = 0

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    def payload(self, bot_id: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "parent_id": None if self.parent_id is None else str(self.parent_id),
            "flags": self.flags,
            "rate_limit_per_user": 0,
            "last_message_id": None if self.last_message_id is None else str(self.last_message_id),
        }
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id),
                message_count=self.message_count,
                total_message_sent=self.message_count,
                member_count=1,
                applied_tags=[str(t) for t in self.applied_tags],
                thread_metadata={
                    "archived": self.archived,
                    "auto_archive_duration": self.auto_archive_duration,
                    "archive_timestamp": self.created_at,
                    "locked": False,
                    "create_timestamp": self.created_at,
                },
            )
            return data
        data.update(
            position=self.position,
            permission_overwrites=[
                {
                    "id": str(o.resolved_target(bot_id)),
                    "type": o.type,
                    "allow": str(o.allow),
                    "deny": str(o.deny),
                }
                for o in self.overwrites
                if o.resolved_target(bot_id) is not None
            ],
            nsfw=self.nsfw,
            topic=self.topic,
        )
        if self.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT, GUILD_FORUM):
            data["default_auto_archive_duration"] = 1440
            data["default_thread_rate_limit_per_user"] = 0
        if self.type == GUILD_FORUM:
            data.update(
                available_tags=[],
                default_reaction_emoji=None,
                default_sort_order=None,
                default_forum_layout=0,
                template="",
            )
        return data

    def deny_bot(self, permissions: int) -> Overwrite:
        """Add a member overwrite that removes ``permissions`` from the bot in this channel."""
        overwrite = Overwrite(target_id=None, type=OVERWRITE_MEMBER, deny=permissions)
        self.overwrites.append(overwrite)
        return overwrite


@dataclass
class Member:
    user: User
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)
    flags: int = 0

    @property
    def id(self) -> int:
        return self.user.id

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in self.role_ids],
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": self.flags,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class Guild:
    """A guild and everything in it; ``make_guild`` builds one with an @everyone role."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    bot_user_id: int | None = None
    locale: str = "en-US"
    system_channel_id: int | None = None  # where Discord posts join notices; bots notify admins

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]

    def add_role(self, name: str, permissions: int = 0, **kwargs: Any) -> Role:
        role = Role(snowflakes.next(), name, permissions, position=len(self.roles), **kwargs)
        self.roles[role.id] = role
        return role

    def _role_named(self, name: str, permissions: int) -> Role:
        for role in self.roles.values():
            if role.name == name and not role.managed:
                return role
        return self.add_role(name, permissions)

    def _add_channel(self, name: str, type_: int, **kwargs: Any) -> Channel:
        channel = Channel(snowflakes.next(), self.id, name, type_, position=len(self.channels))
        for key, value in kwargs.items():
            setattr(channel, key, value)
        self.channels[channel.id] = channel
        return channel

    def add_text_channel(
        self, name: str, *, topic: str | None = None, overwrites: Iterable[Overwrite] = ()
    ) -> Channel:
        return self._add_channel(name, GUILD_TEXT, topic=topic, overwrites=list(overwrites))

    def add_announcement_channel(
        self, name: str, *, topic: str | None = None, overwrites: Iterable[Overwrite] = ()
    ) -> Channel:
        return self._add_channel(name, GUILD_ANNOUNCEMENT, topic=topic, overwrites=list(overwrites))

    def add_forum_channel(
        self, name: str, *, topic: str | None = None, overwrites: Iterable[Overwrite] = ()
    ) -> Channel:
        return self._add_channel(name, GUILD_FORUM, topic=topic, overwrites=list(overwrites))

    def add_voice_channel(self, name: str) -> Channel:
        return self._add_channel(name, GUILD_VOICE)

    def add_member(
        self,
        username: str,
        *,
        manage_guild: bool = False,
        administrator: bool = False,
        roles: Sequence[Role] = (),
        nick: str | None = None,
        user_id: int | None = None,
    ) -> Member:
        """Add a human member; ``manage_guild`` grants Manage Server (0x20) through a role."""
        role_ids = [r.id for r in roles]
        if manage_guild:
            role_ids.append(self._role_named("Server Manager", MANAGE_GUILD).id)
        if administrator:
            role_ids.append(self._role_named("Admin", ADMINISTRATOR).id)
        user = User(user_id or snowflakes.next(), username, global_name=username.title())
        member = Member(user, role_ids, nick=nick)
        self.members[member.id] = member
        return member

    def attach_bot(self, bot: User, permissions: int) -> Member:
        """Make ``bot`` a member with a managed role holding ``permissions`` (done by the fake)."""
        self.bot_user_id = bot.id
        existing = self.members.get(bot.id)
        if existing is not None:
            return existing
        role = self.add_role(bot.username, permissions, managed=True, bot_id=bot.id)
        member = Member(bot, [role.id])
        self.members[bot.id] = member
        return member

    def detach_bot(self) -> None:
        """The bot removed from the guild: its member and managed role go (done by the fake)."""
        if self.bot_user_id is None:
            return
        self.members.pop(self.bot_user_id, None)
        for role in [r for r in self.roles.values() if r.bot_id == self.bot_user_id]:
            del self.roles[role.id]

    @property
    def has_bot(self) -> bool:
        """Whether the bot is a member (it receives the guild's events, may use its channels)."""
        return self.bot_user_id is not None and self.bot_user_id in self.members

    def channel(self, channel_id: int) -> Channel:
        return self.channels[channel_id]

    def threads(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.is_thread]

    def permissions_for(self, user_id: int, channel: Channel | None = None) -> int:
        """Discord's permission algorithm: base role permissions, then channel overwrites."""
        member = self.members.get(user_id)
        if member is None:
            return 0
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        base = self.everyone_role.permissions
        for role_id in member.role_ids:
            role = self.roles.get(role_id)
            if role is not None:
                base |= role.permissions
        if base & ADMINISTRATOR:
            return ALL_PERMISSIONS
        if channel is None:
            return base
        if channel.is_thread and channel.parent_id is not None:
            channel = self.channels[channel.parent_id]
        return _apply_overwrites(base, channel, member, self.id, self.bot_user_id)

    def payload(self, *, include_members: bool = True) -> dict[str, Any]:
        """The GUILD_CREATE payload (also the base of GET /guilds/{id})."""
        members = [
            m.payload()
            for m in self.members.values()
            if include_members or m.id == self.bot_user_id
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "system_channel_id": _snowflake_or_none(self.system_channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "preferred_locale": self.locale,
            "features": [],
            "max_members": 25000000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(self.members),
            "voice_states": [],
            "members": members,
            "channels": [
                c.payload(self.bot_user_id) for c in self.channels.values() if not c.is_thread
            ],
            "threads": [
                c.payload(self.bot_user_id)
                for c in self.channels.values()
                if c.is_thread and not c.archived
            ],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
            "incidents_data": None,
        }


def _snowflake_or_none(value: int | None) -> str | None:
    return None if value is None else str(value)


def _apply_overwrites(
    base: int, channel: Channel, member: Member, guild_id: int, bot_id: int | None
) -> int:
    perms = base
    by_target = {(o.type, o.resolved_target(bot_id)): o for o in channel.overwrites}
    everyone = by_target.get((OVERWRITE_ROLE, guild_id))
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    deny = allow = 0
    for role_id in member.role_ids:
        overwrite = by_target.get((OVERWRITE_ROLE, role_id))
        if overwrite is not None:
            deny |= overwrite.deny
            allow |= overwrite.allow
    perms = (perms & ~deny) | allow
    own = by_target.get((OVERWRITE_MEMBER, member.id))
    if own is not None:
        perms = (perms & ~own.deny) | own.allow
    if not perms & VIEW_CHANNEL:
        return 0
    return perms


def make_guild(
    name: str = "Test Server",
    *,
    owner: str = "owner",
    text_channels: Sequence[str] = ("general",),
    everyone_permissions: int = EVERYONE_DEFAULT,
    shard: tuple[int, int] | None = None,
) -> Guild:
    """A guild with an owner member, an @everyone role and the named text channels.

    ``shard=(shard_id, shard_count)`` gives it an id on that shard."""
    guild_id = snowflakes.next() if shard is None else snowflakes.next_on_shard(*shard)
    owner_user = User(snowflakes.next(), owner, global_name=owner.title())
    guild = Guild(guild_id, name, owner_user.id)
    guild.roles[guild_id] = Role(guild_id, "@everyone", everyone_permissions)
    guild.members[owner_user.id] = Member(owner_user)
    for channel_name in text_channels:
        guild.add_text_channel(channel_name)
    return guild
