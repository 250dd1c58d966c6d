"""Client-side rate limiting that keeps us under QBench's rolling request window.

QBench allows 300 requests per rolling 60 s by default (README §7.1) and answers
429 beyond that. [ASAP] found that a local cap of 340/min gave 1,949 rate-limit
events and settled on 270/min, so the pacer aims at 90 % of the limit. Each
request is stamped when its response arrives, never before the server counted
it, so our window never frees a slot earlier than QBench's does.
"""

from __future__ import annotations

import math
import re
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


class Pacer:
    """Rolling-window limiter: at most ``capacity`` requests in any ``window`` s."""

    def __init__(
        self,
        limit: int = DEFAULT_RATE_LIMIT[0],
        window: float = DEFAULT_RATE_LIMIT[1],
        *,
        margin: float = DEFAULT_MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the rate limit needs limit >= 1 and window > 0")
        if not 0 < margin <= 1:
            raise ValueError("margin must be in (0, 1]")
        self.limit, self.window = limit, float(window)
        self.capacity = max(1, math.floor(limit * margin))
        self._clock, self._sleep = clock, sleep
        self._stamps: deque[float] = deque()
        self.waited = 0.0  # total seconds spent waiting for a slot

    def delay(self) -> float:
        """Seconds until another request may be sent (0 when a slot is free)."""
        now = self._clock()
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()
        if len(self._stamps) < self.capacity:
            return 0.0
        return self._stamps[0] + self.window - now

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
