"""Slash-command interactions: the INTERACTION_CREATE payload a user's command produces.

:func:`build_command_data` turns ``command="digest", subcommand="now", options={...}`` into the
``data`` object Discord sends, using the command as the bot registered it: the command's id,
option types, subcommand nesting and ``resolved`` users/channels/roles. Values a Discord
client would never let a user send (unknown options, missing required ones, a choice not in
the list, a channel of a disallowed type) raise ``ValueError`` naming the problem, unless
the use is ``unchecked``: a client that is not Discord's, sending the values as given (a
number out of its range, a voice channel, another server's channel).

Besides a member's use in a server where the bot is (context 0, installed in the guild), a
command may be used in the bot's DM (context 1) or, when a user installed the app, in a server
the bot is not in (context 0, ``authorizing_integration_owners`` naming the user). Discord
offers a command there only when its ``contexts`` and ``integration_types`` allow it: the fake
refuses the others with :class:`CommandNotPermitted`, unless the use is ``unchecked``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .messages import EPHEMERAL, FakeMessage, StoredAttachment
from .models import (
    ADD_REACTIONS,
    ADMINISTRATOR,
    ATTACH_FILES,
    EMBED_LINKS,
    MENTION_EVERYONE,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    USE_EXTERNAL_EMOJIS,
    VIEW_CHANNEL,
    Channel,
    Guild,
    Member,
    Role,
    User,
    snowflakes,
)
from .world import World

APPLICATION_COMMAND = 2
AUTOCOMPLETE = 4
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(3, 12)
GUILD_CONTEXT, BOT_DM_CONTEXT = 0, 1
GUILD_INSTALL, USER_INSTALL = 0, 1
DM_CHANNEL = 1
#: What the app may do in the bot's DM, as Discord computes ``app_permissions`` there.
DM_APP_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | MENTION_EVERYONE
    | USE_EXTERNAL_EMOJIS
    | ADD_REACTIONS
)


@dataclass
class CommandUse:
    """A member using a command: what ``inject_interaction``/``inject_autocomplete`` send."""

    type: int
    guild_id: int
    channel_id: int
    user_id: int
    command: str
    subcommand: str | None
    options: Mapping[str, Any]
    subcommand_group: str | None = None
    permissions: int | None = None
    locale: str = "en-US"
    bypass_default_permissions: bool = False
    focused: str | None = None
    unchecked: bool = False
    #: Used in the bot's DM (``guild_id``: a server the user is in, for option values).
    in_dm: bool = False
    #: Used through the user's own install of the app (the bot need not be in the server).
    installed_by_user: bool = False


class CommandNotPermitted(ValueError):
    """Discord would not offer the command to this user there: the member lacks its
    default_member_permissions, or its contexts or integration types leave this use out."""


@dataclass
class InteractionRecord:
    """One interaction the fake sent, and everything the bot did to answer it."""

    id: int
    token: str
    type: int
    guild_id: int
    channel_id: int
    user_id: int
    command: str
    payload: dict[str, Any]
    created_at: float
    #: When its INTERACTION_CREATE was written to the gateway socket (after any frames queued
    #: before it); None until then.
    sent_at: float | None = None
    #: Used in the bot's DM: its answers belong to no server.
    in_dm: bool = False
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    original: FakeMessage | None = None
    followups: list[FakeMessage] = field(default_factory=list)
    expired: bool = False


@dataclass(frozen=True)
class InteractionAnswer:
    """What the user saw: the callback type and the (final) response message."""

    interaction_id: int
    callback_type: int
    deferred: bool
    content: str
    embeds: list[dict[str, Any]]
    flags: int
    attachments: list[StoredAttachment]
    components: list[dict[str, Any]]
    message: FakeMessage | None
    followups: list[FakeMessage]
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @staticmethod
    def of(record: InteractionRecord) -> InteractionAnswer | None:
        """The answer once it is final (a deferred one only after @original was filled in)."""
        kind = record.callback_type
        if kind is None:
            return None
        message = record.original
        if kind == 5 and (message is None or message.loading):
            return None
        data = record.callback_data or {}
        return InteractionAnswer(
            interaction_id=record.id,
            callback_type=kind,
            deferred=kind in (5, 6),
            content=message.content if message else "",
            embeds=message.embeds if message else [],
            flags=message.flags if message else int(data.get("flags") or 0),
            attachments=message.attachments if message else [],
            components=message.components if message else [],
            message=message,
            followups=list(record.followups),
            choices=data.get("choices") if kind == 8 else None,
            modal=data if kind == 9 else None,
        )


def _find(options: list[dict[str, Any]], name: str, types: tuple[int, ...]) -> dict[str, Any]:
    for option in options:
        if option.get("name") == name and option.get("type") in types:
            return option
    names = ", ".join(str(o.get("name")) for o in options if o.get("type") in types) or "none"
    raise ValueError(f"no subcommand {name!r} (registered: {names})")


def _partial_channel(guild: Guild, channel: Channel, user_id: int, bot_id: int) -> dict[str, Any]:
    data = channel.payload(bot_id)
    data.pop("permission_overwrites", None)
    data["permissions"] = str(guild.permissions_for(user_id, channel))
    return data


class _Resolver:
    """Collects ``resolved`` objects while option values are converted."""

    def __init__(
        self, guild: Guild, user_id: int, bot_id: int, others: list[Guild] | None = None
    ) -> None:
        self.guild, self.user_id, self.bot_id = guild, user_id, bot_id
        self.resolved: dict[str, dict[str, Any]] = {}
        #: With an unchecked use, the other guilds, whose channels it may name.
        self.others = others

    def _add(self, kind: str, key: int, value: dict[str, Any]) -> None:
        self.resolved.setdefault(kind, {})[str(key)] = value

    def user(self, value: Any) -> int:
        uid = value.id if isinstance(value, Member | User) else int(value)
        member = self.guild.members.get(uid)
        if member is None:
            raise ValueError(f"user {uid} is not a member of guild {self.guild.id}")
        self._add("users", uid, member.user.payload())
        member_data = member.payload(with_user=False)
        member_data["permissions"] = str(self.guild.permissions_for(uid))
        self._add("members", uid, member_data)
        return uid

    def role(self, value: Any) -> int:
        rid = value.id if isinstance(value, Role) else int(value)
        if rid not in self.guild.roles:
            raise ValueError(f"role {rid} is not in guild {self.guild.id}")
        self._add("roles", rid, self.guild.roles[rid].payload())
        return rid

    def channel(self, value: Any, allowed_types: list[int]) -> int:
        cid = value.id if isinstance(value, Channel) else int(value)
        guild, channel = self.guild, self.guild.channels.get(cid)
        for other in self.others or []:
            if channel is None and cid in other.channels:
                guild, channel = other, other.channels[cid]
        if channel is None:
            raise ValueError(f"channel {cid} is not in guild {self.guild.id}")
        if self.others is None and allowed_types and channel.type not in allowed_types:
            raise ValueError(
                f"channel #{channel.name} has type {channel.type}; allowed {allowed_types}"
            )
        self._add("channels", cid, _partial_channel(guild, channel, self.user_id, self.bot_id))
        return cid


def _convert(option: dict[str, Any], value: Any, resolver: _Resolver) -> Any:
    kind, name = option["type"], option["name"]
    if resolver.others is not None and kind not in (USER, ROLE, MENTIONABLE, CHANNEL):
        return value  # (unchecked: as the client sent it)
    if kind == STRING:
        if not isinstance(value, str):
            raise ValueError(f"option {name!r} takes a string, got {value!r}")
        if not option.get("min_length", 0) <= len(value) <= option.get("max_length", 6000):
            raise ValueError(f"option {name!r}: length {len(value)} outside the allowed range")
    elif kind in (INTEGER, NUMBER):
        ok = isinstance(value, int) if kind == INTEGER else isinstance(value, int | float)
        if not ok or isinstance(value, bool):
            raise ValueError(f"option {name!r} takes a number, got {value!r}")
        low, high = option.get("min_value"), option.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"option {name!r}: {value} outside [{low}, {high}]")
    elif kind == BOOLEAN:
        if not isinstance(value, bool):
            raise ValueError(f"option {name!r} takes true/false, got {value!r}")
    elif kind == USER:
        return str(resolver.user(value))
    elif kind == ROLE:
        return str(resolver.role(value))
    elif kind == MENTIONABLE:
        is_role = isinstance(value, Role) or (
            not isinstance(value, Member | User) and int(value) in resolver.guild.roles
        )
        return str(resolver.role(value) if is_role else resolver.user(value))
    elif kind == CHANNEL:
        return str(resolver.channel(value, option.get("channel_types") or []))
    else:
        raise ValueError(f"option {name!r} has type {kind}, which the fake cannot send")
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"option {name!r}: {value!r} is not one of the registered choices")
    return value


def build_command_data(
    command: dict[str, Any],
    *,
    guild: Guild,
    user_id: int,
    bot_id: int,
    subcommand_group: str | None,
    subcommand: str | None,
    options: Mapping[str, Any],
    focused: str | None = None,
    others: list[Guild] | None = None,
) -> dict[str, Any]:
    """The ``data`` of an APPLICATION_COMMAND (or, with ``focused``, AUTOCOMPLETE) interaction."""
    schema: list[dict[str, Any]] = command.get("options") or []
    path: list[tuple[int, str]] = []
    if subcommand_group is not None:
        schema = _find(schema, subcommand_group, (SUB_COMMAND_GROUP,)).get("options") or []
        path.append((SUB_COMMAND_GROUP, subcommand_group))
    if subcommand is not None:
        schema = _find(schema, subcommand, (SUB_COMMAND,)).get("options") or []
        path.append((SUB_COMMAND, subcommand))
    nested = [o["name"] for o in schema if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if nested:
        raise ValueError(f"/{command['name']} needs a subcommand: one of {', '.join(nested)}")
    by_name = {o["name"]: o for o in schema}
    unknown = sorted(set(options) - set(by_name))
    if unknown:
        raise ValueError(f"/{command['name']} has no option {unknown[0]!r} (has {sorted(by_name)})")
    resolver = _Resolver(guild, user_id, bot_id, others)
    leaves: list[dict[str, Any]] = []
    for option in schema:
        name = option["name"]
        if name not in options:
            if option.get("required") and focused is None:
                raise ValueError(f"/{command['name']} requires option {name!r}")
            continue
        if name == focused:
            leaves.append({"name": name, "type": option["type"], "value": str(options[name])})
            leaves[-1]["focused"] = True
            continue
        value = _convert(option, options[name], resolver)
        leaves.append({"name": name, "type": option["type"], "value": value})
    if focused is not None and focused not in options:
        raise ValueError(f"focused option {focused!r} needs a (partial) value in options")
    wrapped: list[dict[str, Any]] = leaves
    for kind, name in reversed(path):
        wrapped = [{"type": kind, "name": name, "options": wrapped}]
    data: dict[str, Any] = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": wrapped,
    }
    if resolver.resolved:
        data["resolved"] = resolver.resolved
    if "guild_id" in command:
        data["guild_id"] = command["guild_id"]
    return data


def _payload(
    *,
    interaction_id: int,
    token: str,
    type_: int,
    application_id: int,
    guild: Guild,
    channel: Channel,
    member: Member,
    member_permissions: int,
    app_permissions: int,
    data: dict[str, Any],
    locale: str,
    attachment_size_limit: int,
    installed_by_user: bool = False,
) -> dict[str, Any]:
    """A full INTERACTION_CREATE ``d`` for a command used in a guild channel."""
    member_data = member.payload()
    member_data["permissions"] = str(member_permissions)
    owners = {"1": str(member.id)} if installed_by_user else {"0": str(guild.id)}
    return {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": type_,
        "data": data,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
        "guild_locale": guild.locale,
        "channel_id": str(channel.id),
        "channel": channel.payload(guild.bot_user_id),
        "member": member_data,
        "token": token,
        "version": 1,
        "app_permissions": str(app_permissions),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": owners,
        "context": GUILD_CONTEXT,
        "attachment_size_limit": attachment_size_limit,
    }


def _dm_payload(
    *,
    interaction_id: int,
    token: str,
    type_: int,
    application_id: int,
    channel_id: int,
    user: User,
    data: dict[str, Any],
    locale: str,
    attachment_size_limit: int,
) -> dict[str, Any]:
    """A full INTERACTION_CREATE ``d`` for a command used in the bot's DM."""
    return {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": type_,
        "data": data,
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": DM_CHANNEL,
            "last_message_id": None,
            "flags": 0,
            "recipients": [user.payload()],
        },
        "user": user.payload(),
        "token": token,
        "version": 1,
        "app_permissions": str(DM_APP_PERMISSIONS),
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": {"0": "0"},
        "context": BOT_DM_CONTEXT,
        "attachment_size_limit": attachment_size_limit,
    }


