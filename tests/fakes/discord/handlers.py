"""REST route handlers: thin translations from HTTP to ``World`` and ``InteractionDesk``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import errors
from .messages import MessageDraft
from .models import snowflakes
from .responses import InteractionDesk
from .rest import Call, Reply, RestApi
from .world import World


def _message_reply(payload: dict[str, Any], status: int = 200) -> Reply:
    return Reply(status, payload)


class Handlers:
    """Registers every route the fake serves on a :class:`RestApi`."""

    def __init__(self, world: World, desk: InteractionDesk, gateway_url: Callable[[], str]) -> None:
        self.world, self.desk, self.gateway_url = world, desk, gateway_url
        self._owner_id = snowflakes.next()

    def register(self, api: RestApi) -> None:
        add = api.add
        add("GET", "/gateway", self.gateway, auth=False)
        add("GET", "/gateway/bot", self.gateway_bot)
        add("GET", "/users/@me", self.me)
        add("GET", "/users/{user_id}", self.user)
        add("GET", "/oauth2/applications/@me", self.application)
        add("GET", "/applications/@me", self.application)
        for scope in (
            "/applications/{application_id}",
            "/applications/{application_id}/guilds/{guild_id}",
        ):
            add("GET", f"{scope}/commands", self.list_commands)
            add("PUT", f"{scope}/commands", self.overwrite_commands)
            add("POST", f"{scope}/commands", self.create_command)
            add("GET", f"{scope}/commands/{{command_id}}", self.get_command)
            add("PATCH", f"{scope}/commands/{{command_id}}", self.edit_command)
            add("DELETE", f"{scope}/commands/{{command_id}}", self.delete_command)
        add("GET", "/channels/{channel_id}", self.get_channel)
        add("GET", "/channels/{channel_id}/messages", self.history)
        add("POST", "/channels/{channel_id}/messages", self.create_message)
        add("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        add("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        add("POST", "/channels/{channel_id}/messages/{message_id}/crosspost", self.crosspost)
        add("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.message_thread)
        add("POST", "/channels/{channel_id}/threads", self.create_thread)
        add("POST", "/channels/{channel_id}/typing", self.typing)
        add("GET", "/guilds/{guild_id}", self.get_guild)
        add("GET", "/guilds/{guild_id}/channels", self.guild_channels)
        add("GET", "/guilds/{guild_id}/members/{user_id}", self.guild_member)
        add("GET", "/guilds/{guild_id}/roles", self.guild_roles)
        add("POST", "/interactions/{interaction_id}/{token}/callback", self.callback, auth=False)
        hook = "/webhooks/{application_id}/{token}"
        add("POST", hook, self.followup, auth=False)
        add("GET", f"{hook}/messages/{{message_id}}", self.get_webhook_message, auth=False)
        add("PATCH", f"{hook}/messages/{{message_id}}", self.edit_webhook_message, auth=False)
        add("DELETE", f"{hook}/messages/{{message_id}}", self.delete_webhook_message, auth=False)

    # -- gateway, users, application ---------------------------------------------------------

    async def gateway(self, call: Call) -> Reply:
        return Reply(body={"url": self.gateway_url()})

    async def gateway_bot(self, call: Call) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}
        shards = self.world.recommended_shards
        return Reply(
            body={"url": self.gateway_url(), "shards": shards, "session_start_limit": limit}
        )

    async def me(self, call: Call) -> Reply:
        data = self.world.bot.payload()
        data.update(verified=True, mfa_enabled=False, flags=0, email=None, locale="en-US")
        return Reply(body=data)

    async def user(self, call: Call) -> Reply:
        uid = call.int_param("user_id")
        for guild in self.world.guilds.values():
            if uid in guild.members:
                return Reply(body=guild.members[uid].user.payload())
        raise errors.unknown_user()

    async def application(self, call: Call) -> Reply:
        bot = self.world.bot.payload()
        owner = {**bot, "id": str(self._owner_id), "username": "app-owner"}
        owner.pop("bot", None)
        return Reply(
            body={
                "id": str(self.world.application_id),
                "name": self.world.bot.username,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot": bot,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": owner,
                "team": None,
                "flags": 0,
                "tags": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self.world.guilds),
                "integration_types_config": {"0": {}},
            }
        )

    # -- application commands ---------------------------------------------------------------

    def _scope(self, call: Call) -> int | None:
        if call.int_param("application_id") != self.world.application_id:
            raise errors.missing_access()
        if "guild_id" not in call.params:
            return None
        guild_id = call.int_param("guild_id")
        if guild_id not in self.world.guilds:
            raise errors.missing_access()
        return guild_id

    async def list_commands(self, call: Call) -> Reply:
        return Reply(body=self.world.commands.list(self._scope(call)))

    async def overwrite_commands(self, call: Call) -> Reply:
        scope = self._scope(call)
        commands = self.world.commands.overwrite(call.record.json, scope)
        self.world.notify()
        return Reply(body=commands)

    async def create_command(self, call: Call) -> Reply:
        command, created = self.world.commands.upsert(call.record.json, self._scope(call))
        self.world.notify()
        return Reply(201 if created else 200, command)

    async def get_command(self, call: Call) -> Reply:
        scope = self._scope(call)
        return Reply(body=self.world.commands.get(call.int_param("command_id"), scope))

    async def edit_command(self, call: Call) -> Reply:
        scope = self._scope(call)
        patch = call.record.json if isinstance(call.record.json, dict) else {}
        return Reply(body=self.world.commands.edit(call.int_param("command_id"), patch, scope))

    async def delete_command(self, call: Call) -> Reply:
        scope = self._scope(call)
        self.world.commands.delete(call.int_param("command_id"), scope)
        return Reply(204)

    # -- channels and messages --------------------------------------------------------------

    async def get_channel(self, call: Call) -> Reply:
        _, channel, _ = self.world.visible_channel(call.int_param("channel_id"))
        return Reply(body=channel.payload(self.world.bot.id))

    async def history(self, call: Call) -> Reply:
        query = call.record.query
        limit = max(1, min(int(query.get("limit", "50")), 100))
        before = int(query["before"]) if "before" in query else None
        after = int(query["after"]) if "after" in query else None
        found = self.world.history(
            call.int_param("channel_id"), limit=limit, before=before, after=after
        )
        return Reply(body=[m.payload() for m in found])

    async def create_message(self, call: Call) -> Reply:
        message = await self.world.create_message(call.int_param("channel_id"), call.draft())
        return _message_reply(message.payload())

    async def get_message(self, call: Call) -> Reply:
        self.world.visible_channel(call.int_param("channel_id"))
        message = self.world.find_message(
            call.int_param("channel_id"), call.int_param("message_id")
        )
        return _message_reply(message.payload())

    async def edit_message(self, call: Call) -> Reply:
        message = await self.world.edit_message(
            call.int_param("channel_id"), call.int_param("message_id"), call.draft()
        )
        return _message_reply(message.payload())

    async def delete_message(self, call: Call) -> Reply:
        await self.world.delete_message(call.int_param("channel_id"), call.int_param("message_id"))
        return Reply(204)

    async def crosspost(self, call: Call) -> Reply:
        message = await self.world.crosspost(
            call.int_param("channel_id"), call.int_param("message_id")
        )
        return _message_reply(message.payload())

    async def create_thread(self, call: Call) -> Reply:
        thread, message = await self.world.create_thread(call.int_param("channel_id"), call.draft())
        body = thread.payload(self.world.bot.id)
        if message is not None:
            body["message"] = message.payload()
        return Reply(201, body)

    async def message_thread(self, call: Call) -> Reply:
        thread = await self.world.create_thread_from_message(
            call.int_param("channel_id"), call.int_param("message_id"), call.draft().payload
        )
        return Reply(201, thread.payload(self.world.bot.id))

    async def typing(self, call: Call) -> Reply:
        self.world.visible_channel(call.int_param("channel_id"))
        return Reply(204)

    # -- guilds -------------------------------------------------------------------------------

    async def get_guild(self, call: Call) -> Reply:
        guild = self.world.guild(call.int_param("guild_id"))
        body = guild.payload(include_members=False)
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            body.pop(key, None)
        if call.flag("with_counts"):
            body["approximate_member_count"] = len(guild.members)
            body["approximate_presence_count"] = 0
        return Reply(body=body)

    async def guild_channels(self, call: Call) -> Reply:
        guild = self.world.guild(call.int_param("guild_id"))
        bot_id = self.world.bot.id
        return Reply(body=[c.payload(bot_id) for c in guild.channels.values() if not c.is_thread])

    async def guild_member(self, call: Call) -> Reply:
        guild = self.world.guild(call.int_param("guild_id"))
        member = guild.members.get(call.int_param("user_id"))
        if member is None:
            raise errors.unknown_member()
        return Reply(body=member.payload())

    async def guild_roles(self, call: Call) -> Reply:
        guild = self.world.guild(call.int_param("guild_id"))
        return Reply(body=[r.payload() for r in guild.roles.values()])

    # -- interactions -------------------------------------------------------------------------

    async def callback(self, call: Call) -> Reply:
        body = await self.desk.callback(
            call.int_param("interaction_id"),
            call.params["token"],
            call.draft(),
            with_response=call.flag("with_response"),
        )
        return Reply(200, body) if body is not None else Reply(204)

    async def followup(self, call: Call) -> Reply:
        message = await self.desk.followup(
            call.int_param("application_id"), call.params["token"], call.draft()
        )
        return _message_reply(message.payload()) if call.flag("wait") else Reply(204)

    async def get_webhook_message(self, call: Call) -> Reply:
        message = self.desk.find_message(
            call.int_param("application_id"), call.params["token"], call.params["message_id"]
        )
        return _message_reply(message.payload())

    async def edit_webhook_message(self, call: Call) -> Reply:
        draft: MessageDraft = call.draft()
        message = await self.desk.edit_message(
            call.int_param("application_id"), call.params["token"], call.params["message_id"], draft
        )
        return _message_reply(message.payload())

    async def delete_webhook_message(self, call: Call) -> Reply:
        await self.desk.delete_message(
            call.int_param("application_id"), call.params["token"], call.params["message_id"]
        )
        return Reply(204)
