"""The command line end to end: the real `digestbot` process against a local fake Japan Today.

Each test runs `python -m bot` as a user would, with a config whose feeds point at the fake
site (started in a background thread so the CLI's own event loop is independent of it).
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.fakes.newssite import (
    JST,
    FakeArticle,
    FakeComment,
    Fault,
    NewsSite,
    RssItem,
    render_japantoday_page,
    render_rss,
    sample_tariff_article,
)

ROOT = Path(__file__).resolve().parents[1]


class ThreadedSite:
    """A NewsSite served from its own event loop in a thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.site = NewsSite(now=datetime.now(UTC))
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.site.start(), self.loop).result(10)
        return self.site

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.site.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with ThreadedSite() as site:
        yield site


def write_config(tmp_path: Path, feeds: list[str], extra: str = "", *, workers: int = 0) -> Path:
    config = tmp_path / "digestbot.toml"
    feed_list = ", ".join(json.dumps(f) for f in feeds)
    config.write_text(
        f"""
[poll]
interval_minutes = 10
extract_workers = {workers}

[http]
timeout_seconds = 5
retries = 1
backoff_seconds = 0.05
max_response_bytes = 5_000_000

[[sources]]
name = "japantoday"
kind = "japantoday"
feeds = [{feed_list}]

[[topics]]
name = "tariffs"
include = ["tariff", "tariffs", "trade war"]

[security]
allow_private_addresses = true
{extra}
"""
    )
    return config


def digestbot(
    tmp_path: Path, *args: str, config: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DIGESTBOT_", "DISCORD_", "DATABASE_"))
    }
    env["DIGESTBOT_DATA_DIR"] = str(tmp_path / "data")
    if config is not None:
        env["DIGESTBOT_CONFIG"] = str(config)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def db_rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "data" / "digestbot.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def cherry_blossoms() -> FakeArticle:
    return FakeArticle(
        path="/category/national/cherry-blossoms",
        title="Cherry blossoms bloom early across Tokyo",
        body=["Cherry blossoms opened a week early in Tokyo this year, forecasters said."],
        comments=[FakeComment("hanami", "Beautiful season, crowded parks.", 5, 0)],
        published=datetime.now(JST) - timedelta(hours=1),
    )


@pytest.mark.parametrize("workers", [0, 1], ids=["pages-read-in-place", "pages-read-by-a-worker"])
def test_poll_then_digest_shows_the_tariff_discussion_only(
    tmp_path: Path, site: NewsSite, workers: int
) -> None:
    tariff = sample_tariff_article()
    tariff.published = datetime.now(JST) - timedelta(hours=2)
    site.add_article(tariff)
    site.add_article(cherry_blossoms())
    config = write_config(tmp_path, [site.publish_feed("/feed")], workers=workers)

    polled = digestbot(tmp_path, "poll", "--once", config=config)
    assert polled.returncode == 0, polled.stderr
    assert "2 discovered" in polled.stdout
    assert "1 new articles" in polled.stdout
    assert "Traceback" not in polled.stderr
    # Comments were requested in popularity order.
    assert any(r.query.get("comment-order") == "popular" for r in site.requests_for(tariff.path))

    shown = digestbot(tmp_path, "digest", "--topic", "tariffs", config=config)
    assert shown.returncode == 0, shown.stderr
    assert tariff.title in shown.stdout
    assert "Cherry blossoms" not in shown.stdout
    assert "Maybe japan needs to do what Canada just did." in shown.stdout  # the best comment

    as_json = json.loads(
        digestbot(tmp_path, "digest", "--topic", "tariffs", "--json", config=config).stdout
    )
    [entry] = as_json["articles"]
    assert entry["title"] == tariff.title
    assert entry["comment_count"] == 5
    assert entry["discussion"]["top_comments"][0]["author"] == "ken"
    assert as_json["embeds"] and as_json["embeds"][0][0]["title"].startswith("Japan tariff")


def test_second_poll_updates_votes_and_adds_comments_without_duplicates(
    tmp_path: Path, site: NewsSite
) -> None:
    tariff = sample_tariff_article()
    tariff.published = datetime.now(JST) - timedelta(hours=2)
    site.add_article(tariff)
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    assert db_rows(tmp_path, "select count(*) from comments") == [(5,)]

    tariff.comments[0].up = 40  # ken's comment gains votes
    tariff.comments.append(FakeComment("newcomer", "Tariffs hurt consumers on both sides.", 2, 0))
    again = digestbot(tmp_path, "poll", "--once", config=config)
    assert again.returncode == 0, again.stderr
    assert "1 new comments" in again.stdout
    assert db_rows(tmp_path, "select count(*) from comments") == [(6,)]
    assert db_rows(tmp_path, "select count(*) from articles") == [(1,)]
    assert db_rows(tmp_path, "select up, down, score from comments where author = 'ken'") == [
        (40, 1, 39)
    ]


