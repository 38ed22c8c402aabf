"""Subscription schedules: cron strings and friendly forms, in a guild's timezone.

Accepted forms (case-insensitive):

- ``daily 09:00`` — every day at that time
- ``weekdays 08:30`` — Monday to Friday
- ``weekly mon 09:00`` (or any day name: ``weekly friday 18:00``)
- ``hourly`` — at minute 0; ``every 6h`` / ``every 30m`` — fixed intervals within the day
- a 5-field cron string: ``minute hour day month day-of-week`` (``0 9 * * 1-5``)

Anything more frequent than every 15 minutes is refused: digests that often are noise.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from bot.errors import UserInputError

MIN_INTERVAL = timedelta(minutes=15)
DEFAULT_SCHEDULE = "daily 09:00"
_DAYS = {
    "mon": "mon", "monday": "mon", "tue": "tue", "tuesday": "tue", "wed": "wed",
    "wednesday": "wed", "thu": "thu", "thursday": "thu", "fri": "fri", "friday": "fri",
    "sat": "sat", "saturday": "sat", "sun": "sun", "sunday": "sun",
}  # fmt: skip
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_CRON_FIELD = re.compile(r"^[0-9a-zA-Z*/,\-?]{1,40}$")


def timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserInputError(
            f"unknown timezone {name[:60]!r}: use an IANA name such as Europe/Paris or Asia/Tokyo"
        ) from exc


def _at(text: str) -> tuple[str, str]:
    match = _TIME.match(text)
    if not match:
        raise UserInputError(f"{text[:20]!r} is not a time of day: use HH:MM, 24-hour (09:00)")
    return str(int(match.group(2))), str(int(match.group(1)))


def cron_fields(schedule: str) -> dict[str, str]:
    """The schedule as cron fields (minute, hour, day, month, day_of_week)."""
    text = " ".join(schedule.strip().lower().split())
    if not text:
        raise UserInputError("the schedule is empty: try 'daily 09:00' or a cron string")
    if len(text) > 100:
        raise UserInputError("the schedule is too long (at most 100 characters)")
    words = text.split(" ")
    fields = {"minute": "0", "hour": "*", "day": "*", "month": "*", "day_of_week": "*"}
    if words[0] in ("daily", "weekdays") and len(words) == 2:
        fields["minute"], fields["hour"] = _at(words[1])
        if words[0] == "weekdays":
            fields["day_of_week"] = "mon-fri"
    elif words[0] == "weekly" and len(words) == 3 and words[1] in _DAYS:
        fields["minute"], fields["hour"] = _at(words[2])
        fields["day_of_week"] = _DAYS[words[1]]
    elif text == "hourly":
        pass
    elif words[0] == "every" and len(words) == 2:
        match = re.fullmatch(r"(\d{1,2})([hm])", words[1])
        if not match:
            raise UserInputError("use 'every 6h' or 'every 30m'")
        n, unit = int(match.group(1)), match.group(2)
        if unit == "h" and 1 <= n <= 23:
            fields["hour"] = f"*/{n}"
        elif unit == "m" and 15 <= n <= 59:
            fields["minute"] = f"*/{n}"
        else:
            raise UserInputError("'every' takes 1h–23h or 15m–59m")
    elif len(words) == 5 and all(_CRON_FIELD.match(w) for w in words):
        fields = dict(zip(("minute", "hour", "day", "month", "day_of_week"), words, strict=True))
    else:
        raise UserInputError(
            f"{schedule[:60]!r} is not a schedule: use 'daily 09:00', 'weekdays 08:30', "
            "'weekly mon 09:00', 'hourly', 'every 6h' or a 5-field cron string like '0 9 * * 1-5'"
        )
    return fields


def parse_schedule(schedule: str, tz: str = "UTC") -> CronTrigger:
    """A validated APScheduler trigger for ``schedule`` in timezone ``tz``."""
    zone = timezone(tz)
    fields = cron_fields(schedule)
    try:
        trigger = CronTrigger(timezone=zone, **fields)
    except ValueError as exc:
        raise UserInputError(f"{schedule[:60]!r} is not a valid cron schedule: {exc}") from exc
    _check_frequency(trigger, schedule, zone)
    return trigger


def _check_frequency(trigger: CronTrigger, schedule: str, zone: ZoneInfo) -> None:
    now = datetime.now(zone)
    first = trigger.get_next_fire_time(None, now)
    if first is None:
        raise UserInputError(f"{schedule[:60]!r} never fires")
    previous = first
    for _ in range(6):
        following = trigger.get_next_fire_time(previous, previous + timedelta(seconds=1))
        if following is None:
            return
        if following - previous < MIN_INTERVAL:
            raise UserInputError("digests can be scheduled at most every 15 minutes")
        previous = following


def next_run(schedule: str, tz: str, after: datetime) -> datetime | None:
    trigger = parse_schedule(schedule, tz)
    return trigger.get_next_fire_time(None, after)
