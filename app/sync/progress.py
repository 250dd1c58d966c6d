"""Where a running sync stands and how long it still needs, from its events.

``RunProgress`` reads the stream a sync emits (``app.sync.report.SyncEvent``)
and answers what the window and the terminal show: each section's state, the
requests still to make, the fraction done and the time left. Plain Python with
an injected clock, so the arithmetic is tested without waiting.

**Requests left.** A section still to run counts its plan estimate (see
``app.sync.engine``). The running section counts the pages left in the listing
it reads (its first page says how many) plus what follows that listing (the
deleted listing and the count check; for a full reports pass, the second read);
before its first page, its estimate less what it already spent. A section whose
size nobody knows yet (on a first backup, every entity but tests until it
starts) counts as ``MIN_SECTION_REQUESTS`` and makes the time a lower bound:
the window says "al menos", never a number it cannot stand behind.

**Time left** = max(requests left ÷ the pace the client allows itself, measured
seconds per request × requests left): QBench's rate limit bounds a fast network,
the measured pace a slow one. The measured pace leaves out the announced waits
(pacing, 429s, retry backoff), so one 60-second 429 does not make every later
request look a minute long. While the client waits, what is left of a 429 or
retry wait is added; a pacing wait is already part of the rate term and is only
a floor. Never negative, never the speed of the last page alone.

**Fraction done** = requests made ÷ (made + left) once every section's size is
known; while one is unknown, by sections (finished sections plus the running
one's share of its listing), so the bar does not race ahead of an unknown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.qbench.waits import PACING, RATE_LIMIT, Wait
from app.sync.report import (
    SectionDone,
    SectionStarted,
    SyncEvent,
    SyncPlan,
    SyncProgress,
)

MIN_SECTION_REQUESTS = 2  # the least any section costs (its no-change budget)
MIN_VISIBLE_WAIT = 1.0  # shorter waits are not worth a line on the screen


@dataclass
class Section:
    """One entity of the run, as far as its events tell."""

    entity: str
    mode: str = "full"
    planned: int | None = None  # the plan's estimate of its requests
    state: str = "pending"  # pending | running | done
    status: str = ""  # when done: success | failed | cancelled | skipped
    skip: str | None = None  # when skipped: forbidden | missing | parent
    start_requests: int = 0
    phase: str = ""
    page: int = 0  # the last page's number in its listing
    total_pages: int | None = None  # pages of that listing (None: not walked)
    pages_done: int = 0
    records: int = 0
    total_count: int | None = None
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    def requests_left(self, requests_now: int) -> tuple[int, bool]:
        """(requests this section still needs, whether that is known)."""
        if self.state == "done":
            return 0, True
        if self.state == "pending":
            if self.planned is None:
                return MIN_SECTION_REQUESTS, False
            return self.planned, True
        if self.total_pages is not None and self.page > 0:
            return max(0, self.total_pages - self.page) + self._after_listing(), True
        if self.planned is not None:
            spent = requests_now - self.start_requests
            return max(1, self.planned - spent), True
        return 1, self.pages_done > 0

    def _after_listing(self) -> int:
        """Requests after the listing being read (a rough, small count)."""
        if self.entity == "reports":
            if self.mode == "full" and self.phase == "all":
                return self.total_pages or 0  # the second, confirming read
            return 0
        if self.phase == "all" and self.mode == "full":
            return 2  # the deleted listing and the count check
        return 1  # the count check

    @property
    def listing_share(self) -> float:
        """How far into the listing being read (0 when unknown)."""
        if not self.total_pages:
            return 0.0
        return min(1.0, self.page / self.total_pages)


@dataclass(frozen=True)
class Eta:
    """Seconds left (never negative); ``lower_bound``: some sizes are unknown."""

    seconds: float
    lower_bound: bool = False


@dataclass
class _WaitSpan:
    wait: Wait
    started: float
    ended: float  # planned end; cut short when the next event arrives


class RunProgress:
    """The state of one run, fed its events in order (``feed``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.plan: SyncPlan | None = None
        self.sections: dict[str, Section] = {}
        self.requests = 0  # the client's latest request count
        self._started: float | None = None
        self._waits: list[_WaitSpan] = []

    # -- feeding ---------------------------------------------------------------
    def feed(self, event: SyncEvent) -> None:
        """Take one event of the sync's stream."""
        now = self._clock()
        if isinstance(event, Wait):
            self._waits.append(_WaitSpan(event, now, now + max(0.0, event.seconds)))
            return
        self._end_wait(now)  # any other event means the client is working again
        if isinstance(event, SyncPlan):
            self.plan, self._started = event, now
            self.requests = max(self.requests, event.requests)
            self.sections = {
                s.entity: Section(s.entity, s.mode, s.requests) for s in event.sections
            }
            return
        self.requests = max(self.requests, event.requests)
        section = self.sections.setdefault(event.entity, Section(event.entity))
        if isinstance(event, SectionStarted):
            section.state, section.mode = "running", event.mode
            section.start_requests = event.requests
        elif isinstance(event, SyncProgress):
            section.state = "running"
            section.mode, section.phase = event.mode, event.phase
            section.page = event.page
            # A listing may grow while it is read: never a page past its total.
            total = event.total_pages
            section.total_pages = None if total is None else max(total, event.page)
            section.pages_done, section.records = event.pages_done, event.records
            section.total_count = event.total_count
            section.inserted, section.updated = event.inserted, event.updated
            section.deleted = event.deleted
        elif isinstance(event, SectionDone):
            section.state, section.status, section.mode = (
                "done",
                event.status,
                event.mode,
            )
            section.records = event.fetched
            section.inserted, section.updated = event.inserted, event.updated
            section.deleted = event.deleted
            section.skip = event.skip

    def _end_wait(self, now: float) -> None:
        if self._waits and self._waits[-1].ended > now:
            self._waits[-1].ended = now

    # -- questions ---------------------------------------------------------------
    @property
    def current(self) -> Section | None:
        """The section running now, if any."""
        return next((s for s in self.sections.values() if s.state == "running"), None)

    def position(self, entity: str) -> int:
        """1-based place of ``entity`` in the plan (0 if not in it)."""
        names = list(self.sections)
        return names.index(entity) + 1 if entity in names else 0

    def waiting(self) -> tuple[Wait, float] | None:
        """The wait in progress and its seconds left, if one is worth showing."""
        if not self._waits:
            return None
        span = self._waits[-1]
        left = span.ended - self._clock()
        if left <= 0 or span.wait.seconds < MIN_VISIBLE_WAIT:
            return None
        return span.wait, left

    def requests_left(self) -> tuple[int, bool]:
        """(requests still to make, whether every section's size is known)."""
        total, known = 0, True
        for section in self.sections.values():
            left, sure = section.requests_left(self.requests)
            total, known = total + left, known and sure
        return total, known

    def eta(self) -> Eta | None:
        """Time left, or None before the plan."""
        if self.plan is None or self._started is None:
            return None
        now = self._clock()
        left, known = self.requests_left()
        capacity, window = self.plan.rate_limit, self.plan.rate_window
        rate = capacity / window
        made = self.requests - self.plan.requests
        elapsed = now - self._started
        # The pacer lets ``capacity`` requests through per rolling window: what
        # is still free in the current one goes at network speed, the rest at
        # the rate (a 14-request run is not 3 s of pacing).
        in_window = made * min(1.0, window / elapsed) if elapsed > 0 else made
        throttled = any(span.wait.kind == RATE_LIMIT for span in self._waits)
        free = 0.0 if throttled else max(0.0, capacity - in_window)  # a 429: full
        seconds = max(0.0, left - free) / rate
        active = elapsed - self._waited(now)
        if made > 0 and active > 0:
            seconds = max(seconds, active / made * left)
        if self._waits and self._waits[-1].ended > now:
            span = self._waits[-1]
            wait_left = span.ended - now
            if span.wait.kind == PACING:
                seconds = max(seconds, wait_left)
            else:
                seconds += wait_left
        return Eta(max(0.0, seconds), lower_bound=not known)

    def fraction(self) -> float:
        """How much of the run is done, 0 to 1."""
        if self.plan is None or not self.sections:
            return 0.0
        sections = list(self.sections.values())
        if all(s.state == "done" for s in sections):
            return 1.0
        left, known = self.requests_left()
        if known:
            made = max(0, self.requests - self.plan.requests)
            return made / (made + left) if made + left else 1.0
        done = sum(1 for s in sections if s.state == "done")
        running = sum(s.listing_share for s in sections if s.state == "running")
        return min(1.0, (done + running) / len(sections))

    def _waited(self, now: float) -> float:
        """Seconds spent in announced waits since the plan."""
        start = self._started or now
        return sum(
            max(0.0, min(span.ended, now) - max(span.started, start))
            for span in self._waits
        )
