"""JWT-bearer grant and token cache (README §1), with a hand-written token endpoint."""

from __future__ import annotations

from email.utils import formatdate

import jwt
import pytest

from app.errors import CredentialsError
from app.qbench.auth import (
    JWT_BEARER,
    TOKEN_PATH,
    TokenManager,
    build_assertion,
)
from app.qbench.errors import QBenchAuthError, QBenchRequestError, QBenchResponseError

from .fakes import CLIENT_ID, SECRET, TOKEN, FakeClock, response, token_ok

WALL = 1_760_000_000.0


class TokenEndpoint:
    """Replies in order (the last one repeats); records each posted form."""

    def __init__(self, *replies):
        self.replies = list(replies) or [token_ok()]
        self.forms: list[dict[str, str]] = []
        self.paths: list[str] = []

    def __call__(self, path, form):
        self.paths.append(path)
        self.forms.append(form)
        return self.replies[min(len(self.forms), len(self.replies)) - 1]

    def claims(self, i=-1):
        return jwt.decode(
            self.forms[i]["assertion"],
            SECRET,
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_iat": False},
        )


def manager(endpoint, clock=None, wall=WALL):
    return TokenManager(
        CLIENT_ID, SECRET, endpoint, clock=clock or FakeClock(), wall_clock=lambda: wall
    )


def test_assertion_is_hs256_with_sub_backdated_iat_and_short_lifetime():
    text = build_assertion(CLIENT_ID, SECRET, WALL)
    assert jwt.get_unverified_header(text) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(
        text,
        SECRET,
        algorithms=["HS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims == {"sub": CLIENT_ID, "iat": int(WALL) - 30, "exp": int(WALL) + 3270}
    assert claims["exp"] - claims["iat"] <= 3600


def test_token_request_is_the_jwt_bearer_form_on_the_oauth2_v1_path():
    endpoint = TokenEndpoint()
    assert manager(endpoint).token() == TOKEN
    assert endpoint.paths == [TOKEN_PATH] == ["/qbench/oauth2/v1/token"]
    assert set(endpoint.forms[0]) == {"grant_type", "assertion"}
    assert endpoint.forms[0]["grant_type"] == JWT_BEARER
    assert endpoint.claims()["sub"] == CLIENT_ID


def test_token_is_cached_then_reminted_120_s_before_expiry():
    clock, endpoint = FakeClock(), TokenEndpoint(token_ok("a"), token_ok("b"))
    tokens = manager(endpoint, clock)
    assert tokens.token() == "a"
    clock.advance(3600 - 121)
    assert tokens.token() == "a"
    clock.advance(1)
    assert tokens.token() == "b"
    assert tokens.mints == 2


def test_missing_expires_in_means_3600():
    clock, endpoint = FakeClock(), TokenEndpoint(token_ok("a", None), token_ok("b"))
    tokens = manager(endpoint, clock)
    tokens.token()
    clock.advance(3479)
    assert tokens.token() == "a"
    clock.advance(1)
    assert tokens.token() == "b"


def test_short_lived_tokens_refresh_at_half_their_life():
    clock, endpoint = FakeClock(), TokenEndpoint(token_ok("a", 60), token_ok("b", 60))
    tokens = manager(endpoint, clock)
    tokens.token()
    clock.advance(29)
    assert tokens.token() == "a"
    clock.advance(1)
    assert tokens.token() == "b"


def test_invalidate_forces_a_new_token():
    endpoint = TokenEndpoint(token_ok("a"), token_ok("b"))
    tokens = manager(endpoint)
    tokens.token()
    tokens.invalidate()
    assert tokens.token() == "b"


def _future_iat(date: str | None):
    headers = {"Date": date} if date else {}
    body = {
        "error": "invalid_grant",
        "error_description": "Future IAT: the JWT was issued in the future.",
    }
    return response(400, body, headers=headers)


def test_future_iat_adopts_the_server_clock_from_date_and_retries_once():
    server_now = WALL - 600
    endpoint = TokenEndpoint(
        _future_iat(formatdate(server_now, usegmt=True)), token_ok()
    )
    tokens = manager(endpoint)
    assert tokens.token() == TOKEN
    assert endpoint.claims(0)["iat"] == int(WALL) - 30
    assert endpoint.claims(1)["iat"] == int(server_now) - 30
    assert tokens.clock_offset == pytest.approx(-600)


def test_future_iat_twice_is_an_auth_error_about_the_clock():
    endpoint = TokenEndpoint(_future_iat(formatdate(WALL - 600, usegmt=True)))
    with pytest.raises(QBenchAuthError, match="Future IAT") as info:
        manager(endpoint).token()
    assert "reloj" in info.value.user_message
    assert len(endpoint.forms) == 2


def test_future_iat_without_a_date_header_cannot_be_corrected():
    with pytest.raises(QBenchAuthError, match="no Date header"):
        manager(TokenEndpoint(_future_iat(None))).token()


@pytest.mark.parametrize("status", [400, 401, 403])
def test_rejected_credentials_raise_auth_error_with_qbench_text(status):
    body = {"error": "invalid_grant", "error_description": "Unknown API client (sub)."}
    with pytest.raises(QBenchAuthError) as info:
        manager(TokenEndpoint(response(status, body))).token()
    error = info.value
    assert isinstance(error, CredentialsError) and error.exit_code == 4
    assert "Unknown API client (sub)." in str(error)
    assert "credenciales" in error.user_message


def test_token_endpoint_404_names_the_path():
    with pytest.raises(QBenchRequestError, match="404 to POST /qbench/oauth2/v1/token"):
        manager(TokenEndpoint(response(404, {"error": "Not found"}))).token()


@pytest.mark.parametrize(
    "body",
    [
        {"token_type": "Bearer"},
        {"access_token": ""},
    ],
)
def test_malformed_token_response(body):
    with pytest.raises(QBenchResponseError):
        manager(TokenEndpoint(response(200, body))).token()


def test_repr_shows_neither_secret_nor_token():
    tokens = manager(TokenEndpoint())
    tokens.token()
    assert SECRET not in repr(tokens) and TOKEN not in repr(tokens)


def test_a_short_secret_chosen_by_qbench_does_not_raise_a_warning():
    # pytest turns warnings into errors here (filterwarnings = error).
    assert build_assertion(CLIENT_ID, "short", WALL).count(".") == 2
