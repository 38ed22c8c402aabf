"""PageReader: article pages read in a worker process give what reading them in place gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import ExtractionError
from bot.extract import read_page
from bot.page_reader import PageReader

PAGE = Path(__file__).parent / "fixtures" / "japantoday" / "tariff-talks.html"
URL = "https://japantoday.com/category/politics/japan-tariff-negotiator-talks"
FETCHED = datetime(2025, 7, 6, 3, 0, tzinfo=UTC)


@pytest.fixture
async def reader() -> AsyncIterator[PageReader]:
    pages = PageReader(workers=1)
    try:
        yield pages
    finally:
        pages.close()


async def test_a_worker_reads_the_same_page_as_the_bot_process(reader: PageReader) -> None:
    html = PAGE.read_text(encoding="utf-8")
    here = read_page(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    there = await reader.read(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    assert there == here
    assert len(there.comments) > 10


async def test_a_page_that_cannot_be_read_raises_the_same_error(reader: PageReader) -> None:
    with pytest.raises(ExtractionError) as here:
        read_page("   ", URL, fetched_at=FETCHED, site_tz="UTC")
    with pytest.raises(ExtractionError) as there:
        await reader.read("   ", URL, fetched_at=FETCHED, site_tz="UTC")
    assert (there.value.url, there.value.reason) == (here.value.url, here.value.reason)
    assert there.value.reason == "the document is empty"


async def test_a_worker_killed_costs_no_page(reader: PageReader) -> None:
    html = PAGE.read_text(encoding="utf-8")
    first = await reader.read(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    [pid] = reader.worker_pids()
    os.kill(pid, signal.SIGKILL)
    again = await reader.read(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    assert again == first
    # The next page goes to a new worker.
    third = await reader.read(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    assert third == first
    assert reader.worker_pids() and pid not in reader.worker_pids()


async def test_no_workers_reads_in_place_and_starts_no_process() -> None:
    pages = PageReader(workers=0)
    html = PAGE.read_text(encoding="utf-8")
    page = await pages.read(html, URL, fetched_at=FETCHED, site_tz="Asia/Tokyo")
    assert page.comments and pages.worker_pids() == []
    pages.close()


BOT_THAT_READS_A_PAGE = """
import asyncio, sys, time
from datetime import UTC, datetime
from bot.page_reader import PageReader

async def main() -> None:
    reader = PageReader(workers=1)
    html = open(sys.argv[1], encoding="utf-8").read()
    await reader.read(html, "https://japantoday.com/x", fetched_at=datetime.now(UTC), site_tz="UTC")
    print(reader.worker_pids()[0], flush=True)
    time.sleep(60)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_a_worker_exits_when_the_bot_is_killed_outright(tmp_path: Path) -> None:
    script = tmp_path / "bot_that_reads.py"
    script.write_text(BOT_THAT_READS_A_PAGE, encoding="utf-8")
    bot = subprocess.Popen(
        [sys.executable, str(script), str(PAGE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    try:
        assert bot.stdout is not None
        worker = int(bot.stdout.readline())
        assert _alive(worker)
    finally:
        bot.kill()
        bot.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker), "the worker outlived the bot"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
