"""A real waitress server on port 0: routes, paging during a sync, start/stop."""

from __future__ import annotations

import re
import socket
import threading
from urllib.parse import urlsplit

import pytest
import requests
from loguru import logger

from app.api.problems import PROBLEM_TYPE
from app.api.routes import ROUTES
from app.api.server import ApiServer, is_loopback
from app.config import Settings
from app.entities import CORE_ENTITIES
from tests.api.conftest import AUTH, waitress_threads


def url_of(server, route):
    return server.url + route.rule.replace("<int:qbench_id>", "1")


@pytest.mark.every_entity
def test_every_route_over_http(make_server, make_app, http, backup):
    server = make_server(make_app(trigger_sync=lambda: None))
    found = 0
    for route in ROUTES:
        url, status = url_of(server, route), route.status
        if "qbench_id>" in route.rule:  # a stored id of the entity, if any
            stored = sorted(backup.repo.live_ids(route.rule.split("/")[3]))
            key = str(stored[0] if stored else 1)
            url = server.url + re.sub(r"<(?:int:)?qbench_id>", key, route.rule)
            status, found = (status, found + 1) if stored else (404, found)
        response = http.request(route.method, url)
        assert response.status_code == status, (route.rule, response.text)
        expected = "text/html" if route.response == "html" else "application/json"
        if status == 404:
            expected = PROBLEM_TYPE
        assert response.headers["Content-Type"].startswith(expected)
        assert response.headers["Server"] == "qbench-backup"
    assert found >= len(CORE_ENTITIES)  # rows served by id, not only 404s


def test_auth_405_and_problems_over_http(server):
    orders = f"{server.url}/api/v1/orders"
    assert requests.get(f"{server.url}/api/v1/health").json() == {"status": "ok"}
    missing = requests.get(orders)
    assert missing.status_code == 401
    assert missing.headers["Content-Type"] == PROBLEM_TYPE
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = requests.get(orders, headers={"Authorization": "Bearer nope"})
    assert (
        wrong.status_code == 401
        and "invalid_token" in wrong.headers["WWW-Authenticate"]
    )
    for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        response = requests.request(method, orders, headers=AUTH)
        assert response.status_code == 405, method
        assert response.headers["Content-Type"] == PROBLEM_TYPE
        assert "GET" in response.headers["Allow"].split(", ")
    bad = requests.get(f"{orders}?limit=9999", headers=AUTH)
    assert bad.status_code == 400 and bad.json()["status"] == 400
    assert requests.get(f"{server.url}/nope", headers=AUTH).status_code == 404


def _page_through(http, url):
    """(ids in order, pages fetched) following Link rel="next" to the end."""
    seen, pages = [], 0
    while url:
        response = http.get(url)
        assert response.status_code == 200, response.text
        seen.extend(row["qbench_id"] for row in response.json()["items"])
        pages += 1
        url = response.links.get("next", {}).get("url")
    return seen, pages


@pytest.mark.slow
def test_paging_to_the_end_while_a_sync_inserts(server, backup, http):
    """Every row present when paging starts comes back exactly once, while a
    sync thread inserts, updates and deletes (the simulator's churn)."""
    backup.sim.set_churn("tests", updates=2, inserts=3, deletes=1)
    before = {p["id"] for p in backup.repo.all_payloads("tests")}
    done = threading.Event()
    failures: list[BaseException] = []

    def sync() -> None:
        try:
            with backup.repo.db.connection_context():
                for _ in range(3):
                    backup.sync(full=True)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=sync, name="test-sync")
    writer.start()
    passes, pages_during_sync = [], 0
    try:
        while True:
            running = not done.is_set()
            seen, pages = _page_through(
                http, f"{server.url}/api/v1/tests?limit=5&include_deleted=true"
            )
            passes.append(seen)
            pages_during_sync += pages if running and not done.is_set() else 0
            if done.is_set():
                break
    finally:
        writer.join(60)
    assert not failures, failures
    after = {p["id"] for p in backup.repo.all_payloads("tests")}
    assert len(after) > len(before), "the sync inserted nothing"
    assert pages_during_sync > 0, "no page was read while the sync ran"
    for seen in passes:
        assert len(seen) == len(set(seen)), "a row came back twice"
        assert before <= set(seen) <= after
        assert seen == sorted(seen)


