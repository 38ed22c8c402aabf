"""Fixtures for the Discord-facing reliability tests: the e2e world, with digests long enough
to take several messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.harness import World, open_world, sumo_article, tariff_article
from tests.fakes.newssite import FakeArticle
from tests.reliability.discord_env import tariff_thread

#: Tariff stories besides the seed-like one: with first_post_articles = 10, a first digest
#: of every one takes several messages (Discord allows 6,000 characters per message).
EXTRA_THREADS = 8


def nine_discussions(now: datetime) -> list[FakeArticle]:
    threads = [tariff_thread(n, now, comments=6, words=60) for n in range(EXTRA_THREADS)]
    return [tariff_article(now), *threads, sumo_article(now)]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """Two servers and a news site with nine tariff discussions; the bot not started."""
    async with open_world(
        tmp_path, nine_discussions, first_post_articles=10, max_articles=10
    ) as state:
        yield state


@pytest.fixture
async def running(world: World) -> World:
    """The world with the bot logged in, commands synced and one poll done."""
    await world.start_bot()
    return world
