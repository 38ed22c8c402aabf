"""A broken source stays broken alone: others keep working, it backs off, operators hear once.

Two sources run against two local fake sites. One is driven through faults the real web
produces; the poll cycle must isolate it, count its failures in the store, back off, send one
notice after K failed polls and one when it recovers, and then read it fully again.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.poll import backoff
from bot.runtime import Runtime
from config.settings import load_settings
from tests.fakes.newssite import (
    JST,
    FakeArticle,
    FakeComment,
    Fault,
    NewsSite,
    sample_tariff_article,
)

INTERVAL = timedelta(minutes=10)


def other_article() -> FakeArticle:
    return FakeArticle(
        path="/category/business/steel-tariffs",
        title="Steel tariffs squeeze carmakers",
        body=["New tariffs on steel raised costs for carmakers, industry groups said."],
        comments=[FakeComment("ito", "Prices will rise for everyone.", 9, 2)],
        published=datetime.now(JST) - timedelta(hours=1),
    )


@pytest.fixture
async def sites() -> AsyncIterator[tuple[NewsSite, NewsSite]]:
    async with NewsSite() as flaky, NewsSite() as steady:
        yield flaky, steady


async def runtime_for(tmp_path: Path, flaky: NewsSite, steady: NewsSite) -> Runtime:
    config = tmp_path / "c.toml"
    flaky_feed = flaky.url_for("/feed").replace("127.0.0.1", "localhost")
    config.write_text(
        f"""
[poll]
interval_minutes = 10
[http]
retries = 0
timeout_seconds = 2
max_response_bytes = 2_000_000
[[sources]]
name = "flaky"
kind = "japantoday"
feeds = [{json.dumps(flaky_feed)}]
[[sources]]
name = "steady"
kind = "japantoday"
feeds = [{json.dumps(steady.url_for("/feed"))}]
[[topics]]
name = "tariffs"
include = ["tariffs?"]
[discord]
failure_threshold = 3
[security]
allow_private_addresses = true
"""
    )
    runtime = Runtime(load_settings(config, environ={"DIGESTBOT_DATA_DIR": str(tmp_path)}))
    await runtime.open()
    return runtime


FAULTS = [
    pytest.param(Fault.http_status(500), "HTTP 500", id="500"),
    pytest.param(Fault.http_status(503, retry_after="1"), "HTTP 503", id="503-retry-after"),
    pytest.param(Fault.reset(), "", id="connection-reset"),
    pytest.param(Fault.redirect_loop(), "too many redirects", id="redirect-loop"),
    pytest.param(Fault.huge(5_000_000), "larger than 2000000 bytes", id="50MB-body"),
    pytest.param(Fault.gzip_bomb(50_000_000), "larger than 2000000 bytes", id="gzip-bomb"),
    pytest.param(Fault.empty(), "", id="empty"),
    pytest.param(Fault.binary(), "not well-formed XML", id="binary"),
    pytest.param(Fault.delay(5), "timed out", id="timeout"),
]


@pytest.mark.parametrize(("fault", "reason"), FAULTS)
async def test_a_failing_feed_is_isolated_counted_backed_off_and_recovers(
    tmp_path: Path, sites: tuple[NewsSite, NewsSite], fault: Fault, reason: str
) -> None:
    flaky, steady = sites
    flaky.add_article(sample_tariff_article())
    flaky.publish_feed("/feed")
    steady.add_article(other_article())
    steady.publish_feed("/feed")
    flaky.set_fault("/feed", fault)
    notices: list[str] = []
    runtime = await runtime_for(tmp_path, flaky, steady)

    async def notice(text: str) -> None:
        notices.append(text)

    runtime.notices = notice
    try:
        now = datetime.now(UTC)
        first = await runtime.poller.run_once(now=now)
        assert "source:flaky" in first.errors
        assert reason in first.errors["source:flaky"]
        # The other source was read in the same cycle.
        assert first.new_articles == 1
        assert await runtime.store.get_article(steady.url_for(other_article().path)) is not None

        # Failures are counted in the store; the threshold is reached on the third cycle,
        # each one late enough to pass the growing backoff.
        for _ in range(2):
            now += backoff(3, INTERVAL, jitter=0) + INTERVAL
            await runtime.poller.run_once(now=now)
        [state] = [s for s in await runtime.store.fetch_states("flaky") if s.url == "source:flaky"]
        assert state.failures == 3
        assert len(notices) == 1
        assert "flaky" in notices[0] and "3 polls in a row" in notices[0]

        # Backing off: the next cycle, one interval later, leaves the flaky source alone.
        requests_before = len(flaky.requests_for("/feed"))
        resting = await runtime.poller.run_once(now=now + INTERVAL)
        assert resting.backing_off == ["flaky"]
        assert len(flaky.requests_for("/feed")) == requests_before

        # The site comes back: one recovery notice, and its article is read in full.
        flaky.clear_fault("/feed")
        recovered = await runtime.poller.run_once(now=now + MAX_WAIT)
        assert "source:flaky" not in recovered.errors
        assert len(notices) == 2 and "works again" in notices[1]
        stored = await runtime.store.get_article(flaky.url_for(sample_tariff_article().path))
        assert stored is not None and len(stored.comments) == 5
        # No further notices while it stays healthy.
        await runtime.poller.run_once(now=now + MAX_WAIT + INTERVAL)
        assert len(notices) == 2
    finally:
        await runtime.close()


MAX_WAIT = timedelta(hours=7)


async def test_changed_markup_counts_as_a_failing_source(
    tmp_path: Path, sites: tuple[NewsSite, NewsSite]
) -> None:
    flaky, steady = sites
    article = sample_tariff_article()
    url = flaky.add_article(article)
    flaky.publish_feed("/feed")
    steady.add_article(other_article())
    steady.publish_feed("/feed")
    # The page still announces 5 comments but the blocks are gone.
    flaky.set_fault(article.path, Fault.empty())
    runtime = await runtime_for(tmp_path, flaky, steady)
    try:
        report = await runtime.poller.run_once()
        page_errors = [e for u, e in report.errors.items() if article.path in u]
        assert page_errors, report.errors
        [state] = [s for s in await runtime.store.fetch_states("flaky") if s.url == "source:flaky"]
        assert state.failures == 1
        assert state.last_error and article.path in state.last_error
        assert url
    finally:
        await runtime.close()


def test_backoff_doubles_from_one_interval_and_is_capped() -> None:
    assert backoff(1, INTERVAL, jitter=0) == timedelta(0)
    assert backoff(2, INTERVAL, jitter=0) == 2 * INTERVAL
    assert backoff(4, INTERVAL, jitter=0) == 8 * INTERVAL
    assert backoff(30, INTERVAL, jitter=0) == timedelta(hours=6)
    assert backoff(4, INTERVAL, jitter=0.999) < backoff(4, INTERVAL, jitter=0)
