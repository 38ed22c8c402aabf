"""The revisit schedule: when a feed or thread answered before is asked again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from bot.revisit import MAX_REMEMBERED, Revisits, Round

T = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
INTERVAL = timedelta(minutes=10)
URL = "https://news.example/story"


def schedule(cycles: int = 6) -> Revisits:
    return Revisits(INTERVAL, INTERVAL * cycles)


def test_a_url_never_asked_is_due() -> None:
    assert schedule().due(URL, T)


def test_a_lively_url_is_asked_every_cycle_and_not_sooner() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T)
    assert revisits.wait(URL) == INTERVAL
    assert not revisits.due(URL, T + INTERVAL / 2)
    # Cycles start a little early or late: a tenth of an interval of slack.
    assert revisits.due(URL, T + INTERVAL - timedelta(seconds=30))


def test_a_quiet_url_waits_half_its_quiet_time_within_the_bounds() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T - timedelta(minutes=50))
    assert revisits.wait(URL) == timedelta(minutes=25)
    assert not revisits.due(URL, T + INTERVAL)
    assert revisits.due(URL, T + timedelta(minutes=25))
    revisits.asked(URL + "/old", T, changed=T - timedelta(hours=10))
    assert revisits.wait(URL + "/old") == INTERVAL * 6  # at least every six cycles
    revisits.asked(URL + "/new", T, changed=T - timedelta(minutes=4))
    assert revisits.wait(URL + "/new") == INTERVAL  # never more often than every cycle


def test_a_change_seen_puts_a_quiet_url_back_on_every_cycle() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T - timedelta(hours=10))
    later = T + INTERVAL * 6
    revisits.asked(URL, later, changed=later)
    assert revisits.wait(URL) == INTERVAL
    assert revisits.due(URL, later + INTERVAL)


def test_unchanged_answers_keep_the_last_change_known() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T)
    revisits.asked(URL, T + timedelta(minutes=40), changed=None)
    assert revisits.wait(URL) == timedelta(minutes=20)
    # An older date in a later answer does not hide the change already seen.
    revisits.asked(URL, T + timedelta(minutes=40), changed=T - timedelta(hours=5))
    assert revisits.wait(URL) == timedelta(minutes=20)


def test_a_url_that_only_answers_unchanged_backs_off_from_its_first_answer() -> None:
    revisits = schedule()
    asked_at = [T]
    revisits.asked(URL, T, changed=None)
    now = T
    for _ in range(20):
        now += INTERVAL
        if revisits.due(URL, now):
            revisits.asked(URL, now, changed=None)
            asked_at.append(now)
    gaps = [b - a for a, b in pairwise(asked_at)]
    assert gaps == sorted(gaps) and gaps[0] == INTERVAL and gaps[-1] == INTERVAL * 6


def test_a_date_in_the_future_counts_as_now() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T + timedelta(days=3))
    assert revisits.wait(URL) == INTERVAL


def test_a_clock_set_back_makes_everything_due() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T - timedelta(hours=10))
    assert revisits.due(URL, T - timedelta(minutes=1))


def test_one_cycle_at_most_asks_everything_every_cycle_however_soon() -> None:
    revisits = schedule(cycles=1)
    revisits.asked(URL, T, changed=T - timedelta(hours=10))
    assert revisits.due(URL, T + timedelta(seconds=1))


def test_the_least_recently_asked_are_dropped_beyond_the_limit() -> None:
    revisits = schedule()
    quiet = T - timedelta(hours=10)
    for n in range(MAX_REMEMBERED + 1):
        revisits.asked(f"{URL}/{n}", T, changed=quiet)
    assert len(revisits) == MAX_REMEMBERED
    assert revisits.due(f"{URL}/0", T + INTERVAL)  # dropped: simply due
    assert not revisits.due(f"{URL}/{MAX_REMEMBERED}", T + INTERVAL)


def test_a_round_counts_what_it_left_for_later_unless_it_asks_everything() -> None:
    revisits = schedule()
    revisits.asked(URL, T, changed=T - timedelta(hours=10))
    round_ = Round(revisits, T + INTERVAL)
    assert not round_.due(URL) and round_.due(URL + "/new")
    assert round_.not_due == 1
    assert Round(revisits, T + INTERVAL, everything=True).due(URL)
