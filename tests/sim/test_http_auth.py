"""Simulator authentication over real HTTP; each test names the README fact."""

from __future__ import annotations

import time
import uuid
from email.utils import parsedate_to_datetime

import pytest
import requests

from tests.sim.qb import (
    JWT_BEARER,
    TOKEN_PATH,
    assertion,
    authed_session,
    token,
    v1,
    v2,
)


def _post_token(sim, jwt_text, path=TOKEN_PATH, grant_type=JWT_BEARER):
    return requests.post(
        sim.base_url + path,
        data={"grant_type": grant_type, "assertion": jwt_text},
        timeout=10,
    )


def test_1_2_oauth2_v1_token_endpoint_accepts_form_urlencoded(sim):
    response = _post_token(sim, assertion(sim.client_id, sim.client_secret))
    assert response.status_code == 200
    body = response.json()
    # §1.4: access_token, expires_in and token_type are all present.
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600


def test_1_2_v2_auth_token_endpoint_accepts_multipart(sim):
    fields = {
        "grant_type": (None, JWT_BEARER),
        "assertion": (None, assertion(sim.client_id, sim.client_secret)),
    }
    response = requests.post(
        sim.base_url + "/qbench/api/v2/auth/token", files=fields, timeout=10
    )
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]


def test_1_2_v1_oauth_token_path_does_not_exist(sim):
    response = _post_token(
        sim,
        assertion(sim.client_id, sim.client_secret),
        path="/qbench/api/v1/oauth/token",
    )
    assert response.status_code in (401, 404)


def test_1_4_access_tokens_are_opaque_uuids_not_jwts(sim):
    access = token(sim)
    assert str(uuid.UUID(access)) == access


def test_1_2_one_token_serves_v1_and_v2(sim):
    session = authed_session(sim)
    assert session.get(v2(sim, "customers"), timeout=10).status_code == 200
    assert session.get(v1(sim, "customer"), timeout=10).status_code == 200


@pytest.mark.parametrize("lifetime", [3601, 7200])
def test_1_3_jwt_lifetime_over_3600_seconds_is_invalid_grant(sim, lifetime):
    response = _post_token(
        sim, assertion(sim.client_id, sim.client_secret, lifetime=lifetime)
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "3600" in response.json()["error_description"]


def test_1_3_jwt_lifetime_of_exactly_3600_is_accepted(sim):
    response = _post_token(
        sim, assertion(sim.client_id, sim.client_secret, iat=time.time())
    )
    assert response.status_code == 200


def test_q15_future_iat_is_a_400(sim):
    future = time.time() + 120
    response = _post_token(sim, assertion(sim.client_id, sim.client_secret, iat=future))
    assert response.status_code == 400
    assert "Future IAT" in response.json()["error_description"]


def test_q15_iat_a_few_seconds_ahead_is_tolerated(sim):
    response = _post_token(
        sim, assertion(sim.client_id, sim.client_secret, iat=time.time() + 3)
    )
    assert response.status_code == 200


def test_q15_server_clock_skew_shows_in_the_date_header_and_iat_check(make_sim):
    sim = make_sim(clock_skew=-300.0)  # the service's clock runs 5 minutes behind
    response = _post_token(sim, assertion(sim.client_id, sim.client_secret))
    assert response.status_code == 400  # our "now" is its future
    server_date = parsedate_to_datetime(response.headers["Date"]).timestamp()
    assert server_date < time.time() - 250
    fixed = _post_token(
        sim, assertion(sim.client_id, sim.client_secret, iat=server_date - 10)
    )
    assert fixed.status_code == 200


def test_1_3_expired_assertion_is_invalid_grant(sim):
    old = time.time() - 7200
    response = _post_token(sim, assertion(sim.client_id, sim.client_secret, iat=old))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_1_1_wrong_secret_is_invalid_grant(sim):
    response = _post_token(
        sim, assertion(sim.client_id, "not-the-secret-but-long-enough-for-hs256")
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_1_1_unknown_client_id_is_invalid_grant(sim):
    response = _post_token(sim, assertion("someone-else", sim.client_secret))
    assert response.json()["error"] == "invalid_grant"


def test_1_1_only_hs256_is_accepted(sim):
    response = _post_token(
        sim, assertion(sim.client_id, sim.client_secret, alg="HS512")
    )
    assert response.status_code == 400
    assert "HS256" in response.json()["error_description"]


def test_1_1_grant_type_must_be_jwt_bearer(sim):
    response = _post_token(
        sim,
        assertion(sim.client_id, sim.client_secret),
        grant_type="client_credentials",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_1_1_missing_assertion_is_invalid_request(sim):
    response = requests.post(
        sim.base_url + TOKEN_PATH, data={"grant_type": JWT_BEARER}, timeout=10
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_1_1_garbage_assertion_is_invalid_grant(sim):
    assert _post_token(sim, "not.a.jwt").json()["error"] == "invalid_grant"


def test_1_5_missing_token_is_401(sim):
    response = requests.get(v2(sim, "customers"), timeout=10)
    assert response.status_code == 401
    assert set(response.json()) == {"error_description", "error_type", "error_token"}


def test_1_5_unknown_token_is_401(sim):
    response = requests.get(
        v2(sim, "customers"), headers={"Authorization": "Bearer nope"}, timeout=10
    )
    assert response.status_code == 401


def test_1_4_token_expires_after_its_ttl(make_sim):
    sim = make_sim(token_ttl=1)
    session = authed_session(sim)
    assert session.get(v2(sim, "customers"), timeout=10).status_code == 200
    time.sleep(1.2)
    assert session.get(v2(sim, "customers"), timeout=10).status_code == 401


def test_1_5_expired_token_as_400_invalid_grant_optional_mode(make_sim):
    sim = make_sim(expired_token_status=400)
    session = authed_session(sim)
    sim.expire_tokens()
    response = session.get(v2(sim, "customers"), timeout=10)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Access token has expired.",
    }


def test_1_5_token_expiry_mid_run_then_reauthentication_works(sim):
    session = authed_session(sim)
    sim.expire_tokens(after_requests=2)
    statuses = [
        session.get(v2(sim, "assays"), timeout=10).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 401]
    session.headers["Authorization"] = f"Bearer {token(sim)}"
    assert session.get(v2(sim, "assays"), timeout=10).status_code == 200
