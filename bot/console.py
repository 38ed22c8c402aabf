"""Console mode: the bot's schedule without Discord, printing digests to standard output.

This is what `digestbot run` does when no DISCORD_TOKEN is set: poll on the configured
interval and, after each cycle, print each configured topic's digest of what was discussed
since the previous one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from datetime import UTC, datetime, timedelta
from typing import TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.logs import quiet_cancelled_jobs
from bot.render import render_markdown
from bot.runtime import Runtime
from config.settings import Settings

log = logging.getLogger(__name__)


class ConsoleDigests:
    """After each poll, prints every configured topic's new discussion once."""

    def __init__(self, runtime: Runtime, out: TextIO = sys.stdout) -> None:
        self.runtime = runtime
        self.out = out
        self.since: dict[str, datetime] = {}

    async def cycle(self) -> None:
        now = datetime.now(UTC)
        try:
            report = await self.runtime.poll_once()
        except Exception:
            log.exception("poll cycle failed")
            return
        print(f"[{now:%Y-%m-%d %H:%M} UTC] poll: {report.summary()}", file=self.out, flush=True)
        window = timedelta(hours=self.runtime.settings.file.digest.window_hours)
        for topic in self.runtime.settings.file.topics:
            since = self.since.get(topic.name, now - window)
            digest = await self.runtime.digests.for_topic(topic.name, active_since=since, now=now)
            self.since[topic.name] = now
            if digest.entries:
                print(render_markdown(digest), file=self.out, flush=True)


async def _print_notice(text: str) -> None:
    print(f"digestbot: {text}", file=sys.stderr, flush=True)


async def run_console(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with Runtime(settings) as runtime:
        runtime.notices = _print_notice
        digests = ConsoleDigests(runtime)
        quiet_cancelled_jobs()
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            digests.cycle,
            IntervalTrigger(minutes=settings.file.poll.interval_minutes, timezone=UTC),
            id="poll",
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        scheduler.start()
        print(
            "digestbot: console mode (no DISCORD_TOKEN set): polling every "
            f"{settings.file.poll.interval_minutes:g} minutes; Ctrl-C stops.",
            file=sys.stderr,
            flush=True,
        )
        try:
            await stop.wait()
        finally:
            scheduler.shutdown(wait=False)
    return 0
