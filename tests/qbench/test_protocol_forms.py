"""Every form the HTTP and OAuth RFCs allow for a header or field the client reads.

Issue 9, kind 3: ``expires_in`` (RFC 6749 §5.1), ``token_type`` (case-insensitive),
``Retry-After`` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), the three
HTTP-date forms (RFC 9110 §5.6.7), ``X-QBAPI-Throttle-TTL`` and the ``Date``
header; plus JSON answers whatever their ``Content-Type`` says. A form that
makes no sense gives a safe default, never a crash.
"""

from __future__ import annotations

import pytest
from loguru import logger

from app.qbench import RetryPolicy
from app.qbench.auth import DEFAULT_EXPIRES_IN, TokenManager, token_lifetime
from app.qbench.headers import parse_http_date, parse_seconds
from app.qbench.retry import MAX_HINT, retry_after, throttle_wait

from .fakes import (
    CLIENT_ID,
    SECRET,
    TOKEN,
    FakeClock,
    ScriptedAdapter,
    make_client,
    page,
    response,
)

# 1994-11-06 08:49:37 UTC, RFC 9110's own example, in its three forms.
MOMENT = 784111777.0
IMF = "Sun, 06 Nov 1994 08:49:37 GMT"
RFC850 = "Sunday, 06-Nov-94 08:49:37 GMT"
ASCTIME = "Sun Nov  6 08:49:37 1994"
WALL = 1_760_000_000.0


@pytest.fixture
def warnings():
    lines: list[str] = []
    sink = logger.add(lines.append, level="WARNING", format="{message}")
    yield lines
    logger.remove(sink)


# -- HTTP-date: the three RFC 9110 forms -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        IMF,
        RFC850,
        ASCTIME,
        "sun, 06 nov 1994 08:49:37 gmt",  # names are case-insensitive
        "  Sun,  06 Nov 1994   08:49:37 GMT ",  # extra spaces
        "06 Nov 1994 08:49:37 GMT",  # no weekday (RFC 5322)
        "Sun, 06 Nov 1994 09:49:37 +0100",  # a numeric zone from a sloppy sender
        "Sun, 06 Nov 1994 08:49:37 UTC",
        f"{IMF}, {IMF}",  # a repeated header, joined by requests
        f"{IMF}, {ASCTIME}",  # the same moment in two forms
    ],
)
def test_http_date_forms_all_read_the_same_moment(text):
    assert parse_http_date(text) == MOMENT


def test_asctime_is_utc_whatever_the_local_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    try:
        assert parse_http_date(ASCTIME) == MOMENT
    finally:
        monkeypatch.undo()
        time.tzset()


def test_rfc850_two_digit_year_is_never_more_than_50_years_ahead():
    now_2026 = 1_767_225_600.0  # 2026-01-01
    assert parse_http_date("Friday, 06-Nov-26 08:49:37 GMT", now=now_2026) == (
        parse_http_date("Fri, 06 Nov 2026 08:49:37 GMT")
    )
    assert parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", now=now_2026) == MOMENT
    assert parse_http_date("Thursday, 06-Nov-80 08:49:37 GMT", now=now_2026) == (
        parse_http_date("Thu, 06 Nov 1980 08:49:37 GMT")
    )


def test_a_leap_second_reads_as_the_second_before():
    assert parse_http_date("Sun, 06 Nov 1994 08:49:60 GMT") == MOMENT + 22


@pytest.mark.parametrize(
    "junk",
    [
        None,
        "",
        "soon",
        "1445412480",
        "Mon, 32 Nov 1994 08:49:37 GMT",  # no such day
        "Sun, 06 Nov 1994 25:49:37 GMT",  # no such hour
        "Sun, 06 Foo 1994 08:49:37 GMT",
        f"{IMF} junk",
        f"{IMF}, Sun, 06 Nov 1994 08:49:38 GMT",  # repeated and disagreeing
    ],
)
def test_unreadable_dates_are_unknown(junk):
    assert parse_http_date(junk) is None


