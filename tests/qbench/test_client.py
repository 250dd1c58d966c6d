"""QBenchClient against a scripted adapter: URLs, auth, retries, errors, paging."""

from __future__ import annotations

import pytest
import requests
from urllib3.exceptions import ProtocolError

from app.qbench import (
    QBenchAuthError,
    QBenchClient,
    QBenchRequestError,
    QBenchResponseError,
    QBenchRetryExhausted,
    QBenchUnavailable,
    RetryPolicy,
    tenant_root,
)

from .fakes import (
    TOKEN,
    FakeClock,
    ScriptedAdapter,
    make_client,
    page,
    query,
    response,
    token_ok,
)

ROWS = [{"id": 1}, {"id": 2}]
OK = response(200, page(ROWS))


# -- construction -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.qbench.net",
        "https://acme.qbench.net/",
        "https://acme.qbench.net/qbench",
        "https://acme.qbench.net/qbench/",
        " https://acme.qbench.net/qbench/api/v2 ",
    ],
)
def test_tenant_root_tolerates_trailing_slash_and_qbench(url):
    assert tenant_root(url) == "https://acme.qbench.net"


@pytest.mark.parametrize("url", ["acme.qbench.net", "ftp://acme", "https://", ""])
def test_tenant_root_rejects_urls_without_scheme_or_host(url):
    with pytest.raises(ValueError, match="https://"):
        tenant_root(url)


@pytest.mark.parametrize("size", [0, 51, 100])
def test_page_size_is_never_above_50(size):
    with pytest.raises(ValueError, match="between 1 and 50"):
        QBenchClient("https://a.qbench.net", "id", "secret", page_size=size)


def test_one_session_for_every_request_and_bearer_header():
    adapter = ScriptedAdapter([OK])
    client = make_client(adapter, base_url="https://acme.qbench.net/qbench/")
    client.get_page("customers", 1)
    client.get_page("customers", 2 - 1)
    assert [r.url.split("?")[0] for r in adapter.requests] == [
        "https://acme.qbench.net/qbench/oauth2/v1/token",
        "https://acme.qbench.net/qbench/api/v2/customers",
        "https://acme.qbench.net/qbench/api/v2/customers",
    ]
    assert all(
        r.headers["Authorization"] == f"Bearer {TOKEN}" for r in adapter.api_requests
    )
    assert client.requests_made == 3


def test_list_params_page_size_50_and_repeated_keys_for_lists():
    adapter = ScriptedAdapter([response(200, page(ROWS, 3, total_pages=3))])
    client = make_client(adapter)
    client.get_page(
        "tests", 3, {"sample_ids": [4, 5], "sort_by": "id", "sort_order": "ASC"}
    )
    assert query(adapter.api_requests[0]) == {
        "sample_ids": ["4", "5"],
        "sort_by": ["id"],
        "sort_order": ["ASC"],
        "page_num": ["3"],
        "page_size": ["50"],
    }


def test_page_params_belong_to_the_client():
    client = make_client(ScriptedAdapter([OK]))
    with pytest.raises(ValueError, match="set by the client"):
        client.get_page("tests", 1, {"page_size": 100})
    with pytest.raises(ValueError, match="from 1"):
        client.get_page("tests", 0)


# -- auth ---------------------------------------------------------------------------


def test_401_reauthenticates_once_and_retries():
    adapter = ScriptedAdapter(
        [response(401, {"error_description": "Invalid or expired access token."}), OK],
        token=[token_ok("old"), token_ok("new")],
    )
    assert make_client(adapter).get_page("orders", 1).rows == ROWS
    assert len(adapter.token_requests) == 2
    assert [r.headers["Authorization"] for r in adapter.api_requests] == [
        "Bearer old",
        "Bearer new",
    ]


def test_400_invalid_grant_expired_token_is_treated_like_401():
    expired = response(
        400,
        {"error": "invalid_grant", "error_description": "Access token has expired."},
    )
    adapter = ScriptedAdapter([expired, OK])
    assert make_client(adapter).get_page("orders", 1).rows == ROWS
    assert len(adapter.token_requests) == 2


