"""Many fake news sites with network latency, served from a process of their own.

``python -m bench.newsfarm --hosts 4 --feeds 1000 --articles 3000 --latency 0.05`` starts one
:class:`tests.fakes.newssite.NewsSite` per loopback address (127.0.0.2, 127.0.0.3, …: on
Linux all of 127/8 reaches this machine, and each address is a host of its own to the bot's
per-host limits), spreads the feeds and the articles evenly over them (each feed lists its own
articles), and delays every answer — 200 or 304 alike — by ``latency`` seconds. It prints one
JSON line describing the sites, then serves until its standard input closes.

Each site also answers ``/__bench/stats`` (requests by status, body bytes, the most requests
any one URL got) and ``/__bench/reset`` without delay; these are not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from bench.corpus import ThreadWriter, article_body, article_title, fake_thread
from tests.fakes.newssite import FakeArticle, NewsSite

CONTROL = "/__bench/"


class SlowSite(NewsSite):
    """A fake news site on one loopback address whose every answer takes ``latency`` s."""

    def __init__(self, host: str, latency: float) -> None:
        super().__init__()
        self.host = host
        self.latency = latency
        self.statuses: Counter[int] = Counter()
        self.body_bytes = 0
        self.per_url: Counter[str] = Counter()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._slowly)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, backlog=1024).start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._port}"

    def stats(self) -> dict[str, Any]:
        return {
            "requests": sum(self.statuses.values()),
            "statuses": {str(k): v for k, v in self.statuses.items()},
            "body_bytes": self.body_bytes,
            "max_per_url": max(self.per_url.values(), default=0),
        }

    async def _slowly(self, request: web.Request) -> web.StreamResponse:
        if request.path.startswith(CONTROL):
            if request.path == CONTROL + "reset":
                self.statuses.clear()
                self.per_url.clear()
                self.body_bytes = 0
                self.reset_log()
            return web.json_response(self.stats())
        await asyncio.sleep(self.latency)
        response = await self._handle(request)
        self.statuses[response.status] += 1
        self.per_url[request.path_qs] += 1
        if isinstance(response, web.Response) and response.body is not None:
            self.body_bytes += len(response.body)  # type: ignore[arg-type]
        return response


def comments_for(index: int, mean: int) -> int:
    """A thread length between 0 and twice ``mean`` (about ``mean`` on average)."""
    writer = ThreadWriter(50_000 + index)
    return writer.rng.randint(0, 2 * mean)


def build_sites(
    hosts: int, feeds: int, articles: int, latency: float, mean_comments: int, now: datetime
) -> list[SlowSite]:
    """The sites as they stand at ``now``: article ``i`` was published ``i`` minutes before,
    and only the comments posted by ``now`` are there."""
    sites = [SlowSite(f"127.0.0.{2 + h}", latency) for h in range(hosts)]
    per_feed = max(1, articles // feeds)
    for index in range(articles):
        feed = min(index // per_feed, feeds - 1)
        site = sites[feed % hosts]
        published = now - timedelta(minutes=index)
        thread = fake_thread(
            comments_for(index, mean_comments),
            seed=index + 1,
            start=published + timedelta(minutes=5),
        )
        site.add_article(
            FakeArticle(
                path=f"/category/feed{feed}/story-{index}",
                title=article_title(index),
                body=article_body(index)[:3],
                comments=[c for c in thread if c.posted is None or c.posted <= now],
                published=published,
                category=f"feed{feed}",
            )
        )  # fmt: skip
    for feed in range(feeds):
        sites[feed % hosts].publish_feed(
            f"/category/feed{feed}/feed", category=f"feed{feed}", limit=per_feed + 5
        )
    return sites


async def serve(args: argparse.Namespace) -> None:
    now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
    sites = build_sites(args.hosts, args.feeds, args.articles, args.latency, args.comments, now)
    for site in sites:
        site.now = now
        await site.start()
    description = [
        {"url": site.url, "feeds": [site.url_for(path) for path in site._feeds]} for site in sites
    ]
    print(json.dumps({"sites": description}), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes our stdin
    for site in sites:
        await site.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.newsfarm")
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--comments", type=int, default=20, help="mean comments per article")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--now", help="the sites' present (ISO 8601); default: the clock's")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
