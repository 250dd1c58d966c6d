"""Schema versions: fresh, idempotent, backed up first, too-new refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from app.errors import DatabaseUnavailable
from app.storage import migrations
from app.storage.db import is_sqlite, open_database, sqlite_path
from app.storage.migrations import current_version, latest_version, migrate
from app.storage.models import ALL_MODELS, ENTITY_MODELS
from app.storage.repository import Repository


@pytest.fixture
def db(db_url):
    database = open_database(db_url)
    yield database
    database.close()


def add_note_column(db: peewee.Database) -> None:
    db.execute_sql("ALTER TABLE customers ADD COLUMN note TEXT")


LATEST = latest_version()
NEXT = LATEST + 1


def with_next_version(monkeypatch):
    steps = [*migrations.MIGRATIONS, (NEXT, "add customers.note", add_note_column)]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)


def test_fresh_database_gets_every_table(db):
    report = migrate(db)
    assert (report.from_version, report.to_version) == (0, latest_version())
    assert report.applied == list(range(1, LATEST + 1))
    assert report.backup_path is None
    tables = set(db.get_tables())
    assert {model._meta.table_name for model in ALL_MODELS} <= tables
    assert current_version(db) == LATEST


def test_migrate_twice_is_a_no_op(db):
    migrate(db)
    again = migrate(db)
    assert (again.from_version, again.to_version, again.applied) == (LATEST, LATEST, [])
    assert again.backup_path is None


def test_a_new_version_applies_once_after_a_backup(db, db_url, monkeypatch):
    migrate(db)
    Repository(db).upsert_page("customers", [{"id": 1, "customer_name": "Old "}])
    with_next_version(monkeypatch)
    report = migrate(db)
    assert (report.from_version, report.to_version, report.applied) == (
        LATEST,
        NEXT,
        [NEXT],
    )
    assert current_version(db) == NEXT
    assert "note" in {c.name for c in db.get_columns("customers")}
    assert migrate(db).applied == []
    if not is_sqlite(db_url):
        assert report.backup_path is None
        return
    path = sqlite_path(db_url)
    assert report.backup_path.name.startswith(f"{path.name}.bak-v{LATEST}-")
    backup = sqlite3.connect(report.backup_path)
    try:
        assert backup.execute("SELECT MAX(version) FROM schema_version").fetchone() == (
            LATEST,
        )
        name = backup.execute("SELECT customer_name FROM customers").fetchone()
        assert name == ("Old ",)
        columns = {row[1] for row in backup.execute("PRAGMA table_info(customers)")}
        assert "note" not in columns
    finally:
        backup.close()


def test_the_backup_includes_data_still_in_the_wal(sqlite_url, monkeypatch):
    db = open_database(sqlite_url)
    try:
        migrate(db)
        db.execute_sql("PRAGMA wal_autocheckpoint=0")
        Repository(db).upsert_page("orders", [{"id": 7}])
        assert Path(f"{sqlite_path(sqlite_url)}-wal").stat().st_size > 0
        with_next_version(monkeypatch)
        report = migrate(db)
    finally:
        db.close()
    backup = sqlite3.connect(report.backup_path)
    try:
        assert backup.execute("SELECT qbench_id FROM orders").fetchall() == [(7,)]
    finally:
        backup.close()


def test_a_failing_migration_changes_nothing(db, monkeypatch):
    migrate(db)

    def broken(database: peewee.Database) -> None:
        add_note_column(database)
        raise RuntimeError("the next step is broken")

    steps = [*migrations.MIGRATIONS, (NEXT, "broken", broken)]
    with pytest.raises(RuntimeError):
        migrate(db, migrations=steps)
    assert current_version(db) == LATEST
    assert "note" not in {c.name for c in db.get_columns("customers")}


def test_a_newer_database_is_refused(db):
    migrate(db)
    db.execute_sql(
        "INSERT INTO schema_version (version, description, applied_at) "
        "VALUES (99, 'from the future', '2030-01-01 00:00:00')"
    )
    with pytest.raises(DatabaseUnavailable, match="schema version 99, newer") as info:
        migrate(db)
    assert "Actualice" in info.value.user_message


def test_migration_versions_must_be_consecutive(db):
    steps = [*migrations.MIGRATIONS, (NEXT + 1, "skips one", add_note_column)]
    with pytest.raises(ValueError, match="1, 2, 3"):
        migrate(db, migrations=steps)


def test_two_threads_migrating_at_once_apply_each_step_once(sqlite_url):
    import threading

    from app.storage.db import open_database
    from app.storage.migrations import current_version, latest_version, migrate

    errors = []

    def run():
        db = open_database(sqlite_url)
        try:
            migrate(db)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert current_version(open_database(sqlite_url)) == latest_version()


def test_sorted_pages_have_date_indexes(db, db_url):
    """Version 2: a (date, qbench_id) index per sortable date of every entity."""
    migrate(db)
    for model in ENTITY_MODELS.values():
        table = model._meta.table_name
        columns = {c.name for c in db.get_columns(table)}
        indexes = {i.name: i.columns for i in db.get_indexes(table)}
        for column in set(migrations.SORT_DATE_COLUMNS) & columns:
            name = migrations.sort_index_name(table, column)
            assert name in indexes, (table, column)
            assert [c.split()[0].strip('"') for c in indexes[name]][-1] == "qbench_id"
    if is_sqlite(db_url):  # the newest page is read in index order, not sorted
        plan = " ".join(
            str(row[-1])
            for row in db.execute_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM tests "
                "ORDER BY qbench_last_updated DESC, qbench_id DESC LIMIT 50"
            )
        )
        # qbench_id is SQLite's rowid, so the one-column index on the date is
        # in (date, qbench_id) order too: either index serves the page.
        assert "USING INDEX tests_qbench_last_updated" in plan
        assert "TEMP B-TREE" not in plan


def _old_schema(db: peewee.Database) -> None:
    """A database as version 2 left it: no raw_payload_exact column."""
    migrate(db, migrations=migrations.MIGRATIONS[:2])
    for model in ENTITY_MODELS.values():
        db.execute_sql(
            f'ALTER TABLE "{model._meta.table_name}" DROP COLUMN raw_payload_exact'
        )


def test_version_3_retires_the_text_form_wrapper(db, db_url):
    """Old rows JSONB/SQLite could not hold exactly get the stored + exact forms."""
    import json

    from app.jsoncodec import decode, exact_text

    _old_schema(db)
    odd = {"id": 2, "name": "Acme \ud83d", "nul": "a\x00b", "n": float("nan")}
    # v2: ASCII JSON text with a bare NaN token on SQLite, the wrapper on JSONB.
    wrapped_by_v2 = json.dumps({migrations.TEXT_FORM_KEY: json.dumps(odd)})
    old_text = json.dumps(odd) if is_sqlite(db_url) else wrapped_by_v2
    plain = {"id": 1, "name": "Plain", "f": 1.5}
    for qbench_id, text in ((1, json.dumps(plain)), (2, old_text)):
        db.execute_sql(
            "INSERT INTO customers (qbench_id, raw_payload, fetched_at) "
            "VALUES (%s, %s, '2025-01-01 00:00:00')".replace(
                "%s", "?" if is_sqlite(db_url) else "%s"
            ),
            (qbench_id, text),
        )
    report = migrate(db)
    assert report.applied[0] == 3
    repo = Repository(db)
    assert repo.get("customers", 1)["raw_payload_exact"] is None
    assert repo.get("customers", 1)["raw_payload"] == plain
    row = repo.get("customers", 2)
    assert exact_text(row["raw_payload"]) == exact_text(odd)
    assert exact_text(decode(row["raw_payload_exact"])) == exact_text(odd)
    assert repo.stored_payload("customers", 2) == {
        "id": 2, "name": "Acme \ufffd", "nul": "a\ufffdb", "n": "NaN"
    }  # fmt: skip
    # Sending the same record again is not a change.
    assert repo.upsert_page("customers", [decode(exact_text(odd))]).changed == []


def test_version_6_gives_every_older_run_its_own_row(db, db_url):
    """Runs recorded by version 5 get a '*' row summing their entity rows."""
    migrate(db, migrations=migrations.MIGRATIONS[:5])
    db.execute_sql('ALTER TABLE "ingestion_runs" DROP COLUMN user_message')
    param = "?" if is_sqlite(db_url) else "%s"
    rows = [
        ("r1", "customers", "success", 3),
        ("r1", "orders", "success", 4),
        ("r2", "customers", "success", 1),
        ("r2", "orders", "failed", 0),
        ("r3", "customers", "running", 2),
    ]
    for run_id, entity, status, fetched in rows:
        db.execute_sql(
            "INSERT INTO ingestion_runs (run_id, entity, started_at, finished_at, "
            "rows_fetched, rows_inserted, rows_updated, rows_deleted, requests, "
            f"status) VALUES ({param}, {param}, '2025-01-01 00:00:00', "
            f"'2025-01-01 00:01:00', {param}, 0, 0, 0, 1, {param})",
            (run_id, entity, fetched, status),
        )
    assert migrate(db).applied == [6, 7, 8, 9]
    runs = {r.run_id: r for r in Repository(db).recent_runs(50) if r.entity == "*"}
    assert {k: (r.status, r.rows_fetched, r.requests) for k, r in runs.items()} == {
        "r1": ("success", 7, 2),
        "r2": ("failed", 1, 2),
        "r3": ("running", 2, 1),
    }


def test_version_7_counts_the_rejected_records_of_older_runs(db, db_url):
    """Runs recorded by version 6 get their rejected count from
    rejected_records; orphan counts start at 0 (they were never kept)."""
    migrate(db, migrations=migrations.MIGRATIONS[:6])
    for column in ("rows_rejected", "orphans"):
        db.execute_sql(f'ALTER TABLE "ingestion_runs" DROP COLUMN {column}')
    db.execute_sql('DROP TABLE "run_orphans"')
    param = "?" if is_sqlite(db_url) else "%s"
    for run_id, entity in (("r1", "*"), ("r1", "customers"), ("r1", "orders")):
        db.execute_sql(
            "INSERT INTO ingestion_runs (run_id, entity, started_at, finished_at, "
            "rows_fetched, rows_inserted, rows_updated, rows_deleted, requests, "
            f"status) VALUES ({param}, {param}, '2025-01-01 00:00:00', "
            "'2025-01-01 00:01:00', 0, 0, 0, 0, 1, 'success')",
            (run_id, entity),
        )
    for entity in ("orders", "orders", "customers"):
        db.execute_sql(
            "INSERT INTO rejected_records (run_id, entity, raw_text, error, seen_at) "
            f"VALUES ('r1', {param}, '{{', 'bad', '2025-01-01 00:00:30')",
            (entity,),
        )
    assert migrate(db).applied == [7, 8, 9]
    rows = {r.entity: r for r in Repository(db).recent_runs(50)}
    assert {e: (r.rows_rejected, r.orphans) for e, r in rows.items()} == {
        "*": (3, 0),
        "customers": (1, 0),
        "orders": (2, 0),
    }
    assert "run_orphans" in db.get_tables()


def test_the_log_says_where_the_copy_before_migrating_went(sqlite_url, monkeypatch):
    from loguru import logger

    lines: list[str] = []
    sink = logger.add(lines.append, format="{message}")
    db = open_database(sqlite_url)
    try:
        migrate(db)
        with_next_version(monkeypatch)
        report = migrate(db)
    finally:
        db.close()
        logger.remove(sink)
    assert any(
        f"to {report.backup_path} before migrating it from schema version {LATEST} "
        f"to {NEXT}" in line
        for line in lines
    )


def _schema(db: peewee.Database) -> dict[str, object]:
    """Every table's columns (name, type, null, key) and indexes, comparable."""
    found: dict[str, object] = {}
    for table in sorted(db.get_tables()):
        columns = [(c.name, c.data_type.lower(), c.null, c.primary_key)
                   for c in db.get_columns(table)]  # fmt: skip
        indexes = sorted(
            (i.name, tuple(i.columns), i.unique) for i in db.get_indexes(table)
        )
        found[table] = (columns, indexes)
    return found


