"""Storage fixtures: a migrated repository on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository


@pytest.fixture
def repo(db_url):
    """A freshly migrated backup database (both kinds, through ``db_url``)."""
    db = open_database(db_url)
    migrate(db)
    yield Repository(db)
    db.close()
