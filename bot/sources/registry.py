"""Which class serves which ``kind`` of source, and building them from the settings."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from bot.sources.base import Source

if TYPE_CHECKING:
    from bot.http import HttpClient
    from bot.page_reader import PageReader
    from config.settings import Settings, SourceSettings

#: kind → "module:Class". A new site is one module plus one line here and a config entry.
SOURCE_CLASSES: dict[str, str] = {
    "japantoday": "bot.sources.japantoday:JapanTodaySource",
    "rss": "bot.sources.rss:RssSource",
    "reddit": "bot.sources.reddit:RedditSource",
    "hackernews": "bot.sources.hackernews:HackerNewsSource",
}


def source_class(kind: str) -> type[Source]:
    module_name, _, class_name = SOURCE_CLASSES[kind].partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Source)):
        raise TypeError(f"{SOURCE_CLASSES[kind]} is not a Source")
    return cls


def build_source(
    settings: SourceSettings, http: HttpClient, pages: PageReader | None = None
) -> Source:
    return source_class(settings.kind)(settings, http, pages)


def build_sources(
    settings: Settings, http: HttpClient, pages: PageReader | None = None
) -> dict[str, Source]:
    """Every enabled configured source, by name."""
    return {s.name: build_source(s, http, pages) for s in settings.file.sources if s.enabled}
