"""The /stats chart: a real PNG whose size and content follow the data."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from bot.charts import PNG_SIGNATURE, stats_chart
from bot.store import DailyStats

START = date(2025, 7, 1)


def _rows(days: int, scale: int = 1) -> list[DailyStats]:
    return [
        DailyStats(START + timedelta(days=i), i % 3, 4 * i * scale, 40 * i * scale)
        for i in range(days)
    ]


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", png[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", png[16:24])
    crc = struct.unpack(">I", png[29:33])[0]
    assert zlib.crc32(png[12:29]) == crc, "IHDR checksum"
    return width, height


def test_chart_is_an_800_by_600_png() -> None:
    png = stats_chart(_rows(14), "tariffs: the last 14 days")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _png_size(png) == (800, 600)
    assert png.endswith(b"IEND\xaeB`\x82")


def test_same_rows_same_picture_different_rows_different_picture() -> None:
    assert stats_chart(_rows(7), "t") == stats_chart(list(reversed(_rows(7))), "t")
    assert stats_chart(_rows(7), "t") != stats_chart(_rows(7, scale=3), "t")


def test_no_rows_still_draws_a_chart() -> None:
    assert _png_size(stats_chart([], "tariffs: nothing yet")) == (800, 600)