def test_second_401_in_a_row_is_an_auth_error():
    adapter = ScriptedAdapter([response(401, {"error_description": "Nope."})])
    with pytest.raises(QBenchAuthError, match="refused a fresh token.*Nope"):
        make_client(adapter).get_page("orders", 1)
    assert len(adapter.api_requests) == 2 and len(adapter.token_requests) == 2


def test_token_endpoint_5xx_and_resets_are_retried():
    adapter = ScriptedAdapter(
        [OK],
        token=[
            response(502, text="<html>bad gateway</html>"),
            requests.ConnectionError("reset"),
            token_ok(),
        ],
    )
    clock = FakeClock()
    assert make_client(adapter, clock).get_page("orders", 1).rows == ROWS
    assert clock.sleeps == [0.5, 1.0]


def test_token_endpoint_429_waits_and_retries():
    busy = response(429, {"error": "slow down"}, headers={"X-QBAPI-Throttle-TTL": "7"})
    adapter = ScriptedAdapter([OK], token=[busy, token_ok()])
    clock = FakeClock()
    assert make_client(adapter, clock).get_page("orders", 1).rows == ROWS
    assert clock.sleeps == [7.0]


def test_token_endpoint_that_keeps_failing_is_unavailable():
    adapter = ScriptedAdapter([OK], token=[response(503, {"error": "down"})])
    with pytest.raises(QBenchUnavailable, match="after 6 attempts.*HTTP 503: down"):
        make_client(adapter).get_page("orders", 1)
    assert len(adapter.token_requests) == 6


# -- retries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        response(500, {"error_description": "Internal server error."}),
        response(502, text="<html><h1>502 Bad Gateway</h1></html>"),
        response(503, {"error_description": "Service unavailable."}),
        requests.ConnectionError(
            ProtocolError("Connection aborted.", ConnectionResetError(104))
        ),
        requests.ReadTimeout("read timed out"),
        requests.ConnectTimeout("connect timed out"),
        requests.exceptions.ChunkedEncodingError(
            "IncompleteRead(10 bytes read, 20 more expected)"
        ),
    ],
    ids=[
        "500",
        "502-html",
        "503",
        "reset",
        "read-timeout",
        "connect-timeout",
        "short-read",
    ],
)
def test_transient_failures_back_off_exponentially_then_succeed(failure):
    adapter = ScriptedAdapter([failure, failure, failure, OK])
    clock = FakeClock()
    assert make_client(adapter, clock).get_page("orders", 1).rows == ROWS
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert len(adapter.api_requests) == 4


def test_transient_failures_are_bounded_and_name_endpoint_page_attempts_and_cause():
    adapter = ScriptedAdapter(
        [response(503, {"error_description": "Service unavailable."})]
    )
    clock = FakeClock()
    client = make_client(
        adapter, clock, retry=RetryPolicy(max_attempts=4, jitter="none")
    )
    with pytest.raises(QBenchRetryExhausted) as info:
        client.get_page("tests", 7)
    error = info.value
    assert str(error) == (
        "GET /qbench/api/v2/tests page 7 failed after 4 attempts; "
        "last error: HTTP 503: Service unavailable."
    )
    assert (error.path, error.page, error.attempts, error.entity) == (
        "/qbench/api/v2/tests",
        7,
        4,
        "tests",
    )
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert error.user_message.startswith("QBench no respondió")


def test_backoff_is_capped_and_jittered_by_default():
    adapter = ScriptedAdapter([response(500, {})])
    clock = FakeClock()
    client = make_client(adapter, clock, retry=RetryPolicy(max_attempts=10, cap=4.0))
    with pytest.raises(QBenchRetryExhausted):
        client.get_page("tests", 1)
    assert len(clock.sleeps) == 9
    assert all(0 <= s <= 4.0 for s in clock.sleeps)


