"""Three bot processes on one PostgreSQL database, each serving one of three Discord shards,
against one fake Discord: the leader is SIGKILLed in the middle of its digest runs, and still
every scheduled digest is posted exactly once, by the process holding the guild's shard.

How the schedule is driven: subscriptions are stored with a daily time ten minutes ago and a
last digest an hour ago, so every run is *due* when the processes start; the leader runs the
due ones when it is elected (the catch-up a process does after downtime), and the next
leader does the same for whatever the dead one left unfinished. Cron schedules fire on whole
minutes at most every 15 minutes, so waiting for a real fire time would take minutes; the
catch-up is the same code path a fire time passing during a leaderless gap takes.

How "mid-run" is made certain rather than lucky: every process summarizes with an LLM
endpoint (a fake, with a key per process). The first leader's requests about the rice
article are never answered, so its three rice runs hang there, after its three tariff runs
have finished; and its own shard's tariff digest is held in flight by the fake Discord
(``delay_route``). The test kills it at that moment, restarts it as systemd would
(``Restart=always``: same shard, same token), and checks the outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.runtime import Runtime
from bot.store import Delivery, Store, Subscription
from bot.store.schema import DeliveryRow
from config.settings import load_settings
from tests.fakes.discord import FakeDiscord, FakeMessage, Guild, make_guild
from tests.fakes.discord.models import Channel
from tests.fakes.llm import FakeLlm
from tests.fakes.newssite import FakeArticle, FakeComment, NewsSite, sample_tariff_article
from tests.postgres import POSTGRES_URL, empty_postgres, needs_postgres

pytestmark = [pytest.mark.slow, needs_postgres]

REPO = Path(__file__).resolve().parents[2]
SHARDS = 3
TOPICS = ("tariffs", "rice")
RICE_TITLE = "Rice prices climb as the harvest shrinks"
TITLES = {"tariffs": sample_tariff_article().title, "rice": RICE_TITLE}
LEADER_LINE = "this process is now the leader (digestbot:scheduler)"
#: Leader re-check interval, claim lease and outbox flush interval the processes run with.
LEADER_CHECK, LEASE, FLUSH = 0.5, 3.0, 0.5
#: The spec: a new leader within a minute. With a 0.5 s re-check it takes about a second.
TAKEOVER_LIMIT = 60.0


def rice_article(now: datetime) -> FakeArticle:
    return FakeArticle(
        path="/category/national/rice-prices-climb",
        title=RICE_TITLE,
        body=["Rice prices rose again this week as farmers reported a smaller harvest."],
        comments=[
            FakeComment("farmer", "The rice harvest was poor in Niigata this year.", 12, 1, now),
            FakeComment("shopper", "Supermarket rice is double last year's price.", 7, 0, now),
        ],
        published=now - timedelta(hours=3),
        category="national",
    )


def config_text(site: NewsSite) -> str:
    return f"""
[poll]
interval_minutes = 600

[http]
timeout_seconds = 5
retries = 0
backoff_seconds = 0.01

[digest]
first_post_articles = 2

[[sources]]
name = "japantoday"
kind = "japantoday"
feeds = ["{site.url_for("/feed")}"]

[[topics]]
name = "tariffs"
include = ["tariff", "tariffs"]

[[topics]]
name = "rice"
include = ["rice"]

[security]
allow_private_addresses = true

[llm]
timeout_seconds = 120

[discord]
sync_commands = "never"

