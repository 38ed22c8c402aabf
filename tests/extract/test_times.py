"""Comment times as sites print them, read against the fetch time in Japan."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.extract import parse_posted, split_byline
from bot.extract.times import PostedReader
from bot.extract.walk import Clock
from bot.sources.japantoday import parse_jst_time


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# fetched at 00:30 JST on Jul 7 (15:30 UTC on Jul 6): "Today" is Jul 7 in Japan already
JUST_AFTER_MIDNIGHT_JST = utc(2025, 7, 6, 15, 30)
# fetched at 23:50 JST on Jul 6 (14:50 UTC)
LATE_EVENING_JST = utc(2025, 7, 6, 14, 50)
# fetched at 09:00 JST on Jan 2, 2026
NEW_YEAR = utc(2026, 1, 2, 0, 0)


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("Today 06:39 pm JST", LATE_EVENING_JST, utc(2025, 7, 6, 9, 39)),
        ("Today 12:10 am JST", JUST_AFTER_MIDNIGHT_JST, utc(2025, 7, 6, 15, 10)),
        ("Yesterday 11:02 am JST", JUST_AFTER_MIDNIGHT_JST, utc(2025, 7, 6, 2, 2)),
        ("Yesterday 11:02 am JST", LATE_EVENING_JST, utc(2025, 7, 5, 2, 2)),
        ("Yesterday  11:58 pm JST", JUST_AFTER_MIDNIGHT_JST, utc(2025, 7, 6, 14, 58)),
        ("Jul. 6  08:15 am JST", LATE_EVENING_JST, utc(2025, 7, 5, 23, 15)),
        ("Jul 6, 2025 08:15 am JST", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("Dec. 31 11:50 pm JST", NEW_YEAR, utc(2025, 12, 31, 14, 50)),
        ("Jan. 1 12:05 am JST", NEW_YEAR, utc(2025, 12, 31, 15, 5)),
        ("Jan. 3 09:00 am JST", NEW_YEAR, utc(2025, 1, 3, 0, 0)),
        ("May 31 12:00 pm JST", NEW_YEAR, utc(2025, 5, 31, 3, 0)),
        ("6 July 2025 20:15", NEW_YEAR, utc(2025, 7, 6, 11, 15)),
        ("today at 6:39 PM", LATE_EVENING_JST, utc(2025, 7, 6, 9, 39)),
        ("2025-07-06T08:15:00+09:00", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("2025-07-06T08:15:00Z", NEW_YEAR, utc(2025, 7, 6, 8, 15)),
        ("2025-07-06 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("2025-07-06 08:15:32 PM", NEW_YEAR, utc(2025, 7, 6, 11, 15, 32)),  # Fark
        # no year but a clock: the latest such day not after the fetch, the month first in
        # Tokyo (PTT's "07/08 11:03" in Taipei); a day and month alone are no time
        ("07/06 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("12/31 23:50", NEW_YEAR, utc(2025, 12, 31, 14, 50)),
        ("2025-07-06 12:15:32 AM", NEW_YEAR, utc(2025, 7, 5, 15, 15, 32)),
        ("3 hours ago", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),
        ("an hour ago", LATE_EVENING_JST, utc(2025, 7, 6, 13, 50)),
        ("just now", LATE_EVENING_JST, LATE_EVENING_JST),
        ("Jul. 6  08:15 am EDT", LATE_EVENING_JST, utc(2025, 7, 6, 12, 15)),
        # 5ch: a weekday in brackets and hundredths of a second
        ("2025/07/06(日) 08:15:32.41", NEW_YEAR, utc(2025, 7, 5, 23, 15, 32)),
        # futaba: two digits of the year before a weekday, no space before the clock
        ("25/07/06(日)08:15:32", NEW_YEAR, utc(2025, 7, 5, 23, 15, 32)),
        ("2025/07/06(日)08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        # Japanese and Chinese: dates, weekdays, day words, "… ago", forums' "posted at"
        ("2025年7月6日 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("2025年7月6日(日) 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("7月6日 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("7/6(日) 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        # the weekday tells the year: July 6 was a Saturday in 2024, a Sunday in 2025
        ("7/6(土) 08:15", NEW_YEAR, utc(2024, 7, 5, 23, 15)),
        ("7月6日(土) 08:15", NEW_YEAR, utc(2024, 7, 5, 23, 15)),
        ("昨日 23:50", NEW_YEAR, utc(2026, 1, 1, 14, 50)),
        ("昨天 23:50", NEW_YEAR, utc(2026, 1, 1, 14, 50)),
        ("3時間前", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),
        ("2 小时前", LATE_EVENING_JST, utc(2025, 7, 6, 12, 50)),
        ("5分前", LATE_EVENING_JST, utc(2025, 7, 6, 14, 45)),
        ("たった今", LATE_EVENING_JST, LATE_EVENING_JST),
        ("发表于 2025-7-6 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("投稿日：2025/07/06(日) 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("2025.07.06. 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),  # Korean sites
        # Drupal; the weekday tells which of July 6 and June 7 "07/06" is, and which year
        ("Sun, 07/06/2025 - 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("Sat, 07/06/2025 - 08:15", NEW_YEAR, utc(2025, 6, 6, 23, 15)),
        ("Saturday, July 6 08:15", NEW_YEAR, utc(2024, 7, 5, 23, 15)),
        # German, French, Spanish, Italian, Portuguese, Dutch
        ("6. Juli 2025 um 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("6 juillet 2025 à 08h15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("6 de julio de 2025, 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("6 luglio 2025 alle 08:15", NEW_YEAR, utc(2025, 7, 5, 23, 15)),
        ("6 août", NEW_YEAR, utc(2025, 8, 5, 15, 0)),
        ("vor 3 Stunden", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),
        ("vor einem Tag", LATE_EVENING_JST, utc(2025, 7, 5, 14, 50)),
        ("vor 3 Std.", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),  # abbreviated (20 Minuten)
        ("vor 10 Min.", LATE_EVENING_JST, utc(2025, 7, 6, 14, 40)),
        ("il y a 3 heures", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),
        ("hace 2 horas", LATE_EVENING_JST, utc(2025, 7, 6, 12, 50)),
        ("há 2 dias", LATE_EVENING_JST, utc(2025, 7, 4, 14, 50)),
        ("3 ore fa", LATE_EVENING_JST, utc(2025, 7, 6, 11, 50)),
        ("2 uur geleden", LATE_EVENING_JST, utc(2025, 7, 6, 12, 50)),
        ("gestern um 23:50", NEW_YEAR, utc(2026, 1, 1, 14, 50)),
        ("hier à 23h50", NEW_YEAR, utc(2026, 1, 1, 14, 50)),
    ],
)
def test_posted_times(text: str, now: datetime, expected: datetime) -> None:
    assert parse_posted(text, now=now, tz="Asia/Tokyo") == expected


@pytest.mark.parametrize(
    "text",
    ["", "Reply", "Section 232", "13:75 pm JST", "Today 25:10", "Feb. 30 10:00 am JST", "x" * 200],
)
def test_not_a_time(text: str) -> None:
    assert parse_posted(text, now=LATE_EVENING_JST) is None


def test_site_timezone_applies_when_the_text_names_none() -> None:
    moment = parse_posted("Today 09:00", now=utc(2025, 7, 6, 20, 0), tz="America/New_York")
    assert moment == utc(2025, 7, 6, 13, 0)  # 09:00 EDT; 16:00 EDT is still Jul 6 there


def test_naive_fetch_time_is_utc() -> None:
    assert parse_posted("Today 06:39 pm JST", now=datetime(2025, 7, 6, 14, 50)) == utc(
        2025, 7, 6, 9, 39
    )


def test_leap_day_without_a_year_is_the_last_leap_year() -> None:
    assert parse_posted("Feb. 29 10:00 am JST", now=NEW_YEAR) == utc(2024, 2, 29, 1, 0)


def test_japan_today_helper() -> None:
    assert parse_jst_time("Yesterday 11:02 am JST", LATE_EVENING_JST) == utc(2025, 7, 5, 2, 2)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("danToday  06:39 pm JST", ("dan", "Today  06:39 pm JST")),
        ("OssanAmericaToday 08:25 pm JST", ("OssanAmerica", "Today 08:25 pm JST")),
        ("Peter Neil · Jul. 6  08:15 am JST", ("Peter Neil", "Jul. 6  08:15 am JST")),
        ("posted by bob on Jul 6, 2025 08:15 am JST", ("bob", "Jul 6, 2025 08:15 am JST")),
        ("Yesterday 11:02 am JST", ("", "Yesterday 11:02 am JST")),
        ("Section 232 tariffs", None),
        ("America is not your friend Japan .", None),
        ("江南老股民 发表于 2025-7-8 10:32", ("江南老股民", "发表于 2025-7-8 10:32")),
        ("名無しさん 2025/07/08(火) 10:15:32.41", ("名無しさん", "2025/07/08(火) 10:15:32.41")),
        ("kaori 昨日 10:15", ("kaori", "昨日 10:15")),
        ("bob 3時間前", ("bob", "3時間前")),
        ("関税は7月から", None),
        ("Jürgen vor 3 Stunden", ("Jürgen", "vor 3 Stunden")),
        ("Hélène 8 juillet 2025 à 10h15", ("Hélène", "8 juillet 2025 à 10h15")),
        # the European grammars on ASCII lines too, glued to the name or not
        ("Nuria Blanco Ortizhace 2 horas", ("Nuria Blanco Ortiz", "hace 2 horas")),
        ("Mario Rossi 8 luglio 2025 alle 9.12", ("Mario Rossi", "8 luglio 2025 alle 9.12")),
        ("Prices rose 8 percent in 2025", None),
    ],
)
def test_bylines(line: str, expected: tuple[str, str] | None) -> None:
    assert split_byline(line) == expected


def test_byline_lookahead_keeps_every_grammar_start() -> None:
    """The lookahead of the byline pattern only turns away positions no grammar starts at."""
    import re

    from bot.extract.times import _ALL_TIMES, _BYLINE, _CJK_STARTS, TIME_EXPRESSION, TIME_STARTS

    plain = re.compile(rf"(?P<name>.*?)\s*(?P<time>{TIME_EXPRESSION})\s*", re.IGNORECASE)
    starts = re.compile(TIME_STARTS, re.IGNORECASE)
    times = [
        "2025-07-05 11:00",
        "Today 06:39 pm JST",
        "yesterday at 11:02 AM",
        "Jul. 6  08:15 am JST",
        "Tuesday, July 1, 2025 11:00 AM",
        "6 July 2025 20:15",
        "Sat 6 Jul 20:15",
        "3 hours ago",
        "an hour ago",
        "one day ago",
        "just now",
        "moments ago",
        "Now",
    ]
    for time in times:
        assert starts.match(time), time
        for line in (time, f"dan{time}", f"dan {time}", f"by dan · {time} ", f"x{time.upper()}"):
            new, old = _BYLINE.fullmatch(line), plain.fullmatch(line)
            assert (new and new.groupdict()) == (old and old.groupdict()), line

    # the Chinese and Japanese grammars, tried on lines that are not ASCII
    every = re.compile(rf"(?P<name>.*?)\s*(?P<time>{_ALL_TIMES})\s*", re.IGNORECASE)
    cjk_starts = re.compile(_CJK_STARTS, re.IGNORECASE)
    for time in ["2025年7月8日 10:15", "7/8(火) 10:15", "昨日 10:15", "3時間前", "发表于 2025-7-8"]:
        assert cjk_starts.match(time), time
        for line in (time, f"名無し{time}", f"名無し {time}", f"dan · {time} "):
            new, old = _BYLINE.fullmatch(line), every.fullmatch(line)
            assert (new and new.groupdict()) == (old and old.groupdict()), line


def test_byline_of_ascii_lines_is_read_lowercased() -> None:
    """An ASCII line is matched lowercased, case-sensitively: the same name and time."""
    import re

    from bot.extract.times import _BYLINE, _match_byline

    lines = [
        "danToday  06:39 pm JST",
        "DAN YESTERDAY 11:02 AM JST",
        "Posted by Kim on Jul 6, 2025 08:15 AM (JST)",
        "alice 2025-07-05T11:00Z",
        "bob · 3 HOURS AGO",
        "Desert TortoiseJul. 6  08:15 am JST",
        "no time here",
    ]
    for line in lines:
        fast, plain = _match_byline(line), _BYLINE.fullmatch(line)
        assert (fast and fast.span("name"), fast and fast.span("time")) == (
            plain and plain.span("name"),
            plain and plain.span("time"),
        ), line
    assert re.search(r"\\[A-Z]", _BYLINE.pattern) is None


# fetched at 18:00 JST on Nov 26, 2026
LATE_NOVEMBER = utc(2026, 11, 26, 9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/11/24 10:00", utc(2026, 11, 24, 1, 0)),  # read in the site's zone (Japan)
        ("2026/11/24(火) 22:15", utc(2026, 11, 24, 13, 15)),
        ("2026.11.24", utc(2026, 11, 23, 15, 0)),
        ("2026. 11. 24. 10:41", utc(2026, 11, 24, 1, 41)),  # a space after each dot (Korean)
        ("26.11.24 10:41", utc(2026, 11, 24, 1, 41)),  # a short year first (Bobaedream)
        ("24.11.26 10:41", utc(2026, 11, 24, 1, 41)),  # the day first: the nearer past reading
        ("24.11.2026 10:00", utc(2026, 11, 24, 1, 0)),  # dots: the day first
        ("24. 11. 2026 10:00", utc(2026, 11, 24, 1, 0)),  # a space after each dot (Czech)
        ("24.11.2026. 10:00", utc(2026, 11, 24, 1, 0)),  # the year's own dot (Croatian)
        ("24.11.26, 10:00", utc(2026, 11, 24, 1, 0)),
        ("05.11.2026 10:00", utc(2026, 11, 5, 1, 0)),
        ("11/24/2026 10:00 AM", utc(2026, 11, 24, 1, 0)),  # 24 cannot be a month
        ("24/11/2026 10:00", utc(2026, 11, 24, 1, 0)),
        ("11-24-2026,\xa010:00 AM", utc(2026, 11, 24, 1, 0)),  # vBulletin
        ("11/05/2026 10:00", utc(2026, 11, 5, 1, 0)),  # Nov 5 is nearer before the fetch
        ("05/11/2026 10:00", utc(2026, 11, 5, 1, 0)),  # than May 11 / Nov 5 read otherwise
        ("1.10.22", None),  # a two-digit year without a clock: as likely a version number
        ("13/13/2026", None),
    ],
)
def test_all_number_dates(text: str, expected: datetime | None) -> None:
    assert parse_posted(text, now=LATE_NOVEMBER, tz="Asia/Tokyo") == expected


def test_a_byline_ending_in_an_all_number_date() -> None:
    assert split_byline("farmer_sato 24.11.26, 10:00") == ("farmer_sato", "24.11.26, 10:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday at 09:02 AM", datetime(2026, 11, 20, 9, 2, tzinfo=UTC)),  # the last Friday
        ("Thursday 8:00", datetime(2026, 11, 26, 8, 0, tzinfo=UTC)),  # today is a Thursday
        ("Monday, Nov 23 9:00", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        (
            "Friday, November 20th, 2026 at 9:41:17 AM GMT+00:00",  # Lemmy's tooltip
            datetime(2026, 11, 20, 9, 41, 17, tzinfo=UTC),
        ),
        ("November 20, 2026 9:41 AM GMT+09:00", datetime(2026, 11, 20, 0, 41, tzinfo=UTC)),
        ("24 ноября, 21:15", datetime(2026, 11, 24, 21, 15, tzinfo=UTC)),  # Russian, Polish
        ("вчера в 20:52", datetime(2026, 11, 25, 20, 52, tzinfo=UTC)),
        ("3 часа назад", datetime(2026, 11, 26, 6, tzinfo=UTC)),
        ("24 listopada 2026 o 10:15", datetime(2026, 11, 24, 10, 15, tzinfo=UTC)),
        ("2 godziny temu", datetime(2026, 11, 26, 7, tzinfo=UTC)),
        ("pre 23 sata", datetime(2026, 11, 25, 10, tzinfo=UTC)),  # Serbian, Croatian, Czech
        ("prije 2 dana", datetime(2026, 11, 24, 9, tzinfo=UTC)),
        ("před 6 hodinami", datetime(2026, 11, 26, 3, tzinfo=UTC)),
        ("pred 5 minútami", datetime(2026, 11, 26, 8, 55, tzinfo=UTC)),
        ("пре 3 сата", datetime(2026, 11, 26, 6, tzinfo=UTC)),
        ("pre 2 godine", datetime(2024, 11, 26, 9, tzinfo=UTC)),  # years, not Polish hours
        ("Igår, 14:02", datetime(2026, 11, 25, 14, 2, tzinfo=UTC)),  # Swedish (Flashback)
        ("Idag, 08:15", datetime(2026, 11, 26, 8, 15, tzinfo=UTC)),
        ("Nov 24, 2026 | 9:05", datetime(2026, 11, 24, 9, 5, tzinfo=UTC)),  # a bar between
        ("24 Novembre 2026 | 9.05", datetime(2026, 11, 24, 9, 5, tzinfo=UTC)),  # (Corriere)
        (  # JavaScript's Date.toString(): the offset, then the zone's long name (Commento)
            "Tue Nov 24 2026 09:05:12 GMT-0500 (Eastern Standard Time)",
            datetime(2026, 11, 24, 14, 5, 12, tzinfo=UTC),
        ),
        (
            "Tue Nov 24 2026 09:05:12 GMT+0100 (Mitteleuropäische Normalzeit)",
            datetime(2026, 11, 24, 8, 5, 12, tzinfo=UTC),
        ),
    ],
)
def test_weekdays_of_the_past_week_and_gmt_offsets(text: str, expected: datetime) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert parse_posted(text, now=now, tz="UTC") == expected


def test_direction_marks_around_a_time_are_invisible() -> None:
    # Khoros writes "\u200e07-07-2025" so that right-to-left pages show the date in order
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    assert parse_posted("\u200e07-07-2025 02:51 PM", now=now, tz="America/Los_Angeles") == (
        datetime(2025, 7, 7, 21, 51, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Paris", datetime(2025, 7, 8, 8, 0, tzinfo=UTC)),  # the day first
        ("America/New_York", datetime(2025, 8, 7, 14, 0, tzinfo=UTC)),  # the month first
    ],
)
def test_an_all_number_date_read_long_after_follows_the_zones_custom(
    tz: str, expected: datetime
) -> None:
    # both readings are long past: which is nearer says nothing, the custom does
    assert parse_posted("08/07/2025 10:00", now=LATE_NOVEMBER, tz=tz) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:05 8/7", utc(2025, 7, 8, 0, 5)),  # VnExpress: the clock first, then the day
        ("14:32 08.07.2025", utc(2025, 7, 8, 7, 32)),
        ("35 phút trước", utc(2025, 7, 9, 2, 25)),  # Vietnamese: 35 minutes ago
        ("2 giờ trước", utc(2025, 7, 9, 1, 0)),
        ("45 menit yang lalu", utc(2025, 7, 9, 2, 15)),  # Indonesian: 45 minutes ago
        ("2 minggu lalu", utc(2025, 6, 25, 3, 0)),  # two weeks (not minutes: "min…")
        # Ekşi Sözlük: posted, then edited ("~ 09:52", or another day's "~ 09.07.2025 10:00")
        ("08.07.2025 09:14 ~ 09:52", utc(2025, 7, 8, 2, 14)),
        ("08.07.2025 09:14 ~ 09.07.2025 10:00", utc(2025, 7, 8, 2, 14)),
        # Nairaland: the clock, then "On" and a named month, the year when not this year's
        ("11:50am On Jul 8", utc(2025, 7, 8, 4, 50)),
        ("3:17pm On Oct 30, 2014", utc(2014, 10, 30, 8, 17)),
    ],
)
def test_clock_first_dates_vietnamese_ages_and_edit_times(text: str, expected: datetime) -> None:
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    assert parse_posted(text, now=now, tz="Asia/Ho_Chi_Minh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الثلاثاء 8 يوليوز 2025 - 11:02", utc(2025, 7, 8, 10, 2)),  # Tuesday, July (Morocco)
        ("8 يوليو 2025 - 11:02", utc(2025, 7, 8, 10, 2)),  # July, as the Mashriq names it
        ("منذ 3 ساعات", utc(2025, 7, 9, 0, 0)),  # 3 hours ago
        ("منذ 5 دقائق", utc(2025, 7, 9, 2, 55)),
        ("الثلاثاء", None),  # a weekday alone
    ],
)
def test_arabic_dates_and_ages(text: str, expected: datetime | None) -> None:
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    assert parse_posted(text, now=now, tz="Africa/Casablanca") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 กรกฎาคม 2568 เวลา  07:55:02 น.", utc(2025, 7, 8, 0, 55, 2)),  # the Buddhist era
        ("8 ก.ค. 2568 07:55 น.", utc(2025, 7, 8, 0, 55)),
        ("07/08/2025 07:55:02", utc(2025, 7, 8, 0, 55, 2)),  # (Pantip's data-utime)
    ],
)
def test_thai_dates(text: str, expected: datetime) -> None:
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    assert parse_posted(text, now=now, tz="Asia/Bangkok") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25-7-8 08:52", utc(2025, 7, 8, 0, 52)),  # Weibo's: a short year, then month, day
        ("25-12-8 08:52", utc(2025, 12, 8, 0, 52)),
    ],
)
def test_short_year_first_dates(text: str, expected: datetime) -> None:
    now = datetime(2025, 12, 9, 3, tzinfo=UTC)
    assert parse_posted(text, now=now, tz="Asia/Shanghai") == expected


def test_hungarian_dates_year_first() -> None:
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    assert parse_posted("2025. július 7., hétfő 20:31", now=now, tz="Europe/Budapest") == utc(
        2025, 7, 7, 18, 31
    )
    assert parse_posted("2025. júl. 7. 20:31", now=now, tz="Europe/Budapest") == utc(
        2025, 7, 7, 18, 31
    )


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        # a two-digit year last puts the day first, but in East Asia the year may come first
        ("23.04.18 20:30", "Europe/Moscow", utc(2018, 4, 23, 17, 30)),
        ("25.07.08 09:31", "Asia/Seoul", utc(2025, 7, 8, 0, 31)),
        # a WordPress blog's own formats: a comma before the year, "@" before the clock
        ("17.07, 2011 @ 13:04", "Europe/Berlin", utc(2011, 7, 17, 11, 4)),
        ("8. April 2019 @ 11:38", "Europe/Berlin", utc(2019, 4, 8, 9, 38)),
        ("22.04.18 в 23:19", "Europe/Moscow", utc(2018, 4, 22, 20, 19)),
        ("December 23, 2014, at 10:07 PM", "America/New_York", utc(2014, 12, 24, 3, 7)),
    ],
)
def test_short_and_blog_formatted_dates(text: str, tz: str, expected: datetime) -> None:
    assert parse_posted(text, now=utc(2025, 7, 9, 3), tz=tz) == expected


def test_a_short_year_first_beats_a_day_first_reading_in_the_future() -> None:
    """Bobaedream's "26.07.30 06:23" read the next day in Seoul: 30 July 2026, not 26 July
    2030."""
    now = utc(2026, 7, 31, 15)
    assert parse_posted("26.07.30 06:23", now=now, tz="Asia/Seoul") == utc(2026, 7, 29, 21, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(22 juin 2018 @11h13)", utc(2018, 6, 22, 9, 13)),  # in brackets (SPIP's)
        ("# ? Nov 17, 2011 14:13", utc(2011, 11, 17, 13, 13)),  # after a permalink's marks
        ("On December 23, 2011, at 10:07 PM, wrote:", utc(2011, 12, 23, 21, 7)),  # a byline's rest
        ("23.04.18 | 20:30 | ", utc(2018, 4, 23, 18, 30)),  # the day and clock parted by bars
        ("Ne, 15. dubna 2018, 09:43:45 | Souhlasím", utc(2018, 4, 15, 7, 43, 45)),
    ],
)
def test_a_time_among_marks_and_actions(text: str, expected: datetime) -> None:
    assert Clock(utc(2025, 7, 9, 3), "Europe/Paris").text(text) == expected


def test_a_date_without_its_year_is_read_before_the_moment_given_for_old_pages() -> None:
    """A page saved long ago (its story of May 2013): "May 2, 7:10 PM" is in 2013, the latest
    such before the moment the reader is given, not before the fetch; times with a year, and
    ages, still read against the fetch."""
    now = datetime(2025, 7, 9, 3, tzinfo=UTC)
    reader = PostedReader(now, "UTC", year_before=datetime(2014, 5, 1, tzinfo=UTC))
    assert reader.read("May 2, 7:10 PM") == datetime(2013, 5, 2, 19, 10, tzinfo=UTC)
    assert reader.read("May 2, 2024 7:10 PM") == datetime(2024, 5, 2, 19, 10, tzinfo=UTC)
    assert reader.read("3 hours ago") == datetime(2025, 7, 9, 0, tzinfo=UTC)
    assert PostedReader(now, "UTC").read("May 2, 7:10 PM") == datetime(
        2025, 5, 2, 19, 10, tzinfo=UTC
    )
