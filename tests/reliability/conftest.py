"""Fixtures for the Discord-facing reliability tests: the e2e world, with digests long enough
to take several messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    World,
    make_server,
    now_utc,
    sumo_article,
    tariff_article,
    write_settings,
)
from tests.fakes.discord import FakeDiscord
from tests.fakes.newssite import NewsSite
from tests.reliability.discord_env import tariff_thread

#: Tariff stories besides the seed-like one: with first_post_articles = 10, a first digest
#: of every one takes several messages (Discord allows 6,000 characters per message).
EXTRA_THREADS = 8


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """Two servers and a news site with nine tariff discussions; the bot not started."""
    now = now_utc()
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    async with NewsSite() as site, FakeDiscord(guilds=[a.guild, b.guild]) as fake:
        site.add_article(tariff_article(now))
        for n in range(EXTRA_THREADS):
            site.add_article(tariff_thread(n, now, comments=6, words=60))
        site.add_article(sumo_article(now))
        site.publish_feed("/feed")
        settings = write_settings(tmp_path, site, fake, first_post_articles=10, max_articles=10)
        state = World(tmp_path, site, fake, settings, a, b, now)
        try:
            yield state
        finally:
            await state.close()


@pytest.fixture
async def running(world: World) -> World:
    """The world with the bot logged in, commands synced and one poll done."""
    await world.start_bot()
    return world
