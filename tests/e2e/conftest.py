"""Fixtures for end-to-end tests: see :mod:`tests.e2e.harness`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    EXTRA_TITLES,
    World,
    make_server,
    now_utc,
    other_tariff_article,
    sumo_article,
    tariff_article,
    write_settings,
)
from tests.fakes.discord import FakeDiscord
from tests.fakes.newssite import NewsSite


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """Two servers, a news site with tariff articles and a sumo one; the bot not started."""
    now = now_utc()
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    async with NewsSite() as site, FakeDiscord(guilds=[a.guild, b.guild]) as fake:
        site.add_article(tariff_article(now))
        for index, title in enumerate(EXTRA_TITLES, start=1):
            site.add_article(other_tariff_article(index, title, now))
        site.add_article(sumo_article(now))
        site.publish_feed("/feed")
        settings = write_settings(tmp_path, site, fake)
        state = World(tmp_path, site, fake, settings, a, b, now)
        try:
            yield state
        finally:
            await state.close()


@pytest.fixture
async def running(world: World) -> World:
    """The same world with the bot logged in, commands synced and one poll done."""
    await world.start_bot()
    return world
