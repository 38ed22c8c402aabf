"""The topics in force: the configured ones plus each guild's own, resolved by name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.errors import UserInputError
from bot.keyword_safety import pattern_problem
from bot.store import Store
from bot.store.articles import thread_key
from bot.topics import Topic, guild_topic_key, parse_keywords
from config.settings import NAME_PATTERN, TopicSettings

MAX_GUILD_TOPICS = 25
MAX_KEYWORDS = 50
MAX_KEYWORD_LENGTH = 100
#: A topic added or changed is matched against the articles first seen this recently, so
#: `/news latest` and `/digest now` answer at once instead of after the next poll.
REMATCH_WINDOW = timedelta(days=30)


class TopicCatalog:
    """Looks topics up for a guild: its own topics first, then the configured ones.

    Topics are keyed in the store by their bare name when configured and by
    ``"<guild id>:<name>"`` when a guild made them, so two guilds' topics never mix.
    """

    def __init__(self, store: Store, configured: Sequence[TopicSettings]) -> None:
        self.store = store
        self.configured = [Topic(t.name, tuple(t.include), tuple(t.exclude)) for t in configured]

    async def all_topics(self) -> list[Topic]:
        """Every topic an article may be matched against, keyed as stored."""
        guild_topics = [
            Topic(guild_topic_key(g.guild_id, g.name), g.include, g.exclude)
            for g in await self.store.guild_topics()
        ]
        return [*self.configured, *guild_topics]

    async def for_guild(self, guild_id: int | None) -> list[tuple[str, Topic]]:
        """(name users type, topic keyed as stored) for one guild, its own topics first."""
        own: list[tuple[str, Topic]] = []
        if guild_id is not None:
            own = [
                (g.name, Topic(guild_topic_key(g.guild_id, g.name), g.include, g.exclude))
                for g in await self.store.guild_topics(guild_id)
            ]
        own_names = {name for name, _ in own}
        return own + [(t.name, t) for t in self.configured if t.name not in own_names]

    async def resolve(self, guild_id: int | None, name: str | None) -> Topic:
        """The topic called ``name`` for this guild; the first configured one when no name."""
        choices = await self.for_guild(guild_id)
        if not choices:
            raise UserInputError("no topics are configured")
        if not name:
            configured = [t for n, t in choices if t in self.configured]
            return configured[0] if configured else choices[0][1]
        wanted = name.strip().lower()
        for display, topic in choices:
            if display == wanted:
                return topic
        known = ", ".join(n for n, _ in choices)
        raise UserInputError(f"unknown topic {name[:50]!r}; known topics: {known}")

    async def add(
        self, guild_id: int, name: str, keywords: str, exclude: str = ""
    ) -> tuple[Topic, int]:
        """Add (or replace) a guild's topic; refuses bad names, patterns and sizes clearly.

        Returns the topic and how many recently stored articles it matches already."""
        name = name.strip().lower()
        if not re.fullmatch(NAME_PATTERN, name):
            raise UserInputError(
                "a topic name is 1–32 lowercase letters, digits, '-' or '_', "
                "starting with a letter or digit"
            )
        include = parse_keywords(keywords)
        excluded = parse_keywords(exclude)
        if not include:
            raise UserInputError("give at least one keyword, separated by commas")
        if len(include) + len(excluded) > MAX_KEYWORDS:
            raise UserInputError(f"at most {MAX_KEYWORDS} keywords per topic")
        for term in (*include, *excluded):
            if len(term) > MAX_KEYWORD_LENGTH:
                raise UserInputError(f"keyword too long (at most {MAX_KEYWORD_LENGTH} characters)")
            try:
                re.compile(term)
            except re.error as exc:
                raise UserInputError(
                    f"keyword {term[:40]!r} is not a valid pattern: {exc}"
                ) from exc
            problem = pattern_problem(term)
            if problem is not None:
                raise UserInputError(
                    f"the keyword {term[:60]!r} {problem}: matching it could stall the bot, "
                    "so simplify it"
                )
        existing = await self.store.guild_topics(guild_id)
        if len(existing) >= MAX_GUILD_TOPICS and name not in {g.name for g in existing}:
            raise UserInputError(f"a server can have at most {MAX_GUILD_TOPICS} topics")
        stored = await self.store.add_guild_topic(guild_id, name, include, excluded)
        topic = Topic(guild_topic_key(guild_id, stored.name), stored.include, stored.exclude)
        [matched] = await self.match_stored([topic], since=datetime.now(UTC) - REMATCH_WINDOW)
        return topic, matched

    async def match_configured(self, *, since: datetime) -> None:
        """Match the configured topics again against the articles stored since ``since``.

        The configuration may have changed since they were stored, and a poll re-reads only
        the threads some topic follows: without this, an article seen before a topic was
        added or widened would never join it."""
        await self.match_stored(self.configured, since=since)

    async def match_stored(self, topics: Sequence[Topic], *, since: datetime) -> list[int]:
        """Link each topic to the stored articles first seen since ``since`` that it matches
        (and unlink the ones it no longer matches); returns how many each matches."""
        recent = [(thread_key(a), a) for a in await self.store.articles_to_refresh(since=since)]
        keys = [key for key, _ in recent]
        counts = []
        for topic in topics:
            matching = [key for key, a in recent if topic.matches(a.title, *a.body)]
            counts.append(await self.store.set_topic_articles(topic.name, matching, among=keys))
        return counts

    async def remove(self, guild_id: int, name: str) -> None:
        if not await self.store.remove_guild_topic(guild_id, name.strip().lower()):
            raise UserInputError(f"this server has no topic called {name[:50]!r}")
