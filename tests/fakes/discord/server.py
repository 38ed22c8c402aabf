"""``FakeDiscord``: a local Discord (REST v10 + gateway) for end-to-end tests of a real bot.

    async with FakeDiscord(guilds=[guild]) as fake:
        bot = make_bot()                       # any discord.Client / commands.Bot
        await fake.start_client(bot)           # points discord.py here, waits for on_ready
        iid = await fake.inject_interaction(guild.id, channel.id, member.id, "digest", "now")
        answer = await fake.interaction_response(iid)

``start_client`` patches discord.py's class-level endpoints (``Route.BASE`` and
``DiscordWebSocket.DEFAULT_GATEWAY``) and restores them on exit, so run one fake at a time.
Exceptions that kill the client's ``start()`` task are re-raised by every wait helper and on
exit, so a payload the client cannot parse fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from .gateway import Gateway
from .handlers import Handlers
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CommandUse,
    InteractionAnswer,
    InteractionRecord,
    new_interaction,
)
from .limits import DelayPlan, Fault, FaultPlan, RateLimiter, RateLimitPolicy
from .messages import FakeMessage
from .models import BOT_DEFAULT, Guild, User, snowflakes
from .responses import InteractionDesk
from .rest import API_PREFIX, RecordedRequest, RestApi
from .world import World

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class FakeDiscord:
    """A fake Discord API and gateway on 127.0.0.1 (a random free port)."""

    def __init__(
        self,
        guilds: Iterable[Guild] = (),
        *,
        bot_name: str = "digestbot",
        bot_permissions: int = BOT_DEFAULT,
        valid_tokens: Iterable[str] | None = None,
        heartbeat_interval_ms: int = 41250,
        interaction_callback_deadline: float = 3.0,
        rate_limit: RateLimitPolicy = RateLimitPolicy(),
        enforce_rate_limits: bool = True,
        attachment_size_limit: int = ATTACHMENT_SIZE_LIMIT,
        recommended_shards: int = 1,
    ) -> None:
        if recommended_shards < 1:
            raise ValueError(f"recommended_shards must be at least 1, got {recommended_shards}")
        self.bot_user = User(snowflakes.next(), bot_name, global_name=bot_name, bot=True)
        self.application_id = self.bot_user.id
        self._valid_tokens = None if valid_tokens is None else set(valid_tokens)
        self.world = World(
            guilds,
            bot=self.bot_user,
            application_id=self.application_id,
            bot_permissions=bot_permissions,
            attachment_size_limit=attachment_size_limit,
        )
        self.world.recommended_shards = recommended_shards
        self.desk = InteractionDesk(self.world, callback_deadline=interaction_callback_deadline)
        self.faults = FaultPlan()
        self.delays = DelayPlan()
        self.rate_limiter = RateLimiter(rate_limit, enforce=enforce_rate_limits)
        self.rest = RestApi(
            limiter=self.rate_limiter,
            faults=self.faults,
            token_ok=self._token_ok,
            on_change=self.world.notify,
            delays=self.delays,
        )
        Handlers(self.world, self.desk, lambda: self.gateway_url).register(self.rest)
        self.gateway = Gateway(
            self.world,
            heartbeat_interval_ms=heartbeat_interval_ms,
            token_ok=self._token_ok,
            resume_url=lambda: f"{self.gateway_url}resume/",
        )
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._client: Any = None
        self._client_task: asyncio.Task[None] | None = None
        self._saved_endpoints: tuple[str, Any] | None = None
        self._client_error_surfaced = False
        #: A port kept for a gateway that comes online later (see :meth:`offline_gateway`).
        self._offline_port = 0
        self._late_gateways: list[web.AppRunner] = []

    # -- lifecycle --------------------------------------------------------------------------

    def _token_ok(self, token: str) -> bool:
        return bool(token) and (self._valid_tokens is None or token in self._valid_tokens)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/resume/", self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._file)
        app.router.add_route("*", "/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.world.cdn_base = self.base_url

    async def close(self) -> None:
        client_error: BaseException | None = None
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.close()
        if self._client_task is not None:
            try:
                await asyncio.wait_for(self._client_task, timeout=5)
            except asyncio.CancelledError:
                pass
            except BaseException as error:  # surfaced below, after cleanup
                client_error = error
        await self.gateway.close_all()
        for runner in self._late_gateways:
            await runner.cleanup()
        if self._runner is not None:
            await self._runner.cleanup()
        self._restore_endpoints()
        if client_error is not None and not self._client_error_surfaced:
            raise RuntimeError(f"the discord.py client crashed: {client_error!r}") from client_error

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.close()
        except BaseException:
            if exc is None:
                raise
            log.exception("fake Discord: the client also failed")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        wanted = int(request.match_info["attachment_id"])
        for messages in self.world.messages.values():
            for message in messages:
                for attachment in message.attachments:
                    if attachment.id == wanted:
                        content_type = attachment.content_type or "application/octet-stream"
                        return web.Response(body=attachment.data, content_type=content_type)
        for record in self.desk.records.values():
            for answer in [record.original, *record.followups]:
                for attachment in answer.attachments if answer else []:
                    if attachment.id == wanted:
                        return web.Response(body=attachment.data)
        return web.Response(status=404)

    # -- the client -------------------------------------------------------------------------

    def point_discord_py_here(self) -> None:
        """Aim discord.py's REST base and default gateway at this fake (undone on close)."""
        import discord.gateway
        import discord.http
        import yarl

        if self._saved_endpoints is None:
            self._saved_endpoints = (
                discord.http.Route.BASE,
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
            )
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    def _restore_endpoints(self) -> None:
        if self._saved_endpoints is None:
            return
        import discord.gateway
        import discord.http

        base, gateway = self._saved_endpoints
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
        self._saved_endpoints = None

    async def start_client(
        self,
        client: Any,
        token: str = "fake-bot-token",
        *,
        ready_timeout: float = 10.0,
        guild_ready_timeout: float | None = None,
    ) -> asyncio.Task[None]:
        """Run ``client.start(token)`` against the fake and wait until it is ready.

        ``guild_ready_timeout`` overrides the client's wait for GUILD_CREATEs after READY
        (discord.py's default is 2 s; pass ``guild_ready_timeout=0.01`` to the client instead
        when you construct it). Raises whatever made ``start()`` fail.
        """
        self.point_discord_py_here()
        if guild_ready_timeout is not None:
            client._connection.guild_ready_timeout = guild_ready_timeout
        self._client = client
        self._client_task = asyncio.create_task(client.start(token), name="fake-discord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait(
            {self._client_task, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            self.check_client()
            raise TimeoutError(f"fake Discord: client not ready after {ready_timeout}s")
        self.check_client()
        return self._client_task

    def check_client(self) -> None:
        """Raise the exception that ended the client's ``start()`` task, if it ended."""
        task = self._client_task
        if task is not None and task.done() and not task.cancelled():
            error = task.exception()
            if error is not None:
                self._client_error_surfaced = True
                raise RuntimeError(f"the discord.py client crashed: {error!r}") from error

    async def wait_for(
        self,
        probe: Callable[[], T | None],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
        what: str = "a condition",
    ) -> T:
        """Wait until ``probe()`` returns something other than None (or False) and return it."""

        def truthy() -> T | None:
            value = probe()
            return None if value is False else value

        return await self.world.wait_until(
            truthy, timeout=timeout, what=what, check=self.check_client
        )

    # -- recorded traffic and state ---------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.rest.requests

    def requests_to(self, method: str, route: str) -> list[RecordedRequest]:
        """Requests whose route template is ``route`` (``"/channels/{channel_id}/messages"``)."""
        key = f"{method.upper()} {route}"
        return [r for r in self.rest.requests if r.route == key]

    def messages(self, channel_id: int) -> list[FakeMessage]:
        """Visible (not deleted, not ephemeral) messages in a channel or thread, oldest first."""
        return self.world.channel_messages(channel_id)

    async def wait_for_message(
        self,
        channel_id: int,
        *,
        predicate: Callable[[FakeMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> FakeMessage:
        def probe() -> FakeMessage | None:
            for message in self.world.channel_messages(channel_id):
                if predicate is None or predicate(message):
                    return message
            return None

        return await self.wait_for(
            probe, timeout=timeout, what=f"a message in channel {channel_id}"
        )

    def commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The registered commands: global ones, or one guild's."""
        return self.world.commands.list(guild_id)

    def register_commands(
        self, payloads: list[dict[str, Any]], guild_id: int | None = None
    ) -> None:
        """Register commands as a bulk overwrite would, for bots that do not sync themselves."""
        self.world.commands.overwrite(payloads, guild_id)

    def register_tree(self, tree: Any, guild_id: int | None = None) -> None:
        """Register a discord.py ``CommandTree``'s commands (what ``tree.sync()`` would send)."""
        import discord

        guild = None if guild_id is None else discord.Object(id=guild_id)
        self.register_commands([c.to_dict(tree) for c in tree.get_commands(guild=guild)], guild_id)

    def guild(self, guild_id: int) -> Guild:
        return self.world.guild(guild_id)

    # -- changes an admin makes ---------------------------------------------------------------

    async def remove_bot(self, guild_id: int) -> None:
        """The guild removes the bot: GUILD_DELETE (no ``unavailable``); its channels then
        answer 403 (50001), and a new session's READY leaves the guild out."""
        await self.world.remove_bot(guild_id)

    async def add_bot(self, guild_id: int) -> None:
        """The guild adds the bot (back): GUILD_CREATE as for a join."""
        await self.world.add_bot(guild_id)

    async def guild_outage(self, guild_id: int) -> None:
        """A Discord outage makes the guild unavailable: GUILD_DELETE ``unavailable: true``."""
        await self.world.outage(guild_id)

    async def guild_outage_over(self, guild_id: int) -> None:
        """The guild is available again: GUILD_CREATE ``unavailable: false``."""
        await self.world.outage_over(guild_id)

    async def delete_channel(self, channel_id: int) -> None:
        """Delete a channel: later requests to it get 404 (10003), and the bot gets
        CHANNEL_DELETE."""
        await self.world.delete_channel(channel_id)

    async def archive_thread(self, thread_id: int) -> None:
        """Archive a thread or forum post: editing a message in it gets 400 (50083) from then
        on, and the bot gets THREAD_UPDATE."""
        await self.world.archive_thread(thread_id)

    async def delete_message(self, channel_id: int, message_id: int) -> None:
        """A moderator deletes a message (the bot's too): MESSAGE_DELETE, then 404 (10008)."""
        await self.world.announce_delete(self.world.find_message(channel_id, message_id))

    # -- faults -----------------------------------------------------------------------------

    def fail_next(
        self, method: str | None, path: str, fault: Fault, times: int = 1, *, after: int = 0
    ) -> None:
        """Answer the next ``times`` requests matching ``method path`` with ``fault``, once
        ``after`` matching requests have gone through normally (the third part of a
        three-message post: ``after=2``).

        ``path`` is relative to /api/v10 and may use ``{name}`` or ``*`` for one segment.
        """
        self.faults.add(method, path, fault, times, after)

    def delay_route(self, method: str | None, path: str, seconds: float) -> None:
        """Make requests matching ``method path`` wait ``seconds`` before they are carried out
        (0 removes the delay). ``path`` is written as for :meth:`fail_next`."""
        self.delays.set(method, path, seconds)

    def expire_interaction(self, interaction_id: int) -> None:
        """Make the interaction's token dead: callbacks 10062, webhook calls 10015."""
        self.desk.record(interaction_id).expired = True

    # -- gateway controls -------------------------------------------------------------------

    async def send_reconnect(self, shard_id: int | None = None) -> None:
        await self.gateway.send_reconnect(shard_id)

    async def send_invalid_session(self, resumable: bool, shard_id: int | None = None) -> None:
        await self.gateway.send_invalid_session(resumable, shard_id)

    async def drop_gateway(self, code: int = 4000, shard_id: int | None = None) -> None:
        """Close the bot's socket with ``code``: 4000 makes discord.py reconnect and RESUME.
        ``shard_id``: that shard's socket (default: the session that connected last)."""
        await self.gateway.drop(code, shard_id)

    def hold_gateway(self) -> None:
        """Start an outage: reconnecting clients get no HELLO until :meth:`release_gateway`.

        Events dispatched meanwhile are kept and replayed when the client resumes.
        """
        self.gateway.hold()

    def release_gateway(self) -> None:
        self.gateway.release()

    def offline_gateway(self) -> str:
        """A gateway URL where nothing listens yet: connecting there is refused, as when
        Discord's gateway cannot be reached, until :meth:`bring_gateway_online`."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self._offline_port = int(probe.getsockname()[1])
        return f"ws://127.0.0.1:{self._offline_port}/"

    async def bring_gateway_online(self) -> None:
        """Serve the gateway at the URL :meth:`offline_gateway` gave (RESUMEs still go to
        :attr:`gateway_url`, which READY names)."""
        if not self._offline_port:
            raise RuntimeError("fake Discord: call offline_gateway() first")
        app = web.Application()
        app.router.add_get("/", self.gateway.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self._offline_port).start()
        self._late_gateways.append(runner)

    async def wait_for_shards(
        self,
        shards: Iterable[tuple[int, int]],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> dict[tuple[int, int], str]:
        """Wait until every ``(shard_id, shard_count)`` has a connected session; return each
        shard's session id."""
        wanted = set(shards)

        def probe() -> dict[tuple[int, int], str] | None:
            live = self.gateway.live_sessions()
            if not wanted <= set(live):
                return None
            return {shard: live[shard].id for shard in sorted(wanted)}

        return await self.wait_for(probe, timeout=timeout, what=f"sessions on shards {wanted}")

    async def wait_for_session(
        self,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> str:
        """Wait until a client session is connected; return its session id."""

        def probe() -> str | None:
            session = self.gateway.current
            return session.id if session and session.connection and not session.invalid else None

        return await self.wait_for(probe, timeout=timeout, what="a connected gateway session")

    # -- interactions -----------------------------------------------------------------------

    async def inject_interaction(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        command: str,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        subcommand_group: str | None = None,
        permissions: int | None = None,
        locale: str = "en-US",
        bypass_default_permissions: bool = False,
        unchecked: bool = False,
        installed_by_user: bool = False,
    ) -> int:
        """Send the INTERACTION_CREATE a member's ``/command subcommand options...`` produces
        (``unchecked``: as a client that is not Discord's might, values outside the options'
        bounds, another server's channel, a command Discord would not offer there).
        ``installed_by_user``: through the member's own install of the app, as in a server
        the bot is not in (see :meth:`add_guild_without_bot`)."""
        use = CommandUse(
            APPLICATION_COMMAND, guild_id, channel_id, user_id, command, subcommand, options or {}
        )
        use.subcommand_group, use.permissions, use.locale = subcommand_group, permissions, locale
        use.bypass_default_permissions, use.unchecked = bypass_default_permissions, unchecked
        use.installed_by_user = installed_by_user
        return await self._inject(use)

    async def inject_dm_interaction(
        self,
        user_id: int,
        command: str,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        unchecked: bool = False,
    ) -> int:
        """A command used in the bot's DM by a user of one of the guilds (option values are
        looked up in that guild): Discord offers only commands whose contexts allow DMs."""
        home = next((g for g in self.world.guilds.values() if user_id in g.members), None)
        if home is None:
            raise ValueError(f"user {user_id} is in no guild of the fake")
        channel_id = next(iter(home.channels))  # (for option values only; the DM is new)
        use = CommandUse(
            APPLICATION_COMMAND, home.id, channel_id, user_id, command, subcommand, options or {}
        )
        use.in_dm, use.unchecked = True, unchecked
        return await self._inject(use)

    @property
    def app_integration_types(self) -> list[int]:
        """The app's installation contexts, given to commands registered without
        ``integration_types``: ``[0]`` (servers, the default) or ``[0, 1]`` (users too, as
        when the operator ticks User Install in the Developer Portal)."""
        return self.world.commands.default_integration_types

    @app_integration_types.setter
    def app_integration_types(self, value: list[int]) -> None:
        self.world.commands.default_integration_types = list(value)

    def add_guild_without_bot(self, guild: Guild) -> Guild:
        """A guild the bot is not in: no event, its channels refuse the bot (50001), but a
        member who installed the app may use its commands there (``installed_by_user``)."""
        self.world.add_guild(guild)
        guild.detach_bot()
        return guild

    async def inject_autocomplete(
        self,
        guild_id: int,
        channel_id: int,
        user_id: int,
        command: str,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
        subcommand_group: str | None = None,
        locale: str = "en-US",
    ) -> int:
        """Send an AUTOCOMPLETE interaction: ``options[focused]`` is what the user has typed."""
        use = CommandUse(
            AUTOCOMPLETE, guild_id, channel_id, user_id, command, subcommand, options or {}
        )
        use.subcommand_group, use.locale, use.focused = subcommand_group, locale, focused
        return await self._inject(use)

    async def _inject(self, use: CommandUse) -> int:
        self.check_client()
        record = new_interaction(use, self.world, now=asyncio.get_running_loop().time())
        self.desk.add(record)
        if not await self.gateway.dispatch("INTERACTION_CREATE", record.payload):
            raise RuntimeError("fake Discord: no gateway session to deliver the interaction to")
        record.sent_at = asyncio.get_running_loop().time()
        return record.id

    def interaction(self, interaction_id: int) -> InteractionRecord:
        return self.desk.record(interaction_id)

    async def interaction_response(
        self,
        interaction_id: int,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> InteractionAnswer:
        """The answer the user saw: waits for the callback (and, after a defer, the edit)."""
        record = self.desk.record(interaction_id)

        def probe() -> InteractionAnswer | None:
            return InteractionAnswer.of(record)

        try:
            return await self.wait_for(
                probe, timeout=timeout, what=f"the answer to {interaction_id}"
            )
        except TimeoutError:
            state = "never acknowledged"
            if record.callback_type == 5:
                state = "deferred, but @original was never filled in"
            raise TimeoutError(
                f"fake Discord: interaction {interaction_id} (/{record.command}) was {state} "
                f"after {timeout}s; check the bot's logs for the command's error"
            ) from None

    async def wait_for_followups(
        self,
        interaction_id: int,
        count: int = 1,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> list[FakeMessage]:
        record = self.desk.record(interaction_id)

        def probe() -> list[FakeMessage] | None:
            return list(record.followups) if len(record.followups) >= count else None

        return await self.wait_for(probe, timeout=timeout, what=f"{count} followups")
