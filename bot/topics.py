"""Topics: does an article belong to one? Word-boundary, case-insensitive, regex allowed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Topic:
    """A name plus include terms and exclude terms.

    Each term is a regular expression matched on word boundaries, so ``tariff`` matches
    "Tariff talks" but not "tariffication", and ``import taxes?`` matches both forms.
    A plain term with spaces matches any run of whitespace between its words.
    """

    name: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @staticmethod
    def _compile(terms: Sequence[str]) -> re.Pattern[str] | None:
        if not terms:
            return None
        parts = [re.sub(r"(?:\\ | )+", r"\\s+", term.strip()) for term in terms]
        return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in parts) + r")(?!\w)", re.I)

    @cached_property
    def _include(self) -> re.Pattern[str] | None:
        return self._compile(self.include)

    @cached_property
    def _exclude(self) -> re.Pattern[str] | None:
        return self._compile(self.exclude)

    def matches(self, *texts: str) -> bool:
        """True when any text contains an include term and none contains an exclude term."""
        joined = "\n".join(t for t in texts if t)
        if self._include is None or not self._include.search(joined):
            return False
        return not (self._exclude is not None and self._exclude.search(joined))


def matching_topics(topics: Iterable[Topic], title: str, body: Iterable[str] = ()) -> list[str]:
    """Names of the topics an article (its title and body) belongs to."""
    text = "\n".join([title, *body])
    return [t.name for t in topics if t.matches(text)]


def parse_keywords(raw: str) -> tuple[str, ...]:
    """A user's comma-separated keyword list → terms; quotes allowed, blanks dropped."""
    terms = [t.strip().strip("\"'").strip() for t in raw.split(",")]
    return tuple(dict.fromkeys(t for t in terms if t))


def guild_topic_key(guild_id: int, name: str) -> str:
    """The store's key for a guild's own topic; config topics are keyed by their bare name."""
    return f"{guild_id}:{name}"
