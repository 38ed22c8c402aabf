"""URLs typed by Discord users: only configured hosts, only public addresses, at every hop."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from bot.errors import BlockedURLError, FetchError
from bot.http import HttpClient
from bot.netguard import AddressGuard, VettedResolver, address_problem, host_allowed
from config.settings import HttpSettings
from tests.fakes.dns import FakeDns
from tests.fakes.newssite import Fault, NewsSite

SETTINGS = HttpSettings(retries=0, backoff_seconds=0, timeout_seconds=3)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("127.8.9.10", "127.8.9.10 is a loopback address"),
        ("::1", "::1 is a loopback address"),
        ("10.1.2.3", "10.1.2.3 is a private address"),
        ("172.16.0.5", "172.16.0.5 is a private address"),
        ("172.31.255.255", "172.31.255.255 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("169.254.169.254", "169.254.169.254 is the cloud metadata address"),
        ("169.254.10.1", "169.254.10.1 is a link-local address"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1 is a form of 127.0.0.1, a loopback address"),
        (
            "::ffff:169.254.169.254",
            "::ffff:169.254.169.254 is a form of 169.254.169.254, the cloud metadata address",
        ),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("fc00::1", "fc00::1 is a private address"),
        ("fd12:3456::1", "fd12:3456::1 is a private address"),
        ("100.64.0.1", "100.64.0.1 is a carrier-grade NAT address"),
        ("100.127.255.254", "100.127.255.254 is a carrier-grade NAT address"),
        ("0.0.0.0", "0.0.0.0 is a 'this network' address"),
        ("0.1.2.3", "0.1.2.3 is a 'this network' address"),
        ("::", ":: is an unspecified address"),
        ("224.0.0.1", "224.0.0.1 is a multicast address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("240.0.0.1", "240.0.0.1 is a reserved address"),
        ("255.255.255.255", "255.255.255.255 is a reserved address"),
        ("2002:7f00:1::", "2002:7f00:1:: is a form of 127.0.0.1, a loopback address"),
        ("64:ff9b::a00:1", "64:ff9b::a00:1 is a form of 10.0.0.1, a private address"),
        ("not-an-ip", "'not-an-ip' is not an IP address"),
    ],
)
def test_non_public_addresses_are_named(address: str, problem: str) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1111", "1.1.1.1", "100.128.0.1", "::ffff:8.8.8.8"]
)
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


def test_host_allow_list_ignores_case_trailing_dot_and_www() -> None:
    allowed = ["japantoday.com"]
    assert host_allowed("www.JapanToday.com", allowed)
    assert host_allowed("japantoday.com.", allowed)
    assert host_allowed("japantoday.com", ["www.japantoday.com"])
    assert not host_allowed("evil-japantoday.com", allowed)
    assert not host_allowed("japantoday.com.evil.net", allowed)
    assert not host_allowed("japantoday.com", [])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("gopher://japantoday.com:70/_GET", "only http and https URLs are fetched, not gopher"),
        ("ftp://japantoday.com/x", "only http and https URLs are fetched, not ftp"),
        ("japantoday.com/category/x", "only http and https URLs are fetched, not no scheme"),
        (
            "https://evil.example/japantoday.com",
            "evil.example is not the host of a configured source",
        ),
        (
            "https://japantoday.com@evil.example/",
            "URLs with a user name or password are not fetched",
        ),
        ("https://user:pw@japantoday.com/", "URLs with a user name or password are not fetched"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a form of 127.0.0.1, a loopback address"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is the cloud metadata address",
        ),
    ],
)
def test_check_url_refuses(url: str, reason: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        AddressGuard().check_url(url, ["japantoday.com"])
    assert caught.value.reason == reason
    assert caught.value.url == url


def test_refusals_never_echo_credentials_and_stay_short() -> None:
    url = "https://alice:hunter2@japantoday.com/national/tariffs?q=1#c"
    with pytest.raises(BlockedURLError) as caught:
        AddressGuard().check_url(url, ["japantoday.com"])
    assert str(caught.value) == (
        "refusing to fetch https://…@japantoday.com/national/tariffs?q=1#c: "
        "URLs with a user name or password are not fetched"
    )
    assert "hunter2" not in str(caught.value) and "alice" not in str(caught.value)
    long = BlockedURLError("https://example.com/" + "x" * 500, "too long")
    assert len(str(long)) < 240 and "…" in str(long)
    # An @ after the path is part of the path, not credentials.
    at_in_path = BlockedURLError("https://example.com/@user", "no")
    assert str(at_in_path) == "refusing to fetch https://example.com/@user: no"


def test_check_url_refuses_what_it_cannot_parse_unambiguously() -> None:
    with pytest.raises(BlockedURLError) as caught:
        AddressGuard().check_url("https://evil.example\\@japantoday.com/", ["japantoday.com"])
    assert caught.value.reason.startswith("not a valid URL (")


def test_check_url_accepts_an_allowed_public_url() -> None:
    checked = AddressGuard().check_url(
        "https://www.japantoday.com/category/politics/x?a=1", ["japantoday.com"]
    )
    assert (checked.scheme, checked.host, checked.path) == (
        "https",
        "www.japantoday.com",
        "/category/politics/x",
    )


async def test_any_private_address_among_the_answers_refuses_the_host() -> None:
    dns = FakeDns({"news.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(Exception) as caught:
        await VettedResolver(AddressGuard(lookup=dns)).resolve("news.example", 443)
    assert str(caught.value) == "news.example: news.example resolves to 10.0.0.7, a private address"


async def test_vetted_resolver_hands_out_exactly_the_checked_addresses() -> None:
    dns = FakeDns({"news.example": ["93.184.216.34", "2606:4700::1111"]})
    results = await VettedResolver(AddressGuard(lookup=dns)).resolve("news.example", 443)
    assert [(r["host"], r["port"], r["family"]) for r in results] == [
        ("93.184.216.34", 443, socket.AF_INET),
        ("2606:4700::1111", 443, socket.AF_INET6),
    ]


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as running:
        yield running


async def test_user_url_on_loopback_is_refused_before_any_request(site: NewsSite) -> None:
    url = site.add_page("/a", "<p>secret</p>")
    async with HttpClient(SETTINGS) as http:
        with pytest.raises(BlockedURLError) as caught:
            await http.get(url, user_supplied=True, allowed_hosts=["127.0.0.1"])
        assert caught.value.reason == "127.0.0.1 is a loopback address"
        assert http.stats.errors == 1
    assert site.requests == []


async def test_allow_private_addresses_still_applies_the_host_list(site: NewsSite) -> None:
    url = site.add_page("/a", "<p>local news</p>")
    async with HttpClient(SETTINGS, allow_private_addresses=True) as http:
        assert (
            await http.get(url, user_supplied=True, allowed_hosts=["127.0.0.1"])
        ).text() == "<p>local news</p>"
        for allowed in (["japantoday.com"], None):
            with pytest.raises(BlockedURLError) as caught:
                await http.get(url, user_supplied=True, allowed_hosts=allowed)
            assert caught.value.reason == "127.0.0.1 is not the host of a configured source"
    assert len(site.requests) == 1


async def test_hostname_resolving_to_a_private_address_is_refused(site: NewsSite) -> None:
    dns = FakeDns({"intranet.example": ["192.168.0.10"]})
    async with HttpClient(SETTINGS, address_guard=AddressGuard(lookup=dns)) as http:
        with pytest.raises(BlockedURLError) as caught:
            await http.get(
                "http://intranet.example/admin",
                user_supplied=True,
                allowed_hosts=["intranet.example"],
            )
    assert caught.value.reason == "intranet.example resolves to 192.168.0.10, a private address"
    assert caught.value.url == "http://intranet.example/admin"


async def test_unresolvable_user_host_is_a_fetch_failure_not_a_refusal() -> None:
    dns = FakeDns({})
    async with HttpClient(SETTINGS, address_guard=AddressGuard(lookup=dns)) as http:
        with pytest.raises(FetchError) as caught:
            await http.get(
                "http://gone.example/a", user_supplied=True, allowed_hosts=["gone.example"]
            )
    assert not isinstance(caught.value, BlockedURLError)
    assert caught.value.reason.startswith("cannot connect to gone.example:80 (")
    assert dns.lookups == ["gone.example"]


class StandInPublicSite(AddressGuard):
    """The real policy, except that the fake site's own address counts as public.

    The fake news site can only live on loopback; this lets it play a public news site so
    that what happens at a redirect hop is decided by the real rules.
    """

    def __init__(self, lookup: FakeDns) -> None:
        super().__init__(lookup=lookup)

    def refusal_reason(self, address: str) -> str | None:
        return None if address == "127.0.0.1" else super().refusal_reason(address)


async def test_redirect_to_the_metadata_address_is_refused_at_the_hop(site: NewsSite) -> None:
    port = site.url.rsplit(":", 1)[1]
    dns = FakeDns({"news.example": ["127.0.0.1"], "meta.example": ["169.254.169.254"]})
    site.add_page("/story", "")
    site.set_fault("/story", Fault.redirect(f"http://meta.example:{port}/latest/meta-data/"))
    allowed = ["news.example", "meta.example"]
    async with HttpClient(SETTINGS, address_guard=StandInPublicSite(dns)) as http:
        with pytest.raises(BlockedURLError) as caught:
            await http.get(
                f"http://news.example:{port}/story", user_supplied=True, allowed_hosts=allowed
            )
    assert (
        caught.value.reason
        == "meta.example resolves to 169.254.169.254, the cloud metadata address"
    )
    assert caught.value.url == f"http://meta.example:{port}/latest/meta-data/"
    assert [r.path for r in site.requests] == ["/story"]
    assert dns.lookups == ["news.example", "meta.example"]  # one lookup per connection


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1:{port}/private", "127.0.0.1 is not the host of a configured source"),
        ("http://localhost:{port}/", "localhost is not the host of a configured source"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
    ],
)
async def test_redirects_are_checked_against_the_host_list_and_schemes(
    site: NewsSite, location: str, reason: str
) -> None:
    port = site.url.rsplit(":", 1)[1]
    dns = FakeDns({"news.example": ["127.0.0.1"]})
    site.add_page("/story", "")
    site.set_fault("/story", Fault.redirect(location.format(port=port)))
    async with HttpClient(SETTINGS, address_guard=StandInPublicSite(dns)) as http:
        with pytest.raises(BlockedURLError) as caught:
            await http.get(
                f"http://news.example:{port}/story",
                user_supplied=True,
                allowed_hosts=["news.example"],
            )
    assert caught.value.reason == reason


async def test_allowed_redirects_are_followed_by_hand_up_to_five_hops(site: NewsSite) -> None:
    port = site.url.rsplit(":", 1)[1]
    dns = FakeDns({"news.example": ["127.0.0.1"]})
    site.add_page("/final", "<p>the article</p>")
    site.add_page("/hop", "")
    site.set_fault("/hop", Fault.redirect("/final", status=301))
    site.add_page("/loop", "")
    site.set_fault("/loop", Fault.redirect_loop())
    async with HttpClient(SETTINGS, address_guard=StandInPublicSite(dns)) as http:
        response = await http.get(
            f"http://news.example:{port}/hop", user_supplied=True, allowed_hosts=["news.example"]
        )
        assert response.text() == "<p>the article</p>"
        assert response.url == f"http://news.example:{port}/final"
        with pytest.raises(FetchError) as caught:
            await http.get(
                f"http://news.example:{port}/loop",
                user_supplied=True,
                allowed_hosts=["news.example"],
            )
    assert caught.value.reason == "too many redirects"
    assert len(site.requests_for("/loop")) == 6  # the first request and five redirects
    assert site.requests_for("/final")[0].headers["Host"] == f"news.example:{port}"
