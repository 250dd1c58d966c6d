"""Every wait of the client is announced before it is slept (issue 11, point 2)."""

from __future__ import annotations

import requests

from app.qbench import QBenchClient, RetryPolicy, Wait
from app.qbench.waits import NETWORK, PACING, RATE_LIMIT, RETRY, SERVER

from .fakes import (
    CLIENT_ID,
    SECRET,
    FakeClock,
    ScriptedAdapter,
    make_client,
    page,
    response,
    session_with,
    token_ok,
)

OK = response(200, page([{"id": 1}]))


class Recorder:
    """Announcements and sleeps in the order they happened."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.log = clock, []

    def announce(self, wait: Wait) -> None:
        self.log.append(("announce", wait))

    def sleep(self, seconds: float) -> None:
        self.log.append(("sleep", seconds))
        self.clock.sleep(seconds)

    def waits(self) -> list[Wait]:
        return [item for what, item in self.log if what == "announce"]


def _client(adapter, recorder: Recorder, **kwargs) -> QBenchClient:
    return QBenchClient(
        "https://acme.qbench.net",
        CLIENT_ID,
        SECRET,
        session=session_with(adapter),
        retry=RetryPolicy(jitter="none"),
        sleep=recorder.sleep,
        clock=recorder.clock,
        on_wait=recorder.announce,
        **kwargs,
    )


def test_429_backoff_and_network_retries_are_announced_before_each_sleep():
    throttled = response(429, {"error": "slow down"}, headers={"Retry-After": "42"})
    adapter = ScriptedAdapter(
        [throttled, response(503, {}), requests.ConnectionError("reset"), OK]
    )
    recorder = Recorder(FakeClock())
    client = _client(adapter, recorder)
    assert client.get_page("orders", 1).rows == [{"id": 1}]
    assert recorder.waits() == [
        Wait(RATE_LIMIT, 42.0, entity="orders"),
        Wait(RETRY, 0.5, SERVER, "orders"),
        Wait(RETRY, 1.0, NETWORK, "orders"),
    ]
    # each announcement comes right before its own sleep
    assert [what for what, _ in recorder.log] == ["announce", "sleep"] * 3
    assert [item for what, item in recorder.log if what == "sleep"] == [42.0, 0.5, 1.0]


def test_pacing_waits_are_announced_as_pacing():
    recorder = Recorder(FakeClock())
    client = _client(ScriptedAdapter([OK]), recorder, rate_limit=(3, 10))
    client.get_page("orders", 1)  # the token and page 1 fill the window (2 of 3)
    client.get_page("orders", 1)
    assert recorder.waits() == [Wait(PACING, 10.0)]
    assert recorder.clock.sleeps == [10.0]


def test_token_retries_are_announced_too():
    adapter = ScriptedAdapter(
        [OK], token=[requests.ConnectionError("reset"), token_ok()]
    )
    recorder = Recorder(FakeClock())
    client = _client(adapter, recorder)
    client.get_page("orders", 1)
    assert recorder.waits() == [Wait(RETRY, 0.5, NETWORK)]


def test_a_client_without_a_listener_still_waits():
    clock = FakeClock()
    client = make_client(ScriptedAdapter([response(500, {}), OK]), clock)
    client.get_page("orders", 1)
    assert clock.sleeps == [0.5]


def test_a_429_retry_after_from_the_simulator_is_announced(make_sim):
    """Over real HTTP: the simulator answers 429 with ``Retry-After: 42``."""
    sim = make_sim(throttle_hint="retry-after")
    sim.add_fault(
        "status", path="/qbench/api/v2/assays", status=429, seconds=42, times=1
    )
    waits: list[Wait] = []
    sleeps: list[float] = []
    client = QBenchClient(
        sim.base_url,
        sim.client_id,
        sim.client_secret,
        retry=RetryPolicy(jitter="none"),
        sleep=sleeps.append,
        on_wait=waits.append,
    )
    with client:
        client.get_page("assays", 1)
    assert waits == [Wait(RATE_LIMIT, 42.0, entity="assays")]
    assert sleeps == [42.0]
