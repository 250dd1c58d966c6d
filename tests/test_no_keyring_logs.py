"""No keyring, short secrets: the log stays true and readable (issue 10, point 9)."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from loguru import logger

from app import paths, services
from app.config import Settings
from app.credentials import ENV_SECRET, resolve_secret
from app.logs import LOG_FILE_NAME, register_secret, reset_logging, setup_logging
from app.qbench import QBenchClient


@pytest.fixture
def log_text():
    setup_logging("DEBUG", console=False)
    yield lambda: (paths.log_dir() / LOG_FILE_NAME).read_text()
    reset_logging()


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.parametrize("env", [{}, {ENV_SECRET: ""}, {ENV_SECRET: "   "}])
def test_no_using_line_when_the_variable_is_not_set(no_keyring, log_text, env):
    assert resolve_secret("some-client", env) is None
    assert f"using {ENV_SECRET}" not in log_text()


def test_the_using_line_when_the_variable_is_set(no_keyring, log_text):
    assert resolve_secret("some-client", {ENV_SECRET: "a-real-secret-value"})
    assert f"using {ENV_SECRET} from the environment" in log_text()


@pytest.mark.parametrize("secret", ["x", "test", "abc1234"])
def test_a_short_secret_masks_no_ordinary_word(log_text, secret):
    register_secret(secret)
    services.Connection("https://acme.qbench.net", "cid", secret)
    logger.info("tests: success; exceeded max x requests; abc12345 latest")
    assert "tests: success; exceeded max x requests; abc12345 latest" in log_text()


def test_a_long_secret_is_masked_by_value_not_inside_other_words(log_text):
    register_secret("Sup3rSecretValue")
    logger.info("secret=Sup3rSecretValue, again 'Sup3rSecretValue'.")
    logger.info("a longer id Sup3rSecretValueX stays")
    text = log_text()
    assert "Sup3rSecretValue," not in text and "'Sup3rSecretValue'" not in text
    assert "again '***'." in text
    assert "Sup3rSecretValueX stays" in text


def test_the_clients_scrub_leaves_text_alone_for_a_one_character_secret(make_sim):
    sim = make_sim(clients={"short-client": "x"})
    with QBenchClient(sim.base_url, "short-client", "x") as client:
        assert client._scrub("ratelimit exceeded 6 per 60 seconds") == (
            "ratelimit exceeded 6 per 60 seconds"
        )
        client.check_connection()  # a one-character secret still works
        token = client.tokens.token()
        assert client._scrub(f"token {token} refused") == "token *** refused"


def test_a_sync_with_a_one_character_secret_keeps_the_log_readable(
    make_sim, sqlite_url, log_text
):
    sim = make_sim(clients={"short-client": "x"})
    sim.add_fault("status", status=503, path="/qbench/api/v2/customers", times=1)
    report = services.run_sync(
        Settings(base_url=sim.base_url, client_id="short-client"),
        services.Connection(sim.base_url, "short-client", "x"),
        entities=["customers"],
        db_url=sqlite_url,
    )
    assert report.status == "success"
    text = log_text()
    assert "customers: success" in text
    assert "e***" not in text and "***ception" not in text
