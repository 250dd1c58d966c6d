"""API fixtures: a backup filled from the simulator, the app, a real waitress server."""

from __future__ import annotations

import threading

import pytest
import requests

from app.api.auth import hash_token
from app.api.factory import create_app
from app.api.server import ApiServer
from app.entities import CORE_ENTITIES
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.lock import is_sync_running
from tests.sync.conftest import Backup

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def token_hash():
    """The stored hash of TOKEN (few iterations: tests need not be slow)."""
    return hash_token(TOKEN, iterations=1_000)


@pytest.fixture
def backup(request, make_sim, db_url):
    """A database synced once from the ``tiny`` simulator (SQLite and PostgreSQL):
    the core entities, plus the entity a test is parametrized on (``entity``)
    or every entity, worksheets too, for a test marked ``every_entity`` — a
    whole sync per test would cost minutes of CI for nothing."""
    sim = make_sim("tiny")
    db = open_database(db_url)
    migrate(db)
    filled = Backup(sim, Repository(db))
    callspec = getattr(request.node, "callspec", None)
    entity = callspec.params.get("entity") if callspec else None
    if request.node.get_closest_marker("every_entity"):
        filled.sync(entities=None, worksheets=True)
    elif entity is not None and entity not in CORE_ENTITIES:
        filled.sync(entities=(*CORE_ENTITIES, entity), worksheets=True)
    else:
        filled.sync()
    yield filled
    db.close()


@pytest.fixture
def make_app(backup, token_hash, tmp_path):
    """Factory: the app over ``backup`` with options (trigger, CORS, lock)."""

    def _make(**kwargs):
        kwargs.setdefault("token_hash", token_hash)
        lock = tmp_path / "sync.lock"
        kwargs.setdefault("sync_running", lambda: is_sync_running(lock))
        return create_app(backup.repo.db, **kwargs)

    return _make


@pytest.fixture
def client(make_app):
    """Flask test client of the default app (in-process, for breadth)."""
    return make_app().test_client()


@pytest.fixture
def make_server():
    """Factory: a real waitress server on port 0; every one is stopped afterwards."""
    started: list[ApiServer] = []

    def _make(app, host: str = "127.0.0.1") -> ApiServer:
        server = ApiServer(app, host, 0).start()
        started.append(server)
        return server

    yield _make
    for server in started:
        server.stop()


@pytest.fixture
def server(make_server, make_app) -> ApiServer:
    """The default app served by waitress on 127.0.0.1, port 0."""
    return make_server(make_app())


@pytest.fixture
def http():
    """A requests session that sends the bearer token."""
    with requests.Session() as session:
        session.headers.update(AUTH)
        yield session


def waitress_threads() -> list[threading.Thread]:
    """Threads waitress (or our server loop) started that are still alive."""
    return [
        t
        for t in threading.enumerate()
        if t.name.startswith("waitress-") or t.name == "api-server"
    ]