# -- numbers of seconds ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30", 30.0), ("30.5", 30.5), (" 30 ", 30.0), (".5", 0.5), ("30, 12", 30.0)],
)
def test_seconds_forms(text, seconds):
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("junk", [None, "", "-3", "1e3", "30s", "NaN", "inf", "0x10"])
def test_seconds_junk_is_no_value(junk):
    assert parse_seconds(junk) is None


# -- 429 hints ---------------------------------------------------------------------


def _429(headers: dict[str, str], payload=None):
    return response(429, payload or {"error_type": "TooManyRequests"}, headers=headers)


@pytest.mark.parametrize("date_form", [IMF, RFC850, ASCTIME])
@pytest.mark.parametrize("retry_form", [IMF, RFC850, ASCTIME])
def test_retry_after_date_counts_from_the_date_header_in_any_form(
    date_form, retry_form
):
    # Retry-After names 08:49:37; the response's Date is 12 s earlier.
    date = date_form.replace("49:37", "49:25")
    r = _429({"Retry-After": retry_form, "Date": date})
    assert retry_after(r) == 12.0
    # The server's own Date wins over our (here an hour wrong) clock.
    assert throttle_wait(r, now=MOMENT + 3600) == 12.0


@pytest.mark.parametrize("form", [IMF, RFC850, ASCTIME])
def test_retry_after_date_without_a_date_header_counts_from_now(form):
    r = _429({"Retry-After": form})
    assert throttle_wait(r, now=MOMENT - 7.5) == 7.5
    assert throttle_wait(r) is None  # neither Date nor now: no hint, backoff


def test_retry_after_date_in_the_past_means_retry_now():
    """Past by the server's own Date header: retry now."""
    assert throttle_wait(_429({"Retry-After": IMF, "Date": ASCTIME})) == 0.0


def test_a_date_only_our_clock_calls_past_is_no_hint():
    """No Date header and our clock ahead of QBench's: 'now' would hammer the
    limit (a fresh user's trial: 80 of 101 requests answered 429), so the
    policy's backoff applies instead."""
    assert throttle_wait(_429({"Retry-After": IMF}), now=MOMENT + 60) is None
    assert throttle_wait(_429({"Retry-After": IMF}), now=MOMENT - 5) == 5.0


@pytest.mark.parametrize(
    ("value", "wait"),
    [("9", 9.0), ("0", 0.0), ("2.5", 2.5), (" 4 ", 4.0), ("3, 5", 5.0)],
)
def test_retry_after_delay_seconds(value, wait):
    assert throttle_wait(_429({"Retry-After": value})) == wait


@pytest.mark.parametrize("junk", ["-5", "soon", "", "Sun, 06 Nov 1994"])
def test_retry_after_junk_is_no_hint(junk):
    assert throttle_wait(_429({"Retry-After": junk}), now=MOMENT) is None


def test_absurd_hints_are_capped():
    huge = "9" * 400  # more than a float holds
    assert throttle_wait(_429({"Retry-After": huge})) == MAX_HINT
    assert throttle_wait(_429({"X-QBAPI-Throttle-TTL": "1" + "0" * 12})) == MAX_HINT
    far = "Fri, 31 Dec 9999 23:59:59 GMT"
    assert throttle_wait(_429({"Retry-After": far, "Date": IMF})) == MAX_HINT


@pytest.mark.parametrize(
    ("ttl", "wait"),
    [("12", 12.0), ("12.5", 12.5), (" 7 ", 7.0), ("12, 12", 12.0)],
)
def test_throttle_ttl_forms(ttl, wait):
    assert throttle_wait(_429({"X-QBAPI-Throttle-TTL": ttl})) == wait


@pytest.mark.parametrize("junk", ["soon", "12s", "", "NaN", "-1", "0"])
def test_throttle_ttl_junk_or_not_positive_is_no_hint(junk):
    assert throttle_wait(_429({"X-QBAPI-Throttle-TTL": junk})) is None
    both = _429({"X-QBAPI-Throttle-TTL": junk, "Retry-After": "3"})
    assert throttle_wait(both) == 3.0