def test_stop_when_a_worker_wakes_the_loop_first(make_app, monkeypatch):
    """Seen in CI: a worker that has just answered pulls the trigger too, the
    loop runs our queued close (closing the trigger's pipe) before our own
    wake-up write, which then fails with EBADF. Here that order is forced."""
    server = ApiServer(make_app(), "127.0.0.1", 0).start()
    assert requests.get(f"{server.url}/api/v1/health").status_code == 200
    trigger, loop = server._server.trigger, server._thread
    real_pull = trigger._physical_pull

    def worker_wins_the_race() -> None:
        real_pull()  # the worker's wake-up: the loop runs our queued close
        loop.join(5)
        real_pull()  # our own write, on the pipe that close just shut

    monkeypatch.setattr(trigger, "_physical_pull", worker_wins_the_race)
    server.stop()
    assert not server.running
    assert waitress_threads() == []


def test_stop_ends_every_waitress_thread(make_app):
    assert waitress_threads() == []
    server = ApiServer(make_app(), "127.0.0.1", 0, threads=3)
    assert not server.running
    with pytest.raises(RuntimeError):
        _ = server.port
    server.start()
    assert server.running and server.port > 0
    sessions = [requests.Session() for _ in range(4)]  # keep-alive connections
    try:
        workers = [
            threading.Thread(
                target=lambda s=s: s.get(f"{server.url}/api/v1/orders", headers=AUTH)
            )
            for s in sessions
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert len(waitress_threads()) == 4  # the loop + three workers
        port = server.port
        server.stop()
        assert not server.running
        assert waitress_threads() == []
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), 1):
            pass
        server.stop()  # idempotent
        server.start()  # toggled on again, live
        assert requests.get(f"{server.url}/api/v1/health").status_code == 200
        server.stop()
        assert waitress_threads() == []
    finally:
        for session in sessions:
            session.close()
        server.stop()


def test_binds_loopback_by_default(make_app):
    assert Settings().api_host == "127.0.0.1"
    with ApiServer(make_app()) as server:
        assert urlsplit(server.url).hostname == "127.0.0.1"
        assert server._server.socket.getsockname()[0] == "127.0.0.1"


def test_other_host_only_with_a_warning(make_app):
    warnings: list[str] = []
    sink = logger.add(lambda m: warnings.append(str(m)), level="WARNING")
    try:
        with ApiServer(make_app()):
            pass
        assert warnings == []
        with ApiServer(make_app(), "0.0.0.0") as server:
            assert server._server.socket.getsockname()[0] == "0.0.0.0"
    finally:
        logger.remove(sink)
    assert len(warnings) == 1 and "0.0.0.0" in warnings[0]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("lab-pc", False)],
)  # fmt: skip
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_requests_follow_the_database_a_sync_binds(server, backup, db_url, http):
    """Every sync binds the models to its own Database object (same URL); the
    API must keep working on it, and creating the app must not pull the proxy
    from under a running sync."""
    from app.api.factory import create_app
    from app.storage.db import open_database
    from app.storage.models import database_proxy
    from app.storage.repository import Repository

    sync_db = open_database(db_url)
    try:
        Repository(sync_db)  # what services.open_repository does on every sync
        assert database_proxy.obj is sync_db
        response = http.get(f"{server.url}/api/v1/orders?include_total=true")
        assert response.status_code == 200
        assert response.json()["total"] == backup.repo.count("orders")
        other = open_database(db_url)
        other.close()
        create_app(other, token_hash=None)
        assert database_proxy.obj is sync_db
    finally:
        sync_db.close()
