"""Fixtures for end-to-end tests: see :mod:`tests.e2e.harness`.

Every test that uses ``world`` or ``running`` runs on SQLite, and again on PostgreSQL when
DIGESTBOT_TEST_POSTGRES_URL names one (``.ci/run`` starts one).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import World, open_world
from tests.postgres import POSTGRES_URL

DATABASES = {"sqlite": "", **({"postgresql": POSTGRES_URL} if POSTGRES_URL else {})}


@pytest.fixture(params=list(DATABASES))
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    """Two servers, a news site with tariff articles and a sumo one; the bot not started."""
    async with open_world(tmp_path, database_url=DATABASES[request.param]) as state:
        yield state


@pytest.fixture
async def running(world: World) -> World:
    """The same world with the bot logged in, commands synced and one poll done."""
    await world.start_bot()
    return world
