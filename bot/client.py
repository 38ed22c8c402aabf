"""The Discord bot: shared resources made once in ``setup_hook``, closed once in ``close``.

With ``--shard-ids``/``--shard-count`` the bot is a :class:`ShardedDigestBot` (discord.py's
``AutoShardedBot``) serving those shards, and its :class:`bot.cluster.Cluster` decides what
this process does among several: the poll and the subscriptions' schedules run only while it
leads, and it posts the outbox entries of its own shards' guilds.

Commands are synced deliberately: ``digestbot sync`` (or ``run --sync``) always; a plain
``run`` only when the command set differs from the last one synced (a hash kept beside the
database), as ``[discord] sync_commands = "changed"`` says.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from discord import app_commands
from discord.ext import commands
from yarl import URL

from bot import discord_compat
from bot.cluster import Cluster
from bot.delivery import DeliveryService
from bot.discord_poster import DiscordPoster
from bot.live import LiveUpdater
from bot.logs import quiet_cancelled_jobs
from bot.metrics import BotMetrics
from bot.ops_web import OpsServer
from bot.poll import PollReport
from bot.render.parts import ChannelKind
from bot.runtime import Runtime
from bot.subscriptions import SubscriptionService
from config.settings import Settings

log = logging.getLogger(__name__)

JOB_UNWIND_SECONDS = 10.0
#: How long an interaction is watched for its first response (Discord allows 3 s).
INTERACTION_WATCH_SECONDS = 15.0
ACK_WATCH_INTERVAL = 0.01
#: Beyond this many interactions in flight, commands acknowledge before their work
#: (see ``cogs.common.in_time``).
CROWDED_INTERACTIONS = 16
COGS = ("cogs.digest", "cogs.news", "cogs.topics", "cogs.stats", "cogs.help")
#: Discord's gateway close code for a token it does not accept.
GATEWAY_AUTHENTICATION_FAILED = 4004
#: Waits between attempts to reach a gateway that never answered yet: doubling up to the cap.
GATEWAY_FIRST_RETRY_SECONDS = 1.0
GATEWAY_MAX_RETRY_SECONDS = 60.0


def point_at_discord(settings: Settings) -> None:
    """Send REST and gateway traffic to DISCORD_API_BASE / DISCORD_GATEWAY_URL when set, read
    as :mod:`bot.discord_compat` reads it."""
    discord_compat.install()
    if settings.env.discord_api_base:
        discord.http.Route.BASE = settings.env.discord_api_base.rstrip("/")
    if settings.env.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = URL(settings.env.discord_gateway_url)


class DigestBot(commands.Bot):
    """digestbot on Discord. ``runtime`` holds the store, HTTP client, sources and services."""

    def __init__(
        self,
        settings: Settings,
        *,
        runtime: Runtime | None = None,
        sync: bool | None = None,
        sync_only: bool = False,
        **options: Any,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        options.setdefault("intents", intents)
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        options.setdefault("help_command", None)
        self._shard_options = (options.get("shard_ids"), options.get("shard_count"))
        from cogs.options import CheckedCommandTree  # (the cogs' layer, as their errors)

        options.setdefault("tree_cls", CheckedCommandTree)
        super().__init__(command_prefix=commands.when_mentioned, **options)
        discord_compat.guard_parsers(self._connection)  # an unreadable event is skipped
        self.settings = settings
        self.runtime = runtime or Runtime(settings)
        self._owns_runtime = runtime is None
        self._sync = sync
        self._sync_only = sync_only
        #: How many commands the last sync registered (None: not synced by this process).
        self.synced_commands: int | None = None
        quiet_cancelled_jobs()
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.delivery: DeliveryService
        self.subscriptions: SubscriptionService
        self.live: LiveUpdater
        self.metrics = BotMetrics(latency=self._latency, guilds=lambda: len(self.guilds))
        self.last_poll: datetime | None = None
        self.ops: OpsServer | None = None
        #: The port the ops server listens on (0: none).
        self.ops_port = 0
        self.cluster: Cluster | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._unacknowledged: dict[int, discord.Interaction] = {}
        self._watching_acks = False
        self._resumed = asyncio.Event()  # the start-up flush is done
        self._catch_up: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    async def setup_hook(self) -> None:
        if self._sync_only:
            for extension in COGS:
                await self.load_extension(extension)
            await self.maybe_sync()
            return
        if self._owns_runtime:
            await self.runtime.open()
        shard_ids, shard_count = self._shard_options
        tuning = self.settings.file.cluster
        self.cluster = Cluster(
            self.runtime.store,
            self.settings.database_url,
            shard_ids=shard_ids,
            shard_count=shard_count,
            leader_interval=tuning.leader_check_seconds,
            leader_timeout=tuning.leader_timeout_seconds,
            lease_seconds=tuning.claim_lease_seconds,
        )
        self.poster = DiscordPoster(self)
        self.delivery = DeliveryService(
            self.runtime.store, self.poster, metrics=self.metrics, cluster=self.cluster
        )
        self.subscriptions = SubscriptionService(
            self.runtime.store,
            self.runtime.catalog,
            self.runtime.digests,
            self.delivery,
            self.settings.file.digest,
            self.scheduler,
            channel_kind=self.channel_kind,
            cluster=self.cluster,
        )
        self.live = LiveUpdater(
            self.runtime.store, self.runtime.digests, self.poster, metrics=self.metrics
        )
        self.runtime.notices = self.post_notice
        await self._start_ops()
        for extension in COGS:
            await self.load_extension(extension)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        # Several processes: each claims its shards' deliveries every few seconds, since the
        # leader's digests for other shards wait in the outbox for their owners.
        flush_seconds = tuning.flush_seconds if self.cluster.claims else 60.0
        self.scheduler.add_job(
            self.delivery.flush,
            IntervalTrigger(seconds=flush_seconds),
            id="outbox",
            coalesce=True,
            max_instances=1,
        )
        self.scheduler.start()
        await self.cluster.start(self._elected, self._deposed)  # SQLite: elected at once
        await self.maybe_sync()
        self._spawn(self._after_ready())

    async def connect(self, *, reconnect: bool = True) -> None:
        """discord.py's connection loop, kept going while the gateway cannot be reached at
        start-up.

        discord.py 2.7.1 retries a failed connection as a RESUME of the previous one, reading
        ``self.ws.sequence``; before any connection ``self.ws`` is None, so a gateway that
        did not answer at start-up ended the bot after one retry with an AttributeError.
        Until a first connection is made, that failure is waited out here, with backoff."""
        delay = GATEWAY_FIRST_RETRY_SECONDS
        while True:
            try:
                await super().connect(reconnect=reconnect)
                return
            except AttributeError as exc:
                if self.ws is not None or exc.name != "sequence":
                    raise
                reason = exc.__context__  # what discord.py met while connecting
            if self.is_closed():
                return
            log.warning(
                "cannot reach the Discord gateway at %s (%s), retrying in %g s",
                discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
                reason or "no answer",
                delay,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), delay)
            delay = min(delay * 2, GATEWAY_MAX_RETRY_SECONDS)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _after_ready(self) -> None:
        """Once connected: finish deliveries a crash left pending (then, on the leader, the
        schedule is rebuilt: :meth:`_resume_schedule`)."""
        await self.wait_until_ready()
        try:
            await self.delivery.flush()
        except Exception:
            log.exception("could not resume deliveries")
        finally:
            self._resumed.set()

    # -- leadership: the poll and the schedules run in one process at a time ---------------

    def _elected(self) -> None:
        """This process leads: poll now and on the interval, rebuild the subscriptions' jobs
        and run the digests that came due while no process (or a dead leader) ran them."""
        self.scheduler.add_job(
            self.poll_job,
            IntervalTrigger(minutes=self.settings.file.poll.interval_minutes, timezone=UTC),
            id="poll",
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
        )
        if self.cluster is not None and self.cluster.claims:
            # Subscriptions made or removed through another process reach the schedule.
            self.scheduler.add_job(
                self.subscriptions.start,
                IntervalTrigger(seconds=self.settings.file.cluster.resync_seconds),
                id="resync",
                coalesce=True,
                max_instances=1,
                replace_existing=True,
            )
        self._catch_up = asyncio.create_task(self._resume_schedule())
        self._background.add(self._catch_up)
        self._catch_up.add_done_callback(self._background.discard)

    def _deposed(self) -> None:
        """Another process leads now, or this one is stopping: stop scheduling."""
        for job in ("poll", "resync"):
            if self.scheduler.get_job(job):
                self.scheduler.remove_job(job)
        self.subscriptions.stop_jobs()
        if self._catch_up is not None:
            self._catch_up.cancel()

    async def _resume_schedule(self) -> None:
        """After the start-up flush (so that it does not race the digests made here)."""
        await self._resumed.wait()
        try:
            await self.subscriptions.start()
        except Exception:
            log.exception("could not resume subscriptions")

    async def poll_job(self) -> None:
        """One poll cycle, counted for /metrics, then live updates of recent digests."""
        try:
            report = await self.runtime.poll_once()
        except Exception:
            log.exception("poll cycle failed")
            return
        self.count_poll(report)
        try:
            await self.live.refresh()
        except Exception:
            log.exception("live updates failed")

    def count_poll(self, report: PollReport) -> None:
        self.last_poll = datetime.now(UTC)
        self.metrics.polls.inc()
        for key in report.errors:  # "source:<name>" (discovery) or a page's URL
            if key.startswith("source:"):
                name = key.removeprefix("source:")
            else:
                source = self.runtime.source_for_url(key)
                name = source.name if source is not None else "other"
            self.metrics.fetch_errors.inc(source=name)

    # -- notices, channels, operations ---------------------------------------------------

    async def post_notice(self, text: str) -> None:
        """A source failing or recovering: to the operator's channel when configured, and
        to the admin channel of every server that set one (``/digest ... admin_channel``)."""
        targets: list[int] = []
        if self.settings.file.discord.admin_channel_id:
            targets.append(self.settings.file.discord.admin_channel_id)
        for channels in (await self.runtime.store.admin_channels()).values():
            targets += [c for c in channels if c not in targets]
        for channel_id in targets:
            await self.poster.notify_channel(channel_id, text)

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self.subscriptions.channel_deleted(channel.guild.id, channel.id)

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server (discord.py tells an outage apart: on_guild_unavailable)."""
        await self.subscriptions.guild_left(guild.id)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.subscriptions.guild_back(guild.id)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        # also at start-up, for a server that added the bot back while it was not running
        await self.subscriptions.guild_back(guild.id)

    async def channel_kind(self, channel_id: int) -> ChannelKind:
        channel: Any = self.get_channel(channel_id)
        if channel is None and self.cluster is not None and self.cluster.claims:
            # The leader lays out digests for other processes' shards, whose channels it
            # has not cached: ask Discord (a forum needs a forum's layout).
            with contextlib.suppress(discord.HTTPException, discord.InvalidData, OSError):
                channel = await self.fetch_channel(channel_id)
        if isinstance(channel, discord.ForumChannel):
            return "forum"
        if isinstance(channel, discord.TextChannel) and channel.is_news():
            return "announcement"
        return "text"

    def _latency(self) -> float:
        latency = self.latency
        return latency if latency == latency and latency != float("inf") else 0.0  # NaN, inf

    def health(self) -> dict[str, Any]:
        """The /healthz document: ``ok`` while the gateway is connected."""
        ws = self.ws
        connected = not self.is_closed() and self.is_ready() and ws is not None and ws.open
        return {
            "status": "ok" if connected else "unavailable",
            "gateway_connected": connected,
            "latency_seconds": round(self._latency(), 4),
            "guilds": len(self.guilds),
            "last_poll": self.last_poll.isoformat() if self.last_poll else None,
        }

    async def _start_ops(self) -> None:
        ops = self.settings.file.ops
        if not ops.port:
            return
        self.ops = OpsServer(
            host=ops.host, port=ops.port, health=self.health, metrics=self.metrics.render
        )
        self.ops_port = await self.ops.start()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self._unacknowledged[interaction.id] = interaction
        if not self._watching_acks:
            self._watching_acks = True
            self._spawn(self._watch_acknowledgements())

    @property
    def crowded(self) -> bool:
        """Whether more than :data:`CROWDED_INTERACTIONS` interactions arrived within the last
        watch interval or still wait for their first response: a burst is being handled."""
        return len(self._unacknowledged) > CROWDED_INTERACTIONS

    async def _watch_acknowledgements(self) -> None:
        """Observe how long after its creation each interaction got its first response.

        One task looks at every interaction not yet answered, every 10 ms, and only while
        there are some: a task per interaction, each waking every 10 ms, cost a burst of 500
        commands 50,000 wake-ups a second on the loop that answers them."""
        try:
            while self._unacknowledged:
                await asyncio.sleep(ACK_WATCH_INTERVAL)
                now = datetime.now(UTC)
                for key, interaction in list(self._unacknowledged.items()):
                    elapsed = (now - interaction.created_at).total_seconds()
                    if interaction.response.is_done():
                        self.metrics.interaction_latency.observe(max(elapsed, 0.0))
                    elif elapsed <= INTERACTION_WATCH_SECONDS:
                        continue
                    del self._unacknowledged[key]
        finally:
            self._watching_acks = False

    async def close(self) -> None:
        self._closing.set()
        jobs = _running_scheduler_jobs()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)  # cancels the jobs that are running
        for task in list(self._background):
            task.cancel()
        # Let cancelled jobs unwind (roll back their transactions) before the store closes
        # under them: a poll cut off mid-write must not find its database gone.
        unwinding = [*jobs, *self._background]
        if unwinding:
            await asyncio.wait(unwinding, timeout=JOB_UNWIND_SECONDS)
        if self.ops is not None:
            await self.ops.stop()
            self.ops = None
        if self.cluster is not None:
            with contextlib.suppress(Exception):  # claims handed back, leadership given up
                await self.cluster.stop()
        try:
            await super().close()
        finally:
            if self._owns_runtime and not self._sync_only and hasattr(self.runtime, "store"):
                await self.runtime.close()

    # -- command sync -------------------------------------------------------------------

    def command_payload(self) -> list[dict[str, Any]]:
        return sorted(
            (c.to_dict(self.tree) for c in self.tree.get_commands()), key=lambda c: str(c["name"])
        )

    def _hash_file(self) -> Path:
        return Path(self.settings.env.digestbot_data_dir) / "commands.sha256"

    async def maybe_sync(self) -> bool:
        """Sync the command tree if asked to, or if it changed since the last sync."""
        mode = self.settings.file.discord.sync_commands
        digest = hashlib.sha256(
            json.dumps(self.command_payload(), sort_keys=True, default=str).encode()
        ).hexdigest()
        path = self._hash_file()
        previous = path.read_text().strip() if path.exists() else ""
        wanted = (
            self._sync
            if self._sync is not None
            else (mode == "always" or (mode == "changed" and previous != digest))
        )
        if not wanted:
            return False
        synced = await self.tree.sync()
        self.synced_commands = len(synced)
        log.info("synced %d slash commands", len(synced))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(digest + "\n")
        return True

    # -- errors ---------------------------------------------------------------------------

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        from cogs.errors import report_error

        await report_error(interaction, error)


