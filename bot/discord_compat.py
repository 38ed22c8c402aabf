"""What discord.py expects of Discord exactly, relaxed for proxies and compatible servers.

``DISCORD_API_BASE`` and ``DISCORD_GATEWAY_URL`` point the bot at a REST or gateway proxy, or
at a server speaking Discord's protocol. discord.py parses a REST reply as JSON only when its
``Content-Type`` is ``application/json`` to the letter, so a server that adds the charset
(``application/json; charset=utf-8``, as aiohttp's ``json_response`` does) fails the login
with "'str' object has no attribute 'get'". And it writes into a ``RESUMED`` event's data,
which a server may send as ``null``: the gateway task dies and the bot with it. Both are read
here as Discord means them; nothing changes for Discord itself, which sends neither.

More generally, discord.py reads each gateway event in a ``parse_*`` handler called from the
gateway task, so one event it cannot read (a field missing, of another type) ends that task
and the whole bot: :func:`guard_parsers`, applied to the bot's own connection state, logs
such an event with its name and skips it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import aiohttp
import discord.gateway
import discord.http
import discord.state
import discord.utils
import discord.webhook.async_

log = logging.getLogger(__name__)

_original_from_json = discord.utils._from_json
_installed = False
#: Events whose failure leaves no session to go on with: they still end the bot.
UNGUARDED_EVENTS = frozenset({"READY"})


async def json_or_text(response: aiohttp.ClientResponse) -> dict[str, Any] | str:
    """A REST reply's body: JSON when the content type says so, whatever its parameters."""
    text = await response.text(encoding="utf-8")
    content_type = response.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() == "application/json":
        parsed: dict[str, Any] = discord.utils._from_json(text)
        return parsed
    return text


def from_json(text: str | bytes) -> Any:
    """discord.py's JSON reader, with a ``RESUMED`` event's ``null`` data read as ``{}``."""
    parsed = _original_from_json(text)
    if isinstance(parsed, dict) and parsed.get("t") == "RESUMED" and parsed.get("d") is None:
        parsed["d"] = {}
    return parsed


def _skipping_errors(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    def parse_or_skip(data: Any) -> None:
        try:
            parse(data)
        except Exception as exc:
            log.error(
                "skipped a gateway event discord.py could not read: %s (%s: %s)",
                event,
                type(exc).__name__,
                exc,
                exc_info=True,
            )

    return parse_or_skip


def guard_parsers(state: discord.state.ConnectionState[Any]) -> None:
    """Make each of ``state``'s event parsers (a client's ``_connection``, every shard's)
    log and skip an event it fails on."""
    for event, parse in list(state.parsers.items()):
        if event not in UNGUARDED_EVENTS:
            state.parsers[event] = _skipping_errors(event, parse)


def install() -> None:
    """Use the readers above in discord.py (once; idempotent)."""
    global _installed
    if _installed:
        return
    discord.http.json_or_text = json_or_text
    discord.webhook.async_.json_or_text = json_or_text  # (interactions' followups)
    discord.utils._from_json = from_json
    _installed = True
