"""Links typed into `/digest article` and `/news comments` cannot reach private addresses.

The bot runs as deployed (`allow_private_addresses = false`) against the fake Discord. Every
refusal must be a clear ephemeral message, and no request may reach the private target: the
servers that play it log every request they get.

Two settings are used. In the first, the configured news site lives on 127.0.0.1 as fake
sites must, so even links to the configured site are refused (it resolves to loopback). In
the second, the news site goes by the name ``news.example``, resolved by a stand-in DNS that
treats the fake site's own address as public; its pages redirect towards an "intranet"
server on 127.0.0.2 (loopback too, so refused by the real rules), which must never be hit.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.client import DigestBot
from bot.http import HttpClient
from bot.netguard import AddressGuard
from tests.e2e.harness import TARIFF_TITLE, World, make_server, now_utc, tariff_article
from tests.fakes.discord import FakeDiscord
from tests.fakes.dns import FakeDns
from tests.fakes.newssite import Fault, NewsSite
from tests.reliability.discord_env import SECRET_TOKEN, private_error, write_config

TARIFF_PATH = "/category/politics/japan-tariff-negotiator-talks"


class Intranet:
    """A server on 127.0.0.2 standing for something private (an admin page, metadata)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def _any(self, request: web.Request) -> web.Response:
        self.requests.append(request.path_qs)
        return web.Response(text="<html><body><p>root password: hunter2</p></body></html>")

    async def __aenter__(self) -> Intranet:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._any)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.2", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def intranet() -> AsyncIterator[Intranet]:
    async with Intranet() as server:
        yield server


async def strict_world(
    tmp: Path, site: NewsSite, fake: FakeDiscord, feed: str, a: Any, b: Any
) -> World:
    config = write_config(
        tmp,
        [feed],
        token=SECRET_TOKEN,
        api_url=fake.api_url,
        gateway_url=fake.gateway_url,
        allow_private=False,
    )
    return World(tmp, site, fake, config.settings(), a, b, now_utc(), token=SECRET_TOKEN)


@pytest.fixture
async def deployed(tmp_path: Path) -> AsyncIterator[World]:
    """The bot as deployed: private addresses refused; the configured site on 127.0.0.1."""
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    async with NewsSite() as site, FakeDiscord(guilds=[a.guild, b.guild]) as fake:
        site.add_article(tariff_article(now_utc()))
        world = await strict_world(tmp_path, site, fake, site.publish_feed("/feed"), a, b)
        try:
            await world.start_bot()  # operator feeds are trusted: the poll reads the site
            yield world
        finally:
            await world.close()


async def refusal(world: World, name: str, sub: str, options: dict[str, Any], n: int) -> str:
    """Run a command as a fresh member (the commands have per-user cooldowns)."""
    member = world.a.guild.add_member(f"curious-{n}")
    iid = await world.fake.inject_interaction(
        world.a.id, world.a.general.id, member.id, name, sub, options
    )
    return await private_error(world.fake, iid)


