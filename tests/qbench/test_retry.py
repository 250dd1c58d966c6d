"""Backoff curve, retry budgets and the 429 wait (README §7.2), without a network."""

from __future__ import annotations

import pytest

from app.qbench.retry import (
    BAD_BODY,
    THROTTLED,
    TRANSIENT,
    Attempts,
    RetryPolicy,
    throttle_wait,
)

from .fakes import response


def test_backoff_doubles_from_base_up_to_the_cap():
    policy = RetryPolicy(base=0.5, cap=5.0, jitter="none")
    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]


def test_full_jitter_draws_uniformly_below_the_curve():
    draws = iter([0.0, 0.5, 0.999])
    policy = RetryPolicy(base=1.0, cap=30.0, random=lambda: next(draws))
    assert policy.backoff(3) == 0.0
    assert policy.backoff(3) == 2.0
    assert policy.backoff(3) == pytest.approx(3.996)


def test_default_policy_is_bounded():
    policy = RetryPolicy()
    assert policy.max_attempts == 6 and policy.cap == 30.0 and policy.jitter == "full"
    assert all(0 <= policy.backoff(n) <= 30.0 for n in range(1, 50))


def test_attempts_budgets_are_separate_per_kind():
    tries = Attempts(RetryPolicy(max_attempts=3, max_throttled=2, max_bad_bodies=2))
    assert tries.fail(TRANSIENT) and tries.fail(TRANSIENT)
    assert tries.fail(THROTTLED)  # a 429 does not eat the 5xx budget...
    assert not tries.fail(THROTTLED)  # ...but has its own bound
    assert not tries.fail(TRANSIENT)  # third transient failure: give up
    assert tries.fail(BAD_BODY)
    assert tries.total == 6


def test_attempts_delay_prefers_the_hint_within_a_ceiling():
    tries = Attempts(RetryPolicy(jitter="none", max_throttle_wait=100.0))
    tries.fail(THROTTLED)
    assert tries.delay(THROTTLED, 7.0) == 7.0
    assert tries.delay(THROTTLED, 5000.0) == 100.0
    assert tries.delay(THROTTLED) == 0.5  # no hint: exponential backoff
    tries.fail(THROTTLED)
    assert tries.delay(THROTTLED) == 1.0


@pytest.mark.parametrize("bad", [{"jitter": "some"}, {"max_attempts": 0}])
def test_policy_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        RetryPolicy(**bad)


# -- 429 wait ---------------------------------------------------------------------


def _429(payload=None, text=None, **headers):
    return response(429, payload, text=text, headers=headers)


def test_wait_from_x_qbapi_throttle_ttl_header():
    r = _429({"error_type": "TooManyRequests"}, **{"X-QBAPI-Throttle-TTL": "12"})
    assert throttle_wait(r) == 12.0


@pytest.mark.parametrize("ttl", ["0", "-3"])
def test_ttl_of_zero_or_less_is_ignored(ttl):
    assert throttle_wait(_429({}, **{"X-QBAPI-Throttle-TTL": ttl})) is None
    r = _429({}, **{"X-QBAPI-Throttle-TTL": ttl, "Retry-After": "4"})
    assert throttle_wait(r) == 4.0


def test_wait_from_retry_after_seconds_and_http_date():
    assert throttle_wait(_429({}, **{"Retry-After": "9"})) == 9.0
    r = _429({}, **{"Retry-After": "Wed, 21 Oct 2015 07:28:30 GMT"})
    assert throttle_wait(r, now=1445412480.0) == pytest.approx(30.0)
    assert throttle_wait(_429({}, **{"Retry-After": "soon"})) is None


def test_wait_from_v1_error_text():
    text = (
        "ratelimit exceeded 300 per 60 seconds [current count: 301. "
        "Retry in 30 seconds]"
    )
    assert throttle_wait(_429({"error": text})) == 30.0


def test_wait_from_v2_error_description_text():
    text = (
        "ratelimit exceeded 300 per 60 seconds [current count: 350]. Retry in 7 seconds"
    )
    assert throttle_wait(_429({"error_description": text, "error_type": "x"})) == 7.0


def test_wait_from_plain_text_body_with_decimals_any_case():
    assert throttle_wait(_429(text="Too many. RETRY IN 2.5 SECONDS please")) == 2.5


def test_the_largest_hint_wins():
    r = _429(
        {"error_description": "... Retry in 8 seconds]"},
        **{"X-QBAPI-Throttle-TTL": "3", "Retry-After": "5"},
    )
    assert throttle_wait(r) == 8.0


def test_no_hint_at_all():
    assert (
        throttle_wait(_429({"error": "exceeded concurrent request limit of 10"}))
        is None
    )
