"""Checks for URLs that a Discord user typed: which hosts, which addresses, which schemes.

A URL from a slash command must not turn digestbot into a proxy into its own network
(server-side request forgery). Three rules, each applied at every redirect hop:

* only ``http``/``https``, no credentials in the URL;
* the host belongs to a configured source (``allowed_hosts``; ``www.`` is ignored);
* every address the host resolves to is public — no loopback, private, link-local, CGNAT,
  multicast, reserved or cloud-metadata address, in IPv4, IPv6 or IPv4-mapped IPv6 form.

The address rule is enforced where the connection is made: :class:`VettedResolver` is the
aiohttp resolver of the session used for user-supplied URLs, so the addresses it checked are
exactly the addresses aiohttp connects to (a DNS answer that changes between a check and the
connection — "DNS rebinding" — cannot slip through). Literal IP hosts never reach a resolver,
so :meth:`AddressGuard.check_url` checks them up front.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.errors import BlockedURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: ``getaddrinfo``-shaped lookup: (host, port, family=..., type=...) -> addrinfo tuples.
Lookup = Callable[..., Awaitable[list[tuple[Any, ...]]]]

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Ranges the ``ipaddress`` flags do not all cover (or cover only on some Python versions).
_EXTRA_BLOCKED: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = (
    (ipaddress.ip_network("0.0.0.0/8"), "a 'this network' address"),
    (ipaddress.ip_network("100.64.0.0/10"), "a carrier-grade NAT address"),
    (ipaddress.ip_network("169.254.0.0/16"), "a link-local address"),
    (ipaddress.ip_network("192.0.0.0/24"), "an IETF protocol address"),
    (ipaddress.ip_network("198.18.0.0/15"), "a benchmarking address"),
    (ipaddress.ip_network("64:ff9b:1::/48"), "a local NAT64 address"),
)
_METADATA = ipaddress.ip_address("169.254.169.254")


def refusal_reason(address: str | IPAddress) -> str | None:
    """What ``address`` is when it is not public (``"a private address"``), else ``None``.

    IPv4-mapped (``::ffff:a.b.c.d``), 6to4 and NAT64 forms are judged by the IPv4 address
    they carry, so ``::ffff:127.0.0.1`` is refused like ``127.0.0.1``.
    """
    try:
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped (link-local) address"
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = refusal_reason(embedded)
            return f"a form of {embedded}, {inner}" if inner else None
    if ip == _METADATA:
        return "the cloud metadata address"
    for network, label in _EXTRA_BLOCKED:
        if ip.version == network.version and ip in network:
            return label
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    )
    for flag, label in checks:
        if getattr(ip, flag):
            return label
    if not ip.is_global:
        return "not a public address"
    return None


def address_problem(address: str | IPAddress) -> str | None:
    """``"10.0.0.7 is a private address"`` for a non-public address, else ``None``."""
    reason = refusal_reason(address)
    if reason is None:
        return None
    shown = repr(address) if reason == "not an IP address" else str(address)
    return f"{shown} is {reason}"


def normalize_host(host: str) -> str:
    """Host as compared against the allow-list: lower case, no trailing dot, no ``www.``."""
    return host.strip().lower().rstrip(".").removeprefix("www.")


def host_allowed(host: str, allowed_hosts: Collection[str]) -> bool:
    wanted = normalize_host(host)
    return any(normalize_host(allowed) == wanted for allowed in allowed_hosts if allowed)


class AddressRefused(Exception):
    """Raised inside a connection attempt when a host resolves to a refused address."""

    def __init__(self, host: str, reason: str) -> None:
        self.host, self.reason = host, reason
        super().__init__(f"{host}: {reason}")


class AddressGuard:
    """The policy for user-supplied URLs; one per :class:`bot.http.HttpClient`.

    ``allow_private`` skips only the address rule (the scheme and host rules still apply).
    ``lookup`` defaults to the running loop's ``getaddrinfo``.
    """

    def __init__(self, *, allow_private: bool = False, lookup: Lookup | None = None) -> None:
        self.allow_private = allow_private
        self._lookup = lookup

    def refusal_reason(self, address: str) -> str | None:
        """What makes ``address`` off limits (see :func:`refusal_reason`), or ``None``."""
        return None if self.allow_private else refusal_reason(address)

    def check_url(self, url: str, allowed_hosts: Collection[str] | None) -> URL:
        """Apply the scheme, credential and host rules (and the address rule to IP literals).

        Returns the parsed URL that must be used for the request, so the URL checked is the
        URL fetched (no second parser to disagree with this one).
        """
        try:
            parsed = URL(url)
        except (ValueError, TypeError) as exc:
            raise BlockedURLError(url, f"not a valid URL ({exc})") from exc
        scheme = parsed.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            shown = scheme or "no scheme"
            raise BlockedURLError(url, f"only http and https URLs are fetched, not {shown}")
        host = parsed.raw_host
        if not host:
            raise BlockedURLError(url, "the URL has no host")
        if parsed.raw_user is not None or parsed.raw_password is not None:
            raise BlockedURLError(url, "URLs with a user name or password are not fetched")
        literal = _ip_literal(host)
        reason = self.refusal_reason(literal) if literal is not None else None
        if reason:
            raise BlockedURLError(url, f"{literal} is {reason}")
        if not host_allowed(host, allowed_hosts or ()):
            raise BlockedURLError(url, f"{host} is not the host of a configured source")
        return parsed

    async def resolve(self, host: str, port: int, family: int = socket.AF_UNSPEC) -> list[str]:
        """Every address ``host`` resolves to, refusing the lot if any one is not allowed."""
        lookup = self._lookup or asyncio.get_running_loop().getaddrinfo
        # A failed lookup (socket.gaierror) propagates: aiohttp reports it as a DNS error,
        # which is a failure to fetch, not a refusal.
        infos = await lookup(host, port, family=family, type=socket.SOCK_STREAM)
        addresses: list[str] = []
        for info in infos:
            sockaddr = info[4]
            addresses.append(str(sockaddr[0]))
            if len(sockaddr) >= 4 and sockaddr[3]:  # an IPv6 scope id: link-local territory
                addresses[-1] = f"{sockaddr[0]}%{sockaddr[3]}"
        if not addresses:
            raise AddressRefused(host, f"{host} resolves to no address")
        for address in addresses:
            reason = self.refusal_reason(address)
            if reason:
                raise AddressRefused(host, f"{host} resolves to {address}, {reason}")
        return list(dict.fromkeys(addresses))


class VettedResolver(AbstractResolver):
    """aiohttp resolver that hands out only addresses :class:`AddressGuard` accepted."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = await self.guard.resolve(host, port, family)
        results: list[ResolveResult] = []
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            results.append(
                ResolveResult(
                    hostname=host,
                    host=address,
                    port=port,
                    family=socket.AF_INET6 if ip.version == 6 else socket.AF_INET,
                    proto=0,
                    flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
                )
            )
        return results

    async def close(self) -> None:
        return None


def _ip_literal(host: str) -> str | None:
    candidate = host.strip("[]").split("%", 1)[0]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return None
    return candidate
