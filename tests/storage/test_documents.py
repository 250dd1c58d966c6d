"""The ``files`` table: one row per archived document version, never removed."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from app.storage import migrations
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.models import DocumentFile


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_versions_are_added_and_listed_oldest_first(repo):
    ticks = iter(datetime(2026, 1, 1, 10, minute) for minute in range(10))
    repo.clock = lambda: next(ticks)
    assert repo.add_file(
        "reports",
        41,
        sha256=_sha("v1"),
        size=2,
        content_type="application/pdf",
        file_name="report-41.pdf",
        version_key="2026-01-01T09:00:00|uuid-1",
        run_id="run-a",
    )
    assert repo.add_file(
        "reports", 41, sha256=_sha("v2"), size=2, version_key="k2", run_id="run-b"
    )
    assert repo.add_file("attachments", 41, sha256=_sha("v1"), size=2)
    versions = repo.file_versions("reports", 41)
    assert [(v.sha256, v.version_key, v.run_id) for v in versions] == [
        (_sha("v1"), "2026-01-01T09:00:00|uuid-1", "run-a"),
        (_sha("v2"), "k2", "run-b"),
    ]
    assert versions[0].content_type == "application/pdf"
    assert versions[0].file_name == "report-41.pdf"
    assert versions[0].fetched_at == datetime(2026, 1, 1, 10, 0)
    assert repo.file_versions("reports", 42) == []
    assert repo.known_versions("reports", [41, 42]) == {
        (41, "2026-01-01T09:00:00|uuid-1"),
        (41, "k2"),
    }
    assert repo.file_totals() == (3, 6)


def test_the_same_bytes_are_one_row_and_a_new_key_still_counts(repo):
    assert repo.add_file("reports", 7, sha256=_sha("x"), size=1, version_key="a")
    assert not repo.add_file("reports", 7, sha256=_sha("x"), size=1, version_key="b")
    [row] = repo.file_versions("reports", 7)
    assert row.version_key == "b"
    assert (7, "b") in repo.known_versions("reports", [7])
    assert DocumentFile.select().count() == 1


def test_only_documents_have_file_rows(repo):
    with pytest.raises(ValueError):
        repo.add_file("orders", 1, sha256=_sha("x"), size=1)


def test_many_ids_are_looked_up_in_chunks(repo):
    for qbench_id in range(1, 1201, 100):
        repo.add_file("reports", qbench_id, sha256=_sha(str(qbench_id)), size=1)
    found = repo.known_versions("reports", range(1, 1300))
    assert {qbench_id for qbench_id, _ in found} == set(range(1, 1201, 100))


def test_version_9_adds_the_files_table_to_an_older_backup(db_url):
    db = open_database(db_url)
    try:
        migrate(db, migrations=migrations.MIGRATIONS[:8])
        db.execute_sql('DROP TABLE "files"')  # version 1 now makes it too
        assert "files" not in db.get_tables()
        assert migrate(db).applied == [9]
        assert "files" in db.get_tables()
        unique = [i for i in db.get_indexes("files") if i.unique]
        assert ("entity", "qbench_id", "sha256") in [tuple(i.columns) for i in unique]
    finally:
        db.close()
