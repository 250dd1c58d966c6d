"""Checkpoints, the run log, the drift log and rejected records, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository


class Clock:
    """A settable UTC clock."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def repo(db_url, clock):
    db = open_database(db_url)
    migrate(db)
    yield Repository(db, clock=clock)
    db.close()


def naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def test_checkpoint_round_trip_and_partial_updates(repo, clock):
    assert repo.get_checkpoint("orders") is None
    synced = datetime(2025, 3, 1, 11, 0, tzinfo=UTC)
    repo.save_checkpoint("orders", status="ok", last_synced_at=synced, last_cursor="7")
    first = repo.get_checkpoint("orders")
    assert (first.status, first.last_cursor, first.message) == ("ok", "7", None)
    assert first.last_synced_at == naive(synced)
    assert first.updated_at == naive(clock.now)
    clock.advance(minutes=5)
    repo.save_checkpoint("orders", status="failed", message="HTTP 500 on page 8")
    second = repo.get_checkpoint("orders")
    assert (second.status, second.message) == ("failed", "HTTP 500 on page 8")
    assert (second.last_synced_at, second.last_cursor) == (naive(synced), "7")
    assert second.updated_at == naive(clock.now)
    repo.reset_checkpoint("orders")
    assert repo.get_checkpoint("orders") is None


def test_runs_are_logged_per_entity(repo, clock):
    first = repo.start_run("run-1", "customers")
    second = repo.start_run("run-1", "orders")
    assert first != second
    clock.advance(seconds=30)
    repo.finish_run(
        first,
        status="success",
        fetched=10,
        inserted=7,
        updated=3,
        deleted=1,
        requests=2,
    )
    repo.finish_run(second, status="failed", requests=1, error="HTTP 500\x00 x")
    runs = {run.entity: run for run in repo.recent_runs()}
    done = runs["customers"]
    assert (done.rows_fetched, done.rows_inserted, done.rows_updated) == (10, 7, 3)
    assert (done.rows_deleted, done.requests, done.status) == (1, 2, "success")
    assert done.finished_at - done.started_at == timedelta(seconds=30)
    assert runs["orders"].error == "HTTP 500\\u0000 x"
    assert repo.last_success("customers").id == first
    assert repo.last_success("orders") is None
    with pytest.raises(ValueError, match="unknown run status"):
        repo.finish_run(first, status="great")


def test_recent_runs_newest_first_and_limited(repo, clock):
    for number in range(5):
        clock.advance(minutes=1)
        repo.start_run(f"run-{number}", "tests")
    assert [run.run_id for run in repo.recent_runs(limit=3)] == [
        "run-4",
        "run-3",
        "run-2",
    ]


def test_interrupted_runs_are_closed_as_interrupted(repo):
    row = repo.start_run("run-1", "samples")
    mine = repo.start_run("run-2", "*")
    assert repo.close_interrupted_runs(keep_run="run-2") == 1
    runs = {run.id: run for run in repo.recent_runs()}
    assert (runs[row].status, runs[row].error) == ("interrupted", "interrupted")
    assert runs[mine].status == "running"


def test_a_run_that_never_reached_an_entity_has_its_own_row(repo, clock):
    repo.record_run(
        "run-1",
        clock.now,
        status="failed",
        error="QBench rejected the API credentials",
        user_message="QBench rechazó las credenciales.",
    )
    (run,) = repo.recent_runs()
    assert (run.entity, run.status, run.user_message) == (
        "*",
        "failed",
        "QBench rechazó las credenciales.",
    )
    last_success, runs = repo.run_overview()
    assert last_success is None and [r.status for r in runs] == ["failed"]


def test_drift_keeps_first_sighting_and_updates_last(repo, clock):
    repo.record_drift("samples", {"new_field": {"a": 1}, "other": None}, "run-1")
    first_seen = naive(clock.now)
    clock.advance(hours=1)
    repo.record_drift("samples", {"new_field": "changed"}, "run-2")
    repo.record_drift("samples", {})
    entries = {entry.field: entry for entry in repo.drift("samples")}
    assert set(entries) == {"new_field", "other"}
    entry = entries["new_field"]
    assert (entry.first_seen_at, entry.last_seen_at) == (first_seen, naive(clock.now))
    assert (entry.run_id, entry.example_value) == ("run-1", '{"a": 1}')
    assert entries["other"].example_value == "null"
    assert repo.drift("orders") == []


