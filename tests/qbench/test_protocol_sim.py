"""The client meets the protocol variants over real HTTP, through the simulator.

A token answer with ``expires_in`` as a string, null or absent, or with a
lowercase ``token_type``; 429s whose only hint is ``Retry-After`` (seconds or an
HTTP-date in any of its three forms), with or without a ``Date`` header.
"""

from __future__ import annotations

import time

import pytest
import requests

from app.qbench import QBenchClient, RetryPolicy
from app.qbench.headers import parse_http_date

from .fakes import FakeClock

TOKEN = "/qbench/oauth2/v1/token"
ASSAYS = "/qbench/api/v2/assays"


def client_for(sim, clock=None, **kwargs) -> tuple[QBenchClient, list]:
    """A client that also keeps every response it received (to read headers)."""
    clock = FakeClock() if clock is None else clock
    seen: list[requests.Response] = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, *a, **k: seen.append(r))
    kwargs.setdefault("retry", RetryPolicy(jitter="none"))
    client = QBenchClient(
        sim.base_url,
        sim.client_id,
        sim.client_secret,
        session=session,
        sleep=kwargs.pop("sleep", None) or clock.sleep,
        clock=clock,
        **kwargs,
    )
    return client, seen


@pytest.mark.parametrize(
    ("form", "token_type"),
    [("string", "Bearer"), ("null", "Bearer"), ("absent", None), ("number", "bearer")],
)
def test_token_answer_variants_work_and_refresh_on_time(make_sim, form, token_type):
    sim = make_sim(token_expires_in=form, token_type=token_type)
    clock = FakeClock()
    client, _ = client_for(sim, clock)
    assert client.get_page("assays", 1).rows
    clock.advance(3600 - 121)  # "3600", null and absent all mean an hour
    client.get_page("assays", 1)
    assert sim.request_count(TOKEN, method="POST") == 1
    clock.advance(1)
    client.get_page("assays", 1)
    assert sim.request_count(TOKEN, method="POST") == 2
    assert sim.request_count(ASSAYS, status=200) == 3


def _waits_after_429(seen, clock: FakeClock) -> list[tuple[float, requests.Response]]:
    refused = [r for r in seen if r.status_code == 429]
    assert len(refused) == len(clock.sleeps) >= 1
    return list(zip(clock.sleeps, refused, strict=True))


@pytest.mark.parametrize("form", ["imf", "rfc850", "asctime"])
def test_429_with_only_a_retry_after_date_waits_until_that_moment(make_sim, form):
    sim = make_sim(throttle_hint="retry-after-date", http_date_form=form)
    sim.add_fault("status", path=ASSAYS, status=429, seconds=4, times=1)
    clock = FakeClock()
    client, seen = client_for(sim, clock)
    assert client.get_page("assays", 1).rows
    [(wait, refused)] = _waits_after_429(seen, clock)
    assert "X-QBAPI-Throttle-TTL" not in refused.headers
    until = parse_http_date(refused.headers["Retry-After"])
    # Exactly the moment named, counted on the server's own clock (its Date).
    assert wait == until - parse_http_date(refused.headers["Date"])
    assert 4 <= wait <= 5


def test_retry_after_date_counts_from_the_servers_date_despite_skew(make_sim):
    # The service's clock is an hour behind ours: counting from our clock
    # would mean "retry now" and hammer it; its Date header says 4-5 s.
    sim = make_sim(throttle_hint="retry-after-date", clock_skew=-3600.0)
    sim.add_fault("status", path=ASSAYS, status=429, seconds=4, times=1)
    clock = FakeClock()
    client, seen = client_for(sim, clock)
    client.get_page("assays", 1)
    [(wait, _)] = _waits_after_429(seen, clock)
    assert 4 <= wait <= 5


def test_retry_after_date_without_a_date_header_uses_the_client_wall_clock(make_sim):
    sim = make_sim(throttle_hint="retry-after-date", date_header=False)
    sim.add_fault("status", path=ASSAYS, status=429, seconds=4, times=1)
    wall = time.time()  # the client's injected wall clock stands still here
    clock = FakeClock()
    client, seen = client_for(sim, clock, wall_clock=lambda: wall)
    client.get_page("assays", 1)
    [(wait, refused)] = _waits_after_429(seen, clock)
    assert "Date" not in refused.headers
    assert wall + wait == parse_http_date(refused.headers["Retry-After"])
    assert 4 <= wait <= 6


def test_429_with_only_retry_after_seconds(make_sim):
    sim = make_sim(throttle_hint="retry-after")
    sim.add_fault("status", path=ASSAYS, status=429, seconds=3, times=2)
    clock = FakeClock()
    client, seen = client_for(sim, clock)
    client.get_page("assays", 1)
    assert [wait for wait, _ in _waits_after_429(seen, clock)] == [3.0, 3.0]


def test_the_real_window_with_only_retry_after_dates_is_honoured(make_sim):
    """An unpaced client against a 2-per-2-s window that only sends HTTP-dates."""
    sim = make_sim(
        rate_limit=2,
        rate_window=2,
        throttle_hint="retry-after-date",
        http_date_form="asctime",
    )
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    client, seen = client_for(
        sim, clock=time.monotonic, sleep=sleep, rate_limit=(1000, 1.0), page_size=4
    )
    pages = list(client.iter_pages("orders", {"sort_by": "id", "sort_order": "ASC"}))
    assert [r for p in pages for r in p.rows] == sim.dump("v2")["orders"]
    refused = [r for r in seen if r.status_code == 429]
    assert refused and len(waits) == len(refused)
    # Each wait reached the moment named; none came back too early to count.
    for wait, answer in zip(waits, refused, strict=True):
        until = parse_http_date(answer.headers["Retry-After"])
        assert wait == until - parse_http_date(answer.headers["Date"]) >= 1
    assert len(refused) <= len(pages)  # one 429 per window, not a storm
