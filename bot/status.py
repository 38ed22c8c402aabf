"""`digestbot status`: what an operator asks first — is every source working, what posts next,
is anything stuck in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.errors import UserInputError
from bot.poll import backoff, health_key
from bot.schedule import next_run
from bot.store import Delivery, FetchState, Store, Subscription


@dataclass(frozen=True)
class SourceStatus:
    name: str
    kind: str
    last_success: datetime | None
    failures: int
    last_error: str | None
    next_poll: datetime | None


@dataclass(frozen=True)
class SubscriptionStatus:
    subscription: Subscription
    next_run: datetime | None


@dataclass(frozen=True)
class Status:
    sources: tuple[SourceStatus, ...]
    subscriptions: tuple[SubscriptionStatus, ...]
    pending: tuple[Delivery, ...]
    now: datetime

    def to_json(self) -> dict[str, Any]:
        def iso(when: datetime | None) -> str | None:
            return when.isoformat() if when else None

        return {
            "now": iso(self.now),
            "sources": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "last_success": iso(s.last_success),
                    "failures": s.failures,
                    "last_error": s.last_error,
                    "next_poll": iso(s.next_poll),
                }
                for s in self.sources
            ],
            "subscriptions": [
                {
                    "id": s.subscription.id,
                    "guild_id": s.subscription.guild_id,
                    "channel_id": s.subscription.channel_id,
                    "topic": s.subscription.topic,
                    "schedule": s.subscription.schedule,
                    "timezone": s.subscription.timezone,
                    "last_digest_at": iso(s.subscription.last_digest_at),
                    "next_run": iso(s.next_run),
                    "broken": s.subscription.broken,
                    "options": {
                        "role_id": s.subscription.role_id,
                        "post_as": s.subscription.post_as,
                        "style": s.subscription.style,
                        "live_hours": s.subscription.live_hours,
                        "max_articles": s.subscription.max_articles,
                        "min_comments": s.subscription.min_comments,
                        "publish": s.subscription.publish,
                        "admin_channel_id": s.subscription.admin_channel_id,
                    },
                }
                for s in self.subscriptions
            ],
            "outbox": {
                "pending": len(self.pending),
                "oldest": iso(min((d.created_at for d in self.pending), default=None)),
            },
        }


def source_status(
    name: str, kind: str, state: FetchState | None, interval: timedelta, now: datetime
) -> SourceStatus:
    if state is None or state.last_attempt is None:
        return SourceStatus(name, kind, None, 0, None, now)
    wait = max(interval, backoff(state.failures, interval, jitter=0))
    return SourceStatus(
        name, kind, state.last_success, state.failures, state.last_error, state.last_attempt + wait
    )


async def gather_status(
    store: Store, sources: Sequence[tuple[str, str]], interval: timedelta, now: datetime
) -> Status:
    """``sources`` are the configured (name, kind) pairs."""
    states = {s.url: s for s in await store.fetch_states() if s.url.startswith("source:")}
    subs = []
    for sub in await store.subscriptions():
        try:
            when = None if sub.broken else next_run(sub.schedule, sub.timezone, now)
        except UserInputError:
            when = None
        subs.append(SubscriptionStatus(sub, when))
    return Status(
        sources=tuple(
            source_status(name, kind, states.get(health_key(name)), interval, now)
            for name, kind in sources
        ),
        subscriptions=tuple(subs),
        pending=tuple(await store.pending_deliveries()),
        now=now,
    )


def _when(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = int((when - now).total_seconds())
    span = abs(seconds)
    text = f"{span // 3600}h{span % 3600 // 60:02d}m" if span >= 3600 else f"{span // 60}m"
    return f"in {text}" if seconds > 0 else ("now" if span < 60 else f"{text} ago")


def render_status(status: Status) -> str:
    now = status.now
    lines = ["Sources:"]
    for s in status.sources:
        health = "ok" if s.failures == 0 else f"FAILING ×{s.failures}: {s.last_error or ''}"
        lines.append(
            f"  {s.name} ({s.kind}): {health}; last success {_when(s.last_success, now)}; "
            f"next poll {_when(s.next_poll, now)}"
        )
    lines.append(f"Subscriptions: {len(status.subscriptions)}")
    for item in status.subscriptions:
        sub = item.subscription
        state = f"BROKEN: {sub.broken}" if sub.broken else f"next {_when(item.next_run, now)}"
        lines.append(
            f"  #{sub.id} guild {sub.guild_id} channel {sub.channel_id} {sub.topic} "
            f"'{sub.schedule}' {sub.timezone}: {state}"
        )
    oldest = min((d.created_at for d in status.pending), default=None)
    backlog = f"{len(status.pending)} pending"
    if oldest is not None:
        backlog += f", oldest queued {_when(oldest, now)}"
    lines.append(f"Outbox: {backlog}")
    return "\n".join(lines)
