"""The Prometheus text format as /metrics serves it, and the live-update change rule."""

from __future__ import annotations

import pytest

from bot.metrics import BotMetrics, Counter, Gauge, Histogram, Registry
from bot.render.parts import materially_changed, thread_name


def test_counters_gauges_and_histograms_render_in_the_text_format() -> None:
    registry = Registry()
    errors = registry.add(Counter("x_errors_total", "Errors by source", ["source"]))
    level = registry.add(Gauge("x_level", "A level", source=lambda: 2.5))
    lag = registry.add(Histogram("x_lag_seconds", "Lag", buckets=(1, 5)))
    errors.inc(source='ja"pan\\today')
    errors.inc(2, source="reddit")
    lag.observe(0.5)
    lag.observe(3)
    lag.observe(7.25)
    assert level.value() == 2.5
    assert registry.render() == (
        "# HELP x_errors_total Errors by source\n"
        "# TYPE x_errors_total counter\n"
        'x_errors_total{source="ja\\"pan\\\\today"} 1\n'
        'x_errors_total{source="reddit"} 2\n'
        "# HELP x_level A level\n"
        "# TYPE x_level gauge\n"
        "x_level 2.5\n"
        "# HELP x_lag_seconds Lag\n"
        "# TYPE x_lag_seconds histogram\n"
        'x_lag_seconds_bucket{le="1"} 1\n'
        'x_lag_seconds_bucket{le="5"} 2\n'
        'x_lag_seconds_bucket{le="+Inf"} 3\n'
        "x_lag_seconds_sum 10.75\n"
        "x_lag_seconds_count 3\n"
    )


def test_misuse_is_refused() -> None:
    counter = Counter("x_total", "x", ["source"])
    with pytest.raises(ValueError, match="cannot go down"):
        counter.inc(-1, source="a")
    with pytest.raises(ValueError, match="takes labels"):
        counter.inc(kind="a")
    with pytest.raises(ValueError, match="bad metric"):
        Counter("x-total", "x")
    registry = Registry()
    registry.add(Counter("x_total", "x"))
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(Counter("x_total", "x"))


def test_the_bot_metrics_read_gauges_at_scrape_time() -> None:
    guilds = [1, 2, 3]
    metrics = BotMetrics(latency=lambda: 0.042, guilds=lambda: len(guilds))
    metrics.polls.inc()
    guilds.append(4)
    text = metrics.render()
    assert "digestbot_gateway_latency_seconds 0.042\n" in text
    assert "digestbot_guilds 4\n" in text
    assert "digestbot_polls_total 1\n" in text
    assert "digestbot_digests_posted_total 0\n" in text


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ({"top": ["a", "b"], "votes": 40}, {"top": ["a", "b"], "votes": 49}, False),
        ({"top": ["a", "b"], "votes": 40}, {"top": ["a", "b"], "votes": 50}, True),
        ({"top": ["a", "b"], "votes": 100}, {"top": ["a", "b"], "votes": 115}, False),
        ({"top": ["a", "b"], "votes": 100}, {"top": ["a", "b"], "votes": 120}, True),
        ({"top": ["a", "b"], "votes": 40}, {"top": ["b", "a"], "votes": 40}, False),
        ({"top": ["a", "b"], "votes": 40}, {"top": ["c", "a"], "votes": 41}, True),
        ({"top": ["a"], "votes": 0}, {"top": ["a"], "votes": 9}, False),
    ],
)
def test_a_live_update_needs_a_new_top_comment_or_a_real_vote_swing(
    old: dict[str, object], new: dict[str, object], changed: bool
) -> None:
    assert materially_changed(old, new) is changed


def test_nothing_recorded_means_no_edit() -> None:
    assert materially_changed(None, {"top": ["a"], "votes": 500}) is False


def test_thread_names_are_one_line_of_at_most_100_characters() -> None:
    assert thread_name("Tariffs\n  rise\u200b again") == "Tariffs rise again"
    long = thread_name("word " * 40)
    assert len(long) == 100 and long.endswith("…")
    assert thread_name("  ") == "Discussion"
