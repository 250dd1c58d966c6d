"""Issue 10 §3: a host name that does not resolve fails at once, in Spanish."""

from __future__ import annotations

import socket

import pytest
import requests

from app.qbench import QBenchClient
from app.qbench.errors import QBenchRetryExhausted, QBenchUnavailable
from app.qbench.retry import name_does_not_resolve


def test_an_unresolvable_host_is_not_retried():
    sleeps: list[float] = []
    client = QBenchClient(
        "https://qbench-backup-test.invalid",
        "id",
        "a-secret-long-enough-to-be-one",
        sleep=sleeps.append,
    )
    with client, pytest.raises(QBenchUnavailable) as info:
        client.check_connection()
    assert client.requests_made == 1 and sleeps == []
    assert info.value.user_message.startswith("No se pudo conectar con QBench")
    assert "does not resolve" in str(info.value)  # the detail, for the log


def test_only_name_errors_count_as_unresolvable():
    wrapped = requests.ConnectionError("pool")
    wrapped.__context__ = socket.gaierror(-2, "Name or service not known")
    assert name_does_not_resolve(wrapped)
    refused = requests.ConnectionError(ConnectionRefusedError(111, "refused"))
    assert not name_does_not_resolve(refused)


def test_exhausted_retries_say_no_exception_text_to_the_user():
    cause = "ConnectionError: HTTPSConnectionPool(host='x'): Max retries exceeded"
    error = QBenchRetryExhausted("GET", "/qbench/api/v2/tests", 6, cause, page=3)
    assert "HTTPSConnectionPool" in str(error)
    assert "HTTPSConnectionPool" not in error.user_message
    assert "conexión a Internet" in error.user_message
    http = QBenchRetryExhausted("GET", "/x", 6, "HTTP 503: busy")
    assert "HTTP 503" in http.user_message