def test_client_waits_until_the_retry_after_date_of_the_servers_clock():
    # QBench's clock runs 10 minutes behind ours; the 429 says "at 08:49:37"
    # and its Date says 08:49:30: the client waits 7 s, not -593 s.
    busy = _429({"Retry-After": IMF, "Date": IMF.replace("49:37", "49:30")})
    adapter = ScriptedAdapter([busy, response(200, page([{"id": 1}]))])
    clock = FakeClock()
    client = make_client(adapter, clock, wall_clock=lambda: MOMENT + 600)
    assert client.get_page("assays", 1).rows == [{"id": 1}]
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize("form", [IMF, RFC850, ASCTIME])
def test_client_without_a_date_header_waits_until_the_date_on_its_wall_clock(form):
    adapter = ScriptedAdapter([_429({"Retry-After": form}), response(200, page([]))])
    clock = FakeClock()
    client = make_client(adapter, clock, wall_clock=lambda: MOMENT - 4.0)
    client.get_page("assays", 1)
    assert clock.sleeps == [4.0]


def test_client_counts_a_learned_clock_offset_when_there_is_no_date_header():
    adapter = ScriptedAdapter([_429({"Retry-After": IMF}), response(200, page([]))])
    clock = FakeClock()
    client = make_client(adapter, clock, wall_clock=lambda: MOMENT + 100)
    client.tokens.clock_offset = -105.0  # learned from a "Future IAT" answer
    client.get_page("assays", 1)
    assert clock.sleeps == [5.0]


def test_client_caps_an_absurd_wait_at_the_policy_ceiling():
    far = "Fri, 31 Dec 9999 23:59:59 GMT"
    adapter = ScriptedAdapter([_429({"Retry-After": far}), response(200, page([]))])
    clock = FakeClock()
    retry = RetryPolicy(jitter="none", max_throttle_wait=300.0)
    make_client(adapter, clock, retry=retry, wall_clock=lambda: WALL).get_page(
        "assays", 1
    )
    assert clock.sleeps == [300.0]


def test_token_endpoint_429_with_a_retry_after_date_waits_until_then():
    busy = _429({"Retry-After": RFC850, "Date": IMF.replace("49:37", "49:34")})
    ok = response(200, {"access_token": TOKEN, "expires_in": "3600"})
    adapter = ScriptedAdapter([response(200, page([]))], token=[busy, ok])
    clock = FakeClock()
    make_client(adapter, clock, wall_clock=lambda: WALL).get_page("assays", 1)
    assert clock.sleeps == [3.0]


# -- the Date header ---------------------------------------------------------------


@pytest.mark.parametrize("form", [IMF, RFC850, ASCTIME])
def test_server_time_reads_every_date_form(form):
    adapter = ScriptedAdapter([response(200, page([]), headers={"Date": form})])
    client = make_client(adapter)
    client.get_page("assays", 1)
    assert client.server_time() == MOMENT


@pytest.mark.parametrize("junk", ["yesterday", "", "Sun, 06 Nov 1994"])
def test_junk_or_missing_date_is_unknown_and_keeps_the_last_good_one(junk):
    adapter = ScriptedAdapter(
        [
            response(200, page([]), headers={"Date": junk}),
            response(200, page([]), headers={"Date": IMF}),
            response(200, page([]), headers={"Date": junk}),
            response(200, page([])),
        ]
    )
    client = make_client(adapter)
    client.get_page("assays", 1)
    assert client.server_time() is None
    client.get_page("assays", 1)
    client.get_page("assays", 1)
    client.get_page("assays", 1)
    assert client.server_time() == MOMENT


# -- the token answer --------------------------------------------------------------


class Endpoint:
    def __init__(self, body):
        self.body, self.calls = body, 0

    def __call__(self, path, form):
        self.calls += 1
        return response(200, self.body)


