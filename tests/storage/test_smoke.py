"""Storage smoke test: create, use and drop a database on SQLite and PostgreSQL."""

from __future__ import annotations

import peewee
import pytest

from app.errors import DatabaseUnavailable
from app.storage.db import open_database, redact_url


class Thing(peewee.Model):
    name = peewee.TextField()
    payload = peewee.TextField(null=True)


def test_create_use_and_drop_a_table(db_url):
    db = open_database(db_url)
    try:
        with db.bind_ctx([Thing]):
            db.create_tables([Thing])
            with db.atomic():
                Thing.insert_many(
                    [{"name": "Peñalosa ", "payload": "{}"}, {"name": "b"}]
                ).execute()
            assert [t.name for t in Thing.select().order_by(Thing.id)] == [
                "Peñalosa ",
                "b",
            ]
            db.drop_tables([Thing])
            assert "thing" not in db.get_tables()
    finally:
        db.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    db = open_database(sqlite_url)
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


def test_unreachable_postgres_is_a_clear_error_without_the_password():
    url = "postgresql://postgres:s3cr3t-pw@127.0.0.1:1/nowhere"
    with pytest.raises(DatabaseUnavailable) as info:
        open_database(url)
    assert "s3cr3t-pw" not in str(info.value)
    assert "127.0.0.1:1" in str(info.value)


def test_unknown_scheme_is_refused():
    with pytest.raises(DatabaseUnavailable, match="unsupported database URL scheme"):
        open_database("mysql://root@localhost/db")


def test_redact_url_hides_only_the_password():
    assert redact_url("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_one_database_object_per_url_so_threads_never_rebind_each_other(sqlite_url):
    import threading

    first = open_database(sqlite_url)
    seen = []
    thread = threading.Thread(target=lambda: seen.append(open_database(sqlite_url)))
    thread.start()
    thread.join()
    assert seen == [first]
    first.close()
