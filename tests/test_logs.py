"""Logging: a file in the log folder, run ids, no console without stderr, no secrets."""

from __future__ import annotations

import io
import logging
import re
import sys

import pytest
from loguru import logger

from app import logs, paths


@pytest.fixture(autouse=True)
def _reset_loguru():
    """Leave loguru as it was, with the real stderr (monkeypatch undoes later)."""
    real_stderr = sys.stderr
    yield
    sys.stderr = real_stderr
    logs.reset_logging()


def fake_stderr(monkeypatch) -> io.StringIO:
    """Replace the process's stderr; call it in the test body, as pytest's own
    capture puts its stream back into ``sys.stderr`` between setup and call."""
    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    return fake


def log_text() -> str:
    return (paths.log_dir() / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def test_file_is_created_in_the_log_folder_with_the_run_id(app_home):
    run_id = logs.setup_logging(run_id="run-1234", console=False)
    logger.info("hello from the test")
    assert run_id == "run-1234"
    assert (app_home / "logs" / "qbench-backup.log").is_file()
    line = next(ln for ln in log_text().splitlines() if "hello from the test" in ln)
    assert "| INFO     | run-1234 |" in line
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ", line)


def test_a_run_id_is_generated_when_not_given():
    run_id = logs.setup_logging(console=False)
    assert re.fullmatch(r"[0-9a-f]{8}", run_id)
    assert logs.new_run_id() != logs.new_run_id()
    logger.info("generated")
    assert f"| {run_id} |" in log_text()


def test_level_filters_and_unknown_level_is_refused():
    logs.setup_logging("warning", console=False)
    logger.info("quiet")
    logger.warning("loud")
    assert "loud" in log_text() and "quiet" not in log_text()
    with pytest.raises(ValueError):
        logs.setup_logging("chatty")


def test_console_sink_writes_to_stderr(monkeypatch):
    stderr = fake_stderr(monkeypatch)
    run_id = logs.setup_logging()
    logger.info("to the console")
    assert f"| {run_id} | to the console" in stderr.getvalue()


def test_console_false_keeps_stderr_silent(monkeypatch):
    stderr = fake_stderr(monkeypatch)
    logs.setup_logging(console=False)
    logger.info("file only")
    assert stderr.getvalue() == ""
    assert "file only" in log_text()


def test_no_stderr_means_no_console_sink_and_no_crash(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)  # a windowed exe / pythonw
    logs.setup_logging()
    logger.info("still logged")
    assert "still logged" in log_text()


def test_setting_up_twice_does_not_duplicate_sinks(monkeypatch):
    stderr = fake_stderr(monkeypatch)
    logs.setup_logging(run_id="first")
    run_id = logs.setup_logging(run_id="second")
    logger.info("once please")
    assert run_id == "second"
    assert stderr.getvalue().count("once please") == 1
    assert log_text().count("once please") == 1
    assert "| second |" in log_text()


def test_run_scope_tags_one_run():
    logs.setup_logging(run_id="process", console=False)
    with logs.run_scope() as sync_id:
        logger.info("inside")
    logger.info("outside")
    lines = log_text().splitlines()
    assert f"| {sync_id} |" in next(ln for ln in lines if "inside" in ln)
    assert "| process |" in next(ln for ln in lines if "outside" in ln)


def test_registered_secrets_and_token_patterns_are_masked():
    logs.setup_logging(console=False)
    logs.register_secret("s3cr3t-client-value")
    logs.register_secret("ab")  # too short to mask safely: ignored
    logger.info("secret is {}", "s3cr3t-client-value")
    logger.info("Authorization: Bearer eyJhbGciOi.abc.def-ghi")
    logger.info("grant_type=jwt&assertion=eyJ0eXAi.xyz.123&scope=all")
    logger.info('body {"client_secret": "hunter22", "page": 1}')
    logger.info("client_secret=hunter33 and postgresql://bob:pa55word@db/qb")
    text = log_text()
    for leaked in ("s3cr3t", "eyJhbGciOi", "eyJ0eXAi", "hunter2", "hunter3", "pa55"):
        assert leaked not in text
    assert "Bearer ***" in text and "assertion=***&scope=all" in text
    assert "postgresql://bob:***@db/qb" in text
    assert "ab" in logs.redact("ab")


def test_standard_library_loggers_are_routed_and_redacted():
    logs.setup_logging("DEBUG", console=False)
    logs.register_secret("peewee-secret")
    logging.getLogger("peewee").debug("query with %s", "peewee-secret")
    logging.getLogger("urllib3.connectionpool").warning("Bearer abcdef retrying")
    logging.getLogger("waitress").info("Serving on http://127.0.0.1:8765")
    text = log_text()
    assert "query with ***" in text and "peewee-secret" not in text
    assert "Bearer *** retrying" in text
    assert "Serving on http://127.0.0.1:8765" in text


def test_reset_undoes_everything():
    root = logging.getLogger()
    level_before = root.level
    logs.setup_logging("DEBUG", console=False)
    logs.register_secret("forgotten-secret")
    logs.reset_logging()
    logger.info("after reset")
    assert "after reset" not in log_text()
    assert not any(isinstance(h, logs.InterceptHandler) for h in root.handlers)
    assert root.level == level_before
    assert logs.redact("forgotten-secret") == "forgotten-secret"


def test_an_assertion_is_masked_but_the_word_after_assertion_is_not():
    """A fresh user's trial: "Invalid JWT assertion: Signature verification
    failed" read "assertion: *** verification failed" in the log."""
    from app.logs import redact

    assert redact("Invalid JWT assertion: Signature verification failed") == (
        "Invalid JWT assertion: Signature verification failed"
    )
    masked = redact("grant_type=x&assertion=eyJhbGciOi.eyJzdWIi.c2ln")
    assert "eyJ" not in masked and "assertion=" in masked
