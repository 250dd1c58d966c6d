"""RunProgress: the time left and the fraction done, with an injected clock."""

from __future__ import annotations

import pytest

from app.qbench import Wait
from app.qbench.waits import PACING, RATE_LIMIT, RETRY
from app.sync.progress import MIN_SECTION_REQUESTS, RunProgress
from app.sync.report import (
    SectionDone,
    SectionPlan,
    SectionStarted,
    SyncPlan,
    SyncProgress,
)

RATE = 270 / 60  # requests per second the client allows itself (300/60 less 10 %)


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _run(*sections: tuple[str, str, int | None]) -> tuple[RunProgress, Clock]:
    clock = Clock()
    progress = RunProgress(clock)
    plan = tuple(SectionPlan(*s) for s in sections)
    progress.feed(SyncPlan(plan, rate_limit=270, rate_window=60.0, requests=2))
    return progress, clock


def _page(entity, page, total, requests, *, phase="all", mode="full", **kw):
    return SyncProgress(
        entity, phase, page, total, page * 50, page=page, mode=mode,
        requests=requests, **kw,
    )  # fmt: skip


def test_before_any_request_the_rate_limit_sets_the_time():
    progress, _ = _run(("customers", "full", 10), ("tests", "full", 390))
    assert progress.requests_left() == (400, True)
    eta = progress.eta()
    # the first 270 fit in the pacer's window at once; the rest go at the rate
    assert eta.seconds == pytest.approx((400 - 270) / RATE) and not eta.lower_bound
    assert progress.fraction() == 0.0


def test_a_run_that_fits_in_one_window_is_timed_by_its_pace():
    """A 14-request run said ~16 s left and ended in 1 s (fresh trial): what
    fits in the pacer's window waits for nothing but the network."""
    progress, clock = _run(("customers", "full", 4), ("tests", "full", 10))
    progress.feed(SectionStarted("customers", "full", requests=2))
    clock.advance(0.2)  # four requests in 0.2 s
    progress.feed(_page("customers", 4, 4, requests=6))
    left, _ = progress.requests_left()
    assert progress.eta().seconds == pytest.approx(0.05 * left)


def test_a_slow_network_makes_the_measured_pace_the_bound():
    progress, clock = _run(("tests", "full", 100))
    progress.feed(SectionStarted("tests", "full", requests=2))
    clock.advance(20)  # ten requests in 20 s: 2 s each, slower than the limit
    progress.feed(_page("tests", 10, 96, requests=12))
    left = 96 - 10 + 2  # the listing's pages left, the deleted listing, the count
    assert progress.requests_left() == (left, True)
    assert progress.eta().seconds == pytest.approx(2.0 * left)
    assert progress.fraction() == pytest.approx(10 / (10 + left))


def test_the_time_is_the_runs_pace_not_the_last_pages():
    progress, clock = _run(("tests", "full", 100))
    progress.feed(SectionStarted("tests", "full", requests=2))
    clock.advance(20)
    progress.feed(_page("tests", 10, 96, requests=12))
    clock.advance(0.01)  # one page that came back at once
    progress.feed(_page("tests", 11, 96, requests=13))
    left = 96 - 11 + 2
    assert progress.eta().seconds == pytest.approx(20.01 / 11 * left)


def test_announced_waits_do_not_count_as_request_time():
    progress, clock = _run(("tests", "full", 100))
    progress.feed(SectionStarted("tests", "full", requests=2))
    progress.feed(Wait(RATE_LIMIT, 60.0, entity="tests"))
    clock.advance(60)
    clock.advance(5)  # then ten requests in 5 s: 0.5 s each
    progress.feed(_page("tests", 10, 96, requests=12))
    left = 96 - 10 + 2
    assert progress.eta().seconds == pytest.approx(max(left / RATE, 0.5 * left))


