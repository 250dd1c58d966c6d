"""QBenchClient against the simulator over real HTTP (README §1, §4, §7)."""

from __future__ import annotations

import math
import time

import pytest

from app.qbench import (
    QBenchAuthError,
    QBenchClient,
    QBenchRequestError,
    QBenchResponseError,
    QBenchRetryExhausted,
    RetryPolicy,
)
from app.sim.entities import ENTITIES

from .fakes import FakeClock

BY_ID = {"sort_by": "id", "sort_order": "ASC"}
TESTS = "/qbench/api/v2/tests"
TOKEN = "/qbench/oauth2/v1/token"


class Sleeps:
    """Records the waits; really sleeps only when told to (rate limits are real)."""

    def __init__(self, real: bool = False) -> None:
        self.real, self.waits = real, []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.real:
            time.sleep(seconds)


def connect(sim, *, sleep=None, **kwargs) -> QBenchClient:
    kwargs.setdefault("retry", RetryPolicy(jitter="none"))
    client = QBenchClient(
        sim.base_url,
        sim.client_id,
        kwargs.pop("secret", sim.client_secret),
        sleep=sleep or Sleeps(),
        **kwargs,
    )
    return client


def rows(client: QBenchClient, entity: str, params=BY_ID) -> list[dict]:
    return [row for page in client.iter_pages(entity, params) for row in page.rows]


def all_requests(sim) -> int:
    return sum(sim.counts().values())


def pages_of(sim, entity: str, size: int) -> int:
    """How many pages ``entity`` takes at ``size`` rows (the tenant may change)."""
    pages = math.ceil(len(sim.dump("v2")[entity]) / size)
    assert pages >= 3, f"the tiny tenant needs more {entity} for this test"
    return pages


# -- paging ---------------------------------------------------------------------------


def test_full_paging_of_every_entity_equals_the_tenant(sim):
    dump = sim.dump("v2")
    with connect(sim) as client:
        for entity, spec in ENTITIES.items():
            if spec.per is not None:  # listed under each parent record
                for owner in dump[spec.per]:
                    listed = [
                        row
                        for page in client.iter_pages(
                            entity, path_ids={f"{spec.per[:-1]}_id": owner["id"]}
                        )
                        for row in page.rows
                    ]
                    assert listed == sim.tenant.children(entity, owner["id"])
                continue
            assert rows(client, entity) == dump[entity], entity
    assert client.requests_made == all_requests(sim)
    assert sim.request_count(status=200) == client.requests_made - 1  # - the token
    assert sim.request_count(TOKEN, method="POST") == 1


def test_pages_are_50_rows_by_default(sim):
    total = len(sim.dump("v2")["tests"])
    pages = list(connect(sim).iter_pages("tests", BY_ID))
    assert [len(p.rows) for p in pages[:-1]] == [50] * (len(pages) - 1)
    assert len(pages) == math.ceil(total / 50)
    assert all(p.raw_params["page_size"] == 50 for p in pages)


def test_walk_stops_at_total_pages(sim):
    total, expected = len(sim.dump("v2")["tests"]), pages_of(sim, "tests", 10)
    pages = list(connect(sim, page_size=10).iter_pages("tests", BY_ID))
    assert [p.number for p in pages] == list(range(1, expected + 1))
    assert [len(p.rows) for p in pages] == [10] * (expected - 1) + [total % 10 or 10]
    assert pages[0].total_pages == expected and pages[0].total_count == total
    assert sim.request_count(TESTS) == expected


def test_resume_from_a_start_page(sim):
    client = connect(sim, page_size=10)
    resumed = [
        r for p in client.iter_pages("tests", BY_ID, start_page=3) for r in p.rows
    ]
    assert resumed == sim.dump("v2")["tests"][20:]


def test_list_filters_repeat_the_key(sim):
    orders = sim.dump("v2")["orders"][:2]
    wanted = [o["id"] for o in orders]
    got = rows(connect(sim), "orders", {**BY_ID, "ids": wanted})
    assert [o["id"] for o in got] == wanted


