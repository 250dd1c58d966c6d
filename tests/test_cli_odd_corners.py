"""``--sync`` on a machine with odd corners, run as the scheduler runs it (issue 9).

A keyring backend that raises something other than a keyring error, a home
folder whose name is not valid UTF-8, a stderr that only takes ASCII, and a
token answer whose ``expires_in`` is a string: none of them may stop a backup
or lose a log line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, paths
from app.logs import reset_logging

ROOT = Path(__file__).resolve().parents[1]
BROKEN = "tests.broken_keyrings.DismissedPromptKeyring"


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def run_sync(sim, tmp_path, *, secret: bool = True, **env: str):
    """``python -m app --sync --json`` in a child process; (code, stdout, stderr)."""
    child = {
        **os.environ,
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "PYTHON_KEYRING_BACKEND": BROKEN,
        **env,
    }
    if secret:
        child["QBENCH_CLIENT_SECRET"] = sim.client_secret
    else:
        child.pop("QBENCH_CLIENT_SECRET", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "--sync", "--json"],
        cwd=ROOT,
        env=child,
        capture_output=True,
        timeout=300,
    )
    return done.returncode, done.stdout.decode(), done.stderr


def log_of(home: str | Path) -> str:
    path = os.path.join(os.fsencode(home), b"logs", b"qbench-backup.log")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def test_a_keyring_raising_a_dbus_error_falls_back_to_the_environment(sim, tmp_path):
    code, out, err = run_sync(sim, tmp_path, PYTHONIOENCODING="ascii:strict")
    text = err.decode("ascii")
    assert code == 0, text
    assert json.loads(out.strip().splitlines()[-1])["status"] == "success"
    assert "Traceback" not in text and "Logging error" not in text
    warnings = [line for line in text.splitlines() if "keyring" in line]
    assert len(warnings) == 1 and "WARNING" in warnings[0]
    assert "DBusException" in warnings[0] and "descart\\xf3" in warnings[0]
    log = log_of(os.environ["QBENCH_BACKUP_HOME"])
    assert "keyring could not be read (DBusException: " in log
    assert "descartó" in log
    assert "using QBENCH_CLIENT_SECRET from the environment" in log
    assert sim.client_secret not in log + text


def test_no_secret_at_all_says_so_and_never_claims_the_variable(sim, tmp_path):
    code, _out, err = run_sync(sim, tmp_path, secret=False)
    text = err.decode()
    assert code == 2, text
    assert "Traceback" not in text
    assert "missing the client secret" in text
    log = log_of(os.environ["QBENCH_BACKUP_HOME"])
    assert "keyring could not be read" in log
    assert "using QBENCH_CLIENT_SECRET" not in log + text


def test_a_home_folder_that_is_not_utf8_loses_no_log_line(sim, tmp_path):
    home = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9"))
    code, out, err = run_sync(
        sim, tmp_path, QBENCH_BACKUP_HOME=home, PYTHONIOENCODING="ascii:strict"
    )
    text = err.decode("ascii")
    assert code == 0, text
    assert "Logging error" not in text and "Traceback" not in text
    log = log_of(home)
    escaped = os.fsencode(tmp_path).decode() + "/caf\\xe9/data/"
    # The line naming the database path is there, with the byte shown escaped.
    assert f"into sqlite:///{escaped}qbench-backup.sqlite3" in log
    assert "customers: success" in log
    db = os.path.join(os.fsencode(home), b"data", b"qbench-backup.sqlite3")
    assert os.path.exists(db)


def test_sync_with_string_expires_in_and_lowercase_bearer(make_sim, sqlite_url):
    sim = make_sim(token_expires_in="string", token_type="bearer")
    env = {
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": sim.client_secret,
    }
    assert cli.main(["--sync", "--db-url", sqlite_url], env=env) == 0
    log = (paths.log_dir() / "qbench-backup.log").read_text(encoding="utf-8")
    assert "expires_in" not in log and "token_type" not in log


def test_sync_with_null_expires_in_and_retry_after_date_429s(make_sim, sqlite_url):
    sim = make_sim(token_expires_in="null", throttle_hint="retry-after-date")
    sim.add_fault("status", path="/qbench/api/v2/orders", status=429, times=1)
    env = {
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": sim.client_secret,
    }
    assert cli.main(["--sync", "--db-url", sqlite_url], env=env) == 0
    assert sim.request_count("/qbench/api/v2/orders", status=429) == 1
