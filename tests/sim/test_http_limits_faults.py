"""Rate limits, concurrency limits and injected faults, over real HTTP (README §7)."""

from __future__ import annotations

import json
import re
import threading

import pytest
import requests

from tests.sim.qb import authed_session, v1, v2

RETRY_TEXT = re.compile(r"Retry in (\d+) seconds")


def test_7_2_rate_limit_429_carries_headers_and_retry_text_v2(make_sim):
    sim = make_sim(rate_limit=5, rate_window=60)
    http = authed_session(sim)
    statuses = [http.get(v2(sim, "assays"), timeout=10).status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = http.get(v2(sim, "assays"), timeout=10)
    assert refused.status_code == 429
    assert refused.headers["X-QBAPI-Throttle-Request-Count"] == "6"
    ttl = int(refused.headers["X-QBAPI-Throttle-TTL"])
    assert 1 <= ttl <= 60
    body = refused.json()
    assert set(body) == {"error_description", "error_type", "error_token"}
    assert body["error_description"].startswith(
        "ratelimit exceeded 5 per 60 seconds [current count: 6. Retry in "
    )
    assert int(RETRY_TEXT.search(body["error_description"]).group(1)) == ttl


def test_7_2_rate_limit_429_v1_body_uses_error(make_sim):
    sim = make_sim(rate_limit=1, rate_window=60)
    http = authed_session(sim)
    http.get(v1(sim, "assay"), timeout=10)
    refused = http.get(v1(sim, "assay"), timeout=10)
    assert refused.status_code == 429
    assert RETRY_TEXT.search(refused.json()["error"])


def test_7_1_window_is_rolling_requests_pass_again_once_old_ones_age_out(make_sim):
    sim = make_sim(rate_limit=2, rate_window=1)
    http = authed_session(sim)
    assert [http.get(v2(sim, "assays"), timeout=10).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    threading.Event().wait(1.1)
    assert http.get(v2(sim, "assays"), timeout=10).status_code == 200


def test_7_1_refused_requests_do_not_extend_the_window(make_sim):
    sim = make_sim(rate_limit=1, rate_window=1)
    http = authed_session(sim)
    http.get(v2(sim, "assays"), timeout=10)
    for _ in range(5):
        assert http.get(v2(sim, "assays"), timeout=10).status_code == 429
    threading.Event().wait(1.1)
    assert http.get(v2(sim, "assays"), timeout=10).status_code == 200


def test_7_1_the_limit_is_per_client(make_sim):
    sim = make_sim(rate_limit=1, clients={"a": "secret-a", "b": "secret-b"})
    from tests.sim.qb import JWT_BEARER, TOKEN_PATH, assertion

    def session_for(client, secret):
        s = requests.Session()
        t = s.post(
            sim.base_url + TOKEN_PATH,
            timeout=10,
            data={"grant_type": JWT_BEARER, "assertion": assertion(client, secret)},
        )
        s.headers["Authorization"] = f"Bearer {t.json()['access_token']}"
        return s

    a, b = session_for("a", "secret-a"), session_for("b", "secret-b")
    assert a.get(v2(sim, "assays"), timeout=10).status_code == 200
    assert a.get(v2(sim, "assays"), timeout=10).status_code == 429
    assert b.get(v2(sim, "assays"), timeout=10).status_code == 200


def test_7_1_concurrency_limit_refuses_the_request_over_the_limit(make_sim):
    sim = make_sim(concurrency=2)
    sim.add_fault("slow", seconds=0.6, path="/qbench/api/v2/assays")
    token = authed_session(sim).headers["Authorization"]
    results: list[requests.Response] = []
    lock = threading.Lock()

    def call():
        response = requests.get(
            v2(sim, "assays"), headers={"Authorization": token}, timeout=10
        )
        with lock:
            results.append(response)

    threads = [threading.Thread(target=call) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [r for r in results if r.status_code == 429]
    assert len([r for r in results if r.status_code == 200]) >= 2
    assert refused
    assert (
        refused[0].json()["error_description"]
        == "exceeded concurrent request limit of 2"
    )
    assert sim.concurrency.peak == 2


def test_fault_a_given_page_fails_its_first_n_requests(sim):
    http = authed_session(sim)
    sim.add_fault("status", path="/qbench/api/v2/tests", page=2, times=2, status=503)
    url = v2(sim, "tests")
    assert http.get(url, params={"page_num": 1}, timeout=10).status_code == 200
    seen = [
        http.get(url, params={"page_num": 2}, timeout=10).status_code for _ in range(3)
    ]
    assert seen == [503, 503, 200]
    assert sim.request_count("/qbench/api/v2/tests", status=503) == 2


def test_fault_5xx_from_a_gateway_is_html(sim):
    http = authed_session(sim)
    sim.add_fault("status", status=502, times=1)
    response = http.get(v2(sim, "orders"), timeout=10)
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")


def test_fault_connection_reset(sim):
    http = authed_session(sim)
    sim.add_fault("reset", times=1)
    with pytest.raises(requests.ConnectionError):
        http.get(v2(sim, "orders"), timeout=10)
    assert http.get(v2(sim, "orders"), timeout=10).status_code == 200
    assert sim.request_count("/qbench/api/v2/orders", status=0) == 1


def test_fault_slow_response_delays_the_answer(sim):
    http = authed_session(sim)
    sim.add_fault("slow", seconds=2.0, times=1)
    with pytest.raises(requests.Timeout):
        http.get(v2(sim, "orders"), timeout=0.5)


def test_fault_truncated_json(sim):
    http = authed_session(sim)
    sim.add_fault("truncated", times=1)
    response = http.get(v2(sim, "orders"), timeout=10)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


def test_fault_short_read_breaks_the_body(sim):
    http = authed_session(sim)
    sim.add_fault("short_read", times=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        http.get(v2(sim, "orders"), timeout=10)


def test_fault_wrong_types_in_a_record(sim):
    http = authed_session(sim)
    sim.add_fault("wrong_types", times=1)
    body = http.get(v2(sim, "orders"), timeout=10).json()
    assert isinstance(body["total_pages"], int)
    assert isinstance(body["data"][0]["id"], str)


def test_fault_bad_envelope(sim):
    http = authed_session(sim)
    sim.add_fault("bad_envelope", times=1)
    body = http.get(v2(sim, "orders"), timeout=10).json()
    assert isinstance(body["total_pages"], str)


def test_fault_record_without_id(sim):
    http = authed_session(sim)
    sim.add_fault("missing_id", times=1)
    rows = http.get(v2(sim, "orders"), timeout=10).json()["data"]
    assert sum("id" not in row for row in rows) == 1


def test_fault_html_maintenance_page_with_200(sim):
    http = authed_session(sim)
    sim.add_fault("html", times=1)
    response = http.get(v2(sim, "orders"), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")


def test_fault_token_expires_mid_run(sim):
    http = authed_session(sim)
    sim.add_fault("expire_token", path="/qbench/api/v2/samples", page=2, times=1)
    assert http.get(v2(sim, "samples"), params={"page_num": 1}, timeout=10).ok
    assert (
        http.get(v2(sim, "samples"), params={"page_num": 2}, timeout=10).status_code
        == 401
    )


def test_q6_sporadic_400_on_test_pages_is_seeded_and_repeatable(make_sim):
    def run():
        sim = make_sim(fault_seed=7)
        sim.add_fault("status", path="/qbench/api/v2/tests", status=400, rate=0.3)
        http = authed_session(sim)
        return [
            http.get(v2(sim, "tests"), params={"page_num": p}, timeout=10).status_code
            for p in range(1, 21)
        ]

    first, second = run(), run()
    assert first == second
    assert 400 in first and 200 in first


def test_fault_presets_load(make_sim):
    from app.sim.faults import preset

    sim = make_sim(faults=preset("flaky"))
    assert len(sim.faults.rules()) >= 4
    with pytest.raises(ValueError):
        preset("no-such-preset")


def test_counts_are_kept_per_path_and_status(sim):
    http = authed_session(sim)
    for _ in range(3):
        http.get(v2(sim, "customers"), timeout=10)
    http.get(v2(sim, "customers/99999999"), timeout=10)
    counts = sim.counts()
    assert counts[("GET", "/qbench/api/v2/customers", 200)] == 3
    assert counts[("GET", "/qbench/api/v2/customers/{id}", 404)] == 1
    assert counts[("POST", "/qbench/oauth2/v1/token", 200)] == 1
    sim.reset_counts()
    assert sim.counts() == {}