def _running_scheduler_jobs() -> list[asyncio.Task[Any]]:
    """Tasks in which APScheduler's asyncio executor is running a coroutine job right now."""
    return [
        task
        for task in asyncio.all_tasks()
        if getattr(task.get_coro(), "__qualname__", "") == "run_coroutine_job" and not task.done()
    ]


class ShardedDigestBot(DigestBot, commands.AutoShardedBot):
    """digestbot connecting several shards (``shard_ids`` of ``shard_count``) through
    discord.py's ``AutoShardedBot``: one gateway connection per shard."""


def create_bot(settings: Settings, *, runtime: Runtime | None = None, **options: Any) -> DigestBot:
    """The bot, pointed at the configured Discord endpoints; ``options`` go to discord.py
    (``shard_ids`` and ``shard_count`` make it a :class:`ShardedDigestBot`)."""
    point_at_discord(settings)
    sharded = options.get("shard_ids") is not None or options.get("shard_count") is not None
    cls = ShardedDigestBot if sharded else DigestBot
    return cls(settings, runtime=runtime, **options)


def _shards(shard_ids: str | None, shard_count: int | None) -> dict[str, Any]:
    from bot.errors import ConfigError

    if shard_ids is None and shard_count is None:
        return {}
    if shard_ids is None or shard_count is None:
        raise ConfigError("command line", "--shard-ids/--shard-count", "give both or neither")
    try:
        ids = [int(x) for x in shard_ids.split(",") if x.strip()]
    except ValueError:
        raise ConfigError(
            "command line", "--shard-ids", "a comma-separated list of numbers"
        ) from None
    if shard_count < 1 or not ids or any(not 0 <= i < shard_count for i in ids):
        raise ConfigError("command line", "--shard-ids", f"each id must be in 0..{shard_count - 1}")
    return {"shard_ids": ids, "shard_count": shard_count}


