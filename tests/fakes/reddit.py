"""A local Reddit speaking the JSON API the way reddit.com and oauth.reddit.com do.

Serves subreddit search and ``new`` listings, permalink thread JSON (``[post listing,
comment listing]`` with nested ``replies`` and ``more`` stubs), ``/api/morechildren`` and the
OAuth token endpoint, with Reddit's rate-limit headers. Tests load it with payloads (the
fixtures under ``tests/fixtures/reddit``) and read :attr:`FakeReddit.requests` afterwards.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.local import serve

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reddit"


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class FakeReddit:
    #: subreddit → Listing answered for /r/{sub}/search.json
    searches: dict[str, Any] = field(default_factory=dict)
    #: subreddit → Listing answered for /r/{sub}/new.json
    new: dict[str, Any] = field(default_factory=dict)
    #: post id → [post listing, comment listing]
    threads: dict[str, Any] = field(default_factory=dict)
    #: every thing /api/morechildren can hand out, flat, each with its parent_id
    more_things: list[dict[str, Any]] = field(default_factory=list)
    #: (client id, secret) the token endpoint accepts; None: no OAuth
    client: tuple[str, str] | None = None
    token_lifetime: int = 86400
    #: when True, API calls need ``Authorization: Bearer <a token we issued>``
    require_token: bool = False
    #: (remaining, reset) sent with the next answers, one per request; then the default
    rate_limits: list[tuple[float, float]] = field(default_factory=list)
    default_rate_limit: tuple[float, float] = (99.0, 412.0)
    #: answer the next N API requests with 429
    too_many_requests: int = 0
    #: answer every API request with 503
    unavailable: bool = False

    requests: list[Seen] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    base_url: str = ""
    _runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> FakeReddit:
        app = web.Application()
        app.router.add_post("/api/v1/access_token", self._token)
        app.router.add_get("/api/morechildren.json", self._morechildren)
        app.router.add_get("/api/morechildren", self._morechildren)
        app.router.add_get("/r/{sub}/search.json", self._search)
        app.router.add_get("/r/{sub}/new.json", self._new)
        app.router.add_get("/r/{sub}/comments/{id}/{slug}.json", self._thread)
        app.router.add_get("/r/{sub}/comments/{id}.json", self._thread)
        app.router.add_get("/comments/{id}.json", self._thread)
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

    def paths(self, prefix: str = "/") -> list[str]:
        return [r.path for r in self.requests if r.path.startswith(prefix)]

    # -- handlers -------------------------------------------------------------------------

    async def _record(self, request: web.Request) -> Seen:
        form = {k: str(v) for k, v in (await request.post()).items()}
        seen = Seen(request.method, request.path, dict(request.query), dict(request.headers), form)
        self.requests.append(seen)
        return seen

    def _headers(self) -> dict[str, str]:
        remaining, reset = self.rate_limits.pop(0) if self.rate_limits else self.default_rate_limit
        used = max(0.0, 100.0 - remaining)
        return {
            "x-ratelimit-remaining": f"{remaining:.1f}",
            "x-ratelimit-used": f"{used:.0f}",
            "x-ratelimit-reset": f"{reset:g}",
        }

    def _refusal(self, request: web.Request) -> web.Response | None:
        """The answer for a request that does not get through, or None."""
        if self.unavailable:
            return web.json_response({"message": "Service Unavailable", "error": 503}, status=503)
        if self.too_many_requests > 0:
            self.too_many_requests -= 1
            headers = {"x-ratelimit-remaining": "0", "x-ratelimit-used": "100"}
            headers["x-ratelimit-reset"] = "0"
            return web.json_response(
                {"message": "Too Many Requests", "error": 429}, status=429, headers=headers
            )
        if self.require_token:
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
                return web.json_response({"message": "Unauthorized", "error": 401}, status=401)
        return None

    def _json(self, payload: Any) -> web.Response:
        return web.json_response(payload, headers=self._headers())

    async def _token(self, request: web.Request) -> web.Response:
        seen = await self._record(request)
        auth = request.headers.get("Authorization", "")
        expected = None
        if self.client is not None:
            expected = "Basic " + base64.b64encode(":".join(self.client).encode()).decode()
        if expected is None or auth != expected:
            return web.json_response({"message": "Unauthorized", "error": 401}, status=401)
        if seen.form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        token = "-" + secrets.token_urlsafe(20)
        self.tokens.append(token)
        return web.json_response(
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.token_lifetime,
                "scope": "*",
            }
        )

    async def _search(self, request: web.Request) -> web.Response:
        await self._record(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        sub = request.match_info["sub"]
        if sub not in self.searches:
            return web.json_response(
                {"reason": "banned", "message": "Not Found", "error": 404}, status=404
            )
        return self._json(self.searches[sub])

    async def _new(self, request: web.Request) -> web.Response:
        await self._record(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        sub = request.match_info["sub"]
        if sub not in self.new:
            return web.json_response({"message": "Not Found", "error": 404}, status=404)
        return self._json(self.new[sub])

    async def _thread(self, request: web.Request) -> web.Response:
        await self._record(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        thread = self.threads.get(request.match_info["id"])
        if thread is None:
            return web.json_response({"message": "Not Found", "error": 404}, status=404)
        return self._json(thread)

    async def _morechildren(self, request: web.Request) -> web.Response:
        await self._record(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        wanted = [c for c in request.query.get("children", "").split(",") if c]
        if request.query.get("api_type") != "json" or not request.query.get("link_id"):
            return web.json_response({"json": {"errors": [["BAD_REQUEST", "bad", "link_id"]]}})
        return self._json({"json": {"errors": [], "data": {"things": self._expand(wanted)}}})

    def _expand(self, wanted: list[str]) -> list[dict[str, Any]]:
        """The wanted comments with their loaded descendants, depth first, as Reddit does:
        a comment listed in a ``more`` stub is left for that stub to load."""
        by_id = {t["data"]["id"]: t for t in self.more_things if t["kind"] == "t1"}
        behind_stub = {
            c for t in self.more_things if t["kind"] == "more" for c in t["data"]["children"]
        }
        out: list[dict[str, Any]] = []

        def emit(thing: dict[str, Any]) -> None:
            out.append(thing)
            if thing["kind"] != "t1":
                return
            fullname = "t1_" + thing["data"]["id"]
            for child in self.more_things:
                if child["data"].get("parent_id") != fullname:
                    continue
                if child["kind"] == "t1" and child["data"]["id"] in behind_stub:
                    continue
                emit(child)

        for comment_id in wanted:
            if comment_id in by_id:
                emit(by_id[comment_id])
        return out
