"""Protocol switches of the simulator: forms of the token answer, 429 hints, Date.

Each switch makes the simulator send a form the RFCs allow (or an unusual proxy
sends) so client tests can meet it over real HTTP: ``token_expires_in``,
``token_type``, ``throttle_hint``, ``date_header`` and ``http_date_form``.
"""

from __future__ import annotations

import re

import pytest
import requests

from app.qbench.headers import parse_http_date
from app.sim.server import SimConfig
from tests.sim.qb import JWT_BEARER, TOKEN_PATH, assertion, authed_session, v1, v2

IMF = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT")
RFC850 = re.compile(r"[A-Z][a-z]+day, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d GMT")
ASCTIME = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}")
FORMS = {"imf": IMF, "rfc850": RFC850, "asctime": ASCTIME}


def token_answer(sim) -> requests.Response:
    return requests.post(
        sim.base_url + TOKEN_PATH,
        data={
            "grant_type": JWT_BEARER,
            "assertion": assertion(sim.client_id, sim.client_secret),
        },
        timeout=10,
    )


def refused(sim, api: str = "v2") -> requests.Response:
    """A request past a one-request window: the simulator's real 429."""
    http = authed_session(sim)
    url = v2(sim, "assays") if api == "v2" else v1(sim, "assay")
    assert http.get(url, timeout=10).status_code == 200
    answer = http.get(url, timeout=10)
    assert answer.status_code == 429
    return answer


# -- defaults ---------------------------------------------------------------------


def test_defaults_are_qbenchs_documented_forms(sim):
    answer = token_answer(sim)
    body = answer.json()
    assert list(body) == ["access_token", "token_type", "expires_in"]
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert IMF.fullmatch(answer.headers["Date"])
    assert SimConfig().protocol() == {
        "token_expires_in": "number",
        "token_type": "Bearer",
        "throttle_hint": "qbapi",
        "date_header": True,
        "http_date_form": "imf",
        "stamp_deletes": True,
        "silent_reports": False,
        "stamp_comments": True,
        "scopes": None,
        "missing_paths": [],
    }


# -- the token answer -------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "expected"), [("number", 3600), ("string", "3600"), ("null", None)]
)
def test_token_expires_in_forms(make_sim, form, expected):
    body = token_answer(make_sim(token_expires_in=form)).json()
    assert "expires_in" in body and body["expires_in"] == expected
    assert isinstance(body["expires_in"], type(expected))


def test_token_expires_in_absent(make_sim):
    body = token_answer(make_sim(token_expires_in="absent", token_ttl=60)).json()
    assert set(body) == {"access_token", "token_type"}


def test_token_type_lowercase_or_absent(make_sim):
    assert token_answer(make_sim(token_type="bearer")).json()["token_type"] == "bearer"
    body = token_answer(make_sim(token_type=None)).json()
    assert set(body) == {"access_token", "expires_in"}


def test_tokens_of_every_variant_still_work(make_sim):
    sim = make_sim(token_expires_in="null", token_type="bearer")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token_answer(sim).json()['access_token']}"
    assert http.get(v2(sim, "assays"), timeout=10).status_code == 200


# -- 429 hints --------------------------------------------------------------------


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_default_429_carries_qbapi_headers_and_retry_text(make_sim, api):
    answer = refused(make_sim(rate_limit=1, rate_window=60), api)
    assert "X-QBAPI-Throttle-TTL" in answer.headers
    assert "Retry-After" not in answer.headers
    assert "Retry in" in answer.text


def _no_qbapi_hint(answer: requests.Response) -> None:
    assert not [h for h in answer.headers if h.lower().startswith("x-qbapi")]
    assert "Retry in" not in answer.text
    assert "ratelimit exceeded 1 per 60 seconds [current count: 2]" in answer.text


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_429_with_only_retry_after_seconds(make_sim, api):
    answer = refused(
        make_sim(rate_limit=1, rate_window=60, throttle_hint="retry-after"), api
    )
    _no_qbapi_hint(answer)
    assert re.fullmatch(r"\d+", answer.headers["Retry-After"])
    assert 1 <= int(answer.headers["Retry-After"]) <= 60


@pytest.mark.parametrize("form", ["imf", "rfc850", "asctime"])
def test_429_with_only_retry_after_http_date(make_sim, form):
    sim = make_sim(
        rate_limit=1,
        rate_window=60,
        throttle_hint="retry-after-date",
        http_date_form=form,
    )
    answer = refused(sim)
    _no_qbapi_hint(answer)
    retry_at = answer.headers["Retry-After"]
    assert FORMS[form].fullmatch(retry_at), retry_at
    assert FORMS[form].fullmatch(answer.headers["Date"])
    wait = parse_http_date(retry_at) - parse_http_date(answer.headers["Date"])
    # The window frees a slot within 60 s; the date is rounded up, never down.
    assert 59 <= wait <= 61


def test_429_retry_after_date_follows_the_skewed_service_clock(make_sim):
    import time

    sim = make_sim(
        rate_limit=1,
        rate_window=60,
        throttle_hint="retry-after-date",
        clock_skew=-3600.0,
    )
    grant = requests.post(
        sim.base_url + TOKEN_PATH,
        data={
            "grant_type": JWT_BEARER,
            "assertion": assertion(
                sim.client_id, sim.client_secret, iat=time.time() - 3605
            ),
        },
        timeout=10,
    )
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {grant.json()['access_token']}"
    http.get(v2(sim, "assays"), timeout=10)
    answer = http.get(v2(sim, "assays"), timeout=10)
    assert answer.status_code == 429
    retry_at = parse_http_date(answer.headers["Retry-After"])
    assert abs(retry_at - (time.time() - 3600 + 60)) < 5


