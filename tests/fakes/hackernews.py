"""A local hn.algolia.com: ``/api/v1/search_by_date`` and ``/api/v1/items/{id}``.

The search honours what the real one does with our parameters: ``tags=story``,
``numericFilters=created_at_i>N``, ``query`` (words in the title or text) and
``hitsPerPage``. Items are served from the fixtures under ``tests/fixtures/hackernews``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.local import serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hackernews"


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, str]


@dataclass
class FakeAlgolia:
    hits: list[dict[str, Any]] = field(default_factory=list)
    items: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None

    async def __aenter__(self) -> FakeAlgolia:
        app = web.Application()
        app.router.add_get("/api/v1/search_by_date", self._search)
        app.router.add_get("/api/v1/items/{id}", self._item)
        self._runner, self.base_url = await serve(app)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _search(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.requests.append(Seen(request.path, query))
        hits = list(self.hits)
        tags = query.get("tags")
        if tags:
            hits = [h for h in hits if tags in h.get("_tags", [])]
        for condition in filter(None, query.get("numericFilters", "").split(",")):
            match = re.fullmatch(r"(\w+)([<>]=?|=)(\d+)", condition.strip())
            if match is None:
                return web.json_response(
                    {"message": f"invalid numericFilters {condition!r}", "status": 400},
                    status=400,
                )
            name, op, value = match.group(1), match.group(2), int(match.group(3))
            hits = [h for h in hits if _compare(h.get(name), op, value)]
        words = query.get("query", "").lower().split()
        if words:
            hits = [
                h
                for h in hits
                if all(
                    w.rstrip("s")
                    in (h.get("title", "") + " " + (h.get("story_text") or "")).lower()
                    for w in words
                )
            ]
        hits.sort(key=lambda h: h["created_at_i"], reverse=True)
        per_page = int(query.get("hitsPerPage", "20"))
        page = hits[:per_page]
        return web.json_response(
            {
                "exhaustive": {"nbHits": True, "typo": True},
                "exhaustiveNbHits": True,
                "hits": page,
                "hitsPerPage": per_page,
                "nbHits": len(hits),
                "nbPages": max(1, -(-len(hits) // per_page)),
                "page": 0,
                "params": request.query_string,
                "processingTimeMS": 1,
                "query": query.get("query", ""),
            }
        )

    async def _item(self, request: web.Request) -> web.Response:
        self.requests.append(Seen(request.path, dict(request.query)))
        raw = request.match_info["id"]
        item = self.items.get(int(raw)) if raw.isdigit() else None
        if item is None:
            return web.json_response({"status": 404, "error": "Not Found"}, status=404)
        return web.json_response(item)


def _compare(actual: Any, op: str, value: int) -> bool:
    if not isinstance(actual, int):
        return False
    return {
        ">": actual > value,
        ">=": actual >= value,
        "<": actual < value,
        "<=": actual <= value,
        "=": actual == value,
    }[op]
