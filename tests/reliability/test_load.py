"""Slash commands keep their 3-second promise while a big poll runs; a burst of the same
`/digest now` costs one digest.

A poll reads 300 new articles of 20 comments each (a page answers in 20 ms), and a second
one re-reads them all after a vote reached each, while 500 slash commands arrive over 10
seconds. The fake news site and the fake Discord run on an event
loop of their own, in a thread, so that the bot's loop holds the bot alone; a monitor task
on it sleeps 10 ms at a time and records how late it wakes: the longest the loop was held.
"""

from __future__ import annotations

import asyncio
import gc
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.client import create_bot
from bot.render import render_embeds
from tests.e2e.harness import World, make_server, now_utc
from tests.fakes.discord import FakeDiscord, InteractionAnswer
from tests.fakes.newssite import Fault, NewsSite
from tests.reliability.discord_env import (
    SECRET_TOKEN,
    BackgroundLoop,
    LoopStallMonitor,
    percentile,
    tariff_thread,
    write_config,
)

ARTICLES = 300
COMMENTS = 20
COMMANDS = 500
WINDOW = 10.0  # seconds over which the commands arrive
MAX_STALL = 0.25
CALLBACK = ("POST", "/interactions/{interaction_id}/{token}/callback")
MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("news", "latest", {"count": 5}),
    ("news", "search", {"query": "tariff carmakers"}),
    ("digest", "now", {}),
    ("topic", "list", {}),
]


@pytest.fixture
def no_earlier_tests_in_the_heap() -> None:
    """Keep what earlier tests left alive out of the garbage collector's walks.

    The bot's process holds the bot alone, and freezes its start-up heap
    (:func:`bot.runtime.freeze_startup_heap`). This pytest process also holds what a thousand
    earlier tests left alive, 100,000 objects and more, which every full collection walked:
    130-160 ms held mid-test, the stall this test measures, though none of it is the bot's.
    """
    gc.collect()
    gc.freeze()


