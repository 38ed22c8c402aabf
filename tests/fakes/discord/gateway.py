"""The gateway half of the fake: Discord's JSON websocket protocol (v10).

HELLO → the client's IDENTIFY → READY (guilds unavailable) and one GUILD_CREATE per guild;
HEARTBEAT → HEARTBEAT_ACK; RESUME → the missed events replayed, then RESUMED. Dispatches
carry sequence numbers and are kept per session so a resume can replay them. When the client
asks for ``compress=zlib-stream`` (discord.py always does), frames go out as one shared zlib
stream in binary frames, each ending in a sync flush, as Discord sends them; otherwise (or for
``zstd-stream``, which the fake does not speak) as plain text frames, which clients accept.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .world import World

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11
GUILD_MEMBERS_INTENT = 1 << 1
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)
REPLAY_LIMIT = 5000


class GatewayClosed(Exception):
    """Close the socket with this Discord close code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"{code} {reason}")
        self.code, self.reason = code, reason


@dataclass
class ConnectionRecord:
    """One websocket connection: where it connected and how it authenticated."""

    path: str
    query: dict[str, str]
    opened_at: float
    identify: dict[str, Any] | None = None
    resume: dict[str, Any] | None = None
    close_code: int | None = None


class Connection:
    """A live socket, with its (optional) zlib stream; sends are serialized."""

    def __init__(self, ws: web.WebSocketResponse, record: ConnectionRecord) -> None:
        self.ws, self.record = ws, record
        self.lock = asyncio.Lock()
        wants_zlib = record.query.get("compress") == "zlib-stream"
        self._zlib = zlib.compressobj() if wants_zlib else None
        self.session: Session | None = None

    async def send(self, frame: dict[str, Any]) -> bool:
        async with self.lock:
            return await self.send_locked(frame)

    async def send_locked(self, frame: dict[str, Any]) -> bool:
        if self.ws.closed:
            return False
        text = json.dumps(frame)
        try:
            if self._zlib is not None:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            return False
        return True


@dataclass
class Session:
    id: str
    token: str
    intents: int
    seq: int = 0
    events: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))
    connection: Connection | None = None
    invalid: bool = False