def test_a_429_wait_counts_down_and_adds_what_is_left_of_it():
    progress, clock = _run(("tests", "full", 100))
    progress.feed(SectionStarted("tests", "full", requests=2))
    progress.feed(Wait(RATE_LIMIT, 42.0, entity="tests"))
    wait, left = progress.waiting()
    assert wait.kind == RATE_LIMIT and left == pytest.approx(42.0)
    clock.advance(10)
    assert progress.waiting()[1] == pytest.approx(32.0)
    assert progress.eta().seconds == pytest.approx(100 / RATE + 32.0)
    clock.advance(40)  # the wait is over, nothing arrived yet: no stale countdown
    assert progress.waiting() is None
    progress.feed(Wait(RETRY, 3.0, "network"))
    progress.feed(_page("tests", 1, 96, requests=3))  # the client works again
    assert progress.waiting() is None


def test_a_pacing_wait_is_a_floor_not_an_addition():
    progress, _ = _run(("tests", "full", 10))
    progress.feed(SectionStarted("tests", "full", requests=2))
    progress.feed(Wait(PACING, 30.0))
    assert progress.eta().seconds == pytest.approx(30.0)  # 10 / RATE is less


def test_short_waits_are_not_shown():
    progress, _ = _run(("tests", "full", 10))
    progress.feed(Wait(PACING, 0.2))
    assert progress.waiting() is None


def test_never_negative_when_a_section_costs_more_than_planned():
    progress, clock = _run(("customers", "full", 5))
    progress.feed(SectionStarted("customers", "full", requests=2))
    clock.advance(10)
    progress.feed(Wait(RETRY, 1.0, "server"))
    clock.advance(1)
    progress.feed(SyncProgress("customers", "changes", 30, None, 10, requests=40))
    left, known = progress.requests_left()
    assert left >= 0 and known
    assert progress.eta().seconds >= 0
    assert 0 <= progress.fraction() <= 1


def test_a_listing_that_grows_past_its_first_total_never_overflows():
    progress, _ = _run(("tests", "full", 10))
    progress.feed(SectionStarted("tests", "full", requests=2))
    progress.feed(_page("tests", 5, 4, requests=7))  # more pages than announced
    section = progress.sections["tests"]
    assert section.total_pages == 5 and section.listing_share == 1.0
    assert progress.fraction() <= 1.0


def test_unknown_sizes_make_a_lower_bound_and_a_bar_by_sections():
    progress, _ = _run(
        ("customers", "full", None), ("orders", "full", None), ("tests", "full", 40)
    )
    left, known = progress.requests_left()
    assert not known and left == 2 * MIN_SECTION_REQUESTS + 40
    assert progress.eta().lower_bound
    progress.feed(SectionStarted("customers", "full", requests=2))
    progress.feed(_page("customers", 1, 4, requests=3))
    assert progress.fraction() == pytest.approx((0 + 1 / 4) / 3)
    progress.feed(SectionDone("customers", "success", "full", requests=8))
    progress.feed(SectionStarted("orders", "full", requests=8))
    assert progress.fraction() == pytest.approx(1 / 3)
    progress.feed(_page("orders", 1, 10, requests=9))  # now every size is known
    left, known = progress.requests_left()
    assert known and left == (10 - 1 + 2) + 40
    assert not progress.eta().lower_bound
    assert progress.fraction() == pytest.approx(7 / (7 + left))


def test_when_every_section_is_done_nothing_is_left():
    progress, clock = _run(("customers", "incremental", 2))
    progress.feed(SectionStarted("customers", "incremental", requests=2))
    clock.advance(1)
    progress.feed(SectionDone("customers", "success", "incremental", requests=4))
    assert progress.requests_left() == (0, True)
    assert progress.eta().seconds == 0.0
    assert progress.fraction() == 1.0
    assert progress.current is None


def test_before_the_plan_there_is_no_estimate():
    progress = RunProgress(Clock())
    progress.feed(Wait(RETRY, 2.0, "network"))  # the token request failed once
    assert progress.eta() is None and progress.fraction() == 0.0
    assert progress.waiting()[0].kind == RETRY