def test_429_waits_what_qbench_says_and_does_not_spend_the_5xx_budget():
    throttled = response(
        429,
        {
            "error_description": "ratelimit exceeded 300 per 60 seconds "
            "[current count: 301. Retry in 30 seconds]"
        },
        headers={"X-QBAPI-Throttle-TTL": "30", "X-QBAPI-Throttle-Request-Count": "301"},
    )
    failure = response(500, {})
    adapter = ScriptedAdapter([failure, throttled, throttled, failure, throttled, OK])
    clock = FakeClock()
    client = make_client(
        adapter, clock, retry=RetryPolicy(max_attempts=3, jitter="none")
    )
    assert client.get_page("orders", 1).rows == ROWS
    assert clock.sleeps == [0.5, 30.0, 30.0, 1.0, 30.0]


def test_429_without_hints_backs_off_and_is_bounded():
    busy = response(429, {"error": "exceeded concurrent request limit of 10"})
    clock = FakeClock()
    client = make_client(
        ScriptedAdapter([busy]),
        clock,
        retry=RetryPolicy(max_throttled=5, jitter="none"),
    )
    with pytest.raises(QBenchRetryExhausted, match="after 5 attempts.*HTTP 429"):
        client.get_page("orders", 2)
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_default_429_budget_is_20_in_a_row():
    clock = FakeClock()
    adapter = ScriptedAdapter(
        [response(429, {}, headers={"X-QBAPI-Throttle-TTL": "1"})]
    )
    with pytest.raises(QBenchRetryExhausted, match="after 20 attempts"):
        make_client(adapter, clock).get_page("orders", 1)
    assert clock.sleeps == [1.0] * 19


@pytest.mark.parametrize(
    "bad",
    [
        response(200, text='{"data": [{"id": 1}, {"id"'),
        response(200, text="<!DOCTYPE html><html>Scheduled maintenance</html>"),
        response(
            200, {"data": ROWS, "page_number": 1, "total_count": 2, "total_pages": "1"}
        ),
    ],
    ids=["truncated", "html", "string-total-pages"],
)
def test_unusable_200_bodies_are_retried_then_fail_as_response_errors(bad):
    adapter = ScriptedAdapter([bad, OK])
    assert make_client(adapter).get_page("orders", 1).rows == ROWS
    adapter = ScriptedAdapter([bad])
    with pytest.raises(QBenchResponseError, match="orders page 1.*3 attempts"):
        make_client(adapter).get_page("orders", 1)
    assert len(adapter.api_requests) == 3


# -- other 4xx ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "text"),
    [
        (
            403,
            {
                "error_description": "API client lacks scope tests:read",
                "error_type": "Forbidden",
            },
            "API client lacks scope tests:read",
        ),
        (
            404,
            {"error_description": "Order with id 9 not found."},
            "Order with id 9 not found.",
        ),
        (405, {"error": "Method not allowed."}, "Method not allowed."),
    ],
)
def test_other_4xx_fail_at_once_with_qbench_text(status, body, text):
    adapter = ScriptedAdapter([response(status, body)])
    with pytest.raises(QBenchRequestError) as info:
        make_client(adapter).get_one("orders", 9)
    error = info.value
    assert (error.method, error.path, error.status, error.detail) == (
        "GET",
        "/qbench/api/v2/orders/9",
        status,
        text,
    )
    assert (
        str(error) == f"QBench answered {status} to GET /qbench/api/v2/orders/9: {text}"
    )
    # QBench's English stays out of the Spanish message (it is in the log)
    assert text not in error.user_message
    assert (
        f"(error {status})" in error.user_message and "registro" in error.user_message
    )
    assert len(adapter.api_requests) == 1


def test_400_on_a_list_page_is_retried_a_few_times_then_fails_readably():
    # README Q6: QBench gives sporadic 400s on some test pages.
    bad = response(400, {"error_description": "Bad request.", "errors": []})
    adapter = ScriptedAdapter([bad, response(200, page(ROWS, 4, total_pages=4))])
    assert make_client(adapter).get_page("tests", 4).rows == ROWS
    adapter = ScriptedAdapter([bad])
    with pytest.raises(
        QBenchRequestError, match="400 to GET /qbench/api/v2/tests: Bad"
    ):
        make_client(adapter).get_page("tests", 4)
    assert len(adapter.api_requests) == 3