class Gateway:
    """Sessions and sockets; ``World`` reaches the bot through :meth:`dispatch`."""

    def __init__(
        self,
        world: World,
        *,
        heartbeat_interval_ms: int,
        token_ok: Callable[[str], bool],
        resume_url: Callable[[], str],
        enabled_privileged_intents: int = PRIVILEGED_INTENTS,
    ) -> None:
        self.world = world
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._token_ok = token_ok
        self._resume_url = resume_url
        self.enabled_privileged_intents = enabled_privileged_intents
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        self.connections: list[ConnectionRecord] = []
        self.heartbeats = 0
        self.received: list[dict[str, Any]] = []
        self._sockets: set[web.WebSocketResponse] = set()
        self._open = asyncio.Event()
        self._open.set()
        world.sink = self.dispatch

    # -- dispatching ----------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any], intent: int = 1) -> bool:
        """Send an event to the bot's session; False if no session exists or it lacks the intent."""
        session = self.current
        if session is None or session.invalid or not session.intents & intent:
            return False
        await self._dispatch_to(session, event, data)
        return True

    async def _dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        connection = session.connection
        if connection is None:
            session.seq += 1
            session.events.append({"op": DISPATCH, "t": event, "s": session.seq, "d": data})
            return
        async with connection.lock:  # sequence order must equal send order
            session.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
            session.events.append(frame)
            await connection.send_locked(frame)

    # -- controls for tests -------------------------------------------------------------------

    def _live(self) -> Connection:
        session = self.current
        if session is None or session.connection is None:
            raise RuntimeError("fake Discord: no client is connected to the gateway")
        return session.connection

    async def send_reconnect(self) -> None:
        await self._live().send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def send_invalid_session(self, resumable: bool) -> None:
        connection = self._live()
        if not resumable and connection.session is not None:
            connection.session.invalid = True
        await connection.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def drop(self, code: int = 4000) -> None:
        """Close the bot's socket from the server side with ``code`` (4000: resumable)."""
        connection = self._live()
        await connection.ws.close(code=code, message=b"dropped by test")

    def hold(self) -> None:
        """Keep new connections waiting before HELLO (an outage), until :meth:`release`."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    async def close_all(self) -> None:
        self._open.set()
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"fake Discord shutting down")

    # -- the socket ---------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        record = ConnectionRecord(request.path, dict(request.query), time.monotonic())
        self.connections.append(record)
        self._sockets.add(ws)
        connection = Connection(ws, record)
        try:
            self._check_query(record.query)
            await self._open.wait()
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-gateway"]}
            await connection.send({"op": HELLO, "d": hello, "s": None, "t": None})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    raise GatewayClosed(4002, "Decode error")
                await self._receive(connection, json.loads(message.data))
        except GatewayClosed as closed:
            log.info("fake gateway closing socket: %s %s", closed.code, closed.reason)
            await ws.close(code=closed.code, message=closed.reason.encode())
        except (ValueError, KeyError, TypeError) as error:
            log.info("fake gateway: bad payload: %r", error)
            await ws.close(code=4002, message=b"Decode error")
        finally:
            self._sockets.discard(ws)
            record.close_code = ws.close_code
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
            self.world.notify()
        return ws

    def _check_query(self, query: dict[str, str]) -> None:
        if query.get("v", "10") != "10":
            raise GatewayClosed(4012, "Invalid API version")
        if query.get("encoding", "json") != "json":
            raise GatewayClosed(4002, "Decode error: the fake speaks encoding=json only")

    async def _receive(self, connection: Connection, frame: dict[str, Any]) -> None:
        self.received.append(frame)
        op = frame["op"]
        data: Any = frame.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(connection, data)
        elif op == RESUME:
            await self._resume(connection, data)
        elif connection.session is None:
            raise GatewayClosed(4003, "Not authenticated")
        elif op == REQUEST_GUILD_MEMBERS:
            await self._members_chunk(connection.session, data)
        elif op not in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            raise GatewayClosed(4001, "Unknown opcode")
        self.world.notify()

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if connection.session is not None:
            raise GatewayClosed(4005, "Already authenticated")
        connection.record.identify = data
        if not self._token_ok(str(data.get("token", ""))):
            raise GatewayClosed(4004, "Authentication failed")
        intents = data.get("intents")
        if not isinstance(intents, int):
            raise GatewayClosed(4013, "Invalid intent(s)")
        if intents & PRIVILEGED_INTENTS & ~self.enabled_privileged_intents:
            raise GatewayClosed(4014, "Disallowed intent(s)")
        session = Session(secrets.token_hex(16), str(data["token"]), intents)
        self.sessions[session.id] = session
        self.current = session
        session.connection = connection
        connection.session = session
        shard = data.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": {**self.world.bot.payload(), "verified": True, "mfa_enabled": False},
            "user_settings": {},
            "guilds": [{"id": str(g), "unavailable": True} for g in self.world.guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self._resume_url(),
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "application": {"id": str(self.world.application_id), "flags": 0},
            "auth": {},
            "shard": shard,
            "_trace": ["fake-gateway"],
        }
        await self._dispatch_to(session, "READY", ready)
        with_members = bool(intents & GUILD_MEMBERS_INTENT)
        for guild in list(self.world.guilds.values()):
            await self._dispatch_to(
                session, "GUILD_CREATE", guild.payload(include_members=with_members)
            )

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> None:
        connection.record.resume = data
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or session.invalid or session.token != data.get("token"):
            await connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        seq = data.get("seq") or 0
        missed = [f for f in session.events if f["s"] > seq]
        if seq < session.seq and (not missed or missed[0]["s"] != seq + 1):
            await connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        old = session.connection
        if old is not None and old is not connection:
            await old.ws.close(code=4000, message=b"session resumed elsewhere")
        async with connection.lock:
            session.connection = connection
            connection.session = session
            self.current = session
            for frame in missed:
                await connection.send_locked(frame)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-gateway"]})

    async def _members_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data["guild_id"]))
        if guild is None:
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        members = [
            m.payload()
            for m in guild.members.values()
            if (not wanted or m.id in wanted) and m.user.username.lower().startswith(query)
        ]
        limit = int(data.get("limit") or 0)
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": members[:limit] if limit else members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted if u not in guild.members],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)
