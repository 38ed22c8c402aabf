"""`/news search` over 200,000 stored comments: latency percentiles in the service.

Figure: :meth:`bot.news.NewsService.search` (what the slash command calls: validation, the
FTS5 query over articles and comments, joining hits to their articles) over a mix of queries
users type — common words, phrases, rare words, words that match nothing, and text full of
FTS5 syntax — each run many times in shuffled order; p50 and p99 of all calls.

Baseline: the same service with its recency window switched off
(``bot.store.search.RANK_WINDOW`` set beyond the store's size), so that BM25 ranks every
matching comment, which is how a plain FTS5 ``ORDER BY rank`` search works. Passes of the
two alternate.
"""

from __future__ import annotations

import random
import time

import bot.store.search as search_module
from bench.common import Context, Row, mb, median, ms, percentile, times
from bench.corpus import _lexicon
from bench.fixtures import comment_store
from bot.catalog import TopicCatalog
from bot.models import Article
from bot.news import NewsService
from bot.store import Store

NAME = "search"
TARGET_P99_SECONDS = 0.050
COUNT = 5  # results per search, the command's default

QUERIES = (
    # common words and names
    "tariff", "tariffs", "Toyota", "rice", "Trump", "steel", "yen", "Japan", "Lutnick",
    # phrases and several words
    "trade deal", "auto parts", "rice market", "Nippon Steel", "midterm elections",
    "27.5% tariff on imported cars", "Section 232 duties", "paper napkin agreement",
    "Toyota Ohio", "cheap American rice", "supply chains take years",
    # places and numbers
    "Osaka", "Kentucky", "Geneva", "778%",
    # nothing matches
    "sumo yokozuna", "zzzqqqx", "Hokkaido ramen festival",
    # FTS5 syntax typed as plain text
    "NEAR(tariff", "U.S.", "title:rice", '"unbalanced quote', "tariff*", "AND OR NOT",
    "-tariff", "rice^2", "(steel)",
)  # fmt: skip


def _queries() -> list[str]:
    tail = _lexicon(3000, 7)
    rng = random.Random(5)
    rare = [tail[i] for i in rng.sample(range(300, 3000), 8)]  # long-tail words
    return [*QUERIES, *rare, f"{rare[0]} {rare[1]}"]


async def _not_fetching(url: str) -> Article:
    raise AssertionError(f"search never fetches ({url})")


async def run(ctx: Context) -> list[Row]:
    half = await comment_store(ctx, ctx.size(100_000, 1_000))
    built = await comment_store(ctx, ctx.size(200_000, 2_000))
    store = await Store.open(built.url, migrate=False)
    service = NewsService(store, TopicCatalog(store, []), _not_fetching)
    queries = _queries()
    passes = ctx.size(12, 1)
    rng = random.Random(1)
    ours: list[float] = []
    theirs: list[float] = []
    hits_by_query: dict[str, int] = {}
    window = search_module.RANK_WINDOW
    try:
        for query in queries:  # warm-up, and the result counts
            hits_by_query[query] = len(await service.search(query, COUNT))
        for _ in range(passes):
            order = rng.sample(queries, len(queries))
            for target, times_ in ((window, ours), (10**12, theirs)):
                search_module.RANK_WINDOW = target
                for query in order:
                    start = time.perf_counter()
                    await service.search(query, COUNT)
                    times_.append(time.perf_counter() - start)
    finally:
        search_module.RANK_WINDOW = window
        await store.close()
    p99, base_p99 = percentile(ours, 99), percentile(theirs, 99)
    slowest = max(ours)
    stored = half.stored + built.stored
    ingest = stored / (half.seconds + built.seconds) if stored else 0.0
    empty = sum(1 for n in hits_by_query.values() if n == 0)
    notes = [
        f"{len(queries)} queries × {passes} pass{'es' * (passes != 1)} = {len(ours)} searches "
        "each way; "
        f"{empty} queries find nothing; p50 {ms(median(ours))} vs {ms(median(theirs))}, "
        f"max {ms(slowest)} vs {ms(max(theirs))}",
        f"store: {built.articles:,} articles, {built.comments:,} comments, "
        f"{mb(built.path.stat().st_size)} on disk",
    ]
    if stored:
        notes.append(
            f"building it stored {stored:,} comments through Store.upsert_article at "
            f"{ingest:,.0f} comments/s (FTS5 triggers included)"
        )
    return [
        Row(
            benchmark=NAME,
            workload=f"/news search over {built.comments:,} stored comments, "
            f"{len(queries)} kinds of query",
            figure=f"p99 {ms(p99)} (p50 {ms(median(ours))})",
            baseline=f"ranking every match: p99 {ms(base_p99)}",
            ratio=(
                f"{times(base_p99 / p99)} lower p99"
                if base_p99 >= p99
                else f"{times(p99 / base_p99)} higher p99"
            ),
            target="p99 < 50 ms",
            met=p99 < TARGET_P99_SECONDS,
            values={
                "comments": built.comments,
                "p50_s": median(ours),
                "p99_s": p99,
                "max_s": slowest,
                "baseline_p50_s": median(theirs),
                "baseline_p99_s": base_p99,
                "samples": len(ours),
                "ingest_comments_per_s": ingest,
            },
            notes=notes,
        )
    ]
