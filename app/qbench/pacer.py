"""Client-side rate limiting that keeps us under QBench's rolling request window.

QBench allows 300 requests per rolling 60 s by default (README §7.1) and answers
429 beyond that. [ASAP] found that a local cap of 340/min gave 1,949 rate-limit
events and settled on 270/min, so the pacer aims at 90 % of the limit. Each
request is stamped when its response arrives, never before the server counted
it, so our window never frees a slot earlier than QBench's does.

QBench counts per API client, not per connection: a second run started within a
minute of the first (ACTUALIZAR pressed again, "Probar conexión" after a sync)
shares the first one's window. So the stamps of one API client of one tenant
live once per process (``shared_history``) and every client object made for them
paces against the same history; a fresh window per run could send a whole
window's worth at once into QBench's still-full one and draw 429s.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable

DEFAULT_RATE_LIMIT = (300, 60.0)
DEFAULT_MARGIN = 0.9
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def parse_rate_limit(text: str) -> tuple[int, float]:
    """Parse ``"N/SECONDS"`` (e.g. ``QBENCH_RATE_LIMIT="300/60"``) into a pair."""
    match = _RATE.match(text or "")
    if match is None:
        raise ValueError(
            f"rate limit must look like REQUESTS/SECONDS, e.g. 300/60; got {text!r}"
        )
    requests, seconds = int(match[1]), float(match[2])
    if requests < 1 or seconds <= 0:
        raise ValueError(
            f"rate limit needs at least 1 request per a positive number of "
            f"seconds; got {text!r}"
        )
    return requests, seconds


_HISTORIES: dict[tuple[str, str], deque[float]] = {}
_HISTORIES_LOCK = threading.Lock()


def shared_history(tenant_root: str, client_id: str) -> deque[float]:
    """The monotonic stamps of the requests this process sent as ``client_id``
    to ``tenant_root`` (one deque per pair, made on first use), for every
    ``Pacer`` of that API client to share."""
    with _HISTORIES_LOCK:
        return _HISTORIES.setdefault((tenant_root, client_id), deque())


class Pacer:
    """Rolling-window limiter: at most ``capacity`` requests in any ``window`` s.

    ``history`` is the stamps deque to count in (``shared_history`` for the
    process-wide window of one API client); a private one when not given.
    """

    def __init__(
        self,
        limit: int = DEFAULT_RATE_LIMIT[0],
        window: float = DEFAULT_RATE_LIMIT[1],
        *,
        margin: float = DEFAULT_MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        history: deque[float] | None = None,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the rate limit needs limit >= 1 and window > 0")
        if not 0 < margin <= 1:
            raise ValueError("margin must be in (0, 1]")
        self.limit, self.window = limit, float(window)
        self.capacity = max(1, math.floor(limit * margin))
        self._clock, self._sleep = clock, sleep
        self._stamps: deque[float] = deque() if history is None else history
        self.waited = 0.0  # total seconds spent waiting for a slot

    def delay(self) -> float:
        """Seconds until another request may be sent (0 when a slot is free)."""
        now = self._clock()
        stamps = self._stamps
        try:
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) < self.capacity:
                return 0.0
            # the slot frees when the request ``capacity`` back leaves the window
            return stamps[-self.capacity] + self.window - now
        except IndexError:  # another thread's client trimmed it meanwhile
            return 0.0

    def acquire(self) -> float:
        """Block until a request may be sent; returns the seconds waited."""
        wait = self.delay()
        if wait > 0:
            # One sleep is enough: the sleep is injected, and a test's no-op
            # sleep must not turn this into a busy loop on the real clock.
            self._sleep(wait)
            self.waited += wait
        return wait

    def record(self) -> None:
        """Count a request whose response (or failure) just arrived."""
        self._stamps.append(self._clock())