async def test_links_to_private_addresses_and_other_schemes_are_refused(
    deployed: World, intranet: Intranet
) -> None:
    site = deployed.site
    port = site.url.rsplit(":", 1)[1]
    article = f"http://127.0.0.1:{port}{TARIFF_PATH}"
    assert await deployed.running.runtime.store.get_article(article) is not None  # polled
    allowed = "only links to these sites are allowed: 127.0.0.1"
    # What is refused is the URL as it would be fetched (comments ordered by popularity).
    shown = {article + "?fresh=1": article + "?fresh=1&comment-order=popular"}
    shown["http://127.0.0.1/"] = "http://127.0.0.1/?comment-order=popular"
    with_password = f"http://user:pass@127.0.0.1:{port}{TARIFF_PATH}"
    # ...and never with the credentials a user pasted.
    shown[with_password] = f"http://…@127.0.0.1:{port}{TARIFF_PATH}?comment-order=popular"
    cases = [
        (article + "?fresh=1", "127.0.0.1 is a loopback address"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://[::1]/", allowed),
        ("http://169.254.169.254/latest/meta-data", allowed),
        ("http://[::ffff:127.0.0.1]/", allowed),
        (f"http://127.0.0.2:{intranet.port}/admin", allowed),
        ("http://2130706433/", allowed),  # 127.0.0.1 as one number
        ("http://0x7f.1/", allowed),
        ("https://example.com/news/tariffs", allowed),
        ("file:///etc/passwd", "only http(s) links to a news site are accepted"),
        ("gopher://127.0.0.1:70/_GET%20/", "only http(s) links to a news site are accepted"),
        (with_password, "URLs with a user name or password are not fetched"),
    ]
    site.reset_log()
    for n, (url, reason) in enumerate(cases):
        said = await refusal(deployed, "digest", "article", {"url": url}, n)
        assert said == f"refusing to fetch {shown.get(url, url)}: {reason}", url
    # /news comments checks the scheme itself, then fetches what it does not have stored.
    said = await refusal(deployed, "news", "comments", {"article": "file:///etc/passwd"}, 99)
    assert said == "'file:///etc/passwd' is not a link: give the article's http(s) URL"
    said = await refusal(deployed, "news", "comments", {"article": article + "?x=1"}, 98)
    assert said == (
        f"refusing to fetch {article}?x=1&comment-order=popular: 127.0.0.1 is a loopback address"
    )
    assert site.requests == [] and intranet.requests == []
    # A stored article is answered from the store: no fetch at all.
    stored = await deployed.command("news", "comments", {"article": article})
    assert stored.embeds[0]["title"] == TARIFF_TITLE
    assert site.requests == []


class StandInPublicSite(AddressGuard):
    """The real address rules, except that the fake news site's 127.0.0.1 plays a public
    address (a fake site can only live on loopback). 127.0.0.2 is still refused."""

    def refusal_reason(self, address: str) -> str | None:
        return None if address == "127.0.0.1" else super().refusal_reason(address)


async def test_an_allowed_site_redirecting_to_a_private_address_is_refused_at_the_hop(
    tmp_path: Path, intranet: Intranet
) -> None:
    a, b = make_server("Alpha Server"), make_server("Beta Server")
    dns = FakeDns({"news.example": ["127.0.0.1"], "www.news.example": ["127.0.0.2"]})
    async with NewsSite() as site, FakeDiscord(guilds=[a.guild, b.guild]) as fake:
        port = site.url.rsplit(":", 1)[1]
        site.add_article(tariff_article(now_utc()))
        feed = f"http://news.example:{port}/feed"
        world = await strict_world(tmp_path, site, fake, feed, a, b)

        def stand_in_dns(bot: DigestBot) -> None:
            http = bot.runtime.settings.file.http
            bot.runtime.http = HttpClient(http, address_guard=StandInPublicSite(lookup=dns))

        try:
            await world.start_bot(poll=False, prepare=stand_in_dns)
            intranet_url = f"http://www.news.example:{intranet.port}/admin"
            hops = {
                "/to-intranet": (
                    intranet_url,
                    f"refusing to fetch {intranet_url}: "
                    "www.news.example resolves to 127.0.0.2, a loopback address",
                ),
                "/to-metadata": (
                    "http://169.254.169.254/latest/meta-data/",
                    "refusing to fetch http://169.254.169.254/latest/meta-data/: "
                    "169.254.169.254 is the cloud metadata address",
                ),
                "/to-loopback": (
                    f"http://127.0.0.2:{intranet.port}/",
                    f"refusing to fetch http://127.0.0.2:{intranet.port}/: "
                    "127.0.0.2 is a loopback address",
                ),
                "/to-file": (
                    "file:///etc/passwd",
                    "refusing to fetch file:///etc/passwd: "
                    "only http and https URLs are fetched, not file",
                ),
            }
            for path, (location, _) in hops.items():
                site.add_page(path, "")
                site.set_fault(path, Fault.redirect(location))
            for n, (path, (_, message)) in enumerate(hops.items()):
                url = f"http://news.example:{port}{path}"
                said = await refusal(world, "digest", "article", {"url": url}, n)
                assert said == message, path
            # The allowed name resolving to a private address is refused without a redirect.
            said = await refusal(world, "digest", "article", {"url": intranet_url}, 10)
            assert said == (
                f"refusing to fetch {intranet_url}?comment-order=popular: "
                "www.news.example resolves to 127.0.0.2, a loopback address"
            )
            assert intranet.requests == []
            assert [r.path for r in site.requests] == list(hops)  # each hop's first leg only

            # The control: a real article on the allowed site is fetched and digested.
            answer = await world.command(
                "digest", "article", {"url": f"http://news.example:{port}{TARIFF_PATH}"}
            )
            assert [e["title"] for e in answer.embeds] == [TARIFF_TITLE]
            assert intranet.requests == []
        finally:
            await world.close()
