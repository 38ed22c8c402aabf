"""A slow host does not hold up requests to other hosts (the per-host and total limits)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.http import HttpClient
from config.settings import HttpSettings

SLOW = 0.4


async def _serve(host: str, delay: float) -> tuple[web.AppRunner, str]:
    async def handle(_request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind((host, 0))
    await web.SockSite(runner, sock).start()
    return runner, f"http://{host}:{sock.getsockname()[1]}"


@pytest.fixture
async def hosts() -> AsyncIterator[tuple[str, str]]:
    slow_runner, slow = await _serve("127.0.0.2", SLOW)
    fast_runner, fast = await _serve("127.0.0.3", 0.0)
    try:
        yield slow, fast
    finally:
        await slow_runner.cleanup()
        await fast_runner.cleanup()


async def test_requests_queued_for_a_busy_host_leave_the_total_slots_to_other_hosts(
    hosts: tuple[str, str],
) -> None:
    slow, fast = hosts
    settings = HttpSettings(per_host_concurrency=1, total_concurrency=2, retries=0)
    async with HttpClient(settings) as client:
        queued = [asyncio.create_task(client.get(f"{slow}/page/{i}")) for i in range(3)]
        await asyncio.sleep(0.05)  # the slow host's one slot is taken, two requests wait for it
        started = time.perf_counter()
        response = await client.get(f"{fast}/feed")
        elapsed = time.perf_counter() - started
        await asyncio.gather(*queued)
    assert response.status == 200
    # Before the fix the two waiting requests held both total slots: the fast host's request
    # waited for the slow host's first answer.
    assert elapsed < SLOW / 2
