"""No log line is lost to encoding (issue 9, kind 8).

A home folder whose name is not valid UTF-8 reaches Python with lone
surrogates (``os.fsdecode(b"/tmp/caf\\xe9")``); such text, and any character a
console cannot show, is written with escapes to the file and to stderr, never
dropped with loguru's "Logging error" report.
"""

from __future__ import annotations

import io
import os
import sys

import pytest
from loguru import logger

from app import logs, paths

PATH = os.fsdecode(b"/tmp/caf\xe9/qbench-backup.sqlite3")  # "caf\udce9"


@pytest.fixture(autouse=True)
def _reset_loguru():
    real_stderr = sys.stderr
    yield
    sys.stderr = real_stderr
    logs.reset_logging()


def log_text() -> str:
    return (paths.log_dir() / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def stderr_of(monkeypatch, encoding: str, errors: str = "strict"):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="\n")
    monkeypatch.setattr(sys, "stderr", stream)
    return stream, raw


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (PATH, "/tmp/caf\\xe9/qbench-backup.sqlite3"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
        ("café ñandú", "café ñandú"),
        (os.fsdecode(b"caf\xc3\xa9"), "café"),  # valid UTF-8 stays as it is
    ],
)
def test_printable(text, shown):
    assert logs.printable(text) == shown


def test_a_non_utf8_path_reaches_the_log_file(monkeypatch):
    stream, raw = stderr_of(monkeypatch, "utf-8")
    logs.setup_logging(console=True)
    logger.info(f"sync abc: full from http://x into sqlite:///{PATH}")
    logger.info("the line after")
    stream.flush()
    text = log_text()
    assert "into sqlite:////tmp/caf\\xe9/qbench-backup.sqlite3" in text
    assert "the line after" in text
    console = raw.getvalue().decode("utf-8")
    assert "caf\\xe9" in console and "Logging error" not in console


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_a_strict_narrow_stderr_gets_escapes_not_a_logging_error(monkeypatch, encoding):
    stream, raw = stderr_of(monkeypatch, encoding)
    logs.setup_logging(console=True)
    logger.warning(f"ruta {PATH}: configuración ✓")
    logger.warning("next line")
    stream.flush()
    console = raw.getvalue().decode(encoding)
    assert "Logging error" not in console
    assert "caf\\xe9" in console and "next line" in console
    assert ("configuración" if encoding == "cp1252" else "configuraci\\xf3n") in console
    assert "\\u2713" in console  # the check mark exists in neither
    assert "ruta /tmp/caf\\xe9/qbench-backup.sqlite3: configuración ✓" in log_text()


def test_an_exception_with_an_undecodable_path_is_logged_whole(monkeypatch):
    stream, raw = stderr_of(monkeypatch, "ascii")
    logs.setup_logging(console=True)
    try:
        raise RuntimeError(f"cannot read {PATH}")  # str() keeps the surrogate
    except RuntimeError:
        logger.exception("cannot open the database")
    stream.flush()
    text = log_text()
    assert "cannot open the database" in text and "caf\\udce9" in text
    assert "Logging error" not in raw.getvalue().decode("ascii")


def test_a_normal_stderr_is_handed_to_loguru_as_it_is():
    assert logs._console(sys.__stderr__) is sys.__stderr__
    assert logs._console(io.StringIO()).__class__ is io.StringIO
    strict = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    assert logs._console(strict) is not strict