def test_429_with_no_hint_at_all(make_sim):
    answer = refused(make_sim(rate_limit=1, rate_window=60, throttle_hint="none"))
    _no_qbapi_hint(answer)
    assert "Retry-After" not in answer.headers


@pytest.mark.parametrize(
    ("hint", "header", "value"),
    [
        ("qbapi", "X-QBAPI-Throttle-TTL", "5"),
        ("retry-after", "Retry-After", "5"),
        ("retry-after-date", "Retry-After", None),
    ],
)
def test_a_429_fault_asks_for_its_seconds_in_the_configured_form(
    make_sim, hint, header, value
):
    sim = make_sim(throttle_hint=hint)
    sim.add_fault(
        "status", path="/qbench/api/v2/assays", status=429, seconds=5, times=1
    )
    http = authed_session(sim)
    answer = http.get(v2(sim, "assays"), timeout=10)
    assert answer.status_code == 429
    if value is not None:
        assert answer.headers[header] == value
    else:
        moment = parse_http_date(answer.headers[header])
        assert 5 <= moment - parse_http_date(answer.headers["Date"]) <= 6
    assert http.get(v2(sim, "assays"), timeout=10).status_code == 200


# -- the Date header --------------------------------------------------------------


def test_date_header_false_sends_no_date_on_any_answer(make_sim):
    sim = make_sim(date_header=False, rate_limit=1, rate_window=60)
    http = requests.Session()
    answers = [
        token_answer(sim),
        http.get(v2(sim, "assays"), timeout=10),  # 401, no token
        http.get(sim.base_url + "/nowhere", timeout=10),  # 404
        http.get(sim.base_url + "/_sim/health", timeout=10),
    ]
    authed = authed_session(sim)
    answers += [authed.get(v2(sim, "assays"), timeout=10) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 401, 404, 200, 200, 429]
    for answer in answers:
        assert "Date" not in answer.headers, answer.status_code
        assert answer.headers["Server"].startswith("nginx")
        assert answer.headers["Content-Length"]


def test_date_header_true_sends_one_date_everywhere(sim):
    answers = [token_answer(sim), requests.get(v2(sim, "assays"), timeout=10)]
    for answer in answers:
        assert IMF.fullmatch(answer.headers["Date"])


@pytest.mark.parametrize("form", ["rfc850", "asctime"])
def test_date_header_in_an_obsolete_form(make_sim, form):
    import time

    answer = token_answer(make_sim(http_date_form=form))
    assert FORMS[form].fullmatch(answer.headers["Date"]), answer.headers["Date"]
    assert abs(parse_http_date(answer.headers["Date"]) - time.time()) < 5


# -- configuration -----------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"token_expires_in": "words"},
        {"throttle_hint": "x-qbapi"},
        {"http_date_form": "iso"},
        {"date_header": "no"},
        {"token_type": 7},
    ],
)
def test_unknown_switch_values_are_refused(bad):
    with pytest.raises(ValueError):
        SimConfig(**bad)


def test_switches_change_at_run_time_over_http(sim):
    url = sim.base_url + "/_sim/config"
    assert requests.get(url, timeout=10).json()["date_header"] is True
    changed = requests.post(
        url,
        json={"date_header": False, "token_expires_in": "string", "token_type": None},
        timeout=10,
    )
    assert changed.status_code == 200
    assert changed.json()["token_expires_in"] == "string"
    answer = token_answer(sim)
    assert "Date" not in answer.headers
    assert answer.json() == {
        "access_token": answer.json()["access_token"],
        "expires_in": "3600",
    }
    refused_change = requests.post(url, json={"throttle_hint": "loud"}, timeout=10)
    assert refused_change.status_code == 400
    unknown = requests.post(url, json={"rate_limit": 1}, timeout=10)
    assert unknown.status_code == 400
    assert requests.get(url, timeout=10).json() == {
        "token_expires_in": "string",
        "token_type": None,
        "throttle_hint": "qbapi",
        "date_header": False,
        "http_date_form": "imf",
        "stamp_deletes": True,
        "silent_reports": False,
        "stamp_comments": True,
        "scopes": None,
        "missing_paths": [],
    }


def test_what_qbench_stamps_can_be_switched_over_http(sim):
    """An out-of-process test can take either side of the undocumented stamps."""
    url = sim.base_url + "/_sim/config"
    changed = requests.post(
        url, json={"stamp_deletes": False, "silent_reports": True}, timeout=10
    )
    assert changed.status_code == 200
    assert (sim.tenant.stamp_deletes, sim.tenant.silent_reports) == (False, True)
    order = sim.dump()["orders"][0]
    sim.advance(600)
    sim.tenant.delete("orders", order["id"])
    deleted = next(
        r for r in sim.dump(include_deleted=True)["orders"] if r["id"] == order["id"]
    )
    assert deleted["last_updated"] == order["last_updated"]  # not stamped
    assert (
        requests.post(url, json={"stamp_deletes": "no"}, timeout=10).status_code == 400
    )
