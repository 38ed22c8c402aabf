"""The world an end-to-end test runs in: a fake news site, a fake Discord, a temp database,
settings loaded from a real TOML file, and the real digestbot (unmodified discord.py) in
between, talking to both over sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from bot.client import DigestBot, create_bot
from config.settings import Settings, load_settings
from tests.fakes.discord import (
    FakeDiscord,
    FakeMessage,
    Guild,
    InteractionAnswer,
    Member,
    make_guild,
)
from tests.fakes.discord.models import Channel
from tests.fakes.newssite import FakeArticle, FakeComment, NewsSite, sample_tariff_article
from tests.postgres import empty_postgres

log = logging.getLogger(__name__)
T = TypeVar("T")

TOKEN = "fake-bot-token-for-e2e-tests"
TARIFF_TITLE = "Japan tariff negotiator in Washington holds talks twice with Lutnick"
SUMO_TITLE = "Yokozuna clinches the Nagoya basho on the final day"
BEST_COMMENT = "Reciprocal levies hurt the carmakers in Aichi more than anyone admits."
SMALL_COMMENT = "Two people agreed with this one and nobody disagreed."
EXTRA_TITLES = (
    "Steel makers brace for Section 232 tariff increase",
    "Rice farmers fear a trade deal that opens the market",
    "Tariff talks stall over auto parts quota",
)


def tariff_article(now: datetime) -> FakeArticle:
    """The seed-like article plus the two comments the ranking tests compare."""
    article = sample_tariff_article()
    article.published = now - timedelta(hours=5)
    posted = now - timedelta(hours=2)
    for comment in article.comments:
        comment.posted = posted
    article.comments += [
        FakeComment("tradewatcher", BEST_COMMENT, up=30, down=2, posted=posted),
        FakeComment("quietreader", SMALL_COMMENT, up=2, down=0, posted=posted),
    ]
    return article


def other_tariff_article(index: int, title: str, now: datetime) -> FakeArticle:
    return FakeArticle(
        path=f"/category/business/tariff-story-{index}",
        title=title,
        body=[f"{title}. Officials said the tariff would take effect next month.", "More later."],
        comments=[
            FakeComment(f"reader{index}", f"Comment number {index} on this tariff story.", 3, 1,
                        now - timedelta(hours=1)),
        ],
        published=now - timedelta(hours=6 + index),
        category="business",
    )  # fmt: skip


def sumo_article(now: datetime) -> FakeArticle:
    return FakeArticle(
        path="/category/sports/yokozuna-nagoya",
        title=SUMO_TITLE,
        body=["The grand champion won his tenth title before a full house in Nagoya."],
        comments=[FakeComment("rikishifan", "What a bout on the last day.", 8, 0, now)],
        published=now - timedelta(hours=1),
        category="sports",
    )


def write_settings(
    tmp: Path, site: NewsSite, fake: FakeDiscord, *, database_url: str = "", **digest: Any
) -> Settings:
    """The bot's settings for this site and fake Discord; an SQLite file under ``tmp`` unless
    ``database_url`` names another database."""
    options = {"first_post_articles": 2, "window_hours": 48, **digest}
    digest_lines = "\n".join(f"{k} = {v!r}" for k, v in options.items())
    config = tmp / "digestbot.toml"
    config.write_text(
        f"""
[poll]
interval_minutes = 600
# The tests run cycles back to back, each standing for the next one: every feed and thread
# is asked every cycle (the revisit schedule has its own tests, in tests/test_poll.py).
max_revisit_cycles = 1

[http]
timeout_seconds = 5
retries = 0
backoff_seconds = 0.01

[digest]
{digest_lines}

[[sources]]
name = "japantoday"
kind = "japantoday"
feeds = ["{site.url_for("/feed")}"]

[[topics]]
name = "tariffs"
include = ["tariff", "tariffs", "trade war", "trade deal", "levies", "Section 232"]
exclude = []

[security]
allow_private_addresses = true

