"""Slash-command round trips: 500 commands at once through the fake Discord.

The real bot (:func:`bot.client.create_bot`, unmodified discord.py) logs in to the fake
Discord (:mod:`tests.fakes.discord`) and polls a fake news site once, as the end-to-end tests
do (:mod:`tests.e2e.harness`). Then 500 members' commands arrive together — ``/news search``
(most of them), ``/news latest``, ``/digest subscriptions``, ``/help`` — as 500
INTERACTION_CREATE events on the gateway. Figure: for each, the time from the fake creating
the INTERACTION_CREATE to the bot's interaction callback (``POST …/callback``: a defer or the
answer) reaching the fake; p50 / p99 / max. Baseline, in the same run: the same commands one
at a time on an idle bot.

The fakes (news site and Discord) run in a process of their own (:mod:`bench.slashfakes`),
so that the bot's process holds the bot alone and the fakes' work runs on the other core, as
Discord's would run on Discord's machines. One change to the fake: its listening socket's
backlog is 1,024 instead of aiohttp's 128. With 128, most of 500 connections opened at once
by discord.py are dropped by the kernel and retried by TCP one second later, which would
measure the fake's socket, not the bot (Discord's edge accepts them).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import math
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Context, Row, median, ms, percentile, times

NAME = "slash"
ROOT = str(Path(__file__).resolve().parent.parent)
TARGET_P99_SECONDS = 0.300
SEARCHES = (
    "tariff", "Toyota", "rice market", "Section 232", "trade deal", "Nippon Steel", "yen",
    "auto parts", "Lutnick", "Ohio", "steel", "Honda", "27.5%", "midterm elections",
)  # fmt: skip


@dataclass(frozen=True)
class Command:
    name: str
    sub: str | None
    options: dict[str, Any]

    @property
    def label(self) -> str:
        return f"/{self.name} {self.sub or ''}".strip()


BACKLOG = 1024


def wide_fake_discord() -> type[Any]:
    """:class:`FakeDiscord` listening with a backlog of :data:`BACKLOG` (see above)."""
    from aiohttp import web

    from tests.fakes.discord import FakeDiscord

    class WideFakeDiscord(FakeDiscord):
        async def start(self) -> None:  # FakeDiscord.start, with the backlog
            app = web.Application(client_max_size=64 * 1024 * 1024)
            app.router.add_get("/", self.gateway.handle)
            app.router.add_get("/resume/", self.gateway.handle)
            app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._file)
            app.router.add_route("*", "/{tail:.*}", self.rest.handle)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", 0, backlog=BACKLOG).start()
            self.port = int(self._runner.addresses[0][1])
            self.world.cdn_base = self.base_url

    return WideFakeDiscord


def command_mix(n: int) -> list[Command]:
    """``n`` commands: 6 in 10 searches, 2 latest, 1 subscriptions list, 1 help."""
    searches = itertools.cycle(SEARCHES)
    mix: list[Command] = []
    for i in range(n):
        slot = i % 10
        if slot < 6:
            mix.append(Command("news", "search", {"query": next(searches), "count": 5}))
        elif slot < 8:
            mix.append(Command("news", "latest", {"count": 5}))
        elif slot == 8:
            mix.append(Command("digest", "subscriptions", {}))
        else:
            mix.append(Command("help", None, {}))
    return mix


class _Fakes:
    """The :mod:`bench.slashfakes` process: one JSON request a line, one JSON answer a line."""

    def __init__(self, process: asyncio.subprocess.Process, urls: dict[str, str]) -> None:
        self.process = process
        self.urls = urls

    @classmethod
    async def start(cls, articles: int, comments: int) -> _Fakes:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.slashfakes",
            "--articles", str(articles), "--comments", str(comments),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": ROOT},
        )  # fmt: skip
        assert process.stdout is not None
        line = await process.stdout.readline()
        if not line:
            raise RuntimeError("bench.slashfakes exited before it was ready")
        return cls(process, json.loads(line))

    async def round(
        self, commands: list[Command], *, at_once: bool
    ) -> tuple[list[float], list[float], list[float]]:
        """Seconds to the callback, to the complete answer, and from the event on the wire to
        the callback; infinite for one never given."""
        assert self.process.stdin is not None and self.process.stdout is not None
        request = {
            "op": "round",
            "at_once": at_once,
            "commands": [[c.name, c.sub, c.options] for c in commands],
        }
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        await self.process.stdin.drain()
        answer = json.loads(await self.process.stdout.readline())
        never = math.inf
        return (
            [never if t is None else t for t in answer["callback"]],
            [never if t is None else t for t in answer["answer"]],
            [never if t is None else t for t in answer["sent"]],
        )

    async def stop(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.write(b'{"op": "stop"}\n')
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=10)
        except TimeoutError:
            self.process.kill()


class _Endpoints:
    """What :func:`tests.e2e.harness.write_settings` reads of the site and the fake Discord."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.feed = urls["feed"]
        self.api_url = urls["api_url"]
        self.gateway_url = urls["gateway_url"]

    def url_for(self, path: str) -> str:
        return self.feed


