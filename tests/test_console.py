"""`digestbot run` without a token: the schedule runs and prints digests; SIGTERM stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from tests.fakes.newssite import JST, Fault, NewsSite, sample_tariff_article
from tests.test_cli import ThreadedSite, write_config


def start_console(tmp_path: Path, config: Path, *options: str) -> subprocess.Popen[str]:
    """``python -m bot [options] run`` with ``config``, no token, data under ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DIGESTBOT_"))}
    env |= {"DIGESTBOT_CONFIG": str(config), "DIGESTBOT_DATA_DIR": str(tmp_path / "data")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *options, "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_console_mode_prints_the_digest_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    with ThreadedSite() as site:
        _run_console(tmp_path, site)


def _run_console(tmp_path: Path, site: NewsSite) -> None:
    article = sample_tariff_article()
    article.published = datetime.now(JST) - timedelta(hours=1)
    site.add_article(article)
    proc = start_console(tmp_path, write_config(tmp_path, [site.publish_feed("/feed")]))
    try:
        out = ""
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        while not (article.title in out and "\n---\n" in out) and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            out += line
        assert article.title in out, out
        assert "Maybe japan needs to do what Canada just did." in out
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = proc.wait(timeout=15)
        assert time.monotonic() - started < 10
        assert code == 0
        err = proc.stderr.read() if proc.stderr else ""
        assert "console mode" in err
        assert "Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sigterm_in_the_middle_of_a_poll_stops_without_an_error(tmp_path: Path) -> None:
    """The poll job is cancelled by the shutdown: that is one INFO line, not an ERROR with a
    CancelledError traceback (APScheduler's own report of a cancelled job)."""
    with ThreadedSite() as site:
        article = sample_tariff_article()
        site.add_article(article)
        site.set_fault(article.path, Fault.delay(30))  # the page never comes in time
        config = write_config(tmp_path, [site.publish_feed("/feed")], workers=1)
        proc = start_console(tmp_path, config, "-v")
        try:
            deadline = time.monotonic() + 20
            while not site.requests_for(article.path) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert site.requests_for(article.path), "the poll reached the article"
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=15) == 0
            err = proc.stderr.read() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert "Traceback" not in err and "ERROR" not in err, err
    assert "was stopped by shutdown" in err
