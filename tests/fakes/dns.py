"""A stand-in for ``getaddrinfo``: the names it knows and their addresses; counts lookups.

Pass it where the code under test takes a resolver (``VettedResolver(lookup=...)``), so that
names resolve to the loopback or private addresses a test needs without a DNS server.
"""

from __future__ import annotations

import socket
from typing import Any


class FakeDns:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        self.lookups.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos: list[tuple[Any, ...]] = []
        for address in self.answers[host]:
            if ":" in address:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos
