"""Token hashing, constant-time checks and the token file (hash only)."""

from __future__ import annotations

import json
import os

import pytest

from app import paths
from app.api import auth
from app.api.auth import TokenVerifier, check_token, generate_token, hash_token
from app.api.token_store import issue_token, load_token_hash, token_file
from app.errors import ConfigError


def test_tokens_are_random_and_long():
    tokens = {generate_token() for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= 40 for t in tokens)


def test_hash_is_salted_and_checks():
    one, two = hash_token("abc", iterations=1000), hash_token("abc", iterations=1000)
    assert one.salt != two.salt and one.digest != two.digest
    assert check_token("abc", one) and check_token("abc", two)
    assert not check_token("abd", one) and not check_token("", one)
    assert not check_token("abc", auth.TokenHash(one.salt, one.digest, 1000, "md5"))


def test_comparison_is_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    verify = TokenVerifier(hash_token("abc", iterations=1000))
    assert not verify("nope")
    assert verify("abc") and verify("abc")  # the second one from the cache
    assert not verify("abcd")
    assert len(calls) >= 4


def test_verifier_caches_the_good_token(monkeypatch):
    verify = TokenVerifier(hash_token("abc", iterations=1000))
    assert verify("abc")
    monkeypatch.setattr(auth, "check_token", lambda *a: pytest.fail("not cached"))
    assert verify("abc")


def test_no_stored_token_refuses_all():
    verify = TokenVerifier(None)
    assert not verify("") and not verify("anything")


def test_issued_token_is_never_stored():
    assert load_token_hash() is None
    token = issue_token()
    path = token_file()
    assert path.parent == paths.config_dir() and path.name == "api_token.json"
    text = path.read_text(encoding="utf-8")
    assert token not in text
    assert set(json.loads(text)) == {"salt", "digest", "iterations", "algorithm"}
    stored = load_token_hash()
    assert stored is not None and check_token(token, stored)
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    second = issue_token()  # a new token replaces the old one
    assert not check_token(token, load_token_hash())
    assert check_token(second, load_token_hash())


@pytest.mark.parametrize("content", ["{", "[]", '{"salt": "00"}', '{"salt": 1}'])
def test_damaged_token_file_is_a_config_error(content):
    token_file().write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match="api_token.json"):
        load_token_hash()