async def run_discord(
    settings: Settings,
    *,
    sync: bool = False,
    shard_ids: str | None = None,
    shard_count: int | None = None,
) -> int:
    import signal

    from bot.errors import ConfigError

    bot = create_bot(settings, sync=True if sync else None, **_shards(shard_ids, shard_count))
    loop = asyncio.get_running_loop()
    # The signal handler's close() task must be awaited before we return: discord.py's
    # `async with bot` only waits for its own closing task, and asyncio.run would cancel
    # ours half-way through closing the store.
    closing: list[asyncio.Task[None]] = []

    def close_on_signal() -> None:
        if not closing:
            closing.append(asyncio.ensure_future(bot.close()))

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, close_on_signal)
    try:
        async with bot:
            await bot.start(settings.env.discord_token or "")
    except discord.LoginFailure:
        raise ConfigError("environment", "DISCORD_TOKEN", "Discord refused the token") from None
    except discord.ConnectionClosed as exc:
        # The token passed the REST login, then the gateway refused it: reset since, or
        # revoked in the middle of the session. discord.py does not reconnect (as Discord asks).
        if exc.code != GATEWAY_AUTHENTICATION_FAILED:
            raise
        raise ConfigError(
            "environment",
            "DISCORD_TOKEN",
            "Discord refused the token (the gateway closed with 4004: authentication failed)",
        ) from None
    finally:
        if closing:
            await asyncio.wait(closing)
    return 0


async def sync_and_exit(settings: Settings) -> int:
    """Log in over REST only, sync the command tree, log out."""
    from bot.errors import ConfigError

    if not settings.env.discord_token:
        raise ConfigError(
            "environment", "DISCORD_TOKEN", "is not set; syncing needs the bot's token"
        )
    bot = create_bot(settings, sync=True, sync_only=True)
    async with bot:
        try:
            await bot.login(settings.env.discord_token)  # setup_hook syncs
        except discord.LoginFailure:
            raise ConfigError("environment", "DISCORD_TOKEN", "Discord refused the token") from None
    # (counted as synced: once logged out, the tree has let its cogs' commands go)
    print(f"synced {bot.synced_commands} slash commands")
    return 0
