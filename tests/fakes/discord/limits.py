"""Rate-limit buckets and injected faults for the fake's REST API.

Every REST reply carries Discord's bucket headers (``X-RateLimit-Limit/-Remaining/-Reset/
-Reset-After/-Bucket``) computed from a real per-bucket window, so discord.py's rate limiter
behaves as it does against Discord; going over the limit gets a genuine 429. Tests can also
queue faults for a route pattern: a 429 (per route or global), 5xx errors, or any Discord
error such as Missing Access.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from . import errors


@dataclass(frozen=True)
class RateLimitPolicy:
    """``limit`` requests per ``window`` seconds in each bucket."""

    limit: int = 50
    window: float = 1.0


@dataclass
class BucketState:
    limit: int
    remaining: int
    reset_at: float  # epoch seconds
    reset_after: float
    bucket: str
    exceeded: bool

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": f"{self.reset_at:.3f}",
            "X-RateLimit-Reset-After": f"{self.reset_after:.3f}",
            "X-RateLimit-Bucket": self.bucket,
        }


@dataclass
class _Window:
    started: float
    count: int = 0


class RateLimiter:
    """Counts requests per (route, major parameter) bucket in fixed windows."""

    def __init__(self, default: RateLimitPolicy, *, enforce: bool = True) -> None:
        self.default = default
        self.enforce = enforce
        self.policies: dict[str, RateLimitPolicy] = {}
        self._windows: dict[str, _Window] = {}

    def set_policy(self, route: str, limit: int, window: float) -> None:
        """Limit a route, given as ``"POST /channels/{channel_id}/messages"``."""
        self.policies[route] = RateLimitPolicy(limit, window)

    @staticmethod
    def bucket_hash(route: str) -> str:
        return hashlib.sha1(route.encode()).hexdigest()[:32]

    def hit(self, route: str, major: str) -> BucketState:
        policy = self.policies.get(route, self.default)
        key = f"{route}:{major}"
        now = time.monotonic()
        window = self._windows.get(key)
        if window is None or now - window.started >= policy.window:
            window = self._windows[key] = _Window(now)
        window.count += 1
        reset_after = max(policy.window - (now - window.started), 0.0)
        return BucketState(
            limit=policy.limit,
            remaining=policy.limit - window.count,
            reset_at=time.time() + reset_after,
            reset_after=reset_after,
            bucket=self.bucket_hash(route),
            exceeded=self.enforce and window.count > policy.limit,
        )


def rate_limited_body(retry_after: float, *, is_global: bool) -> dict[str, Any]:
    return {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }


def rate_limited_headers(retry_after: float, *, is_global: bool) -> dict[str, str]:
    headers = {"Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": "user"}
    if is_global:
        headers.update({"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"})
    return headers


@dataclass(frozen=True)
class Fault:
    """A reply to give instead of the real one. Build with the class methods."""

    status: int
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float | None = None
    is_global: bool = False
    after_success: bool = False  # do the real work, then drop the connection (no reply)

    @classmethod
    def rate_limited(cls, retry_after: float, *, is_global: bool = False) -> Fault:
        """A 429; per-route ones also carry the route's bucket headers (Remaining 0)."""
        return cls(
            429,
            rate_limited_body(retry_after, is_global=is_global),
            rate_limited_headers(retry_after, is_global=is_global),
            retry_after=retry_after,
            is_global=is_global,
        )

    @classmethod
    def connection_lost(cls) -> Fault:
        """Carry out the request (a message is really created), then reset the connection
        before replying: the client cannot know whether it worked, as after a crash."""
        return cls(0, None, after_success=True)

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        messages = {500: "500: Internal Server Error", 502: "502: Bad Gateway"}
        return cls(status, {"message": messages.get(status, f"{status}: Server Error"), "code": 0})

    @classmethod
    def from_error(cls, error: errors.ApiError) -> Fault:
        return cls(error.status, error.body())

    @classmethod
    def missing_access(cls) -> Fault:
        return cls.from_error(errors.missing_access())

    @classmethod
    def missing_permissions(cls) -> Fault:
        return cls.from_error(errors.missing_permissions())

    @classmethod
    def unknown_channel(cls) -> Fault:
        return cls.from_error(errors.unknown_channel())

    @classmethod
    def unauthorized(cls) -> Fault:
        return cls.from_error(errors.unauthorized())

    @classmethod
    def unknown_webhook(cls) -> Fault:
        return cls.from_error(errors.unknown_webhook())


@dataclass
class _Queued:
    method: str | None
    pattern: re.Pattern[str]
    fault: Fault
    remaining: int
    skip: int = 0  # matching requests to let through before the fault applies


def path_pattern(path: str) -> re.Pattern[str]:
    """``/channels/{channel_id}/messages`` or ``/channels/*/messages`` → a full-match regex."""
    parts = re.split(r"(\{[^}]+\}|\*)", path)
    regex = "".join("[^/]+" if p == "*" or p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(regex)


class FaultPlan:
    """Faults queued by tests, consumed by matching requests in order."""

    def __init__(self) -> None:
        self._queue: list[_Queued] = []

    def add(
        self, method: str | None, path: str, fault: Fault, times: int = 1, after: int = 0
    ) -> None:
        method = method.upper() if method else None
        self._queue.append(_Queued(method, path_pattern(path), fault, times, after))

    def take(self, method: str, path: str) -> Fault | None:
        for queued in self._queue:
            if queued.method not in (None, method) or not queued.pattern.fullmatch(path):
                continue
            if queued.skip > 0:
                queued.skip -= 1
                continue
            queued.remaining -= 1
            if queued.remaining <= 0:
                self._queue.remove(queued)
            return queued.fault
        return None

    def pending(self) -> int:
        return sum(q.remaining for q in self._queue)


@dataclass
class _Delay:
    method: str | None
    pattern: re.Pattern[str]
    seconds: float


class DelayPlan:
    """Per-route latency set by tests: matching requests wait before they are carried out.

    The request is recorded when it arrives; the work (a message created, say) happens after
    the wait, as with a slow Discord. A client that dies meanwhile does not stop it.
    """

    def __init__(self) -> None:
        self._delays: list[_Delay] = []

    def set(self, method: str | None, path: str, seconds: float) -> None:
        method = method.upper() if method else None
        pattern = path_pattern(path)
        self._delays = [
            d for d in self._delays if (d.method, d.pattern.pattern) != (method, pattern.pattern)
        ]
        if seconds > 0:
            self._delays.append(_Delay(method, pattern, seconds))

    def clear(self) -> None:
        self._delays.clear()

    def seconds(self, method: str, path: str) -> float:
        for delay in self._delays:
            if delay.method in (None, method) and delay.pattern.fullmatch(path):
                return delay.seconds
        return 0.0
