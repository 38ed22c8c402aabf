"""Live updates: a posted digest follows its discussion for a while.

After each poll, every digest delivered within its subscription's ``live_hours`` is looked
at again: its articles are re-read from the store and summarized, and a message is edited
only when its discussion moved materially (a new top comment, or votes moved by enough; see
:func:`bot.render.parts.materially_changed`). The fingerprint of what a message now shows is
recorded with it, so a message is edited at most once per poll and never when nothing changed.

An edit Discord refuses for good (the message's thread archived, a forum post or the message
deleted) stops the live updates of that message only, recorded in its part state and logged
once: retrying it at every poll for a day would change nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.delivery import (
    THREAD_ARCHIVED,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    PermanentDeliveryError,
    ThreadingPoster,
    TransientDeliveryError,
    log_context,
)
from bot.digest_service import DigestService
from bot.models import Article, DigestEntry
from bot.render.compact import compact_block
from bot.render.parts import fingerprint, materially_changed, refreshed_message
from bot.store import Delivery, Store, Subscription

if TYPE_CHECKING:
    from bot.metrics import BotMetrics

log = logging.getLogger(__name__)

#: Discord's refusals of an edit that no later poll can change.
FINAL_EDIT_ERRORS = frozenset({THREAD_ARCHIVED, UNKNOWN_CHANNEL, UNKNOWN_MESSAGE})


class LiveUpdater:
    def __init__(
        self,
        store: Store,
        digests: DigestService,
        poster: ThreadingPoster,
        *,
        metrics: BotMetrics | None = None,
    ) -> None:
        self.store = store
        self.digests = digests
        self.poster = poster
        self.metrics = metrics

    async def refresh(self, *, now: datetime | None = None) -> int:
        """Edit the live digests whose discussion moved; how many messages were edited."""
        now = now or datetime.now(UTC)
        subs = {s.id: s for s in await self.store.subscriptions() if s.live_hours > 0}
        if not subs:
            return 0
        longest = max(s.live_hours for s in subs.values())
        edited = 0
        for delivery in await self.store.delivered_since(now - timedelta(hours=longest)):
            sub = subs.get(delivery.subscription_id or -1)
            if sub is None or sub.broken or delivery.delivered_at is None:
                continue
            if delivery.delivered_at < now - timedelta(hours=sub.live_hours):
                continue
            try:
                edited += await self._refresh_delivery(delivery, sub)
            except (PermanentDeliveryError, TransientDeliveryError) as exc:
                log.warning(
                    "live update of delivery %s failed: %s",
                    delivery.id,
                    exc,
                    extra=log_context(delivery),
                )
        return edited

    async def _refresh_delivery(self, delivery: Delivery, sub: Subscription) -> int:
        edited = 0
        for index, message in enumerate(delivery.messages):
            state = delivery.part(index)
            message_id = delivery.sent_ids[index] if index < len(delivery.sent_ids) else None
            groups = state.get("articles") or []
            if message_id is None or not groups or state.get("live_stopped"):
                continue
            entries = await self._entries(groups, sub.topic)
            old = state.get("fingerprint") or {}
            new = {e.article.url: fingerprint(e) for e in entries}
            moved = [
                e for e in entries if materially_changed(old.get(e.article.url), new[e.article.url])
            ]
            if not moved:
                continue
            current = state.get("message") or message  # as last edited
            updated = refreshed_message(current, state, moved, sub.topic)
            if updated is None:
                continue
            try:
                await self.poster.edit(delivery.channel_id, message_id, updated)
            except PermanentDeliveryError as exc:
                if exc.code not in FINAL_EDIT_ERRORS:
                    raise
                await self.store.update_part(delivery.id, index, live_stopped=str(exc))
                log.warning(
                    "live updates of message %s of delivery %s stopped: %s",
                    message_id,
                    delivery.id,
                    exc,
                    extra=log_context(delivery),
                )
                continue
            changes: dict[str, Any] = {
                "fingerprint": {**old, **{e.article.url: new[e.article.url] for e in moved}},
                "edited_at": datetime.now(UTC).isoformat(),
                "edits": int(state.get("edits", 0)) + 1,
                "message": updated,
            }
            if "blocks" in state:
                changes["blocks"] = {
                    **state["blocks"],
                    **{e.article.url: compact_block(e) for e in moved},
                }
            await self.store.update_part(delivery.id, index, **changes)
            edited += 1
            if self.metrics is not None:
                self.metrics.live_edits.inc()
            log.info(
                "live update: edited message %s of delivery %s (%d articles moved)",
                message_id,
                delivery.id,
                len(moved),
                extra=log_context(delivery),
            )
        return edited

    async def _entries(self, groups: list[list[str]], topic: str) -> list[DigestEntry]:
        """The entries again, from the threads stored now (same grouping as when posted)."""
        entries: list[DigestEntry] = []
        for urls in groups:
            articles: list[Article] = []
            for url in urls:
                article = await self.store.get_article(url)
                if article is not None:
                    articles.append(article)
            if not articles:
                continue
            digest = await self.digests.for_articles(
                articles, topic=topic, max_articles=1, min_comments=0
            )
            entries.extend(digest.entries[:1])
        return entries
