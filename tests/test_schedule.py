from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import UserInputError
from bot.schedule import next_run

AFTER = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo, a Wednesday


@pytest.mark.parametrize(
    ("schedule", "expected_local"),
    [
        ("daily 09:00", "2026-11-26 09:00"),
        ("Daily  18:45", "2026-11-25 18:45"),
        ("weekdays 08:30", "2026-11-26 08:30"),
        ("weekly fri 18:00", "2026-11-27 18:00"),
        ("weekly Monday 07:00", "2026-11-30 07:00"),
        ("hourly", "2026-11-25 10:00"),
        ("every 6h", "2026-11-25 12:00"),
        ("0 9 * * 1-5", "2026-11-26 09:00"),
    ],
)
def test_schedules_fire_in_the_guild_timezone(schedule: str, expected_local: str) -> None:
    when = next_run(schedule, "Asia/Tokyo", AFTER)
    assert when is not None
    assert when.strftime("%Y-%m-%d %H:%M") == expected_local
    assert str(when.tzinfo) == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("schedule", "tz", "message"),
    [
        ("daily 25:00", "UTC", "is not a time of day"),
        ("bogus", "UTC", "is not a schedule"),
        ("*/5 * * * *", "UTC", "at most every 15 minutes"),
        ("every 10m", "UTC", "15m–59m"),
        ("0 9 * * 9", "UTC", "not a valid cron schedule"),
        ("", "UTC", "empty"),
        ("daily 09:00", "Mars/Base", "unknown timezone"),
        ("; DROP TABLE subscriptions; --", "UTC", "is not a schedule"),
    ],
)
def test_bad_schedules_are_refused_clearly(schedule: str, tz: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        next_run(schedule, tz, AFTER)
