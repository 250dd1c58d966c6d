"""``qbench-backup --serve``: serves until SIGINT/SIGTERM; exit 2 for bad settings."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from app import cli
from app.api.token_store import token_file
from app.config import Settings, save_settings
from app.logs import reset_logging
from tests.api.conftest import waitress_threads


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop_when_healthy(port: int, seen: dict) -> None:
    """Wait for the server, read one protected route, then SIGINT this process."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            seen["health"] = requests.get(
                f"http://127.0.0.1:{port}/api/v1/health", timeout=2
            ).status_code
            seen["orders"] = requests.get(
                f"http://127.0.0.1:{port}/api/v1/orders", timeout=2
            ).status_code
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGINT)


def test_serve_until_sigint_shows_the_token_once(db_url, capsys):
    port = free_port()
    save_settings(Settings(db_url=db_url, api_port=port))
    seen: dict = {}
    stopper = threading.Thread(target=_stop_when_healthy, args=(port, seen))
    stopper.start()
    code = cli.main(["--serve"], env={})
    stopper.join()
    out, err = capsys.readouterr()
    assert code == 0, err
    assert seen == {"health": 200, "orders": 401}
    token = re.search(r"API token \(shown only now; keep it safe\): (\S+)", out)
    assert token and token.group(1) not in token_file().read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{port}/api/v1/docs" in out
    assert waitress_threads() == []
    # a second start serves with the stored hash and does not show a token
    stopper = threading.Thread(target=_stop_when_healthy, args=(port, seen))
    stopper.start()
    assert cli.main(["--serve"], env={}) == 0
    stopper.join()
    assert "API token" not in capsys.readouterr().out


def test_a_database_url_nothing_could_answer_exits_2(capsys):
    assert cli.main(["--serve", "--db-url", "mysql://x/y"], env={}) == 2
    assert "database" in capsys.readouterr().err


def test_serve_starts_while_the_database_is_down(capsys):
    """A monitor must see the failure: the server starts, says why (issue 10)."""
    port = free_port()
    save_settings(Settings(api_port=port))
    seen: dict = {}
    stopper = threading.Thread(target=_stop_when_healthy, args=(port, seen))
    stopper.start()
    down = "postgresql://nobody@127.0.0.1:1/x"
    code = cli.main(["--serve", "--db-url", down], env={})
    stopper.join()
    out, err = capsys.readouterr()
    assert code == 0, err
    assert seen == {"health": 200, "orders": 401}
    assert "the backup database is unavailable" in err


def test_port_in_use_exits_2(sqlite_url, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        save_settings(Settings(api_port=busy.getsockname()[1]))
        assert cli.main(["--serve", "--db-url", sqlite_url], env={}) == 2
    assert "cannot listen" in capsys.readouterr().err


def test_damaged_settings_exit_2(sqlite_url, capsys):
    from app import paths

    paths.settings_file().write_text("{", encoding="utf-8")
    assert cli.main(["--serve", "--db-url", sqlite_url], env={}) == 2


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM to a child is POSIX")
def test_sigterm_stops_a_headless_server(sqlite_url, app_home):
    port = free_port()
    save_settings(Settings(api_port=port))
    env = {**os.environ, "QBENCH_BACKUP_HOME": str(app_home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--serve", "--db-url", sqlite_url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        token = lines[0].rsplit(" ", 1)[1].strip()
        assert lines[2].startswith(f"serving http://127.0.0.1:{port}")
        auth = {"Authorization": f"Bearer {token}"}
        url = f"http://127.0.0.1:{port}/api/v1/sync/status"
        assert requests.get(url, headers=auth, timeout=5).json()["running"] is False
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def test_build_app_reports_the_sync_lock_and_keeps_the_trigger_off(sqlite_url):
    from app import paths
    from app.api.command import build_app
    from app.api.token_store import issue_token
    from app.sync.lock import sync_lock

    token = issue_token()
    client = build_app(Settings(db_url=sqlite_url), {}).test_client()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/sync/status", headers=auth).json["running"] is False
    with sync_lock(paths.lock_file()):
        status = client.get("/api/v1/sync/status", headers=auth)
        assert status.json["running"] is True
    assert client.post("/api/v1/sync", headers=auth).status_code == 403


def test_background_sync_runs_a_real_sync(sim, sqlite_url, memory_keyring):
    from app import paths
    from app.api.command import BackgroundSync, lock_held
    from app.storage.db import open_database
    from app.storage.repository import Repository
    from app.sync.lock import sync_lock

    settings = Settings(base_url=sim.base_url, client_id=sim.client_id,
                        db_url=sqlite_url)  # fmt: skip
    syncer = BackgroundSync(
        settings, {"QBENCH_CLIENT_SECRET": sim.client_secret}, paths.lock_file()
    )
    assert not syncer.running() and not lock_held(paths.lock_file())
    with sync_lock(paths.lock_file()):
        assert lock_held(paths.lock_file()) and syncer.running()
    syncer()
    syncer._thread.join(60)
    assert not syncer.running()
    db = open_database(sqlite_url)
    try:
        assert Repository(db).count("orders") > 0
    finally:
        db.close()


def test_build_app_honours_the_sync_switch_and_cors_setting(sqlite_url):
    from app import paths
    from app.api.command import build_app
    from app.api.token_store import issue_token
    from app.sync.lock import sync_lock

    token = issue_token()
    settings = Settings(
        db_url=sqlite_url,
        api_allow_sync=True,
        api_cors_origins="http://localhost:3000",
    )
    client = build_app(settings, {}).test_client()
    auth = {"Authorization": f"Bearer {token}"}
    with sync_lock(paths.lock_file()):  # enabled: refused only because one runs
        assert client.post("/api/v1/sync", headers=auth).status_code == 409
    listed = client.get(
        "/api/v1/customers", headers={**auth, "Origin": "http://localhost:3000"}
    )
    assert listed.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    other = client.get(
        "/api/v1/customers", headers={**auth, "Origin": "http://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers
