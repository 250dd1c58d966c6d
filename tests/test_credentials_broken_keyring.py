"""Any failure to read the keyring means "no keyring" (issue 9, kind 8).

A backend may raise anything (a D-Bus error when the unlock prompt is
dismissed, a ``RuntimeError`` from a dead daemon), not only ``keyring.errors``.
Reading then falls back to ``QBENCH_CLIENT_SECRET`` with one warning and no
traceback; storing says what to do; the log never claims to use the variable
when it is not set.
"""

from __future__ import annotations

import keyring
import pytest
from loguru import logger

from app import credentials
from app.errors import CredentialsError
from tests.broken_keyrings import DismissedPromptKeyring, RuntimeErrorKeyring


@pytest.fixture(params=[RuntimeErrorKeyring, DismissedPromptKeyring])
def broken_keyring(request):
    previous = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield request.param
    keyring.set_keyring(previous)


@pytest.fixture
def log_lines():
    lines: list[str] = []
    sink = logger.add(lines.append, level="DEBUG", format="{level} {message}")
    yield lines
    logger.remove(sink)


def test_reading_a_broken_keyring_falls_back_to_the_environment(
    broken_keyring, log_lines
):
    env = {"QBENCH_CLIENT_SECRET": "from-the-environment"}
    assert credentials.get_secret("client-1") is None
    assert credentials.resolve_secret("client-1", env) == "from-the-environment"
    warnings = [line for line in log_lines if line.startswith("WARNING")]
    assert len(warnings) == 2  # one per read, one line each
    assert all("keyring could not be read" in w for w in warnings)
    assert broken_keyring.error.__name__ in warnings[0]
    assert all("\n" not in w.rstrip("\n") for w in warnings)
    assert not any("Traceback" in line for line in log_lines)
    assert any("using QBENCH_CLIENT_SECRET" in line for line in log_lines)


def test_no_secret_anywhere_never_claims_to_use_the_variable(broken_keyring, log_lines):
    assert credentials.resolve_secret("client-1", {}) is None
    assert credentials.resolve_secret("client-1", {"QBENCH_CLIENT_SECRET": " "}) is None
    assert not any("QBENCH_CLIENT_SECRET" in line for line in log_lines)


def test_without_any_keyring_the_log_does_not_claim_the_variable(log_lines):
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert credentials.resolve_secret("client-1", {}) is None
    finally:
        keyring.set_keyring(previous)
    assert any("no OS keyring" in line for line in log_lines)
    assert not any("QBENCH_CLIENT_SECRET" in line for line in log_lines)


def test_storing_in_a_broken_keyring_says_what_to_do(broken_keyring):
    with pytest.raises(CredentialsError) as info:
        credentials.set_secret("client-1", "never-stored-anywhere")
    assert "QBENCH_CLIENT_SECRET" in info.value.user_message
    assert "never-stored-anywhere" not in str(info.value)


def test_deleting_from_a_broken_keyring_only_warns(broken_keyring, log_lines):
    credentials.delete_secret("client-1")
    assert any("could not be changed" in line for line in log_lines)


def test_a_backend_that_cannot_even_load_is_reported_unusable(monkeypatch):
    def explode():
        raise RuntimeError("no session bus")

    monkeypatch.setattr(keyring, "get_keyring", explode)
    ok, reason = credentials.keyring_status()
    assert not ok and "RuntimeError: no session bus" in reason


def test_a_keyring_that_never_answers_means_no_keyring(monkeypatch):
    """A fresh user's trial: a blocking backend hung --sync with no limit."""
    import keyring

    from app import credentials
    from tests.broken_keyrings import BlockingKeyring

    monkeypatch.setattr(credentials, "KEYRING_READ_SECONDS", 0.2)
    previous = keyring.get_keyring()
    keyring.set_keyring(BlockingKeyring())
    BlockingKeyring.release.clear()
    try:
        secret = credentials.resolve_secret(
            "client", {"QBENCH_CLIENT_SECRET": "from-the-environment-123"}
        )
    finally:
        BlockingKeyring.release.set()  # the abandoned reader thread ends now
        keyring.set_keyring(previous)
    assert secret == "from-the-environment-123"
