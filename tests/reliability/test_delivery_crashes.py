"""Killing the Discord bot in the middle of posting a digest, again and again.

`python -m bot run` runs as a subprocess with its token, talking to a fake Discord and a fake
news site that live in the test. A subscription is due, its digest takes several messages,
and Discord answers each post slowly; the bot is killed (SIGKILL, once SIGTERM) at random
moments of the delivery and started again, until it is let finish. Then every message of
the digest must be in the channel exactly once, in order, and the database must be whole.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime
from tests.e2e.harness import World, channel_posts, make_server, now_utc
from tests.fakes.discord import FakeDiscord
from tests.fakes.newssite import NewsSite
from tests.reliability.discord_env import SECRET_TOKEN, BotConfig, tariff_thread, write_config

ARTICLES = 12
KILLS = 4
POST = ("POST", "/channels/{channel_id}/messages")
POST_DELAY = 0.5  # seconds Discord takes to answer each post
ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """`python -m bot run` with the test's configuration; stderr kept for inspection."""

    def __init__(self, config: BotConfig) -> None:
        self.config = config
        self.proc: asyncio.subprocess.Process | None = None
        self.stderr = b""
        self._reader: asyncio.Task[None] | None = None

    async def _drain(self) -> None:
        """Read stderr as it comes: a full pipe would block the bot's logging."""
        assert self.proc is not None and self.proc.stderr is not None
        while chunk := await self.proc.stderr.read(65536):
            self.stderr += chunk

    async def start(self) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DIGESTBOT_", "DISCORD_", "DATABASE_", "LOG_"))
        }
        env |= self.config.environ
        env |= {"DIGESTBOT_CONFIG": str(self.config.path), "LOG_LEVEL": "DEBUG"}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._drain())

    async def stop(self, sig: signal.Signals, timeout: float = 15) -> tuple[int, float]:  # noqa: ASYNC109
        """Send ``sig``; return the exit code and how long the process took to exit."""
        assert self.proc is not None
        started = time.monotonic()
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        took = time.monotonic() - started
        if self._reader is not None:
            await asyncio.wait_for(self._reader, timeout)
        return code, took

    async def wait(self, timeout: float) -> int:  # noqa: ASYNC109
        assert self.proc is not None
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, timeout)
        return code

    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None


async def prepare(config: BotConfig, channel_id: int, guild_id: int) -> int:
    """Poll once and add a subscription that came due while the bot was down."""
    async with Runtime(config.settings()) as runtime:
        await runtime.poll_once()
        later = datetime.now(UTC) + timedelta(hours=12)
        sub = await runtime.store.add_subscription(
            guild_id, channel_id, "tariffs", f"daily {later:%H:%M}", "UTC"
        )
    backdate_subscription(config, sub.id, days=2)
    return sub.id


def database(config: BotConfig) -> Path:
    return Path(config.environ["DIGESTBOT_DATA_DIR"]) / "digestbot.sqlite3"


def backdate_subscription(config: BotConfig, sub_id: int, *, days: int) -> None:
    """Make a subscription look made ``days`` ago (so its first run is overdue)."""
    with sqlite3.connect(database(config)) as conn:
        (created,) = conn.execute(
            "select created_at from subscriptions where id = ?", (sub_id,)
        ).fetchone()
        older = datetime.fromisoformat(created) - timedelta(days=days)
        conn.execute("update subscriptions set created_at = ? where id = ?", (str(older), sub_id))


def deliveries(config: BotConfig) -> list[dict[str, Any]]:
    with sqlite3.connect(database(config)) as conn:
        rows = conn.execute("select status, messages, sent_ids from deliveries").fetchall()
    return [{"status": s, "messages": json.loads(m), "sent_ids": json.loads(i)} for s, m, i in rows]


def titles(embeds_per_message: list[list[dict[str, Any]]]) -> list[list[str]]:
    return [[e.get("title", "") for e in embeds] for embeds in embeds_per_message]