def _core_only(db: peewee.Database, version: int = 7) -> None:
    """A database as ``version`` (1 to 7) left it: only the seven core entity
    tables (the others came with version 8)."""
    from app.entities import CORE_ENTITIES

    migrate(db, migrations=migrations.MIGRATIONS[:version])
    for name, model in ENTITY_MODELS.items():
        if name not in CORE_ENTITIES:
            db.execute_sql(f'DROP TABLE "{model._meta.table_name}"')


@pytest.fixture
def fresh_url(db_url, tmp_path):
    """A second empty database of the same kind as ``db_url``."""
    if is_sqlite(db_url):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import uuid

    from tests.conftest import PG_ADMIN_DSN, _admin_connection

    name = f"qbb_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_connection()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_version_8_makes_every_registry_table_like_a_fresh_database(db, fresh_url):
    """An existing (version 7) backup gains every new entity table with its
    typed columns, indexes and sort indexes: the same schema a fresh database
    gets from version 1; its rows stay."""
    _core_only(db)
    assert "invoices" not in db.get_tables()
    Repository(db).upsert_page("orders", [{"id": 7, "state": "CREATED"}])
    assert migrate(db).applied == [8, 9]
    migrated = _schema(db)
    fresh = open_database(fresh_url)
    try:
        migrate(fresh)
        assert _schema(fresh) == migrated
    finally:
        fresh.close()
    assert {m._meta.table_name for m in ENTITY_MODELS.values()} <= set(migrated)
    invoice_indexes = {index[0] for index in migrated["invoices"][1]}
    sort_index = migrations.sort_index_name("invoices", "date_created")
    assert {"invoices_order_id", "invoices_status", sort_index} <= invoice_indexes
    repo = Repository(db)
    assert repo.get("orders", 7)["state"] == "CREATED"
    repo.upsert_page("invoices", [{"id": 1, "total": "12.50", "order_id": 7}])
    assert repo.get("invoices", 1)["total"] == 12.5


@pytest.mark.parametrize("version", [1, 2, 3, 6])
def test_an_older_core_only_database_reaches_the_fresh_schema(db, fresh_url, version):
    """Steps 2-7 iterate every entity model: on a database older than version
    8 they skip the tables version 8 creates, and the end is a fresh schema."""
    _core_only(db, version)
    assert migrate(db).applied == list(range(version + 1, LATEST + 1))
    fresh = open_database(fresh_url)
    try:
        migrate(fresh)
        assert _schema(fresh) == _schema(db)
    finally:
        fresh.close()
