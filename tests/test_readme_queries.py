"""The SQL the README shows a newcomer runs, as written, on a synced backup:
its SQLite blocks on SQLite, its PostgreSQL blocks on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.storage.db import is_sqlite, open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from tests.sync.conftest import Backup

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(postgres: bool) -> list[str]:
    """The README's ```sql blocks for one database (``->`` marks PostgreSQL)."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, re.S)
    return [block for block in blocks if ("->" in block) == postgres]


def _statements(block: str) -> list[str]:
    return [s.strip() for s in block.split(";") if s.strip()]


def test_the_readme_has_queries_for_both_databases():
    assert _blocks(postgres=False) and _blocks(postgres=True)


@pytest.fixture
def synced(make_sim, db_url):
    db = open_database(db_url)
    migrate(db)
    Backup(make_sim("small"), Repository(db)).sync()
    yield db
    db.close()


def test_every_readme_query_runs_on_a_synced_backup(synced, db_url):
    blocks = _blocks(postgres=not is_sqlite(db_url))
    answered = 0
    for block in blocks:
        for statement in _statements(block):
            rows = synced.execute_sql(statement).fetchall()
            assert rows, statement
            answered += 1
            if "AS assay" in statement or "AS ensayo" in statement:
                assert any(row[1] for row in rows), statement  # the JSON path reads
    assert answered >= 4
