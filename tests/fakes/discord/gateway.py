"""The gateway half of the fake: Discord's JSON websocket protocol (v10).

HELLO → the client's IDENTIFY → READY (guilds unavailable) and one GUILD_CREATE per guild;
an IDENTIFY with ``shard: [id, count]`` gets only the guilds on that shard (``(guild_id >> 22)
% count == id``), and several sessions (one per shard, from one process or several) may be
connected at once, each receiving the events of its own shard's guilds. HEARTBEAT →
HEARTBEAT_ACK; RESUME → the missed events replayed, then RESUMED. Dispatches carry sequence
numbers and are kept per session so a resume can replay them. When the client asks for
``compress=zlib-stream`` (discord.py always does), frames go out as one shared zlib stream in
binary frames, each ending in a sync flush, as Discord sends them; otherwise (or for
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
SNOWFLAKE_TIMESTAMP_SHIFT = 22


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord routes a guild's events to; events without a guild go to shard 0."""
    return ((guild_id or 0) >> SNOWFLAKE_TIMESTAMP_SHIFT) % shard_count


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

    @property
    def shard(self) -> tuple[int, int] | None:
        """``(shard_id, shard_count)`` the connection identified with; ``(0, 1)`` for an
        IDENTIFY without ``shard``; None before (or without) an IDENTIFY."""
        if self.identify is None:
            return None
        shard = self.identify.get("shard") or [0, 1]
        return int(shard[0]), int(shard[1])

    @property
    def token(self) -> str | None:
        """The token of the IDENTIFY or RESUME on this connection."""
        for frame in (self.identify, self.resume):
            if frame is not None and frame.get("token"):
                return str(frame["token"])
        return None


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
    shard: tuple[int, int] = (0, 1)
    #: Increases at every IDENTIFY and RESUME: of two sessions on a shard, events go to the
    #: one that (re)connected last, as with Discord.
    activated: int = 0

    def serves(self, guild_id: int | None) -> bool:
        """Whether this session's shard receives the events of ``guild_id``."""
        shard_id, shard_count = self.shard
        return shard_of(guild_id, shard_count) == shard_id


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
        self._activations = 0
        self.connections: list[ConnectionRecord] = []
        self.heartbeats = 0
        self.received: list[dict[str, Any]] = []
        self._sockets: set[web.WebSocketResponse] = set()
        self._open = asyncio.Event()
        self._open.set()
        world.sink = self.dispatch

    # -- dispatching ----------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any], intent: int = 1) -> bool:
        """Send an event to the session of its guild's shard; False if no session serves
        that shard or it lacks the intent."""
        session = self.session_for(_guild_of(event, data))
        if session is None or session.invalid or not session.intents & intent:
            return False
        await self._dispatch_to(session, event, data)
        return True

    def session_for(self, guild_id: int | None) -> Session | None:
        """The session that receives ``guild_id``'s events (None: direct messages, shard 0):
        of the sessions whose shard serves it, the one that identified or resumed last."""
        serving = [s for s in self.sessions.values() if s.serves(guild_id)]
        return max(serving, key=lambda s: s.activated, default=None)

    def live_sessions(self) -> dict[tuple[int, int], Session]:
        """``(shard_id, shard_count)`` → the connected, valid session serving that shard."""
        live: dict[tuple[int, int], Session] = {}
        for session in sorted(self.sessions.values(), key=lambda s: s.activated):
            if session.connection is not None and not session.invalid:
                live[session.shard] = session
        return live

    def _activate(self, session: Session) -> None:
        self._activations += 1
        session.activated = self._activations
        self.current = session

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

    def _live(self, shard_id: int | None = None) -> Connection:
        """The latest session's socket, or with ``shard_id`` the live socket of that shard."""
        if shard_id is None:
            session = self.current
        else:
            session = next((s for (i, _), s in self.live_sessions().items() if i == shard_id), None)
        if session is None or session.connection is None:
            which = "" if shard_id is None else f" on shard {shard_id}"
            raise RuntimeError(f"fake Discord: no client is connected to the gateway{which}")
        return session.connection

    async def send_reconnect(self, shard_id: int | None = None) -> None:
        await self._live(shard_id).send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def send_invalid_session(self, resumable: bool, shard_id: int | None = None) -> None:
        connection = self._live(shard_id)
        if not resumable and connection.session is not None:
            connection.session.invalid = True
        await connection.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def drop(self, code: int = 4000, shard_id: int | None = None) -> None:
        """Close the bot's socket (the latest session's, or ``shard_id``'s) from the server
        side with ``code`` (4000: resumable)."""
        connection = self._live(shard_id)
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
        shard = _shard(data.get("shard"))
        session = Session(secrets.token_hex(16), str(data["token"]), intents, shard=shard)
        self.sessions[session.id] = session
        self._activate(session)
        session.connection = connection
        connection.session = session
        guilds = [g for g in list(self.world.guilds.values()) if session.serves(g.id) and g.has_bot]
        ready = {
            "v": 10,
            "user": {**self.world.bot.payload(), "verified": True, "mfa_enabled": False},
            "user_settings": {},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
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
            "shard": list(shard),
            "_trace": ["fake-gateway"],
        }
        await self._dispatch_to(session, "READY", ready)
        with_members = bool(intents & GUILD_MEMBERS_INTENT)
        for guild in guilds:
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
            self._activate(session)
            for frame in missed:
                await connection.send_locked(frame)
        data = None if self.world.resumed_without_data else {"_trace": ["fake-gateway"]}
        await self._dispatch_to(session, "RESUMED", data)

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


def _shard(value: Any) -> tuple[int, int]:
    """IDENTIFY's ``shard: [shard_id, shard_count]``; Discord closes with 4010 on a bad one."""
    if value is None:
        return 0, 1
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < value[1]
    ):
        raise GatewayClosed(4010, "Invalid shard")
    return value[0], value[1]


def _guild_of(event: str, data: dict[str, Any]) -> int | None:
    """The guild an event is about (it decides the shard that receives it)."""
    guild_id = data.get("guild_id")
    if guild_id is None and event.startswith("GUILD_") and "id" in data:
        guild_id = data["id"]  # GUILD_CREATE / UPDATE / DELETE carry the guild itself
    return int(guild_id) if guild_id is not None else None