def _not_offered(command: dict[str, Any], use: CommandUse) -> str | None:
    """Why Discord would not offer ``command`` for this use (None: it would)."""
    installs = command.get("integration_types") or [GUILD_INSTALL]
    install = USER_INSTALL if use.installed_by_user else GUILD_INSTALL
    if install not in installs:
        how = "a user's install" if use.installed_by_user else "the server's install"
        return f"integration_types {installs} leave out {how}"
    contexts = command.get("contexts")
    context = BOT_DM_CONTEXT if use.in_dm else GUILD_CONTEXT
    if contexts is not None and context not in contexts:
        return f"contexts {contexts} leave out {'DMs' if use.in_dm else 'servers'}"
    if use.in_dm and contexts is None and command.get("dm_permission") is False:
        return "dm_permission is false"
    return None


def new_interaction(use: CommandUse, world: World, *, now: float) -> InteractionRecord:
    """The interaction (id, token, full INTERACTION_CREATE payload) for one command use."""
    guild = world.guild(use.guild_id)
    channel = guild.channels.get(use.channel_id)
    member = guild.members.get(use.user_id)
    if channel is None or member is None:
        raise ValueError(
            f"guild {use.guild_id} has no channel {use.channel_id} or member {use.user_id}"
        )
    command = world.commands.find(use.command, use.guild_id)
    refused = _not_offered(command, use)
    if refused is not None and not use.unchecked:
        raise CommandNotPermitted(
            f"/{use.command} is not offered there: {refused} (pass unchecked=True to send it "
            "anyway, as a client that is not Discord's might)"
        )
    member_permissions = use.permissions
    if member_permissions is None:
        member_permissions = guild.permissions_for(use.user_id, channel)
    required = command.get("default_member_permissions")
    lacking = required is not None and member_permissions & int(required) != int(required)
    if (
        lacking
        and not use.in_dm
        and not use.bypass_default_permissions
        and not member_permissions & ADMINISTRATOR
    ):
        raise CommandNotPermitted(
            f"/{use.command} needs permissions {required}; {member.user.username} has "
            f"{member_permissions} (pass bypass_default_permissions=True to send anyway)"
        )
    data = build_command_data(
        command,
        guild=guild,
        user_id=use.user_id,
        bot_id=world.bot.id,
        subcommand_group=use.subcommand_group,
        subcommand=use.subcommand,
        options=use.options,
        focused=use.focused,
        others=[g for g in world.guilds.values() if g.id != guild.id] if use.unchecked else None,
    )
    interaction_id, token = snowflakes.next(), f"aW50ZXJhY3Rpb24{secrets.token_urlsafe(48)}"
    channel_id = use.channel_id
    if use.in_dm:
        channel_id = snowflakes.next()
        payload = _dm_payload(
            interaction_id=interaction_id,
            token=token,
            type_=use.type,
            application_id=world.application_id,
            channel_id=channel_id,
            user=member.user,
            data=data,
            locale=use.locale,
            attachment_size_limit=world.attachment_size_limit,
        )
    else:
        app_permissions = guild.permissions_for(world.bot.id, channel)
        if not guild.has_bot:
            # Discord: @everyone's permissions there, and apps may always embed and attach
            app_permissions = guild.everyone_role.permissions | EMBED_LINKS | ATTACH_FILES
        payload = _payload(
            interaction_id=interaction_id,
            token=token,
            type_=use.type,
            application_id=world.application_id,
            guild=guild,
            channel=channel,
            member=member,
            member_permissions=member_permissions,
            app_permissions=app_permissions,
            data=data,
            locale=use.locale,
            attachment_size_limit=world.attachment_size_limit,
            installed_by_user=use.installed_by_user,
        )
    return InteractionRecord(
        id=interaction_id,
        token=token,
        type=use.type,
        guild_id=use.guild_id,
        channel_id=channel_id,
        user_id=use.user_id,
        command=use.command,
        payload=payload,
        created_at=now,
        in_dm=use.in_dm,
    )