def _refresh_after(body: dict) -> float:
    """Seconds after which the manager mints a new token for this answer."""
    clock, endpoint = FakeClock(), Endpoint(body)
    tokens = TokenManager(
        CLIENT_ID, SECRET, endpoint, clock=clock, wall_clock=lambda: WALL
    )
    assert tokens.token() == TOKEN
    step = 1.0
    while endpoint.calls == 1:
        clock.advance(step)
        tokens.token()
    return clock.now - 1000.0


@pytest.mark.parametrize(
    "expires_in",
    [3600, 3600.0, "3600", " 3600 ", "3600.0", "+3600"],
)
def test_expires_in_as_number_or_digit_string(expires_in, warnings):
    body = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": expires_in}
    assert _refresh_after(body) == 3600 - 120
    assert warnings == []


def test_short_expires_in_as_a_string_is_honoured():
    body = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": "60"}
    assert _refresh_after(body) == 30


@pytest.mark.parametrize("body_extra", [{"expires_in": None}, {}])
def test_null_or_absent_expires_in_is_the_documented_default(body_extra, warnings):
    body = {"access_token": TOKEN, "token_type": "Bearer", **body_extra}
    assert _refresh_after(body) == DEFAULT_EXPIRES_IN - 120
    assert warnings == []


@pytest.mark.parametrize(
    "garbage", [0, -5, -0.5, "0", "-60", "1h", "", "soon", True, [], {}, "NaN"]
)
def test_nonsense_expires_in_is_a_safe_default_with_one_warning(garbage, warnings):
    body = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": garbage}
    assert _refresh_after(body) == DEFAULT_EXPIRES_IN - 120
    assert len(warnings) == 1 and "expires_in" in warnings[0]
    assert "assuming 3600 s" in warnings[0]


def test_an_absurdly_long_lifetime_is_read_as_a_day():
    assert token_lifetime(10**12) == (86_400.0, True)
    assert token_lifetime(10**400) == (86_400.0, True)  # float() would overflow
    assert token_lifetime(float("inf")) == (86_400.0, True)  # JSON 1e400
    assert token_lifetime("1" + "0" * 400) == (86_400.0, True)


@pytest.mark.parametrize("token_type", ["Bearer", "bearer", "BEARER", " Bearer ", None])
def test_token_type_is_case_insensitive_and_may_be_absent(token_type, warnings):
    body = {"access_token": TOKEN, "expires_in": 3600}
    if token_type is not None:
        body["token_type"] = token_type
    assert _refresh_after(body) == 3480
    assert warnings == []


@pytest.mark.parametrize("token_type", ["mac", "", 7])
def test_another_token_type_is_logged_and_the_token_still_used(token_type, warnings):
    body = {"access_token": TOKEN, "token_type": token_type, "expires_in": 3600}
    assert _refresh_after(body) == 3480
    assert len(warnings) == 1 and "token_type" in warnings[0]


def test_a_client_syncs_with_a_string_expires_in_and_lowercase_bearer():
    token = response(
        200, {"access_token": TOKEN, "token_type": "bearer", "expires_in": "3600"}
    )
    adapter = ScriptedAdapter([response(200, page([{"id": 1}]))], token=[token])
    client = make_client(adapter)
    assert client.get_page("assays", 1).rows == [{"id": 1}]
    assert adapter.api_requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


# -- JSON answers whatever their Content-Type --------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON; Charset=UTF-8",
        "application/json;charset=UTF-8",
        'application/json; charset="utf-8"',
        "application/problem+json",
        "text/plain",
        None,
    ],
)
def test_json_answers_are_read_whatever_their_content_type(content_type):
    ok = response(200, page([{"id": 1, "title": "Humedad ñ"}]))
    token = response(200, {"access_token": TOKEN, "expires_in": 3600})
    for r in (ok, token):
        del r.headers["Content-Type"]
        if content_type is not None:
            r.headers["Content-Type"] = content_type
    adapter = ScriptedAdapter([ok], token=[token])
    assert make_client(adapter).get_page("assays", 1).rows == [
        {"id": 1, "title": "Humedad ñ"}
    ]