@pytest.mark.slow
@pytest.mark.usefixtures("no_earlier_tests_in_the_heap")
async def test_500_commands_during_a_300_article_poll_are_answered_in_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = now_utc()
    server = make_server("Alpha Server")
    members = [server.guild.add_member(f"reader{n}") for n in range(20)]
    with BackgroundLoop() as fakes:
        site, discord = NewsSite(), FakeDiscord(guilds=[server.guild])
        await fakes.run(site.start())
        await fakes.run(discord.start())
        for n in range(ARTICLES):
            article = tariff_thread(n, now, comments=COMMENTS, words=40)
            site.add_article(article)
            site.set_fault(article.path, Fault.delay(0.02))
        config = write_config(
            tmp_path,
            [site.publish_feed("/feed", limit=ARTICLES)],
            token=SECRET_TOKEN,
            api_url=discord.api_url,
            gateway_url=discord.gateway_url,
            poll={"max_new_articles": ARTICLES},
        )
        bot = create_bot(config.settings(), guild_ready_timeout=0.01)
        running = asyncio.create_task(bot.start(SECRET_TOKEN))
        monitor = LoopStallMonitor()
        try:
            while not bot.is_ready():
                if running.done():
                    running.result()
                await asyncio.sleep(0.02)
            assert discord.commands(), "the commands were synced"
            monitor.start()
            # The start-up poll (300 new articles) is running; this one refreshes them after,
            # once a vote has reached every thread (unchanged, each would be a mere 304), and
            # asks every thread, however soon after the first poll it runs.
            articles = list(site.articles.values())

            async def votes_arrive() -> None:
                for article in articles:
                    article.comments[0].up += 1

            async def refresh() -> Any:
                while bot.last_poll is None:  # noqa: ASYNC110 - no event marks a poll's end
                    await asyncio.sleep(0.05)
                await fakes.run(votes_arrive())
                return await bot.runtime.poll_once(everything=True)

            poll = asyncio.create_task(refresh())
            started_at = datetime.now(UTC)
            ids: list[int] = []
            t0 = time.monotonic()
            for i in range(COMMANDS):
                await asyncio.sleep(max(0.0, t0 + i * WINDOW / COMMANDS - time.monotonic()))
                name, sub, options = MIX[i % len(MIX)]
                member = members[i % len(members)]
                ids.append(
                    await fakes.run(
                        discord.inject_interaction(
                            server.id, server.general.id, member.id, name, sub, options
                        )
                    )
                )
            ended_at = datetime.now(UTC)
            answers = [
                await fakes.run(discord.interaction_response(iid, timeout=30)) for iid in ids
            ]
            report = await poll
            await monitor.stop()
        finally:
            await monitor.stop()
            await bot.close()
            await asyncio.gather(running, return_exceptions=True)
            await fakes.run(discord.close())
            await fakes.run(site.stop())

    callbacks = {
        int(r.path.split("/")[2]): r
        for r in discord.requests_to(*CALLBACK)
        if r.status in (200, 204)
    }
    assert sorted(callbacks) == sorted(ids), "every command was acknowledged, none too late"
    delays = [callbacks[i].at - discord.interaction(i).created_at for i in ids]
    errors = [a.content for a in answers if a.ephemeral or not (a.embeds or a.content)]
    assert errors == []
    assert all(a.embeds or a.content.startswith("No articles") for a in answers)
    pages = [
        r for r in site.requests if "/tariff-thread-" in r.path and started_at <= r.at <= ended_at
    ]
    with capsys.disabled():
        print(
            f"\nload: {COMMANDS} commands over {WINDOW:g} s during a poll of {ARTICLES} "
            f"articles x {COMMENTS} comments ({len(pages)} pages read meanwhile; refresh poll: "
            f"{report.summary()}): answer p99 {percentile(delays, 99) * 1000:.0f} ms, "
            f"max {max(delays) * 1000:.0f} ms; event-loop stall max {monitor.worst * 1000:.0f} "
            f"ms, p99 {monitor.p99 * 1000:.0f} ms"
        )
    assert len(pages) >= ARTICLES // 2, "the poll and the commands overlapped"
    assert report.fetched == ARTICLES and report.changed_comments == ARTICLES
    assert max(delays) < 3.0
    assert monitor.worst < MAX_STALL, f"the loop was held for {monitor.worst * 1000:.0f} ms"


def titles_shown(answer: InteractionAnswer) -> list[str]:
    embeds = [*answer.embeds, *(e for m in answer.followups for e in m.embeds)]
    return [e.get("title", "") for e in embeds]


async def test_a_burst_of_digest_now_shares_one_digest_until_a_poll_changes_the_store(
    running: World,
) -> None:
    world, fake, a = running, running.fake, running.a
    digests = world.running.runtime.digests
    ids = await asyncio.gather(
        *(
            fake.inject_interaction(a.id, a.general.id, a.member.id, "digest", "now")
            for _ in range(12)
        )
    )
    # One digest object for concurrent and later callers.
    first, second = await asyncio.gather(digests.for_topic("tariffs"), digests.for_topic("tariffs"))
    assert first is second is await digests.for_topic("tariffs")
    expected = [e.get("title", "") for message in render_embeds(first) for e in message]

    def whole(iid: int, titles: list[str]) -> bool:
        answer = InteractionAnswer.of(fake.interaction(iid))
        return answer is not None and titles_shown(answer) == titles

    for iid in ids:  # every user saw that same digest, whole
        await fake.wait_for(partial(whole, iid, expected), what="the whole digest")
    # A window of one's own (a subscription's) is never answered from the shared digest.
    later = await digests.for_topic("tariffs", active_since=datetime.now(UTC) + timedelta(hours=1))
    assert first.entries and not later.entries

    # New discussion, polled: the next /digest now shows it.
    fresh = tariff_thread(99, world.now, comments=3)
    world.site.add_article(fresh)
    await world.running.runtime.poll_once()
    iid = await fake.inject_interaction(a.id, a.general.id, a.member.id, "digest", "now")
    current = await digests.for_topic("tariffs")
    assert current is not first
    expected = [e.get("title", "") for message in render_embeds(current) for e in message]
    await fake.wait_for(partial(whole, iid, expected), what="the new digest")
    assert fresh.title in expected
