"""Fan-out: 1,000 channels subscribed to one topic, one poll cycle, every digest delivered.

The real bot logs in to the fake Discord with 20 servers of 50 channels each; every channel
subscribes to ``tariffs`` (through :class:`bot.subscriptions.SubscriptionService`, as
``/digest subscribe`` does). After one poll cycle of the fake news site, all 1,000 scheduled
digest jobs are made due at once in the bot's APScheduler, which runs them as it would at
09:00. Checked and measured:

* each source URL is fetched once in the poll cycle, and not at all by the digests;
* posting throughput: messages posted per second between the first and the last post,
  against the fake Discord's rate limit. The limit is Discord's global one — ``RATE``
  requests per second for the whole bot, answered with a global 429 beyond it (discord.py
  then pauses every request) — added here around the fake's REST API, whose own buckets are
  per channel.

Baseline, in the same run: the configured rate limit itself (the best throughput possible).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import Context, Row, secs
from bench.corpus import fake_article

NAME = "fanout"
TARGET_SHARE = 0.90
GUILDS = 20
MESSAGES_ROUTE = "POST /channels/{channel_id}/messages"


class GlobalRateLimit:
    """Discord's global limit around the fake's REST API: ``rate`` requests per ``window``
    seconds from the bot (interaction callbacks and webhooks excepted), else a global 429."""

    def __init__(self, rate: int, window: float = 1.0) -> None:
        self.rate, self.window = rate, window
        self.started = time.monotonic()
        self.count = 0
        self.refused = 0

    def install(self, fake: Any) -> None:
        from tests.fakes.discord.limits import rate_limited_body, rate_limited_headers

        respond = fake.rest._respond

        async def limited(record: Any) -> tuple[int, Any, dict[str, str]]:
            if not record.path.startswith(("/interactions/", "/webhooks/")):
                now = time.monotonic()
                if now - self.started >= self.window:
                    self.started, self.count = now, 0
                self.count += 1
                if self.count > self.rate:
                    self.refused += 1
                    retry = round(self.window - (now - self.started), 3)
                    return (
                        429,
                        rate_limited_body(retry, is_global=True),
                        rate_limited_headers(retry, is_global=True),
                    )
            result: tuple[int, Any, dict[str, str]] = await respond(record)
            return result

        fake.rest._respond = limited


async def _all_delivered(bot: Any, fake: Any, channels: list[tuple[int, int]]) -> bool:
    """Every channel has a message and no delivery is pending: every run enqueued its
    digest (a channel gets a message only after that) and every part of it was posted."""
    if not all(fake.messages(c) for _, c in channels):
        return False
    return not await bot.runtime.store.pending_deliveries()


async def _wait_for(probe: Any, timeout: float) -> bool:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await probe():
            return True
        await asyncio.sleep(0.25)
    return bool(await probe())


async def run(ctx: Context) -> list[Row]:
    from bot.client import create_bot
    from bot.subscriptions import job_id
    from tests.e2e.harness import (
        TOKEN,
        now_utc,
        other_tariff_article,
        tariff_article,
        write_settings,
    )
    from tests.fakes.discord import FakeDiscord, make_guild
    from tests.fakes.newssite import NewsSite

    logging.getLogger("discord").setLevel(logging.CRITICAL)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    per_guild = ctx.size(50, 5)
    guilds = [
        make_guild(f"Server {g}", text_channels=tuple(f"news-{c}" for c in range(per_guild)))
        for g in range(ctx.size(GUILDS, 4))
    ]
    channels = [(g.id, ch.id) for g in guilds for ch in g.channels.values()]
    rate = ctx.size(50, 10)
    tmp = ctx.workdir / "fanout"
    tmp.mkdir(parents=True, exist_ok=True)
    now = now_utc()
    async with NewsSite() as site, FakeDiscord(guilds=guilds) as fake:
        site.add_article(tariff_article(now))
        site.add_article(other_tariff_article(1, "Tariff talks stall over auto parts quota", now))
        for i in range(ctx.size(6, 2)):
            site.add_article(fake_article(i, ctx.size(40, 8), start=now - timedelta(hours=2)))
        site.publish_feed("/feed", limit=50)
        settings = write_settings(Path(tmp), site, fake, first_post_articles=3)
        bot = create_bot(settings, guild_ready_timeout=0.01)
        try:
            await fake.start_client(bot, TOKEN)
            await bot.runtime.poll_once()  # waits for the poll the bot started by itself
            site.reset_log()
            report = await bot.runtime.poll_once()
            per_url = Counter(
                r.path + ("?" + "&".join(r.query) if r.query else "") for r in site.requests
            )
            cycle_requests = len(site.requests)
            subs = [
                await bot.subscriptions.subscribe(guild_id, channel_id, "tariffs", "daily 09:00")
                for guild_id, channel_id in channels
            ]
            limit = GlobalRateLimit(rate)
            limit.install(fake)
            site.reset_log()
            fake.rest.requests.clear()
            started, cpu = time.perf_counter(), time.process_time()
            started_mono = time.monotonic()
            due = datetime.now(UTC)
            for sub in subs:
                bot.scheduler.modify_job(job_id(sub.id), next_run_time=due)
            done = await _wait_for(
                lambda: _all_delivered(bot, fake, channels), timeout=ctx.size(240, 60)
            )
            finished = time.perf_counter() - started
            digest_fetches = len(site.requests)
            posts = [
                r.at for r in fake.rest.requests
                if r.route == MESSAGES_ROUTE and r.status is not None and r.status < 300
            ]  # fmt: skip
            refused = sum(1 for r in fake.rest.requests if r.status == 429)
            served = sum(1 for _, c in channels if fake.messages(c))
            cpu = time.process_time() - cpu
        finally:
            if not bot.is_closed():
                await bot.close()
    first, last = min(posts), max(posts)
    throughput = (len(posts) - 1) / (last - first) if len(posts) > 1 else 0.0
    share = throughput / rate
    most = max(per_url.values(), default=0)
    return [
        Row(
            benchmark=NAME,
            workload=f"{len(channels):,} channels in {len(guilds)} servers subscribed to one "
            f"topic: {len(posts):,} digest messages",
            figure=f"{throughput:.1f} messages/s posted ({secs(last - first)} first to last)",
            baseline=f"rate limit {rate} requests/s (global)",
            ratio=f"{share:.0%} of the limit",
            target="≥ 90% of the rate limit; each source fetched once per cycle",
            met=share >= TARGET_SHARE
            and most <= 1
            and digest_fetches == 0
            and served == len(channels),
            values={
                "channels": len(channels),
                "messages": len(posts),
                "throughput_per_s": throughput,
                "rate_limit_per_s": rate,
                "share": share,
                "refused_429": refused,
                "max_fetches_per_url": most,
                "digest_fetches": digest_fetches,
                "seconds_to_all_delivered": finished,
            },
            notes=[
                f"poll cycle: {cycle_requests} requests to the news site for "
                f"{report.fetched} articles, no URL more than {most}× (whatever the number of "
                f"channels); the {len(channels):,} digests fetched {digest_fetches} URLs",
                f"{served:,} of {len(channels):,} channels got their digest "
                f"{'' if done else '(gave up waiting) '}{secs(finished)} after the jobs fell "
                f"due, the first post after {secs(first - started_mono)}; {refused:,} requests "
                f"answered 429 by the global limit; the bot used {secs(cpu)} of CPU meanwhile "
                "(each subscription builds the digest of its own window; each thread is "
                "summarized once and the summary shared)",
            ],
        )
    ]
