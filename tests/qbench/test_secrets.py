"""Neither the client secret, the token nor the assertion reach an error or a log."""

from __future__ import annotations

from email.utils import formatdate

import pytest
import requests
from loguru import logger

from app.qbench import QBenchError, RetryPolicy

from .fakes import SECRET, TOKEN, ScriptedAdapter, make_client, response, token_ok

LEAK = f"secret={SECRET} token={TOKEN} Bearer {TOKEN}"
JWT_PREFIX = "eyJ"  # every JWT starts with base64('{"')


@pytest.fixture
def log_lines():
    lines: list[str] = []
    sink = logger.add(lines.append, level="DEBUG", format="{level} {message}")
    yield lines
    logger.remove(sink)


def _echo_assertion(request):
    body = request.body if isinstance(request.body, str) else request.body.decode()
    return response(
        400, {"error": "invalid_grant", "error_description": f"{body} {LEAK}"}
    )


def _future_iat(request):
    return response(
        400,
        {"error": "invalid_grant", "error_description": f"Future IAT {LEAK}"},
        headers={"Date": formatdate(0, usegmt=True)},
    )


TOKEN_FAILURES = {
    "rejected-400": _echo_assertion,
    "rejected-401": [response(401, {"error": LEAK})],
    "rejected-403": [response(403, {"error_description": LEAK})],
    "future-iat": _future_iat,
    "future-iat-no-date": [response(400, {"error_description": f"future iat {LEAK}"})],
    "not-found": [response(404, text=f"not here {LEAK}")],
    "unavailable": [response(503, {"error_description": LEAK})],
    "reset": [requests.ConnectionError(f"reset {LEAK}")],
    "malformed": [response(200, {"token": TOKEN})],
}
API_FAILURES = {
    "401-twice": [response(401, {"error_description": LEAK})],
    "expired-grant-twice": [response(400, {"error": "invalid_grant", "x": LEAK})],
    "404": [response(404, {"error_description": LEAK})],
    "403": [response(403, {"error_description": LEAK})],
    "500": [response(500, {"error_description": LEAK})],
    "502-html": [response(502, text=f"<html>{LEAK}</html>")],
    "429": [response(429, {"error_description": f"{LEAK} Retry in 1 seconds"})],
    "400-list": [response(400, {"error_description": LEAK})],
    "reset": [requests.ConnectionError(f"reset {LEAK}")],
    "timeout": [requests.ReadTimeout(f"timeout {LEAK}")],
    "truncated": [response(200, text=f'{{"data": ["{LEAK}"')],
    "wrong-envelope": [response(200, {"data": LEAK, "total_pages": 1})],
}


def _assert_clean(error: QBenchError, log_lines: list[str]) -> None:
    texts = [str(error), error.user_message, repr(error.args), *log_lines]
    for text in texts:
        assert SECRET not in text
        assert TOKEN not in text
        assert JWT_PREFIX not in text


def _client(adapter):
    return make_client(adapter, retry=RetryPolicy(jitter="none", max_throttled=3))


def _after_first_token(script):
    """The first mint succeeds (so TOKEN is known), the re-mint fails."""

    def serve(request):
        serve.calls += 1
        if serve.calls == 1:
            return token_ok()
        return script(request) if callable(script) else script[0]

    serve.calls = 0
    return serve


@pytest.mark.parametrize("script", TOKEN_FAILURES.values(), ids=TOKEN_FAILURES.keys())
def test_token_endpoint_errors_never_show_secrets(script, log_lines):
    expired = response(401, {"error_description": "expired"})
    adapter = ScriptedAdapter([expired], token=_after_first_token(script))
    with pytest.raises(QBenchError) as info:
        _client(adapter).get_page("orders", 1)
    assert len(adapter.token_requests) >= 2
    _assert_clean(info.value, log_lines)


@pytest.mark.parametrize("script", API_FAILURES.values(), ids=API_FAILURES.keys())
def test_api_errors_never_show_secrets(script, log_lines):
    adapter = ScriptedAdapter(script, token=[token_ok()])
    with pytest.raises(QBenchError) as info:
        _client(adapter).get_page("orders", 1)
    _assert_clean(info.value, log_lines)
    assert any(line.startswith("DEBUG QBench GET") for line in log_lines)


def test_logs_one_debug_line_per_request_and_warnings_on_retries(log_lines):
    ok = response(
        200, {"data": [], "page_number": 1, "total_count": 0, "total_pages": 0}
    )
    adapter = ScriptedAdapter([response(503, {}), response(429, {}), ok])
    _client(adapter).get_page("orders", 1)
    debug = [line for line in log_lines if line.startswith("DEBUG QBench")]
    assert debug[0].startswith("DEBUG QBench POST /qbench/oauth2/v1/token -> 200 in")
    assert [line.split(" -> ")[1].split()[0] for line in debug] == [
        "200",
        "503",
        "429",
        "200",
    ]
    warnings = [line for line in log_lines if line.startswith("WARNING")]
    assert len(warnings) == 2
    assert "orders page 1 failed (HTTP 503" in warnings[0]
    assert "HTTP 429" in warnings[1]
