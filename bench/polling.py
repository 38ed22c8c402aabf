"""Discovery and refresh: 1,000 feeds and 3,000 article pages behind 50 ms of latency.

The real poll cycle (:class:`bot.runtime.Runtime` → :class:`bot.poll.Poller`, the shared
:class:`bot.http.HttpClient`, the Japan Today source and extractor, an SQLite store) reads a
farm of fake news sites (:mod:`bench.newsfarm`, in a process of its own) on several loopback
hosts. Every answer, 200 or 304, comes after ``LATENCY`` seconds.

The bound: with ``per_host_concurrency`` P, ``total_concurrency`` T and latency L, a phase
that makes n_h requests to host h cannot take less than
``L × max(max_h ceil(n_h / P), ceil(Σ n_h / T))``; a cycle is two phases, the feeds and then
the article pages they list, so its bound is the sum of the two. Computed from the limits in
force and printed beside the measured time.

The farm's news is anchored at the time of the run: the newest article was published just
now, one more every minute before it, and comments come every few minutes from five minutes
after publication (none from the future).

Three cycles, in order: the first (everything new); a second with nothing changed, one poll
interval later, as the bot's schedule runs it (the feeds and threads that the revisit
schedule finds due, :mod:`bot.revisit`, asked with their validators: all should answer 304);
a third at the same moment that asks everything, as a restart's first cycle or
``digestbot poll --once`` does (informational).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bench.common import (
    Context,
    Row,
    current_rss_bytes,
    mb,
    peak_rss_bytes,
    process_cpu_seconds,
    process_peak_rss_bytes,
    secs,
    times,
)

NAME = "poll"
ROOT = str(Path(__file__).resolve().parent.parent)
LATENCY = 0.050
INTERVAL_MINUTES = 10
PER_HOST = 4
TOTAL = 32
TARGET_BOUND_RATIO = 1.3
TARGET_SECOND_SHARE = 0.10
TARGET_RSS = 200 * 2**20


@dataclass
class Cycle:
    seconds: float
    cpu_seconds: float
    worker_cpu_seconds: float
    requests: int
    statuses: dict[str, int]
    body_bytes: int
    max_per_url: int
    report: Any

    @property
    def bodies(self) -> int:
        return self.statuses.get("200", 0)


def phase_bound(per_host: list[int], latency: float, per_host_limit: int, total: int) -> float:
    waves = max(
        max(math.ceil(n / per_host_limit) for n in per_host), math.ceil(sum(per_host) / total)
    )
    return waves * latency


def _config(path: Path, sites: list[dict[str, Any]], articles: int) -> None:
    sources = "\n".join(
        f'[[sources]]\nname = "site{i}"\nkind = "japantoday"\nfeeds = {json.dumps(site["feeds"])}\n'
        for i, site in enumerate(sites)
    )
    path.write_text(
        f"""
[poll]
interval_minutes = {INTERVAL_MINUTES}
refresh_hours = 48
max_revisit_cycles = 6
max_new_articles = {max(articles, 1)}
extract_workers = "auto"

[http]
per_host_concurrency = {PER_HOST}
total_concurrency = {TOTAL}
timeout_seconds = 30

{sources}
[[topics]]
name = "tariffs"
include = ["tariff", "tariffs", "duties", "trade war", "trade deal", "Section 232"]

