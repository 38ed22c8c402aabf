"""Stores full of comments, built once per run through the real :meth:`Store.upsert_article`.

``await comment_store(ctx, 200_000)`` returns the path of an SQLite file holding that many
comments (200 per article). A larger store starts as a copy of the largest smaller one, so the
100,000-comment store of the memory benchmark is the first half of the search benchmark's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Context
from bench.corpus import stored_articles
from bot.store import Store

COMMENTS_PER_ARTICLE = 200
TOPIC = "tariffs"


@dataclass(frozen=True)
class BuiltStore:
    path: Path
    comments: int
    articles: int
    seconds: float  # time spent storing (0 when it was already built)
    stored: int  # comments stored by this call

    @property
    def url(self) -> str:
        return f"sqlite+aiosqlite:///{self.path}"


def _path(ctx: Context, comments: int) -> Path:
    return ctx.workdir / f"store-{comments}.sqlite3"


async def comment_store(ctx: Context, comments: int) -> BuiltStore:
    per = COMMENTS_PER_ARTICLE if comments >= COMMENTS_PER_ARTICLE else comments
    articles = comments // per
    path = _path(ctx, articles * per)
    if path.exists():
        return BuiltStore(path, articles * per, articles, 0.0, 0)
    smaller = sorted(
        (int(p.stem.split("-")[1]), p)
        for p in ctx.workdir.glob("store-*.sqlite3")
        if int(p.stem.split("-")[1]) < articles * per
    )
    first = 0
    partial = path.with_suffix(".building")
    if smaller and smaller[-1][0] % per == 0:
        shutil.copyfile(smaller[-1][1], partial)
        first = smaller[-1][0] // per
    store = await Store.open(f"sqlite+aiosqlite:///{partial}")
    started = time.perf_counter()
    try:
        for article in stored_articles(articles, per, start=first):
            await store.upsert_article(
                article, topics=[TOPIC], gist=article.body[0][:200], fetched_at=_now()
            )
    finally:
        await store.close()  # the last connection to close checkpoints the WAL
    seconds = time.perf_counter() - started
    partial.rename(path)
    return BuiltStore(path, articles * per, articles, seconds, (articles - first) * per)


def _now() -> datetime:
    return datetime.now(UTC)


def build_in_subprocess(ctx: Context, comments: int) -> None:
    """Build the store in another process, so that this one's peak memory stays its own."""
    subprocess.run(
        [sys.executable, "-m", "bench.fixtures", str(comments), "--workdir", str(ctx.workdir)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.fixtures")
    parser.add_argument("comments", type=int)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    asyncio.run(comment_store(Context(quick=False, workdir=args.workdir, reps=1), args.comments))