def test_rejects_keep_the_raw_text(repo):
    first = repo.reject("tests", '{"id": 5, broken', "invalid JSON", run_id="r1")
    repo.reject("tests", {"id": "x"}, "id is not an integer", run_id="r2")
    repo.reject("orders", {"id": 9}, "weird", qbench_id=9)
    assert [r.raw_text for r in repo.rejected("r1")] == ['{"id": 5, broken']
    assert repo.rejected("r1")[0].id == first
    assert [r.qbench_id for r in repo.rejected()] == [None, None, 9]
    assert repo.rejected("r2")[0].raw_text == '{"id": "x"}'


def test_an_adopted_outcome_keeps_the_time_the_run_ended(repo):
    """A fresh user's trial: a nightly failure adopted the next morning showed a
    duration of hours (finished_at was the time of adoption)."""
    from app.run_state import RunOutcome

    began = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    ended = began + timedelta(seconds=3)
    outcome = RunOutcome("night", "failed", began, ended, "boom", "falló", 1, None)
    assert repo.adopt_outcome(outcome)
    row = next(r for r in repo.recent_runs() if r.run_id == "night")
    assert row.entity == "*" and row.status == "failed"
    assert row.finished_at == ended.replace(tzinfo=None)


def test_a_run_row_can_start_when_the_run_began(repo, clock):
    began = clock.now - timedelta(seconds=40)  # lock, database, migration first
    row = repo.start_run("run-1", "*", started_at=began)
    repo.finish_run(row, status="success")
    (run,) = repo.recent_runs()
    assert run.finished_at - run.started_at == timedelta(seconds=40)


def test_rejected_and_orphan_counts_are_kept_per_row(repo):
    row = repo.start_run("run-1", "samples")
    repo.finish_run(row, status="success", fetched=9, rejected=2, orphans=3)
    (run,) = repo.recent_runs()
    assert (run.rows_fetched, run.rows_rejected, run.orphans) == (9, 2, 3)


def test_orphans_are_counted_and_listed_with_their_run(repo, monkeypatch):
    from app.storage import runs
    from app.storage.repository import Orphan

    monkeypatch.setattr(runs, "ORPHAN_LIST_LIMIT", 2)
    repo.start_run("run-1", "*")
    repo.start_run("run-1", "samples")
    repo.start_run("run-1", "batches")
    samples = [Orphan("samples", 263 + n, "order_id", "orders", 98) for n in range(3)]
    batches = [Orphan("batches", 28, "samples", "samples", 4)]
    repo.record_orphans("run-1", "samples", samples)
    repo.record_orphans("run-1", "batches", batches)
    counts = {r.entity: r.orphans for r in repo.recent_runs()}
    assert counts == {"*": 0, "samples": 3, "batches": 1}  # the count is exact
    assert repo.run_orphans("run-1") == [*samples[:2], *batches]  # the list capped
    repo.record_orphans("run-1", "samples", [])  # recounted: replaced, not added
    assert repo.run_orphans("run-1") == batches
    assert repo.run_orphans("run-2") == []


def test_only_the_newest_runs_keep_their_orphan_lists(repo, clock, monkeypatch):
    from app.storage import runs
    from app.storage.repository import Orphan

    monkeypatch.setattr(runs, "ORPHAN_RUNS_KEPT", 2)
    for number in range(4):
        clock.advance(minutes=1)
        run_id = f"run-{number}"
        repo.start_run(run_id, "*")
        repo.start_run(run_id, "tests")
        orphan = Orphan("tests", 5, "assay_id", "assays", 7)
        repo.record_orphans(run_id, "tests", [orphan])
    assert [bool(repo.run_orphans(f"run-{n}")) for n in range(4)] == [
        False,
        False,
        True,
        True,
    ]
    counts = [r.orphans for r in repo.recent_runs() if r.entity == "tests"]
    assert counts == [1, 1, 1, 1]  # counts stay


def test_an_interrupted_run_ends_when_it_was_last_seen_at_work(repo, clock):
    """A run killed at 12:00:50 and found by the next run an hour later lasted
    50 s, not an hour."""
    began = clock.now
    run = repo.start_run("dead", "*")
    customers = repo.start_run("dead", "customers")
    clock.advance(seconds=20)
    repo.finish_run(customers, status="success")
    clock.advance(seconds=30)
    repo.start_run("dead", "orders")  # died while copying orders
    clock.advance(hours=1)
    repo.start_run("next", "*")
    assert repo.close_interrupted_runs(keep_run="next") == 2
    rows = {r.id: r for r in repo.recent_runs()}
    assert rows[run].status == "interrupted"
    assert rows[run].finished_at - naive(began) == timedelta(seconds=50)
