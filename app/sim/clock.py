"""The simulator's data clock: the time QBench stamps on records it changes.

It starts at a fixed anchor (so a seeded tenant is reproducible), ticks with
real time by default, and can be moved forward by tests (``advance``) or frozen
(``ticking=False``) so that many changes share one ``last_updated`` second.
Authentication and rate limits use the real wall clock, never this one.
"""

from __future__ import annotations

import threading
import time


class SimClock:
    """Unix-seconds clock that starts at ``start`` and may tick with real time."""

    def __init__(self, start: float, *, ticking: bool = True) -> None:
        self._start = float(start)
        self._offset = 0.0
        self._ticking = ticking
        self._origin = time.monotonic()
        self._lock = threading.Lock()

    def now(self) -> int:
        """Current simulated time in whole unix seconds."""
        return int(self.now_float())

    def now_float(self) -> float:
        with self._lock:
            elapsed = time.monotonic() - self._origin if self._ticking else 0.0
            return self._start + self._offset + elapsed

    def advance(self, seconds: float) -> int:
        """Move the clock forward; returns the new time."""
        if seconds < 0:
            raise ValueError("the simulator clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()

    def set_ticking(self, ticking: bool) -> None:
        """Freeze or unfreeze the clock without jumping."""
        with self._lock:
            now = self._start + self._offset
            if self._ticking:
                now += time.monotonic() - self._origin
            self._start, self._offset = now, 0.0
            self._origin = time.monotonic()
            self._ticking = ticking
