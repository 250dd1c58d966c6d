"""``kill -9`` in the middle of each pass added by issue 12, then a second run.

Each case runs the real CLI (``python -m app --sync``) in a subprocess against
the simulator over HTTP, holds one request of the pass back with a ``slow``
fault so the process is known to be inside that pass with some work committed,
SIGKILLs it, lets QBench change meanwhile (edits and deletions on what the
killed run had committed), and runs again: the second run exits 0, the copy
equals QBench's records exactly (deletions marked), and the work the first run
committed under the pass's cursor (quotation pages before the last one
committed, orders whose comments were read, tests whose worksheet was read) is
not fetched again unless it changed. A catalogue has no change filter, so it is
listed again from page 1.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import Any

import psycopg2
import pytest

from app import cli
from app.config import Settings, save_settings
from app.logs import reset_logging
from app.sim.server import Simulator
from app.storage.db import open_database
from app.storage.repository import Repository
from tests.conftest import sim_env
from tests.sync.conftest import Backup

V2 = "/qbench/api/v2/"
HELD = 60  # seconds the slow fault holds the request the process is killed in


@pytest.fixture(autouse=True)
def _reset_logging() -> Iterator[None]:
    yield
    reset_logging()


def _saved_cursor(db_url: str, entity: str) -> dict[str, Any]:
    """The entity's committed cursor (``{}`` when none yet), read without the
    app's code so the running process is not disturbed."""
    query = "SELECT last_cursor FROM sync_checkpoints WHERE entity = {}"
    row: Any = None
    if db_url.startswith("sqlite:///"):
        path = db_url.removeprefix("sqlite:///")
        if not os.path.exists(path):
            return {}
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            try:
                row = conn.execute(query.format("?"), (entity,)).fetchone()
            except sqlite3.OperationalError:  # tables not created yet
                return {}
    else:
        with closing(psycopg2.connect(db_url)) as conn, conn.cursor() as cur:
            try:
                cur.execute(query.format("%s"), (entity,))
                row = cur.fetchone()
            except psycopg2.errors.UndefinedTable:
                return {}
    return json.loads(row[0]) if row and row[0] else {}


