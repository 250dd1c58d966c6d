"""QBench's per-client limits: a rolling request window and concurrent requests.

Official defaults (README §7.1): 300 requests per 60 s and 10 at once. A 429
names the count and the seconds until a slot frees up (``X-QBAPI-Throttle-*``).
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Throttle:
    """Why a request was refused: rate (with count and ttl) or concurrency."""

    kind: str  # "rate" | "concurrency"
    count: int
    ttl: int
    limit: int
    window: int


class RateLimiter:
    """Rolling window: at most ``limit`` accepted requests in any ``window`` seconds."""

    def __init__(self, limit: int = 300, window: int = 60) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> Throttle | None:
        """Record the request, or return the Throttle that refuses it."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[client]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                ttl = max(1, math.ceil(hits[0] + self.window - now))
                return Throttle("rate", len(hits) + 1, ttl, self.limit, self.window)
            hits.append(now)
            return None

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


class ConcurrencyLimiter:
    """At most ``limit`` requests of one client in flight at once."""

    def __init__(self, limit: int = 10) -> None:
        self.limit = limit
        self._active: dict[str, int] = defaultdict(int)
        self.peak = 0
        self._lock = threading.Lock()

    def enter(self, client: str) -> Throttle | None:
        with self._lock:
            if self._active[client] >= self.limit:
                count = self._active[client] + 1
                return Throttle("concurrency", count, 1, self.limit, 0)
            self._active[client] += 1
            self.peak = max(self.peak, self._active[client])
            return None

    def leave(self, client: str) -> None:
        with self._lock:
            self._active[client] -= 1