def test_a_poll_with_nothing_changed_downloads_no_page(tmp_path: Path, site: NewsSite) -> None:
    """The feed and the thread it re-reads both answer 304: the validators of the first poll
    are kept in the database for the next process."""
    tariff = sample_tariff_article()
    tariff.published = datetime.now(JST) - timedelta(hours=2)
    path = urlsplit(site.add_article(tariff)).path
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    again = digestbot(tmp_path, "poll", "--once", config=config)
    assert again.returncode == 0, again.stderr
    assert "1 unchanged" in again.stdout
    for requests in (site.requests_for(path), site.requests_for("/feed")):
        assert ["If-None-Match" in r.headers for r in requests] == [False, True]
    assert db_rows(tmp_path, "select count(*) from comments") == [(5,)]


def test_unchanged_feed_is_not_downloaded_twice(tmp_path: Path, site: NewsSite) -> None:
    site.add_article(sample_tariff_article())
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    feed_requests = site.requests_for("/feed")
    assert len(feed_requests) == 2
    assert feed_requests[1].headers.get("If-None-Match") or feed_requests[1].headers.get(
        "If-Modified-Since"
    )


def test_extract_and_digest_a_saved_page(tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(render_japantoday_page(sample_tariff_article()), encoding="utf-8")
    extracted = digestbot(tmp_path, "extract", str(page), "--json")
    assert extracted.returncode == 0, extracted.stderr
    data = json.loads(extracted.stdout)
    assert set(data) >= {"url", "title", "published", "body", "comment_count", "comments"}
    assert data["comment_count"] == 5
    ken = next(c for c in data["comments"] if c["author"] == "ken")
    assert (ken["score"], ken["up"], ken["down"]) == (5, 6, 1)
    dan = next(c for c in data["comments"] if c["author"] == "dan")
    sakura = next(c for c in data["comments"] if c["author"] == "sakura")
    assert dan["parent"] == sakura["id"]
    assert "America is not your friend" not in dan["text"]
    assert set(ken) == {"id", "author", "posted", "text", "score", "up", "down", "parent"}

    digest = digestbot(tmp_path, "digest", str(page), "--top", "2", "--sort", "top")
    assert digest.returncode == 0, digest.stderr
    assert "Japan tariff negotiator" in digest.stdout
    assert "ken" in digest.stdout


def test_extract_prints_each_comments_votes_as_the_page_counts_them(tmp_path: Path) -> None:
    """Up and down counts as "5 (+6 / -1)", likes alone as "18 likes" (Lobsters' upvotes: no
    "-None"), a net score alone as its number."""
    page = tmp_path / "article.html"
    page.write_text(render_japantoday_page(sample_tariff_article()), encoding="utf-8")
    shown = digestbot(tmp_path, "extract", str(page))
    assert shown.returncode == 0, shown.stderr
    assert "ken" in shown.stdout and " 5 (+6 / -1)" in shown.stdout
    lobsters = digestbot(
        tmp_path, "extract", str(ROOT / "tests/fixtures/voteless/lobsters-2022.html")
    )
    assert lobsters.returncode == 0, lobsters.stderr
    assert " 18 likes" in lobsters.stdout and "None" not in lobsters.stdout
    reddit = digestbot(
        tmp_path, "extract", str(ROOT / "tests/fixtures/voteless/reddit-2019-aww.html")
    )
    assert reddit.returncode == 0, reddit.stderr
    assert " 1700\n" in reddit.stdout and "likes" not in reddit.stdout


@pytest.mark.parametrize("how", ["saved page", "url"])
def test_a_page_is_read_in_the_zone_it_says_it_is_from(
    tmp_path: Path, site: NewsSite, how: str
) -> None:
    """Corriere della Sera shows "8 Luglio 2025 | 20.44" in Rome's time; the page, saved or
    at a URL of a site that is not configured, says it is Italian (its domain, its language,
    its published time's +02:00 offset)."""
    html = (ROOT / "tests/fixtures/voteless/corriere.html").read_text()
    if how == "url":
        source = site.add_page("/economia/dazi", html)
    else:
        (tmp_path / "corriere.html").write_text(html)
        source = str(tmp_path / "corriere.html")
    extracted = digestbot(tmp_path, "extract", source, "--json")
    assert extracted.returncode == 0, extracted.stderr
    first = json.loads(extracted.stdout)["comments"][0]
    assert (first["author"], first["posted"]) == ("vittorio_b", "2025-07-08T18:44:00+00:00")


def test_unreachable_feed_is_a_clear_error_and_keeps_what_was_stored(
    tmp_path: Path, site: NewsSite
) -> None:
    site.add_article(sample_tariff_article())
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    dead = write_config(tmp_path, ["http://127.0.0.1:9/feed", site.url_for("/feed")])
    failed = digestbot(tmp_path, "poll", "--once", config=dead)
    assert "127.0.0.1:9/feed" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert db_rows(tmp_path, "select count(*) from comments") == [(5,)]


def test_page_announcing_comments_but_showing_none_names_the_url(
    tmp_path: Path, site: NewsSite
) -> None:
    broken = sample_tariff_article("/category/politics/broken")
    html = render_japantoday_page(broken)
    # Markup changed: the comment blocks are gone but "5 Comments" is still announced.
    cut = html.index('<div class="comments-list">')
    url = site.add_page(broken.path, html[:cut] + "</section></body></html>")
    feed = site.add_feed("/feed", render_rss([RssItem(broken.title, url, datetime.now(UTC))]))
    config = write_config(tmp_path, [feed])
    failed = digestbot(tmp_path, "poll", "--once", config=config)
    assert failed.returncode == 1
    assert broken.path in failed.stderr
    assert "5 comments" in failed.stderr
    assert db_rows(tmp_path, "select count(*) from comments") == [(0,)]


def test_oversized_page_is_refused_with_its_size(tmp_path: Path, site: NewsSite) -> None:
    huge = sample_tariff_article("/category/politics/huge")
    site.add_article(huge)
    site.set_fault(huge.path, Fault.huge(20_000_000))
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    failed = digestbot(tmp_path, "poll", "--once", config=config)
    assert failed.returncode == 1
    assert "larger than 5000000 bytes" in failed.stderr
    assert huge.path in failed.stderr


def test_invalid_utf8_page_is_read_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    html = render_japantoday_page(sample_tariff_article())
    page.write_bytes(html.replace("Canada", "Canad\xe1").encode("latin-1", errors="replace"))
    result = digestbot(tmp_path, "extract", str(page))
    assert result.returncode == 0, result.stderr
    assert "not valid" in result.stderr
    assert "Maybe japan needs to do what Canad" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("extract", "/no/such/page.html"), 1, "cannot read /no/such/page.html"),
        (("digest",), 2, "give at least one SOURCE"),
        (("digest", "--sort", "loudest", "x.html"), 2, "invalid choice: 'loudest'"),
        (("digest", "--topic", "nonexistent"), 1, "unknown topic 'nonexistent'"),
    ],
)
def test_bad_usage_is_one_clear_line(
    tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = digestbot(tmp_path, *args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_stops_with_file_key_and_problem(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[poll]\ninterval_minutes = 0\n")
    result = digestbot(tmp_path, "poll", "--once", config=config)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"digestbot: configuration error: {config}: poll.interval_minutes: "
        "Input should be greater than 0 (got 0)"
    ]


def test_db_upgrade_creates_the_database(tmp_path: Path) -> None:
    result = digestbot(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "digestbot.sqlite3").exists()
    assert db_rows(tmp_path, "select count(*) from articles") == [(0,)]


def test_status_shows_sources_and_outbox(tmp_path: Path, site: NewsSite) -> None:
    site.add_article(sample_tariff_article())
    config = write_config(tmp_path, [site.publish_feed("/feed")])
    assert digestbot(tmp_path, "poll", "--once", config=config).returncode == 0
    shown = digestbot(tmp_path, "status", config=config)
    assert shown.returncode == 0, shown.stderr
    assert "japantoday (japantoday): ok; last success now; next poll in 9m" in shown.stdout
    assert "Outbox: 0 pending" in shown.stdout
    data = json.loads(digestbot(tmp_path, "status", "--json", config=config).stdout)
    assert data["sources"][0]["failures"] == 0
    assert data["outbox"] == {"pending": 0, "oldest": None}
