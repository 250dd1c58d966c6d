"""The storage contract, run on SQLite and PostgreSQL: upserts, deletions, orphans."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Orphan, Repository

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
DML = ("SELECT", "INSERT", "UPDATE", "DELETE")


@pytest.fixture
def repo(db_url):
    db = open_database(db_url)
    migrate(db)
    yield Repository(db, clock=lambda: T0)
    db.close()


@contextmanager
def count_queries(db):
    """Collect the SQL statements (SELECT/INSERT/UPDATE/DELETE) run on ``db``."""
    statements: list[str] = []
    original = db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        if sql.lstrip().upper().startswith(DML):
            statements.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = counting
    try:
        yield statements
    finally:
        del db.execute_sql


def samples(ids, **extra):
    return [
        {"id": i, "order_id": 1000 + i, "date_created": "10/13/2025", **extra}
        for i in ids
    ]


def test_upsert_inserts_then_updates(repo):
    first = repo.upsert_page("samples", samples(range(1, 6)), T0)
    assert (first.inserted, first.updated, first.ids) == (5, 0, [1, 2, 3, 4, 5])
    second = repo.upsert_page("samples", samples(range(4, 9), state="COMPLETED"), T1)
    assert (second.inserted, second.updated) == (3, 2)
    assert repo.count("samples") == 8
    row = repo.get("samples", 4)
    assert row["state"] == "COMPLETED"
    assert row["order_id"] == 1004
    assert row["date_created"] == datetime(2025, 10, 13)
    assert row["fetched_at"] == T1.replace(tzinfo=None)
    assert row["raw_payload"]["state"] == "COMPLETED"
    assert repo.get("samples", 1)["fetched_at"] == T0.replace(tzinfo=None)
    assert repo.get("samples", 999) is None


def test_an_id_repeated_within_a_page_keeps_the_last_copy(repo):
    page = [{"id": 1, "state": "A"}, {"id": 2}, {"id": 1, "state": "B"}]
    result = repo.upsert_page("tests", page)
    assert (result.inserted, result.updated, sorted(result.ids)) == (2, 0, [1, 2])
    assert repo.get("tests", 1)["raw_payload"] == {"id": 1, "state": "B"}


@pytest.mark.parametrize("entity", ["samples", "batches"])
def test_statement_count_does_not_depend_on_page_size(repo, entity):
    def page(start, size):
        records = samples(range(start, start + size))
        for record in records:
            record["samples"] = [{"id": record["id"]}, {"id": record["id"] + 1}]
            record["tests"] = [{"id": record["id"]}]
        return records

    counts = []
    for start, size in ((1, 1), (100, 50), (1000, 500)):
        with count_queries(repo.db) as statements, repo.transaction():
            repo.upsert_page(entity, page(start, size), T0)
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= (6 if entity == "batches" else 2)


def test_unmappable_records_are_rejected_not_dropped(repo):
    page = [{"id": 1}, {"name": "no id"}, "not an object", {"id": "x"}]
    result = repo.upsert_page("orders", page, T0, run_id="run-1")
    assert result.ids == [1]
    assert len(result.rejected) == 3
    rejected = repo.rejected("run-1")
    assert [r.error for r in rejected] == [e for _, e in result.rejected]
    assert rejected[0].raw_text == '{"name": "no id"}'
    assert rejected[1].raw_text == "not an object"
    assert all(r.entity == "orders" and r.qbench_id is None for r in rejected)


def test_bad_fields_are_stored_as_none_and_reported(repo):
    result = repo.upsert_page("orders", [{"id": 1, "date_created": "garbage"}])
    assert result.inserted == 1
    assert result.problems == {1: ["date_created: cannot read 'garbage' as date"]}
    assert repo.get("orders", 1)["date_created"] is None


def test_deleted_at_is_set_and_cleared_when_the_record_reappears(repo):
    repo.upsert_page("customers", [{"id": 1}, {"id": 2}, {"id": 3}], T0)
    assert repo.mark_deleted("customers", [2, 3, 99], T1) == 2
    assert repo.mark_deleted("customers", [2], T1 + timedelta(days=1)) == 0
    assert repo.get("customers", 2)["deleted_at"] == T1.replace(tzinfo=None)
    assert repo.count("customers") == 1
    assert repo.count("customers", include_deleted=True) == 3
    assert list(repo.all_payloads("customers", include_deleted=False)) == [{"id": 1}]
    repo.upsert_page("customers", [{"id": 2}], T1)
    assert repo.get("customers", 2)["deleted_at"] is None
    assert repo.count("customers") == 2


def test_a_field_called_deleted_never_marks_a_row_deleted(repo):
    """A custom field ``deleted: true`` on a live record is data (issue 9)."""
    repo.upsert_page("customers", [{"id": 1, "deleted": True}], T0)
    assert repo.get("customers", 1)["deleted_at"] is None
    repo.mark_deleted("customers", [1], T0)
    repo.upsert_page("customers", [{"id": 1, "deleted": False}], T1, revive=False)
    assert repo.get("customers", 1)["deleted_at"] == T0.replace(tzinfo=None)


def test_mark_missing_deleted_with_many_ids(repo):
    total = 40_000
    repo.upsert_page("tests", [{"id": 0}])
    # Copy that row to ids 1..39,999 in SQL: seeding through upsert_page is slow.
    repo.db.execute_sql(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        f"WHERE i < {total - 1}) "
        "INSERT INTO tests (qbench_id, raw_payload, fetched_at) "
        "SELECT n.i, t.raw_payload, t.fetched_at FROM n, tests AS t "
        "WHERE t.qbench_id = 0"
    )
    assert repo.count("tests") == total
    repo.mark_deleted("tests", [2000], T0)
    seen = [i for i in range(total) if i % 1000 != 0] + [10**12]
    assert repo.mark_missing_deleted("tests", seen, T1) == 39
    assert repo.count("tests") == total - 40
    assert repo.get("tests", 1000)["deleted_at"] == T1.replace(tzinfo=None)
    assert repo.get("tests", 2000)["deleted_at"] == T0.replace(tzinfo=None)
    assert repo.get("tests", 1)["deleted_at"] is None
    # Running it again is harmless, and the temporary table does not linger.
    assert repo.mark_missing_deleted("tests", seen, T1) == 0


def test_mark_missing_deleted_refuses_an_empty_listing_unless_told(repo):
    repo.upsert_page("assays", [{"id": 1}])
    with pytest.raises(ValueError, match="no ids seen"):
        repo.mark_missing_deleted("assays", [])
    assert repo.mark_missing_deleted("assays", [], allow_empty=True) == 1


def test_batch_links_are_replaced_per_batch(repo):
    repo.upsert_page(
        "batches",
        [
            {"id": 1, "samples": [{"id": 10}, {"id": 11}], "tests": [{"id": 20}]},
            {"id": 2, "sample_ids": [12], "test_ids": []},
        ],
    )
    assert repo.links(1) == {"samples": [10, 11], "tests": [20]}
    assert repo.links(2) == {"samples": [12], "tests": []}
    repo.upsert_page("batches", [{"id": 1, "samples": [{"id": 11}, {"id": 13}]}])
    assert repo.links(1) == {"samples": [11, 13], "tests": [20]}
    assert repo.links(2) == {"samples": [12], "tests": []}


def test_orphans_are_kept_and_listed(repo):
    repo.upsert_page("customers", [{"id": 1}, {"id": 2}])
    repo.upsert_page(
        "orders",
        [
            {"id": 10, "customer_account_id": 1},
            {"id": 11, "customer_account_id": 2},
            {"id": 12, "customer_account_id": 3},
            {"id": 13},
        ],
    )
    repo.mark_deleted("customers", [2])
    assert repo.count("orders") == 4
    assert repo.orphans("orders") == [
        Orphan("orders", 11, "customer_id", "customers", 2),
        Orphan("orders", 12, "customer_id", "customers", 3),
    ]
    repo.upsert_page("customers", [{"id": 2}, {"id": 3}])
    assert repo.orphans("orders") == []
    assert repo.orphans("customers") == []


def test_orphans_of_tests_reports_and_batch_links(repo):
    repo.upsert_page("samples", [{"id": 1}])
    repo.upsert_page("tests", [{"id": 5, "sample_id": 1, "assay_id": 7}])
    repo.upsert_page("reports", [{"id": 9, "test_id": 5, "sample_id": 2}])
    repo.upsert_page("batches", [{"id": 3, "samples": [{"id": 1}, {"id": 4}]}])
    assert repo.orphans("tests") == [Orphan("tests", 5, "assay_id", "assays", 7)]
    assert repo.orphans("reports") == [Orphan("reports", 9, "sample_id", "samples", 2)]
    assert repo.orphans("batches") == [Orphan("batches", 3, "samples", "samples", 4)]


def test_a_rolled_back_transaction_leaves_neither_page_nor_checkpoint(repo):
    with pytest.raises(RuntimeError), repo.transaction():
        repo.upsert_page("samples", samples([1, 2]), T0)
        repo.save_checkpoint("samples", status="ok", last_cursor="page-2")
        raise RuntimeError("the network dropped")
    assert repo.count("samples", include_deleted=True) == 0
    assert repo.get_checkpoint("samples") is None
    with repo.transaction():
        repo.upsert_page("samples", samples([1, 2]), T0)
        repo.save_checkpoint("samples", status="ok", last_cursor="page-2")
    assert repo.count("samples") == 2
    assert repo.get_checkpoint("samples").last_cursor == "page-2"


def test_unknown_entity_is_a_clear_error(repo):
    with pytest.raises(KeyError, match="unknown entity 'kvstore'"):
        repo.count("kvstore")