[security]
allow_private_addresses = true
""",
        encoding="utf-8",
    )


async def _farm_stats(
    session: aiohttp.ClientSession, sites: list[dict[str, Any]], what: str
) -> list[dict[str, Any]]:
    stats = []
    for site in sites:
        async with session.get(site["url"] + "/__bench/" + what) as response:
            stats.append(await response.json())
    return stats


async def _cycle(
    runtime: Any,
    session: aiohttp.ClientSession,
    sites: list[dict[str, Any]],
    now: datetime,
    *,
    everything: bool = False,
) -> Cycle:
    await _farm_stats(session, sites, "reset")
    cpu = time.process_time()
    worker_cpu = _workers_cpu(runtime)
    start = time.perf_counter()
    report = await runtime.poll_once(now=now, everything=everything)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    worker_cpu_seconds = _workers_cpu(runtime) - worker_cpu
    stats = await _farm_stats(session, sites, "stats")
    statuses: dict[str, int] = {}
    for s in stats:
        for status, n in s["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    return Cycle(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        worker_cpu_seconds=worker_cpu_seconds,
        requests=sum(s["requests"] for s in stats),
        statuses=statuses,
        body_bytes=sum(s["body_bytes"] for s in stats),
        max_per_url=max(s["max_per_url"] for s in stats),
        report=report,
    )


def _workers_cpu(runtime: Any) -> float:
    return sum(process_cpu_seconds(pid) for pid in runtime.pages.worker_pids())


async def run(ctx: Context) -> list[Row]:
    from bot.runtime import Runtime
    from config.settings import load_settings

    hosts = ctx.size(4, 2)
    feeds = ctx.size(1000, 8)
    articles = ctx.size(3000, 24)
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    farm = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.newsfarm", "--hosts", str(hosts), "--feeds", str(feeds),
        "--articles", str(articles), "--latency", str(LATENCY), "--now", start.isoformat(),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
    )  # fmt: skip
    try:
        assert farm.stdout is not None
        line = await farm.stdout.readline()
        sites: list[dict[str, Any]] = json.loads(line)["sites"]
        config = ctx.workdir / "poll.toml"
        _config(config, sites, articles)
        database = ctx.workdir / "poll.sqlite3"
        environ = {
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "DIGESTBOT_DATA_DIR": str(ctx.workdir / "poll-data"),
        }
        settings = load_settings(config, environ=environ)
        async with aiohttp.ClientSession() as session, Runtime(settings) as runtime:
            rss_ready = current_rss_bytes()
            first = await _cycle(runtime, session, sites, start)
            later = start + timedelta(minutes=INTERVAL_MINUTES)
            second = await _cycle(runtime, session, sites, later)
            third = await _cycle(runtime, session, sites, later, everything=True)
            workers = runtime.pages.worker_pids()
            worker_peak = sum(process_peak_rss_bytes(pid) for pid in workers)
        peak = peak_rss_bytes()
    finally:
        if farm.stdin is not None:
            farm.stdin.close()
        try:
            await asyncio.wait_for(farm.wait(), timeout=10)
        except TimeoutError:
            farm.kill()

    feeds_per_host = [len(s["feeds"]) for s in sites]
    articles_per_host = [articles // feeds * n for n in feeds_per_host]
    feed_bound = phase_bound(feeds_per_host, LATENCY, PER_HOST, TOTAL)
    article_bound = phase_bound(articles_per_host, LATENCY, PER_HOST, TOTAL)
    bound = feed_bound + article_bound
    ratio = first.seconds / bound
    share = third.seconds / first.seconds
    second_share = second.seconds / first.seconds
    floor_share = feed_bound / bound
    limits = f"{hosts} hosts, per-host {PER_HOST}, total {TOTAL}, {LATENCY * 1000:.0f} ms"
    r1 = first.report
    return [
        Row(
            benchmark=NAME,
            workload=f"first cycle: {feeds:,} feeds + {articles:,} article pages ({limits})",
            figure=f"{secs(first.seconds)} ({first.requests:,} requests)",
            baseline=f"bound {secs(bound)} = feeds {secs(feed_bound)} "
            f"+ pages {secs(article_bound)}",
            ratio=f"{times(ratio)} the bound",
            target="≤ 1.3× the bound",
            met=ratio <= TARGET_BOUND_RATIO,
            values={
                "seconds": first.seconds,
                "bound_s": bound,
                "cpu_s": first.cpu_seconds,
                "requests": first.requests,
                "max_per_url": first.max_per_url,
            },
            notes=[
                f"first cycle: the bot process used {secs(first.cpu_seconds)} of CPU in "
                f"{secs(first.seconds)} ({first.cpu_seconds / first.seconds:.0%} of one core), "
                f"its {len(workers)} page-reading worker(s) {secs(first.worker_cpu_seconds)}; "
                f"{r1.new_articles:,} new articles, {r1.new_comments:,} comments stored, "
                f"{len(r1.errors)} errors; no URL fetched more than {first.max_per_url}× per cycle",
            ],
        ),
        Row(
            benchmark=NAME,
            workload=f"second cycle, nothing changed, {INTERVAL_MINUTES} min later, as the "
            "schedule runs it (what the revisit schedule finds due)",
            figure=f"{secs(second.seconds)} ({second.requests:,} requests, "
            f"{second.statuses.get('304', 0):,} answered 304); bodies downloaded: "
            f"{second.bodies:,}",
            baseline=f"first cycle {secs(first.seconds)}",
            ratio=f"{second_share:.1%} of the first",
            target="no bodies (all 304) and < 10% of the first",
            met=second.bodies == 0
            and second.statuses.get("304", 0) == second.requests
            and second_share < TARGET_SECOND_SHARE,
            values={
                "seconds": second.seconds,
                "share": second_share,
                "requests": second.requests,
                "bodies": second.bodies,
                "body_bytes": second.body_bytes,
                "not_modified": second.statuses.get("304", 0),
                "unchanged_threads": second.report.unchanged,
                "not_due": second.report.not_due,
            },
            notes=[
                f"scheduled second cycle: {second.requests:,} feeds and threads asked (the ones "
                f"whose newest entry or comment is recent), {second.report.not_due:,} left for "
                f"later; {second.report.unchanged:,} threads unchanged, nothing stored",
            ],
        ),
        Row(
            benchmark=NAME,
            workload="the same moment, asking everything (a restart's first cycle, "
            "`digestbot poll --once`)",
            figure=f"{secs(third.seconds)} ({third.requests:,} requests, "
            f"{third.statuses.get('304', 0):,} answered 304); bodies downloaded: {third.bodies:,}",
            baseline=f"first cycle {secs(first.seconds)}",
            ratio=f"{share:.0%} of the first",
            target="(informational: every URL asked again)",
            met=None,
            values={
                "seconds": third.seconds,
                "share": share,
                "requests": third.requests,
                "bodies": third.bodies,
                "not_modified": third.statuses.get("304", 0),
                "floor_share": floor_share,
            },
            notes=[
                f"asking everything: with {LATENCY * 1000:.0f} ms on every answer, a 304 costs "
                f"what a page costs, so {third.requests:,} conditional requests take "
                f"{third.seconds / bound:.2f}× the first cycle's bound; only the feeds would "
                f"still be {floor_share:.0%} of it",
            ],
        ),
        Row(
            benchmark=NAME,
            workload=f"peak memory of the bot process and its page-reading worker(s) over the "
            f"three cycles ({articles:,} articles stored)",
            figure=f"peak RSS {mb(peak + worker_peak)} (bot {mb(peak)}, "
            f"{len(workers)} worker(s) {mb(worker_peak)})",
            baseline=f"bot before the first cycle: {mb(rss_ready)}",
            ratio=f"{(peak + worker_peak) / TARGET_RSS:.0%} of the budget",
            target="peak RSS < 200 MB",
            met=peak + worker_peak < TARGET_RSS,
            values={
                "peak_rss_bytes": peak,
                "worker_peak_rss_bytes": worker_peak,
                "ready_rss_bytes": rss_ready,
            },
        ),
    ]
