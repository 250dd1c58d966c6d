"""Interruptible waits: a cancel ends rate-limit and retry waits at once (issue 10)."""

from __future__ import annotations

import threading
import time

import pytest

from app import services
from app.cancel import CancelToken
from app.config import Settings
from app.errors import Cancelled
from app.qbench import QBenchClient
from app.qbench.retry import RetryPolicy


def _cancel_later(token: CancelToken, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, token.cancel)
    timer.start()
    return timer


def test_sleep_waits_its_time_when_nobody_cancels():
    started = time.monotonic()
    CancelToken().sleep(0.05)
    assert time.monotonic() - started >= 0.05


def test_a_cancel_from_another_thread_ends_a_long_sleep_at_once():
    token = CancelToken()
    _cancel_later(token, 0.1)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        token.sleep(60)
    assert time.monotonic() - started < 1.0
    assert token.is_set()


def test_a_retry_wait_after_a_503_is_interrupted(sim):
    sim.add_fault("status", status=503, path="/qbench/api/v2/customers", times=100)
    token = CancelToken()
    policy = RetryPolicy(base=30.0, jitter="none")  # the first retry waits 30 s
    with QBenchClient(
        sim.base_url, sim.client_id, sim.client_secret, retry=policy, sleep=token.sleep
    ) as client:
        _cancel_later(token, 0.3)
        started = time.monotonic()
        with pytest.raises(Cancelled):
            client.get_page("customers", 1)
    assert time.monotonic() - started < 1.5
    assert sim.request_count("/qbench/api/v2/customers", status=503) == 1


def test_a_cancel_while_the_token_is_retried_records_a_cancelled_run(sim, sqlite_url):
    sim.add_fault("status", status=503, path="/qbench/oauth2", times=100)
    sim.add_fault("status", status=503, path="/qbench/api/v2/auth", times=100)
    token = CancelToken()
    token.cancel()  # already asked: the first wait ends the run
    report = services.run_sync(
        Settings(base_url=sim.base_url, client_id=sim.client_id),
        services.Connection(sim.base_url, sim.client_id, sim.client_secret),
        db_url=sqlite_url,
        should_stop=token.is_set,
        sleep=token.sleep,
    )
    assert report.status == "cancelled"
    history = services.recent_history(sqlite_url)
    assert history[0].status == "cancelled"


def test_a_cancel_ends_a_request_qbench_never_answers(sim, sqlite_url):
    """A QBench that accepts the request and then says nothing must not hold
    Cancelar for the read timeout (60 s): the run ends as cancelled while the
    request is still unanswered (here the answer would come after 8 s)."""
    sim.add_fault("slow", path="/qbench/api/v2/customers", seconds=8.0, times=1)
    token = CancelToken()
    reports = []
    run = threading.Thread(
        target=lambda: reports.append(
            services.run_sync(
                Settings(base_url=sim.base_url, client_id=sim.client_id),
                services.Connection(sim.base_url, sim.client_id, sim.client_secret),
                db_url=sqlite_url,
                should_stop=token.is_set,
                sleep=token.sleep,
            )
        )
    )
    run.start()
    time.sleep(1.0)  # the customers request is in flight, unanswered
    assert run.is_alive()
    token.cancel()
    run.join(timeout=4.0)  # well before the 8 s answer (and the 60 s timeout)
    assert not run.is_alive()
    assert reports[0].status == "cancelled"
    assert services.recent_history(sqlite_url)[0].status == "cancelled"