[discord]
sync_commands = "changed"
""",
        encoding="utf-8",
    )
    environ = {
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DIGESTBOT_DATA_DIR": str(tmp / "data"),
        "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp / 'data' / 'digestbot.sqlite3'}",
    }
    return load_settings(config, environ=environ)


def newsroom(now: datetime) -> list[FakeArticle]:
    """The default news site: the seed-like tariff story, the extra tariff stories and a sumo
    story that no tariff digest may show."""
    extra = [other_tariff_article(i, title, now) for i, title in enumerate(EXTRA_TITLES, start=1)]
    return [tariff_article(now), *extra, sumo_article(now)]


@contextlib.asynccontextmanager
async def open_world(
    tmp: Path,
    articles: Callable[[datetime], list[FakeArticle]] = newsroom,
    *,
    database_url: str = "",
    **digest: Any,
) -> AsyncIterator[World]:
    """Two servers and a news site publishing ``articles(now)`` on ``/feed``; the bot not
    started. ``digest`` options go to the ``[digest]`` settings; a PostgreSQL
    ``database_url`` is emptied first."""
    if database_url.startswith("postgresql"):
        await empty_postgres(database_url)
    now = now_utc()
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    async with NewsSite() as site, FakeDiscord(guilds=[a.guild, b.guild]) as fake:
        for article in articles(now):
            site.add_article(article)
        site.publish_feed("/feed")
        settings = write_settings(tmp, site, fake, database_url=database_url, **digest)
        world = World(tmp, site, fake, settings, a, b, now)
        try:
            yield world
        finally:
            await world.close()


@dataclass
class Server:
    """One fake guild as the tests use it."""

    guild: Guild
    news: Channel
    general: Channel
    admin: Member
    member: Member

    @property
    def id(self) -> int:
        return self.guild.id


def make_server(name: str) -> Server:
    guild = make_guild(name, text_channels=("general", "news"))
    general, news = list(guild.channels.values())
    guild.system_channel_id = general.id
    admin = guild.add_member(f"{name.split()[0].lower()}-admin", manage_guild=True)
    member = guild.add_member(f"{name.split()[0].lower()}-member")
    return Server(guild, news, general, admin, member)


@dataclass
class World:
    """Everything one test needs; ``start_bot``/``stop_bot`` may be called repeatedly."""

    tmp: Path
    site: NewsSite
    fake: FakeDiscord
    settings: Settings
    a: Server
    b: Server
    now: datetime
    bot: DigestBot | None = None
    _bots: list[DigestBot] = field(default_factory=list)
    token: str = TOKEN  # what the bot logs in with (settings' DISCORD_TOKEN should match)

    async def start_bot(
        self,
        *,
        poll: bool = True,
        prepare: Callable[[DigestBot], None] | None = None,
        **options: Any,
    ) -> DigestBot:
        """Log a new bot in (same database and data dir as any before it); one poll cycle."""
        bot = create_bot(self.settings, guild_ready_timeout=0.01, **options)
        if prepare is not None:
            prepare(bot)
        self._bots.append(bot)
        self.bot = bot
        await self.fake.start_client(bot, self.token)
        if poll:
            await bot.runtime.poll_once()
        return bot

    async def stop_bot(self) -> None:
        bot, self.bot = self.bot, None
        if bot is not None and not bot.is_closed():
            await bot.close()
        await asyncio.sleep(0)

    @property
    def running(self) -> DigestBot:
        assert self.bot is not None, "start the bot first"
        return self.bot

    async def command(
        self,
        name: str,
        sub: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        server: Server | None = None,
        user: Member | None = None,
        channel: Channel | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - how long the user waits
        **inject: Any,
    ) -> InteractionAnswer:
        """Run ``/name sub options`` as a member (the admin unless ``user``) and return what
        they saw once the bot answered."""
        server = server or self.a
        user = user or server.admin
        channel = channel or server.general
        iid = await self.fake.inject_interaction(
            server.id, channel.id, user.id, name, sub, dict(options or {}), **inject
        )
        return await self.fake.interaction_response(iid, timeout=timeout)

    async def close(self) -> None:
        for bot in self._bots:
            if not bot.is_closed():
                with contextlib.suppress(Exception):
                    await bot.close()


def skip_identify_wait(bot: DigestBot) -> None:
    """Tests only: re-IDENTIFY at once after a non-resumable INVALID_SESSION.

    discord.py's ``Client.before_identify_hook`` sleeps 5 s before every IDENTIFY but the
    first (Discord's identify rate limit). A test that invalidates sessions would spend that
    time waiting; pass this as ``start_bot(prepare=skip_identify_wait)``. Production bots keep
    the wait.
    """

    async def identify_now(shard_id: int | None, *, initial: bool = False) -> None:
        return None

    bot.before_identify_hook = identify_now  # type: ignore[method-assign]


def time_out_discord_requests(bot: DigestBot, seconds: float) -> None:
    """Tests only: make discord.py give up on a REST request after ``seconds``.

    discord.py sets no timeout of its own: its aiohttp session keeps aiohttp's default, 300 s
    in all, longer than a test can wait to see one.
    """
    import aiohttp

    session: aiohttp.ClientSession = bot.http._HTTPClient__session  # type: ignore[attr-defined]
    session._timeout = aiohttp.ClientTimeout(total=seconds)


def channel_posts(fake: FakeDiscord, channel_id: int) -> list[FakeMessage]:
    """Messages the bot posted in a channel itself (not answers to commands run there)."""
    return [m for m in fake.messages(channel_id) if m.interaction_metadata is None]


async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    timeout: float = 5.0,  # noqa: ASYNC109 - the wait budget is the API
    what: str = "a condition",
) -> T:
    """Await ``probe()`` until it returns something truthy (for state behind async calls)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"gave up after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