async def run(ctx: Context) -> list[Row]:
    from bot.client import create_bot
    from tests.e2e.harness import TOKEN, write_settings

    logging.getLogger("discord").setLevel(logging.ERROR)
    n = ctx.size(500, 20)
    tmp = ctx.workdir / "slash"
    tmp.mkdir(parents=True, exist_ok=True)
    fakes = await _Fakes.start(ctx.size(20, 2), ctx.size(100, 10))
    try:
        endpoints: Any = _Endpoints(fakes.urls)
        bot = create_bot(write_settings(Path(tmp), endpoints, endpoints), guild_ready_timeout=0.01)
        running = asyncio.create_task(bot.start(TOKEN))
        try:
            while not bot.is_ready():
                if running.done():
                    running.result()
                await asyncio.sleep(0.02)
            await bot.runtime.poll_once()
            stored = len(await bot.runtime.store.latest_articles(None, limit=100))
            await fakes.round(command_mix(10), at_once=False)  # warm-up
            idle_callback, idle_answer, _ = await fakes.round(
                command_mix(ctx.size(40, 10)), at_once=False
            )
            mix = command_mix(n)
            started, cpu = time.perf_counter(), time.process_time()
            burst_callback, burst_answer, burst_wire = await fakes.round(mix, at_once=True)
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
            failed = sum(1 for t in burst_answer if math.isinf(t))
            answered = [t for t in burst_answer if not math.isinf(t)]
            finished = max(answered) if answered else wall
            by_kind = {
                label: percentile([t for c, t in zip(mix, burst_callback, strict=True)
                                   if c.label == label], 50)
                for label in sorted({c.label for c in mix})
            }  # fmt: skip
            late = Counter(
                c.label for c, t in zip(mix, burst_callback, strict=True) if math.isinf(t)
            )
        finally:
            await bot.close()
            await asyncio.gather(running, return_exceptions=True)
    finally:
        await fakes.stop()
    p99 = percentile(burst_callback, 99)
    idle_p50 = median(idle_callback)
    return [
        Row(
            benchmark=NAME,
            workload=f"{n} commands at once through the fake Discord "
            "(6/10 /news search, 2/10 /news latest, /digest subscriptions, /help)",
            figure=f"to callback: p99 {ms(p99)} (p50 {ms(median(burst_callback))}, "
            f"max {ms(max(burst_callback))})",
            baseline=f"one at a time, idle bot: p50 {ms(idle_p50)}, "
            f"p99 {ms(percentile(idle_callback, 99))}",
            ratio=f"p99 under load = {times(p99 / idle_p50)} the idle p50",
            target="p99 < 300 ms from INTERACTION_CREATE to callback",
            met=p99 < TARGET_P99_SECONDS and failed == 0,
            values={
                "commands": n,
                "p50_s": median(burst_callback),
                "p99_s": p99,
                "max_s": max(burst_callback),
                "answer_p50_s": median(burst_answer),
                "answer_p99_s": percentile(burst_answer, 99),
                "idle_p50_s": idle_p50,
                "idle_answer_p50_s": median(idle_answer),
                "wall_s": wall,
                "unanswered": failed,
            },
            notes=[
                f"until the user sees the whole answer (after a defer, the followup): p50 "
                f"{ms(median(burst_answer))}, p99 {ms(percentile(burst_answer, 99))} under load, "
                f"p50 {ms(median(idle_answer))} idle; the last answer came after "
                f"{finished:.2f} s; the bot's process used {cpu:.2f} s of CPU meanwhile "
                f"({cpu / n * 1000:.1f} ms per command); {failed} unanswered"
                + (f" (callback too late: {dict(late)})" if late else "")
                + f"; {stored} articles stored",
                f"from the moment each INTERACTION_CREATE was written to the gateway socket "
                f"(the fake sends 500 frames one after another) to its callback: p50 "
                f"{ms(median(burst_wire))}, p99 {ms(percentile(burst_wire, 99))}",
                "median time to callback by command: "
                + ", ".join(f"{label} {ms(t)}" for label, t in by_kind.items()),
            ],
        )
    ]