def test_get_one_and_check_connection(sim):
    client = connect(sim)
    first = sim.dump("v2")["orders"][0]
    assert client.get_one("orders", first["id"])["id"] == first["id"]
    page = client.check_connection()
    assert len(page.rows) == 1
    assert page.total_count == len(sim.dump("v2")["customers"])


def test_tenant_url_may_end_in_qbench(sim):
    client = QBenchClient(
        sim.base_url + "/qbench/", sim.client_id, sim.client_secret, sleep=Sleeps()
    )
    assert client.check_connection("assays").number == 1


# -- authentication -------------------------------------------------------------------


def test_401_mid_run_reauthenticates_exactly_once_and_completes(make_sim):
    sim = make_sim()
    assert pages_of(sim, "tests", 5) >= 5
    client = connect(sim, page_size=5)
    pages = client.iter_pages("tests", BY_ID)
    got = list(next(pages).rows)
    sim.expire_tokens(after_requests=3)
    got += [r for p in pages for r in p.rows]
    assert got == sim.dump("v2")["tests"]
    assert sim.request_count(TESTS, status=401) == 1
    assert sim.request_count(TOKEN, method="POST") == 2
    assert client.tokens.mints == 2


def test_expired_token_as_400_invalid_grant_also_reauthenticates(make_sim):
    sim = make_sim(expired_token_status=400)
    client = connect(sim)
    client.check_connection()
    sim.expire_tokens()
    assert rows(client, "orders") == sim.dump("v2")["orders"]
    assert sim.request_count("/qbench/api/v2/orders", status=400) == 1
    assert sim.request_count(TOKEN, method="POST") == 2


def test_token_is_reminted_before_it_expires(make_sim):
    sim = make_sim(token_ttl=300)
    clock = FakeClock()
    pages_of(sim, "tests", 10)
    client = connect(sim, clock=clock, page_size=10)
    pages = client.iter_pages("tests", BY_ID)
    next(pages)
    clock.advance(179)  # refresh at 300 - 120 s
    next(pages)
    assert sim.request_count(TOKEN, method="POST") == 1
    clock.advance(1)
    list(pages)
    assert sim.request_count(TOKEN, method="POST") == 2
    assert sim.request_count(status=401) == 0


def test_wrong_secret_is_an_auth_error_with_qbench_text(sim):
    client = connect(sim, secret="not-the-secret-" * 3)
    with pytest.raises(QBenchAuthError) as info:
        client.check_connection()
    assert "Signature verification failed" in str(info.value)
    assert "credenciales" in info.value.user_message
    assert info.value.exit_code == 4
    assert sim.request_count(TOKEN, method="POST", status=400) == 1


def test_unknown_client_id_is_an_auth_error(sim):
    client = QBenchClient(sim.base_url, "no-such-client", sim.client_secret)
    with pytest.raises(QBenchAuthError, match="Unknown API client"):
        client.check_connection()


def test_future_iat_from_server_clock_skew_is_corrected_via_date_header(make_sim):
    sim = make_sim(clock_skew=-600.0)
    client = connect(sim)
    assert rows(client, "assays") == sim.dump("v2")["assays"]
    assert sim.request_count(TOKEN, method="POST", status=400) == 1
    assert sim.request_count(TOKEN, method="POST", status=200) == 1
    assert client.tokens.clock_offset == pytest.approx(-600, abs=3)


# -- faults ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_burst_on_a_page_is_retried_and_the_data_is_right(sim, status):
    sim.add_fault("status", path=TESTS, page=2, times=3, status=status)
    sleeps = Sleeps()
    client = connect(sim, sleep=sleeps, page_size=10)
    assert rows(client, "tests") == sim.dump("v2")["tests"]
    assert sim.request_count(TESTS, status=status) == 3
    assert sim.request_count(TESTS) == pages_of(sim, "tests", 10) + 3
    assert sleeps.waits == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("action", ["reset", "short_read", "truncated", "html"])
