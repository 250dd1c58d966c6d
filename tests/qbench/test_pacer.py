"""The pacer keeps under QBench's rolling window (README §7.1) without real waits."""

from __future__ import annotations

import pytest

from app.qbench.pacer import Pacer, parse_rate_limit

from .fakes import FakeClock


@pytest.mark.parametrize(
    ("text", "expected"),
    [("300/60", (300, 60.0)), (" 5 / 2 ", (5, 2.0)), ("270/60.5", (270, 60.5))],
)
def test_parse_rate_limit_reads_requests_per_seconds(text, expected):
    assert parse_rate_limit(text) == expected


@pytest.mark.parametrize(
    "text", ["", "300", "300/", "/60", "a/b", "-1/60", "0/60", "5/0"]
)
def test_parse_rate_limit_rejects_bad_input_with_a_clear_message(text):
    with pytest.raises(ValueError, match="300/60|at least 1 request"):
        parse_rate_limit(text)


def test_default_pacer_aims_at_90_percent_of_300_per_minute():
    pacer = Pacer()
    assert (pacer.limit, pacer.window, pacer.capacity) == (300, 60.0, 270)


def test_small_limits_keep_at_least_one_slot():
    assert Pacer(1, 1).capacity == 1
    assert Pacer(5, 2).capacity == 4


def _send(pacer: Pacer, clock: FakeClock, n: int, latency: float = 0.0) -> list[float]:
    """Send ``n`` requests; returns the time each one left."""
    sent = []
    for _ in range(n):
        pacer.acquire()
        sent.append(clock.now)
        clock.advance(latency)
        pacer.record()
    return sent


def test_capacity_requests_go_at_once_then_the_next_waits_for_the_window():
    clock = FakeClock()
    pacer = Pacer(10, 60, clock=clock, sleep=clock.sleep)  # capacity 9
    assert _send(pacer, clock, 9) == [1000.0] * 9
    assert clock.sleeps == []
    assert _send(pacer, clock, 1) == [1060.0]
    assert clock.sleeps == [60.0]


def test_no_window_ever_holds_more_than_capacity():
    clock = FakeClock()
    pacer = Pacer(300, 60, clock=clock, sleep=clock.sleep)
    sent = _send(pacer, clock, 1000, latency=0.05)
    for i, start in enumerate(sent):
        in_window = [t for t in sent[i:] if t < start + 60]
        assert len(in_window) <= 270
    # ...and it is not needlessly slow: 1000 requests in about 1000/270 windows.
    assert clock.now - 1000.0 < 4 * 60


def test_stamps_are_taken_when_the_response_arrives():
    clock = FakeClock()
    pacer = Pacer(1, 10, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    clock.advance(3)  # a slow response: QBench counted it somewhere in these 3 s
    pacer.record()
    assert pacer.delay() == pytest.approx(10.0)
    pacer.acquire()
    assert clock.now == pytest.approx(1013.0)
    assert pacer.waited == pytest.approx(10.0)


def test_a_no_op_sleep_does_not_spin():
    clock = FakeClock()
    pacer = Pacer(1, 60, clock=clock, sleep=lambda s: None)
    _send(pacer, clock, 3)
    assert pacer.waited == pytest.approx(120.0)


@pytest.mark.parametrize(
    ("limit", "window", "margin"), [(0, 60, 0.9), (5, 0, 0.9), (5, 1, 0)]
)
def test_pacer_rejects_nonsense(limit, window, margin):
    with pytest.raises(ValueError):
        Pacer(limit, window, margin=margin)


def test_pacers_of_one_api_client_share_its_window():
    """QBench counts per API client: a second pacer of the same client and
    tenant starts with the first one's requests in its window; another client
    or tenant does not."""
    from collections import deque

    from app.qbench.pacer import shared_history

    history = shared_history("https://acme.test", "client-a")
    assert shared_history("https://acme.test", "client-a") is history
    assert shared_history("https://acme.test", "client-b") is not history
    assert shared_history("https://other.test", "client-a") is not history
    now = [100.0]
    first = Pacer(10, 60, margin=1, clock=lambda: now[0], history=history)
    for _ in range(10):
        first.record()
        now[0] += 1
    second = Pacer(10, 60, margin=1, clock=lambda: now[0], history=history)
    assert second.delay() == 50.0  # the first stamp (100) leaves at 160; now 110
    private = Pacer(10, 60, margin=1, clock=lambda: now[0], history=deque())
    assert private.delay() == 0.0
