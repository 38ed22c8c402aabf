"""Peak memory of the bot's process in steady state with 100,000 comments stored.

The process imports what ``digestbot run`` imports (discord.py, the cogs, matplotlib for
``/stats``), opens a :class:`bot.runtime.Runtime` on a store holding 100,000 comments, then
does what a busy day asks of it: topic digests rendered as Discord embeds, ``/news search``,
``/news latest``, an article's ranked comments, and the ``/stats`` chart. Figure: the peak
resident set size of the process (``ru_maxrss``), which includes the interpreter and every
library. Baseline, in the same process: the resident size after the imports, before the store
is opened — what the bot costs before it holds any data. (Peak RSS during a 1,000-feed poll
cycle is reported by the ``poll`` benchmark, whose bot runs in a process of its own.)
"""

from __future__ import annotations

import gc
import shutil
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Context, Row, current_rss_bytes, mb, peak_rss_bytes

NAME = "memory"
TARGET_BYTES = 200 * 2**20
DIGESTS = 5


def _settings(tmp: Path, database: Path):  # type: ignore[no-untyped-def]
    from config.settings import load_settings

    config = tmp / "memory.toml"
    config.write_text(
        """
[[topics]]
name = "tariffs"
include = ["tariff", "tariffs", "trade deal", "duties"]
""",
        encoding="utf-8",
    )
    environ = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "DIGESTBOT_DATA_DIR": str(tmp / "data"),
    }
    return load_settings(config, environ=environ)


async def run(ctx: Context) -> list[Row]:
    # What `digestbot run` has loaded once it is up: the bot, its cogs, and the chart code.
    import bot.client  # noqa: F401
    import cogs.digest
    import cogs.news
    import cogs.stats
    import cogs.topics  # noqa: F401
    from bench.fixtures import build_in_subprocess, comment_store
    from bench.search import COUNT, _queries
    from bot.charts import stats_chart
    from bot.news import NewsService
    from bot.render import render_embeds
    from bot.runtime import Runtime

    gc.collect()
    baseline = current_rss_bytes()
    # Filled by another process (the search benchmark, or one started here): this process
    # is a bot that opens a store someone else filled, as a restarted bot does.
    build_in_subprocess(ctx, ctx.size(100_000, 1_000))
    built = await comment_store(ctx, ctx.size(100_000, 1_000))
    assert built.stored == 0
    database = ctx.workdir / "memory-bot.sqlite3"
    shutil.copyfile(built.path, database)
    settings = _settings(ctx.workdir, database)
    peak_before = peak_rss_bytes()
    async with Runtime(settings) as runtime:
        news = NewsService(runtime.store, runtime.catalog, runtime.fetch_user_url)
        now = datetime.now(UTC)
        embeds = 0
        for _ in range(DIGESTS):
            digest = await runtime.digests.for_topic("tariffs", now=now)
            embeds += sum(len(message) for message in render_embeds(digest))
        for query in _queries():
            await news.search(query, COUNT)
        latest = await news.latest(None, "tariffs", 25)
        article = latest.articles[0]
        ranked = await news.comments(article.url, "best", 10)
        rows = await runtime.store.daily_stats("tariffs", days=30, now=now)
        png = stats_chart(rows, "tariffs")
        gc.collect()
        steady = current_rss_bytes()
    peak = peak_rss_bytes()
    return [
        Row(
            benchmark=NAME,
            workload=f"steady state, {built.comments:,} comments stored: {DIGESTS} digests, "
            "searches, latest, comments, /stats chart",
            figure=f"peak RSS {mb(peak)}",
            baseline=f"after imports, no data: {mb(baseline)}",
            ratio=f"{peak / TARGET_BYTES:.0%} of the budget; +{mb(peak - baseline)} for the work",
            target="peak RSS < 200 MB",
            met=peak < TARGET_BYTES,
            values={
                "comments": built.comments,
                "peak_rss_bytes": peak,
                "steady_rss_bytes": steady,
                "imports_rss_bytes": baseline,
                "peak_before_runtime_bytes": peak_before,
            },
            notes=[
                f"RSS at the end {mb(steady)}; {embeds} embeds rendered, "
                f"{len(ranked.comments)} ranked comments, chart {len(png):,} bytes",
            ],
        )
    ]