def test_broken_responses_are_retried(sim, action):
    sim.add_fault(action, path=TESTS, page=1, times=2)
    client = connect(sim, page_size=10)
    assert rows(client, "tests") == sim.dump("v2")["tests"]
    assert sim.request_count(TESTS) == pages_of(sim, "tests", 10) + 2
    assert client.requests_made == all_requests(sim)


def test_resets_show_as_status_0_in_the_simulator_counts(sim):
    sim.add_fault("reset", path=TESTS, times=2)
    connect(sim).get_page("tests", 1, BY_ID)
    assert sim.request_count(TESTS, status=0) == 2


def test_a_timeout_is_retried(sim):
    sim.add_fault("slow", path=TESTS, page=1, times=1, seconds=1.0)
    client = connect(sim, timeout=(5.0, 0.2))
    assert rows(client, "tests") == sim.dump("v2")["tests"]


def test_wrong_envelope_types_fail_the_entity_after_bounded_retries(sim):
    sim.add_fault("bad_envelope", path=TESTS)
    with pytest.raises(QBenchResponseError, match="total_pages") as info:
        connect(sim).get_page("tests", 1, BY_ID)
    assert info.value.entity == "tests"
    assert sim.request_count(TESTS) == 3


def test_a_page_that_keeps_failing_gives_up_naming_endpoint_and_page(sim):
    sim.add_fault("status", path=TESTS, page=2, times=50, status=500)
    sleeps = Sleeps()
    pages_of(sim, "tests", 10)
    client = connect(sim, sleep=sleeps, retry=RetryPolicy(), page_size=10)
    with pytest.raises(QBenchRetryExhausted) as info:
        rows(client, "tests")
    error = info.value
    assert (error.path, error.page, error.attempts) == (TESTS, 2, 6)
    assert "GET /qbench/api/v2/tests page 2 failed after 6 attempts" in str(error)
    assert "HTTP 500" in str(error)
    assert sim.request_count(TESTS, status=500) == 6
    assert len(sleeps.waits) == 5 and all(0 <= s <= 30 for s in sleeps.waits)


def test_404_is_a_request_error_with_qbench_text(sim):
    client = connect(sim)
    with pytest.raises(QBenchRequestError) as info:
        client.get_one("orders", 999_999)
    error = info.value
    assert (error.status, error.path) == (404, "/qbench/api/v2/orders/999999")
    assert error.detail == "Order with id 999999 not found."
    assert sim.request_count("/qbench/api/v2/orders/{id}", status=404) == 1


def test_403_is_a_request_error_without_retries(sim):
    sim.add_fault("status", path="/qbench/api/v2/reports", status=403)
    with pytest.raises(QBenchRequestError) as info:
        rows(connect(sim), "reports")
    assert info.value.status == 403 and info.value.detail
    assert sim.request_count("/qbench/api/v2/reports") == 1


def test_sporadic_400_on_a_test_page_is_retried(sim):
    sim.add_fault("status", path=TESTS, page=2, times=1, status=400)
    pages_of(sim, "tests", 10)
    assert rows(connect(sim, page_size=10), "tests") == sim.dump("v2")["tests"]
    assert sim.request_count(TESTS, status=400) == 1


# -- rate limits ----------------------------------------------------------------------


def test_429_storm_unpaced_client_honours_throttle_ttl_and_completes(make_sim):
    sim = make_sim(rate_limit=2, rate_window=1)
    sleeps = Sleeps(real=True)
    pages_of(sim, "tests", 5)
    client = connect(sim, sleep=sleeps, rate_limit=(1000, 1), page_size=5)
    assert rows(client, "tests") == sim.dump("v2")["tests"]
    throttled = sim.request_count(TESTS, status=429)
    assert throttled >= 2
    # Every 429 was followed by the wait QBench asked for (TTL >= 1 s), and the
    # 429s did not eat the 5xx budget (6 attempts) of any page.
    assert len(sleeps.waits) == throttled
    assert all(w >= 1 for w in sleeps.waits)
    print(f"unpaced: {client.requests_made} requests, {throttled} x 429")


