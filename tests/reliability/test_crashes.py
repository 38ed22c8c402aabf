"""SIGKILL in the middle of polls, again and again: the database stays whole and exact.

Each round starts `digestbot poll --once` against a slow fake site and kills it at a random
moment. A last poll runs to the end; then every comment must be stored exactly once with the
site's current votes, the SQLite file must pass its integrity checks, and the full-text index
must agree with the comments table.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.fakes.newssite import JST, FakeArticle, FakeComment, Fault, NewsSite
from tests.test_cli import ThreadedSite, db_rows, digestbot, write_config

ARTICLES = 12
COMMENTS = 40


def thread(n: int) -> FakeArticle:
    return FakeArticle(
        path=f"/category/politics/tariff-story-{n}",
        title=f"Tariff story number {n}",
        body=[f"Tariff talks, round {n}, went on for hours."],
        comments=[
            FakeComment(f"reader{n}-{i}", f"Comment {i} on story {n} about tariffs.", i % 7, i % 3)
            for i in range(COMMENTS)
        ],
        published=datetime.now(JST) - timedelta(minutes=n),
    )


@pytest.mark.slow
def test_killed_polls_never_corrupt_or_duplicate(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    with ThreadedSite() as site:
        _kill_and_check(tmp_path, site, rng)


def _kill_and_check(tmp_path: Path, site: NewsSite, rng: random.Random) -> None:
    articles = [thread(n) for n in range(ARTICLES)]
    for article in articles:
        site.add_article(article)
        site.set_fault(article.path, Fault.delay(0.15))
    config = write_config(tmp_path, [site.publish_feed("/feed", limit=ARTICLES)])
    env_args = ("poll", "--once")
    killed = 0
    for round_ in range(8):
        # Votes move between rounds, as they do on a live site.
        for article in articles:
            article.comments[round_ % COMMENTS].up += 1
        proc = _start(tmp_path, config, *env_args)
        time.sleep(rng.uniform(0.3, 1.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=30)
    assert killed >= 4, "the polls finished before they could be killed: make the site slower"

    final = digestbot(tmp_path, "poll", "--once", config=config, timeout=120)
    assert final.returncode == 0, final.stderr

    db = tmp_path / "data" / "digestbot.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO comments_fts(comments_fts) VALUES('integrity-check')")
    assert db_rows(tmp_path, "select count(*) from articles") == [(ARTICLES,)]
    assert db_rows(tmp_path, "select count(*) from comments") == [(ARTICLES * COMMENTS,)]
    assert db_rows(
        tmp_path, "select count(*) from (select article_id, site_id from comments group by 1, 2)"
    ) == [(ARTICLES * COMMENTS,)]
    stored = dict(db_rows(tmp_path, "select author, up from comments"))  # type: ignore[arg-type]
    expected = {c.author: c.up for a in articles for c in a.comments}
    assert stored == expected


def _start(tmp_path: Path, config: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGESTBOT_", "DISCORD_"))}
    env |= {"DIGESTBOT_CONFIG": str(config), "DIGESTBOT_DATA_DIR": str(tmp_path / "data")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
