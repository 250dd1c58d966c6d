"""``services.LocalApi``, the server behind the window's toggle: a real waitress
server on a real port, its token issued only once it listens, replaced live."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
import requests

from app import paths
from app.api.command import BackgroundSync
from app.api.token_store import load_token_hash, token_file
from app.config import Settings
from app.logs import redact, reset_logging
from app.run_state import read_status_file
from app.services import ApiListenError, LocalApi, lock_path
from tests.api.conftest import waitress_threads


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, token: str) -> int:
    return requests.get(
        f"http://127.0.0.1:{port}/api/v1/customers",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).status_code


@pytest.fixture
def local_api():
    made: list[LocalApi] = []

    def _make(**kwargs) -> LocalApi:
        made.append(LocalApi(**kwargs))
        return made[-1]

    yield _make
    for api in made:
        api.stop()
    assert waitress_threads() == []
    reset_logging()  # forget the tokens registered as secrets


def test_a_new_token_replaces_the_old_one_on_the_running_server(local_api, sqlite_url):
    port = free_port()
    api = local_api()
    url, first = api.apply(
        Settings(api_enabled=True, api_port=port, db_url=sqlite_url), {}
    )
    assert url == f"http://127.0.0.1:{port}" and first
    assert _get(port, first) == 200
    server = api.server
    second = api.new_token()
    assert api.server is server and server.running  # no restart
    assert second != first
    assert _get(port, first) == 401  # clients with the old token stop working
    assert _get(port, second) == 200
    stored = token_file().read_text(encoding="utf-8")
    assert first not in stored and second not in stored
    assert redact(f"token {first} and {second}") == "token *** and ***"


def test_a_busy_port_is_named_and_issues_no_token(local_api, sqlite_url):
    settings = Settings(api_enabled=True, db_url=sqlite_url)
    api = local_api()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ApiListenError) as caught:
            api.apply(replace(settings, api_port=port), {})
    assert caught.value.in_use and caught.value.port == port
    assert str(port) in caught.value.user_message
    assert load_token_hash() is None  # no token was lost on a server that failed
    assert not api.running
    url, token = api.apply(replace(settings, api_port=port), {})
    assert token and _get(port, token) == 200


def test_the_demo_keeps_its_token_in_memory_only(local_api):
    port = free_port()
    api = local_api(demo=True)
    url, token = api.apply(Settings(api_enabled=True, api_port=port), {})
    assert token and _get(port, token) == 200
    assert not token_file().exists()  # the real token is not touched
    assert not paths.settings_file().exists()
    assert paths.demo_sqlite_path().exists()  # it serves the demo database
    assert not paths.default_sqlite_path().exists()


def test_a_demo_sync_without_the_simulator_is_refused_not_run_elsewhere():
    sync = BackgroundSync(Settings(), {}, lock_path(demo=True), demo=True)
    sync()
    sync._thread.join(30)
    outcome = read_status_file(demo=True)
    assert outcome is not None and outcome.status == "failed"
    assert "demo" in outcome.user_message
    assert read_status_file() is None  # nothing recorded for the real backup
    assert not paths.default_sqlite_path().exists()
