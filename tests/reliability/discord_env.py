"""Shared pieces for the Discord-facing reliability tests.

* :func:`write_config` — a real TOML file plus the environment a bot process would see;
* :class:`BackgroundLoop` — fake servers on an event loop of their own (in a thread), so that
  a test measuring the bot's event loop measures the bot and not the fakes;
* :class:`LoopStallMonitor` — how late a 10 ms sleep wakes up on the bot's loop;
* article factories for big, hostile or multi-message digests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import statistics
import threading
from collections.abc import Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from config.settings import Settings, load_settings
from tests.fakes.discord import FakeDiscord, FakeMessage
from tests.fakes.newssite import FakeArticle, FakeComment

T = TypeVar("T")

#: A token nobody could mistake for anything else: it must never show up in any output.
SECRET_TOKEN = "MTE5NzQ2.secret-digestbot-token.Zx9QwErTy-42"


@dataclass
class BotConfig:
    path: Path
    environ: dict[str, str]

    def settings(self) -> Settings:
        return load_settings(self.path, environ=self.environ)


def write_config(
    tmp: Path,
    feeds: Iterable[str],
    *,
    token: str,
    api_url: str,
    gateway_url: str,
    allow_private: bool = True,
    digest: Mapping[str, Any] | None = None,
    http: Mapping[str, Any] | None = None,
    poll: Mapping[str, Any] | None = None,
) -> BotConfig:
    """A configuration file with one Japan Today source on ``feeds`` and the tariffs topic."""
    sections = {
        "poll": {"interval_minutes": 600, **(poll or {})},
        "http": {"timeout_seconds": 5, "retries": 0, "backoff_seconds": 0.01, **(http or {})},
        "digest": {"first_post_articles": 2, "window_hours": 48, **(digest or {})},
        "security": {"allow_private_addresses": allow_private},
        "discord": {"sync_commands": "changed"},
    }
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
        lines.append("")
    lines += [
        "[[sources]]",
        'name = "japantoday"',
        'kind = "japantoday"',
        f"feeds = {json.dumps(list(feeds))}",
        "",
        "[[topics]]",
        'name = "tariffs"',
        'include = ["tariff", "tariffs", "trade war", "trade deal", "levies", "Section 232"]',
        "exclude = []",
    ]
    path = tmp / "digestbot.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = tmp / "data"
    environ = {
        "DISCORD_TOKEN": token,
        "DISCORD_API_BASE": api_url,
        "DISCORD_GATEWAY_URL": gateway_url,
        "DIGESTBOT_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite+aiosqlite:///{data / 'digestbot.sqlite3'}",
    }
    return BotConfig(path, environ)


class BackgroundLoop:
    """An event loop in a daemon thread, for servers the code under test talks to."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> BackgroundLoop:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def sync(self, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        """Run ``coro`` on the background loop and wait for it (from a thread without a loop
        running, or from setup/teardown)."""
        return self.submit(coro).result(timeout)

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the background loop; await its result from another loop."""
        return await asyncio.wrap_future(self.submit(coro))


@dataclass
class LoopStallMonitor:
    """Sleeps ``tick`` seconds in a loop and records how late each wake-up is.

    A wake-up late by N ms means some callback held the loop for about N ms: every other
    task (a slash command waiting to be acknowledged, say) waited that long.
    """

    tick: float = 0.01
    lateness: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.tick)
            self.lateness.append(max(0.0, loop.time() - before - self.tick))

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name="loop-stall-monitor")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    @property
    def worst(self) -> float:
        return max(self.lateness, default=0.0)

    @property
    def p99(self) -> float:
        return percentile(self.lateness, 99)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


# -- articles ------------------------------------------------------------------------------

_WHO = [
    "Rice farmers",
    "Steel makers",
    "Car exporters",
    "Chip designers",
    "Fishermen",
    "Toy importers",
    "Wine merchants",
    "Shipbuilders",
    "Solar installers",
    "Beef ranchers",
    "Textile mills",
    "Port operators",
    "Camera makers",
    "Tea growers",
    "Robot makers",
]
_WHAT = [
    "brace for",
    "lobby against",
    "shrug off",
    "count the cost of",
    "plan around",
    "protest",
    "welcome",
    "question",
    "prepare for",
    "sue over",
]
_WHERE = [
    "Osaka",
    "Nagoya",
    "Sapporo",
    "Fukuoka",
    "Sendai",
    "Kobe",
    "Hiroshima",
    "Niigata",
    "Okayama",
    "Kumamoto",
    "Kanazawa",
    "Nagano",
    "Matsuyama",
    "Kochi",
    "Naha",
]


def headline(n: int) -> str:
    """A distinct tariff headline per ``n`` (similar headlines merge into one digest story)."""
    who = _WHO[n % len(_WHO)]
    what = _WHAT[(n // len(_WHO)) % len(_WHAT)]
    where = _WHERE[(n * 7) % len(_WHERE)]
    return f"{who} in {where} {what} tariff number {n}"


def tariff_thread(
    n: int, now: datetime, *, comments: int = 6, words: int = 40, section: str = "business"
) -> FakeArticle:
    """A tariff story with ``comments`` voted comments, each about ``words`` words long."""
    filler = " ".join(
        f"{w}{n}" for w in ("exports", "quota", "carmakers", "steel", "yen", "levy", "talks")
    )
    text = " ".join([filler] * max(1, words // 7))
    return FakeArticle(
        path=f"/category/{section}/tariff-thread-{n}",
        title=headline(n),
        body=[
            f"Negotiators met for round {n} of the tariff talks on Monday.",
            f"The proposed tariff on autos would rise to {10 + n} percent.",
        ],
        comments=[
            FakeComment(
                f"reader{n}x{i}",
                f"Comment {i} on round {n}: the tariff {text}.",
                up=(i * 7 + n) % 40,
                down=(i * 3 + n) % 11,
                posted=now - timedelta(minutes=30 + i),
            )
            for i in range(comments)
        ],
        published=now - timedelta(hours=2, minutes=n),
    )


# -- what users see ------------------------------------------------------------------------

#: A mention Discord would honour if the text were a message's content.
LIVE_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)
#: Invisible characters that can hide or reorder text; a zero-width space is allowed only
#: where the bot put it on purpose, right after the ``@`` or ``<`` of a defused mention.
SMUGGLING = re.compile("[\u200c-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|(?<![@<])\u200b")


def embed_strings(embed: Mapping[str, Any]) -> list[str]:
    """Every piece of text Discord shows from an embed."""
    texts = [embed.get("title") or "", embed.get("description") or ""]
    for item in embed.get("fields") or []:
        texts += [item.get("name") or "", item.get("value") or ""]
    texts.append((embed.get("footer") or {}).get("text") or "")
    texts.append((embed.get("author") or {}).get("name") or "")
    return texts


def limit_problems(embeds: Sequence[Mapping[str, Any]]) -> list[str]:
    """Discord's embed limits this message breaks (none, for a message Discord accepts)."""
    problems = [f"{len(embeds)} embeds"] if len(embeds) > 10 else []
    total = 0
    for n, embed in enumerate(embeds):
        limits = [("title", embed.get("title") or "", 256)]
        limits.append(("description", embed.get("description") or "", 4096))
        limits.append(("footer", (embed.get("footer") or {}).get("text") or "", 2048))
        limits.append(("author", (embed.get("author") or {}).get("name") or "", 256))
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"embed {n}: {len(fields)} fields")
        for item in fields:
            limits += [("field name", item.get("name") or "", 256)]
            limits += [("field value", item.get("value") or "", 1024)]
        for what, text, most in limits:
            if len(text) > most:
                problems.append(f"embed {n}: {what} of {len(text)} characters")
        total += sum(len(text) for _, text, _ in limits)
    if total > 6000:
        problems.append(f"{total} characters across the embeds")
    return problems


def harm_in(message: FakeMessage) -> list[str]:
    """Ways a posted message could ping, hide text or break limits; empty when it is safe."""
    harms: list[str] = []
    if message.pinged_user_ids or message.pinged_role_ids or message.pings_everyone:
        harms.append(f"pings {message.pinged_user_ids} {message.pinged_role_ids}")
    for text in [message.content, *(t for e in message.embeds for t in embed_strings(e))]:
        for found in LIVE_MENTION.finditer(text):
            harms.append(f"live mention {found.group(0)!r} in {text[:80]!r}")
        if SMUGGLING.search(text):
            harms.append(f"invisible characters in {text[:80]!r}")
    return harms + limit_problems(message.embeds)


async def private_error(fake: FakeDiscord, iid: int) -> str:
    """The ephemeral message a refused command left (after a defer, a followup), checking
    that no public "thinking…" placeholder stayed behind."""
    record = fake.interaction(iid)
    await fake.wait_for(lambda: record.callback_type, what="the callback")
    if record.callback_type == 4:
        answer = await fake.interaction_response(iid)
        assert answer.ephemeral, answer.content
        return answer.content
    [message] = await fake.wait_for_followups(iid, 1)
    assert message.ephemeral, message.content
    assert record.original is not None and record.original.deleted, "the public placeholder stays"
    return message.content
