"""Leader election: of several processes on one PostgreSQL database exactly one leads, and
when it stops or its connection dies another takes over within the re-check interval.

The PostgreSQL cases need DIGESTBOT_TEST_POSTGRES_URL (as the store tests do); each uses a
lock name of its own, so they never see each other's locks.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.errors import ConfigError
from bot.leader import SCHEDULER_LOCK, Leadership, advisory_key
from tests.postgres import POSTGRES_URL, needs_postgres

INTERVAL = 0.2
#: How long a takeover may take: a few re-check intervals.
TAKEOVER = 5 * INTERVAL


class Recorder:
    """What the callbacks saw, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def elected(self) -> None:
        self.events.append("elected")

    async def deposed(self) -> None:
        await asyncio.sleep(0)
        self.events.append("deposed")


@pytest.fixture
def lock_name() -> str:
    return f"test:{uuid.uuid4()}"


@pytest.fixture
async def make(lock_name: str) -> AsyncIterator[Callable[..., Leadership]]:
    made: list[Leadership] = []

    def factory(url: str = POSTGRES_URL, **options: object) -> Leadership:
        options.setdefault("name", lock_name)
        options.setdefault("interval", INTERVAL)
        options.setdefault("timeout", 2.0)
        leadership = Leadership(url, **options)  # type: ignore[arg-type]
        made.append(leadership)
        return leadership

    yield factory
    for leadership in made:
        await leadership.stop()


async def lock_holders(name: str) -> list[int]:
    """Backend pids holding the advisory lock of ``name``, as an operator would look."""
    key = advisory_key(name)
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid)"
                ),
                {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
            )
            return [int(pid) for (pid,) in rows]
    finally:
        await engine.dispose()


async def terminate(pid: int) -> None:
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await engine.dispose()


def test_lock_keys_are_stable_across_versions() -> None:
    # Processes of two versions during a rolling upgrade must compete for the same lock.
    assert advisory_key(SCHEDULER_LOCK) == advisory_key("digestbot:scheduler")
    assert advisory_key("digestbot:scheduler") == -2_482_575_040_642_382_431
    assert advisory_key("a") != advisory_key("b")
    assert all(-(2**63) <= advisory_key(n) < 2**63 for n in ("", "x", "é" * 100))


async def test_a_sqlite_process_always_leads(tmp_path: Path) -> None:
    seen = Recorder()
    url = f"sqlite+aiosqlite:///{tmp_path / 'one.sqlite3'}"
    async with Leadership(url, on_elected=seen.elected, on_deposed=seen.deposed) as leadership:
        assert leadership.is_leader
        await asyncio.wait_for(leadership.wait_elected(), 1)
        await asyncio.sleep(INTERVAL)
        assert leadership.is_leader
    assert not leadership.is_leader
    assert seen.events == ["elected", "deposed"]


def test_bad_settings_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="unsupported driver 'mysql'"):
        Leadership("mysql://u@h/db")
    with pytest.raises(ValueError, match="interval and timeout must be positive"):
        Leadership("sqlite+aiosqlite://", interval=0)


@needs_postgres
async def test_exactly_one_of_two_processes_leads(
    make: Callable[..., Leadership], lock_name: str
) -> None:
    first, second = make(), make()
    await first.start()
    await second.start()
    assert (first.is_leader, second.is_leader) == (True, False)
    await asyncio.sleep(3 * INTERVAL)  # several rounds of re-checks change nothing
    assert (first.is_leader, second.is_leader) == (True, False)
    assert len(await lock_holders(lock_name)) == 1


@needs_postgres
async def test_different_locks_have_different_leaders(make: Callable[..., Leadership]) -> None:
    scheduler, other = make(name=f"a:{uuid.uuid4()}"), make(name=f"b:{uuid.uuid4()}")
    await scheduler.start()
    await other.start()
    assert scheduler.is_leader and other.is_leader


@needs_postgres
async def test_a_follower_takes_over_when_the_leader_stops(
    make: Callable[..., Leadership], lock_name: str
) -> None:
    seen = Recorder()
    first = make()
    second = make(on_elected=seen.elected, on_deposed=seen.deposed)
    await first.start()
    await second.start()
    started = time.monotonic()
    await first.stop()
    await asyncio.wait_for(second.wait_elected(), TAKEOVER)
    assert time.monotonic() - started < TAKEOVER
    assert (first.is_leader, second.is_leader) == (False, True)
    assert seen.events == ["elected"]
    assert len(await lock_holders(lock_name)) == 1


@needs_postgres
async def test_a_killed_leader_connection_hands_over_and_the_old_leader_follows(
    make: Callable[..., Leadership], lock_name: str
) -> None:
    old_seen, new_seen = Recorder(), Recorder()
    old = make(on_elected=old_seen.elected, on_deposed=old_seen.deposed)
    new = make(on_elected=new_seen.elected, on_deposed=new_seen.deposed)
    await old.start()
    await new.start()
    (pid,) = await lock_holders(lock_name)

    await terminate(pid)  # the leader's backend dies (or its network does)
    await asyncio.wait_for(old.wait_deposed(), TAKEOVER)
    await asyncio.wait_for(new.wait_elected(), TAKEOVER)
    assert (old.is_leader, new.is_leader) == (False, True)
    assert old_seen.events == ["elected", "deposed"]

    # The old leader reconnected and competes again: it leads once the new one stops.
    await asyncio.sleep(2 * INTERVAL)
    assert not old.is_leader
    await new.stop()
    await asyncio.wait_for(old.wait_elected(), TAKEOVER)
    assert old_seen.events == ["elected", "deposed", "elected"]
    assert new_seen.events == ["elected", "deposed"]
    (holder,) = await lock_holders(lock_name)
    assert holder != pid


@needs_postgres
async def test_an_unreachable_database_means_following_until_it_is_back(
    make: Callable[..., Leadership], unused_tcp_port: int
) -> None:
    dead = f"postgresql+asyncpg://nobody@127.0.0.1:{unused_tcp_port}/nowhere"
    leadership = make(dead, timeout=1.0)
    await leadership.start()  # does not raise
    await asyncio.sleep(2 * INTERVAL)
    assert not leadership.is_leader


@needs_postgres
async def test_a_failing_callback_does_not_stop_the_election(
    make: Callable[..., Leadership],
) -> None:
    calls: list[str] = []

    def broken() -> None:
        calls.append("elected")
        raise RuntimeError("scheduler failed to start")

    first = make(on_elected=broken, on_deposed=lambda: calls.append("deposed"))
    await first.start()
    await asyncio.sleep(2 * INTERVAL)
    assert first.is_leader
    await first.stop()
    assert calls == ["elected", "deposed"]
