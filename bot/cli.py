"""`digestbot` (also `python -m bot`): run, poll, extract, digest, db upgrade.

Errors print one line on stderr naming what failed and exit 1 (2 for bad usage or
configuration); no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from bot.errors import ConfigError, DigestbotError
from bot.models import Article
from bot.ranking import SORTS
from config.settings import Settings, load_settings

log = logging.getLogger("bot.cli")


class UsageError(DigestbotError):
    """Bad command-line usage: exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digestbot",
        description="Digests of the reader discussion around the news on a topic, for Discord.",
    )
    parser.add_argument(
        "--config", help="configuration file (default: DIGESTBOT_CONFIG or config/default.toml)"
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="the bot: scheduler plus Discord when DISCORD_TOKEN is set")
    run.add_argument(
        "--sync", action="store_true", help="sync slash commands with Discord on start"
    )
    run.add_argument("--shard-ids", help="comma-separated shard ids this process serves")
    run.add_argument("--shard-count", type=int, help="total number of shards")

    poll = sub.add_parser("poll", help="discovery and comment refresh over every configured source")
    poll.add_argument("--once", action="store_true", required=True, help="run one cycle and exit")

    extract = sub.add_parser("extract", help="print an article and its comments")
    extract.add_argument("source", metavar="SOURCE", help="a URL or a saved HTML file")
    extract.add_argument("--json", action="store_true", help="print JSON")

    digest = sub.add_parser("digest", help="the digest of these articles' discussions")
    digest.add_argument("sources", metavar="SOURCE", nargs="*", help="URLs or saved HTML files")
    digest.add_argument(
        "--topic", help="instead of SOURCEs: the topic's stored articles (after `poll --once`)"
    )
    digest.add_argument(
        "--hours", type=float, default=None, help="with --topic: discussed within this many hours"
    )
    digest.add_argument("--json", action="store_true", help="print JSON (articles and embeds)")
    digest.add_argument(
        "--top", type=_positive_int, default=None, metavar="N", help="top comments per article"
    )
    digest.add_argument("--sort", choices=SORTS, default=None, help="how to rank comments")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    db_sub.add_parser("upgrade", help="apply database migrations")

    sub.add_parser("sync", help="register the slash commands with Discord and exit")

    status = sub.add_parser("status", help="sources, subscriptions and the outbox at a glance")
    status.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 25:
        raise argparse.ArgumentTypeError("must be between 1 and 25")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure_logging(args.verbose)
    try:
        settings = load_settings(args.config)
        return asyncio.run(_dispatch(args, settings))
    except ConfigError as exc:
        print(f"digestbot: configuration error: {exc}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"digestbot: {exc}", file=sys.stderr)
        return 2
    except DigestbotError as exc:
        print(f"digestbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line, details in the log
        log.debug("unexpected error", exc_info=True)
        print(f"digestbot: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _configure_logging(verbose: int) -> None:
    from bot.logs import configure_logging

    level = os.environ.get("LOG_LEVEL") or (
        "DEBUG" if verbose > 1 else "INFO" if verbose else "WARNING"
    )
    configure_logging(level, json_lines=os.environ.get("LOG_FORMAT") == "json")


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runtime import Runtime

    if args.command == "status":
        from bot.status import gather_status, render_status
        from bot.store import Store

        async with await Store.open(settings.database_url) as store:
            overview = await gather_status(
                store,
                [(s.name, s.kind) for s in settings.file.sources if s.enabled],
                timedelta(minutes=settings.file.poll.interval_minutes),
                datetime.now(UTC),
            )
        if args.json:
            _print_json(overview.to_json())
        else:
            print(render_status(overview))
        return 0
    if args.command == "db":
        from bot.store import Store

        store = await Store.open(settings.database_url)
        await store.close()
        print(f"database is up to date: {_safe_url(settings.database_url)}")
        return 0
    if args.command == "run":
        from bot.app import run_bot

        return await run_bot(
            settings, sync=args.sync, shard_ids=args.shard_ids, shard_count=args.shard_count
        )
    if args.command == "sync":
        from bot.app import sync_commands

        return await sync_commands(settings)
    async with Runtime(settings) as runtime:
        if args.command == "poll":
            progress = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
            # Run by hand to see the sites now: every feed and recent thread is asked.
            report = await runtime.poll_once(progress=progress, everything=True)
            if progress:
                progress.finish()
            print(f"poll: {report.summary()}")
            for url, error in report.errors.items():
                print(
                    f"digestbot: {error}" if url in error else f"digestbot: {url}: {error}",
                    file=sys.stderr,
                )
            return 1 if report.errors else 0
        if args.command == "extract":
            article = await _load(runtime, args.source, settings)
            if args.json:
                _print_json(article.to_json())
            else:
                print(_article_text(article))
            return 0
        if args.command == "digest":
            if args.topic and args.sources:
                raise UsageError("give SOURCEs or --topic, not both")
            if args.topic:
                topic = await runtime.catalog.resolve(None, args.topic)
                since = None
                if args.hours:
                    since = datetime.now(UTC) - timedelta(hours=args.hours)
                digest = await runtime.digests.for_topic(
                    topic.name, active_since=since, sort=args.sort, top_n=args.top
                )
            elif args.sources:
                articles = [await _load(runtime, s, settings) for s in args.sources]
                digest = await runtime.digests.for_articles(
                    articles, topic="", max_articles=25, sort=args.sort, top_n=args.top
                )
            else:
                raise UsageError("give at least one SOURCE (a URL or a saved page), or --topic")
            from bot.render import render_json, render_markdown

            if args.json:
                _print_json(render_json(digest))
            else:
                print(render_markdown(digest))
            return 0
    raise AssertionError(f"unhandled command {args.command}")


async def _load(runtime: Any, source: str, settings: Settings) -> Article:
    """A URL is fetched (trusted: the operator typed it); anything else is a saved page."""
    if source.startswith(("http://", "https://")):
        article: Article = await runtime.fetch_operator_url(source)
        return article
    return read_saved_page(Path(source), settings)


def read_saved_page(path: Path, settings: Settings) -> Article:
    """Extract an article from a saved HTML file; relative times count from the file's mtime."""
    from bot.extract import extract_article
    from bot.http import decode_text

    try:
        data = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise DigestbotError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = decode_text(data, None, url=str(path))
    if "\ufffd" in text and "\ufffd".encode() not in data:
        print(
            f"digestbot: warning: {path} has bytes that are not valid in its encoding; "
            "they are shown as \ufffd",
            file=sys.stderr,
        )
    url = path.resolve().as_uri()
    selectors = settings.file.sources[0].selectors if settings.file.sources else None
    # (the zone its times are shown in: what the page says of where it is from)
    article = extract_article(text, url, fetched_at=mtime, selectors=selectors, site_tz=None)
    # A saved page names its site through its canonical link, when it has one.
    host = urlsplit(article.url).hostname or ""
    return replace(article, source=host.removeprefix("www.") or "file")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _votes_text(score: int | None, up: int | None, down: int | None) -> str:
    """How a comment's votes read in the console: "-11 (+2 / -13)" where the page shows both
    counts, "18 likes" where it counts likes only, the net score alone where it shows that."""
    if up is not None and down is not None:
        return f"{score} (+{up} / -{down})"
    if up is not None:
        return "1 like" if up == 1 else f"{up} likes"
    return "" if score is None else str(score)


def _article_text(article: Article) -> str:
    lines = [article.title, article.url]
    if article.published:
        lines.append(f"published {article.published.isoformat()}")
    lines.append("")
    lines.extend(p + "\n" for p in article.body)
    lines.append(f"{article.comment_count} comments")
    for c in article.comments:
        votes = _votes_text(c.score, c.up, c.down)
        when = c.posted.isoformat() if c.posted else ""
        reply = f" ↳ reply to {c.parent}" if c.parent else ""
        lines.append(f"\n[{c.id}] {c.author} {when} {votes}{reply}".rstrip())
        lines.extend("  " + line for line in c.text.splitlines())
    return "\n".join(lines)


def _safe_url(url: str) -> str:
    """A database URL without its password, for output."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(database)"


class _ProgressBar:
    """One line on a terminal: [#####-----] 12/40 title."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int, what: str) -> None:
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {what[:40]:<40}")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