[cluster]
leader_check_seconds = {LEADER_CHECK}
claim_lease_seconds = {LEASE}
flush_seconds = {FLUSH}
"""


@dataclass
class GatedLlm(FakeLlm):
    """The LLM endpoint: requests with ``held_key`` about the rice article wait forever
    (until :attr:`release` is set at the end); the rest are answered at once with ``{}``,
    which the summarizer rejects, falling back to its extractive summary."""

    held_key: str = ""
    release: asyncio.Event = field(default_factory=asyncio.Event)
    seen: list[tuple[str, str, float]] = field(default_factory=list)  # key, topic, time

    async def __aenter__(self) -> GatedLlm:
        await super().__aenter__()
        return self

    async def _completions(self, request: web.Request) -> web.Response:
        body = await request.text()
        key = request.headers.get("Authorization", "").removeprefix("Bearer ")
        topic = "rice" if RICE_TITLE in body else "tariffs"
        self.seen.append((key, topic, time.time()))
        if key == self.held_key and topic == "rice":
            await self.release.wait()
        return await super()._completions(request)


@dataclass
class BotProcess:
    """One `python -m bot run --shard-ids … --shard-count 3` subprocess."""

    name: str
    shard: int
    token: str
    llm_key: str
    env: dict[str, str]
    log_path: Path
    process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {
            **self.env,
            "DISCORD_TOKEN": self.token,
            "DIGESTBOT_LLM_API_KEY": self.llm_key,
            "DIGESTBOT_DATA_DIR": str(self.log_path.with_suffix("")),
        }
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--shard-ids",
                str(self.shard),
                "--shard-count",
                str(SHARDS),
                cwd=REPO,
                env=env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

    @property
    def pid(self) -> int:
        assert self.process is not None, f"{self.name} was not started"
        return self.process.pid

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    def log_records(self) -> list[dict[str, Any]]:
        records = []
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                records.append(json.loads(line))
        return records

    def elected_at(self) -> list[float]:
        """When this process became the leader (each time), as Unix times."""
        return [
            datetime.fromisoformat(r["time"]).timestamp()
            for r in self.log_records()
            if r.get("message") == LEADER_LINE
        ]

    def crashed(self) -> str | None:
        process = self.process
        if process is not None and process.returncode not in (None, -signal.SIGKILL):
            return f"{self.name} exited with {process.returncode}:\n{self.log_path.read_text()}"
        return None


@dataclass
class Scene:
    fake: FakeDiscord
    site: NewsSite
    llm: GatedLlm
    store: Store
    guilds: list[Guild]
    channels: dict[tuple[int, str], Channel]  # (shard, topic) -> channel
    subs: dict[tuple[int, str], Subscription]
    processes: list[BotProcess] = field(default_factory=list)

    def tokens(self) -> dict[int, str]:
        return {shard: f"token-shard-{shard}" for shard in range(SHARDS)}

    def check(self) -> None:
        for process in self.processes:
            problem = process.crashed()
            assert problem is None, problem

    async def until(
        self,
        probe: Callable[[], Any],
        what: str,
        timeout: float = 30.0,  # noqa: ASYNC109 - the wait budget is the API
    ) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            self.check()
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                logs = "\n".join(f"--- {p.name}\n{p.log_path.read_text()}" for p in self.processes)
                raise AssertionError(f"gave up after {timeout}s waiting for {what}\n{logs}")
            await asyncio.sleep(0.05)

    def posts(self, shard: int, topic: str) -> list[FakeMessage]:
        return self.fake.messages(self.channels[(shard, topic)].id)


@pytest.fixture
async def scene(tmp_path: Path) -> AsyncIterator[Scene]:
    now = datetime.now(UTC).replace(microsecond=0)
    guilds = [
        make_guild(f"Shard {s} server", text_channels=TOPICS, shard=(s, SHARDS))
        for s in range(SHARDS)
    ]
    tokens = {f"token-shard-{s}" for s in range(SHARDS)}
    await empty_postgres(POSTGRES_URL)
    async with (
        NewsSite() as site,
        FakeDiscord(guilds=guilds, valid_tokens=tokens) as fake,
        GatedLlm(held_key="llm-key-first-leader") as llm,
    ):
        tariff = sample_tariff_article()
        tariff.published = now - timedelta(hours=4)
        site.add_article(tariff)
        site.add_article(rice_article(now))
        site.publish_feed("/feed")
        config = tmp_path / "digestbot.toml"
        config.write_text(config_text(site), encoding="utf-8")
        env = {
            **os.environ,
            "DIGESTBOT_CONFIG": str(config),
            "DATABASE_URL": POSTGRES_URL,
            "DISCORD_API_BASE": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DIGESTBOT_LLM_BASE_URL": f"{llm.base_url}/v1",
            "DIGESTBOT_LLM_MODEL": "test-model",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        settings = load_settings(config, environ={"DATABASE_URL": POSTGRES_URL})
        # The articles are in the database before any digest runs: one poll, as a process
        # would do, with the real poll code against the fake site.
        async with Runtime(settings) as runtime:
            report = await runtime.poll_once()
            assert not report.errors, report.errors
        store = await Store.open(POSTGRES_URL)
        channels = {}
        subs = {}
        due = (now - timedelta(minutes=10)).strftime("%H:%M")
        for shard, guild in enumerate(guilds):
            for channel in guild.channels.values():
                channels[(shard, channel.name)] = channel
                sub = await store.add_subscription(
                    guild.id, channel.id, channel.name, f"daily {due}", "UTC"
                )
                await store.set_last_digest(sub.id, now - timedelta(hours=1))
                subs[(shard, channel.name)] = sub
        state = Scene(fake, site, llm, store, guilds, channels, subs)
        state.processes = [
            BotProcess(
                f"shard-{s}",
                s,
                f"token-shard-{s}",
                f"llm-key-shard-{s}",
                env,
                tmp_path / f"shard-{s}.log",
            )
            for s in range(SHARDS)
        ]
        try:
            yield state
        finally:
            llm.release.set()
            await asyncio.gather(*(p.stop() for p in state.processes))
            await store.close()


async def test_the_leader_dies_mid_run_and_every_digest_is_posted_once_by_its_shard(
    scene: Scene,
) -> None:
    started = time.monotonic()
    first, second, third = scene.processes
    first.llm_key = scene.llm.held_key  # its rice runs will hang at the LLM
    tokens = scene.tokens()
    first_tariffs = scene.channels[(0, "tariffs")]
    scene.fake.delay_route("POST", f"/channels/{first_tariffs.id}/messages", 6.0)

    # The first process starts alone and leads; the other two join.
    await first.start()
    await scene.until(first.elected_at, "the first process to lead")
    await asyncio.gather(second.start(), third.start())
    await scene.until(
        lambda: {(1, SHARDS), (2, SHARDS)} <= set(scene.fake.gateway.live_sessions()),
        "shards 1 and 2 connected",
    )

    # Mid-run: the other shards' tariff digests are posted by their own processes, the
    # leader's own tariff digest is in flight, its rice runs wait on the LLM.
    def tariffs_elsewhere_posted() -> bool:
        return all(scene.posts(s, "tariffs") for s in (1, 2))

    def own_post_in_flight() -> bool:
        return any(
            r.path == f"/channels/{first_tariffs.id}/messages" and r.token == tokens[0]
            for r in scene.fake.requests_to("POST", "/channels/{channel_id}/messages")
        )

    def rice_runs_hanging() -> bool:
        return any(k == scene.llm.held_key and t == "rice" for k, t, _ in scene.llm.seen)

    await scene.until(tariffs_elsewhere_posted, "tariff digests of shards 1 and 2")
    await scene.until(own_post_in_flight, "the leader posting its own tariff digest")
    await scene.until(rice_runs_hanging, "the leader's rice runs waiting on the LLM")
    assert not scene.posts(0, "tariffs"), "the leader's own post is held in flight"
    assert not any(scene.posts(s, "rice") for s in range(SHARDS))
    # The three tariff runs stored their digests; the leader holds its own shard's claim.
    before_kill = await _deliveries(scene.store)
    tariff_subs = {scene.subs[(s, "tariffs")].id for s in range(SHARDS)}
    assert sorted(d.subscription_id or 0 for d in before_kill) == sorted(tariff_subs)
    held = [d for d in before_kill if d.subscription_id == scene.subs[(0, "tariffs")].id]
    assert held[0].status == "pending"
    assert str(held[0].claimed_by).endswith(f":{first.pid}")

    first.kill()
    killed_at = time.time()
    scene.fake.delay_route("POST", f"/channels/{first_tariffs.id}/messages", 0)
    assert first.process is not None
    await first.process.wait()
    # systemd (Restart=always) starts shard 0's process again: same shard, same token.
    restarted = BotProcess(
        "shard-0-restarted",
        0,
        tokens[0],
        "llm-key-restarted",
        first.env,
        first.log_path.with_name("shard-0b.log"),
    )
    scene.processes.append(restarted)
    await restarted.start()

    def every_digest_posted() -> bool:
        return all(scene.posts(s, t) for s in range(SHARDS) for t in TOPICS)

    await scene.until(every_digest_posted, "every channel's digest", timeout=40)

    deadline = time.monotonic() + 10
    while await scene.store.pending_deliveries():
        assert time.monotonic() < deadline, "deliveries still pending"
        await asyncio.sleep(0.1)
    # The dead leader's held post is still carried out by Discord: wait for it, and give
    # any duplicate time to show up.
    await scene.until(
        lambda: all(r.status is not None for r in scene.fake.requests), "every request answered"
    )
    await asyncio.sleep(4 * FLUSH + 1)

    # Exactly one digest per subscription, each message once, by the shard's own process.
    for (shard, topic), sub in scene.subs.items():
        deliveries = [d for d in await _deliveries(scene.store) if d.subscription_id == sub.id]
        assert len(deliveries) == 1, (shard, topic, deliveries)
        delivery = deliveries[0]
        assert delivery.status == "delivered"
        posted = scene.posts(shard, topic)
        assert [m.id for m in posted] == delivery.sent_ids, (shard, topic)
        assert {m.token for m in posted} == {tokens[shard]}, (shard, topic)
        poster = restarted if shard == 0 else scene.processes[shard]
        assert str(delivery.claimed_by).endswith(f":{poster.pid}"), (shard, topic)
        assert posted[0].embeds[0]["title"] == TITLES[topic], (shard, topic)

    # The dead leader's unfinished rice runs were run again by its successor, alone.
    new_leaders = [p for p in (second, third, restarted) if p.elected_at()]
    assert len(new_leaders) == 1, [p.name for p in new_leaders]
    successor = new_leaders[0]
    assert successor is not restarted
    takeover = successor.elected_at()[0] - killed_at
    assert 0 < takeover < TAKEOVER_LIMIT, takeover
    assert takeover < 10 * LEADER_CHECK + 2, f"took {takeover:.1f}s"
    assert len(first.elected_at()) == 1
    rice_keys = {k for k, t, _ in scene.llm.seen if t == "rice" and k != scene.llm.held_key}
    assert rice_keys == {successor.llm_key}

    # One poll per leadership term (besides the set-up's): the followers never poll.
    assert len(scene.site.requests_for("/feed")) == 3
    assert time.monotonic() - started < 60


async def _deliveries(store: Store) -> list[Delivery]:
    """Every delivery in the outbox, whatever its state."""
    async with store.engine.connect() as conn:
        ids = list(await conn.scalars(select(DeliveryRow.id).order_by(DeliveryRow.id)))
    found = [await store.get_delivery(i) for i in ids]
    return [d for d in found if d is not None]