def _kill_when(
    sim: Simulator,
    db_url: str,
    args: list[str],
    entity: str,
    committed: Callable[[dict[str, Any]], bool],
) -> None:
    """Start ``--sync`` with ``args``, wait until ``entity``'s saved cursor
    satisfies ``committed`` (the process is then held inside the next request by
    a slow fault) and SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--sync", "--db-url", db_url, *args],
        env={**os.environ, **sim_env(sim)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not committed(_saved_cursor(db_url, entity)):
            assert proc.poll() is None, "the sync ended before it was killed"
            assert time.monotonic() < deadline, "the pass never got there"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


@contextmanager
def _repository(db_url: str) -> Iterator[Repository]:
    db = open_database(db_url)
    try:
        yield Repository(db)
    finally:
        db.close()


def _resume(
    sim: Simulator,
    db_url: str,
    args: list[str],
    entities: list[str],
    between: Callable[[], None] = lambda: None,
) -> None:
    """``between`` the runs QBench changes (an hour later); then the second run:
    exit 0, the entities exact, the killed run recorded."""
    sim.clear_faults()
    sim.advance(3600)
    between()
    sim.reset_counts()
    code = cli.main(["--sync", "--db-url", db_url, *args], env=sim_env(sim))
    assert code == 0
    with _repository(db_url) as repo:
        Backup(sim, repo).assert_exact(entities)
        assert any(r.status == "interrupted" for r in repo.recent_runs())


def _page_size(size: int) -> None:
    """Small pages (settings file of the test's app home, which the subprocess
    inherits through QBENCH_BACKUP_HOME), so each listing has several."""
    save_settings(Settings(page_size=size))


def _first_pages(sim: Simulator, path: str, size: int) -> list[int]:
    """Page numbers of the first plain listing (no change filter) read since
    the last reset, up to the id comparison's second listing (a page number not
    above the one before); the count check (``page_size=1``) is left out."""
    pages: list[int] = []
    for r in sim.request_log(path):
        if (
            r.path == path
            and r.param("page_size") == str(size)
            and not r.param("last_updated")
        ):
            number = int(r.param("page_num") or 0)
            if pages and number <= pages[-1]:
                break
            pages.append(number)
    return pages


@pytest.mark.parametrize("entity", ["users", "locations"])
def test_a_catalogue_killed_mid_listing_converges_on_the_next_run(
    make_sim, db_url, entity
):
    sim = make_sim("small")
    _page_size(2)
    path = V2 + entity
    ids = sorted(r["id"] for r in sim.dump()[entity])
    assert len(ids) > 4  # three pages at least
    sim.add_fault("slow", path=path, page=2, seconds=HELD, times=1)
    args = ["--entities", entity]
    _kill_when(sim, db_url, args, entity, lambda c: c.get("page", 0) >= 1)

    def between() -> None:  # on page 1, which the killed run had committed
        sim.tenant.update(entity, ids[0])
        sim.tenant.update(entity, ids[1])

    _resume(sim, db_url, args, [entity], between)
    # Nothing tells what changed on a page read before the kill (no
    # last_updated): the resumed run lists the catalogue from page 1 again.
    pages = _first_pages(sim, path, 2)
    assert sorted(pages) == list(range(1, -(-len(ids) // 2) + 1)), pages


def test_a_deletion_on_a_page_read_before_the_kill_is_marked(make_sim, db_url):
    """Deleting a user the killed run had listed shifts an unread one onto the
    pages it had read: the next run still holds every live user, and the
    deleted one as deleted."""
    sim = make_sim("small")
    _page_size(2)
    path = V2 + "users"
    ids = sorted(r["id"] for r in sim.dump()["users"])
    sim.add_fault("slow", path=path, page=3, seconds=HELD, times=1)
    args = ["--entities", "users"]
    _kill_when(sim, db_url, args, "users", lambda c: c.get("page", 0) >= 2)
    _resume(sim, db_url, args, ["users"], lambda: sim.tenant.delete("users", ids[1]))
    with _repository(db_url) as repo:
        assert repo.get("users", ids[1])["deleted_at"] is not None


def test_quotations_killed_mid_listing_converge_on_the_next_run(make_sim, db_url):
    sim = make_sim("small")
    _page_size(5)
    path = V2 + "quotations"
    ids = sorted(r["id"] for r in sim.dump()["quotations"])
    assert len(ids) > 15  # four pages
    sim.add_fault("slow", path=path, page=3, seconds=HELD, times=1)
    args = ["--entities", "quotations"]
    _kill_when(sim, db_url, args, "quotations", lambda c: c.get("page", 0) >= 2)

    def between() -> None:  # on page 1, which the killed run had committed
        sim.tenant.update("quotations", ids[0])
        sim.tenant.delete("quotations", ids[1])

    _resume(sim, db_url, args, ["quotations"], between)
    with _repository(db_url) as repo:
        assert repo.get("quotations", ids[1])["deleted_at"] is not None
    # The resumed listing went on from the last page committed (read again: a
    # deletion on the pages before shifts unread records onto it); page 1 was
    # not listed again except by the id comparison the deletion called for.
    log = [r for r in sim.request_log(path) if r.path == path]
    first = next(i for i, r in enumerate(log) if r.param("page_size") == "5")
    assert log[first].param("page_num") == "2", [r.query for r in log]


def test_quotations_resume_without_listing_pages_read_before(make_sim, db_url):
    sim = make_sim("small")
    _page_size(5)
    path = V2 + "quotations"
    sim.add_fault("slow", path=path, page=3, seconds=HELD, times=1)
    args = ["--entities", "quotations"]
    _kill_when(sim, db_url, args, "quotations", lambda c: c.get("page", 0) >= 2)
    _resume(sim, db_url, args, ["quotations"])
    pages = _first_pages(sim, path, 5)
    assert pages and min(pages) == 2, pages  # page 1 was not listed again


def test_order_comments_killed_mid_pass_resume_with_the_next_order(make_sim, db_url):
    sim = make_sim("tiny")
    _page_size(50)
    orders = sorted(r["id"] for r in sim.dump()["orders"])
    done, held = orders[:3], orders[3]
    sim.add_fault("slow", path=f"{V2}orders/{held}/comments", seconds=HELD, times=1)
    args = ["--entities", "orders,order_comments"]
    _kill_when(
        sim,
        db_url,
        args,
        "order_comments",
        lambda c: (c.get("mark") or 0) >= done[-1],
    )

    def between() -> None:
        sim.tenant.delete("orders", done[0])  # its comments go with it
        sim.tenant.update("orders", done[1])  # its comments are read again
        sim.tenant.delete("orders", orders[-1])  # not read yet

    _resume(sim, db_url, args, ["orders", "order_comments"], between)
    read = [r.path for r in sim.request_log(V2 + "orders/") if "/comments" in r.path]
    assert f"{V2}orders/{held}/comments" in read
    # committed and unchanged since: not read again
    assert f"{V2}orders/{done[2]}/comments" not in read, read


def test_test_worksheets_killed_mid_pass_resume_with_the_next_test(make_sim, db_url):
    sim = make_sim("tiny")
    _page_size(50)
    tests = sorted(r["id"] for r in sim.dump()["tests"])
    done, held = tests[:3], tests[3]
    sim.add_fault(
        "slow", path=f"{V2}tests/{held}/worksheet/data", seconds=HELD, times=1
    )
    args = ["--entities", "tests,test_worksheets", "--worksheets"]
    _kill_when(
        sim,
        db_url,
        args,
        "test_worksheets",
        lambda c: (c.get("mark") or 0) >= done[-1],
    )

    def between() -> None:
        sim.tenant.delete("tests", done[0])  # its worksheet goes with it
        sim.tenant.edit_worksheet("tests", done[1], {"result": "42"})  # re-read
        sim.tenant.delete("tests", tests[-1])  # not read yet

    _resume(sim, db_url, args, ["tests", "test_worksheets"], between)
    read = [r.path for r in sim.request_log(V2 + "tests/") if "/worksheet" in r.path]
    assert f"{V2}tests/{held}/worksheet/data" in read
    # committed and unchanged since: not read again
    assert f"{V2}tests/{done[2]}/worksheet/data" not in read, read
