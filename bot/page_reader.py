"""Reading article pages in worker processes, so that the event loop stays free.

Reading a page is pure CPU that holds the GIL: about 1 ms for an article with 20 comments,
50 ms for one with 1,000. Done on the event loop, a poll of thousands of pages delays every
slash command and every request of the poll itself, and uses one core of the machine. A
:class:`PageReader` with workers reads pages in that many processes (spawned on first use,
so a bot that never polls never starts them); with none it reads them in place.

The worker runs :func:`bot.extract.read_page` itself: the same code, the same result. A worker
that dies (killed, out of memory) costs no page: that page is read in place and the workers
are started again for the next ones.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TYPE_CHECKING

from bot.errors import ExtractionError
from bot.extract import Page, read_page

if TYPE_CHECKING:
    from config.settings import Selectors

log = logging.getLogger(__name__)

PARENT_CHECK_SECONDS = 0.5


class PageReader:
    """Reads article pages, in ``workers`` worker processes or (0) in this one."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    async def read(
        self,
        html: str,
        url: str,
        *,
        fetched_at: datetime,
        selectors: Selectors | None = None,
        site_tz: str | None,
    ) -> Page:
        """:func:`bot.extract.read_page` of ``html``; raises ExtractionError the same way."""
        if self.workers <= 0:
            return read_page(html, url, fetched_at=fetched_at, selectors=selectors, site_tz=site_tz)
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(
                self._executor(), _read_in_worker, html, url, fetched_at, selectors, site_tz
            )
        except BrokenProcessPool:
            log.warning("a page-reading worker died; reading %s in the bot's process", url)
            self._discard_pool()
            return read_page(html, url, fetched_at=fetched_at, selectors=selectors, site_tz=site_tz)
        if isinstance(outcome, Page):
            return outcome
        raise ExtractionError(url, outcome)

    def worker_pids(self) -> list[int]:
        """The worker processes running now (none before the first page)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return sorted(processes)

    def close(self) -> None:
        """Stop the workers (a page being read is abandoned)."""
        self._discard_pool()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": the bot process has threads (the database driver's), which a forked
            # child would inherit in whatever state they were.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _discard_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """In a worker: exit when the bot process is gone. A bot killed outright (SIGKILL, out
    of memory) cannot stop its workers, and nothing else would."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _read_in_worker(
    html: str, url: str, fetched_at: datetime, selectors: Selectors | None, site_tz: str | None
) -> Page | str:
    """In a worker: the page, or the reason it could not be read (ExtractionError's
    arguments do not survive pickling, so the reason travels as text)."""
    try:
        return read_page(html, url, fetched_at=fetched_at, selectors=selectors, site_tz=site_tz)
    except ExtractionError as exc:
        return exc.reason