def test_paced_client_keeps_429s_rare_at_the_tenant_limit(make_sim):
    sim = make_sim(rate_limit=5, rate_window=1)
    sleeps = Sleeps(real=True)
    client = connect(sim, sleep=sleeps, rate_limit=(5, 1), page_size=4)
    assert rows(client, "tests") == sim.dump("v2")["tests"]
    throttled = sim.request_count(TESTS, status=429)
    assert client.pacer.capacity == 4  # 90 % of 5
    assert client.requests_made > 2 * client.pacer.capacity
    assert throttled <= 1
    assert client.pacer.waited > 0
    print(f"paced: {client.requests_made} requests, {throttled} x 429")


def test_no_secret_token_or_assertion_in_logs_or_errors_over_http(make_sim):
    from loguru import logger

    sim = make_sim(clock_skew=-600.0)
    sim.add_fault("status", path=TESTS, page=1, times=2, status=503)
    sim.add_fault("reset", path="/qbench/api/v2/orders", times=1)
    lines: list[str] = []
    sink = logger.add(lines.append, level="DEBUG", format="{level} {message}")
    try:
        client = connect(sim, page_size=10)
        rows(client, "tests")
        rows(client, "orders")
        sim.expire_tokens()
        rows(client, "assays")
        token = client.tokens.token()
        with pytest.raises(QBenchRequestError) as info:
            client.get_one("orders", 999_999)
        with pytest.raises(QBenchAuthError) as bad:
            connect(sim, secret=sim.client_secret[::-1]).check_connection()
    finally:
        logger.remove(sink)
    assert len(lines) > 20
    for text in [*lines, str(info.value), str(bad.value), bad.value.user_message]:
        assert sim.client_secret not in text
        assert sim.client_secret[::-1] not in text
        assert token not in text
        assert "eyJ" not in text and "Bearer" not in text


def test_server_time_follows_the_date_header(make_sim):
    import time

    from app.qbench import QBenchClient

    sim = make_sim(clock_skew=-3600.0)
    with QBenchClient(sim.base_url, sim.client_id, sim.client_secret) as client:
        assert client.server_time() is None
        client.get_page("assays", 1)
        assert abs(client.server_time() - (time.time() - 3600)) < 30


# -- scopes and registry paths (issue 12) ------------------------------------------


def test_a_403_on_a_list_is_endpoint_forbidden_and_a_404_endpoint_missing(sim):
    """A list outside the API client's scopes (403) or absent from the tenant
    (404) raises the classes the engine turns into a skipped entity."""
    from app.qbench.errors import EndpointForbidden, EndpointMissing

    sim.add_fault("status", path="/qbench/api/v2/contacts", status=403)
    client = connect(sim)
    with pytest.raises(EndpointForbidden) as info:
        client.count("contacts")
    assert info.value.status == 403
    with pytest.raises(EndpointMissing) as missing:
        rows(client, "no-such-list")
    assert missing.value.status == 404
    # A single GET's 404 stays "the record is gone", not a missing endpoint.
    assert client.find_one("orders", 999_999) is None


def test_registry_names_and_placeholders_become_v2_paths(sim):
    """A registry name is listed at its v2 path; ``path_ids`` fills the
    ``{order_id}``-style placeholders."""
    from app.qbench.client import _path

    assert _path("accessioning_types") == "/qbench/api/v2/accessioning-types"
    assert _path("order_comments", {"order_id": 7}) == (
        "/qbench/api/v2/orders/7/comments"
    )
    assert _path("api-clients") + "/" == "/qbench/api/v2/api-clients/"
    client = connect(sim)
    served = rows(client, "accessioning_types", {})
    assert served == sim.dump("v2")["accessioning-types"]
    with pytest.raises(KeyError):
        _path("order_comments")
