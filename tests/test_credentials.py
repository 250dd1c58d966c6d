"""The client secret lives in the OS keyring; the environment is the fallback."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from app import credentials
from app.errors import CredentialsError


def test_secret_round_trip_through_the_keyring(memory_keyring):
    credentials.set_secret("client-1", "s3cret-value")
    assert credentials.get_secret("client-1") == "s3cret-value"
    assert memory_keyring.passwords == {
        ("qbench-backup", "qbench-client:client-1"): "s3cret-value"
    }
    credentials.delete_secret("client-1")
    assert credentials.get_secret("client-1") is None
    credentials.delete_secret("client-1")  # twice: no error


def test_keyring_wins_over_the_environment(memory_keyring):
    credentials.set_secret("client-1", "from-keyring")
    env = {"QBENCH_CLIENT_SECRET": "from-env"}
    assert credentials.resolve_secret("client-1", env) == "from-keyring"
    assert credentials.resolve_secret("client-2", env) == "from-env"
    assert credentials.resolve_secret("client-2", {}) is None


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_without_a_keyring_reading_falls_back_and_storing_says_what_to_do(no_keyring):
    ok, reason = credentials.keyring_status()
    assert not ok and "no usable keyring" in reason
    env = {"QBENCH_CLIENT_SECRET": "from-env"}
    assert credentials.resolve_secret("client-1", env) == "from-env"
    with pytest.raises(CredentialsError) as info:
        credentials.set_secret("client-1", "never-stored-anywhere")
    assert "QBENCH_CLIENT_SECRET" in str(info.value)
    assert "QBENCH_CLIENT_SECRET" in info.value.user_message
    assert "never-stored-anywhere" not in str(info.value)


def test_keyring_status_names_a_working_backend(memory_keyring):
    ok, name = credentials.keyring_status()
    assert ok and name.endswith("InMemoryKeyring")
