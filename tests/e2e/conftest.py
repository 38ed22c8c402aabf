"""Fixtures for end-to-end tests: see :mod:`tests.e2e.harness`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.harness import World, open_world


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """Two servers, a news site with tariff articles and a sumo one; the bot not started."""
    async with open_world(tmp_path) as state:
        yield state


@pytest.fixture
async def running(world: World) -> World:
    """The same world with the bot logged in, commands synced and one poll done."""
    await world.start_bot()
    return world
