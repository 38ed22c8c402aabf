"""The REST half of the fake: request parsing, recording, auth, faults, rate limits, routing.

Every request under ``/api/v10`` is recorded in ``RestApi.requests`` (method, path, query,
headers, JSON body or multipart ``payload_json``, uploaded files, status), whatever happens to
it. Replies are JSON with ``Content-Type: application/json`` exactly (discord.py parses
nothing else) and carry rate-limit headers. Unknown routes get Discord's 404 body.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from . import errors
from .limits import (
    DelayPlan,
    FaultPlan,
    RateLimiter,
    rate_limited_body,
    rate_limited_headers,
)
from .messages import MessageDraft, UploadedFile

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"


@dataclass
class RecordedRequest:
    """One request the bot made, as the fake saw it."""

    method: str
    path: str
    route: str | None
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: list[UploadedFile]
    at: float
    status: int | None = None
    connection_lost: bool = False  # carried out, then the connection was reset unanswered

    @property
    def token(self) -> str | None:
        """The bot token the request was made with (``Authorization: Bot <token>``)."""
        header = self.headers.get("Authorization", "")
        return header[4:] if header.startswith("Bot ") else None


@dataclass
class Call:
    """A parsed request handed to a route handler."""

    record: RecordedRequest
    params: dict[str, str]

    def int_param(self, name: str) -> int:
        value = self.params[name]
        if not value.isdigit():
            raise errors.not_found()
        return int(value)

    def draft(self) -> MessageDraft:
        payload = self.record.json if isinstance(self.record.json, dict) else {}
        return MessageDraft(payload, list(self.record.files), token=self.record.token)

    def flag(self, name: str) -> bool:
        return self.record.query.get(name, "").lower() in ("1", "true")


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Call], Awaitable[Reply]]


@dataclass
class Route:
    method: str
    template: str
    handler: Handler
    auth: bool
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        self.regex = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template))

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def json_response(status: int, body: Any, headers: dict[str, str]) -> web.Response:
    if status == 204 or body is None:
        return web.Response(status=204 if body is None else status, headers=headers)
    headers = {**headers, "Content-Type": "application/json"}
    return web.Response(status=status, body=json.dumps(body).encode(), headers=headers)


async def parse_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """JSON body, or multipart ``payload_json`` plus ``files[n]`` parts."""
    content_type = request.content_type
    if content_type == "application/json":
        text = await request.text()
        return (json.loads(text) if text else None), []
    if content_type == "multipart/form-data":
        payload: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                continue
            data = bytes(await part.read())
            name = part.name or ""
            if name == "payload_json":
                payload = json.loads(data.decode())
            else:
                mime = part.headers.get("Content-Type")
                files.append(UploadedFile(name, part.filename or name, mime, data))
        return payload, files
    raw = await request.read()
    return (raw.decode(errors="replace") if raw else None), []


def _reset(request: web.Request) -> None:
    """Close the connection with a TCP reset, so the client sees it die mid-request."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:  # linger 0: closing sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


def _major(params: dict[str, str]) -> str:
    for keys in (
        ("channel_id",),
        ("guild_id",),
        ("application_id", "token"),
        ("interaction_id", "token"),
    ):
        if all(k in params for k in keys):
            return "+".join(params[k] for k in keys)
    return ""


class RestApi:
    """Routes requests to handlers; handlers live in ``handlers.py``."""

    def __init__(
        self,
        *,
        limiter: RateLimiter,
        faults: FaultPlan,
        token_ok: Callable[[str], bool],
        on_change: Callable[[], None],
        delays: DelayPlan | None = None,
    ) -> None:
        self.routes: list[Route] = []
        self.delays = delays or DelayPlan()
        self.requests: list[RecordedRequest] = []
        self.limiter = limiter
        self.faults = faults
        self._token_ok = token_ok
        self._on_change = on_change
        #: Type JSON replies "application/json; charset=utf-8", as a compatible server built
        #: on aiohttp's json_response does (Discord types them "application/json").
        self.json_charset = False

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self.routes.append(Route(method, template, handler, auth))

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            match = route.regex.fullmatch(path)
            if match:
                return route, match.groupdict()
        return None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        in_api = request.path.startswith(API_PREFIX + "/")
        path = request.path[len(API_PREFIX) :] if in_api else request.path
        try:
            body, files = await parse_body(request)
        except (ValueError, UnicodeDecodeError):
            body, files = None, []
        record = RecordedRequest(
            method=request.method,
            path=path,
            route=None,
            query=dict(request.query),
            headers=dict(request.headers),
            json=body,
            files=files,
            at=time.monotonic(),
        )
        self.requests.append(record)
        if in_api:
            status, payload, headers = await self._respond(record)
        else:
            status, payload, headers = 404, errors.not_found().body(), {}
        record.status = status
        self._on_change()
        if record.connection_lost:
            _reset(request)
        headers.setdefault("Via", "1.1 google")
        response = json_response(status, payload, headers)
        if self.json_charset and response.content_type == "application/json":
            response.headers["Content-Type"] = "application/json; charset=utf-8"
        return response

    async def _respond(self, record: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        found = self._match(record.method, record.path)
        if found is None:
            log.info("fake Discord: no route for %s %s", record.method, record.path)
            return 404, errors.not_found().body(), {}
        route, params = found
        record.route = route.key
        if route.auth:
            header = record.headers.get("Authorization", "")
            if not header.startswith("Bot ") or not self._token_ok(header[4:]):
                return 401, errors.unauthorized().body(), {}
        delay = self.delays.seconds(record.method, record.path)
        if delay:
            await asyncio.sleep(delay)
        fault = self.faults.take(record.method, record.path)
        bucket = self.limiter.hit(route.key, _major(params))
        if fault is not None and fault.after_success:
            record.connection_lost = True
            fault = None
        if fault is not None:
            headers = dict(fault.headers)
            if not fault.is_global:
                headers = {**bucket.headers(), **headers}
                if fault.status == 429:
                    headers["X-RateLimit-Remaining"] = "0"
            return fault.status, fault.body, headers
        if bucket.exceeded:
            retry = round(bucket.reset_after, 3)
            headers = {**bucket.headers(), **rate_limited_headers(retry, is_global=False)}
            return 429, rate_limited_body(retry, is_global=False), headers
        try:
            reply = await route.handler(Call(record, params))
        except errors.ApiError as error:
            return error.status, error.body(), bucket.headers()
        return reply.status, reply.body, {**bucket.headers(), **reply.headers}