def test_400_on_a_single_record_is_not_retried():
    adapter = ScriptedAdapter([response(400, {"error_description": "Bad id."})])
    with pytest.raises(QBenchRequestError, match="Bad id"):
        make_client(adapter).get_one("tests", 1)
    assert len(adapter.api_requests) == 1


# -- reads ----------------------------------------------------------------------------


def test_get_one_unwraps_data():
    adapter = ScriptedAdapter([response(200, {"data": {"id": 5, "title": "x"}})])
    assert make_client(adapter).get_one("assays", 5) == {"id": 5, "title": "x"}
    assert adapter.api_requests[0].url.endswith("/qbench/api/v2/assays/5")


def test_iter_pages_walks_to_total_pages():
    def serve(request):
        n = int(query(request)["page_num"][0])
        return response(200, page([{"id": n}], n, total_pages=3, total_count=3))

    adapter = ScriptedAdapter(serve)
    pages = list(make_client(adapter).iter_pages("samples", {"sort_by": "id"}))
    assert [(p.number, p.rows) for p in pages] == [
        (1, [{"id": 1}]),
        (2, [{"id": 2}]),
        (3, [{"id": 3}]),
    ]
    assert pages[0].total_pages == 3 and pages[0].total_count == 3
    assert pages[0].raw_params == {"sort_by": "id", "page_num": 1, "page_size": 50}


def test_iter_pages_stops_on_an_empty_page_and_resumes_from_start_page():
    def serve(request):
        n = int(query(request)["page_num"][0])
        rows = [{"id": n}] if n < 4 else []
        return response(200, page(rows, n, total_pages=9, total_count=None))

    adapter = ScriptedAdapter(serve)
    pages = list(make_client(adapter).iter_pages("batches", start_page=2))
    assert [p.number for p in pages] == [2, 3, 4]
    assert pages[-1].rows == [] and pages[0].total_count is None


def test_empty_list_is_one_page():
    adapter = ScriptedAdapter(
        [response(200, page([], 1, total_pages=0, total_count=0))]
    )
    pages = list(make_client(adapter).iter_pages("reports"))
    assert len(pages) == 1 and pages[0].rows == []


def test_a_page_number_other_than_asked_is_a_format_error():
    adapter = ScriptedAdapter([response(200, page(ROWS, 1, total_pages=5))])
    with pytest.raises(QBenchResponseError, match="asked for page 2, got page 1"):
        make_client(adapter).get_page("orders", 2)


def test_check_connection_reads_one_row_of_page_one():
    adapter = ScriptedAdapter(
        [response(200, page(ROWS[:1], 1, total_pages=40, total_count=40))]
    )
    result = make_client(adapter).check_connection()
    assert result.total_count == 40
    assert query(adapter.api_requests[0]) == {"page_num": ["1"], "page_size": ["1"]}
    assert adapter.api_requests[0].url.split("?")[0].endswith("/api/v2/customers")


def test_on_request_hook_sees_every_exchange():
    events = []
    adapter = ScriptedAdapter([requests.ConnectionError("reset"), OK])
    client = make_client(adapter, on_request=events.append)
    client.get_page("orders", 1)
    assert [(e.method, e.path, e.page, e.status) for e in events] == [
        ("POST", "/qbench/oauth2/v1/token", None, 200),
        ("GET", "/qbench/api/v2/orders", 1, 0),
        ("GET", "/qbench/api/v2/orders", 1, 200),
    ]
    assert events[1].error == "ConnectionError: reset"
    assert client.requests_made == 3


def test_requests_are_paced():
    clock = FakeClock()
    adapter = ScriptedAdapter([OK])
    client = make_client(adapter, clock, rate_limit=(3, 10))  # 2 per 10 s
    client.get_page("orders", 1)  # token + page 1 fill the window
    client.get_page("orders", 1)
    assert clock.sleeps == [10.0]