@pytest.mark.slow
async def test_killed_deliveries_post_every_message_exactly_once(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    server = make_server("Alpha Server")
    now = now_utc()
    async with NewsSite() as site, FakeDiscord(guilds=[server.guild]) as fake:
        for n in range(ARTICLES):
            site.add_article(tariff_thread(n, now, comments=6, words=60))
        config = write_config(
            tmp_path,
            [site.publish_feed("/feed")],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
            digest={"first_post_articles": ARTICLES, "max_articles": ARTICLES},
        )
        await prepare(config, server.news.id, server.id)
        news = server.news.id
        fake.delay_route("POST", f"/channels/{news}/messages", POST_DELAY)

        def posts() -> list[float]:
            """When each attempt to post in #news reached Discord."""
            return [
                r.at for r in fake.requests_to(*POST) if r.path.startswith(f"/channels/{news}/")
            ]

        bots: list[BotProcess] = []
        killed_mid_post = 0
        for _ in range(KILLS):
            left = [p for p in deliveries(config) if p["status"] == "pending"]
            if deliveries(config) and not left:
                break  # already delivered in full: nothing left to interrupt
            bot = BotProcess(config)
            bots.append(bot)
            await bot.start()
            before = len(posts())
            # Kill during the delivery: once a post of this life reached Discord, a random
            # fraction of a post later: while Discord is still answering it, between the
            # answer and the bot recording it, or during the next part.

            def reached(start: int = before) -> bool:
                return len(posts()) > start or not bots[-1].alive()

            await fake.wait_for(reached, timeout=30, what="a post")
            await asyncio.sleep(rng.uniform(0, POST_DELAY * 1.5))
            killed_at = time.monotonic()
            code, _ = await bot.stop(signal.SIGKILL)
            assert code == -signal.SIGKILL
            killed_mid_post += killed_at < posts()[-1] + POST_DELAY
            await asyncio.sleep(POST_DELAY + 0.2)  # a post still on its way lands meanwhile
        [row] = deliveries(config)
        parts = len(row["messages"])
        assert parts >= 5, "the digest should take several messages"
        assert len(bots) == KILLS, "the delivery ended before every kill"
        assert killed_mid_post >= 1, "no kill landed while Discord was answering a post"

        # The last life runs to the end, then stops cleanly on SIGTERM.
        final = BotProcess(config)
        bots.append(final)
        await final.start()

        def done() -> bool:
            rows = deliveries(config)
            return bool(rows) and rows[0]["status"] == "delivered"

        await fake.wait_for(done, timeout=60, what="the delivery finished")
        code, took = await final.stop(signal.SIGTERM)
        assert code == 0 and took < 10, final.stderr.decode()[-2000:]

        [row] = deliveries(config)
        posted = channel_posts(fake, news)
        assert titles([m.embeds for m in posted]) == titles([m["embeds"] for m in row["messages"]])
        assert row["sent_ids"] == [m.id for m in posted]
        # Every restart looked in the channel before posting what it had not recorded, and
        # nothing was posted twice: one attempt per part.
        assert len(fake.requests_to("GET", "/channels/{channel_id}/messages")) >= KILLS
        assert len(posts()) == parts
        with sqlite3.connect(database(config)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for bot in bots:
            assert SECRET_TOKEN.encode() not in bot.stderr
        assert any(b"DEBUG" in bot.stderr for bot in bots)  # the logs were as chatty as can be


async def start_due_subscription(tmp_path: Path, site: NewsSite, fake: FakeDiscord) -> BotConfig:
    server = fake.world.guilds[next(iter(fake.world.guilds))]
    news = next(c for c in server.channels.values() if c.name == "news")
    for n in range(6):
        site.add_article(tariff_thread(n, now_utc(), comments=6, words=60))
    config = write_config(
        tmp_path,
        [site.publish_feed("/feed")],
        token=SECRET_TOKEN,
        api_url=fake.api_url,
        gateway_url=fake.gateway_url,
        digest={"first_post_articles": 6, "max_articles": 6},
    )
    await prepare(config, news.id, server.id)
    fake.delay_route("POST", f"/channels/{news.id}/messages", POST_DELAY)
    return config


def posts(fake: FakeDiscord) -> int:
    return len(fake.requests_to("POST", "/channels/{channel_id}/messages"))


@pytest.mark.slow
async def test_sigterm_in_the_middle_of_a_delivery_stops_within_10_s_and_loses_nothing(
    tmp_path: Path,
) -> None:
    server = make_server("Alpha Server")
    async with NewsSite() as site, FakeDiscord(guilds=[server.guild]) as fake:
        config = await start_due_subscription(tmp_path, site, fake)
        bot = BotProcess(config)
        await bot.start()
        await fake.wait_for(lambda: posts(fake) >= 2, timeout=30, what="the delivery going")
        code, took = await bot.stop(signal.SIGTERM)
        assert code == 0 and took < 10, bot.stderr.decode()[-3000:]
        [row] = deliveries(config)
        assert row["status"] == "pending"  # stopped half way, to be finished
        again = BotProcess(config)
        await again.start()
        await fake.wait_for(
            lambda: deliveries(config)[0]["status"] == "delivered", timeout=30, what="done"
        )
        await again.stop(signal.SIGTERM)
        [row] = deliveries(config)
        posted = channel_posts(fake, server.news.id)
        assert titles([m.embeds for m in posted]) == titles([m["embeds"] for m in row["messages"]])


async def test_sigterm_shuts_the_discord_bot_down_without_a_traceback(tmp_path: Path) -> None:
    server = make_server("Alpha Server")
    async with NewsSite() as site, FakeDiscord(guilds=[server.guild]) as fake:
        site.add_article(tariff_thread(0, now_utc()))
        config = write_config(
            tmp_path,
            [site.publish_feed("/feed")],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
        )
        bot = BotProcess(config)
        await bot.start()
        await fake.wait_for_session(timeout=30)
        await asyncio.sleep(1.0)  # the start-up poll and outbox flush are done
        code, took = await bot.stop(signal.SIGTERM)
        assert code == 0 and took < 10
        errors = [line for line in bot.stderr.decode().splitlines() if " ERROR " in line]
        assert errors == []
        assert b"Traceback" not in bot.stderr


async def test_a_refused_token_is_one_line_without_the_token(tmp_path: Path) -> None:
    server = make_server("Alpha Server")
    async with FakeDiscord(guilds=[server.guild], valid_tokens={"another-token"}) as fake:
        config = write_config(
            tmp_path,
            ["https://japantoday.com/feed"],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
        )
        bot = BotProcess(config)
        await bot.start()
        code = await bot.wait(60)
        text = bot.stderr.decode()
        assert code == 2, text[-2000:]
        assert text.strip().splitlines()[-1] == (
            "digestbot: configuration error: environment: DISCORD_TOKEN: Discord refused the token"
        )
        assert SECRET_TOKEN not in text and "Traceback" not in text


async def test_a_gateway_unreachable_at_start_up_is_retried_until_it_answers(
    tmp_path: Path,
) -> None:
    """Discord's gateway down (or the network) while the bot starts: discord.py 2.7.1 died
    at its first retry ("'NoneType' object has no attribute 'sequence'")."""
    server = make_server("Alpha Server")
    async with FakeDiscord(guilds=[server.guild]) as fake:
        offline = fake.offline_gateway()
        config = write_config(
            tmp_path,
            ["https://japantoday.com/feed"],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=offline,
        )
        bot = BotProcess(config)
        await bot.start()
        retrying = f"cannot reach the Discord gateway at {offline} (".encode()

        def retried_twice_or_gone() -> bool:
            return bot.stderr.count(retrying) >= 2 or not bot.alive()

        await fake.wait_for(retried_twice_or_gone, timeout=30, what="two retries")
        assert bot.alive(), bot.stderr.decode()[-2000:]
        assert b"retrying in 1 s" in bot.stderr and b"retrying in 2 s" in bot.stderr

        await fake.bring_gateway_online()
        await fake.wait_for_session(timeout=30)
        iid = await fake.inject_interaction(
            server.id, server.general.id, server.member.id, "topic", "list"
        )
        answer = await fake.interaction_response(iid, timeout=10)
        assert [f["name"] for f in answer.embeds[0]["fields"]] == ["tariffs (configured)"]
        code, took = await bot.stop(signal.SIGTERM)
        assert code == 0 and took < 10, bot.stderr.decode()[-2000:]
        assert SECRET_TOKEN.encode() not in bot.stderr


async def test_a_token_the_gateway_refuses_is_the_same_one_line_as_at_login(
    tmp_path: Path,
) -> None:
    """Discord checks the token over REST first, so the gateway refuses it (close 4004) only
    when it was reset after the login: in the middle of a session, here."""
    server = make_server("Alpha Server")
    async with FakeDiscord(guilds=[server.guild]) as fake:
        config = write_config(
            tmp_path,
            ["https://japantoday.com/feed"],
            token=SECRET_TOKEN,
            api_url=fake.api_url,
            gateway_url=fake.gateway_url,
        )
        bot = BotProcess(config)
        await bot.start()
        await fake.wait_for_session(timeout=30)
        connections = len(fake.gateway.connections)
        await fake.drop_gateway(4004)
        code = await bot.wait(30)
        text = bot.stderr.decode()
        assert code == 2, text[-2000:]
        assert text.strip().splitlines()[-1] == (
            "digestbot: configuration error: environment: DISCORD_TOKEN: Discord refused the "
            "token (the gateway closed with 4004: authentication failed)"
        )
        assert len(fake.gateway.connections) == connections  # no reconnection attempt
        assert SECRET_TOKEN not in text and "Traceback" not in text


async def test_a_crash_between_storing_a_digest_and_moving_the_window_posts_it_once(
    world: World,
) -> None:
    """The state a crash leaves when it strikes right after a run stored its digest in the
    outbox and before it recorded the run: the outbox row is pending, the subscription's
    window has not moved. The next start must post that digest, and only that one."""
    await world.start_bot()
    bot = world.running
    later = datetime.now(UTC) + timedelta(hours=12)
    answer = await world.command(
        "digest",
        "subscribe",
        {"channel": world.a.news.id, "schedule": f"daily {later:%H:%M}", "timezone": "UTC"},
    )
    assert answer.content.startswith("Subscribed")
    [sub] = await bot.runtime.store.subscriptions(world.a.id)
    from bot.render import render_embeds

    crashed_at = datetime.now(UTC) - timedelta(minutes=5)
    since = crashed_at - timedelta(hours=world.settings.file.digest.window_hours)
    digest = await bot.runtime.digests.for_topic(
        "tariffs",
        topic_name="tariffs",
        active_since=since,
        max_articles=world.settings.file.digest.first_post_articles,
        now=crashed_at,
    )
    messages = [{"embeds": embeds} for embeds in render_embeds(digest)]
    await bot.runtime.store.enqueue_delivery(
        sub.id, world.a.news.id, f"sub:{sub.id}:{since.isoformat()}", messages, at=crashed_at
    )
    await world.stop_bot()
    with sqlite3.connect(world.tmp / "data" / "digestbot.sqlite3") as conn:
        (created,) = conn.execute(
            "select created_at from subscriptions where id = ?", (sub.id,)
        ).fetchone()
        older = datetime.fromisoformat(created) - timedelta(days=2)
        conn.execute("update subscriptions set created_at = ? where id = ?", (str(older), sub.id))

    await world.start_bot(poll=False)
    await world.fake.wait_for(
        lambda: len(channel_posts(world.fake, world.a.news.id)) >= len(messages),
        what="the stored digest posted",
    )
    await asyncio.sleep(1.0)  # a second digest, if one is coming, is posted by now
    posted = titles([m.embeds for m in channel_posts(world.fake, world.a.news.id)])
    assert posted == titles([m["embeds"] for m in messages])
